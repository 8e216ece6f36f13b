"""The national offer index kept in memory (passend.supply.search): reused while no offer's
revision changed, the changed offers read again after every kind of committed write, never
holding uncommitted data.

These tests commit, so they run on a transactional database; see ``committed`` for what the
flush at their end needs.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from passend.registry.models import Municipality
from passend.supply import search, services
from passend.supply.models import InspectionMeasure, Offer
from passend.supply.rules import room
from passend.supply.rules.room import RoomQuery
from tests.factories import InspectionMeasureFactory, OfferFactory, OrganisationFactory


@pytest.fixture
def committed(django_db_blocker):
    """Listed before ``transactional_db``, so this teardown runs after its flush: it puts back
    the reference data the flush emptied, and the access log's append-only guard on TRUNCATE
    that ``supply`` lifts on PostgreSQL so the flush can empty the test database (the audit
    tests check the guard)."""
    yield
    with django_db_blocker.unblock():
        _access_log_truncate_guard("ENABLE")
        call_command("load_reference_data", verbosity=0, stdout=io.StringIO())


def _access_log_truncate_guard(state: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"ALTER TABLE audit_accesslogentry {state} TRIGGER audit_accesslogentry_no_truncate"
            )


@pytest.fixture
def supply(committed, transactional_db):
    _access_log_truncate_guard("DISABLE")
    offer = OfferFactory(places=6, occupied=4)
    partner = OfferFactory(ambulant=True, location=offer.location, needs=["ggz"])
    return offer, partner


def indexed(offer: Offer):
    """The offer as the in-memory index holds it today (None: not in the index)."""
    return search.national_index(timezone.localdate()).by_id.get(str(offer.pk))


def test_the_index_is_reused_while_no_offer_changed(supply, django_assert_num_queries):
    day = timezone.localdate()
    first = search.national_index(day)
    with django_assert_num_queries(1):  # count and sum of the active offers' revisions
        assert search.national_index(day) is first
    assert search.national_index(day + timedelta(days=1)) is not first


def test_only_the_changed_offer_is_read_again(supply, django_assert_num_queries):
    offer, partner = supply
    before = search.national_index(timezone.localdate())
    services.update_capacity(
        offer, places=6, occupied=6, expected_wait_days=0, user=None, channel="api"
    )
    with django_assert_num_queries(5):  # count and sum; revisions; the offer, its cooperations
        # and its provider's measures
        after = search.national_index(timezone.localdate())
    assert after.by_id[str(offer.pk)].free_places == 0
    assert after.by_id[str(partner.pk)] is before.by_id[str(partner.pk)]


def capacity(offer, partner):
    services.update_capacity(
        offer, places=6, occupied=6, expected_wait_days=30, user=None, channel="api"
    )
    return lambda found: (found.free_places, found.wait_days) == (0, 30)


def deactivated(offer, partner):
    offer.active = False
    offer.save()
    return lambda found: found is None


def deleted(offer, partner):
    offer.delete()
    return lambda found: found is None


def cooperation(offer, partner):
    offer.cooperates_with.add(partner)
    return lambda found: found.cooperates_with == {str(partner.pk)}


def client_stop(offer, partner):
    InspectionMeasureFactory(provider=offer.location.organisation, kind="clientenstop")
    return lambda found: found.client_stop


def client_stop_in_bulk(offer, partner):
    InspectionMeasure.objects.bulk_create(
        [
            InspectionMeasure(
                provider=offer.location.organisation,
                kind="clientenstop",
                start=timezone.localdate(),
            )
        ]
    )
    return lambda found: found.client_stop


def client_stop_lifted(offer, partner):
    measure = InspectionMeasureFactory(provider=offer.location.organisation, kind="clientenstop")
    assert indexed(offer).client_stop
    measure.delete()
    return lambda found: not found.client_stop


def client_stop_ended_in_bulk(offer, partner):
    InspectionMeasureFactory(provider=offer.location.organisation, kind="clientenstop")
    assert indexed(offer).client_stop
    InspectionMeasure.objects.filter(provider=offer.location.organisation).update(
        end=timezone.localdate() - timedelta(days=1)
    )
    return lambda found: not found.client_stop


def client_stop_moved_to_another_provider(offer, partner):
    measure = InspectionMeasureFactory(provider=offer.location.organisation, kind="clientenstop")
    assert indexed(offer).client_stop
    measure.provider = OrganisationFactory()
    measure.save()
    return lambda found: not found.client_stop


def cooperation_named_by_the_partner(offer, partner):
    partner.cooperating_offers.add(offer)
    return lambda found: found.cooperates_with == {str(partner.pk)}


def cooperations_cleared_from_the_partner(offer, partner):
    offer.cooperates_with.add(partner)
    assert indexed(offer).cooperates_with
    partner.cooperating_offers.clear()
    return lambda found: found.cooperates_with == frozenset()


def client_stop_moved_here_in_bulk(offer, partner):
    elsewhere = OrganisationFactory()
    InspectionMeasureFactory(provider=elsewhere, kind="clientenstop")
    InspectionMeasure.objects.filter(provider=elsewhere).update(
        provider=offer.location.organisation
    )
    return lambda found: found.client_stop


def partner_deleted(offer, partner):
    offer.cooperates_with.add(partner)
    assert indexed(offer).cooperates_with
    partner.delete()
    return lambda found: found.cooperates_with == frozenset()


def moved(offer, partner):
    location = offer.location
    location.municipality = Municipality.objects.get(cbs_code="0363")
    location.save()
    return lambda found: found.municipality == "0363"


def provider_renamed(offer, partner):
    provider = offer.location.organisation
    provider.reference = "renamed-provider"
    provider.save()
    return lambda found: found.provider == "renamed-provider"


def bulk_update(offer, partner):
    offer.expected_wait_days = 99
    Offer.objects.bulk_update([offer], ["expected_wait_days"])
    return lambda found: found.wait_days == 99


@pytest.mark.parametrize(
    "write",
    [
        capacity,
        deactivated,
        deleted,
        cooperation,
        client_stop,
        client_stop_in_bulk,
        client_stop_lifted,
        client_stop_ended_in_bulk,
        client_stop_moved_to_another_provider,
        client_stop_moved_here_in_bulk,
        partner_deleted,
        cooperation_named_by_the_partner,
        cooperations_cleared_from_the_partner,
        moved,
        provider_renamed,
        bulk_update,
    ],
)
def test_every_committed_write_is_seen_by_the_next_search(supply, write):
    offer, partner = supply
    before = indexed(offer)
    assert before is not None
    assert not before.client_stop
    expected = write(offer, partner)
    assert expected(indexed(offer))


def test_a_search_inside_a_transaction_sees_its_own_write_and_keeps_nothing(supply):
    offer, _partner = supply
    revision = Offer.objects.get(pk=offer.pk).revision
    before = indexed(offer)
    seen_inside = []

    def fill_then_fail():
        with transaction.atomic():
            services.update_capacity(
                offer, places=6, occupied=6, expected_wait_days=0, user=None, channel="api"
            )
            seen_inside.append(indexed(offer).free_places)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        fill_then_fail()
    assert seen_inside == [0]
    assert Offer.objects.get(pk=offer.pk).revision == revision
    assert indexed(offer) is before
    assert indexed(offer).free_places == 2


def test_where_is_room_answers_from_the_index_after_a_capacity_update(supply):
    offer, _partner = supply
    query = RoomQuery(
        care_form="residentieel",
        needs=frozenset({"gedrag"}),
        age=14,
        max_wait_days=0,
        region=None,
    )
    [row] = search.where_is_room(query, timezone.localdate())
    assert row.offer_ids == (str(offer.pk),)
    assert row.free_places == {str(offer.pk): 2}
    services.update_capacity(
        offer, places=6, occupied=6, expected_wait_days=60, user=None, channel="api"
    )
    assert search.where_is_room(query, timezone.localdate()) == []


def test_many_changed_offers_are_read_in_one_go(supply, monkeypatch):
    offer, partner = supply
    before = search.national_index(timezone.localdate())
    monkeypatch.setattr(search, "REREAD_ALL_ABOVE", 0)
    services.update_capacity(
        offer, places=6, occupied=6, expected_wait_days=0, user=None, channel="api"
    )
    after = search.national_index(timezone.localdate())
    assert after.by_id[str(offer.pk)].free_places == 0
    assert after.by_id[str(partner.pk)] is not before.by_id[str(partner.pk)]  # read again
    assert after == room.OfferIndex.of(after.offers)


def test_a_write_outside_passend_is_seen_once_the_index_is_old_enough(supply, monkeypatch):
    """SQL typed into a database console gives no offer a new revision; the full read every
    READ_ALL_AFTER_SECONDS bounds how long it stays unseen."""
    offer, _partner = supply
    assert indexed(offer).free_places == 2
    with connection.cursor() as cursor:
        cursor.execute("UPDATE supply_offer SET occupied = places WHERE id = %s", [offer.pk])
    assert indexed(offer).free_places == 2
    monkeypatch.setattr(search, "READ_ALL_AFTER_SECONDS", 0)
    assert indexed(offer).free_places == 0
