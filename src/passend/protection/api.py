"""Deliveries of case events over HTTP (DOMAIN §7), by a GI's case system."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema, Status

from passend.accounts.roles import Capability
from passend.audit.log import Actor
from passend.protection.models import ImportBatch
from passend.protection.rules.events import read_jsonl
from passend.protection.services import ImportRejected, import_events
from passend.registry.models import Organisation

router = Router(tags=["child protection"])
MAX_EVENTS = 50_000


class EventsIn(Schema):
    events: list[dict[str, Any]]
    skip_bad_lines: bool = False


class LineError(Schema):
    line: int
    message: str


class ImportOut(Schema):
    added: int
    skipped: int
    rejected: list[LineError]
    cases_updated: int


class RejectedOut(Schema):
    detail: list[LineError]


@router.post(
    "/events",
    response={201: ImportOut, 422: RejectedOut},
    url_name="events-import",
)
def import_case_events(request, payload: EventsIn):
    """Store a batch of events for the caller's own GI; ``line`` in errors is the 1-based
    position in ``events``. All or nothing unless ``skip_bad_lines``; re-delivery adds nothing."""
    user = request.user
    organisation = user.organisation
    if not user.has_capability(Capability.IMPORT_EVENTS) or (
        organisation is None or organisation.kind != Organisation.Kind.GI
    ):
        raise PermissionDenied
    if len(payload.events) > MAX_EVENTS:
        return Status(422, {"detail": [{"line": 0, "message": f"at most {MAX_EVENTS} events"}]})
    parsed = read_jsonl(json.dumps(event) for event in payload.events)
    try:
        report = import_events(
            parsed,
            actor=Actor.from_request(request, channel=getattr(request, "api_channel", "web")),
            acting_user=user,
            channel=ImportBatch.Channel.API,
            source_name="api",
            skip_bad_lines=payload.skip_bad_lines,
            gi_scope=organisation,
        )
    except ImportRejected as rejected:
        return Status(
            422, {"detail": [{"line": e.line, "message": e.message} for e in rejected.errors]}
        )
    return Status(
        201,
        {
            "added": report.added,
            "skipped": report.skipped,
            "rejected": [{"line": e.line, "message": e.message} for e in report.rejected],
            "cases_updated": report.cases_refreshed,
        },
    )
