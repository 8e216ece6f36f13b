"""``passend vbm check``: one JSON verdict per line, or every error on stderr and exit 2."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from passend import cli as passend_cli
from passend.restrictive_measures.cli import main
from passend.restrictive_measures.rules.tests.builders import after, record

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "examples" / "vbm-registrations.jsonl"


def write(path: Path, *records: object) -> str:
    path.write_text(
        "".join(item if isinstance(item, str) else json.dumps(item) + "\n" for item in records),
        encoding="utf-8",
    )
    return str(path)


def outputs(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_one_verdict_per_registration_in_file_order(tmp_path: Path, capsys) -> None:
    file = write(
        tmp_path / "in.jsonl",
        record(id="A"),
        record(id="B", setting="open"),
    )
    assert main([file]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    first, second = outputs(out)
    assert first == {"id": "A", "lawful": True, "violations": [], "warnings": []}
    assert second["id"] == "B"
    assert second["lawful"] is False
    assert second["violations"][0]["article"] == "6.3.1.1"
    assert set(second["violations"][0]) == {"article", "message"}


def test_as_of_judges_running_measures(tmp_path: Path, capsys) -> None:
    file = write(tmp_path / "in.jsonl", record("insluiting", id="L", end=None))
    assert main([file]) == 0
    assert outputs(capsys.readouterr().out)[0]["lawful"] is True
    assert main([file, "--as-of", after_hours(25)]) == 0
    (verdict,) = outputs(capsys.readouterr().out)
    assert verdict["lawful"] is False
    assert verdict["violations"][0]["article"] == "6.3.2.2 lid 3"
    assert "25 h" in verdict["violations"][0]["message"]


def test_a_kind_outside_the_law_is_a_violation_not_an_input_error(tmp_path: Path, capsys) -> None:
    """6.3.1.1 lid 3: only the measures of 6.3.2.1-6.3.2.5; a well-formed other code is judged."""
    file = write(tmp_path / "in.jsonl", record("fixatie", id="F"), record(id="OK"))
    assert main([file]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    unlisted, lawful = outputs(out)
    assert unlisted["lawful"] is False
    (violation,) = unlisted["violations"]
    assert violation["article"] == "6.3.1.1 lid 3"
    assert "'fixatie'" in violation["message"]
    assert lawful["lawful"] is True


def test_a_malformed_kind_is_still_an_input_error(tmp_path: Path, capsys) -> None:
    file = write(tmp_path / "in.jsonl", record(id="A"), record(id="B", kind="Fixatie!"))
    assert main([file]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{file}:2: field 'kind' must be a kind code")


def test_past_the_help_plans_term_without_independent_advice_warns(tmp_path: Path, capsys) -> None:
    """6.3.1.5 lid 1: a warning once the running measure is past its term, never a violation."""
    term = after_hours(24)
    file = write(tmp_path / "in.jsonl", record(id="T", end=None, phase_out_by=term))
    assert main([file, "--as-of", term]) == 0
    assert outputs(capsys.readouterr().out)[0]["warnings"] == []
    assert main([file, "--as-of", after_hours(25)]) == 0
    (verdict,) = outputs(capsys.readouterr().out)
    assert verdict["lawful"] is True
    assert [w["article"] for w in verdict["warnings"]] == ["6.3.1.5 lid 1"]


def after_hours(hours: int) -> str:
    return after(timedelta(hours=hours))


def test_invalid_input_reports_every_error_and_prints_nothing(tmp_path: Path, capsys) -> None:
    file = write(
        tmp_path / "bad.jsonl",
        record(id="A"),
        record(id="B", setting="closed", emergancy=True),
        "{not json\n",
        record(id="A"),
    )
    assert main([file]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        f"{file}:2",
        f"{file}:2",
        f"{file}:3",
        f"{file}:4",
    ]
    assert lines[0] == f"{file}:2: unknown field \"emergancy\" (did you mean 'emergency'?)"
    assert lines[-1] == f'{file}:4: id "A" repeats line 1'


def test_reads_standard_input(monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(record(id="S")) + "\n"))
    assert main(["-"]) == 0
    assert outputs(capsys.readouterr().out)[0]["id"] == "S"


def test_errors_on_standard_input_name_stdin(monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("[]\n"))
    assert main(["-"]) == 2
    assert capsys.readouterr().err == "<stdin>:1: expected a JSON object, not []\n"


def test_missing_file(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path / "nope.jsonl")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{tmp_path / 'nope.jsonl'}: cannot read the file")


@pytest.mark.parametrize("as_of", ["14-03-2026", "2026-03-14", "tomorrow"])
def test_bad_as_of(tmp_path: Path, capsys, as_of: str) -> None:
    file = write(tmp_path / "in.jsonl", record())
    assert main([file, "--as-of", as_of]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "passend vbm check" in err
    assert "expected a date-time like 2026-03-02T14:30" in err


def test_help_exits_zero(capsys) -> None:
    assert main(["--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: passend vbm check")


def test_console_script_dispatches_here(tmp_path: Path, capsys) -> None:
    file = write(tmp_path / "in.jsonl", record(id="D"))
    assert passend_cli.main(["vbm", "check", file]) == 0
    assert outputs(capsys.readouterr().out)[0]["id"] == "D"


EXAMPLE_LAWFUL = {
    "VBM-2026-0001": True,  # visit limit in the help plan, all grounds written
    "VBM-2026-0002": True,  # two-hour emergency lock-in in a safe room
    "VBM-2026-0003": False,  # lock-in of 27 h without an extension
    "VBM-2026-0004": False,  # lock-in in the own bedroom
    "VBM-2026-0005": False,  # phones handed in as a house rule in open care
    "VBM-2026-0006": True,  # emergency room stay of 16 h with a scientist's consent
    "VBM-2026-0007": False,  # holding without recorded alternatives
    "VBM-2026-0008": False,  # room search in the youth's absence
    "VBM-2026-0009": True,  # urine test on suspicion; copy not recorded (warning)
    "VBM-2026-0010": True,  # night door alarm in the plan, still running
    "VBM-2026-0011": False,  # lock-in of an eleven-year-old
    "VBM-2026-0012": True,  # transfer; GI not informed (warning, youth is 17)
    "VBM-2026-0013": True,  # Wzd location in the register, with a legal basis
    "VBM-2026-0014": False,  # Wvggz location not in the register
    "VBM-2026-0015": True,  # emergency limit on activities, still running (no as-of)
    "VBM-2026-0016": False,  # strapped to the bed: a measure the law does not list
    "VBM-2026-0017": True,  # phone limit past the plan's term, no advice asked (warning)
}


def test_the_documented_example(capsys) -> None:
    assert main([str(EXAMPLE)]) == 0
    verdicts = outputs(capsys.readouterr().out)
    assert {verdict["id"]: verdict["lawful"] for verdict in verdicts} == EXAMPLE_LAWFUL


def test_the_documented_example_as_of_a_later_date(capsys) -> None:
    """Four days on, the running emergency measure of 10 March has passed three days."""
    assert main([str(EXAMPLE), "--as-of", "2026-03-14T09:00"]) == 0
    verdicts = {verdict["id"]: verdict for verdict in outputs(capsys.readouterr().out)}
    assert verdicts["VBM-2026-0015"]["lawful"] is False
    assert verdicts["VBM-2026-0015"]["violations"][0]["article"] == "6.3.1.2 lid 4"
