"""Help requests (zoekvragen) of youth waiting for help, and the packages proposed for them.

The profile a request holds is exactly what the pure matching core needs (DOMAIN §3 matching
rules); proposing a package puts the youth on the waiting list of every offer in it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from passend.core.labels import translated_choices
from passend.matching.rules.model import URGENCIES
from passend.registry.models import Municipality, Organisation
from passend.supply.models import Offer, WaitingListEntry, validate_needs
from passend.vocabulary import CARE_FORMS
from passend.youth.models import Youth

URGENCY_LABELS = {"crisis": _("crisis"), "high": _("high"), "normal": _("normal")}


class HelpRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PROPOSED = "proposed", _("proposed")
        CLOSED = "closed", _("closed")

    youth = models.ForeignKey(Youth, models.PROTECT, related_name="help_requests")
    municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        related_name="+",
        verbose_name=_("municipality responsible"),
        help_text=_("Decides the youth's own youth-care region."),
    )
    care_form = models.CharField(
        _("care form"), max_length=20, choices=translated_choices(CARE_FORMS)
    )
    needs = models.JSONField(_("needs"), validators=[validate_needs])
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=[(u, URGENCY_LABELS[u]) for u in URGENCIES]
    )
    waiting_since = models.DateField(_("waiting since"))
    max_wait_days = models.PositiveIntegerField(
        _("maximum wait (days)"), validators=[MaxValueValidator(730)]
    )
    safety_reason_out_of_region = models.BooleanField(
        _("safety threat from the own network"),
        default=False,
        help_text=_("Allows help outside the own region (recorded in the file)."),
    )

    class CloseReason(models.TextChoices):
        HELP_STARTED = "help_started", _("help started")
        NO_LONGER_NEEDED = "no_longer_needed", _("no longer needed")
        WITHDRAWN = "withdrawn", _("withdrawn by the referrer")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_reason = models.CharField(
        _("closed because"), max_length=20, choices=CloseReason.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["waiting_since", "pk"]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        indexes = [models.Index(fields=["status", "municipality"])]

    def __str__(self) -> str:
        return f"request {self.pk} for {self.youth}"


class Proposal(models.Model):
    """A package proposed for a request: the offers, the explanation as shown, who and when."""

    request = models.ForeignKey(HelpRequest, models.CASCADE, related_name="proposals")
    offers = models.ManyToManyField(Offer, related_name="+")
    entries = models.ManyToManyField(WaitingListEntry, related_name="+")
    explanation = models.TextField()
    score = models.FloatField()
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"proposal {self.pk} for request {self.request_id}"
