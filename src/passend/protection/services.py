"""Writes of the child-protection chain: importing events and refreshing derived state.

One import path for the command line, the API and the case page: parse with the pure format
rules, check against the registry and what is stored, then write everything or nothing.

How a large delivery stays fast (measured by bench/bench_norms_report.py):

- The verdict timelines and worklist fields of new cases are derived from the parsed events;
  only the stored events of cases that already exist are read back.
- A delivery touching at least :data:`POOL_MIN_CASES` cases is derived in worker processes, a
  task of :data:`CASES_PER_TASK` cases at a time, while this process writes the cases already
  derived. The workers are forked, so they inherit the delivery instead of receiving it, and
  they never touch the database: this works the same on SQLite and PostgreSQL and inside a
  transaction, and all or nothing holds (this process writes everything, in one transaction;
  an error in a worker reaches it). Small deliveries (the API, the case page) and processes
  with other threads running derive in-process.
- Rows are written with one prepared statement per table and round (``executemany``; ``COPY``
  on PostgreSQL) instead of ``bulk_create``/``bulk_update``, whose cost per object (and, for
  ``bulk_update``, per ``CASE WHEN`` branch) dominated. :func:`_insert` checks that the columns
  written are all of the model's columns.
- Python's cyclic garbage collector pauses during an import (:func:`_cyclic_gc_paused`).
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from datetime import date
from enum import Enum
from functools import cache, wraps
from itertools import islice
from typing import ParamSpec, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone

from passend.accounts.models import User
from passend.audit import log
from passend.audit.models import Action
from passend.protection.models import CASE_OBJECT, Case, CaseEvent, ImportBatch, VerdictSpan
from passend.protection.rules.events import (
    CaseEvent as Event,
)
from passend.protection.rules.events import (
    EventError,
    MeasurePronounced,
    ParseResult,
    build_event,
    with_measure_check,
)
from passend.protection.rules.state import CaseState, case_state
from passend.protection.rules.timeline import timeline
from passend.registry.models import ChildProtectionRegion, Organisation

P = ParamSpec("P")
R = TypeVar("R")

CHUNK = 5000
"""Values per ``__in`` query (SQLite limits the number of parameters)."""

CASES_PER_TASK = 250
"""Cases per timeline task (for a worker process) and per round of writes."""

POOL_MIN_CASES = 2000
"""Deliveries touching at least this many cases compute their timelines in worker processes
(when the machine has more than one core); smaller ones in the process, where starting the
workers would cost more than it saves."""


class ImportRejected(ValueError):
    """The delivery has errors and nothing was imported; every error names its line."""

    def __init__(self, errors: Sequence[EventError]):
        super().__init__(f"{len(errors)} error(s); nothing imported")
        self.errors = list(errors)


@dataclass(frozen=True)
class ImportReport:
    added: int
    skipped: int
    rejected: tuple[EventError, ...]
    cases_refreshed: int


@cache
def _record_fields(event_class: type[Event]) -> tuple[str, ...]:
    return tuple(item.name for item in fields(event_class) if item.name not in {"case", "line"})


def to_record(event: Event) -> dict:
    """The event in the interchange format's canonical form (as JSON values)."""
    record = {"case": event.case, "type": str(event.type)}
    for name in _record_fields(type(event)):
        value = getattr(event, name)
        if value is None:
            continue
        if isinstance(value, frozenset):
            value = sorted(str(v) for v in value)
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Enum):
            value = value.value
        record[name] = value
    return record


def fingerprint(record: dict) -> str:
    """Identity of an event: the same event delivered twice is stored once."""
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()


def stored_event(row: CaseEvent) -> Event:
    """A stored event back as a pure event for the engine."""
    built = build_event(
        {"case": row.case.reference, "type": row.type, "date": row.date.isoformat(), **row.data},
        line=0,
    )
    if not isinstance(built, Event):  # stored events were valid when stored
        raise ValueError(f"stored event {row.pk} no longer valid: {built}")
    return built


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(model, field: str, values: Sequence[str]) -> dict[str, object]:
    found = {}
    for chunk in _chunks(values):
        found |= {getattr(o, field): o for o in model.objects.filter(**{f"{field}__in": chunk})}
    return found


