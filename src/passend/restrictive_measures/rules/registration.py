"""The interchange format for restrictive-measure registrations (DOMAIN §9), parsed strictly.

One registration per line of JSON Lines. The parser is the single way in, for the command line
and for the database import alike: it checks every line and returns *every* problem with its line
number (unknown or repeated fields, wrong types, unknown codes, malformed dates, an end before the
start, missing required fields, a repeated ``id``), so an importer can report them all at once
and import nothing from a file with errors.

``kind`` is the exception to "unknown codes": any well-formed code is read, because a measure
outside the law's list happened and must be flagged by the legality check (6.3.1.1 lid 3), not
refused as bad input (:func:`~.kinds.kind_of`). A malformed code is still an input error.

Two optional fields extend DOMAIN §9 for the advice of 6.3.1.5: ``phase_out_by`` (the term in
the help plan by which the measure is to be phased out, 6.2.10 lid 1 d; a date-time or a date)
and ``independent_advice`` (advice on phasing out was asked from an independent expert).

A field that does not apply is ``null`` or absent; both parse to ``None``. Blank lines are
skipped. Date-times are ISO 8601 with at least hours and minutes (``2026-03-02T14:30``) and an
optional UTC offset; without an offset they are Dutch wall-clock time
(:data:`~.parameters.LOCAL_TIME`).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from .kinds import KIND_CODE_MAX_LENGTH, MeasureKind, kind_of, well_formed
from .parameters import LOCAL_TIME


class Setting(StrEnum):
    """Where the measure was applied (DOMAIN §9 ``setting``)."""

    OPEN = "open"
    GESLOTEN = "gesloten"
    """A closed accommodation registered under 6.2.1 (JeugdzorgPlus)."""
    WZD = "wzd"
    WVGGZ = "wvggz"


class Authorisation(StrEnum):
    """The youth's closed-care authorisation (6.1.2, 6.1.3, 6.1.4), or none."""

    MACHTIGING = "machtiging"
    SPOEDMACHTIGING = "spoedmachtiging"
    VOORWAARDELIJKE_MACHTIGING = "voorwaardelijke_machtiging"
    GEEN = "geen"


@dataclass(frozen=True)
class Registration:
    """One application of a freedom-restricting measure, as registered by the provider.

    Field meanings are those of DOMAIN §9. ``None`` means not recorded or not applicable;
    ``alternatives_considered`` is ``()`` when the source recorded an empty list.
    """

    id: str
    kind: str
    setting: Setting
    start: datetime
    end: datetime | None = None
    youth: str | None = None
    birth_date: date | None = None
    location: str | None = None
    authorisation: Authorisation | None = None
    emergency: bool | None = None
    in_help_plan: bool | None = None
    generic: bool | None = None
    alternatives_considered: tuple[str, ...] | None = None
    proportionality: str | None = None
    expected_effective: str | None = None
    motivation: str | None = None
    decided_by: str | None = None
    youth_informed_duration: bool | None = None
    copy_to_youth: bool | None = None
    complaint_rights_informed: bool | None = None
    behavioural_scientist_consent: bool | None = None
    behavioural_scientist_extension: bool | None = None
    safe_room_compliant: bool | None = None
    grounded_suspicion: bool | None = None
    youth_present: bool | None = None
    gi_or_parents_informed: bool | None = None
    location_registered: bool | None = None
    legal_basis: str | None = None
    phase_out_by: datetime | date | None = None
    """Extension of §9: the help plan's term for phasing the measure out (6.2.10 lid 1 d)."""
    independent_advice: bool | None = None
    """Extension of §9: advice on phasing out asked from an independent expert (6.3.1.5 lid 1)."""

    @property
    def measure_kind(self) -> MeasureKind:
        """The kind of §8, or an unlisted (prohibited) kind for a code outside it."""
        return kind_of(self.kind)


REQUIRED_FIELDS: tuple[str, ...] = ("id", "kind", "setting", "start")
FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in fields(Registration))


