"""Properties on random small problems: hard rules always hold, every youth exactly once, the
bound bounds, and the optimiser's search loses no package that could matter."""

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passend.matching import solvers
from passend.matching.rules.hard import in_own_region
from passend.matching.rules.outcome import violations
from passend.matching.rules.packages import Catalogue, packages_for
from passend.matching.rules.scoring import placement_value, priority, score
from passend.matching.rules.weights import Settings
from passend.matching.solvers.candidates import Searcher
from passend.matching.tests.strategies import brute_force, problems

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(problems())
def test_greedy_keeps_every_hard_rule_but_the_matching_rules(problem):
    """The baseline breaks only what it is measured on (region, rules of fit), and flags every
    out-of-region assignment with the reason judged after the fact."""
    outcome = solvers.run("greedy", problem)
    assert (
        violations(
            problem, outcome.assignments, outcome.unassigned, Settings(), matching_rules=False
        )
        == []
    )
    assert all(not a.package.complements for a in outcome.assignments)


@FAST
@given(problem=problems(), widest=st.sampled_from((1, 2)))
def test_optimiser_keeps_every_hard_rule(problem, widest):
    chosen_settings = replace(Settings(), max_complements=widest)
    outcome = solvers.run("optimal", problem, chosen_settings)
    assert violations(problem, outcome.assignments, outcome.unassigned, chosen_settings) == []
    assert outcome.metrics["share_out_of_region_without_reason"] == 0
    assert outcome.metrics["bound"] >= outcome.metrics["objective"] - 1e-6


@FAST
@given(problems(max_youth=3, max_offers=4))
def test_bound_is_at_least_the_true_optimum(problem):
    best = brute_force(problem, Settings())
    if best is not None:
        outcome = solvers.run("optimal", problem)
        assert outcome.metrics["bound"] >= best - 1e-6


@FAST
@given(problems(max_youth=2, max_offers=6))
def test_search_dominates_every_package(problem):
    """Fully expanded, the search holds for every allowed package one with no more free places
    and at least its value, and values packages exactly as the scoring does."""
    wide = replace(Settings(), candidates_per_youth=10_000, out_of_region_primaries=10_000)
    catalogue = Catalogue.of(problem.offers)
    searcher = Searcher(catalogue, wide, problem.as_of)
    for index, youth in enumerate(problem.youth):
        found = searcher.search(index, youth)
        for residual in list(found.residuals):
            searcher.expand(found, found.wanted, residual.primary, residual.free)
        weight = priority(youth, problem.as_of)
        for column in found.columns:
            exact = score(youth, column.package, wide.weights).total
            assert column.value == placement_value(weight, exact)
        for package in packages_for(youth, catalogue, wide.max_complements):
            value = placement_value(weight, score(youth, package, wide.weights).total)
            own = in_own_region(youth, package.primary)
            assert any(
                set(column.free) <= package.free_place
                and column.value >= value - 1e-9
                and (own or not in_own_region(youth, column.package.primary))
                for column in found.columns
            ), package
