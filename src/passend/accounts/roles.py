"""Roles, which organisations hold them, and what each role may do (DOMAIN §1).

This table is the readable half of the authorisation policy: a reviewer checks here which
capability a role has. *Which objects* a role reaches is decided in :mod:`passend.accounts.policy`.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from passend.registry.models import Organisation

Kind = Organisation.Kind


class Role(models.TextChoices):
    PROTECTOR = "protector", _("Protector (jeugdbeschermer)")
    TEAM_LEAD = "team_lead", _("Team lead")
    CARE_BROKER = "care_broker", _("Care broker / expert team")
    PROVIDER_STAFF = "provider_staff", _("Provider staff")
    MUNICIPAL_OFFICER = "municipal_officer", _("Municipal officer")
    INSPECTOR = "inspector", _("Inspector")
    ADMINISTRATOR = "administrator", _("Functional administrator")


class Capability(StrEnum):
    VIEW_REGISTRY = "registry.view"
    MANAGE_REFERENCE_DATA = "registry.manage"
    VIEW_YOUTH = "youth.view"
    REGISTER_YOUTH = "youth.register"
    VIEW_AGGREGATES = "aggregates.view"
    VIEW_ACCESS_LOG = "audit.view_access_log"
    MANAGE_USERS = "accounts.manage_users"
    IMPORT_EVENTS = "protection.import_events"
    WORK_CASES = "protection.work_cases"
    HANDLE_ESCALATIONS = "protection.handle_escalations"
    RECORD_REGION_VERDICT = "protection.record_region_verdict"
    FIND_ROOM = "supply.find_room"
    MANAGE_SUPPLY = "supply.manage"
    PROPOSE_HELP = "referrals.propose"
    RUN_WHAT_IF = "referrals.what_if"
    REGISTER_MEASURES = "measures.register"
    """Register freedom-restricting measures and keep the own locations' legal setting."""
    VIEW_MEASURES = "measures.view"
    """Open individual registrations of measures in scope (own provider; inspection)."""


ROLE_ORGANISATION_KINDS: dict[str, frozenset[str]] = {
    Role.PROTECTOR: frozenset({Kind.GI}),
    Role.TEAM_LEAD: frozenset({Kind.GI}),
    Role.CARE_BROKER: frozenset({Kind.REGION}),
    Role.PROVIDER_STAFF: frozenset({Kind.PROVIDER}),
    Role.MUNICIPAL_OFFICER: frozenset({Kind.MUNICIPALITY, Kind.LOCAL_TEAM}),
    Role.INSPECTOR: frozenset({Kind.INSPECTORATE}),
    Role.ADMINISTRATOR: frozenset(Kind.values),
}
"""The kinds of organisation a user with a role can belong to."""

C = Capability
CAPABILITIES: dict[str, frozenset[Capability]] = {
    # Individual files within their scope (policy.scope_youth), plus registering a youth.
    Role.PROTECTOR: frozenset(
        {C.VIEW_REGISTRY, C.VIEW_YOUTH, C.REGISTER_YOUTH, C.WORK_CASES, C.FIND_ROOM, C.PROPOSE_HELP}
    ),
    Role.TEAM_LEAD: frozenset(
        {
            C.VIEW_REGISTRY,
            C.VIEW_YOUTH,
            C.REGISTER_YOUTH,
            C.VIEW_AGGREGATES,
            C.IMPORT_EVENTS,
            C.WORK_CASES,
            C.FIND_ROOM,
            C.PROPOSE_HELP,
        }
    ),
    Role.CARE_BROKER: frozenset(
        {
            C.VIEW_REGISTRY,
            C.VIEW_YOUTH,
            C.VIEW_AGGREGATES,
            C.HANDLE_ESCALATIONS,
            C.FIND_ROOM,
            C.PROPOSE_HELP,
            C.RUN_WHAT_IF,
        }
    ),
    Role.PROVIDER_STAFF: frozenset(
        {
            C.VIEW_REGISTRY,
            C.VIEW_YOUTH,
            C.REGISTER_YOUTH,
            C.MANAGE_SUPPLY,
            C.FIND_ROOM,
            C.REGISTER_MEASURES,
            C.VIEW_MEASURES,
        }
    ),
    # Aggregates only: no individual file.
    Role.MUNICIPAL_OFFICER: frozenset({C.VIEW_REGISTRY, C.VIEW_AGGREGATES, C.FIND_ROOM}),
    # Aggregates; an individual file only within a registered inspection (policy.scope_youth).
    Role.INSPECTOR: frozenset(
        {
            C.VIEW_REGISTRY,
            C.VIEW_AGGREGATES,
            C.VIEW_YOUTH,
            C.RECORD_REGION_VERDICT,
            C.VIEW_MEASURES,
        }
    ),
    # Users and reference data, the access log, and the GI's deliveries of case events (the
    # case system's API token); no case content by default.
    Role.ADMINISTRATOR: frozenset(
        {
            C.VIEW_REGISTRY,
            C.MANAGE_REFERENCE_DATA,
            C.MANAGE_USERS,
            C.VIEW_ACCESS_LOG,
            C.IMPORT_EVENTS,
        }
    ),
}
