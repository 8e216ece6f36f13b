"""The access-log screen: who looked at this youth's file, or this child-protection case, when
and why."""

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
from passend.protection.models import CASE_OBJECT
from passend.protection.queries import access_log_cases

EXPORT_COLUMNS = [
    "at",
    "username",
    "role",
    "organisation",
    "on_behalf_of",
    "youth",
    "action",
    "object_type",
    "object_reference",
    "purpose",
    "outcome",
    "source_address",
    "channel",
]


class AccessLogForm(forms.Form):
    """A youth's pseudonym or a case reference: the log of one of them."""

    pseudonym = forms.CharField(
        label=_("Pseudonymous id of the youth"), max_length=12, required=False
    )
    case = forms.CharField(
        label=_("Case reference"),
        max_length=64,
        required=False,
        help_text=_("Or a child-protection case of your GI, as its case system names it."),
    )

    def clean(self):
        data = super().clean()
        data["pseudonym"] = data.get("pseudonym", "").strip().upper()
        data["case"] = data.get("case", "").strip()
        if bool(data["pseudonym"]) == bool(data["case"]):
            raise forms.ValidationError(_("Give either a youth's pseudonym or a case reference."))
        return data


def entries_for(user, pseudonym: str):
    """The youth's access log, if the responsible officer may read it; else None."""
    if not policy.scope_access_log_youth(user).filter(pseudonym=pseudonym).exists():
        return None
    return AccessLogEntry.objects.filter(youth=pseudonym)


def case_entries_for(user, reference: str):
    """The access log of a child-protection case (the records naming it), if the responsible
    officer may read it (:func:`passend.protection.queries.access_log_cases`); else None."""
    if not access_log_cases(user).filter(reference=reference).exists():
        return None
    return AccessLogEntry.objects.filter(object_type=CASE_OBJECT, object_reference=reference)


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
        pseudonym, case = form.cleaned_data["pseudonym"], form.cleaned_data["case"]
        if pseudonym:
            entries = entries_for(request.user, pseudonym)
            if entries is None:
                form.add_error(
                    "pseudonym", _("No youth with this id in your organisation's records.")
                )
            # The review is about the youth's file: logged against the youth.
            logged_as = {"youth": pseudonym, "object_type": "access log"}
        else:
            entries = case_entries_for(request.user, case)
            if entries is None:
                form.add_error("case", _("No case with this reference at your organisation."))
            # The review is about the case: logged against the case, so its log shows it too.
            logged_as = {"youth": "", "object_type": CASE_OBJECT, "object_reference": case}
        if entries is not None:
            export = "export" in request.POST
            log.record(
                log.Actor.from_request(request),
                Action.EXPORT if export else Action.VIEW,
                purpose="access log review" if not export else "access request export",
                **logged_as,
            )
            if export:
                response = HttpResponse(content_type="text/csv; charset=utf-8")
                response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
                write_csv(response, entries)
                return response
            context.update(
                entries=entries[:500],
                subject=pseudonym or _("case %(reference)s") % {"reference": case},
                total=entries.count(),
            )
    return render(request, "audit/access_log.html", context)
