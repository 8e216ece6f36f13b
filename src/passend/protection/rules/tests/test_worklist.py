"""Worklist rows (pure): the state of a case and what is missing, from today's verdicts.

Working days for "due soon" are those of the Algemene termijnenwet (2 working days: Good Friday
counts, Easter Monday, King's Day and Christmas do not).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from passend.protection.rules.norms import Indicator, Verdict, evaluate_case
from passend.protection.rules.state import case_state
from passend.protection.rules.tests.builders import (
    assigned,
    course,
    d,
    informed,
    pronounced,
    started,
    supported_course,
)
from passend.protection.rules.worklist import Current, Missing, State, WorkItem, work_item

K, V = Indicator, Verdict
PROTECTOR_DEADLINE, COURSE_DEADLINE, HELP_DEADLINE = "2026-03-10", "2026-04-13", "2026-06-02"
DEADLINES = {
    K.PROTECTOR_TIMELY: PROTECTOR_DEADLINE,
    K.PROTECTOR_FIXED: PROTECTOR_DEADLINE,
    K.COURSE_SET: COURSE_DEADLINE,
    K.COURSE_TIMELY: COURSE_DEADLINE,
    K.COURSE_SUPPORTED: COURSE_DEADLINE,
    K.HELP_DEPLOYED: HELP_DEADLINE,
    K.HELP_TIMELY: HELP_DEADLINE,
}


@dataclass(frozen=True)
class Row:
    """A case's verdicts today: every indicator met unless ``verdicts`` says otherwise, with
    the deadlines of a measure pronounced Mon 2 Mar 2026 (GI informed Tue 3 Mar) unless
    ``deadlines`` moves them."""

    today: str
    verdicts: dict[Indicator, Verdict] = field(default_factory=dict)
    deadlines: dict[Indicator, str] = field(default_factory=dict)
    has_protector: bool = True
    waiting: bool = False
    at_duty_desk: bool = False

    def item(self) -> WorkItem:
        current = {
            indicator: Current(
                self.verdicts.get(indicator, V.MET), d(self.deadlines.get(indicator, deadline))
            )
            for indicator, deadline in DEADLINES.items()
        }
        return work_item(
            current,
            has_protector=self.has_protector,
            waiting=self.waiting,
            today=d(self.today),
            at_duty_desk=self.at_duty_desk,
        )


def course_due(deadline: str, today: str) -> Row:
    """Only the course is missing, due on ``deadline``."""
    return Row(
        today,
        {K.COURSE_SET: V.PENDING, K.COURSE_TIMELY: V.PENDING, K.COURSE_SUPPORTED: V.PENDING},
        {K.COURSE_SET: deadline, K.COURSE_TIMELY: deadline, K.COURSE_SUPPORTED: deadline},
    )


# (row, expected state, expected next deadline); the reasoning in the comments.
STATES = {
    "nothing missing: done": (Row("2026-07-01"), State.DONE, None),
    "far from the deadline: on track": (
        course_due("2026-04-13", "2026-03-20"),
        State.ON_TRACK,
        "2026-04-13",
    ),
    "deadline today has not passed: due soon": (
        course_due("2026-03-20", "2026-03-20"),
        State.DUE_SOON,
        "2026-03-20",
    ),
    "deadline yesterday: overdue": (
        Row(
            "2026-04-14",
            {K.COURSE_SET: V.NOT_MET, K.COURSE_TIMELY: V.NOT_MET, K.COURSE_SUPPORTED: V.NOT_MET},
        ),
        State.OVERDUE,
        COURSE_DEADLINE,
    ),
    "still missing past the deadline but explained: overdue all the same": (
        Row("2026-04-20", {K.COURSE_SET: V.LATE_EXPLAINED, K.COURSE_TIMELY: V.LATE_EXPLAINED}),
        State.OVERDUE,
        COURSE_DEADLINE,
    ),
    # Fri 6 Mar: Mon 9 is working day 1, Tue 10 working day 2.
    "over a weekend, on working day 2: due soon": (
        course_due("2026-03-10", "2026-03-06"),
        State.DUE_SOON,
        "2026-03-10",
    ),
    "over a weekend, on working day 3: on track": (
        course_due("2026-03-11", "2026-03-06"),
        State.ON_TRACK,
        "2026-03-11",
    ),
    # Thu 2 Apr 2026: Good Friday 3 Apr is a working day (1), Easter Monday 6 Apr is not,
    # Tue 7 Apr is working day 2.
    "over Easter, on working day 2: due soon": (
        course_due("2026-04-07", "2026-04-02"),
        State.DUE_SOON,
        "2026-04-07",
    ),
    "over Easter, on working day 3: on track": (
        course_due("2026-04-08", "2026-04-02"),
        State.ON_TRACK,
        "2026-04-08",
    ),
    # Thu 23 Apr 2026: Fri 24 (1), King's Day Mon 27 Apr, Tue 28 (2).
    "over King's Day, on working day 2: due soon": (
        course_due("2026-04-28", "2026-04-23"),
        State.DUE_SOON,
        "2026-04-28",
    ),
    "over King's Day, on working day 3: on track": (
        course_due("2026-04-29", "2026-04-23"),
        State.ON_TRACK,
        "2026-04-29",
    ),
    # Wed 23 Dec 2026: Thu 24 (1), Christmas Fri 25, weekend (Boxing Day), Mon 28 (2).
    "over Christmas, on working day 2: due soon": (
        course_due("2026-12-28", "2026-12-23"),
        State.DUE_SOON,
        "2026-12-28",
    ),
    "over Christmas, on working day 3: on track": (
        course_due("2026-12-29", "2026-12-23"),
        State.ON_TRACK,
        "2026-12-29",
    ),
    "a waiting list without a deadline of its own, help already deployed: on track": (
        Row("2026-07-01", waiting=True),
        State.ON_TRACK,
        None,
    ),
}


@pytest.mark.parametrize(("row", "state", "deadline"), list(STATES.values()), ids=list(STATES))
def test_state(row, state, deadline):
    item = row.item()
    assert item.state is state
    assert item.next_deadline == (d(deadline) if deadline else None)


# (row, expected missing items, expected state)
MISSING = {
    "no protector yet, the deadline ahead": (
        Row(
            "2026-03-04",
            {K.PROTECTOR_TIMELY: V.PENDING, K.PROTECTOR_FIXED: V.PENDING},
            has_protector=False,
        ),
        (Missing.PROTECTOR,),
        State.ON_TRACK,
    ),
    "no protector past the deadline": (
        Row(
            "2026-03-11",
            {K.PROTECTOR_TIMELY: V.NOT_MET, K.PROTECTOR_FIXED: V.NOT_MET},
            has_protector=False,
        ),
        (Missing.PROTECTOR,),
        State.OVERDUE,
    ),
    "a protector linked late is no longer missing": (
        Row("2026-03-20", {K.PROTECTOR_TIMELY: V.NOT_MET}),
        (),
        State.DONE,
    ),
    # Item 1 of the audit: the protector was timely, then the family went to the duty desk.
    "at the duty desk after a protector": (
        Row("2026-04-02", {K.PROTECTOR_FIXED: V.NOT_MET}, has_protector=False, at_duty_desk=True),
        (Missing.DUTY_DESK,),
        State.OVERDUE,
    ),
    "at the duty desk from the start, the protector deadline ahead": (
        Row(
            "2026-03-04",
            {K.PROTECTOR_TIMELY: V.PENDING, K.PROTECTOR_FIXED: V.PENDING},
            has_protector=False,
            at_duty_desk=True,
        ),
        (Missing.DUTY_DESK,),
        State.ON_TRACK,
    ),
    "no course": (
        course_due(COURSE_DEADLINE, "2026-03-20"),
        (Missing.COURSE,),
        State.ON_TRACK,
    ),
    # Item 4 of the audit: an unsupported course is not met the day it is set; it needs action
    # now, not "on track" until the course deadline (and forever after).
    "course not supported, the course deadline ahead": (
        Row("2026-03-20", {K.COURSE_SUPPORTED: V.NOT_MET}),
        (Missing.SUPPORT,),
        State.OVERDUE,
    ),
    "course not supported, the course deadline passed": (
        Row("2026-05-01", {K.COURSE_SUPPORTED: V.NOT_MET}),
        (Missing.SUPPORT,),
        State.OVERDUE,
    ),
    "help not started": (
        Row("2026-05-01", {K.HELP_DEPLOYED: V.PENDING, K.HELP_TIMELY: V.PENDING}),
        (Missing.HELP,),
        State.ON_TRACK,
    ),
    "on a waiting list after the intake": (
        Row("2026-05-29", {K.HELP_DEPLOYED: V.PENDING, K.HELP_TIMELY: V.PENDING}, waiting=True),
        (Missing.HELP, Missing.WAITING),
        State.DUE_SOON,
    ),
    "the measure ended with everything open: nothing to arrange": (
        Row("2026-03-06", dict.fromkeys(DEADLINES, V.NOT_APPLICABLE), has_protector=False),
        (),
        State.DONE,
    ),
}


@pytest.mark.parametrize(("row", "missing", "state"), list(MISSING.values()), ids=list(MISSING))
def test_missing(row, missing, state):
    item = row.item()
    assert item.missing == missing
    assert item.state is state


def test_the_nearest_deadline_of_all_missing_items_governs():
    """Protector, course and help all missing: listed in that order, the protector's deadline
    (the nearest) is the next one."""
    row = Row(
        "2026-03-09",
        {K.PROTECTOR_TIMELY: V.PENDING, K.COURSE_SET: V.PENDING, K.HELP_DEPLOYED: V.PENDING},
        has_protector=False,
        waiting=True,
    )
    item = row.item()
    assert item.missing == (Missing.PROTECTOR, Missing.COURSE, Missing.HELP, Missing.WAITING)
    assert (item.state, item.next_deadline) == (State.DUE_SOON, d(PROTECTOR_DEADLINE))


def item_of(events, today: str) -> WorkItem:
    """A case's row as the application builds it: the engine's verdicts and the case's state."""
    evaluation = evaluate_case(events, d(today))
    state = case_state(events, d(today))
    current = {k: Current(r.verdict, r.deadline) for k, r in evaluation.indicators.items()}
    return work_item(
        current,
        has_protector=bool(state.protector_reference),
        waiting=state.waiting_since is not None,
        today=d(today),
        at_duty_desk=state.duty_desk_since is not None,
    )


START = [pronounced("2026-03-02"), informed("2026-03-03")]


def test_from_events_a_family_at_the_duty_desk_has_no_protector():
    """The audit's case: a timely protector, then the duty desk. Not "done", but overdue with
    "no protector (duty desk)"."""
    events = [
        *START,
        assigned("2026-03-04", "P1"),
        supported_course("2026-03-20"),
        assigned("2026-04-01", "D1", "bureaudienst", "turnover"),
    ]
    item = item_of(events, "2026-04-02")
    assert item.missing == (Missing.DUTY_DESK, Missing.HELP)
    assert (item.state, item.next_deadline) == (State.OVERDUE, d(PROTECTOR_DEADLINE))


def test_from_events_an_unsupported_course_alone_is_overdue_long_after_every_deadline():
    """The audit's case: everything done but the course was set without the child heard."""
    events = [
        *START,
        assigned("2026-03-04", "P1"),
        course("2026-03-20", "parents", "professionals"),
        started("2026-05-01"),
    ]
    item = item_of(events, "2026-09-01")
    assert item.missing == (Missing.SUPPORT,)
    assert (item.state, item.next_deadline) == (State.OVERDUE, d(COURSE_DEADLINE))
