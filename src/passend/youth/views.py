"""Youth screens. Names are searched by POST, so they never end up in a URL or a log line."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from passend.accounts import policy
from passend.accounts.decorators import capability_required
from passend.accounts.roles import Capability
from passend.audit.log import Actor
from passend.youth import queries, services
from passend.youth.forms import YouthRegistrationForm, YouthSearchForm

PAGE_SIZE = 50


@capability_required(Capability.VIEW_YOUTH)
@require_http_methods(["GET", "POST"])
def youth_list(request: HttpRequest) -> HttpResponse:
    form = YouthSearchForm(request.POST or None)
    text = form.cleaned_data["q"] if request.method == "POST" and form.is_valid() else ""
    page = Paginator(queries.search_youth(request.user, text), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    queries.log_shown(Actor.from_request(request), list(page), purpose="search" if text else "list")
    return render(request, "youth/youth_list.html", {"form": form, "page": page, "text": text})


@capability_required(Capability.VIEW_YOUTH)
def youth_detail(request: HttpRequest, pseudonym: str) -> HttpResponse:
    actor = Actor.from_request(request)
    youth = queries.access_youth(request.user, actor, pseudonym)
    relationships = policy.scope_relationships(request.user, youth.relationships.all())
    return render(
        request,
        "youth/youth_detail.html",
        {
            "youth": youth,
            "relationships": relationships.select_related("organisation", "assigned_to"),
        },
    )


@capability_required(Capability.REGISTER_YOUTH)
@require_http_methods(["GET", "POST"])
def youth_register(request: HttpRequest) -> HttpResponse:
    form = YouthRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.register_youth(
                acting_user=request.user, actor=Actor.from_request(request), **form.cleaned_data
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field, message)
        else:
            if result.linked_existing:
                messages.info(request, _("This youth was known already; the record is linked."))
            else:
                messages.success(request, _("Youth registered."))
            return redirect("youth:detail", pseudonym=result.youth.pseudonym)
    return render(request, "youth/youth_register.html", {"form": form})
