"""The timeline of a case: spans of dates with one result per indicator (``timeline.py``).

Hand cases: the measure is pronounced on Mon 2 Mar 2026 and the GI informed on Tue 3 Mar 2026
unless a case says otherwise, so the deadlines are: protector Tue 10 Mar 2026 (working day 5),
course Mon 13 Apr 2026 (42 days), help Tue 2 Jun 2026 (3 months).
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passend.protection.generator import generate_events
from passend.protection.rules import norms
from passend.protection.rules.events import (
    CourseSet,
    Explanation,
    ProtectorAssigned,
    read_jsonl,
)
from passend.protection.rules.norms import (
    INDICATOR_RULES,
    CaseHistory,
    Indicator,
    Verdict,
    evaluate_case,
)
from passend.protection.rules.tests.builders import (
    advanced,
    assigned,
    course,
    d,
    ended,
    explained,
    informed,
    intake,
    pronounced,
    started,
    supported_course,
)
from passend.protection.rules.tests.strategies import as_of_dates, cases, measure_date
from passend.protection.rules.timeline import Span, timeline

START = [pronounced("2026-03-02"), informed("2026-03-03")]


def engine(events, as_of: date) -> dict:
    """What the engine says as of a date; empty when the measure comes later (no case yet)."""
    if as_of < measure_date(events):
        return {}
    return dict(evaluate_case(events, as_of).indicators)


def brute_force_spans(events) -> tuple[Span, ...]:
    """The spans by definition: the engine on every single day from the measure date until two
    days after the last event date and the last deadline the engine ever reports (after which
    nothing can change), equal results on consecutive days merged."""
    start = measure_date(events)
    horizon = max(event.date for event in events)
    day, results = start, []
    while day <= horizon + timedelta(days=2):
        indicators = engine(events, day)
        horizon = max([horizon, *(result.deadline for result in indicators.values())])
        results.append((day, indicators))
        day += timedelta(days=1)
    spans = []
    for indicator in Indicator:
        runs: list[tuple[date, object]] = []
        for day, indicators in results:
            if not runs or runs[-1][1] != indicators[indicator]:
                runs.append((day, indicators[indicator]))
        for index, (day, result) in enumerate(runs):
            until = runs[index + 1][0] if index + 1 < len(runs) else None
            spans.append(
                Span(indicator, day, until, result.verdict, result.deadline, result.reason)
            )
    return tuple(spans)


# --- The decisive property: a timeline says what the engine says, on every date ----------------


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_verdicts_on_any_date_equal_the_engine(data):
    """On random dates from before the measure to years after it, the span of each indicator
    holds exactly the engine's verdict, deadline and reason."""
    events = data.draw(cases())
    case_timeline = timeline(events)
    for as_of in data.draw(st.lists(as_of_dates(measure_date(events)), min_size=1, max_size=8)):
        assert case_timeline.verdicts_on(as_of) == engine(events, as_of), as_of
        if as_of >= case_timeline.measure_date:
            flag = evaluate_case(events, as_of).gi_informed_missing
            assert case_timeline.gi_informed_missing_on(as_of) is flag


@settings(max_examples=40, deadline=None)
@given(cases(max_events=10))
def test_verdicts_on_every_date_around_the_case_equal_the_engine(events):
    """Every single date from just before the measure to well past the last change: no change
    date is missed (a missed day-after-deadline would show here as a pending verdict too long)."""
    case_timeline = timeline(events)
    last_change = max(span.valid_from for span in case_timeline.spans)
    day = case_timeline.measure_date - timedelta(days=2)
    while day <= last_change + timedelta(days=3):
        assert case_timeline.verdicts_on(day) == engine(events, day), day
        day += timedelta(days=1)


@settings(max_examples=60, deadline=None)
@given(cases(max_events=10))
def test_the_spans_are_exactly_those_of_the_engine_on_every_day(events):
    """The strongest form: the timeline (which evaluates the engine only on event dates and on
    days after pending deadlines) has exactly the spans of the engine evaluated on every day."""
    assert timeline(events).spans == brute_force_spans(events)


GENERATED = [
    json.dumps(event)
    for event in generate_events(
        seed=11,
        measures=40,
        start=date(2025, 1, 1),
        end=date(2026, 6, 30),
        regions=["Zeeland", "Limburg"],
        gis_per_region={"Zeeland": ["GI-A"], "Limburg": ["GI-B"]},
    )
]


