"""The legal periods and ages of the legality check, each in one place with its source.

Every limit cites the article it comes from (the citation carries the act's consolidation date)
and quotes the words of the law it puts into numbers. A "day" of the law is 24 hours of elapsed
time (DOMAIN §9), so "three consecutive days" is 72 hours. Limits are inclusive: a measure that
lasts exactly the limit is within it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from passend.law import JEUGDWET, Citation

HOURS_PER_DAY = 24
"""A day of the law counted as elapsed time (DOMAIN §9: "a day is 24 hours")."""

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
"""Date-times written without a UTC offset are Dutch wall-clock time.

Durations are elapsed time, so a lock-in over the night the clocks go forward lasts an hour less
than its wall-clock difference. In the autumn hour that occurs twice, a time without offset is
read as the first occurrence (summer time); sources that care write the offset.
"""


@dataclass(frozen=True)
class Period:
    """A legal maximum duration, in whole hours."""

    hours: int
    source: Citation
    wording: str

    @property
    def duration(self) -> timedelta:
        return timedelta(hours=self.hours)


@dataclass(frozen=True)
class Age:
    """A legal age threshold, in whole years."""

    years: int
    source: Citation
    wording: str


EMERGENCY_UNTIL_CONSENT = Period(
    hours=12,
    source=Citation(JEUGDWET, "6.3.1.2", "5"),
    wording="Indien een maatregel ter afwending van een noodsituatie niet binnen twaalf uur kan "
    "worden beëindigd, is voor de voortzetting van de maatregel de instemming van een "
    "gekwalificeerde gedragswetenschapper vereist.",
)
"""An emergency measure outside the help plan may run this long without a scientist's consent."""

EMERGENCY_MAXIMUM = Period(
    hours=3 * HOURS_PER_DAY,
    source=Citation(JEUGDWET, "6.3.1.2", "4"),
    wording="... wordt een maatregel ten hoogste gedurende drie opeenvolgende dagen toegepast.",
)
"""The longest an emergency measure outside the help plan may run (three consecutive days)."""

LOCK_IN_MAXIMUM = Period(
    hours=1 * HOURS_PER_DAY,
    source=Citation(JEUGDWET, "6.3.2.2", "3"),
    wording="... wordt een insluiting ten hoogste gedurende één dag toegepast ...",
)
"""The longest a lock-in may run without an extension (one day)."""

LOCK_IN_EXTENDED_MAXIMUM = Period(
    hours=LOCK_IN_MAXIMUM.hours + 1 * HOURS_PER_DAY,
    source=Citation(JEUGDWET, "6.3.2.2", "3"),
    wording="... met dien verstande dat een gekwalificeerde gedragswetenschapper de insluiting "
    "eenmaal voor ten hoogste één dag kan verlengen ...",
)
"""The longest a lock-in may run once extended by a qualified behavioural scientist (two days)."""

LOCK_IN_MINIMUM_AGE = Age(
    years=12,
    source=Citation(JEUGDWET, "6.3.2.2", "2"),
    wording="Insluiting ... kan uitsluitend worden toegepast indien een jeugdige twaalf jaar of "
    "ouder is ...",
)
"""The youngest age, on the day the lock-in starts, at which a youth may be locked in."""

INFORMING_CONSENT_AGE = Age(
    years=16,
    source=Citation(JEUGDWET, "6.7.2", "3"),
    wording="Ten aanzien van jeugdigen van zestien jaar en ouder is voorafgaand aan het informeren "
    "van ouders, pleegouders of de gecertificeerde instelling de instemming van de jeugdige "
    "vereist ...",
)
"""From this age the youth's consent is needed before the GI or parents are told of a measure."""
