"""The event generator: valid, deterministic, fictional case files calibrated on the 2021 data."""

from __future__ import annotations

import io
import json
from collections import Counter, defaultdict
from datetime import date
from random import Random

import pytest

from passend.protection.generate_cli import main
from passend.protection.generator import (
    REFERENCE_FIGURES,
    REGION_MAX_DEVIATION,
    Rates,
    default_gi,
    draw_region_rates,
    generate_events,
    write_jsonl,
)
from passend.protection.rules.events import check_measures, parse_jsonl
from passend.protection.rules.norms import Indicator, Verdict, evaluate_cases, summarise
from passend.registry.reference import current

REGIONS = current().child_protection_regions
SEED = 2021
MEASURES = 5_000
START, END = date(2024, 1, 1), date(2025, 6, 30)
TOLERANCE_POINTS = 8


@pytest.fixture(scope="module")
def events() -> list[dict]:
    return list(
        generate_events(seed=SEED, measures=MEASURES, start=START, end=END, regions=REGIONS)
    )


@pytest.fixture(scope="module")
def jsonl(events) -> str:
    buffer = io.StringIO()
    assert write_jsonl(events, buffer) == len(events)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def parsed(jsonl):
    return parse_jsonl(io.StringIO(jsonl))


@pytest.fixture(scope="module")
def evaluations(parsed):
    return evaluate_cases(parsed.events, END)


def small(seed: int, **overrides) -> list[dict]:
    arguments = {"measures": 300, "start": START, "end": END, "regions": REGIONS} | overrides
    return list(generate_events(seed=seed, **arguments))


def percentages(evaluations) -> dict[Indicator, float | None]:
    summary = summarise(pair for evaluation in evaluations for pair in evaluation.verdicts())
    return {indicator: counts.met_pct for indicator, counts in summary.items()}


# --- Valid format ---------------------------------------------------------------------------------


def test_every_generated_line_parses_without_errors(jsonl, parsed, events):
    assert parsed.errors == ()
    assert check_measures(parsed.events) == []
    assert len(parsed.events) == len(events) == len(jsonl.splitlines())


def test_each_measure_is_one_case_with_a_unique_pseudonymous_reference(events):
    measures = [event for event in events if event["type"] == "measure_pronounced"]
    assert len(measures) == MEASURES
    references = [event["case"] for event in measures]
    assert len(set(references)) == MEASURES
    assert all(reference.startswith(f"c-{SEED}-") for reference in references)
    assert {event["region"] for event in measures} == set(REGIONS)
    assert {event["gi"] for event in measures} == {default_gi(region) for region in REGIONS}


def test_a_case_comes_together_in_date_order_starting_with_its_measure(events):
    by_case: dict[str, list[dict]] = defaultdict(list)
    seen_order = []
    for event in events:
        if not by_case[event["case"]]:
            seen_order.append(event["case"])
        by_case[event["case"]].append(event)
    assert len(seen_order) == len(by_case), "the events of a case are not interleaved"
    for case_events in by_case.values():
        assert case_events[0]["type"] == "measure_pronounced"
        dates = [event["date"] for event in case_events]
        assert dates == sorted(dates)
    pronounced = [by_case[case][0]["date"] for case in seen_order]
    assert pronounced == sorted(pronounced)


def test_no_event_is_dated_before_start_or_after_end(events):
    dates = {event["date"] for event in events}
    assert min(dates) >= START.isoformat()
    assert max(dates) <= END.isoformat()


def test_no_event_follows_the_end_of_its_measure(events):
    ended = {e["case"]: e["date"] for e in events if e["type"] == "measure_ended"}
    assert ended
    assert all(e["date"] <= ended[e["case"]] for e in events if e["case"] in ended)


# --- Deterministic --------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_stream():
    assert small(7) == small(7)


def test_another_seed_gives_another_stream():
    assert small(7) != small(8)


