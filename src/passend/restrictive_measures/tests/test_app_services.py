"""Registrations in the database: every stored registration carries the verdict of the pure
check, recomputed on change; the import is all or nothing with line numbers, idempotent on
(provider, id), and cannot make an open-care location closed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from jsonschema import Draft202012Validator

from passend.audit.log import Actor
from passend.audit.models import AccessLogEntry, Action
from passend.restrictive_measures import queries, services
from passend.restrictive_measures.models import LocationSetting, MeasureRegistration
from passend.restrictive_measures.rules import deliveries
from passend.restrictive_measures.rules.deliveries import HalfYear
from passend.restrictive_measures.rules.kinds import KINDS
from passend.restrictive_measures.rules.tests.builders import record
from tests.factories import LocationFactory

ACTOR = Actor.system("test")


def lines(*records) -> list[str]:
    return [item if isinstance(item, str) else json.dumps(item) for item in records]


def recent(hours_ago: int = 48) -> str:
    moment = timezone.localtime() - timedelta(hours=hours_ago)
    return moment.replace(tzinfo=None).isoformat(timespec="minutes")


def closed_record(side, **changes) -> dict:
    """A lawful §9 record for the side's youth at the side's closed location."""
    start = recent()
    return (
        record(
            youth=side.youth.pseudonym,
            birth_date=side.youth.birth_date.isoformat(),
            location=side.registration.location.legal_setting.reference,
            start=start,
            end=(timezone.localtime() - timedelta(hours=24))
            .replace(tzinfo=None)
            .isoformat(timespec="minutes"),
        )
        | changes
    )


def do_import(side, *records, skip_bad_lines=False):
    return services.import_registrations(
        lines(*records),
        provider=side.provider,
        youth_scope=queries.provider_youth(side.provider),
        actor=ACTOR,
        acting_user=None,
        skip_bad_lines=skip_bad_lines,
    )


def open_location(side):
    location = LocationFactory(organisation=side.provider, name="Open groep")
    LocationSetting.objects.create(location=location, reference="OPEN-1", setting="open")
    return location


def test_a_saved_registration_stores_the_verdict_of_the_pure_check(chain):
    """The fixture's lock-in went through the service: lawful, checked, logged."""
    registration = chain.own.registration
    assert registration.lawful is True
    assert registration.violations == []
    assert registration.setting == "gesloten"
    assert registration.safe_room_compliant is True  # from the room's checklist
    assert AccessLogEntry.objects.filter(
        youth=chain.own.youth.pseudonym, action=Action.CREATE, object_type="restrictive measure"
    ).exists()


def test_a_change_is_judged_again(chain):
    registration = chain.own.registration
    registration.end = registration.start + timedelta(hours=30)
    services.save_registration(registration, actor=ACTOR, acting_user=None)
    registration.refresh_from_db()
    assert registration.lawful is False
    assert [v["article"] for v in registration.violations] == ["6.3.2.2 lid 3"]


def test_a_non_compliant_safe_room_makes_the_lock_in_unlawful(chain):
    room = chain.own.safe_room
    room.clock = False
    room.save()
    registration = chain.own.registration
    services.save_registration(registration, actor=ACTOR, acting_user=None)
    assert registration.safe_room_compliant is False
    assert "6.3.2.2 lid 1 f" in [v["article"] for v in registration.violations]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_open_care_is_always_unlawful_whatever_the_form_says(chain, kind):
    """Every kind at an open-care location is unlawful (6.3.1.1), with full diligence."""
    location = open_location(chain.own)
    registration = chain.own.registration
    registration.pk = None
    registration.source_id = ""
    registration.location = location
    registration.safe_room = None
    registration.kind = kind
    registration.in_help_plan = True
    services.save_registration(registration, actor=ACTOR, acting_user=None)
    assert registration.setting == "open"
    assert registration.lawful is False
    assert "6.3.1.1" in [v["article"] for v in registration.violations]


