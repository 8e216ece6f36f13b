"""The optimiser's package search: each youth's best packages, and a bound on all the others.

Enumerating every package of every youth (:func:`passend.matching.rules.packages.packages_for`)
is exact but far too slow nationally: half the youth of the national scenario may leave their
region, and complements multiply. This search keeps what matters with two devices:

* **Dominance within a primary** (exact). Complements that cover the same of the youth's open
  needs and take the youth on a waiting list are compared on wait, inspection, education,
  continuity and provider; one no better on any of them than another is never needed (a package
  with it can swap to the other, keeping its free places and value). Complements used on a free
  place are all kept: each spends a different place. Of the packages on one primary, those that
  spend more free places for no more value are dropped.
* **Bounding across primaries.** Each primary offer with one way of taking the youth in
  (waiting list or free place) is a :class:`Way`. Its optimistic value
  (:meth:`Searcher.optimistic_value`: every need the primary and its partners reach, no wait,
  inspection measure or other provider from complements) bounds every package on it. In-region
  ways are expanded best bound first until the next cannot beat the youth's ``k``-th best
  package; out of region only the best few are expanded. The rest stay :class:`Residual`
  (bound, primary, free place or not). Before a residual is expanded its bound is *refined*
  (:meth:`Searcher.refine`): only the partners this youth can use count, which is far cheaper
  than expanding and often shows the way cannot pay.

The optimiser prices every column and residual with the LP duals (a Lagrangian bound of the
unpruned problem, :func:`passend.matching.solvers.optimal.lagrangian_bound`) and expands a
residual when its bound says a column there could pay. The bound is only as tight as these
optimistic values for what is never expanded: that, not the final model, is most of the gap.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from passend.matching.rules import hard
from passend.matching.rules.model import Offer, Package, Youth
from passend.matching.rules.packages import (
    NEED_BITS,
    Catalogue,
    best_in_region_coverage,
    need_mask,
    usable,
)
from passend.matching.rules.scoring import (
    Facts,
    inspection_value,
    is_small_scale,
    placement_value,
    priority,
    total_points,
    weighted,
)
from passend.matching.rules.weights import Settings


@dataclass(frozen=True, slots=True)
class Column:
    """One package of one youth, as the optimiser sees it."""

    youth: int
    """Index of the youth in the problem."""
    package: Package
    value: float
    covered: int
    conditional: bool
    """Out of region without a safety reason: allowed only while the in-region packages that
    cover as many needs have no places left (:func:`blocking_sets`)."""
    free: tuple[str, ...]
    """The offers whose free place it uses, sorted (so models are built in one order)."""


@dataclass(frozen=True, slots=True)
class Option:
    """One offer and one way it takes the youth in."""

    offer: Offer
    mask: int
    """The youth's needs this offer covers that the primary does not."""
    wait: int
    """Days of waiting this offer adds (0 on a free place)."""
    free: bool


@dataclass(frozen=True, slots=True)
class Residual:
    """A primary offer (with one way of taking the youth in) not expanded into columns, with a
    value no package on it can exceed for the youth."""

    bound: float
    primary: Offer
    free: bool
    refined: bool = False
    """The bound counts only partners the youth can use (:meth:`Searcher.refine`)."""


@dataclass(frozen=True, slots=True)
class Way:
    """A primary offer and one way of taking youth in, with what bounds every package on it
    for any youth: the needs it and its partners reach, and its points apart from coverage,
    region and continuity."""

    primary: Offer
    free: bool
    region: str | None
    reach: int
    """Every need the primary and all its partners handle together."""
    partner_masks: tuple[int, ...]
    """The partners' need masks, none contained in another."""
    base: float


@dataclass
class YouthSearch:
    """The packages found for one youth and what is left to search."""

    index: int
    youth: Youth
    wanted: int
    """The youth's needs as a mask."""
    priority: float
    always: int
    """Needs the in-region packages without free places cover (-1 with a safety reason)."""
    columns: list[Column] = field(default_factory=list)
    residuals: list[Residual] = field(default_factory=list)

    @property
    def may_leave(self) -> bool:
        """The youth may be placed out of region: a safety reason, or the in-region packages
        that need no free place do not cover every need."""
        return self.always < len(self.youth.needs)


