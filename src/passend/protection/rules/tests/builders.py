"""Short builders for case events, so test tables read like a case file.

Dates are written as ISO strings; every builder makes an event of case ``C1`` unless told.
"""

from __future__ import annotations

from datetime import date

from passend.protection.rules.events import (
    AssignmentReason,
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


def d(text: str) -> date:
    return date.fromisoformat(text)


def pronounced(day: str, case: str = CASE, gi: str = "GI-A", region: str = "Zeeland"):
    return MeasurePronounced(case=case, date=d(day), measure=Measure.OTS, region=region, gi=gi)


def informed(day: str, case: str = CASE):
    return GiInformed(case=case, date=d(day))


def assigned(day: str, protector: str, kind: str = "vast", reason: str = "start", case=CASE):
    return ProtectorAssigned(
        case=case,
        date=d(day),
        protector=protector,
        kind=ProtectorKind(kind),
        reason=AssignmentReason(reason),
    )


def course(
    day: str,
    *participants: str,
    heard: bool = False,
    not_heard_reason: str | None = None,
    case: str = CASE,
):
    return CourseSet(
        case=case,
        date=d(day),
        participants=frozenset(Participant(p) for p in participants),
        child_heard=heard,
        child_not_heard_reason=not_heard_reason,
    )


def supported_course(day: str, case: str = CASE):
    return course(day, "parents", "youth", "professionals", case=case)


def advanced(day: str, norm: str, deadline: str, case: str = CASE):
    return DeadlineAdvanced(case=case, date=d(day), norm=Norm(norm), deadline=d(deadline))


def explained(day: str, norm: str, text: str = "no capacity", case: str = CASE):
    return Explanation(case=case, date=d(day), norm=Norm(norm), text=text)


def decided(day: str, case: str = CASE):
    return HelpDecided(case=case, date=d(day), help="ambulant gezinsbehandeling")


def intake(day: str, case: str = CASE):
    return Intake(case=case, date=d(day), provider="Provider X")


def waitlisted(day: str, case: str = CASE):
    return Waitlisted(case=case, date=d(day), provider="Provider X")


def started(day: str, appropriate: bool = True, escalation: bool = False, case: str = CASE):
    return HelpStarted(case=case, date=d(day), appropriate=appropriate, via_escalation=escalation)


def ended(day: str, case: str = CASE):
    return MeasureEnded(case=case, date=d(day))
