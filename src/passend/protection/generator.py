"""Seeded, fictional case-event streams in the interchange format (DOMAIN §7).

The demo data (about 15,000 measures a year) and the benchmark (100,000 and 1,000,000 measures)
need case files that look like what the case systems of the GIs deliver: the chain of a case from
the court's decision to the help (DOMAIN §2), and the things the reports say go wrong — turnover
and sickness of protectors, the duty desk as a fallback, waiting lists after the intake, help that
only starts after an escalation, late courses and late help with a recorded explanation.

:func:`generate_events` yields one event at a time as a plain ``dict`` ready for ``json.dumps``, so
a million measures stream in constant memory. The events of one case come together, in date order;
cases come in the order their measures were pronounced. The generator simulates reality up to
``end``: an event that would happen after it does not exist yet, so recent cases are still open.

**Calibration.** Every region, and every GI within it, gets its own chance of meeting each
indicator, drawn around the national reference figures of the 2021 practice test
(:data:`REFERENCE_FIGURES`): a region effect shared by all indicators (a region that struggles
tends to struggle everywhere) plus an effect per indicator, centred so the regions average out on
the reference figure and clipped to ±10 points of it; a GI varies a little around its region.
Each case then draws its outcome per indicator with those chances and is written so that the norm
engine (:mod:`passend.protection.rules.norms`) judges it that way: a timely protector is linked by
working day 5, a late one after it, and so on. Because the outcome is drawn first and the dates
are placed around the deadline that governs it (an advanced deadline included), the share met
that ``evaluate_cases`` reports over a generated file lies close to the drawn chances; the only
drift comes from cases near ``end`` whose late help or late course has not happened yet.

Everything is deterministic in ``seed``: one ``random.Random(seed)`` drives every draw, and no
global random state is used. Nothing here imports Django.
"""

from __future__ import annotations

import json
import re
import sys
from bisect import bisect
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from random import Random
from types import MappingProxyType
from typing import IO

from passend.protection.rules.events import (
    LATEST_EVENT_YEAR,
    AssignmentReason,
    EventType,
    Measure,
    Norm,
    Participant,
    ProtectorKind,
)
from passend.protection.rules.norms import Indicator, add_calendar_months
from passend.protection.rules.parameters import (
    COURSE_PERIOD,
    INSPECTION_REPORT_2021,
    PROTECTOR_PERIOD,
    Source,
)
from passend.workdays import FIRST_YEAR, add_working_days, is_working_day

# --- Reference figures and mixes -----------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceFigure:
    """Cases met of cases assessed for one indicator in the 2021 practice test."""

    met: int
    assessed: int

    @property
    def rate(self) -> float:
        return self.met / self.assessed


REFERENCE_SOURCE = Source(
    INSPECTION_REPORT_2021,
    2021,
    "practice test 2021; DOMAIN §2 'Reporting as the inspectorates do it'",
)
REFERENCE_FIGURES: Mapping[Indicator, ReferenceFigure] = MappingProxyType(
    {
        Indicator.PROTECTOR_TIMELY: ReferenceFigure(307, 354),
        Indicator.PROTECTOR_FIXED: ReferenceFigure(367, 400),
        Indicator.COURSE_SET: ReferenceFigure(262, 283),
        Indicator.COURSE_TIMELY: ReferenceFigure(230, 258),
        Indicator.COURSE_SUPPORTED: ReferenceFigure(249, 278),
        Indicator.HELP_DEPLOYED: ReferenceFigure(284, 366),
        Indicator.HELP_TIMELY: ReferenceFigure(239, 357),
    }
)
"""National figures the generated data is calibrated on (for demo data only, never for rules)."""

INFLOW_2020 = MappingProxyType({"OTS and voogdij": 10_310, "jeugdreclassering": 5_015})
"""Annual inflow of measures in 2020 (report 002; DOMAIN §2)."""

GUARDIANSHIP_SHARE_OF_CHILD_PROTECTION = 0.18
"""Assumption: the share of guardianship in the OTS + voogdij inflow (the reports give the sum)."""

