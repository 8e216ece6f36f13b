"""``passend match``: exit codes, stdout and stderr, output format."""

import json

import pytest

from passend.cli import main as passend
from passend.matching.cli import main
from passend.matching.interchange import problem_json
from passend.matching.tests.factories import ALMERE, ambulant, offer, problem, youth

OUTPUT_FIELDS = {
    "youth",
    "offers",
    "free_place",
    "covered",
    "uncovered",
    "in_own_region",
    "out_of_region_reason",
    "expected_wait_days",
    "score",
    "score_breakdown",
    "explanation",
}


@pytest.fixture
def input_file(tmp_path):
    case = problem(
        [
            youth("J1", needs={"gedrag", "trauma"}),
            youth("J2", age=5),
            youth("J3", municipality=ALMERE, max_wait_days=0),
        ],
        [offer("A1", free_places=2), ambulant("B1", {"trauma"})],
    )
    path = tmp_path / "in.json"
    path.write_text(json.dumps(problem_json(case)))
    return path


@pytest.mark.parametrize("strategy", ["optimal", "greedy"])
def test_writes_every_youth_once_to_stdout(input_file, capsys, strategy):
    assert main(["--input", str(input_file), "--strategy", strategy]) == 0
    out = json.loads(capsys.readouterr().out)
    youth_ids = [a["youth"] for a in out["assignments"]] + [u["youth"] for u in out["unassigned"]]
    assert sorted(youth_ids) == ["J1", "J2", "J3"]
    assert all(set(a) == OUTPUT_FIELDS for a in out["assignments"])
    assert all(a["offers"] for a in out["assignments"])
    assert {"share_all_needs_covered", "share_out_of_region_without_reason", "gap"} <= set(
        out["metrics"]
    )
    assert (out["metrics"]["gap"] is None) is (strategy == "greedy")


def test_writes_to_a_file_and_accepts_a_time_limit(input_file, tmp_path, capsys):
    target = tmp_path / "out.json"
    assert main(["--input", str(input_file), "--output", str(target), "--time-limit", "2"]) == 0
    assert capsys.readouterr().out == ""
    assignment = json.loads(target.read_text())["assignments"][0]
    assert assignment["explanation"].startswith("Dekt 2 van 2 hulpvragen in eigen regio")


def test_invalid_input_exits_2_with_every_error_on_stderr(tmp_path, capsys):
    data = problem_json(problem([youth()], [offer()]))
    data["youth"][0]["needs"] = ["gedrag", "onbekend"]
    data["offers"][0]["cooperates_with"] = ["X1"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    assert main(["--input", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "offers[0].cooperates_with[0]: unknown offer id 'X1'" in captured.err
    assert "youth[0].needs[1]: unknown need 'onbekend'" in captured.err


@pytest.mark.parametrize(
    "arguments",
    [
        [],  # --input missing
        ["--input", "in.json", "--strategy", "random"],
        ["--input", "in.json", "--time-limit", "0"],
    ],
)
def test_bad_arguments_exit_2(arguments, capsys):
    assert main(arguments) == 2
    assert capsys.readouterr().out == ""


def test_unreadable_input_exits_2(tmp_path, capsys):
    assert main(["--input", str(tmp_path / "missing.json")]) == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert main(["--input", str(broken)]) == 2
    assert capsys.readouterr().out == ""


def test_passend_match_dispatches_here(input_file, capsys):
    assert passend(["match", "--input", str(input_file), "--strategy", "greedy"]) == 0
    assert json.loads(capsys.readouterr().out)["strategy"] == "greedy"


@pytest.mark.parametrize("strategy", ["optimal", "greedy"])
def test_an_input_without_youth_gives_an_empty_outcome(tmp_path, capsys, strategy):
    """No youth waiting is an answer: exit 0, no assignments, figures that need youth null."""
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(problem_json(problem([], []))))
    assert main(["--input", str(path), "--strategy", strategy]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["assignments"], out["unassigned"]) == ([], [])
    assert out["metrics"]["share_all_needs_covered"] is None
    assert out["metrics"]["worst_region"] is None


def test_infinity_and_nan_in_the_input_exit_2(tmp_path, capsys):
    """Python's JSON reader accepts NaN and Infinity; the command refuses them with the path."""
    text = json.dumps(problem_json(problem([youth()], [offer()])))
    path = tmp_path / "nan.json"
    path.write_text(text.replace('"staff_ratio": 0.2', '"staff_ratio": Infinity'))
    assert main(["--input", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "offers[0].staff_ratio: expected a finite number, got inf" in captured.err
