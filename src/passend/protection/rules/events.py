"""The interchange format for case events (DOMAIN §7): parsed strictly, every error reported.

Case systems of the GIs and providers deliver one event per line in JSON Lines or one per row in
CSV (the same field names as columns; list values separated by ``|``). Each event type is a frozen
dataclass below whose fields *are* the format: a field without a default is required, one with a
default is optional, and its type says how a value is read.

Parsing never stops at the first error. :func:`parse_jsonl` and :func:`parse_csv` return every
event that could be read together with every error, each with its line number; an importer that
works all or nothing refuses the file when there is any error, one that was asked to skip bad lines
keeps :attr:`ParseResult.events`. A file-level check (:func:`check_measures`) adds the events of
cases without a ``measure_pronounced`` event to the errors.
"""

from __future__ import annotations

import csv
import json
import re
import types
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any, ClassVar, get_args, get_origin, get_type_hints


class EventType(StrEnum):
    MEASURE_PRONOUNCED = "measure_pronounced"
    GI_INFORMED = "gi_informed"
    PROTECTOR_ASSIGNED = "protector_assigned"
    COURSE_SET = "course_set"
    DEADLINE_ADVANCED = "deadline_advanced"
    EXPLANATION = "explanation"
    HELP_DECIDED = "help_decided"
    INTAKE = "intake"
    WAITLISTED = "waitlisted"
    HELP_STARTED = "help_started"
    MEASURE_ENDED = "measure_ended"


class Measure(StrEnum):
    OTS = "OTS"
    VOOGDIJ = "voogdij"
    JEUGDRECLASSERING = "jeugdreclassering"


class ProtectorKind(StrEnum):
    VAST = "vast"
    """A permanent protector."""
    INSTROOMTEAM = "instroomteam"
    """A temporary protector from the intake team (recorded only when working with the family)."""
    BUREAUDIENST = "bureaudienst"
    """The duty desk or waiting-list management: never a protector."""


class AssignmentReason(StrEnum):
    START = "start"
    PLANNED = "planned"
    TURNOVER = "turnover"
    SICKNESS = "sickness"
    OTHER = "other"


class Participant(StrEnum):
    PARENTS = "parents"
    YOUTH = "youth"
    NETWORK = "network"
    PROFESSIONALS = "professionals"


class Norm(StrEnum):
    """The norms a deadline can be advanced or an explanation given for."""

    COURSE = "course"
    HELP = "help"


COMMON_FIELDS = ("case", "type", "date")
LIST_SEPARATOR = "|"
EARLIEST_EVENT_DATE = date(1990, 1, 1)
"""Event dates before this are taken for typing errors. A sanity bound, not a legal one: a family
supervision order or a guardianship ends when the child turns 18 and juvenile probation a few
years later at most, so no measure of a child in care today is this old, while a guardianship
pronounced in, say, 2012 and still running must be deliverable. (Working days before 2014 are
counted as :func:`.norms.add_working_days_any_year` says.)"""
LATEST_EVENT_YEAR = 2099
"""Event dates after this year are taken for typing errors."""

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARSER = "parser"
"""Field metadata key: a value reader that replaces the one the field's type implies."""


