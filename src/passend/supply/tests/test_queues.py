"""The queue screen: youth on a crisis place too long and youth waiting for follow-up help,
listed by pseudonym for the provider (its own offers) and the expert team (its region), every
youth shown written to the access log; officers and inspectors keep the counts only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from passend.accounts.roles import Role
from passend.audit.models import AccessLogEntry, Action, Outcome
from passend.supply.models import Placement
from tests.factories import OfferFactory, PlacementFactory, YouthFactory


@dataclass
class Queued:
    own_long: Placement
    """A youth of the own region on the own provider's crisis place, over the limit."""
    own_short: Placement
    """A youth on the own provider's crisis place, within the limit."""
    own_region_elsewhere: Placement
    """A youth of the own region on another provider's crisis place, over the limit."""
    other_region: Placement
    """A youth of the other region on the other provider's crisis place, over the limit."""


@pytest.fixture
def queued(chain) -> Queued:
    today = timezone.localdate()
    limit = settings.CRISIS_STAY_MAX_DAYS
    own_municipality = chain.own.placement.youth_municipality
    other_municipality = chain.other.placement.youth_municipality
    own_crisis = OfferFactory(location=chain.own.offer.location, care_form="crisis")
    other_crisis = OfferFactory(location=chain.other.offer.location, care_form="crisis")

    def crisis(offer, municipality, days):
        return PlacementFactory(
            offer=offer,
            youth=YouthFactory(),
            youth_municipality=municipality,
            start=today - timedelta(days=days),
            crisis=True,
        )

    # The chain's own placement (5 days ago) is ready to leave since 2 days: the follow-up queue.
    chain.own.placement.ready_to_leave_on = today - timedelta(days=2)
    chain.own.placement.save()
    return Queued(
        own_long=crisis(own_crisis, own_municipality, limit + 12),
        own_short=crisis(own_crisis, own_municipality, limit),
        own_region_elsewhere=crisis(other_crisis, own_municipality, limit + 3),
        other_region=crisis(other_crisis, other_municipality, limit + 30),
    )


def pseudonyms(rows) -> list[str]:
    return [row["placement"].youth.pseudonym for row in rows]


def test_provider_staff_see_the_youth_of_their_own_offers_only(client, chain, queued):
    client.force_login(chain.users[Role.PROVIDER_STAFF])
    page = client.get(reverse("supply:queues"))
    assert page.status_code == 200
    assert pseudonyms(page.context["crisis_stays"]) == [queued.own_long.youth.pseudonym]
    assert pseudonyms(page.context["follow_up"]) == [chain.own.youth.pseudonym]
    stay = page.context["crisis_stays"][0]
    assert (stay["since"], stay["days"], stay["over_limit_days"]) == (
        queued.own_long.start,
        settings.CRISIS_STAY_MAX_DAYS + 12,
        12,
    )
    wait = page.context["follow_up"][0]
    assert (wait["since"], wait["days"]) == (chain.own.placement.ready_to_leave_on, 2)
    html = page.content.decode()
    assert queued.own_long.youth.pseudonym in html
    assert reverse("supply:offer", kwargs={"pk": queued.own_long.offer.pk}) in html


def test_the_expert_team_sees_its_regions_youth_wherever_they_are_placed(client, chain, queued):
    client.force_login(chain.users[Role.CARE_BROKER])
    page = client.get(reverse("supply:queues"))
    assert page.status_code == 200
    # Longest first: limit + 12 at the own provider, limit + 3 at the other region's provider.
    assert pseudonyms(page.context["crisis_stays"]) == [
        queued.own_long.youth.pseudonym,
        queued.own_region_elsewhere.youth.pseudonym,
    ]
    assert pseudonyms(page.context["follow_up"]) == [chain.own.youth.pseudonym]


def test_only_pseudonyms_are_shown_never_a_name_or_bsn(client, chain, queued):
    youth = queued.own_long.youth
    youth.bsn = "111222333"
    youth.save()
    client.force_login(chain.users[Role.CARE_BROKER])
    html = client.get(reverse("supply:queues")).content.decode()
    assert youth.pseudonym in html
    for secret in (youth.bsn, youth.given_name, youth.family_name):
        assert secret not in html


def test_every_youth_shown_is_in_the_access_log(client, chain, queued):
    user = chain.users[Role.CARE_BROKER]
    client.force_login(user)
    client.get(reverse("supply:queues"))
    logged = AccessLogEntry.objects.filter(user_id_at_time=user.pk, object_type="placement queues")
    shown = {
        queued.own_long.youth.pseudonym,
        queued.own_region_elsewhere.youth.pseudonym,
        chain.own.youth.pseudonym,
    }
    assert sorted(entry.youth for entry in logged) == sorted(shown)  # once each
    assert {(entry.action, entry.outcome, entry.role) for entry in logged} == {
        (Action.SEARCH, Outcome.ALLOWED, Role.CARE_BROKER)
    }


@pytest.mark.parametrize(
    "role", [Role.MUNICIPAL_OFFICER, Role.INSPECTOR, Role.PROTECTOR, Role.TEAM_LEAD]
)
def test_other_roles_are_refused_and_nothing_is_logged(client, chain, queued, role):
    """Officers and inspectors read the counts on the overview; nobody is listed for them."""
    client.force_login(chain.users[role])
    assert client.get(reverse("supply:queues")).status_code == 403
    assert not AccessLogEntry.objects.filter(object_type="placement queues").exists()


def test_the_overview_counts_and_links_the_queues_for_the_expert_team_only(client, chain, queued):
    region = chain.own.placement.youth_municipality.youth_care_region
    params = {"region": region.pk, "as_of": timezone.localdate().isoformat()}
    link = reverse("supply:queues")
    client.force_login(chain.users[Role.CARE_BROKER])
    broker = client.get(reverse("supply:overview"), params)
    assert broker.context["may_list_queues"] is True
    assert link in broker.content.decode()
    client.force_login(chain.users[Role.MUNICIPAL_OFFICER])
    officer = client.get(reverse("supply:overview"), params)
    assert officer.context["may_list_queues"] is False
    assert link not in officer.content.decode()
    # The officer's counts are the youth the expert team sees listed: the region's youth
    # wherever placed (own_long and own_region_elsewhere; own_short is within the limit).
    listed = client.get(reverse("supply:queues"))
    assert listed.status_code == 403
    client.force_login(chain.users[Role.CARE_BROKER])
    listed = client.get(reverse("supply:queues")).context
    view = officer.context["view"]
    assert len(view.crisis_stays) == len(listed["crisis_stays"]) == 2
    assert len(view.follow_up) == len(listed["follow_up"]) == 1


def test_provider_staff_find_the_queues_from_my_offers(client, chain):
    client.force_login(chain.users[Role.PROVIDER_STAFF])
    assert reverse("supply:queues") in client.get(reverse("supply:offers")).content.decode()
