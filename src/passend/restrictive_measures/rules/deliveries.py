"""The deliveries of registered measures: the half-year overview and the six-monthly youth report.

- :class:`HalfYear` — the period of a delivery, its due date and the reminder state.
- :func:`overview` — the digital overview for the inspectorate (Youth Act 6.7.3 lid 2), one row
  per registration with its legality verdict, in one uniform format: :func:`to_json` /
  :func:`from_json` (documented by the JSON Schema :func:`schema`) and :func:`to_csv` /
  :func:`from_csv`. Both readers are strict and round-trip the writers exactly.
- :func:`youth_report` — the six-monthly report per youth to the GI, the parents or the foster
  parents (6.7.1 lid 3), withheld without the consent of a youth aged 16 or older (6.7.2 lid 3).

A registration belongs to a period when it was applied in it (:func:`applied_in`): it started in
the period, or started before and had not ended when the period began. A measure running across
the boundary therefore appears in both half years, as the inspectorate must see it in both.

Pure: plain data in, plain data out; the shell fetches the registrations, computes or loads the
verdicts (:func:`verdicts`) and passes the clock (``generated_at``, ``today``, ``report_date``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from passend.law import JEUGDWET, Citation

from .kinds import in_law_order, kind_of, well_formed
from .legality import Measure, Verdict, age_on, check
from .parameters import INFORMING_CONSENT_AGE, LOCAL_TIME
from .registration import Authorisation, Registration, Setting, instant

OVERVIEW_DUTY = Citation(JEUGDWET, "6.7.3", "2")
"""The provider gives the supervisors a digital overview at least once every six months."""

OVERVIEW_DATA = Citation(JEUGDWET, "6.7.3", "1")
"""The data kept digitally: name and BSN (a), decisions (b), start and end dates (c), leave (d)."""

YOUTH_REPORT_DUTY = Citation(JEUGDWET, "6.7.1", "3")
"""Once every six months a report per youth to the GI, or the parents, or the foster parents."""

CONSENT_FROM_SIXTEEN = INFORMING_CONSENT_AGE.source
"""6.7.2 lid 3: from 16 the youth's consent comes before informing the parents, foster parents or
the GI, unless it is information the GI needs to carry out the supervision order (OTS)."""

DELIVERY_TERM = timedelta(weeks=6)
"""The overview of a half year is due six weeks after the first day after it.

Source: IGJ, *Voortgang gesloten jeugdhulp* (Sept 2024, ``seeds/001``): "De inspectie verwacht
de tweede aanlevering van 2024 … uiterlijk zes weken na 1 januari 2025", i.e. 12 February for the
second half year and, by the same arrangement, 12 August for the first. This is an arrangement of
the inspectorate, not a statutory term: the law only asks for an overview at least every six
months (6.7.3 lid 2), so the Algemene termijnenwet does not move a due date off a weekend.
"""

REMINDER_WINDOW = timedelta(days=14)
"""Passend's choice, not law: a delivery is "due soon" in the last 14 days up to its due date."""

OVERVIEW_FORMAT = "passend-vbm-half-year-overview"
OVERVIEW_VERSION = 1
SCHEMA_RESOURCE = ("passend.restrictive_measures.schema", "half-year-overview.schema.json")


# --- The half year -----------------------------------------------------------------------------


class DeliveryState(StrEnum):
    """Where a half year's delivery stands on a given day."""

    OPEN = "open"
    """The half year has not ended: there is nothing to deliver yet."""
    NOT_DUE = "not_due"
    DUE_SOON = "due_soon"
    """Within :data:`REMINDER_WINDOW` of the due date, the due date included."""
    OVERDUE = "overdue"
    DELIVERED = "delivered"
    DELIVERED_LATE = "delivered_late"


HALF_YEAR_LABEL = re.compile(r"([0-9]{4})-H([12])")


