"""The supply screens: provider staff keep capacity and waiting lists; referrers search for room;
officers and inspectors see the regional overview and export it with small numbers suppressed."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from passend.accounts.roles import Role
from passend.registry.models import YouthCareRegion
from passend.supply.models import CapacityUpdate, Placement, WaitingListEntry
from tests.factories import OfferFactory, WaitingListEntryFactory


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


def in_english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def row_cells(html: str, label: str) -> list[str]:
    """The data cells of the table row headed by ``label``."""
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.DOTALL)
    assert row, f"no row {label!r}"
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.DOTALL)


def test_the_overview_shows_zero_as_0_and_only_a_missing_figure_as_a_dash(client, chain):
    """A wait of 0 days and 0 youth still waiting are figures; "–" means there is none."""
    today = timezone.localdate()
    location = chain.own.offer.location
    same_day = today - timedelta(days=10)
    WaitingListEntryFactory(
        offer=OfferFactory(location=location, care_form="pleegzorg"),
        registered_on=same_day,
        intake_on=same_day,
        started_on=same_day,
    )
    WaitingListEntryFactory(
        offer=OfferFactory(location=location, care_form="gezinshuis"),
        registered_on=today - timedelta(days=3),
    )
    placement = chain.own.placement
    placement.education_started_on = placement.start  # school on the first day: 0 days
    placement.save()
    in_english(client)
    client.force_login(chain.users[Role.MUNICIPAL_OFFICER])
    region = location.municipality.youth_care_region
    page = client.get(reverse("supply:overview"), {"region": region.pk, "as_of": today.isoformat()})
    html = page.content.decode()
    # intake median, p90, % over; start median, p90, % over; waiting for intake, for start
    assert row_cells(html, "Foster care") == ["0", "0", "0", "0", "0", "0", "0", "0"]
    assert row_cells(html, "Family home") == ["–", "–", "0", "–", "–", "–", "1", "0"]
    assert page.context["view"].days_to_school_median == 0
    assert re.search(r"Median days to school or daytime activity</dt><dd>0</dd>", html)


def test_the_offer_page_shows_a_median_of_0_days(client, chain):
    today = timezone.localdate()
    WaitingListEntryFactory(
        offer=chain.own.offer,
        registered_on=today - timedelta(days=3),
        intake_on=today - timedelta(days=3),
        started_on=today - timedelta(days=3),
    )
    chain.own.entry.delete()
    in_english(client)
    client.force_login(chain.users[Role.PROVIDER_STAFF])
    html = client.get(reverse("supply:offer", kwargs={"pk": chain.own.offer.pk})).content.decode()
    # completed, median, p90, still waiting, % over norm
    assert row_cells(html, "Registration → intake") == ["1", "0", "0", "0", "0"]


def test_where_is_room_shows_free_places_and_last_update_per_offer(client, chain):
    offer = chain.own.offer
    offer.capacity_updated_at = timezone.now() - timedelta(
        days=settings.SUPPLY_STALE_AFTER_DAYS + 1
    )
    offer.save()
    in_english(client)
    client.force_login(chain.users[Role.PROTECTOR])
    page = client.get(
        reverse("supply:room"),
        {
            "care_form": "residentieel",
            "age": 15,
            "region": offer.location.municipality.youth_care_region.pk,
            "max_wait_days": 30,
        },
    )
    (item,) = page.context["rows"]
    (shown,) = item["offers"]
    assert (shown["offer"].free_places, shown["updated_at"], shown["stale"]) == (
        2,
        offer.capacity_updated_at,
        True,
    )
    cells = re.findall(r"<td[^>]*>(.*?)</td>", page.content.decode(), re.DOTALL)
    assert "2" in cells  # free places
    last_update = cells[-1]
    assert timezone.localtime(offer.capacity_updated_at).strftime("%Y") in last_update
    assert 'class="badge badge-overdue">stale</span>' in last_update


def test_the_packages_of_a_help_request_flag_stale_offers(client, chain):
    """The waits and free places of a package come from capacity figures: an offer whose
    figures are old carries the same stale badge as in "where is room?"."""
    location = chain.own.offer.location
    fresh = OfferFactory(location=location, care_form="pleegzorg", needs=["gedrag"])
    stale = OfferFactory(
        location=location,
        care_form="pleegzorg",
        needs=["gedrag"],
        capacity_updated_at=timezone.now() - timedelta(days=settings.SUPPLY_STALE_AFTER_DAYS + 1),
    )
    help_request = chain.own.help_request  # foster care for behaviour
    in_english(client)
    client.force_login(chain.users[Role.PROTECTOR])
    page = client.get(reverse("referrals:request", kwargs={"pk": help_request.pk}))
    assert page.status_code == 200
    flags = {
        o["offer"].pk: o["stale"] for package in page.context["packages"] for o in package["offers"]
    }
    assert flags == {fresh.pk: False, stale.pk: True}
    html = page.content.decode()
    assert html.count('class="badge badge-overdue">stale</span>') == 1
    assert "<title>Help request – Passend</title>" in html