def test_arguments_are_checked_before_the_stream_is_read():
    with pytest.raises(ValueError, match="after end"):
        generate_events(seed=1, measures=1, start=END, end=START, regions=REGIONS)
    with pytest.raises(ValueError, match="negative"):
        generate_events(seed=1, measures=-1, start=START, end=END, regions=REGIONS)
    with pytest.raises(ValueError, match="years"):
        generate_events(seed=1, measures=1, start=date(2013, 12, 1), end=END, regions=REGIONS)
    with pytest.raises(ValueError, match="region"):
        generate_events(seed=1, measures=1, start=START, end=END, regions=[])
    with pytest.raises(ValueError, match="unknown region"):
        generate_events(
            seed=1, measures=1, start=START, end=END, regions=REGIONS, gis_per_region={"X": ["a"]}
        )


def test_gis_come_from_the_mapping_given_and_default_per_region_otherwise():
    gis = {"Rijnmond": ["gi-william-schrikker", "gi-jbrr"], "Zeeland": ["gi-zeeland"]}
    events = small(3, measures=600, gis_per_region=gis)
    seen = defaultdict(set)
    for event in events:
        if event["type"] == "measure_pronounced":
            seen[event["region"]].add(event["gi"])
    assert seen["Rijnmond"] == {"gi-william-schrikker", "gi-jbrr"}
    assert seen["Zeeland"] == {"gi-zeeland"}
    assert seen["Limburg"] == {"gi-limburg"}


def test_zero_measures_give_no_events():
    assert small(1, measures=0) == []


# --- Calibrated -----------------------------------------------------------------------------------


@pytest.mark.parametrize("indicator", list(Indicator))
def test_national_share_met_lies_near_the_2021_reference_figure(evaluations, indicator):
    reference = 100 * REFERENCE_FIGURES[indicator].rate
    observed = percentages(evaluations)[indicator]
    assert observed is not None
    assert abs(observed - reference) <= TOLERANCE_POINTS, (indicator, observed, reference)


def test_regions_differ_from_each_other(evaluations):
    by_region = defaultdict(list)
    for evaluation in evaluations:
        by_region[evaluation.region].append(evaluation)
    per_region = {region: percentages(cases) for region, cases in by_region.items()}
    assert set(per_region) == set(REGIONS)
    for indicator in Indicator:
        values = [per_region[region][indicator] for region in REGIONS]
        assert len(set(values)) > 1, indicator
    spreads = [
        max(per_region[r][i] for r in REGIONS) - min(per_region[r][i] for r in REGIONS)
        for i in Indicator
    ]
    assert max(spreads) >= 5


@pytest.mark.parametrize("seed", range(5))
def test_region_rates_stay_within_ten_points_of_the_reference(seed):
    reference = Rates.reference().as_mapping()
    for rates in draw_region_rates(Random(seed), REGIONS).values():
        for indicator, rate in rates.as_mapping().items():
            assert abs(rate - reference[indicator]) <= REGION_MAX_DEVIATION + 1e-9


def test_the_measure_mix_follows_the_inflow(events):
    kinds = Counter(e["measure"] for e in events if e["type"] == "measure_pronounced")
    assert kinds["OTS"] / MEASURES == pytest.approx(0.55, abs=0.03)
    assert kinds["voogdij"] / MEASURES == pytest.approx(0.12, abs=0.03)
    assert kinds["jeugdreclassering"] / MEASURES == pytest.approx(0.33, abs=0.03)


# --- What goes wrong is in the data ---------------------------------------------------------------


def test_some_cases_lack_the_gi_informed_date(events, evaluations):
    informed = {e["case"] for e in events if e["type"] == "gi_informed"}
    missing = MEASURES - len(informed)
    assert 0.01 * MEASURES <= missing <= 0.06 * MEASURES
    assert sum(evaluation.gi_informed_missing for evaluation in evaluations) == missing


