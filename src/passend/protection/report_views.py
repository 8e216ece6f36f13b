"""The norms report as a screen: groups side by side, a chart with the table beside it."""

from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passend.accounts.decorators import capability_required
from passend.accounts.roles import Capability
from passend.core.charts import bar_chart
from passend.protection import reports
from passend.protection.rules.norms import Indicator

BY_CHOICES = [
    ("region", gettext_lazy("per child-protection region")),
    ("gi", gettext_lazy("per GI")),
    ("national", gettext_lazy("national")),
]


class ReportForm(forms.Form):
    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    by = forms.ChoiceField(label=gettext_lazy("Grouped"), choices=BY_CHOICES)
    measures_from = forms.DateField(
        label=gettext_lazy("Measures pronounced from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    measures_to = forms.DateField(
        label=gettext_lazy("to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    indicator = forms.ChoiceField(
        label=gettext_lazy("Indicator in the chart"),
        choices=[(i.value, i.value) for i in Indicator],
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("measures_from"), data.get("measures_to")
        if start and end and start > end:
            self.add_error("measures_to", _("The period ends before it starts."))
        return data


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
    rows = [
        {
            "group": group.group,
            "cells": [group.indicators[i] for i in Indicator],
            "chosen": group.indicators[indicator],
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
            "query": request.GET.urlencode()
            or "&".join(
                f"{k}={v.isoformat() if isinstance(v, date) else v}" for k, v in initial.items()
            ),
        },
    )
