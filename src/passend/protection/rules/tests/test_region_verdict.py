"""The proposed region verdict: each threshold at its edge."""

from __future__ import annotations

import pytest

from passend.protection.rules.norms import Indicator, IndicatorSummary
from passend.protection.rules.region_verdict import RegionVerdict, Thresholds, propose


def figures(pct_by_indicator: dict[Indicator, tuple[int, int]], default=(90, 100)):
    """Summaries from (met, assessed) per indicator; the others get ``default``."""
    result = {}
    for indicator in Indicator:
        met, assessed = pct_by_indicator.get(indicator, default)
        result[indicator] = IndicatorSummary(met=met, not_met=assessed - met)
    return result


def test_all_indicators_at_the_threshold_succeed():
    proposal = propose(figures({}, default=(85, 100)))
    assert proposal.verdict is RegionVerdict.SUCCEEDED
    assert proposal.shortfalls == ()


def test_one_shortfall_at_the_floor_is_tolerated():
    proposal = propose(figures({Indicator.HELP_TIMELY: (75, 100)}))
    assert proposal.verdict is RegionVerdict.SUCCEEDED
    assert [f.indicator for f in proposal.shortfalls] == [Indicator.HELP_TIMELY]


def test_one_shortfall_below_the_floor_is_not_succeeded():
    proposal = propose(figures({Indicator.HELP_TIMELY: (74, 100)}))
    assert proposal.verdict is RegionVerdict.NOT_SUCCEEDED


def test_two_shortfalls_exceed_the_tolerance():
    current = figures({Indicator.HELP_TIMELY: (84, 100), Indicator.COURSE_TIMELY: (80, 100)})
    assert propose(current).verdict is RegionVerdict.NOT_SUCCEEDED
    assert propose(current, thresholds=Thresholds(tolerated_shortfalls=2)).verdict is (
        RegionVerdict.SUCCEEDED
    )


def test_improving_when_every_shortfall_rose_enough():
    current = figures({Indicator.HELP_TIMELY: (67, 100), Indicator.HELP_DEPLOYED: (78, 100)})
    previous = figures({Indicator.HELP_TIMELY: (62, 100), Indicator.HELP_DEPLOYED: (70, 100)})
    proposal = propose(current, previous)
    assert proposal.verdict is RegionVerdict.IMPROVING
    help_timely = next(f for f in proposal.findings if f.indicator is Indicator.HELP_TIMELY)
    assert (help_timely.met_pct, help_timely.previous_pct, help_timely.improved) == (
        67.0,
        62.0,
        True,
    )


def test_one_shortfall_not_improving_enough_is_not_succeeded():
    current = figures({Indicator.HELP_TIMELY: (67, 100), Indicator.HELP_DEPLOYED: (78, 100)})
    previous = figures({Indicator.HELP_TIMELY: (63, 100), Indicator.HELP_DEPLOYED: (70, 100)})
    assert propose(current, previous).verdict is RegionVerdict.NOT_SUCCEEDED


def test_without_a_previous_period_there_is_no_indication_of_improvement():
    current = figures({Indicator.HELP_TIMELY: (50, 100), Indicator.HELP_DEPLOYED: (60, 100)})
    assert propose(current).verdict is RegionVerdict.NOT_SUCCEEDED


def test_indicators_with_too_few_assessed_cases_are_not_judged():
    # 1 of 9 met would fail everything, but 9 cases are too few to judge.
    current = figures({Indicator.HELP_TIMELY: (1, 9)})
    proposal = propose(current)
    assert proposal.verdict is RegionVerdict.SUCCEEDED
    finding = next(f for f in proposal.findings if f.indicator is Indicator.HELP_TIMELY)
    assert not finding.judged
    assert finding.met_pct is None


def test_previous_period_with_too_few_cases_gives_no_improvement():
    current = figures({Indicator.HELP_TIMELY: (60, 100), Indicator.HELP_DEPLOYED: (60, 100)})
    previous = figures({Indicator.HELP_TIMELY: (1, 9), Indicator.HELP_DEPLOYED: (40, 100)})
    assert propose(current, previous).verdict is RegionVerdict.NOT_SUCCEEDED


def test_no_judged_indicator_gives_insufficient_data():
    assert propose(figures({}, default=(3, 5))).verdict is RegionVerdict.INSUFFICIENT_DATA
    assert propose({}).verdict is RegionVerdict.INSUFFICIENT_DATA


@pytest.mark.parametrize(
    "kwargs",
    [
        {"succeeded_pct": 70, "floor_pct": 75},
        {"succeeded_pct": 101},
        {"tolerated_shortfalls": -1},
        {"min_assessed": 0},
        {"improvement_points": -1},
    ],
)
def test_inconsistent_thresholds_are_refused(kwargs):
    with pytest.raises(ValueError, match="thresholds|must be"):
        Thresholds(**kwargs)
