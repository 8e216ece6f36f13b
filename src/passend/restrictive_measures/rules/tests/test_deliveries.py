"""The deliveries: half years and due dates, the overview and its formats, the youth report."""

from __future__ import annotations

import ast
import copy
import json
import re
import sys
from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from passend.law import Citation

from .. import legality
from ..deliveries import (
    ARTICLE,
    CSV_COLUMNS,
    RFC3339_DATE_TIME,
    ROW_COLUMNS,
    DeliveryState,
    HalfYear,
    HalfYearOverview,
    InvalidOverview,
    OverviewRow,
    Recipient,
    ReportBasis,
    ReportWithheld,
    WithheldReason,
    YouthReport,
    applied_in,
    from_csv,
    from_document,
    from_json,
    local_time,
    overview,
    schema,
    to_csv,
    to_json,
    verdicts,
    youth_report,
)
from ..kinds import KIND_CODE, KIND_CODE_MAX_LENGTH, KINDS, kind_of
from ..parameters import LOCAL_TIME
from ..registration import Authorisation, Registration, Setting, parse_lines
from .builders import registration

RULES = Path(__file__).resolve().parents[1]
EXAMPLE = RULES.parents[3] / "docs" / "examples" / "vbm-registrations.jsonl"
H1, H2 = HalfYear(2026, 1), HalfYear(2026, 2)
GENERATED = datetime(2026, 7, 2, 9, 0)


def _date_time(value: object) -> bool:
    """RFC 3339 date-times: jsonschema checks ``date-time`` only with an optional package."""
    if not isinstance(value, str):
        return True
    return bool(RFC3339_DATE_TIME.fullmatch(value)) and bool(datetime.fromisoformat(value))


FORMATS = FormatChecker()
FORMATS.checks("date-time", raises=ValueError)(_date_time)
VALIDATOR = Draft202012Validator(schema(), format_checker=FORMATS)


def example_registrations() -> tuple[Registration, ...]:
    with EXAMPLE.open(encoding="utf-8") as lines:
        parsed = parse_lines(lines)
    assert parsed.ok
    return parsed.registrations


def example_overview() -> HalfYearOverview:
    registrations = example_registrations()
    return overview("PROV-1", H1, registrations, verdicts(registrations), generated_at=GENERATED)


def measure(id: str, start: str, end: str | None, **changes: Any) -> Registration:
    return replace(
        registration(**changes),
        id=id,
        start=datetime.fromisoformat(start),
        end=None if end is None else datetime.fromisoformat(end),
    )


# --- Purity --------------------------------------------------------------------------------------


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." if node.level else node.module or "")
    return names


@pytest.mark.parametrize("module", ["deliveries.py", "analysis.py", "alternatives.py"])
def test_delivery_rules_import_only_the_standard_library_and_the_law(module: str) -> None:
    for name in _imported(RULES / module):
        allowed = (
            name in (".", "__future__", "passend.law")
            or name.split(".")[0] in sys.stdlib_module_names
        )
        assert allowed, f"{module} imports {name}"


# --- Half years ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 1), H1),
        (date(2026, 6, 30), H1),
        (date(2026, 7, 1), H2),
        (date(2026, 12, 31), H2),
        (date(2028, 2, 29), HalfYear(2028, 1)),
    ],
)
def test_the_half_year_of_a_day(day: date, expected: HalfYear) -> None:
    assert HalfYear.of(day) == expected
    assert day in expected
    assert day not in expected.next


@pytest.mark.parametrize(
    ("half_year", "start", "end", "due"),
    [
        # Six weeks after the first day after the half year (IGJ: "zes weken na 1 januari").
        (HalfYear(2026, 1), date(2026, 1, 1), date(2026, 6, 30), date(2026, 8, 12)),
        (HalfYear(2026, 2), date(2026, 7, 1), date(2026, 12, 31), date(2027, 2, 12)),
        # Leap years change neither the half years nor the due dates.
        (HalfYear(2028, 1), date(2028, 1, 1), date(2028, 6, 30), date(2028, 8, 12)),
        (HalfYear(2027, 2), date(2027, 7, 1), date(2027, 12, 31), date(2028, 2, 12)),
        # The IGJ's own example: the second delivery of 2024 at the latest six weeks after 1 Jan.
        (HalfYear(2024, 2), date(2024, 7, 1), date(2024, 12, 31), date(2025, 2, 12)),
    ],
)
def test_period_and_due_date(half_year: HalfYear, start: date, end: date, due: date) -> None:
    assert (half_year.start, half_year.end, half_year.due_date) == (start, end, due)
    assert half_year.due_date - (half_year.end + timedelta(days=1)) == timedelta(weeks=6)


