"""Worklists, the case page and escalation to the expert team."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from passend.accounts.decorators import capability_required
from passend.accounts.roles import Capability
from passend.audit.log import Actor
from passend.audit.models import Action
from passend.protection import queries
from passend.protection.forms import CloseEscalationForm, EscalationForm, EventForm
from passend.protection.models import CaseEvent, Escalation, ImportBatch
from passend.protection.rules.events import CaseEvent as Event
from passend.protection.rules.events import ParseResult, build_event
from passend.protection.rules.norms import Flag, evaluate_case
from passend.protection.rules.worklist import Missing, State
from passend.protection.services import ImportRejected, import_events

PAGE_SIZE = 50
STATE_LABELS = {
    State.OVERDUE: gettext_lazy("overdue"),
    State.DUE_SOON: gettext_lazy("due within 2 working days"),
    State.ON_TRACK: gettext_lazy("on track"),
    State.DONE: gettext_lazy("done"),
}
MISSING_LABELS = {
    Missing.PROTECTOR: gettext_lazy("no protector"),
    Missing.DUTY_DESK: gettext_lazy("no protector (duty desk)"),
    Missing.COURSE: gettext_lazy("no course"),
    Missing.SUPPORT: gettext_lazy("course not supported"),
    Missing.HELP: gettext_lazy("help not started"),
    Missing.WAITING: gettext_lazy("on a waiting list after intake"),
}
FLAG_LABELS = {
    Flag.GI_INFORMED_MISSING: gettext_lazy(
        "GI-informed date missing: the protector deadline counts from the pronounced date"
    ),
}

view_cases = capability_required(Capability.VIEW_YOUTH)
work_cases = capability_required(Capability.WORK_CASES)


@view_cases
def worklist(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = Paginator(queries.worklist(request.user, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    cases = list(page)
    items = queries.work_items(cases, today)
    rows = [
        {
            "case": case,
            "item": items[case.pk],
            "state": STATE_LABELS[items[case.pk].state],
            "missing": [MISSING_LABELS[m] for m in items[case.pk].missing],
            "flags": [FLAG_LABELS[flag] for flag in case.flags],
        }
        for case in cases
    ]
    return render(request, "protection/worklist.html", {"page": page, "rows": rows, "today": today})


def event_details(data: dict) -> list[tuple[str, str]]:
    """An event's fields for people: lists joined, booleans as yes/no."""

    def shown(value) -> str:
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, list):
            return ", ".join(value)
        return str(value)

    return [(key, shown(value)) for key, value in data.items()]


def case_timeline(rows: list[CaseEvent], escalations: list[Escalation]) -> list[dict]:
    """The case's events and its escalations (raised, and closed with the outcome) by date; on
    one day the events come first. An escalation is not an event of the interchange format, but
    whoever reads the file must see it among them."""

    def entry(day, kind: str, details: dict) -> dict:
        return {"date": day, "type": kind, "details": event_details(details)}

    entries = [entry(row.date, row.type, row.data) for row in rows]
    for escalation in escalations:
        entries.append(
            entry(
                escalation.escalated_on,
                "escalated",
                {
                    "region": escalation.region.name,
                    "by": escalation.escalated_by.get_full_name(),
                    "reason": escalation.reason,
                },
            )
        )
        if escalation.closed_on is not None:
            entries.append(
                entry(
                    escalation.closed_on,
                    "escalation_closed",
                    {"outcome": str(escalation.get_outcome_display())}
                    | ({"note": escalation.outcome_note} if escalation.outcome_note else {}),
                )
            )
    return sorted(entries, key=lambda item: item["date"])


def _event_errors(form: EventForm, errors) -> None:
    for error in errors:
        form.add_error(None, error if isinstance(error, str) else error.message)


