from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from passend.accounts.roles import Capability
from passend.registry.models import Municipality, Organisation

router = Router(tags=["registry"])


def _require_registry(request) -> None:
    if not request.user.has_capability(Capability.VIEW_REGISTRY):
        raise PermissionDenied


class MunicipalityOut(Schema):
    cbs_code: str
    name: str
    province: str
    youth_care_region: str
    child_protection_region: str

    @staticmethod
    def resolve_youth_care_region(obj) -> str:
        return obj.youth_care_region.name

    @staticmethod
    def resolve_child_protection_region(obj) -> str:
        return obj.child_protection_region.name


class OrganisationOut(Schema):
    reference: str
    name: str
    kind: str
    child_protection_region: str | None
    municipality: str | None

    @staticmethod
    def resolve_child_protection_region(obj) -> str | None:
        return obj.child_protection_region.name if obj.child_protection_region else None

    @staticmethod
    def resolve_municipality(obj) -> str | None:
        return obj.municipality.cbs_code if obj.municipality else None


@router.get("/municipalities", response=list[MunicipalityOut], url_name="municipalities")
def municipalities(request, region: str = "", q: str = ""):
    """The municipalities of the current year, optionally by region (either kind) or name."""
    _require_registry(request)
    found = Municipality.objects.select_related("youth_care_region", "child_protection_region")
    if region:
        found = found.filter(
            Q(youth_care_region__name=region) | Q(child_protection_region__name=region)
        )
    if q:
        found = found.filter(Q(name__icontains=q) | Q(cbs_code=q))
    return found


@router.get("/organisations", response=list[OrganisationOut], url_name="organisations")
def organisations(request, kind: str = ""):
    _require_registry(request)
    found = Organisation.objects.select_related("child_protection_region", "municipality")
    return found.filter(kind=kind) if kind else found


@router.get("/organisations/{reference}", response=OrganisationOut, url_name="organisation")
def organisation(request, reference: str):
    _require_registry(request)
    return get_object_or_404(Organisation, reference=reference)
