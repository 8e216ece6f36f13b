"""Offers over HTTP: capacity updates and waiting lists by the provider, "where is room?" for
referrers. Another organisation's offer answers 404, exactly as an unknown one."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from passend.accounts.roles import Capability
from passend.audit import log
from passend.audit.log import Actor
from passend.audit.models import Action
from passend.supply import queries, search, services
from passend.supply.models import (
    MAX_AGE,
    MAX_PLACES,
    MAX_SEARCH_WAIT_DAYS,
    MAX_WAIT_DAYS,
    CapacityUpdate,
    Offer,
    WaitingListEntry,
)
from passend.supply.rules import room
from passend.youth.queries import access_youth

router = Router(tags=["supply"])


def _actor(request) -> Actor:
    return Actor.from_request(request, channel=getattr(request, "api_channel", "web"))


def _require(request, capability: Capability) -> None:
    if not request.user.has_capability(capability):
        raise PermissionDenied


class OfferOut(Schema):
    id: int
    name: str
    provider: str
    location: str
    municipality: str
    care_form: str
    needs: list[str]
    age_min: int
    age_max: int
    places: int
    occupied: int
    free_places: int
    expected_wait_days: int
    group_size: int | None
    staff_ratio: float | None
    small_scale: bool
    education_partner: str
    cooperates_with: list[int]
    capacity_updated_at: datetime | None
    stale: bool

    @staticmethod
    def resolve_provider(obj: Offer) -> str:
        return obj.location.organisation.reference

    @staticmethod
    def resolve_location(obj: Offer) -> str:
        return obj.location.name

    @staticmethod
    def resolve_municipality(obj: Offer) -> str:
        return obj.location.municipality.cbs_code

    @staticmethod
    def resolve_cooperates_with(obj: Offer) -> list[int]:
        return [other.pk for other in obj.cooperates_with.all()]

    @staticmethod
    def resolve_stale(obj: Offer) -> bool:
        return queries.is_stale(obj.capacity_updated_at)


class CapacityIn(Schema):
    """Upper bounds in the schema answer an absurd number with a 422 before anything is stored;
    negative numbers are left to the service, whose messages name the problem."""

    places: int = Field(
        ..., le=MAX_PLACES, description=f"Places in total; not negative, at most {MAX_PLACES}."
    )
    occupied: int = Field(
        ..., le=MAX_PLACES, description="Places occupied; not negative, at most `places`."
    )
    expected_wait_days: int = Field(
        ...,
        le=MAX_WAIT_DAYS,
        description=f"Expected wait for a new youth (days); not negative, at most {MAX_WAIT_DAYS}.",
    )


class CapacityOut(Schema):
    places: int
    occupied: int
    expected_wait_days: int
    updated_at: datetime
    channel: str


class EntryIn(Schema):
    youth: str = Field(..., description="The youth's pseudonym (J-XXXX-XXXX).")
    registered_on: date
    crisis: bool = False
    needs: list[str] = Field(default_factory=list, description="Need codes of the youth.")


class EntryChange(Schema):
    intake_on: date | None = None
    started_on: date | None = None
    removed_on: date | None = None
    removal_reason: str | None = None


class EntryOut(Schema):
    id: int
    youth: str
    registered_on: date
    intake_on: date | None
    started_on: date | None
    removed_on: date | None
    removal_reason: str
    crisis: bool
    needs: list[str]

    @staticmethod
    def resolve_youth(obj: WaitingListEntry) -> str:
        return obj.youth.pseudonym


class RoomRowOut(Schema):
    offers: list[int]
    providers: list[str]
    covered: list[str]
    uncovered: list[str]
    free_places: dict[str, int]
    free_place_now: bool
    expected_wait_days: int
    small_scale: bool
    last_update: dict[str, datetime | None]
    stale: bool


class RoomQueryIn(Schema):
    care_form: str
    needs: str = Field("", description="Need codes separated by commas.")
    age: int = Field(..., le=MAX_AGE, description=f"The youth's age in years; at most {MAX_AGE}.")
    max_wait_days: int = Field(
        70, le=MAX_SEARCH_WAIT_DAYS, description=f"At most {MAX_SEARCH_WAIT_DAYS} days."
    )
    region: str | None = Field(None, description="Youth-care region name.")
    municipality: str | None = Field(None, description="CBS code of the youth's municipality.")


@router.get("/offers/room", response=list[RoomRowOut], url_name="offers-room")
def where_is_room(request, filters: Query[RoomQueryIn]):
    """Offers with room for a youth: free places, expected wait, last update, small-scale;
    combined with cooperating offers where one offer does not cover every need."""
    _require(request, Capability.FIND_ROOM)
    query = room.RoomQuery(
        care_form=filters.care_form,
        needs=frozenset(code for code in filters.needs.split(",") if code),
        age=filters.age,
        max_wait_days=filters.max_wait_days,
        region=filters.region or None,
        municipality=filters.municipality or None,
    )
    errors = room.validate_query(query)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    rows = search.where_is_room(query, timezone.localdate())
    return [
        {
            "offers": [int(o) for o in row.offer_ids],
            "providers": [o.provider for o in row.offers],
            "covered": sorted(row.covered),
            "uncovered": sorted(row.uncovered),
            "free_places": row.free_places,
            "free_place_now": row.free_place_now,
            "expected_wait_days": row.expected_wait_days,
            "small_scale": row.small_scale,
            "last_update": row.last_update,
            "stale": row.stale(now, queries.stale_after()),
        }
        for row in rows
    ]


@router.get("/offers", response=list[OfferOut], url_name="offers")
def my_offers(request):
    """The caller's own offers (provider staff), with their current capacity."""
    _require(request, Capability.MANAGE_SUPPLY)
    return list(queries.managed_offers(request.user).prefetch_related("cooperates_with"))


