from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from passend.accounts.roles import CAPABILITIES, ROLE_ORGANISATION_KINDS, Capability, Role
from passend.registry.models import Organisation


class Team(models.Model):
    """A team within a GI; a team lead sees the cases of their team."""

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_team_name")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.name}"


class User(AbstractUser):
    """A person working in the chain: exactly one organisation and one role."""

    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        related_name="users",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    team = models.ForeignKey(
        Team, models.SET_NULL, related_name="members", null=True, blank=True, verbose_name=_("team")
    )
    case_system_reference = models.CharField(
        _("reference in the case system"),
        max_length=64,
        blank=True,
        help_text=_(
            "How the GI's case system names this protector in delivered events "
            "(protector_assigned.protector)."
        ),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "case_system_reference"],
                condition=~models.Q(case_system_reference=""),
                name="unique_case_system_reference",
            )
        ]

    def clean(self) -> None:
        super().clean()
        if self.is_superuser:
            return
        if not self.organisation_id or not self.role:
            raise ValidationError(_("Every user belongs to an organisation and has a role."))
        if self.organisation.kind not in ROLE_ORGANISATION_KINDS[self.role]:
            raise ValidationError(
                {
                    "role": _("A %(role)s cannot work for a %(kind)s.")
                    % {
                        "role": self.get_role_display(),
                        "kind": self.organisation.get_kind_display(),
                    }
                }
            )
        if self.team_id and self.team.organisation_id != self.organisation_id:
            raise ValidationError({"team": _("The team belongs to another organisation.")})

    def has_capability(self, capability: Capability) -> bool:
        return self.is_active and capability in CAPABILITIES.get(self.role, frozenset())


class ApiToken(models.Model):
    """A machine credential for the API (a case system delivering events, say).

    Only a hash of the token is stored; the token itself is shown once, when created.
    """

    user = models.ForeignKey(
        User, models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        key = "psd_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=cls.hash(key)), key
