"""Seeded, fictional care supply: providers, offers, waiting lists and placements (DOMAIN §3).

The demo (a few hundred offers) and the benchmark (10,000 offers, 50,000 waiting-list entries)
need a supply register that looks like what the reports describe: few free places, waiting lists
with waits over the 28- and 70-day norms, crisis entries, small-scale and large groups, youth
placed out of their own region (a part without a care reason), school starting weeks or months
after a placement, youth ready to leave without follow-up help, closed care where most
placements are crisis placements, one provider under a client stop — and *shortages*: need
combinations (:data:`SHORTAGES`) for which some regions have no supply at all, so the youth
with them wait long.

:func:`generate_supply` returns plain frozen dataclasses; the caller stores them (the demo
loader and the benchmark use ``bulk_create``). Every youth-care region gets supply. Names of
providers, locations and schools are invented compositions, never real organisations; the
municipalities and regions are passed in (CBS codes from the registry), so nothing here reads a
database.

Everything is deterministic in ``seed`` (one ``random.Random``; the order of the municipalities
passed in does not matter). No Django imports.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from random import Random

from passend.matching.rules.model import OUT_OF_REGION_SAFETY
from passend.matching.scenario import NEED_WEIGHTS, YOUTH_NEED_COUNTS
from passend.supply.rules.offers import CLIENT_STOP
from passend.vocabulary import COMPLEMENTARY_CARE_FORMS, NEEDS, RESIDENTIAL_CARE_FORMS

# --- Proportions ---------------------------------------------------------------------------------

OFFER_NEED_COUNTS: dict[int, int] = {1: 15, 2: 35, 3: 30, 4: 20}

SMALL_SCALE_AGES: tuple[tuple[int, int], ...] = ((12, 18), (8, 18), (16, 23), (12, 23))
"""Age ranges within 8–23, for small-scale groups."""
SMALL_SCALE_RATIOS: tuple[float, ...] = (0.25, 0.33, 0.5)
LARGE_GROUP_RATIOS: tuple[float, ...] = (0.15, 0.2, 0.25, 0.33)


@dataclass(frozen=True, kw_only=True)
class Profile:
    """How one care form looks: its share of offers and of waiting youth, ages, places, the
    expected wait when full, the chance of a free place, group sizes (residential), how long a
    placement lasts and the share of crisis entries and placements."""

    offer_share: float
    entry_share: float
    age_ranges: tuple[tuple[int, int], ...]
    places: tuple[int, int]
    waits: tuple[int, int]
    free_chance: float
    small_scale_chance: float = 0.0
    group_sizes: tuple[int, int] | None = None
    stay_days: tuple[int, int] | None = None
    crisis_share: float = 0.0


PROFILES: dict[str, Profile] = {
    "ambulant": Profile(
        offer_share=0.34,
        entry_share=0.36,
        age_ranges=((0, 18), (4, 23), (12, 23)),
        places=(15, 80),
        waits=(14, 120),
        free_chance=0.45,
        crisis_share=0.03,
    ),
    "dagbehandeling": Profile(
        offer_share=0.14,
        entry_share=0.14,
        age_ranges=((4, 12), (12, 18), (4, 18)),
        places=(6, 24),
        waits=(21, 150),
        free_chance=0.35,
        crisis_share=0.02,
    ),
    "pleegzorg": Profile(
        offer_share=0.14,
        entry_share=0.13,
        age_ranges=((0, 18), (0, 12), (8, 18)),
        places=(2, 12),
        waits=(30, 240),
        free_chance=0.3,
        group_sizes=(1, 3),
        stay_days=(120, 900),
        crisis_share=0.08,
    ),
    "gezinshuis": Profile(
        offer_share=0.10,
        entry_share=0.08,
        age_ranges=((4, 18), (0, 18)),
        places=(3, 6),
        waits=(30, 240),
        free_chance=0.25,
        small_scale_chance=0.75,
        group_sizes=(4, 6),
        stay_days=(120, 900),
        crisis_share=0.05,
    ),
    "residentieel": Profile(
        offer_share=0.17,
        entry_share=0.17,
        age_ranges=((12, 18), (8, 18), (4, 18)),
        places=(4, 24),
        waits=(30, 270),
        free_chance=0.3,
        small_scale_chance=0.4,
        group_sizes=(7, 12),
        stay_days=(60, 540),
        crisis_share=0.12,
    ),
    "crisis": Profile(
        offer_share=0.07,
        entry_share=0.08,
        age_ranges=((12, 18), (0, 18), (8, 18)),
        places=(2, 8),
        waits=(3, 30),
        free_chance=0.45,
        small_scale_chance=0.2,
        group_sizes=(7, 10),
        stay_days=(3, 70),
        crisis_share=1.0,
    ),
    "gesloten": Profile(
        offer_share=0.04,
        entry_share=0.04,
        age_ranges=((12, 18), (16, 23)),
        places=(8, 24),
        waits=(30, 180),
        free_chance=0.35,
        small_scale_chance=0.15,
        group_sizes=(7, 10),
        stay_days=(60, 300),
        crisis_share=0.65,
    ),
}
"""Per care form (DOMAIN §8). Closed care: about 70% of the placements are crisis placements
(the inspectorate saw 50/50 become 70/30); crisis entries start sooner, so a crisis share of 65%
among the entries gives about 70% among the placements."""


@dataclass(frozen=True)
class ShortageSpec:
    """A need combination with no supply in some regions: no offer there handles ``absent``
    (of ``absent_in``: those care forms; empty: any care form)."""

    needs: frozenset[str]
    care_forms: frozenset[str]
    """Where the youth with this combination are registered (waiting)."""
    absent: str
    absent_in: frozenset[str]
    region_share: float
    entry_share: float


SHORTAGES: tuple[ShortageSpec, ...] = (
    ShortageSpec(
        needs=frozenset({"seksueel_grensoverschrijdend", "lvb"}),
        care_forms=frozenset({"residentieel", "gezinshuis"}),
        absent="seksueel_grensoverschrijdend",
        absent_in=frozenset(),
        region_share=0.4,
        entry_share=0.03,
    ),
    ShortageSpec(
        needs=frozenset({"verslaving", "ggz"}),
        care_forms=frozenset({"gesloten"}),
        absent="verslaving",
        absent_in=frozenset({"gesloten"}),
        region_share=0.25,
        entry_share=0.02,
    ),
)
"""Sexually transgressive behaviour with a mild intellectual disability in residential care, and
addiction with mental-health problems in closed care: in a share of the regions nothing handles
them, and the youth registered there wait long."""

STALE_SHARE = 0.15
"""Offers whose capacity figures are older than seven days (8–120 days)."""
EDUCATION_PARTNER_SHARE: dict[bool, float] = {True: 0.55, False: 0.15}
"""Chance of an education partner for residential (True) and other offers."""
COOPERATION_SHARE = 0.4
"""Residential offers that formally combine with ambulant or day-treatment offers of other
providers in their region."""
ENTRY_OUT_OF_REGION: dict[bool, float] = {True: 0.25, False: 0.08}
"""Youth registered with an offer outside their own region: residential (True) or not."""
REUSE_YOUTH_SHARE = 0.08
"""Entries of a youth already on another waiting list (stacked help, a second registration)."""
REGISTRATION_SKEW = 1.5
"""Registrations over the last year, more of them recently (demand grows): days ago are
365 × u^1.5 for a uniform u."""
REMOVAL_SHARE = 0.3
"""Of the entries that have not started: removed from the list, with a reason."""
REMOVAL_REASONS: tuple[str, ...] = (
    "Hulp elders gestart",
    "Verhuisd naar een andere gemeente",
    "Hulp niet meer nodig",
    "Geen contact meer met het gezin",
    "Crisisplaatsing elders",
    "Doorverwezen naar ander aanbod",
)
PLACEMENT_OUT_OF_REGION = 0.25
WITHOUT_REASON_SHARE = 0.45
"""Of the out-of-region placements: no care reason recorded."""
OUT_OF_REGION_REASON_WEIGHTS: dict[str, int] = {
    OUT_OF_REGION_SAFETY: 40,
    "specialistisch_niet_in_regio": 30,
    "eigen_wens": 20,
    "anders": 10,
}
EDUCATION_SHARE = 0.85
"""Placements that (will) have school or daytime activity, 0–120 days after the start."""
READY_TO_LEAVE_SHARE = 0.25
FOLLOW_UP_SHARE = 0.4
"""Of the running placements ready to leave: follow-up help started (and the placement ended)."""
KNOWN_OFFER_ENTRIES = 12
"""Entries reserved for each offer of a known (demo) location, so it has a waiting list."""

# --- Invented names ------------------------------------------------------------------------------

NAME_ROOTS = (
    "Wilgen",
    "Berken",
    "Elzen",
    "Vlier",
    "Hazel",
    "Klaver",
    "Riet",
    "Heide",
    "Meidoorn",
    "Lijster",
    "Zwaluw",
    "Kievit",
    "Merel",
    "Vlinder",
    "Dauw",
    "Beuken",
    "Lisdodde",
    "Wikke",
    "Veldbies",
    "Zegge",
)
NAME_ENDINGS = ("hof", "rode", "waard", "veld", "oord", "kamp", "stede", "hoeve", "akker", "wiek")
NAME_FORMS = ("Stichting {} Jeugdhulp", "{} Jeugdzorg", "Zorggroep {}", "{} Jeugd en Gezin")
LOCATION_WORDS: dict[str, str] = {
    "ambulant": "Ambulant team",
    "dagbehandeling": "Dagcentrum",
    "pleegzorg": "Pleegzorgteam",
    "gezinshuis": "Gezinshuis",
    "residentieel": "Woongroep",
    "crisis": "Crisisopvang",
    "gesloten": "JeugdzorgPlus",
}
LOCATION_NAMES = (
    "De Wilg",
    "De Berk",
    "De Els",
    "De Vlier",
    "De Hazelaar",
    "De Meidoorn",
    "De Merel",
    "De Zwaluw",
    "De Kievit",
    "De Lijster",
    "Het Klaverveld",
    "De Rietkraag",
    "De Heidetuin",
    "De Dauwpunt",
)
OFFER_WORDS: dict[str, str] = {
    "ambulant": "Ambulante hulp",
    "dagbehandeling": "Dagbehandeling",
    "pleegzorg": "Pleegzorg",
    "gezinshuis": "Gezinshuis",
    "residentieel": "Open residentieel",
    "crisis": "Crisisplaatsen",
    "gesloten": "JeugdzorgPlus",
}
NEED_WORDS: dict[str, str] = {
    "gedrag": "gedrag",
    "ggz": "GGZ",
    "trauma": "trauma",
    "verslaving": "verslaving",
    "lvb": "LVB",
    "autisme": "autisme",
    "seksueel_grensoverschrijdend": "grensoverschrijdend gedrag",
    "zelfbeschadiging": "zelfbeschadiging",
    "crimineel_gedrag": "delinquentie",
    "uitbuiting": "uitbuiting",
    "complexe_scheiding": "complexe scheiding",
    "opvoeding": "opvoeding",
}
"""How an offer's name mentions its first needs."""
SCHOOLS = ("Onderwijscentrum", "School voor speciaal onderwijs", "Leerwerkplaats", "VSO")


