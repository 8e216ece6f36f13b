"""Help requests: ranked packages with "why not", proposing puts the youth on the waiting
lists, the what-if run changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from passend.accounts.roles import Role
from passend.audit import log
from passend.audit.models import AccessLogEntry
from passend.matching.rules.outcome import ranked
from passend.matching.rules.weights import Settings
from passend.referrals import queries, services
from passend.referrals.models import HelpRequest, Proposal
from passend.referrals.views import CRITERIA
from passend.registry.models import Municipality, YouthCareRegion
from passend.supply.models import WaitingListEntry
from tests.factories import OfferFactory


def request_for(side, user, **profile) -> HelpRequest:
    defaults = {
        "youth": side.youth,
        "municipality": side.offer.location.municipality,
        "care_form": "residentieel",
        "needs": ["gedrag", "ggz"],
        "urgency": "high",
        "waiting_since": date(2026, 10, 1),
        "max_wait_days": 30,
        "organisation": user.organisation,
        "created_by": user,
    }
    return HelpRequest.objects.create(**{**defaults, **profile})


@pytest.fixture
def referral(chain):
    """The own side's youth needs residential care for behaviour and mental health; the own
    provider's group covers behaviour, an ambulant team working with it covers mental health."""
    ambulant = OfferFactory(
        ambulant=True, location=chain.own.offer.location, needs=["ggz"], name="GGZ thuis"
    )
    chain.own.offer.cooperates_with.add(ambulant)
    return request_for(chain.own, chain.users[Role.PROTECTOR]), ambulant


def test_the_protector_creates_a_request_and_sees_the_packages(client, chain):
    client.force_login(chain.users[Role.PROTECTOR])
    response = client.post(
        reverse("referrals:new"),
        {
            "youth": chain.own.youth.pseudonym,
            "municipality": "0080",
            "care_form": "residentieel",
            "needs": ["gedrag"],
            "urgency": "normal",
            "waiting_since": "2026-11-01",
            "max_wait_days": 70,
        },
    )
    assert response.status_code == 302
    created = HelpRequest.objects.latest("pk")
    assert (created.youth, created.created_by) == (chain.own.youth, chain.users[Role.PROTECTOR])
    page = client.get(response["Location"])
    assert [p["key"] for p in page.context["packages"]] == [str(chain.own.offer.pk)]
    # The score breakdown names each criterion by its label, never by its code.
    [package] = page.context["packages"]
    assert [label for label, _points in package["points"]] == list(CRITERIA.values())
    assert "needs_covered" not in page.content.decode()


def test_a_youth_without_birth_date_cannot_be_matched(client, chain):
    chain.own.youth.birth_date = None
    chain.own.youth.save()
    client.force_login(chain.users[Role.PROTECTOR])
    response = client.post(
        reverse("referrals:new"),
        {
            "youth": chain.own.youth.pseudonym,
            "municipality": "0080",
            "care_form": "residentieel",
            "needs": ["gedrag"],
            "urgency": "normal",
            "waiting_since": "2026-11-01",
            "max_wait_days": 70,
        },
    )
    assert response.status_code == 200
    assert "birth date" in str(response.context["form"].non_field_errors())
    assert HelpRequest.objects.count() == 2  # the chain's own requests only


def test_ranked_packages_explain_themselves_and_other_offers_say_why_not(client, chain, referral):
    help_request, ambulant = referral
    far = OfferFactory(location=chain.own.offer.location, age_min=18, age_max=23, name="Oud")
    client.force_login(chain.users[Role.CARE_BROKER])
    page = client.get(reverse("referrals:request", kwargs={"pk": help_request.pk}))
    assert page.status_code == 200
    best = page.context["packages"][0]
    assert best["key"] == f"{chain.own.offer.pk},{ambulant.pk}"
    assert best["assignment"].explanation.startswith("Dekt 2 van 2 hulpvragen in eigen regio")
    why_not = {row["offer"].pk: row["reasons"] for row in page.context["why_not"]}
    assert any("leeftijd" in reason.lower() for reason in why_not[far.pk])
    assert AccessLogEntry.objects.filter(
        youth=chain.own.youth.pseudonym, user_id_at_time=chain.users[Role.CARE_BROKER].pk
    ).exists()


def test_propose_puts_the_youth_on_every_waiting_list_once(client, chain, referral):
    help_request, ambulant = referral
    client.force_login(chain.users[Role.PROTECTOR])
    url = reverse("referrals:propose", kwargs={"pk": help_request.pk})
    key = f"{chain.own.offer.pk},{ambulant.pk}"
    assert client.post(url, {"offers": key}).status_code == 302
    entries = WaitingListEntry.objects.filter(youth=chain.own.youth, started_on__isnull=True)
    assert {e.offer_id for e in entries} == {chain.own.offer.pk, ambulant.pk}
    assert all(e.needs == ["gedrag", "ggz"] for e in entries)
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.PROPOSED
    proposal = Proposal.objects.get()
    assert proposal.proposed_by == chain.users[Role.PROTECTOR]
    # A second proposal is refused and adds nothing.
    client.post(url, {"offers": str(chain.own.offer.pk)})
    assert Proposal.objects.count() == 1
    assert entries.count() == 2


