from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passend.registry.models import Organisation


class InspectionQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on)


class Inspection(models.Model):
    """A registered inspection: the only way an inspector reaches individual files.

    Inside its period, the inspectors named on it may open the files of youth that the
    inspected organisation is involved with; every such read is logged with this purpose.
    """

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    subject = models.ForeignKey(
        Organisation,
        models.PROTECT,
        related_name="inspections",
        verbose_name=_("inspected organisation"),
    )
    purpose = models.TextField(_("purpose"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="inspections", verbose_name=_("inspectors")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="registered_inspections"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="inspection_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.subject}"
