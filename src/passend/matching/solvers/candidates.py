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
  (waiting list or free place) is a *way*. Its optimistic value (every need the primary and its
  partners reach, no wait, inspection measure or other provider from complements) bounds every
  package on it. Ways that can reach none of the youth's needs, and ways out of region other
  than on the primary's free place, are no ways at all (the rules of fit,
  :mod:`passend.matching.rules.hard`). In-region ways are expanded best bound first until the
  next cannot beat the youth's ``k``-th best package; out of region only the best few are
  expanded; and where none of these needs no free place, the best waiting-list way is expanded
  too, so every youth that has a package without a free place starts with one. The rest stay
  *residuals* (a way and its bound). Before a residual is expanded its bound is *refined*
  (:meth:`Searcher.refine_bound`): only the partners this youth can use count, which is far
  cheaper than expanding and often shows the way cannot pay.

Speed: what youth share is prepared once. The ways of each care form are arrays (numpy), so one
youth's optimistic values over all ways are a few vector operations, and the most needs a way
can reach is computed once per (care form, needs) and shared by every youth with those needs.
Each primary's partners are plain tuples, cut down once per (primary, open needs) to those that
cover one of the open needs, most needs first, so that an expansion stops at the first partner
whose best conceivable package cannot beat the best found. With one complement (the default)
an expansion keeps only the best package that uses no complement's free place, so it needs no
dominance filter among waiting-list complements. A package's points are memoised on its facts
(many packages share them), and columns build their :class:`Package` only when asked.

The optimiser prices every column and residual with the LP duals (a Lagrangian bound of the
unpruned problem, :mod:`passend.matching.solvers.optimal`) and expands a residual when its bound
says a column there could pay. The bound is only as tight as these optimistic values for what is
never expanded.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import NamedTuple

import numpy as np

from passend.matching.rules import hard
from passend.matching.rules.model import Offer, Package, Youth
from passend.matching.rules.packages import NEED_BITS, Catalogue, need_mask, usable
from passend.matching.rules.scoring import (
    Facts,
    inspection_value,
    is_small_scale,
    placement_value,
    priority,
    total_points,
    weighted,
)
from passend.matching.rules.weights import PLACEMENT_VALUE, Settings

PRIMARY_ONLY_MASK = need_mask(hard.PRIMARY_ONLY_NEEDS)
"""The needs only a primary offer may handle, as a mask."""

POPCOUNT = np.array([mask.bit_count() for mask in range(1 << len(NEED_BITS))], dtype=np.int64)
"""Needs in a need mask, by mask: a table, as need masks are small."""

FALLBACK_ATTEMPTS = 3
"""Waiting-list ways the search expands at most to find a youth's first package that needs no
free place, when its best packages all need one."""


class Column:
    """One package of one youth, as the optimiser sees it. The :class:`Package` itself is built
    on first use: most columns are priced, few are chosen."""

    __slots__ = ("_package", "complements", "conditional", "covered", "free", "primary", "slots")
    __slots__ += ("value", "youth")

    def __init__(
        self,
        youth: int,
        primary: Offer,
        complements: tuple[Offer, ...],
        value: float,
        covered: int,
        conditional: bool,
        free: tuple[str, ...],
        slots: tuple[int, ...],
    ) -> None:
        self.youth = youth
        """Index of the youth in the problem."""
        self.primary = primary
        self.complements = complements
        self.value = value
        self.covered = covered
        self.conditional = conditional
        """Out of region without a safety reason: allowed only while the in-region packages
        that cover as many needs have no places left (:func:`blocking_sets`)."""
        self.free = free
        """The offers whose free place it uses, sorted (so models are built in one order)."""
        self.slots = slots
        """The same offers as positions in the catalogue."""
        self._package: Package | None = None

    @property
    def package(self) -> Package:
        if self._package is None:
            self._package = Package(
                primary=self.primary, complements=self.complements, free_place=frozenset(self.free)
            )
        return self._package

    def __repr__(self) -> str:
        return f"Column(youth={self.youth}, offers={self.package.offer_ids}, value={self.value})"


