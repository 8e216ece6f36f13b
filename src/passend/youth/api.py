from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema, Status

from passend.accounts import policy
from passend.accounts.roles import Capability
from passend.audit.log import Actor
from passend.youth import queries, services

router = Router(tags=["youth"])
MAX_LIMIT = 200


def _actor(request) -> Actor:
    return Actor.from_request(request, channel=getattr(request, "api_channel", "web"))


def _require(request, capability: Capability) -> None:
    if not request.user.has_capability(capability):
        raise PermissionDenied


class YouthOut(Schema):
    pseudonym: str
    given_name: str
    family_name: str
    birth_date: date | None


class YouthPage(Schema):
    count: int
    items: list[YouthOut]


class RegisteredOut(Schema):
    """Only the pseudonym: a link to a known youth must not echo what was stored before."""

    pseudonym: str
    linked_existing: bool


class YouthIn(Schema):
    given_name: str
    family_name: str
    birth_date: date | None = None
    bsn: str = ""
    municipality: str = ""


class RelationshipOut(Schema):
    organisation: str
    kind: str
    started_on: date
    ended_on: date | None

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.reference


class YouthDetailOut(YouthOut):
    relationships: list[RelationshipOut]


@router.get("", response=YouthPage, url_name="youth-list")
def youth_list(request, limit: int = 50, offset: int = 0):
    """Youth in the caller's scope; each youth returned is recorded in the access log."""
    _require(request, Capability.VIEW_YOUTH)
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise ValidationError(
            {"limit": f"limit must be 1–{MAX_LIMIT}", "offset": "offset must be at least 0"}
        )
    found = queries.search_youth(request.user)
    items = list(found[offset : offset + limit])
    queries.log_shown(_actor(request), items, purpose="api list")
    return {"count": found.count(), "items": items}


@router.post("", response={201: RegisteredOut}, url_name="youth-register")
def youth_register(request, payload: YouthIn):
    """Register a youth with the caller's organisation (or link by BSN to the known record)."""
    _require(request, Capability.REGISTER_YOUTH)
    result = services.register_youth(
        acting_user=request.user, actor=_actor(request), **payload.dict()
    )
    return Status(
        201, {"pseudonym": result.youth.pseudonym, "linked_existing": result.linked_existing}
    )


@router.get("/{pseudonym}", response=YouthDetailOut, url_name="youth-detail")
def youth_detail(request, pseudonym: str):
    _require(request, Capability.VIEW_YOUTH)
    youth = queries.access_youth(request.user, _actor(request), pseudonym)
    relationships = policy.scope_relationships(request.user, youth.relationships.all())
    return {
        "pseudonym": youth.pseudonym,
        "given_name": youth.given_name,
        "family_name": youth.family_name,
        "birth_date": youth.birth_date,
        "relationships": list(relationships.select_related("organisation")),
    }
