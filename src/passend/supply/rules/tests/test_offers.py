"""Rules about one offer: small-scale, staff ratio, inspection status, staleness, capacity."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passend.matching.rules.model import Offer
from passend.matching.rules.scoring import is_small_scale
from passend.supply.rules.offers import (
    InspectionMeasure,
    accepts_new_youth,
    free_places,
    is_stale,
    matching_offer,
    parse_staff_ratio,
    small_scale,
    status_on,
    validate_capacity,
    validate_measure,
)

SMALL_SCALE_CASES = [
    # (care_form, group_size, age_min, age_max, staff_ratio, expected, why)
    ("residentieel", 4, 12, 18, 0.25, True, "the preferred group of 4 at 1:4"),
    ("residentieel", 6, 8, 23, 0.25, True, "every limit exactly met"),
    ("residentieel", 7, 12, 18, 0.5, False, "a group of 7 is not small-scale"),
    ("residentieel", 6, 7, 18, 0.5, False, "ages below 8"),
    ("residentieel", 6, 12, 24, 0.5, False, "ages above 23"),
    ("residentieel", 6, 12, 18, 0.2, False, "1:5 is too few staff"),
    ("residentieel", None, 12, 18, 0.5, False, "group size unknown"),
    ("residentieel", 4, 12, 18, None, False, "staff ratio unknown"),
    ("gezinshuis", 4, 8, 18, 0.25, True, "a family home is residential"),
    ("gesloten", 6, 12, 18, 1 / 3, True, "closed care can be small-scale"),
    ("ambulant", 4, 12, 18, 0.5, False, "ambulant help has no stay, so never small-scale"),
]


@pytest.mark.parametrize(
    ("care_form", "group", "age_min", "age_max", "ratio", "expected", "why"), SMALL_SCALE_CASES
)
def test_small_scale(care_form, group, age_min, age_max, ratio, expected, why):
    assert small_scale(care_form, group, age_min, age_max, ratio) is expected, why


@given(
    st.sampled_from(["residentieel", "gezinshuis", "ambulant", "crisis"]),
    st.none() | st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=25),
    st.integers(min_value=0, max_value=25),
    st.none() | st.floats(min_value=0.05, max_value=2),
)
def test_small_scale_is_the_matching_rule(care_form, group, age_min, age_max, ratio):
    """One rule: the plain-value form says what matching says about the same offer."""
    offer = Offer(
        id="A1",
        provider="P",
        municipality="0014",
        care_form=care_form,
        needs=frozenset({"gedrag"}),
        age_min=age_min,
        age_max=age_max,
        free_places=2,
        wait_days=30,
        group_size=group,
        staff_ratio=ratio,
    )
    assert small_scale(care_form, group, age_min, age_max, ratio) is is_small_scale(offer)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1:4", 0.25), ("1 : 4", 0.25), (" 2:8 ", 0.25), ("1:3", 1 / 3), ("2:1", 2.0), ("1:1", 1.0)],
)
def test_parse_staff_ratio(text, expected):
    assert parse_staff_ratio(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "not of the form staff:youth"),
        ("1/4", "not of the form staff:youth"),
        ("0.25", "not of the form staff:youth"),
        ("1:4:2", "not of the form staff:youth"),
        ("1,5:4", "not of the form staff:youth"),
        ("-1:4", "not of the form staff:youth"),
        ("een:vier", "not of the form staff:youth"),
        ("1:0", "at least one staff member and one youth"),
        ("0:4", "at least one staff member and one youth"),
    ],
)
def test_parse_staff_ratio_refuses_bad_text(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_staff_ratio(text)


# --- inspection ------------------------------------------------------------------------------

JAN = date(2026, 1, 1)
INSTRUCTION = InspectionMeasure("aanwijzing", date(2026, 1, 1))
SUPERVISION = InspectionMeasure("verscherpt_toezicht", date(2026, 2, 1), date(2026, 4, 1))
CLIENT_STOP = InspectionMeasure("clientenstop", date(2026, 3, 1), date(2026, 3, 15))
MEASURES = [INSTRUCTION, SUPERVISION, CLIENT_STOP]


@pytest.mark.parametrize(
    ("day", "status", "accepts", "why"),
    [
        (date(2025, 12, 31), None, True, "before any measure"),
        (date(2026, 1, 1), "aanwijzing", True, "a measure is in force from its start"),
        (date(2026, 2, 1), "verscherpt_toezicht", True, "supervision outweighs an instruction"),
        (date(2026, 3, 1), "clientenstop", False, "a client stop outweighs everything"),
        (date(2026, 3, 14), "clientenstop", False, "the last day of the client stop"),
        (date(2026, 3, 15), "verscherpt_toezicht", True, "lifted on its end date"),
        (date(2026, 4, 1), "aanwijzing", True, "the open-ended instruction remains"),
    ],
)
def test_status_on_gives_the_heaviest_measure_in_force(day, status, accepts, why):
    assert status_on(MEASURES, day) == status, why
    assert accepts_new_youth(MEASURES, day) is accepts, why


def test_no_measures_no_status():
    assert status_on([], JAN) is None
    assert accepts_new_youth([], JAN) is True


@pytest.mark.parametrize(
    ("measure", "fragment"),
    [
        (InspectionMeasure("waarschuwing", JAN), "unknown inspection measure 'waarschuwing'"),
        (InspectionMeasure("aanwijzing", JAN, JAN), "is not after the start date"),
        (InspectionMeasure("aanwijzing", JAN, date(2025, 12, 1)), "is not after the start"),
    ],
)
def test_validate_measure(measure, fragment):
    [error] = validate_measure(measure)
    assert fragment in error


def test_a_valid_measure():
    assert validate_measure(SUPERVISION) == []


# --- staleness and capacity ------------------------------------------------------------------

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


@pytest.mark.parametrize(
    ("updated_at", "stale", "why"),
    [
        (None, True, "never updated"),
        (NOW, False, "just now"),
        (NOW - WEEK, False, "exactly the maximum age is still fresh"),
        (NOW - WEEK - timedelta(seconds=1), True, "strictly older is stale"),
        (NOW + timedelta(minutes=5), False, "a clock a little ahead is not stale"),
    ],
)
def test_is_stale(updated_at, stale, why):
    assert is_stale(updated_at, NOW, WEEK) is stale, why


@pytest.mark.parametrize(
    ("places", "occupied", "fragments"),
    [
        (10, 0, []),
        (10, 10, []),
        (0, 0, []),
        (10, 11, ["11 places occupied of only 10"]),
        (-1, 0, ["places cannot be negative"]),
        (3, -1, ["occupied places cannot be negative"]),
        (-2, -3, ["places cannot be negative", "occupied places cannot be negative"]),
    ],
)
def test_validate_capacity(places, occupied, fragments):
    errors = validate_capacity(places, occupied)
    assert len(errors) == len(fragments), errors
    for fragment, error in zip(fragments, errors, strict=True):
        assert fragment in error


def test_free_places_are_places_not_occupied():
    assert free_places(10, 7) == 3


# --- the offer for the matching core ---------------------------------------------------------


def offer_on(day: date, **fields):
    defaults = {
        "id": "A1",
        "provider": "Aanbieder Noord",
        "municipality": "0014",
        "care_form": "residentieel",
        "needs": ["gedrag", "trauma"],
        "age_min": 12,
        "age_max": 18,
        "places": 6,
        "occupied": 4,
        "wait_days": 30,
        "measures": MEASURES,
        "day": day,
        "group_size": 6,
        "staff_ratio": 0.25,
        "cooperates_with": ["B1"],
    }
    return matching_offer(**{**defaults, **fields})


def test_matching_offer_carries_free_places_and_the_inspection_status_of_the_day():
    offer = offer_on(date(2026, 3, 2))
    assert offer.free_places == 2
    assert offer.needs == frozenset({"gedrag", "trauma"})
    assert offer.cooperates_with == frozenset({"B1"})
    assert offer.client_stop is True
    assert offer.inspection_status == "clientenstop"
    later = offer_on(date(2026, 3, 20))
    assert (later.client_stop, later.inspection_status) == (False, "verscherpt_toezicht")


def test_matching_offer_never_has_negative_free_places():
    assert offer_on(JAN, places=2, occupied=3).free_places == 0
