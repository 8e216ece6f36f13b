"""A second set of hand-decided cases, kept as data: 46 cases whose verdicts and deadlines were
worked out by hand from DOMAIN §7 by someone who did not write the engine (an audit), covering
weekends and every Algemene termijnenwet holiday (Good Friday is a working day; King's Day on
26 April when the 27th is a Sunday; 5 May every year), month ends and leap years, advanced
deadlines, explanations, escalations, protector changes and the duty desk, missing GI-informed
dates, ended measures and events after the as-of date.

``fixtures/hand_decided_cases.json`` holds per case its events (in file order: shuffled, as a
case system may deliver them), the as-of date, the expected verdict and deadline per indicator,
and fragments the reason must contain. Two expectations the auditor marked as a matter of
reading (a later ``start`` assignment to another person; a missing course's support verdict)
were left out; docs/formats.md states the reading the engine takes.
"""

from __future__ import annotations

import json
from pathlib import Path
from random import Random

import pytest

from passend.protection.rules.events import parse_jsonl
from passend.protection.rules.norms import evaluate_cases
from passend.protection.rules.tests.builders import d

CASES = json.loads((Path(__file__).parent / "fixtures" / "hand_decided_cases.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_hand_decided_case(case):
    events = list(case["events"])
    Random(case["name"]).shuffle(events)  # any order of delivery gives the same verdicts
    parsed = parse_jsonl(json.dumps(event) for event in events)
    assert parsed.errors == ()
    [evaluation] = evaluate_cases(parsed.events, d(case["as_of"]))
    got = {
        indicator: {"verdict": result.verdict.value, "deadline": str(result.deadline)}
        for indicator, result in evaluation.indicators.items()
    }
    for indicator, expected in case["expected"].items():
        assert got[indicator] == expected, indicator
    for indicator, fragment in case["reason_contains"].items():
        assert fragment in evaluation.indicators[indicator].reason, indicator
