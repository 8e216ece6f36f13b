"""Referral screens: the queue of help requests, ranked packages with "why not", proposing a
package, and the region's what-if run of the optimiser against first-free-place."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from passend.accounts.decorators import capability_required
from passend.accounts.roles import Capability
from passend.audit import log
from passend.audit.log import Actor
from passend.audit.models import Action
from passend.matching import solvers
from passend.matching.rules import hard
from passend.matching.rules.explain import rejections
from passend.matching.rules.model import Problem
from passend.matching.rules.outcome import ranked
from passend.matching.rules.weights import Settings
from passend.referrals import queries, services
from passend.referrals.forms import CloseRequestForm, HelpRequestForm, WhatIfForm
from passend.referrals.models import HelpRequest
from passend.supply import queries as supply_queries
from passend.youth.queries import access_youth

propose_help = capability_required(Capability.PROPOSE_HELP)
RANKED_SHOWN = 10

CRITERIA = {
    "needs_covered": gettext_lazy("Needs covered"),
    "own_region": gettext_lazy("Own region"),
    "waiting_time": gettext_lazy("Waiting time"),
    "small_scale": gettext_lazy("Small-scale"),
    "continuity": gettext_lazy("Continuity with current help"),
    "inspection": gettext_lazy("Inspection status"),
    "education": gettext_lazy("Link with education"),
    "few_providers": gettext_lazy("Fewer providers"),
}
"""Labels of the soft criteria (:class:`passend.matching.rules.weights.Weights`) in the score
breakdown of a proposed package."""

WHAT_IF_FIGURES = {
    "assigned": gettext_lazy("Youth with a package"),
    "unassigned": gettext_lazy("Youth without a package"),
    "share_all_needs_covered": gettext_lazy("Youth with all needs covered"),
    "share_needs_covered": gettext_lazy("Needs covered"),
    "share_out_of_region": gettext_lazy("Out of the own region"),
    "share_out_of_region_without_reason": gettext_lazy("Out of the own region without a reason"),
    "mean_expected_wait_days": gettext_lazy("Mean expected wait (days)"),
    "p90_expected_wait_days": gettext_lazy("Expected wait, 90th percentile (days)"),
    "worst_region_coverage": gettext_lazy("All needs covered in the worst region"),
}
"""The what-if figures shown, in this order, with their labels; shares are shown as
percentages. The other figures of the matching outcome (objective, bound, …) are for the
benchmark and the command line, not for a care broker's comparison."""
WHAT_IF_TIME_LIMIT = 5.0


@propose_help
def queue(request: HttpRequest) -> HttpResponse:
    requests = list(queries.open_requests(request.user))
    log.record_many(
        Actor.from_request(request),
        Action.SEARCH,
        youth=[r.youth.pseudonym for r in requests],
        object_type="help requests",
        purpose="referral queue",
    )
    return render(request, "referrals/queue.html", {"requests": requests})