class InvalidValue(ValueError):
    """One field's value cannot be read; the message says which field and why."""


class InvalidRegistration(ValueError):
    """A record breaks the format; :attr:`problems` lists every problem found."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class LineError:
    """A problem on one line of a registrations file (lines count from 1)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ParsedFile:
    """The registrations of a file, in file order, and every problem found in it."""

    registrations: tuple[Registration, ...]
    errors: tuple[LineError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def _shown(value: object) -> str:
    """A value as it appeared in the JSON, shortened for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise InvalidValue(f"field '{name}' must be a string, not {_shown(value)}")
    return value


def _reference(name: str, value: object) -> str:
    text = _text(name, value)
    if not text.strip():
        raise InvalidValue(f"field '{name}' must not be empty")
    return text


def _boolean(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(f"field '{name}' must be true, false or null, not {_shown(value)}")
    return value


def _text_list(name: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidValue(f"field '{name}' must be a list of strings, not {_shown(value)}")
    return tuple(value)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?",
)


def _date(name: str, value: object) -> date:
    text = _text(name, value)
    try:
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise InvalidValue(f"field '{name}' must be an ISO date like 2012-05-31, not {_shown(text)}")


def parse_date_time(text: str) -> datetime:
    """An ISO 8601 date-time with at least hours and minutes; raises ``ValueError`` if not."""
    if not ISO_DATE_TIME.fullmatch(text):
        raise ValueError(f"not an ISO date-time like 2026-03-02T14:30: {text!r}")
    return datetime.fromisoformat(text)


def _date_time(name: str, value: object) -> datetime:
    text = _text(name, value)
    try:
        return parse_date_time(text)
    except ValueError:
        raise InvalidValue(
            f"field '{name}' must be an ISO date-time like 2026-03-02T14:30, not {_shown(text)}"
        ) from None


def _date_or_date_time(name: str, value: object) -> date | datetime:
    """An ISO date (``2026-03-31``) or date-time (``2026-03-31T17:00``), each kept as given."""
    text = _text(name, value)
    try:
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        return parse_date_time(text)
    except ValueError:
        raise InvalidValue(
            f"field '{name}' must be an ISO date-time like 2026-03-02T14:30 or a date like "
            f"2026-03-31, not {_shown(text)}"
        ) from None


def _kind(name: str, value: object) -> str:
    """Any well-formed kind code: one outside §8 is read, and flagged by the legality check."""
    text = _text(name, value)
    if not well_formed(text):
        raise InvalidValue(
            f"field '{name}' must be a kind code of lower-case letters, digits and underscores, "
            f"starting with a letter, at most {KIND_CODE_MAX_LENGTH} characters, not {_shown(text)}"
        )
    return text


def _code(vocabulary: Iterable[str], what: str) -> Callable[[str, object], str]:
    codes = tuple(vocabulary)

    def read(name: str, value: object) -> str:
        text = _text(name, value)
        if text not in codes:
            expected = ", ".join(codes)
            raise InvalidValue(f"unknown {what} {_shown(text)}; expected one of: {expected}")
        return text

    return read


PARSERS: dict[str, Callable[[str, Any], object]] = {
    "id": _reference,
    "kind": _kind,
    "setting": _code(Setting, "setting"),
    "start": _date_time,
    "end": _date_time,
    "youth": _text,
    "birth_date": _date,
    "location": _text,
    "authorisation": _code(Authorisation, "authorisation"),
    "emergency": _boolean,
    "in_help_plan": _boolean,
    "generic": _boolean,
    "alternatives_considered": _text_list,
    "proportionality": _text,
    "expected_effective": _text,
    "motivation": _text,
    "decided_by": _text,
    "youth_informed_duration": _boolean,
    "copy_to_youth": _boolean,
    "complaint_rights_informed": _boolean,
    "behavioural_scientist_consent": _boolean,
    "behavioural_scientist_extension": _boolean,
    "safe_room_compliant": _boolean,
    "grounded_suspicion": _boolean,
    "youth_present": _boolean,
    "gi_or_parents_informed": _boolean,
    "location_registered": _boolean,
    "legal_basis": _text,
    "phase_out_by": _date_or_date_time,
    "independent_advice": _boolean,
}
"""Field → the function that reads its (non-null) JSON value; one per field, in field order."""


def _unknown_field(name: str) -> str:
    close = difflib.get_close_matches(name, FIELD_NAMES, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown field {_shown(name)}{hint}"


def _order_problems(values: Mapping[str, Any]) -> list[str]:
    """The end must not be before the start, nor the start before the youth's birth."""
    problems = []
    start, end, birth_date = values.get("start"), values.get("end"), values.get("birth_date")
    if start and end and instant(end) < instant(start):
        problems.append(f"end {end.isoformat()} is before start {start.isoformat()}")
    if start and birth_date and instant(start).astimezone(LOCAL_TIME).date() < birth_date:
        problems.append(f"start {start.isoformat()} is before birth_date {birth_date.isoformat()}")
    return problems


def instant(moment: datetime) -> datetime:
    """A date-time as an instant in UTC; without an offset it is Dutch wall-clock time.

    Converting to UTC makes subtraction give elapsed time: Python subtracts two date-times of the
    same zone by their wall clocks, which would ignore the clock changes.
    """
    local = moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TIME)
    return local.astimezone(UTC)


