"""The access log: who did what with which youth's data, when, why, and whether it was allowed.

A record names the youth (pseudonym) when it is about a youth's file, and the object it touched
(``object_type`` and, for one identifiable record such as a child-protection case,
``object_reference``), so that an access request can be answered for either.

Records are append-only. The model refuses updates and deletes, and so do the database
triggers installed by the migration, so not even a raw query from the application can alter
history.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """The access log cannot be changed or deleted."""


class Action(models.TextChoices):
    """Canonical names of what was done with a youth's personal data."""

    VIEW = "view", _("viewed")
    SEARCH = "search", _("listed or searched")
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    EXPORT = "export", _("exported")
    PRINT = "print", _("printed")


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("allowed")
    DENIED = "denied", _("denied")


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("the access log is append-only")

    def delete(self):
        raise AppendOnlyError("the access log is append-only")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("time (UTC)"), auto_now_add=True, db_index=True)
    user_id_at_time = models.BigIntegerField(_("user id"), null=True)
    username = models.CharField(_("user"), max_length=150)
    role = models.CharField(_("role"), max_length=20, blank=True)
    organisation = models.CharField(_("organisation"), max_length=60, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=150, blank=True)
    youth = models.CharField(_("youth (pseudonymous id)"), max_length=12, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("what"), max_length=50)
    object_reference = models.CharField(
        _("which"),
        max_length=64,
        null=True,
        blank=True,
        help_text=_("The record of that kind, e.g. a case reference; empty for a youth's file."),
    )
    """Null, not blank, for records written before the field existed: a nullable column is
    added without rebuilding the table, which on SQLite would drop the append-only triggers."""
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    source_address = models.GenericIPAddressField(_("source address"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, default="web")

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["youth", "at"]),
            models.Index(fields=["object_type", "object_reference", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.youth}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the access log is append-only")
