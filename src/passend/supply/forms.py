"""Forms of the supply screens; the rules behind them live in :mod:`passend.supply.rules`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from passend.core.labels import translated_choices
from passend.registry.models import Municipality, YouthCareRegion
from passend.supply.models import MAX_AGE, MAX_PLACES, MAX_SEARCH_WAIT_DAYS, MAX_WAIT_DAYS
from passend.supply.rules.placements import OUT_OF_REGION_REASONS
from passend.vocabulary import CARE_FORMS, NEEDS


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def out_of_region_reason_field(**kwargs) -> forms.TypedChoiceField:
    """The care reason for a placement outside the own region, on the placement forms."""
    return forms.TypedChoiceField(
        label=_("Care reason if outside the own region"),
        choices=[("", "—"), *translated_choices(OUT_OF_REGION_REASONS)],
        required=False,
        **kwargs,
    )


def out_of_region_note_field(**kwargs) -> forms.CharField:
    """The explanation of that reason (what "other reason" means, for instance)."""
    return forms.CharField(label=_("Explanation"), required=False, max_length=500, **kwargs)


class CapacityForm(forms.Form):
    places = forms.IntegerField(label=_("Places"), min_value=0, max_value=MAX_PLACES)
    occupied = forms.IntegerField(label=_("Occupied"), min_value=0, max_value=MAX_PLACES)
    expected_wait_days = forms.IntegerField(
        label=_("Expected wait (days)"), min_value=0, max_value=MAX_WAIT_DAYS
    )

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
    out_of_region_reason = out_of_region_reason_field()
    out_of_region_note = out_of_region_note_field()
    education_started_on = forms.DateField(
        label=_("School or daytime activity started on"), required=False, widget=date_input()
    )


class PlacementProgressForm(forms.Form):
    """Later facts of a running placement. Every field left empty keeps what is recorded (the
    view changes only the values given), so a missing care reason can be added later without
    touching the dates, and saving a date never clears a reason."""

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
    out_of_region_reason = out_of_region_reason_field(empty_value=None)
    out_of_region_note = out_of_region_note_field(empty_value=None)


class RoomForm(forms.Form):
    care_form = forms.ChoiceField(label=_("Care form"), choices=translated_choices(CARE_FORMS))
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        choices=translated_choices(NEEDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    age = forms.IntegerField(label=_("Age"), min_value=0, max_value=MAX_AGE)
    region = forms.ModelChoiceField(
        label=_("Youth-care region"),
        queryset=YouthCareRegion.objects.all(),
        required=False,
        empty_label=_("the whole country"),
    )
    max_wait_days = forms.IntegerField(
        label=_("Maximum wait (days)"), min_value=0, max_value=MAX_SEARCH_WAIT_DAYS, initial=70
    )


class OverviewForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Youth-care region"), queryset=YouthCareRegion.objects.all()
    )
    as_of = forms.DateField(label=_("As of"), widget=date_input())