def best_package(help_request: HelpRequest):
    """The request's best ranked package, as the proposal screen offers it."""
    today = timezone.localdate()
    youth = queries.as_matching_youth(help_request, today)
    catalogue, _stored = queries.catalogue_for({help_request.care_form}, today)
    return ranked(youth, catalogue, Settings())[0]


def test_entries_are_registered_on_the_day_of_the_proposal(chain, referral):
    """The provider's registration date is today, not the day the youth began to wait: the
    provider's waiting figures run from its own registration; the request keeps the rest."""
    help_request, _ambulant = referral
    proposal = services.propose(
        help_request,
        best_package(help_request),
        user=chain.users[Role.PROTECTOR],
        actor=log.Actor.system("test"),
    )
    assert {e.registered_on for e in proposal.entries.all()} == {timezone.localdate()}
    assert help_request.waiting_since == date(2026, 10, 1)


def test_a_stale_request_cannot_be_proposed_twice(chain, referral):
    """The status is read again under a row lock: a second proposal from a copy loaded before
    the first was made is refused and adds nothing."""
    help_request, _ambulant = referral
    stale = HelpRequest.objects.get(pk=help_request.pk)
    package = best_package(help_request)
    arguments = {"user": chain.users[Role.PROTECTOR], "actor": log.Actor.system("test")}
    services.propose(help_request, package, **arguments)
    entries = WaitingListEntry.objects.count()
    assert stale.status == HelpRequest.Status.OPEN
    with pytest.raises(ValidationError, match="already proposed"):
        services.propose(stale, package, **arguments)
    assert (Proposal.objects.count(), WaitingListEntry.objects.count()) == (1, entries)


def test_a_package_that_is_not_ranked_cannot_be_proposed(client, chain, referral):
    help_request, _ambulant = referral
    client.force_login(chain.users[Role.PROTECTOR])
    url = reverse("referrals:propose", kwargs={"pk": help_request.pk})
    client.post(url, {"offers": str(chain.other.offer.pk)})
    assert not Proposal.objects.exists()
    assert not WaitingListEntry.objects.filter(offer=chain.other.offer, youth=chain.own.youth)


def test_another_organisations_request_is_not_found(client, chain):
    other = request_for(chain.other, chain.other.users[Role.PROTECTOR])
    client.force_login(chain.users[Role.PROTECTOR])
    response = client.get(reverse("referrals:request", kwargs={"pk": other.pk}))
    assert response.status_code == 404


def test_what_if_compares_the_strategies_and_stores_nothing(client, chain, referral):
    client.force_login(chain.users[Role.CARE_BROKER])
    region = YouthCareRegion.objects.get(municipalities=Municipality.objects.get(cbs_code="0080"))
    before = WaitingListEntry.objects.count()
    page = client.get(reverse("referrals:what-if"), {"region": region.pk})
    assert page.status_code == 200
    result = page.context["result"]
    assert result["youth"] == 2  # the chain's request and the fixture's, both in Friesland
    metrics = {key: (before_, after) for key, _label, before_, after in result["metrics"]}
    # No foster care on offer: only the residential request gets a package, both ways.
    assert metrics["assigned"] == ("1", "1")
    # First free place takes the first residential offer, which misses the youth's needs; the
    # optimiser picks the one that covers them. Shares are of both youth, shown as percentages.
    assert metrics["share_all_needs_covered"] == ("0.0%", "50.0%")
    assert WaitingListEntry.objects.count() == before


def test_a_second_open_request_for_the_same_care_form_is_refused(client, chain):
    client.force_login(chain.users[Role.PROTECTOR])
    response = client.post(
        reverse("referrals:new"),
        {
            "youth": chain.own.youth.pseudonym,
            "municipality": "0080",
            "care_form": "pleegzorg",
            "needs": ["gedrag"],
            "urgency": "normal",
            "waiting_since": "2026-11-01",
            "max_wait_days": 70,
        },
    )
    assert response.status_code == 200
    assert "already has an open help request" in str(response.context["form"].non_field_errors())
    assert HelpRequest.objects.filter(youth=chain.own.youth).count() == 1


def test_closing_a_request_takes_it_out_of_the_queue(client, chain):
    client.force_login(chain.users[Role.TEAM_LEAD])
    help_request = chain.own.help_request
    url = reverse("referrals:close", kwargs={"pk": help_request.pk})
    assert client.post(url, {"reason": "bogus"}).status_code == 302
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.OPEN  # a bad reason changes nothing
    assert client.post(url, {"reason": "help_started"}).status_code == 302
    help_request.refresh_from_db()
    assert (help_request.status, help_request.closed_reason) == ("closed", "help_started")
    assert help_request.closed_at is not None
    queue = client.get(reverse("referrals:queue"))
    assert help_request not in queue.context["requests"]


def test_what_if_for_a_region_without_open_requests(client, chain):
    """Nobody waiting in the region: both strategies return an empty outcome and the page
    shows the figures as undefined, not an error."""
    client.force_login(chain.users[Role.CARE_BROKER])
    empty = YouthCareRegion.objects.exclude(municipalities__cbs_code="0080").first()
    page = client.get(reverse("referrals:what-if"), {"region": empty.pk})
    assert page.status_code == 200
    result = page.context["result"]
    metrics = {key: (before, after) for key, _label, before, after in result["metrics"]}
    assert (result["youth"], result["changes"]) == (0, [])
    assert metrics["share_all_needs_covered"] == (None, None)
