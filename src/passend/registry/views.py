"""Browsing the registry: reference data every signed-in user of the chain may read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from passend.accounts.decorators import capability_required
from passend.accounts.roles import Capability
from passend.registry.models import (
    ChildProtectionRegion,
    Municipality,
    Organisation,
    ReferenceDataFile,
    YouthCareRegion,
)

view_registry = capability_required(Capability.VIEW_REGISTRY)


@view_registry
def organisation_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    organisations = Organisation.objects.select_related("child_protection_region", "municipality")
    if kind in Organisation.Kind.values:
        organisations = organisations.filter(kind=kind)
    return render(
        request,
        "registry/organisation_list.html",
        {"organisations": organisations, "kinds": Organisation.Kind.choices, "kind": kind},
    )


@view_registry
def organisation_detail(request: HttpRequest, reference: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, reference=reference)
    own = request.user.organisation_id == organisation.pk
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "organisation": organisation,
            "locations": organisation.locations.select_related("municipality"),
            # Names of professionals are shown to their own organisation only.
            "professionals": organisation.professionals.all() if own else None,
        },
    )


@view_registry
def municipality_list(request: HttpRequest) -> HttpResponse:
    region = request.GET.get("region", "")
    text = request.GET.get("q", "").strip()
    municipalities = Municipality.objects.select_related(
        "youth_care_region", "child_protection_region"
    )
    if region:
        municipalities = municipalities.filter(
            Q(youth_care_region__name=region) | Q(child_protection_region__name=region)
        )
    if text:
        municipalities = municipalities.filter(Q(name__icontains=text) | Q(cbs_code=text))
    page = Paginator(municipalities, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/municipality_list.html",
        {"page": page, "region": region, "q": text, "total": municipalities.count()},
    )


@view_registry
def region_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/region_list.html",
        {
            "protection_regions": ChildProtectionRegion.objects.annotate(n=Count("municipalities")),
            "youth_care_regions": YouthCareRegion.objects.annotate(n=Count("municipalities")),
            "sources": ReferenceDataFile.objects.all(),
        },
    )