def test_previous_and_next_cross_the_year() -> None:
    assert HalfYear(2026, 1).previous == HalfYear(2025, 2)
    assert HalfYear(2026, 2).previous == HalfYear(2026, 1)
    assert HalfYear(2025, 2).next == HalfYear(2026, 1)
    assert HalfYear(2025, 2) < HalfYear(2026, 1) < HalfYear(2026, 2)


def test_labels_parse_back() -> None:
    assert str(HalfYear(2026, 2)) == "2026-H2"
    assert HalfYear.parse("2026-H2") == HalfYear(2026, 2)
    for bad in ("2026-H3", "2026H1", "26-H1", "2026-h1", "２０２６-H1"):
        with pytest.raises(ValueError, match="half year"):
            HalfYear.parse(bad)
    with pytest.raises(ValueError, match="half must be"):
        HalfYear(2026, 3)


@pytest.mark.parametrize(
    ("today", "delivered_on", "state"),
    [
        (date(2026, 6, 30), None, DeliveryState.OPEN),  # last day of the half year
        (date(2026, 7, 1), None, DeliveryState.NOT_DUE),
        (date(2026, 7, 28), None, DeliveryState.NOT_DUE),  # 15 days before the due date
        (date(2026, 7, 29), None, DeliveryState.DUE_SOON),  # 14 days before
        (date(2026, 8, 12), None, DeliveryState.DUE_SOON),  # the due date itself
        (date(2026, 8, 13), None, DeliveryState.OVERDUE),
        (date(2027, 1, 1), None, DeliveryState.OVERDUE),
        (date(2026, 9, 1), date(2026, 8, 12), DeliveryState.DELIVERED),  # on the due date
        (date(2026, 9, 1), date(2026, 8, 13), DeliveryState.DELIVERED_LATE),
        (date(2026, 8, 13), date(2026, 7, 2), DeliveryState.DELIVERED),
    ],
)
def test_reminder_state(today: date, delivered_on: date | None, state: DeliveryState) -> None:
    assert H1.reminder_state(today, delivered_on) == state


def test_days_until_due() -> None:
    assert H1.days_until_due(date(2026, 8, 12)) == 0
    assert H1.days_until_due(date(2026, 8, 14)) == -2


# --- Which registrations belong to a half year -------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "halves"),
    [
        ("2026-06-30T23:59", "2026-07-01T00:30", {1, 2}),  # runs across the boundary
        ("2026-06-30T22:00", "2026-07-01T00:00", {1}),  # ends exactly at midnight
        ("2026-07-01T00:00", "2026-07-01T00:00", {2}),  # a search at midnight
        ("2026-06-30T23:59", "2026-06-30T23:59", {1}),
        ("2026-06-30T22:30Z", "2026-06-30T22:45Z", {2}),  # 00:30 Dutch summer time
        ("2025-12-01T10:00", None, {1, 2}),  # running since the year before
        ("2026-03-01T10:00", None, {1, 2}),
        ("2026-08-01T10:00", None, {2}),
        ("2025-12-31T23:00", "2026-01-01T00:00", set()),
        ("2027-01-01T00:00", None, set()),
    ],
)
def test_a_registration_belongs_to_every_half_year_it_was_applied_in(
    start: str, end: str | None, halves: set[int]
) -> None:
    applied = measure("R", start, end)
    assert {h.half for h in (H1, H2) if applied_in(applied, h.start, h.end)} == halves


# --- The overview --------------------------------------------------------------------------------


def test_overview_holds_the_half_years_registrations_in_start_order() -> None:
    registrations = [
        measure("B", "2026-03-01T10:00", "2026-03-01T11:00"),
        measure("A", "2026-03-01T10:00", "2026-03-01T12:00"),
        measure("OLD", "2025-12-01T10:00", "2025-12-01T11:00"),
        measure("RUNNING", "2025-12-01T10:00", None, kind="toezicht"),
        measure("NEXT", "2026-07-01T00:00", "2026-07-01T01:00"),
    ]
    result = overview("P", H1, registrations, verdicts(registrations), generated_at=GENERATED)
    assert [row.id for row in result.rows] == ["RUNNING", "A", "B"]
    assert result.rows[0].end is None
    assert result.rows[0].duration_minutes is None
    assert result.generated_at == datetime(2026, 7, 2, 9, 0, tzinfo=LOCAL_TIME)


