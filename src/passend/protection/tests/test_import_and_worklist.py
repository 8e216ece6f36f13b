"""Importing events (command, API, case page) and what protectors then see."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date, timedelta
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from passend.accounts.roles import Role
from passend.protection.models import Case, CaseEvent, Escalation, VerdictSpan
from passend.protection.queries import work_items, worklist
from passend.protection.rules.events import parse_jsonl
from passend.protection.rules.norms import Flag, add_calendar_months, evaluate_case
from passend.protection.rules.worklist import Missing, State
from passend.protection.views import FLAG_LABELS, MISSING_LABELS
from passend.registry.models import ChildProtectionRegion
from tests.conftest import deliver_events
from tests.factories import OrganisationFactory

FIXTURES = Path(__file__).parents[1] / "rules" / "tests" / "fixtures"
P, TL, CB = Role.PROTECTOR, Role.TEAM_LEAD, Role.CARE_BROKER


@pytest.fixture
def sample_gis(db):
    """The GIs the sample files name."""
    for reference, region in (("GI-ZEE", "Zeeland"), ("GI-RIJ", "Rijnmond")):
        OrganisationFactory(
            gi=True,
            reference=reference,
            child_protection_region=ChildProtectionRegion.objects.get(name=region),
        )


def in_dutch(label) -> str:
    """A UI text as the pages show it (the default language)."""
    with translation.override("nl"):
        return str(label)


def run_import(path: Path, *extra: str) -> str:
    out = io.StringIO()
    call_command("import-events", str(path), *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_then_reimport_adds_nothing(sample_gis):
    first = run_import(FIXTURES / "sample.jsonl")
    events = CaseEvent.objects.count()
    assert events == 14  # the sample has 14 events and a blank line
    assert "14 events imported, 0 already present" in first
    again = run_import(FIXTURES / "sample.jsonl")
    assert "0 events imported, 14 already present" in again
    assert CaseEvent.objects.count() == events


def test_csv_and_jsonl_of_the_same_events_are_the_same_events(sample_gis):
    run_import(FIXTURES / "sample.jsonl")
    assert "0 events imported, 14 already present" in run_import(FIXTURES / "sample.csv")


def test_stored_spans_give_the_engines_verdicts_on_any_day(sample_gis):
    """The database answer (spans) equals the pure engine over the file, day by day."""
    run_import(FIXTURES / "sample.jsonl")
    events = parse_jsonl((FIXTURES / "sample.jsonl").read_text().splitlines()).events
    for case in Case.objects.all():
        own = [e for e in events if e.case == case.reference]
        for offset in range(0, 200, 7):
            day = case.measure_date + timedelta(days=offset)
            stored = {
                s.indicator: (s.verdict, s.deadline, s.reason)
                for s in case.spans.filter(VerdictSpan.holding_on(day))
            }
            expected = {
                str(k): (str(r.verdict), r.deadline, r.reason)
                for k, r in evaluate_case(own, day).indicators.items()
            }
            assert stored == expected, (case.reference, day)


BAD = [
    ('{"case": "X", "type": "gi_informed", "date": "2026-03-03"}', "1: case 'X' has no measure"),
    ('{"case": "X", "type": "party", "date": "2026-03-03"}', "1: unknown event type"),
    ('{"case": "X", "type": "gi_informed", "date": "2026-02-30"}', "1:"),
    (
        '{"case": "X", "type": "measure_pronounced", "date": "2026-03-02", "measure": "OTS",'
        ' "region": "Zeeland", "gi": "GI-NOPE"}',
        "1: unknown GI 'GI-NOPE'",
    ),
]


@pytest.mark.parametrize(("line", "message"), BAD)
def test_a_bad_file_imports_nothing(sample_gis, tmp_path, capsys, line, message):
    path = tmp_path / "events.jsonl"
    shutil.copy(FIXTURES / "sample.jsonl", path)
    path.write_text(line + "\n" + path.read_text())
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import-events", str(path), stdout=io.StringIO(), stderr=err)
    assert error.value.returncode == 2
    assert f"{path}:{message}" in err.getvalue()
    assert CaseEvent.objects.count() == 0
    assert Case.objects.count() == 0


def test_skip_bad_lines_keeps_the_good_ones(sample_gis, tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text(
        '{"case": "X", "type": "gi_informed", "date": "2026-03-03"}\n'
        + (FIXTURES / "sample.jsonl").read_text()
    )
    out = run_import(path, "--skip-bad-lines")
    assert "14 events imported" in out
    assert "1 line(s) rejected" in out


def test_api_delivery_by_the_own_gi(client, chain):
    lead = chain.users[TL]
    client.force_login(lead)
    body = {
        "events": [
            {
                "case": "case-own",
                "type": "course_set",
                "date": timezone.localdate().isoformat(),
                "participants": ["parents", "professionals", "youth"],
                "child_heard": True,
            }
        ]
    }
    response = client.post(reverse("api:events-import"), body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["added"] == 1
    again = client.post(reverse("api:events-import"), body, content_type="application/json")
    assert again.json() == {"added": 0, "skipped": 1, "rejected": [], "cases_updated": 0}


def test_api_refuses_another_gis_case_and_names_the_position(client, chain):
    client.force_login(chain.users[TL])
    body = {
        "events": [
            {"case": "case-own", "type": "gi_informed", "date": "2026-03-03"},
            {"case": "case-other", "type": "gi_informed", "date": "2026-03-03"},
        ]
    }
    response = client.post(reverse("api:events-import"), body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"line": 2, "message": "case 'case-other' belongs to another GI"}
    ]
    assert not CaseEvent.objects.filter(date=date(2026, 3, 3)).exists()


def test_worklist_shows_what_is_missing_nearest_deadline_first(chain):
    """The own case has a protector but no course and no help: both pending, course first."""
    protector = chain.users[P]
    today = timezone.localdate()
    cases = list(worklist(protector, today))
    assert [c.reference for c in cases] == ["case-own"]
    item = work_items(cases, today)[cases[0].pk]
    assert item.missing == (Missing.COURSE, Missing.HELP)
    assert item.next_deadline == cases[0].measure_date + timedelta(days=42)
    assert item.state in {State.ON_TRACK, State.DUE_SOON}
    assert cases[0].next_deadline == item.next_deadline  # SQL ordering key = pure rule


def test_worklist_orders_by_deadline_and_flags_overdue(chain):
    protector = chain.users[P]
    old = (timezone.localdate() - timedelta(days=120)).isoformat()
    deliver_events(
        {
            "case": "case-old",
            "type": "measure_pronounced",
            "date": old,
            "measure": "OTS",
            "region": "Friesland",
            "gi": "gi-own",
        },
        {
            "case": "case-old",
            "type": "protector_assigned",
            "date": old,
            "protector": protector.case_system_reference,
            "kind": "vast",
            "reason": "start",
        },
    )
    today = timezone.localdate()
    cases = list(worklist(protector, today))
    assert [c.reference for c in cases] == ["case-old", "case-own"]
    assert work_items(cases, today)[cases[0].pk].state is State.OVERDUE


def test_recording_an_event_on_the_case_page(client, chain):
    client.force_login(chain.users[P])
    url = reverse("cases:detail", args=["case-own"])
    response = client.post(
        url,
        {
            "type": "course_set",
            "date": timezone.localdate().isoformat(),
            "participants": ["parents", "professionals"],
            "child_heard": "on",
        },
    )
    assert response.status_code == 302
    assert CaseEvent.objects.filter(case__reference="case-own", type="course_set").exists()
    page = client.get(url).content.decode()
    assert "course_supported" in page


def test_an_invalid_event_on_the_case_page_is_refused_and_not_stored(client, chain):
    client.force_login(chain.users[P])
    response = client.post(
        reverse("cases:detail", args=["case-own"]),
        {"type": "course_set", "date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "participants" in response.content.decode()
    assert not CaseEvent.objects.filter(type="course_set").exists()


def test_a_case_without_gi_informed_is_flagged_on_the_worklist_and_the_case_page(client, chain):
    start = timezone.localdate() - timedelta(days=3)
    deliver_events(
        {
            "case": "case-flag",
            "type": "measure_pronounced",
            "date": start.isoformat(),
            "measure": "OTS",
            "region": "Friesland",
            "gi": "gi-own",
        }
    )
    assert Case.objects.get(reference="case-flag").gi_informed_missing
    assert not Case.objects.get(reference="case-own").gi_informed_missing
    client.force_login(chain.users[TL])
    flag = in_dutch(FLAG_LABELS[Flag.GI_INFORMED_MISSING])
    page = client.get(reverse("cases:worklist"))
    assert {row["case"].reference: row["flags"] for row in page.context["rows"]} == {
        "case-own": [],
        "case-flag": [FLAG_LABELS[Flag.GI_INFORMED_MISSING]],
    }
    assert page.content.decode().count(flag) == 1
    assert flag in client.get(reverse("cases:detail", args=["case-flag"])).content.decode()
    assert flag not in client.get(reverse("cases:detail", args=["case-own"])).content.decode()


def test_a_guardianship_from_2012_still_running_is_imported_and_worked(client, chain):
    """Events before 2014 are delivered (the lower bound is 1990), judged, and on the worklist."""
    protector = chain.users[P]
    deliver_events(
        {
            "case": "case-2012",
            "type": "measure_pronounced",
            "date": "2012-04-27",
            "measure": "voogdij",
            "region": "Friesland",
            "gi": "gi-own",
        },
        {"case": "case-2012", "type": "gi_informed", "date": "2012-04-30"},
        {
            "case": "case-2012",
            "type": "protector_assigned",
            "date": "2012-05-07",
            "protector": protector.case_system_reference,
            "kind": "vast",
            "reason": "start",
        },
    )
    assert "case-2012" in {c.reference for c in worklist(protector, timezone.localdate())}
    client.force_login(protector)
    page = client.get(reverse("cases:detail", args=["case-2012"]))
    assert page.status_code == 200
    assert "days before 2014 counted Monday to Friday" in page.content.decode()


def test_the_case_timeline_shows_escalations_among_the_events(client, chain):
    """Raised (with the reason) on its date among the events, and closed with the outcome."""
    case = chain.own.case
    escalation = case.escalations.get()
    escalation.closed_on = timezone.localdate()
    escalation.closed_by = chain.users[CB]
    escalation.outcome = Escalation.Outcome.HELP_ARRANGED
    escalation.outcome_note = "Plek bij ambulant team"
    escalation.save()
    client.force_login(chain.users[TL])
    timeline = client.get(reverse("cases:detail", args=["case-own"])).context["timeline"]
    assert [(entry["date"], entry["type"]) for entry in timeline] == [
        (case.measure_date, "measure_pronounced"),
        (case.measure_date, "gi_informed"),
        (case.measure_date, "escalated"),
        (case.measure_date + timedelta(days=1), "protector_assigned"),
        (timezone.localdate(), "escalation_closed"),
    ]
    assert ("reason", "no place in time") in timeline[2]["details"]
    assert timeline[4]["details"] == [
        ("outcome", in_dutch(Escalation.Outcome.HELP_ARRANGED.label)),
        ("note", "Plek bij ambulant team"),
    ]


def test_the_expert_teams_queue_shows_the_help_deadline(client, chain):
    """Three months after the measure, as the help norm counts it (no earlier deadline here)."""
    client.force_login(chain.users[CB])
    response = client.get(reverse("cases:escalations"))
    (escalation,) = response.context["escalations"]
    deadline = add_calendar_months(chain.own.case.measure_date, 3)
    assert escalation.help_deadline == deadline
    assert date_format(deadline, "SHORT_DATE_FORMAT") in response.content.decode()


def test_escalation_reaches_the_expert_teams_queue(client, chain):
    client.force_login(chain.users[P])
    Escalation.objects.all().delete()
    response = client.post(
        reverse("cases:escalate", args=["case-own"]), {"reason": "geen plek binnen de termijn"}
    )
    assert response.status_code == 302
    client.force_login(chain.users[CB])
    queue = client.get(reverse("cases:escalations")).content.decode()
    assert "case-own" in queue
    assert "case-other" not in queue
    assert json.dumps("geen plek binnen de termijn")[1:-1] in queue


def test_an_unsupported_course_shows_on_the_worklist(chain):
    """Course set without the child heard: "course not supported" (verdicts read from the DB)."""
    protector = chain.users[P]
    deliver_events(
        {
            "case": "case-own",
            "type": "course_set",
            "date": timezone.localdate().isoformat(),
            "participants": ["parents", "professionals"],
            "child_heard": False,
        }
    )
    today = timezone.localdate()
    cases = list(worklist(protector, today))
    item = work_items(cases, today)[cases[0].pk]
    assert item.missing == (Missing.SUPPORT, Missing.HELP)
    # Not met from the day it was set: it needs action now, not "on track" until some deadline.
    assert item.state is State.OVERDUE
    assert cases[0].next_deadline == item.next_deadline == cases[0].measure_date + timedelta(42)


def desk(day: date) -> dict:
    return {
        "case": "case-own",
        "type": "protector_assigned",
        "date": day.isoformat(),
        "protector": "desk-1",
        "kind": "bureaudienst",
        "reason": "turnover",
    }


def test_a_family_sent_to_the_duty_desk_has_no_protector_and_goes_to_the_team_lead(client, chain):
    """After its protector, the family lands at the duty desk: the case leaves the protector's
    worklist and shows on the team lead's as "no protector (duty desk)", overdue."""
    today = timezone.localdate()
    deliver_events(desk(today))
    case = Case.objects.get(reference="case-own")
    assert (case.protector, case.protector_reference, case.duty_desk_since) == (None, "", today)
    assert "case-own" not in {c.reference for c in worklist(chain.users[P], today)}
    lead = chain.users[TL]
    cases = list(worklist(lead, today))
    own = next(c for c in cases if c.reference == "case-own")
    item = work_items(cases, today)[own.pk]
    assert item.missing == (Missing.DUTY_DESK, Missing.COURSE, Missing.HELP)
    assert item.state is State.OVERDUE
    assert own.next_deadline == item.next_deadline  # SQL ordering key = pure rule
    client.force_login(lead)
    page = client.get(reverse("cases:worklist")).content.decode()
    assert in_dutch(MISSING_LABELS[Missing.DUTY_DESK]) in page
    detail = client.get(reverse("cases:detail", args=["case-own"])).content.decode()
    with translation.override("nl"):
        day = date_format(today, "DATE_FORMAT")
        assert gettext("None: at the duty desk since %(day)s") % {"day": day} in detail


