"""The referrer's search "where is room?": offers with a place, built on the matching core.

A referrer asks for a care form, needs, the youth's age, a region (or the youth's municipality)
and the longest acceptable wait. The answer lists offers that can take the youth — a free place,
or a waiting list no longer than that — with the expected wait, free places, the small-scale flag
and when each offer last updated its figures. When the primary offer alone leaves needs
uncovered, the answer adds the packages in which cooperating offers cover them together.

What may form a package is what ``passend match`` allows, because the search asks the matching
core (:func:`passend.matching.rules.packages.packages_with`): complements are ambulant help or
day treatment, cooperating with the primary or in its region, each adding a need; age, client
stop and capacity hold for every offer; an offer whose wait exceeds the maximum needs a free
place. The assignment rules of ``passend match`` (the own region first, at least one need
covered, out of region only on a free place) decide between youth competing for places; the
search shows a referrer every offer with room in the region asked about, and leaves that choice
to them. The search only narrows the question first, through an :class:`OfferIndex` built once
per set of offers: primaries of the care form in the region and the complements near them or
cooperating with them. So one search over 10,000 offers reads one region, not every offer.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter

from passend.matching.rules import hard
from passend.matching.rules.model import Offer, Package, Youth
from passend.matching.rules.packages import (
    Catalogue,
    complement_sets,
    covered,
    need_mask,
    placements,
    primaries,
    usable,
)
from passend.matching.rules.scoring import is_small_scale
from passend.matching.rules.weights import Settings
from passend.registry.reference import current
from passend.supply.rules.offers import is_stale
from passend.vocabulary import CARE_FORMS, COMPLEMENTARY_CARE_FORMS, NEEDS

MAX_COMPLEMENTS = Settings().max_complements
"""As many complements per package as ``passend match`` allows by default."""

QUERY_YOUTH = "zoekvraag"
"""The id of the youth the search stands in for (the matching core reasons about a youth)."""


@dataclass(frozen=True)
class RoomQuery:
    """The referrer's question. ``region`` is a youth-care region; without it, the region of
    ``municipality`` (a CBS code); without either, the whole country."""

    care_form: str
    needs: frozenset[str]
    age: int
    max_wait_days: int
    region: str | None = None
    municipality: str | None = None

    @property
    def search_region(self) -> str | None:
        """The youth-care region the primary offers must lie in (None: anywhere)."""
        if self.region is not None:
            return self.region
        return hard.region_of(self.municipality) if self.municipality else None


@dataclass(frozen=True)
class RoomRow:
    """One answer: a primary offer, with complements when it needs them to cover more needs.

    ``free_place_now`` says the primary offer has a free place today. ``expected_wait_days``
    is the package's (its longest wait, an offer used on a free place waiting 0 days), taking
    free places wherever that shortens the wait. ``last_update`` holds, per offer, when its
    figures were last updated (None: never), as the caller gave them.
    """

    primary: Offer
    complements: tuple[Offer, ...]
    covered: frozenset[str]
    uncovered: frozenset[str]
    expected_wait_days: int
    free_place_now: bool
    small_scale: bool
    providers: int
    last_update: Mapping[str, datetime | None] = field(hash=False)

    @property
    def offers(self) -> tuple[Offer, ...]:
        return (self.primary, *self.complements)

    @property
    def offer_ids(self) -> tuple[str, ...]:
        return tuple(offer.id for offer in self.offers)

    @property
    def free_places(self) -> dict[str, int]:
        """Offer id → its free places."""
        return {offer.id: offer.free_places for offer in self.offers}

    def stale(self, now: datetime, max_age: timedelta) -> bool:
        """Some offer's figures are older than ``max_age`` (or were never updated)."""
        return any(is_stale(self.last_update.get(o), now, max_age) for o in self.offer_ids)


def validate_query(query: RoomQuery) -> list[str]:
    """What is wrong with a question (empty: valid), in plain English."""
    errors = []
    if query.care_form not in CARE_FORMS:
        errors.append(f"unknown care form {query.care_form!r}")
    errors.extend(f"unknown need {need!r}" for need in sorted(query.needs - NEEDS.keys()))
    if query.age < 0:
        errors.append(f"age cannot be negative (got {query.age})")
    if query.max_wait_days < 0:
        errors.append(f"maximum wait cannot be negative (got {query.max_wait_days})")
    if query.region is not None and query.region not in current().youth_care_regions:
        errors.append(f"unknown youth-care region {query.region!r}")
    if query.municipality is not None:
        own = hard.region_of(query.municipality)
        if own is None:
            errors.append(f"municipality {query.municipality!r} is not a known CBS code")
        elif query.region is not None and own != query.region:
            errors.append(
                f"municipality {query.municipality} lies in region {own}, not {query.region}"
            )
    return errors