def _registry_errors(
    events: Sequence[Event],
    known: dict[str, Case],
    gi_scope: Organisation | None,
    gis: dict[str, Organisation],
    regions: dict[str, ChildProtectionRegion],
) -> list[EventError]:
    """Measures must name a known GI and region; a GI delivering may only touch its own cases."""
    errors = []
    for event in events:
        if isinstance(event, MeasurePronounced):
            if event.gi not in gis:
                errors.append(EventError(event.line, f"unknown GI {event.gi!r}"))
            elif gi_scope and event.gi != gi_scope.reference:
                errors.append(EventError(event.line, f"case of another GI ({event.gi})"))
            if event.region not in regions:
                errors.append(
                    EventError(event.line, f"unknown child-protection region {event.region!r}")
                )
        elif gi_scope and event.case in known and known[event.case].gi_id != gi_scope.pk:
            errors.append(EventError(event.line, f"case {event.case!r} belongs to another GI"))
    return errors


def _without_lines(events: Sequence[Event], errors: Sequence[EventError]) -> tuple[Event, ...]:
    bad = {error.line for error in errors}
    return tuple(event for event in events if event.line not in bad)


def _cyclic_gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """Run without Python's cyclic garbage collector (restored afterwards): a delivery makes
    millions of small objects, and the collector walking them over and over cost a fifth of the
    import's CPU. What they hold is freed by reference counting as usual; cycles, if any, wait
    for the next collection. Worker processes forked meanwhile start with it paused as well."""

    @wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@transaction.atomic
