"""Placements: own region, out-of-region reasons, school, crisis share, follow-up.

Municipalities (CBS codes from the registry data): Groningen (0014) and Veendam (0047) lie in
youth-care region Groningen; Almere (0034) in Flevoland.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from passend.matching.rules.model import OUT_OF_REGION_SAFETY
from passend.supply.rules.placements import (
    OUT_OF_REGION_REASONS,
    Placement,
    awaiting_school,
    crisis_share,
    days_to_school,
    flag_missing_reason,
    follow_up_queue,
    in_own_region,
    running,
    validate_placement,
)

GRONINGEN = "0014"
VEENDAM = "0047"
ALMERE = "0034"
START = date(2026, 1, 10)


def d(text: str) -> date:
    return date.fromisoformat(text)


def placement(id: str = "P1", **fields) -> Placement:
    """A youth from Groningen placed in Veendam (same region) in open residential care."""
    defaults = Placement(
        id=id,
        youth=f"Y-{id}",
        offer="A1",
        care_form="residentieel",
        youth_municipality=GRONINGEN,
        offer_municipality=VEENDAM,
        start=START,
    )
    return replace(defaults, **fields)


def test_out_of_region_reasons_are_stable_codes_and_safety_is_matchings_code():
    assert all(re.fullmatch(r"[a-z_]+", code) for code in OUT_OF_REGION_REASONS)
    assert OUT_OF_REGION_SAFETY in OUT_OF_REGION_REASONS
    assert set(OUT_OF_REGION_REASONS) == {
        "veiligheid",
        "specialistisch_niet_in_regio",
        "eigen_wens",
        "anders",
    }


@pytest.mark.parametrize(
    ("youth_municipality", "offer_municipality", "expected"),
    [
        (GRONINGEN, VEENDAM, True),
        (GRONINGEN, GRONINGEN, True),
        (GRONINGEN, ALMERE, False),
        ("9999", VEENDAM, None),
        (GRONINGEN, "9999", None),
    ],
)
def test_in_own_region_uses_the_youth_care_region(youth_municipality, offer_municipality, expected):
    p = placement(youth_municipality=youth_municipality, offer_municipality=offer_municipality)
    assert in_own_region(p) is expected


@pytest.mark.parametrize(
    ("fields", "flagged", "why"),
    [
        ({}, False, "in the own region no reason is needed"),
        ({"offer_municipality": ALMERE}, True, "out of region without a reason"),
        ({"offer_municipality": ALMERE, "out_of_region_reason": "veiligheid"}, False, "safety"),
        ({"offer_municipality": ALMERE, "out_of_region_reason": "anders"}, False, "other"),
        ({"offer_municipality": ALMERE, "out_of_region_reason": "geen"}, True, "unknown code"),
        ({"offer_municipality": "9999"}, False, "region unknown: validation names it instead"),
    ],
)
def test_flag_missing_reason(fields, flagged, why):
    assert flag_missing_reason(placement(**fields)) is flagged, why


# --- school ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "as_of", "expected", "why"),
    [
        ({"education_started_on": d("2026-03-10")}, d("2026-06-01"), 59, "Jan 10 → Mar 10"),
        ({"education_started_on": START}, d("2026-06-01"), 0, "kept going to their own school"),
        ({"education_started_on": d("2026-03-10")}, d("2026-03-09"), None, "not known yet"),
        ({"education_started_on": d("2026-03-10")}, d("2026-03-10"), 59, "known on the day"),
        ({}, d("2026-06-01"), None, "no school yet"),
        (
            {"start": d("2024-02-01"), "education_started_on": d("2024-03-01")},
            d("2024-06-01"),
            29,
            "February of a leap year has 29 days",
        ),
    ],
)
def test_days_to_school(fields, as_of, expected, why):
    assert days_to_school(placement(**fields), as_of) == expected, why


def test_awaiting_school_lists_running_placements_without_school_longest_first():
    as_of = d("2026-03-01")
    placements = [
        placement("A"),  # 50 days
        placement("B", start=d("2026-02-01")),  # 28 days
        placement("C", education_started_on=d("2026-02-01")),  # at school
        placement("D", education_started_on=d("2026-03-02")),  # school after the as-of date
        placement("E", end=d("2026-02-15")),  # ended
        placement("F", start=d("2026-03-02")),  # not started yet
        placement("G", end=as_of),  # ends on the as-of date
    ]
    assert [(p.placement.id, p.days) for p in awaiting_school(placements, as_of)] == [
        ("A", 50),
        ("D", 50),
        ("B", 28),
    ]


# --- crisis share ----------------------------------------------------------------------------

Q1 = (d("2026-01-01"), d("2026-03-31"))


def test_crisis_share_counts_placements_started_in_the_period_both_ends_included():
    placements = [
        placement("A", start=d("2026-01-01"), crisis=True, care_form="gesloten"),
        placement("B", start=d("2026-03-31"), crisis=True, care_form="gesloten"),
        placement("C", start=d("2026-02-10"), crisis=False, care_form="gesloten"),
        placement("D", start=d("2026-02-10"), crisis=True, care_form="residentieel"),
        placement("E", start=d("2025-12-31"), crisis=True, care_form="gesloten"),
        placement("F", start=d("2026-04-01"), crisis=True, care_form="gesloten"),
    ]
    everything = crisis_share(placements, Q1)
    assert (everything.crisis, everything.total, everything.share) == (3, 4, 0.75)
    closed = crisis_share(placements, Q1, care_form="gesloten")
    assert (closed.crisis, closed.total) == (2, 3)
    assert closed.share == pytest.approx(2 / 3)
    in_veendam = crisis_share(placements, Q1, where=lambda p: p.id in {"A", "C"})
    assert (in_veendam.crisis, in_veendam.total, in_veendam.share) == (1, 2, 0.5)


def test_crisis_share_counts_distinct_youth_and_has_no_share_without_placements():
    twice = [placement("A", crisis=True), placement("B", youth="Y-A")]
    assert crisis_share(twice, Q1).youth == 1
    empty = crisis_share([], Q1)
    assert (empty.crisis, empty.total, empty.youth, empty.share) == (0, 0, 0, None)


# --- follow-up -------------------------------------------------------------------------------


def test_follow_up_queue():
    as_of = d("2026-05-01")
    ready = d("2026-04-01")
    placements = [
        placement("A", ready_to_leave_on=ready),  # 30 days
        placement("B", ready_to_leave_on=as_of),  # ready today: 0 days
        placement("C", ready_to_leave_on=ready, follow_up_started_on=d("2026-04-20")),
        placement("D", ready_to_leave_on=ready, follow_up_started_on=d("2026-05-02")),  # later
        placement("E", ready_to_leave_on=ready, end=d("2026-04-15")),  # left
        placement("F", ready_to_leave_on=d("2026-05-02")),  # not ready yet
        placement("G"),  # not ready
        placement("H", ready_to_leave_on=ready, end=d("2026-06-01")),  # ends later: still there
    ]
    assert [(p.placement.id, p.days) for p in follow_up_queue(placements, as_of)] == [
        ("A", 30),
        ("D", 30),
        ("H", 30),
        ("B", 0),
    ]


# --- validation ------------------------------------------------------------------------------

VALIDATION_CASES = [
    # (fields, expected error fragments, why)
    ({}, [], "a plain placement in the own region"),
    ({"offer_municipality": ALMERE}, [], "a missing reason is flagged, not refused"),
    ({"offer_municipality": ALMERE, "out_of_region_reason": "veiligheid"}, [], ""),
    ({"end": d("2026-01-09")}, ["end date 2026-01-09 is before the start date"], ""),
    ({"end": START}, [], "a placement of one day"),
    ({"education_started_on": d("2026-01-09")}, ["education start 2026-01-09 is before"], ""),
    (
        {"education_started_on": d("2026-02-01"), "end": d("2026-01-20")},
        ["education start 2026-02-01 is after the end date"],
        "",
    ),
    ({"ready_to_leave_on": d("2026-01-01")}, ["ready-to-leave date 2026-01-01 is before"], ""),
    ({"follow_up_started_on": d("2026-02-01")}, ["has no ready-to-leave date"], ""),
    (
        {"ready_to_leave_on": d("2026-02-01"), "follow_up_started_on": d("2026-01-20")},
        ["follow-up start 2026-01-20 is before the ready-to-leave date"],
        "",
    ),
    (
        {"ready_to_leave_on": d("2026-02-01"), "follow_up_started_on": d("2026-02-01")},
        [],
        "follow-up the day the youth is ready",
    ),
    ({"care_form": "kamertraining"}, ["unknown care form 'kamertraining'"], ""),
    ({"youth_municipality": "9999"}, ["youth municipality '9999' is not a known CBS code"], ""),
    (
        {"offer_municipality": ALMERE, "out_of_region_reason": "ver_weg"},
        ["unknown out-of-region reason 'ver_weg'"],
        "",
    ),
    (
        {"out_of_region_reason": "eigen_wens"},
        ["out-of-region reason is given for a placement in the own region"],
        "",
    ),
]


@pytest.mark.parametrize(("fields", "expected", "why"), VALIDATION_CASES)
def test_validate_placement(fields, expected, why):
    errors = validate_placement(placement(**fields))
    assert len(errors) == len(expected), (why, errors)
    for fragment, error in zip(expected, errors, strict=True):
        assert fragment in error, (why, error)


@pytest.mark.parametrize(
    ("fields", "as_of", "expected"),
    [
        ({}, START, True),
        ({}, d("2026-01-09"), False),
        ({"end": d("2026-02-01")}, d("2026-01-31"), True),
        ({"end": d("2026-02-01")}, d("2026-02-01"), False),
    ],
)
def test_running(fields, as_of, expected):
    assert running(placement(**fields), as_of) is expected