@view_cases
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    actor = Actor.from_request(request)
    case = queries.access_case(request.user, actor, reference)
    today = timezone.localdate()
    form = EventForm(request.POST or None)
    if request.method == "POST" and not request.user.has_capability(Capability.WORK_CASES):
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        built = build_event(form.record(case.reference), line=1)
        if isinstance(built, Event):
            try:
                import_events(
                    ParseResult(events=(built,), errors=()),
                    actor=actor,
                    acting_user=request.user,
                    channel=ImportBatch.Channel.SCREEN,
                    gi_scope=case.gi,
                )
            except ImportRejected as rejected:
                _event_errors(form, rejected.errors)
            else:
                messages.success(request, _("Event recorded."))
                return redirect("cases:detail", reference=case.reference)
        else:
            _event_errors(form, built)
    rows, events = queries.case_events(case)
    # A measure pronounced after today has no verdicts yet (the engine refuses such a date).
    evaluation = evaluate_case(events, today) if case.measure_date <= today else None
    escalations = list(case.escalations.select_related("region", "escalated_by"))
    return render(
        request,
        "protection/case_detail.html",
        {
            "case": case,
            "timeline": case_timeline(rows, escalations),
            "indicators": evaluation.indicators.items() if evaluation else [],
            "flags": [FLAG_LABELS[flag] for flag in evaluation.flags] if evaluation else [],
            "form": form,
            "escalation": next((e for e in escalations if e.closed_on is None), None),
            "closed_escalations": [e for e in escalations if e.closed_on is not None],
            "escalation_form": EscalationForm(),
            "may_work": request.user.has_capability(Capability.WORK_CASES),
            "today": today,
        },
    )


@work_cases
@require_POST
def escalate(request: HttpRequest, reference: str) -> HttpResponse:
    """One step: the region's expert team takes over the search for help."""
    actor = Actor.from_request(request)
    case = queries.access_case(request.user, actor, reference)
    form = EscalationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why help cannot start in time."))
        return redirect("cases:detail", reference=case.reference)
    with transaction.atomic():
        _escalation, created = Escalation.objects.get_or_create(
            case=case,
            closed_on=None,
            defaults={
                "region": case.region,
                "escalated_on": timezone.localdate(),
                "escalated_by": request.user,
                "reason": form.cleaned_data["reason"],
            },
        )
    if created:
        queries.log_case(
            actor, Action.CHANGE, case.reference, purpose=f"escalated to {case.region.name}"
        )
        messages.success(
            request, _("Escalated to the expert team of %(region)s.") % {"region": case.region}
        )
    else:
        messages.info(request, _("This case was escalated already."))
    return redirect("cases:detail", reference=case.reference)


@view_cases
def escalation_queue(request: HttpRequest) -> HttpResponse:
    escalations = list(queries.escalation_queue(request.user, timezone.localdate()))
    return render(
        request,
        "protection/escalations.html",
        {
            "escalations": escalations,
            "close_form": CloseEscalationForm(),
            "may_close": request.user.has_capability(Capability.HANDLE_ESCALATIONS),
        },
    )


@capability_required(Capability.HANDLE_ESCALATIONS)
@require_POST
def close_escalation(request: HttpRequest, pk: int) -> HttpResponse:
    """The expert team closes an escalation of its region with an outcome."""
    escalation = queries.escalation_queue(request.user, timezone.localdate()).filter(pk=pk).first()
    if escalation is None:
        raise Http404("No such open escalation.")
    form = CloseEscalationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the outcome of the escalation."))
        return redirect("cases:escalations")
    with transaction.atomic():
        closed = Escalation.objects.filter(pk=escalation.pk, closed_on__isnull=True).update(
            closed_on=timezone.localdate(),
            closed_by=request.user,
            outcome=form.cleaned_data["outcome"],
            outcome_note=form.cleaned_data["outcome_note"],
        )
        if closed:
            queries.log_case(
                Actor.from_request(request),
                Action.CHANGE,
                escalation.case.reference,
                purpose=f"escalation closed: {form.cleaned_data['outcome']}",
            )
    messages.success(
        request,
        _("Escalation of case %(case)s closed.") % {"case": escalation.case.reference},
    )
    return redirect("cases:escalations")
