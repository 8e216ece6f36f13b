"""Rules about placements: own region, the reason for placing out of region, time to school,
crisis placements and youth waiting for follow-up help (DOMAIN §3).

The reports name what goes wrong after a youth is placed: out of region without a care reason
(network, school and sports are cut off), two to three months before school starts, more and
more crisis placements, and youth kept on because no follow-up help starts. Each function below
makes one of those visible. A date after the as-of date is not known yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from passend.matching.rules.hard import region_of
from passend.matching.rules.model import OUT_OF_REGION_SAFETY
from passend.vocabulary import CARE_FORMS, _

OUT_OF_REGION_REASONS: dict[str, str] = {
    OUT_OF_REGION_SAFETY: _("Safety threat from the own network"),
    "specialistisch_niet_in_regio": _("Specialised help not available in the own region"),
    "eigen_wens": _("Wish of the youth or parents"),
    "anders": _("Other reason"),
}
"""Why a youth is placed outside their own youth-care region. A safety threat from the own
network is the reason DOMAIN §3 names as valid; the code is the one matching uses."""


@dataclass(frozen=True)
class Placement:
    """A youth placed with an offer.

    ``youth_municipality`` and ``offer_municipality`` are CBS codes; ``care_form`` is the
    offer's. ``ready_to_leave_on`` is the day the youth could move on to follow-up help;
    ``follow_up_started_on`` the day that help started.
    """

    id: str
    youth: str
    offer: str
    care_form: str
    youth_municipality: str
    offer_municipality: str
    start: date
    end: date | None = None
    crisis: bool = False
    out_of_region_reason: str | None = None
    education_started_on: date | None = None
    ready_to_leave_on: date | None = None
    follow_up_started_on: date | None = None


@dataclass(frozen=True)
class Pending:
    """A placement still waiting for something (school, follow-up help), with the days so
    far."""

    placement: Placement
    days: int


@dataclass(frozen=True)
class CrisisShare:
    """Crisis placements among the placements started in a period; ``youth`` counts distinct
    youth, for suppression."""

    crisis: int
    total: int
    youth: int
    share: float | None


def _known(day: date | None, as_of: date) -> date | None:
    return day if day is not None and day <= as_of else None


def running(placement: Placement, as_of: date) -> bool:
    """The placement runs on the date: started on or before it and not ended on or before it
    (the end date is the day the youth left)."""
    return placement.start <= as_of and _known(placement.end, as_of) is None


def in_own_region(placement: Placement) -> bool | None:
    """The offer lies in the youth-care region of the youth's municipality (registry CBS data,
    as matching judges it); None when either municipality is unknown there."""
    youth_region = region_of(placement.youth_municipality)
    offer_region = region_of(placement.offer_municipality)
    if youth_region is None or offer_region is None:
        return None
    return youth_region == offer_region


def flag_missing_reason(placement: Placement) -> bool:
    """Out of the own region without a known reason: not appropriate (DOMAIN §3). A placement
    whose region cannot be judged is not flagged here; :func:`validate_placement` names it."""
    return (
        in_own_region(placement) is False
        and placement.out_of_region_reason not in OUT_OF_REGION_REASONS
    )


def days_to_school(placement: Placement, as_of: date) -> int | None:
    """Calendar days from the start of the placement to the start of education, once education
    started on or before the date; None before that (see :func:`awaiting_school`)."""
    education = _known(placement.education_started_on, as_of)
    return None if education is None else (education - placement.start).days


def awaiting_school(placements: Iterable[Placement], as_of: date) -> list[Pending]:
    """Running placements without education yet as of the date, with the days since the start,
    longest first (then by id)."""
    found = [
        Pending(placement=p, days=(as_of - p.start).days)
        for p in placements
        if running(p, as_of) and _known(p.education_started_on, as_of) is None
    ]
    return sorted(found, key=lambda pending: (-pending.days, pending.placement.id))


def crisis_share(
    placements: Iterable[Placement],
    period: tuple[date, date],
    care_form: str | None = None,
    where: Callable[[Placement], bool] | None = None,
) -> CrisisShare:
    """The share of crisis placements among the placements that started in the period (first
    and last day included), optionally of one care form and/or those ``where`` accepts.

    The inspectorate saw this share in closed care rise from 50% to 70% (DOMAIN §3).
    """
    first, last = period
    counted = [
        p
        for p in placements
        if first <= p.start <= last
        and (care_form is None or p.care_form == care_form)
        and (where is None or where(p))
    ]
    crisis = sum(p.crisis for p in counted)
    return CrisisShare(
        crisis=crisis,
        total=len(counted),
        youth=len({p.youth for p in counted}),
        share=crisis / len(counted) if counted else None,
    )


def follow_up_queue(placements: Iterable[Placement], as_of: date) -> list[Pending]:
    """Youth ready to leave on or before the date whose follow-up help has not started by then
    and whose placement has not ended, with the days since they were ready, longest first."""
    found = [
        Pending(placement=p, days=(as_of - p.ready_to_leave_on).days)
        for p in placements
        if p.ready_to_leave_on is not None
        and p.ready_to_leave_on <= as_of
        and _known(p.follow_up_started_on, as_of) is None
        and running(p, as_of)
    ]
    return sorted(found, key=lambda pending: (-pending.days, pending.placement.id))


def validate_placement(placement: Placement) -> list[str]:
    """Everything wrong with a placement's dates, codes and region reason, in plain English
    (empty: valid).

    Education, readiness to leave and follow-up lie within the placement (from its start, not
    after its end); follow-up help needs a date the youth was ready to leave (the same day when
    they did not wait). An out-of-region reason belongs only to a placement out of the region; a
    missing one is not an error but a signal (:func:`flag_missing_reason`), so such placements
    are recorded and seen rather than refused.
    """
    errors = []
    p = placement
    if p.end is not None and p.end < p.start:
        errors.append(f"end date {p.end} is before the start date {p.start}")
    for label, day in (
        ("education start", p.education_started_on),
        ("ready-to-leave date", p.ready_to_leave_on),
    ):
        if day is not None and day < p.start:
            errors.append(f"{label} {day} is before the start date {p.start}")
        if day is not None and p.end is not None and day > p.end:
            errors.append(f"{label} {day} is after the end date {p.end}")
    if p.follow_up_started_on is not None and p.ready_to_leave_on is None:
        errors.append(
            f"follow-up start {p.follow_up_started_on} has no ready-to-leave date; when the "
            "youth did not wait, the ready-to-leave date is the follow-up start"
        )
    if (
        p.follow_up_started_on is not None
        and p.ready_to_leave_on is not None
        and p.follow_up_started_on < p.ready_to_leave_on
    ):
        errors.append(
            f"follow-up start {p.follow_up_started_on} is before the ready-to-leave date "
            f"{p.ready_to_leave_on}"
        )
    if p.care_form not in CARE_FORMS:
        errors.append(f"unknown care form {p.care_form!r}")
    own = in_own_region(p)
    for role, code in (("youth", p.youth_municipality), ("offer", p.offer_municipality)):
        if region_of(code) is None:
            errors.append(f"{role} municipality {code!r} is not a known CBS code")
    reason = p.out_of_region_reason
    if reason is not None and reason not in OUT_OF_REGION_REASONS:
        errors.append(
            f"unknown out-of-region reason {reason!r}; expected one of "
            f"{', '.join(OUT_OF_REGION_REASONS)}"
        )
    if reason is not None and own is True:
        errors.append("an out-of-region reason is given for a placement in the own region")
    return errors
