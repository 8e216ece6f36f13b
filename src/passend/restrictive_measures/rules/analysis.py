"""The yearly analysis of the measures applied in a closed accommodation (Youth Act 6.7.4).

"De jeugdhulpaanbieder verstrekt ten minste jaarlijks aan de ingevolge deze wet met toezicht
belaste ambtenaren een analyse over de vrijheidsbeperkende maatregelen … die in die periode in de
gesloten accommodatie zijn toegepast" (6.7.4 lid 1). No ministerial regulation on its content
(lid 2) is in the reference set, so :func:`yearly_analysis` gives the figures the inspectorate
asked for (DOMAIN §4, report 001): counts per kind and location, durations, the emergency share,
repeated use per youth, lock-ins per location, the trend per month, and every unlawful
registration with its articles. The qualitative part (what the provider learnt, what it changes)
is written by people; these figures are its basis.

Counting, in one place:

- A registration is in the year, a half year or a month when it was *applied* in it
  (:func:`~.deliveries.applied_in`): started in it, or started before and not ended when it began.
  A measure running across a boundary counts in both periods, as in the half-year overviews.
- Durations are elapsed time from start to end, over the whole measure (not cut at the year's
  edge), in hours rounded to 0.01. A measure still running as of ``as_of`` (no end, or an end
  after ``as_of``) is counted but has no duration yet.
- The median is the middle value (the mean of the two middle values for an even count); the 90th
  percentile is the nearest-rank value: the smallest duration with at least 90% at or below it.
- The analysis takes every registration passed, whatever its setting, so unlawful use in open
  care shows; the shell passes one provider's (or one location's) registrations.
- Kinds are in the order of the law (DOMAIN §8), then any kind outside §8 that was registered
  (prohibited, 6.3.1.1 lid 3), by code (:func:`~.kinds.in_law_order`).

Plain dataclasses in a deterministic order; :func:`to_json` is the exportable report.
"""

from __future__ import annotations

import json
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime, timedelta
from typing import Any

from passend.law import JEUGDWET, Citation

from .deliveries import HalfYear, applied_in, local_time, present
from .kinds import KINDS, in_law_order, kind_of
from .legality import Verdict
from .registration import Registration, instant

ANALYSIS_DUTY = Citation(JEUGDWET, "6.7.4", "1")

REPEATED_USE_THRESHOLDS = (2, 5)
"""Passend's choice, not law: youth with at least 2, and at least 5, measures in the year."""

TOP_KINDS = 3
"""How many of a youth's most used kinds the analysis names."""

LOCK_IN_KINDS: tuple[str, ...] = tuple(
    code for code, kind in KINDS.items() if kind.lock_in or kind.prohibited
)
"""``insluiting`` and the prohibited ``insluiting_eigen_kamer``: every lock-in that happened."""


@dataclass(frozen=True)
class Durations:
    """Durations of the measures that had ended as of the analysis, in hours."""

    measured: int
    median_hours: float | None
    p90_hours: float | None
    max_hours: float | None


@dataclass(frozen=True)
class KindCount:
    kind: str
    count: int


@dataclass(frozen=True)
class KindFigures:
    """The year's measures of one kind."""

    kind: str
    article: str
    registrations: int
    running: int
    emergency: int
    emergency_share: float | None
    unlawful: int
    durations: Durations


@dataclass(frozen=True)
class LocationFigures:
    """The year's measures at one location (``None``: location not recorded)."""

    location: str | None
    registrations: int
    emergency: int
    unlawful: int
    per_kind: tuple[KindCount, ...]
    """Kinds used at the location, in §8 order."""


@dataclass(frozen=True)
class YouthUse:
    """A youth with repeated measures: how many, and the kinds used most."""

    youth: str
    registrations: int
    top_kinds: tuple[KindCount, ...]
    """At most :data:`TOP_KINDS`, most used first (ties in §8 order)."""


@dataclass(frozen=True)
class RepeatedUse:
    youth: int
    """Distinct youth with at least one measure (registrations without a youth are not counted)."""
    at_least: tuple[tuple[int, int], ...]
    """(threshold, number of youth with at least that many measures), per threshold."""
    youth_with_repeats: tuple[YouthUse, ...]
    """Every youth with at least the lowest threshold, most measures first, then by reference."""


@dataclass(frozen=True)
class LockIns:
    """Lock-ins at one location: in a separate room and (prohibited) in the own bedroom."""

    location: str | None
    insluiting: int
    insluiting_eigen_kamer: int
    first_half: int
    """Lock-ins applied in the first half year (one across 30 June/1 July counts in both)."""
    second_half: int
    durations: Durations


@dataclass(frozen=True)
class MonthlyTrend:
    """Measures of one kind applied in each month, January first."""

    kind: str
    months: tuple[int, ...]