@dataclass(frozen=True, order=True)
class HalfYear:
    """The first (1 Jan–30 Jun) or second (1 Jul–31 Dec) half of a calendar year."""

    year: int
    half: int

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise ValueError(f"half must be 1 or 2, not {self.half!r}")
        if not MINYEAR <= self.year < MAXYEAR:
            raise ValueError(f"year out of range: {self.year!r}")

    @classmethod
    def of(cls, day: date) -> HalfYear:
        """The half year ``day`` falls in (30 June is in the first, 1 July in the second)."""
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def parse(cls, label: str) -> HalfYear:
        """The half year of a label like ``2026-H1``; raises ``ValueError`` otherwise."""
        match = HALF_YEAR_LABEL.fullmatch(label)
        if not match:
            raise ValueError(f"not a half year like 2026-H1: {label!r}")
        return cls(int(match[1]), int(match[2]))

    @property
    def label(self) -> str:
        return f"{self.year:04d}-H{self.half}"

    def __str__(self) -> str:
        return self.label

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> date:
        """The last day of the half year, inclusive: 30 June or 31 December."""
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def due_date(self) -> date:
        """The last day on which the overview is delivered on time (:data:`DELIVERY_TERM`)."""
        return self.end + timedelta(days=1) + DELIVERY_TERM

    @property
    def previous(self) -> HalfYear:
        return HalfYear(self.year, 1) if self.half == 2 else HalfYear(self.year - 1, 2)

    @property
    def next(self) -> HalfYear:
        return HalfYear(self.year, 2) if self.half == 1 else HalfYear(self.year + 1, 1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def days_until_due(self, today: date) -> int:
        """Days from ``today`` to the due date: 0 on the due date, negative once overdue."""
        return (self.due_date - today).days

    def reminder_state(self, today: date, delivered_on: date | None = None) -> DeliveryState:
        """Where the delivery stands on ``today``; once delivered, whether it was on time.

        Open until the half year has ended; then not due, due soon (the last
        :data:`REMINDER_WINDOW` up to and including the due date) and overdue after it.
        """
        if delivered_on is not None:
            late = delivered_on > self.due_date
            return DeliveryState.DELIVERED_LATE if late else DeliveryState.DELIVERED
        if today <= self.end:
            return DeliveryState.OPEN
        left = self.days_until_due(today)
        if left < 0:
            return DeliveryState.OVERDUE
        if left <= REMINDER_WINDOW.days:
            return DeliveryState.DUE_SOON
        return DeliveryState.NOT_DUE


def local_time(moment: datetime) -> datetime:
    """A date-time as Dutch local time with its offset (naive input is Dutch wall-clock time)."""
    return instant(moment).astimezone(LOCAL_TIME)


def _midnight(day: date) -> datetime:
    return instant(datetime(day.year, day.month, day.day))


def applied_in(registration: Registration, first_day: date, last_day: date) -> bool:
    """A registration is applied in the days ``first_day``–``last_day`` (Dutch calendar, inclusive)
    if, and only if, it started in them, or started before them and had not ended when they began.

    A running measure (no end) that started before the period counts; a measure that ended exactly
    at the midnight starting the period belongs to the earlier period only.
    """
    begin, stop = _midnight(first_day), _midnight(last_day + timedelta(days=1))
    start = instant(registration.start)
    if start >= stop:
        return False
    if start >= begin:
        return True
    return registration.end is None or instant(registration.end) > begin


def verdicts(
    registrations: Iterable[Registration], as_of: datetime | None = None
) -> dict[str, Verdict]:
    """The legality verdict of each registration by id; running measures judged as of ``as_of``."""
    return {registration.id: check(registration, as_of) for registration in registrations}


def _verdict(verdicts: Mapping[str, Verdict], registration: Registration) -> Verdict:
    try:
        return verdicts[registration.id]
    except KeyError:
        raise ValueError(f"no legality verdict for registration {registration.id!r}") from None


def _duration_minutes(start: datetime, end: datetime | None) -> int | None:
    """Elapsed whole minutes from start to end (rounded down); ``None`` while running."""
    if end is None:
        return None
    return (instant(end) - instant(start)) // timedelta(minutes=1)


def present(text: str | None) -> str | None:
    """Text, or ``None`` when it is missing or blank (so that CSV and JSON agree)."""
    return text if text is not None and text.strip() else None


# --- The half-year overview (6.7.3) ------------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    """One registration as the inspectorate receives it; the field order is the column order.

    Only the pseudonymous youth reference and the age at the start travel (no name, BSN or birth
    date), and no free text (grounds, motivation, alternatives) that may describe the youth: the
    verdict says whether those were recorded. ``alternatives_considered_count`` counts the
    non-blank alternatives recorded (``None``: no list recorded).
    """

    id: str
    youth: str | None
    age_at_start: int | None
    location: str | None
    setting: Setting
    authorisation: Authorisation | None
    kind: str
    start: datetime
    end: datetime | None
    duration_minutes: int | None
    emergency: bool | None
    in_help_plan: bool | None
    generic: bool | None
    alternatives_considered_count: int | None
    youth_informed_duration: bool | None
    copy_to_youth: bool | None
    complaint_rights_informed: bool | None
    behavioural_scientist_consent: bool | None
    behavioural_scientist_extension: bool | None
    safe_room_compliant: bool | None
    grounded_suspicion: bool | None
    youth_present: bool | None
    gi_or_parents_informed: bool | None
    location_registered: bool | None
    legal_basis: str | None
    lawful: bool
    violation_articles: tuple[str, ...]
    """The article of every violation, in the order of the check (an article may repeat)."""
    warning_count: int


@dataclass(frozen=True)
class KindTotal:
    """The registrations of one kind in the overview."""

    kind: str
    registrations: int
    unlawful: int
    emergency: int


@dataclass(frozen=True)
class HalfYearOverview:
    """The digital overview of one provider's measures in one half year (6.7.3 lid 2)."""

    provider: str
    half_year: HalfYear
    generated_at: datetime
    rows: tuple[OverviewRow, ...]

    @property
    def totals(self) -> tuple[KindTotal, ...]:
        """Per kind of DOMAIN §8, in that order, zeros included, so deliveries compare; then per
        kind outside §8 that occurs (prohibited, 6.3.1.1 lid 3), by code."""
        return tuple(
            KindTotal(
                kind=code,
                registrations=sum(1 for row in self.rows if row.kind == code),
                unlawful=sum(1 for row in self.rows if row.kind == code and not row.lawful),
                emergency=sum(1 for row in self.rows if row.kind == code and row.emergency),
            )
            for code in in_law_order(row.kind for row in self.rows)
        )


def overview_row(registration: Registration, verdict: Verdict) -> OverviewRow:
    """The overview row of one registration and its verdict."""
    if registration.end is not None and instant(registration.end) < instant(registration.start):
        raise ValueError(f"registration {registration.id!r} ends before it starts")
    alternatives = registration.alternatives_considered
    return OverviewRow(
        id=registration.id,
        youth=present(registration.youth),
        age_at_start=Measure(registration).age_at_start,
        location=present(registration.location),
        setting=registration.setting,
        authorisation=registration.authorisation,
        kind=registration.kind,
        start=local_time(registration.start),
        end=None if registration.end is None else local_time(registration.end),
        duration_minutes=_duration_minutes(registration.start, registration.end),
        emergency=registration.emergency,
        in_help_plan=registration.in_help_plan,
        generic=registration.generic,
        alternatives_considered_count=(
            None if alternatives is None else sum(1 for text in alternatives if text.strip())
        ),
        youth_informed_duration=registration.youth_informed_duration,
        copy_to_youth=registration.copy_to_youth,
        complaint_rights_informed=registration.complaint_rights_informed,
        behavioural_scientist_consent=registration.behavioural_scientist_consent,
        behavioural_scientist_extension=registration.behavioural_scientist_extension,
        safe_room_compliant=registration.safe_room_compliant,
        grounded_suspicion=registration.grounded_suspicion,
        youth_present=registration.youth_present,
        gi_or_parents_informed=registration.gi_or_parents_informed,
        location_registered=registration.location_registered,
        legal_basis=present(registration.legal_basis),
        lawful=verdict.lawful,
        violation_articles=tuple(finding.article for finding in verdict.violations),
        warning_count=len(verdict.warnings),
    )


def overview(
    provider: str,
    half_year: HalfYear,
    registrations: Iterable[Registration],
    verdicts: Mapping[str, Verdict],
    *,
    generated_at: datetime,
) -> HalfYearOverview:
    """The overview of the registrations applied in ``half_year`` (see :func:`applied_in`).

    Registrations outside the half year are left out, so the shell may pass all of a provider's
    registrations; ``verdicts`` holds the verdict of each by id (:func:`verdicts`). Rows are in
    order of start, then id. Raises ``ValueError`` for a repeated id, a missing verdict, a blank
    provider or an end before the start. ``generated_at`` without an offset is Dutch time.
    """
    if not provider.strip():
        raise ValueError("provider must not be blank")
    included = [
        registration
        for registration in registrations
        if applied_in(registration, half_year.start, half_year.end)
    ]
    seen: set[str] = set()
    for registration in included:
        if registration.id in seen:
            raise ValueError(f"registration id {registration.id!r} appears more than once")
        seen.add(registration.id)
    included.sort(key=lambda registration: (instant(registration.start), registration.id))
    return HalfYearOverview(
        provider=provider,
        half_year=half_year,
        generated_at=local_time(generated_at),
        rows=tuple(
            overview_row(registration, _verdict(verdicts, registration))
            for registration in included
        ),
    )


# --- Columns: one definition for the JSON and CSV writers and readers --------------------------

ARTICLE = re.compile(r"[0-9]+(\.[0-9]+)*( lid [0-9]+)?( [a-z]+)?|(Wzd|Wvggz) [a-z_]+")
"""An article as the legality check cites it: ``6.3.2.2 lid 1 f``, ``6.3.2.3 a``, ``Wzd …``."""

RFC3339_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})",
)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ARTICLE_SEPARATOR = "; "
CSV_TRUE, CSV_FALSE = "true", "false"
MAX_COUNT_DIGITS = 18
"""Longer numbers in a CSV cell are refused rather than converted (no count comes near)."""