def as_youth(query: RoomQuery) -> Youth:
    """The question as a youth the matching core can judge offers for. Urgency and waiting
    since play no part in which packages exist; only the rules that do are filled in."""
    return Youth(
        id=QUERY_YOUTH,
        age=query.age,
        municipality=query.municipality or "",
        needs=frozenset(query.needs),
        care_form=query.care_form,
        urgency="normal",
        waiting_since=date.min,
        max_wait_days=query.max_wait_days,
    )


@dataclass(frozen=True)
class OfferIndex:
    """The offers indexed once for many searches: by (care form, youth-care region), by care
    form, and who cooperates with whom (named by either side). Build it with :meth:`of` when
    the offers change, not per search: one search then reads one region, not every offer."""

    offers: tuple[Offer, ...]
    position: Mapping[str, int] = field(hash=False)
    by_id: Mapping[str, Offer] = field(hash=False)
    local: Mapping[tuple[str, str | None], tuple[Offer, ...]] = field(hash=False)
    by_care_form: Mapping[str, tuple[Offer, ...]] = field(hash=False)
    cooperating: Mapping[str, frozenset[str]] = field(hash=False)

    @classmethod
    def of(cls, offers: Iterable[Offer]) -> OfferIndex:
        offers = tuple(offers)
        local: dict[tuple[str, str | None], list[Offer]] = {}
        by_care_form: dict[str, list[Offer]] = {}
        cooperating: dict[str, set[str]] = {}
        for offer in offers:
            local.setdefault(_local_key(offer), []).append(offer)
            by_care_form.setdefault(offer.care_form, []).append(offer)
            for other in offer.cooperates_with:
                cooperating.setdefault(offer.id, set()).add(other)
                cooperating.setdefault(other, set()).add(offer.id)
        return cls(
            offers=offers,
            position={offer.id: index for index, offer in enumerate(offers)},
            by_id={offer.id: offer for offer in offers},
            local={key: tuple(group) for key, group in local.items()},
            by_care_form={form: tuple(group) for form, group in by_care_form.items()},
            cooperating={key: frozenset(ids) for key, ids in cooperating.items()},
        )

    def changed(self, offers: Iterable[Offer], ids: Iterable[str]) -> OfferIndex:
        """The index of ``offers`` (the whole new set, in order) when only the offers named in
        ``ids`` were added, replaced or removed: equal to :meth:`of` over ``offers``, but only
        the groups and cooperations those offers touch are built again — after one capacity
        update, one region's group instead of every offer of the country."""
        offers = tuple(offers)
        ids = set(ids)
        by_id = {offer.id: offer for offer in offers}
        position = {offer.id: index for index, offer in enumerate(offers)}
        before = [self.by_id[i] for i in ids if i in self.by_id]
        after = [by_id[i] for i in ids if i in by_id]

        def regroup(groups: Mapping, key_of) -> dict:
            regrouped = dict(groups)
            for key in {key_of(offer) for offer in (*before, *after)}:
                kept = [o for o in groups.get(key, ()) if o.id not in ids]
                group = sorted(
                    (*kept, *(o for o in after if key_of(o) == key)), key=lambda o: position[o.id]
                )
                if group:
                    regrouped[key] = tuple(group)
                else:
                    regrouped.pop(key, None)
            return regrouped

        cooperating = dict(self.cooperating)
        touched = {*ids}.union(*(o.cooperates_with for o in (*before, *after)))
        for one in touched:
            partners = {
                other
                for other in self.cooperating.get(one, ())
                if other not in ids and other in by_id and one in by_id[other].cooperates_with
            }
            if one in by_id:
                partners |= by_id[one].cooperates_with
            partners |= {o.id for o in after if one in o.cooperates_with}
            if partners:
                cooperating[one] = frozenset(partners)
            else:
                cooperating.pop(one, None)
        return type(self)(
            offers=offers,
            position=position,
            by_id=by_id,
            local=regroup(self.local, _local_key),
            by_care_form=regroup(self.by_care_form, lambda offer: offer.care_form),
            cooperating=cooperating,
        )

    def of_care_form(self, care_form: str, region: str | None) -> tuple[Offer, ...]:
        """The offers of a care form in a region (None: anywhere), in input order."""
        if region is None:
            return self.by_care_form.get(care_form, ())
        return self.local.get((care_form, region), ())


