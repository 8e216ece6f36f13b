"""The three child-protection norms, judged per case as seven indicators (DOMAIN §2 and §7).

:func:`evaluate_case` takes the events of one case and an as-of date and gives each indicator a
:class:`Verdict`, the deadline that governs it and a short reason a reader can check against the
file. :func:`summarise` counts verdicts per indicator the way the inspectorates report them.

Sources: the norms of the inspectorates (report ``002``, appendix 5, summarised in DOMAIN §2) and
the system's decision rules (DOMAIN §7). Periods and limits come from :mod:`.parameters`.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property, lru_cache, wraps
from itertools import groupby
from types import MappingProxyType
from typing import Any, TypeVar

from passend.protection.rules.events import (
    AssignmentReason,
    CaseEvent,
    CourseSet,
    DeadlineAdvanced,
    Explanation,
    GiInformed,
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
from passend.protection.rules.parameters import (
    COURSE_PERIOD,
    HELP_PERIOD,
    MAX_UNPLANNED_PROTECTOR_CHANGES,
    PROTECTOR_PERIOD,
    Parameter,
    Unit,
)
from passend.workdays import FIRST_YEAR, WEEKEND, add_working_days


class Indicator(StrEnum):
    """The seven indicators, in the order the inspectorates report them."""

    PROTECTOR_TIMELY = "protector_timely"
    PROTECTOR_FIXED = "protector_fixed"
    COURSE_SET = "course_set"
    COURSE_TIMELY = "course_timely"
    COURSE_SUPPORTED = "course_supported"
    HELP_DEPLOYED = "help_deployed"
    HELP_TIMELY = "help_timely"


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    """The deadline passed and the indicator was not met in time."""
    LATE_EXPLAINED = "late_explained"
    """Late or still missing past the deadline, with a recorded explanation (comply or explain)."""
    PENDING = "pending"
    """The deadline has not passed and the indicator is not met yet."""
    NOT_APPLICABLE = "not_applicable"
    """The measure ended on or before the deadline, with the indicator not met."""


class Flag(StrEnum):
    """Something a reader of a case's verdicts must know that no verdict says."""

    GI_INFORMED_MISSING = "gi_informed_missing"
    """The GI-informed date is missing: the protector deadline was counted from the date the
    measure was pronounced (DOMAIN §2 norm 1: "fall back ... and flag the case")."""


def case_flags(*, gi_informed_missing: bool) -> tuple[Flag, ...]:
    """The flags of a case, in a fixed order (one place for the evaluation and the stored case)."""
    return (Flag.GI_INFORMED_MISSING,) if gi_informed_missing else ()


ASSESSED_VERDICTS = frozenset({Verdict.MET, Verdict.NOT_MET, Verdict.LATE_EXPLAINED})
"""Verdicts that count as an assessed case in a report; pending and not applicable do not."""

PROTECTOR_KINDS = frozenset({ProtectorKind.VAST, ProtectorKind.INSTROOMTEAM})
"""Assignments that give the child a protector; the duty desk never does."""

SAME_DAY_ASSIGNMENT_ORDER = (
    ProtectorKind.BUREAUDIENST,
    ProtectorKind.INSTROOMTEAM,
    ProtectorKind.VAST,
)
"""The order of assignments recorded on one day: the natural course of a new case."""


@dataclass(frozen=True)
class Deadline:
    """A deadline and how it was reached, for the reason text."""

    on: date
    basis: str

    def __str__(self) -> str:
        return f"{self.on} ({self.basis})"


@dataclass(frozen=True)
class Achievement:
    """The event that meets an indicator, and why it still counts when late (if it does)."""

    on: date
    description: str
    counts_when_late: str | None = None


@dataclass(frozen=True)
class IndicatorResult:
    verdict: Verdict
    deadline: date
    reason: str


ONE_DAY = timedelta(days=1)

EventT = TypeVar("EventT", bound=CaseEvent)
ResultT = TypeVar("ResultT")


