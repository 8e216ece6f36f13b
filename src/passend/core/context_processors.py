"""Navigation items for the signed-in user's role."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from passend.accounts.roles import Capability

NAVIGATION = [
    ("home", _("Home"), None),
    ("cases:worklist", _("Cases"), Capability.WORK_CASES),
    ("cases:escalations", _("Escalations"), Capability.HANDLE_ESCALATIONS),
    ("cases:reports", _("Norms report"), Capability.VIEW_AGGREGATES),
    ("cases:region-verdicts", _("Region verdicts"), Capability.VIEW_AGGREGATES),
    ("supply:room", _("Where is room?"), Capability.FIND_ROOM),
    ("supply:offers", _("My offers"), Capability.MANAGE_SUPPLY),
    ("referrals:queue", _("Help requests"), Capability.PROPOSE_HELP),
    ("referrals:what-if", _("What-if"), Capability.RUN_WHAT_IF),
    ("supply:overview", _("Supply overview"), Capability.VIEW_AGGREGATES),
    ("measures:registrations", _("Restrictive measures"), Capability.REGISTER_MEASURES),
    ("measures:supervision", _("Restrictive measures overview"), Capability.VIEW_AGGREGATES),
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
