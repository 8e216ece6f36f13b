from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema

from passend.accounts.roles import Capability
from passend.audit import log
from passend.audit.models import Action
from passend.audit.views import entries_for

router = Router(tags=["audit"])


class AccessLogEntryOut(Schema):
    at: datetime
    username: str
    role: str
    organisation: str
    on_behalf_of: str
    youth: str
    action: str
    object_type: str
    object_reference: str | None
    purpose: str
    outcome: str
    source_address: str | None
    channel: str


@router.get("/youth/{pseudonym}", response=list[AccessLogEntryOut], url_name="access-log")
def access_log(request, pseudonym: str):
    """Who read this youth's data (for the responsible officer and access requests)."""
    if not request.user.has_capability(Capability.VIEW_ACCESS_LOG):
        raise PermissionDenied
    entries = entries_for(request.user, pseudonym)
    if entries is None:
        raise Http404("No such youth.")
    log.record(
        log.Actor.from_request(request, channel=getattr(request, "api_channel", "web")),
        Action.EXPORT,
        youth=pseudonym,
        object_type="access log",
        purpose="access request export",
    )
    return list(entries.order_by("at", "id"))
