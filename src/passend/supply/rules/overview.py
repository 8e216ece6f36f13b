"""The regional overview: supply against demand, waiting, placements and shortage signals.

For one youth-care region as of one date, over plain data: the region's offers (as the matching
core sees them), the waiting-list entries of those offers (with the needs the youth was referred
for) and the placements of the region's youth wherever they are placed. Every figure is built
from the functions of :mod:`.waiting` and :mod:`.placements`, so the overview and the per-offer
screens can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from passend.matching.rules.model import Offer
from passend.supply.rules import placements as placement_rules
from passend.supply.rules import waiting
from passend.supply.rules.placements import Placement
from passend.supply.rules.waiting import Stage, WaitFigures, WaitingEntry, WaitNorms
from passend.vocabulary import CARE_FORMS, COMPLEMENTARY_CARE_FORMS, NEEDS

CLOSED_CARE = "gesloten"
CRISIS = "crisis"


@dataclass(frozen=True)
class SupplyDemand:
    """One care form or need: the offers and places there are, and the youth waiting."""

    key: str
    offers: int
    places: int
    free_places: int
    waiting: int
    waiting_over_norm: int


@dataclass(frozen=True)
class RegionPlacements:
    """Running placements of the region's youth, in and out of the region."""

    total: int
    out_of_region: int
    with_reason: int
    without_reason: int
    unknown_region: int

    @property
    def out_of_region_share(self) -> float | None:
        return self.out_of_region / self.total if self.total else None

    @property
    def without_reason_share(self) -> float | None:
        return self.without_reason / self.total if self.total else None


@dataclass(frozen=True)
class Shortage:
    """A combination of needs youth wait for: how many, how long, and whether any offer (alone
    or with a cooperating complement) in the region covers it."""

    needs: frozenset[str]
    waiting: int
    median_days: int | None
    longest_days: int
    covered_in_region: bool


@dataclass(frozen=True)
class Overview:
    region: str
    as_of: date
    by_care_form: tuple[SupplyDemand, ...]
    by_need: tuple[SupplyDemand, ...]
    waits: dict[str, dict[Stage, WaitFigures]]
    """Care form (and ``"all"``) → the figures of both stages."""
    waits_by_need: dict[str, dict[Stage, WaitFigures]]
    """Need → the figures of both stages (an entry counts for each of its needs)."""
    placements: RegionPlacements
    crisis_stays: tuple[placement_rules.Pending, ...]
    crisis_share_closed_care: placement_rules.CrisisShare
    follow_up: tuple[placement_rules.Pending, ...]
    days_to_school_median: int | None
    days_to_school_youth: int
    """Distinct youth the median days to school is over, for suppression."""
    awaiting_school: int
    shortages: tuple[Shortage, ...]


def _ongoing(entries: Iterable[WaitingEntry], as_of: date) -> list[waiting.Waiting]:
    return waiting.waiting_list(entries, as_of)


def _over_norm(item: waiting.Waiting, as_of: date, norms: WaitNorms) -> bool:
    """An entry still waiting is over the norm in the stage it is waiting in."""
    intake = (
        item.entry.intake_on if item.entry.intake_on and item.entry.intake_on <= as_of else None
    )
    stage = Stage.START if intake else Stage.INTAKE
    days = (as_of - intake).days if intake else item.days
    return days > norms.norm_for(item.entry.care_form, stage)


def _supply_demand(
    key: str,
    offers: Sequence[Offer],
    places: Mapping[str, int],
    queue: Sequence[waiting.Waiting],
    as_of: date,
    norms: WaitNorms,
) -> SupplyDemand:
    return SupplyDemand(
        key=key,
        offers=len(offers),
        places=sum(places.get(o.id, 0) for o in offers),
        free_places=sum(o.free_places for o in offers),
        waiting=len(queue),
        waiting_over_norm=sum(_over_norm(item, as_of, norms) for item in queue),
    )


def covers(needs: frozenset[str], offers: Sequence[Offer]) -> bool:
    """Some offer covers the needs alone, or a primary with one complement that cooperates with
    it or lies in the same list (the region) covers them together."""
    for primary in offers:
        if needs <= primary.needs:
            return True
    complements = [o for o in offers if o.care_form in COMPLEMENTARY_CARE_FORMS]
    for primary in offers:
        rest = needs - primary.needs
        if rest and any(rest <= c.needs for c in complements if c.id != primary.id):
            return True
    return False


def shortages(
    entries: Iterable[WaitingEntry], offers: Sequence[Offer], as_of: date, limit: int = 10
) -> tuple[Shortage, ...]:
    """Need combinations of youth still waiting: those no offer in the region covers first, then
    the longest median wait."""
    groups: dict[frozenset[str], list[int]] = {}
    for item in _ongoing(entries, as_of):
        if item.entry.needs:
            groups.setdefault(item.entry.needs, []).append(item.days)
    found = [
        Shortage(
            needs=needs,
            waiting=len(days),
            median_days=waiting.nearest_rank(sorted(days), waiting.MEDIAN),
            longest_days=max(days),
            covered_in_region=covers(needs, offers),
        )
        for needs, days in groups.items()
    ]
    found.sort(key=lambda s: (s.covered_in_region, -(s.median_days or 0), sorted(s.needs)))
    return tuple(found[:limit])


def region_placements(placements: Iterable[Placement], as_of: date) -> RegionPlacements:
    running = [p for p in placements if placement_rules.running(p, as_of)]
    regions = [placement_rules.in_own_region(p) for p in running]
    out = [p for p, own in zip(running, regions, strict=True) if own is False]
    flagged = sum(placement_rules.flag_missing_reason(p) for p in out)
    return RegionPlacements(
        total=len(running),
        out_of_region=len(out),
        with_reason=len(out) - flagged,
        without_reason=flagged,
        unknown_region=sum(own is None for own in regions),
    )


