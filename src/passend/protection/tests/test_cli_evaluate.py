"""``passend norms evaluate``: reads an events file, prints verdicts; exit 2 on bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from passend.cli import pure_command
from passend.protection.cli import main
from passend.protection.rules.norms import Indicator, Verdict

FIXTURES = Path(__file__).parents[1] / "rules" / "tests" / "fixtures"
SAMPLE_JSONL = str(FIXTURES / "sample.jsonl")
SAMPLE_CSV = str(FIXTURES / "sample.csv")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_console_script_dispatches_here():
    assert pure_command(["norms", "evaluate", "x.jsonl"]) == (
        "passend.protection.cli",
        ["x.jsonl"],
    )


def test_json_output_has_exactly_the_documented_shape(capsys):
    code, out, err = run(capsys, SAMPLE_JSONL, "--as-of", "2026-07-01", "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert list(document) == ["as_of", "cases", "summary"]
    assert document["as_of"] == "2026-07-01"
    assert [case["case"] for case in document["cases"]] == ["JB-001", "JB-002"]
    first = document["cases"][0]
    assert list(first) == ["case", "gi", "region", "indicators", "flags"]
    assert (first["gi"], first["region"]) == ("GI-ZEE", "Zeeland")
    assert list(first["indicators"]) == [str(indicator) for indicator in Indicator]
    for result in first["indicators"].values():
        assert list(result) == ["verdict", "deadline", "reason"]
        assert result["verdict"] in set(Verdict)
    assert first["indicators"]["protector_timely"] == {
        "verdict": "met",
        "deadline": "2026-03-10",
        "reason": "protector P-17 (vast) linked on 2026-03-10, by the deadline 2026-03-10 "
        "(5 working days after the GI was informed on 2026-03-03); "
        "duty desk (bureaudienst) on 2026-03-04 is not a protector",
    }
    assert first["indicators"]["course_timely"]["verdict"] == "late_explained"
    assert first["flags"] == []
    assert document["summary"]["course_set"] == {
        "met": 1,
        "not_met": 0,
        "late_explained": 0,
        "pending": 0,
        "not_applicable": 1,
        "assessed": 1,
        "met_pct": 100.0,
    }


def test_a_case_without_the_gi_informed_date_is_flagged_in_every_format(capsys):
    """JB-002 has no ``gi_informed``: the flag is in the JSON, on each CSV row of the case and
    on its heading in the table; JB-001 has none."""
    _, out, _ = run(capsys, SAMPLE_JSONL, "--as-of", "2026-07-01", "--format", "json")
    assert [case["flags"] for case in json.loads(out)["cases"]] == [[], ["gi_informed_missing"]]
    _, out, _ = run(capsys, SAMPLE_JSONL, "--as-of", "2026-07-01", "--format", "csv")
    flags = {(row["case"], row["flags"]) for row in csv.DictReader(io.StringIO(out))}
    assert flags == {("JB-001", ""), ("JB-002", "gi_informed_missing")}
    _, out, _ = run(capsys, SAMPLE_JSONL, "--as-of", "2026-07-01")
    assert "JB-002  (GI GI-RIJ, region Rijnmond; flags: gi_informed_missing)\n" in out
    assert "JB-001  (GI GI-ZEE, region Zeeland)\n" in out


def test_csv_and_jsonl_input_give_the_same_output(capsys):
    _, from_jsonl, _ = run(capsys, SAMPLE_JSONL, "--as-of", "2026-07-01", "--format", "json")
    _, from_csv, _ = run(capsys, SAMPLE_CSV, "--as-of", "2026-07-01", "--format", "json")
    assert from_jsonl == from_csv


def test_csv_output_has_one_row_per_case_and_indicator(capsys):
    code, out, _ = run(capsys, SAMPLE_CSV, "--as-of", "2026-07-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert len(rows) == 2 * len(Indicator)
    assert list(rows[0]) == [
        "as_of",
        "case",
        "gi",
        "region",
        "indicator",
        "verdict",
        "deadline",
        "reason",
        "flags",
    ]
    assert rows[7]["case"] == "JB-002"
    assert (rows[7]["indicator"], rows[7]["verdict"]) == ("protector_timely", "met")


def test_table_output_is_aligned_text(capsys):
    code, out, _ = run(capsys, SAMPLE_JSONL, "--as-of", "2026-07-01")
    assert code == 0
    assert out.startswith("Norms as of 2026-07-01: 2 case(s)\n")
    assert "  course_timely     late_explained  2026-04-01  course set on 2026-04-08" in out
    assert "  protector_timely  2    0" in out


def test_stdin_is_read_as_json_lines(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(Path(SAMPLE_JSONL).read_text()))
    code, out, _ = run(capsys, "-", "--as-of", "2026-07-01", "--format", "json")
    assert code == 0
    assert len(json.loads(out)["cases"]) == 2


def test_cases_whose_measure_comes_after_as_of_are_left_out(capsys):
    code, out, _ = run(capsys, SAMPLE_JSONL, "--as-of", "2026-04-01", "--format", "json")
    assert code == 0
    assert [case["case"] for case in json.loads(out)["cases"]] == ["JB-001"]


BAD = "\n".join(
    [
        '{"case": "C1", "type": "measure_pronounced", "date": "2026-03-02", "measure": "OTS", '
        '"region": "Zeeland", "gi": "GI-A"}',
        '{"case": "C1", "type": "gi_informed", "date": "2026-03-32"}',
        '{"case": "C2", "type": "gi_informed", "date": "2026-03-03"}',
        '{"case": "C1", "type": "protector_assigned", "date": "2026-03-05", "protector": "P1", '
        '"kind": "vast", "reason": "start"}',
    ]
)


def test_invalid_input_exits_2_with_every_error_and_no_output(capsys, tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text(BAD)
    code, out, err = run(capsys, str(path), "--as-of", "2026-07-01", "--format", "json")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"{path}:2: field 'date': '2026-03-32' is not a valid date",
        f"{path}:3: case 'C2' has no measure_pronounced event",
    ]


def test_skip_bad_lines_reports_them_and_evaluates_the_rest(capsys, tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text(BAD)
    code, out, err = run(
        capsys, str(path), "--as-of", "2026-07-01", "--format", "json", "--skip-bad-lines"
    )
    assert code == 0
    assert len(err.splitlines()) == 2
    case = json.loads(out)["cases"][0]
    assert case["indicators"]["protector_timely"]["verdict"] == "met"
    assert "GI-informed date is missing" in case["indicators"]["protector_timely"]["reason"]


def test_csv_errors_carry_csv_line_numbers(capsys, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "case,type,date,measure,region,gi,colour\n"
        "C1,measure_pronounced,2026-03-02,OTS,Zeeland,GI-A,\n"
        "C1,measure_ended,2026-02-30,,,,\n"
    )
    code, out, err = run(capsys, str(path), "--as-of", "2026-07-01")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{path}:1: unknown column 'colour'",
        f"{path}:3: field 'date': '2026-02-30' is not a valid date",
    ]


def test_stdin_errors_are_named_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"case": "C1"}\n'))
    code, _, err = run(capsys, "-", "--as-of", "2026-07-01")
    assert code == 2
    assert err == "<stdin>:1: missing required field 'type'\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("events.txt", "", "unknown file type '.txt': use .jsonl or .csv"),
        ("missing.jsonl", None, "cannot read: No such file or directory"),
        ("latin1.csv", b"case\xe9\n", "not UTF-8 text"),
    ],
)
def test_unreadable_files_exit_2(capsys, tmp_path, name, content, message):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    code, out, err = run(capsys, str(path), "--as-of", "2026-07-01")
    assert (code, out) == (2, "")
    assert err == f"{path}: {message}\n"


@pytest.mark.parametrize(
    "argv",
    [
        [SAMPLE_JSONL],
        [SAMPLE_JSONL, "--as-of", "1-7-2026"],
        [SAMPLE_JSONL, "--as-of", "2026-07-01", "--format", "xml"],
    ],
)
def test_bad_arguments_exit_2_with_usage(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("usage: passend norms evaluate")


def test_help_exits_0(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "--as-of" in out


def test_utf8_bom_is_accepted(capsys, tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes("\ufeff".encode() + Path(SAMPLE_CSV).read_bytes())
    code, _, err = run(capsys, str(path), "--as-of", "2026-07-01")
    assert (code, err) == (0, "")