def test_generated_cases_have_exactly_the_spans_of_the_engine_on_every_day():
    """The same on realistic cases of the generator (escalations, explanations, changes of
    protector, waiting lists, ended measures)."""
    by_case: dict[str, list] = {}
    for event in read_jsonl(GENERATED).events:
        by_case.setdefault(event.case, []).append(event)
    assert len(by_case) == 40
    for events in by_case.values():
        assert timeline(events).spans == brute_force_spans(events), events[0].case


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_history_moved_to_a_later_date_judges_as_a_fresh_one(data):
    """``CaseHistory.on`` (used for the days after a deadline) shares what was derived from the
    events with the earlier history; every rule must still judge as on a fresh history."""
    events = data.draw(cases())
    start = measure_date(events)
    first = data.draw(as_of_dates(start).filter(lambda day: day >= start))
    history = CaseHistory.of(events, first)
    for rule in INDICATOR_RULES.values():  # fill the shared cache
        rule(history)
    later_events = [event for event in events if event.date > first]
    last = min((event.date for event in later_events), default=first + timedelta(days=999))
    later = data.draw(st.dates(min_value=first, max_value=last - timedelta(days=1)))
    moved_history = history.on(later)
    fresh = CaseHistory.of(events, later)
    for indicator, rule in INDICATOR_RULES.items():
        assert rule(moved_history) == rule(fresh), (indicator, first, later)


def test_the_rules_read_events_by_type_only():
    """Point 3 of the timeline's argument: a rule must not walk ``history.events`` (that would
    escape the record of the event types it read); and the record names what was read."""
    assert "history.events" not in inspect.getsource(norms)
    history = CaseHistory.of([*START, supported_course("2026-04-01")], d("2026-05-01"))
    result, reads = history.judge(INDICATOR_RULES[Indicator.COURSE_TIMELY])
    assert result.verdict is Verdict.MET
    assert CourseSet in reads
    assert ProtectorAssigned not in reads
    # A second judgement uses what the first derived, and still names what that read.
    assert history.judge(INDICATOR_RULES[Indicator.COURSE_SET])[1] >= {CourseSet, Explanation}


def test_a_history_cannot_move_before_its_events():
    history = CaseHistory.of([*START, assigned("2026-03-05", "P1")], d("2026-03-06"))
    with pytest.raises(ValueError, match="lies after"):
        history.on(d("2026-03-04"))
    assert history.on(d("2026-03-05")).as_of == d("2026-03-05")


@settings(max_examples=200, deadline=None)
@given(cases())
def test_spans_are_contiguous_merged_and_cover_every_indicator(events):
    """Per indicator the spans start on the measure date, each ends where the next begins, the
    last is open-ended, and two neighbours never hold the same result (they would be merged)."""
    case_timeline = timeline(events)
    assert [span.indicator for span in case_timeline.spans] == sorted(
        (span.indicator for span in case_timeline.spans), key=list(Indicator).index
    )
    for indicator in Indicator:
        spans = case_timeline.spans_of(indicator)
        assert spans, indicator
        assert spans[0].valid_from == case_timeline.measure_date
        assert spans[-1].valid_to is None
        for earlier, later in zip(spans, spans[1:], strict=False):
            assert earlier.valid_to == later.valid_from
            assert earlier.valid_from < earlier.valid_to
            assert earlier.result != later.result


