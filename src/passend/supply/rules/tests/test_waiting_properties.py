"""Invariants of the waiting-time figures over generated waiting lists (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from passend.supply.rules.waiting import (
    Stage,
    WaitingEntry,
    WaitNorms,
    WaitStatus,
    figures,
    figures_by,
    validate_entry,
    wait_of,
)

EPOCH = date(2024, 1, 1)
days = st.integers(min_value=0, max_value=200)
maybe_days = st.none() | days


@st.composite
def entries(draw, index: int = 0):
    """A valid entry: registration 0–400 days after the epoch, then an optional intake, an
    optional start (only after an intake) and an optional removal (only without a start)."""
    registered = EPOCH + timedelta(days=draw(st.integers(min_value=0, max_value=400)))
    intake_after, start_after, removed_after = draw(maybe_days), draw(maybe_days), draw(maybe_days)
    intake = None if intake_after is None else registered + timedelta(days=intake_after)
    started = None
    removed = None
    if intake is not None and start_after is not None:
        started = intake + timedelta(days=start_after)
    elif removed_after is not None:
        removed = (intake or registered) + timedelta(days=removed_after)
    return WaitingEntry(
        id=f"W{index}",
        youth=draw(st.sampled_from(["Y1", "Y2", "Y3", "Y4", "Y5", "Y6"])),
        offer=draw(st.sampled_from(["A1", "A2", "A3"])),
        care_form=draw(st.sampled_from(["residentieel", "crisis", "ambulant"])),
        registered_on=registered,
        intake_on=intake,
        started_on=started,
        removed_on=removed,
        removal_reason=None if removed is None else "verhuisd",
        needs=frozenset(draw(st.sets(st.sampled_from(["gedrag", "trauma", "ggz"]), max_size=2))),
        region=draw(st.sampled_from([None, "Groningen", "Twente"])),
    )


waiting_lists = st.integers(min_value=0, max_value=25).flatmap(
    lambda n: st.tuples(*(entries(i) for i in range(n))).map(list)
)
as_of_dates = st.integers(min_value=-10, max_value=800).map(lambda n: EPOCH + timedelta(days=n))
stages = st.sampled_from(list(Stage))
norms = st.sampled_from([WaitNorms(), WaitNorms(per_care_form={"crisis": (1, 7)})])


def known_as_of(entry: WaitingEntry, as_of: date) -> WaitingEntry:
    """The entry as it looked on the as-of date: later dates not yet recorded."""

    def cut(day: date | None) -> date | None:
        return day if day is not None and day <= as_of else None

    removed = cut(entry.removed_on)
    return replace(
        entry,
        intake_on=cut(entry.intake_on),
        started_on=cut(entry.started_on),
        removed_on=removed,
        removal_reason=entry.removal_reason if removed else None,
    )


@given(entries())
def test_generated_entries_are_valid(entry):
    assert validate_entry(entry) == []


@given(waiting_lists, stages, as_of_dates, norms)
def test_figures_ignore_everything_dated_after_the_as_of_date(entries, stage, as_of, norms):
    """Figures as of a date are those of the list as it was recorded on that date."""
    then = [known_as_of(e, as_of) for e in entries if e.registered_on <= as_of]
    assert figures(entries, stage, as_of, norms) == figures(then, stage, as_of, norms)
    for key in ("offer", "need", "region"):
        assert figures_by(entries, stage, as_of, norms, key) == figures_by(
            then, stage, as_of, norms, key
        )


@given(waiting_lists, stages, as_of_dates, norms)
def test_figures_are_consistent(entries, stage, as_of, norms):
    result = figures(entries, stage, as_of, norms)
    counted = result.completed + result.ongoing
    assert counted <= len(entries)
    assert result.over_norm <= counted
    assert result.youth <= counted
    if result.completed:
        assert result.median_days <= result.p90_days
    else:
        assert result.median_days is result.p90_days is None
    if counted:
        assert 0.0 <= result.share_over_norm <= 1.0
    else:
        assert result.share_over_norm is None


@given(waiting_lists, stages, as_of_dates)
def test_percentiles_are_nearest_rank(entries, stage, as_of):
    """The median (p90) is the smallest completed wait with at least half (90%) of the
    completed waits at or below it."""
    waits = [wait_of(e, stage, as_of) for e in entries]
    completed = [w.days for w in waits if w is not None and w.status == WaitStatus.COMPLETED]
    result = figures(entries, stage, as_of, WaitNorms())
    for share, value in ((0.5, result.median_days), (0.9, result.p90_days)):
        if not completed:
            assert value is None
            continue
        at_or_below = [
            v for v in completed if sum(w <= v for w in completed) >= share * len(completed)
        ]
        assert value == min(at_or_below)
        assert value in completed


@given(waiting_lists, stages, as_of_dates)
def test_waits_are_never_negative_and_ongoing_waits_run_to_the_as_of_date(entries, stage, as_of):
    for entry in entries:
        wait = wait_of(entry, stage, as_of)
        if wait is None:
            continue
        assert wait.days >= 0
        if wait.status == WaitStatus.ONGOING:
            begin = entry.registered_on if stage == Stage.INTAKE else entry.intake_on
            assert wait.days == (as_of - begin).days


@given(waiting_lists, stages, as_of_dates, norms)
def test_grouping_by_offer_partitions_the_waits(entries, stage, as_of, norms):
    total = figures(entries, stage, as_of, norms)
    groups = figures_by(entries, stage, as_of, norms, "offer").values()
    assert sum(g.completed for g in groups) == total.completed
    assert sum(g.ongoing for g in groups) == total.ongoing
    assert sum(g.over_norm for g in groups) == total.over_norm


@given(waiting_lists, stages, as_of_dates, norms)
def test_each_need_group_is_at_most_the_whole(entries, stage, as_of, norms):
    total = figures(entries, stage, as_of, norms)
    for group in figures_by(entries, stage, as_of, norms, "need").values():
        assert 0 < group.completed + group.ongoing <= total.completed + total.ongoing


@given(waiting_lists, as_of_dates)
def test_a_later_as_of_date_never_shrinks_an_ongoing_wait(entries, as_of):
    """Waiting one more day adds one day, or the wait completes or stops."""
    for entry in entries:
        today = wait_of(entry, Stage.INTAKE, as_of)
        tomorrow = wait_of(entry, Stage.INTAKE, as_of + timedelta(days=1))
        if today is not None and today.status == WaitStatus.ONGOING and tomorrow is not None:
            assert tomorrow.days == today.days + 1
