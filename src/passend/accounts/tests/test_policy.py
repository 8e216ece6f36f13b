"""The authorisation policy: which youth and users a user reaches, and why (accounts.policy)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passend.accounts import policy
from passend.accounts.models import User
from passend.accounts.roles import Role
from passend.registry.models import ChildProtectionRegion, Organisation
from passend.youth.models import CareRelationship
from tests.factories import (
    CareRelationshipFactory,
    InspectionFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    YouthFactory,
)

pytestmark = pytest.mark.django_db

Kind = CareRelationship.Kind
P, TL, CB, PS, MO, INS, A = (
    Role.PROTECTOR,
    Role.TEAM_LEAD,
    Role.CARE_BROKER,
    Role.PROVIDER_STAFF,
    Role.MUNICIPAL_OFFICER,
    Role.INSPECTOR,
    Role.ADMINISTRATOR,
)


def in_scope(user, youth) -> bool:
    return policy.scope_youth(user).filter(pk=youth.pk).exists()


# role → (sees the own side's youth, sees the other side's youth)
SCOPE = [
    (P, True, False),  # assigned protection case
    (TL, True, False),  # protection case of the lead's team
    (CB, True, False),  # escalated to the broker's region (Friesland), not Utrecht/Flevoland
    (PS, True, False),  # referred to the user's provider
    (INS, True, False),  # the own provider is under current inspection, the other is not
    (MO, False, False),  # aggregates only
    (A, False, False),  # management only: no case content
]


@pytest.mark.parametrize(("role", "own", "other"), SCOPE)
def test_scope_per_role(chain, role, own, other):
    """Each role reaches the youth its relationships grant, and none of another organisation."""
    user = chain.users[role]
    assert in_scope(user, chain.own.youth) is own
    assert in_scope(user, chain.other.youth) is other


@pytest.mark.parametrize(("role", "own", "other"), SCOPE)
def test_scope_of_relationships_and_scope_of_youth_agree(chain, role, own, other):
    """A youth is in scope exactly when one of its relationships is a granting relationship."""
    user = chain.users[role]
    for youth in (chain.own.youth, chain.other.youth):
        granting = policy.scope_relationships(user, youth.relationships.all()).exists()
        assert granting is in_scope(user, youth)


def test_an_inactive_user_reaches_nobody(chain):
    """A deactivated account has no capability, so no youth either."""
    protector = chain.users[P]
    protector.is_active = False
    protector.save()
    assert not policy.scope_youth(protector).exists()


def test_scope_does_not_repeat_a_youth_with_several_granting_relationships(chain):
    """Two granting relationships still list the youth once (counts stay right)."""
    provider_staff = chain.users[PS]
    CareRelationshipFactory(
        youth=chain.own.youth, organisation=chain.own.provider, kind=Kind.PLACEMENT
    )
    found = list(policy.scope_youth(provider_staff))
    assert found.count(chain.own.youth) == 1
    assert len(found) == len(set(found))


# --- ended and future relationships ------------------------------------------------------------

# role → the relationship that would grant it access, as keyword arguments for the factory
ENDED = [
    (P, lambda side, user: {"organisation": side.gi, "assigned_to": user}),
    (TL, lambda side, user: {"organisation": side.gi, "team": user.team}),
    (PS, lambda side, user: {"organisation": side.provider, "kind": Kind.PLACEMENT}),
    (
        CB,
        lambda side, user: {
            "organisation": side.expert_team,
            "kind": Kind.ESCALATION,
            "region": side.gi.child_protection_region,
        },
    ),
    (INS, lambda side, user: {"organisation": side.provider, "kind": Kind.REFERRAL}),
]


@pytest.mark.parametrize(("role", "relationship"), ENDED)
def test_an_ended_relationship_gives_no_access(chain, role, relationship):
    """Once the relationship has ended, the youth is out of scope (and so is the file)."""
    user = chain.users[role]
    youth = YouthFactory()
    CareRelationshipFactory(youth=youth, ended=True, **relationship(chain.own, user))
    assert not in_scope(user, youth)
    assert policy.purpose_of_access(user, youth) == ""


@pytest.mark.parametrize(("role", "relationship"), ENDED)
def test_the_same_relationship_still_running_gives_access(chain, role, relationship):
    """Control for the test above: the same relationship without an end grants access."""
    user = chain.users[role]
    youth = YouthFactory()
    CareRelationshipFactory(youth=youth, **relationship(chain.own, user))
    assert in_scope(user, youth)


def test_a_relationship_ending_today_still_gives_access_and_one_starting_tomorrow_not(chain):
    """Active means started on or before today and not ended before today."""
    protector = chain.users[P]
    today = timezone.localdate()
    ending_today, starting_tomorrow = YouthFactory(), YouthFactory()
    CareRelationshipFactory(
        youth=ending_today,
        organisation=chain.own.gi,
        assigned_to=protector,
        started_on=today - timedelta(days=30),
        ended_on=today,
    )
    CareRelationshipFactory(
        youth=starting_tomorrow,
        organisation=chain.own.gi,
        assigned_to=protector,
        started_on=today + timedelta(days=1),
    )
    assert in_scope(protector, ending_today)
    assert not in_scope(protector, starting_tomorrow)


# --- protector and team lead -------------------------------------------------------------------


def test_a_protector_does_not_see_a_colleagues_case(chain):
    """A protection case assigned to a colleague at the same GI is not the protector's."""
    colleague = UserFactory(role=P, organisation=chain.own.gi)
    youth = YouthFactory()
    CareRelationshipFactory(youth=youth, organisation=chain.own.gi, assigned_to=colleague)
    assert not in_scope(chain.users[P], youth)
    assert in_scope(colleague, youth)


