"""Soft criteria, weights and priority."""

from dataclasses import fields
from datetime import date

import pytest

from passend.matching.rules.model import Package
from passend.matching.rules.scoring import (
    CRITERION_FUNCTIONS,
    facts,
    is_small_scale,
    placement_value,
    priority,
    score,
)
from passend.matching.rules.weights import PLACEMENT_VALUE, Weights
from passend.matching.tests.factories import ALMERE, AS_OF, ambulant, offer, youth


def test_every_criterion_has_a_weight_and_the_defaults_sum_to_100():
    """One weight per criterion, documented defaults summing to 100 points."""
    assert [f.name for f in fields(Weights)] == list(CRITERION_FUNCTIONS)
    assert sum(getattr(Weights(), f.name) for f in fields(Weights)) == pytest.approx(100)


@pytest.mark.parametrize(
    ("fields_", "expected", "why"),
    [
        ({"group_size": 6, "age_min": 12, "age_max": 18, "staff_ratio": 0.25}, True, "at limits"),
        ({"group_size": 4, "age_min": 8, "age_max": 23, "staff_ratio": 0.5}, True, "preferred"),
        ({"group_size": 7, "age_min": 12, "age_max": 18, "staff_ratio": 0.25}, False, "group 7"),
        ({"group_size": 6, "age_min": 6, "age_max": 18, "staff_ratio": 0.25}, False, "age 6"),
        ({"group_size": 6, "age_min": 12, "age_max": 24, "staff_ratio": 0.25}, False, "age 24"),
        ({"group_size": 6, "age_min": 12, "age_max": 18, "staff_ratio": 0.2}, False, "1:5"),
        ({"group_size": None, "age_min": 12, "age_max": 18, "staff_ratio": 0.5}, False, "no size"),
        ({"group_size": 4, "age_min": 12, "age_max": 18, "staff_ratio": None}, False, "no ratio"),
        ({"care_form": "ambulant", "group_size": 4, "staff_ratio": 0.5}, False, "not residential"),
    ],
)
def test_small_scale(fields_, expected, why):
    """Small-scale: at most 6 youth aged within 8–23, at least one staff member per four."""
    assert is_small_scale(offer(**fields_)) is expected, why


def test_score_breakdown_for_a_perfect_package():
    """All needs, own region, no wait, small-scale, education, one provider: only continuity
    (no current help) is missing."""
    subject = youth(needs={"gedrag"})
    primary = offer(group_size=4, staff_ratio=0.25, education=True)
    result = score(subject, Package(primary, free_place=frozenset({"A1"})), Weights())
    assert result.values == {
        "needs_covered": 1.0,
        "own_region": 1.0,
        "waiting_time": 1.0,
        "small_scale": 1.0,
        "continuity": 0.0,
        "inspection": 1.0,
        "education": 1.0,
        "few_providers": 1.0,
    }
    assert result.total == pytest.approx(100 - Weights().continuity)


def test_score_of_a_package_with_a_complement():
    """Coverage counts the complement; the wait is the longest waiting list; a complement from
    another provider halves the provider criterion; the weakest inspection status counts."""
    subject = youth(needs={"gedrag", "trauma"}, current_offers={"B1"})
    primary = offer(wait_days=35)
    complement = ambulant("B1", {"trauma"}, provider="Ander", inspection_status="aanwijzing")
    package = Package(primary, (complement,))
    found = facts(subject, package)
    assert (found.covered, found.wait_days, found.kept, found.hand_overs) == (2, 35, 1, 1)
    values = score(subject, package, Weights()).values
    assert values["waiting_time"] == pytest.approx(0.5)
    assert values["few_providers"] == pytest.approx(0.5)
    assert values["inspection"] == 0.5
    assert values["continuity"] == 1.0


def test_out_of_region_loses_the_region_points():
    package = Package(offer(municipality=ALMERE), free_place=frozenset({"A1"}))
    assert score(youth(), package, Weights()).values["own_region"] == 0.0


@pytest.mark.parametrize(
    ("urgency", "waiting_since", "expected"),
    [
        ("normal", AS_OF, 1.0),
        ("high", AS_OF, 2.0),
        ("crisis", AS_OF, 4.0),
        ("normal", date(2025, 1, 5), 2.0),  # a year of waiting doubles
        ("normal", date(2020, 1, 1), 2.0),  # and no more
    ],
)
def test_priority(urgency, waiting_since, expected):
    """Crisis before high before normal; waiting raises priority up to double after a year."""
    subject = youth(urgency=urgency, waiting_since=waiting_since)
    assert priority(subject, AS_OF) == pytest.approx(expected)


def test_placing_anyone_beats_a_better_package_for_an_equal():
    """The placement value outweighs the score: two placements weigh at least one perfect one."""
    assert 2 * placement_value(1.0, 0.0) >= placement_value(1.0, 100.0)
    assert placement_value(2.0, 10.0) == 2.0 * (PLACEMENT_VALUE + 10.0)


def test_default_weights_keep_their_documented_order():
    """The order the weights module promises: one more need of four beats the whole wait; the
    own region beats the whole wait and just outweighs half of the needs."""
    weights = Weights()
    assert weights.needs_covered / 4 > weights.waiting_time
    assert weights.own_region > weights.waiting_time
    assert weights.needs_covered / 2 < weights.own_region < weights.needs_covered / 2 + 2


@pytest.mark.parametrize(
    ("needs", "home_covers", "home_wins"),
    [
        (2, 1, True),  # half at home beats all away
        (4, 2, True),
        (3, 2, True),
        (3, 1, False),  # home leaves two of three open: away covering all wins
        (4, 1, False),
    ],
)
def test_home_covering_half_beats_complete_help_away(needs, home_covers, home_wins):
    """Same wait and features: home wins exactly when it covers at least half of the needs."""
    wanted = ["gedrag", "trauma", "ggz", "lvb"][:needs]
    subject = youth(needs=wanted)
    home = Package(offer("A1", needs=wanted[:home_covers]), free_place=frozenset({"A1"}))
    away = Package(offer("F1", municipality=ALMERE, needs=wanted), free_place=frozenset({"F1"}))
    difference = score(subject, home, Weights()).total - score(subject, away, Weights()).total
    assert (difference > 0) is home_wins