@settings(max_examples=100, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_the_order_of_delivery_does_not_change_the_timeline(events, random):
    shuffled = list(events)
    random.shuffle(shuffled)
    assert timeline(shuffled) == timeline(events)


# --- Hand cases -------------------------------------------------------------------------------


@dataclass
class TimelineCase:
    events: list
    indicator: Indicator
    spans: list[tuple[str, str | None, str, str]]
    """(valid_from, valid_to, verdict, deadline) of each span, in order."""


def case(name: str, *args):
    return pytest.param(TimelineCase(*args), id=name)


HAND_CASES = [
    # The course is set on 1 Apr, before the deadline of 13 Apr: pending until then, met after.
    case(
        "pending-then-met",
        [*START, supported_course("2026-04-01")],
        Indicator.COURSE_TIMELY,
        [
            ("2026-03-02", "2026-04-01", "pending", "2026-04-13"),
            ("2026-04-01", None, "met", "2026-04-13"),
        ],
    ),
    # No course: still pending on the deadline day itself, not met from the day after.
    case(
        "pending-then-not-met-the-day-after-the-deadline",
        START,
        Indicator.COURSE_TIMELY,
        [
            ("2026-03-02", "2026-04-14", "pending", "2026-04-13"),
            ("2026-04-14", None, "not_met", "2026-04-13"),
        ],
    ),
    # No course; an explanation for the course norm arrives on 1 May: late, explained from then.
    case(
        "not-met-then-late-explained",
        [*START, explained("2026-05-01", "course")],
        Indicator.COURSE_SET,
        [
            ("2026-03-02", "2026-04-14", "pending", "2026-04-13"),
            ("2026-04-14", "2026-05-01", "not_met", "2026-04-13"),
            ("2026-05-01", None, "late_explained", "2026-04-13"),
        ],
    ),
    # A course set late still counts as set: not met after the deadline, then met when set.
    case(
        "not-met-then-set-late",
        [*START, course("2026-04-20", "parents")],
        Indicator.COURSE_SET,
        [
            ("2026-03-02", "2026-04-14", "pending", "2026-04-13"),
            ("2026-04-14", "2026-04-20", "not_met", "2026-04-13"),
            ("2026-04-20", None, "met", "2026-04-13"),
        ],
    ),
    # The measure ends on 1 Apr, before the course deadline, with no course: not applicable.
    case(
        "ended-measure-not-applicable",
        [*START, ended("2026-04-01")],
        Indicator.COURSE_SET,
        [
            ("2026-03-02", "2026-04-01", "pending", "2026-04-13"),
            ("2026-04-01", None, "not_applicable", "2026-04-13"),
        ],
    ),
    # The help deadline is advanced on 10 Mar to 20 Mar: a new deadline from the event's date,
    # not met from 21 Mar.
    case(
        "advanced-deadline",
        [*START, advanced("2026-03-10", "help", "2026-03-20")],
        Indicator.HELP_TIMELY,
        [
            ("2026-03-02", "2026-03-10", "pending", "2026-06-02"),
            ("2026-03-10", "2026-03-21", "pending", "2026-03-20"),
            ("2026-03-21", None, "not_met", "2026-03-20"),
        ],
    ),
    # No GI-informed date until the event of 3 Mar: until then the protector deadline counts
    # from the measure date (working day 5 after Mon 2 Mar = Mon 9 Mar), then from 3 Mar.
    case(
        "gi-informed-moves-the-protector-deadline",
        [pronounced("2026-03-02"), informed("2026-03-03")],
        Indicator.PROTECTOR_TIMELY,
        [
            ("2026-03-02", "2026-03-03", "pending", "2026-03-09"),
            ("2026-03-03", "2026-03-11", "pending", "2026-03-10"),
            ("2026-03-11", None, "not_met", "2026-03-10"),
        ],
    ),
    # Delivered out of order: the GI was informed on Fri 27 Feb, before the measure date. The
    # first span still starts on the measure date, with the deadline counted from 27 Feb (working
    # day 5 = Fri 6 Mar); the protector linked on 5 Mar is in time.
    case(
        "event-before-the-measure-date",
        [informed("2026-02-27"), pronounced("2026-03-02"), assigned("2026-03-05", "P1")],
        Indicator.PROTECTOR_TIMELY,
        [
            ("2026-03-02", "2026-03-05", "pending", "2026-03-06"),
            ("2026-03-05", None, "met", "2026-03-06"),
        ],
    ),
    # An intake is not a start; it adds a note to the reason, so the pending result splits into
    # two spans on the intake date although the verdict stays pending.
    case(
        "intake-changes-the-reason-not-the-verdict",
        [*START, intake("2026-04-01"), started("2026-05-01")],
        Indicator.HELP_DEPLOYED,
        [
            ("2026-03-02", "2026-04-01", "pending", "2026-06-02"),
            ("2026-04-01", "2026-05-01", "pending", "2026-06-02"),
            ("2026-05-01", None, "met", "2026-06-02"),
        ],
    ),
]


@pytest.mark.parametrize("hand", HAND_CASES)
def test_hand_cases(hand: TimelineCase):
    spans = timeline(hand.events).spans_of(hand.indicator)
    assert [
        (
            str(span.valid_from),
            str(span.valid_to) if span.valid_to else None,
            str(span.verdict),
            str(span.deadline),
        )
        for span in spans
    ] == hand.spans


def test_a_case_has_no_verdicts_before_its_measure_date():
    """Before the measure is pronounced the case does not exist yet: no span, no verdicts."""
    case_timeline = timeline(START)
    assert case_timeline.verdicts_on(d("2026-03-01")) == {}
    assert set(case_timeline.verdicts_on(d("2026-03-02"))) == set(Indicator)


def test_the_last_span_holds_for_ever():
    case_timeline = timeline([*START, assigned("2026-03-04", "P1")])
    years_later = case_timeline.verdicts_on(d("2040-01-01"))
    assert years_later[Indicator.PROTECTOR_TIMELY].verdict is Verdict.MET
    assert years_later[Indicator.HELP_DEPLOYED].verdict is Verdict.NOT_MET


def test_the_timeline_carries_the_case_and_its_measure():
    case_timeline = timeline(START)
    assert (case_timeline.case, case_timeline.gi, case_timeline.region) == ("C1", "GI-A", "Zeeland")
    assert case_timeline.measure_date == d("2026-03-02")
    assert case_timeline.gi_informed_on == d("2026-03-03")
    assert case_timeline.gi_informed_missing_on(d("2026-03-02"))
    assert not case_timeline.gi_informed_missing_on(d("2026-03-03"))


def test_span_covers_its_dates_and_not_its_end():
    span = Span(
        Indicator.COURSE_SET, d("2026-03-02"), d("2026-04-14"), Verdict.PENDING, None, "no course"
    )
    assert span.covers(d("2026-03-02"))
    assert span.covers(d("2026-04-13"))
    assert not span.covers(d("2026-04-14"))
    assert not span.covers(d("2026-03-01"))


@pytest.mark.parametrize(
    "events",
    [
        pytest.param([], id="no-events"),
        pytest.param([informed("2026-03-03")], id="no-measure"),
        pytest.param([*START, pronounced("2026-03-09")], id="two-measures"),
        pytest.param([*START, pronounced("2026-03-02", case="C2")], id="two-cases"),
    ],
)
def test_timeline_refuses_anything_but_one_case_with_one_measure(events):
    with pytest.raises(ValueError, match="expected"):
        timeline(events)
