"""The optimiser's package search against the rules it stands in for, on seeded scenarios: the
shortcuts (arrays per care form, partners cut down per open need, one pass for one complement)
must give the same values, never lose a package that could matter, and bound what they skip."""

from dataclasses import replace

import pytest

from passend.matching.interchange import read_problem
from passend.matching.rules.hard import in_own_region
from passend.matching.rules.outcome import _package_violations
from passend.matching.rules.packages import (
    Catalogue,
    best_in_region_coverage,
    need_mask,
    packages_for,
)
from passend.matching.rules.scoring import placement_value, priority, score
from passend.matching.rules.weights import Settings
from passend.matching.scenario import generate
from passend.matching.solvers.candidates import Searcher, _closure
from passend.matching.tests import factories as make

WIDE = {"candidates_per_youth": 10_000, "out_of_region_primaries": 10_000}


@pytest.fixture(scope="module")
def scenario():
    return read_problem(generate(seed=11, youth=60, offers=90))


def expanded(problem, settings):
    """Every youth's search with every residual expanded."""
    catalogue = Catalogue.of(problem.offers)
    searcher = Searcher(catalogue, settings, problem.as_of)
    found = []
    for index, youth in enumerate(problem.youth):
        search = searcher.search(index, youth)
        for residual in search.residuals:
            searcher.expand(search, search.wanted, residual.primary, residual.free)
        found.append(search)
    return catalogue, searcher, found


@pytest.mark.parametrize("widest", [1, 2])
def test_columns_are_valued_as_the_scoring_values_them_and_keep_the_rules(scenario, widest):
    settings = replace(Settings(), max_complements=widest)
    _, _, searches = expanded(scenario, settings)
    assert sum(len(search.columns) for search in searches) > 100
    for search in searches:
        youth = search.youth
        weight = priority(youth, scenario.as_of)
        for column in search.columns:
            package = column.package
            exact = score(youth, package, settings.weights).total
            assert column.value == placement_value(weight, exact), package
            assert _package_violations(youth, package, settings) == [], package
            assert column.free == tuple(sorted(package.free_place))


@pytest.mark.parametrize("widest", [1, 2])
def test_search_dominates_every_package_of_a_scenario(scenario, widest):
    """Fully expanded, the search holds for every allowed package one with no more free places
    and at least its value (in region if the package is)."""
    settings = replace(Settings(), max_complements=widest, **WIDE)
    catalogue, _, searches = expanded(scenario, settings)
    for search in searches:
        youth = search.youth
        weight = priority(youth, scenario.as_of)
        for package in packages_for(youth, catalogue, widest):
            value = placement_value(weight, score(youth, package, settings.weights).total)
            own = in_own_region(youth, package.primary)
            assert any(
                set(column.free) <= package.free_place
                and column.value >= value - 1e-9
                and (own or not in_own_region(youth, column.package.primary))
                for column in search.columns
            ), package


@pytest.mark.parametrize("widest", [0, 1, 2])
def test_always_covered_is_the_rules_in_region_coverage(scenario, widest):
    settings = replace(Settings(), max_complements=widest)
    catalogue = Catalogue.of(scenario.offers)
    searcher = Searcher(catalogue, settings, scenario.as_of)
    for youth in scenario.youth:
        form = searcher.forms.get(youth.care_form)
        expected = best_in_region_coverage(youth, catalogue, widest, {})
        assert searcher.always_covered(youth, need_mask(youth.needs), form) == expected


@pytest.mark.parametrize("widest", [1, 2])
def test_reach_counts_are_the_closure_of_each_way(scenario, widest):
    settings = replace(Settings(), max_complements=widest)
    searcher = Searcher(Catalogue.of(scenario.offers), settings, scenario.as_of)
    for youth in scenario.youth:
        wanted = need_mask(youth.needs)
        for form in searcher.forms.values():
            counts = form.reach_counts(wanted, widest)
            for way, masks in enumerate(form.partner_masks):
                assert counts[way] == _closure(wanted, int(form.mask[way]), masks, widest)


@pytest.mark.parametrize("widest", [1, 2])
def test_residual_bounds_bound_what_their_ways_hold(scenario, widest):
    """Optimistic and refined bounds are never below a package the way holds."""
    settings = replace(Settings(), max_complements=widest, candidates_per_youth=1)
    catalogue = Catalogue.of(scenario.offers)
    searcher = Searcher(catalogue, settings, scenario.as_of)
    checked = 0
    for index, youth in enumerate(scenario.youth):
        search = searcher.search(index, youth)
        for way, bound in zip(search.residual_ways, search.residual_bounds, strict=True):
            refined = searcher.refine_bound(search, int(way), float(bound))
            assert refined <= bound
            before = len(search.columns)
            primary = catalogue.offers[int(search.form.offer[way])]
            searcher.expand(search, search.wanted, primary, bool(search.form.free[way]))
            for column in search.columns[before:]:
                assert column.value <= refined + 1e-4
                checked += 1
    assert checked > 50


def test_one_pass_expansion_keeps_the_best_waiting_list_package_and_better_free_places():
    """With one complement: the best package without a complement's free place (B2: it keeps
    the youth's current help, which outweighs B1's shorter wait), plus a package on a
    complement's free place only when it is worth more (B3: no added wait); B4's free place,
    from another provider under intensified supervision, is worth less than B2 and is dropped."""
    case = make.problem(
        [make.youth(needs={"gedrag", "trauma"}, current_offers={"B2"})],
        [
            make.offer("A1", free_places=0, wait_days=10),
            make.ambulant("B1", {"trauma"}, wait_days=40),
            make.ambulant("B2", {"trauma"}, wait_days=45),
            make.ambulant("B3", {"trauma"}, wait_days=30, free_places=1),
            make.ambulant(
                "B4",
                {"trauma"},
                wait_days=30,
                free_places=1,
                provider="Elders",
                inspection_status="verscherpt_toezicht",
            ),
        ],
    )
    settings = Settings()
    catalogue = Catalogue.of(case.offers)
    searcher = Searcher(catalogue, settings, case.as_of)
    search = searcher.search(0, case.youth[0])
    found = {column.package.offer_ids: column for column in search.columns}
    assert set(found) == {("A1", "B2"), ("A1", "B3")}
    assert found["A1", "B3"].free == ("B3",)
    assert found["A1", "B3"].value > found["A1", "B2"].value
    person = case.youth[0]
    for column in search.columns:
        exact = score(person, column.package, settings.weights).total
        assert column.value == placement_value(priority(person, case.as_of), exact)