def test_a_row_carries_no_name_birth_date_or_free_text() -> None:
    row = example_overview().rows[0]
    names = {field.name for field in fields(OverviewRow)}
    assert not names & {"birth_date", "name", "bsn", "motivation", "proportionality"}
    assert not names & {"expected_effective", "alternatives_considered", "decided_by"}
    assert row.youth is not None
    assert row.youth.startswith("Y-")


def test_row_values() -> None:
    lock_in = measure(
        "L",
        "2026-03-29T01:30",  # the night the clocks go forward
        "2026-03-29T03:30",
        kind="insluiting",
        alternatives_considered=["talk", " ", "walk"],
        birth_date="2010-03-29",
        location=" ",
    )
    verdict = legality.check(lock_in)
    row = overview("P", H1, [lock_in], {"L": verdict}, generated_at=GENERATED).rows[0]
    assert row.duration_minutes == 60
    assert row.start.isoformat() == "2026-03-29T01:30:00+01:00"
    assert row.end is not None
    assert row.end.isoformat() == "2026-03-29T03:30:00+02:00"
    assert row.age_at_start == 16  # the 16th birthday
    assert row.alternatives_considered_count == 2
    assert row.location is None  # blank text travels as null
    assert row.lawful
    assert row.violation_articles == ()
    assert row.warning_count == 0


def test_totals_per_kind_in_the_order_of_the_law() -> None:
    result = example_overview()
    assert [total.kind for total in result.totals] == [*KINDS, "fixatie"]  # 0016: not listed
    assert sum(total.registrations for total in result.totals) == len(result.rows)
    lock_ins = next(total for total in result.totals if total.kind == "insluiting")
    rows = [row for row in result.rows if row.kind == "insluiting"]
    assert lock_ins.registrations == len(rows)
    assert lock_ins.unlawful == sum(1 for row in rows if not row.lawful)
    assert lock_ins.emergency == sum(1 for row in rows if row.emergency)


def test_overview_refuses_repeated_ids_missing_verdicts_and_a_blank_provider() -> None:
    one = measure("A", "2026-03-01T10:00", "2026-03-01T11:00")
    with pytest.raises(ValueError, match="more than once"):
        overview("P", H1, [one, one], verdicts([one]), generated_at=GENERATED)
    with pytest.raises(ValueError, match="no legality verdict"):
        overview("P", H1, [one], {}, generated_at=GENERATED)
    with pytest.raises(ValueError, match="provider"):
        overview(" ", H1, [one], verdicts([one]), generated_at=GENERATED)


# --- The schema ----------------------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_lists_the_kinds_of_the_law_with_their_articles() -> None:
    definitions = schema()["$defs"]
    *listed, unlisted = definitions["kind"]["oneOf"]
    kinds = {option["const"]: option["title"] for option in listed}
    assert kinds == {code: str(kind.citation) for code, kind in KINDS.items()}
    totals = schema()["properties"]["totals"]["prefixItems"]
    assert [item["properties"]["kind"]["const"] for item in totals] == list(KINDS)
    assert unlisted == {"$ref": "#/$defs/unlistedKind"}
    assert definitions["unlistedKind"]["not"] == {"enum": list(KINDS)}
    assert definitions["unlistedKind"]["title"] == str(kind_of("fixatie").citation)
    assert definitions["unlistedKind"]["maxLength"] == KIND_CODE_MAX_LENGTH
    assert definitions["unlistedKind"]["pattern"] == f"^{KIND_CODE.pattern}$"


def test_an_unlisted_kind_travels_with_its_code_and_its_own_total() -> None:
    """A kind outside §8 (stored and flagged, 6.3.1.1 lid 3) is a row with its code and a total
    after the 18 of §8, by code; the document validates and round-trips in JSON and CSV."""
    extra = [
        measure("X-2", "2026-04-01T10:00", "2026-04-01T10:30", kind="fixatie"),
        measure("X-1", "2026-04-02T10:00", "2026-04-02T10:30", kind="afzondering"),
        measure("X-3", "2026-04-03T10:00", "2026-04-03T10:30", kind="fixatie"),
    ]
    result = overview("P", H1, extra, verdicts(extra), generated_at=GENERATED)
    assert [row.lawful for row in result.rows] == [False, False, False]
    assert {row.violation_articles for row in result.rows} == {("6.3.1.1 lid 3",)}
    totals = [(total.kind, total.registrations, total.unlawful) for total in result.totals]
    assert totals[:18] == [(code, 0, 0) for code in KINDS]
    assert totals[18:] == [("afzondering", 1, 1), ("fixatie", 2, 2)]
    text = to_json(result)
    VALIDATOR.validate(json.loads(text))
    assert from_json(text) == result
    assert from_csv(to_csv(result)) == result
    document = json.loads(text)
    document["totals"] = document["totals"][:18] + document["totals"][18:][::-1]
    with pytest.raises(InvalidOverview, match="unlisted kinds by code"):
        from_document(document)
    document["totals"][18]["kind"] = "insluiting"  # a §8 kind is not an unlisted one
    assert list(VALIDATOR.iter_errors(document))


