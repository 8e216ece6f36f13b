"""Writes of youth identity: registering a youth and linking records by BSN."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passend.accounts.models import User
from passend.accounts.roles import Capability, Role
from passend.audit import log
from passend.audit.models import Action
from passend.registry.models import Municipality
from passend.youth.identity import InvalidBsn, bsn_link, normalise_bsn
from passend.youth.models import CareRelationship, Youth

RELATIONSHIP_OF_ROLE = {
    Role.PROTECTOR: CareRelationship.Kind.PROTECTION,
    Role.TEAM_LEAD: CareRelationship.Kind.PROTECTION,
    Role.PROVIDER_STAFF: CareRelationship.Kind.REFERRAL,
}
"""The relationship a youth gets with the organisation of whoever registers it."""


@dataclass(frozen=True)
class Registration:
    youth: Youth
    linked_existing: bool


@transaction.atomic
def register_youth(
    *,
    acting_user: User,
    actor: log.Actor,
    given_name: str,
    family_name: str,
    birth_date: date | None = None,
    bsn: str = "",
    municipality: str = "",
) -> Registration:
    """Register a youth with the acting user's organisation, or link to the one already known.

    A youth is stored once: when the BSN's keyed hash is known already, the existing record is
    linked instead of creating a second one. Nothing is written when validation fails.
    """
    if not acting_user.has_capability(Capability.REGISTER_YOUTH):
        raise PermissionDenied
    errors = {}
    if not given_name.strip():
        errors["given_name"] = _("Give the youth's given name.")
    if not family_name.strip():
        errors["family_name"] = _("Give the youth's family name.")
    if birth_date and birth_date > timezone.localdate():
        errors["birth_date"] = _("The birth date lies in the future.")
    responsible = None
    if municipality:
        responsible = Municipality.objects.filter(cbs_code=municipality.strip()).first()
        if responsible is None:
            errors["municipality"] = _("Unknown CBS municipality code.")
    link = None
    if bsn:
        try:
            bsn = normalise_bsn(bsn)
            link = bsn_link(bsn, settings.PSEUDONYM_KEY)
        except InvalidBsn:
            errors["bsn"] = _("This is not a valid BSN: it fails the 11-check.")
    if errors:
        raise ValidationError(errors)

    existing = Youth.objects.select_for_update().filter(bsn_link=link).first() if link else None
    youth = existing or Youth.objects.create(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        birth_date=birth_date,
        bsn=bsn,
        bsn_link=link,
        municipality=responsible,
    )
    CareRelationship.objects.get_or_create(
        youth=youth,
        organisation=acting_user.organisation,
        kind=RELATIONSHIP_OF_ROLE[acting_user.role],
        ended_on=None,
        defaults={
            "assigned_to": acting_user if acting_user.role == Role.PROTECTOR else None,
            "team": acting_user.team,
        },
    )
    log.record(
        actor,
        Action.CHANGE if existing else Action.CREATE,
        youth=youth.pseudonym,
        object_type="youth",
        purpose="registration",
    )
    return Registration(youth=youth, linked_existing=existing is not None)
