"""Shared fixtures: reference data loaded once, and a small chain of two organisations."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.management import call_command

from passend.accounts.models import User
from passend.accounts.roles import Role
from passend.registry.models import ChildProtectionRegion, Organisation
from passend.youth.models import CareRelationship, Youth
from tests.factories import (
    CareRelationshipFactory,
    InspectionFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    YouthFactory,
)

Kind = CareRelationship.Kind


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real reference data (342 municipalities, regions) is in every test database."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@dataclass
class Side:
    """One side of the chain: a GI, provider, expert team with their users and one youth."""

    gi: Organisation
    provider: Organisation
    expert_team: Organisation
    users: dict[str, User]
    youth: Youth


def build_side(region_name: str, suffix: str) -> Side:
    region = ChildProtectionRegion.objects.get(name=region_name)
    gi = OrganisationFactory(gi=True, reference=f"gi-{suffix}", child_protection_region=region)
    provider = OrganisationFactory(reference=f"provider-{suffix}", child_protection_region=region)
    expert_team = OrganisationFactory(
        expert_team=True, reference=f"expert-{suffix}", child_protection_region=region
    )
    team = TeamFactory(organisation=gi)
    users = {
        Role.PROTECTOR: UserFactory(role=Role.PROTECTOR, organisation=gi, team=team),
        Role.TEAM_LEAD: UserFactory(role=Role.TEAM_LEAD, organisation=gi, team=team),
        Role.CARE_BROKER: UserFactory(role=Role.CARE_BROKER, organisation=expert_team),
        Role.PROVIDER_STAFF: UserFactory(role=Role.PROVIDER_STAFF, organisation=provider),
        Role.ADMINISTRATOR: UserFactory(role=Role.ADMINISTRATOR, organisation=gi),
    }
    youth = YouthFactory()
    CareRelationshipFactory(
        youth=youth, organisation=gi, assigned_to=users[Role.PROTECTOR], team=team
    )
    CareRelationshipFactory(youth=youth, organisation=provider, kind=Kind.REFERRAL)
    CareRelationshipFactory(
        youth=youth, organisation=expert_team, kind=Kind.ESCALATION, region=region
    )
    return Side(gi=gi, provider=provider, expert_team=expert_team, users=users, youth=youth)


@dataclass
class Chain:
    own: Side
    other: Side
    users: dict[str, User]

    @property
    def roles(self) -> list[str]:
        return list(self.users)


@pytest.fixture
def chain(db) -> Chain:
    """Two sides (Friesland and Utrecht/Flevoland); the users of every role are on the own side.

    The inspector has a current inspection of the own side's provider; the municipal officer
    works for a municipality.
    """
    own = build_side("Friesland", "own")
    other = build_side("Utrecht/Flevoland", "other")
    inspectorate = OrganisationFactory(inspectorate=True, reference="inspectorate")
    inspector = UserFactory(role=Role.INSPECTOR, organisation=inspectorate)
    InspectionFactory(
        subject=own.provider,
        inspectors=[inspector],
        registered_by=UserFactory(role=Role.ADMINISTRATOR, organisation=inspectorate),
    )
    municipality = OrganisationFactory(municipal=True, reference="gemeente")
    officer = UserFactory(role=Role.MUNICIPAL_OFFICER, organisation=municipality)
    users = {**own.users, Role.INSPECTOR: inspector, Role.MUNICIPAL_OFFICER: officer}
    return Chain(own=own, other=other, users=users)
