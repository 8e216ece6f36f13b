"""The periods and limits of the three child-protection norms, each with its source.

Source of every value: the norms the inspectorates applied in their 2021 follow-up supervision of
child protection (IGJ and Inspectie JenV, report ``002`` in ``seeds/``, appendix 5 "Gehanteerde
normen"), as summarised in DOMAIN §2. They are inspection norms, not statutory terms; the working
days they count are those of the Algemene termijnenwet (see :mod:`passend.workdays`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    """How a period is counted."""

    WORKING_DAYS = "working days"
    CALENDAR_DAYS = "calendar days"
    CALENDAR_MONTHS = "calendar months"
    CHANGES = "changes"


@dataclass(frozen=True)
class Source:
    """Where a value comes from, precisely enough for a reader to find the sentence."""

    document: str
    year: int
    location: str

    def __str__(self) -> str:
        return f"{self.document} ({self.year}), {self.location}"


@dataclass(frozen=True)
class Parameter:
    """A named value of a norm, with its unit and source."""

    name: str
    value: int
    unit: Unit
    source: Source

    def __str__(self) -> str:
        return f"{self.value} {self.unit}"


INSPECTION_REPORT_2021 = "IGJ & Inspectie JenV, vervolgtoezicht jeugdbescherming (report 002)"

PROTECTOR_PERIOD = Parameter(
    name="protector linked within",
    value=5,
    unit=Unit.WORKING_DAYS,
    source=Source(INSPECTION_REPORT_2021, 2021, "appendix 5, norm 1 'Tijdig'; DOMAIN §2 norm 1"),
)
"""A protector is linked to the child within 5 working days after the GI is informed."""

MAX_UNPLANNED_PROTECTOR_CHANGES = Parameter(
    name="unplanned protector changes allowed",
    value=1,
    unit=Unit.CHANGES,
    source=Source(INSPECTION_REPORT_2021, 2021, "appendix 5, norm 1 'Vast'; DOMAIN §2 norm 1"),
)
"""At most one change of protector because of turnover or sickness."""

COURSE_PERIOD = Parameter(
    name="course set within",
    value=42,
    unit=Unit.CALENDAR_DAYS,
    source=Source(
        INSPECTION_REPORT_2021, 2021, "appendix 5, norm 2 'Tijdig' (six weeks); DOMAIN §7"
    ),
)
"""The course is set within six weeks (42 calendar days) of the start of the measure."""

HELP_PERIOD = Parameter(
    name="appropriate help started within",
    value=3,
    unit=Unit.CALENDAR_MONTHS,
    source=Source(INSPECTION_REPORT_2021, 2021, "appendix 5, norm 3 'Tijdig'; DOMAIN §7"),
)
"""Appropriate help starts within three months of the measure being pronounced."""