@_cyclic_gc_paused
def import_events(
    parsed: ParseResult,
    *,
    actor: log.Actor,
    acting_user: User | None,
    channel: str,
    source_name: str = "",
    skip_bad_lines: bool = False,
    gi_scope: Organisation | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Store a delivery of events (read, format-checked) all or nothing, idempotently.

    Already stored events are skipped (re-delivering a file adds nothing). The access log gets
    one record per case that received events, naming the case. Events of a case that
    is neither in the delivery nor stored are errors, as are unknown GIs and regions. With
    ``skip_bad_lines`` the good lines are stored and the rest reported; otherwise any error
    raises :class:`ImportRejected` and nothing is written.

    ``workers``: processes that compute the verdict timelines; ``None`` decides by the size of
    the delivery (:data:`POOL_MIN_CASES`), 0 or 1 computes them in this process.
    """
    records = {id(event): to_record(event) for event in parsed.events}
    prints = {id(event): fingerprint(records[id(event)]) for event in parsed.events}
    stored = set()
    for chunk in _chunks(list(set(prints.values()))):
        stored |= set(
            CaseEvent.objects.filter(fingerprint__in=chunk).values_list("fingerprint", flat=True)
        )
    seen: set[str] = set()
    fresh = []
    for event in parsed.events:
        if prints[id(event)] not in stored and prints[id(event)] not in seen:
            fresh.append(event)
            seen.add(prints[id(event)])
    skipped = len(parsed.events) - len(fresh)

    known = _existing(Case, "reference", sorted({event.case for event in fresh}))
    checked = with_measure_check(ParseResult(events=tuple(fresh), errors=()), set(known))
    gis = {o.reference: o for o in Organisation.objects.filter(kind=Organisation.Kind.GI)}
    regions = {r.name: r for r in ChildProtectionRegion.objects.all()}
    registry = _registry_errors(checked.events, known, gi_scope, gis, regions)
    # Dropping a bad measure line orphans its case's other lines: check again.
    rechecked = with_measure_check(
        ParseResult(events=_without_lines(checked.events, registry), errors=()), set(known)
    )
    errors = sorted(
        [*parsed.errors, *checked.errors, *registry, *rechecked.errors],
        key=lambda error: error.line,
    )
    if errors and not skip_bad_lines:
        raise ImportRejected(errors)
    events = rechecked.events

    batch = ImportBatch.objects.create(
        created_by=acting_user,
        channel=channel,
        source_name=source_name[:200],
        events_added=len(events),
        events_skipped=skipped,
        lines_rejected=len({error.line for error in errors}),
    )
    by_case: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_case[event.case].append(event)
    affected = sorted(by_case)
    stored_events = _stored_events([known[r].pk for r in affected if r in known])
    work = []
    for reference in affected:
        case = known.get(reference)
        if case is None:
            (measure,) = (e for e in by_case[reference] if isinstance(e, MeasurePronounced))
            case = Case(
                reference=reference,
                gi=gis[measure.gi],
                region=regions[measure.region],
                measure=str(measure.measure),
                measure_date=measure.date,
                birth_date=measure.birth_date,
            )
        new_rows = [
            (
                records[id(event)]["type"],
                event.date,
                json.dumps(_event_data(records[id(event)])),
                prints[id(event)],
                batch.pk,
            )
            for event in by_case[reference]
        ]
        past = stored_events.get(case.pk, []) if case.pk else []
        work.append(_CaseWork(case, [*past, *by_case[reference]], new_rows))
    _derive_and_write(work, timezone.localdate(), workers)
    log.record_objects(
        actor,
        Action.CHANGE,
        object_type=CASE_OBJECT,
        references=affected,
        purpose=f"events recorded ({channel}, import {batch.pk})",
    )
    return ImportReport(
        added=len(events), skipped=skipped, rejected=tuple(errors), cases_refreshed=len(affected)
    )


@transaction.atomic
@_cyclic_gc_paused
def refresh_cases(
    cases: Sequence[Case], today: date | None = None, workers: int | None = None
) -> None:
    """Recompute the stored verdict timeline and worklist fields of ``cases`` from their events
    (all or nothing; ``workers`` as for :func:`import_events`)."""
    stored_events = _stored_events([case.pk for case in cases])
    work = [_CaseWork(case, stored_events.get(case.pk, []), []) for case in cases]
    _derive_and_write(work, today or timezone.localdate(), workers)


# --- Deriving and writing ----------------------------------------------------------------------


def _event_data(record: dict) -> dict:
    """The stored ``data`` of an event: its record without the columns of its own."""
    return {k: v for k, v in record.items() if k not in {"case", "type", "date"}}


@dataclass
class _CaseWork:
    """One case to (re)derive: the row (unsaved when new), all its events, and the rows of its
    new events without the case (type, date, data as JSON, fingerprint, batch)."""

    case: Case
    events: list[Event]
    new_event_rows: list[tuple] = field(default_factory=list)


def _stored_events(case_ids: Sequence[int]) -> dict[int, list[Event]]:
    """The stored events of the cases, as pure events, per case id."""
    by_case: dict[int, list[Event]] = defaultdict(list)
    for chunk in _chunks(list(case_ids)):
        rows = CaseEvent.objects.filter(case_id__in=chunk).values_list(
            "case_id", "case__reference", "type", "date", "data", "pk"
        )
        for case_id, reference, kind, day, data, pk in rows:
            built = build_event(
                {"case": reference, "type": kind, "date": day.isoformat(), **data}, line=0
            )
            if not isinstance(built, Event):  # stored events were valid when stored
                raise ValueError(f"stored event {pk} no longer valid: {built}")
            by_case[case_id].append(built)
    return by_case


CASE_STATE_FIELDS = (
    "protector_reference",
    "protector",
    "duty_desk_since",
    "gi_informed_missing",
    "waiting_since",
    "ended_on",
)
NEW_CASE_FIELDS = (
    "reference",
    "gi",
    "region",
    "measure",
    "measure_date",
    "birth_date",
    *CASE_STATE_FIELDS,
)
EVENT_FIELDS = ("case", "type", "date", "data", "fingerprint", "batch")
SPAN_FIELDS = ("case", "indicator", "valid_from", "valid_to", "verdict", "deadline", "reason")


def _derive_and_write(work: list[_CaseWork], today: date, workers: int | None) -> None:
    """Compute each case's timeline and worklist state and write them with the new events and
    the new cases, a round of :data:`CASES_PER_TASK` cases at a time (writing one round while
    the workers compute the next)."""
    if not work:
        return
    protectors = {
        (user.organisation_id, user.case_system_reference): user.pk
        for user in User.objects.exclude(case_system_reference="")
    }
    done = 0
    cases = [item.events for item in work]
    for derived in _derived(cases, today, _worker_count(workers, len(work))):
        round_ = work[done : done + len(derived)]
        done += len(derived)
        for item, (_, state) in zip(round_, derived, strict=True):
            item.case.protector_reference = state.protector_reference
            item.case.protector_id = protectors.get((item.case.gi_id, state.protector_reference))
            item.case.duty_desk_since = state.duty_desk_since
            item.case.gi_informed_missing = state.gi_informed_missing
            item.case.waiting_since = state.waiting_since
            item.case.ended_on = state.ended_on
        _write_round(round_, [spans for spans, _ in derived])


def _write_round(round_: list[_CaseWork], span_rows: list[tuple[tuple, ...]]) -> None:
    new = [item.case for item in round_ if item.case.pk is None]
    old = [item.case for item in round_ if item.case.pk is not None]
    _insert(Case, NEW_CASE_FIELDS, [_values(case, NEW_CASE_FIELDS) for case in new])
    if new:
        ids = dict(
            Case.objects.filter(reference__in=[case.reference for case in new]).values_list(
                "reference", "pk"
            )
        )
        for case in new:
            case.pk = ids[case.reference]
    if old:
        _update(Case, CASE_STATE_FIELDS, old)
        VerdictSpan.objects.filter(case_id__in=[case.pk for case in old]).delete()
    _insert(
        CaseEvent,
        EVENT_FIELDS,
        [(item.case.pk, *row) for item in round_ for row in item.new_event_rows],
    )
    _insert(
        VerdictSpan,
        SPAN_FIELDS,
        [
            (item.case.pk, *row)
            for item, rows in zip(round_, span_rows, strict=True)
            for row in rows
        ],
    )


def _values(case: Case, names: Sequence[str]) -> tuple:
    return tuple(getattr(case, Case._meta.get_field(name).attname) for name in names)


def _columns(model: type[models.Model], names: Sequence[str], *, every: bool) -> list[str]:
    """The quoted columns of the fields ``names``; with ``every``, they must be all the model's
    columns but its primary key (so a field added later is not silently left empty)."""
    concrete = {f.name for f in model._meta.concrete_fields if not f.primary_key}
    if every and set(names) != concrete:
        raise RuntimeError(
            f"{model.__name__}: the import writes {sorted(names)}, the model has {sorted(concrete)}"
        )
    quote = connection.ops.quote_name
    return [quote(model._meta.get_field(name).column) for name in names]


def _insert(model: type[models.Model], names: Sequence[str], rows: list[tuple]) -> None:
    """Insert plain rows (Python values: str, int, date, None; JSON as text) into the model's
    table, in the current transaction."""
    columns = _columns(model, names, every=True)
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                rows,
            )


def _update(model: type[models.Model], names: Sequence[str], objects: Sequence) -> None:
    """Write the fields ``names`` of saved ``objects``, one prepared statement for all."""
    columns = _columns(model, names, every=False)
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{column} = %s" for column in columns)
    pk = connection.ops.quote_name(model._meta.pk.column)
    attnames = [model._meta.get_field(name).attname for name in names]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
            [(*(getattr(o, a) for a in attnames), o.pk) for o in objects],
        )


# --- Timelines, in this process or in workers ---------------------------------------------------


def _derive(events: list[Event], today: date) -> tuple[tuple[tuple, ...], CaseState]:
    """A case's verdict spans as rows (indicator, valid from, valid to, verdict, deadline,
    reason; dates as ISO text, which both databases read, and which pass cheaply between
    processes) and its worklist state as of ``today`` (or its last event, when later)."""
    spans = tuple(
        (
            span.indicator.value,
            span.valid_from.isoformat(),
            span.valid_to.isoformat() if span.valid_to else None,
            span.verdict.value,
            span.deadline.isoformat() if span.deadline else None,
            span.reason,
        )
        for span in timeline(events).spans
    )
    return spans, case_state(events, max(today, max(event.date for event in events)))


_delivery: list[list[Event]] = []
"""The cases being derived, for the worker processes forked while it is set."""


def _derive_range(start: int, stop: int, today: date) -> list[tuple[tuple[tuple, ...], CaseState]]:
    """A worker's task: derive the cases ``start`` to ``stop`` of :data:`_delivery`."""
    return [_derive(events, today) for events in _delivery[start:stop]]


