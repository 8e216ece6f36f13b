"""Screens of freedom-restricting measures.

Provider staff register measures (on the screen or by import), keep their locations' legal
setting, safe rooms and house rules, record the alternatives tried, and make the deliveries: the
half-year overview for the inspectorate, the six-monthly report per youth and the yearly
analysis. Supervisors see aggregates per provider and location; an inspector opens individual
registrations only within a registered inspection. A violation is never hidden: every list and
page shows the verdict of the legality check, and a running measure is judged again as of now.
"""

from __future__ import annotations

import io
import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
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
from passend.registry.models import Organisation
from passend.statistics import suppressed
from passend.youth.queries import access_youth

from . import exports, queries, services
from .forms import (
    AlternativeForm,
    ConsentForm,
    DeliverForm,
    HouseRuleForm,
    ImportForm,
    LocationSettingForm,
    OverviewForm,
    RegistrationForm,
    SafeRoomForm,
    YearForm,
    YouthReportForm,
    ended_half_years,
)
from .labels import ALTERNATIVE_LABELS, KIND_LABELS, SITUATION_LABELS, kind_label
from .models import AlternativeTried, HouseRule, MeasureRegistration, SafeRoom, setting_of
from .rules import analysis, deliveries
from .rules.deliveries import HalfYear, Recipient
from .rules.kinds import KINDS

register_measures = capability_required(Capability.REGISTER_MEASURES)
view_measures = capability_required(Capability.VIEW_MEASURES)
view_aggregates = capability_required(Capability.VIEW_AGGREGATES)
PAGE_SIZE = 50


