"""The referrer's search "where is room?", over a national offer index kept in memory.

Reading the ~10,000 active offers of the country and turning them into the matching core's plain
data takes 0.1–0.4 s; the pure search (:func:`passend.supply.rules.room.where_is_room`) over an
index built once takes milliseconds. So each process keeps the index of every active offer for
one day, with the revision each offer had when it was read. A search first asks the database for
the number of active offers and the sum of their revisions (one row); only when that differs
from what the index was built on does it read the revisions themselves, read again the offers
whose revision changed, appeared or left, and patch the index for those
(:meth:`passend.supply.rules.room.OfferIndex.changed`) rather than build it again.

Every write gives the offers it touches a new revision in the same transaction: an offer's own
save and the bulk paths of :class:`passend.supply.models.OfferQuerySet`; the signals below for
what an offer's place in the search depends on elsewhere (its provider's inspection measures,
its location and provider, its cooperations). The revisions are read before the offers, so an
offer row may be read newer than the revision noted for it — the next search reads it again —
but never older. Inside a transaction the index is read afresh and not kept: a view sees its own
uncommitted writes, and nothing uncommitted is ever shared. What the revisions cannot see (a
write outside Passend; on PostgreSQL, a new offer committed while its provider's measures
change in another transaction) is bounded by reading everything again every
:data:`READ_ALL_AFTER_SECONDS` (docs/adr/0007-offer-index-in-memory.md).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from passend.registry.models import Location, Organisation
from passend.supply.models import InspectionMeasure, Offer, touch_offers_of
from passend.supply.queries import offers_as_matching
from passend.supply.rules import room

REREAD_ALL_ABOVE = 500
"""Above this many changed offers, one read of all is quicker than a list of ids."""

READ_ALL_AFTER_SECONDS = 300
"""However little changed, a kept index older than this is read again in full: the bound on how
long a change the revisions cannot see stays unseen (ADR 0007 lists them: a write outside
Passend, or a new offer committed while its provider's measures change)."""

_lock = threading.Lock()
_kept: dict[tuple[str, str], _Kept] = {}
"""Database (alias, name) → the index kept for it."""


@dataclass(frozen=True)
class _Kept:
    day: date
    read_at: float
    """When every offer was last read (``time.monotonic``)."""
    revisions: dict[int, int]
    fingerprint: tuple[int, int]
    """:func:`_fingerprint` of ``revisions``, kept so an unchanged search only compares it."""
    index: room.OfferIndex


def where_is_room(query: room.RoomQuery, day: date, limit: int = 50) -> list[room.RoomRow]:
    """The pure search over the national offer index, then the last updates of the offers in
    the answer — read for those few, not for the thousands a national search weighs."""
    rows = room.where_is_room(query, national_index(day), limit=limit)
    updated = last_updates({offer_id for row in rows for offer_id in row.offer_ids})
    return [replace(row, last_update={o: updated[o] for o in row.offer_ids}) for row in rows]


def last_updates(offer_ids: Iterable[str]) -> dict[str, datetime | None]:
    """Offer id → when its capacity figures were last updated (None: never)."""
    found = Offer.objects.filter(pk__in=[int(i) for i in offer_ids]).order_by()
    return {str(pk): at for pk, at in found.values_list("pk", "capacity_updated_at")}


def national_index(day: date, using: str = DEFAULT_DB_ALIAS) -> room.OfferIndex:
    """Every active offer as the search sees them on ``day``; only the offers whose revision
    changed since the last search are read from the database again."""
    connection = connections[using]
    active = Offer.objects.using(using).filter(active=True).order_by()
    if connection.in_atomic_block:
        return room.OfferIndex.of(offers_as_matching(active, day))
    database = (using, connection.settings_dict["NAME"])
    started = time.monotonic()
    with _lock:
        kept = _kept.get(database)
    if kept is not None and (kept.day != day or started - kept.read_at > READ_ALL_AFTER_SECONDS):
        kept = None
    if kept is not None and kept.fingerprint == _stored_fingerprint(active):
        return kept.index
    revisions = dict(active.values_list("pk", "revision"))
    changed = (
        set(revisions)
        if kept is None
        else {pk for pk, _revision in revisions.items() ^ kept.revisions.items()}
    )
    everything = kept is None or len(changed) > REREAD_ALL_ABOVE
    read = active if everything else active.filter(pk__in=changed)
    fresh = {int(offer.id): offer for offer in offers_as_matching(read, day)}
    offers = {
        pk: fresh[pk] if pk in fresh else kept.index.by_id[str(pk)]
        for pk in sorted(revisions)
        if pk in fresh or pk not in changed
    }
    if everything:
        read_at, index = started, room.OfferIndex.of(offers.values())
    else:
        read_at = kept.read_at
        index = kept.index.changed(offers.values(), {str(pk) for pk in changed})
    noted = {pk: revisions[pk] for pk in offers}
    with _lock:
        _kept[database] = _Kept(day, read_at, noted, _fingerprint(noted), index)
    return index


def _fingerprint(revisions: dict[int, int]) -> tuple[int, int]:
    """How many offers and the sum of their revisions: any added, removed or changed offer
    changes it, bar a one-in-10¹² coincidence (``REVISION_BITS``)."""
    return len(revisions), sum(revisions.values())


def _stored_fingerprint(active: QuerySet[Offer]) -> tuple[int, int]:
    """:func:`_fingerprint` of the stored revisions, computed by the database (one row)."""
    found = active.aggregate(count=Count("pk"), total=Sum("revision"))
    return found["count"], int(found["total"] or 0)


def _offer_deleted(sender, instance: Offer, using: str, **kwargs) -> None:
    """The deleted offer's cooperations go with it, without a signal: its partners change."""
    Offer.objects.using(using).filter(
        Q(cooperates_with=instance) | Q(cooperating_offers=instance)
    ).touch()


def _measure_deleted(sender, instance: InspectionMeasure, using: str, **kwargs) -> None:
    touch_offers_of({instance.provider_id}, using)


def _location_saved(sender, instance: Location, using: str, **kwargs) -> None:
    Offer.objects.using(using).filter(location=instance).touch()


def _provider_saved(sender, instance: Organisation, using: str, **kwargs) -> None:
    touch_offers_of({instance.pk}, using)


def _cooperation_changed(sender, instance, action: str, pk_set, using: str, **kwargs) -> None:
    """Both sides of a cooperation change, whichever side named it (``hard.linked``)."""
    if action in ("post_add", "post_remove"):
        Offer.objects.using(using).filter(pk__in={instance.pk, *pk_set}).touch()
    elif action == "pre_clear":  # the other sides are only known before the clear
        Offer.objects.using(using).filter(
            Q(pk=instance.pk) | Q(cooperates_with=instance) | Q(cooperating_offers=instance)
        ).touch()


def watch_supply_writes() -> None:
    """Connect the signals that give offers a new revision when what the search reads about
    them changes outside the offer row (once, from the app config)."""
    pre_delete.connect(_offer_deleted, sender=Offer, dispatch_uid="supply-offer")
    post_delete.connect(_measure_deleted, sender=InspectionMeasure, dispatch_uid="supply-measure")
    post_save.connect(_location_saved, sender=Location, dispatch_uid="supply-location")
    post_save.connect(_provider_saved, sender=Organisation, dispatch_uid="supply-provider")
    m2m_changed.connect(
        _cooperation_changed,
        sender=Offer.cooperates_with.through,
        dispatch_uid="supply-cooperation",
    )
