"""A worklist row: what is still missing in a case and how urgent it is (pure).

States, in order of urgency: ``overdue`` (something missing is past its deadline, or already
judged not met), ``due_soon`` (the nearest open deadline is within 2 working days),
``on_track``, ``done``.
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
    DUTY_DESK = "at_duty_desk"
    """No protector: the family sits at the duty desk (shown as "no protector (duty desk)")."""
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

INDICATOR_OF = {
    Missing.PROTECTOR: Indicator.PROTECTOR_TIMELY,
    Missing.DUTY_DESK: Indicator.PROTECTOR_FIXED,
    Missing.COURSE: Indicator.COURSE_SET,
    Missing.SUPPORT: Indicator.COURSE_SUPPORTED,
    Missing.HELP: Indicator.HELP_DEPLOYED,
}
"""The indicator whose verdict and deadline govern a missing item. A waiting list has none of
its own: it comes with "help not started" and that item's deadline."""


def missing_items(
    current: Mapping[Indicator, Current],
    has_protector: bool,
    waiting: bool,
    at_duty_desk: bool,
) -> tuple[Missing, ...]:
    """What the protector (or, without one, the team lead) still has to arrange, from today's
    verdicts and the case's state (:mod:`.state`).

    - no protector: nobody linked yet and the protector norm still open; at the duty desk
      instead "no protector (duty desk)", whatever the earlier protectors did (DOMAIN §2 norm 1);
    - no course, or a course that is not supported (DOMAIN §2 norm 2);
    - help not started, and on a waiting list after the intake (DOMAIN §2 norm 3).
    """

    def still_open(indicator: Indicator) -> bool:
        return indicator in current and current[indicator].verdict in OPEN

    missing = []
    if at_duty_desk:
        missing.append(Missing.DUTY_DESK)
    elif not has_protector and still_open(Indicator.PROTECTOR_TIMELY):
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


def work_item(
    current: Mapping[Indicator, Current],
    *,
    has_protector: bool,
    waiting: bool,
    today: date,
    at_duty_desk: bool,
) -> WorkItem:
    """The state of a case on ``today``: overdue when something missing is past its deadline or
    its indicator is already ``not_met`` (a course that is not supported is not met from the
    day it was set, and a family at the duty desk after its protector fails the fixed-protector
    norm at once: both need action now, whatever the deadline says); otherwise due soon when the
    nearest deadline of something missing is at most :data:`DUE_SOON_WORKING_DAYS` working days
    away; otherwise on track while anything is missing, and done when nothing is.

    ``at_duty_desk``: the family sits at the duty desk (:func:`.state.at_duty_desk_since`).
    """
    missing = missing_items(current, has_protector, waiting, at_duty_desk)
    governing = [
        current[INDICATOR_OF[item]] for item in missing if INDICATOR_OF.get(item) in current
    ]
    deadlines = sorted(c.deadline for c in governing if c.deadline is not None)
    next_deadline = deadlines[0] if deadlines else None
    if (next_deadline is not None and next_deadline < today) or any(
        c.verdict is Verdict.NOT_MET for c in governing
    ):
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