def test_every_row_field_has_a_column_in_field_order() -> None:
    assert tuple(ROW_COLUMNS) == tuple(field.name for field in fields(OverviewRow))
    assert tuple(CSV_COLUMNS) == ("provider", "half_year", "generated_at", *ROW_COLUMNS)


def test_the_schema_describes_exactly_the_row_fields_and_codes() -> None:
    row = schema()["$defs"]["registration"]
    assert list(row["properties"]) == list(ROW_COLUMNS) == row["required"]
    assert row["additionalProperties"] is False
    assert row["properties"]["setting"]["enum"] == [setting.value for setting in Setting]
    assert row["properties"]["authorisation"]["enum"] == [*map(str, Authorisation), None]


def _citations() -> list[Citation]:
    found = [kind.citation for kind in KINDS.values()]
    found += [value for value in vars(legality).values() if isinstance(value, Citation)]
    for act in legality.CARE_ACTS.values():
        found += [legality.location_register(act), legality.legal_basis_of(act)]
    found += [rule.source for rule in vars(legality).values() if hasattr(rule, "source")]
    return found


def test_every_article_the_legality_check_cites_fits_the_format() -> None:
    pattern = schema()["$defs"]["article"]["pattern"]
    for citation in _citations():
        article = legality.Finding.citing(citation, "").article
        assert ARTICLE.fullmatch(article), article
        assert re.search(pattern, article), article


def test_the_example_overview_validates_and_round_trips() -> None:
    result = example_overview()
    text = to_json(result)
    VALIDATOR.validate(json.loads(text))
    assert from_json(text) == result
    assert to_json(from_json(text)) == text
    assert any(not row.lawful for row in result.rows)


def _document() -> dict[str, Any]:
    return json.loads(to_json(example_overview()))


def _row(document: dict[str, Any], id: str) -> dict[str, Any]:
    return next(row for row in document["registrations"] if row["id"] == id)


def _set(path: str, value: Any) -> Any:
    """A change to the example document: dotted path, ``registrations.ID.field`` for a row."""

    def change(document: dict[str, Any]) -> None:
        parts = path.split(".")
        target: Any = document
        if parts[0] == "registrations" and len(parts) > 2:
            target, parts = _row(document, parts[1]), parts[2:]
        for part in parts[:-1]:
            target = target[part] if isinstance(target, dict) else target[int(part)]
        if value is DELETE:
            del target[parts[-1]]
        elif isinstance(target, list):
            target[int(parts[-1])] = value
        else:
            target[parts[-1]] = value

    return change


DELETE = object()
LOCK_IN = "VBM-2026-0003"  # an unlawful lock-in of 27 hours
SEARCH = "VBM-2026-0001"

