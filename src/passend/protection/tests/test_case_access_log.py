"""Every read and change of a child-protection case is in the access log under the case's
reference (who, role, organisation, what, why), and the responsible officer of the case's GI can
show that log on the access-log screen."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from passend.accounts.roles import Role
from passend.audit.models import AccessLogEntry, Action, Outcome
from passend.audit.views import EXPORT_COLUMNS
from passend.protection.models import CASE_OBJECT

P, TL, CB, A = Role.PROTECTOR, Role.TEAM_LEAD, Role.CARE_BROKER, Role.ADMINISTRATOR


def case_entries(reference: str = "case-own"):
    return AccessLogEntry.objects.filter(object_type=CASE_OBJECT, object_reference=reference)


def assert_names(entry: AccessLogEntry, user, action: Action, purpose: str) -> None:
    """Who, role, organisation, what and why, and the outcome."""
    assert (entry.user_id_at_time, entry.username) == (user.pk, user.username)
    assert entry.role == user.role
    assert entry.organisation == user.organisation.reference
    assert (entry.action, entry.object_type, entry.object_reference) == (
        action,
        CASE_OBJECT,
        "case-own",
    )
    assert entry.purpose == purpose
    assert entry.outcome == Outcome.ALLOWED
    assert entry.source_address == "127.0.0.1"


@pytest.mark.parametrize("role", [P, TL, CB])
def test_reading_a_case_is_logged_with_its_reference(client, chain, role):
    user = chain.users[role]
    client.force_login(user)
    assert client.get(reverse("cases:detail", args=["case-own"])).status_code == 200
    (entry,) = case_entries().filter(user_id_at_time=user.pk)
    assert_names(entry, user, Action.VIEW, "case at gi-own")


def test_recording_an_event_on_the_case_page_is_logged_with_its_reference(client, chain):
    protector = chain.users[P]
    client.force_login(protector)
    response = client.post(
        reverse("cases:detail", args=["case-own"]),
        {"type": "gi_informed", "date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    change = case_entries().get(user_id_at_time=protector.pk, action=Action.CHANGE)
    batch = chain.own.case.events.get(type="gi_informed", batch__channel="screen").batch
    assert_names(change, protector, Action.CHANGE, f"events recorded (screen, import {batch.pk})")


def test_a_delivery_logs_each_case_it_changed(chain):
    """The case system's file names each of its cases in the log (one record per case)."""
    assert set(case_entries().filter(action=Action.CHANGE).values_list("username", "purpose")) == {
        ("test", f"events recorded (file, import {chain.own.case.events.first().batch_id})")
    }
    assert case_entries("case-other").filter(action=Action.CHANGE).count() == 1


def test_escalating_is_logged_with_the_case_reference(client, chain):
    protector = chain.users[P]
    chain.own.case.escalations.all().delete()
    client.force_login(protector)
    client.post(reverse("cases:escalate", args=["case-own"]), {"reason": "no place in time"})
    entry = case_entries().get(user_id_at_time=protector.pk, action=Action.CHANGE)
    assert_names(entry, protector, Action.CHANGE, "escalated to Friesland")


def test_a_refused_read_is_logged_as_denied_with_the_case_reference(client, chain):
    outsider = chain.other.users[P]
    client.force_login(outsider)
    assert client.get(reverse("cases:detail", args=["case-own"])).status_code == 404
    entry = case_entries().get(user_id_at_time=outsider.pk)
    assert (entry.action, entry.outcome) == (Action.VIEW, Outcome.DENIED)


# --- the responsible officer's screen ----------------------------------------------------------


def review(client, **data):
    return client.post(reverse("audit:access-log"), data)


def test_the_responsible_officer_sees_who_read_the_case(client, chain):
    """The administrator of the case's GI shows the case's log: the protector's read is in it,
    and the review itself is logged against the case."""
    protector, administrator = chain.users[P], chain.users[A]
    client.force_login(protector)
    client.get(reverse("cases:detail", args=["case-own"]))
    client.force_login(administrator)
    response = review(client, case=" case-own ")
    assert response.status_code == 200
    shown = list(response.context["entries"])
    assert {(e.username, e.action) for e in shown} >= {(protector.username, Action.VIEW)}
    assert all(e.object_reference == "case-own" for e in shown)
    assert "case-own" in response.content.decode()
    entry = case_entries().get(user_id_at_time=administrator.pk)
    assert (entry.action, entry.purpose) == (Action.VIEW, "access log review")


def test_the_export_of_a_cases_log_names_the_case_in_every_row(client, chain):
    client.force_login(chain.users[A])
    response = review(client, case="case-own", export="csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert list(rows[0]) == EXPORT_COLUMNS
    assert {row["object_reference"] for row in rows} == {"case-own"}
    assert len(rows) == case_entries().count()  # the export itself included


def test_another_gis_case_is_refused_like_an_unknown_one(client, chain):
    client.force_login(chain.users[A])
    before = AccessLogEntry.objects.count()
    foreign = review(client, case="case-other")
    unknown = review(client, case="case-nope")
    assert foreign.context["entries"] is None
    assert foreign.context["form"].errors["case"] == unknown.context["form"].errors["case"]
    assert AccessLogEntry.objects.count() == before


@pytest.mark.parametrize(
    "data", [{"pseudonym": " ", "case": ""}, {"pseudonym": "J-AAAA-BBBB", "case": "case-own"}]
)
def test_give_either_a_pseudonym_or_a_case(client, chain, data):
    client.force_login(chain.users[A])
    response = review(client, **data)
    assert response.context["entries"] is None
    assert response.context["form"].non_field_errors()