def _local_key(offer: Offer) -> tuple[str, str | None]:
    return offer.care_form, hard.region_of(offer.municipality)


def _in_region(offer: Offer, region: str | None) -> bool:
    return region is None or hard.region_of(offer.municipality) == region


def candidates(youth: Youth, region: str | None, index: OfferIndex) -> tuple[Offer, ...]:
    """The offers a search needs, in input order: the possible primaries (care form, region and
    the rules for every offer) and the complements that could join one of them (complementary,
    in the region or cooperating with a primary, sharing a need, the rules for every offer).
    The matching core judges every package again; this only leaves out what it would reject."""
    primary = [o for o in index.of_care_form(youth.care_form, region) if usable(youth, o)]
    nearby = [o for form in COMPLEMENTARY_CARE_FORMS for o in index.of_care_form(form, region)]
    named = (
        index.by_id[other]
        for o in primary
        for other in index.cooperating.get(o.id, ())
        if other in index.by_id
    )
    found = {o.id: o for o in primary}
    for o in (*nearby, *named):
        if (
            o.id not in found
            and hard.is_complementary(o)
            and o.needs & youth.needs
            and usable(youth, o)
        ):
            found[o.id] = o
    return tuple(sorted(found.values(), key=lambda o: index.position[o.id]))


def _row(youth: Youth, package: Package, last_update: Mapping[str, datetime | None]) -> RoomRow:
    needs = covered(youth, package)
    return RoomRow(
        primary=package.primary,
        complements=package.complements,
        covered=needs,
        uncovered=youth.needs - needs,
        expected_wait_days=package.expected_wait_days,
        free_place_now=hard.has_free_place(package.primary),
        small_scale=is_small_scale(package.primary),
        providers=len({offer.provider for offer in package.offers}),
        last_update={o: last_update.get(o) for o in package.offer_ids},
    )


def order(row: RoomRow) -> tuple:
    """All needs covered first, then a free place now, then the shortest wait, then fewer
    providers; then more needs covered, fewer offers, and the offer ids, so the order is
    stable."""
    return (
        bool(row.uncovered),
        not row.free_place_now,
        row.expected_wait_days,
        row.providers,
        -len(row.covered),
        len(row.offers),
        row.offer_ids,
    )


def _widest_packages(
    youth: Youth, catalogue: Catalogue, max_complements: int, primary: Offer
) -> Iterator[Package]:
    """The primary alone, and only the complement sets covering the most of the youth's needs
    reachable from it — the only combinations the search shows. The same packages as
    :func:`packages_with` minus the narrower combinations, which would be built only to be
    thrown away."""
    sets = list(complement_sets(youth, primary, catalogue, max_complements))
    reach = [
        len(youth.needs & frozenset().union(primary.needs, *(c.needs for c in s))) for s in sets
    ]
    widest = max((r for s, r in zip(sets, reach, strict=True) if s), default=0)
    for complements, count in zip(sets, reach, strict=True):
        if complements and count < widest:
            continue
        for free in placements(youth, (primary, *complements)):
            yield Package(primary=primary, complements=complements, free_place=free)


def _rows_of(
    youth: Youth,
    catalogue: Catalogue,
    max_complements: int,
    primary: Offer,
    last_update: Mapping[str, datetime | None],
) -> list[RoomRow]:
    """The rows one primary offer contributes: itself alone, and — when complements cover more
    of the needs than it does alone — the widest combinations; per set of offers the quickest
    way in (free places where they shorten the wait). Independent of every other primary."""
    quickest: dict[tuple[str, ...], Package] = {}
    for package in _widest_packages(youth, catalogue, max_complements, primary):
        known = quickest.get(package.offer_ids)
        if known is None or (package.expected_wait_days, len(package.free_place)) < (
            known.expected_wait_days,
            len(known.free_place),
        ):
            quickest[package.offer_ids] = package
    reach = {ids: len(covered(youth, package)) for ids, package in quickest.items()}
    alone = max((count for ids, count in reach.items() if len(ids) == 1), default=0)
    combined = max((count for ids, count in reach.items() if len(ids) > 1), default=0)
    return [
        _row(youth, package, last_update)
        for ids, package in quickest.items()
        if len(ids) == 1 or reach[ids] == combined > alone
    ]


