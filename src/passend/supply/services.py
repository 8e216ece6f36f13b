"""Changing supply data: capacity updates, waiting-list entries and placements.

Each change is validated by the pure rules first and written in one transaction, so invalid
input changes nothing. Changes to another organisation's offer never get here: the callers find
offers through :func:`passend.supply.queries.managed_offers`, which answers 404 for them.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from passend.accounts.models import User
from passend.audit import log
from passend.audit.models import Action
from passend.supply.models import (
    MAX_PLACES,
    MAX_WAIT_DAYS,
    CapacityUpdate,
    Offer,
    Placement,
    WaitingListEntry,
)
from passend.supply.rules import offers as offer_rules
from passend.supply.rules import placements as placement_rules
from passend.supply.rules import waiting
from passend.youth.models import CareRelationship, Youth

Kind = CareRelationship.Kind


@transaction.atomic
def update_capacity(
    offer: Offer,
    *,
    places: int,
    occupied: int,
    expected_wait_days: int,
    user: User | None,
    channel: str,
    now: datetime | None = None,
) -> CapacityUpdate:
    """Record new capacity figures for an offer, kept as history; all or nothing.

    Figures beyond the sanity bounds (:data:`~passend.supply.models.MAX_PLACES`,
    :data:`~passend.supply.models.MAX_WAIT_DAYS`) are refused here too, not only by the form and
    the API schema, so no caller can reach the database with a number it cannot store.
    """
    errors = offer_rules.validate_capacity(places, occupied)
    if expected_wait_days < 0:
        errors.append("The expected wait cannot be negative.")
    for value, most, message in (
        (places, MAX_PLACES, gettext("At most %(most)s places (got %(value)s).")),
        (occupied, MAX_PLACES, gettext("At most %(most)s occupied places (got %(value)s).")),
        (
            expected_wait_days,
            MAX_WAIT_DAYS,
            gettext("The expected wait is at most %(most)s days (got %(value)s)."),
        ),
    ):
        if value > most:
            errors.append(message % {"most": most, "value": value})
    if errors:
        raise ValidationError({"capacity": errors})
    now = now or timezone.now()
    update = CapacityUpdate.objects.create(
        offer=offer,
        places=places,
        occupied=occupied,
        expected_wait_days=expected_wait_days,
        updated_at=now,
        updated_by=user,
        channel=channel,
    )
    Offer.objects.filter(pk=offer.pk).update(
        places=places,
        occupied=occupied,
        expected_wait_days=expected_wait_days,
        capacity_updated_at=now,
    )
    offer.refresh_from_db()
    return update


def as_waiting_entry(entry: WaitingListEntry) -> waiting.WaitingEntry:
    """The pure rules' view of a stored entry (grouping fields filled from its offer)."""
    offer = entry.offer
    return waiting.WaitingEntry(
        id=str(entry.pk),
        youth=str(entry.youth_id),
        offer=str(offer.pk),
        care_form=offer.care_form,
        registered_on=entry.registered_on,
        intake_on=entry.intake_on,
        started_on=entry.started_on,
        removed_on=entry.removed_on,
        removal_reason=entry.removal_reason or None,
        needs=frozenset(entry.needs or offer.needs),
        region=str(offer.location.municipality.youth_care_region_id),
    )


def _check_entry(entry: WaitingListEntry, today: date) -> None:
    errors = waiting.validate_entry(as_waiting_entry(entry))
    for name in ("registered_on", "intake_on", "started_on", "removed_on"):
        day = getattr(entry, name)
        if day is not None and day > today:
            errors.append(f"{name} lies in the future.")
    if errors:
        raise ValidationError({"entry": errors})


NO_NEW_YOUTH = "This provider is under a client stop: no new youth."


def _refuse_under_client_stop(offer: Offer, day: date, message: str = NO_NEW_YOUTH) -> None:
    """An offer whose provider is under a client stop takes no new youth (DOMAIN §3)."""
    measures = [m.as_rule() for m in offer.provider.inspection_measures.all()]
    if not offer_rules.accepts_new_youth(measures, day):
        raise ValidationError({"offer": [message]})


def _link_provider(youth: Youth, offer: Offer, kind: str = Kind.REFERRAL) -> None:
    """The provider needs a relationship with the youth to see them on its list (policy)."""
    CareRelationship.objects.get_or_create(
        youth=youth, organisation=offer.provider, kind=kind, ended_on=None
    )


