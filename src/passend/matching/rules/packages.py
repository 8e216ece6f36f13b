"""Every package the hard rules allow for one youth, and the out-of-region rule.

A package (DOMAIN §3) is one primary offer of the youth's care form plus complements of care
form ``ambulant`` or ``dagbehandeling``, each cooperating with the primary or in its region, each
adding a need, at most ``Settings.max_complements`` of them. For each set of offers the youth can
be taken in several ways: for every acceptable wait ``W``, offers with a longer wait than ``W``
must use a free place. Those are the *placements* of the package; each is a package of its own.
Two rules of fit narrow them (:mod:`passend.matching.rules.hard`): the offers cover at least one
of the youth's needs, and out of the own region the primary takes the youth on a free place.

Out of region (DOMAIN §3) only with a recorded safety reason, or when no in-region package with
places left covers as many needs. An in-region package that needs no free place is always
available, so out-of-region packages that cover no more than that are never allowed
(:func:`packages_for` leaves them out); the others depend on which free places the other youth
took, which :func:`out_of_region_reason` judges once an assignment is known.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations

from passend.matching.rules import hard
from passend.matching.rules.model import (
    OUT_OF_REGION_NO_CARE_REASON,
    OUT_OF_REGION_NO_FIT,
    OUT_OF_REGION_SAFETY,
    Offer,
    Package,
    Youth,
)
from passend.vocabulary import NEEDS

NEED_BITS: dict[str, int] = {need: 1 << index for index, need in enumerate(NEEDS)}
"""Each need code as one bit, so sets of needs combine as integers where speed matters."""


def need_mask(needs: Iterable[str]) -> int:
    """The needs as a bit mask (:data:`NEED_BITS`)."""
    mask = 0
    for need in needs:
        mask |= NEED_BITS[need]
    return mask


@dataclass(frozen=True)
class Catalogue:
    """The offers, indexed once: by id, by care form, with each offer's need mask and the
    complement offers that may join it (:func:`hard.linked`)."""

    offers: tuple[Offer, ...]
    by_id: Mapping[str, Offer]
    by_care_form: Mapping[str, tuple[Offer, ...]]
    local: Mapping[tuple[str, str | None], tuple[Offer, ...]]
    """(care form, youth-care region) → the offers there, in input order."""
    masks: Mapping[str, int]
    partners_of: Mapping[str, tuple[Offer, ...]]

    @classmethod
    def of(cls, offers: tuple[Offer, ...]) -> Catalogue:
        by_id = {offer.id: offer for offer in offers}
        by_care_form: dict[str, list[Offer]] = {}
        local: dict[tuple[str, str | None], list[Offer]] = {}
        by_region: dict[str | None, list[Offer]] = {}
        cooperating: dict[str, set[str]] = {}
        for offer in offers:
            by_care_form.setdefault(offer.care_form, []).append(offer)
            region = hard.region_of(offer.municipality)
            local.setdefault((offer.care_form, region), []).append(offer)
            if hard.is_complementary(offer):
                by_region.setdefault(hard.region_of(offer.municipality), []).append(offer)
            for other_id in offer.cooperates_with:
                cooperating.setdefault(offer.id, set()).add(other_id)
                cooperating.setdefault(other_id, set()).add(offer.id)

        def partners(primary: Offer) -> tuple[Offer, ...]:
            region = hard.region_of(primary.municipality)
            elsewhere = (
                by_id[other]
                for other in sorted(cooperating.get(primary.id, ()))
                if other in by_id
                and hard.is_complementary(by_id[other])
                and hard.region_of(by_id[other].municipality) != region
            )
            return tuple(by_region.get(region, ())) + tuple(elsewhere)

        return cls(
            offers=offers,
            by_id=by_id,
            by_care_form={form: tuple(group) for form, group in by_care_form.items()},
            local={key: tuple(group) for key, group in local.items()},
            masks={offer.id: need_mask(offer.needs) for offer in offers},
            partners_of={offer.id: partners(offer) for offer in offers},
        )

    def partners(self, primary: Offer) -> tuple[Offer, ...]:
        """Complement offers that may join this primary: in its region or cooperating with it,
        each once, in input order (cooperating offers elsewhere last)."""
        return self.partners_of[primary.id]


def usable(youth: Youth, offer: Offer) -> bool:
    """The offer passes the rules that hold for every offer of a package: age, no client stop,
    capacity."""
    return (
        hard.fits_age(youth, offer)
        and not hard.under_client_stop(offer)
        and hard.can_take_in(youth, offer)
    )


def primaries(youth: Youth, catalogue: Catalogue) -> Iterator[Offer]:
    """Offers that may be the primary of a package for this youth, in input order."""
    for offer in catalogue.by_care_form.get(youth.care_form, ()):
        if usable(youth, offer) and hard.handles_primary_only_needs(youth, offer):
            yield offer


def complement_sets(
    youth: Youth, primary: Offer, catalogue: Catalogue, max_complements: int
) -> Iterator[tuple[Offer, ...]]:
    """Every set of complements that may join this primary, the empty set first."""
    yield ()
    uncovered = youth.needs - primary.needs
    if not uncovered or max_complements < 1:
        return
    candidates = [
        offer
        for offer in catalogue.partners(primary)
        if offer.id != primary.id and offer.needs & uncovered and usable(youth, offer)
    ]
    for size in range(1, max_complements + 1):
        for chosen in combinations(candidates, size):
            if all(
                hard.adds_a_need(youth, offer, (primary, *(o for o in chosen if o is not offer)))
                for offer in chosen
            ):
                yield chosen


def placements(
    youth: Youth, offers: tuple[Offer, ...], pinned: frozenset[str] = frozenset()
) -> Iterator[frozenset[str]]:
    """The ways to take the youth in, each as the set of offers used on a free place.

    For each acceptable wait ``W`` (0 or the wait of an offer the youth can wait for), the offers
    with a longer wait than ``W`` use a free place; a way is possible when each of them has one.
    The offers in ``pinned`` (ids) use a free place whatever their wait.
    """
    waits = sorted(
        {0} | {o.wait_days for o in offers if o.id not in pinned and hard.wait_acceptable(youth, o)}
    )
    seen: set[frozenset[str]] = set()
    for wait in waits:
        free = pinned | frozenset(offer.id for offer in offers if offer.wait_days > wait)
        if free not in seen and all(
            hard.has_free_place(offer) for offer in offers if offer.id in free
        ):
            seen.add(free)
            yield free


def covered(youth: Youth, package: Package) -> frozenset[str]:
    """The youth's needs that some offer of the package handles."""
    return youth.needs & frozenset().union(*(offer.needs for offer in package.offers))


