"""The access log (NEN 7513): append-only records, the responsible officer's screen, CSV export
and API, and an application log without personal data."""

from __future__ import annotations

import csv
import io
import logging

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from passend.accounts.roles import Role
from passend.audit import log
from passend.audit.models import AccessLogEntry, Action, AppendOnlyError, Outcome
from passend.audit.views import EXPORT_COLUMNS
from passend.core.logging import StripQueryStrings
from tests.factories import CareRelationshipFactory, YouthFactory

pytestmark = pytest.mark.django_db

A, P = Role.ADMINISTRATOR, Role.PROTECTOR
TABLE = AccessLogEntry._meta.db_table


@pytest.fixture
def entry() -> AccessLogEntry:
    return log.record(
        log.Actor.system("test"),
        Action.VIEW,
        youth="J-AAAA-BBBB",
        object_type="youth",
        purpose="test",
    )


# --- append-only -------------------------------------------------------------------------------


def test_a_new_entry_is_stored(entry):
    """Control: appending works."""
    assert AccessLogEntry.objects.filter(pk=entry.pk, youth="J-AAAA-BBBB").exists()


def test_saving_an_existing_entry_is_refused(entry):
    """An entry cannot be edited through the model."""
    entry.purpose = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AccessLogEntry.objects.get(pk=entry.pk).purpose == "test"


def test_deleting_an_entry_is_refused(entry):
    """An entry cannot be deleted through the model."""
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_bulk_update_and_delete_are_refused(entry):
    """Neither QuerySet.update() nor QuerySet.delete() passes."""
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="rewritten")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).purpose == "test"