def _worker_count(requested: int | None, cases: int) -> int:
    if requested is not None:
        return requested
    if cases < POOL_MIN_CASES:
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores if cores and cores > 1 else 0


def _can_fork() -> bool:
    """Workers are forked: they inherit the delivery instead of receiving it, and never touch
    the database connection they inherit. Forking is only safe without other threads (one
    could hold a lock the child then waits for), so a threaded server derives in-process."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _derived(
    cases: list[list[Event]], today: date, workers: int
) -> Iterator[list[tuple[tuple[tuple, ...], CaseState]]]:
    """:func:`_derive` of every case, in order, a task of :data:`CASES_PER_TASK` cases at a time;
    with ``workers`` above 1 (and :func:`_can_fork`) in that many worker processes, a few tasks
    ahead of the caller."""
    bounds = [
        (i, min(i + CASES_PER_TASK, len(cases))) for i in range(0, len(cases), CASES_PER_TASK)
    ]
    if workers <= 1 or len(bounds) < 2 or not _can_fork():
        for start, stop in bounds:
            yield [_derive(events, today) for events in cases[start:stop]]
        return
    global _delivery
    _delivery = cases
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        ahead = deque(
            pool.submit(_derive_range, start, stop, today) for start, stop in bounds[: 2 * workers]
        )
        waiting = iter(bounds[2 * workers :])
        while ahead:
            result = ahead.popleft().result()
            for start, stop in islice(waiting, 1):
                ahead.append(pool.submit(_derive_range, start, stop, today))
            yield result
    finally:
        pool.shutdown(cancel_futures=True)
        _delivery = []