def test_the_stories_of_the_reports_are_there(events):
    by_type = defaultdict(list)
    for event in events:
        by_type[event["type"]].append(event)
    assignments = by_type["protector_assigned"]
    assert {a["kind"] for a in assignments} == {"vast", "instroomteam", "bureaudienst"}
    assert {a["reason"] for a in assignments} == {
        "start",
        "planned",
        "turnover",
        "sickness",
        "other",
    }
    desk_after_change = [
        a for a in assignments if a["kind"] == "bureaudienst" and a["reason"] != "start"
    ]
    assert desk_after_change
    assert {e["norm"] for e in by_type["explanation"]} == {"course", "help"}
    assert {e["norm"] for e in by_type["deadline_advanced"]} == {"course", "help"}
    starts = by_type["help_started"]
    assert any(s["via_escalation"] for s in starts)
    assert any(not s["appropriate"] for s in starts)
    assert len(by_type["waitlisted"]) > 0.3 * len(by_type["intake"])
    courses = by_type["course_set"]
    assert any(not c["child_heard"] and "child_not_heard_reason" in c for c in courses)
    assert any("parents" not in c["participants"] for c in courses)
    assert by_type["measure_ended"]


def test_verdicts_include_every_kind_of_outcome(evaluations):
    verdicts = {verdict for evaluation in evaluations for _, verdict in evaluation.verdicts()}
    assert verdicts == set(Verdict)
    reasons = [
        evaluation.indicators[Indicator.PROTECTOR_FIXED].reason for evaluation in evaluations
    ]
    assert any("duty desk" in reason for reason in reasons)
    assert any("unplanned protector changes" in reason for reason in reasons)
    timely_help = [
        evaluation.indicators[Indicator.HELP_TIMELY].reason for evaluation in evaluations
    ]
    assert any("via escalation" in reason for reason in timely_help)


def test_cases_near_the_end_are_still_open(evaluations):
    recent = [e for e in evaluations if e.indicators[Indicator.HELP_TIMELY].deadline >= END]
    assert recent
    assert any(e.indicators[Indicator.HELP_TIMELY].verdict is Verdict.PENDING for e in recent)


# --- Writing and the command ----------------------------------------------------------------------


def test_write_jsonl_writes_one_compact_object_per_line_to_a_path(tmp_path):
    events = small(5, measures=20)
    path = tmp_path / "events.jsonl"
    assert write_jsonl(iter(events), path) == len(events)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == events


def test_command_writes_a_valid_file(tmp_path, capsys):
    path = tmp_path / "out.jsonl"
    argv = ["--measures", "50", "--seed", "4", "--start", "2025-01-01", "--end", "2025-12-31"]
    assert main([*argv, "--output", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "events of 50 measures written" in err
    with path.open(encoding="utf-8") as handle:
        result = parse_jsonl(handle)
    assert result.errors == ()
    assert len({event.case for event in result.events}) == 50


def test_command_writes_to_standard_output_with_a_dash(capsys):
    argv = ["--measures", "5", "--start", "2025-01-01", "--end", "2025-03-31", "--output", "-"]
    assert main(argv) == 0
    out, _ = capsys.readouterr()
    assert parse_jsonl(io.StringIO(out)).ok
    assert main(argv) == 0
    assert capsys.readouterr().out == out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--measures", "5", "--start", "2025-13-01", "--end", "2025-12-31"], "not a valid date"),
        (["--measures", "-5", "--start", "2025-01-01", "--end", "2025-12-31"], "negative"),
        (["--measures", "5", "--start", "2025-06-01", "--end", "2025-01-01"], "after end"),
        (["--start", "2025-01-01", "--end", "2025-12-31"], "--measures"),
    ],
)
def test_command_refuses_bad_arguments_with_status_2(capsys, argv, message):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err


def test_command_reports_an_unwritable_output_with_status_2(tmp_path, capsys):
    path = tmp_path / "missing" / "out.jsonl"
    argv = ["--measures", "1", "--start", "2025-01-01", "--end", "2025-01-31"]
    assert main([*argv, "--output", str(path)]) == 2
    assert "cannot write" in capsys.readouterr().err