@dataclass(frozen=True)
class UnlawfulRegistration:
    id: str
    youth: str | None
    location: str | None
    kind: str
    start: datetime
    articles: tuple[str, ...]


@dataclass(frozen=True)
class YearlyAnalysis:
    """The figures of one year's analysis (6.7.4), as of ``as_of``."""

    year: int
    as_of: datetime
    registrations: int
    running: int
    emergency: int
    emergency_share: float | None
    """Share of the registrations with ``emergency`` true (``None`` when there are none)."""
    unlawful: int
    per_kind: tuple[KindFigures, ...]
    """Every kind of §8, in that order, zeros included; then each unlisted kind used, by code."""
    per_location: tuple[LocationFigures, ...]
    """By location reference; not recorded last."""
    repeated_use: RepeatedUse
    lock_ins: tuple[LockIns, ...]
    """Per location with at least one lock-in, in location order."""
    trend: tuple[MonthlyTrend, ...]
    """Per kind with at least one measure in the year, in §8 order (unlisted kinds last)."""
    unlawful_registrations: tuple[UnlawfulRegistration, ...]
    """Every registration found unlawful, by start then id."""


def _hours(duration: timedelta) -> float:
    return duration / timedelta(hours=1)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``share`` of values at or
    below it. ``values`` is sorted and not empty."""
    rank = max(1, math.ceil(share * len(values)))
    return values[rank - 1]


def durations(measured: Iterable[timedelta]) -> Durations:
    """Median, 90th percentile and maximum of the durations, in hours rounded to 0.01."""
    hours = sorted(_hours(duration) for duration in measured)
    if not hours:
        return Durations(0, None, None, None)
    return Durations(
        measured=len(hours),
        median_hours=round(statistics.median(hours), 2),
        p90_hours=round(percentile(hours, 0.9), 2),
        max_hours=round(hours[-1], 2),
    )


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def _location_key(location: str | None) -> tuple[bool, str]:
    return location is None, location or ""


class _Year:
    """The registrations of one year with what the figures derive from them."""

    def __init__(
        self,
        year: int,
        registrations: Iterable[Registration],
        verdicts: Mapping[str, Verdict],
        as_of: datetime,
    ) -> None:
        self.year = year
        self.as_of = instant(as_of)
        self.registrations = sorted(
            (
                registration
                for registration in registrations
                if applied_in(registration, date(year, 1, 1), date(year, 12, 31))
            ),
            key=lambda registration: (instant(registration.start), registration.id),
        )
        missing = [r.id for r in self.registrations if r.id not in verdicts]
        if missing:
            raise ValueError(f"no legality verdict for registration {missing[0]!r}")
        self.verdicts = verdicts

    def running(self, registration: Registration) -> bool:
        end = registration.end
        return end is None or instant(end) > self.as_of

    def duration(self, registration: Registration) -> timedelta | None:
        if self.running(registration):
            return None
        assert registration.end is not None
        return instant(registration.end) - instant(registration.start)

    def durations(self, registrations: Iterable[Registration]) -> Durations:
        measured = (self.duration(registration) for registration in registrations)
        return durations(duration for duration in measured if duration is not None)

    def unlawful(self, registration: Registration) -> bool:
        return not self.verdicts[registration.id].lawful


def _kind_counts(registrations: Iterable[Registration]) -> tuple[KindCount, ...]:
    counts = Counter(registration.kind for registration in registrations)
    return tuple(KindCount(code, counts[code]) for code in in_law_order(counts) if counts[code])


def _kinds(year: _Year) -> tuple[str, ...]:
    return in_law_order(r.kind for r in year.registrations)


def _per_kind(year: _Year) -> tuple[KindFigures, ...]:
    figures = []
    for code in _kinds(year):
        of_kind = [r for r in year.registrations if r.kind == code]
        emergency = sum(1 for r in of_kind if r.emergency)
        figures.append(
            KindFigures(
                kind=code,
                article=str(kind_of(code).citation),
                registrations=len(of_kind),
                running=sum(1 for r in of_kind if year.running(r)),
                emergency=emergency,
                emergency_share=_share(emergency, len(of_kind)),
                unlawful=sum(1 for r in of_kind if year.unlawful(r)),
                durations=year.durations(of_kind),
            )
        )
    return tuple(figures)


def _by_location(registrations: Iterable[Registration]) -> dict[str | None, list[Registration]]:
    groups: dict[str | None, list[Registration]] = {}
    for registration in registrations:
        location = present(registration.location)
        groups.setdefault(location, []).append(registration)
    return {location: groups[location] for location in sorted(groups, key=_location_key)}


def _per_location(year: _Year) -> tuple[LocationFigures, ...]:
    return tuple(
        LocationFigures(
            location=location,
            registrations=len(at_location),
            emergency=sum(1 for r in at_location if r.emergency),
            unlawful=sum(1 for r in at_location if year.unlawful(r)),
            per_kind=_kind_counts(at_location),
        )
        for location, at_location in _by_location(year.registrations).items()
    )


def _repeated_use(year: _Year) -> RepeatedUse:
    per_youth: dict[str, list[Registration]] = {}
    for registration in year.registrations:
        if present(registration.youth):
            per_youth.setdefault(registration.youth, []).append(registration)
    lowest = min(REPEATED_USE_THRESHOLDS)
    repeats = sorted(
        (youth, of_youth) for youth, of_youth in per_youth.items() if len(of_youth) >= lowest
    )
    repeats.sort(key=lambda item: len(item[1]), reverse=True)
    kind_order = {code: index for index, code in enumerate(_kinds(year))}
    return RepeatedUse(
        youth=len(per_youth),
        at_least=tuple(
            (threshold, sum(1 for of_youth in per_youth.values() if len(of_youth) >= threshold))
            for threshold in REPEATED_USE_THRESHOLDS
        ),
        youth_with_repeats=tuple(
            YouthUse(
                youth=youth,
                registrations=len(of_youth),
                top_kinds=tuple(
                    sorted(
                        _kind_counts(of_youth),
                        key=lambda count: (-count.count, kind_order[count.kind]),
                    )[:TOP_KINDS]
                ),
            )
            for youth, of_youth in repeats
        ),
    )


def _lock_ins(year: _Year) -> tuple[LockIns, ...]:
    lock_ins = [r for r in year.registrations if r.kind in LOCK_IN_KINDS]
    halves = HalfYear(year.year, 1), HalfYear(year.year, 2)
    return tuple(
        LockIns(
            location=location,
            insluiting=sum(1 for r in at_location if r.kind == "insluiting"),
            insluiting_eigen_kamer=sum(
                1 for r in at_location if r.kind == "insluiting_eigen_kamer"
            ),
            first_half=sum(1 for r in at_location if applied_in(r, halves[0].start, halves[0].end)),
            second_half=sum(
                1 for r in at_location if applied_in(r, halves[1].start, halves[1].end)
            ),
            durations=year.durations(at_location),
        )
        for location, at_location in _by_location(lock_ins).items()
    )


def _month(year: int, month: int) -> tuple[date, date]:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year, month, 1), following - timedelta(days=1)


def _trend(year: _Year) -> tuple[MonthlyTrend, ...]:
    months = [_month(year.year, month) for month in range(1, 13)]
    trends = []
    for code in _kinds(year):
        of_kind = [r for r in year.registrations if r.kind == code]
        if of_kind:
            counts = tuple(
                sum(1 for r in of_kind if applied_in(r, first, last)) for first, last in months
            )
            trends.append(MonthlyTrend(code, counts))
    return tuple(trends)


def _unlawful(year: _Year) -> tuple[UnlawfulRegistration, ...]:
    return tuple(
        UnlawfulRegistration(
            id=r.id,
            youth=present(r.youth),
            location=present(r.location),
            kind=r.kind,
            start=local_time(r.start),
            articles=tuple(finding.article for finding in year.verdicts[r.id].violations),
        )
        for r in year.registrations
        if year.unlawful(r)
    )


def yearly_analysis(
    year: int,
    registrations: Iterable[Registration],
    verdicts: Mapping[str, Verdict],
    *,
    as_of: datetime,
) -> YearlyAnalysis:
    """The analysis of the measures applied in ``year`` (6.7.4), as of ``as_of``.

    ``registrations`` may hold other years too: only those applied in ``year`` are counted.
    ``verdicts`` holds the legality verdict of each by id, judged as of the same moment
    (:func:`~.deliveries.verdicts`); a missing verdict raises ``ValueError``. ``as_of`` without
    an offset is Dutch time.
    """
    data = _Year(year, registrations, verdicts, as_of)
    emergency = sum(1 for r in data.registrations if r.emergency)
    return YearlyAnalysis(
        year=year,
        as_of=local_time(as_of),
        registrations=len(data.registrations),
        running=sum(1 for r in data.registrations if data.running(r)),
        emergency=emergency,
        emergency_share=_share(emergency, len(data.registrations)),
        unlawful=sum(1 for r in data.registrations if data.unlawful(r)),
        per_kind=_per_kind(data),
        per_location=_per_location(data),
        repeated_use=_repeated_use(data),
        lock_ins=_lock_ins(data),
        trend=_trend(data),
        unlawful_registrations=_unlawful(data),
    )


def to_plain(value: Any) -> Any:
    """A dataclass tree as JSON values: dates ISO 8601, tuples lists, fields in declared order."""
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_plain(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    return value


def to_json(analysis: YearlyAnalysis) -> str:
    """The analysis as an exportable JSON document (the same fields as the dataclasses)."""
    document = {"article": ANALYSIS_DUTY.label, **to_plain(analysis)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