class InvalidValue(ValueError):
    """One value cannot be read; the message says why."""


class InvalidOverview(ValueError):
    """A document breaks the overview format; :attr:`problems` lists every problem found."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _read_text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"must be non-blank text, not {_shown(value)}")
    return value


def _read_count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValue(f"must be a whole number of at least 0, not {_shown(value)}")
    return value


def _read_boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(f"must be true or false, not {_shown(value)}")
    return value


def _read_date_time(value: object) -> datetime:
    if not isinstance(value, str) or not RFC3339_DATE_TIME.fullmatch(value):
        raise InvalidValue(
            f"must be a date-time with seconds and offset like 2026-03-02T14:30:00+01:00, "
            f"not {_shown(value)}"
        )
    try:
        return local_time(datetime.fromisoformat(value))
    except ValueError:
        raise InvalidValue(f"is not a valid date-time: {_shown(value)}") from None


def _read_date(value: object) -> date:
    try:
        if isinstance(value, str) and ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise InvalidValue(f"must be a date like 2026-06-30, not {_shown(value)}")


def _read_half_year(value: object) -> HalfYear:
    if isinstance(value, str):
        try:
            return HalfYear.parse(value)
        except ValueError:
            pass
    raise InvalidValue(f"must be a half year like 2026-H1, not {_shown(value)}")


def _read_code(codes: Iterable[str], make: Callable[[str], Any] = str) -> Callable[[object], Any]:
    codes = tuple(codes)

    def read(value: object) -> Any:
        if value not in codes:
            raise InvalidValue(f"unknown code {_shown(value)}; expected one of: {', '.join(codes)}")
        return make(value)

    return read


def _read_kind(value: object) -> str:
    """A kind code: one of DOMAIN §8, or a well-formed code outside it (an unlisted kind)."""
    if not isinstance(value, str) or not well_formed(value):
        raise InvalidValue(
            f"must be a kind code of DOMAIN §8 or another code of lower-case letters, digits and "
            f"underscores, not {_shown(value)}"
        )
    return value


def _read_articles(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(
        isinstance(item, str) and ARTICLE.fullmatch(item) for item in value
    ):
        raise InvalidValue(f'must be a list of articles like "6.3.2.2 lid 3", not {_shown(value)}')
    return tuple(value)


@dataclass(frozen=True)
class Column:
    """How one field is written and read, in JSON and in a CSV cell."""

    read: Callable[[object], Any]
    """Reads a non-null JSON value; raises :class:`InvalidValue`."""
    nullable: bool = True
    cell_type: str = "text"
    """How a CSV cell holds the JSON value: ``text``, ``count``, ``boolean`` or ``articles``."""

    def to_json(self, value: Any) -> Any:
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, tuple):
            return list(value)
        return value

    def from_json(self, value: object) -> Any:
        if value is None:
            if not self.nullable:
                raise InvalidValue("must not be null")
            return None
        return self.read(value)

    def to_cell(self, value: Any) -> str:
        if value is None:
            return ""
        if self.cell_type == "boolean":
            return CSV_TRUE if value else CSV_FALSE
        if self.cell_type == "articles":
            return ARTICLE_SEPARATOR.join(value)
        return str(self.to_json(value))

    def from_cell(self, cell: str) -> Any:
        if self.cell_type == "articles":
            return self.read(cell.split(ARTICLE_SEPARATOR) if cell else [])
        if cell == "":
            return self.from_json(None)
        if self.cell_type == "boolean":
            if cell not in (CSV_TRUE, CSV_FALSE):
                raise InvalidValue(f"must be true, false or empty, not {_shown(cell)}")
            return cell == CSV_TRUE
        if self.cell_type == "count":
            if not (cell.isascii() and cell.isdigit() and len(cell) <= MAX_COUNT_DIGITS):
                raise InvalidValue(f"must be a whole number of at least 0, not {_shown(cell)}")
            return self.read(int(cell))
        return self.read(cell)


_TEXT = Column(_read_text)
_COUNT = Column(_read_count, cell_type="count")
_BOOLEAN = Column(_read_boolean, cell_type="boolean")

ROW_COLUMNS: dict[str, Column] = {
    "id": Column(_read_text, nullable=False),
    "youth": _TEXT,
    "age_at_start": _COUNT,
    "location": _TEXT,
    "setting": Column(_read_code(Setting, Setting), nullable=False),
    "authorisation": Column(_read_code(Authorisation, Authorisation)),
    "kind": Column(_read_kind, nullable=False),
    "start": Column(_read_date_time, nullable=False),
    "end": Column(_read_date_time),
    "duration_minutes": _COUNT,
    "emergency": _BOOLEAN,
    "in_help_plan": _BOOLEAN,
    "generic": _BOOLEAN,
    "alternatives_considered_count": _COUNT,
    "youth_informed_duration": _BOOLEAN,
    "copy_to_youth": _BOOLEAN,
    "complaint_rights_informed": _BOOLEAN,
    "behavioural_scientist_consent": _BOOLEAN,
    "behavioural_scientist_extension": _BOOLEAN,
    "safe_room_compliant": _BOOLEAN,
    "grounded_suspicion": _BOOLEAN,
    "youth_present": _BOOLEAN,
    "gi_or_parents_informed": _BOOLEAN,
    "location_registered": _BOOLEAN,
    "legal_basis": _TEXT,
    "lawful": Column(_read_boolean, nullable=False, cell_type="boolean"),
    "violation_articles": Column(_read_articles, nullable=False, cell_type="articles"),
    "warning_count": Column(_read_count, nullable=False, cell_type="count"),
}
"""The fields of a row, in :class:`OverviewRow` order: the JSON keys and the CSV columns."""

CSV_PERIOD_CELLS: dict[str, Column] = {
    "provider": Column(_read_text, nullable=False),
    "half_year": Column(_read_half_year, nullable=False),
    "generated_at": Column(_read_date_time, nullable=False),
}
CSV_PERIOD_COLUMNS: tuple[str, ...] = tuple(CSV_PERIOD_CELLS)
CSV_COLUMNS: tuple[str, ...] = CSV_PERIOD_COLUMNS + tuple(ROW_COLUMNS)
"""The CSV header, exactly: the overview's provider, half year and time on every row, then the
fields of the row."""


def _row_problems(row: OverviewRow) -> list[str]:
    """What the derived fields of a row contradict (checked on reading)."""
    problems = []
    if row.end is not None and instant(row.end) < instant(row.start):
        problems.append("end is before start")
    elif row.duration_minutes != _duration_minutes(row.start, row.end):
        expected = _duration_minutes(row.start, row.end)
        problems.append(
            f"duration_minutes must be {_shown(expected)} (whole minutes from start to end)"
        )
    if row.lawful == bool(row.violation_articles):
        problems.append("lawful must be true if, and only if, violation_articles is empty")
    return problems


def _read_row(values: Mapping[str, Any], where: str, problems: list[str]) -> OverviewRow | None:
    """A row from values already read per column; adds its consistency problems."""
    row = OverviewRow(**values)
    found = _row_problems(row)
    problems += [f"{where}: {problem}" for problem in found]
    return None if found else row


def _check_ids(rows: Iterable[OverviewRow], where: Callable[[int], str]) -> list[str]:
    problems, seen = [], set()
    for index, row in enumerate(rows):
        if row.id in seen:
            problems.append(f"{where(index)}: id {_shown(row.id)} appears more than once")
        seen.add(row.id)
    return problems


# --- JSON ----------------------------------------------------------------------------------------


def to_document(overview: HalfYearOverview) -> dict[str, Any]:
    """The overview as the JSON value that :func:`schema` describes."""
    half_year = overview.half_year
    return {
        "format": OVERVIEW_FORMAT,
        "version": OVERVIEW_VERSION,
        "provider": overview.provider,
        "period": {
            "half_year": half_year.label,
            "start": half_year.start.isoformat(),
            "end": half_year.end.isoformat(),
            "due_date": half_year.due_date.isoformat(),
        },
        "generated_at": overview.generated_at.isoformat(),
        "registrations": [
            {name: column.to_json(getattr(row, name)) for name, column in ROW_COLUMNS.items()}
            for row in overview.rows
        ],
        "totals": [
            {
                "kind": total.kind,
                "registrations": total.registrations,
                "unlawful": total.unlawful,
                "emergency": total.emergency,
            }
            for total in overview.totals
        ],
    }


def to_json(overview: HalfYearOverview) -> str:
    """The overview as a JSON document (UTF-8 text, indented, keys in documented order)."""
    return json.dumps(to_document(overview), ensure_ascii=False, indent=2) + "\n"


def _object(value: object, keys: Iterable[str], where: str, problems: list[str]) -> dict | None:
    """``value`` if it is an object with exactly ``keys``; otherwise the problems, and ``None``."""
    if not isinstance(value, dict):
        problems.append(f"{where}: must be an object, not {_shown(value)}")
        return None
    expected = tuple(keys)
    unknown = [key for key in value if key not in expected]
    missing = [key for key in expected if key not in value]
    problems += [f"{where}: unknown field {_shown(key)}" for key in unknown]
    problems += [f"{where}: missing field {_shown(key)}" for key in missing]
    return None if unknown or missing else value


def _field(
    record: Mapping[str, Any],
    name: str,
    read: Callable[[object], Any],
    where: str,
    problems: list[str],
) -> Any:
    try:
        return read(record[name])
    except InvalidValue as problem:
        problems.append(f"{where}.{name}: {problem}")
        return None


DOCUMENT_KEYS = (
    "format",
    "version",
    "provider",
    "period",
    "generated_at",
    "registrations",
    "totals",
)
PERIOD_KEYS = ("half_year", "start", "end", "due_date")


def _read_constant(expected: object) -> Callable[[object], object]:
    def read(value: object) -> object:
        if value != expected or type(value) is not type(expected):
            raise InvalidValue(f"must be {_shown(expected)}, not {_shown(value)}")
        return value

    return read


def _read_period(value: object, problems: list[str]) -> HalfYear | None:
    period = _object(value, PERIOD_KEYS, "period", problems)
    if period is None:
        return None
    half_year = _field(period, "half_year", _read_half_year, "period", problems)
    if half_year is None:
        return None
    for name, expected in (
        ("start", half_year.start),
        ("end", half_year.end),
        ("due_date", half_year.due_date),
    ):
        day = _field(period, name, _read_date, "period", problems)
        if day is not None and day != expected:
            problems.append(f"period.{name}: must be {expected.isoformat()} for {half_year}")
    return half_year


def _read_json_row(value: object, where: str, problems: list[str]) -> OverviewRow | None:
    record = _object(value, ROW_COLUMNS, where, problems)
    if record is None:
        return None
    before = len(problems)
    values = {
        name: _field(record, name, column.from_json, where, problems)
        for name, column in ROW_COLUMNS.items()
    }
    if len(problems) > before:
        return None
    return _read_row(values, where, problems)


def _read_totals(value: object, overview: HalfYearOverview | None, problems: list[str]) -> None:
    """The totals must be those of the rows: they are written for readers, never trusted."""
    if overview is None:
        return
    expected = to_document(overview)["totals"]
    if json.dumps(value, sort_keys=True) != json.dumps(expected, sort_keys=True):
        problems.append(
            "totals: must be the totals per kind of the registrations, in §8 order, then any "
            "unlisted kinds by code"
        )


def from_document(document: object) -> HalfYearOverview:
    """The overview from a decoded JSON value; raises :class:`InvalidOverview` with all problems."""
    problems: list[str] = []
    record = _object(document, DOCUMENT_KEYS, "document", problems)
    if record is None:
        raise InvalidOverview(problems)
    _field(record, "format", _read_constant(OVERVIEW_FORMAT), "document", problems)
    _field(record, "version", _read_constant(OVERVIEW_VERSION), "document", problems)
    provider = _field(record, "provider", _read_text, "document", problems)
    generated_at = _field(record, "generated_at", _read_date_time, "document", problems)
    half_year = _read_period(record["period"], problems)
    raw_rows = record["registrations"]
    rows: list[OverviewRow | None] = []
    if isinstance(raw_rows, list):
        rows = [
            _read_json_row(item, f"registrations[{index}]", problems)
            for index, item in enumerate(raw_rows)
        ]
    else:
        problems.append(f"registrations: must be a list, not {_shown(raw_rows)}")
    complete = [row for row in rows if row is not None]
    problems += _check_ids(complete, lambda index: f"registrations[{index}]")
    overview = None
    if not problems:
        overview = HalfYearOverview(provider, half_year, generated_at, tuple(complete))
    _read_totals(record["totals"], overview, problems)
    if problems:
        raise InvalidOverview(problems)
    assert overview is not None
    return overview


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name, value in pairs:
        if name in record:
            raise ValueError(f"field {_shown(name)} appears more than once")
        record[name] = value
    return record


def from_json(text: str) -> HalfYearOverview:
    """The overview from a JSON document; raises :class:`InvalidOverview`.

    As strict as the schema (no unknown or missing fields, codes, formats) and more: the period's
    dates, each row's duration and ``lawful``, unique ids and the totals must be consistent.
    """
    try:
        document = json.loads(text, object_pairs_hook=_object_without_repeats)
    except ValueError as problem:
        raise InvalidOverview([f"invalid JSON: {problem}"]) from None
    return from_document(document)


@cache
def _schema_text() -> str:
    package, name = SCHEMA_RESOURCE
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :func:`to_json` documents: the published format."""
    return json.loads(_schema_text())