def term_end(term: date | datetime) -> datetime:
    """The instant (UTC) a term runs out: a date-time as given; a date at the end of that Dutch
    calendar day, the midnight that starts the next ("by 31 March" includes 31 March)."""
    if isinstance(term, datetime):
        return instant(term)
    following = term + timedelta(days=1)
    return instant(datetime(following.year, following.month, following.day))


def parse_record(record: object) -> Registration:
    """One registration from a decoded JSON value; raises :class:`InvalidRegistration`.

    Every problem in the record is collected before raising, in field order.
    """
    if not isinstance(record, dict):
        raise InvalidRegistration([f"expected a JSON object, not {_shown(record)}"])
    problems = [_unknown_field(name) for name in record if name not in PARSERS]
    values: dict[str, Any] = {}
    for name, read in PARSERS.items():
        value = record.get(name)
        if value is None:
            if name in REQUIRED_FIELDS:
                problems.append(f"missing required field '{name}'")
            continue
        try:
            values[name] = read(name, value)
        except InvalidValue as problem:
            problems.append(str(problem))
    problems += _order_problems(values)
    if problems:
        raise InvalidRegistration(problems)
    values["setting"] = Setting(values["setting"])
    if "authorisation" in values:
        values["authorisation"] = Authorisation(values["authorisation"])
    return Registration(**values)


def _object_without_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name, value in pairs:
        if name in record:
            raise ValueError(f"field {_shown(name)} appears more than once")
        record[name] = value
    return record


def parse_line(text: str) -> Registration:
    """One registration from one line of JSON; raises :class:`InvalidRegistration`."""
    try:
        record = json.loads(text, object_pairs_hook=_object_without_repeats)
    except ValueError as problem:
        raise InvalidRegistration([f"invalid JSON: {problem}"]) from None
    return parse_record(record)


def parse_lines(lines: Iterable[str]) -> ParsedFile:
    """Every registration of a JSON Lines file, and every problem, with its line number.

    A registration reference (``id``) may appear only once in a file.
    """
    registrations: list[Registration] = []
    errors: list[LineError] = []
    first_line_of: dict[str, int] = {}
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            registration = parse_line(text)
        except InvalidRegistration as invalid:
            errors += [LineError(number, problem) for problem in invalid.problems]
            continue
        if registration.id in first_line_of:
            first = first_line_of[registration.id]
            errors.append(LineError(number, f"id {_shown(registration.id)} repeats line {first}"))
            continue
        first_line_of[registration.id] = number
        registrations.append(registration)
    return ParsedFile(tuple(registrations), tuple(errors))
