"""The supply services are the one way to write: a client stop cannot be bypassed through the
waiting list or a placement, absurd capacity figures are refused before the database sees them,
and a missing out-of-region care reason can be recorded later."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passend.audit.log import Actor
from passend.audit.models import AccessLogEntry, Action
from passend.registry.models import Municipality
from passend.supply import services
from passend.supply.models import (
    MAX_PLACES,
    MAX_WAIT_DAYS,
    CapacityUpdate,
    Placement,
    WaitingListEntry,
)
from passend.supply.rules.placements import flag_missing_reason
from tests.factories import InspectionMeasureFactory, WaitingListEntryFactory

ACTOR = Actor.system("tests")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def stop(chain, today):
    """A client stop on the own provider from ten days ago, still in force."""
    return InspectionMeasureFactory(
        provider=chain.own.provider, kind="clientenstop", start=today - timedelta(days=10)
    )


@pytest.fixture
def entry(chain, today):
    """The second youth waiting on the own offer since a month, intake not yet recorded."""
    return WaitingListEntryFactory(
        offer=chain.own.offer,
        youth=chain.own.second_youth,
        registered_on=today - timedelta(days=30),
    )


def entry_changes() -> int:
    return AccessLogEntry.objects.filter(
        action=Action.CHANGE, object_type="waiting-list entry"
    ).count()


@pytest.mark.parametrize("field", ["intake_on", "started_on"])
def test_no_intake_or_start_is_recorded_on_a_day_under_a_client_stop(
    chain, stop, entry, today, field
):
    entry.intake_on = today - timedelta(days=20) if field == "started_on" else None
    entry.save()
    before = entry_changes()
    with pytest.raises(ValidationError) as refused:
        services.update_waiting_entry(entry, actor=ACTOR, **{field: today - timedelta(days=2)})
    [message] = refused.value.message_dict["offer"]
    assert str(today - timedelta(days=2)) in message  # the day under the stop, in any language
    entry.refresh_from_db()
    assert getattr(entry, field) is None
    assert entry_changes() == before


def test_a_start_dated_before_the_client_stop_is_still_recorded(chain, stop, entry, today):
    """The stop holds from its start date: help that started before it was no new client then."""
    services.update_waiting_entry(
        entry,
        actor=ACTOR,
        intake_on=today - timedelta(days=20),
        started_on=today - timedelta(days=12),
    )
    entry.refresh_from_db()
    assert entry.started_on == today - timedelta(days=12)


def test_an_intake_already_recorded_sent_again_does_not_block_a_removal(chain, stop, entry, today):
    """Re-sending an intake already recorded is no new intake; the removal goes through."""
    entry.intake_on = today - timedelta(days=5)  # recorded, say, before the stop was registered
    entry.save()
    services.update_waiting_entry(
        entry,
        actor=ACTOR,
        intake_on=today - timedelta(days=5),
        removed_on=today,
        removal_reason="elders geholpen",
    )
    entry.refresh_from_db()
    assert (entry.removed_on, entry.removal_reason) == (today, "elders geholpen")


def test_a_new_placement_under_a_client_stop_is_refused_and_nothing_is_stored(chain, stop, today):
    youth = chain.own.second_youth
    placement = Placement(
        youth=youth,
        offer=chain.own.offer,
        youth_municipality=chain.own.placement.youth_municipality,
        start=today,
    )
    with pytest.raises(ValidationError) as refused:
        services.save_placement(placement, actor=ACTOR)
    assert "client stop" in refused.value.message_dict["offer"][0]
    assert not Placement.objects.filter(youth=youth).exists()


def test_a_placement_that_started_before_the_client_stop_can_still_be_recorded(chain, stop, today):
    placement = services.save_placement(
        Placement(
            youth=chain.own.second_youth,
            offer=chain.own.offer,
            youth_municipality=chain.own.placement.youth_municipality,
            start=today - timedelta(days=11),
        ),
        actor=ACTOR,
    )
    assert Placement.objects.filter(pk=placement.pk, youth=chain.own.second_youth).exists()


@pytest.mark.parametrize(
    ("figures", "bound", "given"),
    [
        ({"places": 10**20, "occupied": 0, "expected_wait_days": 0}, MAX_PLACES, 10**20),
        ({"places": 4, "occupied": MAX_PLACES + 1, "expected_wait_days": 0}, MAX_PLACES, 10_001),
        (
            {"places": 4, "occupied": 1, "expected_wait_days": MAX_WAIT_DAYS + 1},
            MAX_WAIT_DAYS,
            3651,
        ),
    ],
)
def test_capacity_beyond_the_bounds_is_refused_by_the_service(chain, figures, bound, given):
    """One message naming the bound and the number given (in the active language)."""
    offer = chain.own.offer
    with pytest.raises(ValidationError) as refused:
        services.update_capacity(offer, **figures, user=None, channel="api")
    messages = refused.value.message_dict["capacity"]
    assert any(str(bound) in message and str(given) in message for message in messages)
    offer.refresh_from_db()
    assert (offer.places, offer.occupied, offer.expected_wait_days) == (6, 4, 14)
    assert not CapacityUpdate.objects.exists()


def test_capacity_at_the_bounds_is_accepted(chain):
    offer = chain.own.offer
    services.update_capacity(
        offer,
        places=MAX_PLACES,
        occupied=MAX_PLACES,
        expected_wait_days=MAX_WAIT_DAYS,
        user=None,
        channel="api",
    )
    offer.refresh_from_db()
    assert (offer.places, offer.occupied, offer.expected_wait_days) == (
        MAX_PLACES,
        MAX_PLACES,
        MAX_WAIT_DAYS,
    )


def test_a_missing_out_of_region_reason_can_be_recorded_later(chain):
    placement = chain.own.placement  # the own offer lies in Friesland
    placement.youth_municipality = Municipality.objects.get(cbs_code="0355")  # Zeist, Utrecht
    placement.save()
    assert flag_missing_reason(services.as_placement(placement)) is True
    placement.out_of_region_reason = "anders"
    placement.out_of_region_note = "Broer woont op de groep"
    services.save_placement(placement, actor=ACTOR)
    placement.refresh_from_db()
    assert (placement.out_of_region_reason, placement.out_of_region_note) == (
        "anders",
        "Broer woont op de groep",
    )
    assert flag_missing_reason(services.as_placement(placement)) is False


def test_a_refused_start_leaves_the_whole_entry_unchanged(chain, stop, entry, today):
    """Refused changes leave the whole entry as it was, the other fields included."""
    with pytest.raises(ValidationError):
        services.update_waiting_entry(
            entry, actor=ACTOR, intake_on=today - timedelta(days=20), started_on=today
        )
    assert WaitingListEntry.objects.filter(
        pk=entry.pk, intake_on__isnull=True, started_on__isnull=True
    ).exists()