# --- CSV -----------------------------------------------------------------------------------------


def to_csv(overview: HalfYearOverview) -> str:
    """The overview as CSV (RFC 4180: comma, ``"`` quoting, CRLF), header :data:`CSV_COLUMNS`.

    One row per registration; an overview without registrations has one row with only the
    provider, half year and time filled in, so a "nothing to report" delivery still says whose
    and which it is. Empty cell: null; booleans ``true``/``false``; violation articles joined by
    ``"; "``. The totals are not written: they follow from the rows.
    """
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    period = [overview.provider, overview.half_year.label, overview.generated_at.isoformat()]
    for row in overview.rows:
        cells = [column.to_cell(getattr(row, name)) for name, column in ROW_COLUMNS.items()]
        writer.writerow(period + cells)
    if not overview.rows:
        writer.writerow(period + [""] * len(ROW_COLUMNS))
    return output.getvalue()


def _cell(column: Column, cell: str, where: str, problems: list[str]) -> Any:
    try:
        return column.from_cell(cell)
    except InvalidValue as problem:
        problems.append(f"{where}: {problem}")
        return None


def from_csv(text: str) -> HalfYearOverview:
    """The overview from :func:`to_csv` output; raises :class:`InvalidOverview` (lines from 1).

    The header must be exactly :data:`CSV_COLUMNS`; every row must carry the same provider, half
    year and time; an empty ``id`` marks the single row of an overview without registrations.
    A leading byte-order mark (as spreadsheets write) is ignored.
    """
    try:
        records = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    except csv.Error as problem:
        raise InvalidOverview([f"invalid CSV: {problem}"]) from None
    if not records or tuple(records[0]) != CSV_COLUMNS:
        raise InvalidOverview([f"line 1: the header must be exactly: {','.join(CSV_COLUMNS)}"])
    if len(records) == 1:
        raise InvalidOverview(["no rows: an overview without registrations has one row, id empty"])
    problems: list[str] = []
    for number, record in enumerate(records[1:], start=2):
        if len(record) != len(CSV_COLUMNS):
            problems.append(f"line {number}: expected {len(CSV_COLUMNS)} cells, not {len(record)}")
    if problems:
        raise InvalidOverview(problems)
    split = len(CSV_PERIOD_COLUMNS)
    if len({tuple(record[:split]) for record in records[1:]}) > 1:
        problems.append("provider, half_year and generated_at must be the same on every row")
    period = {
        name: _cell(column, cell, f"line 2, {name}", problems)
        for (name, column), cell in zip(CSV_PERIOD_CELLS.items(), records[1][:split], strict=True)
    }
    rows: list[OverviewRow] = []
    for number, record in enumerate(records[1:], start=2):
        cells = dict(zip(ROW_COLUMNS, record[split:], strict=True))
        if cells["id"] == "":
            if len(records) > 2 or any(cells.values()):
                problems.append(
                    f"line {number}: an empty id marks the only row of an overview without "
                    "registrations, with no other row values"
                )
            continue
        before = len(problems)
        values = {
            name: _cell(column, cells[name], f"line {number}, {name}", problems)
            for name, column in ROW_COLUMNS.items()
        }
        if len(problems) == before and (row := _read_row(values, f"line {number}", problems)):
            rows.append(row)
    problems += _check_ids(rows, lambda index: f"row {index + 1}")
    if problems:
        raise InvalidOverview(problems)
    return HalfYearOverview(**period, rows=tuple(rows))