def test_the_migration_fills_the_new_fields_of_cases_stored_before_them(chain):
    """Migration 0004 derives the duty desk and the missing GI-informed flag as the import does."""
    today = timezone.localdate()
    deliver_events(desk(today))
    deliver_events(
        {
            "case": "case-flag",
            "type": "measure_pronounced",
            "date": today.isoformat(),
            "measure": "OTS",
            "region": "Friesland",
            "gi": "gi-own",
        }
    )
    fields = ["protector_reference", "protector_id", "duty_desk_since", "gi_informed_missing"]

    def stored() -> dict:
        return {case.reference: [getattr(case, f) for f in fields] for case in Case.objects.all()}

    expected = stored()
    assert expected["case-own"][2:] == [today, False]
    assert expected["case-flag"][3] is True
    # As stored before the fields existed: the last real protector kept, no flag.
    protector = chain.users[P]
    Case.objects.update(duty_desk_since=None, gi_informed_missing=False)
    Case.objects.filter(reference="case-own").update(
        protector_reference=protector.case_system_reference, protector=protector
    )
    migration = import_module("passend.protection.migrations.0004_case_duty_desk_and_flags")
    migration.derive(django_apps, None)
    assert stored() == expected


def test_a_new_protector_takes_the_case_back_from_the_duty_desk(chain):
    today = timezone.localdate()
    protector = chain.users[P]
    deliver_events(
        desk(today - timedelta(days=2)),
        {
            **desk(today),
            "protector": protector.case_system_reference,
            "kind": "vast",
            "reason": "other",
        },
    )
    case = Case.objects.get(reference="case-own")
    assert (case.protector, case.duty_desk_since) == (protector, None)
    assert "case-own" in {c.reference for c in worklist(protector, today)}


