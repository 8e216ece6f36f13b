"""The baseline, "first free place": what happens today (DOMAIN §3, "placed because there is a
place").

Youth in order of registration (``waiting_since``; ties keep input order), each to the first
offer in input order of the right care form with a free place left, on that free place, without
complements. The baseline ignores urgency, needs and region, but keeps the offer-level hard rules
a provider itself would enforce: age range, client stop, and the needs only a primary can handle
(a provider refuses a youth it cannot handle).
"""

from __future__ import annotations

from passend.matching.rules.model import Package, Problem
from passend.matching.rules.packages import Catalogue, primaries
from passend.matching.rules.weights import Settings
from passend.matching.solvers import Solution


def solve(problem: Problem, catalogue: Catalogue, settings: Settings) -> Solution:
    """First free place, in order of registration."""
    places_left = {offer.id: offer.free_places for offer in catalogue.offers}
    chosen: dict[str, Package] = {}
    for youth in sorted(problem.youth, key=lambda youth: youth.waiting_since):
        offer = next((o for o in primaries(youth, catalogue) if places_left[o.id] > 0), None)
        if offer is not None:
            places_left[offer.id] -= 1
            chosen[youth.id] = Package(primary=offer, free_place=frozenset({offer.id}))
    return Solution(chosen=chosen)
