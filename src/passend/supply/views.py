"""Supply screens: the provider's offers with capacity and waiting list, and "where is room?"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from passend.accounts import policy
from passend.accounts.decorators import capability_required
from passend.accounts.roles import Capability
from passend.audit import log
from passend.audit.log import Actor
from passend.audit.models import Action
from passend.core.charts import bar_chart
from passend.core.labels import label_of
from passend.supply import overview, queries, search, services
from passend.supply.forms import (
    CapacityForm,
    EntryProgressForm,
    OverviewForm,
    PlacementForm,
    PlacementProgressForm,
    RoomForm,
    WaitingEntryForm,
)
from passend.supply.models import CapacityUpdate, Placement
from passend.supply.rules import offers as offer_rules
from passend.supply.rules import placements as placement_rules
from passend.supply.rules import room, waiting
from passend.supply.rules.waiting import Stage
from passend.vocabulary import CARE_FORMS, NEEDS
from passend.youth.queries import access_youth

manage_supply = capability_required(Capability.MANAGE_SUPPLY)


def _errors_to_form(form, error: ValidationError) -> None:
    for messages_ in error.message_dict.values():
        for message in messages_:
            form.add_error(None, message)


@manage_supply
def my_offers(request: HttpRequest) -> HttpResponse:
    offers = list(queries.managed_offers(request.user).order_by("location__name", "name"))
    now = timezone.now()
    rows = [{"offer": o, "stale": queries.is_stale(o.capacity_updated_at, now)} for o in offers]
    return render(
        request,
        "supply/my_offers.html",
        {
            "rows": rows,
            "stale_count": sum(row["stale"] for row in rows),
            "stale_days": queries.stale_after().days,
        },
    )


def _offer_page(request, offer, **bound) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate()
    entries = list(
        offer.waiting_list.filter(started_on__isnull=True, removed_on__isnull=True).select_related(
            "youth"
        )
    )
    placements = list(offer.placements.filter(end__isnull=True).select_related("youth"))
    log.record_many(
        Actor.from_request(request),
        Action.SEARCH,
        youth=sorted(
            {e.youth.pseudonym for e in entries} | {p.youth.pseudonym for p in placements}
        ),
        object_type="offer page",
        purpose=f"waiting list and placements of offer {offer.pk}",
    )
    measures = [m.as_rule() for m in offer.provider.inspection_measures.all()]
    all_entries = [
        services.as_waiting_entry(e) for e in offer.waiting_list.select_related("offer__location")
    ]
    norms = overview.wait_norms()
    return render(
        request,
        "supply/offer.html",
        {
            "waits": [
                (label, waiting.figures(all_entries, stage, today, norms))
                for label, stage in (
                    (_("Registration → intake"), Stage.INTAKE),
                    (_("Intake → start"), Stage.START),
                )
            ],
            "norms": {stage: norms.norm_for(offer.care_form, stage) for stage in Stage},
            "offer": offer,
            "stale": queries.is_stale(offer.capacity_updated_at, now),
            "stale_days": queries.stale_after().days,
            "inspection_status": offer_rules.status_on(measures, today),
            "accepts_new_youth": offer_rules.accepts_new_youth(measures, today),
            "history": offer.capacity_updates.select_related("updated_by")[:10],
            "entries": [
                {
                    "entry": e,
                    "days": (today - e.registered_on).days,
                    "form": EntryProgressForm(
                        prefix=f"e{e.pk}", initial={"intake_on": e.intake_on}
                    ),
                }
                for e in entries
            ],
            "placements": [
                {
                    "placement": p,
                    "form": PlacementProgressForm(
                        prefix=f"p{p.pk}",
                        initial={
                            "education_started_on": p.education_started_on,
                            "ready_to_leave_on": p.ready_to_leave_on,
                        },
                    ),
                    "flagged": placement_rules.flag_missing_reason(services.as_placement(p)),
                }
                for p in placements
            ],
            "capacity_form": bound.get("capacity_form")
            or CapacityForm(
                initial={
                    "places": offer.places,
                    "occupied": offer.occupied,
                    "expected_wait_days": offer.expected_wait_days,
                }
            ),
            "entry_form": bound.get("entry_form")
            or WaitingEntryForm(initial={"registered_on": today}),
            "placement_form": bound.get("placement_form")
            or PlacementForm(initial={"start": today}),
        },
    )


@manage_supply
def offer_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _offer_page(request, queries.managed_offer(request.user, pk))


@manage_supply
@require_POST
def update_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    offer = queries.managed_offer(request.user, pk)
    form = CapacityForm(request.POST)
    if form.is_valid():
        try:
            services.update_capacity(
                offer, **form.cleaned_data, user=request.user, channel=CapacityUpdate.Channel.SCREEN
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Capacity updated."))
            return redirect("supply:offer", pk=offer.pk)
    return _offer_page(request, offer, capacity_form=form)


@manage_supply
@require_POST
def add_entry(request: HttpRequest, pk: int) -> HttpResponse:
    offer = queries.managed_offer(request.user, pk)
    form = WaitingEntryForm(request.POST)
    actor = Actor.from_request(request)
    if form.is_valid():
        # Before the service: a refused read is logged even though nothing else is stored.
        youth = access_youth(request.user, actor, form.cleaned_data["youth"])
        try:
            services.add_to_waiting_list(
                offer,
                youth,
                registered_on=form.cleaned_data["registered_on"],
                crisis=form.cleaned_data["crisis"],
                needs=form.cleaned_data["needs"],
                actor=actor,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Added to the waiting list."))
            return redirect("supply:offer", pk=offer.pk)
    return _offer_page(request, offer, entry_form=form)


@manage_supply
@require_POST
def change_entry(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    offer = queries.managed_offer(request.user, pk)
    found = queries.managed_entry(offer, entry)
    form = EntryProgressForm(request.POST, prefix=f"e{found.pk}")
    if form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            services.update_waiting_entry(found, actor=Actor.from_request(request), **changes)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Waiting-list entry updated."))
    else:
        messages.error(request, _("Check the dates of the waiting-list entry."))
    return redirect("supply:offer", pk=offer.pk)


@manage_supply
@require_POST
def add_placement(request: HttpRequest, pk: int) -> HttpResponse:
    offer = queries.managed_offer(request.user, pk)
    form = PlacementForm(request.POST)
    actor = Actor.from_request(request)
    if form.is_valid():
        data = form.cleaned_data
        youth = access_youth(request.user, actor, data["youth"])  # a refusal is logged
        try:
            services.save_placement(
                Placement(
                    youth=youth,
                    offer=offer,
                    youth_municipality=data["youth_municipality"],
                    start=data["start"],
                    crisis=data["crisis"],
                    out_of_region_reason=data["out_of_region_reason"],
                    out_of_region_note=data["out_of_region_note"],
                    education_started_on=data["education_started_on"],
                ),
                actor=actor,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Placement recorded."))
            return redirect("supply:offer", pk=offer.pk)
    return _offer_page(request, offer, placement_form=form)


@manage_supply
@require_POST
def change_placement(request: HttpRequest, pk: int, placement: int) -> HttpResponse:
    offer = queries.managed_offer(request.user, pk)
    found = queries.managed_placement(offer, placement)
    form = PlacementProgressForm(request.POST, prefix=f"p{found.pk}")
    if form.is_valid():
        for name, value in form.cleaned_data.items():
            if value is not None:
                setattr(found, name, value)
        try:
            services.save_placement(found, actor=Actor.from_request(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Placement updated."))
    else:
        messages.error(request, _("Check the dates of the placement."))
    return redirect("supply:offer", pk=offer.pk)


@capability_required(Capability.FIND_ROOM)
@require_http_methods(["GET"])
def where_is_room(request: HttpRequest) -> HttpResponse:
    """Search offers with room; nothing personal is entered or logged."""
    form = RoomForm(request.GET or None)
    rows, errors = None, []
    if form.is_valid():
        data = form.cleaned_data
        query = room.RoomQuery(
            care_form=data["care_form"],
            needs=frozenset(data["needs"]),
            age=data["age"],
            max_wait_days=data["max_wait_days"],
            region=data["region"].name if data["region"] else None,
        )
        errors = room.validate_query(query)
        if not errors:
            now = timezone.now()
            rows = [
                {
                    "row": row,
                    "offers": [
                        {
                            "offer": offer,
                            "updated_at": row.last_update.get(offer.id),
                            "stale": queries.is_stale(row.last_update.get(offer.id), now),
                        }
                        for offer in row.offers
                    ],
                }
                for row in search.where_is_room(query, timezone.localdate())
            ]
    return render(
        request,
        "supply/room.html",
        {"form": form, "rows": rows, "errors": errors, "need_labels": NEEDS},
    )


def _wait_rows(groups: dict, label) -> list[dict]:
    """One row per group of the waiting-time tables; a stage nobody waited in shows 0 still
    waiting and no median (:data:`waiting.NO_WAITS`), not a blank."""
    rows = []
    for key, stages in groups.items():
        intake, start = (
            stages.get(stage, waiting.NO_WAITS) for stage in (Stage.INTAKE, Stage.START)
        )
        rows.append(
            {
                "key": key,
                "label": label(key),
                "intake": intake,
                "start": start,
                "stages": (intake, start),
            }
        )
    return rows


OVERVIEW_EXPORTS = {
    "csv": ("text/csv; charset=utf-8", "csv", overview.render_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        overview.render_xlsx,
    ),
}


@capability_required(Capability.VIEW_AGGREGATES)
def regional_overview(request: HttpRequest) -> HttpResponse:
    """Supply against demand, waiting times against the norm, placements and shortage signals
    for one youth-care region: aggregates only, no youth named."""
    form = OverviewForm(request.GET or None, initial={"as_of": timezone.localdate()})
    if not form.is_valid():
        return render(request, "supply/overview.html", {"form": form, "view": None})
    region, as_of = form.cleaned_data["region"], form.cleaned_data["as_of"]
    view = overview.region_overview(region, as_of)
    export = request.GET.get("export")
    if export in OVERVIEW_EXPORTS:
        content_type, extension, render_to = OVERVIEW_EXPORTS[export]
        response = HttpResponse(render_to(view), content_type=content_type)
        name = f"supply-overview-{region.pk}-{as_of.isoformat()}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    forms_shown = [row for row in view.by_care_form if row.offers or row.waiting]
    waiting_chart = bar_chart(
        _("Youth waiting and free places per care form"),
        [
            (label_of(CARE_FORMS, row.key), row.waiting, f"{row.waiting} / {row.free_places}")
            for row in forms_shown
        ],
    )
    over_norm_chart = bar_chart(
        _("Share of waits over the norm, per care form (%)"),
        [
            (
                label_of(CARE_FORMS, key),
                100 * (stages[Stage.INTAKE].share_over_norm or 0),
                overview.pct(stages[Stage.INTAKE].share_over_norm) or "–",
            )
            for key, stages in view.waits.items()
            if key != "all" and Stage.INTAKE in stages
        ],
    )
    return render(
        request,
        "supply/overview.html",
        {
            "form": form,
            "view": view,
            "forms_shown": forms_shown,
            "needs_shown": [row for row in view.by_need if row.offers or row.waiting],
            "waits": _wait_rows(
                view.waits,
                lambda key: label_of(CARE_FORMS, key) if key in CARE_FORMS else _("all care forms"),
            ),
            "waits_by_need": _wait_rows(view.waits_by_need, lambda key: label_of(NEEDS, key)),
            "waiting_chart": waiting_chart,
            "over_norm_chart": over_norm_chart,
            "care_forms": CARE_FORMS,
            "need_labels": NEEDS,
            "query": request.GET.urlencode(),
            "norms": overview.wait_norms(),
            "may_list_queues": policy.scope_queue_placements(request.user) is not None,
        },
    )


@capability_required(Capability.VIEW_YOUTH)
@require_http_methods(["GET"])
def stuck_queues(request: HttpRequest) -> HttpResponse:
    """The two queues the overview counts, listed by pseudonym for those who must act on them:
    the provider for its own offers, the expert team for its region
    (:func:`passend.accounts.policy.scope_queue_placements`).
    Every youth shown is written to the access log, as on every list of youth."""
    scope = policy.scope_queue_placements(request.user)
    if scope is None:
        raise PermissionDenied
    found = overview.queues(scope, timezone.localdate())
    shown = [
        row["placement"] for rows in (found["crisis_stays"], found["follow_up"]) for row in rows
    ]
    log.record_many(
        Actor.from_request(request),
        Action.SEARCH,
        youth=sorted({placement.youth.pseudonym for placement in shown}),
        object_type="placement queues",
        purpose="crisis stays and youth waiting for follow-up help",
    )
    return render(
        request,
        "supply/queues.html",
        {**found, "manages_offers": request.user.has_capability(Capability.MANAGE_SUPPLY)},
    )