SCHEMA_AND_READER_REJECT = {
    "unknown top-level field": _set("extra", 1),
    "missing provider": _set("provider", DELETE),
    "blank provider": _set("provider", "  "),
    "wrong format name": _set("format", "vbm"),
    "version 2": _set("version", 2),
    "version true": _set("version", True),
    "half year 2026-H3": _set("period.half_year", "2026-H3"),
    "period date not a date": _set("period.start", "2026-02-30"),
    "generated_at without offset": _set("generated_at", "2026-07-02T09:00:00"),
    "generated_at without seconds": _set("generated_at", "2026-07-02T09:00+02:00"),
    "generated_at hour 25": _set("generated_at", "2026-07-02T25:00:00+02:00"),
    "unknown row field": _set(f"registrations.{SEARCH}.name", "Jan"),
    "missing row field": _set(f"registrations.{SEARCH}.youth", DELETE),
    "malformed kind": _set(f"registrations.{SEARCH}.kind", "Opsluiting"),
    "kind code too long": _set(f"registrations.{SEARCH}.kind", "o" * 31),
    "unknown setting": _set(f"registrations.{SEARCH}.setting", "dicht"),
    "unknown authorisation": _set(f"registrations.{SEARCH}.authorisation", "ja"),
    "boolean as text": _set(f"registrations.{SEARCH}.emergency", "false"),
    "negative count": _set(f"registrations.{SEARCH}.warning_count", -1),
    "count as text": _set(f"registrations.{SEARCH}.age_at_start", "15"),
    "null lawful": _set(f"registrations.{SEARCH}.lawful", None),
    "lawful with a violation": _set(f"registrations.{LOCK_IN}.lawful", True),
    "unlawful without violations": _set(f"registrations.{SEARCH}.lawful", False),
    "not an article": _set(f"registrations.{LOCK_IN}.violation_articles", ["lid 3"]),
    "running with a duration": _set(f"registrations.{LOCK_IN}.end", None),
    "ended without a duration": _set(f"registrations.{LOCK_IN}.duration_minutes", None),
    "start as a date": _set(f"registrations.{LOCK_IN}.start", "2026-03-11"),
    "blank youth": _set(f"registrations.{LOCK_IN}.youth", ""),
    "totals out of order": lambda document: document["totals"].reverse(),
    "a total of the law missing": lambda document: document["totals"].pop(0),
    "registrations not a list": _set("registrations", {}),
}
"""Invalid documents that the published schema and the reader both refuse."""

ONLY_READER_REJECTS = {
    # Consistency the schema cannot express; the reader checks it.
    "wrong period end": _set("period.end", "2026-06-29"),
    "wrong due date": _set("period.due_date", "2026-08-11"),
    "wrong duration": _set(f"registrations.{LOCK_IN}.duration_minutes", 1),
    "end before start": _set(f"registrations.{LOCK_IN}.end", "2026-03-01T00:00:00+01:00"),
    "wrong total": _set("totals.6.registrations", 0),
    "the unlisted kind's total missing": lambda document: document["totals"].pop(),
    "repeated id": _set(f"registrations.{LOCK_IN}.id", SEARCH),
}


@pytest.mark.parametrize("change", SCHEMA_AND_READER_REJECT.values(), ids=SCHEMA_AND_READER_REJECT)
def test_invalid_documents_are_refused_by_the_schema_and_the_reader(change) -> None:
    document = _document()
    change(document)
    with pytest.raises(ValidationError):
        VALIDATOR.validate(document)
    with pytest.raises(InvalidOverview):
        from_json(json.dumps(document))


@pytest.mark.parametrize("change", ONLY_READER_REJECTS.values(), ids=ONLY_READER_REJECTS)
def test_inconsistent_documents_are_refused_by_the_reader(change) -> None:
    document = _document()
    change(document)
    VALIDATOR.validate(document)
    with pytest.raises(InvalidOverview):
        from_json(json.dumps(document))


def test_the_reader_reports_every_problem_with_its_place() -> None:
    document = _document()
    _set(f"registrations.{SEARCH}.kind", "Opsluiting")(document)
    _set(f"registrations.{SEARCH}.emergency", "no")(document)
    _set("provider", 7)(document)
    with pytest.raises(InvalidOverview) as raised:
        from_json(json.dumps(document))
    problems = raised.value.problems
    assert any(
        p.startswith("registrations[") and ".kind: must be a kind code" in p for p in problems
    )
    assert any(".emergency: must be true or false" in p for p in problems)
    assert "document.provider: must be non-blank text, not 7" in problems


@pytest.mark.parametrize("text", ["", "[]", '{"format": 1, "format": 2}', "{"])
def test_the_reader_refuses_what_is_not_an_overview(text: str) -> None:
    with pytest.raises(InvalidOverview):
        from_json(text)


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_header_and_cells() -> None:
    text = to_csv(example_overview())
    lines = text.split("\r\n")
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert CSV_COLUMNS[:4] == ("provider", "half_year", "generated_at", "id")
    assert CSV_COLUMNS[-3:] == ("lawful", "violation_articles", "warning_count")
    lock_in = next(line for line in lines if LOCK_IN in line)
    assert lock_in.startswith("PROV-1,2026-H1,2026-07-02T09:00:00+02:00,VBM-2026-0003,Y-1077,15,")
    assert lock_in.endswith(",false,6.3.2.2 lid 3,0")
    assert ",true,true,false," in lock_in  # booleans are true/false
    assert ",,," in lines[1]  # nulls are empty


def test_csv_round_trips() -> None:
    result = example_overview()
    assert from_csv(to_csv(result)) == result


def test_csv_with_a_byte_order_mark_is_read() -> None:
    result = example_overview()
    assert from_csv("\ufeff" + to_csv(result)) == result


