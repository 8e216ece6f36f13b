"""Forms of the supply screens; the rules behind them live in :mod:`passend.supply.rules`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from passend.core.labels import translated_choices
from passend.registry.models import Municipality, YouthCareRegion
from passend.supply.rules.placements import OUT_OF_REGION_REASONS
from passend.vocabulary import CARE_FORMS, NEEDS


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CapacityForm(forms.Form):
    places = forms.IntegerField(label=_("Places"), min_value=0)
    occupied = forms.IntegerField(label=_("Occupied"), min_value=0)
    expected_wait_days = forms.IntegerField(label=_("Expected wait (days)"), min_value=0)

    def clean(self):
        data = super().clean()
        places, occupied = data.get("places"), data.get("occupied")
        if places is not None and occupied is not None and occupied > places:
            self.add_error("occupied", _("More places occupied than there are places."))
        return data


class WaitingEntryForm(forms.Form):
    youth = forms.CharField(
        label=_("Youth (pseudonym)"),
        max_length=12,
        help_text=_("The pseudonym, for example J-ABCD-EFGH; never a BSN."),
    )
    registered_on = forms.DateField(label=_("Registered on"), widget=date_input())
    needs = forms.MultipleChoiceField(
        label=_("Needs of the youth"),
        choices=translated_choices(NEEDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    crisis = forms.BooleanField(label=_("Crisis"), required=False)


class EntryProgressForm(forms.Form):
    intake_on = forms.DateField(label=_("Intake on"), required=False, widget=date_input())
    started_on = forms.DateField(label=_("Help started on"), required=False, widget=date_input())
    removed_on = forms.DateField(label=_("Removed on"), required=False, widget=date_input())
    removal_reason = forms.CharField(label=_("Reason for removal"), required=False, max_length=200)


class PlacementForm(forms.Form):
    youth = forms.CharField(label=_("Youth (pseudonym)"), max_length=12)
    youth_municipality = forms.ModelChoiceField(
        label=_("Municipality of the youth"),
        queryset=Municipality.objects.all(),
        to_field_name="cbs_code",
    )
    start = forms.DateField(label=_("Start"), widget=date_input())
    crisis = forms.BooleanField(label=_("Crisis placement"), required=False)
    out_of_region_reason = forms.ChoiceField(
        label=_("Care reason if outside the own region"),
        choices=[("", "—"), *OUT_OF_REGION_REASONS.items()],
        required=False,
    )
    out_of_region_note = forms.CharField(label=_("Explanation"), required=False, max_length=500)
    education_started_on = forms.DateField(
        label=_("School or daytime activity started on"), required=False, widget=date_input()
    )


class PlacementProgressForm(forms.Form):
    end = forms.DateField(label=_("End"), required=False, widget=date_input())
    education_started_on = forms.DateField(
        label=_("School or daytime activity started on"), required=False, widget=date_input()
    )
    ready_to_leave_on = forms.DateField(
        label=_("Ready to leave on"), required=False, widget=date_input()
    )
    follow_up_started_on = forms.DateField(
        label=_("Follow-up help started on"), required=False, widget=date_input()
    )


class RoomForm(forms.Form):
    care_form = forms.ChoiceField(label=_("Care form"), choices=translated_choices(CARE_FORMS))
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        choices=translated_choices(NEEDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    age = forms.IntegerField(label=_("Age"), min_value=0, max_value=27)
    region = forms.ModelChoiceField(
        label=_("Youth-care region"),
        queryset=YouthCareRegion.objects.all(),
        required=False,
        empty_label=_("the whole country"),
    )
    max_wait_days = forms.IntegerField(
        label=_("Maximum wait (days)"), min_value=0, max_value=730, initial=70
    )


class OverviewForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Youth-care region"), queryset=YouthCareRegion.objects.all()
    )
    as_of = forms.DateField(label=_("As of"), widget=date_input())
