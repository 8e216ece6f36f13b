"""Hypothesis strategies for whole cases: one measure and the events around it.

Unlike the cases in ``test_properties.py`` these also hold events dated *before* the measure (real
data arrives out of order), several events on one day, advanced deadlines before the measure or
before the event that advances them, cases without a GI-informed date, and as-of dates from before
the measure to years after it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import strategies as st

from passend.protection.rules.events import (
    AssignmentReason,
    CaseEvent,
    CourseSet,
    DeadlineAdvanced,
    Explanation,
    GiInformed,
    HelpDecided,
    HelpStarted,
    Intake,
    Measure,
    MeasureEnded,
    MeasurePronounced,
    Norm,
    Participant,
    ProtectorAssigned,
    ProtectorKind,
    Waitlisted,
)

CASE = "C1"
EPOCH = date(2000, 1, 1)
"""Templates are dated around this day and then moved next to their measure: one strategy built
once is much faster than one built per measure date."""
EARLIEST = -30
LATEST = 200
"""Events are dated from 30 days before to 200 days after the measure (help is due after about
90 days, so this reaches well past every normal deadline)."""

measure_dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
offsets = st.one_of(
    st.integers(min_value=0, max_value=LATEST),
    st.integers(min_value=EARLIEST, max_value=-1),
    st.sampled_from([0, 1, 41, 42, 43]),
)
"""Days after the measure: mostly after it, sometimes before it, often on the edges of the six
weeks of the course norm."""
on = offsets.map(lambda days: EPOCH + timedelta(days=days))
names = st.sampled_from(["P1", "P2", "P3"])


def event_templates_on(
    on: st.SearchStrategy[date], names: st.SearchStrategy[str]
) -> st.SearchStrategy[CaseEvent]:
    """Every event type except the measure, dated by ``on`` (days after :data:`EPOCH`, moved
    next to a measure with :func:`moved`)."""
    return st.one_of(
        st.builds(GiInformed, case=st.just(CASE), date=on),
        st.builds(
            ProtectorAssigned,
            case=st.just(CASE),
            date=on,
            protector=names,
            kind=st.sampled_from(ProtectorKind),
            reason=st.sampled_from(AssignmentReason),
        ),
        st.builds(
            CourseSet,
            case=st.just(CASE),
            date=on,
            participants=st.frozensets(st.sampled_from(Participant), min_size=1),
            child_heard=st.booleans(),
            child_not_heard_reason=st.none() | st.just("too young"),
        ),
        st.builds(
            DeadlineAdvanced, case=st.just(CASE), date=on, norm=st.sampled_from(Norm), deadline=on
        ),
        st.builds(Explanation, case=st.just(CASE), date=on, norm=st.sampled_from(Norm), text=names),
        st.builds(HelpDecided, case=st.just(CASE), date=on, help=st.just("gezinsbehandeling")),
        st.builds(Intake, case=st.just(CASE), date=on),
        st.builds(Waitlisted, case=st.just(CASE), date=on),
        st.builds(
            HelpStarted,
            case=st.just(CASE),
            date=on,
            appropriate=st.booleans(),
            via_escalation=st.booleans(),
            provider=st.none() | st.just("Provider X"),
        ),
        st.builds(MeasureEnded, case=st.just(CASE), date=on),
    )


event_templates = event_templates_on(on, names)


def moved(event: CaseEvent, start: date) -> CaseEvent:
    """The template event with its dates counted from ``start`` instead of the epoch."""
    shift = start - EPOCH
    if isinstance(event, DeadlineAdvanced):
        return replace(event, date=event.date + shift, deadline=event.deadline + shift)
    return replace(event, date=event.date + shift)


@st.composite
def cases(draw, max_events: int = 15) -> list[CaseEvent]:
    """The events of one valid case: one measure and up to ``max_events`` other events, in a
    random order (the measure is not always first)."""
    start = draw(measure_dates)
    measure = MeasurePronounced(
        case=CASE, date=start, measure=draw(st.sampled_from(Measure)), region="Zeeland", gi="GI-A"
    )
    others = [moved(event, start) for event in draw(st.lists(event_templates, max_size=max_events))]
    position = draw(st.integers(min_value=0, max_value=len(others)))
    return [*others[:position], measure, *others[position:]]


def measure_date(events: list[CaseEvent]) -> date:
    return next(event.date for event in events if isinstance(event, MeasurePronounced))


def as_of_dates(start: date) -> st.SearchStrategy[date]:
    """As-of dates from 60 days before the measure date to five years after it, dense near it."""
    return st.one_of(
        st.integers(min_value=-60, max_value=250),
        st.integers(min_value=-60, max_value=5 * 366),
    ).map(lambda days: start + timedelta(days=days))
