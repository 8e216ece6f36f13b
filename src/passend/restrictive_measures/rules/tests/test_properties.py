"""Properties of the legality check over generated registrations (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ..kinds import KINDS
from ..legality import CARE_ACTS, Verdict, check
from ..registration import Authorisation, Registration, Setting

DURATION_ARTICLES = {"6.3.1.2 lid 4", "6.3.1.2 lid 5", "6.3.2.2 lid 3"}

maybe_bool = st.none() | st.booleans()
maybe_text = st.sampled_from([None, "", " ", "written ground"])
starts = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31))
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=100))


@st.composite
def registrations(draw: st.DrawFn, settings: tuple[Setting, ...] = tuple(Setting)):
    start = draw(starts)
    duration = draw(st.none() | durations)
    return Registration(
        id="R",
        kind=draw(st.sampled_from(list(KINDS))),
        setting=draw(st.sampled_from(settings)),
        start=start,
        end=None if duration is None else start + duration,
        birth_date=draw(st.none() | st.dates(date(2005, 1, 1), start.date())),
        authorisation=draw(st.none() | st.sampled_from(list(Authorisation))),
        emergency=draw(maybe_bool),
        in_help_plan=draw(maybe_bool),
        generic=draw(maybe_bool),
        alternatives_considered=draw(st.none() | st.lists(maybe_text.filter(bool)).map(tuple)),
        proportionality=draw(maybe_text),
        expected_effective=draw(maybe_text),
        motivation=draw(maybe_text),
        decided_by=draw(maybe_text),
        youth_informed_duration=draw(maybe_bool),
        copy_to_youth=draw(maybe_bool),
        complaint_rights_informed=draw(maybe_bool),
        behavioural_scientist_consent=draw(maybe_bool),
        behavioural_scientist_extension=draw(maybe_bool),
        safe_room_compliant=draw(maybe_bool),
        grounded_suspicion=draw(maybe_bool),
        youth_present=draw(maybe_bool),
        gi_or_parents_informed=draw(maybe_bool),
        location_registered=draw(maybe_bool),
        legal_basis=draw(maybe_text),
    )


youth_act_registrations = registrations((Setting.OPEN, Setting.GESLOTEN))


def articles(verdict: Verdict) -> set[str]:
    return {finding.article for finding in verdict.violations}


@given(registrations((Setting.OPEN,)), st.none() | starts)
def test_open_care_is_never_lawful(registration: Registration, as_of: datetime | None) -> None:
    assert not check(registration, as_of).lawful


VIOLATIONS_ADDED = {
    "generic": {"generic": True},
    "no motivation": {"motivation": None},
    "no alternatives": {"alternatives_considered": ()},
    "no proportionality": {"proportionality": ""},
    "no expected effect": {"expected_effective": None},
    "no authorisation": {"authorisation": Authorisation.GEEN},
}


@given(youth_act_registrations, st.sampled_from(list(VIOLATIONS_ADDED)))
def test_adding_a_violation_never_makes_a_registration_lawful(
    registration: Registration, change: str
) -> None:
    """… and keeps every violation there was."""
    before = check(registration)
    after = check(replace(registration, **VIOLATIONS_ADDED[change]))
    assert not after.lawful
    assert articles(before) <= articles(after)


@given(registrations(tuple(CARE_ACTS)))
def test_an_unregistered_care_act_location_is_never_lawful(registration: Registration) -> None:
    verdict = check(replace(registration, location_registered=False))
    assert not verdict.lawful
    act = CARE_ACTS[registration.setting].short_name
    assert all(finding.article.startswith(act) for finding in verdict.violations)


@given(registrations())
def test_removing_the_end_without_as_of_never_adds_a_violation(
    registration: Registration,
) -> None:
    """In particular no duration violation: a running measure is judged on its other fields."""
    running = check(replace(registration, end=None))
    assert not articles(running) & DURATION_ARTICLES
    assert articles(running) <= articles(check(registration))


@given(registrations(), durations, durations)
def test_a_running_measure_only_gets_worse_as_time_passes(
    registration: Registration, first: timedelta, more: timedelta
) -> None:
    running = replace(registration, end=None)
    earlier = registration.start + first
    assert articles(check(running, earlier)) <= articles(check(running, earlier + more))


@given(registrations(), st.none() | starts)
def test_lawful_exactly_when_there_are_no_violations(
    registration: Registration, as_of: datetime | None
) -> None:
    verdict = check(registration, as_of)
    assert verdict.lawful is (verdict.violations == ())
    for finding in verdict.violations + verdict.warnings:
        assert finding.article.startswith(("6.", "Wzd ", "Wvggz "))
        assert finding.message.endswith(".")
