"""Forms of the restrictive-measure screens; the law behind them lives in :mod:`.rules`.

The forms accept a measure that breaks the law (it happened and must be registered); what they
refuse is input that cannot be true, such as an end before the start. The legality check then
flags the registration. One exception: on the screen a lock-in names the safe room used, so that
its compliance comes from the room's checklist and cannot be ticked by hand.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passend.core.labels import translated_choices
from passend.registry.models import Location

from .labels import ALTERNATIVE_LABELS, KIND_LABELS, RECIPIENT_LABELS, SITUATION_LABELS, kind_label
from .models import (
    CLOSED_CARE_AUTHORISATIONS,
    HouseRule,
    LocationSetting,
    MeasureRegistration,
    SafeRoom,
)
from .rules import safe_room as safe_room_rules
from .rules.deliveries import HalfYear, Recipient
from .rules.kinds import kind_of

DATE_TIME_FORMAT = "%Y-%m-%dT%H:%M"


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_time_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATE_TIME_FORMAT)


YES_NO_UNKNOWN = [("", _("not recorded")), ("true", _("yes")), ("false", _("no"))]


def yes_no_unknown(label) -> forms.NullBooleanField:
    return forms.NullBooleanField(
        label=label, required=False, widget=forms.Select(choices=YES_NO_UNKNOWN)
    )


class RegistrationForm(forms.ModelForm):
    """One application of a measure; the setting comes from the location, not from the form.

    The kinds offered are those of DOMAIN §8; a registration imported under a code outside it
    keeps that code when changed here. ``safe_room_compliant`` is not a field: for a lock-in the
    chosen room's checklist decides it (:func:`.services.apply_location_facts`).
    """

    youth_pseudonym = forms.CharField(
        label=_("Youth (pseudonym)"),
        max_length=12,
        help_text=_("The pseudonym, for example J-ABCD-EFGH; never a BSN."),
    )
    alternatives_text = forms.CharField(
        label=_("Less burdensome alternatives considered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: what was weighed and found insufficient (no, unless)."),
    )

    class Meta:
        model = MeasureRegistration
        fields = [
            "location",
            "kind",
            "start",
            "end",
            "authorisation",
            "emergency",
            "in_help_plan",
            "phase_out_by",
            "generic",
            "proportionality",
            "expected_effective",
            "motivation",
            "decided_by",
            "youth_informed_duration",
            "copy_to_youth",
            "complaint_rights_informed",
            "behavioural_scientist_consent",
            "behavioural_scientist_extension",
            "independent_advice",
            "safe_room",
            "grounded_suspicion",
            "youth_present",
            "gi_or_parents_informed",
            "legal_basis",
        ]
        widgets = {
            "start": date_time_input(),
            "end": date_time_input(),
            "phase_out_by": date_time_input(),
            "proportionality": forms.Textarea(attrs={"rows": 2}),
            "expected_effective": forms.Textarea(attrs={"rows": 2}),
            "motivation": forms.Textarea(attrs={"rows": 3}),
        }

    YES_NO_FIELDS = (
        "emergency",
        "in_help_plan",
        "generic",
        "youth_informed_duration",
        "copy_to_youth",
        "complaint_rights_informed",
        "behavioural_scientist_consent",
        "behavioural_scientist_extension",
        "independent_advice",
        "grounded_suspicion",
        "youth_present",
        "gi_or_parents_informed",
    )

    def __init__(self, *args, locations: QuerySet[Location], **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.YES_NO_FIELDS:
            label = self.fields[name].label
            help_text = self.fields[name].help_text
            self.fields[name] = yes_no_unknown(label)
            self.fields[name].help_text = help_text
        self.fields["location"].queryset = locations
        kinds = translated_choices(KIND_LABELS)
        if self.instance.kind and self.instance.kind not in KIND_LABELS:
            kinds.append((self.instance.kind, kind_label(self.instance.kind)))
        self.fields["kind"] = forms.ChoiceField(label=self.fields["kind"].label, choices=kinds)
        self.fields["safe_room"].queryset = SafeRoom.objects.filter(location__in=locations)
        self.fields["safe_room"].help_text = _(
            "Required for a lock-in: the room of the location used. Its checklist decides "
            "whether it meets the requirements."
        )
        self.fields["end"].help_text = _("Empty while the measure is running.")
        self.fields["generic"].help_text = _(
            "Applies to a whole group or is part of the house rules."
        )
        if self.instance.pk:
            del self.fields["youth_pseudonym"]
            self.initial["alternatives_text"] = "\n".join(
                self.instance.alternatives_considered or []
            )
        self.order_fields(["youth_pseudonym", "location", "kind", "start", "end"])

    GROUPS = (
        (
            _("The measure"),
            (
                "youth_pseudonym",
                "location",
                "kind",
                "start",
                "end",
                "authorisation",
                "emergency",
                "in_help_plan",
                "phase_out_by",
                "generic",
            ),
        ),
        (
            _("No, unless: the grounds and the decision"),
            (
                "alternatives_text",
                "proportionality",
                "expected_effective",
                "motivation",
                "decided_by",
            ),
        ),
        (
            _("Informing the youth, and consent"),
            (
                "youth_informed_duration",
                "copy_to_youth",
                "complaint_rights_informed",
                "behavioural_scientist_consent",
                "behavioural_scientist_extension",
                "independent_advice",
                "gi_or_parents_informed",
            ),
        ),
        (
            _("Depending on the kind"),
            (
                "safe_room",
                "grounded_suspicion",
                "youth_present",
                "legal_basis",
            ),
        ),
    )

    def groups(self) -> list[tuple[str, list]]:
        """The fields in fieldsets, for the template."""
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end is before the start."))
        if start and start > timezone.now():
            self.add_error("start", _("The start lies in the future; register a measure applied."))
        room, location, kind = data.get("safe_room"), data.get("location"), data.get("kind")
        if room and location and room.location_id != location.pk:
            self.add_error("safe_room", _("This safe room is not at the chosen location."))
        if kind and kind_of(kind).lock_in and room is None:
            self.add_error(
                "safe_room",
                _(
                    "A lock-in is allowed only in a separate and safe room: choose the room of "
                    "the location that was used. Its checklist decides whether it meets the "
                    "requirements."
                ),
            )
        text = data.get("alternatives_text", "")
        data["alternatives_considered"] = [
            line.strip() for line in text.splitlines() if line.strip()
        ]
        return data

    def save(self, commit=False):
        registration = super().save(commit=False)
        registration.alternatives_considered = self.cleaned_data["alternatives_considered"]
        return registration


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Registrations file (JSON Lines)"),
        help_text=_("One registration per line, in the interchange format (DOMAIN §9)."),
    )
    skip_bad_lines = forms.BooleanField(
        label=_("Import the good lines and report the bad ones"),
        required=False,
        help_text=_("Without this, a file with any error imports nothing."),
    )


class LocationSettingForm(forms.ModelForm):
    authorisation_types = forms.MultipleChoiceField(
        label=_("Authorisation types taken"),
        choices=[(str(code), code.value) for code in CLOSED_CARE_AUTHORISATIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a closed accommodation: the closed-care authorisations it admits on."),
    )

    class Meta:
        model = LocationSetting
        fields = ["reference", "setting", "authorisation_types", "register_entry"]


class SafeRoomForm(forms.ModelForm):
    class Meta:
        model = SafeRoom
        fields = ["name", "in_use", *safe_room_rules.CHECKLIST, "checked_on"]
        widgets = {"checked_on": date_input()}


class HouseRuleForm(forms.ModelForm):
    class Meta:
        model = HouseRule
        fields = ["text", "restricts", "kind", "recorded_on"]
        widgets = {"recorded_on": date_input(), "text": forms.Textarea(attrs={"rows": 2})}


class AlternativeForm(forms.Form):
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.none())
    situation = forms.ChoiceField(
        label=_("Situation"), choices=translated_choices(SITUATION_LABELS)
    )
    alternative = forms.ChoiceField(
        label=_("Alternative tried"), choices=translated_choices(ALTERNATIVE_LABELS)
    )
    worked = yes_no_unknown(_("It worked"))

    def __init__(self, *args, locations: QuerySet[Location], fixed_location=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        if fixed_location is not None:
            del self.fields["location"]
            self.fixed_location = fixed_location

    def clean(self):
        data = super().clean()
        if "location" not in self.fields:
            data["location"] = self.fixed_location
        return data


def ended_half_years(today: date, count: int = 4) -> list[HalfYear]:
    """The last ``count`` half years that have ended, newest first."""
    half_year = HalfYear.of(today).previous
    found = []
    while len(found) < count:
        found.append(half_year)
        half_year = half_year.previous
    return found


class HalfYearField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return HalfYear.parse(value)
        except ValueError as error:
            raise forms.ValidationError(_("A half year like 2026-H1.")) from error


class OverviewForm(forms.Form):
    half_year = HalfYearField(label=_("Half year"), required=False)
    format = forms.ChoiceField(
        label=_("Format"), choices=[("json", "JSON"), ("csv", "CSV")], required=False
    )


class DeliverForm(forms.Form):
    half_year = HalfYearField(label=_("Half year"))


class YouthReportForm(forms.Form):
    half_year = HalfYearField(label=_("Half year"), required=False)
    recipient = forms.ChoiceField(
        label=_("Report to"),
        choices=translated_choices(RECIPIENT_LABELS),
        required=False,
    )
    needed_for_ots = forms.BooleanField(
        label=_("Information the GI needs to carry out the supervision order"),
        required=False,
        help_text=_("Then no consent is needed (Youth Act 6.7.2 lid 3); only for the GI."),
    )

    def clean(self):
        data = super().clean()
        if data.get("needed_for_ots") and data.get("recipient") not in ("", Recipient.GI.value):
            self.add_error("needed_for_ots", _("This exception applies only to the GI."))
        return data


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        label=_("The youth consents to informing the GI or parents"),
        choices=[("true", _("yes")), ("false", _("no"))],
        coerce=lambda value: value == "true",
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2024, max_value=2100, required=False)