# --- The six-monthly report per youth (6.7.1 lid 3, 6.7.2 lid 3) --------------------------------


class Recipient(StrEnum):
    """Who receives the report (6.7.1 lid 3)."""

    GI = "gi"
    """The certified institution (GI), when it carries out a child-protection measure."""
    PARENTS = "parents"
    """The parents, when the youth is not under a supervision order."""
    FOSTER_PARENTS = "foster_parents"


class ReportBasis(StrEnum):
    """Why the report may be given (6.7.2 lid 3)."""

    UNDER_SIXTEEN = "under_16"
    CONSENT = "consent"
    NEEDED_FOR_SUPERVISION_ORDER = "needed_for_ots"
    """Information the GI needs to carry out the supervision order (OTS): no consent needed."""


class WithheldReason(StrEnum):
    CONSENT_NOT_RECORDED = "consent_not_recorded"
    CONSENT_REFUSED = "consent_refused"


@dataclass(frozen=True)
class ReportedMeasure:
    """One measure in a youth report."""

    id: str
    kind: str
    article: str
    start: datetime
    end: datetime | None
    duration_minutes: int | None
    emergency: bool | None
    lawful: bool
    violation_articles: tuple[str, ...]


@dataclass(frozen=True)
class KindSummary:
    """The youth's measures of one kind in the half year."""

    kind: str
    article: str
    measures: int
    running: int
    """Measures without an end; their time is not in ``total_minutes``."""
    total_minutes: int
    emergency: int
    unlawful: int