@lru_cache(maxsize=1 << 16)
def _canonical_key(event: CaseEvent) -> tuple[date, str, tuple[str, ...]]:
    """A total order on events that depends only on their content, never on delivery order.

    Memoised: equal events have equal keys, and a case is sorted once per evaluated date.
    """
    values = []
    for event_field in fields(event):
        if event_field.compare:
            value = getattr(event, event_field.name)
            values.append(str(sorted(value)) if isinstance(value, frozenset) else str(value))
    return event.date, event.type, tuple(values)


def canonical_order(events: Iterable[CaseEvent]) -> tuple[CaseEvent, ...]:
    """Events in the order :meth:`CaseHistory.of` sees them: by date, then by content.

    The order starts with the date, so the events visible as of a date are a prefix of it.
    """
    return tuple(sorted(events, key=_canonical_key))


def _assignment_key(assignment: ProtectorAssigned) -> tuple[date, int, tuple]:
    kind_rank = SAME_DAY_ASSIGNMENT_ORDER.index(assignment.kind)
    return assignment.date, kind_rank, _canonical_key(assignment)


@dataclass(frozen=True)
class CaseHistory:
    """One case as known on the as-of date: its measure and the events delivered by then.

    Performance (for :mod:`.timeline`, which judges a case on many dates):

    - What the rules derive from the visible events alone (assignments, deadlines,
      achievements, notes) is computed once per history and kept in it (:func:`_per_history`).
      None of it may depend on ``as_of``: only :func:`judge_deadline` compares a date with
      ``as_of``, and it is never kept. That is what lets :meth:`on` hand what was derived to a
      history of the same events on a later date.
    - :meth:`judge` also says which event types a rule read. The rules read events only through
      :meth:`of_type` (and what is built on it), so a rule's result depends on the events of
      those types, the measure and ``as_of`` alone; what was derived remembers the types it read.
    """

    as_of: date
    measure: MeasurePronounced
    events: tuple[CaseEvent, ...]

    _reads = None
    """While :meth:`judge` runs: the set of event types read so far (not a dataclass field)."""

    @classmethod
    def of(cls, events: Iterable[CaseEvent], as_of: date) -> CaseHistory:
        """The history of one case as of ``as_of``.

        Rule: events dated after the as-of date are ignored, as if not yet delivered; events may
        arrive in any order (DOMAIN §7). Raises ``ValueError`` unless the events belong to one
        case with exactly one measure pronounced on or before ``as_of``.
        """
        events = list(events)
        cases = sorted({event.case for event in events})
        if len(cases) != 1:
            raise ValueError(f"expected the events of one case, got cases {cases}")
        visible = tuple(sorted((e for e in events if e.date <= as_of), key=_canonical_key))
        measures = [event for event in visible if isinstance(event, MeasurePronounced)]
        if len(measures) != 1:
            raise ValueError(
                f"case {cases[0]!r}: expected one measure pronounced on or before {as_of}, "
                f"found {len(measures)}"
            )
        return cls(as_of=as_of, measure=measures[0], events=visible)

    def on(self, as_of: date) -> CaseHistory:
        """The same visible events as of a later date on which no further event is visible (the
        caller knows there is none), sharing what was derived from the events.

        Raises ``ValueError`` when an event of this history lies after ``as_of``.
        """
        if self.events and self.events[-1].date > as_of:
            raise ValueError(f"an event of {self.events[-1].date} lies after {as_of}")
        later = CaseHistory(as_of=as_of, measure=self.measure, events=self.events)
        # What was derived is a function of the events alone (see the class docstring).
        later.__dict__.update(_memo=self._memo, _by_type=self._by_type)
        return later

    def judge(
        self, rule: Callable[[CaseHistory], IndicatorResult]
    ) -> tuple[IndicatorResult, frozenset[type]]:
        """``rule(self)``, and the event types it read."""
        self.__dict__["_reads"] = reads = set()
        try:
            return rule(self), frozenset(reads)
        finally:
            del self.__dict__["_reads"]

    @cached_property
    def _memo(self) -> dict[Any, Any]:
        """Results of :func:`_per_history` functions for these events, with the types read."""
        return {}

    @cached_property
    def _by_type(self) -> dict[type, list[CaseEvent]]:
        grouped: dict[type, list[CaseEvent]] = {}
        for event in self.events:
            grouped.setdefault(type(event), []).append(event)
        return grouped

    def _of(self, event_type: type[EventT]) -> Sequence[EventT]:
        """The events of one type, not copied; the only way the rules read events."""
        if self._reads is not None:
            self._reads.add(event_type)
        return self._by_type.get(event_type, ())

    def of_type(self, event_type: type[EventT]) -> list[EventT]:
        """The events of one type (every event type is a leaf class), in canonical order."""
        return list(self._of(event_type))

    @property
    def gi_informed_on(self) -> date | None:
        return _gi_informed_on(self)

    @property
    def ended_on(self) -> date | None:
        return _ended_on(self)

    @property
    def assignments(self) -> list[ProtectorAssigned]:
        return list(_assignments(self))

    @property
    def first_protector(self) -> ProtectorAssigned | None:
        return _first_protector(self)

    def explanation(self, norm: Norm) -> Explanation | None:
        return next((e for e in self._of(Explanation) if e.norm is norm), None)

    def advanced_deadlines(self, norm: Norm) -> list[DeadlineAdvanced]:
        return [event for event in self._of(DeadlineAdvanced) if event.norm is norm]