class Option(NamedTuple):
    """One offer and one way it takes the youth in."""

    offer: Offer
    mask: int
    """The youth's needs this offer covers that the primary does not."""
    wait: int
    """Days of waiting this offer adds (0 on a free place)."""
    free: bool
    inspection: float
    education: bool
    current: bool
    """The youth has help from this offer now."""
    other_provider: bool
    """Another provider than the primary's."""


@dataclass(frozen=True, slots=True)
class Residual:
    """A primary offer (with one way of taking the youth in) not expanded into columns, with a
    value no package on it can exceed for the youth."""

    bound: float
    primary: Offer
    free: bool
    refined: bool = False
    """The bound counts only partners the youth can use (:meth:`Searcher.refine_bound`)."""


class Form:
    """The ways of one care form, one row per way (a primary offer and a way of taking youth in:
    waiting list or free place), as arrays; in catalogue order, the waiting list first."""

    def __init__(self, ways: list[tuple[int, bool]], searcher: Searcher) -> None:
        offers = searcher.catalogue.offers
        self.offer = np.array([index for index, _ in ways], dtype=np.int64)
        self.free = np.array([free for _, free in ways], dtype=bool)
        self.region = searcher.region_code[self.offer]
        self.mask = searcher.mask[self.offer]
        self.age_min = np.array([offers[i].age_min for i in self.offer], dtype=np.int64)
        self.age_max = np.array([offers[i].age_max for i in self.offer], dtype=np.int64)
        self.wait = np.array([offers[i].wait_days for i in self.offer], dtype=np.int64)
        self.has_free = np.array([offers[i].free_places > 0 for i in self.offer], dtype=bool)
        partner_masks: list[tuple[int, ...]] = []
        bases = []
        for index, free in ways:
            masks, base = searcher.way_facts(index, free)
            partner_masks.append(masks)
            bases.append(base)
        self.base = np.array(bases, dtype=np.float64)
        self.partner_masks = partner_masks
        reach = self.mask.copy()
        entry_way, entry_mask = [], []
        for way, masks in enumerate(partner_masks):
            for mask in masks:
                reach[way] |= mask
                entry_way.append(way)
                entry_mask.append(int(self.mask[way]) | mask)
        self.reach = reach
        self.entry_mask = np.array(entry_mask, dtype=np.int64)
        entry_ways = np.array(entry_way, dtype=np.int64)
        self.entry_ways, self.entry_starts = np.unique(entry_ways, return_index=True)
        self.counts: dict[int, np.ndarray] = {}

    def reach_counts(self, wanted: int, max_complements: int) -> np.ndarray:
        """Per way, the most of these needs a package on it can cover (partners' age and places
        aside): the primary with at most ``max_complements`` partners. Shared by all youth with
        these needs."""
        found = self.counts.get(wanted)
        if found is not None:
            return found
        own = POPCOUNT[self.mask & wanted]
        if max_complements < 1:
            found = own
        elif max_complements == 1:
            found = own
            if len(self.entry_mask):
                entries = POPCOUNT[self.entry_mask & wanted]
                best = np.maximum.reduceat(entries, self.entry_starts)
                found = own.copy()
                found[self.entry_ways] = np.maximum(own[self.entry_ways], best)
        else:
            found = np.array(
                [
                    _closure(wanted, int(mask), masks, max_complements)
                    for mask, masks in zip(self.mask, self.partner_masks, strict=True)
                ],
                dtype=np.int64,
            )
        self.counts[wanted] = found
        return found