@dataclass(frozen=True)
class _Reach:
    """What complements could add, per search, as need masks (bits of the youth's needs only):
    per youth-care region, and per region and provider. So a primary's bound costs a lookup,
    not a walk over the region's complements."""

    wanted: int
    by_region: Mapping[str | None, int]
    by_provider: Mapping[tuple[str | None, str], int]

    @classmethod
    def of(cls, youth: Youth, catalogue: Catalogue) -> _Reach:
        wanted = need_mask(youth.needs)
        by_region: dict[str | None, int] = {}
        by_provider: dict[tuple[str | None, str], int] = {}
        for offer in catalogue.offers:
            if hard.is_complementary(offer):
                region = hard.region_of(offer.municipality)
                mask = catalogue.masks[offer.id] & wanted
                by_region[region] = by_region.get(region, 0) | mask
                key = (region, offer.provider)
                by_provider[key] = by_provider.get(key, 0) | mask
        return cls(wanted, by_region, by_provider)


def _lower_bound(reach: _Reach, catalogue: Catalogue, index: OfferIndex, primary: Offer) -> tuple:
    """A key no row of this primary sorts before (:func:`order`), known without building its
    packages: the smaller of the primary alone's key and a bound on its combinations (every
    need a complement in its region or cooperating with it could add counted as covered, the
    primary's own wait unless it has a free place, a second provider unless such a complement
    comes from the same one). The primary's id alone is a prefix of every row's offer ids, so
    it sorts before each of them."""
    own = reach.wanted & catalogue.masks[primary.id]
    region = hard.region_of(primary.municipality)
    extra = reach.by_region.get(region, 0)
    same_provider = reach.by_provider.get((region, primary.provider), 0)
    for other in index.cooperating.get(primary.id, ()):
        partner = catalogue.by_id.get(other)
        if partner is not None and hard.is_complementary(partner):
            mask = catalogue.masks[other] & reach.wanted
            extra |= mask
            same_provider |= mask if partner.provider == primary.provider else 0
    free_now = hard.has_free_place(primary)
    wait = 0 if free_now else primary.wait_days
    alone = (own != reach.wanted, not free_now, wait, 1, -own.bit_count(), 1, (primary.id,))
    reachable = own | extra
    if reachable == own:
        return alone
    providers = 1 if same_provider & ~own else 2
    combined = (
        reachable != reach.wanted,
        not free_now,
        wait,
        providers,
        -reachable.bit_count(),
        2,
        (primary.id,),
    )
    return min(alone, combined)


def where_is_room(
    query: RoomQuery,
    offers: OfferIndex | Iterable[Offer],
    last_update: Mapping[str, datetime | None] | None = None,
    *,
    max_complements: int = MAX_COMPLEMENTS,
    limit: int | None = None,
) -> list[RoomRow]:
    """Every offer of the care form in the region that can take the youth, alone, and — where
    it leaves needs uncovered — with the complements that cover the most of them together,
    in :func:`order`; the first ``limit`` rows when a limit is given.

    Per set of offers the search shows the quickest way in (free places where they shorten the
    wait). With complements, only the combinations covering the most needs reachable from that
    primary are shown, and only when they cover more than the primary alone. ``offers`` is an
    :class:`OfferIndex` (built once for many searches) or the offers themselves (indexed for
    this search). Raises :class:`ValueError` for a question :func:`validate_query` rejects.

    With a limit the primaries are visited best-first by :func:`_lower_bound`, and the search
    stops once the rows found so far fill the limit with rows that sort before every bound
    still to come: the same answer as building every row, without building the thousands a
    national search would otherwise throw away.
    """
    errors = validate_query(query)
    if errors:
        raise ValueError("; ".join(errors))
    youth = as_youth(query)
    index = offers if isinstance(offers, OfferIndex) else OfferIndex.of(offers)
    region = query.search_region
    catalogue = Catalogue.of(candidates(youth, region, index))
    updates = last_update or {}
    reach = _Reach.of(youth, catalogue)
    bounded = sorted(
        (_lower_bound(reach, catalogue, index, primary), primary)
        for primary in primaries(youth, catalogue)
        if _in_region(primary, region)
    )
    found: list[tuple[tuple, RoomRow]] = []
    for bound, primary in bounded:
        if limit and len(found) >= limit and found[limit - 1][0] <= bound:
            break
        for row in _rows_of(youth, catalogue, max_complements, primary, updates):
            insort(found, (order(row), row), key=itemgetter(0))
        if limit:
            del found[limit:]
    return [row for _key, row in found]
