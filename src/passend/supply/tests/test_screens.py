"""The supply screens: provider staff keep capacity and waiting lists; referrers search for room;
officers and inspectors see the regional overview and export it with small numbers suppressed."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from passend.accounts.roles import Role
from passend.registry.models import YouthCareRegion
from passend.supply.models import CapacityUpdate, Placement, WaitingListEntry
from tests.factories import OfferFactory


def test_my_offers_marks_stale_figures_and_reminds_the_provider(client, chain):
    stale = OfferFactory(
        location=chain.own.offer.location, capacity_updated_at=timezone.now() - timedelta(days=8)
    )
    client.force_login(chain.users[Role.PROVIDER_STAFF])
    page = client.get(reverse("supply:offers"))
    rows = {row["offer"].pk: row["stale"] for row in page.context["rows"]}
    assert rows == {chain.own.offer.pk: False, stale.pk: True}
    assert page.context["stale_count"] == 1


def test_capacity_on_the_screen_refuses_more_occupied_than_places(client, chain):
    client.force_login(chain.users[Role.PROVIDER_STAFF])
    url = reverse("supply:capacity", kwargs={"pk": chain.own.offer.pk})
    refused = client.post(url, {"places": 3, "occupied": 4, "expected_wait_days": 0})
    assert refused.status_code == 200
    assert refused.context["capacity_form"].errors["occupied"]
    assert not CapacityUpdate.objects.exists()
    accepted = client.post(url, {"places": 3, "occupied": 2, "expected_wait_days": 7})
    assert accepted.status_code == 302
    chain.own.offer.refresh_from_db()
    assert (chain.own.offer.places, chain.own.offer.occupied) == (3, 2)


def test_waiting_list_on_the_screen(client, chain):
    client.force_login(chain.users[Role.PROVIDER_STAFF])
    offer = chain.own.offer
    youth = chain.own.second_youth
    today = timezone.localdate()
    response = client.post(
        reverse("supply:add-entry", kwargs={"pk": offer.pk}),
        {"youth": youth.pseudonym, "registered_on": today.isoformat(), "needs": ["gedrag", "ggz"]},
    )
    assert response.status_code == 302
    entry = WaitingListEntry.objects.get(youth=youth)
    assert entry.needs == ["gedrag", "ggz"]
    page = client.get(reverse("supply:offer", kwargs={"pk": offer.pk}))
    assert youth.pseudonym in page.content.decode()
    # A start before the intake is refused and nothing changes.
    client.post(
        reverse("supply:change-entry", kwargs={"pk": offer.pk, "entry": entry.pk}),
        {f"e{entry.pk}-intake_on": today.isoformat(), f"e{entry.pk}-started_on": "2020-01-01"},
    )
    entry.refresh_from_db()
    assert (entry.intake_on, entry.started_on) == (None, None)


def test_a_placement_out_of_region_without_reason_is_recorded_and_flagged(client, chain):
    client.force_login(chain.users[Role.PROVIDER_STAFF])
    offer = chain.own.offer  # in Friesland
    response = client.post(
        reverse("supply:add-placement", kwargs={"pk": offer.pk}),
        {
            "youth": chain.own.second_youth.pseudonym,
            "youth_municipality": "0355",  # Zeist: another youth-care region
            "start": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    placement = Placement.objects.get(youth=chain.own.second_youth)
    assert placement.out_of_region_reason == ""
    page = client.get(reverse("supply:offer", kwargs={"pk": offer.pk}))
    flagged = {item["placement"].pk: item["flagged"] for item in page.context["placements"]}
    assert flagged[placement.pk] is True


def test_where_is_room_screen_lists_the_offer_with_free_places(client, chain):
    client.force_login(chain.users[Role.PROTECTOR])
    region = YouthCareRegion.objects.get(name="Friesland")
    page = client.get(
        reverse("supply:room"),
        {
            "care_form": "residentieel",
            "needs": ["gedrag"],
            "age": 15,
            "region": region.pk,
            "max_wait_days": 30,
        },
    )
    assert page.status_code == 200
    assert [item["row"].offer_ids for item in page.context["rows"]] == [(str(chain.own.offer.pk),)]


def test_overview_screen_and_export_suppress_small_numbers(client, chain):
    client.force_login(chain.users[Role.MUNICIPAL_OFFICER])
    region = YouthCareRegion.objects.get(name="Friesland")
    params = {"region": region.pk, "as_of": timezone.localdate().isoformat()}
    page = client.get(reverse("supply:overview"), params)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    export = client.get(reverse("supply:overview"), {**params, "export": "csv"})
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    running = next(r for r in rows if r["figure"] == "running")
    assert running["value"] == "< 10"  # one placement in the chain
    places = next(
        r
        for r in rows
        if (r["section"], r["key"], r["figure"]) == ("care_form", "residentieel", "places")
    )
    assert places["value"] == "6"  # places are not about youth: never suppressed