@transaction.atomic
def add_to_waiting_list(
    offer: Offer,
    youth: Youth,
    *,
    registered_on: date,
    crisis: bool = False,
    needs: list[str] | None = None,
    actor: log.Actor,
) -> WaitingListEntry:
    """Put a youth on an offer's waiting list; refused under a client stop."""
    today = timezone.localdate()
    _refuse_under_client_stop(offer, today)
    if WaitingListEntry.objects.filter(
        offer=offer, youth=youth, started_on__isnull=True, removed_on__isnull=True
    ).exists():
        raise ValidationError({"youth": ["This youth is already on this waiting list."]})
    entry = WaitingListEntry(
        offer=offer, youth=youth, registered_on=registered_on, crisis=crisis, needs=needs or []
    )
    try:
        entry.full_clean(exclude=["offer", "youth"])
    except ValidationError as error:
        raise ValidationError({"entry": error.messages}) from error
    _check_entry(entry, today)
    entry.save()
    _link_provider(youth, offer)
    log.record(
        actor,
        Action.CREATE,
        youth=youth.pseudonym,
        object_type="waiting-list entry",
        purpose=f"waiting list of offer {offer.pk}",
    )
    return entry


@transaction.atomic
def update_waiting_entry(
    entry: WaitingListEntry, *, actor: log.Actor, **changes: date | str | None
) -> WaitingListEntry:
    """Record an intake, a start or a removal (with its reason); all or nothing.

    A start makes the youth a new client of the provider, and an intake is the step towards it,
    so neither can be recorded for a day on which a client stop is in force (DOMAIN §3): else
    the waiting list would be a way around the stop. Dates already recorded are left alone.
    """
    allowed = {"intake_on", "started_on", "removed_on", "removal_reason"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({"entry": [f"Cannot change {', '.join(sorted(unknown))}."]})
    locked = (
        WaitingListEntry.objects.select_for_update(of=("self",))
        .select_related("offer__location__municipality", "youth")
        .get(pk=entry.pk)
    )
    for name in ("intake_on", "started_on"):
        day = changes.get(name)
        if day is not None and day != getattr(locked, name):
            _refuse_under_client_stop(
                locked.offer,
                day,
                gettext(
                    "This provider is under a client stop on %(day)s: it takes no new youth, so"
                    " no intake or start of help can be recorded for that day."
                )
                % {"day": day.isoformat()},
            )
    for name, value in changes.items():
        setattr(locked, name, value if value is not None or name != "removal_reason" else "")
    _check_entry(locked, timezone.localdate())
    locked.save()
    log.record(
        actor,
        Action.CHANGE,
        youth=locked.youth.pseudonym,
        object_type="waiting-list entry",
        purpose=f"waiting list of offer {locked.offer_id}",
    )
    return locked


def as_placement(placement: Placement) -> placement_rules.Placement:
    offer = placement.offer
    return placement_rules.Placement(
        id=str(placement.pk),
        youth=str(placement.youth_id),
        offer=str(offer.pk),
        care_form=offer.care_form,
        youth_municipality=placement.youth_municipality.cbs_code,
        offer_municipality=offer.location.municipality.cbs_code,
        start=placement.start,
        end=placement.end,
        crisis=placement.crisis,
        out_of_region_reason=placement.out_of_region_reason or None,
        education_started_on=placement.education_started_on,
        ready_to_leave_on=placement.ready_to_leave_on,
        follow_up_started_on=placement.follow_up_started_on,
    )


@transaction.atomic
def save_placement(placement: Placement, *, actor: log.Actor) -> Placement:
    """Create or change a placement after the pure checks; all or nothing.

    A new placement is refused under a client stop on its start date. A change may add the care
    reason for a placement outside the own region later; once it is known the placement is no
    longer flagged (:func:`~passend.supply.rules.placements.flag_missing_reason`).
    """
    errors = placement_rules.validate_placement(as_placement(placement))
    if errors:
        raise ValidationError({"placement": errors})
    creating = placement.pk is None
    if creating:
        _refuse_under_client_stop(placement.offer, placement.start)
    placement.save()
    _link_provider(placement.youth, placement.offer, Kind.PLACEMENT)
    log.record(
        actor,
        Action.CREATE if creating else Action.CHANGE,
        youth=placement.youth.pseudonym,
        object_type="placement",
        purpose=f"placement at offer {placement.offer_id}",
    )
    return placement
