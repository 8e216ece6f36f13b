"""The norms report as a screen: groups side by side, a chart with the table beside it."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passend.accounts.decorators import capability_required
from passend.accounts.roles import Capability
from passend.audit import log
from passend.audit.log import Actor
from passend.audit.models import Action
from passend.core.charts import bar_chart
from passend.protection import reports
from passend.protection.forms import REGION_VERDICT_LABELS, RegionVerdictForm
from passend.protection.models import RecordedRegionVerdict
from passend.protection.rules.norms import Indicator
from passend.protection.rules.region_verdict import Thresholds
from passend.registry.models import ChildProtectionRegion

BY_CHOICES = [
    ("region", gettext_lazy("per child-protection region")),
    ("gi", gettext_lazy("per GI")),
    ("national", gettext_lazy("national")),
]


def _date_field(label, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PeriodForm(forms.Form):
    """As of which date, for measures pronounced in which period."""

    as_of = _date_field(gettext_lazy("As of"))
    measures_from = _date_field(gettext_lazy("Measures pronounced from"), required=False)
    measures_to = _date_field(gettext_lazy("to"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("measures_from"), data.get("measures_to")
        if start and end and start > end:
            self.add_error("measures_to", _("The period ends before it starts."))
        return data


class ReportForm(PeriodForm):
    by = forms.ChoiceField(label=gettext_lazy("Grouped"), choices=BY_CHOICES)
    indicator = forms.ChoiceField(
        label=gettext_lazy("Indicator in the chart"),
        choices=[(i.value, i.value) for i in Indicator],
    )
    field_order = ["as_of", "by", "measures_from", "measures_to", "indicator"]


class VerdictPeriodForm(PeriodForm):
    """A verdict is always about a period of measures: both dates are required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("measures_from", "measures_to"):
            self.fields[name].required = True


def verdict_thresholds() -> Thresholds:
    return Thresholds(**settings.REGION_VERDICT_THRESHOLDS)


def extrapolated(share_failing: float | None, inflow: int) -> int | None:
    """Children a year who would not get this in time: share failing × annual inflow."""
    return None if share_failing is None else round(share_failing * inflow)


EXPORTS = {
    "csv": ("text/csv; charset=utf-8", "csv", reports.render_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        reports.render_xlsx,
    ),
}