class Searcher:
    """Searches packages for the youth of one problem; prepares what youth share."""

    def __init__(self, catalogue: Catalogue, settings: Settings, as_of: date) -> None:
        self.catalogue = catalogue
        self.settings = settings
        self.as_of = as_of
        self.pairs = weighted(settings.weights)
        self.reach_cache: dict[tuple[str, int], int] = {}
        self.ways: dict[str, list[Way]] = {}
        for offer in catalogue.offers:
            if hard.under_client_stop(offer):
                continue
            for free in (False, True):
                if not free or hard.has_free_place(offer):
                    self.ways.setdefault(offer.care_form, []).append(self.way(offer, free))
        self.local: dict[tuple[str, str | None], list[Way]] = {}
        self.by_age: dict[tuple[str, int], list[Way]] = {}
        for form, ways in self.ways.items():
            for way in ways:
                self.local.setdefault((form, way.region), []).append(way)
                for age in range(way.primary.age_min, way.primary.age_max + 1):
                    self.by_age.setdefault((form, age), []).append(way)
        self.coverage_points = {
            (needs, covered): self.gain(needs=needs, covered=covered) - self.gain(needs=needs)
            for needs in range(1, len(NEED_BITS) + 1)
            for covered in range(needs + 1)
        }
        self.region_points = self.gain(own_region=True) - self.gain()
        self.continuity_points = self.gain(current=1, kept=1) - self.gain(current=1)

    def gain(self, **facts) -> float:
        """Points of a package that has only these facts; differences of two such totals give
        one criterion's points, as every criterion reads only its own facts."""
        plain = {
            "needs": 1,
            "covered": 0,
            "own_region": False,
            "wait_days": 0,
            "small_scale": False,
            "current": 0,
            "kept": 0,
            "inspection": 0.0,
            "education": False,
            "hand_overs": 0,
        }
        return total_points(Facts(**{**plain, **facts}), self.pairs)

    def way(self, primary: Offer, free: bool) -> Way:
        partners = [
            o
            for o in self.catalogue.partners(primary)
            if o is not primary and not hard.under_client_stop(o)
        ]
        masks = {self.catalogue.masks[o.id] for o in partners}
        maximal = tuple(sorted(m for m in masks if not any(m != o and m | o == o for o in masks)))
        reach = self.catalogue.masks[primary.id]
        for mask in maximal:
            reach |= mask
        base = self.gain(
            wait_days=0 if free else primary.wait_days,
            small_scale=is_small_scale(primary),
            inspection=inspection_value(primary),
            education=primary.education or any(o.education for o in partners),
        )
        return Way(primary, free, hard.region_of(primary.municipality), reach, maximal, base)

    def refine(self, found: YouthSearch, residual: Residual) -> Residual:
        """The residual's bound with only the partners this youth can use (age, client stop,
        a place or an acceptable waiting list)."""
        youth, primary = found.youth, residual.primary
        partners = [
            o
            for o in self.catalogue.partners(primary)
            if o is not primary and usable(youth, o) and found.wanted & self.catalogue.masks[o.id]
        ]
        reached = {found.wanted & self.catalogue.masks[primary.id]}
        extra = {found.wanted & self.catalogue.masks[o.id] for o in partners}
        for _ in range(self.settings.max_complements):
            reached |= {done | mask for done in reached for mask in extra}
        own = hard.in_own_region(youth, primary)
        upper = self.gain(
            needs=max(1, len(youth.needs)),
            covered=max(mask.bit_count() for mask in reached) if youth.needs else 1,
            own_region=own,
            wait_days=0 if residual.free else primary.wait_days,
            small_scale=is_small_scale(primary),
            current=1 if youth.current_offers else 0,
            kept=1 if youth.current_offers else 0,
            inspection=inspection_value(primary),
            education=primary.education or any(o.education for o in partners),
        )
        bound = min(residual.bound, placement_value(found.priority, upper))
        return Residual(bound, primary, residual.free, refined=True)

    def reachable(self, wanted: int, way: Way) -> int:
        """The most of these needs a package on this way can cover (partners' age and places
        aside): all its partners can join, at most ``max_complements`` of them."""
        if (wanted & way.reach).bit_count() <= 1 or len(way.partner_masks) <= 1:
            return (wanted & way.reach).bit_count()
        key = (way.primary.id, wanted)
        if key not in self.reach_cache:
            reached = {wanted & self.catalogue.masks[way.primary.id]}
            extra = {wanted & mask for mask in way.partner_masks}
            for _ in range(self.settings.max_complements):
                reached |= {done | mask for done in reached for mask in extra}
            self.reach_cache[key] = max(mask.bit_count() for mask in reached)
        return self.reach_cache[key]

    def optimistic_value(self, search: YouthSearch, way: Way, own: bool) -> float:
        """A value no package on this way can exceed for this youth: every need the primary and
        its partners reach, no wait, inspection measure or other provider from complements."""
        needs = len(search.youth.needs)
        covered = self.reachable(search.wanted, way)
        points = way.base + (
            self.coverage_points[needs, covered] if needs else self.coverage_points[1, 1]
        )
        if own:
            points += self.region_points
        if search.youth.current_offers:
            points += self.continuity_points
        return placement_value(search.priority, points)

    # -- exact expansion ----------------------------------------------------------------------

    def options(self, youth: Youth, wanted: int, primary: Offer) -> list[Option]:
        """The complement options worth combining for this primary (see module docstring)."""
        open_needs = wanted & ~self.catalogue.masks[primary.id]
        if not open_needs:
            return []
        found: list[Option] = []
        waiting: dict[int, list[Option]] = {}
        for offer in self.catalogue.partners(primary):
            mask = open_needs & self.catalogue.masks[offer.id]
            if not mask or offer is primary or not usable(youth, offer):
                continue
            if hard.wait_acceptable(youth, offer):
                waiting.setdefault(mask, []).append(Option(offer, mask, offer.wait_days, False))
            if hard.has_free_place(offer) and (
                offer.wait_days > 0 or not hard.wait_acceptable(youth, offer)
            ):
                found.append(Option(offer, mask, 0, True))
        for group in waiting.values():
            found.extend(_undominated(youth, primary, group))
        return found

    def expand(self, search: YouthSearch, wanted: int, primary: Offer, free: bool) -> None:
        """Add the undominated packages on this primary, taken in this way, as columns: the
        best one using no complement's free place, and those using one that do better.
        Out of region without a safety reason, only packages covering more than ``always``."""
        youth = search.youth
        lead = Option(primary, 0, 0 if free else primary.wait_days, free)
        options = self.options(youth, wanted, primary)
        own = hard.in_own_region(youth, primary)
        conditional = not (youth.safety_reason_out_of_region or own)
        rated: list[tuple[float, int, tuple[Option, ...]]] = []
        for size in range(self.settings.max_complements + 1):
            for chosen in combinations(options, size):
                if not _valid_combination(lead, chosen):
                    continue
                facts = _facts(youth, lead, chosen, wanted, own)
                if conditional and facts.covered <= search.always:
                    continue
                value = placement_value(search.priority, total_points(facts, self.pairs))
                rated.append((value, facts.covered, chosen))
        rated.sort(key=lambda item: -item[0])
        kept: list[frozenset[str]] = []
        for value, covered, chosen in rated:
            spent = frozenset(o.offer.id for o in chosen if o.free)
            if any(other <= spent for other in kept):
                continue  # a package spending no more free places does at least as well
            kept.append(spent)
            package = Package(
                primary=primary,
                complements=tuple(option.offer for option in chosen),
                free_place=spent | ({primary.id} if free else frozenset()),
            )
            search.columns.append(
                Column(
                    search.index,
                    package,
                    value,
                    covered,
                    conditional,
                    tuple(sorted(package.free_place)),
                )
            )

    # -- per youth ----------------------------------------------------------------------------

    def search(self, index: int, youth: Youth) -> YouthSearch:
        """The youth's best packages as columns; the ways left unexpanded as residuals.

        In-region ways best optimistic value first, expanded until the next cannot beat the
        youth's ``k``-th best package. Where the youth may leave the region, the
        ``out_of_region_primaries`` best national ways are expanded too, the others kept as
        residuals for the bound.
        """
        always = (
            -1
            if youth.safety_reason_out_of_region
            else best_in_region_coverage(youth, self.catalogue, self.settings.max_complements, {})
        )
        found = YouthSearch(
            index=index,
            youth=youth,
            wanted=need_mask(youth.needs),
            priority=priority(youth, self.as_of),
            always=always,
        )
        region = hard.region_of(youth.municipality)
        here = self.candidates(found, self.local.get((youth.care_form, region), ()), True)
        best: list[float] = []  # the k best values so far, a min-heap
        for way in here:
            if len(best) >= self.settings.candidates_per_youth and way.bound < best[0]:
                found.residuals.append(way)
            else:
                self.grow(found, best, way)
        if found.may_leave:
            elsewhere = [
                way
                for way in self.by_age.get((youth.care_form, youth.age), ())
                if way.region != region
            ]
            ranked = self.candidates(found, elsewhere, False)
            budget = self.settings.out_of_region_primaries
            for way in ranked[:budget]:
                self.grow(found, best, way)
            found.residuals.extend(ranked[budget:])
        return found

    def candidates(self, found: YouthSearch, ways, own: bool) -> list[Residual]:
        """The ways the youth can use, best optimistic value first."""
        youth = found.youth
        usable = []
        for way in ways:
            primary = way.primary
            if (
                hard.fits_age(youth, primary)
                and _takes_in_this_way(youth, primary, way.free)
                and hard.handles_primary_only_needs(youth, primary)
                and (own or self.reachable(found.wanted, way) > found.always)
            ):
                usable.append(Residual(self.optimistic_value(found, way, own), primary, way.free))
        usable.sort(key=lambda residual: -residual.bound)
        return usable

    def grow(self, found: YouthSearch, best: list[float], way: Residual) -> None:
        """Expand one way into columns and keep the ``k`` best values up to date."""
        before = len(found.columns)
        self.expand(found, found.wanted, way.primary, way.free)
        for column in found.columns[before:]:
            if len(best) < self.settings.candidates_per_youth:
                heapq.heappush(best, column.value)
            elif column.value > best[0]:
                heapq.heapreplace(best, column.value)


