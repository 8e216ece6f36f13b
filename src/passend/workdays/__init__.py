"""Dutch working days per the Algemene termijnenwet (Atw), art. 3.

A working day is Monday to Friday, except the generally recognised holidays of Atw art. 3:
New Year's Day, Easter Monday, Ascension Day, Whit Monday, Christmas Day, Boxing Day, the day the
King's birthday is celebrated, and 5 May (every year). Good Friday, Easter Sunday and Whit Sunday
are not on the list, and 5 May is a holiday every year, not only every fifth year; that is why
this module computes the list itself instead of using the ``holidays`` package's NL calendar
(the tests use that calendar as a cross-check).

Simplification: the King's Day rule holds from 2014, the first year with a king's birthday after
the accession of 30 April 2013; earlier years are refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from dateutil.easter import easter

from passend.law import ALGEMENE_TERMIJNENWET, Citation

HOLIDAYS_SOURCE = Citation(ALGEMENE_TERMIJNENWET, "3")
"""The article that lists the generally recognised holidays."""

FIRST_YEAR = 2014
"""The first year this calendar covers: King's Day (27 April) replaced Queen's Day (30 April)."""

SUNDAY = 7
WEEKEND = frozenset({6, SUNDAY})
"""ISO weekday numbers of Saturday and Sunday."""


def kings_day(year: int) -> date:
    """The day the King's birthday is celebrated: 27 April, or 26 April when the 27th is a Sunday.

    Source: Atw art. 3 ("de dag waarop de verjaardag van de Koning wordt gevierd"); the
    celebration date as in DOMAIN §2.
    """
    birthday = date(year, 4, 27)
    return birthday - timedelta(days=1) if birthday.isoweekday() == SUNDAY else birthday


@cache
def holidays_in(year: int) -> Mapping[date, str]:
    """The generally recognised holidays of Atw art. 3 in ``year``, date → English name.

    When two holidays fall on one day (Ascension Day on 5 May, as in 2016), the names are joined.
    Raises ``ValueError`` for years before :data:`FIRST_YEAR`.
    """
    if year < FIRST_YEAR:
        raise ValueError(f"working days are defined from {FIRST_YEAR} onwards, not for {year}")
    easter_sunday = easter(year)
    named = [
        (date(year, 1, 1), "New Year's Day"),
        (easter_sunday + timedelta(days=1), "Easter Monday"),
        (kings_day(year), "King's Day"),
        (date(year, 5, 5), "Liberation Day"),
        (easter_sunday + timedelta(days=39), "Ascension Day"),
        (easter_sunday + timedelta(days=50), "Whit Monday"),
        (date(year, 12, 25), "Christmas Day"),
        (date(year, 12, 26), "Boxing Day"),
    ]
    holidays: dict[date, str] = {}
    for day, name in named:
        holidays[day] = f"{holidays[day]}; {name}" if day in holidays else name
    return MappingProxyType(dict(sorted(holidays.items())))


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day: Monday to Friday and not a holiday of Atw art. 3."""
    return day.isoweekday() not in WEEKEND and day not in holidays_in(day.year)


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start``.

    Counting begins the day after ``start``: that day is working day 1 if it is a working day
    (DOMAIN §7: informed Tue 3 Mar 2026 → working day 5 is Tue 10 Mar). ``count`` 0 gives
    ``start`` itself.
    """
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