def test_a_location_without_a_recorded_setting_counts_as_open_care(chain):
    location = LocationFactory(organisation=chain.own.provider, name="Zonder setting")
    registration = chain.own.registration
    registration.location = location
    registration.safe_room = None
    services.save_registration(registration, actor=ACTOR, acting_user=None)
    assert registration.setting == "open"
    assert registration.lawful is False


def test_the_service_refuses_another_providers_location_and_impossible_times(chain):
    registration = chain.own.registration
    registration.location = chain.other.offer.location
    registration.safe_room = None
    with pytest.raises(ValidationError) as refused:
        services.save_registration(registration, actor=ACTOR, acting_user=None)
    assert "location" in refused.value.message_dict
    registration.location = chain.own.offer.location
    registration.end = registration.start - timedelta(minutes=1)
    with pytest.raises(ValidationError) as refused:
        services.save_registration(registration, actor=ACTOR, acting_user=None)
    assert "end" in refused.value.message_dict


# --- Import ------------------------------------------------------------------------------------


def test_import_stores_each_registration_with_its_verdict(chain):
    report = do_import(
        chain.own,
        closed_record(chain.own, id="A"),
        closed_record(chain.own, id="B", kind="onderzoek_kamer", youth_present=False),
    )
    assert (report.added, report.updated, report.unchanged) == (2, 0, 0)
    stored = {r.source_id: r for r in MeasureRegistration.objects.filter(source_id__in="AB")}
    assert stored["A"].lawful is True
    assert stored["A"].channel == "import"
    assert stored["B"].lawful is False
    assert stored["B"].violations[0]["article"] == "6.3.2.5 lid 1 d"
    assert (
        AccessLogEntry.objects.filter(
            youth=chain.own.youth.pseudonym, action=Action.CREATE, purpose__startswith="import"
        ).count()
        == 2
    )


def test_a_file_with_errors_imports_nothing_and_names_every_line(chain):
    before = MeasureRegistration.objects.count()
    with pytest.raises(services.ImportRejected) as rejected:
        do_import(
            chain.own,
            closed_record(chain.own, id="A"),
            "{not json",
            "",
            closed_record(chain.own, id="C", kind="Opsluiting"),
            closed_record(chain.own, id="D", youth="J-ZZZZ-ZZZZ"),
            closed_record(chain.own, id="E", location="JZP-other"),
            closed_record(chain.own, id="A"),
        )
    assert MeasureRegistration.objects.count() == before
    assert {error.line for error in rejected.value.errors} == {2, 4, 5, 6, 7}
    messages = {error.line: error.message for error in rejected.value.errors}
    assert "invalid JSON" in messages[2]
    assert "field 'kind' must be a kind code" in messages[4]
    assert "not known to provider-own" in messages[5]
    assert "not a location of provider-own" in messages[6]
    assert "repeats line 1" in messages[7]


def test_a_youth_of_another_organisation_reads_like_one_that_does_not_exist(chain):
    with pytest.raises(services.ImportRejected) as rejected:
        do_import(
            chain.own,
            closed_record(chain.own, id="X", youth=chain.other.youth.pseudonym),
            closed_record(chain.own, id="Y", youth="J-ZZZZ-ZZZZ"),
        )
    first, second = (error.message for error in rejected.value.errors)
    assert first.replace(chain.other.youth.pseudonym, "?") == second.replace("J-ZZZZ-ZZZZ", "?")


def test_a_file_cannot_make_an_open_location_closed(chain):
    open_location(chain.own)
    with pytest.raises(services.ImportRejected) as rejected:
        do_import(chain.own, closed_record(chain.own, id="O", location="OPEN-1"))
    (error,) = rejected.value.errors
    assert error.line == 1
    assert "recorded as 'open'" in error.message
    report = do_import(
        chain.own, closed_record(chain.own, id="O", location="OPEN-1", setting="open")
    )
    assert report.added == 1
    stored = MeasureRegistration.objects.get(source_id="O")
    assert stored.lawful is False
    assert stored.violations[0]["article"] == "6.3.1.1"