def test_a_team_lead_with_a_team_sees_cases_without_a_protector(chain):
    start = (timezone.localdate() - timedelta(days=3)).isoformat()
    deliver_events(
        {
            "case": "case-nobody",
            "type": "measure_pronounced",
            "date": start,
            "measure": "OTS",
            "region": "Friesland",
            "gi": "gi-own",
        }
    )
    lead = chain.users[TL]
    assert lead.team_id is not None
    references = {c.reference for c in worklist(lead, timezone.localdate())}
    assert references == {"case-own", "case-nobody"}


def test_a_measure_pronounced_after_today_is_not_on_the_worklist_and_its_page_works(client, chain):
    future = (timezone.localdate() + timedelta(days=30)).isoformat()
    deliver_events(
        {
            "case": "case-future",
            "type": "measure_pronounced",
            "date": future,
            "measure": "OTS",
            "region": "Friesland",
            "gi": "gi-own",
        }
    )
    lead = chain.users[TL]
    assert "case-future" not in {c.reference for c in worklist(lead, timezone.localdate())}
    client.force_login(lead)
    assert client.get(reverse("cases:detail", args=["case-future"])).status_code == 200


def test_who_may_only_read_a_case_cannot_record_events(client, chain):
    """The expert team reads escalated cases but records nothing in the GI's file."""
    client.force_login(chain.users[CB])
    url = reverse("cases:detail", args=["case-own"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"type": "gi_informed", "date": timezone.localdate().isoformat()})
    assert response.status_code == 403
    assert (
        not CaseEvent.objects.filter(case__reference="case-own", type="gi_informed")
        .exclude(batch__channel="file")
        .exists()
    )
