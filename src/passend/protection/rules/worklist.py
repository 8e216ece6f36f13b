"""A worklist row: what is still missing in a case and how urgent it is (pure).

States, in order of urgency: ``overdue`` (something due is missing past its deadline),
``due_soon`` (the nearest open deadline is within 2 working days), ``on_track``, ``done``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from passend.workdays import add_working_days

from .norms import Indicator, Verdict

DUE_SOON_WORKING_DAYS = 2
"""A deadline this many working days away or nearer is "due soon" (issue 3, worklists)."""


class State(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    DONE = "done"


class Missing(StrEnum):
    PROTECTOR = "no_protector"
    COURSE = "no_course"
    SUPPORT = "course_not_supported"
    HELP = "help_not_started"
    WAITING = "waiting_after_intake"


@dataclass(frozen=True)
class Current:
    """The verdict of one indicator today, as stored (no reason needed here)."""

    verdict: Verdict
    deadline: date | None


@dataclass(frozen=True)
class WorkItem:
    state: State
    next_deadline: date | None
    missing: tuple[Missing, ...]


OPEN = {Verdict.PENDING, Verdict.NOT_MET, Verdict.LATE_EXPLAINED}
"""For an existence indicator (a protector, a course, help) these mean: still not there."""


def missing_items(
    current: Mapping[Indicator, Current], has_protector: bool, waiting: bool
) -> tuple[Missing, ...]:
    """What the protector still has to arrange, from today's verdicts."""

    def still_open(indicator: Indicator) -> bool:
        return indicator in current and current[indicator].verdict in OPEN

    missing = []
    if not has_protector and still_open(Indicator.PROTECTOR_TIMELY):
        missing.append(Missing.PROTECTOR)
    if still_open(Indicator.COURSE_SET):
        missing.append(Missing.COURSE)
    elif (
        current.get(Indicator.COURSE_SUPPORTED, Current(Verdict.MET, None)).verdict
        is Verdict.NOT_MET
    ):
        missing.append(Missing.SUPPORT)
    if still_open(Indicator.HELP_DEPLOYED):
        missing.append(Missing.HELP)
    if waiting:
        missing.append(Missing.WAITING)
    return tuple(missing)


DEADLINE_OF = {
    Missing.PROTECTOR: Indicator.PROTECTOR_TIMELY,
    Missing.COURSE: Indicator.COURSE_SET,
    Missing.HELP: Indicator.HELP_DEPLOYED,
}


def work_item(
    current: Mapping[Indicator, Current], *, has_protector: bool, waiting: bool, today: date
) -> WorkItem:
    missing = missing_items(current, has_protector, waiting)
    deadlines = sorted(
        current[DEADLINE_OF[item]].deadline
        for item in missing
        if item in DEADLINE_OF and current[DEADLINE_OF[item]].deadline is not None
    )
    next_deadline = deadlines[0] if deadlines else None
    if next_deadline is not None and next_deadline < today:
        state = State.OVERDUE
    elif next_deadline is not None and next_deadline <= add_working_days(
        today, DUE_SOON_WORKING_DAYS
    ):
        state = State.DUE_SOON
    elif missing:
        state = State.ON_TRACK
    else:
        state = State.DONE
    return WorkItem(state=state, next_deadline=next_deadline, missing=missing)