def test_csv_problems_name_the_line_and_column() -> None:
    lines = _csv_lines()
    lines[2] = lines[2].replace(",open,", ",dicht,", 1)  # VBM-2026-0005, in open care
    with pytest.raises(InvalidOverview) as raised:
        from_csv("\r\n".join(lines))
    assert raised.value.problems[0].startswith('line 3, setting: unknown code "dicht"')


def test_an_empty_overview_still_says_whose_and_which_it_is() -> None:
    empty = overview("PROV-1", H2, [], {}, generated_at=GENERATED)
    text = to_csv(empty)
    assert text.split("\r\n")[1] == "PROV-1,2026-H2,2026-07-02T09:00:00+02:00" + "," * 28
    assert from_csv(text) == empty
    assert from_json(to_json(empty)) == empty
    VALIDATOR.validate(json.loads(to_json(empty)))


def _csv_lines() -> list[str]:
    return to_csv(example_overview()).split("\r\n")


def _bad_csv(change) -> str:
    lines = _csv_lines()
    change(lines)
    return "\r\n".join(lines)


BAD_CSV = {
    "header renamed": lambda lines: lines.__setitem__(0, lines[0].replace("youth", "jongere")),
    "no rows": lambda lines: lines.__delitem__(slice(1, None)),
    "other provider": lambda lines: lines.__setitem__(1, "PROV-2" + lines[1][6:]),
    "boolean yes": lambda lines: lines.__setitem__(1, lines[1].replace(",true,", ",yes,", 1)),
    "extra cell": lambda lines: lines.__setitem__(1, lines[1] + ",x"),
    "empty id beside rows": lambda lines: lines.insert(
        1, "PROV-1,2026-H1,2026-07-02T09:00:00+02:00" + "," * 28
    ),
    "count with sign": lambda lines: lines.__setitem__(1, lines[1][:-2] + ",+0"),
    "unknown article": lambda lines: lines.__setitem__(1, lines[1][:-2] + "x,0"),
    "a huge count": lambda lines: lines.__setitem__(1, lines[1][:-2] + "," + "9" * 5000),
}


@pytest.mark.parametrize("change", BAD_CSV.values(), ids=BAD_CSV)
def test_invalid_csv_is_refused(change) -> None:
    with pytest.raises(InvalidOverview):
        from_csv(_bad_csv(change))


# --- Round trips over generated overviews (hypothesis) -----------------------------------------

texts = st.text(min_size=1, max_size=12).filter(str.strip)
maybe_bool = st.none() | st.booleans()
maybe_count = st.none() | st.integers(0, 10_000)
instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda moment: local_time(moment.replace(tzinfo=UTC))
)
articles = st.sampled_from(
    sorted({legality.Finding.citing(citation, "").article for citation in _citations()})
)


@st.composite
def rows(draw: st.DrawFn, id: str) -> OverviewRow:
    start = draw(instants)
    minutes = draw(st.none() | st.integers(0, 200_000))
    elapsed = timedelta(minutes=minutes or 0, seconds=5)
    end = None if minutes is None else local_time(start.astimezone(UTC) + elapsed)
    violations = tuple(draw(st.lists(articles, max_size=3)))
    flags = {
        name: draw(maybe_bool)
        for name, column in ROW_COLUMNS.items()
        if column.cell_type == "boolean"
    }
    return OverviewRow(
        id=id,
        youth=draw(st.none() | texts),
        age_at_start=draw(st.none() | st.integers(0, 25)),
        location=draw(st.none() | texts),
        setting=draw(st.sampled_from(list(Setting))),
        authorisation=draw(st.none() | st.sampled_from(list(Authorisation))),
        kind=draw(st.sampled_from(list(KINDS))),
        start=start,
        end=end,
        duration_minutes=minutes,
        emergency=flags["emergency"],
        in_help_plan=flags["in_help_plan"],
        generic=flags["generic"],
        alternatives_considered_count=draw(maybe_count),
        youth_informed_duration=flags["youth_informed_duration"],
        copy_to_youth=flags["copy_to_youth"],
        complaint_rights_informed=flags["complaint_rights_informed"],
        behavioural_scientist_consent=flags["behavioural_scientist_consent"],
        behavioural_scientist_extension=flags["behavioural_scientist_extension"],
        safe_room_compliant=flags["safe_room_compliant"],
        grounded_suspicion=flags["grounded_suspicion"],
        youth_present=flags["youth_present"],
        gi_or_parents_informed=flags["gi_or_parents_informed"],
        location_registered=flags["location_registered"],
        legal_basis=draw(st.none() | texts),
        lawful=not violations,
        violation_articles=violations,
        warning_count=draw(st.integers(0, 30)),
    )