@router.get("/offers/{offer_id}", response=OfferOut, url_name="offer")
def offer_detail(request, offer_id: int):
    _require(request, Capability.MANAGE_SUPPLY)
    return queries.managed_offer(request.user, offer_id)


@router.put("/offers/{offer_id}/capacity", response=OfferOut, url_name="offer-capacity")
def update_capacity(request, offer_id: int, payload: CapacityIn):
    """New capacity figures, timestamped and kept as history. Negative numbers or more occupied
    than places are refused (422) and change nothing."""
    _require(request, Capability.MANAGE_SUPPLY)
    offer = queries.managed_offer(request.user, offer_id)
    services.update_capacity(
        offer, **payload.dict(), user=request.user, channel=CapacityUpdate.Channel.API
    )
    return offer


@router.get(
    "/offers/{offer_id}/capacity", response=list[CapacityOut], url_name="offer-capacity-history"
)
def capacity_history(request, offer_id: int, limit: int = 100):
    _require(request, Capability.MANAGE_SUPPLY)
    offer = queries.managed_offer(request.user, offer_id)
    return list(offer.capacity_updates.all()[: max(1, min(limit, 1000))])


@router.get("/offers/{offer_id}/waiting-list", response=list[EntryOut], url_name="waiting-list")
def waiting_list(request, offer_id: int, include_closed: bool = False):
    """The offer's waiting list; each youth shown is recorded in the access log."""
    _require(request, Capability.MANAGE_SUPPLY)
    offer = queries.managed_offer(request.user, offer_id)
    entries = offer.waiting_list.select_related("youth")
    if not include_closed:
        entries = entries.filter(started_on__isnull=True, removed_on__isnull=True)
    entries = list(entries)
    log.record_many(
        _actor(request),
        Action.SEARCH,
        youth=[entry.youth.pseudonym for entry in entries],
        object_type="waiting list",
        purpose=f"waiting list of offer {offer.pk}",
    )
    return entries


@router.post(
    "/offers/{offer_id}/waiting-list", response={201: EntryOut}, url_name="waiting-list-add"
)
def add_to_waiting_list(request, offer_id: int, payload: EntryIn):
    _require(request, Capability.MANAGE_SUPPLY)
    offer = queries.managed_offer(request.user, offer_id)
    actor = _actor(request)
    youth = access_youth(request.user, actor, payload.youth)
    entry = services.add_to_waiting_list(
        offer,
        youth,
        registered_on=payload.registered_on,
        crisis=payload.crisis,
        needs=payload.needs,
        actor=actor,
    )
    return Status(201, entry)


@router.patch(
    "/offers/{offer_id}/waiting-list/{entry_id}",
    response=EntryOut,
    url_name="waiting-list-entry",
)
def change_entry(request, offer_id: int, entry_id: int, payload: EntryChange):
    """Record the intake, the start, or the removal with its reason."""
    _require(request, Capability.MANAGE_SUPPLY)
    offer = queries.managed_offer(request.user, offer_id)
    entry = queries.managed_entry(offer, entry_id)
    return services.update_waiting_entry(
        entry, actor=_actor(request), **payload.dict(exclude_unset=True)
    )