# --- Output --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    reference: str
    name: str
    seat: str
    """CBS code of the municipality of its first location."""
    region: str


@dataclass(frozen=True)
class Location:
    provider: str
    name: str
    municipality: str
    region: str
    care_forms: tuple[str, ...]
    group_size: int | None
    known: bool = False
    """An existing location (passed in), not to be created."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.provider, self.name)


@dataclass(frozen=True)
class Offer:
    key: str
    provider: str
    location: tuple[str, str]
    """(provider reference, location name)."""
    municipality: str
    region: str
    name: str
    care_form: str
    needs: tuple[str, ...]
    age_min: int
    age_max: int
    places: int
    occupied: int
    expected_wait_days: int
    group_size: int | None
    staff_ratio: float | None
    education_partner: str
    cooperates_with: tuple[str, ...]
    capacity_updated_at: datetime


@dataclass(frozen=True)
class Youth:
    key: str
    municipality: str
    birth_date: date


@dataclass(frozen=True)
class Entry:
    key: str
    offer: str
    youth: str
    needs: tuple[str, ...]
    registered_on: date
    intake_on: date | None
    started_on: date | None
    removed_on: date | None
    removal_reason: str
    crisis: bool


@dataclass(frozen=True)
class Placement:
    key: str
    offer: str
    youth: str
    youth_municipality: str
    start: date
    end: date | None
    crisis: bool
    out_of_region_reason: str
    out_of_region_note: str
    education_started_on: date | None
    ready_to_leave_on: date | None
    follow_up_started_on: date | None


@dataclass(frozen=True)
class Measure:
    provider: str
    kind: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Supply:
    providers: tuple[Provider, ...]
    locations: tuple[Location, ...]
    """Generated locations and the known ones (``known=True``) that received offers."""
    offers: tuple[Offer, ...]
    youth: tuple[Youth, ...]
    entries: tuple[Entry, ...]
    placements: tuple[Placement, ...]
    measures: tuple[Measure, ...]
    shortage_regions: Mapping[ShortageSpec, frozenset[str]]
    """Per shortage, the regions where nothing handles it."""


KnownLocation = tuple[str, str, str, Sequence[str], int | None]
"""(provider reference, location name, CBS code, care forms, group size) of an existing
location that should get offers too (the demo's providers)."""


# --- Helpers -------------------------------------------------------------------------------------


class _Weights:
    """Weighted choices with the cumulative weights computed once."""

    def __init__(self, weights: Mapping):
        self.keys = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def pick(self, rng: Random):
        return rng.choices(self.keys, cum_weights=self.cumulative)[0]


def _pick(rng: Random, weights: Mapping | _Weights):
    return (weights if isinstance(weights, _Weights) else _Weights(weights)).pick(rng)


_NEED_WEIGHTS = _Weights(NEED_WEIGHTS)
_YOUTH_NEED_COUNTS = _Weights(YOUTH_NEED_COUNTS)


def _needs(rng: Random, counts: Mapping[int, int], exclude: frozenset[str] = frozenset()):
    """Distinct needs, the common ones more likely, in vocabulary order."""
    allowed = {need: w for need, w in NEED_WEIGHTS.items() if need not in exclude}
    wanted = min(_pick(rng, counts), len(allowed))
    chosen: set[str] = set()
    while len(chosen) < wanted:
        chosen.add(_pick(rng, allowed))
    return tuple(need for need in NEEDS if need in chosen)


def _is_small_scale(
    care_form: str, group: int | None, ages: tuple[int, int], ratio: float | None
) -> bool:
    return (
        care_form in RESIDENTIAL_CARE_FORMS
        and group is not None
        and group <= 6
        and ages[0] >= 8
        and ages[1] <= 23
        and ratio is not None
        and ratio >= 0.25
    )


def _provider_names(rng: Random) -> list[str]:
    names = [
        form.format(root + ending)
        for root in NAME_ROOTS
        for ending in NAME_ENDINGS
        for form in NAME_FORMS
    ]
    rng.shuffle(names)
    return names


class _Names:
    """Unique names in the order drawn; after the list runs out, numbered."""

    def __init__(self, names: list[str]):
        self.names = names
        self.used = 0

    def next(self) -> str:
        base = self.names[self.used % len(self.names)]
        round_ = self.used // len(self.names)
        self.used += 1
        return base if round_ == 0 else f"{base} {round_ + 1}"


# --- The generator -------------------------------------------------------------------------------


def generate_supply(
    seed: int,
    *,
    offers: int,
    entries: int,
    placements: int,
    as_of: date,
    municipalities: Sequence[tuple[str, str]],
    known_locations: Sequence[KnownLocation] = (),
    now: datetime | None = None,
    prefix: str = "aanbod-",
) -> Supply:
    """A fictional supply register as of ``as_of``.

    ``offers`` counts every offer, those of the ``known_locations`` (one per care form of each)
    included; each youth-care region among ``municipalities`` ((CBS code, youth-care region))
    gets at least an ambulant and a residential offer. Generated providers have references
    ``prefix`` + a number. ``now`` is the moment capacity figures are aged from (default: noon
    UTC on ``as_of``). Raises :class:`ValueError` when ``offers`` cannot give every region
    supply or a known location lies in an unknown municipality.
    """
    rng = Random(seed)
    now = now or datetime.combine(as_of, time(12), tzinfo=UTC)
    region_of = dict(sorted(municipalities))
    by_region: dict[str, list[str]] = defaultdict(list)
    for code, region in sorted(municipalities):
        by_region[region].append(code)
    regions = sorted(by_region)
    if not regions:
        raise ValueError("no municipalities given")
    for reference, name, code, _forms, _size in known_locations:
        if code not in region_of:
            raise ValueError(f"known location {reference}/{name}: unknown municipality {code}")

    shortage_regions = {
        spec: frozenset(rng.sample(regions, max(1, round(spec.region_share * len(regions)))))
        for spec in SHORTAGES
    }

    def excluded(region: str, care_form: str) -> frozenset[str]:
        return frozenset(
            spec.absent
            for spec, where in shortage_regions.items()
            if region in where and (not spec.absent_in or care_form in spec.absent_in)
        )

    # Plan: (region, care form) per generated offer. Every region: ambulant and residential;
    # where closed care lacks addiction expertise, a closed-care offer with a long wait.
    known_count = sum(len(forms) for *_rest, forms, _size in known_locations)
    plan: list[tuple[str, str]] = []
    for region in regions:
        plan.append((region, "ambulant"))
        plan.append((region, rng.choice(("residentieel", "gezinshuis"))))
        for spec, where in shortage_regions.items():
            if region in where:
                plan += [(region, form) for form in sorted(spec.absent_in)]
    remaining = offers - known_count - len(plan)
    if remaining < 0:
        raise ValueError(
            f"{offers} offers cannot give every one of {len(regions)} regions supply; "
            f"at least {known_count + len(plan)} are needed"
        )
    region_weights = {region: 1 + math.sqrt(len(by_region[region])) for region in regions}
    form_weights = {form: p.offer_share for form, p in PROFILES.items()}
    plan += [(_pick(rng, region_weights), _pick(rng, form_weights)) for _ in range(remaining)]

    # Providers and locations: per region, the planned offers packed into providers of one to
    # six offers, in locations of up to three care forms.
    names = _Names(_provider_names(rng))
    providers: list[Provider] = []
    locations: list[Location] = []
    slots: list[tuple[Location, str]] = []  # (location, care form) per offer
    planned: dict[str, list[str]] = defaultdict(list)
    for region, form in plan:
        planned[region].append(form)
    for region in regions:
        forms = planned[region]
        rng.shuffle(forms)
        while forms:
            size = min(len(forms), _pick(rng, {1: 25, 2: 25, 3: 20, 4: 15, 5: 10, 6: 5}))
            taken, forms = forms[:size], forms[size:]
            reference = f"{prefix}{len(providers) + 1:04d}"
            groups: list[list[str]] = []
            for form in taken:
                fits = [g for g in groups if form not in g and len(g) < 3]
                if fits and rng.random() < 0.5:
                    fits[-1].append(form)
                else:
                    groups.append([form])
            provider_locations = []
            used_names: set[str] = set()
            for group in groups:
                code = rng.choice(by_region[region])
                name = f"{LOCATION_WORDS[group[0]]} {rng.choice(LOCATION_NAMES)}"
                while name in used_names:
                    name = f"{name} {len(used_names) + 1}"
                used_names.add(name)
                provider_locations.append((name, code, group))
            providers.append(
                Provider(
                    reference=reference,
                    name=names.next(),
                    seat=provider_locations[0][1],
                    region=region,
                )
            )
            for name, code, group in provider_locations:
                location = Location(
                    provider=reference,
                    name=name,
                    municipality=code,
                    region=region,
                    care_forms=tuple(group),
                    group_size=None,
                )
                locations.append(location)
                slots += [(location, form) for form in group]
    for reference, name, code, forms, size in known_locations:
        location = Location(
            provider=reference,
            name=name,
            municipality=code,
            region=region_of[code],
            care_forms=tuple(forms),
            group_size=size,
            known=True,
        )
        locations.append(location)
        slots += [(location, form) for form in forms]

    # Offers.
    offer_list: list[Offer] = []
    for number, (location, form) in enumerate(slots, start=1):
        offer_list.append(
            _offer(
                rng,
                f"{prefix}o{number:05d}",
                location,
                form,
                excluded(location.region, form),
                now,
                long_wait=any(
                    form in spec.absent_in and location.region in where
                    for spec, where in shortage_regions.items()
                ),
            )
        )
    offer_list = _link_cooperation(rng, offer_list)
    # A generated location's group size is its largest residential group.
    sizes: dict[tuple[str, str], int] = {}
    for offer in offer_list:
        if offer.group_size is not None:
            sizes[offer.location] = max(sizes.get(offer.location, 0), offer.group_size)
    locations = [
        location if location.known else replace(location, group_size=sizes.get(location.key))
        for location in locations
    ]

    # The client stop: one generated provider with a residential offer, from 20–60 days ago.
    residential_providers = sorted(
        {
            o.provider
            for o in offer_list
            if o.care_form in RESIDENTIAL_CARE_FORMS and o.provider.startswith(prefix)
        }
    )
    measures = _measures(rng, residential_providers, [p.reference for p in providers], as_of)
    stopped = {m.provider: m.start for m in measures if m.kind == CLIENT_STOP and m.end is None}

    people = _People(rng, by_region, region_of)
    known_keys = {location.key for location in locations if location.known}
    entry_list = _entries(
        rng,
        entries,
        offer_list,
        [o for o in offer_list if o.location in known_keys],
        shortage_regions,
        stopped,
        people,
        as_of,
    )
    placement_list = _placements(
        rng, placements, offer_list, entry_list, stopped, people, region_of, as_of
    )
    offer_list = _fit_capacity(offer_list, placement_list, as_of)
    return Supply(
        providers=tuple(providers),
        locations=tuple(locations),
        offers=tuple(offer_list),
        youth=tuple(people.youth),
        entries=tuple(entry_list),
        placements=tuple(placement_list),
        measures=tuple(measures),
        shortage_regions=shortage_regions,
    )


def _offer(
    rng: Random,
    key: str,
    location: Location,
    form: str,
    exclude: frozenset[str],
    now: datetime,
    long_wait: bool,
) -> Offer:
    profile = PROFILES[form]
    group: int | None = None
    ratio: float | None = None
    ages = rng.choice(profile.age_ranges)
    if form == "pleegzorg":
        group = location.group_size or rng.randint(*profile.group_sizes)
        ratio = rng.choice((0.5, 1.0))
    elif form in RESIDENTIAL_CARE_FORMS:
        fixed = location.group_size
        small = rng.random() < profile.small_scale_chance and (fixed is None or fixed <= 6)
        if small:
            group = fixed or rng.randint(3, 6)
            ages = rng.choice(SMALL_SCALE_AGES)
            ratio = rng.choice(SMALL_SCALE_RATIOS)
        else:
            group = fixed or rng.randint(*profile.group_sizes)
            ratio = rng.choice(LARGE_GROUP_RATIOS)
            if _is_small_scale(form, group, ages, ratio):
                ratio = 0.2
    places = rng.randint(*profile.places)
    if rng.random() < profile.free_chance and not long_wait:
        occupied = places - rng.randint(1, max(1, places // 5))
        wait = rng.randint(0, 14) if rng.random() < 0.3 else 0
    else:
        occupied = places
        low, high = profile.waits
        wait = round(rng.triangular(low, high, low + (high - low) * 0.3))
        if long_wait:
            wait = rng.randint(120, 270)
    residential = form in RESIDENTIAL_CARE_FORMS
    education = ""
    if rng.random() < EDUCATION_PARTNER_SHARE[residential]:
        root = rng.choice(NAME_ROOTS) + rng.choice(NAME_ENDINGS)
        education = f"{rng.choice(SCHOOLS)} {root}"
    if rng.random() < STALE_SHARE:
        age = timedelta(days=rng.uniform(8, 120))
    else:
        age = timedelta(days=rng.uniform(0, 6.5))
    needs = _needs(rng, OFFER_NEED_COUNTS, exclude)
    label = " en ".join(NEED_WORDS[need] for need in needs[:2])
    return Offer(
        key=key,
        provider=location.provider,
        location=location.key,
        municipality=location.municipality,
        region=location.region,
        name=f"{OFFER_WORDS[form]} {label}",
        care_form=form,
        needs=needs,
        age_min=ages[0],
        age_max=ages[1],
        places=places,
        occupied=occupied,
        expected_wait_days=wait,
        group_size=group,
        staff_ratio=ratio,
        education_partner=education,
        cooperates_with=(),
        capacity_updated_at=now - age,
    )


def _link_cooperation(rng: Random, offers: list[Offer]) -> list[Offer]:
    """Some residential offers formally combine with one or two ambulant or day-treatment
    offers of other providers in their region."""
    complements: dict[str, list[Offer]] = defaultdict(list)
    for offer in offers:
        if offer.care_form in COMPLEMENTARY_CARE_FORMS:
            complements[offer.region].append(offer)
    linked = []
    for offer in offers:
        partners = [c for c in complements[offer.region] if c.provider != offer.provider]
        if (
            offer.care_form in RESIDENTIAL_CARE_FORMS
            and partners
            and rng.random() < COOPERATION_SHARE
        ):
            chosen = rng.sample(partners, min(len(partners), rng.randint(1, 2)))
            offer = replace(offer, cooperates_with=tuple(c.key for c in chosen))
        linked.append(offer)
    return linked


def _measures(
    rng: Random, residential: list[str], generated: list[str], as_of: date
) -> list[Measure]:
    """One client stop (a provider with residential care), intensified supervision and formal
    instructions, some lifted again."""
    if not generated:
        return []
    found: list[Measure] = []
    stopped = rng.choice(residential or generated)
    found.append(Measure(stopped, CLIENT_STOP, as_of - timedelta(days=rng.randint(20, 60)), None))
    others = [p for p in generated if p != stopped]
    chosen = rng.sample(others, min(len(others), 5))
    for number, provider in enumerate(chosen):
        kind = "verscherpt_toezicht" if number < 2 else "aanwijzing"
        start = as_of - timedelta(days=rng.randint(30, 400))
        end = None
        if number % 2:
            end = start + timedelta(days=rng.randint(30, max(31, (as_of - start).days)))
            end = min(end, as_of)
        found.append(Measure(provider, kind, start, end))
    return found


class _People:
    """The youth, each with a municipality in (or, sometimes, outside) an offer's region."""

    def __init__(self, rng: Random, by_region, region_of):
        self.rng = rng
        self.by_region = by_region
        self.region_of = region_of
        self.all = sorted(region_of)
        self.youth: list[Youth] = []
        self.in_region: dict[str, list[Youth]] = defaultdict(list)

    def new(self, region: str, out_of_region: bool, age: int, on: date) -> Youth:
        rng = self.rng
        if out_of_region:
            code = rng.choice(self.all)
            while self.region_of[code] == region and len(self.by_region) > 1:
                code = rng.choice(self.all)
        else:
            code = rng.choice(self.by_region[region])
        birth = on - timedelta(days=age * 365 + rng.randint(1, 364))
        youth = Youth(key=f"y{len(self.youth) + 1:06d}", municipality=code, birth_date=birth)
        self.youth.append(youth)
        self.in_region[self.region_of[code]].append(youth)
        return youth

    def again(self, region: str) -> Youth | None:
        known = self.in_region.get(region)
        return self.rng.choice(known) if known else None


def _age_for(rng: Random, offer: Offer) -> int:
    return rng.randint(offer.age_min, min(offer.age_max, 23))


def _entries(
    rng: Random,
    count: int,
    offers: list[Offer],
    known: list[Offer],
    shortage_regions: Mapping[ShortageSpec, frozenset[str]],
    stopped: Mapping[str, date],
    people: _People,
    as_of: date,
) -> list[Entry]:
    by_form: dict[str, list[Offer]] = defaultdict(list)
    for offer in offers:
        by_form[offer.care_form].append(offer)
    form_weights = _Weights(
        {form: PROFILES[form].entry_share for form in PROFILES if by_form[form]}
    )
    shortage_offers = {
        spec: [
            o
            for o in offers
            if o.region in shortage_regions[spec]
            and o.care_form in spec.care_forms
            and spec.absent not in o.needs
        ]
        for spec in SHORTAGES
    }
    found: list[Entry] = []
    reserved = [offer for offer in known for _ in range(KNOWN_OFFER_ENTRIES)]
    for number in range(count):
        shortage: ShortageSpec | None = None
        if number < len(reserved):
            offer = reserved[number]
        else:
            draw = rng.random()
            for spec in SHORTAGES:
                if draw < spec.entry_share and shortage_offers[spec]:
                    shortage = spec
                    break
                draw -= spec.entry_share
            if shortage is not None:
                offer = rng.choice(shortage_offers[shortage])
            else:
                offer = rng.choice(by_form[_pick(rng, form_weights)])
        found.append(_entry(rng, f"e{number + 1:06d}", offer, shortage, stopped, people, as_of))
    return found


def _entry(
    rng: Random,
    key: str,
    offer: Offer,
    shortage: ShortageSpec | None,
    stopped: Mapping[str, date],
    people: _People,
    as_of: date,
) -> Entry:
    registered = as_of - timedelta(days=int(365 * rng.random() ** REGISTRATION_SKEW))
    residential = offer.care_form in RESIDENTIAL_CARE_FORMS
    youth = people.again(offer.region) if rng.random() < REUSE_YOUTH_SHARE else None
    if youth is None or youth.birth_date >= registered:
        youth = people.new(
            offer.region,
            rng.random() < ENTRY_OUT_OF_REGION[residential],
            _age_for(rng, offer),
            registered,
        )
    crisis = rng.random() < PROFILES[offer.care_form].crisis_share
    if shortage is not None:
        needs = set(shortage.needs)
        if rng.random() < 0.3:
            needs.add(_pick(rng, _NEED_WEIGHTS))
    else:
        wanted = _pick(rng, _YOUTH_NEED_COUNTS)
        needs = set(rng.sample(offer.needs, min(len(offer.needs), rng.randint(1, wanted))))
        while len(needs) < wanted:
            needs.add(_pick(rng, _NEED_WEIGHTS))
    # The two waits. Youth with a shortage combination wait long, in a crisis too.
    if crisis and shortage is None and rng.random() < 0.85:
        intake_days, start_days = rng.randint(0, 2), rng.randint(0, 3)
    elif crisis and shortage is None:
        intake_days, start_days = rng.randint(3, 30), rng.randint(0, 40)
    else:
        base = offer.expected_wait_days or rng.randint(5, 30)
        if shortage is not None:
            base = max(base, 150)
        total = rng.lognormvariate(math.log(base), 0.6)
        if rng.random() < 0.08:
            total *= 2.5
        intake_days = round(total * rng.uniform(0.25, 0.6))
        start_days = max(0, round(total) - intake_days)
    intake: date | None = registered + timedelta(days=intake_days)
    start: date | None = intake + timedelta(days=start_days)
    if intake > as_of:
        intake = start = None
    elif start > as_of:
        start = None
    stop = stopped.get(offer.provider)
    if start is not None and stop is not None and start >= stop:
        start = None  # a client stop: no new youth start
    removed, reason = None, ""
    if start is None and rng.random() < REMOVAL_SHARE:
        removed = registered + timedelta(days=rng.randint(0, (as_of - registered).days))
        reason = rng.choice(REMOVAL_REASONS)
        if intake is not None and intake > removed:
            intake = None
    return Entry(
        key=key,
        offer=offer.key,
        youth=youth.key,
        needs=tuple(need for need in NEEDS if need in needs),
        registered_on=registered,
        intake_on=intake,
        started_on=start,
        removed_on=removed,
        removal_reason=reason,
        crisis=crisis,
    )


def _placements(
    rng: Random,
    count: int,
    offers: list[Offer],
    entries: list[Entry],
    stopped: Mapping[str, date],
    people: _People,
    region_of: Mapping[str, str],
    as_of: date,
) -> list[Placement]:
    """Placements with residential offers: first the youth whose help started from a waiting
    list, then others placed directly."""
    by_key = {offer.key: offer for offer in offers}
    youth = {y.key: y for y in people.youth}
    residential = [o for o in offers if o.care_form in RESIDENTIAL_CARE_FORMS]
    if not residential:
        return []
    by_places = _Weights({offer: offer.places for offer in residential})
    started = [
        e
        for e in entries
        if e.started_on is not None and by_key[e.offer].care_form in RESIDENTIAL_CARE_FORMS
    ]
    rng.shuffle(started)
    found: list[Placement] = []
    for number in range(count):
        key = f"p{number + 1:06d}"
        if number < len(started):
            entry = started[number]
            offer = by_key[entry.offer]
            person, start, crisis = youth[entry.youth], entry.started_on, entry.crisis
        else:
            offer = by_places.pick(rng)
            stop = stopped.get(offer.provider)
            latest = (stop - timedelta(days=1)) if stop else as_of
            start = latest - timedelta(days=rng.randint(0, 540))
            crisis = rng.random() < PROFILES[offer.care_form].crisis_share
            person = people.new(
                offer.region,
                rng.random() < PLACEMENT_OUT_OF_REGION,
                _age_for(rng, offer),
                start,
            )
        found.append(_placement(rng, key, offer, person, start, crisis, region_of, as_of))
    return found


def _fit_capacity(offers: list[Offer], placements: list[Placement], as_of: date) -> list[Offer]:
    """At least as many places occupied as there are youth placed there (running placements),
    and at least as many places as occupied."""
    running: dict[str, int] = defaultdict(int)
    for placement in placements:
        if placement.end is None or placement.end > as_of:
            running[placement.offer] += 1
    fitted = []
    for offer in offers:
        placed = running.get(offer.key, 0)
        if placed > offer.occupied:
            offer = replace(offer, occupied=placed, places=max(offer.places, placed))
        fitted.append(offer)
    return fitted


def _placement(
    rng: Random,
    key: str,
    offer: Offer,
    person: Youth,
    start: date,
    crisis: bool,
    region_of: Mapping[str, str],
    as_of: date,
) -> Placement:
    low, high = PROFILES[offer.care_form].stay_days
    stay = round(rng.triangular(low, high, low + (high - low) * 0.3))
    if offer.care_form == "crisis" and rng.random() < 0.2:
        stay = rng.randint(29, 120)  # a crisis place that became a stay
    end: date | None = start + timedelta(days=stay)
    if end > as_of:
        end = None
    ready = follow_up = None
    if rng.random() < READY_TO_LEAVE_SHARE:
        last = end or as_of
        ready = start + timedelta(days=rng.randint(0, (last - start).days))
        if end is not None:
            follow_up = end if rng.random() < 0.8 else None
        elif rng.random() < FOLLOW_UP_SHARE:
            follow_up = ready + timedelta(days=rng.randint(0, (as_of - ready).days))
            end = follow_up
    education = None
    if rng.random() < EDUCATION_SHARE:
        day = start + timedelta(days=round(rng.triangular(0, 120, 40)))
        if day <= (end or as_of):
            education = day
    reason = note = ""
    if region_of[person.municipality] != offer.region and rng.random() >= WITHOUT_REASON_SHARE:
        reason = _pick(rng, OUT_OF_REGION_REASON_WEIGHTS)
        if reason == "anders":
            note = "Broer of zus al in deze voorziening geplaatst"
    return Placement(
        key=key,
        offer=offer.key,
        youth=person.key,
        youth_municipality=person.municipality,
        start=start,
        end=end,
        crisis=crisis,
        out_of_region_reason=reason,
        out_of_region_note=note,
        education_started_on=education,
        ready_to_leave_on=ready,
        follow_up_started_on=follow_up,
    )
