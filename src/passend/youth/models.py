from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passend.registry.models import ChildProtectionRegion, Municipality, Organisation
from passend.youth.identity import new_pseudonym


class Youth(models.Model):
    """A young person, stored once. Everything else refers to the pseudonym, never the BSN."""

    pseudonym = models.CharField(
        _("pseudonymous id"), max_length=12, unique=True, default=new_pseudonym, editable=False
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, default="")
    bsn_link = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality responsible"),
        help_text=_("Where the youth lives (woonplaatsbeginsel): decides the own region."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("youth")
        verbose_name_plural = _("youth")

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class CareRelationshipQuerySet(models.QuerySet):
    def active(self, on=None):
        """Relationships that have started and not ended on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)


class CareRelationship(models.Model):
    """Why an organisation (and maybe one professional) is involved with a youth.

    Access to a youth's file follows from these relationships (policy.scope_youth), the way a
    treatment relationship justifies access in health care (NEN 7513).
    """

    class Kind(models.TextChoices):
        PROTECTION = "protection", _("Child-protection measure at a GI")
        REFERRAL = "referral", _("Referred to a provider")
        PLACEMENT = "placement", _("Placed with a provider")
        ESCALATION = "escalation", _("Escalated to the region's expert team")

    youth = models.ForeignKey(Youth, models.CASCADE, related_name="relationships")
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="relationships")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        related_name="assigned_relationships",
        null=True,
        blank=True,
        verbose_name=_("assigned professional"),
    )
    team = models.ForeignKey(
        "accounts.Team", models.SET_NULL, related_name="relationships", null=True, blank=True
    )
    region = models.ForeignKey(
        ChildProtectionRegion,
        models.PROTECT,
        related_name="escalations",
        null=True,
        blank=True,
        help_text=_("For an escalation: the region whose expert team takes it over."),
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = CareRelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("care relationship")
        verbose_name_plural = _("care relationships")
        indexes = [
            models.Index(fields=["organisation", "kind"]),
            models.Index(fields=["assigned_to", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="relationship_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind="escalation") | Q(region__isnull=False),
                name="escalation_names_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.youth} – {self.get_kind_display()} – {self.organisation}"