def _takes_in_this_way(youth: Youth, offer: Offer, free: bool) -> bool:
    """The offer takes the youth in this way: ``False`` on its waiting list, ``True`` on a free
    place, used only where it shortens the wait (the list is too long or not empty)."""
    if free:
        return hard.has_free_place(offer) and (
            offer.wait_days > 0 or not hard.wait_acceptable(youth, offer)
        )
    return hard.wait_acceptable(youth, offer)


def _undominated(youth: Youth, primary: Offer, group: list[Option]) -> list[Option]:
    """The waiting-list options of one need mask that no other option beats on everything."""

    def merits(option: Option) -> tuple:
        offer = option.offer
        return (
            -option.wait,
            inspection_value(offer),
            offer.education,
            offer.id in youth.current_offers,
            offer.provider == primary.provider,
        )

    rated = sorted(((merits(o), o) for o in group), key=lambda pair: pair[0], reverse=True)
    kept: list[tuple[tuple, Option]] = []
    for mine, option in rated:
        if not any(all(a >= b for a, b in zip(theirs, mine, strict=True)) for theirs, _ in kept):
            kept.append((mine, option))
    return [option for _, option in kept]


def _valid_combination(lead: Option, chosen: tuple[Option, ...]) -> bool:
    """Distinct offers, each complement adding a need the others do not cover, and a free place
    used only where the offer's waiting list is longer than the package's wait (a placement of
    :func:`passend.matching.rules.packages.placements`)."""
    offers = {option.offer.id for option in chosen}
    if len(offers) != len(chosen):
        return False
    for option in chosen:
        rest = 0
        for other in chosen:
            if other is not option:
                rest |= other.mask
        if not option.mask & ~rest:
            return False
    every = (lead, *chosen)
    wait = max(option.wait for option in every)
    return all(option.offer.wait_days > wait for option in every if option.free)