def test_reimporting_the_same_file_changes_nothing_and_a_changed_line_updates(chain):
    first = [closed_record(chain.own, id="A"), closed_record(chain.own, id="B")]
    assert do_import(chain.own, *first).added == 2
    again = do_import(chain.own, *first)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert MeasureRegistration.objects.filter(provider=chain.own.provider).count() == 3
    changed = do_import(chain.own, first[0], first[1] | {"motivation": ""})
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 1)
    updated = MeasureRegistration.objects.get(source_id="B")
    assert updated.lawful is False
    assert updated.violations[0]["article"] == "6.3.1.4 lid 2"


def test_the_same_id_at_two_providers_is_two_registrations(chain):
    do_import(chain.own, closed_record(chain.own, id="SAME"))
    do_import(chain.other, closed_record(chain.other, id="SAME"))
    assert MeasureRegistration.objects.filter(source_id="SAME").count() == 2


def test_skip_bad_lines_stores_the_good_lines_and_reports_the_rest(chain):
    report = do_import(
        chain.own,
        closed_record(chain.own, id="A"),
        closed_record(chain.own, id="B", start="2026-03-02"),
        skip_bad_lines=True,
    )
    assert report.added == 1
    assert [error.line for error in report.rejected] == [2]


def test_a_birth_date_that_contradicts_the_youth_is_refused(chain):
    with pytest.raises(services.ImportRejected) as rejected:
        do_import(chain.own, closed_record(chain.own, id="A", birth_date="2001-01-01"))
    assert "birth date" in rejected.value.errors[0].message


def test_recheck_judges_a_running_measure_again_as_time_passes(chain):
    registration = chain.own.registration
    registration.end = None
    services.save_registration(registration, actor=ACTOR, acting_user=None)
    assert registration.lawful is False  # judged as of now: running for 48 h, at most 24 h
    later = registration.start + timedelta(hours=30)
    earlier = registration.start + timedelta(hours=3)
    services.judge(registration, earlier)
    registration.save()
    assert services.recheck(MeasureRegistration.objects.filter(pk=registration.pk), later) == 1
    registration.refresh_from_db()
    assert registration.lawful is False
    assert queries.current_verdict(registration, earlier).lawful is True


# --- A kind outside the law's list (6.3.1.1 lid 3) --------------------------------------------


def test_an_unlisted_kind_is_stored_flagged_unlawful_and_shown_in_every_delivery(chain):
    """Stored, not refused: the analysis lists it as unlawful, the half-year overview carries it
    with its code and its own total, valid against the schema; importing again changes nothing."""
    line = closed_record(chain.own, id="FIX-1", kind="fixatie")
    assert do_import(chain.own, line).added == 1
    stored = MeasureRegistration.objects.get(source_id="FIX-1")
    assert stored.kind == "fixatie"
    assert stored.lawful is False
    assert [v["article"] for v in stored.violations] == ["6.3.1.1 lid 3"]
    assert "'fixatie'" in stored.violations[0]["message"]
    assert stored.article == "6.3.1.1 lid 3"
    assert "fixatie" in stored.kind_label
    assert do_import(chain.own, line).unchanged == 1

    now = timezone.now()
    figures = queries.provider_figures(chain.own.provider, timezone.localdate().year, now)
    unlawful = {u.id: u for u in figures.unlawful_registrations}
    assert unlawful["FIX-1"].articles == ("6.3.1.1 lid 3",)
    assert figures.per_kind[-1].kind == "fixatie"
    half_year = HalfYear.of(timezone.localdate(stored.start))
    document = json.loads(
        deliveries.to_json(queries.half_year_overview(chain.own.provider, half_year, now))
    )
    Draft202012Validator(deliveries.schema()).validate(document)
    assert document["totals"][-1] == {
        "kind": "fixatie",
        "registrations": 1,
        "unlawful": 1,
        "emergency": 0,
    }


# --- The help plan's term and independent advice (6.3.1.5) -------------------------------------