@dataclass(frozen=True)
class YouthReport:
    """The six-monthly report on the measures applied to one youth (6.7.1 lid 3)."""

    youth: str
    half_year: HalfYear
    recipient: Recipient
    report_date: date
    age: int | None
    basis: ReportBasis
    measures: tuple[ReportedMeasure, ...]
    per_kind: tuple[KindSummary, ...]


@dataclass(frozen=True)
class ReportWithheld:
    """The report may not be given: the youth is 16 or older and has not consented."""

    youth: str
    half_year: HalfYear
    recipient: Recipient
    report_date: date
    age: int | None
    reason: WithheldReason
    article: str
    message: str


def report_basis(
    age: int | None,
    recipient: Recipient,
    consent_16plus: bool | None,
    *,
    needed_for_ots: bool = False,
) -> ReportBasis | WithheldReason:
    """May the GI, parents or foster parents be informed? (Youth Act 6.7.2 lid 3.)

    "Ten aanzien van jeugdigen van zestien jaar en ouder is voorafgaand aan het informeren van
    ouders, pleegouders of de gecertificeerde instelling de instemming van de jeugdige vereist,
    tenzij het informatie betreft voor de gecertificeerde instelling die noodzakelijk is voor de
    uitvoering van de ondertoezichtstelling." The age is that on the report date: on the 16th
    birthday consent is needed. An unknown age counts as 16 or older, so a missing birth date
    never discloses without consent. Consent not recorded (``None``) withholds the report just
    as refused consent (``False``) does, with its own reason, so staff know to ask.

    Reading: lid 3 speaks of informing in general; Passend applies it to the six-monthly report
    of 6.7.1 lid 3 as well, since that report informs the same people of the same measures.
    """
    if needed_for_ots and recipient != Recipient.GI:
        raise ValueError("the supervision-order exception of 6.7.2 lid 3 applies only to the GI")
    if age is not None and age < INFORMING_CONSENT_AGE.years:
        return ReportBasis.UNDER_SIXTEEN
    if needed_for_ots:
        return ReportBasis.NEEDED_FOR_SUPERVISION_ORDER
    if consent_16plus is True:
        return ReportBasis.CONSENT
    if consent_16plus is False:
        return WithheldReason.CONSENT_REFUSED
    return WithheldReason.CONSENT_NOT_RECORDED


