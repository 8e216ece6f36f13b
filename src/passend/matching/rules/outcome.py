"""From chosen packages to the outcome every strategy reports, its figures, and a checker.

Whatever a strategy chose, :func:`assemble` writes it up the same way: covered needs, region,
the out-of-region reason judged *after the fact* (with the free places the other youth left),
score, explanation and the unassigned with their reason. So the figures of the optimiser and the
baseline are measured with one ruler. :func:`violations` checks an outcome against every hard
rule; the tests run it on every outcome they produce.
"""

from __future__ import annotations

import math
from collections import ChainMap, Counter
from collections.abc import Mapping

from passend.matching.rules import hard
from passend.matching.rules.explain import explanation
from passend.matching.rules.model import (
    OUT_OF_REGION_NO_CARE_REASON,
    UNASSIGNED_NO_PACKAGE,
    UNASSIGNED_NO_PLACE,
    UNASSIGNED_ONLY_AWAY_WAITING,
    Assignment,
    Package,
    Problem,
    Unassigned,
    Youth,
)
from passend.matching.rules.packages import (
    Catalogue,
    complement_sets,
    covered,
    out_of_region_reason,
    packages_for,
    primaries,
)
from passend.matching.rules.scoring import placement_value, priority, score
from passend.matching.rules.weights import Settings


def free_places_used(chosen: Mapping[str, Package]) -> Counter[str]:
    """Offer id → free places the chosen packages take there."""
    return Counter(offer_id for package in chosen.values() for offer_id in package.free_place)


def places_left(catalogue: Catalogue, used: Counter[str]) -> dict[str, int]:
    """Offer id → free places nobody took."""
    return {o.id: o.free_places - used[o.id] for o in catalogue.offers if o.free_places}


def given_back(left: Mapping[str, int], package: Package) -> Mapping[str, int]:
    """The places left as one youth sees them: its own package's free places given back."""
    return ChainMap({o: left.get(o, 0) + 1 for o in package.free_place}, left)


def unassigned_reason(youth: Youth, catalogue: Catalogue, max_complements: int) -> str:
    """Why a youth has no package: packages that may be proposed exist but their places went to
    others; packages that help exist only out of region without a free place at the primary; or
    no package helps at all. Judged on each primary alone (with its first complement set that
    covers a need), so it never enumerates packages."""
    only_away_waiting = False
    for primary in primaries(youth, catalogue):
        if not any(
            hard.covers_a_need(youth, (primary, *complements))
            for complements in complement_sets(youth, primary, catalogue, max_complements)
        ):
            continue
        if hard.in_own_region(youth, primary) or hard.has_free_place(primary):
            return UNASSIGNED_NO_PLACE
        only_away_waiting = True
    return UNASSIGNED_ONLY_AWAY_WAITING if only_away_waiting else UNASSIGNED_NO_PACKAGE


def write_up(
    youth: Youth,
    package: Package,
    catalogue: Catalogue,
    settings: Settings,
    places_left_for_youth: Mapping[str, int],
) -> Assignment:
    """One youth's package as an assignment: needs covered, region and its reason, score and
    the plain-Dutch explanation. ``places_left_for_youth`` are the free places the other youth
    left (this youth's own use given back)."""
    own = hard.in_own_region(youth, package.primary)
    reason = (
        None
        if own
        else out_of_region_reason(
            youth, package, catalogue, settings.max_complements, places_left_for_youth
        )
    )
    fit = score(youth, package, settings.weights)
    needs = covered(youth, package)
    return Assignment(
        youth=youth,
        package=package,
        covered=needs,
        in_own_region=own,
        out_of_region_reason=reason,
        score=fit,
        explanation=explanation(youth, package, needs, reason, fit),
    )


def assemble(
    problem: Problem,
    catalogue: Catalogue,
    settings: Settings,
    chosen: Mapping[str, Package],
) -> tuple[tuple[Assignment, ...], tuple[Unassigned, ...]]:
    """Write up the chosen package (by youth id) of each youth; youth without one are
    unassigned. Both lists keep the input order of the youth."""
    left = places_left(catalogue, free_places_used(chosen))
    assignments = []
    unassigned = []
    for youth in problem.youth:
        package = chosen.get(youth.id)
        if package is None:
            reason = unassigned_reason(youth, catalogue, settings.max_complements)
            unassigned.append(Unassigned(youth, reason))
            continue
        assignments.append(write_up(youth, package, catalogue, settings, given_back(left, package)))
    return tuple(assignments), tuple(unassigned)


def ranked(
    youth: Youth, catalogue: Catalogue, settings: Settings, limit: int = 10
) -> tuple[Assignment, ...]:
    """One youth's packages best first, as if nobody else were waiting: for the care broker's
    proposal screen. Per set of offers only its best way in (free place or waiting list)."""
    left = places_left(catalogue, Counter())
    best: dict[tuple[str, ...], Assignment] = {}
    for package in packages_for(youth, catalogue, settings.max_complements):
        assignment = write_up(youth, package, catalogue, settings, left)
        if assignment.out_of_region_reason == OUT_OF_REGION_NO_CARE_REASON:
            continue  # not allowed out of region: the same rule as every strategy
        known = best.get(package.offer_ids)
        if known is None or assignment.score.total > known.score.total:
            best[package.offer_ids] = assignment
    found = sorted(best.values(), key=lambda a: (-a.score.total, a.package.offer_ids))
    return tuple(found[:limit])


