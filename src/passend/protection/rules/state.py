"""What a case's worklist row needs beyond the verdicts: who protects, who waits, whether it ended.

Pure: the same events as the norm engine, as of a date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .events import CaseEvent, HelpStarted, Intake, Waitlisted
from .norms import CaseHistory, counts_as_help, counts_as_protector


@dataclass(frozen=True)
class CaseState:
    protector_reference: str
    """The protector linked last (``vast`` or ``instroomteam``); empty when none yet."""
    waiting_since: date | None
    """Waitlisted on or after the last intake, and no appropriate help started since."""
    ended_on: date | None


def case_state(events: Iterable[CaseEvent], as_of: date) -> CaseState:
    history = CaseHistory.of(events, as_of)
    protectors = [a for a in history.assignments if counts_as_protector(a)]
    return CaseState(
        protector_reference=protectors[-1].protector if protectors else "",
        waiting_since=waiting_after_intake(history),
        ended_on=history.ended_on,
    )


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
