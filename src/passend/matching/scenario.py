"""A seeded national scenario in the ``passend match`` input format, for tests and the benchmark.

The municipalities and their 42 youth-care regions come from the registry's CBS data; the rest
is invented, with the proportions of the reports in mind (DOMAIN §3): few free places, long
waiting lists for residential care, youth with one to four needs of which the common ones
(behaviour, mental health, trauma, parenting) are well supplied and the rare ones (sexually
transgressive behaviour, exploitation, addiction) are not, specialised providers that cover a few
needs each, and some regions thinner than others. The same seed always gives the same scenario.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from passend.registry.reference import current

AS_OF = date(2026, 1, 5)

NEED_WEIGHTS: dict[str, int] = {
    "gedrag": 10,
    "ggz": 10,
    "trauma": 8,
    "opvoeding": 8,
    "autisme": 6,
    "lvb": 6,
    "complexe_scheiding": 5,
    "zelfbeschadiging": 4,
    "verslaving": 3,
    "crimineel_gedrag": 3,
    "uitbuiting": 2,
    "seksueel_grensoverschrijdend": 2,
}
"""How often a need occurs, among youth and (as expertise) among offers: the common ones are
well supplied, the rare ones are not. The supply generator draws from the same weights."""

YOUTH_NEED_COUNTS: dict[int, int] = {1: 30, 2: 35, 3: 20, 4: 15}
OFFER_NEED_COUNTS: dict[int, int] = {2: 30, 3: 35, 4: 25, 5: 10}


@dataclass(frozen=True, kw_only=True)
class CareFormProfile:
    """How one care form looks in the scenario: its share of offers and of waiting youth, the
    age ranges offered, group sizes (residential only), waits and the chance of a free place."""

    offer_share: float
    youth_share: float
    age_ranges: tuple[tuple[int, int], ...]
    group_sizes: tuple[int, int] | None
    waits: tuple[int, int]
    free_chance: float
    free_max: int


PROFILES: dict[str, CareFormProfile] = {
    "ambulant": CareFormProfile(
        offer_share=0.34,
        youth_share=0.36,
        age_ranges=((0, 18), (4, 23), (12, 23)),
        group_sizes=None,
        waits=(14, 120),
        free_chance=0.45,
        free_max=5,
    ),
    "dagbehandeling": CareFormProfile(
        offer_share=0.14,
        youth_share=0.14,
        age_ranges=((4, 12), (12, 18), (4, 18)),
        group_sizes=None,
        waits=(21, 150),
        free_chance=0.35,
        free_max=3,
    ),
    "pleegzorg": CareFormProfile(
        offer_share=0.16,
        youth_share=0.15,
        age_ranges=((0, 18), (0, 12), (8, 18)),
        group_sizes=(1, 3),
        waits=(30, 240),
        free_chance=0.3,
        free_max=2,
    ),
    "gezinshuis": CareFormProfile(
        offer_share=0.10,
        youth_share=0.08,
        age_ranges=((4, 18), (8, 18), (12, 23)),
        group_sizes=(3, 6),
        waits=(30, 240),
        free_chance=0.25,
        free_max=1,
    ),
    "residentieel": CareFormProfile(
        offer_share=0.17,
        youth_share=0.16,
        age_ranges=((12, 18), (8, 18), (16, 23)),
        group_sizes=(4, 12),
        waits=(30, 270),
        free_chance=0.3,
        free_max=2,
    ),
    "crisis": CareFormProfile(
        offer_share=0.06,
        youth_share=0.07,
        age_ranges=((12, 18), (0, 18), (8, 18)),
        group_sizes=(4, 10),
        waits=(7, 60),
        free_chance=0.45,
        free_max=2,
    ),
    "gesloten": CareFormProfile(
        offer_share=0.03,
        youth_share=0.04,
        age_ranges=((12, 18), (16, 23)),
        group_sizes=(6, 10),
        waits=(30, 180),
        free_chance=0.4,
        free_max=2,
    ),
}

STAFF_RATIOS: tuple[float, ...] = (0.17, 0.2, 0.25, 0.33, 0.5)
PROVIDERS_PER_OFFER = 0.2
"""About one provider per five offers; a provider works mostly in its home region."""
HOME_REGION_SHARE = 0.8
CLIENT_STOP_SHARE = 0.02
INSPECTION_SHARES: dict[str, float] = {"aanwijzing": 0.04, "verscherpt_toezicht": 0.02}
EDUCATION_SHARE: dict[bool, float] = {True: 0.45, False: 0.1}
"""Chance of an education link for residential (True) and other offers."""
COOPERATION_SHARE = 0.35
"""Share of offers that name one to three complement partners (mostly in their own region)."""
SAFETY_REASON_SHARE = 0.05
CURRENT_HELP_SHARE = 0.15
URGENCY_SHARES: dict[str, float] = {"high": 0.12, "normal": 0.88}
"""For youth outside crisis care; youth referred to a crisis place are always urgent."""
MAX_WAIT: dict[str, tuple[int, int]] = {"crisis": (0, 0), "high": (7, 28), "normal": (28, 120)}
OLDEST_REGISTRATION_DAYS = 400


def _pick(rng: random.Random, weights: dict[Any, float] | dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _needs(rng: random.Random, counts: dict[int, int]) -> list[str]:
    """Distinct needs, the common ones more likely, in vocabulary order."""
    wanted = _pick(rng, counts)
    chosen: set[str] = set()
    while len(chosen) < wanted:
        chosen.add(_pick(rng, NEED_WEIGHTS))
    return [need for need in NEED_WEIGHTS if need in chosen]


def _care_form(rng: random.Random, attribute: str) -> str:
    return _pick(rng, {form: getattr(p, attribute) for form, p in PROFILES.items()})


def _offer(
    rng: random.Random, number: int, provider: str, municipality: str, care_form: str
) -> dict[str, Any]:
    profile = PROFILES[care_form]
    age_min, age_max = rng.choice(profile.age_ranges)
    residential = profile.group_sizes is not None
    status = _pick(rng, {**INSPECTION_SHARES, None: 1 - sum(INSPECTION_SHARES.values())})
    return {
        "id": f"A{number:05d}",
        "provider": provider,
        "municipality": municipality,
        "care_form": care_form,
        "needs": _needs(rng, OFFER_NEED_COUNTS),
        "age_min": age_min,
        "age_max": age_max,
        "free_places": rng.randint(1, profile.free_max)
        if rng.random() < profile.free_chance
        else 0,
        "wait_days": rng.randint(*profile.waits),
        "group_size": rng.randint(*profile.group_sizes) if profile.group_sizes else None,
        "staff_ratio": rng.choice(STAFF_RATIOS) if residential else None,
        "client_stop": rng.random() < CLIENT_STOP_SHARE,
        "cooperates_with": [],
        "inspection_status": status,
        "education": rng.random() < EDUCATION_SHARE[residential],
    }


def _link_partners(rng: random.Random, offers: list[dict[str, Any]], region: dict) -> None:
    """Let some offers name complement partners, mostly in their own region."""
    complements = [o for o in offers if o["care_form"] in ("ambulant", "dagbehandeling")]
    by_region: dict[str, list[dict[str, Any]]] = {}
    for offer in complements:
        by_region.setdefault(region[offer["municipality"]], []).append(offer)
    for offer in offers:
        if rng.random() >= COOPERATION_SHARE:
            continue
        for _ in range(rng.randint(1, 3)):
            local = by_region.get(region[offer["municipality"]], [])
            pool = local if local and rng.random() < HOME_REGION_SHARE else complements
            partner = rng.choice(pool)
            if partner is not offer and partner["id"] not in offer["cooperates_with"]:
                offer["cooperates_with"].append(partner["id"])


def generate(seed: int = 0, youth: int = 8000, offers: int = 3000) -> dict[str, Any]:
    """A national scenario as ``passend match`` input (a JSON-ready dict)."""
    rng = random.Random(seed)
    municipalities = current().municipalities
    region = {m.cbs_code: m.youth_care_region for m in municipalities}
    by_region: dict[str, list[str]] = {}
    for m in municipalities:
        by_region.setdefault(m.youth_care_region, []).append(m.cbs_code)
    regions = sorted(by_region)
    providers = [
        (f"Aanbieder {n:03d}", rng.choice(regions))
        for n in range(1, max(2, int(offers * PROVIDERS_PER_OFFER)) + 1)
    ]
    offer_list = []
    for number in range(1, offers + 1):
        provider, home = rng.choice(providers)
        area = home if rng.random() < HOME_REGION_SHARE else rng.choice(regions)
        offer_list.append(
            _offer(
                rng,
                number,
                provider,
                rng.choice(by_region[area]),
                _care_form(rng, "offer_share"),
            )
        )
    _link_partners(rng, offer_list, region)

    ambulant_by_region: dict[str, list[str]] = {}
    for offer in offer_list:
        if offer["care_form"] == "ambulant":
            ambulant_by_region.setdefault(region[offer["municipality"]], []).append(offer["id"])
    youth_list = []
    codes = [m.cbs_code for m in municipalities]
    for number in range(1, youth + 1):
        municipality = rng.choice(codes)
        care_form = _care_form(rng, "youth_share")
        urgency = "crisis" if care_form == "crisis" else _pick(rng, URGENCY_SHARES)
        local_help = ambulant_by_region.get(region[municipality], [])
        youth_list.append(
            {
                "id": f"J{number:05d}",
                "age": rng.randint(18, 22) if rng.random() < 0.05 else rng.randint(0, 17),
                "municipality": municipality,
                "needs": _needs(rng, YOUTH_NEED_COUNTS),
                "care_form": care_form,
                "urgency": urgency,
                "waiting_since": (
                    AS_OF - timedelta(days=rng.randint(0, OLDEST_REGISTRATION_DAYS))
                ).isoformat(),
                "max_wait_days": rng.randint(*MAX_WAIT[urgency]),
                "safety_reason_out_of_region": rng.random() < SAFETY_REASON_SHARE,
                "current_offers": [rng.choice(local_help)]
                if local_help and rng.random() < CURRENT_HELP_SHARE
                else [],
            }
        )
    return {"as_of": AS_OF.isoformat(), "youth": youth_list, "offers": offer_list}
