from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from passend.core.labels import translated_choices
from passend.referrals.models import HelpRequest
from passend.registry.models import Municipality, YouthCareRegion
from passend.vocabulary import NEEDS


class HelpRequestForm(forms.ModelForm):
    youth = forms.CharField(
        label=_("Youth (pseudonym)"), max_length=12, help_text=_("For example J-ABCD-EFGH.")
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality responsible"),
        queryset=Municipality.objects.all(),
        to_field_name="cbs_code",
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=translated_choices(NEEDS), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = HelpRequest
        fields = [
            "municipality",
            "care_form",
            "needs",
            "urgency",
            "waiting_since",
            "max_wait_days",
            "safety_reason_out_of_region",
        ]
        widgets = {"waiting_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    field_order = ["youth", *Meta.fields]


class WhatIfForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Youth-care region"), queryset=YouthCareRegion.objects.all()
    )


class CloseRequestForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why close"), choices=HelpRequest.CloseReason.choices)
