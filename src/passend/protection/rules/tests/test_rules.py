"""The single rules of the norm engine, and the report summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from passend.protection.rules.norms import (
    ASSESSED_VERDICTS,
    BEFORE_CALENDAR,
    CaseHistory,
    Deadline,
    Flag,
    Indicator,
    IndicatorSummary,
    Verdict,
    add_calendar_months,
    add_working_days_any_year,
    child_was_heard,
    counts_as_protector,
    evaluate_case,
    evaluate_cases,
    is_unplanned,
    missing_for_support,
    protector_changes,
    protector_deadline,
    summarise,
    with_advanced_deadline,
)
from passend.protection.rules.parameters import (
    COURSE_PERIOD,
    HELP_PERIOD,
    MAX_UNPLANNED_PROTECTOR_CHANGES,
    PROTECTOR_PERIOD,
    Unit,
)
from passend.protection.rules.tests.builders import (
    advanced,
    assigned,
    course,
    d,
    informed,
    pronounced,
    started,
)

RULES_DIR = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-03-02", 3, "2026-06-02"),
        ("2025-11-29", 3, "2026-02-28"),
        ("2025-11-30", 3, "2026-02-28"),
        ("2027-11-29", 3, "2028-02-29"),  # leap year
        ("2027-11-30", 3, "2028-02-29"),
        ("2026-01-31", 3, "2026-04-30"),
        ("2026-10-31", 3, "2027-01-31"),  # across the year end
        ("2026-12-31", 2, "2027-02-28"),
        ("2026-05-31", 1, "2026-06-30"),
    ],
)
def test_add_calendar_months(start, months, expected):
    assert add_calendar_months(d(start), months) == d(expected)


def test_parameters_are_the_norms_of_report_002():
    assert (PROTECTOR_PERIOD.value, PROTECTOR_PERIOD.unit) == (5, Unit.WORKING_DAYS)
    assert (COURSE_PERIOD.value, COURSE_PERIOD.unit) == (42, Unit.CALENDAR_DAYS)
    assert (HELP_PERIOD.value, HELP_PERIOD.unit) == (3, Unit.CALENDAR_MONTHS)
    assert MAX_UNPLANNED_PROTECTOR_CHANGES.value == 1
    for parameter in (PROTECTOR_PERIOD, COURSE_PERIOD, HELP_PERIOD):
        assert "appendix 5" in str(parameter.source)


def test_protector_deadline_domain_example():
    """DOMAIN §7: informed Tue 3 Mar 2026 → Tue 10 Mar."""
    history = CaseHistory.of([pronounced("2026-03-02"), informed("2026-03-03")], d("2026-04-01"))
    assert protector_deadline(history).on == d("2026-03-10")


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2026-03-03", "2026-03-10"),  # within the calendar: the Atw working days
        # Before 2014, Monday to Friday: Tue 1 May 2012 is day 1, Mon 7 May day 5.
        ("2012-04-30", "2012-05-07"),
        # Across into 2014: Mon 30 and Tue 31 Dec 2013 count, then New Year's Day does not:
        # Thu 2, Fri 3, Mon 6 Jan 2014.
        ("2013-12-27", "2014-01-06"),
        ("1990-01-01", "1990-01-08"),
    ],
)
def test_working_days_before_the_calendar_count_monday_to_friday(start, expected):
    assert add_working_days_any_year(d(start), 5) == d(expected)


def test_a_measure_from_before_the_calendar_is_judged_and_says_how_it_was_counted():
    """A guardianship pronounced in 2012 and still running: every indicator has a verdict, and
    the protector deadline's reason says the days before 2014 were counted Monday to Friday."""
    events = [
        pronounced("2012-04-27"),
        informed("2012-04-30"),
        assigned("2012-05-07", "P1"),
        course("2012-06-01", "parents", "professionals", "youth"),
        started("2012-07-20"),
    ]
    evaluation = evaluate_case(events, d("2026-11-01"))
    timely = evaluation.indicators[Indicator.PROTECTOR_TIMELY]
    assert (timely.verdict, timely.deadline) == (Verdict.MET, d("2012-05-07"))
    assert BEFORE_CALENDAR in timely.reason
    assert {result.verdict for result in evaluation.indicators.values()} == {Verdict.MET}
    later = evaluate_case([pronounced("2026-03-02"), informed("2026-03-03")], d("2026-03-04"))
    assert BEFORE_CALENDAR not in later.indicators[Indicator.PROTECTOR_TIMELY].reason


def test_protector_deadline_uses_the_earliest_gi_informed():
    events = [pronounced("2026-03-02"), informed("2026-03-05"), informed("2026-03-03")]
    assert protector_deadline(CaseHistory.of(events, d("2026-04-01"))).on == d("2026-03-10")


def test_advanced_deadline_only_replaces_when_earlier():
    normal = Deadline(d("2026-04-13"), "six weeks")
    assert with_advanced_deadline(normal, []) == normal
    earlier = with_advanced_deadline(normal, [advanced("2026-03-05", "course", "2026-04-01")])
    assert earlier.on == d("2026-04-01")
    later = with_advanced_deadline(normal, [advanced("2026-03-05", "course", "2026-04-20")])
    assert later.on == normal.on