@capability_required(Capability.VIEW_AGGREGATES)
def norms_report(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    initial = {"as_of": today, "by": "region", "indicator": Indicator.HELP_TIMELY.value}
    form = ReportForm(request.GET or initial)
    if not form.is_valid():
        return render(request, "protection/report.html", {"form": form, "report": None})
    data = form.cleaned_data
    report = reports.norms_report(
        as_of=data["as_of"],
        by=data["by"],
        measures_from=data["measures_from"],
        measures_to=data["measures_to"],
    )
    export = request.GET.get("export")
    if export in EXPORTS:
        content_type, extension, render_to = EXPORTS[export]
        response = HttpResponse(render_to(report), content_type=content_type)
        name = f"norms-{data['by']}-{data['as_of'].isoformat()}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    indicator = Indicator(data["indicator"])
    proposals = (
        reports.region_proposals(
            as_of=data["as_of"],
            measures_from=data["measures_from"],
            measures_to=data["measures_to"],
            thresholds=verdict_thresholds(),
        )
        if data["by"] == "region" and data["measures_from"] and data["measures_to"]
        else {}
    )
    region_ids = dict(ChildProtectionRegion.objects.values_list("name", "pk"))
    rows = [
        {
            "group": group.group,
            "cells": [group.indicators[i] for i in Indicator],
            "chosen": group.indicators[indicator],
            "proposal": proposals.get(group.group),
            "proposal_label": REGION_VERDICT_LABELS[proposals[group.group].verdict]
            if group.group in proposals
            else "",
            "region_id": region_ids.get(group.group),
        }
        for group in report.groups
    ]
    chart = bar_chart(
        _("%(indicator)s: %% met") % {"indicator": indicator.value},
        [
            (
                row["group"],
                row["chosen"].met_pct or 0,
                f"{row['chosen'].met_pct}%" if row["chosen"].met_pct is not None else "–",
            )
            for row in rows
        ],
    )
    national = reports.norms_report(
        as_of=data["as_of"],
        by="national",
        measures_from=data["measures_from"],
        measures_to=data["measures_to"],
    ).groups
    failing = [
        {
            "indicator": i.value,
            "pct": summary.met_pct,
            "children": extrapolated(
                None if summary.met_pct is None else (100 - summary.met_pct) / 100,
                settings.ANNUAL_INFLOW,
            ),
        }
        for i, summary in (national[0].indicators.items() if national else [])
    ]
    return render(
        request,
        "protection/report.html",
        {
            "form": form,
            "report": report,
            "indicators": [i.value for i in Indicator],
            "rows": rows,
            "chart": chart,
            "failing": failing,
            "inflow": settings.ANNUAL_INFLOW,
            "verdicts_shown": bool(proposals),
            "may_record_verdict": request.user.has_capability(Capability.RECORD_REGION_VERDICT),
            "period_query": urlencode(
                {
                    key: data[key].isoformat()
                    for key in ("as_of", "measures_from", "measures_to")
                    if data[key]
                }
            ),
            "query": request.GET.urlencode()
            or "&".join(
                f"{k}={v.isoformat() if isinstance(v, date) else v}" for k, v in initial.items()
            ),
        },
    )


@capability_required(Capability.VIEW_AGGREGATES)
def region_verdicts(request: HttpRequest) -> HttpResponse:
    """Every recorded region verdict, newest first, with who decided and when."""
    verdicts = RecordedRegionVerdict.objects.select_related("region", "decided_by")
    return render(
        request,
        "protection/region_verdicts.html",
        {
            "verdicts": [
                (v, REGION_VERDICT_LABELS[v.verdict], REGION_VERDICT_LABELS[v.proposed])
                for v in verdicts
            ],
        },
    )


@capability_required(Capability.RECORD_REGION_VERDICT)
def record_region_verdict(request: HttpRequest, region: int) -> HttpResponse:
    """The inspector sees the figures and the proposal for a region and period, and records
    the verdict; the proposal and its figures are stored beside it."""
    region_obj = get_object_or_404(ChildProtectionRegion, pk=region)
    period = VerdictPeriodForm(request.GET)
    if not period.is_valid():
        return render(
            request,
            "protection/record_region_verdict.html",
            {"region": region_obj, "period": period, "proposal": None},
        )
    data = period.cleaned_data
    thresholds = verdict_thresholds()
    proposal = reports.region_proposals(
        as_of=data["as_of"],
        measures_from=data["measures_from"],
        measures_to=data["measures_to"],
        thresholds=thresholds,
    ).get(region_obj.name)
    form = RegionVerdictForm(request.POST or None)
    if request.method == "POST" and proposal is not None and form.is_valid():
        recorded = RecordedRegionVerdict.objects.create(
            region=region_obj,
            as_of=data["as_of"],
            measures_from=data["measures_from"],
            measures_to=data["measures_to"],
            proposed=proposal.verdict,
            verdict=form.cleaned_data["verdict"],
            motivation=form.cleaned_data["motivation"],
            basis=reports.proposal_basis(proposal, thresholds),
            decided_by=request.user,
        )
        log.record(
            Actor.from_request(request),
            Action.CHANGE,
            youth="",
            object_type="region verdict",
            object_reference=str(recorded.pk),
            purpose=f"verdict on {region_obj.name}",
        )
        messages.success(request, _("Verdict on %(region)s recorded.") % {"region": region_obj})
        return redirect("cases:region-verdicts")
    return render(
        request,
        "protection/record_region_verdict.html",
        {
            "region": region_obj,
            "period": period,
            "proposal": proposal,
            "proposal_label": REGION_VERDICT_LABELS[proposal.verdict] if proposal else "",
            "thresholds": thresholds,
            "form": form,
            "earlier": reports.previous_period(data["measures_from"], data["measures_to"]),
            "history": RecordedRegionVerdict.objects.filter(region=region_obj).select_related(
                "decided_by"
            ),
        },
    )
