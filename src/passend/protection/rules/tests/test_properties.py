"""Invariants of the norm engine over generated cases (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from passend.protection.rules.events import (
    CourseSet,
    Explanation,
    HelpStarted,
    Measure,
    MeasureEnded,
    MeasurePronounced,
    Norm,
    ProtectorAssigned,
    ProtectorKind,
)
from passend.protection.rules.norms import (
    Indicator,
    Verdict,
    add_calendar_months,
    evaluate_case,
    evaluate_cases,
    summarise,
)
from passend.protection.rules.tests.strategies import CASE, EPOCH, event_templates_on, moved

TIMED = {
    Indicator.PROTECTOR_TIMELY,
    Indicator.COURSE_SET,
    Indicator.COURSE_TIMELY,
    Indicator.HELP_DEPLOYED,
    Indicator.HELP_TIMELY,
}
"""Indicators that are not met only once their deadline has passed."""
EXPLAINABLE = {
    Indicator.COURSE_SET: Norm.COURSE,
    Indicator.COURSE_TIMELY: Norm.COURSE,
    Indicator.COURSE_SUPPORTED: Norm.COURSE,
    Indicator.HELP_DEPLOYED: Norm.HELP,
    Indicator.HELP_TIMELY: Norm.HELP,
}

measure_dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 6, 30))
"""Events are generated at 0-160 days after this date and then moved next to their measure
(one strategy built once is much faster than one per measure date)."""
on = st.integers(min_value=0, max_value=160).map(lambda days: EPOCH + timedelta(days=days))
texts = st.sampled_from(["P1", "P2", "P3", "desk"])

event_templates = event_templates_on(on, texts)


@st.composite
def cases(draw):
    """A case with its measure pronounced on or before the as-of date, plus up to 12 events
    dated 0-160 days after the measure."""
    start = draw(measure_dates)
    measure = MeasurePronounced(
        case=CASE, date=start, measure=draw(st.sampled_from(Measure)), region="Zeeland", gi="GI"
    )
    events = [moved(event, start) for event in draw(st.lists(event_templates, max_size=12))]
    as_of = start + timedelta(days=draw(st.integers(min_value=0, max_value=180)))
    return [measure, *events], as_of


def verdicts(events, as_of):
    return dict(evaluate_case(events, as_of).indicators)


@settings(max_examples=150)
@given(cases(), st.data())
def test_events_after_as_of_never_change_a_verdict(case, data):
    events, as_of = case
    templates = data.draw(st.lists(event_templates, max_size=5))
    extra = [moved(event, as_of + timedelta(days=1)) for event in templates]
    assert verdicts(events + extra, as_of) == verdicts(events, as_of)


@settings(max_examples=150)
@given(cases(), st.randoms(use_true_random=False))
def test_event_order_never_changes_a_verdict(case, random):
    events, as_of = case
    shuffled = list(events)
    random.shuffle(shuffled)
    assert verdicts(shuffled, as_of) == verdicts(events, as_of)


@settings(max_examples=150)
@given(cases())
def test_verdicts_agree_with_their_deadline_and_the_facts(case):
    events, as_of = case
    visible = [event for event in events if event.date <= as_of]
    ended = [event.date for event in visible if isinstance(event, MeasureEnded)]
    for indicator, result in verdicts(events, as_of).items():
        assert result.deadline is not None
        assert result.reason
        if result.verdict is Verdict.PENDING:
            assert result.deadline >= as_of
        if result.verdict in (Verdict.NOT_MET, Verdict.LATE_EXPLAINED) and indicator in TIMED:
            assert result.deadline < as_of
        if result.verdict is Verdict.NOT_APPLICABLE:
            assert ended
            assert min(ended) <= result.deadline
        if result.verdict is Verdict.LATE_EXPLAINED:
            norm = EXPLAINABLE[indicator]
            assert any(isinstance(e, Explanation) and e.norm is norm for e in visible)


@settings(max_examples=150)
@given(cases())
def test_timely_met_only_when_achieved_by_the_deadline(case):
    events, as_of = case
    visible = [event for event in events if event.date <= as_of]
    results = verdicts(events, as_of)

    def met(indicator):
        return results[indicator].verdict is Verdict.MET

    def deadline(indicator):
        return results[indicator].deadline

    if met(Indicator.PROTECTOR_TIMELY):
        assert any(
            isinstance(e, ProtectorAssigned)
            and e.kind is not ProtectorKind.BUREAUDIENST
            and e.date <= deadline(Indicator.PROTECTOR_TIMELY)
            for e in visible
        )
    if met(Indicator.COURSE_TIMELY):
        assert any(
            isinstance(e, CourseSet) and e.date <= deadline(Indicator.COURSE_TIMELY)
            for e in visible
        )
    if met(Indicator.HELP_TIMELY):
        assert any(
            isinstance(e, HelpStarted)
            and e.appropriate
            and (e.via_escalation or e.date <= deadline(Indicator.HELP_TIMELY))
            for e in visible
        )
    if met(Indicator.HELP_DEPLOYED):
        assert any(isinstance(e, HelpStarted) and e.appropriate for e in visible)


@settings(max_examples=100)
@given(cases())
def test_deadlines_are_never_later_than_the_norm(case):
    events, as_of = case
    pronounced_on = events[0].date
    results = verdicts(events, as_of)
    assert results[Indicator.COURSE_TIMELY].deadline <= pronounced_on + timedelta(days=42)
    assert results[Indicator.HELP_TIMELY].deadline <= add_calendar_months(pronounced_on, 3)
    assert results[Indicator.PROTECTOR_TIMELY].deadline > pronounced_on


@settings(max_examples=100)
@given(cases(), st.integers(min_value=1, max_value=200))
def test_what_exists_stays_met_at_a_later_as_of(case, days):
    """A protector linked in time, a course set, help deployed: later dates cannot undo them."""
    events, as_of = case
    before, after = verdicts(events, as_of), verdicts(events, as_of + timedelta(days=days))
    for indicator in (Indicator.PROTECTOR_TIMELY, Indicator.COURSE_SET, Indicator.HELP_DEPLOYED):
        if before[indicator].verdict is Verdict.MET:
            assert after[indicator].verdict is Verdict.MET


@given(st.lists(cases(), max_size=6))
def test_summary_counts_every_case_once_per_indicator(many):
    evaluations = [evaluate_case(events, as_of) for events, as_of in many]
    summary = summarise(pair for evaluation in evaluations for pair in evaluation.verdicts())
    for indicator_summary in summary.values():
        assert sum(indicator_summary.count(v) for v in Verdict) == len(evaluations)
        assert indicator_summary.assessed <= len(evaluations)
        if indicator_summary.met_pct is not None:
            assert 0 <= indicator_summary.met_pct <= 100


@given(cases())
def test_evaluate_cases_matches_evaluate_case_for_one_case(case):
    events, as_of = case
    assert evaluate_cases(events, as_of) == (evaluate_case(events, as_of),)