def read_text(value: object) -> str:
    """A non-blank string."""
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {json.dumps(value)}")
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def read_date(value: object) -> date:
    """An ISO date written ``YYYY-MM-DD``."""
    text = read_text(value)
    if not ISO_DATE.match(text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a valid date") from None


def read_event_date(value: object) -> date:
    """The date of an event: an ISO date from :data:`EARLIEST_EVENT_DATE` to the end of
    :data:`LATEST_EVENT_YEAR`."""
    day = read_date(value)
    if day < EARLIEST_EVENT_DATE:
        raise ValueError(
            f"{day} is before {EARLIEST_EVENT_DATE}: no measure of a child in care today is that "
            "old; is the year mistyped?"
        )
    if day.year > LATEST_EVENT_YEAR:
        raise ValueError(f"{day} lies after the year {LATEST_EVENT_YEAR}; is the year mistyped?")
    return day


def read_boolean(value: object) -> bool:
    """A JSON boolean, or the text ``true`` or ``false`` (the only booleans CSV has)."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(f"{json.dumps(value)} is not true or false")


def read_code(codes: type[StrEnum], value: object) -> StrEnum:
    """One code of a vocabulary."""
    if isinstance(value, str) and value in {code.value for code in codes}:
        return codes(value)
    allowed = ", ".join(codes)
    raise ValueError(f"{json.dumps(value)} is not one of {allowed}")


def read_codes(codes: type[StrEnum], value: object) -> frozenset[StrEnum]:
    """A non-empty list of distinct codes of a vocabulary."""
    if not isinstance(value, list):
        raise ValueError(f"expected a list, got {json.dumps(value)}")
    if not value:
        raise ValueError("must name at least one")
    read = [read_code(codes, item) for item in value]
    if len(set(read)) != len(read):
        raise ValueError("names a value twice")
    return frozenset(read)


@dataclass(frozen=True, kw_only=True)
class CaseEvent:
    """What every event has: the case, the event type and the date it happened."""

    type: ClassVar[EventType]

    case: str
    date: date = field(metadata={PARSER: read_event_date})
    line: int | None = field(default=None, compare=False)
    """The line it was read from, if it was read from a file; not part of the format."""


@dataclass(frozen=True, kw_only=True)
class MeasurePronounced(CaseEvent):
    type = EventType.MEASURE_PRONOUNCED
    measure: Measure
    region: str
    """The child-protection region (one of the 11)."""
    gi: str
    """Reference of the certified institution that carries out the measure."""
    birth_date: date | None = None


@dataclass(frozen=True, kw_only=True)
class GiInformed(CaseEvent):
    type = EventType.GI_INFORMED


@dataclass(frozen=True, kw_only=True)
class ProtectorAssigned(CaseEvent):
    type = EventType.PROTECTOR_ASSIGNED
    protector: str
    kind: ProtectorKind
    reason: AssignmentReason


@dataclass(frozen=True, kw_only=True)
class CourseSet(CaseEvent):
    type = EventType.COURSE_SET
    participants: frozenset[Participant]
    child_heard: bool
    child_not_heard_reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class DeadlineAdvanced(CaseEvent):
    type = EventType.DEADLINE_ADVANCED
    norm: Norm
    deadline: date
    """The earlier deadline judged necessary for the child's safety."""


@dataclass(frozen=True, kw_only=True)
class Explanation(CaseEvent):
    type = EventType.EXPLANATION
    norm: Norm
    text: str


@dataclass(frozen=True, kw_only=True)
class HelpDecided(CaseEvent):
    type = EventType.HELP_DECIDED
    help: str


@dataclass(frozen=True, kw_only=True)
class Intake(CaseEvent):
    type = EventType.INTAKE
    provider: str | None = None


@dataclass(frozen=True, kw_only=True)
class Waitlisted(CaseEvent):
    type = EventType.WAITLISTED
    provider: str | None = None


@dataclass(frozen=True, kw_only=True)
class HelpStarted(CaseEvent):
    type = EventType.HELP_STARTED
    appropriate: bool
    via_escalation: bool
    provider: str | None = None


@dataclass(frozen=True, kw_only=True)
class MeasureEnded(CaseEvent):
    type = EventType.MEASURE_ENDED


EVENT_CLASSES: Mapping[EventType, type[CaseEvent]] = {
    cls.type: cls
    for cls in (
        MeasurePronounced,
        GiInformed,
        ProtectorAssigned,
        CourseSet,
        DeadlineAdvanced,
        Explanation,
        HelpDecided,
        Intake,
        Waitlisted,
        HelpStarted,
        MeasureEnded,
    )
}


@dataclass(frozen=True)
class FieldRule:
    """How one field of an event type is read."""

    name: str
    required: bool
    read: Callable[[object], Any]
    is_list: bool


def _reader_for(annotation: Any) -> Callable[[object], Any]:
    if annotation is str:
        return read_text
    if annotation is date:
        return read_date
    if annotation is bool:
        return read_boolean
    if get_origin(annotation) is frozenset:
        (codes,) = get_args(annotation)
        return lambda value: read_codes(codes, value)
    if issubclass(annotation, StrEnum):
        return lambda value: read_code(annotation, value)
    raise TypeError(f"no reader for {annotation!r}")


@cache
def field_rules(cls: type[CaseEvent]) -> tuple[FieldRule, ...]:
    """The fields of an event type as the format has them (``type`` and ``line`` excluded)."""
    hints = get_type_hints(cls)
    rules = []
    for event_field in fields(cls):
        if event_field.name == "line":
            continue
        annotation = hints[event_field.name]
        if isinstance(annotation, types.UnionType):
            (annotation,) = (arg for arg in get_args(annotation) if arg is not type(None))
        rules.append(
            FieldRule(
                name=event_field.name,
                required=event_field.default is MISSING,
                read=event_field.metadata.get(PARSER) or _reader_for(annotation),
                is_list=get_origin(annotation) is frozenset,
            )
        )
    return tuple(rules)


KNOWN_FIELDS: frozenset[str] = frozenset(COMMON_FIELDS) | {
    rule.name for cls in EVENT_CLASSES.values() for rule in field_rules(cls)
}
LIST_FIELDS: frozenset[str] = frozenset(
    rule.name for cls in EVENT_CLASSES.values() for rule in field_rules(cls) if rule.is_list
)


@dataclass(frozen=True)
class EventError:
    """One problem in an events file, at a line (1-based; a CSV header is line 1)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ParseResult:
    """The events that could be read and all errors, in line order.

    ``events`` never holds an event that an error is about, so it is what an importer that skips
    bad lines keeps.
    """

    events: tuple[CaseEvent, ...]
    errors: tuple[EventError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def build_event(record: Mapping[str, object], line: int) -> CaseEvent | list[str]:
    """The event a record describes, or every problem with it.

    A field whose value is ``null`` (JSON) or empty (CSV) is absent. Unknown fields (even when
    null), absent required fields, fields of another event type and values that cannot be read
    are errors.
    """
    present = {name: value for name, value in record.items() if value is not None}
    problems = [f"unknown field {name!r}" for name in record if name not in KNOWN_FIELDS]
    if "type" not in present:
        problems.append("missing required field 'type'")
        return problems
    try:
        event_type = read_code(EventType, present["type"])
    except ValueError:
        problems.append(f"unknown event type {json.dumps(present['type'])}")
        return problems
    cls = EVENT_CLASSES[event_type]
    rules = field_rules(cls)
    own_fields = {rule.name for rule in rules} | {"type"}
    problems += [
        f"field {name!r} does not belong to event type {event_type}"
        for name in present
        if name in KNOWN_FIELDS and name not in own_fields
    ]
    values: dict[str, Any] = {}
    for rule in rules:
        if rule.name not in present:
            if rule.required:
                problems.append(f"missing required field {rule.name!r}")
            continue
        try:
            values[rule.name] = rule.read(present[rule.name])
        except ValueError as error:
            problems.append(f"field {rule.name!r}: {error}")
    if problems:
        return problems
    return cls(**values, line=line)


def check_measures(
    events: Iterable[CaseEvent], known_cases: Collection[str] = frozenset()
) -> list[EventError]:
    """File-level check: every case has exactly one ``measure_pronounced`` event.

    Each event of a case without one is an error at its own line; a second (or later)
    ``measure_pronounced`` of a case is an error at its line, naming the first.
    ``known_cases`` are cases whose measure was delivered before (in the database): their
    events need no measure in this file, and a new measure for them is an error.
    """
    events = list(events)
    first_measure: dict[str, CaseEvent] = {}
    errors = [
        EventError(_line_of(event), f"case {event.case!r} already has a measure_pronounced event")
        for event in events
        if event.type is EventType.MEASURE_PRONOUNCED and event.case in known_cases
    ]
    for event in sorted(
        (e for e in events if e.type is EventType.MEASURE_PRONOUNCED), key=_line_of
    ):
        if event.case in first_measure:
            errors.append(
                EventError(
                    _line_of(event),
                    f"case {event.case!r} already has a measure_pronounced event "
                    f"on line {_line_of(first_measure[event.case])}",
                )
            )
        else:
            first_measure[event.case] = event
    errors += [
        EventError(_line_of(event), f"case {event.case!r} has no measure_pronounced event")
        for event in events
        if event.case not in first_measure and event.case not in known_cases
    ]
    return sorted(errors, key=_error_line)


def _error_line(error: EventError) -> int:
    return error.line


def _line_of(event: CaseEvent) -> int:
    return event.line or 0


def with_measure_check(
    result: ParseResult, known_cases: Collection[str] = frozenset()
) -> ParseResult:
    """The read result with :func:`check_measures` applied: failing lines move to the errors."""
    measure_errors = check_measures(result.events, known_cases)
    bad_lines = {error.line for error in measure_errors}
    return ParseResult(
        events=tuple(event for event in result.events if _line_of(event) not in bad_lines),
        errors=tuple(sorted([*result.errors, *measure_errors], key=_error_line)),
    )


def _read(events: list[CaseEvent], errors: list[EventError]) -> ParseResult:
    return ParseResult(events=tuple(events), errors=tuple(sorted(errors, key=_error_line)))


def _collect(
    record: Mapping[str, object], line: int, events: list[CaseEvent], errors: list[EventError]
) -> None:
    built = build_event(record, line)
    if isinstance(built, CaseEvent):
        events.append(built)
    else:
        errors += [EventError(line, problem) for problem in built]


def _reject_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    record: dict[str, object] = {}
    for key, value in pairs:
        if key in record:
            raise ValueError(f"field {key!r} appears twice")
        record[key] = value
    return record


def parse_jsonl(lines: Iterable[str]) -> ParseResult:
    """A self-contained JSON Lines file: :func:`read_jsonl` plus the measure check."""
    return with_measure_check(read_jsonl(lines))


def parse_csv(lines: Iterable[str]) -> ParseResult:
    """A self-contained CSV file: :func:`read_csv` plus the measure check."""
    return with_measure_check(read_csv(lines))


def read_jsonl(lines: Iterable[str]) -> ParseResult:
    """Read JSON Lines: one JSON object per line; blank lines are skipped.

    Booleans may be JSON booleans or the strings ``"true"``/``"false"``; lists are JSON arrays.
    """
    events: list[CaseEvent] = []
    errors: list[EventError] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text, object_pairs_hook=_reject_duplicate_keys)
        except ValueError as error:
            errors.append(EventError(number, f"not valid JSON: {error}"))
            continue
        if not isinstance(record, dict):
            errors.append(EventError(number, "expected a JSON object"))
            continue
        _collect(record, number, events, errors)
    return _read(events, errors)


def _header_errors(header: list[str]) -> list[EventError]:
    errors = [
        EventError(1, f"missing required column {name!r}")
        for name in COMMON_FIELDS
        if name not in header
    ]
    errors += [
        EventError(1, f"unknown column {name!r}") for name in header if name not in KNOWN_FIELDS
    ]
    errors += [
        EventError(1, f"column {name!r} appears twice")
        for name in sorted(set(header))
        if header.count(name) > 1
    ]
    return errors


def _csv_value(column: str, cell: str) -> object:
    """A CSV cell as the value JSON Lines would carry: empty is absent, lists are split."""
    if cell == "":
        return None
    if column in LIST_FIELDS:
        return cell.split(LIST_SEPARATOR)
    return cell


def read_csv(lines: Iterable[str]) -> ParseResult:
    """Read CSV with a header row of field names; list values are separated by ``|``.

    Each row fills the columns of its event type and leaves the others empty. A header with an
    unknown column is an error at line 1 (the rows are still checked on the known columns); a
    header without ``case``, ``type`` or ``date`` makes the rows unreadable.
    """
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        return ParseResult(events=(), errors=())
    errors = _header_errors(header)
    if any(name not in header for name in COMMON_FIELDS) or len(set(header)) != len(header):
        return ParseResult(events=(), errors=tuple(errors))
    events: list[CaseEvent] = []
    last_line = reader.line_num
    for row in reader:
        number, last_line = last_line + 1, reader.line_num
        if not row:
            continue
        if len(row) != len(header):
            errors.append(
                EventError(number, f"has {len(row)} values, the header has {len(header)} columns")
            )
            continue
        record = {
            column: _csv_value(column, cell)
            for column, cell in zip(header, row, strict=True)
            if column in KNOWN_FIELDS
        }
        _collect(record, number, events, errors)
    return _read(events, errors)


PARSERS_BY_SUFFIX: Mapping[str, Callable[[Iterable[str]], ParseResult]] = {
    ".jsonl": parse_jsonl,
    ".csv": parse_csv,
}
"""The reader for each file name extension of the format."""
