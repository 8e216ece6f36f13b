"""Hypothesis strategies and a brute-force reference for small matching problems."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

from hypothesis import strategies as st

from passend.matching.rules.model import Offer, Problem, Youth
from passend.matching.rules.outcome import assemble, violations
from passend.matching.rules.packages import Catalogue, packages_for
from passend.matching.rules.scoring import placement_value, priority, score
from passend.matching.rules.weights import Settings
from passend.matching.tests.factories import ALMERE, AS_OF, GRONINGEN, VEENDAM

NEEDS = ("gedrag", "trauma", "ggz", "seksueel_grensoverschrijdend")
FORMS = ("residentieel", "crisis", "ambulant", "dagbehandeling")
PLACES = (GRONINGEN, VEENDAM, ALMERE)


@st.composite
def problems(draw, max_youth: int = 4, max_offers: int = 6) -> Problem:
    offer_count = draw(st.integers(1, max_offers))
    ids = [f"A{n}" for n in range(offer_count)]
    offers = []
    for offer_id in ids:
        age_min = draw(st.integers(0, 16))
        offers.append(
            Offer(
                id=offer_id,
                provider=draw(st.sampled_from(("P1", "P2", "P3"))),
                municipality=draw(st.sampled_from(PLACES)),
                care_form=draw(st.sampled_from(FORMS)),
                needs=frozenset(draw(st.sets(st.sampled_from(NEEDS), min_size=1, max_size=3))),
                age_min=age_min,
                age_max=draw(st.integers(age_min, 23)),
                free_places=draw(st.integers(0, 2)),
                wait_days=draw(st.integers(0, 60)),
                group_size=draw(st.one_of(st.none(), st.integers(1, 10))),
                staff_ratio=draw(st.one_of(st.none(), st.sampled_from((0.2, 0.25, 0.5)))),
                client_stop=draw(st.booleans()) and draw(st.booleans()),
                cooperates_with=frozenset(
                    draw(st.sets(st.sampled_from(ids), max_size=2)) - {offer_id}
                ),
                inspection_status=draw(st.sampled_from((None, None, "aanwijzing"))),
                education=draw(st.booleans()),
            )
        )
    youth = [
        Youth(
            id=f"J{n}",
            age=draw(st.integers(0, 20)),
            municipality=draw(st.sampled_from(PLACES)),
            needs=frozenset(draw(st.sets(st.sampled_from(NEEDS), min_size=1, max_size=3))),
            care_form=draw(st.sampled_from(FORMS[:3])),
            urgency=draw(st.sampled_from(("crisis", "high", "normal"))),
            waiting_since=AS_OF - timedelta(days=draw(st.integers(0, 400))),
            max_wait_days=draw(st.integers(0, 60)),
            safety_reason_out_of_region=draw(st.booleans()) and draw(st.booleans()),
            current_offers=frozenset(draw(st.sets(st.sampled_from(ids), max_size=1))),
        )
        for n in range(draw(st.integers(1, max_youth)))
    ]
    return Problem(as_of=AS_OF, youth=tuple(youth), offers=tuple(offers))


def brute_force(problem: Problem, settings: Settings) -> float | None:
    """The best total value over every combination of packages that keeps every hard rule, or
    None when there are too many combinations to try."""
    catalogue = Catalogue.of(problem.offers)
    options = [[None, *packages_for(y, catalogue, settings.max_complements)] for y in problem.youth]
    count = 1
    for choices in options:
        count *= len(choices)
    if count > 4000:
        return None
    best = 0.0
    for combination in product(*options):
        chosen = {y.id: p for y, p in zip(problem.youth, combination, strict=True) if p}
        assignments, unassigned = assemble(problem, catalogue, settings, chosen)
        if violations(problem, assignments, unassigned, settings):
            continue
        value = sum(
            placement_value(
                priority(a.youth, problem.as_of), score(a.youth, a.package, settings.weights).total
            )
            for a in assignments
        )
        best = max(best, value)
    return best


def day(text: str) -> date:
    return date.fromisoformat(text)
