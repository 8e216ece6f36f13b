from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from passend.accounts import policy
from passend.accounts.roles import Capability, Role
from passend.core.charts import bar_chart
from passend.registry.models import ChildProtectionRegion
from passend.statistics import suppressed
from passend.supervision.models import Inspection
from passend.youth.models import CareRelationship

SCOPE_TEXT = {
    Role.PROTECTOR: gettext_lazy("Youth whose case is assigned to you."),
    Role.TEAM_LEAD: gettext_lazy("Youth with a case at your team or GI."),
    Role.PROVIDER_STAFF: gettext_lazy("Youth referred to or placed with your organisation."),
    Role.CARE_BROKER: gettext_lazy("Youth whose case was escalated to your region."),
    Role.INSPECTOR: gettext_lazy("Youth of organisations under your current inspections."),
}


def youth_per_region() -> dict:
    """Youth with an active child-protection relationship, per region (aggregate, suppressed)."""
    counts = dict(
        CareRelationship.objects.active()
        .filter(kind=CareRelationship.Kind.PROTECTION)
        .values_list("organisation__child_protection_region__name")
        .annotate(n=Count("youth", distinct=True))
    )
    rows = [
        {"label": name, "count": counts.get(name, 0), "display": suppressed(counts.get(name, 0))}
        for name in ChildProtectionRegion.objects.values_list("name", flat=True)
    ]
    # A suppressed figure draws no bar: its length would reveal it.
    chart = bar_chart(
        _("Youth in care per child-protection region"),
        [
            (r["label"], r["count"] if r["display"] == str(r["count"]) else 0, r["display"])
            for r in rows
        ],
    )
    return {"rows": rows, "chart": chart}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "youth_count": None,
        "inspections": None,
        "aggregates": None,
        "can_register": user.has_capability(Capability.REGISTER_YOUTH),
        "manage": user.has_capability(Capability.MANAGE_USERS),
    }
    if user.has_capability(Capability.VIEW_YOUTH):
        context["youth_count"] = policy.scope_youth(user).count()
        context["youth_scope_text"] = SCOPE_TEXT.get(user.role, "")
    if user.role == Role.INSPECTOR:
        context["inspections"] = list(
            Inspection.objects.current().filter(inspectors=user).select_related("subject")
        )
    if user.has_capability(Capability.VIEW_AGGREGATES):
        context["aggregates"] = youth_per_region()
    return render(request, "core/home.html", context)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the load balancer: no data, no authentication."""
    return JsonResponse({"status": "ok"})
