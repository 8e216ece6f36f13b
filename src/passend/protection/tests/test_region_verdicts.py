"""Proposed region verdicts on the report screen; the inspector records the verdict."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from passend.accounts.roles import Role
from passend.audit.models import AccessLogEntry, Action
from passend.protection.checks import region_verdict_thresholds
from passend.protection.models import Escalation, RecordedRegionVerdict
from passend.protection.reports import norms_report, previous_period
from passend.protection.rules.region_verdict import RegionVerdict, Thresholds, propose
from tests.conftest import deliver_events

AS_OF = date(2026, 11, 25)
PERIOD = {"as_of": "2026-11-25", "measures_from": "2026-01-01", "measures_to": "2026-03-31"}


def deliver_cohort(gi, first_day: date, count: int, *, course: bool) -> None:
    """``count`` cases of ``gi``, a protector on day one; a supported course on day ten or none."""
    for number in range(count):
        reference = f"{gi.reference}-{first_day.isoformat()}-{number}"
        start = first_day + timedelta(days=number)
        records = [
            {
                "case": reference,
                "type": "measure_pronounced",
                "date": start.isoformat(),
                "measure": "OTS",
                "region": gi.child_protection_region.name,
                "gi": gi.reference,
            },
            {"case": reference, "type": "gi_informed", "date": start.isoformat()},
            {
                "case": reference,
                "type": "protector_assigned",
                "date": (start + timedelta(days=1)).isoformat(),
                "protector": "p-1",
                "kind": "vast",
                "reason": "start",
            },
        ]
        if course:
            records.append(
                {
                    "case": reference,
                    "type": "course_set",
                    "date": (start + timedelta(days=10)).isoformat(),
                    "participants": ["parents", "youth", "professionals"],
                    "child_heard": True,
                }
            )
        deliver_events(*records)


@pytest.fixture
def friesland(chain):
    """Friesland: 12 cases without a course in the period, 12 with a course in the one before."""
    deliver_cohort(chain.own.gi, date(2026, 1, 5), 12, course=False)
    deliver_cohort(chain.own.gi, date(2025, 10, 6), 12, course=True)
    return chain


def test_previous_period_has_the_same_length():
    assert previous_period(date(2026, 1, 1), date(2026, 3, 31)) == (
        date(2025, 10, 3),
        date(2025, 12, 31),
    )


def test_report_shows_the_proposal_computed_from_the_same_figures(client, friesland):
    client.force_login(friesland.users[Role.INSPECTOR])
    page = client.get(
        reverse("cases:reports"), {**PERIOD, "by": "region", "indicator": "course_set"}
    )
    assert page.status_code == 200
    row = next(r for r in page.context["rows"] if r["group"] == "Friesland")
    current = norms_report(
        as_of=AS_OF, by="region", measures_from=date(2026, 1, 1), measures_to=date(2026, 3, 31)
    )
    friesland_now = next(g for g in current.groups if g.group == "Friesland").indicators
    earlier = norms_report(
        as_of=AS_OF, by="region", measures_from=date(2025, 10, 3), measures_to=date(2025, 12, 31)
    )
    friesland_before = next(g for g in earlier.groups if g.group == "Friesland").indicators
    assert row["proposal"] == propose(friesland_now, friesland_before, Thresholds())
    # No course in the period, a course in every case before: worse, not improving.
    assert row["proposal"].verdict is RegionVerdict.NOT_SUCCEEDED
    assert friesland_now[next(iter(friesland_now))].assessed >= 10
    record_url = reverse(
        "cases:record-region-verdict", kwargs={"region": friesland.own.case.region_id}
    )
    assert record_url in page.content.decode()


def test_without_a_period_no_proposal_is_made(client, friesland):
    client.force_login(friesland.users[Role.INSPECTOR])
    page = client.get(
        reverse("cases:reports"), {"as_of": "2026-11-25", "by": "region", "indicator": "course_set"}
    )
    assert page.context["verdicts_shown"] is False


def test_inspector_records_a_verdict_with_the_proposal_and_who_decided(client, friesland):
    inspector = friesland.users[Role.INSPECTOR]
    client.force_login(inspector)
    region = friesland.own.case.region
    url = reverse("cases:record-region-verdict", kwargs={"region": region.pk})
    page = client.get(url, PERIOD)
    assert page.status_code == 200
    assert page.context["proposal"].verdict is RegionVerdict.NOT_SUCCEEDED
    query = "&".join(f"{k}={v}" for k, v in PERIOD.items())
    response = client.post(
        f"{url}?{query}",
        {
            "verdict": "improving",
            "motivation": "Plan van aanpak overtuigt; kwartaalcijfers stijgen.",
        },
    )
    assert response.status_code == 302
    recorded = RecordedRegionVerdict.objects.get()
    assert (recorded.region, recorded.verdict, recorded.proposed) == (
        region,
        "improving",
        "not_succeeded",
    )
    assert recorded.decided_by == inspector
    assert recorded.decided_at is not None
    assert (recorded.measures_from, recorded.measures_to) == (date(2026, 1, 1), date(2026, 3, 31))
    assert recorded.basis["thresholds"]["succeeded_pct"] == 85.0
    findings = {f["indicator"]: f for f in recorded.basis["findings"]}
    assert findings["course_set"]["met_pct"] == 0.0
    assert findings["course_set"]["previous_pct"] == 100.0
    listing = client.get(reverse("cases:region-verdicts"))
    assert "Plan van aanpak overtuigt" in listing.content.decode()


def test_a_verdict_without_motivation_is_refused_and_nothing_is_stored(client, friesland):
    client.force_login(friesland.users[Role.INSPECTOR])
    url = reverse("cases:record-region-verdict", kwargs={"region": friesland.own.case.region_id})
    query = "&".join(f"{k}={v}" for k, v in PERIOD.items())
    response = client.post(f"{url}?{query}", {"verdict": "succeeded", "motivation": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["motivation"]
    assert not RecordedRegionVerdict.objects.exists()


def test_insufficient_data_cannot_be_recorded_as_a_verdict(client, friesland):
    client.force_login(friesland.users[Role.INSPECTOR])
    url = reverse("cases:record-region-verdict", kwargs={"region": friesland.own.case.region_id})
    query = "&".join(f"{k}={v}" for k, v in PERIOD.items())
    response = client.post(f"{url}?{query}", {"verdict": "insufficient_data", "motivation": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["verdict"]
    assert not RecordedRegionVerdict.objects.exists()


def test_the_verdict_page_needs_a_whole_period(client, friesland):
    client.force_login(friesland.users[Role.INSPECTOR])
    url = reverse("cases:record-region-verdict", kwargs={"region": friesland.own.case.region_id})
    page = client.get(url, {"as_of": "2026-11-25"})
    assert page.status_code == 200
    assert page.context["proposal"] is None
    assert page.context["period"].errors["measures_from"]


def test_expert_team_closes_an_escalation_with_its_outcome(client, chain):
    broker = chain.users[Role.CARE_BROKER]
    client.force_login(broker)
    escalation = chain.own.case.escalations.get()
    response = client.post(
        reverse("cases:close-escalation", kwargs={"pk": escalation.pk}),
        {"outcome": "help_arranged", "outcome_note": "Plek bij ambulant team"},
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.closed_on is not None
    assert (escalation.closed_by, escalation.outcome) == (broker, Escalation.Outcome.HELP_ARRANGED)
    assert AccessLogEntry.objects.filter(
        user_id_at_time=broker.pk, action=Action.CHANGE, purpose__startswith="escalation closed"
    ).exists()
    queue = client.get(reverse("cases:escalations"))
    assert escalation not in queue.context["escalations"]


def test_closing_needs_an_outcome_and_changes_nothing_without_one(client, chain):
    client.force_login(chain.users[Role.CARE_BROKER])
    escalation = chain.own.case.escalations.get()
    response = client.post(
        reverse("cases:close-escalation", kwargs={"pk": escalation.pk}), {"outcome": "bogus"}
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.closed_on is None
    assert escalation.outcome == ""


def test_a_closed_escalation_cannot_be_closed_again(client, chain):
    client.force_login(chain.users[Role.CARE_BROKER])
    escalation = chain.own.case.escalations.get()
    url = reverse("cases:close-escalation", kwargs={"pk": escalation.pk})
    assert client.post(url, {"outcome": "returned"}).status_code == 302
    assert client.post(url, {"outcome": "measure_ended"}).status_code == 404
    escalation.refresh_from_db()
    assert escalation.outcome == "returned"


def test_inconsistent_thresholds_fail_the_start_up_check(settings):
    assert region_verdict_thresholds(None) == []
    settings.REGION_VERDICT_THRESHOLDS = {**settings.REGION_VERDICT_THRESHOLDS, "floor_pct": 95.0}
    errors = region_verdict_thresholds(None)
    assert [e.id for e in errors] == ["passend.E101"]
