"""Rules about one offer: small-scale, staff ratio, its provider's inspection status, how fresh
its capacity figures are, and its places.

The small-scale rule itself lives once, in the matching core
(:func:`passend.matching.rules.scoring.is_small_scale`, thresholds in
:mod:`passend.matching.rules.weights`); :func:`small_scale` asks it about plain values.
:func:`matching_offer` turns what the supply register holds (places and occupied, inspection
measures) into the matching core's :class:`~passend.matching.rules.model.Offer`, so both the
"where is room?" search and ``passend match`` see an offer the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from passend.matching.rules.model import INSPECTION_STATUSES, Offer
from passend.matching.rules.scoring import is_small_scale

CLIENT_STOP = "clientenstop"
"""The inspection measure under which a provider takes no new youth (DOMAIN §3)."""

SEVERITY: dict[str, int] = {kind: rank for rank, kind in enumerate(INSPECTION_STATUSES)}
"""Inspection measures from light to heavy: aanwijzing (formal instruction) < verscherpt_toezicht
(intensified supervision) < clientenstop (client stop), in the order matching defines them."""


def small_scale(
    care_form: str,
    group_size: int | None,
    age_min: int,
    age_max: int,
    staff_ratio: float | None,
) -> bool:
    """Small-scale (*kleinschalig*, DOMAIN §3): a residential offer with a group of at most 6
    youth, an age range within 8–23 and at least one staff member per four youth
    (``staff_ratio`` as staff per youth: 1:4 is 0.25). Unknown group size or ratio: not
    small-scale.

    Asks the one rule in the matching core about an offer that has only these values.
    """
    return is_small_scale(
        Offer(
            id="",
            provider="",
            municipality="",
            care_form=care_form,
            needs=frozenset(),
            age_min=age_min,
            age_max=age_max,
            free_places=0,
            wait_days=0,
            group_size=group_size,
            staff_ratio=staff_ratio,
        )
    )


STAFF_RATIO = re.compile(r"^\s*([0-9]+)\s*:\s*([0-9]+)\s*$")


def parse_staff_ratio(text: str) -> float:
    """A staff ratio written as ``staff:youth`` ("1:4") as staff per youth (0.25).

    Both parts are whole numbers above zero; raises :class:`ValueError` with the reason.
    """
    match = STAFF_RATIO.match(text or "")
    if match is None:
        raise ValueError(
            f"staff ratio {text!r} is not of the form staff:youth with whole numbers, e.g. 1:4"
        )
    staff, youth = int(match[1]), int(match[2])
    if staff == 0 or youth == 0:
        raise ValueError(f"staff ratio {text!r} needs at least one staff member and one youth")
    return staff / youth


@dataclass(frozen=True)
class InspectionMeasure:
    """A measure of the inspectorate on a provider, in force from ``start`` up to but not
    including ``end`` (the day it was lifted); no ``end``: still in force."""

    kind: str
    start: date
    end: date | None = None

    def in_force_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def validate_measure(measure: InspectionMeasure) -> list[str]:
    """What is wrong with a measure (empty: valid): an unknown kind, or an end not after the
    start."""
    errors = []
    if measure.kind not in SEVERITY:
        errors.append(
            f"unknown inspection measure {measure.kind!r}; expected one of "
            f"{', '.join(INSPECTION_STATUSES)}"
        )
    if measure.end is not None and measure.end <= measure.start:
        errors.append(f"end date {measure.end} is not after the start date {measure.start}")
    return errors


def status_on(measures: Iterable[InspectionMeasure], day: date) -> str | None:
    """The heaviest inspection measure in force on the day (clientenstop > verscherpt_toezicht
    > aanwijzing), or None when none is."""
    in_force = [m.kind for m in measures if m.in_force_on(day)]
    return max(in_force, key=SEVERITY.__getitem__, default=None)


def accepts_new_youth(measures: Iterable[InspectionMeasure], day: date) -> bool:
    """A provider takes new youth unless a client stop is in force that day (DOMAIN §3)."""
    return not any(m.kind == CLIENT_STOP and m.in_force_on(day) for m in measures)


def is_stale(updated_at: datetime | None, now: datetime, max_age: timedelta) -> bool:
    """Capacity figures are stale when last updated strictly longer than ``max_age`` ago, or
    never: a referrer should not trust a free place nobody confirmed recently."""
    return updated_at is None or now - updated_at > max_age


def validate_capacity(places: int, occupied: int) -> list[str]:
    """What is wrong with an offer's places (empty: valid): negative numbers, or more places
    occupied than there are."""
    errors = []
    if places < 0:
        errors.append(f"places cannot be negative (got {places})")
    if occupied < 0:
        errors.append(f"occupied places cannot be negative (got {occupied})")
    if occupied > places >= 0:
        errors.append(f"{occupied} places occupied of only {places}")
    return errors


def free_places(places: int, occupied: int) -> int:
    """Places not occupied (assumes valid capacity, :func:`validate_capacity`)."""
    return places - occupied


def matching_offer(
    *,
    id: str,
    provider: str,
    municipality: str,
    care_form: str,
    needs: Iterable[str],
    age_min: int,
    age_max: int,
    places: int,
    occupied: int,
    wait_days: int,
    measures: Iterable[InspectionMeasure],
    day: date,
    group_size: int | None = None,
    staff_ratio: float | None = None,
    cooperates_with: Iterable[str] = (),
    education: bool = False,
) -> Offer:
    """The offer as the matching core sees it on the day: free places from places and occupied
    (never below zero), the heaviest inspection measure in force, and a client stop when one
    is."""
    measures = tuple(measures)
    return Offer(
        id=id,
        provider=provider,
        municipality=municipality,
        care_form=care_form,
        needs=frozenset(needs),
        age_min=age_min,
        age_max=age_max,
        free_places=max(0, free_places(places, occupied)),
        wait_days=wait_days,
        group_size=group_size,
        staff_ratio=staff_ratio,
        client_stop=not accepts_new_youth(measures, day),
        cooperates_with=frozenset(cooperates_with),
        inspection_status=status_on(measures, day),
        education=education,
    )