def packages_with(
    youth: Youth, catalogue: Catalogue, max_complements: int, primary_offers: Iterable[Offer]
) -> Iterator[Package]:
    """Every package on one of these primaries that the offer-level rules and the rules of fit
    allow: covering a need, and out of region with the primary on a free place."""
    for primary in primary_offers:
        pinned = frozenset() if hard.in_own_region(youth, primary) else frozenset({primary.id})
        for complements in complement_sets(youth, primary, catalogue, max_complements):
            offers = (primary, *complements)
            if not hard.covers_a_need(youth, offers):
                continue
            for free in placements(youth, offers, pinned):
                yield Package(primary=primary, complements=complements, free_place=free)


def takes_in_now(youth: Youth, offer: Offer, places_left: Mapping[str, int]) -> bool:
    """The offer can still take the youth: age, no client stop, and an acceptable waiting list
    or a free place among ``places_left`` (offer id → free places the others left)."""
    return (
        hard.fits_age(youth, offer)
        and not hard.under_client_stop(offer)
        and (hard.wait_acceptable(youth, offer) or places_left.get(offer.id, 0) > 0)
    )


def best_in_region_coverage(
    youth: Youth, catalogue: Catalogue, max_complements: int, places_left: Mapping[str, int]
) -> int:
    """How many of the youth's needs the best in-region package with places left covers
    (-1 when there is none). With no places left at all (``{}``) only waiting lists count: the
    in-region packages that are always available."""
    wanted = need_mask(youth.needs)
    best = -1
    for primary in catalogue.local.get((youth.care_form, hard.region_of(youth.municipality)), ()):
        if not (
            hard.handles_primary_only_needs(youth, primary)
            and takes_in_now(youth, primary, places_left)
        ):
            continue
        reached = {wanted & catalogue.masks[primary.id]}
        extra = {
            wanted & catalogue.masks[offer.id]
            for offer in catalogue.partners(primary)
            if offer.id != primary.id and takes_in_now(youth, offer, places_left)
        }
        for _ in range(max_complements):
            reached |= {done | mask for done in reached for mask in extra}
        best = max(best, *(mask.bit_count() for mask in reached))
    return best


def packages_for(youth: Youth, catalogue: Catalogue, max_complements: int) -> list[Package]:
    """Every package the hard rules may allow for this youth.

    In-region packages always; out-of-region packages (on a free place at the primary) only with
    a safety reason, or when they cover more needs than the in-region packages that need no free
    place can.
    """
    found = list(packages_with(youth, catalogue, max_complements, primaries(youth, catalogue)))
    if youth.safety_reason_out_of_region:
        return found
    always = best_in_region_coverage(youth, catalogue, max_complements, {})
    return [
        p for p in found if hard.in_own_region(youth, p.primary) or len(covered(youth, p)) > always
    ]


def out_of_region_reason(
    youth: Youth,
    package: Package,
    catalogue: Catalogue,
    max_complements: int,
    places_left: Mapping[str, int],
) -> str | None:
    """Why a package lies outside the youth's own region: a safety reason, no in-region package
    with places left covering as many needs, or :data:`OUT_OF_REGION_NO_CARE_REASON` when
    neither holds (DOMAIN forbids it; only the baseline does it). None in the own region.

    ``places_left`` are the free places the other youth left (this youth's own use given back).
    """
    if hard.in_own_region(youth, package.primary):
        return None
    if youth.safety_reason_out_of_region:
        return OUT_OF_REGION_SAFETY
    in_region = best_in_region_coverage(youth, catalogue, max_complements, places_left)
    if in_region >= len(covered(youth, package)):
        return OUT_OF_REGION_NO_CARE_REASON
    return OUT_OF_REGION_NO_FIT