def nearest_rank(values: list[int], share: float) -> int | None:
    """The smallest value with at least ``share`` of the values at or below it (DOMAIN §3)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def metrics(
    problem: Problem,
    assignments: tuple[Assignment, ...],
    unassigned: tuple[Unassigned, ...],
) -> dict[str, float | int | str | None]:
    """The figures both strategies report. Shares are of *all* youth in the input, so an
    unassigned youth counts as not covered; waits are over the assigned youth. A figure with
    nothing to count (no youth, no assignment, no needs) is None, never a division by zero."""
    total = len(problem.youth)
    complete = [a for a in assignments if not a.uncovered]
    waits = [a.package.expected_wait_days for a in assignments]
    needs = sum(len(youth.needs) for youth in problem.youth)
    by_region: dict[str | None, list[int]] = {}
    for youth in problem.youth:
        by_region.setdefault(hard.region_of(youth.municipality), [0, 0])[1] += 1
    for assignment in complete:
        by_region[hard.region_of(assignment.youth.municipality)][0] += 1
    worst = min(
        by_region.items(),
        key=lambda item: (item[1][0] / item[1][1], item[0] or ""),
        default=(None, None),
    )

    def ratio(count: int, of: int) -> float | None:
        return count / of if of else None

    return {
        "youth": total,
        "assigned": len(assignments),
        "unassigned": len(unassigned),
        "share_all_needs_covered": ratio(len(complete), total),
        "share_needs_covered": ratio(sum(len(a.covered) for a in assignments), needs),
        "share_out_of_region": ratio(sum(not a.in_own_region for a in assignments), total),
        "share_out_of_region_without_reason": ratio(
            sum(a.out_of_region_reason == OUT_OF_REGION_NO_CARE_REASON for a in assignments),
            total,
        ),
        "mean_expected_wait_days": ratio(sum(waits), len(waits)),
        "p90_expected_wait_days": nearest_rank(waits, 0.9),
        "worst_region": worst[0],
        "worst_region_coverage": None if worst[1] is None else ratio(*worst[1]),
        "objective": float(
            sum(
                placement_value(priority(a.youth, problem.as_of), a.score.total)
                for a in assignments
            )
        ),
    }


def _package_violations(youth: Youth, package: Package, settings: Settings) -> list[str]:
    """The hard rules one package breaks for one youth, regardless of the other youth."""
    broken = []
    primary = package.primary
    if not hard.fits_care_form(youth, primary):
        broken.append(hard.CARE_FORM)
    if not hard.handles_primary_only_needs(youth, primary):
        broken.append(hard.PRIMARY_NEED)
    if len(package.complements) > settings.max_complements:
        broken.append("te_veel_aanvullingen")
    for offer in package.offers:
        if not hard.fits_age(youth, offer):
            broken.append(f"{hard.AGE}:{offer.id}")
        if hard.under_client_stop(offer):
            broken.append(f"{hard.CLIENT_STOP}:{offer.id}")
        if offer.id not in package.free_place and not hard.wait_acceptable(youth, offer):
            broken.append(f"{hard.CAPACITY}:{offer.id}")
    for offer in package.complements:
        others = tuple(o for o in package.offers if o is not offer)
        if not hard.is_complementary(offer):
            broken.append(f"{hard.CARE_FORM}:{offer.id}")
        if not hard.linked(primary, offer):
            broken.append(f"{hard.LINK}:{offer.id}")
        if not hard.adds_a_need(youth, offer, others):
            broken.append(f"{hard.ADDS_NOTHING}:{offer.id}")
    if len(set(package.offer_ids)) != len(package.offer_ids):
        broken.append("dubbel_aanbod")
    return broken


def violations(
    problem: Problem,
    assignments: tuple[Assignment, ...],
    unassigned: tuple[Unassigned, ...],
    settings: Settings,
    *,
    matching_rules: bool = True,
) -> list[str]:
    """Every hard rule the outcome breaks, as ``youth: rule`` lines (empty when it keeps all).

    Checks: each youth exactly once; each package's own rules; free places per offer; every
    out-of-region assignment flagged with the reason judged after the fact (and none in region).
    With ``matching_rules`` also the rules the baseline is measured on breaking: no
    out-of-region assignment without a care reason, and the two rules of fit (a need covered;
    out of region only on a free place at the primary).
    """
    found = []
    seen = Counter([a.youth.id for a in assignments] + [u.youth.id for u in unassigned])
    for youth in problem.youth:
        if seen[youth.id] != 1:
            found.append(f"{youth.id}: appears {seen[youth.id]} times")
    catalogue = Catalogue.of(problem.offers)
    chosen = {a.youth.id: a.package for a in assignments}
    used = free_places_used(chosen)
    left = places_left(catalogue, used)
    for offer_id, count in used.items():
        if count > catalogue.by_id[offer_id].free_places:
            available = catalogue.by_id[offer_id].free_places
            found.append(f"{offer_id}: {hard.CAPACITY}: {count} free places used of {available}")
    for a in assignments:
        broken = _package_violations(a.youth, a.package, settings)
        reason = out_of_region_reason(
            a.youth, a.package, catalogue, settings.max_complements, given_back(left, a.package)
        )
        if a.out_of_region_reason != reason:
            broken.append(f"reden_buiten_regio:{a.out_of_region_reason}!={reason}")
        if matching_rules:
            if reason == OUT_OF_REGION_NO_CARE_REASON:
                broken.append(hard.OUT_OF_REGION)
            if not hard.covers_a_need(a.youth, a.package.offers):
                broken.append(hard.NO_NEED)
            if not hard.away_on_free_place(a.youth, a.package.primary, a.package.free_place):
                broken.append(hard.AWAY_WITHOUT_PLACE)
        found.extend(f"{a.youth.id}: {rule}" for rule in broken)
    return found