WITHHELD_MESSAGES = {
    WithheldReason.CONSENT_REFUSED: "The youth is {age} and did not consent to informing the "
    "{recipient}; from age 16 their consent comes first (Youth Act 6.7.2 lid 3).",
    WithheldReason.CONSENT_NOT_RECORDED: "The youth is {age} and their consent to informing the "
    "{recipient} is not recorded; from age 16 ask the youth first (Youth Act 6.7.2 lid 3).",
}

RECIPIENT_WORDS = {
    Recipient.GI: "GI",
    Recipient.PARENTS: "parents",
    Recipient.FOSTER_PARENTS: "foster parents",
}


def _summaries(measures: Iterable[ReportedMeasure]) -> tuple[KindSummary, ...]:
    measures = tuple(measures)
    summaries = []
    for code in in_law_order(measure.kind for measure in measures):
        of_kind = [measure for measure in measures if measure.kind == code]
        if not of_kind:
            continue
        summaries.append(
            KindSummary(
                kind=code,
                article=str(kind_of(code).citation),
                measures=len(of_kind),
                running=sum(1 for measure in of_kind if measure.end is None),
                total_minutes=sum(measure.duration_minutes or 0 for measure in of_kind),
                emergency=sum(1 for measure in of_kind if measure.emergency),
                unlawful=sum(1 for measure in of_kind if not measure.lawful),
            )
        )
    return tuple(summaries)


