"""Write access-log records. Every read, search, change, export or print of a youth's data
goes through :func:`record`, :func:`record_many` or :func:`record_objects`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpRequest

from passend.audit.models import AccessLogEntry, Action, Outcome
from passend.core.net import client_ip


@dataclass(frozen=True)
class Actor:
    """Who acts, as it is to be remembered even if the account changes later."""

    user_id: int | None
    username: str
    role: str
    organisation: str
    source_address: str | None
    channel: str = "web"
    on_behalf_of: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest, channel: str = "web") -> Actor:
        user = request.user
        organisation = getattr(user, "organisation", None)
        return cls(
            user_id=user.pk,
            username=user.get_username(),
            role=getattr(user, "role", ""),
            organisation=organisation.reference if organisation else "",
            source_address=client_ip(request) or None,
            channel=channel,
            # Only a machine client (API token) acts on behalf of a person it names.
            on_behalf_of=request.headers.get("X-On-Behalf-Of", "")[:150]
            if channel == "api"
            else "",
        )

    @classmethod
    def system(cls, name: str) -> Actor:
        """A command-line or scheduled job acting without a request."""
        return cls(None, name, "", "", None, channel="command")


def _entry(
    actor: Actor, action, youth, object_type, purpose, outcome, object_reference=None
) -> AccessLogEntry:
    return AccessLogEntry(
        user_id_at_time=actor.user_id,
        username=actor.username,
        role=actor.role,
        organisation=actor.organisation,
        on_behalf_of=actor.on_behalf_of,
        youth=youth,
        action=action,
        object_type=object_type,
        object_reference=object_reference,
        purpose=purpose[:300],
        outcome=outcome,
        source_address=actor.source_address,
        channel=actor.channel,
    )


def record(
    actor: Actor,
    action: Action,
    *,
    youth: str,
    object_type: str,
    purpose: str,
    outcome: Outcome = Outcome.ALLOWED,
    object_reference: str | None = None,
) -> AccessLogEntry:
    """One record. ``object_reference`` names the record of ``object_type`` that was touched
    when it is not a youth's file (a case reference), so its own access log can be shown."""
    entry = _entry(actor, action, youth, object_type, purpose, outcome, object_reference)
    entry.save()
    return entry


def record_many(
    actor: Actor, action: Action, *, youth: Iterable[str], object_type: str, purpose: str
) -> None:
    """One record per youth shown (a list or search shows each of them)."""
    AccessLogEntry.objects.bulk_create(
        [_entry(actor, action, p, object_type, purpose, Outcome.ALLOWED) for p in youth]
    )


def record_objects(
    actor: Actor, action: Action, *, object_type: str, references: Iterable[str], purpose: str
) -> None:
    """One record per object touched (a delivery of events names each of its cases)."""
    AccessLogEntry.objects.bulk_create(
        [
            _entry(actor, action, "", object_type, purpose, Outcome.ALLOWED, reference)
            for reference in references
        ]
    )