def _facts(youth: Youth, lead: Option, chosen: tuple[Option, ...], wanted: int, own: bool) -> Facts:
    """The facts of a package built from options (as :func:`scoring.facts`, faster)."""
    covered = wanted & need_mask(lead.offer.needs)
    for option in chosen:
        covered |= option.mask
    every = (lead, *chosen)
    return Facts(
        needs=len(youth.needs),
        covered=covered.bit_count(),
        own_region=own,
        wait_days=max(option.wait for option in every),
        small_scale=is_small_scale(lead.offer),
        current=len(youth.current_offers),
        kept=sum(option.offer.id in youth.current_offers for option in every),
        inspection=min(inspection_value(option.offer) for option in every),
        education=any(option.offer.education for option in every),
        hand_overs=sum(option.offer.provider != lead.offer.provider for option in chosen),
    )


def blocking_sets(
    youth: Youth, catalogue: Catalogue, settings: Settings, needs: int, limit: int
) -> list[frozenset[str]] | None:
    """The smallest sets of in-region offers whose free places the youth would need for a
    package covering at least ``needs`` needs (one set per kind of such package), or None when
    there are more than ``limit``. An out-of-region package without a safety reason is allowed
    only while every one of these sets holds an offer with no place left."""
    wanted = need_mask(youth.needs)
    found: set[frozenset[str]] = set()
    for primary in catalogue.by_care_form.get(youth.care_form, ()):
        if not (
            hard.in_own_region(youth, primary)
            and hard.handles_primary_only_needs(youth, primary)
            and usable(youth, primary)
        ):
            continue
        lead = frozenset() if hard.wait_acceptable(youth, primary) else frozenset({primary.id})
        open_needs = wanted & ~catalogue.masks[primary.id]
        extra: dict[tuple[int, frozenset[str]], None] = {}
        for offer in catalogue.partners(primary):
            mask = open_needs & catalogue.masks[offer.id]
            if mask and offer is not primary and usable(youth, offer):
                need = frozenset() if hard.wait_acceptable(youth, offer) else {offer.id}
                extra[(mask, frozenset(need))] = None
        base = (wanted & catalogue.masks[primary.id]).bit_count()
        for size in range(settings.max_complements + 1):
            for chosen in combinations(extra, size):
                mask = 0
                for part, _ in chosen:
                    mask |= part
                if base + mask.bit_count() >= needs:
                    found.add(lead.union(*(need for _, need in chosen)))
        if len(found) > 4 * limit:
            return None
    minimal = sorted((s for s in found if not any(other < s for other in found)), key=sorted)
    return minimal if len(minimal) <= limit else None
