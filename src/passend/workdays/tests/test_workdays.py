"""Working days per the Algemene termijnenwet art. 3 (DOMAIN §2)."""

from __future__ import annotations

from datetime import date, timedelta

import holidays as holidays_package
import pytest
from hypothesis import given
from hypothesis import strategies as st

from passend.workdays import (
    FIRST_YEAR,
    add_working_days,
    holidays_in,
    is_working_day,
    kings_day,
)

# The full Atw art. 3 list for 2024-2030, decided by hand from the calendar.
EXPECTED_HOLIDAYS = {
    2024: [
        date(2024, 1, 1), date(2024, 4, 1), date(2024, 4, 27), date(2024, 5, 5),
        date(2024, 5, 9), date(2024, 5, 20), date(2024, 12, 25), date(2024, 12, 26),
    ],
    2025: [  # 27 April is a Sunday: King's Day on Saturday 26 April
        date(2025, 1, 1), date(2025, 4, 21), date(2025, 4, 26), date(2025, 5, 5),
        date(2025, 5, 29), date(2025, 6, 9), date(2025, 12, 25), date(2025, 12, 26),
    ],
    2026: [
        date(2026, 1, 1), date(2026, 4, 6), date(2026, 4, 27), date(2026, 5, 5),
        date(2026, 5, 14), date(2026, 5, 25), date(2026, 12, 25), date(2026, 12, 26),
    ],
    2027: [
        date(2027, 1, 1), date(2027, 3, 29), date(2027, 4, 27), date(2027, 5, 5),
        date(2027, 5, 6), date(2027, 5, 17), date(2027, 12, 25), date(2027, 12, 26),
    ],
    2028: [
        date(2028, 1, 1), date(2028, 4, 17), date(2028, 4, 27), date(2028, 5, 5),
        date(2028, 5, 25), date(2028, 6, 5), date(2028, 12, 25), date(2028, 12, 26),
    ],
    2029: [
        date(2029, 1, 1), date(2029, 4, 2), date(2029, 4, 27), date(2029, 5, 5),
        date(2029, 5, 10), date(2029, 5, 21), date(2029, 12, 25), date(2029, 12, 26),
    ],
    2030: [
        date(2030, 1, 1), date(2030, 4, 22), date(2030, 4, 27), date(2030, 5, 5),
        date(2030, 5, 30), date(2030, 6, 10), date(2030, 12, 25), date(2030, 12, 26),
    ],
}  # fmt: skip


@pytest.mark.parametrize(("year", "expected"), EXPECTED_HOLIDAYS.items())
def test_holidays_per_year(year, expected):
    """Each year has exactly the eight holidays of Atw art. 3."""
    assert list(holidays_in(year)) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2025, date(2025, 4, 26)),  # 27 April 2025 is a Sunday
        (2031, date(2031, 4, 26)),  # 27 April 2031 is a Sunday
        (2026, date(2026, 4, 27)),  # Monday
        (2030, date(2030, 4, 27)),  # Saturday: stays on the 27th
    ],
)
def test_kings_day_moves_to_saturday_only_when_27_april_is_sunday(year, expected):
    assert kings_day(year) == expected


def test_coinciding_holidays_share_one_date():
    """In 2016 Ascension Day fell on 5 May: one date, both names."""
    assert holidays_in(2016)[date(2016, 5, 5)] == "Liberation Day; Ascension Day"
    assert len(holidays_in(2016)) == 7


@pytest.mark.parametrize("year", range(FIRST_YEAR, 2041))
def test_differs_from_holidays_package_only_where_the_atw_does(year):
    """The package's NL calendar adds Good Friday and the Sundays, and has 5 May only in
    lustrum years; otherwise it agrees with Atw art. 3."""
    package = set(holidays_package.NL(years=year))
    ours = set(holidays_in(year))
    assert ours - package <= {date(year, 5, 5)}
    assert all(
        day.isoweekday() == 7 or holidays_package.NL(years=year)[day] == "Good Friday"
        for day in package - ours
    )


def test_years_before_kings_day_are_refused():
    with pytest.raises(ValueError, match="from 2014"):
        holidays_in(FIRST_YEAR - 1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 6), True),  # Friday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday
        (date(2026, 4, 3), True),  # Good Friday is not an Atw holiday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 4, 27), False),  # King's Day
        (date(2026, 5, 5), False),  # 5 May in a non-lustrum year
        (date(2026, 5, 14), False),  # Ascension Day
        (date(2026, 5, 25), False),  # Whit Monday
        (date(2026, 12, 24), True),  # Christmas Eve
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 31), True),  # New Year's Eve
        (date(2027, 1, 1), False),  # New Year's Day
        (date(2028, 12, 26), False),  # Boxing Day on a Tuesday
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # The DOMAIN §7 example: informed Tue 3 Mar 2026 → Tue 10 Mar.
        (date(2026, 3, 3), 5, date(2026, 3, 10)),
        (date(2026, 3, 3), 0, date(2026, 3, 3)),
        # Friday: Monday is day 1.
        (date(2026, 3, 6), 1, date(2026, 3, 9)),
        (date(2026, 3, 6), 5, date(2026, 3, 13)),
        # Saturday and Sunday starts count from Monday.
        (date(2026, 3, 7), 5, date(2026, 3, 13)),
        (date(2026, 3, 8), 5, date(2026, 3, 13)),
        # Easter 2026: Good Friday 3 Apr counts, Easter Monday 6 Apr does not.
        (date(2026, 4, 2), 5, date(2026, 4, 10)),
        # King's Day Mon 27 Apr 2026 and 5 May (Tue) both skipped.
        (date(2026, 4, 24), 5, date(2026, 5, 4)),
        (date(2026, 4, 30), 5, date(2026, 5, 8)),
        # King's Day 2025 on Saturday 26 April costs no working day.
        (date(2025, 4, 24), 5, date(2025, 5, 1)),
        # Ascension Thu 14 May 2026.
        (date(2026, 5, 12), 5, date(2026, 5, 20)),
        # Whit Monday 25 May 2026.
        (date(2026, 5, 22), 5, date(2026, 6, 1)),
        # Christmas and Boxing Day 2028 (Mon, Tue) and New Year 2029 (Mon).
        (date(2028, 12, 22), 5, date(2029, 1, 3)),
        # 5 May 2027 (Wed) and Ascension Thu 6 May 2027 on consecutive days.
        (date(2027, 5, 4), 5, date(2027, 5, 13)),
    ],
)
def test_add_working_days(start, count, expected):
    assert add_working_days(start, count) == expected


def test_negative_count_is_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 3, 3), -1)


days = st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(2060, 12, 31))


@given(days, st.integers(min_value=1, max_value=30))
def test_result_is_a_working_day_with_exactly_count_working_days_in_between(start, count):
    end = add_working_days(start, count)
    assert is_working_day(end)
    span = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(map(is_working_day, span)) == count


@given(days)
def test_weekends_are_never_working_days(day):
    if day.isoweekday() in (6, 7):
        assert not is_working_day(day)
