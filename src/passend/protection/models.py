"""Cases of the child-protection chain, their events, and the stored verdict timeline.

Events are stored as delivered (the source of truth). Verdicts are derived by the pure engine
and stored as *spans*: for each case and indicator, the verdict that holds from one date to the
next (``rules.timeline``). "The verdicts as of D" is then one indexed query, for any D, without
a second implementation of the rules in SQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from passend.protection.rules.events import EventType, Measure
from passend.protection.rules.norms import Flag, Indicator, Verdict, case_flags
from passend.protection.rules.region_verdict import RECORDABLE_VERDICTS, RegionVerdict
from passend.registry.models import ChildProtectionRegion, Organisation


def choices_of(codes) -> list[tuple[str, str]]:
    return [(code.value, code.value) for code in codes]


class ImportBatch(models.Model):
    """One delivery of events (a file or an API call), for traceability of every event."""

    class Channel(models.TextChoices):
        FILE = "file", _("file")
        API = "api", _("API")
        SCREEN = "screen", _("screen")

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    events_added = models.PositiveIntegerField(default=0)
    events_skipped = models.PositiveIntegerField(
        default=0, help_text=_("Already imported before (idempotent re-delivery).")
    )
    lines_rejected = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"import {self.pk} ({self.channel}, {self.events_added} events)"


CASE_OBJECT = "case"
"""The ``object_type`` of access-log records about one case; their ``object_reference`` is the
case's reference (the access log of a case is read by it)."""


class Case(models.Model):
    """A child-protection measure carried out by a GI, known by the source's case reference."""

    reference = models.CharField(_("case reference"), max_length=64, unique=True)
    gi = models.ForeignKey(Organisation, models.PROTECT, related_name="cases", verbose_name=_("GI"))
    region = models.ForeignKey(
        ChildProtectionRegion, models.PROTECT, related_name="cases", verbose_name=_("region")
    )
    measure = models.CharField(_("measure"), max_length=20, choices=choices_of(Measure))
    measure_date = models.DateField(_("measure pronounced on"), db_index=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    protector_reference = models.CharField(max_length=64, blank=True)
    protector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("protector"),
    )
    duty_desk_since = models.DateField(
        _("at the duty desk since"),
        null=True,
        blank=True,
        help_text=_("Sent to the duty desk after the last protector: the case has no protector."),
    )
    gi_informed_missing = models.BooleanField(
        _("GI-informed date missing"),
        default=False,
        help_text=_("The protector deadline is counted from the date the measure was pronounced."),
    )
    waiting_since = models.DateField(
        _("on a waiting list since"),
        null=True,
        blank=True,
        help_text=_("Waitlisted after the intake and help not yet started."),
    )
    ended_on = models.DateField(_("measure ended on"), null=True, blank=True)

    class Meta:
        ordering = ["measure_date", "reference"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["gi", "ended_on"]),
            models.Index(fields=["protector", "ended_on"]),
            models.Index(fields=["region", "measure_date"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def flags(self) -> tuple[Flag, ...]:
        """The engine's flags of the case as stored with it (for the worklist)."""
        return case_flags(gi_informed_missing=self.gi_informed_missing)


class CaseEvent(models.Model):
    """An event as delivered (DOMAIN §7). ``fingerprint`` makes re-delivery idempotent."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="events")
    type = models.CharField(max_length=30, choices=choices_of(EventType))
    date = models.DateField()
    data = models.JSONField(default=dict, help_text="The event's other fields, as delivered.")
    fingerprint = models.CharField(max_length=64, unique=True)
    batch = models.ForeignKey(ImportBatch, models.PROTECT, related_name="events")

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["case", "date"])]

    def __str__(self) -> str:
        return f"{self.case} {self.type} {self.date}"


class VerdictSpan(models.Model):
    """The verdict of one indicator of one case from ``valid_from`` until ``valid_to``.

    ``valid_to`` is exclusive; null means "until further events".
    """

    case = models.ForeignKey(Case, models.CASCADE, related_name="spans")
    indicator = models.CharField(max_length=20, choices=choices_of(Indicator))
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    verdict = models.CharField(max_length=16, choices=choices_of(Verdict))
    deadline = models.DateField(null=True, blank=True)
    reason = models.TextField()

    class Meta:
        indexes = [
            # Covers the report (indicator, verdict counted for the spans holding on a date):
            # the grouped query reads the index only.
            models.Index(fields=["indicator", "verdict", "valid_from", "valid_to"]),
            models.Index(fields=["case", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.indicator} {self.verdict} from {self.valid_from}"

    @staticmethod
    def holding_on(day, prefix: str = "") -> Q:
        """Spans in force on ``day``; ``prefix`` reaches them through a relation (``spans__``)."""
        return Q(**{f"{prefix}valid_from__lte": day}) & (
            Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
        )


class Escalation(models.Model):
    """The protector hands the search for help to the region's expert team (DOMAIN §2, norm 3).

    The expert team closes it with an outcome; the help itself is recorded as the case's
    ``help_started`` event (``via_escalation``), which is what the norm counts.
    """

    class Outcome(models.TextChoices):
        HELP_ARRANGED = "help_arranged", _("help arranged")
        RETURNED = "returned", _("returned to the GI")
        MEASURE_ENDED = "measure_ended", _("measure ended")

    case = models.ForeignKey(Case, models.CASCADE, related_name="escalations")
    region = models.ForeignKey(ChildProtectionRegion, models.PROTECT, related_name="+")
    escalated_on = models.DateField(_("escalated on"))
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reason = models.TextField(_("why help cannot start in time"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["escalated_on"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.case} → {self.region} ({self.escalated_on})"


class RecordedRegionVerdict(models.Model):
    """The inspector's verdict on a region for a period of measures, beside what the system
    proposed at the time (DOMAIN §2: the verdict is the inspector's; the system records who
    decided and when, and keeps the figures the proposal was based on)."""

    region = models.ForeignKey(
        ChildProtectionRegion, models.PROTECT, related_name="+", verbose_name=_("region")
    )
    as_of = models.DateField(_("as of"))
    measures_from = models.DateField(_("measures pronounced from"))
    measures_to = models.DateField(_("measures pronounced to"))
    proposed = models.CharField(
        _("proposed verdict"), max_length=20, choices=choices_of(RegionVerdict)
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=choices_of(RECORDABLE_VERDICTS))
    motivation = models.TextField(_("motivation"))
    basis = models.JSONField(
        help_text="The figures and thresholds behind the proposal, as shown to the inspector."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("region verdict")
        verbose_name_plural = _("region verdicts")
        constraints = [
            models.CheckConstraint(
                condition=Q(measures_from__lte=F("measures_to")),
                name="region_verdict_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.measures_from}–{self.measures_to}: {self.verdict}"