@pytest.mark.parametrize(
    ("kind", "counts"), [("vast", True), ("instroomteam", True), ("bureaudienst", False)]
)
def test_counts_as_protector(kind, counts):
    assert counts_as_protector(assigned("2026-03-05", "X", kind)) is counts


@pytest.mark.parametrize(
    ("reason", "unplanned"),
    [("planned", False), ("turnover", True), ("sickness", True), ("other", True), ("start", True)],
)
def test_is_unplanned(reason, unplanned):
    assert is_unplanned(assigned("2026-04-01", "P2", reason=reason)) is unplanned


def test_protector_changes_skip_the_same_person_and_the_duty_desk():
    first = assigned("2026-03-05", "P1")
    later = [
        assigned("2026-03-06", "P1", reason="planned"),
        assigned("2026-03-07", "desk", "bureaudienst"),
        assigned("2026-03-08", "P2", reason="turnover"),
        assigned("2026-03-09", "P1", reason="sickness"),
    ]
    assert [change.protector for change in protector_changes(first, later)] == ["P2", "P1"]


@pytest.mark.parametrize(
    ("participants", "heard", "missing"),
    [
        (("parents", "professionals", "youth"), False, []),
        (("parents", "professionals"), True, []),
        (("parents", "professionals", "network"), False, ["the child's voice"]),
        (("youth",), False, ["parents", "professionals"]),
        (("network",), False, ["parents", "professionals", "the child's voice"]),
    ],
)
def test_missing_for_support(participants, heard, missing):
    set_course = course("2026-04-01", *participants, heard=heard)
    assert missing_for_support(set_course) == missing
    assert child_was_heard(set_course) is ("the child's voice" not in missing)


def test_evaluate_case_refuses_events_of_two_cases():
    with pytest.raises(ValueError, match="one case"):
        evaluate_case(
            [pronounced("2026-03-02"), pronounced("2026-03-02", case="C2")], d("2026-04-01")
        )


def test_evaluate_case_needs_a_measure_by_the_as_of_date():
    with pytest.raises(ValueError, match="expected one measure"):
        evaluate_case([pronounced("2026-03-02")], d("2026-03-01"))


def test_evaluation_carries_case_gi_region_and_the_missing_gi_informed_flag():
    evaluation = evaluate_case(
        [pronounced("2026-03-02", gi="GI-B", region="Rijnmond")], d("2026-03-05")
    )
    assert (evaluation.case, evaluation.gi, evaluation.region) == ("C1", "GI-B", "Rijnmond")
    assert evaluation.gi_informed_missing
    assert evaluation.flags == (Flag.GI_INFORMED_MISSING,)
    assert list(evaluation.indicators) == list(Indicator)
    informed_too = evaluate_case(
        [pronounced("2026-03-02"), informed("2026-03-03")], d("2026-03-05")
    )
    assert informed_too.flags == ()


def test_evaluate_cases_orders_by_case_and_skips_measures_after_as_of():
    events = [
        pronounced("2026-03-02", case="B"),
        started("2026-04-01", case="B"),
        pronounced("2026-03-02", case="A"),
        pronounced("2026-05-01", case="LATER"),
    ]
    assert [e.case for e in evaluate_cases(events, d("2026-04-01"))] == ["A", "B"]


def test_indicator_summary_fields_are_the_verdict_codes():
    assert list(IndicatorSummary.__dataclass_fields__) == [str(v) for v in Verdict]


def test_summarise_counts_every_indicator_and_computes_met_share():
    verdicts = [
        (Indicator.PROTECTOR_TIMELY, Verdict.MET),
        (Indicator.PROTECTOR_TIMELY, Verdict.MET),
        (Indicator.PROTECTOR_TIMELY, Verdict.NOT_MET),
        (Indicator.PROTECTOR_TIMELY, Verdict.LATE_EXPLAINED),
        (Indicator.PROTECTOR_TIMELY, Verdict.PENDING),
        (Indicator.PROTECTOR_TIMELY, Verdict.NOT_APPLICABLE),
        (Indicator.HELP_TIMELY, Verdict.PENDING),
    ]
    summary = summarise(verdicts)
    assert list(summary) == list(Indicator)
    timely = summary[Indicator.PROTECTOR_TIMELY]
    assert (timely.met, timely.not_met, timely.late_explained) == (2, 1, 1)
    assert (timely.pending, timely.not_applicable) == (1, 1)
    assert timely.assessed == 4
    assert timely.met_pct == 50.0
    assert summary[Indicator.HELP_TIMELY].assessed == 0
    assert summary[Indicator.HELP_TIMELY].met_pct is None
    assert summary[Indicator.COURSE_SET] == IndicatorSummary()


def test_met_pct_reproduces_the_2021_reference_figure():
    """Report 002: timely protector 307 of 354 assessed = 87%."""
    summary = IndicatorSummary(met=307, not_met=47)
    assert summary.met_pct == 86.7
    assert round(summary.met_pct) == 87


def test_assessed_verdicts():
    assert {Verdict.MET, Verdict.NOT_MET, Verdict.LATE_EXPLAINED} == ASSESSED_VERDICTS
