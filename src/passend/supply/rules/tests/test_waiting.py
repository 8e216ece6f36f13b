"""Waiting-time figures, hand-computed (DOMAIN §3 "Waiting-time figures (normative)")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from passend.supply.rules.waiting import (
    INTAKE,
    NO_WAITS,
    START,
    Stage,
    Wait,
    WaitFigures,
    WaitingEntry,
    WaitNorms,
    WaitStatus,
    figures,
    figures_by,
    validate_entry,
    wait_of,
    waiting_list,
)

DAY0 = date(2026, 1, 1)
AS_OF = date(2026, 6, 30)
NORMS = WaitNorms()


def d(text: str) -> date:
    return date.fromisoformat(text)


def entry(id: str = "W1", **fields) -> WaitingEntry:
    """A residential entry for youth Y-<id> on offer A1, registered on 1 Jan 2026."""
    defaults = WaitingEntry(
        id=id,
        youth=f"Y-{id}",
        offer="A1",
        care_form="residentieel",
        registered_on=DAY0,
    )
    fields = {k: frozenset(v) if k == "needs" else v for k, v in fields.items()}
    return replace(defaults, **fields)


def after(days: int, start: date = DAY0) -> date:
    return start + timedelta(days=days)


# --- validation ------------------------------------------------------------------------------

VALIDATION_CASES = [
    # (fields, expected error fragments, why)
    ({}, [], "a fresh registration is valid"),
    ({"intake_on": DAY0, "started_on": DAY0}, [], "a direct start: intake equals start"),
    ({"intake_on": d("2025-12-31")}, ["intake date 2025-12-31 is before the registration"], ""),
    ({"intake_on": d("2026-02-01"), "started_on": d("2026-01-31")}, ["is before the intake"], ""),
    ({"started_on": d("2026-02-01")}, ["has no intake date"], "a start always has an intake"),
    (
        {"removed_on": d("2025-12-31"), "removal_reason": "verhuisd"},
        ["removal date 2025-12-31 is before the registration date"],
        "",
    ),
    (
        {
            "intake_on": d("2026-01-10"),
            "started_on": d("2026-02-01"),
            "removed_on": d("2026-02-01"),
            "removal_reason": "geplaatst",
        },
        ["a started entry is not removed"],
        "a start on the removal day is a start, not a removal",
    ),
    (
        {
            "intake_on": d("2026-01-10"),
            "started_on": d("2026-03-01"),
            "removed_on": d("2026-02-01"),
            "removal_reason": "verhuisd",
        },
        ["is after the removal date"],
        "a removed entry does not start later",
    ),
    (
        {"intake_on": d("2026-03-01"), "removed_on": d("2026-02-01"), "removal_reason": "x"},
        ["intake date 2026-03-01 is after the removal date"],
        "",
    ),
    (
        {"intake_on": d("2026-02-01"), "removed_on": d("2026-02-01"), "removal_reason": "x"},
        [],
        "intake and removal on one day: the intake took place, then the youth left the list",
    ),
    ({"removed_on": d("2026-02-01")}, ["needs a removal reason"], ""),
    ({"removed_on": d("2026-02-01"), "removal_reason": "  "}, ["needs a removal reason"], ""),
    ({"removal_reason": "verhuisd"}, ["a removal reason needs a removal date"], ""),
    ({"care_form": "crisisplaats"}, ["unknown care form 'crisisplaats'"], ""),
    ({"needs": {"gedrag", "boos"}}, ["unknown need 'boos'"], ""),
]


@pytest.mark.parametrize(("fields", "expected", "why"), VALIDATION_CASES)
def test_validate_entry(fields, expected, why):
    errors = validate_entry(entry(**fields))
    assert len(errors) == len(expected), (why, errors)
    for fragment, error in zip(expected, errors, strict=True):
        assert fragment in error, (why, error)


# --- one wait --------------------------------------------------------------------------------

WAIT_CASES = [
    # (fields, stage, as_of, expected wait or None, why)
    ({"intake_on": after(28)}, INTAKE, AS_OF, Wait(28, WaitStatus.COMPLETED), "completed"),
    ({}, INTAKE, after(40), Wait(40, WaitStatus.ONGOING), "ongoing: days so far"),
    ({}, INTAKE, DAY0, Wait(0, WaitStatus.ONGOING), "registered today: waited 0 days"),
    ({}, INTAKE, after(-1), None, "registered after the as-of date: no wait yet"),
    (
        {"intake_on": after(28)},
        INTAKE,
        after(20),
        Wait(20, WaitStatus.ONGOING),
        "as of a date before the intake, the intake is not known yet",
    ),
    (
        {"intake_on": after(28)},
        INTAKE,
        after(28),
        Wait(28, WaitStatus.COMPLETED),
        "the intake on the as-of date ends the wait",
    ),
    ({"intake_on": after(28)}, START, after(27), None, "no start wait before the intake"),
    ({"intake_on": after(28)}, START, after(28), Wait(0, WaitStatus.ONGOING), "intake today"),
    ({"intake_on": after(28)}, START, after(100), Wait(72, WaitStatus.ONGOING), ""),
    (
        {"intake_on": after(28), "started_on": after(98)},
        START,
        AS_OF,
        Wait(70, WaitStatus.COMPLETED),
        "",
    ),
    (
        {"intake_on": after(28), "started_on": after(98)},
        START,
        after(50),
        Wait(22, WaitStatus.ONGOING),
        "a start after the as-of date is not known yet",
    ),
    (
        {"intake_on": after(5), "started_on": after(5)},
        START,
        AS_OF,
        Wait(0, WaitStatus.COMPLETED),
        "a direct start waits 0 days for the start",
    ),
    (
        {"removed_on": after(30), "removal_reason": "verhuisd"},
        INTAKE,
        AS_OF,
        None,
        "removed: not a completed wait and not on the list",
    ),
    (
        {"removed_on": after(30), "removal_reason": "verhuisd"},
        INTAKE,
        after(30),
        None,
        "removed on the as-of date: it stopped counting that day",
    ),
    (
        {"removed_on": after(30), "removal_reason": "verhuisd"},
        INTAKE,
        after(29),
        Wait(29, WaitStatus.ONGOING),
        "a removal after the as-of date is not known yet",
    ),
    (
        {"intake_on": after(10), "removed_on": after(30), "removal_reason": "elders geholpen"},
        INTAKE,
        AS_OF,
        Wait(10, WaitStatus.COMPLETED),
        "the intake took place before the removal: a completed intake wait",
    ),
    (
        {"intake_on": after(10), "removed_on": after(30), "removal_reason": "elders geholpen"},
        START,
        AS_OF,
        None,
        "but the start wait stopped counting on the removal date",
    ),
    (
        {"intake_on": after(10), "removed_on": after(10), "removal_reason": "elders geholpen"},
        INTAKE,
        AS_OF,
        Wait(10, WaitStatus.COMPLETED),
        "intake and removal on one day: the intake counts",
    ),
    (
        {"intake_on": after(10), "removed_on": after(30), "removal_reason": "elders geholpen"},
        START,
        after(20),
        Wait(10, WaitStatus.ONGOING),
        "before the removal the start wait was ongoing",
    ),
]


@pytest.mark.parametrize(("fields", "stage", "as_of", "expected", "why"), WAIT_CASES)
def test_wait_of(fields, stage, as_of, expected, why):
    assert wait_of(entry(**fields), stage, as_of) == expected, why


@pytest.mark.parametrize(
    ("registered", "intake", "days", "why"),
    [
        ("2024-02-28", "2024-03-01", 2, "leap year: 29 February counts"),
        ("2025-02-28", "2025-03-01", 1, "no leap day in 2025"),
        ("2026-01-31", "2026-02-28", 28, "from a month end: exactly the norm"),
        ("2026-01-31", "2026-03-01", 29, "one more day: over the norm"),
        ("2025-12-31", "2026-01-01", 1, "over the year end"),
        ("2024-01-01", "2025-01-01", 366, "a leap year is 366 days"),
    ],
)
def test_calendar_days_over_month_ends_and_leap_years(registered, intake, days, why):
    wait = wait_of(entry(registered_on=d(registered), intake_on=d(intake)), INTAKE, AS_OF)
    assert wait == Wait(days, WaitStatus.COMPLETED), why


# --- norms -----------------------------------------------------------------------------------


def test_default_norms_are_28_and_70_days():
    assert NORMS.norm_for("residentieel", INTAKE) == 28
    assert NORMS.norm_for("residentieel", START) == 70


def test_norms_per_care_form_override_the_defaults():
    norms = WaitNorms(per_care_form={"crisis": (1, 7)})
    assert norms.norm_for("crisis", Stage.INTAKE) == 1
    assert norms.norm_for("crisis", Stage.START) == 7
    assert norms.norm_for("ambulant", Stage.INTAKE) == 28


def test_a_negative_norm_is_refused():
    with pytest.raises(ValueError, match="negative"):
        WaitNorms(per_care_form={"crisis": (-1, 7)})


@pytest.mark.parametrize(
    ("fields", "as_of", "over", "why"),
    [
        ({"intake_on": after(28)}, AS_OF, 0, "exactly 28 days is within the norm"),
        ({"intake_on": after(29)}, AS_OF, 1, "29 days is strictly more"),
        ({}, after(28), 0, "still waiting on day 28: not over yet"),
        ({}, after(29), 1, "still waiting on day 29: over the norm already"),
        ({}, after(40), 1, "DOMAIN: someone still waiting on day 40 is over the 28-day norm"),
    ],
)
def test_over_the_norm_means_strictly_more_days(fields, as_of, over, why):
    assert figures([entry(**fields)], INTAKE, as_of, NORMS).over_norm == over, why


# --- figures ---------------------------------------------------------------------------------

TEN_WAITS = [60, 3, 29, 14, 7, 40, 28, 10, 35, 20]
"""Sorted: 3 7 10 14 20 28 29 35 40 60. Median by nearest rank: rank ceil(0.5 × 10) = 5 → 20.
p90: rank ceil(0.9 × 10) = 9 → 40. Over 28 days: 29 35 40 60 → 4."""


def ten_completed() -> list[WaitingEntry]:
    return [entry(f"C{i}", intake_on=after(days)) for i, days in enumerate(TEN_WAITS)]


def test_figures_of_ten_completed_waits_by_nearest_rank():
    assert figures(ten_completed(), INTAKE, AS_OF, NORMS) == WaitFigures(
        completed=10,
        median_days=20,
        p90_days=40,
        ongoing=0,
        over_norm=4,
        share_over_norm=0.4,
        youth=10,
    )


def test_ongoing_waits_count_in_the_share_over_the_norm_but_not_in_the_percentiles():
    """As of day 100 two youth still wait: one registered on day 60 (40 days so far, over), one
    on day 90 (10 days, not). A removed entry, one registered after the as-of date and one of
    the same youth on another offer complete the picture."""
    as_of = after(100)
    entries = [
        *ten_completed(),
        entry("O1", registered_on=after(60)),
        entry("O2", registered_on=after(90)),
        entry("R1", registered_on=after(10), removed_on=after(50), removal_reason="verhuisd"),
        entry("F1", registered_on=after(101)),
        entry("S1", youth="Y-O1", offer="A2", registered_on=after(95)),
    ]
    result = figures(entries, INTAKE, as_of, NORMS)
    assert result == WaitFigures(
        completed=10,
        median_days=20,
        p90_days=40,
        ongoing=3,
        over_norm=5,
        share_over_norm=5 / 13,
        youth=12,
    )


def test_figures_without_any_wait_have_no_percentiles_and_no_share():
    assert figures([], INTAKE, AS_OF, NORMS) == WaitFigures(0, None, None, 0, 0, None, 0)
    removed = entry(removed_on=after(3), removal_reason="verhuisd")
    assert figures([removed], INTAKE, AS_OF, NORMS).share_over_norm is None


def test_one_completed_wait_is_its_own_median_and_p90():
    result = figures([entry(intake_on=after(12))], INTAKE, AS_OF, NORMS)
    assert (result.median_days, result.p90_days) == (12, 12)


def test_figures_of_the_start_stage():
    """Start waits 70 (not over), 71 (over) and 0 (direct start); one still waiting 80 days
    after its intake (over); one without intake has no start wait."""
    entries = [
        entry("A", intake_on=after(10), started_on=after(80)),
        entry("B", intake_on=after(10), started_on=after(81)),
        entry("C", intake_on=after(20), started_on=after(20)),
        entry("D", intake_on=after(20)),
        entry("E"),
    ]
    result = figures(entries, START, after(100), NORMS)
    assert result == WaitFigures(
        completed=3,
        median_days=70,
        p90_days=71,
        ongoing=1,
        over_norm=2,
        share_over_norm=0.5,
        youth=4,
    )


def test_the_norm_is_taken_per_entry_care_form():
    norms = WaitNorms(per_care_form={"crisis": (1, 7)})
    entries = [
        entry("K", care_form="crisis", intake_on=after(5)),
        entry("R", care_form="residentieel", intake_on=after(5)),
    ]
    assert figures(entries, INTAKE, AS_OF, norms).over_norm == 1


# --- grouping --------------------------------------------------------------------------------


def test_an_entry_with_several_needs_counts_in_each_need_group():
    entries = [
        entry("A", needs={"gedrag", "trauma"}, intake_on=after(10)),
        entry("B", needs={"trauma"}, intake_on=after(40)),
        entry("C", needs=set(), intake_on=after(5)),
    ]
    result = figures_by(entries, INTAKE, AS_OF, NORMS, "need")
    assert list(result) == ["gedrag", "trauma"]
    assert result["gedrag"] == WaitFigures(1, 10, 10, 0, 0, 0.0, 1)
    assert result["trauma"] == WaitFigures(2, 10, 40, 0, 1, 0.5, 2)


def test_groups_are_sorted_with_an_unknown_region_last():
    entries = [
        entry("A", region="Twente", intake_on=after(3)),
        entry("B", region=None, intake_on=after(3)),
        entry("C", region="Groningen", intake_on=after(3)),
    ]
    result = figures_by(entries, INTAKE, AS_OF, NORMS, "region")
    assert list(result) == ["Groningen", "Twente", None]


def test_grouping_by_offer_and_care_form():
    entries = [
        entry("A", offer="A2", care_form="crisis", intake_on=after(3)),
        entry("B", offer="A1", intake_on=after(30)),
        entry("C", offer="A1"),
    ]
    by_offer = figures_by(entries, INTAKE, after(50), NORMS, "offer")
    assert list(by_offer) == ["A1", "A2"]
    assert by_offer["A1"] == WaitFigures(1, 30, 30, 1, 2, 1.0, 2)
    by_form = figures_by(entries, INTAKE, after(50), NORMS, "care_form")
    assert list(by_form) == ["crisis", "residentieel"]


def test_a_group_with_only_later_data_does_not_appear():
    entries = [
        entry("A", offer="A1", intake_on=after(3)),
        entry("B", offer="A9", registered_on=after(60)),
    ]
    assert list(figures_by(entries, INTAKE, after(50), NORMS, "offer")) == ["A1"]


def test_an_unknown_grouping_is_refused():
    with pytest.raises(ValueError, match="unknown grouping 'provider'"):
        figures_by([], INTAKE, AS_OF, NORMS, "provider")


def test_waiting_list_includes_youth_between_intake_and_start():
    entries = [
        entry("A"),
        entry("B", intake_on=after(3)),
        entry("C", intake_on=after(3), started_on=after(4)),
    ]
    assert [w.entry.id for w in waiting_list(entries, after(10))] == ["A", "B"]


@pytest.mark.parametrize("stage", list(Stage))
def test_no_waits_are_the_figures_of_no_entries(stage):
    """Screens fill a stage nobody waited in with NO_WAITS: it must say what figures() says."""
    assert figures([], stage, date(2026, 6, 1), WaitNorms()) == NO_WAITS
