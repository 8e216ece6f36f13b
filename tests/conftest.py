"""Shared fixtures: reference data loaded once, and a small chain of two organisations."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from passend.accounts.models import User
from passend.accounts.roles import Role
from passend.audit.log import Actor
from passend.protection.models import Case, Escalation
from passend.protection.rules.events import read_jsonl
from passend.protection.services import import_events
from passend.referrals.models import HelpRequest
from passend.registry.models import ChildProtectionRegion, Municipality, Organisation
from passend.restrictive_measures.models import (
    HouseRule,
    LocationSetting,
    MeasureRegistration,
    SafeRoom,
)
from passend.restrictive_measures.rules.safe_room import CHECKLIST as SAFE_ROOM_CHECKLIST
from passend.restrictive_measures.services import save_registration
from passend.supply.models import Offer, Placement, WaitingListEntry
from passend.youth.models import CareRelationship, Youth
from tests.factories import (
    CareRelationshipFactory,
    InspectionFactory,
    LocationFactory,
    OfferFactory,
    OrganisationFactory,
    PlacementFactory,
    TeamFactory,
    UserFactory,
    WaitingListEntryFactory,
    YouthFactory,
)

Kind = CareRelationship.Kind


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real reference data (342 municipalities, regions) is in every test database."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


def deliver_events(*records: dict) -> None:
    """Store events through the real import path, as a GI's case system delivers them."""
    parsed = read_jsonl([json.dumps(record) for record in records])
    import_events(parsed, actor=Actor.system("test"), acting_user=None, channel="file")


def deliver_case(reference: str, gi: Organisation, protector: User) -> Case:
    """A case pronounced ten days ago, with ``protector`` linked by the case system."""
    protector.case_system_reference = f"ref-{protector.username}"
    protector.save()
    start = timezone.localdate() - timedelta(days=10)
    deliver_events(
        {
            "case": reference,
            "type": "measure_pronounced",
            "date": start.isoformat(),
            "measure": "OTS",
            "region": gi.child_protection_region.name,
            "gi": gi.reference,
        },
        {"case": reference, "type": "gi_informed", "date": start.isoformat()},
        {
            "case": reference,
            "type": "protector_assigned",
            "date": (start + timedelta(days=1)).isoformat(),
            "protector": protector.case_system_reference,
            "kind": "vast",
            "reason": "start",
        },
    )
    return Case.objects.get(reference=reference)


@dataclass
class Side:
    """One side of the chain: a GI, provider, expert team with their users and one youth."""

    gi: Organisation
    provider: Organisation
    expert_team: Organisation
    users: dict[str, User]
    youth: Youth
    case: Case
    offer: Offer
    entry: WaitingListEntry
    placement: Placement
    second_youth: Youth
    """Known to the provider only (a referral), on no waiting list yet."""
    registration: MeasureRegistration
    """A lock-in of ``youth`` at the offer's location, recorded as a closed accommodation."""
    safe_room: SafeRoom
    house_rule: HouseRule
    help_request: HelpRequest
    """The youth's open request for foster care for behaviour (referrals)."""


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
    case = deliver_case(f"case-{suffix}", gi, users[Role.PROTECTOR])
    Escalation.objects.create(
        case=case,
        region=region,
        escalated_on=case.measure_date,
        escalated_by=users[Role.PROTECTOR],
        reason="no place in time",
    )
    municipality = Municipality.objects.filter(child_protection_region=region).first()
    location = LocationFactory(organisation=provider, municipality=municipality)
    offer = OfferFactory(location=location)
    today = timezone.localdate()
    entry = WaitingListEntryFactory(
        offer=offer,
        youth=youth,
        registered_on=today - timedelta(days=30),
        intake_on=today - timedelta(days=20),
        started_on=today - timedelta(days=5),
    )
    placement = PlacementFactory(offer=offer, youth=youth, youth_municipality=municipality)
    second_youth = YouthFactory()
    CareRelationshipFactory(youth=second_youth, organisation=provider, kind=Kind.REFERRAL)
    measures = build_measures(location, youth, suffix)
    help_request = HelpRequest.objects.create(
        youth=youth,
        municipality=municipality,
        care_form="pleegzorg",
        needs=["gedrag"],
        urgency="normal",
        waiting_since=today - timedelta(days=10),
        max_wait_days=70,
        organisation=gi,
        created_by=users[Role.PROTECTOR],
    )
    return Side(
        gi=gi,
        provider=provider,
        expert_team=expert_team,
        users=users,
        youth=youth,
        case=case,
        offer=offer,
        entry=entry,
        placement=placement,
        second_youth=second_youth,
        help_request=help_request,
        **measures,
    )


def build_measures(location, youth: Youth, suffix: str) -> dict:
    """The location as a registered closed accommodation, with a compliant safe room, a house
    rule and one lawful lock-in of the side's youth (through the real service)."""
    LocationSetting.objects.create(
        location=location,
        reference=f"JZP-{suffix}",
        setting="gesloten",
        authorisation_types=["machtiging"],
        register_entry=f"6.2.1-{suffix}",
    )
    safe_room = SafeRoom.objects.create(
        location=location, name="Veilige ruimte", **dict.fromkeys(SAFE_ROOM_CHECKLIST, True)
    )
    house_rule = HouseRule.objects.create(
        location=location, text="Bezoek tussen 14 en 17 uur", recorded_on=timezone.localdate()
    )
    start = timezone.now() - timedelta(days=2)
    registration = save_registration(
        MeasureRegistration(
            provider=location.organisation,
            youth=youth,
            location=location,
            source_id=f"VBM-{suffix}",
            kind="insluiting",
            authorisation="machtiging",
            start=start,
            end=start + timedelta(hours=2),
            emergency=True,
            in_help_plan=False,
            generic=False,
            alternatives_considered=["de-escalation talk"],
            proportionality="acute danger to a group member",
            expected_effective="separation calmed earlier escalations",
            motivation="threatened a group member",
            decided_by="JHV-1",
            youth_informed_duration=True,
            copy_to_youth=True,
            complaint_rights_informed=True,
            behavioural_scientist_consent=True,
            gi_or_parents_informed=True,
            safe_room=safe_room,
        ),
        actor=Actor.system("test"),
        acting_user=None,
    )
    return {"registration": registration, "safe_room": safe_room, "house_rule": house_rule}


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
