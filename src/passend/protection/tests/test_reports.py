"""The report over the database equals the per-case verdicts of the pure engine, summed."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from passend.audit.log import Actor
from passend.protection.generator import generate_events
from passend.protection.reports import norms_report
from passend.protection.rules.events import parse_jsonl, read_jsonl
from passend.protection.rules.norms import evaluate_cases, summarise
from passend.protection.services import import_events
from passend.registry.models import ChildProtectionRegion, Organisation

REGIONS = ["Friesland", "Rijnmond", "Limburg"]
START, END = date(2025, 1, 1), date(2025, 12, 31)


@pytest.fixture
def delivered(db):
    """300 generated measures in three regions, imported through the real service."""
    gis = {}
    for region in REGIONS:
        reference = f"gi-{region.lower()}"
        Organisation.objects.create(
            reference=reference,
            name=reference,
            kind=Organisation.Kind.GI,
            child_protection_region=ChildProtectionRegion.objects.get(name=region),
        )
        gis[region] = [reference]
    lines = [
        json.dumps(event)
        for event in generate_events(
            seed=7, measures=300, start=START, end=END, regions=REGIONS, gis_per_region=gis
        )
    ]
    import_events(read_jsonl(lines), actor=Actor.system("test"), acting_user=None, channel="file")
    return parse_jsonl(lines).events


@pytest.mark.parametrize("as_of", [date(2025, 3, 1), date(2025, 8, 15), END, date(2026, 6, 1)])
def test_region_report_equals_the_engine_summed(delivered, as_of):
    evaluations = evaluate_cases(delivered, as_of)
    for group in norms_report(as_of=as_of, by="region").groups:
        expected = summarise(
            (indicator, result.verdict)
            for evaluation in evaluations
            if evaluation.region == group.group
            for indicator, result in evaluation.indicators.items()
        )
        assert dict(group.indicators) == dict(expected), group.group


def test_national_report_with_a_period_of_measure_starts(delivered):
    as_of = END
    period = (date(2025, 4, 1), date(2025, 6, 30))
    report = norms_report(
        as_of=as_of, by="national", measures_from=period[0], measures_to=period[1]
    )
    pronounced = {e.case: e.date for e in delivered if e.type == "measure_pronounced"}
    evaluations = [
        e for e in evaluate_cases(delivered, as_of) if period[0] <= pronounced[e.case] <= period[1]
    ]
    assert len(report.groups) == 1
    expected = summarise(
        (indicator, result.verdict)
        for e in evaluations
        for indicator, result in e.indicators.items()
    )
    assert dict(report.groups[0].indicators) == dict(expected)
    assert sum(s.assessed + s.pending + s.not_applicable for s in expected.values()) == 7 * len(
        evaluations
    )


def test_by_gi_counts_every_case_once(delivered):
    """Per GI, each indicator counts each case pronounced by the as-of date exactly once."""
    report = norms_report(as_of=END, by="gi")
    cases = Counter(e.gi for e in evaluate_cases(delivered, END))
    assert {g.group for g in report.groups} == set(cases)
    for group in report.groups:
        for summary in group.indicators.values():
            total = summary.assessed + summary.pending + summary.not_applicable
            assert total == cases[group.group]


def test_command_formats(delivered, tmp_path):
    out = io.StringIO()
    call_command(
        "norms", "report", "--as-of", "2025-12-31", "--by", "region", "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert [g["group"] for g in data["groups"]] == sorted(REGIONS)
    assert set(data["groups"][0]["indicators"]) == {
        "protector_timely",
        "protector_fixed",
        "course_set",
        "course_timely",
        "course_supported",
        "help_deployed",
        "help_timely",
    }
    xlsx = tmp_path / "report.xlsx"
    call_command(
        "norms", "report", "--as-of", "2025-12-31", "--format", "xlsx", "--output", str(xlsx)
    )
    rows = list(load_workbook(xlsx).active.values)
    assert rows[0][:3] == ("group", "indicator", "assessed")
    assert len(rows) == 1 + 7


def test_command_refuses_a_bad_date(delivered):
    with pytest.raises(CommandError) as error:
        call_command("norms", "report", "--as-of", "2025-02-30")
    assert error.value.returncode == 2