def test_a_team_lead_with_a_team_sees_only_the_teams_cases(chain):
    """A lead with a team sees the team's protection cases, not another team's at the GI."""
    lead = chain.users[TL]
    own_team_youth, other_team_youth, no_team_youth = YouthFactory(), YouthFactory(), YouthFactory()
    CareRelationshipFactory(youth=own_team_youth, organisation=chain.own.gi, team=lead.team)
    CareRelationshipFactory(
        youth=other_team_youth,
        organisation=chain.own.gi,
        team=TeamFactory(organisation=chain.own.gi),
    )
    CareRelationshipFactory(youth=no_team_youth, organisation=chain.own.gi)
    assert in_scope(lead, own_team_youth)
    assert not in_scope(lead, other_team_youth)
    assert not in_scope(lead, no_team_youth)


def test_a_team_lead_without_a_team_sees_every_protection_case_of_the_gi(chain):
    """Without a team, the lead oversees the whole GI — but only protection cases, own GI."""
    lead = UserFactory(role=TL, organisation=chain.own.gi, team=None)
    other_team_youth, no_team_youth, referral_only = YouthFactory(), YouthFactory(), YouthFactory()
    CareRelationshipFactory(
        youth=other_team_youth,
        organisation=chain.own.gi,
        team=TeamFactory(organisation=chain.own.gi),
    )
    CareRelationshipFactory(youth=no_team_youth, organisation=chain.own.gi)
    CareRelationshipFactory(youth=referral_only, organisation=chain.own.gi, kind=Kind.REFERRAL)
    assert in_scope(lead, chain.own.youth)
    assert in_scope(lead, other_team_youth)
    assert in_scope(lead, no_team_youth)
    assert not in_scope(lead, referral_only)
    assert not in_scope(lead, chain.other.youth)


# --- provider staff ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "granted"),
    [(Kind.REFERRAL, True), (Kind.PLACEMENT, True), (Kind.PROTECTION, False)],
)
def test_provider_staff_see_referrals_and_placements_with_their_provider(chain, kind, granted):
    """A referral or placement with the own provider grants access; other kinds do not."""
    youth = YouthFactory()
    CareRelationshipFactory(youth=youth, organisation=chain.own.provider, kind=kind)
    assert in_scope(chain.users[PS], youth) is granted


# --- care broker -------------------------------------------------------------------------------


