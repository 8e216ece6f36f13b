"""Cases of the child-protection chain, their events, and the stored verdict timeline.

Events are stored as delivered (the source of truth). Verdicts are derived by the pure engine
and stored as *spans*: for each case and indicator, the verdict that holds from one date to the
next (``rules.timeline``). "The verdicts as of D" is then one indexed query, for any D, without
a second implementation of the rules in SQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passend.protection.rules.events import EventType, Measure
from passend.protection.rules.norms import Indicator, Verdict
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
            models.Index(fields=["indicator", "valid_from", "valid_to"]),
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
    """The protector hands the search for help to the region's expert team (DOMAIN §2, norm 3)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="escalations")
    region = models.ForeignKey(ChildProtectionRegion, models.PROTECT, related_name="+")
    escalated_on = models.DateField(_("escalated on"))
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reason = models.TextField(_("why help cannot start in time"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["escalated_on"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.case} → {self.region} ({self.escalated_on})"
