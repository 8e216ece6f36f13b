"""The case-event interchange format (DOMAIN §7): strict reading, every error with its line."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passend.protection.rules.events import (
    EVENT_CLASSES,
    KNOWN_FIELDS,
    PARSERS_BY_SUFFIX,
    CourseSet,
    EventError,
    EventType,
    HelpStarted,
    MeasurePronounced,
    Participant,
    check_measures,
    parse_csv,
    parse_jsonl,
)
from passend.protection.rules.tests.builders import informed, pronounced

FIXTURES = Path(__file__).parent / "fixtures"
MEASURE = {
    "case": "C1",
    "type": "measure_pronounced",
    "date": "2026-03-02",
    "measure": "OTS",
    "region": "Zeeland",
    "gi": "GI-A",
}


def jsonl(*records: dict | str) -> list[str]:
    return [r if isinstance(r, str) else json.dumps(r) for r in records]


def messages(result) -> list[tuple[int, str]]:
    return [(error.line, error.message) for error in result.errors]


def test_fixtures_in_both_formats_give_the_same_events():
    with (FIXTURES / "sample.jsonl").open() as lines:
        from_jsonl = parse_jsonl(lines)
    with (FIXTURES / "sample.csv").open(newline="") as lines:
        from_csv = parse_csv(lines)
    assert from_jsonl.ok
    assert from_csv.ok
    assert from_jsonl.events == from_csv.events
    assert len(from_jsonl.events) == 14
    assert {type(event) for event in from_jsonl.events} == set(EVENT_CLASSES.values())


def test_values_are_read_into_typed_fields():
    with (FIXTURES / "sample.jsonl").open() as lines:
        events = parse_jsonl(lines).events
    measure = events[0]
    assert isinstance(measure, MeasurePronounced)
    assert measure.birth_date == date(2014, 6, 1)
    assert measure.line == 1
    course = next(event for event in events if isinstance(event, CourseSet))
    assert course.participants == {
        Participant.PARENTS,
        Participant.PROFESSIONALS,
        Participant.NETWORK,
    }
    assert course.child_heard is False
    start = next(event for event in events if isinstance(event, HelpStarted))
    assert (start.appropriate, start.via_escalation, start.provider) == (True, True, "Provider B")
    assert events[-1].line == 15  # the blank line 12 is skipped but counted


BAD_LINES = [
    # (the record on line 2, the errors expected on it)
    ({"case": "C1", "type": "visit", "date": "2026-03-03"}, ['unknown event type "visit"']),
    ({"case": "C1", "date": "2026-03-03"}, ["missing required field 'type'"]),
    ({"case": "C1", "type": ["intake"], "date": "2026-03-03"}, ['unknown event type ["intake"]']),
    ({"type": "gi_informed", "date": "2026-03-03"}, ["missing required field 'case'"]),
    ({"case": "C1", "type": "gi_informed"}, ["missing required field 'date'"]),
    (
        {"case": "C1", "type": "gi_informed", "date": "2026-03-03", "colour": "red"},
        ["unknown field 'colour'"],
    ),
    (
        {"case": "C1", "type": "gi_informed", "date": "2026-03-03", "protector": "P1"},
        ["field 'protector' does not belong to event type gi_informed"],
    ),
    (
        {"case": "C1", "type": "gi_informed", "date": "3-3-2026"},
        ["field 'date': '3-3-2026' is not a date written YYYY-MM-DD"],
    ),
    (
        {"case": "C1", "type": "gi_informed", "date": "20260303"},
        ["field 'date': '20260303' is not a date written YYYY-MM-DD"],
    ),
    (
        {"case": "C1", "type": "gi_informed", "date": "2026-02-29"},
        ["field 'date': '2026-02-29' is not a valid date"],
    ),
    (
        {"case": "C1", "type": "gi_informed", "date": "1989-12-31"},
        [
            "field 'date': 1989-12-31 is before 1990-01-01: no measure of a child in care today "
            "is that old; is the year mistyped?"
        ],
    ),
    (
        {"case": "C1", "type": "gi_informed", "date": "2100-01-01"},
        ["field 'date': 2100-01-01 lies after the year 2099; is the year mistyped?"],
    ),
    (
        {"case": 17, "type": "gi_informed", "date": "2026-03-03"},
        ["field 'case': expected text, got 17"],
    ),
    (
        {"case": " ", "type": "gi_informed", "date": "2026-03-03"},
        ["field 'case': must not be blank"],
    ),
    (
        {**MEASURE, "case": "C1", "measure": "ots"},
        ["field 'measure': \"ots\" is not one of OTS, voogdij, jeugdreclassering"],
    ),
    (
        {"case": "C1", "type": "protector_assigned", "date": "2026-03-03", "protector": "P1"},
        ["missing required field 'kind'", "missing required field 'reason'"],
    ),
    (
        {
            "case": "C1",
            "type": "course_set",
            "date": "2026-03-03",
            "participants": "parents|youth",
            "child_heard": "yes",
        },
        [
            "field 'participants': expected a list, got \"parents|youth\"",
            "field 'child_heard': \"yes\" is not true or false",
        ],
    ),
    (
        {
            "case": "C1",
            "type": "course_set",
            "date": "2026-03-03",
            "participants": [],
            "child_heard": True,
        },
        ["field 'participants': must name at least one"],
    ),
    (
        {
            "case": "C1",
            "type": "course_set",
            "date": "2026-03-03",
            "participants": ["parents", "parents"],
            "child_heard": 1,
        },
        [
            "field 'participants': names a value twice",
            "field 'child_heard': 1 is not true or false",
        ],
    ),
    (
        {"case": "C1", "type": "deadline_advanced", "date": "2026-03-03", "norm": "protector"},
        [
            "field 'norm': \"protector\" is not one of course, help",
            "missing required field 'deadline'",
        ],
    ),
    (
        {"case": "C1", "type": "help_started", "date": "2026-03-03", "appropriate": True},
        ["missing required field 'via_escalation'"],
    ),
    ("{not json", ["not valid JSON: Expecting property name enclosed in double quotes"]),
    ('["case", "C1"]', ["expected a JSON object"]),
    (
        '{"case": "C1", "case": "C2", "type": "gi_informed", "date": "2026-03-03"}',
        ["not valid JSON: field 'case' appears twice"],
    ),
]


@pytest.mark.parametrize(("record", "expected"), BAD_LINES)
def test_bad_jsonl_line_is_reported_with_its_line_number(record, expected):
    result = parse_jsonl(jsonl(MEASURE, record))
    assert [line for line, _ in messages(result)] == [2] * len(expected)
    for fragment, (_, message) in zip(expected, messages(result), strict=True):
        assert message.startswith(fragment)
    assert [event.line for event in result.events] == [1]


@pytest.mark.parametrize("day", ["1990-01-01", "2012-05-14", "2099-12-31"])
def test_old_measures_still_running_are_deliverable(day):
    """A guardianship pronounced in 2012 and still running is delivered like any other; only a
    date before 1990 (or after 2099) is taken for a typing error."""
    measure = {**MEASURE, "date": day, "measure": "voogdij"}
    result = parse_jsonl(jsonl(measure, {"case": "C1", "type": "gi_informed", "date": day}))
    assert result.errors == ()
    assert [event.date for event in result.events] == [date.fromisoformat(day)] * 2


def test_null_is_absent_in_jsonl():
    record = {**MEASURE, "birth_date": None, "protector": None}
    result = parse_jsonl(jsonl(record))
    assert result.ok
    assert result.events[0].birth_date is None


def test_unknown_field_is_an_error_even_when_null():
    result = parse_jsonl(jsonl({**MEASURE, "colour": None}))
    assert messages(result) == [(1, "unknown field 'colour'")]


def test_every_error_of_a_file_is_reported_and_the_good_lines_kept():
    result = parse_jsonl(
        jsonl(
            MEASURE,
            {"case": "C1", "type": "gi_informed", "date": "2026-13-01"},
            "",
            {"case": "C1", "type": "gi_informed", "date": "2026-03-03"},
            {"case": "C1", "type": "help_started", "date": "x", "appropriate": "maybe"},
        )
    )
    assert not result.ok
    assert [error.line for error in result.errors] == [2, 5, 5, 5]
    assert [event.line for event in result.events] == [1, 4]


def test_events_of_a_case_without_measure_are_errors_at_their_lines():
    result = parse_jsonl(
        jsonl(
            MEASURE,
            {"case": "C2", "type": "gi_informed", "date": "2026-03-03"},
            {"case": "C1", "type": "gi_informed", "date": "2026-03-03"},
            {"case": "C2", "type": "measure_ended", "date": "2026-04-03"},
        )
    )
    assert messages(result) == [
        (2, "case 'C2' has no measure_pronounced event"),
        (4, "case 'C2' has no measure_pronounced event"),
    ]
    assert [event.line for event in result.events] == [1, 3]


def test_a_bad_measure_line_makes_its_case_orphan():
    """With skip-bad-lines the case's other events cannot stand on their own either."""
    result = parse_jsonl(
        jsonl(
            {**MEASURE, "measure": "x"}, {"case": "C1", "type": "gi_informed", "date": "2026-03-03"}
        )
    )
    assert [error.line for error in result.errors] == [1, 2]
    assert result.events == ()