_PROBATION_SHARE = INFLOW_2020["jeugdreclassering"] / sum(INFLOW_2020.values())
MEASURE_MIX: Mapping[Measure, float] = MappingProxyType(
    {
        Measure.OTS: (1 - _PROBATION_SHARE) * (1 - GUARDIANSHIP_SHARE_OF_CHILD_PROTECTION),
        Measure.VOOGDIJ: (1 - _PROBATION_SHARE) * GUARDIANSHIP_SHARE_OF_CHILD_PROTECTION,
        Measure.JEUGDRECLASSERING: _PROBATION_SHARE,
    }
)
"""Share of each kind of measure: about 55% OTS, 12% voogdij, 33% jeugdreclassering."""

REGION_SPREAD = 0.05
"""Standard deviation (as a fraction) of a region's rate around the reference figure."""
REGION_MAX_DEVIATION = 0.10
"""A region's rate stays within this distance of the reference figure."""
REGION_SHARED_WEIGHT = 0.6
"""How much of a region's deviation is shared by all its indicators (the rest is per indicator)."""
GI_SPREAD = 0.02
"""Standard deviation of a GI's rate around its region's."""
LOWEST_RATE, HIGHEST_RATE = 0.02, 0.995

MONTH_FACTORS = (1.0, 1.02, 1.06, 1.0, 0.97, 1.0, 0.9, 0.8, 1.04, 1.06, 1.04, 0.9)
"""Seasonality of court decisions, January to December: quieter in summer and December."""
NON_WORKING_DAY_FACTOR = 0.05
"""Weekends and holidays: only urgent (provisional) measures are pronounced."""
DAILY_JITTER = 0.15

# --- Case-level shares (realism; they shape the stories, the rates decide the verdicts) ----------

GI_INFORMED_MISSING = 0.03
"""Share of cases whose GI-informed date the source system did not record."""
GI_INFORMED_DELAY_WEIGHTS = (40, 30, 15, 10, 5)
"""Days between the court's decision and the GI being informed: 0, 1, 2, 3, 4 days."""
TIMELY_LINK_WEIGHTS = (8, 20, 25, 20, 15, 12)
"""Working day (0 = the day the GI is informed, up to 5) a timely protector is linked on."""
DUTY_DESK_FIRST = {True: 0.06, False: 0.55}
"""Share of cases parked at the duty desk before the first protector (timely, late)."""
INTAKE_TEAM_FIRST = 0.45
"""Share of cases that start with an intake-team protector and go to a permanent one (planned)."""
INTAKE_PROTECTOR_STAYS = 0.15
"""Share of intake-team protectors who stay on as the permanent protector (no change)."""
ONE_UNPLANNED_CHANGE = 0.22
"""Share of cases with a fixed protector that still had one unplanned change (allowed)."""
DUTY_DESK_AFTER_CHANGE = 0.45
"""Share of not-fixed cases that land at the duty desk after a change (the rest: 2-3 changes)."""
DEADLINE_ADVANCED = {Norm.COURSE: 0.02, Norm.HELP: 0.02}
"""Share of cases where an earlier deadline was judged necessary for the child's safety."""
EXPLAINED = {Norm.COURSE: 0.3, Norm.HELP: 0.35}
"""Share of late or missing courses and help with a recorded explanation (comply or explain)."""
ESCALATED = 0.12
"""Share of cases meeting the help norm that did so through an escalation after a wait."""
INAPPROPRIATE_FIRST = 0.08
"""Share of cases with help where help that did not fit started first."""
WAITLISTED = {"timely": 0.45, "late": 0.85, "none": 0.7}
"""Share of cases put on a waiting list after the intake, by how the help turned out."""
NETWORK_INVOLVED = 0.45
EARLY_END = 0.02
"""Share of measures ended within a few months (appeal granted, family moved abroad)."""
OTS_ENDS_AFTER_A_YEAR = 0.45
"""Share of OTS measures not extended after the first year."""
PROBATION_ENDS = 0.9
YOUTH_TAKES_PART_FROM_AGE = 12