def _closure(wanted: int, primary: int, masks: tuple[int, ...], max_complements: int) -> int:
    """The most of ``wanted`` the primary's mask and up to ``max_complements`` of these masks
    cover together."""
    reached = {wanted & primary}
    extra = {wanted & mask for mask in masks}
    for _ in range(max_complements):
        reached |= {done | mask for done in reached for mask in extra}
    return max(mask.bit_count() for mask in reached)


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
    form: Form | None = None
    offers: tuple[Offer, ...] = ()
    """The catalogue's offers (the rows of :class:`Form` point into them)."""
    columns: list[Column] = field(default_factory=list)
    residual_ways: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """The ways of the youth's care form left unexpanded (rows of :class:`Form`)."""
    residual_bounds: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Their bounds, in the same order."""
    residual_refined: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    @property
    def may_leave(self) -> bool:
        """The youth may be placed out of region: a safety reason, or the in-region packages
        that need no free place do not cover every need."""
        return self.always < len(self.youth.needs)

    @property
    def residuals(self) -> list[Residual]:
        """The residuals as objects (for tests and explanations; the optimiser uses arrays)."""
        if self.form is None:
            return []
        return [
            Residual(
                float(bound),
                self.offers[int(self.form.offer[way])],
                bool(self.form.free[way]),
                bool(refined),
            )
            for way, bound, refined in zip(
                self.residual_ways, self.residual_bounds, self.residual_refined, strict=True
            )
        ]


class Searcher:
    """Searches packages for the youth of one problem; prepares what youth share."""

    def __init__(self, catalogue: Catalogue, settings: Settings, as_of: date) -> None:
        self.catalogue = catalogue
        self.settings = settings
        self.as_of = as_of
        self.pairs = weighted(settings.weights)
        offers = catalogue.offers
        self.position = {offer.id: index for index, offer in enumerate(offers)}
        regions: dict[str | None, int] = {}
        self.region_code = np.array(
            [regions.setdefault(hard.region_of(o.municipality), len(regions)) for o in offers],
            dtype=np.int64,
        )
        self.regions = regions
        self.mask = np.array([catalogue.masks[o.id] for o in offers], dtype=np.int64)
        self.small_scale = [is_small_scale(o) for o in offers]
        self.inspection = [inspection_value(o) for o in offers]
        self.partners: list[tuple[tuple, ...]] = [
            tuple(
                (
                    o,
                    catalogue.masks[o.id],
                    o.age_min,
                    o.age_max,
                    o.wait_days,
                    o.free_places > 0,
                    inspection_value(o),
                    o.education,
                    o.provider != primary.provider,
                )
                for o in catalogue.partners(primary)
                if o is not primary and not hard.under_client_stop(o)
            )
            for primary in offers
        ]
        self.points_cache: dict[tuple, float] = {}
        self.maximal: dict[int, tuple[int, ...]] = {}
        self.relevant_cache: dict[tuple[int, int], tuple[tuple, ...]] = {}
        self.coverage_points = {
            (needs, covered): self.gain(needs=needs, covered=covered) - self.gain(needs=needs)
            for needs in range(1, len(NEED_BITS) + 1)
            for covered in range(needs + 1)
        }
        self.coverage_table = np.zeros((len(NEED_BITS) + 1, len(NEED_BITS) + 1))
        for (needs, covered), points in self.coverage_points.items():
            self.coverage_table[needs, covered] = points
        self.region_points = self.gain(own_region=True) - self.gain()
        self.continuity_points = self.gain(current=1, kept=1) - self.gain(current=1)
        ways: dict[str, list[tuple[int, bool]]] = {}
        for index, offer in enumerate(offers):
            if hard.under_client_stop(offer):
                continue
            for free in (False, True):
                if not free or hard.has_free_place(offer):
                    ways.setdefault(offer.care_form, []).append((index, free))
        self.forms = {form: Form(found, self) for form, found in ways.items()}

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

    def points(self, *facts) -> float:
        """The score's total for these facts (in the order of :class:`Facts`), memoised."""
        found = self.points_cache.get(facts)
        if found is None:
            found = self.points_cache[facts] = total_points(Facts(*facts), self.pairs)
        return found

    def relevant(self, index: int, open_needs: int) -> tuple[tuple, ...]:
        """The primary's partners that cover some of these needs, with their mask cut down to
        them, most needs first; shared by every youth with these open needs."""
        key = (index, open_needs)
        found = self.relevant_cache.get(key)
        if found is None:
            buckets: list[list[tuple]] = [[] for _ in range(open_needs.bit_count() + 1)]
            for partner in self.partners[index]:
                mask = partner[1] & open_needs
                if mask:
                    buckets[mask.bit_count()].append((partner[0], mask, *partner[2:]))
            found = tuple(partner for bucket in reversed(buckets) for partner in bucket)
            self.relevant_cache[key] = found
        return found

    def way_facts(self, index: int, free: bool) -> tuple[tuple[int, ...], float]:
        """A way's partners' need masks (none contained in another) and its points apart from
        coverage, region and continuity, for any youth."""
        primary = self.catalogue.offers[index]
        partners = self.partners[index]
        maximal = self.maximal.get(index)
        if maximal is None:
            kept: list[int] = []
            for mask in sorted({p[1] for p in partners}, key=lambda m: -m.bit_count()):
                if not any(mask | other == other for other in kept):
                    kept.append(mask)
            maximal = self.maximal[index] = tuple(sorted(kept))
        base = self.gain(
            wait_days=0 if free else primary.wait_days,
            small_scale=self.small_scale[index],
            inspection=self.inspection[index],
            education=primary.education or any(partner[7] for partner in partners),
        )
        return maximal, base

    # -- bounds -------------------------------------------------------------------------------

    def refine_bound(self, found: YouthSearch, way: int, bound: float) -> float:
        """A residual's bound with only the partners this youth can use (age, client stop, a
        place or an acceptable waiting list) and that add one of its needs the primary leaves
        open."""
        youth, form = found.youth, found.form
        index = int(form.offer[way])
        primary = self.catalogue.offers[index]
        wanted = found.wanted
        own_mask = wanted & int(form.mask[way])
        open_needs = wanted & ~own_mask
        age, longest = youth.age, youth.max_wait_days
        education = primary.education
        covered = own_mask.bit_count()
        if open_needs and self.settings.max_complements == 1:
            most = 0  # the partners come most open needs first: the first usable one is best
            for _, mask, age_min, age_max, wait, has_free, _, edu, _ in self.relevant(
                index, open_needs
            ):
                if age_min <= age <= age_max and (has_free or wait <= longest):
                    if not most:
                        most = mask.bit_count()
                    if edu or education:
                        education = True
                        break
            covered += most
        elif open_needs:
            extra: set[int] = set()
            for _, mask, age_min, age_max, wait, has_free, _, edu, _ in self.relevant(
                index, open_needs
            ):
                if age_min <= age <= age_max and (has_free or wait <= longest):
                    extra.add(mask)
                    education = education or edu
            if extra and self.settings.max_complements > 1:
                covered = _closure(wanted, own_mask, tuple(extra), self.settings.max_complements)
        needs = len(youth.needs)
        upper = self.points(
            max(1, needs),
            covered if needs else 1,
            int(form.region[way]) == found_region(self, youth),
            0 if form.free[way] else primary.wait_days,
            self.small_scale[index],
            1 if youth.current_offers else 0,
            1 if youth.current_offers else 0,
            self.inspection[index],
            education,
            0,
        )
        return min(bound, placement_value(found.priority, upper))

    # -- exact expansion ----------------------------------------------------------------------

    def options(self, youth: Youth, wanted: int, primary: Offer) -> list[Option]:
        """The complement options worth combining for this primary (see module docstring)."""
        index = self.position[primary.id]
        open_needs = wanted & ~int(self.mask[index])
        if not open_needs:
            return []
        age, longest, current = youth.age, youth.max_wait_days, youth.current_offers
        found: list[Option] = []
        waiting: dict[int, list[Option]] = {}
        for offer, mask, age_min, age_max, wait, has_free, insp, edu, other in self.partners[index]:
            mask &= open_needs
            if not mask or not age_min <= age <= age_max:
                continue
            acceptable = wait <= longest
            if not (acceptable or has_free):
                continue
            now = offer.id in current
            if acceptable:
                option = Option(offer, mask, wait, False, insp, edu, now, other)
                group = waiting.get(mask)
                if group is None:
                    waiting[mask] = [option]
                else:
                    group.append(option)
            if has_free and (wait > 0 or not acceptable):
                found.append(Option(offer, mask, 0, True, insp, edu, now, other))
        for group in waiting.values():
            found.extend(group if len(group) == 1 else _undominated(group))
        return found

    @staticmethod
    def floor(search: YouthSearch, conditional: bool) -> int:
        """A package must cover more needs than this: at least one when the youth has any
        (:func:`hard.covers_a_need`), and out of region without a safety reason more than the
        in-region packages without a free place (``always``)."""
        floor = search.always if conditional else -1
        return max(floor, 0) if search.youth.needs else floor

    def expand(self, search: YouthSearch, wanted: int, primary: Offer, free: bool) -> int:
        """Add the undominated packages on this primary, taken in this way, as columns: the
        best one using no complement's free place, and those using one that do better.
        Only packages covering more needs than :meth:`floor`; out of region only with the
        primary on its free place (:func:`hard.away_on_free_place`), so there the primary's free
        place is never traded for its waiting list. Returns how many columns it added."""
        if not (free or hard.in_own_region(search.youth, primary)):
            return 0
        if self.settings.max_complements == 1:
            return self.expand_single(search, wanted, primary, free)
        youth = search.youth
        index = self.position[primary.id]
        options = self.options(youth, wanted, primary)
        own = hard.in_own_region(youth, primary)
        conditional = not (youth.safety_reason_out_of_region or own)
        floor = self.floor(search, conditional)
        needs = len(youth.needs)
        current = len(youth.current_offers)
        primary_wait = primary.wait_days
        lead_wait = 0 if free else primary_wait
        lead_current = primary.id in youth.current_offers
        lead_inspection = self.inspection[index]
        small = self.small_scale[index]
        lead_education = primary.education
        base_mask = wanted & int(self.mask[index])
        weight = search.priority
        points = self.points
        rated: list[tuple[float, int, tuple[Option, ...]]] = []
        if not (free and own and primary_wait <= lead_wait):
            count = base_mask.bit_count()
            if count > floor:
                total = points(
                    needs,
                    count,
                    own,
                    lead_wait,
                    small,
                    current,
                    lead_current,
                    lead_inspection,
                    lead_education,
                    0,
                )
                rated.append((weight * (PLACEMENT_VALUE + total), count, ()))
        for size in range(1, self.settings.max_complements + 1):
            for chosen in combinations(options, size):
                if size > 1 and not _adds_each(chosen):
                    continue
                wait = lead_wait
                covered = base_mask
                kept = lead_current
                inspection = lead_inspection
                education = lead_education
                hand_overs = 0
                for option in chosen:
                    wait = max(wait, option.wait)
                    covered |= option.mask
                    kept += option.current
                    inspection = min(inspection, option.inspection)
                    education = education or option.education
                    hand_overs += option.other_provider
                if (free and own and primary_wait <= wait) or any(
                    option.free and option.offer.wait_days <= wait for option in chosen
                ):
                    continue
                count = covered.bit_count()
                if count <= floor:
                    continue
                total = points(
                    needs,
                    count,
                    own,
                    wait,
                    small,
                    current,
                    kept,
                    inspection,
                    education,
                    hand_overs,
                )
                rated.append((weight * (PLACEMENT_VALUE + total), count, chosen))
        rated.sort(key=_first_descending)
        kept_sets: list[frozenset[str]] = []
        columns = search.columns
        before = len(columns)
        position = self.position
        for value, count, chosen in rated:
            spent = frozenset(o.offer.id for o in chosen if o.free)
            if any(other <= spent for other in kept_sets):
                continue  # a package spending no more free places does at least as well
            kept_sets.append(spent)
            used = sorted(spent | {primary.id}) if free else sorted(spent)
            columns.append(
                Column(
                    search.index,
                    primary,
                    tuple(option.offer for option in chosen),
                    value,
                    count,
                    conditional,
                    tuple(used),
                    tuple(position[offer_id] for offer_id in used),
                )
            )
        return len(columns) - before

    def expand_single(self, search: YouthSearch, wanted: int, primary: Offer, free: bool) -> int:
        """:meth:`expand` for packages of at most one complement, without building options.

        With one complement, every package that uses no complement's free place spends the same
        free places (the primary's, or none), so only the best of them is kept; a package on a
        complement's free place is kept when it beats that one. So waiting-list complements need
        no dominance filter: the best is found in one pass.
        """
        youth = search.youth
        index = self.position[primary.id]
        own = hard.in_own_region(youth, primary)
        conditional = not (youth.safety_reason_out_of_region or own)
        floor = self.floor(search, conditional)
        needs = len(youth.needs)
        current_offers = youth.current_offers
        current = len(current_offers)
        primary_wait = primary.wait_days
        lead_wait = 0 if free else primary_wait
        lead_current = primary.id in current_offers
        lead_inspection = self.inspection[index]
        small = self.small_scale[index]
        lead_education = primary.education
        base_mask = wanted & int(self.mask[index])
        open_needs = wanted & ~base_mask
        weight = search.priority
        points = self.points
        best_value = -1.0
        best: tuple[float, int, Offer | None] | None = None
        on_free: list[tuple[float, int, Offer]] = []
        base_count = base_mask.bit_count()
        if not (free and own and primary_wait <= lead_wait):
            count = base_count
            if count > floor:
                total = points(
                    needs,
                    count,
                    own,
                    lead_wait,
                    small,
                    current,
                    lead_current,
                    lead_inspection,
                    lead_education,
                    0,
                )
                best_value = weight * (PLACEMENT_VALUE + total)
                best = (best_value, count, None)
        if open_needs:
            age, longest = youth.age, youth.max_wait_days
            top_kept = lead_current + (current > 0)
            ceiling_count = -1
            ceiling = 0.0
            for offer, mask, age_min, age_max, wait, has_free, insp, edu, other in self.relevant(
                index, open_needs
            ):
                if not age_min <= age <= age_max:
                    continue
                count = base_count + mask.bit_count()
                if count != ceiling_count:
                    # No package with this many needs covered beats this: no added wait, best
                    # inspection, education and continuity, one provider. The partners come
                    # most needs first, so once it cannot beat the best, none after can.
                    ceiling_count = count
                    ceiling = weight * (
                        PLACEMENT_VALUE
                        + points(
                            needs,
                            count,
                            own,
                            lead_wait,
                            small,
                            current,
                            top_kept,
                            lead_inspection,
                            True,
                            0,
                        )
                    )
                if ceiling <= best_value:
                    break
                acceptable = wait <= longest
                spare = has_free and (wait > 0 or not acceptable)
                if not (acceptable or spare):
                    continue
                if count <= floor:
                    continue
                kept = lead_current + (offer.id in current_offers)
                inspection = lead_inspection if lead_inspection <= insp else insp
                education = lead_education or edu
                if acceptable:
                    longest_wait = lead_wait if lead_wait >= wait else wait
                    if not (free and own and primary_wait <= longest_wait):
                        value = weight * (
                            PLACEMENT_VALUE
                            + points(
                                needs,
                                count,
                                own,
                                longest_wait,
                                small,
                                current,
                                kept,
                                inspection,
                                education,
                                int(other),
                            )
                        )
                        if value > best_value:
                            best_value = value
                            best = (value, count, offer)
                if spare and wait > lead_wait and not (free and own and primary_wait <= lead_wait):
                    value = weight * (
                        PLACEMENT_VALUE
                        + points(
                            needs,
                            count,
                            own,
                            lead_wait,
                            small,
                            current,
                            kept,
                            inspection,
                            education,
                            int(other),
                        )
                    )
                    on_free.append((value, count, offer))
        found = [item for item in on_free if item[0] > best_value]
        found.sort(key=_first_descending)
        columns = search.columns
        before = len(columns)
        position = self.position
        for value, count, offer in found:
            used = sorted((primary.id, offer.id)) if free else [offer.id]
            columns.append(
                Column(
                    search.index,
                    primary,
                    (offer,),
                    value,
                    count,
                    conditional,
                    tuple(used),
                    tuple(position[offer_id] for offer_id in used),
                )
            )
        if best is not None:
            value, count, offer = best
            used = [primary.id] if free else []
            columns.append(
                Column(
                    search.index,
                    primary,
                    () if offer is None else (offer,),
                    value,
                    count,
                    conditional,
                    tuple(used),
                    tuple(position[offer_id] for offer_id in used),
                )
            )
        return len(columns) - before

    # -- per youth ----------------------------------------------------------------------------

    def always_covered(self, youth: Youth, wanted: int, form: Form | None) -> int:
        """How many of the youth's needs the best in-region package that needs no free place
        covers (-1 when there is none): as
        :func:`~passend.matching.rules.packages.best_in_region_coverage` with no places left,
        best reach first so it can stop early."""
        if form is None:
            return -1
        region = self.regions.get(hard.region_of(youth.municipality), -1)
        rows = np.flatnonzero(
            (form.region == region)
            & ~form.free
            & (form.age_min <= youth.age)
            & (youth.age <= form.age_max)
            & (form.wait <= youth.max_wait_days)
            & ((form.mask & wanted & PRIMARY_ONLY_MASK) == (wanted & PRIMARY_ONLY_MASK))
        )
        if not len(rows):
            return -1
        reach = form.reach_counts(wanted, self.settings.max_complements)[rows]
        order = np.argsort(-reach, kind="stable")
        best = -1
        age, longest = youth.age, youth.max_wait_days
        for row, most in zip(rows[order].tolist(), reach[order].tolist(), strict=True):
            if most <= best:
                break
            index = int(form.offer[row])
            extra = {
                wanted & mask
                for _, mask, age_min, age_max, wait, _, _, _, _ in self.partners[index]
                if age_min <= age <= age_max and wait <= longest
            }
            own = wanted & int(self.mask[index])
            if not extra or self.settings.max_complements < 1:
                best = max(best, own.bit_count())
            elif self.settings.max_complements == 1:
                best = max(best, max((own | mask).bit_count() for mask in extra))
            else:
                best = max(best, _closure(wanted, own, tuple(extra), self.settings.max_complements))
        return best

    def search(self, index: int, youth: Youth) -> YouthSearch:
        """The youth's best packages as columns; the ways left unexpanded as residuals.

        In-region ways best optimistic value first, expanded until the next cannot beat the
        youth's ``k``-th best package. Where the youth may leave the region, the
        ``out_of_region_primaries`` best national ways are expanded too, the others kept as
        residuals for the bound. Where no column so far needs no free place, the best
        waiting-list ways are expanded until one gives such a column.
        """
        wanted = need_mask(youth.needs)
        form = self.forms.get(youth.care_form)
        always = (
            -1 if youth.safety_reason_out_of_region else self.always_covered(youth, wanted, form)
        )
        found = YouthSearch(
            index=index,
            youth=youth,
            wanted=wanted,
            priority=priority(youth, self.as_of),
            always=always,
            form=form,
            offers=self.catalogue.offers,
        )
        if form is None:
            return found
        reach = form.reach_counts(wanted, self.settings.max_complements)
        takes_in = np.where(
            form.free,
            form.has_free & ((form.wait > 0) | (form.wait > youth.max_wait_days)),
            form.wait <= youth.max_wait_days,
        )
        must = wanted & PRIMARY_ONLY_MASK
        fits = (
            (form.age_min <= youth.age) & (youth.age <= form.age_max) & ((form.mask & must) == must)
        )
        needs = len(youth.needs)
        if needs:
            fits &= reach > 0  # hard.covers_a_need
        region = self.regions.get(hard.region_of(youth.municipality), -1)
        own = form.region == region
        points = form.base + (
            self.coverage_table[needs, reach] if needs else self.coverage_points[1, 1]
        )
        points = points + np.where(own, self.region_points, 0.0)
        if youth.current_offers:
            points = points + self.continuity_points
        bounds = found.priority * (PLACEMENT_VALUE + points)

        def ranked(rows: np.ndarray) -> np.ndarray:
            return rows[np.argsort(-bounds[rows], kind="stable")]

        here = ranked(np.flatnonzero(takes_in & fits & own))
        best: list[float] = []  # the k best values so far, a min-heap
        keep = self.settings.candidates_per_youth
        rest: list[np.ndarray] = []
        for position, way in enumerate(here.tolist()):
            if len(best) >= keep and bounds[way] < best[0]:
                rest.append(here[position:])
                break
            self.grow(found, best, way)
        if found.may_leave:
            # Away only on the primary's free place, whatever its wait (hard.away_on_free_place).
            away = form.free & form.has_free & fits & ~own & (reach > always)
            elsewhere = ranked(np.flatnonzero(away))
            budget = self.settings.out_of_region_primaries
            for way in elsewhere[:budget].tolist():
                self.grow(found, best, way)
            rest.append(elsewhere[budget:])
        left = np.concatenate(rest) if rest else np.zeros(0, dtype=np.int64)
        if not any(not column.free for column in found.columns):
            waiting = left[~form.free[left]]
            tried = []
            for way in ranked(waiting)[:FALLBACK_ATTEMPTS].tolist():
                tried.append(way)
                self.grow(found, best, way)
                if any(not column.free for column in found.columns):
                    break
            if tried:
                left = left[~np.isin(left, tried)]
        found.residual_ways = left
        found.residual_bounds = bounds[left]
        found.residual_refined = np.zeros(len(left), dtype=bool)
        return found

    def grow(self, found: YouthSearch, best: list[float], way: int) -> None:
        """Expand one way into columns and keep the ``k`` best values up to date."""
        form = found.form
        primary = self.catalogue.offers[int(form.offer[way])]
        before = len(found.columns)
        self.expand(found, found.wanted, primary, bool(form.free[way]))
        keep = self.settings.candidates_per_youth
        for column in found.columns[before:]:
            if len(best) < keep:
                heapq.heappush(best, column.value)
            elif column.value > best[0]:
                heapq.heapreplace(best, column.value)