def test_a_second_measure_for_a_case_is_an_error():
    result = parse_jsonl(jsonl(MEASURE, {**MEASURE, "date": "2026-03-05"}))
    assert messages(result) == [(2, "case 'C1' already has a measure_pronounced event on line 1")]
    assert [event.line for event in result.events] == [1]


def test_check_measures_on_events_built_in_code():
    assert check_measures([pronounced("2026-03-02"), informed("2026-03-03")]) == []
    assert check_measures([informed("2026-03-03")]) == [
        EventError(0, "case 'C1' has no measure_pronounced event")
    ]


def csv_lines(text: str) -> io.StringIO:
    return io.StringIO(text, newline="")


HEADER = "case,type,date,measure,region,gi,participants,child_heard,appropriate,via_escalation"


def test_csv_lists_are_split_on_bar_and_empty_cells_are_absent():
    result = parse_csv(
        csv_lines(
            f"{HEADER}\n"
            "C1,measure_pronounced,2026-03-02,OTS,Zeeland,GI-A,,,,\n"
            "C1,course_set,2026-03-20,,,,parents|youth|professionals,false,,\n"
        )
    )
    assert result.ok
    assert result.events[1].participants == {"parents", "youth", "professionals"}


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "C1,course_set,2026-03-20,,,,parents|kids,TRUE,,",
            [
                "field 'participants': \"kids\" is not one of parents, youth, network",
                "field 'child_heard': \"TRUE\" is not true or false",
            ],
        ),
        (
            "C1,course_set,2026-03-20,,,,parents||youth,true,,",
            ["field 'participants': \"\" is not one of"],
        ),
        (
            "C1,help_started,2026-06-01,OTS,,,,,true,false",
            ["field 'measure' does not belong to event type help_started"],
        ),
        ("C1,help_started,2026-06-01,,,,,,true", ["has 9 values, the header has 10 columns"]),
        ("C1,help_started,2026-06-01,,,,,,true,false,x", ["has 11 values"]),
    ],
)
def test_bad_csv_row_is_reported_with_its_line_number(row, expected):
    result = parse_csv(
        csv_lines(f"{HEADER}\nC1,measure_pronounced,2026-03-02,OTS,Zeeland,GI-A,,,,\n{row}\n")
    )
    assert [line for line, _ in messages(result)] == [3] * len(expected)
    for fragment, (_, message) in zip(expected, messages(result), strict=True):
        assert message.startswith(fragment)


