"""Scoped reads of help requests and the plain data the matching core works on."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from passend.accounts import policy
from passend.accounts.models import User
from passend.matching.rules.model import Offer as MatchOffer
from passend.matching.rules.model import Youth as MatchYouth
from passend.matching.rules.packages import Catalogue
from passend.referrals.models import HelpRequest
from passend.supply import queries as supply_queries
from passend.supply.models import Offer
from passend.vocabulary import COMPLEMENTARY_CARE_FORMS


def scope_requests(user: User) -> QuerySet[HelpRequest]:
    """Requests for youth the user may see (protector, team lead, expert team)."""
    return HelpRequest.objects.filter(youth__in=policy.scope_youth(user)).select_related(
        "youth", "municipality", "municipality__youth_care_region"
    )


def open_requests(user: User) -> QuerySet[HelpRequest]:
    return scope_requests(user).filter(status=HelpRequest.Status.OPEN)


def request_in_scope(user: User, pk: int) -> HelpRequest:
    found = scope_requests(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such help request.")
    return found


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def as_matching_youth(request: HelpRequest, day: date) -> MatchYouth:
    """The request as the matching core's youth; current placements give continuity."""
    current = {
        str(pk)
        for pk in request.youth.placements.filter(end__isnull=True).values_list(
            "offer_id", flat=True
        )
    }
    return MatchYouth(
        id=str(request.pk),
        age=age_on(request.youth.birth_date, day),
        municipality=request.municipality.cbs_code,
        needs=frozenset(request.needs),
        care_form=request.care_form,
        urgency=request.urgency,
        waiting_since=request.waiting_since,
        max_wait_days=request.max_wait_days,
        safety_reason_out_of_region=request.safety_reason_out_of_region,
        current_offers=frozenset(current),
    )


def catalogue_for(care_forms: set[str], day: date) -> tuple[Catalogue, dict[str, Offer]]:
    """Active offers of these care forms and the complementary ones, as a matching catalogue,
    and the stored offers by id (names for the screen)."""
    queryset = Offer.objects.filter(
        active=True, care_form__in=care_forms | set(COMPLEMENTARY_CARE_FORMS)
    )
    offers = supply_queries.offers_as_matching(queryset, day)
    stored = {
        str(o.pk): o
        for o in queryset.select_related(
            "location", "location__organisation", "location__municipality"
        )
    }
    return Catalogue.of(tuple(offers)), stored


def offers_by_id(offers: list[MatchOffer]) -> dict[str, MatchOffer]:
    return {offer.id: offer for offer in offers}
