"""Every tunable number of the matching core, named, with its default and the reason for it.

DOMAIN §3 fixes the hard rules; the soft criteria and their weights are "configurable", so the
values below are defaults, chosen so that the order of what matters reads off the numbers. For
a youth with ``n`` needs one more need is worth ``48 / n`` points, so:

* one more need (at least 12, with four needs) beats the whole waiting-time criterion (11);
* the own region (25) beats any shorter wait, and just outweighs half of the needs (24): a
  package at home that covers at least half of the youth's needs beats one away that covers
  them all, other things equal. A move away must bring more than half of the needs more;
* the remaining criteria (16 together) break ties between otherwise equal packages.

Why the own region weighs this much (until 2026-12 it was 12 against 60 for the needs, so one
more need always bought a move away): out of region costs the youth network, school and sports
(DOMAIN §3), also when the help there fits; and a region's shortages then send its youth away
one by one for a marginal gain in fit. Measured on the national benchmark and the audit's
scenarios (``docs/benchmarks.md``), the optimiser at the old weights placed more youth out of
region than "first free place" in most small scenarios; with these weights and the rules of fit
(:mod:`passend.matching.rules.hard`) it places fewer, and still covers all needs for far more
youth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SMALL_SCALE_MAX_GROUP = 6
"""Small-scale: at most 6 youth on the group (DOMAIN §3, kleinschalig; 4 is preferred)."""

SMALL_SCALE_AGE_MIN = 8
SMALL_SCALE_AGE_MAX = 23
"""Small-scale: the group's age range lies within 8–23 (DOMAIN §3)."""

SMALL_SCALE_MIN_STAFF_RATIO = 0.25
"""Small-scale: at least 1 staff member per 4 youth on the group, read as staff per youth ≥ 0.25."""

WAIT_HORIZON_DAYS = 70
"""A wait of this many days or more earns nothing on the waiting-time criterion: the start norm
(intake → start, DOMAIN §3 waiting-time figures). Shorter waits score linearly more."""

INSPECTION_VALUE: dict[str | None, float] = {
    None: 1.0,
    "aanwijzing": 0.5,
    "verscherpt_toezicht": 0.0,
}
"""Value of a provider's inspection status; a formal instruction halves it, intensified
supervision removes it. ``clientenstop`` never gets here: it is a hard rule."""


@dataclass(frozen=True)
class Weights:
    """Weights of the soft criteria; the defaults sum to 100, so a score reads as points out of
    100. Each criterion's value lies in [0, 1] (see :mod:`passend.matching.rules.scoring`)."""

    needs_covered: float = 48.0
    """Share of the youth's needs the package covers: the first criterion, as the help must fit
    (report 000: placed where a bed is free, not where the help fits). One more need of four
    (12) beats the whole waiting-time criterion, so a package never loses a need to save
    waiting."""
    own_region: float = 25.0
    """Primary offer in the youth's own youth-care region: network, school and sports stay. Just
    over half of :attr:`needs_covered`, so home wins when it covers at least half the needs and a
    move away is worth it only when home leaves more than half of them open (module
    docstring)."""
    waiting_time: float = 11.0
    """Shorter expected wait, linear to nothing at :data:`WAIT_HORIZON_DAYS`; below one need of
    four (12) and below the own region (25), so waiting never buys a worse fit or a move
    away."""
    small_scale: float = 5.0
    """Primary offer is small-scale (a basic condition for the inspectorate, DOMAIN §3)."""
    continuity: float = 4.0
    """Share of the youth's current offers the package keeps (optional input)."""
    inspection: float = 3.0
    """No inspection measure on the package's weakest offer (optional input)."""
    education: float = 2.0
    """Some offer in the package links with education (optional input)."""
    few_providers: float = 2.0
    """All offers from the primary's provider scores 1, one complement from another provider
    1/2, two 1/3: fewer hand-overs between organisations."""


URGENCY_PRIORITY: dict[str, float] = {"crisis": 4.0, "high": 2.0, "normal": 1.0}
"""Region-wide priority factor per urgency: a crisis youth's placement weighs four times a
normal one, so scarce free places go to crisis first, then high, then normal."""

WAITING_PRIORITY_DAYS = 365
"""Days waited that double a youth's priority (capped there): someone waiting a year weighs as
much as a fresh youth of the next urgency up."""

PLACEMENT_VALUE = 100.0
"""Value of placing a youth at all, added to the package score (at most 100) before the
priority factor: placing one more youth weighs at least as much as a better package for another
of equal priority. So every package the rules allow is taken when nothing competes for its
places; waiting lists have no cap, which is why going out of region on a waiting list is ruled
out by a rule (:func:`passend.matching.rules.hard.away_on_free_place`), not by a weight."""


@dataclass(frozen=True)
class Settings:
    """Everything a strategy needs besides the problem: weights and the package limits."""

    weights: Weights = field(default_factory=Weights)
    max_complements: int = 1
    """At most one complement: help is stacked as "two offers at once" (DOMAIN §3). Raise it
    for wider packages; the search grows quadratically with it."""
    candidates_per_youth: int = 4
    """The optimiser keeps each youth's best packages by value (plus the best package that needs
    no free place); the gap is still taken against the bound of all packages."""
    out_of_region_primaries: int = 2
    """The optimiser expands at most this many out-of-region primary offers per youth into
    packages (best optimistic value first); the others still count in the bound."""
    time_limit_seconds: float = 10.0
    """Work limit of the optimiser's final model, in CP-SAT's deterministic seconds (the wall
    clock stops it at twice this); search, LP and bound come on top."""
    seed: int = 0
    """CP-SAT's random seed: the same seed and input give the same answer."""
