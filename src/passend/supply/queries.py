"""Scoped reads of supply data, and the conversions into the pure rules' plain data."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from passend.accounts import policy
from passend.accounts.models import User
from passend.matching.rules.model import Offer as MatchOffer
from passend.supply.models import InspectionMeasure, Offer, Placement, WaitingListEntry
from passend.supply.rules import offers as offer_rules


def stale_after() -> timedelta:
    return timedelta(days=settings.SUPPLY_STALE_AFTER_DAYS)


def is_stale(updated_at: datetime | None, now: datetime | None = None) -> bool:
    return offer_rules.is_stale(updated_at, now or timezone.now(), stale_after())


def managed_offers(user: User) -> QuerySet[Offer]:
    """Offers the user keeps up to date (:func:`passend.accounts.policy.scope_managed_offers`)."""
    return policy.scope_managed_offers(user).select_related(
        "location", "location__municipality", "location__organisation"
    )


def managed_offer(user: User, pk: int) -> Offer:
    """One of the user's own offers, else 404 (another organisation's offer is not found)."""
    offer = managed_offers(user).filter(pk=pk).first()
    if offer is None:
        raise Http404("No such offer.")
    return offer


def managed_entry(offer: Offer, pk: int) -> WaitingListEntry:
    """An entry of a managed offer's waiting list, else 404."""
    entry = (
        WaitingListEntry.objects.filter(offer=offer, pk=pk).select_related("youth", "offer").first()
    )
    if entry is None:
        raise Http404("No such waiting-list entry.")
    return entry


def managed_placement(offer: Offer, pk: int) -> Placement:
    """A placement with a managed offer, else 404."""
    placement = Placement.objects.filter(offer=offer, pk=pk).select_related("youth").first()
    if placement is None:
        raise Http404("No such placement.")
    return placement


def measures_by_provider(providers: QuerySet) -> dict[int, list[offer_rules.InspectionMeasure]]:
    """Provider id → its inspection measures, for the providers a query of ids selects."""
    found: dict[int, list[offer_rules.InspectionMeasure]] = defaultdict(list)
    for measure in InspectionMeasure.objects.filter(provider_id__in=providers):
        found[measure.provider_id].append(measure.as_rule())
    return found


def offers_as_matching(queryset: QuerySet[Offer], day: date) -> list[MatchOffer]:
    """The offers as the matching core sees them on ``day``.

    Three queries whatever the number of offers: the offers, their cooperations, and the
    inspection measures of their providers (the last two select through a subquery, so a
    national search sends no list of thousands of ids).
    """
    rows = list(
        queryset.order_by("pk").values(
            "pk",
            "care_form",
            "needs",
            "age_min",
            "age_max",
            "places",
            "occupied",
            "expected_wait_days",
            "group_size",
            "staff_ratio",
            "education_partner",
            "location__organisation_id",
            "location__organisation__reference",
            "location__municipality__cbs_code",
        )
    )
    cooperation: dict[int, set[str]] = defaultdict(set)
    through = Offer.cooperates_with.through.objects.filter(
        from_offer_id__in=queryset.order_by().values("pk")
    )
    for source, target in through.values_list("from_offer_id", "to_offer_id"):
        cooperation[source].add(str(target))
    measures = measures_by_provider(queryset.order_by().values("location__organisation_id"))
    return [
        offer_rules.matching_offer(
            id=str(row["pk"]),
            provider=row["location__organisation__reference"],
            municipality=row["location__municipality__cbs_code"],
            care_form=row["care_form"],
            needs=row["needs"],
            age_min=row["age_min"],
            age_max=row["age_max"],
            places=row["places"],
            occupied=row["occupied"],
            wait_days=row["expected_wait_days"],
            measures=measures.get(row["location__organisation_id"], ()),
            day=day,
            group_size=row["group_size"],
            staff_ratio=row["staff_ratio"],
            cooperates_with=cooperation.get(row["pk"], ()),
            education=bool(row["education_partner"]),
        )
        for row in rows
    ]