@st.composite
def overviews(draw: st.DrawFn) -> HalfYearOverview:
    ids = draw(st.lists(texts, max_size=5, unique=True))
    return HalfYearOverview(
        provider=draw(texts),
        half_year=HalfYear(draw(st.integers(2000, 2099)), draw(st.sampled_from([1, 2]))),
        generated_at=draw(instants),
        rows=tuple(draw(rows(id)) for id in ids),
    )


@given(overviews())
def test_any_overview_round_trips_through_json_and_validates(result: HalfYearOverview) -> None:
    text = to_json(result)
    VALIDATOR.validate(json.loads(text))
    assert from_json(text) == result
    assert to_json(from_json(text)) == text


@given(overviews())
def test_any_overview_round_trips_through_csv(result: HalfYearOverview) -> None:
    text = to_csv(result)
    assert from_csv(text) == result
    assert to_csv(from_csv(text)) == text


@given(
    st.lists(st.sampled_from(list(KINDS)), max_size=6),
    st.lists(st.integers(0, 400), min_size=6, max_size=6),
    st.lists(st.none() | st.integers(0, 80), min_size=6, max_size=6),
)
def test_overviews_of_registrations_round_trip(
    kinds: list[str], days: list[int], hours: list[int | None]
) -> None:
    registrations = []
    for index, kind in enumerate(kinds):
        start = datetime(2025, 11, 1, 8, 30) + timedelta(days=days[index])
        duration = hours[index]
        end = None if duration is None else start + timedelta(hours=duration)
        registrations.append(
            replace(
                registration(kind), id=f"R-{index}", start=start, end=end, youth=f"Y-{index % 2}"
            )
        )
    result = overview(
        "P",
        H1,
        registrations,
        verdicts(registrations, datetime(2026, 7, 1)),
        generated_at=GENERATED,
    )
    text = to_json(result)
    VALIDATOR.validate(json.loads(text))
    assert from_json(text) == result
    assert from_csv(to_csv(result)) == result


def test_a_running_measure_across_the_clock_change_round_trips() -> None:
    autumn = measure("A", "2026-10-25T02:30", "2026-10-25T02:45")  # the hour that occurs twice
    result = overview("P", H2, [autumn], verdicts([autumn]), generated_at=GENERATED)
    assert result.rows[0].start.utcoffset() == timedelta(hours=2)  # first occurrence
    assert from_json(to_json(result)) == result == from_csv(to_csv(result))
    copied = copy.deepcopy(json.loads(to_json(result)))
    copied["registrations"][0]["end"] = "2026-10-25T02:45:00+01:00"  # the second occurrence
    with pytest.raises(InvalidOverview, match="duration_minutes"):
        from_json(json.dumps(copied))


# --- The six-monthly report per youth (6.7.1 lid 3, 6.7.2 lid 3) --------------------------------

BIRTH = date(2010, 7, 15)
SIXTEENTH_BIRTHDAY = date(2026, 7, 15)


def _report(
    report_date: date,
    consent: bool | None,
    recipient: str = "parents",
    birth_date: date | None = BIRTH,
    **options: Any,
) -> YouthReport | ReportWithheld:
    registrations = example_registrations()
    mine = [replace(r, youth="Y-1") for r in registrations if r.id in ("VBM-2026-0002", LOCK_IN)]
    return youth_report(
        "Y-1",
        birth_date,
        H1,
        mine + [measure("OTHER", "2026-03-01T10:00", "2026-03-01T11:00", youth="Y-2")],
        verdicts(registrations) | {"OTHER": legality.check(registration())},
        recipient,
        consent,
        report_date=report_date,
        **options,
    )


