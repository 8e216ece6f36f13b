"""How well a package fits a youth: one function per soft criterion, each a value in [0, 1].

The score is the weighted sum (:class:`passend.matching.rules.weights.Weights`), kept with its
breakdown so the UI can show why a package ranks where it does. The region-wide value adds the
youth's priority (urgency and days waited) on top.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from passend.matching.rules import hard
from passend.matching.rules.model import Offer, Package, Score, Youth
from passend.matching.rules.packages import covered
from passend.matching.rules.weights import (
    INSPECTION_VALUE,
    PLACEMENT_VALUE,
    SMALL_SCALE_AGE_MAX,
    SMALL_SCALE_AGE_MIN,
    SMALL_SCALE_MAX_GROUP,
    SMALL_SCALE_MIN_STAFF_RATIO,
    URGENCY_PRIORITY,
    WAIT_HORIZON_DAYS,
    WAITING_PRIORITY_DAYS,
    Weights,
)
from passend.vocabulary import RESIDENTIAL_CARE_FORMS


def is_small_scale(offer: Offer) -> bool:
    """Small-scale (kleinschalig, DOMAIN §3): a residential offer with a group of at most 6, an
    age range within 8–23 and at least one staff member per four youth. An offer that does not
    state its group size or staff ratio is not small-scale."""
    return (
        offer.care_form in RESIDENTIAL_CARE_FORMS
        and offer.group_size is not None
        and offer.group_size <= SMALL_SCALE_MAX_GROUP
        and offer.age_min >= SMALL_SCALE_AGE_MIN
        and offer.age_max <= SMALL_SCALE_AGE_MAX
        and offer.staff_ratio is not None
        and offer.staff_ratio >= SMALL_SCALE_MIN_STAFF_RATIO
    )


@dataclass(frozen=True, slots=True)
class Facts:
    """What the criteria look at in a package, for one youth."""

    needs: int
    covered: int
    own_region: bool
    wait_days: int
    small_scale: bool
    current: int
    """How many offers the youth has help from now (optional input)."""
    kept: int
    """How many of those the package keeps."""
    inspection: float
    """Inspection value of the weakest offer."""
    education: bool
    hand_overs: int
    """Complements from another provider than the primary's."""


def facts(youth: Youth, package: Package) -> Facts:
    """The facts of a package for this youth."""
    return Facts(
        needs=len(youth.needs),
        covered=len(covered(youth, package)),
        own_region=hard.in_own_region(youth, package.primary),
        wait_days=package.expected_wait_days,
        small_scale=is_small_scale(package.primary),
        current=len(youth.current_offers),
        kept=len(youth.current_offers & set(package.offer_ids)),
        inspection=min(inspection_value(offer) for offer in package.offers),
        education=any(offer.education for offer in package.offers),
        hand_overs=sum(c.provider != package.primary.provider for c in package.complements),
    )


def inspection_value(offer: Offer) -> float:
    """The value of the offer's inspection status (:data:`INSPECTION_VALUE`)."""
    return INSPECTION_VALUE.get(offer.inspection_status, 0.0)


def needs_covered(f: Facts) -> float:
    """Share of the youth's needs the package covers (a youth without needs is fully covered)."""
    return f.covered / f.needs if f.needs else 1.0


def own_region(f: Facts) -> float:
    """1 when the primary offer lies in the youth's own youth-care region."""
    return float(f.own_region)


def waiting_time(f: Facts) -> float:
    """1 for no wait, falling linearly to 0 at the start norm of 70 days and beyond."""
    return max(0.0, 1.0 - f.wait_days / WAIT_HORIZON_DAYS)


def small_scale(f: Facts) -> float:
    """1 when the primary offer is small-scale; non-residential offers never are."""
    return float(f.small_scale)


def continuity(f: Facts) -> float:
    """Share of the youth's current offers the package keeps (0 when there are none)."""
    return f.kept / f.current if f.current else 0.0


def inspection(f: Facts) -> float:
    """The inspection value of the package's weakest offer (no measure: 1)."""
    return f.inspection


def education(f: Facts) -> float:
    """1 when some offer of the package links with education."""
    return float(f.education)


def few_providers(f: Facts) -> float:
    """1 divided by one plus the complements from another provider than the primary's: each
    such complement is one more organisation the main provider must agree with."""
    return 1.0 / (1 + f.hand_overs)


CRITERION_FUNCTIONS: dict[str, Callable[[Facts], float]] = {
    "needs_covered": needs_covered,
    "own_region": own_region,
    "waiting_time": waiting_time,
    "small_scale": small_scale,
    "continuity": continuity,
    "inspection": inspection,
    "education": education,
    "few_providers": few_providers,
}
"""Criterion name (as in :class:`Weights`) → the function that values it."""


def weighted(weights: Weights) -> tuple[tuple[float, Callable[[Facts], float]], ...]:
    """(weight, criterion function) pairs, in the order of :data:`CRITERION_FUNCTIONS`."""
    return tuple((getattr(weights, name), value) for name, value in CRITERION_FUNCTIONS.items())


def total_points(f: Facts, pairs: tuple[tuple[float, Callable[[Facts], float]], ...]) -> float:
    """The score's total for these facts (pairs from :func:`weighted`), rounded to 6 decimals."""
    return round(sum(weight * value(f) for weight, value in pairs), 6)


def score_facts(f: Facts, weights: Weights) -> Score:
    """The weighted score of a package's facts, with each criterion's value and points."""
    values = {name: value(f) for name, value in CRITERION_FUNCTIONS.items()}
    points = {name: getattr(weights, name) * value for name, value in values.items()}
    return Score(values=values, points=points, total=total_points(f, weighted(weights)))


def score(youth: Youth, package: Package, weights: Weights) -> Score:
    """The package's weighted score for this youth."""
    return score_facts(facts(youth, package), weights)


def days_waited(youth: Youth, as_of: date) -> int:
    """Calendar days from registration to the as-of date (0 if registered later)."""
    return max(0, (as_of - youth.waiting_since).days)


def priority(youth: Youth, as_of: date) -> float:
    """The youth's region-wide priority: the urgency factor, raised by the days waited up to
    double after :data:`WAITING_PRIORITY_DAYS`."""
    waited = min(days_waited(youth, as_of), WAITING_PRIORITY_DAYS) / WAITING_PRIORITY_DAYS
    return URGENCY_PRIORITY[youth.urgency] * (1.0 + waited)


def placement_value(youth_priority: float, package_total: float) -> float:
    """What placing a youth of this priority with a package of this score adds to the
    region-wide total."""
    return youth_priority * (PLACEMENT_VALUE + package_total)