def crisis_stays(
    placements: Iterable[Placement], as_of: date, max_days: int
) -> tuple[placement_rules.Pending, ...]:
    """Youth on a crisis place for strictly more than ``max_days`` days, longest first."""
    found = [
        placement_rules.Pending(placement=p, days=(as_of - p.start).days)
        for p in placements
        if p.care_form == CRISIS
        and placement_rules.running(p, as_of)
        and (as_of - p.start).days > max_days
    ]
    return tuple(sorted(found, key=lambda pending: (-pending.days, pending.placement.id)))


@dataclass(frozen=True)
class Queues:
    """The two queues of youth held in a placement they should leave (DOMAIN §3), each longest
    first: on a crisis place longer than ``crisis_stay_max_days``, and ready to leave but still
    waiting for follow-up help. The overview counts them; the queue screen lists them, so both
    come from :func:`queues` and cannot disagree."""

    crisis_stays: tuple[placement_rules.Pending, ...]
    follow_up: tuple[placement_rules.Pending, ...]
    crisis_stay_max_days: int

    def over_limit(self, stay: placement_rules.Pending) -> int:
        """Days a crisis stay has run beyond the maximum (at least 1 for a listed stay)."""
        return stay.days - self.crisis_stay_max_days


def queues(placements: Iterable[Placement], as_of: date, crisis_stay_max_days: int) -> Queues:
    """Both queues over these placements as of the date (see :class:`Queues`)."""
    placements = list(placements)
    return Queues(
        crisis_stays=crisis_stays(placements, as_of, crisis_stay_max_days),
        follow_up=tuple(placement_rules.follow_up_queue(placements, as_of)),
        crisis_stay_max_days=crisis_stay_max_days,
    )


def complementary_suppression(total: int, parts: Sequence[int], threshold: int) -> tuple[bool, ...]:
    """Which cells of a total and its parts to hide, total first, so that no count on fewer
    than ``threshold`` youth is shown or can be worked out from the cells that are shown.

    Primary suppression hides every positive count below the threshold. That alone leaks: with
    15 placed out of the region, 12 of them with a care reason, hiding only the 3 without one
    leaves 15 − 12 = 3 in plain sight. So while the hidden parts can still be told — a single
    hidden part, or hidden parts adding up to fewer than ``threshold`` — the smallest shown
    positive part is hidden as well (secondary or complementary suppression). A zero part stays
    shown: it reveals nothing about the others. The parts need not add up to exactly the total
    (a youth may count in two care forms); the rule only relies on the parts being shown next to
    a total they make up.
    """
    hidden = [0 < count < threshold for count in (total, *parts)]
    while True:
        hidden_parts = [count for count, off in zip(parts, hidden[1:], strict=True) if off]
        if not (len(hidden_parts) == 1 or 0 < sum(hidden_parts) < threshold):
            break
        shown = [(count, i) for i, count in enumerate(parts, 1) if not hidden[i] and count > 0]
        if not shown:
            break
        hidden[min(shown)[1]] = True
    return tuple(hidden)


def overview(
    *,
    region: str,
    as_of: date,
    offers: Sequence[Offer],
    places: Mapping[str, int],
    entries: Sequence[WaitingEntry],
    placements: Sequence[Placement],
    norms: WaitNorms,
    crisis_stay_max_days: int,
) -> Overview:
    """Everything the regional overview shows, for one region as of one date. ``places`` gives
    each offer's total places (the matching view of an offer knows only the free ones)."""
    queue = _ongoing(entries, as_of)
    by_care_form = tuple(
        _supply_demand(
            form,
            [o for o in offers if o.care_form == form],
            places,
            [item for item in queue if item.entry.care_form == form],
            as_of,
            norms,
        )
        for form in CARE_FORMS
    )
    by_need = tuple(
        _supply_demand(
            need,
            [o for o in offers if need in o.needs],
            places,
            [item for item in queue if need in item.entry.needs],
            as_of,
            norms,
        )
        for need in NEEDS
    )
    waits = {
        "all": {stage: waiting.figures(entries, stage, as_of, norms) for stage in Stage},
    }
    for stage in Stage:
        for form, figures in waiting.figures_by(entries, stage, as_of, norms, "care_form").items():
            waits.setdefault(form, {})[stage] = figures
    waits_by_need: dict[str, dict[Stage, WaitFigures]] = {}
    for stage in Stage:
        for need, figures in waiting.figures_by(entries, stage, as_of, norms, "need").items():
            waits_by_need.setdefault(need, {})[stage] = figures
    school = [
        (p.youth, days)
        for p in placements
        if (days := placement_rules.days_to_school(p, as_of)) is not None
    ]
    stuck = queues(placements, as_of, crisis_stay_max_days)
    year_before = (as_of - timedelta(days=364), as_of)
    return Overview(
        region=region,
        as_of=as_of,
        by_care_form=by_care_form,
        by_need=by_need,
        waits=waits,
        waits_by_need=waits_by_need,
        placements=region_placements(placements, as_of),
        crisis_stays=stuck.crisis_stays,
        crisis_share_closed_care=placement_rules.crisis_share(
            placements, year_before, care_form=CLOSED_CARE
        ),
        follow_up=stuck.follow_up,
        days_to_school_median=waiting.nearest_rank(sorted(d for _, d in school), waiting.MEDIAN),
        days_to_school_youth=len({youth for youth, _ in school}),
        awaiting_school=len(placement_rules.awaiting_school(placements, as_of)),
        shortages=shortages(entries, offers, as_of),
    )
