"""Entering an event on the case page: the same fields and validation as the interchange format."""

from __future__ import annotations

from dataclasses import fields

from django import forms
from django.utils.translation import gettext_lazy as _

from passend.protection.models import Escalation
from passend.protection.rules.events import (
    EVENT_CLASSES,
    AssignmentReason,
    EventType,
    Norm,
    Participant,
    ProtectorKind,
)
from passend.protection.rules.region_verdict import RECORDABLE_VERDICTS, RegionVerdict

ENTERABLE = [t for t in EventType if t is not EventType.MEASURE_PRONOUNCED]
BOOLEANS = {"child_heard", "appropriate", "via_escalation"}


def _choices(codes) -> list[tuple[str, str]]:
    return [("", "—"), *[(code.value, code.value) for code in codes]]


class EventForm(forms.Form):
    type = forms.ChoiceField(label=_("Event"), choices=[(t.value, t.value) for t in ENTERABLE])
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    protector = forms.CharField(label=_("Protector (reference)"), required=False, max_length=64)
    kind = forms.ChoiceField(
        label=_("Kind of assignment"), choices=_choices(ProtectorKind), required=False
    )
    reason = forms.ChoiceField(
        label=_("Reason of assignment"), choices=_choices(AssignmentReason), required=False
    )
    participants = forms.MultipleChoiceField(
        label=_("Participants in setting the course"),
        choices=[(p.value, p.value) for p in Participant],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    child_heard = forms.BooleanField(label=_("The child was heard"), required=False)
    child_not_heard_reason = forms.CharField(label=_("Why the child was not heard"), required=False)
    norm = forms.ChoiceField(
        label=_("Norm (course or help)"), choices=_choices(Norm), required=False
    )
    deadline = forms.DateField(
        label=_("Earlier deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    text = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    help = forms.CharField(label=_("Help decided"), required=False)
    provider = forms.CharField(label=_("Provider"), required=False)
    appropriate = forms.BooleanField(label=_("The help is appropriate"), required=False)
    via_escalation = forms.BooleanField(label=_("Started through escalation"), required=False)

    def record(self, case_reference: str) -> dict:
        """The event as an interchange record: only the fields of the chosen type."""
        data = self.cleaned_data
        allowed = {item.name for item in fields(EVENT_CLASSES[EventType(data["type"])])}
        record = {"case": case_reference, "type": data["type"], "date": data["date"].isoformat()}
        for name in allowed - {"case", "type", "date", "line"}:
            value = data.get(name)
            if name in BOOLEANS:
                record[name] = bool(value)
            elif value:
                record[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return record


class EscalationForm(forms.Form):
    reason = forms.CharField(
        label=_("Why help cannot start before its deadline"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class CloseEscalationForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Escalation.Outcome.choices)
    outcome_note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


REGION_VERDICT_LABELS = {
    RegionVerdict.SUCCEEDED: _("largely succeeded: close the follow-up supervision"),
    RegionVerdict.IMPROVING: _(
        "not succeeded, enough indications of quick improvement: regular supervision"
    ),
    RegionVerdict.NOT_SUCCEEDED: _(
        "not succeeded, not enough indications: intensified supervision for half a year"
    ),
    RegionVerdict.INSUFFICIENT_DATA: _("too few assessed cases to propose a verdict"),
}


class RegionVerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        choices=[(v.value, REGION_VERDICT_LABELS[v]) for v in RECORDABLE_VERDICTS],
        widget=forms.RadioSelect,
    )
    motivation = forms.CharField(
        label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
