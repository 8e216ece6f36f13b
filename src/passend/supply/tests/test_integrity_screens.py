"""The supply screens keep the same guards as the API, because both go through the services: a
client stop refuses starts and new placements, absurd capacity figures are a form error, and a
missing out-of-region care reason can be recorded on a running placement."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from passend.accounts.roles import Role
from passend.registry.models import Municipality
from passend.supply.models import CapacityUpdate, Placement
from tests.factories import InspectionMeasureFactory, WaitingListEntryFactory


@pytest.fixture
def staff(client, chain):
    client.force_login(chain.users[Role.PROVIDER_STAFF])
    return client


@pytest.fixture
def stop(chain):
    return InspectionMeasureFactory(
        provider=chain.own.provider,
        kind="clientenstop",
        start=timezone.localdate() - timedelta(days=10),
    )


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        ({"places": 10**20, "occupied": 0, "expected_wait_days": 0}, "places"),
        ({"places": 4, "occupied": 10_001, "expected_wait_days": 0}, "occupied"),
        ({"places": 4, "occupied": 1, "expected_wait_days": 3_651}, "expected_wait_days"),
    ],
)
def test_capacity_form_refuses_numbers_beyond_the_bounds(staff, chain, figures, field):
    response = staff.post(reverse("supply:capacity", kwargs={"pk": chain.own.offer.pk}), figures)
    assert response.status_code == 200
    assert response.context["capacity_form"].errors[field]
    chain.own.offer.refresh_from_db()
    assert (chain.own.offer.places, chain.own.offer.occupied) == (6, 4)
    assert not CapacityUpdate.objects.exists()


def test_a_start_under_a_client_stop_is_refused_on_the_screen(staff, chain, stop):
    today = timezone.localdate()
    entry = WaitingListEntryFactory(
        offer=chain.own.offer, youth=chain.own.second_youth, intake_on=today - timedelta(days=20)
    )
    response = staff.post(
        reverse("supply:change-entry", kwargs={"pk": chain.own.offer.pk, "entry": entry.pk}),
        {f"e{entry.pk}-started_on": today.isoformat()},
        follow=True,
    )
    assert any(str(today) in message for message in shown_messages(response))
    entry.refresh_from_db()
    assert entry.started_on is None


def test_a_new_placement_under_a_client_stop_is_refused_on_the_screen(staff, chain, stop):
    response = staff.post(
        reverse("supply:add-placement", kwargs={"pk": chain.own.offer.pk}),
        {
            "youth": chain.own.second_youth.pseudonym,
            "youth_municipality": "0080",
            "start": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "client stop" in " ".join(response.context["placement_form"].non_field_errors())
    assert not Placement.objects.filter(youth=chain.own.second_youth).exists()


def test_a_missing_care_reason_is_recorded_later_and_the_flag_disappears(staff, chain):
    placement = chain.own.placement  # the own offer lies in Friesland
    placement.youth_municipality = Municipality.objects.get(cbs_code="0355")  # Zeist, Utrecht
    placement.save()
    offer_url = reverse("supply:offer", kwargs={"pk": chain.own.offer.pk})

    def flagged() -> bool:
        page = staff.get(offer_url)
        return {i["placement"].pk: i["flagged"] for i in page.context["placements"]}[placement.pk]

    assert flagged() is True
    change_url = reverse(
        "supply:change-placement", kwargs={"pk": chain.own.offer.pk, "placement": placement.pk}
    )
    prefix = f"p{placement.pk}"
    staff.post(
        change_url,
        {
            f"{prefix}-out_of_region_reason": "anders",
            f"{prefix}-out_of_region_note": "Broer woont op de groep",
        },
    )
    placement.refresh_from_db()
    assert (placement.out_of_region_reason, placement.out_of_region_note) == (
        "anders",
        "Broer woont op de groep",
    )
    assert flagged() is False
    # Saving another fact later with the reason left empty keeps the recorded reason.
    school = placement.start + timedelta(days=1)
    staff.post(change_url, {f"{prefix}-education_started_on": school.isoformat()})
    placement.refresh_from_db()
    assert (placement.education_started_on, placement.out_of_region_reason) == (school, "anders")
    assert placement.out_of_region_note == "Broer woont op de groep"


def test_an_unknown_care_reason_is_refused(staff, chain):
    placement = chain.own.placement
    response = staff.post(
        reverse(
            "supply:change-placement",
            kwargs={"pk": chain.own.offer.pk, "placement": placement.pk},
        ),
        {f"p{placement.pk}-out_of_region_reason": "kasteel"},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    placement.refresh_from_db()
    assert placement.out_of_region_reason == ""
