"""The access-log screen: who looked at this youth's file, when and why."""

from __future__ import annotations

import csv

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from passend.accounts import policy
from passend.accounts.decorators import capability_required
from passend.accounts.roles import Capability
from passend.audit import log
from passend.audit.models import AccessLogEntry, Action

EXPORT_COLUMNS = [
    "at",
    "username",
    "role",
    "organisation",
    "on_behalf_of",
    "youth",
    "action",
    "object_type",
    "purpose",
    "outcome",
    "source_address",
    "channel",
]


class AccessLogForm(forms.Form):
    pseudonym = forms.CharField(label=_("Pseudonymous id of the youth"), max_length=12)


def entries_for(user, pseudonym: str):
    """The youth's access log, if the responsible officer may read it; else None."""
    if not policy.scope_access_log_youth(user).filter(pseudonym=pseudonym).exists():
        return None
    return AccessLogEntry.objects.filter(youth=pseudonym)


def write_csv(response: HttpResponse, entries) -> None:
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    for entry in entries.order_by("at", "id"):
        writer.writerow([getattr(entry, column) for column in EXPORT_COLUMNS])


@capability_required(Capability.VIEW_ACCESS_LOG)
@require_http_methods(["GET", "POST"])
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessLogForm(request.POST or None)
    context = {"form": form, "entries": None}
    if request.method == "POST" and form.is_valid():
        pseudonym = form.cleaned_data["pseudonym"].strip().upper()
        entries = entries_for(request.user, pseudonym)
        if entries is None:
            form.add_error("pseudonym", _("No youth with this id in your organisation's records."))
        else:
            export = "export" in request.POST
            log.record(
                log.Actor.from_request(request),
                Action.EXPORT if export else Action.VIEW,
                youth=pseudonym,
                object_type="access log",
                purpose="access log review" if not export else "access request export",
            )
            if export:
                response = HttpResponse(content_type="text/csv; charset=utf-8")
                response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
                write_csv(response, entries)
                return response
            context.update(entries=entries[:500], pseudonym=pseudonym, total=entries.count())
    return render(request, "audit/access_log.html", context)