def _per_history(function: Callable[[CaseHistory], ResultT]) -> Callable[[CaseHistory], ResultT]:
    """Compute ``function(history)`` once per history (and the histories :meth:`CaseHistory.on`
    makes from it), remembering the event types it read so that every later use reads them too.
    Only for functions of the visible events alone, never of ``as_of``; the result is shared,
    so it must not be changed by a caller."""

    @wraps(function)
    def once(history: CaseHistory) -> ResultT:
        memo = history._memo
        outer = history._reads
        if function in memo:
            result, reads = memo[function]
        else:
            history.__dict__["_reads"] = reads = set()
            try:
                result = function(history)
            finally:
                if outer is None:
                    del history.__dict__["_reads"]
                else:
                    history.__dict__["_reads"] = outer
            memo[function] = result, reads
        if outer is not None:
            outer |= reads
        return result

    return once


@_per_history
def _gi_informed_on(history: CaseHistory) -> date | None:
    return min((event.date for event in history._of(GiInformed)), default=None)


@_per_history
def _ended_on(history: CaseHistory) -> date | None:
    return min((event.date for event in history._of(MeasureEnded)), default=None)


@_per_history
def _assignments(history: CaseHistory) -> tuple[ProtectorAssigned, ...]:
    return tuple(sorted(history._of(ProtectorAssigned), key=_assignment_key))


@_per_history
def _first_protector(history: CaseHistory) -> ProtectorAssigned | None:
    return next((a for a in _assignments(history) if counts_as_protector(a)), None)


# --- Deadlines ---------------------------------------------------------------------------------


