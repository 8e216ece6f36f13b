"""The demo's generated supply register: loaded once, every region supplied, the demo provider
users see their offers and waiting lists, and the regional overview's waiting-time figures equal
a hand computation over the demo waiting list."""

from __future__ import annotations

import math
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from passend.accounts import policy
from passend.accounts.models import User
from passend.demo import data
from passend.registry.models import Municipality, Organisation, YouthCareRegion
from passend.supply import queries
from passend.supply.models import (
    CapacityUpdate,
    InspectionMeasure,
    Offer,
    Placement,
    WaitingListEntry,
)
from passend.supply.overview import region_overview
from passend.supply.rules.waiting import Stage
from passend.youth.models import CareRelationship, Youth

pytestmark = pytest.mark.django_db

MODELS = [
    Organisation,
    Offer,
    CapacityUpdate,
    InspectionMeasure,
    WaitingListEntry,
    Placement,
    Youth,
    CareRelationship,
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo():
    output = StringIO()
    call_command("load_demo_data", measures=0, stdout=output)
    return output.getvalue()


def test_the_demo_supply_is_loaded(demo):
    assert "Demo supply: " in demo
    assert Offer.objects.count() == data.SUPPLY_OFFERS
    assert WaitingListEntry.objects.count() == data.SUPPLY_ENTRIES
    assert Placement.objects.count() == data.SUPPLY_PLACEMENTS
    assert CapacityUpdate.objects.count() == data.SUPPLY_OFFERS
    assert InspectionMeasure.objects.filter(kind="clientenstop", end__isnull=True).count() == 1
    supplied = set(
        Offer.objects.values_list("location__municipality__youth_care_region", flat=True)
    )
    assert supplied == set(YouthCareRegion.objects.values_list("pk", flat=True))
    generated = Organisation.objects.filter(reference__startswith=data.SUPPLY_PROVIDER_PREFIX)
    assert generated.exists()
    assert set(generated.values_list("kind", flat=True)) == {Organisation.Kind.PROVIDER}
    for offer in Offer.objects.all()[:50]:
        offer.full_clean()
    for youth in Youth.objects.filter(waiting_list_entries__isnull=False)[:20]:
        assert youth.municipality_id is not None
        assert youth.given_name in data.GIVEN_NAMES
        assert youth.family_name in data.FAMILY_NAMES


def test_loading_twice_adds_no_supply(demo):
    before = counts()
    call_command("load_demo_data", measures=0, stdout=StringIO())
    assert counts() == before


def test_no_supply_is_loaded_when_asked_for_none(db):
    call_command("load_demo_data", measures=0, supply_offers=0, stdout=StringIO())
    assert not Offer.objects.exists()
    assert not WaitingListEntry.objects.exists()


@pytest.mark.parametrize(
    ("username", "reference"),
    [("zorg.delinde", "zorg-de-linde"), ("zorg.eikenhof", "zorg-eikenhof")],
)
def test_the_demo_provider_users_see_their_offers_and_waiting_youth(demo, username, reference):
    user = User.objects.get(username=username)
    offers = queries.managed_offers(user)
    assert offers.exists()
    assert set(offers.values_list("location__organisation__reference", flat=True)) == {reference}
    waiting = WaitingListEntry.objects.filter(
        offer__in=offers, started_on__isnull=True, removed_on__isnull=True
    )
    assert waiting.exists()
    visible = policy.scope_youth(user)
    assert set(waiting.values_list("youth_id", flat=True)) <= set(
        visible.values_list("pk", flat=True)
    )
    placed = Placement.objects.filter(offer__in=offers, end__isnull=True).values_list(
        "youth_id", flat=True
    )
    assert set(placed) <= set(visible.values_list("pk", flat=True))


def nearest_rank(ordered: list[int], share: float) -> int | None:
    """Written out here on purpose: the smallest wait with at least ``share`` of the waits at
    or below it, over an ascending list."""
    if not ordered:
        return None
    return ordered[math.ceil(share * len(ordered)) - 1]


def test_the_overview_waiting_figures_equal_a_hand_computation(demo):
    """Acceptance: the waiting-time figures equal what a hand computation over the demo waiting
    list gives. Every stored date lies on or before today, so "known as of today" is every
    date."""
    region = Municipality.objects.get(cbs_code="0080").youth_care_region
    today = timezone.localdate()
    view = region_overview(region, today)
    rows = list(
        WaitingListEntry.objects.filter(
            offer__active=True, offer__location__municipality__youth_care_region=region
        ).values_list("offer__care_form", "registered_on", "intake_on", "started_on", "removed_on")
    )
    assert len(rows) >= 20
    assert all(max(d for d in row[1:] if d is not None) <= today for row in rows)

    def norm(care_form: str, stage: int) -> int:
        return settings.WAIT_NORMS.get(care_form, (28, 70))[stage]

    intake_done, intake_open, intake_over = [], 0, 0
    start_done, start_open, start_over = [], 0, 0
    for care_form, registered, intake, started, removed in rows:
        # Registration → intake.
        if intake is not None:
            days = (intake - registered).days
            intake_done.append(days)
            intake_over += days > norm(care_form, 0)
        elif removed is None:
            intake_open += 1
            intake_over += (today - registered).days > norm(care_form, 0)
        # Intake → start (only once there was an intake).
        if intake is None:
            continue
        if started is not None:
            days = (started - intake).days
            start_done.append(days)
            start_over += days > norm(care_form, 1)
        elif removed is None:
            start_open += 1
            start_over += (today - intake).days > norm(care_form, 1)
    intake_done.sort()
    start_done.sort()

    intake = view.waits["all"][Stage.INTAKE]
    assert intake.completed == len(intake_done)
    assert intake.ongoing == intake_open
    assert intake.median_days == nearest_rank(intake_done, 0.5)
    assert intake.p90_days == nearest_rank(intake_done, 0.9)
    assert intake.over_norm == intake_over
    assert intake.share_over_norm == pytest.approx(intake_over / (len(intake_done) + intake_open))
    start = view.waits["all"][Stage.START]
    assert start.completed == len(start_done)
    assert start.ongoing == start_open
    assert start.median_days == nearest_rank(start_done, 0.5)
    assert start.p90_days == nearest_rank(start_done, 0.9)
    assert start.over_norm == start_over
    assert intake.completed >= 10
    assert start.completed >= 10