@pytest.mark.parametrize(
    ("report_date", "consent", "outcome"),
    [
        # The day before the 16th birthday: no consent needed, whatever is recorded.
        (SIXTEENTH_BIRTHDAY - timedelta(days=1), None, ReportBasis.UNDER_SIXTEEN),
        (SIXTEENTH_BIRTHDAY - timedelta(days=1), False, ReportBasis.UNDER_SIXTEEN),
        # On the 16th birthday the youth is sixteen: consent comes first (6.7.2 lid 3).
        (SIXTEENTH_BIRTHDAY, True, ReportBasis.CONSENT),
        (SIXTEENTH_BIRTHDAY, False, WithheldReason.CONSENT_REFUSED),
        (SIXTEENTH_BIRTHDAY, None, WithheldReason.CONSENT_NOT_RECORDED),
        (date(2027, 1, 10), None, WithheldReason.CONSENT_NOT_RECORDED),
    ],
)
def test_consent_of_a_youth_of_sixteen_or_older(
    report_date: date, consent: bool | None, outcome: ReportBasis | WithheldReason
) -> None:
    result = _report(report_date, consent)
    if isinstance(outcome, ReportBasis):
        assert isinstance(result, YouthReport)
        assert result.basis == outcome
    else:
        assert isinstance(result, ReportWithheld)
        assert result.reason == outcome
        assert result.article == "6.7.2 lid 3"
        assert result.age == 16 or report_date.year == 2027
        assert "6.7.2 lid 3" in result.message


def test_a_leap_day_baby_turns_sixteen_on_29_february() -> None:
    """Sixteen years after a leap year is a leap year (until 2100): the birthday exists."""
    born = date(2008, 2, 29)
    assert _report(date(2024, 2, 28), None, birth_date=born).basis == ReportBasis.UNDER_SIXTEEN
    assert isinstance(_report(date(2024, 2, 29), None, birth_date=born), ReportWithheld)


def test_an_unknown_birth_date_needs_consent() -> None:
    withheld = _report(date(2026, 7, 1), None, birth_date=None)
    assert isinstance(withheld, ReportWithheld)
    assert "birth date unknown" in withheld.message
    assert _report(date(2026, 7, 1), True, birth_date=None).basis == ReportBasis.CONSENT


def test_the_gi_needs_no_consent_for_what_it_needs_to_carry_out_the_supervision_order() -> None:
    report = _report(date(2026, 8, 1), None, recipient="gi", needed_for_ots=True)
    assert report.basis == ReportBasis.NEEDED_FOR_SUPERVISION_ORDER
    assert isinstance(_report(date(2026, 8, 1), None, recipient="gi"), ReportWithheld)
    with pytest.raises(ValueError, match="only to the GI"):
        _report(date(2026, 8, 1), None, recipient="parents", needed_for_ots=True)


def test_foster_parents_are_a_recipient_too() -> None:
    withheld = _report(date(2026, 8, 1), False, recipient="foster_parents")
    assert withheld.recipient == Recipient.FOSTER_PARENTS
    assert "foster parents" in withheld.message


def test_report_content_per_measure_and_per_kind() -> None:
    report = _report(date(2026, 7, 1), None)
    assert isinstance(report, YouthReport)
    assert [m.id for m in report.measures] == ["VBM-2026-0002", "VBM-2026-0003"]
    assert all(m.kind == "insluiting" and m.article == "6.3.2.2 lid 1 f" for m in report.measures)
    first, second = report.measures
    assert (first.duration_minutes, first.emergency, first.lawful) == (135, True, True)
    assert (second.lawful, second.violation_articles) == (False, ("6.3.2.2 lid 3",))
    (summary,) = report.per_kind
    assert (summary.kind, summary.measures, summary.running) == ("insluiting", 2, 0)
    assert summary.total_minutes == 135 + 27 * 60
    assert (summary.emergency, summary.unlawful) == (2, 1)


def test_an_unlisted_kind_is_reported_with_its_article_after_the_kinds_of_the_law() -> None:
    fixatie = measure("F-1", "2026-03-01T10:00", "2026-03-01T10:30", youth="Y-1", kind="fixatie")
    bezoek = measure("B-1", "2026-03-02T10:00", "2026-03-02T11:00", youth="Y-1")
    report = youth_report(
        "Y-1",
        BIRTH,
        H1,
        [fixatie, bezoek],
        verdicts([fixatie, bezoek]),
        Recipient.GI,
        None,
        report_date=date(2026, 7, 1),
    )
    assert isinstance(report, YouthReport)
    assert [(k.kind, k.article, k.unlawful) for k in report.per_kind] == [
        ("beperking_bezoek", "6.3.2.4 lid 1 b", 0),
        ("fixatie", "6.3.1.1 lid 3", 1),
    ]
    assert report.measures[0].violation_articles == ("6.3.1.1 lid 3",)


def test_a_half_year_without_measures_is_reported_too() -> None:
    report = youth_report(
        "Y-9", BIRTH, H1, [], {}, Recipient.GI, None, report_date=date(2026, 7, 1)
    )
    assert isinstance(report, YouthReport)
    assert report.measures == ()
    assert report.per_kind == ()
