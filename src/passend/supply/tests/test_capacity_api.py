"""Capacity and waiting lists through the API: invalid input is refused and changes nothing;
another organisation's offer is not found."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from passend.accounts.roles import Role
from passend.audit.models import AccessLogEntry
from passend.supply.models import CapacityUpdate, Offer, WaitingListEntry
from tests.factories import InspectionMeasureFactory, WaitingListEntryFactory


def put(client, offer_id: int, body: dict):
    return client.put(
        reverse("api:offer-capacity", kwargs={"offer_id": offer_id}),
        json.dumps(body),
        content_type="application/json",
    )


@pytest.fixture
def staff(client, chain):
    client.force_login(chain.users[Role.PROVIDER_STAFF])
    return client


def snapshot(offer: Offer) -> tuple:
    offer.refresh_from_db()
    return (offer.places, offer.occupied, offer.expected_wait_days, offer.capacity_updated_at)


def test_a_valid_update_changes_the_offer_and_is_kept_as_history(staff, chain):
    offer = chain.own.offer
    response = put(staff, offer.pk, {"places": 8, "occupied": 3, "expected_wait_days": 21})
    assert response.status_code == 200
    body = response.json()
    assert (body["places"], body["occupied"], body["free_places"]) == (8, 3, 5)
    assert body["stale"] is False
    update = CapacityUpdate.objects.get(offer=offer)
    assert (update.places, update.occupied, update.expected_wait_days) == (8, 3, 21)
    assert update.updated_by == chain.users[Role.PROVIDER_STAFF]
    assert update.channel == "api"
    history = staff.get(reverse("api:offer-capacity-history", kwargs={"offer_id": offer.pk}))
    assert [row["places"] for row in history.json()] == [8]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"places": -1, "occupied": 0, "expected_wait_days": 0}, "negative"),
        ({"places": 4, "occupied": -2, "expected_wait_days": 0}, "negative"),
        ({"places": 4, "occupied": 5, "expected_wait_days": 0}, "occupied of only 4"),
        ({"places": 4, "occupied": 1, "expected_wait_days": -3}, "negative"),
        ({"places": "vier", "occupied": 1, "expected_wait_days": 0}, "integer"),
        ({"occupied": 1}, "required"),
        # Beyond the sanity bounds: a validation error, not a database overflow (500).
        ({"places": 10**20, "occupied": 0, "expected_wait_days": 0}, "less than or equal to 10000"),
        ({"places": 4, "occupied": 10_001, "expected_wait_days": 0}, "less than or equal to 10000"),
        ({"places": 4, "occupied": 1, "expected_wait_days": 3_651}, "less than or equal to 3650"),
        ({"places": 1e5, "occupied": 0, "expected_wait_days": 0}, "less than or equal to 10000"),
    ],
)
def test_invalid_capacity_is_refused_with_a_clear_error_and_changes_nothing(
    staff, chain, body, message
):
    before = snapshot(chain.own.offer)
    response = put(staff, chain.own.offer.pk, body)
    assert response.status_code == 422
    assert message in json.dumps(response.json()).lower()
    assert snapshot(chain.own.offer) == before
    assert not CapacityUpdate.objects.exists()


def test_unknown_and_foreign_offers_answer_alike(staff, chain):
    before = snapshot(chain.other.offer)
    body = {"places": 8, "occupied": 3, "expected_wait_days": 0}
    foreign = put(staff, chain.other.offer.pk, body)
    unknown = put(staff, 999_999, body)
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == unknown.json()
    assert snapshot(chain.other.offer) == before


def test_waiting_list_flow_through_the_api(staff, chain):
    offer = chain.own.offer
    youth = chain.own.second_youth
    url = reverse("api:waiting-list-add", kwargs={"offer_id": offer.pk})
    today = timezone.localdate()
    added = staff.post(
        url,
        json.dumps({"youth": youth.pseudonym, "registered_on": str(today - timedelta(days=9))}),
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    entry_id = added.json()["id"]
    again = staff.post(
        url,
        json.dumps({"youth": youth.pseudonym, "registered_on": str(today)}),
        content_type="application/json",
    )
    assert again.status_code == 422
    assert "already" in json.dumps(again.json())
    change_url = reverse(
        "api:waiting-list-entry", kwargs={"offer_id": offer.pk, "entry_id": entry_id}
    )
    bad = staff.patch(
        change_url,
        json.dumps({"intake_on": str(today - timedelta(days=20))}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert WaitingListEntry.objects.get(pk=entry_id).intake_on is None
    good = staff.patch(
        change_url,
        json.dumps({"intake_on": str(today - timedelta(days=2))}),
        content_type="application/json",
    )
    assert good.status_code == 200
    assert good.json()["intake_on"] == str(today - timedelta(days=2))
    listing = staff.get(reverse("api:waiting-list", kwargs={"offer_id": offer.pk}))
    assert [row["youth"] for row in listing.json()] == [youth.pseudonym]
    assert AccessLogEntry.objects.filter(youth=youth.pseudonym, object_type="waiting list").exists()


def test_a_client_stop_refuses_new_youth(staff, chain):
    InspectionMeasureFactory(provider=chain.own.provider, kind="clientenstop")
    response = staff.post(
        reverse("api:waiting-list-add", kwargs={"offer_id": chain.own.offer.pk}),
        json.dumps({"youth": chain.own.second_youth.pseudonym, "registered_on": "2026-11-01"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "client stop" in json.dumps(response.json())
    assert not WaitingListEntry.objects.filter(youth=chain.own.second_youth).exists()


def test_a_start_under_a_client_stop_is_refused_and_changes_nothing(staff, chain):
    """A start makes a new client, so recording one for a day under a client stop would bypass
    the stop; the intake likewise. The refusal names the stop and the day."""
    today = timezone.localdate()
    InspectionMeasureFactory(
        provider=chain.own.provider, kind="clientenstop", start=today - timedelta(days=10)
    )
    entry = WaitingListEntryFactory(
        offer=chain.own.offer,
        youth=chain.own.second_youth,
        registered_on=today - timedelta(days=30),
        intake_on=today - timedelta(days=20),
    )
    url = reverse(
        "api:waiting-list-entry", kwargs={"offer_id": chain.own.offer.pk, "entry_id": entry.pk}
    )
    changes = AccessLogEntry.objects.filter(object_type="waiting-list entry").count()
    response = staff.patch(
        url, json.dumps({"started_on": str(today - timedelta(days=1))}), "application/json"
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "offer"]
    assert str(today - timedelta(days=1)) in error["msg"]  # the day under the stop
    entry.refresh_from_db()
    assert (entry.intake_on, entry.started_on) == (today - timedelta(days=20), None)
    assert AccessLogEntry.objects.filter(object_type="waiting-list entry").count() == changes


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"age": 28}, "less than or equal to 27"),
        ({"age": 10**20}, "less than or equal to 27"),
        ({"age": 14, "max_wait_days": 731}, "less than or equal to 730"),
    ],
)
def test_where_is_room_refuses_numbers_beyond_the_bounds(client, chain, query, message):
    client.force_login(chain.users[Role.CARE_BROKER])
    response = client.get(reverse("api:offers-room"), {"care_form": "residentieel", **query})
    assert response.status_code == 422
    assert message in json.dumps(response.json())


def test_a_youth_the_provider_does_not_know_cannot_be_added(staff, chain):
    response = staff.post(
        reverse("api:waiting-list-add", kwargs={"offer_id": chain.own.offer.pk}),
        json.dumps({"youth": chain.other.youth.pseudonym, "registered_on": "2026-11-01"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not WaitingListEntry.objects.filter(
        youth=chain.other.youth, offer=chain.own.offer
    ).exists()


def test_where_is_room_over_the_api(client, chain):
    client.force_login(chain.users[Role.CARE_BROKER])
    response = client.get(
        reverse("api:offers-room"),
        {"care_form": "residentieel", "needs": "gedrag,trauma", "age": 14, "region": "Friesland"},
    )
    assert response.status_code == 200
    rows = response.json()
    assert [row["offers"] for row in rows] == [[chain.own.offer.pk]]
    assert rows[0]["free_places"] == {str(chain.own.offer.pk): 2}
    assert rows[0]["small_scale"] is True
    assert rows[0]["uncovered"] == []


def test_where_is_room_refuses_an_unknown_care_form(client, chain):
    client.force_login(chain.users[Role.CARE_BROKER])
    response = client.get(reverse("api:offers-room"), {"care_form": "kasteel", "age": 14})
    assert response.status_code == 422
