"""Navigation items for the signed-in user's role."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from passend.accounts.roles import Capability

NAVIGATION = [
    ("home", _("Home"), None),
    ("cases:worklist", _("Cases"), Capability.WORK_CASES),
    ("cases:escalations", _("Escalations"), Capability.VIEW_YOUTH),
    ("cases:reports", _("Norms report"), Capability.VIEW_AGGREGATES),
    ("cases:region-verdicts", _("Region verdicts"), Capability.RECORD_REGION_VERDICT),
    ("supply:room", _("Where is room?"), Capability.FIND_ROOM),
    ("supply:offers", _("My offers"), Capability.MANAGE_SUPPLY),
    ("supply:overview", _("Supply overview"), Capability.VIEW_AGGREGATES),
    ("youth:list", _("Youth"), Capability.VIEW_YOUTH),
    ("registry:organisations", _("Registry"), Capability.VIEW_REGISTRY),
    ("audit:access-log", _("Access log"), Capability.VIEW_ACCESS_LOG),
    ("admin:index", _("Management"), Capability.MANAGE_USERS),
]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = [
        {"url": reverse(name), "label": label, "active": request.path == reverse(name)}
        for name, label, capability in NAVIGATION
        if capability is None or user.has_capability(capability)
    ]
    return {"navigation": items}
