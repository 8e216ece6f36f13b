"""The baseline and the optimiser on hand-made instances whose answer is known."""

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest

from passend.matching import solvers
from passend.matching.interchange import outcome_json, problem_json, read_problem
from passend.matching.rules.model import (
    OUT_OF_REGION_NO_CARE_REASON,
    OUT_OF_REGION_NO_FIT,
    UNASSIGNED_NO_PACKAGE,
    UNASSIGNED_ONLY_AWAY_WAITING,
)
from passend.matching.rules.outcome import violations
from passend.matching.rules.weights import Settings
from passend.matching.scenario import generate
from passend.matching.solvers import optimal
from passend.matching.tests.factories import ALMERE, ambulant, offer, problem, youth
from passend.matching.tests.strategies import brute_force


def chosen(outcome) -> dict[str, tuple[str, ...]]:
    return {a.youth.id: a.package.offer_ids for a in outcome.assignments}


def needs_swap():
    """Two youth, two offers with one free place each: the baseline hands them out in order of
    registration and input, the optimiser by fit."""
    return problem(
        [
            youth("J1", needs={"gedrag"}, waiting_since=date(2025, 1, 1), max_wait_days=0),
            youth("J2", needs={"trauma"}, waiting_since=date(2025, 2, 1), max_wait_days=0),
        ],
        [offer("A1", needs={"trauma"}), offer("A2", needs={"gedrag"})],
    )


def test_greedy_takes_the_first_free_place_in_order_of_registration():
    outcome = solvers.run("greedy", needs_swap())
    assert chosen(outcome) == {"J1": ("A1",), "J2": ("A2",)}
    assert outcome.metrics["share_all_needs_covered"] == 0.0


def test_greedy_ignores_urgency_and_region():
    """First registered first; the first offer in input order with a free place, anywhere:
    J1 leaves the region although a place is left at home."""
    case = problem(
        [
            youth("J1", urgency="normal", waiting_since=date(2025, 1, 1)),
            youth("J2", urgency="crisis", waiting_since=date(2025, 6, 1)),
        ],
        [offer("A1", municipality=ALMERE), offer("A2", free_places=2)],
    )
    outcome = solvers.run("greedy", case)
    assert chosen(outcome) == {"J1": ("A1",), "J2": ("A2",)}
    away = outcome.assignments[0]
    assert (away.in_own_region, away.out_of_region_reason) == (False, OUT_OF_REGION_NO_CARE_REASON)
    assert "buiten eigen regio zonder zorgreden" in away.explanation
    assert outcome.metrics["share_out_of_region_without_reason"] == 0.5
    assert violations(case, outcome.assignments, outcome.unassigned, Settings())


def test_optimiser_matches_by_fit():
    outcome = solvers.run("optimal", needs_swap())
    assert chosen(outcome) == {"J1": ("A2",), "J2": ("A1",)}
    assert outcome.metrics["share_all_needs_covered"] == 1.0
    assert outcome.metrics["gap"] == pytest.approx(0, abs=1e-6)


def test_optimiser_gives_the_scarce_place_to_the_crisis():
    case = problem(
        [
            youth("J1", urgency="normal", max_wait_days=0, waiting_since=date(2025, 1, 1)),
            youth("J2", urgency="crisis", max_wait_days=0, waiting_since=date(2025, 12, 1)),
        ],
        [offer("A1")],
    )
    outcome = solvers.run("optimal", case)
    assert chosen(outcome) == {"J2": ("A1",)}
    assert [(u.youth.id, u.reason) for u in outcome.unassigned] == [("J1", "geen_plaats")]


def test_optimiser_leaves_the_region_only_once_the_own_region_is_full():
    """J1 (crisis) takes the only place in the own region; J2 may then go elsewhere, with the
    reason recorded. Without J1, J2 would have to stay."""
    here, there = offer("A1", wait_days=90), offer("A2", municipality=ALMERE, wait_days=90)
    crisis = youth("J1", urgency="crisis", max_wait_days=0)
    normal = youth("J2", max_wait_days=10)
    outcome = solvers.run("optimal", problem([crisis, normal], [here, there]))
    assert chosen(outcome) == {"J1": ("A1",), "J2": ("A2",)}
    away = next(a for a in outcome.assignments if a.youth.id == "J2")
    assert (away.in_own_region, away.out_of_region_reason) == (False, OUT_OF_REGION_NO_FIT)
    alone = solvers.run("optimal", problem([normal], [here, there]))
    assert chosen(alone) == {"J2": ("A1",)}