def test_a_care_broker_sees_only_escalations_to_their_region(chain):
    """Escalated to Friesland: yes; escalated to another region or not escalated: no."""
    broker = chain.users[CB]  # expert team of Friesland
    friesland = chain.own.gi.child_protection_region
    limburg = ChildProtectionRegion.objects.get(name="Limburg")
    to_own_region, to_other_region, not_escalated = YouthFactory(), YouthFactory(), YouthFactory()
    CareRelationshipFactory(
        youth=to_own_region,
        organisation=OrganisationFactory(expert_team=True),
        kind=Kind.ESCALATION,
        region=friesland,
    )
    CareRelationshipFactory(
        youth=to_other_region,
        organisation=chain.own.expert_team,
        kind=Kind.ESCALATION,
        region=limburg,
    )
    CareRelationshipFactory(youth=not_escalated, organisation=chain.own.gi)
    CareRelationshipFactory(
        youth=not_escalated, organisation=chain.own.provider, kind=Kind.REFERRAL
    )
    assert in_scope(broker, to_own_region)
    assert not in_scope(broker, to_other_region)
    assert not in_scope(broker, not_escalated)


def test_a_care_broker_whose_organisation_has_no_region_sees_nothing(chain):
    """No region on the expert team: no escalation can match (never all escalations)."""
    team_without_region = OrganisationFactory(expert_team=True, child_protection_region=None)
    broker = UserFactory(role=CB, organisation=team_without_region)
    assert not policy.scope_youth(broker).exists()


# --- inspector ---------------------------------------------------------------------------------


def test_an_inspector_sees_only_the_inspected_organisations_youth(chain):
    """The current inspection of the own provider opens its youth, not a GI's other youth."""
    inspector = chain.users[INS]
    gi_only = YouthFactory()
    CareRelationshipFactory(youth=gi_only, organisation=chain.own.gi)
    assert in_scope(inspector, chain.own.youth)  # referred to the inspected provider
    assert not in_scope(inspector, gi_only)
    assert not in_scope(inspector, chain.other.youth)


# inspection period relative to today (days), and whether it opens files
INSPECTION_PERIODS = [
    (-400, -30, False),  # ended last month: past inspection
    (30, 90, False),  # not begun yet
    (-10, 0, True),  # ends today: still current
    (0, 10, True),  # starts today
]


@pytest.mark.parametrize(("start", "end", "current"), INSPECTION_PERIODS)
def test_an_inspector_sees_files_only_while_the_inspection_is_current(chain, start, end, current):
    """Only an inspection whose period includes today grants access."""
    today = timezone.localdate()
    inspector = UserFactory(role=INS, organisation=chain.users[INS].organisation)
    InspectionFactory(
        subject=chain.other.provider,
        inspectors=[inspector],
        starts_on=today + timedelta(days=start),
        ends_on=today + timedelta(days=end),
        registered_by=chain.users[INS],
    )
    assert in_scope(inspector, chain.other.youth) is current
    assert policy.scope_youth(inspector).exists() is current


def test_an_inspector_not_named_on_the_inspection_sees_nothing(chain):
    """A colleague at the inspectorate who is not named on the inspection gets no files."""
    colleague = UserFactory(role=INS, organisation=chain.users[INS].organisation)
    assert not policy.scope_youth(colleague).exists()


# --- purpose of access -------------------------------------------------------------------------


def test_purpose_names_the_relationship_and_the_organisation(chain):
    """The logged purpose: the relationship's code and the organisation's reference (no labels,
    so the log reads the same in every language)."""
    protector = chain.users[P]
    assert policy.purpose_of_access(protector, chain.own.youth) == (
        f"{Kind.PROTECTION.value} (gi-own)"
    )
    staff = chain.users[PS]
    assert policy.purpose_of_access(staff, chain.own.youth) == (
        f"{Kind.REFERRAL.value} (provider-own)"
    )


def test_purpose_of_an_inspector_names_the_inspection(chain):
    """An inspector's purpose is the inspection's reference and its purpose."""
    inspector = chain.users[INS]
    inspection = inspector.inspections.get()
    purpose = policy.purpose_of_access(inspector, chain.own.youth)
    assert purpose == f"inspection {inspection.reference}: {inspection.purpose}"