def found_region(searcher: Searcher, youth: Youth) -> int:
    """The youth's region as the searcher's region code (-1 when no offer lies there)."""
    return searcher.regions.get(hard.region_of(youth.municipality), -1)


def _first_descending(item: tuple) -> float:
    return -item[0]


def _undominated(group: list[Option]) -> list[Option]:
    """The waiting-list options of one need mask that no other option beats on everything."""

    def merits(option: Option) -> tuple:
        return (
            -option.wait,
            option.inspection,
            option.education,
            option.current,
            not option.other_provider,
        )

    rated = sorted(((merits(o), o) for o in group), key=lambda pair: pair[0], reverse=True)
    kept: list[tuple[tuple, Option]] = []
    for mine, option in rated:
        if not any(all(a >= b for a, b in zip(theirs, mine, strict=True)) for theirs, _ in kept):
            kept.append((mine, option))
    return [option for _, option in kept]


def _adds_each(chosen: tuple[Option, ...]) -> bool:
    """Distinct offers, each complement adding a need the others do not cover."""
    if len({option.offer.id for option in chosen}) != len(chosen):
        return False
    for option in chosen:
        rest = 0
        for other in chosen:
            if other is not option:
                rest |= other.mask
        if not option.mask & ~rest:
            return False
    return True


def blocking_sets(
    youth: Youth, catalogue: Catalogue, settings: Settings, needs: int, limit: int
) -> list[frozenset[str]] | None:
    """The smallest sets of in-region offers whose free places the youth would need for a
    package covering at least ``needs`` needs (one set per kind of such package), or None when
    there are more than ``limit``. An out-of-region package without a safety reason is allowed
    only while every one of these sets holds an offer with no place left."""
    wanted = need_mask(youth.needs)
    found: set[frozenset[str]] = set()
    region = hard.region_of(youth.municipality)
    for primary in catalogue.local.get((youth.care_form, region), ()):
        if not (hard.handles_primary_only_needs(youth, primary) and usable(youth, primary)):
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