def test_optimiser_adds_a_complement_for_an_open_need():
    case = problem(
        [youth("J1", needs={"gedrag", "trauma"})],
        [offer("A1"), ambulant("B1", {"trauma"})],
    )
    outcome = solvers.run("optimal", case)
    assert chosen(outcome) == {"J1": ("A1", "B1")}
    assert outcome.assignments[0].uncovered == frozenset()


def test_optimiser_prefers_half_the_needs_at_home_to_all_of_them_away():
    """Own region (25 points) just outweighs half of the needs: a youth with two needs stays
    home with one covered rather than leave for both (the audit's complements scenario)."""
    subject = youth("J1", needs={"gedrag", "autisme"})
    home = offer("A1", free_places=5, wait_days=0)
    away = offer("F1", municipality=ALMERE, needs={"gedrag", "autisme"}, free_places=5)
    assert chosen(solvers.run("optimal", problem([subject], [home, away]))) == {"J1": ("A1",)}
    three = youth("J2", needs={"gedrag", "autisme", "trauma"})
    wide = replace(away, needs=frozenset({"gedrag", "autisme", "trauma"}))
    assert chosen(solvers.run("optimal", problem([three], [home, wide]))) == {"J2": ("F1",)}


def test_optimiser_leaves_the_region_only_on_a_free_place():
    """Away on a waiting list the youth waits at home: unassigned, with that reason; the same
    offer with a free place takes the youth."""
    subject = youth("J1", max_wait_days=60)
    listed = offer("F1", municipality=ALMERE, free_places=0, wait_days=10)
    outcome = solvers.run("optimal", problem([subject], [listed]))
    assert [(u.youth.id, u.reason) for u in outcome.unassigned] == [
        ("J1", UNASSIGNED_ONLY_AWAY_WAITING)
    ]
    placed = solvers.run("optimal", problem([subject], [replace(listed, free_places=1)]))
    assert [a.package.free_place for a in placed.assignments] == [frozenset({"F1"})]


def test_optimiser_never_proposes_a_package_that_covers_no_need():
    """An offer of the right care form that handles none of the needs is a place, not help."""
    outcome = solvers.run("optimal", problem([youth(needs={"trauma"})], [offer()]))
    assert [(u.youth.id, u.reason) for u in outcome.unassigned] == [("J1", UNASSIGNED_NO_PACKAGE)]
    greedy = solvers.run("greedy", problem([youth(needs={"trauma"})], [offer()]))
    assert chosen(greedy) == {"J1": ("A1",)}  # today's practice does place the youth


@pytest.mark.parametrize("strategy", ["optimal", "greedy"])
def test_no_youth_gives_an_empty_outcome(strategy):
    """Nothing to match is an answer, not an error: no assignments, figures that need youth
    are None."""
    outcome = solvers.run(strategy, problem([], [offer()]))
    assert (outcome.assignments, outcome.unassigned) == ((), ())
    metrics = outcome.metrics
    assert (metrics["youth"], metrics["assigned"], metrics["objective"]) == (0, 0, 0.0)
    for key in (
        "share_all_needs_covered",
        "share_needs_covered",
        "share_out_of_region",
        "share_out_of_region_without_reason",
        "mean_expected_wait_days",
        "p90_expected_wait_days",
        "worst_region",
        "worst_region_coverage",
    ):
        assert metrics[key] is None, key
    assert metrics["gap"] == (0.0 if strategy == "optimal" else None)


@pytest.mark.parametrize("strategy", ["optimal", "greedy"])
def test_no_offers_at_all_leaves_every_youth_unassigned(strategy):
    """Nothing on offer: every youth unassigned with the reason, the figures defined (nobody
    covered, the region the worst)."""
    outcome = solvers.run(strategy, problem([youth("J1"), youth("J2", age=5)], []))
    assert [(u.youth.id, u.reason) for u in outcome.unassigned] == [
        ("J1", UNASSIGNED_NO_PACKAGE),
        ("J2", UNASSIGNED_NO_PACKAGE),
    ]
    metrics = outcome.metrics
    assert (metrics["share_all_needs_covered"], metrics["share_out_of_region"]) == (0.0, 0.0)
    assert (metrics["worst_region"], metrics["worst_region_coverage"]) == ("Groningen", 0.0)
    assert metrics["mean_expected_wait_days"] is None


