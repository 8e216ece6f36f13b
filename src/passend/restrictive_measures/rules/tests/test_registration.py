"""The §9 format: what parses, and every error reported with its line number."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from ..kinds import KINDS
from ..registration import (
    PARSERS,
    Authorisation,
    InvalidRegistration,
    Registration,
    Setting,
    parse_line,
    parse_lines,
    parse_record,
    term_end,
)
from .builders import LAWFUL, record

MINIMAL = {"id": "R-1", "kind": "toezicht", "setting": "gesloten", "start": "2026-03-02T14:30"}


def problems(data: object) -> tuple[str, ...]:
    with pytest.raises(InvalidRegistration) as raised:
        parse_record(data)
    return raised.value.problems


def test_every_field_of_the_format_has_a_parser_in_field_order() -> None:
    assert tuple(PARSERS) == tuple(field.name for field in fields(Registration))


def test_minimal_registration() -> None:
    registration = parse_record(MINIMAL)
    assert registration == Registration(
        id="R-1", kind="toezicht", setting=Setting.GESLOTEN, start=datetime(2026, 3, 2, 14, 30)
    )
    assert registration.end is None
    assert registration.measure_kind is KINDS["toezicht"]


def test_full_registration() -> None:
    registration = parse_record(LAWFUL)
    assert registration.setting is Setting.GESLOTEN
    assert registration.authorisation is Authorisation.MACHTIGING
    assert registration.birth_date == date(2011, 6, 15)
    assert registration.end == datetime(2026, 3, 9, 14, 30)
    assert registration.alternatives_considered == (
        "supervised visits",
        "visits at a neutral place",
    )
    assert registration.copy_to_youth is True


@pytest.mark.parametrize("code", ["fixatie", "a", "isolatie_2", "x" * 30])
def test_a_well_formed_kind_outside_the_law_is_read_as_an_unlisted_kind(code: str) -> None:
    """Not an input error: the legality check flags it (6.3.1.1 lid 3)."""
    kind = parse_record(MINIMAL | {"kind": code}).measure_kind
    assert (kind.code, kind.listed, kind.prohibited) == (code, False, True)
    assert str(kind.citation) == "6.3.1.1 lid 3"
    assert not any((kind.lock_in, kind.search, kind.duration_told, kind.inform_gi_or_parents))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-31", date(2026, 3, 31)),
        ("2026-03-31T17:00", datetime(2026, 3, 31, 17, 0)),
        ("2026-03-31T15:00Z", datetime(2026, 3, 31, 15, 0, tzinfo=UTC)),
    ],
)
def test_the_phase_out_term_is_a_date_or_a_date_time(text: str, expected: date) -> None:
    registration = parse_record(MINIMAL | {"phase_out_by": text, "independent_advice": False})
    assert registration.phase_out_by == expected
    assert type(registration.phase_out_by) is type(expected)
    assert registration.independent_advice is False
    assert parse_record(MINIMAL | {"phase_out_by": None}).phase_out_by is None


def test_a_date_term_runs_to_the_end_of_that_dutch_day() -> None:
    """31 March ends at the midnight starting 1 April, Amsterdam summer time (22:00 UTC)."""
    assert term_end(date(2026, 3, 31)) == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    assert term_end(datetime(2026, 3, 31, 17, 0)) == datetime(2026, 3, 31, 15, 0, tzinfo=UTC)


def test_null_and_absent_are_the_same() -> None:
    assert parse_record(MINIMAL | {"end": None, "emergency": None}) == parse_record(MINIMAL)


def test_empty_alternatives_list_is_kept_apart_from_null() -> None:
    assert parse_record(MINIMAL | {"alternatives_considered": []}).alternatives_considered == ()
    assert parse_record(MINIMAL).alternatives_considered is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-02T14:30", datetime(2026, 3, 2, 14, 30)),
        ("2026-03-02T14:30:15", datetime(2026, 3, 2, 14, 30, 15)),
        ("2026-03-02T14:30:15.5", datetime(2026, 3, 2, 14, 30, 15, 500000)),
        ("2026-03-02T13:30Z", datetime(2026, 3, 2, 13, 30, tzinfo=UTC)),
        (
            "2026-03-02T14:30+01:00",
            datetime(2026, 3, 2, 14, 30, tzinfo=timezone(timedelta(hours=1))),
        ),
    ],
)
def test_date_time_forms(text: str, expected: datetime) -> None:
    assert parse_record(MINIMAL | {"start": text}).start == expected


@pytest.mark.parametrize("field", ["id", "kind", "setting", "start"])
def test_missing_required_field(field: str) -> None:
    data = {name: value for name, value in MINIMAL.items() if name != field}
    assert problems(data) == (f"missing required field '{field}'",)
    assert problems(MINIMAL | {field: None}) == (f"missing required field '{field}'",)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"id": " "}, "field 'id' must not be empty"),
        ({"id": 17}, "field 'id' must be a string, not 17"),
        ({"emergency": "yes"}, "field 'emergency' must be true, false or null, not \"yes\""),
        ({"copy_to_youth": 1}, "field 'copy_to_youth' must be true, false or null, not 1"),
        ({"motivation": ["a"]}, "field 'motivation' must be a string, not [\"a\"]"),
        (
            {"alternatives_considered": "talk first"},
            "field 'alternatives_considered' must be a list of strings, not \"talk first\"",
        ),
        (
            {"alternatives_considered": ["talk", 2]},
            "field 'alternatives_considered' must be a list of strings, not [\"talk\", 2]",
        ),
        (
            {"setting": "closed"},
            'unknown setting "closed"; expected one of: open, gesloten, wzd, wvggz',
        ),
        (
            {"authorisation": "court"},
            'unknown authorisation "court"; expected one of: machtiging, spoedmachtiging, '
            "voorwaardelijke_machtiging, geen",
        ),
        (
            {"kind": "Insluiting"},
            "field 'kind' must be a kind code of lower-case letters, digits and underscores, "
            'starting with a letter, at most 30 characters, not "Insluiting"',
        ),
        ({"kind": "1_fixatie"}, "field 'kind' must be a kind code"),
        ({"kind": "fixatie-bed"}, "field 'kind' must be a kind code"),
        ({"kind": ""}, "field 'kind' must be a kind code"),
        ({"kind": "x" * 31}, "field 'kind' must be a kind code"),
        ({"kind": 3}, "field 'kind' must be a string, not 3"),
        (
            {"phase_out_by": "31-03-2026"},
            "field 'phase_out_by' must be an ISO date-time like 2026-03-02T14:30 or a date like "
            '2026-03-31, not "31-03-2026"',
        ),
        ({"phase_out_by": "2026-02-30"}, "field 'phase_out_by' must be an ISO date-time"),
        ({"independent_advice": "yes"}, "field 'independent_advice' must be true, false or null"),
        (
            {"start": "2026-03-02"},
            "field 'start' must be an ISO date-time like 2026-03-02T14:30, not \"2026-03-02\"",
        ),
        (
            {"start": "02-03-2026 14:30"},
            "field 'start' must be an ISO date-time like 2026-03-02T14:30, "
            'not "02-03-2026 14:30"',
        ),
        (
            {"end": "2026-13-01T10:00"},
            "field 'end' must be an ISO date-time like 2026-03-02T14:30, not \"2026-13-01T10:00\"",
        ),
        (
            {"birth_date": "2012-02-30"},
            "field 'birth_date' must be an ISO date like 2012-05-31, not \"2012-02-30\"",
        ),
        (
            {"birth_date": "2012-05-31T00:00"},
            "field 'birth_date' must be an ISO date like 2012-05-31, not \"2012-05-31T00:00\"",
        ),
        (
            {"end": "2026-03-02T14:29"},
            "end 2026-03-02T14:29:00 is before start 2026-03-02T14:30:00",
        ),
        (
            {"birth_date": "2026-03-03"},
            "start 2026-03-02T14:30:00 is before birth_date 2026-03-03",
        ),
        ({"emergancy": True}, "unknown field \"emergancy\" (did you mean 'emergency'?)"),
        ({"xyz": 1}, 'unknown field "xyz"'),
    ],
)
def test_invalid_value(change: dict, problem: str) -> None:
    (found,) = problems(MINIMAL | change)
    assert found.startswith(problem)


def test_end_equal_to_start_is_valid() -> None:
    assert parse_record(MINIMAL | {"end": MINIMAL["start"]}).end == datetime(2026, 3, 2, 14, 30)


def test_end_before_start_compares_instants() -> None:
    """13:45Z is 14:45 in Amsterdam in March: after a 14:30 start."""
    assert parse_record(MINIMAL | {"end": "2026-03-02T13:45Z"}).end is not None
    assert problems(MINIMAL | {"end": "2026-03-02T13:15Z"})


def test_every_problem_of_a_record_is_reported() -> None:
    found = problems({"kind": "Slot", "start": "gisteren", "copy_to_youth": "ja", "foo": 1})
    assert found == (
        'unknown field "foo"',
        "missing required field 'id'",
        "field 'kind' must be a kind code of lower-case letters, digits and underscores, "
        'starting with a letter, at most 30 characters, not "Slot"',
        "missing required field 'setting'",
        "field 'start' must be an ISO date-time like 2026-03-02T14:30, not \"gisteren\"",
        "field 'copy_to_youth' must be true, false or null, not \"ja\"",
    )


def test_not_an_object() -> None:
    assert problems(["id", "R-1"]) == ('expected a JSON object, not ["id", "R-1"]',)


def test_invalid_json() -> None:
    with pytest.raises(InvalidRegistration) as raised:
        parse_line('{"id": "R-1",')
    (problem,) = raised.value.problems
    assert problem.startswith("invalid JSON: ")


def test_repeated_field_in_one_line() -> None:
    with pytest.raises(InvalidRegistration) as raised:
        parse_line('{"id": "R-1", "id": "R-2", "kind": "toezicht"}')
    assert raised.value.problems == ('invalid JSON: field "id" appears more than once',)


def lines(*records: object) -> list[str]:
    return [item if isinstance(item, str) else json.dumps(item) + "\n" for item in records]


def test_parse_lines_in_file_order() -> None:
    parsed = parse_lines(lines(record(id="A"), "\n", record(id="B")))
    assert parsed.ok
    assert [registration.id for registration in parsed.registrations] == ["A", "B"]


def test_parse_lines_reports_every_error_with_its_line_number() -> None:
    parsed = parse_lines(
        lines(
            record(id="A"),
            record(id="B", setting="closed", end="2026-03-01T10:00"),
            "   \n",
            "not json\n",
            record(id="A"),
            record(id="C") | {"kind": None},
        )
    )
    assert not parsed.ok
    assert [registration.id for registration in parsed.registrations] == ["A"]
    assert [(error.line, error.message.split(";")[0]) for error in parsed.errors] == [
        (2, 'unknown setting "closed"'),
        (2, "end 2026-03-01T10:00:00 is before start 2026-03-02T14:30:00"),
        (4, "invalid JSON: Expecting value: line 1 column 1 (char 0)"),
        (5, 'id "A" repeats line 1'),
        (6, "missing required field 'kind'"),
    ]
    assert str(parsed.errors[-1]) == "line 6: missing required field 'kind'"
