"""What works instead: the code lists and the cross-location view of alternatives tried."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..alternatives import (
    ALTERNATIVES,
    MINIMUM_OUTCOMES_FOR_SHARE,
    SITUATIONS,
    AlternativeOutcome,
    AlternativeTried,
    what_worked,
)

CODE = re.compile(r"[a-z][a-z_]*[a-z]")


def tried(
    situation: str = "agressie",
    alternative: str = "de_escalerend_gesprek",
    worked: bool | None = True,
    location: str = "LOC-1",
    registration_id: str | None = None,
) -> AlternativeTried:
    return AlternativeTried(registration_id, location, situation, alternative, worked)


@pytest.mark.parametrize(
    "vocabulary", [SITUATIONS, ALTERNATIVES], ids=["situations", "alternatives"]
)
def test_codes_are_stable_lower_case_ascii_with_distinct_labels(vocabulary: dict) -> None:
    assert all(CODE.fullmatch(code) for code in vocabulary)
    assert len(set(vocabulary.values())) == len(vocabulary)
    assert "overig" in vocabulary


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"situation": "ruzie"}, "unknown situation"),
        ({"alternative": "de-escalerend_gesprek"}, "unknown alternative"),
        ({"location": " "}, "location"),
    ],
)
def test_a_record_refuses_unknown_codes_and_a_blank_location(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tried(**changes)


def test_nothing_tried_nothing_shown() -> None:
    assert what_worked([]) == ()


def test_counts_per_situation_and_alternative_across_locations() -> None:
    records = [
        tried(worked=True, location="LOC-1", registration_id=None),
        tried(worked=False, location="LOC-2", registration_id="VBM-1"),
        tried(worked=None, location="LOC-2"),
        tried("weglopen", "activiteit_buiten", True, "LOC-3"),
    ]
    assert what_worked(records) == (
        AlternativeOutcome("agressie", "de_escalerend_gesprek", 3, 1, 1, 1, 2),
        AlternativeOutcome("weglopen", "activiteit_buiten", 1, 1, 0, 0, 1),
    )


def test_the_share_needs_ten_known_outcomes_and_leaves_unknown_ones_out() -> None:
    nine = [tried(worked=True)] * 9 + [tried(worked=None)] * 5
    (outcome,) = what_worked(nine)
    assert (outcome.tried, outcome.known, outcome.share_worked) == (14, 9, None)
    ten = [tried(worked=True)] * 7 + [tried(worked=False)] * 3 + [tried(worked=None)] * 5
    (outcome,) = what_worked(ten)
    assert outcome.known == MINIMUM_OUTCOMES_FOR_SHARE
    assert outcome.share_worked == 0.7


def test_order_situations_as_listed_then_best_share_then_most_tried() -> None:
    records = (
        [tried("weglopen", "activiteit_buiten", True)]
        + [tried("agressie", "extra_begeleiding", False)] * 10  # share 0.0
        + [tried("agressie", "time_out_vrijwillig", True)] * 10  # share 1.0
        + [tried("agressie", "overig", True)] * 3  # no share, tried 3
        + [tried("agressie", "contact_netwerk", True)] * 3  # no share, tried 3
        + [tried("agressie", "de_escalerend_gesprek", None)] * 5  # no share, tried 5
    )
    order = [(outcome.situation, outcome.alternative) for outcome in what_worked(records)]
    assert order == [
        ("agressie", "time_out_vrijwillig"),
        ("agressie", "extra_begeleiding"),
        ("agressie", "de_escalerend_gesprek"),
        ("agressie", "contact_netwerk"),
        ("agressie", "overig"),
        ("weglopen", "activiteit_buiten"),
    ]


records = st.builds(
    AlternativeTried,
    st.none() | st.text(max_size=3),
    st.sampled_from(["LOC-1", "LOC-2", "LOC-3"]),
    st.sampled_from(list(SITUATIONS)),
    st.sampled_from(list(ALTERNATIVES)),
    st.none() | st.booleans(),
)


@given(st.lists(records, max_size=40))
def test_every_record_is_counted_once_whatever_the_order(given_records: list) -> None:
    outcomes = what_worked(given_records)
    assert sum(outcome.tried for outcome in outcomes) == len(given_records)
    for outcome in outcomes:
        assert outcome.tried == outcome.worked + outcome.did_not_work + outcome.unknown
        assert 1 <= outcome.locations <= 3
        share = outcome.share_worked
        assert share is None or 0.0 <= share <= 1.0
    assert what_worked(reversed(given_records)) == outcomes