@pytest.mark.parametrize(
    "statement",
    [
        f"UPDATE {TABLE} SET purpose = 'rewritten' WHERE id = %s",
        f"DELETE FROM {TABLE} WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_raw_sql_cannot_change_history(entry, statement):
    """The database's triggers refuse UPDATE and DELETE even from raw SQL."""
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [entry.pk])
    assert AccessLogEntry.objects.get(pk=entry.pk).purpose == "test"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_truncate_cannot_empty_the_log(entry):
    """PostgreSQL's TRUNCATE skips row triggers; a statement trigger refuses it."""
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {TABLE}")
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


# --- the responsible officer's screen ----------------------------------------------------------


def review(client, pseudonym: str, **extra):
    return client.post(reverse("audit:access-log"), {"pseudonym": pseudonym, **extra})


@pytest.fixture
def looked_at(client, chain):
    """The own side's youth after its protector opened the file twice."""
    client.force_login(chain.users[P])
    url = reverse("youth:detail", args=[chain.own.youth.pseudonym])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    client.logout()
    return chain.own.youth


def test_an_administrator_sees_the_log_of_a_youth_of_the_own_organisation(client, chain, looked_at):
    """The screen lists the youth's entries with who opened the file, and logs the review."""
    administrator = chain.users[A]
    client.force_login(administrator)
    response = review(client, looked_at.pseudonym.lower())  # ids are read case-insensitively
    assert response.status_code == 200
    shown = list(response.context["entries"])
    views = [e for e in shown if e.username == chain.users[P].username and e.action == Action.VIEW]
    assert len(views) == 2
    assert all(e.youth == looked_at.pseudonym for e in shown)
    assert chain.users[P].username in response.content.decode()
    review_entry = AccessLogEntry.objects.filter(
        youth=looked_at.pseudonym, user_id_at_time=administrator.pk
    ).get()
    assert review_entry.action == Action.VIEW
    assert review_entry.object_type == "access log"
    assert review_entry.outcome == Outcome.ALLOWED


def test_a_youth_of_another_organisation_is_refused_with_a_form_error(client, chain):
    """Another organisation's youth: a form error, no entries, and nothing logged."""
    client.force_login(chain.users[A])
    other = chain.other.youth.pseudonym
    log.record(log.Actor.system("test"), Action.VIEW, youth=other, object_type="youth", purpose="")
    before = AccessLogEntry.objects.count()
    response = review(client, other)
    assert response.status_code == 200
    assert response.context["form"].errors["pseudonym"]
    assert response.context["entries"] is None
    assert "<table" not in response.content.decode()
    assert AccessLogEntry.objects.count() == before


def test_an_unknown_youth_answers_like_another_organisations_youth(client, chain):
    """Unknown and not-yours give the same form error."""
    client.force_login(chain.users[A])
    unknown = review(client, "J-ZZZZ-ZZZZ").context["form"].errors["pseudonym"]
    foreign = review(client, chain.other.youth.pseudonym).context["form"].errors["pseudonym"]
    assert unknown == foreign


def test_the_csv_export_has_a_header_and_one_row_per_entry(client, chain, looked_at):
    """The export for an access request: all entries of the youth, oldest first, and logged."""
    administrator = chain.users[A]
    client.force_login(administrator)
    response = review(client, looked_at.pseudonym, export="csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == EXPORT_COLUMNS
    entries = AccessLogEntry.objects.filter(youth=looked_at.pseudonym)
    assert len(rows) - 1 == entries.count()
    column = EXPORT_COLUMNS.index
    assert {row[column("youth")] for row in rows[1:]} == {looked_at.pseudonym}
    viewers = [row[column("username")] for row in rows[1:] if row[column("action")] == "view"]
    assert viewers.count(chain.users[P].username) == 2
    export = entries.get(user_id_at_time=administrator.pk)
    assert (export.action, export.object_type) == (Action.EXPORT, "access log")


def test_the_api_returns_the_entries_and_logs_the_export(client, chain, looked_at):
    """GET /api/v1/audit/youth/{pseudonym}: the youth's entries, oldest first; logged as export."""
    administrator = chain.users[A]
    client.force_login(administrator)
    response = client.get(f"/api/v1/audit/youth/{looked_at.pseudonym}")
    assert response.status_code == 200
    body = response.json()
    assert {item["youth"] for item in body} == {looked_at.pseudonym}
    assert [item["username"] for item in body].count(chain.users[P].username) == 2
    assert body == sorted(body, key=lambda item: item["at"])
    export = AccessLogEntry.objects.get(youth=looked_at.pseudonym, user_id_at_time=administrator.pk)
    assert (export.action, export.object_type) == (Action.EXPORT, "access log")


def test_the_api_refuses_another_organisations_youth_and_other_roles(client, chain):
    """404 for a youth not in the organisation's records; 403 for a role without the right."""
    client.force_login(chain.users[A])
    assert client.get(f"/api/v1/audit/youth/{chain.other.youth.pseudonym}").status_code == 404
    client.force_login(chain.users[P])
    assert client.get(f"/api/v1/audit/youth/{chain.own.youth.pseudonym}").status_code == 403


# --- no personal data in the application log ---------------------------------------------------


def test_no_name_or_bsn_reaches_the_application_log(client, chain, caplog):
    """Viewing, listing and searching youth log no names and no BSN (the log is captured)."""
    youth = YouthFactory(given_name="Zoltana", family_name="Vermeulenhorst", bsn="111222333")
    CareRelationshipFactory(youth=youth, organisation=chain.own.gi, assigned_to=chain.users[P])
    client.force_login(chain.users[P])
    caplog.set_level(logging.DEBUG)
    assert client.get(reverse("youth:detail", args=[youth.pseudonym])).status_code == 200
    assert client.get(reverse("youth:list")).status_code == 200
    found = client.post(reverse("youth:list"), {"q": "Zoltana Vermeulenhorst"})
    assert "Vermeulenhorst" in found.content.decode()
    client.post(reverse("youth:list"), {"q": "111222333"})
    assert client.get(f"/api/v1/youth/{youth.pseudonym}").status_code == 200
    # A refused read is not logged as "Not Found: <path>": the path holds a pseudonym.
    assert (
        client.get(reverse("youth:detail", args=[chain.other.youth.pseudonym])).status_code == 404
    )
    logging.getLogger("passend.probe").info("capture works")
    messages = [record.getMessage() for record in caplog.records]
    assert "capture works" in messages
    assert not any(chain.other.youth.pseudonym in message for message in messages)
    for message in messages:
        for secret in ("Zoltana", "Vermeulenhorst", "111222333"):
            assert secret not in message


# --- the log filter ----------------------------------------------------------------------------

# message, arguments → what the filter leaves
QUERY_STRINGS = [
    ('"GET /youth/?q=Jansen HTTP/1.1" 200 512', (), '"GET /youth/?… HTTP/1.1" 200 512'),
    ('"%s" %s', ("GET /youth/?q=Jansen&page=2 HTTP/1.1", 200), '"GET /youth/?… HTTP/1.1" 200'),
    ("Not Found: %s", ("/youth/J-AAAA-BBBB/?bsn=111222333",), "Not Found: /youth/J-AAAA-BBBB/?…"),
    ("no query string here", (), "no query string here"),
]


@pytest.mark.parametrize(("msg", "args", "expected"), QUERY_STRINGS)
def test_query_strings_are_stripped_from_log_lines(msg, args, expected):
    """StripQueryStrings removes everything after '?' up to the next space or quote."""
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, msg, args, None)
    assert StripQueryStrings().filter(record) is True
    assert record.getMessage() == expected


def handler(logger: str, name: str) -> logging.Handler:
    (found,) = [h for h in logging.getLogger(logger).handlers if h.name == name]
    return found


def written(log_handler: logging.Handler, msg: str, args: tuple) -> str:
    """What ``log_handler`` writes for a record, after its own filters."""
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, msg, args, None)
    assert log_handler.filter(record)
    return log_handler.format(record)


REQUEST_LINE = ('"%s" %s %s', ("GET /youth/?q=Jansen HTTP/1.1", "200", "512"))


def test_the_application_log_handler_strips_query_strings():
    """The configured console handler writes request lines without their query string."""
    assert "Jansen" not in written(handler("", "console"), *REQUEST_LINE)


def test_the_built_in_servers_request_log_strips_query_strings():
    """The request lines of the embedded server (make run) carry no query string either: the
    configured ``django.server`` logger writes only through handlers with the filter."""
    configured = settings.LOGGING["loggers"]["django.server"]
    assert configured["propagate"] is False
    assert configured["handlers"]
    for name in configured["handlers"]:
        assert "no_query_strings" in settings.LOGGING["handlers"][name]["filters"]
        assert "Jansen" not in written(handler("", name), *REQUEST_LINE)
