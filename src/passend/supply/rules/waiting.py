"""Waiting-time figures over waiting-list entries, exactly as DOMAIN §3 "Waiting-time figures
(normative)" defines them.

Each entry has two waits in calendar days: registration → intake (:attr:`Stage.INTAKE`) and
intake → start (:attr:`Stage.START`). Everything is judged *as of* a reference date, and a date
after it is not known yet: an intake dated after the as-of date means the youth is still waiting
for it. A wait is *completed* when its end date is on or before the as-of date, *ongoing* while
it has none (days waited so far), and no wait at all once the entry was removed from the list
without reaching that end. Completed waits give the median and p90 by nearest rank; ongoing waits
are the current waiting list and count in "share over the norm" as soon as they pass it.

Small numbers are suppressed by the caller (:func:`passend.statistics.suppressed` on
:attr:`WaitFigures.youth`) when figures leave the own organisation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from passend.matching.rules.outcome import nearest_rank
from passend.vocabulary import CARE_FORMS, NEEDS

INTAKE_NORM_DAYS = 28
"""At most 28 calendar days (four weeks) from registration to intake: the *Treeknorm* of youth
mental health (report 003, Kinderombudsman 2016; DOMAIN §3). Default, configurable per care
form."""

START_NORM_DAYS = 70
"""At most 70 calendar days (ten weeks) from intake to the start of help (DOMAIN §3 waiting-time
figures). Default, configurable per care form."""

MEDIAN = 0.5
P90 = 0.9


class Stage(StrEnum):
    """The two waits of a waiting-list entry."""

    INTAKE = "intake"
    """Registration → intake."""
    START = "start"
    """Intake → start of help."""


INTAKE = Stage.INTAKE
START = Stage.START


class WaitStatus(StrEnum):
    COMPLETED = "completed"
    """The wait ended on or before the as-of date."""
    ONGOING = "ongoing"
    """Still waiting as of the as-of date; the days are those waited so far."""


@dataclass(frozen=True)
class WaitingEntry:
    """One youth on one offer's waiting list.

    ``offer``, ``care_form``, ``needs`` and ``region`` are what the figures are grouped by; the
    caller fills them (``region`` is whichever youth-care region the report is about, usually the
    offer's). ``youth`` is a pseudonymous reference, used only to count distinct youth.
    """

    id: str
    youth: str
    offer: str
    care_form: str
    registered_on: date
    intake_on: date | None = None
    started_on: date | None = None
    removed_on: date | None = None
    removal_reason: str | None = None
    needs: frozenset[str] = frozenset()
    region: str | None = None


@dataclass(frozen=True)
class Wait:
    """One wait as of a reference date."""

    days: int
    status: WaitStatus


@dataclass(frozen=True)
class WaitNorms:
    """The norms in calendar days; over the norm means strictly more days.

    ``per_care_form`` maps a care form to its own (intake, start) norms; other care forms use the
    defaults.
    """

    intake_days: int = INTAKE_NORM_DAYS
    start_days: int = START_NORM_DAYS
    per_care_form: Mapping[str, tuple[int, int]] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        values = [self.intake_days, self.start_days]
        values += [days for pair in self.per_care_form.values() for days in pair]
        if any(days < 0 for days in values):
            raise ValueError("a waiting-time norm cannot be negative")

    def norm_for(self, care_form: str, stage: Stage) -> int:
        """The norm of this stage for an entry of this care form."""
        intake, start = self.per_care_form.get(care_form, (self.intake_days, self.start_days))
        return intake if stage == Stage.INTAKE else start


@dataclass(frozen=True)
class WaitFigures:
    """The figures of one stage over a set of entries, as of one date.

    ``median_days`` and ``p90_days`` are over completed waits (None without any);
    ``share_over_norm`` is over completed and ongoing waits together (None without any).
    ``youth`` is the number of distinct youth the figures are about, for suppression.
    """

    completed: int
    median_days: int | None
    p90_days: int | None
    ongoing: int
    over_norm: int
    share_over_norm: float | None
    youth: int


NO_WAITS = WaitFigures(
    completed=0,
    median_days=None,
    p90_days=None,
    ongoing=0,
    over_norm=0,
    share_over_norm=None,
    youth=0,
)
"""The figures of a stage nobody waited in (what :func:`figures` gives for no entries): a screen
shows 0 still waiting there, not a blank, and no median."""


@dataclass(frozen=True)
class Waiting:
    """An entry still on the waiting list, with the calendar days since its registration."""

    entry: WaitingEntry
    days: int


def validate_entry(entry: WaitingEntry) -> list[str]:
    """Everything wrong with an entry's dates, reason and codes, in plain English (empty: valid).

    A start needs an intake: for a direct start the intake date equals the start date, so the
    intake wait and the start wait are both defined. A removed entry neither starts nor has an
    intake after its removal; a youth who returns gets a new entry.
    """
    errors = []
    registered, intake, start, removed = (
        entry.registered_on,
        entry.intake_on,
        entry.started_on,
        entry.removed_on,
    )
    if intake is not None and intake < registered:
        errors.append(f"intake date {intake} is before the registration date {registered}")
    if start is not None and intake is None:
        errors.append(
            f"start date {start} has no intake date; for a direct start the intake date is "
            "the start date"
        )
    if start is not None and intake is not None and start < intake:
        errors.append(f"start date {start} is before the intake date {intake}")
    if removed is not None and removed < registered:
        errors.append(f"removal date {removed} is before the registration date {registered}")
    if removed is not None and start is not None:
        if start <= removed:
            errors.append(
                f"a started entry is not removed: start date {start} is on or before the "
                f"removal date {removed}"
            )
        else:
            errors.append(
                f"start date {start} is after the removal date {removed}; a youth who returns "
                "gets a new entry"
            )
    if removed is not None and intake is not None and intake > removed:
        errors.append(
            f"intake date {intake} is after the removal date {removed}; a youth who returns "
            "gets a new entry"
        )
    has_reason = bool(entry.removal_reason and entry.removal_reason.strip())
    if removed is not None and not has_reason:
        errors.append(f"removal date {removed} needs a removal reason")
    if has_reason and removed is None:
        errors.append("a removal reason needs a removal date")
    if entry.care_form not in CARE_FORMS:
        errors.append(f"unknown care form {entry.care_form!r}")
    errors.extend(f"unknown need {need!r}" for need in sorted(entry.needs - NEEDS.keys()))
    return errors


def _known(day: date | None, as_of: date) -> date | None:
    """The date if it is known as of the reference date; a later date has not happened yet."""
    return day if day is not None and day <= as_of else None


def wait_of(entry: WaitingEntry, stage: Stage, as_of: date) -> Wait | None:
    """The entry's wait in this stage as of the date, or None when there is none (yet).

    None when the entry was registered after the as-of date; for the start wait, when no intake
    took place on or before it; and when the entry was removed on or before the as-of date before
    the stage ended — a removed entry stops counting on its removal date and is not a completed
    wait (DOMAIN §3). An intake on or before the removal date is a completed intake wait.
    Assumes a valid entry (:func:`validate_entry`).
    """
    if entry.registered_on > as_of:
        return None
    intake = _known(entry.intake_on, as_of)
    if stage == Stage.INTAKE:
        begin, end = entry.registered_on, intake
    else:
        if intake is None:
            return None
        begin, end = intake, _known(entry.started_on, as_of)
    removed = _known(entry.removed_on, as_of)
    if end is not None and (removed is None or end <= removed):
        return Wait(days=(end - begin).days, status=WaitStatus.COMPLETED)
    if removed is not None:
        return None
    return Wait(days=(as_of - begin).days, status=WaitStatus.ONGOING)


def _figures(waits: list[tuple[WaitingEntry, Wait]], stage: Stage, norms: WaitNorms) -> WaitFigures:
    completed = [wait.days for _, wait in waits if wait.status == WaitStatus.COMPLETED]
    over = sum(wait.days > norms.norm_for(entry.care_form, stage) for entry, wait in waits)
    return WaitFigures(
        completed=len(completed),
        median_days=nearest_rank(completed, MEDIAN),
        p90_days=nearest_rank(completed, P90),
        ongoing=len(waits) - len(completed),
        over_norm=over,
        share_over_norm=over / len(waits) if waits else None,
        youth=len({entry.youth for entry, _ in waits}),
    )


def _waits(
    entries: Iterable[WaitingEntry], stage: Stage, as_of: date
) -> list[tuple[WaitingEntry, Wait]]:
    """Each entry that has a wait in this stage as of the date, with that wait."""
    found = []
    for entry in entries:
        wait = wait_of(entry, stage, as_of)
        if wait is not None:
            found.append((entry, wait))
    return found


def figures(
    entries: Iterable[WaitingEntry], stage: Stage, as_of: date, norms: WaitNorms
) -> WaitFigures:
    """The waiting-time figures of one stage over these entries as of the date (DOMAIN §3).

    Completed waits give the median and p90 by nearest rank; ongoing waits are the current
    waiting list. Over the norm are completed waits and ongoing waits so far with strictly more
    days than the norm of the entry's care form; their share is of completed and ongoing waits
    together. Removed entries and entries without a wait in this stage count nowhere.
    """
    return _figures(_waits(entries, stage, as_of), stage, norms)


GROUP_KEYS: dict[str, Callable[[WaitingEntry], Iterable[str | None]]] = {
    "offer": lambda entry: (entry.offer,),
    "care_form": lambda entry: (entry.care_form,),
    "need": lambda entry: entry.needs,
    "region": lambda entry: (entry.region,),
}
"""How :func:`figures_by` groups: each entry's group(s) per key. An entry with several needs
counts in each of its needs' groups; one without needs in no need group."""


def _group_order(group: str | None) -> tuple[bool, str]:
    """Groups sorted by code, an unknown group (None) last."""
    return (group is None, group or "")


def figures_by(
    entries: Iterable[WaitingEntry],
    stage: Stage,
    as_of: date,
    norms: WaitNorms,
    key: str,
) -> dict[str | None, WaitFigures]:
    """:func:`figures` per group (``key``: one of :data:`GROUP_KEYS`), groups sorted.

    Only groups with at least one completed or ongoing wait appear, so data dated after the as-of
    date never adds a group. An entry without a region falls in the group None.
    """
    if key not in GROUP_KEYS:
        raise ValueError(f"unknown grouping {key!r}; expected one of {', '.join(GROUP_KEYS)}")
    groups: dict[str | None, list[tuple[WaitingEntry, Wait]]] = {}
    for entry, wait in _waits(entries, stage, as_of):
        for group in GROUP_KEYS[key](entry):
            groups.setdefault(group, []).append((entry, wait))
    return {
        group: _figures(groups[group], stage, norms) for group in sorted(groups, key=_group_order)
    }


def waiting_list(entries: Iterable[WaitingEntry], as_of: date) -> list[Waiting]:
    """Entries still waiting as of the date — registered, not started, not removed — with the
    days since registration, longest first (then by id)."""
    found = [
        Waiting(entry=entry, days=(as_of - entry.registered_on).days)
        for entry in entries
        if entry.registered_on <= as_of
        and _known(entry.started_on, as_of) is None
        and _known(entry.removed_on, as_of) is None
    ]
    return sorted(found, key=lambda waiting: (-waiting.days, waiting.entry.id))