def test_the_phase_out_term_and_advice_are_imported_and_judged(chain):
    """A date term is stored as the end of that day; past it without advice: a warning."""
    start = timezone.localtime() - timedelta(days=10)
    term = (start + timedelta(days=2)).date()
    line = closed_record(
        chain.own,
        id="T-1",
        start=start.replace(tzinfo=None).isoformat(timespec="minutes"),
        phase_out_by=term.isoformat(),
    )
    do_import(chain.own, line)
    stored = MeasureRegistration.objects.get(source_id="T-1")
    assert timezone.localtime(stored.phase_out_by).date() == term + timedelta(days=1)
    assert timezone.localtime(stored.phase_out_by).hour == 0
    assert stored.independent_advice is None
    assert stored.lawful is True
    assert [w["article"] for w in stored.warnings] == ["6.3.1.5 lid 1"]
    assert do_import(chain.own, line).unchanged == 1
    do_import(chain.own, line | {"independent_advice": True})
    stored.refresh_from_db()
    assert (stored.independent_advice, stored.warnings) == (True, [])


# --- The authorisation types the location takes ------------------------------------------------


def test_an_authorisation_the_location_does_not_take_is_a_stored_warning(chain):
    """The fixture's location takes only a machtiging; a spoedmachtiging gives a warning, in the
    stored verdict and in the verdict of a running measure judged as of now."""
    do_import(
        chain.own,
        closed_record(chain.own, id="S-1", authorisation="spoedmachtiging"),
        closed_record(chain.own, id="S-2", authorisation="spoedmachtiging", end=None),
        closed_record(chain.own, id="M-1"),
    )
    stored = {
        r.source_id: r
        for r in MeasureRegistration.objects.filter(source_id__in=["S-1", "S-2", "M-1"])
    }
    assert stored["S-1"].lawful is True
    assert [w["article"] for w in stored["S-1"].warnings] == ["6.2.2 lid 1"]
    assert "spoedmachtiging" in stored["S-1"].warnings[0]["message"]
    assert stored["M-1"].warnings == []
    running = queries.current_verdict(stored["S-2"], timezone.now())
    assert "6.2.2 lid 1" in [w.article for w in running.warnings]
    setting = stored["S-1"].location.legal_setting
    setting.authorisation_types = ["machtiging", "spoedmachtiging"]
    setting.save()
    services.recheck(MeasureRegistration.objects.filter(source_id="S-1"))
    stored["S-1"].refresh_from_db()
    assert stored["S-1"].warnings == []


# --- The safe room: on the screen from the room's checklist, in a file as the file says -------


def test_on_the_screen_compliance_comes_only_from_a_chosen_room(chain):
    registration = chain.own.registration
    registration.safe_room = None
    registration.safe_room_compliant = True  # a hand-ticked value is not kept
    services.save_registration(registration, actor=ACTOR, acting_user=None)
    assert registration.safe_room_compliant is None
    assert "6.3.2.2 lid 1 f" in [v["article"] for v in registration.violations]


def test_an_import_keeps_the_files_safe_room_compliance(chain):
    do_import(
        chain.own,
        closed_record(
            chain.own,
            id="L-1",
            kind="insluiting",
            emergency=True,
            in_help_plan=False,
            safe_room_compliant=True,
        ),
    )
    stored = MeasureRegistration.objects.get(source_id="L-1")
    assert (stored.safe_room, stored.safe_room_compliant) == (None, True)


# --- The unlawful filter in the query ----------------------------------------------------------


def test_unlawful_now_filters_in_the_query_and_judges_running_measures_again(chain):
    """A running lock-in stored as lawful that has passed its maximum since is unlawful now."""
    do_import(
        chain.own,
        closed_record(chain.own, id="OK"),
        closed_record(chain.own, id="BAD", motivation=""),
    )
    running = chain.own.registration
    MeasureRegistration.objects.filter(pk=running.pk).update(end=None, lawful=True)
    found = queries.unlawful_now(
        MeasureRegistration.objects.filter(provider=chain.own.provider), timezone.now()
    )
    assert sorted(r.source_id for r in found) == sorted(["BAD", running.source_id])
