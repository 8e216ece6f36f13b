"""What a case's worklist row needs beyond the verdicts: who protects, who waits, whether it ended.

Pure: the same events as the norm engine, as of a date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .events import CaseEvent, HelpStarted, Intake, ProtectorAssigned, Waitlisted
from .norms import CaseHistory, counts_as_help, counts_as_protector


@dataclass(frozen=True)
class CaseState:
    protector_reference: str
    """The current protector (:func:`current_protector`); empty when the case has none."""
    duty_desk_since: date | None
    """The family sits at the duty desk (:func:`at_duty_desk_since`)."""
    waiting_since: date | None
    """Waitlisted on or after the last intake, and no appropriate help started since."""
    ended_on: date | None
    gi_informed_missing: bool
    """The GI-informed date is missing: the protector deadline counts from the pronounced date."""


def case_state(events: Iterable[CaseEvent], as_of: date) -> CaseState:
    """The worklist fields of one case as of ``as_of``, stored beside its verdicts so that a
    worklist needs no engine run per case."""
    history = CaseHistory.of(events, as_of)
    current = current_protector(history.assignments)
    return CaseState(
        protector_reference=current.protector if current else "",
        duty_desk_since=at_duty_desk_since(history.assignments),
        waiting_since=waiting_after_intake(history),
        ended_on=history.ended_on,
        gi_informed_missing=history.gi_informed_on is None,
    )


def current_protector(assignments: Sequence[ProtectorAssigned]) -> ProtectorAssigned | None:
    """The protector who works with the family now: the last assignment, if it is a protector
    (``vast`` or ``instroomteam``). When the last assignment sends the family to the duty desk
    (``bureaudienst``), the case has no protector, whoever protected it before: the duty desk is
    not a protector (DOMAIN §2 norm 1, §7).

    ``assignments`` in the engine's order (:attr:`.norms.CaseHistory.assignments`: by date, and on
    one day the duty desk before the intake team before the permanent protector).
    """
    if assignments and counts_as_protector(assignments[-1]):
        return assignments[-1]
    return None


def at_duty_desk_since(assignments: Sequence[ProtectorAssigned]) -> date | None:
    """Since when the family sits at the duty desk / waiting-list management: the first of the
    ``bureaudienst`` assignments after the last real protector (or since the start, when there
    was none yet); None when the case has a protector or no assignment at all.

    DOMAIN §2 norm 1: a duty-desk assignment is not a protector, and after a change the family
    must not land at the duty desk; someone has to pick the case up.
    """
    since = None
    for assignment in assignments:
        if counts_as_protector(assignment):
            since = None
        elif since is None:
            since = assignment.date
    return since


def waiting_after_intake(history: CaseHistory) -> date | None:
    """The date a child was put on a waiting list after the intake, while help has not started.

    DOMAIN §2, norm 3: help has *not* started when, after the intake, the child is put on a
    waiting list.
    """
    intakes = [event.date for event in history.of_type(Intake)]
    if not intakes:
        return None
    waits = [event.date for event in history.of_type(Waitlisted) if event.date >= max(intakes)]
    if not waits:
        return None
    since = min(waits)
    started = any(
        counts_as_help(event) and event.date >= since for event in history.of_type(HelpStarted)
    )
    return None if started else since