@propose_help
@require_http_methods(["GET", "POST"])
def new_request(request: HttpRequest) -> HttpResponse:
    form = HelpRequestForm(
        request.POST or None,
        initial={"waiting_since": timezone.localdate(), "max_wait_days": 70, "urgency": "normal"},
    )
    if request.method == "POST" and form.is_valid():
        actor = Actor.from_request(request)
        youth = access_youth(request.user, actor, form.cleaned_data["youth"])
        profile = {k: v for k, v in form.cleaned_data.items() if k != "youth"}
        try:
            created = services.create_request(
                youth=youth, user=request.user, actor=actor, **profile
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect("referrals:request", pk=created.pk)
    return render(request, "referrals/new_request.html", {"form": form})


def _ranked(help_request: HelpRequest):
    today = timezone.localdate()
    youth = queries.as_matching_youth(help_request, today)
    catalogue, stored = queries.catalogue_for({help_request.care_form}, today)
    settings = Settings()
    return youth, catalogue, stored, settings, ranked(youth, catalogue, settings, RANKED_SHOWN)


@propose_help
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Ranked packages with their explanation and score, and why other offers in the region
    were not proposed."""
    help_request = queries.request_in_scope(request.user, pk)
    access_youth(request.user, Actor.from_request(request), help_request.youth.pseudonym)
    youth, catalogue, stored, settings, found = _ranked(help_request)
    region = hard.region_of(youth.municipality)
    why_not = rejections(
        youth, catalogue, settings.max_complements, found[0].package if found else None
    )
    shown_why_not = [
        {
            "offer": stored[offer_id],
            "reasons": [hard.REJECTION_REASONS[code] for code in codes],
        }
        for offer_id, codes in why_not.items()
        if hard.region_of(catalogue.by_id[offer_id].municipality) == region
        and (
            catalogue.by_id[offer_id].care_form == youth.care_form
            or hard.is_complementary(catalogue.by_id[offer_id])
        )
    ]
    now = timezone.now()
    return render(
        request,
        "referrals/request.html",
        {
            "help_request": help_request,
            "youth": youth,
            "region": region,
            "packages": [
                {
                    "assignment": a,
                    "offers": [
                        {
                            "offer": stored[i],
                            "stale": supply_queries.is_stale(stored[i].capacity_updated_at, now),
                        }
                        for i in a.package.offer_ids
                    ],
                    "key": ",".join(a.package.offer_ids),
                    "points": [
                        (CRITERIA.get(name, name), points)
                        for name, points in a.score.points.items()
                    ],
                }
                for a in found
            ],
            "why_not": sorted(shown_why_not, key=lambda row: row["offer"].pk),
            "may_propose": help_request.status == HelpRequest.Status.OPEN,
            "close_form": CloseRequestForm(),
        },
    )


@propose_help
@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    help_request = queries.request_in_scope(request.user, pk)
    actor = Actor.from_request(request)
    access_youth(request.user, actor, help_request.youth.pseudonym)
    found = _ranked(help_request)[-1]
    wanted = request.POST.get("offers", "")
    chosen = next((a for a in found if ",".join(a.package.offer_ids) == wanted), None)
    if chosen is None:
        messages.error(request, _("This package is no longer available; choose again."))
        return redirect("referrals:request", pk=help_request.pk)
    try:
        services.propose(help_request, chosen, user=request.user, actor=actor)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Proposed: the youth is on the waiting list of each offer."))
    return redirect("referrals:request", pk=help_request.pk)


@capability_required(Capability.RUN_WHAT_IF)
def what_if(request: HttpRequest) -> HttpResponse:
    """The region's open requests, matched by first-free-place and by the optimiser: what the
    optimiser would change. Nothing is stored or proposed."""
    form = WhatIfForm(request.GET or None)
    context = {"form": form, "result": None}
    if form.is_valid():
        region = form.cleaned_data["region"]
        requests = list(
            queries.open_requests(request.user).filter(
                municipality__youth_care_region=region, youth__birth_date__isnull=False
            )
        )
        today = timezone.localdate()
        youth = tuple(queries.as_matching_youth(r, today) for r in requests)
        catalogue, stored = queries.catalogue_for({r.care_form for r in requests}, today)
        problem = Problem(as_of=today, youth=youth, offers=catalogue.offers)
        settings = replace(Settings(), time_limit_seconds=WHAT_IF_TIME_LIMIT)
        greedy = solvers.run("greedy", problem, settings)
        optimal = solvers.run("optimal", problem, settings)
        log.record_many(
            Actor.from_request(request),
            Action.SEARCH,
            youth=[r.youth.pseudonym for r in requests],
            object_type="what-if",
            purpose=f"what-if for {region.name}",
        )
        context["result"] = what_if_result(requests, greedy, optimal, stored)
        context["region"] = region
    return render(request, "referrals/what_if.html", context)


def _figure(key: str, value) -> str | None:
    """A what-if figure as shown: shares as a percentage, waits to one decimal."""
    if value is None:
        return None
    if key.startswith("share_") or key.endswith("_coverage"):
        return f"{value * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def what_if_result(requests, greedy, optimal, stored) -> dict:
    """Metrics side by side and, per youth, both strategies' packages where they differ."""
    by_id = {str(r.pk): r for r in requests}

    def packages(outcome):
        return {a.youth.id: a for a in outcome.assignments}

    first, best = packages(greedy), packages(optimal)
    changes = []
    for youth_id, help_request in by_id.items():
        before, after = first.get(youth_id), best.get(youth_id)
        ids = (
            before.package.offer_ids if before else (),
            after.package.offer_ids if after else (),
        )
        if ids[0] != ids[1]:
            changes.append(
                {
                    "request": help_request,
                    "greedy": [stored[i] for i in ids[0]],
                    "greedy_text": before.explanation if before else _("no package"),
                    "optimal": [stored[i] for i in ids[1]],
                    "optimal_text": after.explanation if after else _("no package"),
                }
            )
    return {
        "youth": len(requests),
        "metrics": [
            (
                key,
                label,
                _figure(key, greedy.metrics.get(key)),
                _figure(key, optimal.metrics.get(key)),
            )
            for key, label in WHAT_IF_FIGURES.items()
        ],
        "gap": optimal.metrics.get("gap"),
        "changes": changes,
    }


@propose_help
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a request that needs no (further) search: help started, or no longer needed."""
    help_request = queries.request_in_scope(request.user, pk)
    form = CloseRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the request is closed."))
        return redirect("referrals:request", pk=help_request.pk)
    services.close_request(
        help_request,
        reason=form.cleaned_data["reason"],
        user=request.user,
        actor=Actor.from_request(request),
    )
    messages.success(request, _("Help request closed."))
    return redirect("referrals:queue")
