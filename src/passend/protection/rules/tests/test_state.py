"""The worklist state of a case: who protects it now, the duty desk, the waiting list, flags."""

from __future__ import annotations

import pytest

from passend.protection.rules.state import case_state
from passend.protection.rules.tests.builders import (
    assigned,
    d,
    informed,
    intake,
    pronounced,
    started,
    waitlisted,
)

AS_OF = "2026-06-01"
START = [pronounced("2026-03-02"), informed("2026-03-03")]

# (assignments, expected protector, expected at the duty desk since); DOMAIN §2 norm 1.
PROTECTOR_CASES = {
    "no assignment yet": ([], "", None),
    "a permanent protector": ([assigned("2026-03-04", "P1")], "P1", None),
    "the intake team, then the permanent protector (planned)": (
        [
            assigned("2026-03-04", "I1", "instroomteam"),
            assigned("2026-04-01", "P2", "vast", "planned"),
        ],
        "P2",
        None,
    ),
    # The audit's case: the family is sent to the duty desk after its protector left; the old
    # protector must not stay on the case.
    "the duty desk after the protector": (
        [assigned("2026-03-04", "P1"), assigned("2026-04-01", "D1", "bureaudienst", "turnover")],
        "",
        "2026-04-01",
    ),
    "only the duty desk so far": ([assigned("2026-03-04", "D1", "bureaudienst")], "", "2026-03-04"),
    "two duty-desk records in a row: since the first": (
        [
            assigned("2026-03-04", "P1"),
            assigned("2026-04-01", "D1", "bureaudienst", "sickness"),
            assigned("2026-04-15", "D2", "bureaudienst", "other"),
        ],
        "",
        "2026-04-01",
    ),
    "picked up from the duty desk by a new protector": (
        [
            assigned("2026-03-04", "P1"),
            assigned("2026-04-01", "D1", "bureaudienst", "turnover"),
            assigned("2026-04-20", "P2", "vast", "other"),
        ],
        "P2",
        None,
    ),
    # On one day the engine orders the duty desk before a protector: the natural course.
    "the duty desk and a protector on the same day": (
        [assigned("2026-03-04", "P1", "vast"), assigned("2026-03-04", "D1", "bureaudienst")],
        "P1",
        None,
    ),
    "a duty-desk record after the as-of date is not known yet": (
        [assigned("2026-03-04", "P1"), assigned("2026-06-02", "D1", "bureaudienst", "turnover")],
        "P1",
        None,
    ),
}


@pytest.mark.parametrize(
    ("assignments", "protector", "desk_since"),
    list(PROTECTOR_CASES.values()),
    ids=list(PROTECTOR_CASES),
)
def test_current_protector_and_duty_desk(assignments, protector, desk_since):
    state = case_state([*START, *assignments], d(AS_OF))
    assert state.protector_reference == protector
    assert state.duty_desk_since == (d(desk_since) if desk_since else None)


def test_waiting_after_the_intake_until_appropriate_help_starts():
    """DOMAIN §2 norm 3: waitlisted after the intake is not a start; appropriate help ends it."""
    waiting = [*START, intake("2026-03-20"), waitlisted("2026-04-01")]
    assert case_state(waiting, d(AS_OF)).waiting_since == d("2026-04-01")
    helped = [*waiting, started("2026-05-01")]
    assert case_state(helped, d(AS_OF)).waiting_since is None
    inappropriate = [*waiting, started("2026-05-01", appropriate=False)]
    assert case_state(inappropriate, d(AS_OF)).waiting_since == d("2026-04-01")


def test_a_missing_gi_informed_date_is_flagged():
    assert case_state(START, d(AS_OF)).gi_informed_missing is False
    assert case_state([pronounced("2026-03-02")], d(AS_OF)).gi_informed_missing is True