@pytest.mark.parametrize("role", [P, TL, CB, PS, INS, MO, A])
def test_no_purpose_without_access(chain, role):
    """For a youth out of scope there is no purpose at all."""
    assert policy.purpose_of_access(chain.users[role], chain.other.youth) == ""


# --- users an administrator manages ------------------------------------------------------------


def test_an_administrator_manages_only_the_own_organisations_users(chain):
    """scope_users: every user of the administrator's organisation, nobody else's."""
    administrator = chain.users[A]
    managed = set(policy.scope_users(administrator))
    own_gi_users = set(User.objects.filter(organisation=chain.own.gi))
    assert managed == own_gi_users
    assert chain.own.users[P] in managed
    assert chain.own.users[PS] not in managed  # the own side's provider: another organisation
    assert chain.other.users[P] not in managed
    assert chain.other.users[A] not in managed


@pytest.mark.parametrize("role", [P, TL, CB, PS, INS, MO])
def test_other_roles_manage_no_users(chain, role):
    """Only administrators manage users."""
    assert not policy.scope_users(chain.users[role]).exists()


def test_a_superuser_manages_everyone(chain):
    """The operator's superuser sees every user (platform management)."""
    root = User.objects.create_superuser("root", password="not-used-in-this-test")
    assert policy.scope_users(root).count() == User.objects.count()


def test_the_access_log_scope_of_an_administrator_includes_past_relationships(chain):
    """An access request looks back: a youth the organisation was involved with counts too."""
    administrator = chain.users[A]
    past = YouthFactory()
    CareRelationshipFactory(youth=past, organisation=chain.own.gi, ended=True)
    reachable = policy.scope_access_log_youth(administrator)
    assert past in reachable
    assert chain.own.youth in reachable
    assert chain.other.youth not in reachable


# --- a user's role must fit the organisation ---------------------------------------------------

OrgKind = Organisation.Kind

# role, kind of organisation, allowed?
ROLE_AT_ORGANISATION = [
    (P, OrgKind.GI, True),
    (P, OrgKind.PROVIDER, False),  # a protector works at a GI
    (TL, OrgKind.GI, True),
    (TL, OrgKind.REGION, False),
    (CB, OrgKind.REGION, True),
    (CB, OrgKind.GI, False),
    (PS, OrgKind.PROVIDER, True),
    (PS, OrgKind.GI, False),
    (MO, OrgKind.MUNICIPALITY, True),
    (MO, OrgKind.LOCAL_TEAM, True),
    (MO, OrgKind.PROVIDER, False),
    (INS, OrgKind.INSPECTORATE, True),
    (INS, OrgKind.GI, False),  # an inspector never works for the inspected
    (A, OrgKind.PROVIDER, True),  # every organisation has administrators
    (A, OrgKind.INSPECTORATE, True),
]


@pytest.mark.parametrize(("role", "kind", "allowed"), ROLE_AT_ORGANISATION)
def test_a_role_only_at_its_kind_of_organisation(role, kind, allowed):
    """User.clean refuses a role at the wrong kind of organisation, naming the role field."""
    organisation = OrganisationFactory(kind=kind)
    user = User(username="nieuw", role=role, organisation=organisation)
    if allowed:
        user.clean()
    else:
        with pytest.raises(ValidationError) as raised:
            user.clean()
        assert "role" in raised.value.message_dict


def test_a_user_needs_an_organisation_and_a_role(db):
    """Without an organisation or a role a (non-super) user is incomplete."""
    with pytest.raises(ValidationError):
        User(username="zwevend", role=P).clean()
    with pytest.raises(ValidationError):
        User(username="rolloos", organisation=OrganisationFactory(gi=True)).clean()


def test_a_team_of_another_organisation_is_refused(chain):
    """A protector of one GI cannot be in a team of another GI."""
    user = User(
        username="nieuw",
        role=P,
        organisation=chain.own.gi,
        team=TeamFactory(organisation=chain.other.gi),
    )
    with pytest.raises(ValidationError) as raised:
        user.clean()
    assert "team" in raised.value.message_dict
    user.team = TeamFactory(organisation=chain.own.gi)
    user.clean()
