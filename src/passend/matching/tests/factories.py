"""Plain-data builders for the matching tests, with sensible defaults.

Municipalities (CBS codes from the registry data): Groningen (0014) and Veendam (0047) lie in
youth-care region Groningen; Almere (0034) in Flevoland.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from passend.matching.rules.model import Offer, Problem, Youth

GRONINGEN = "0014"
VEENDAM = "0047"
ALMERE = "0034"
AS_OF = date(2026, 1, 5)


def youth(id: str = "J1", **fields) -> Youth:
    """A normal-urgency youth of 14 in Groningen needing open residential care for behaviour."""
    defaults = Youth(
        id=id,
        age=14,
        municipality=GRONINGEN,
        needs=frozenset({"gedrag"}),
        care_form="residentieel",
        urgency="normal",
        waiting_since=date(2025, 11, 1),
        max_wait_days=60,
    )
    fields = {k: frozenset(v) if k in ("needs", "current_offers") else v for k, v in fields.items()}
    return replace(defaults, **fields)


def offer(id: str = "A1", **fields) -> Offer:
    """An open residential offer in Groningen for behaviour, ages 12–18, one free place."""
    defaults = Offer(
        id=id,
        provider="Aanbieder Noord",
        municipality=GRONINGEN,
        care_form="residentieel",
        needs=frozenset({"gedrag"}),
        age_min=12,
        age_max=18,
        free_places=1,
        wait_days=90,
        group_size=8,
        staff_ratio=0.2,
    )
    fields = {
        k: frozenset(v) if k in ("needs", "cooperates_with") else v for k, v in fields.items()
    }
    return replace(defaults, **fields)


def ambulant(id: str, needs: set[str], **fields) -> Offer:
    """An ambulant offer in Groningen with a short waiting list and no group."""
    defaults = {
        "care_form": "ambulant",
        "age_min": 0,
        "age_max": 23,
        "free_places": 0,
        "wait_days": 14,
        "group_size": None,
        "staff_ratio": None,
    }
    return offer(id, needs=needs, **{**defaults, **fields})


def problem(youth_list: list[Youth], offers: list[Offer], as_of: date = AS_OF) -> Problem:
    return Problem(as_of=as_of, youth=tuple(youth_list), offers=tuple(offers))