def any_capability_required(*capabilities: Capability):
    """Signed in, and the role has at least one of ``capabilities``; otherwise 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(request.user.has_capability(c) for c in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def _provider(request: HttpRequest) -> Organisation:
    provider = queries.own_provider(request.user)
    if provider is None:
        raise Http404("No provider.")
    return provider


def _errors_to_form(form, error: ValidationError) -> None:
    for name, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


def _reminder(provider: Organisation) -> queries.DeliveryStatus:
    return queries.next_due(queries.delivery_statuses(provider, timezone.localdate()))


# --- Registrations -----------------------------------------------------------------------------


@register_measures
def registration_list(request: HttpRequest) -> HttpResponse:
    """The provider's registrations, newest first, each with its verdict as it stands now."""
    provider = _provider(request)
    queryset = queries.scope_registrations(request.user)
    show = request.GET.get("show", "")
    kind = request.GET.get("kind", "")
    now = timezone.now()
    if kind in KINDS:
        queryset = queryset.filter(kind=kind)
    if show == "unlawful":
        queryset = queries.unlawful_now(queryset, now)
    page = Paginator(queryset.order_by("-start", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [{"registration": r, "verdict": queries.current_verdict(r, now)} for r in page]
    log.record_many(
        Actor.from_request(request),
        Action.SEARCH,
        youth=sorted({row["registration"].youth.pseudonym for row in rows}),
        object_type="restrictive measures list",
        purpose=f"restrictive measures ({provider.reference})",
    )
    return render(
        request,
        "restrictive_measures/registration_list.html",
        {
            "page": page,
            "rows": rows,
            "show": show,
            "kind": kind,
            "kinds": KIND_LABELS,
            "reminder": _reminder(provider),
        },
    )


def _registration_form_page(request, form, registration=None, status=200) -> HttpResponse:
    locations = {
        location.pk: setting_of(location) for location in queries.own_locations(request.user)
    }
    return render(
        request,
        "restrictive_measures/registration_form.html",
        {"form": form, "registration": registration, "settings": locations.values()},
        status=status,
    )


def _youth_in_scope(request, pseudonym: str):
    """The youth, logged as a read; ``None`` (and a denied record if it exists) otherwise."""
    try:
        return access_youth(request.user, Actor.from_request(request), pseudonym.strip())
    except Http404:
        return None


@register_measures
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    locations = queries.own_locations(request.user)
    form = RegistrationForm(request.POST or None, locations=locations)
    if request.method == "POST" and form.is_valid():
        youth = _youth_in_scope(request, form.cleaned_data["youth_pseudonym"])
        if youth is None:
            form.add_error(
                "youth_pseudonym", _("No youth with this pseudonym is in your organisation's care.")
            )
        else:
            registration = form.save(commit=False)
            registration.provider = provider
            registration.youth = youth
            registration.alternatives_considered = form.cleaned_data["alternatives_considered"]
            try:
                services.save_registration(
                    registration, actor=Actor.from_request(request), acting_user=request.user
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                _announce(request, registration)
                return redirect("measures:registration", pk=registration.pk)
    return _registration_form_page(request, form)


def _announce(request, registration: MeasureRegistration) -> None:
    if registration.lawful:
        messages.success(request, _("Registration saved. The legality check found no violation."))
    else:
        messages.error(
            request,
            _("Registration saved. This measure was UNLAWFUL: %(count)d violation(s), see below.")
            % {"count": len(registration.violations)},
        )


@view_measures
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = queries.access_registration(request.user, Actor.from_request(request), pk)
    now = timezone.now()
    own = queries.own_provider(request.user)
    may_change = own is not None and own.pk == registration.provider_id
    return render(
        request,
        "restrictive_measures/registration_detail.html",
        {
            "registration": registration,
            "verdict": queries.current_verdict(registration, now),
            "setting": setting_of(registration.location),
            "alternatives": registration.alternatives_tried.all(),
            "alternative_form": AlternativeForm(
                locations=queries.own_locations(request.user),
                fixed_location=registration.location,
            )
            if may_change
            else None,
            "may_change": may_change,
            "situations": SITUATION_LABELS,
            "alternative_labels": ALTERNATIVE_LABELS,
        },
    )


@register_measures
@require_http_methods(["GET", "POST"])
def registration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    registration = queries.access_registration(request.user, Actor.from_request(request), pk)
    form = RegistrationForm(
        request.POST or None, instance=registration, locations=queries.own_locations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        changed.alternatives_considered = form.cleaned_data["alternatives_considered"]
        try:
            services.save_registration(
                changed, actor=Actor.from_request(request), acting_user=request.user
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            _announce(request, changed)
            return redirect("measures:registration", pk=changed.pk)
    return _registration_form_page(request, form, registration)


@register_measures
@require_POST
def add_alternative(request: HttpRequest, pk: int) -> HttpResponse:
    registration = queries.access_registration(request.user, Actor.from_request(request), pk)
    form = AlternativeForm(
        request.POST,
        locations=queries.own_locations(request.user),
        fixed_location=registration.location,
    )
    if form.is_valid():
        try:
            services.record_alternative(
                provider=_provider(request),
                location=registration.location,
                registration=registration,
                situation=form.cleaned_data["situation"],
                alternative=form.cleaned_data["alternative"],
                worked=form.cleaned_data["worked"],
                acting_user=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Alternative recorded."))
    else:
        messages.error(request, _("Choose a situation and an alternative."))
    return redirect("measures:registration", pk=registration.pk)


@register_measures
@require_http_methods(["GET", "POST"])
def alternatives(request: HttpRequest) -> HttpResponse:
    """Alternatives tried when a measure was considered; the own records, newest first."""
    provider = _provider(request)
    locations = queries.own_locations(request.user)
    form = AlternativeForm(request.POST or None, locations=locations)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_alternative(
                provider=provider,
                location=form.cleaned_data["location"],
                situation=form.cleaned_data["situation"],
                alternative=form.cleaned_data["alternative"],
                worked=form.cleaned_data["worked"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Alternative recorded."))
            return redirect("measures:alternatives")
    records = AlternativeTried.objects.filter(provider=provider).select_related(
        "location", "registration"
    )[:100]
    return render(
        request,
        "restrictive_measures/alternatives.html",
        {
            "form": form,
            "records": records,
            "situations": SITUATION_LABELS,
            "alternative_labels": ALTERNATIVE_LABELS,
        },
    )


@register_measures
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a JSON Lines file of registrations: all or nothing, with line numbers."""
    provider = _provider(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, report = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        else:
            try:
                report = services.import_registrations(
                    io.StringIO(text),
                    provider=provider,
                    youth_scope=policy.scope_youth(request.user),
                    actor=Actor.from_request(request),
                    acting_user=request.user,
                    skip_bad_lines=form.cleaned_data["skip_bad_lines"],
                )
            except services.ImportRejected as rejected:
                errors = rejected.errors
    return render(
        request,
        "restrictive_measures/import.html",
        {"form": form, "errors": errors, "report": report},
    )


# --- Locations, safe rooms, house rules --------------------------------------------------------


@register_measures
def locations(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "location": location,
            "setting": setting_of(location),
            "safe_rooms": list(location.safe_rooms.all()),
            "problems": [rule for rule in location.house_rules.all() if rule.problem],
        }
        for location in queries.own_locations(request.user).prefetch_related(
            "safe_rooms", "house_rules"
        )
    ]
    return render(request, "restrictive_measures/locations.html", {"rows": rows})


def _location_page(request, location, status=200, **bound) -> HttpResponse:
    setting = setting_of(location)
    return render(
        request,
        "restrictive_measures/location.html",
        {
            "location": location,
            "setting": setting,
            "setting_form": bound.get("setting_form")
            or LocationSettingForm(
                instance=setting if setting.pk else None, initial={"reference": setting.reference}
            ),
            "safe_rooms": location.safe_rooms.all(),
            "room_form": bound.get("room_form") or SafeRoomForm(),
            "house_rules": location.house_rules.all(),
            "rule_form": bound.get("rule_form")
            or HouseRuleForm(initial={"recorded_on": timezone.localdate()}),
        },
        status=status,
    )


@register_measures
@require_http_methods(["GET", "POST"])
def location(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.own_location(request.user, pk)
    if request.method == "GET":
        return _location_page(request, found)
    setting = setting_of(found)
    form = LocationSettingForm(request.POST, instance=setting if setting.pk else None)
    form.instance.location = found
    if form.is_valid():
        try:
            services.save_location_setting(form.save(commit=False))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Legal setting saved."))
            return redirect("measures:location", pk=found.pk)
    return _location_page(request, found, setting_form=form)


@register_measures
@require_POST
def add_safe_room(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.own_location(request.user, pk)
    form = SafeRoomForm(request.POST, instance=SafeRoom(location=found))
    if form.is_valid():
        services.save_safe_room(form.save(commit=False))
        messages.success(request, _("Safe room recorded."))
        return redirect("measures:location", pk=found.pk)
    return _location_page(request, found, room_form=form)


@register_measures
@require_http_methods(["GET", "POST"])
def safe_room(request: HttpRequest, pk: int) -> HttpResponse:
    room = queries.own_safe_room(request.user, pk)
    form = SafeRoomForm(request.POST or None, instance=room)
    if request.method == "POST" and form.is_valid():
        services.save_safe_room(form.save(commit=False))
        messages.success(request, _("Safe room saved."))
        return redirect("measures:location", pk=room.location_id)
    return render(request, "restrictive_measures/safe_room.html", {"form": form, "room": room})


@register_measures
@require_POST
def add_house_rule(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.own_location(request.user, pk)
    form = HouseRuleForm(request.POST, instance=HouseRule(location=found))
    if form.is_valid():
        try:
            rule = services.add_house_rule(form.save(commit=False))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            if rule.problem:
                messages.error(
                    request,
                    _(
                        "House rule recorded. It restricts freedom for the whole group: a "
                        "freedom-restricting measure may never be part of the house rules."
                    ),
                )
            else:
                messages.success(request, _("House rule recorded."))
            return redirect("measures:location", pk=found.pk)
    return _location_page(request, found, rule_form=form)


@register_measures
@require_POST
def end_house_rule(request: HttpRequest, pk: int) -> HttpResponse:
    rule = queries.own_house_rule(request.user, pk)
    services.end_house_rule(rule, on=timezone.localdate())
    messages.success(request, _("House rule ended."))
    return redirect("measures:location", pk=rule.location_id)


# --- Deliveries --------------------------------------------------------------------------------


@register_measures
def deliveries_page(request: HttpRequest) -> HttpResponse:
    """The half-year overviews: due dates, state, downloads, and recording a delivery."""
    provider = _provider(request)
    today = timezone.localdate()
    statuses = queries.delivery_statuses(provider, today)
    return render(
        request,
        "restrictive_measures/deliveries.html",
        {
            "statuses": statuses,
            "reminder": queries.next_due(statuses),
            "ended": ended_half_years(today),
            "deliveries": provider.overview_deliveries.all()[:10],
            "schema_id": deliveries.schema()["$id"],
        },
    )


@register_measures
def overview_download(request: HttpRequest) -> HttpResponse:
    """The half-year overview as JSON (per its JSON Schema) or CSV; the last ended half year
    unless another is asked for."""
    provider = _provider(request)
    form = OverviewForm(request.GET)
    if not form.is_valid():
        return HttpResponse(_("Ask for a half year like 2026-H1."), status=400)
    now = timezone.now()
    half_year = form.cleaned_data["half_year"] or HalfYear.of(timezone.localdate()).previous
    overview = queries.half_year_overview(provider, half_year, now)
    if form.cleaned_data["format"] == "csv":
        content, content_type, extension = (
            deliveries.to_csv(overview),
            "text/csv; charset=utf-8",
            "csv",
        )
    else:
        content, content_type, extension = (
            deliveries.to_json(overview),
            "application/json",
            "json",
        )
    pseudonyms = sorted({row.youth for row in overview.rows if row.youth})
    if pseudonyms:
        log.record_many(
            Actor.from_request(request),
            Action.EXPORT,
            youth=pseudonyms,
            object_type="half-year overview",
            purpose=f"overview {half_year.label} ({provider.reference})",
        )
    response = HttpResponse(content, content_type=content_type)
    name = f"vbm-overview-{provider.reference}-{half_year.label}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@register_measures
@require_POST
def deliver(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    form = DeliverForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the half year that was delivered."))
        return redirect("measures:deliveries")
    try:
        delivery = services.record_delivery(
            provider=provider,
            half_year=form.cleaned_data["half_year"],
            actor=Actor.from_request(request),
            acting_user=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Overview %(half_year)s recorded as delivered, with %(count)d registration(s).")
            % {"half_year": delivery.half_year, "count": delivery.registrations},
        )
    return redirect("measures:deliveries")


@register_measures
def youth_report(request: HttpRequest, pseudonym: str) -> HttpResponse:
    """The six-monthly report on one youth's measures to the GI or parents (6.7.1 lid 3),
    withheld from age 16 without the youth's consent (6.7.2 lid 3)."""
    provider = _provider(request)
    youth = access_youth(request.user, Actor.from_request(request), pseudonym)
    form = YouthReportForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    half_year = data.get("half_year") or HalfYear.of(today).previous
    recipient = data.get("recipient") or Recipient.GI.value
    consent = queries.latest_consent(provider, youth)
    registrations = queries.applied_between(
        queries.provider_registrations(provider).filter(youth=youth),
        half_year.start,
        half_year.end,
    )
    rules, verdicts = queries.with_verdicts(registrations, timezone.now())
    report = deliveries.youth_report(
        youth.pseudonym,
        youth.birth_date,
        half_year,
        rules,
        verdicts,
        recipient,
        None if consent is None else consent.given,
        report_date=today,
        needed_for_ots=bool(data.get("needed_for_ots")) and recipient == Recipient.GI.value,
    )
    return render(
        request,
        "restrictive_measures/youth_report.html",
        {
            "youth": youth,
            "form": form,
            "half_year": half_year,
            "report": report,
            "withheld": isinstance(report, deliveries.ReportWithheld),
            "consent": consent,
            "consent_form": ConsentForm(),
            "kinds": KIND_LABELS,
            "ended": ended_half_years(today),
        },
    )


@register_measures
@require_POST
def record_consent(request: HttpRequest, pseudonym: str) -> HttpResponse:
    provider = _provider(request)
    actor = Actor.from_request(request)
    youth = access_youth(request.user, actor, pseudonym)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.record_consent(
            provider=provider,
            youth=youth,
            given=form.cleaned_data["given"],
            actor=actor,
            acting_user=request.user,
        )
        messages.success(request, _("The youth's answer is recorded."))
    else:
        messages.error(request, _("Record yes or no."))
    return redirect("measures:youth-report", pseudonym=youth.pseudonym)


# --- The yearly analysis -----------------------------------------------------------------------


ANALYSIS_EXPORTS = {
    "json": ("application/json", "json", analysis.to_json),
    "csv": ("text/csv; charset=utf-8", "csv", exports.analysis_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        exports.analysis_xlsx,
    ),
}


def _year(request) -> tuple[YearForm, int]:
    form = YearForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    return form, year or timezone.localdate().year


def _kind_chart(title: str, figures: analysis.YearlyAnalysis):
    return bar_chart(
        title,
        [
            (kind_label(k.kind), k.registrations, f"{k.registrations} / {k.unlawful}")
            for k in figures.per_kind
            if k.registrations
        ],
    )


@register_measures
def analysis_page(request: HttpRequest) -> HttpResponse:
    """The yearly analysis of the provider's measures (6.7.4), as a screen and an export."""
    provider = _provider(request)
    form, year = _year(request)
    figures = queries.provider_figures(provider, year, timezone.now())
    shown = sorted(
        {use.youth for use in figures.repeated_use.youth_with_repeats}
        | {u.youth for u in figures.unlawful_registrations if u.youth}
    )
    export = request.GET.get("export")
    actor = Actor.from_request(request)
    if export in ANALYSIS_EXPORTS:
        content_type, extension, render_to = ANALYSIS_EXPORTS[export]
        if shown:
            log.record_many(
                actor,
                Action.EXPORT,
                youth=shown,
                object_type="yearly analysis",
                purpose=f"yearly analysis {year} ({provider.reference})",
            )
        response = HttpResponse(render_to(figures), content_type=content_type)
        name = f"vbm-analysis-{provider.reference}-{year}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if shown:
        log.record_many(
            actor,
            Action.SEARCH,
            youth=shown,
            object_type="yearly analysis",
            purpose=f"yearly analysis {year} ({provider.reference})",
        )
    by_id = {
        r.source_id: r.pk
        for r in MeasureRegistration.objects.filter(
            provider=provider, source_id__in=[u.id for u in figures.unlawful_registrations]
        )
    }
    return render(
        request,
        "restrictive_measures/analysis.html",
        {
            "form": form,
            "year": year,
            "figures": figures,
            "kinds": KIND_LABELS,
            "kind_chart": _kind_chart(
                _("Registrations per kind (registrations / unlawful)"), figures
            ),
            "lock_in_chart": bar_chart(
                _("Lock-ins per location"),
                [
                    (
                        lock.location or "–",
                        lock.insluiting + lock.insluiting_eigen_kamer,
                        f"{lock.insluiting} + {lock.insluiting_eigen_kamer}",
                    )
                    for lock in figures.lock_ins
                ],
            ),
            "unlawful": [{"row": u, "pk": by_id.get(u.id)} for u in figures.unlawful_registrations],
            "query": f"year={year}",
        },
    )


# --- What works instead ------------------------------------------------------------------------


def _outcome_rows(outcomes, *, suppress: bool) -> list[dict]:
    shown = suppressed if suppress else str
    return [
        {
            "situation": SITUATION_LABELS[o.situation],
            "alternative": ALTERNATIVE_LABELS[o.alternative],
            "tried": shown(o.tried),
            "worked": shown(o.worked),
            "did_not_work": shown(o.did_not_work),
            "unknown": shown(o.unknown),
            "locations": o.locations,
            "share": o.share_worked,
        }
        for o in outcomes
    ]


@any_capability_required(Capability.REGISTER_MEASURES, Capability.VIEW_AGGREGATES)
def what_works(request: HttpRequest) -> HttpResponse:
    """Which alternatives worked in which situations, pooled across every provider's locations;
    counts below 10 shown as "< 10" (the records of other organisations). No youth is named."""
    provider = queries.own_provider(request.user)
    pooled = queries.what_works()
    own = (
        queries.what_works(AlternativeTried.objects.filter(provider=provider)) if provider else None
    )
    return render(
        request,
        "restrictive_measures/what_works.html",
        {
            "pooled": _outcome_rows(pooled, suppress=True),
            "own": None if own is None else _outcome_rows(own, suppress=False),
            "chart": bar_chart(
                _("Share that worked (%), from 10 tries with a known outcome"),
                [
                    (
                        f"{SITUATION_LABELS[o.situation]}: {ALTERNATIVE_LABELS[o.alternative]}",
                        100 * o.share_worked,
                        f"{round(100 * o.share_worked)}%",
                    )
                    for o in pooled
                    if o.share_worked is not None
                ],
            ),
        },
    )


# --- Supervision: aggregates per provider and location -----------------------------------------


@view_aggregates
def supervision(request: HttpRequest) -> HttpResponse:
    """Per provider: the year's registrations, unlawful use, lock-ins, safe rooms, house-rule
    problems and the last delivery. Aggregates only: no youth is named."""
    form, year = _year(request)
    rows = queries.supervision_rows(year)
    return render(
        request,
        "restrictive_measures/supervision.html",
        {
            "form": form,
            "year": year,
            "rows": rows,
            "chart": bar_chart(
                _("Unlawful registrations per provider"),
                [(row.provider.name, row.unlawful, str(row.unlawful)) for row in rows],
            ),
        },
    )


@view_aggregates
def supervision_provider(request: HttpRequest, reference: str) -> HttpResponse:
    """One provider per location: registrations per kind over the year, unlawful use and the
    articles violated, lock-ins, safe-room compliance and house-rule problems. Aggregates; an
    inspector within a registered inspection also gets links to the unlawful registrations."""
    provider = Organisation.objects.filter(
        reference=reference, kind=Organisation.Kind.PROVIDER
    ).first()
    if provider is None:
        raise Http404("No such provider.")
    form, year = _year(request)
    figures = queries.provider_figures(provider, year, timezone.now())
    return render(
        request,
        "restrictive_measures/supervision_provider.html",
        {
            "form": form,
            "year": year,
            "provider": provider,
            "figures": figures,
            "kinds": KIND_LABELS,
            "kind_chart": _kind_chart(
                _("Registrations per kind (registrations / unlawful)"), figures
            ),
            "articles": queries.violated_articles(figures),
            "locations": queries.provider_locations(provider),
            "statuses": queries.delivery_statuses(provider, timezone.localdate()),
            "inspected": queries.inspected_registrations(request.user, provider, year),
        },
    )


@login_required
def overview_schema(request: HttpRequest) -> HttpResponse:
    """The JSON Schema of the half-year overview: the published format."""
    return HttpResponse(
        json.dumps(deliveries.schema(), ensure_ascii=False, indent=2),
        content_type="application/schema+json",
    )