CARE_FORMS = (
    ("ambulant", 55),
    ("dagbehandeling", 8),
    ("pleegzorg", 15),
    ("gezinshuis", 6),
    ("residentieel", 10),
    ("crisis", 4),
    ("gesloten", 2),
)
"""Help decided by the GI, as care-form codes (DOMAIN §8), with their weights."""
PROVIDERS_PER_REGION = 24
PROTECTORS_PER_GI = 60

COURSE_EXPLANATIONS = (
    "Ouders pas na herhaalde uitnodigingen bereikbaar; koers daarna samen vastgesteld",
    "Personeelstekort: jeugdbeschermer pas laat gekoppeld",
    "Aanvullend onderzoek nodig voordat doelen konden worden vastgesteld",
    "Gezin verhuisd tijdens de opstart van de maatregel",
    "Ziekte van de jeugdbeschermer; overdracht kostte tijd",
)
HELP_EXPLANATIONS = (
    "Wachtlijst bij de passende aanbieder; overbruggingshulp ingezet",
    "Gemeente beoordeelt de jeugdhulpbepaling opnieuw",
    "Aanbieder kon na de intake niet helpen (contra-indicatie)",
    "Geen passende plek in de regio beschikbaar",
    "Ouders stemden pas later in met de hulp",
    "Aanbieder weigert vanwege de resultaatfinanciering; zoektocht loopt",
)
CHILD_NOT_HEARD_REASONS = (
    "kind weigerde een gesprek",
    "geen tolk beschikbaar",
    "kind verbleef tijdelijk in het buitenland",
    "gesprek gepland maar niet doorgegaan",
    "ouders hielden het kind weg van het gesprek",
)
TOO_YOUNG_REASON = "kind te jong voor een gesprek"


@dataclass(frozen=True)
class Rates:
    """The chance that a case meets each indicator; field names are the indicator codes."""

    protector_timely: float
    protector_fixed: float
    course_set: float
    course_timely: float
    course_supported: float
    help_deployed: float
    help_timely: float

    @classmethod
    def reference(cls) -> Rates:
        """The national reference figures as rates."""
        return cls(**{str(i): figure.rate for i, figure in REFERENCE_FIGURES.items()})

    def as_mapping(self) -> Mapping[Indicator, float]:
        return MappingProxyType({Indicator(f.name): getattr(self, f.name) for f in fields(self)})


@dataclass(frozen=True)
class Site:
    """A GI in a region, with the rates its cases are drawn with."""

    region: str
    gi: str
    rates: Rates
    region_slug: str


def slug(name: str) -> str:
    """A reference-friendly form of a name: ``Groningen/Drenthe`` → ``groningen-drenthe``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def default_gi(region: str) -> str:
    """The GI reference used for a region when none are given: ``gi-<region-slug>``."""
    return f"gi-{slug(region)}"


def _clip(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def _consistent(rates: dict[str, float]) -> Rates:
    """Rates the norm engine can produce together: a course that is timely is set, help that is
    timely is deployed, and a supported course is a course that was set."""
    rates = {name: _clip(value, LOWEST_RATE, HIGHEST_RATE) for name, value in rates.items()}
    rates["course_set"] = min(HIGHEST_RATE, max(rates["course_set"], rates["course_timely"] + 0.01))
    rates["course_supported"] = min(rates["course_supported"], rates["course_set"])
    rates["help_deployed"] = min(
        HIGHEST_RATE, max(rates["help_deployed"], rates["help_timely"] + 0.02)
    )
    return Rates(**rates)


def draw_region_rates(rng: Random, regions: Sequence[str]) -> dict[str, Rates]:
    """Each region's rates around the reference figures (see the module docstring).

    The deviations of the regions are centred per indicator, so their average is the reference
    figure, and clipped to :data:`REGION_MAX_DEVIATION`.
    """
    reference = Rates.reference().as_mapping()
    shared = [rng.gauss(0, 1) for _ in regions]
    own = {indicator: [rng.gauss(0, 1) for _ in regions] for indicator in reference}
    specific_weight = (1 - REGION_SHARED_WEIGHT**2) ** 0.5
    deviations = {
        indicator: [
            REGION_SPREAD * (REGION_SHARED_WEIGHT * s + specific_weight * o)
            for s, o in zip(shared, own[indicator], strict=True)
        ]
        for indicator in reference
    }
    if len(regions) > 1:
        for values in deviations.values():
            mean = sum(values) / len(values)
            values[:] = [value - mean for value in values]
    return {
        region: _consistent(
            {
                str(indicator): rate
                + _clip(deviations[indicator][index], -REGION_MAX_DEVIATION, REGION_MAX_DEVIATION)
                for indicator, rate in reference.items()
            }
        )
        for index, region in enumerate(regions)
    }


def draw_sites(
    rng: Random, regions: Sequence[str], gis_per_region: Mapping[str, Sequence[str]] | None
) -> list[Site]:
    """Every (region, GI) pair with its rates: the region's rates plus a little per GI."""
    region_rates = draw_region_rates(rng, regions)
    sites = []
    for region in regions:
        gis = (gis_per_region or {}).get(region) or [default_gi(region)]
        base = region_rates[region]
        for gi in gis:
            noisy = {name: getattr(base, name) + rng.gauss(0, GI_SPREAD) for name in _RATE_NAMES}
            sites.append(Site(region, gi, _consistent(noisy), slug(region)))
    return sites