def youth_report(
    youth: str,
    birth_date: date | None,
    half_year: HalfYear,
    registrations: Iterable[Registration],
    verdicts: Mapping[str, Verdict],
    recipient: Recipient | str,
    consent_16plus: bool | None,
    *,
    report_date: date,
    needed_for_ots: bool = False,
) -> YouthReport | ReportWithheld:
    """The six-monthly report on ``youth``'s measures in ``half_year`` (6.7.1 lid 3), or why not.

    The provider reports once every six months on the measures of §6.3.2 to the GI when it
    carries out a child-protection measure for the youth, to the parents when the youth is not
    under a supervision order, or to the foster parents: the shell picks ``recipient``. From age
    16 on ``report_date`` the youth's consent comes first (:func:`report_basis`, 6.7.2 lid 3).

    The report lists every registration of the youth applied in the half year (including any in
    open care or the own bedroom, which were unlawful but happened), with its kind and article,
    dates, duration, emergency and whether it was lawful; and per kind the totals. A half year
    without measures gives a report without measures: that too is worth telling.
    """
    recipient = Recipient(recipient)
    age = None if birth_date is None else age_on(birth_date, report_date)
    basis = report_basis(age, recipient, consent_16plus, needed_for_ots=needed_for_ots)
    if isinstance(basis, WithheldReason):
        shown_age = "16 or older (birth date unknown)" if age is None else str(age)
        return ReportWithheld(
            youth=youth,
            half_year=half_year,
            recipient=recipient,
            report_date=report_date,
            age=age,
            reason=basis,
            article=str(CONSENT_FROM_SIXTEEN),
            message=WITHHELD_MESSAGES[basis].format(
                age=shown_age, recipient=RECIPIENT_WORDS[recipient]
            ),
        )
    included = sorted(
        (
            registration
            for registration in registrations
            if registration.youth == youth
            and applied_in(registration, half_year.start, half_year.end)
        ),
        key=lambda registration: (instant(registration.start), registration.id),
    )
    measures = []
    for registration in included:
        verdict = _verdict(verdicts, registration)
        measures.append(
            ReportedMeasure(
                id=registration.id,
                kind=registration.kind,
                article=str(registration.measure_kind.citation),
                start=local_time(registration.start),
                end=None if registration.end is None else local_time(registration.end),
                duration_minutes=_duration_minutes(registration.start, registration.end),
                emergency=registration.emergency,
                lawful=verdict.lawful,
                violation_articles=tuple(finding.article for finding in verdict.violations),
            )
        )
    return YouthReport(
        youth=youth,
        half_year=half_year,
        recipient=recipient,
        report_date=report_date,
        age=age,
        basis=basis,
        measures=tuple(measures),
        per_kind=_summaries(measures),
    )
