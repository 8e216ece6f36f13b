"""Every legal period and age at its boundary: limits are inclusive, a day is 24 hours."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from ..legality import age_on, check, hours_text
from ..parameters import (
    EMERGENCY_MAXIMUM,
    EMERGENCY_UNTIL_CONSENT,
    INFORMING_CONSENT_AGE,
    LOCK_IN_EXTENDED_MAXIMUM,
    LOCK_IN_MAXIMUM,
    LOCK_IN_MINIMUM_AGE,
)
from .builders import EMERGENCY_OUTSIDE_PLAN, START, after, registration

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


def test_the_limits_are_the_numbers_of_the_law() -> None:
    """12 h, 72 h (three days), 24 h and 48 h (one day, once extended), ages 12 and 16."""
    assert EMERGENCY_UNTIL_CONSENT.hours == 12
    assert EMERGENCY_MAXIMUM.hours == 72
    assert LOCK_IN_MAXIMUM.hours == 24
    assert LOCK_IN_EXTENDED_MAXIMUM.hours == 48
    assert LOCK_IN_MINIMUM_AGE.years == 12
    assert INFORMING_CONSENT_AGE.years == 16
    assert str(EMERGENCY_MAXIMUM.source) == "6.3.1.2 lid 4"
    assert str(EMERGENCY_UNTIL_CONSENT.source) == "6.3.1.2 lid 5"
    assert str(LOCK_IN_MAXIMUM.source) == str(LOCK_IN_EXTENDED_MAXIMUM.source) == "6.3.2.2 lid 3"
    assert str(LOCK_IN_MINIMUM_AGE.source) == "6.3.2.2 lid 2"
    assert str(INFORMING_CONSENT_AGE.source) == "6.7.2 lid 3"


def violated(kind: str, duration: timedelta, *, running: bool = False, **changes: object) -> set:
    """The violated articles of the baseline measure lasting ``duration``.

    ``running``: the measure has no end and is judged as of ``duration`` after its start.
    """
    if running:
        verdict = check(
            registration(kind, end=None, **changes), datetime.fromisoformat(after(duration))
        )
    else:
        verdict = check(registration(kind, end=after(duration), **changes))
    return {finding.article for finding in verdict.violations}


EMERGENCY = {**EMERGENCY_OUTSIDE_PLAN}
WITH_CONSENT = {**EMERGENCY_OUTSIDE_PLAN, "behavioural_scientist_consent": True}
EXTENDED = {"behavioural_scientist_extension": True}

# fmt: off
BOUNDARIES = [
    # (what, kind, duration, changes, violated article or None)
    ("emergency exactly 12 h, no consent", "kamerverblijf", 12 * HOUR, EMERGENCY, None),
    ("emergency 12 h 1 min, no consent", "kamerverblijf", 12 * HOUR + MINUTE, EMERGENCY,
     "6.3.1.2 lid 5"),
    ("emergency 12 h 1 min, consent", "kamerverblijf", 12 * HOUR + MINUTE, WITH_CONSENT, None),
    ("emergency exactly 72 h, consent", "kamerverblijf", 72 * HOUR, WITH_CONSENT, None),
    ("emergency 72 h 1 min, consent", "kamerverblijf", 72 * HOUR + MINUTE, WITH_CONSENT,
     "6.3.1.2 lid 4"),
    ("lock-in exactly 24 h", "insluiting", 24 * HOUR, {}, None),
    ("lock-in 24 h 1 min", "insluiting", 24 * HOUR + MINUTE, {}, "6.3.2.2 lid 3"),
    ("lock-in 24 h 1 min, extended", "insluiting", 24 * HOUR + MINUTE, EXTENDED, None),
    ("lock-in exactly 48 h, extended", "insluiting", 48 * HOUR, EXTENDED, None),
    ("lock-in 48 h 1 min, extended", "insluiting", 48 * HOUR + MINUTE, EXTENDED, "6.3.2.2 lid 3"),
    ("lock-in 72 h, extended", "insluiting", 72 * HOUR, EXTENDED, "6.3.2.2 lid 3"),
]
# fmt: on


@pytest.mark.parametrize("running", [False, True], ids=["ended", "running-as-of"])
@pytest.mark.parametrize(
    ("kind", "duration", "changes", "article"),
    [row[1:] for row in BOUNDARIES],
    ids=[row[0] for row in BOUNDARIES],
)
def test_duration_boundary(
    kind: str, duration: timedelta, changes: dict, article: str | None, running: bool
) -> None:
    """Exactly the limit is lawful, one minute more is not; ended or running as of, alike."""
    expected = {article} if article else set()
    assert violated(kind, duration, running=running, **changes) == expected


def test_message_states_hours_used_and_allowed() -> None:
    verdict = check(
        registration("kamerverblijf", end=after(72 * HOUR + MINUTE), **WITH_CONSENT),
    )
    (finding,) = verdict.violations
    assert "lasted 72 h 1 min" in finding.message
    assert "at most 72 h" in finding.message


def test_running_message_states_as_of() -> None:
    as_of = datetime.fromisoformat(after(25 * HOUR))
    (finding,) = check(registration("insluiting", end=None), as_of).violations
    assert "has been running for 25 h as of 2026-03-03T15:30" in finding.message
    assert "at most 24 h" in finding.message


def test_running_measure_without_as_of_is_judged_on_its_other_fields() -> None:
    """No end and no as-of: no duration can be known, so no duration finding at all."""
    verdict = check(registration("insluiting", end=None, behavioural_scientist_extension=False))
    assert verdict.lawful
    assert verdict.warnings == ()


def test_as_of_before_the_start_gives_no_duration() -> None:
    as_of = datetime.fromisoformat(START) - HOUR
    verdict = check(registration("kamerverblijf", end=None, **EMERGENCY), as_of)
    assert verdict.lawful
    assert verdict.warnings == ()


def test_an_ended_measure_is_judged_on_its_end_not_on_as_of() -> None:
    as_of = datetime.fromisoformat(after(100 * HOUR))
    assert check(registration("insluiting", end=after(2 * HOUR)), as_of).lawful


def test_phase_out_warning_only_while_running_within_the_maximum() -> None:
    at = datetime.fromisoformat(after(23 * HOUR))
    (warning,) = check(registration("insluiting", end=None), at).warnings
    assert warning.article == "6.3.1.4 lid 4"
    assert "after 23 h" in warning.message
    assert "(1 h left)" in warning.message
    assert check(registration("insluiting", end=after(23 * HOUR)), at).warnings == ()


def test_durations_are_elapsed_time_across_the_spring_clock_change() -> None:
    """29 Mar 2026 has 23 hours: 24 h 30 min on the wall clock is 23 h 30 min elapsed."""
    lock_in = registration("insluiting", start="2026-03-28T20:00", end="2026-03-29T20:30")
    assert check(lock_in).lawful


def test_durations_are_elapsed_time_across_the_autumn_clock_change() -> None:
    """25 Oct 2026 has 25 hours: 23 h 30 min on the wall clock is 24 h 30 min elapsed."""
    lock_in = registration("insluiting", start="2026-10-24T20:00", end="2026-10-25T19:30")
    (finding,) = check(lock_in).violations
    assert "lasted 24 h 30 min" in finding.message


def test_utc_offsets_are_honoured() -> None:
    """14:30 Dutch winter time is 13:30 UTC: until 13:30Z the next day is exactly 24 h."""
    lock_in = registration("insluiting", start="2026-03-02T14:30", end="2026-03-03T13:30Z")
    assert check(lock_in).lawful
    lock_in = registration("insluiting", start="2026-03-02T14:30", end="2026-03-03T13:31Z")
    assert not check(lock_in).lawful


# --- age ---------------------------------------------------------------------------------------


def lock_in_for(birth_date: str, start: str) -> set:
    verdict = check(registration("insluiting", birth_date=birth_date, start=start, end=None))
    return {finding.article for finding in verdict.violations}


def test_lock_in_on_the_twelfth_birthday_is_allowed() -> None:
    assert lock_in_for("2014-03-02", "2026-03-02T00:00") == set()


def test_lock_in_the_day_before_the_twelfth_birthday_is_not() -> None:
    assert lock_in_for("2014-03-02", "2026-03-01T23:59") == {"6.3.2.2 lid 2"}


def test_age_counts_on_the_dutch_date_of_the_start() -> None:
    """23:30 UTC on 1 March is 00:30 on 2 March in the Netherlands: the birthday."""
    assert lock_in_for("2014-03-02", "2026-03-01T23:30Z") == set()


def test_age_message_names_age_and_date() -> None:
    verdict = check(
        registration("insluiting", birth_date="2014-03-02", start="2026-03-01T10:00", end=None)
    )
    (finding,) = verdict.violations
    assert finding.message.startswith("The youth was 11 when the lock-in started on 2026-03-01")
    assert "only from age 12" in finding.message


@pytest.mark.parametrize(
    ("birth_date", "day", "age"),
    [
        ("2014-03-02", "2026-03-02", 12),
        ("2014-03-02", "2026-03-01", 11),
        ("2012-02-29", "2024-02-29", 12),
        ("2012-02-29", "2024-02-28", 11),
        ("2012-02-29", "2025-02-28", 12),
        ("2012-02-29", "2025-03-01", 13),
        ("2010-12-31", "2026-01-01", 15),
    ],
)
def test_age_on(birth_date: str, day: str, age: int) -> None:
    """A 29 February birthday counts from 1 March in other years."""
    assert age_on(date.fromisoformat(birth_date), date.fromisoformat(day)) == age


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (timedelta(hours=12), "12 h"),
        (timedelta(hours=12, minutes=1), "12 h 1 min"),
        (timedelta(hours=24, seconds=30), "24 h 0 min 30 s"),
        (timedelta(0), "0 h"),
    ],
)
def test_hours_text(duration: timedelta, text: str) -> None:
    assert hours_text(duration) == text