_RATE_NAMES = tuple(f.name for f in fields(Rates))


# --- When measures are pronounced -----------------------------------------------------------------


def daily_counts(rng: Random, measures: int, start: date, end: date) -> Iterator[tuple[date, int]]:
    """How many measures are pronounced on each day from ``start`` to ``end``: exactly
    ``measures`` in all, spread by working day, month (:data:`MONTH_FACTORS`) and a little noise.
    """
    days = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
    weights = [
        MONTH_FACTORS[day.month - 1]
        * (1.0 if is_working_day(day) else NON_WORKING_DAY_FACTOR)
        * rng.uniform(1 - DAILY_JITTER, 1 + DAILY_JITTER)
        for day in days
    ]
    total = sum(weights)
    done = 0
    for day, cumulative in zip(days, accumulate(weights), strict=True):
        target = round(measures * cumulative / total)
        if target > done:
            yield day, target - done
            done = target


# --- One case -------------------------------------------------------------------------------------


_CODE: Mapping[StrEnum, str] = MappingProxyType(
    {
        member: member.value
        for codes in (EventType, Measure, ProtectorKind, AssignmentReason, Participant, Norm)
        for member in codes
    }
)
"""Every code as a plain string: events carry ``str`` values, and reading ``.value`` of an enum
member is slow in the inner loop."""


def _weighted(rng: Random, cumulative: Sequence[float], values: Sequence):
    return values[bisect(cumulative, rng.random() * cumulative[-1])]


def _cumulative(weights: Iterable[float]) -> tuple[float, ...]:
    return tuple(accumulate(weights))


_KINDS = tuple(MEASURE_MIX)
_KIND_WEIGHTS = _cumulative(MEASURE_MIX.values())
_CARE_FORMS = tuple(code for code, _ in CARE_FORMS)
_CARE_FORM_WEIGHTS = _cumulative(weight for _, weight in CARE_FORMS)
_INFORMED_DELAYS = tuple(range(len(GI_INFORMED_DELAY_WEIGHTS)))
_INFORMED_DELAY_WEIGHTS = _cumulative(GI_INFORMED_DELAY_WEIGHTS)
_LINK_DAYS = tuple(range(len(TIMELY_LINK_WEIGHTS)))
_LINK_DAY_WEIGHTS = _cumulative(TIMELY_LINK_WEIGHTS)
_UNPLANNED = (
    _CODE[AssignmentReason.TURNOVER],
    _CODE[AssignmentReason.SICKNESS],
    _CODE[AssignmentReason.OTHER],
)
_UNPLANNED_WEIGHTS = _cumulative((55, 35, 10))
_COURSE_DAYS = timedelta(days=COURSE_PERIOD.value)
_DAY = timedelta(days=1)