@pytest.mark.parametrize("strategy", ["optimal", "greedy"])
def test_a_region_with_youth_but_no_offers(strategy):
    """Groningen's youth wait while only Flevoland has an offer: the run keeps every rule and
    figures every region; the optimiser gives the one place to the youth at home there."""
    case = problem(
        [youth("J1"), youth("J2", municipality=ALMERE)],
        [offer("F1", municipality=ALMERE)],  # one free place, a waiting list too long
    )
    outcome = solvers.run(strategy, case)
    keeps_all = strategy == "optimal"
    assert (
        violations(
            case, outcome.assignments, outcome.unassigned, Settings(), matching_rules=keeps_all
        )
        == []
    )
    assert len(outcome.assignments) == 1
    assert outcome.metrics["worst_region_coverage"] == 0.0
    if keeps_all:
        assert chosen(outcome) == {"J2": ("F1",)}
        assert [(u.youth.id, u.reason) for u in outcome.unassigned] == [("J1", "geen_plaats")]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_optimiser_beats_the_baseline_on_needs_and_region(seed):
    """On generated scenarios of moderate size (1,000 youth, 400 offers, so thinner supply per
    region than nationally) the optimiser covers all needs for more youth, covers more needs,
    and places fewer youth out of region (any reason) than first free place."""
    case = read_problem(generate(seed=seed, youth=1000, offers=400))
    greedy = solvers.run("greedy", case).metrics
    best = solvers.run("optimal", case).metrics
    assert best["share_all_needs_covered"] > greedy["share_all_needs_covered"]
    assert best["share_needs_covered"] > greedy["share_needs_covered"]
    assert best["share_out_of_region"] <= greedy["share_out_of_region"]
    assert (
        best["share_out_of_region_without_reason"]
        == 0
        < greedy["share_out_of_region_without_reason"]
    )


def test_youth_without_any_package_is_unassigned_with_the_reason():
    outcome = solvers.run("optimal", problem([youth(age=5)], [offer()]))
    assert [(u.youth.id, u.reason) for u in outcome.unassigned] == [("J1", UNASSIGNED_NO_PACKAGE)]


@pytest.mark.parametrize("case", [needs_swap()])
def test_optimiser_reaches_the_brute_force_optimum(case):
    settings = Settings()
    best = brute_force(case, settings)
    outcome = solvers.run("optimal", case, settings)
    assert outcome.metrics["objective"] == pytest.approx(best)
    assert outcome.metrics["bound"] >= best - 1e-6


@pytest.fixture(scope="module")
def small_scenario():
    return read_problem(generate(seed=7, youth=150, offers=80))


def test_optimiser_is_deterministic(small_scenario):
    """The same input gives the same answer, to the last field (run time aside)."""

    def answer():
        document = outcome_json(solvers.run("optimal", small_scenario))
        document["metrics"].pop("run_time_seconds")
        return document

    assert answer() == answer()


def test_optimiser_reports_a_gap_against_a_bound_it_does_not_exceed(small_scenario):
    outcome = solvers.run("optimal", small_scenario)
    metrics = outcome.metrics
    assert metrics["bound"] >= metrics["objective"] - 1e-6
    assert metrics["gap"] == pytest.approx(
        (metrics["bound"] - metrics["objective"]) / metrics["bound"]
    )
    assert metrics["share_out_of_region_without_reason"] == 0
    assert violations(small_scenario, outcome.assignments, outcome.unassigned, Settings()) == []


def test_column_generation_stops_close_to_the_bound():
    """Column generation runs until the LP is within ``PRICING_GAP`` of the bound of the
    unpruned problem, so the reported gap stays well inside the 2% the issue asks for."""
    outcome = solvers.run("optimal", read_problem(generate(seed=7, youth=400, offers=200)))
    assert 0 <= outcome.metrics["gap"] <= 2 * optimal.PRICING_GAP
    assert outcome.metrics["solver_status"] == "OPTIMAL"


def test_optimiser_beats_the_baseline_on_a_scenario(small_scenario):
    greedy = solvers.run("greedy", small_scenario).metrics
    optimal = solvers.run("optimal", small_scenario).metrics
    assert optimal["share_all_needs_covered"] > greedy["share_all_needs_covered"]
    assert greedy["gap"] is None


def test_unknown_strategy_names_the_known_ones():
    with pytest.raises(ValueError, match="greedy, optimal"):
        solvers.strategy("random")


def test_optimiser_answer_does_not_depend_on_the_hash_seed(tmp_path):
    """Two processes with different string hashing give the same output (run time aside)."""
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps(problem_json(read_problem(generate(seed=5, youth=120, offers=60))))
    )
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"out{seed}.json"
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from passend.cli import main; sys.exit(main(sys.argv[1:]))",
                "match",
                "--input",
                str(source),
                "--output",
                str(target),
            ],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        document = json.loads(target.read_text())
        document["metrics"].pop("run_time_seconds")
        outputs.append(document)
    assert outputs[0] == outputs[1]
