"""The import service's fast paths store exactly what the pure engine derives.

The service computes the verdict timelines from the parsed events (not read back), in worker
processes for large deliveries, and writes rows with plain statements. Whatever path it takes,
the stored spans and worklist fields must equal :func:`timeline` and :func:`case_state` over all
events of each case, and a failure anywhere must leave nothing behind.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from datetime import date

import pytest
from django.utils import timezone

from passend.audit.log import Actor
from passend.protection import services
from passend.protection.generator import generate_events
from passend.protection.models import Case, CaseEvent, VerdictSpan
from passend.protection.rules.events import read_jsonl
from passend.protection.rules.norms import Indicator
from passend.protection.rules.state import case_state
from passend.protection.rules.timeline import timeline
from passend.registry.models import ChildProtectionRegion, Organisation

REGIONS = ["Friesland", "Limburg"]
INDICATOR_ORDER = {indicator.value: index for index, indicator in enumerate(Indicator)}


@pytest.fixture
def gis(db):
    mapping = {}
    for region in REGIONS:
        reference = f"gi-{region.lower()}"
        Organisation.objects.create(
            reference=reference,
            name=reference,
            kind=Organisation.Kind.GI,
            child_protection_region=ChildProtectionRegion.objects.get(name=region),
        )
        mapping[region] = [reference]
    return mapping


@pytest.fixture
def small_tasks(monkeypatch):
    """Tasks of a few cases, so a small delivery still makes many tasks and rounds."""
    monkeypatch.setattr(services, "CASES_PER_TASK", 7)


@pytest.fixture
def pools(monkeypatch) -> list:
    """The worker pools started (so a test knows the workers really ran)."""
    started = []
    real = services.ProcessPoolExecutor

    def spy(*args, **kwargs):
        started.append(real(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(services, "ProcessPoolExecutor", spy)
    return started


def generated(gis, measures: int = 60, seed: int = 3) -> list[dict]:
    return list(
        generate_events(
            seed=seed,
            measures=measures,
            start=date(2025, 1, 1),
            end=date(2026, 6, 30),
            regions=REGIONS,
            gis_per_region=gis,
        )
    )


def deliver(records: list[dict], **options):
    return services.import_events(
        read_jsonl([json.dumps(record) for record in records]),
        actor=Actor.system("test"),
        acting_user=None,
        channel="file",
        **options,
    )


def assert_stored_equals_the_engine(records: list[dict]) -> None:
    """Per case: the stored spans are the timeline's, the worklist fields ``case_state``'s, the
    stored events the delivered ones."""
    events = defaultdict(list)
    for event in read_jsonl([json.dumps(record) for record in records]).events:
        events[event.case].append(event)
    today = timezone.localdate()
    cases = {case.reference: case for case in Case.objects.all()}
    assert set(cases) == set(events)
    stored = defaultdict(list)
    for row in VerdictSpan.objects.values_list(
        "case__reference", "indicator", "valid_from", "valid_to", "verdict", "deadline", "reason"
    ):
        stored[row[0]].append(row[1:])
    for reference, case_events in events.items():
        expected = [
            (
                str(s.indicator),
                s.valid_from,
                s.valid_to,
                str(s.verdict),
                s.deadline,
                s.reason,
            )
            for s in timeline(case_events).spans
        ]
        got = sorted(stored[reference], key=lambda row: (INDICATOR_ORDER[row[0]], row[1]))
        assert got == expected, reference
        state = case_state(case_events, max(today, max(e.date for e in case_events)))
        case = cases[reference]
        assert (case.protector_reference, case.waiting_since, case.ended_on) == (
            state.protector_reference,
            state.waiting_since,
            state.ended_on,
        ), reference
    assert CaseEvent.objects.count() == sum(len(v) for v in events.values())


@pytest.mark.parametrize("workers", [0, 2])
def test_stored_spans_and_state_equal_the_engine(gis, small_tasks, pools, workers):
    records = generated(gis)
    report = deliver(records, workers=workers)
    assert len(pools) == (1 if workers else 0)
    assert (report.added, report.skipped, report.cases_refreshed) == (len(records), 0, 60)
    assert_stored_equals_the_engine(records)
    stored = CaseEvent.objects.get(case__reference=records[0]["case"], type="measure_pronounced")
    assert stored.data == {k: v for k, v in records[0].items() if k not in {"case", "type", "date"}}
    assert stored.fingerprint == services.fingerprint(records[0])


@pytest.mark.parametrize("workers", [0, 2])
def test_later_events_of_stored_cases_recompute_them(gis, small_tasks, pools, workers):
    """A second delivery with the rest of each case's events: the stored events are read and the
    whole case derived again (old spans replaced, worklist fields updated)."""
    records = generated(gis)
    by_case = defaultdict(list)
    for record in records:
        by_case[record["case"]].append(record)
    first = [r for rs in by_case.values() for r in rs[: max(1, len(rs) // 2)]]
    rest = [r for rs in by_case.values() for r in rs[max(1, len(rs) // 2) :]]
    deliver(first, workers=workers)
    report = deliver([*first[:5], *rest], workers=workers)
    assert (report.added, report.skipped) == (len(rest), 5)
    assert len(pools) == (2 if workers else 0)
    assert_stored_equals_the_engine(records)


def test_refresh_cases_derives_everything_again(gis, small_tasks, pools):
    records = generated(gis, measures=20)
    deliver(records)
    VerdictSpan.objects.all().delete()
    Case.objects.update(protector_reference="", waiting_since=None, ended_on=None)
    services.refresh_cases(list(Case.objects.all()), workers=2)
    assert len(pools) == 1
    assert_stored_equals_the_engine(records)


def test_a_failure_in_a_worker_imports_nothing(gis, small_tasks, pools, monkeypatch):
    """All or nothing holds with workers: their error reaches the caller, the transaction rolls
    back."""
    records = generated(gis, measures=30)
    unlucky = records[-1]["case"]
    derive = services._derive

    def failing(events, today):
        if events[0].case == unlucky:
            raise RuntimeError("worker failed")
        return derive(events, today)

    monkeypatch.setattr(services, "_derive", failing)  # the forked workers inherit it
    with pytest.raises(RuntimeError, match="worker failed"):
        deliver(records, workers=2)
    assert len(pools) == 1
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()
    assert not VerdictSpan.objects.exists()


def test_large_deliveries_use_workers_small_ones_do_not(monkeypatch):
    monkeypatch.setattr(services.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert services._worker_count(None, services.POOL_MIN_CASES - 1) == 0
    assert services._worker_count(None, services.POOL_MIN_CASES) == 2
    assert services._worker_count(3, 1) == 3
    monkeypatch.setattr(services.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert services._worker_count(None, services.POOL_MIN_CASES) == 0


def test_with_other_threads_running_the_cases_are_derived_in_this_process(gis, monkeypatch):
    """Forking beside other threads is unsafe (a lock held there stays held in the child)."""
    records = generated(gis, measures=10)
    events = defaultdict(list)
    for event in read_jsonl([json.dumps(record) for record in records]).events:
        events[event.case].append(event)

    def no_pool(*args, **kwargs):
        raise AssertionError("no worker processes with other threads running")

    monkeypatch.setattr(services, "ProcessPoolExecutor", no_pool)
    monkeypatch.setattr(services, "CASES_PER_TASK", 3)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        derived = [
            row
            for rows in services._derived(list(events.values()), date(2026, 7, 1), 2)
            for row in rows
        ]
    finally:
        stop.set()
        other.join()
    assert len(derived) == 10


def test_the_fast_insert_refuses_to_leave_a_column_out(db):
    with pytest.raises(RuntimeError, match="VerdictSpan"):
        services._insert(VerdictSpan, services.SPAN_FIELDS[:-1], [])
