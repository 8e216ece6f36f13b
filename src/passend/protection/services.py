"""Writes of the child-protection chain: importing events and refreshing derived state.

One import path for the command line, the API and the case page: parse with the pure format
rules, check against the registry and what is stored, then write everything or nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from enum import Enum

from django.db import transaction
from django.utils import timezone

from passend.accounts.models import User
from passend.audit import log
from passend.audit.models import Action
from passend.protection.models import Case, CaseEvent, ImportBatch, VerdictSpan
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
from passend.protection.rules.state import case_state
from passend.protection.rules.timeline import timeline
from passend.registry.models import ChildProtectionRegion, Organisation

CHUNK = 5000
"""Rows per ``__in`` query and per bulk insert (SQLite limits the number of parameters)."""


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


def to_record(event: Event) -> dict:
    """The event in the interchange format's canonical form (as JSON values)."""
    record = {"case": event.case, "type": str(event.type)}
    for item in fields(event):
        if item.name in {"case", "line"}:
            continue
        value = getattr(event, item.name)
        if value is None:
            continue
        if isinstance(value, frozenset):
            value = sorted(str(v) for v in value)
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Enum):
            value = value.value
        record[item.name] = value
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


@transaction.atomic
def import_events(
    parsed: ParseResult,
    *,
    actor: log.Actor,
    acting_user: User | None,
    channel: str,
    source_name: str = "",
    skip_bad_lines: bool = False,
    gi_scope: Organisation | None = None,
) -> ImportReport:
    """Store a delivery of events (read, format-checked) all or nothing, idempotently.

    Already stored events are skipped (re-delivering a file adds nothing). Events of a case that
    is neither in the delivery nor stored are errors, as are unknown GIs and regions. With
    ``skip_bad_lines`` the good lines are stored and the rest reported; otherwise any error
    raises :class:`ImportRejected` and nothing is written.
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
    cases = dict(known)
    new_cases = [
        Case(
            reference=event.case,
            gi=gis[event.gi],
            region=regions[event.region],
            measure=str(event.measure),
            measure_date=event.date,
            birth_date=event.birth_date,
        )
        for event in events
        if isinstance(event, MeasurePronounced)
    ]
    for chunk in _chunks(new_cases):
        Case.objects.bulk_create(chunk)
    cases |= _existing(Case, "reference", [case.reference for case in new_cases])
    rows = []
    for event in events:
        record = records[id(event)]
        rows.append(
            CaseEvent(
                case=cases[event.case],
                type=record["type"],
                date=event.date,
                data={k: v for k, v in record.items() if k not in {"case", "type", "date"}},
                fingerprint=prints[id(event)],
                batch=batch,
            )
        )
    for chunk in _chunks(rows):
        CaseEvent.objects.bulk_create(chunk)
    affected = sorted({event.case for event in events})
    refresh_cases([cases[reference] for reference in affected])
    log.record(
        actor,
        Action.CHANGE,
        youth="",
        object_type="case events",
        purpose=f"import {batch.pk}: {len(events)} events, {len(affected)} cases",
    )
    return ImportReport(
        added=len(events), skipped=skipped, rejected=tuple(errors), cases_refreshed=len(affected)
    )


def refresh_cases(cases: Sequence[Case], today: date | None = None) -> None:
    """Recompute the stored verdict timeline and worklist fields of ``cases`` from their events."""
    today = today or timezone.localdate()
    by_case: dict[int, list[Event]] = defaultdict(list)
    for chunk in _chunks([case.pk for case in cases]):
        for row in CaseEvent.objects.filter(case_id__in=chunk).select_related("case"):
            by_case[row.case_id].append(stored_event(row))
    protectors = {
        (user.organisation_id, user.case_system_reference): user
        for user in User.objects.exclude(case_system_reference="")
    }
    spans = []
    for case in cases:
        events = by_case[case.pk]
        for span in timeline(events).spans:
            spans.append(
                VerdictSpan(
                    case=case,
                    indicator=str(span.indicator),
                    valid_from=span.valid_from,
                    valid_to=span.valid_to,
                    verdict=str(span.verdict),
                    deadline=span.deadline,
                    reason=span.reason,
                )
            )
        state = case_state(events, max(today, max(e.date for e in events)))
        case.protector_reference = state.protector_reference
        case.protector = protectors.get((case.gi_id, state.protector_reference))
        case.waiting_since = state.waiting_since
        case.ended_on = state.ended_on
    for chunk in _chunks([case.pk for case in cases]):
        VerdictSpan.objects.filter(case_id__in=chunk).delete()
    for chunk in _chunks(spans):
        VerdictSpan.objects.bulk_create(chunk)
    for chunk in _chunks(list(cases)):
        Case.objects.bulk_update(
            chunk, ["protector_reference", "protector", "waiting_since", "ended_on"]
        )