def add_calendar_months(start: date, months: int) -> date:
    """The same day of the month ``months`` calendar months later, or that month's last day when
    it is shorter (29 Nov 2025 + 3 → 28 Feb 2026; 31 Jan 2026 + 3 → 30 Apr 2026). DOMAIN §7."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


BEFORE_CALENDAR = (
    f"days before {FIRST_YEAR} counted Monday to Friday, as the holiday calendar starts in "
    f"{FIRST_YEAR}"
)
"""Said in the reason of a working-day deadline counted from a date before the calendar."""


def add_working_days_any_year(start: date, count: int) -> date:
    """:func:`passend.workdays.add_working_days`, also from a date before the working-day
    calendar's first year (:data:`passend.workdays.FIRST_YEAR`): a measure pronounced earlier and
    still running must still be judged (events may be dated from 1990).

    Simplification: days before that year count when they fall Monday to Friday; their holidays
    (Queen's Day then, not King's Day) are not counted out, so such a deadline can fall a day or
    two early. The reason of the verdict says so (:data:`BEFORE_CALENDAR`).
    """
    day = start
    while count and (day + ONE_DAY).year < FIRST_YEAR:
        day += ONE_DAY
        if day.isoweekday() not in WEEKEND:
            count -= 1
    return add_working_days(day, count)


@lru_cache(maxsize=1 << 14)
def period_end(start: date, period: Parameter) -> date:
    """The last day of a period counted from ``start`` in its unit.

    Working days count from the day after ``start`` (Atw art. 3 holidays excluded, see
    :func:`add_working_days_any_year`); calendar deadlines are not moved off weekends or
    holidays (DOMAIN §7). Memoised: a pure function of two immutable values.
    """
    if period.unit is Unit.WORKING_DAYS:
        return add_working_days_any_year(start, period.value)
    if period.unit is Unit.CALENDAR_DAYS:
        return start + timedelta(days=period.value)
    if period.unit is Unit.CALENDAR_MONTHS:
        return add_calendar_months(start, period.value)
    raise ValueError(f"{period.name} is not a period")


@_per_history
def protector_deadline(history: CaseHistory) -> Deadline:
    """Working day 5 after the GI was informed; when that date is missing, after the date the
    measure was pronounced, and the case is flagged (report 002 appendix 5 norm 1; DOMAIN §2, §7).
    """
    informed_on = history.gi_informed_on
    if informed_on is None:
        start = history.measure.date
        basis = (
            f"{PROTECTOR_PERIOD} after the measure was pronounced on {start}: "
            "the GI-informed date is missing, so the pronounced date was used"
        )
    else:
        start = informed_on
        basis = f"{PROTECTOR_PERIOD} after the GI was informed on {informed_on}"
    if start.year < FIRST_YEAR:
        basis += f"; {BEFORE_CALENDAR}"
    return Deadline(period_end(start, PROTECTOR_PERIOD), basis)


def with_advanced_deadline(normal: Deadline, advanced: Iterable[DeadlineAdvanced]) -> Deadline:
    """The earliest advanced deadline replaces the normal one when it is earlier; a later one does
    not (report 002 appendix 5 norms 2 and 3: "of zoveel eerder als ... noodzakelijk achten")."""
    earliest = min(advanced, key=lambda event: event.deadline, default=None)
    if earliest is None:
        return normal
    if earliest.deadline < normal.on:
        return Deadline(
            earliest.deadline,
            f"advanced on {earliest.date} from the normal deadline {normal.on}",
        )
    return Deadline(
        normal.on,
        f"{normal.basis}; the advanced deadline {earliest.deadline} is later and does not "
        "replace it",
    )


@_per_history
def course_deadline(history: CaseHistory) -> Deadline:
    """Six weeks (42 calendar days) after the measure date, or an earlier advanced deadline
    (report 002 appendix 5 norm 2; DOMAIN §7)."""
    pronounced_on = history.measure.date
    normal = Deadline(
        period_end(pronounced_on, COURSE_PERIOD),
        f"{COURSE_PERIOD} after the measure was pronounced on {pronounced_on}",
    )
    return with_advanced_deadline(normal, history.advanced_deadlines(Norm.COURSE))


@_per_history
def help_deadline(history: CaseHistory) -> Deadline:
    """Three calendar months after the measure was pronounced, or an earlier advanced deadline
    (report 002 appendix 5 norm 3; DOMAIN §7)."""
    pronounced_on = history.measure.date
    normal = Deadline(
        period_end(pronounced_on, HELP_PERIOD),
        f"{HELP_PERIOD} after the measure was pronounced on {pronounced_on}",
    )
    return with_advanced_deadline(normal, history.advanced_deadlines(Norm.HELP))


# --- What counts -------------------------------------------------------------------------------


def counts_as_protector(assignment: ProtectorAssigned) -> bool:
    """A permanent protector or an intake-team protector counts; the duty desk / waiting-list
    management (``bureaudienst``) never does (report 002 appendix 5 norm 1; DOMAIN §2, §7)."""
    return assignment.kind in PROTECTOR_KINDS


def is_unplanned(change: ProtectorAssigned) -> bool:
    """A change of protector is unplanned unless it was planned (a predictable moment, such as
    the hand-over after the plan is done); turnover, sickness and other reasons are unplanned
    (report 002 appendix 5 norm 1 'Vast')."""
    return change.reason is not AssignmentReason.PLANNED


def protector_changes(
    first: ProtectorAssigned, later: Iterable[ProtectorAssigned]
) -> list[ProtectorAssigned]:
    """The assignments after the first protector that hand the child to another person: a
    protector assignment naming someone other than the current protector. Re-recording the same
    person (for example an intake-team protector who stays on as the permanent one) is no change.
    """
    changes = []
    current = first.protector
    for assignment in later:
        if counts_as_protector(assignment) and assignment.protector != current:
            changes.append(assignment)
            current = assignment.protector
    return changes


def missing_for_support(course: CourseSet) -> list[str]:
    """Who was missing for the course to be supported: the parents and the professionals take
    part, and the child is heard (``youth`` took part, or ``child_heard`` is true). The network is
    not required: the format cannot tell whether a family has one (DOMAIN §2 norm 2, §7)."""
    missing = [
        str(participant)
        for participant in (Participant.PARENTS, Participant.PROFESSIONALS)
        if participant not in course.participants
    ]
    if not child_was_heard(course):
        missing.append("the child's voice")
    return missing


def child_was_heard(course: CourseSet) -> bool:
    """The child is heard when the youth took part or ``child_heard`` is true (DOMAIN §7)."""
    return Participant.YOUTH in course.participants or course.child_heard


def counts_as_help(start: HelpStarted) -> bool:
    """Only help that started and is appropriate counts; an intake or a waiting list is not a start
    (report 002 appendix 5 norm 3; DOMAIN §7)."""
    return start.appropriate


# --- The general deadline rule -----------------------------------------------------------------


def judge_deadline(
    history: CaseHistory,
    deadline: Deadline,
    achieved: Achievement | None,
    explanation: Explanation | None,
    missing: str,
) -> IndicatorResult:
    """The verdict of an indicator that must be achieved by a deadline (DOMAIN §7):

    - achieved on or before the deadline (done on the deadline day is on time) → met; achieved
      late but of a kind that counts when late (help via escalation) → met;
    - not met, and the measure ended on or before the deadline → not applicable;
    - deadline on or after the as-of date → pending (a deadline equal to the as-of date has not
      passed);
    - otherwise late or still missing: with an explanation for the norm → late, explained
      (comply or explain); without → not met. A measure that ended after the deadline does not
      change this.
    """

    def result(verdict: Verdict, reason: str) -> IndicatorResult:
        return IndicatorResult(verdict, deadline.on, reason)

    ended_on = history.ended_on
    if achieved and achieved.on <= deadline.on:
        return result(Verdict.MET, f"{achieved.description}, by the deadline {deadline}")
    if achieved and achieved.counts_when_late:
        return result(
            Verdict.MET,
            f"{achieved.description}, after the deadline {deadline}: {achieved.counts_when_late}",
        )
    if ended_on is not None and ended_on <= deadline.on:
        return result(
            Verdict.NOT_APPLICABLE,
            f"measure ended on {ended_on}, on or before the deadline {deadline}, with {missing}",
        )
    if deadline.on >= history.as_of:
        return result(Verdict.PENDING, f"{missing} yet; the deadline {deadline} has not passed")
    late = (
        f"{achieved.description}, after the deadline {deadline}"
        if achieved
        else f"{missing} by the deadline {deadline}"
    )
    if ended_on is not None:
        late += f"; the measure ended on {ended_on}"
    if explanation:
        return result(
            Verdict.LATE_EXPLAINED, f"{late}; explained on {explanation.date}: {explanation.text}"
        )
    return result(Verdict.NOT_MET, late)


def _with_notes(result: IndicatorResult, notes: Sequence[str]) -> IndicatorResult:
    if not notes:
        return result
    return IndicatorResult(result.verdict, result.deadline, "; ".join([result.reason, *notes]))


# --- Norm 1: a fixed protector in time ---------------------------------------------------------


@_per_history
def _protector_achievement(history: CaseHistory) -> Achievement | None:
    first = history.first_protector
    if first is None:
        return None
    return Achievement(
        first.date, f"protector {first.protector} ({first.kind}) linked on {first.date}"
    )


def judge_protector_timely(history: CaseHistory) -> IndicatorResult:
    """A protector is linked to the child within 5 working days after the GI is informed; a link
    on the deadline day is on time; the duty desk does not count (report 002 appendix 5 norm 1
    'Tijdig'; DOMAIN §7)."""
    first = history.first_protector
    result = judge_deadline(
        history, protector_deadline(history), _protector_achievement(history), None, "no protector"
    )
    desk_notes = [
        f"duty desk (bureaudienst) on {assignment.date} is not a protector"
        for assignment in history.assignments
        if not counts_as_protector(assignment) and (first is None or assignment.date <= first.date)
    ]
    return _with_notes(result, desk_notes)


def judge_protector_fixed(history: CaseHistory) -> IndicatorResult:
    """The protector stays, or changes only at planned moments, with at most one unplanned change
    (turnover, sickness, other), and after the first protector the family never lands at the duty
    desk. Judged on the assignments up to the as-of date; with no protector yet, pending until the
    protector deadline, then not met (report 002 appendix 5 norm 1 'Vast'; DOMAIN §7)."""
    deadline = protector_deadline(history)
    first = history.first_protector
    if first is None:
        return judge_deadline(history, deadline, None, None, "no protector")
    assignments = history.assignments
    later = assignments[assignments.index(first) + 1 :]
    since = f"protector {first.protector} since {first.date}"
    desk = [a for a in later if not counts_as_protector(a)]
    if desk:
        return IndicatorResult(
            Verdict.NOT_MET,
            deadline.on,
            f"the family landed at the duty desk (bureaudienst) on {desk[0].date} after the "
            f"first protector ({since})",
        )
    changes = protector_changes(first, later)
    unplanned = [change for change in changes if is_unplanned(change)]
    listed = ", ".join(f"{change.reason} on {change.date}" for change in unplanned)
    if len(unplanned) > MAX_UNPLANNED_PROTECTOR_CHANGES.value:
        return IndicatorResult(
            Verdict.NOT_MET,
            deadline.on,
            f"{len(unplanned)} unplanned protector changes ({listed}); at most "
            f"{MAX_UNPLANNED_PROTECTOR_CHANGES.value} allowed",
        )
    if not changes:
        return IndicatorResult(Verdict.MET, deadline.on, f"{since}, no change")
    unplanned_text = f" ({listed})" if unplanned else ""
    return IndicatorResult(
        Verdict.MET,
        deadline.on,
        f"{since}, now {changes[-1].protector}; planned changes: "
        f"{len(changes) - len(unplanned)}, unplanned changes: {len(unplanned)}{unplanned_text}",
    )


# --- Norm 2: a supported course in time --------------------------------------------------------


@_per_history
def _first_course(history: CaseHistory) -> CourseSet | None:
    return next(iter(history.of_type(CourseSet)), None)


def judge_course_set(history: CaseHistory) -> IndicatorResult:
    """A course (goals and necessary help) has been set; a late course still counts as set.
    Missing past the deadline: not met, or late, explained with an explanation for the course
    norm (report 002 appendix 5 norm 2 'Koers'; DOMAIN §7)."""
    course = _first_course(history)
    achieved = (
        Achievement(
            course.date, f"course set on {course.date}", "late, but set (see course_timely)"
        )
        if course
        else None
    )
    return judge_deadline(
        history, course_deadline(history), achieved, history.explanation(Norm.COURSE), "no course"
    )


def judge_course_timely(history: CaseHistory) -> IndicatorResult:
    """The course is set within six weeks of the measure, or by an earlier advanced deadline;
    comply or explain (report 002 appendix 5 norm 2 'Tijdig'; DOMAIN §7)."""
    course = _first_course(history)
    achieved = Achievement(course.date, f"course set on {course.date}") if course else None
    return judge_deadline(
        history, course_deadline(history), achieved, history.explanation(Norm.COURSE), "no course"
    )


def _course_key(course: CourseSet) -> tuple[date, bool]:
    return course.date, not missing_for_support(course)


def judge_course_supported(history: CaseHistory) -> IndicatorResult:
    """The current course (the latest one set) was set with the parents and the professionals,
    and the child was heard; the network is shown, not required. Without a course yet it follows
    the course deadline as :func:`judge_course_set` does (report 002 appendix 5 norm 2 'Gedragen';
    DOMAIN §7)."""
    courses = history.of_type(CourseSet)
    if not courses:
        return judge_course_set(history)
    deadline = course_deadline(history)
    course = max(courses, key=_course_key)
    missing = missing_for_support(course)
    network = (
        "network involved" if Participant.NETWORK in course.participants else "no network involved"
    )
    if not missing:
        return IndicatorResult(
            Verdict.MET,
            deadline.on,
            f"course set on {course.date} with parents and professionals, the child heard; "
            f"{network}",
        )
    reason = f"course set on {course.date}; missing: {', '.join(missing)}"
    if not child_was_heard(course):
        reason += (
            f"; child not heard because: {course.child_not_heard_reason}"
            if course.child_not_heard_reason
            else "; no reason recorded for not hearing the child"
        )
    return IndicatorResult(Verdict.NOT_MET, deadline.on, f"{reason}; {network}")


# --- Norm 3: timely appropriate help -----------------------------------------------------------


@_per_history
def _first_help_day(history: CaseHistory) -> tuple[HelpStarted, ...]:
    """The appropriate help starts on the first day appropriate help started (none: empty)."""
    starts = [start for start in history.of_type(HelpStarted) if counts_as_help(start)]
    if not starts:
        return ()
    first_date = min(start.date for start in starts)
    return tuple(start for start in starts if start.date == first_date)


def _help_description(start: HelpStarted) -> str:
    provider = f" at {start.provider}" if start.provider else ""
    return f"appropriate help started{provider} on {start.date}"


@_per_history
def _help_notes(history: CaseHistory) -> tuple[str, ...]:
    """Intakes, waiting lists and inappropriate help up to the first appropriate start (without
    one: up to the as-of date, that is every visible one; so this depends on the events alone)."""
    first_day = _first_help_day(history)
    until = first_day[0].date if first_day else None
    # In the history's (canonical) order, as if its events were walked through.
    events = sorted(
        [*history._of(Intake), *history._of(Waitlisted), *history._of(HelpStarted)],
        key=_canonical_key,
    )
    notes = []
    for event in events:
        if until is not None and event.date > until:
            break
        if isinstance(event, Intake):
            notes.append(f"intake on {event.date} is not a start")
        elif isinstance(event, Waitlisted):
            notes.append(f"waiting list on {event.date} is not a start")
        elif isinstance(event, HelpStarted) and not counts_as_help(event):
            notes.append(f"help started on {event.date} was not appropriate")
    return tuple(notes)


def judge_help_deployed(history: CaseHistory) -> IndicatorResult:
    """Appropriate help has started; late help still counts as deployed. Missing past the
    deadline: not met, or late, explained with an explanation for the help norm (report 002
    appendix 5 norm 3 'Passende hulp'; DOMAIN §7)."""
    first_day = _first_help_day(history)
    achieved = (
        Achievement(
            first_day[0].date,
            _help_description(first_day[0]),
            "late, but deployed (see help_timely)",
        )
        if first_day
        else None
    )
    result = judge_deadline(
        history,
        help_deadline(history),
        achieved,
        history.explanation(Norm.HELP),
        "no appropriate help started",
    )
    return _with_notes(result, _help_notes(history))


def judge_help_timely(history: CaseHistory) -> IndicatorResult:
    """Appropriate help starts within three months of the measure being pronounced, or by an
    earlier advanced deadline; help that came about via escalation (the breakthrough approach, an
    expert team) counts as met even when late; comply or explain (report 002 appendix 5 norm 3
    'Tijdig'; DOMAIN §7)."""
    first_day = _first_help_day(history)
    escalated = [start for start in first_day if start.via_escalation]
    if escalated:
        achieved = Achievement(
            escalated[0].date,
            f"{_help_description(escalated[0])} via escalation",
            "help that came about via escalation counts as met",
        )
    elif first_day:
        achieved = Achievement(first_day[0].date, _help_description(first_day[0]))
    else:
        achieved = None
    result = judge_deadline(
        history,
        help_deadline(history),
        achieved,
        history.explanation(Norm.HELP),
        "no appropriate help started",
    )
    return _with_notes(result, _help_notes(history))


# --- Cases and reports -------------------------------------------------------------------------

INDICATOR_RULES = {
    Indicator.PROTECTOR_TIMELY: judge_protector_timely,
    Indicator.PROTECTOR_FIXED: judge_protector_fixed,
    Indicator.COURSE_SET: judge_course_set,
    Indicator.COURSE_TIMELY: judge_course_timely,
    Indicator.COURSE_SUPPORTED: judge_course_supported,
    Indicator.HELP_DEPLOYED: judge_help_deployed,
    Indicator.HELP_TIMELY: judge_help_timely,
}


@dataclass(frozen=True)
class CaseEvaluation:
    """The seven verdicts of one case as of a date."""

    case: str
    gi: str
    region: str
    measure: Measure
    as_of: date
    gi_informed_missing: bool
    """Flag: the protector deadline was counted from the pronounced date."""
    indicators: Mapping[Indicator, IndicatorResult]

    @property
    def flags(self) -> tuple[Flag, ...]:
        return case_flags(gi_informed_missing=self.gi_informed_missing)

    def verdicts(self) -> Iterator[tuple[Indicator, Verdict]]:
        for indicator, result in self.indicators.items():
            yield indicator, result.verdict


def evaluate_case(events: Iterable[CaseEvent], as_of: date) -> CaseEvaluation:
    """Every indicator of one case as of ``as_of``.

    Raises ``ValueError`` unless the events are of one case with exactly one measure pronounced
    on or before ``as_of``.
    """
    history = CaseHistory.of(events, as_of)
    return CaseEvaluation(
        case=history.measure.case,
        gi=history.measure.gi,
        region=history.measure.region,
        measure=history.measure.measure,
        as_of=as_of,
        gi_informed_missing=history.gi_informed_on is None,
        indicators=MappingProxyType(
            {indicator: rule(history) for indicator, rule in INDICATOR_RULES.items()}
        ),
    )


def evaluate_cases(events: Iterable[CaseEvent], as_of: date) -> tuple[CaseEvaluation, ...]:
    """The evaluations of all cases in ``events``, ordered by case reference.

    A case is included if, and only if, its measure was pronounced on or before ``as_of``: a case
    whose measure comes later does not exist yet on that date.
    """

    def by_case(event: CaseEvent) -> str:
        return event.case

    evaluations = []
    for _, case_events in groupby(sorted(events, key=by_case), key=by_case):
        case_events = list(case_events)
        if any(isinstance(e, MeasurePronounced) and e.date <= as_of for e in case_events):
            evaluations.append(evaluate_case(case_events, as_of))
    return tuple(evaluations)


@dataclass(frozen=True)
class IndicatorSummary:
    """Verdict counts of one indicator over many cases; field names are the verdict codes."""

    met: int = 0
    not_met: int = 0
    late_explained: int = 0
    pending: int = 0
    not_applicable: int = 0

    def count(self, verdict: Verdict) -> int:
        return getattr(self, verdict.value)

    @property
    def assessed(self) -> int:
        """Cases assessed: met, not met and late, explained; pending and not applicable are not."""
        return sum(self.count(verdict) for verdict in ASSESSED_VERDICTS)

    @property
    def met_pct(self) -> float | None:
        """Share met of the assessed cases, in per cent to one decimal; None when none assessed."""
        return round(100 * self.met / self.assessed, 1) if self.assessed else None


def summarise(
    verdicts: Iterable[tuple[Indicator, Verdict]],
) -> Mapping[Indicator, IndicatorSummary]:
    """Count verdicts per indicator, every indicator present, in report order.

    The input is any stream of (indicator, verdict) pairs, so the same function serves evaluations
    made here and verdicts read from the database.
    """
    counts = Counter(verdicts)
    return MappingProxyType(
        {
            indicator: IndicatorSummary(
                **{verdict.value: counts[indicator, verdict] for verdict in Verdict}
            )
            for indicator in Indicator
        }
    )
