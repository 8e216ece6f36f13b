"""The seeded national scenario."""

from passend.matching.interchange import read_problem
from passend.matching.rules.hard import region_of
from passend.matching.scenario import generate


def test_same_seed_same_scenario_and_it_is_valid_input():
    first = generate(seed=3, youth=200, offers=100)
    assert first == generate(seed=3, youth=200, offers=100)
    assert first != generate(seed=4, youth=200, offers=100)
    problem = read_problem(first)
    assert (len(problem.youth), len(problem.offers)) == (200, 100)


def test_scenario_is_national_with_one_to_four_needs_and_shortage():
    problem = read_problem(generate(seed=0, youth=1000, offers=400))
    assert len({region_of(y.municipality) for y in problem.youth}) == 42
    assert {len(y.needs) for y in problem.youth} == {1, 2, 3, 4}
    assert sum(o.free_places for o in problem.offers) < len(problem.youth) / 2