def test_csv_line_numbers_count_quoted_newlines_and_blank_lines():
    result = parse_csv(
        csv_lines(
            "case,type,date,measure,region,gi,text,norm\n"
            'C1,measure_pronounced,2026-03-02,OTS,Zeeland,"GI\nA",,\n'
            "\n"
            "C1,explanation,2026-03-20,,,,,wrong\n"
        )
    )
    assert [error.line for error in result.errors] == [5, 5]


def test_csv_unknown_column_is_reported_once_on_the_header():
    result = parse_csv(
        csv_lines(
            "case,type,date,measure,region,gi,colour\n"
            "C1,measure_pronounced,2026-03-02,OTS,Zeeland,GI-A,red\n"
        )
    )
    assert messages(result) == [(1, "unknown column 'colour'")]
    assert len(result.events) == 1


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("case,date,measure", [(1, "missing required column 'type'")]),
        ("case,type,date,case", [(1, "column 'case' appears twice")]),
    ],
)
def test_csv_header_without_common_columns_makes_rows_unreadable(header, expected):
    result = parse_csv(csv_lines(f"{header}\nC1,2026-03-02,OTS\n"))
    assert messages(result) == expected
    assert result.events == ()


def test_empty_files_have_no_events_and_no_errors():
    assert parse_csv(csv_lines("")).ok
    assert parse_jsonl([]).ok


def test_every_event_type_has_a_class_and_all_fields_are_known():
    assert set(EVENT_CLASSES) == set(EventType)
    assert {"case", "type", "date", "participants", "via_escalation"} <= KNOWN_FIELDS
    assert "line" not in KNOWN_FIELDS


def test_parsers_by_suffix():
    assert {".jsonl": parse_jsonl, ".csv": parse_csv} == PARSERS_BY_SUFFIX


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3),
    max_leaves=4,
)
field_names = st.sampled_from(sorted(KNOWN_FIELDS)) | st.text(max_size=8)


@given(st.lists(st.dictionaries(field_names, json_values, max_size=8), max_size=4))
def test_any_json_object_gives_events_or_errors_never_an_exception(records):
    result = parse_jsonl(jsonl(*records))
    assert all(1 <= error.line <= len(records) for error in result.errors)
    assert {event.line for event in result.events}.isdisjoint(e.line for e in result.errors)


@given(st.text(max_size=300))
def test_any_text_gives_events_or_errors_never_an_exception(text):
    parse_jsonl(io.StringIO(text, newline=""))
    parse_csv(io.StringIO(text, newline=""))