def _int(rng: Random, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` inclusive (``low`` when ``high`` is smaller);
    ``random()`` based, which is faster than ``randint`` in the inner loop."""
    return low + int(rng.random() * (max(low, high) - low + 1))


def _days(rng: Random, low: int, high: int) -> timedelta:
    return timedelta(days=_int(rng, low, high))


def _between(rng: Random, first: date, last: date) -> date:
    """A day from ``first`` to ``last`` (``first`` itself when ``last`` is earlier)."""
    return first + timedelta(days=_int(rng, 0, (last - first).days))


@lru_cache(maxsize=16_384)
def _working_day(start: date, count: int) -> date:
    """:func:`add_working_days`, remembered: a run has only a few thousand distinct dates."""
    return add_working_days(start, count)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _Case:
    """Collects the events of one case; :meth:`finish` returns those that exist by ``end`` (and by
    the end of the measure), in date order."""

    __slots__ = ("ref", "events", "rng", "site", "pronounced", "end")

    def __init__(self, rng: Random, ref: str, site: Site, pronounced: date, end: date) -> None:
        self.rng = rng
        self.ref = ref
        self.site = site
        self.pronounced = pronounced
        self.end = end
        self.events: list[tuple[date, int, dict]] = []

    def add(self, day: date, event_type: EventType, **extra: object) -> None:
        event = {"case": self.ref, "type": _CODE[event_type], "date": day, **extra}
        self.events.append((day, len(self.events), event))

    def finish(self, ended_on: date | None) -> list[dict]:
        last = self.end if ended_on is None or ended_on > self.end else ended_on
        kept = sorted(entry for entry in self.events if entry[0] <= last)
        out = []
        for day, _, event in kept:
            event["date"] = day.isoformat()
            out.append(event)
        return out

    def protector_ref(self, avoid: str | None = None) -> str:
        while True:
            ref = f"{self.site.gi}-jb-{_int(self.rng, 0, PROTECTORS_PER_GI - 1):03d}"
            if ref != avoid:
                return ref

    def provider_ref(self) -> str:
        return f"za-{self.site.region_slug}-{_int(self.rng, 1, PROVIDERS_PER_REGION):02d}"


def _birth_date(rng: Random, kind: Measure, pronounced: date) -> date:
    if kind is Measure.JEUGDRECLASSERING:
        age = _int(rng, 12, 17)
    elif kind is Measure.VOOGDIJ:
        age = min(_int(rng, 0, 17), _int(rng, 0, 17))
    else:
        age = _int(rng, 0, 17)
    return pronounced - timedelta(days=age * 365 + _int(rng, 0, 364))


def _protector(case: _Case, base: date, course_day: date | None) -> None:
    """The assignments: maybe the duty desk first, an intake-team or permanent protector (timely
    by working day 5 after ``base``, or late), a planned hand-over, and unplanned changes."""
    rng, rates = case.rng, case.site.rates
    deadline = _working_day(base, PROTECTOR_PERIOD.value)
    timely = rng.random() < rates.protector_timely
    if timely:
        first_day = _working_day(base, _weighted(rng, _LINK_DAY_WEIGHTS, _LINK_DAYS))
    else:
        first_day = deadline + timedelta(days=1 + min(90, int(rng.expovariate(1 / 9))))
    desk = f"{case.site.gi}-bureaudienst"
    if rng.random() < DUTY_DESK_FIRST[timely]:
        case.add(
            min(base + _DAY, first_day),
            EventType.PROTECTOR_ASSIGNED,
            protector=desk,
            kind=_CODE[ProtectorKind.BUREAUDIENST],
            reason=_CODE[AssignmentReason.START],
        )
    current = case.protector_ref()
    intake_team = rng.random() < INTAKE_TEAM_FIRST
    case.add(
        first_day,
        EventType.PROTECTOR_ASSIGNED,
        protector=current,
        kind=_CODE[ProtectorKind.INSTROOMTEAM] if intake_team else _CODE[ProtectorKind.VAST],
        reason=_CODE[AssignmentReason.START],
    )
    last = first_day
    if intake_team:
        plan_done = course_day if course_day and course_day > first_day else None
        last = (plan_done or first_day + _days(rng, 30, 50)) + _days(rng, 1, 10)
        if rng.random() >= INTAKE_PROTECTOR_STAYS:
            current = case.protector_ref(avoid=current)
        case.add(
            last,
            EventType.PROTECTOR_ASSIGNED,
            protector=current,
            kind=_CODE[ProtectorKind.VAST],
            reason=_CODE[AssignmentReason.PLANNED],
        )

    def change(gap: timedelta, kind: ProtectorKind = ProtectorKind.VAST) -> None:
        nonlocal last, current
        last += gap
        reason = _weighted(rng, _UNPLANNED_WEIGHTS, _UNPLANNED)
        current = desk if kind is ProtectorKind.BUREAUDIENST else case.protector_ref(current)
        case.add(
            last, EventType.PROTECTOR_ASSIGNED, protector=current, kind=_CODE[kind], reason=reason
        )

    if rng.random() < rates.protector_fixed:
        if rng.random() < ONE_UNPLANNED_CHANGE:
            change(_days(rng, 30, 300))
    elif rng.random() < DUTY_DESK_AFTER_CHANGE:
        change(_days(rng, 5, 45), ProtectorKind.BUREAUDIENST)
        change(_days(rng, 5, 60))
    else:
        for _ in range(_int(rng, 2, 3)):
            change(_days(rng, 5, 40))


def _advanced_deadline(case: _Case, norm: Norm, normal: date, earliest: int) -> date:
    """Rarely, an earlier deadline judged necessary for the child's safety."""
    rng = case.rng
    if rng.random() >= DEADLINE_ADVANCED[norm]:
        return normal
    decided = case.pronounced + _days(rng, 0, 5)
    deadline = decided + _days(rng, earliest, max(earliest, (normal - decided).days - 7))
    case.add(
        decided,
        EventType.DEADLINE_ADVANCED,
        norm=_CODE[norm],
        deadline=deadline.isoformat(),
    )
    return deadline


def _explain(case: _Case, norm: Norm, deadline: date, texts: Sequence[str]) -> None:
    rng = case.rng
    if rng.random() < EXPLAINED[norm]:
        day = max(case.pronounced, deadline + _days(rng, -5, 20))
        case.add(day, EventType.EXPLANATION, norm=_CODE[norm], text=rng.choice(texts))


def _course(case: _Case, age: int) -> date | None:
    """The course: timely, late or (not yet) set, and supported or with someone missing."""
    rng, rates, pronounced = case.rng, case.site.rates, case.pronounced
    deadline = _advanced_deadline(case, Norm.COURSE, pronounced + _COURSE_DAYS, 10)
    window = (deadline - pronounced).days
    draw = rng.random()
    if draw < rates.course_timely:
        course_day = pronounced + _days(rng, min(window, 10), window)
    elif draw < rates.course_set:
        course_day = deadline + _days(rng, 1, 50)
    else:
        course_day = None
    if course_day is None or course_day > deadline:
        _explain(case, Norm.COURSE, deadline, COURSE_EXPLANATIONS)
    if course_day is None:
        return None

    participants = {Participant.PARENTS, Participant.PROFESSIONALS}
    if rng.random() < NETWORK_INVOLVED:
        participants.add(Participant.NETWORK)
    heard = True
    supported_given_set = rates.course_supported / rates.course_set
    if rng.random() >= supported_given_set:
        missing = rng.random()
        if missing < 0.45:
            heard = False
        elif missing < 0.75:
            participants.discard(Participant.PARENTS)
        elif missing < 0.9:
            participants.discard(Participant.PROFESSIONALS)
        else:
            participants.discard(Participant.PARENTS)
            heard = False
    youth_takes_part = heard and (
        age >= YOUTH_TAKES_PART_FROM_AGE or (age >= 8 and rng.random() < 0.25)
    )
    if youth_takes_part:
        participants.add(Participant.YOUTH)
    extra: dict[str, object] = {
        "participants": [_CODE[p] for p in Participant if p in participants],
        "child_heard": heard,
    }
    if not heard and rng.random() < 0.8:
        extra["child_not_heard_reason"] = (
            TOO_YOUNG_REASON if age < 4 else rng.choice(CHILD_NOT_HEARD_REASONS)
        )
    case.add(course_day, EventType.COURSE_SET, **extra)
    return course_day


def _help(case: _Case, course_day: date | None) -> None:
    """Help decided, intake, often a waiting list, and help started: timely, late (sometimes
    through an escalation, sometimes after help that did not fit) or not (yet) at all."""
    rng, rates, pronounced = case.rng, case.site.rates, case.pronounced
    normal = add_calendar_months(pronounced, 3)
    deadline = _advanced_deadline(case, Norm.HELP, normal, 21)
    window = (deadline - pronounced).days
    draw = rng.random()
    escalated = False
    if draw < rates.help_timely:
        if rng.random() < ESCALATED:
            escalated = True
            start = deadline + _days(rng, 1, 60)
            outcome = "late"
        else:
            start = pronounced + _days(rng, min(window, 21), window)
            outcome = "timely"
    elif draw < rates.help_deployed:
        start = deadline + _days(rng, 1, 110)
        outcome = "late"
    else:
        start = None
        outcome = "none"
    if start is None or (start > deadline and not escalated):
        _explain(case, Norm.HELP, deadline, HELP_EXPLANATIONS)

    horizon = start or pronounced + _days(rng, 60, 200)
    if course_day and course_day + _days(rng, 3, 3) < horizon:
        decided = course_day + _days(rng, 0, 5)
    else:
        decided = _between(rng, pronounced + _days(rng, 3, 10), horizon - _days(rng, 3, 3))
    case.add(decided, EventType.HELP_DECIDED, help=_weighted(rng, _CARE_FORM_WEIGHTS, _CARE_FORMS))
    provider = case.provider_ref()
    intake = _between(rng, decided + _DAY, horizon - _DAY)
    case.add(intake, EventType.INTAKE, provider=provider)
    if rng.random() < WAITLISTED[outcome] or escalated:
        case.add(
            _between(rng, intake, min(intake + _days(rng, 0, 10), horizon)),
            EventType.WAITLISTED,
            provider=provider,
        )
    if (start is None and rng.random() < 0.35) or (start and rng.random() < INAPPROPRIATE_FIRST):
        case.add(
            _between(rng, intake, horizon - _DAY),
            EventType.HELP_STARTED,
            provider=provider,
            appropriate=False,
            via_escalation=False,
        )
    if start is not None:
        case.add(
            start,
            EventType.HELP_STARTED,
            provider=case.provider_ref() if escalated else provider,
            appropriate=True,
            via_escalation=escalated,
        )


def _ended_on(rng: Random, kind: Measure, pronounced: date, birth: date) -> date | None:
    if rng.random() < EARLY_END:
        return pronounced + _days(rng, 20, 120)
    if kind is Measure.OTS:
        if rng.random() < OTS_ENDS_AFTER_A_YEAR:
            return pronounced + _days(rng, 335, 395)
        return pronounced + _days(rng, 700, 760) if rng.random() < 0.5 else None
    if kind is Measure.JEUGDRECLASSERING:
        return pronounced + _days(rng, 180, 450) if rng.random() < PROBATION_ENDS else None
    return _add_years(birth, 18)


def _case_events(rng: Random, ref: str, site: Site, pronounced: date, end: date) -> list[dict]:
    case = _Case(rng, ref, site, pronounced, end)
    kind = _weighted(rng, _KIND_WEIGHTS, _KINDS)
    birth = _birth_date(rng, kind, pronounced)
    age = (pronounced - birth).days // 365
    case.add(
        pronounced,
        EventType.MEASURE_PRONOUNCED,
        measure=_CODE[kind],
        region=site.region,
        gi=site.gi,
        birth_date=birth.isoformat(),
    )
    informed = pronounced + timedelta(
        days=_weighted(rng, _INFORMED_DELAY_WEIGHTS, _INFORMED_DELAYS)
    )
    if rng.random() < GI_INFORMED_MISSING:
        base = pronounced
    else:
        base = informed
        case.add(informed, EventType.GI_INFORMED)
    course_day = _course(case, age)
    _protector(case, base, course_day)
    _help(case, course_day)
    ended_on = _ended_on(rng, kind, pronounced, birth)
    if ended_on is not None:
        case.add(ended_on, EventType.MEASURE_ENDED)
    return case.finish(ended_on)


# --- The stream -----------------------------------------------------------------------------------


def generate_events(
    *,
    seed: int,
    measures: int,
    start: date,
    end: date,
    regions: Sequence[str],
    gis_per_region: Mapping[str, Sequence[str]] | None = None,
) -> Iterator[dict]:
    """Fictional case events of ``measures`` measures pronounced from ``start`` to ``end``.

    Each event is a ``dict`` with the fields of the interchange format (DOMAIN §7): dates as ISO
    strings, booleans as booleans, participants as a list. Case references are ``c-<seed>-<n>``,
    numbered in the order the measures were pronounced; GI references come from
    ``gis_per_region`` (a region without an entry gets ``gi-<region-slug>``). No event is dated
    after ``end``. The same arguments always give the same stream.

    Raises ``ValueError`` on arguments that cannot give valid events (checked at once, not when
    the stream is first read).
    """
    if measures < 0:
        raise ValueError(f"measures must not be negative, got {measures}")
    if start > end:
        raise ValueError(f"start {start} is after end {end}")
    if start.year < FIRST_YEAR or end.year > LATEST_EVENT_YEAR:
        raise ValueError(f"dates must lie in the years {FIRST_YEAR}-{LATEST_EVENT_YEAR}")
    if not regions:
        raise ValueError("at least one region is needed")
    for region, gis in (gis_per_region or {}).items():
        if region not in regions:
            raise ValueError(f"GIs given for unknown region {region!r}")
        if isinstance(gis, str) or not all(isinstance(gi, str) and gi.strip() for gi in gis):
            raise ValueError(f"the GIs of {region!r} must be a list of non-blank references")
    return _stream(seed, measures, start, end, list(regions), gis_per_region)


def _stream(
    seed: int,
    measures: int,
    start: date,
    end: date,
    regions: list[str],
    gis_per_region: Mapping[str, Sequence[str]] | None,
) -> Iterator[dict]:
    rng = Random(seed)
    sites = draw_sites(rng, regions, gis_per_region)
    region_weights = {region: rng.uniform(0.5, 1.5) for region in regions}
    site_weights = _cumulative(
        region_weights[site.region]
        / sum(1 for other in sites if other.region == site.region)
        * rng.uniform(0.6, 1.4)
        for site in sites
    )
    number = 0
    for day, count in daily_counts(rng, measures, start, end):
        for _ in range(count):
            number += 1
            site = _weighted(rng, site_weights, sites)
            yield from _case_events(rng, f"c-{seed}-{number}", site, day, end)


# --- Writing --------------------------------------------------------------------------------------

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_BATCH = 2_000


def write_jsonl(events: Iterable[Mapping[str, object]], path_or_file: str | Path | IO[str]) -> int:
    """Write events as JSON Lines to a path (UTF-8, ``\\n`` line ends; ``"-"`` is standard
    output) or an open text file, and return the number of lines written."""
    if isinstance(path_or_file, str) and path_or_file == "-":
        return write_jsonl(events, sys.stdout)
    if isinstance(path_or_file, str | Path):
        with open(path_or_file, "w", encoding="utf-8", newline="\n") as handle:
            return write_jsonl(events, handle)
    written = 0
    batch: list[str] = []
    for event in events:
        batch.append(_ENCODE(event))
        if len(batch) == _BATCH:
            path_or_file.write("\n".join(batch) + "\n")
            written += len(batch)
            batch.clear()
    if batch:
        path_or_file.write("\n".join(batch) + "\n")
        written += len(batch)
    return written
