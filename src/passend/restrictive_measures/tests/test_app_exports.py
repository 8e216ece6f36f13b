"""The deliveries from the database: the half-year overview in JSON (valid against its JSON
Schema) and CSV, exactly as the pure module writes them; recording a delivery; the yearly
analysis as JSON, CSV and XLSX."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from passend.accounts.roles import Role
from passend.audit.log import Actor
from passend.audit.models import AccessLogEntry, Action
from passend.restrictive_measures import queries, services
from passend.restrictive_measures.models import OverviewDelivery
from passend.restrictive_measures.rules import deliveries
from passend.restrictive_measures.rules.deliveries import DeliveryState, HalfYear


@pytest.fixture
def staff(client, chain):
    client.force_login(chain.users[Role.PROVIDER_STAFF])
    return client


def current_half_year() -> HalfYear:
    return HalfYear.of(timezone.localdate())


def test_the_json_overview_validates_against_its_schema_and_reads_back(staff, chain):
    half_year = current_half_year()
    response = staff.get(
        reverse("measures:overview"), {"half_year": half_year.label, "format": "json"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert half_year.label in response["Content-Disposition"]
    document = json.loads(response.content)
    Draft202012Validator.check_schema(deliveries.schema())
    Draft202012Validator(deliveries.schema()).validate(document)
    overview = deliveries.from_json(response.content.decode())
    (row,) = overview.rows
    assert row.id == chain.own.registration.source_id
    assert row.youth == chain.own.youth.pseudonym
    assert row.location == "JZP-own"
    assert row.lawful is True
    assert overview.provider == "provider-own"
    assert AccessLogEntry.objects.filter(
        youth=chain.own.youth.pseudonym, action=Action.EXPORT, object_type="half-year overview"
    ).exists()


def test_the_csv_overview_is_the_pure_modules_csv(staff, chain):
    half_year = current_half_year()
    response = staff.get(
        reverse("measures:overview"), {"half_year": half_year.label, "format": "csv"}
    )
    text = response.content.decode()
    header = next(csv.reader(io.StringIO(text)))
    assert tuple(header) == deliveries.CSV_COLUMNS
    overview = deliveries.from_csv(text)
    assert [row.id for row in overview.rows] == [chain.own.registration.source_id]


def test_the_overview_holds_only_the_own_providers_registrations(chain):
    overview = queries.half_year_overview(chain.other.provider, current_half_year(), timezone.now())
    assert [row.id for row in overview.rows] == [chain.other.registration.source_id]


def test_an_empty_half_year_is_still_a_valid_delivery(staff, chain):
    response = staff.get(reverse("measures:overview"), {"half_year": "2024-H1"})
    document = json.loads(response.content)
    Draft202012Validator(deliveries.schema()).validate(document)
    assert document["registrations"] == []


def test_recording_a_delivery_keeps_the_document_and_settles_the_reminder(chain):
    provider = chain.own.provider
    actor = Actor.system("test")
    with pytest.raises(Exception, match="has not ended"):
        services.record_delivery(
            provider=provider, half_year=current_half_year(), actor=actor, acting_user=None
        )
    previous = current_half_year().previous
    delivery = services.record_delivery(
        provider=provider, half_year=previous, actor=actor, acting_user=None
    )
    assert delivery.sha256 == hashlib.sha256(delivery.document.encode()).hexdigest()
    Draft202012Validator(deliveries.schema()).validate(json.loads(delivery.document))
    statuses = queries.delivery_statuses(provider, timezone.localdate())
    assert statuses[1].half_year == previous
    assert statuses[1].state in (DeliveryState.DELIVERED, DeliveryState.DELIVERED_LATE)
    assert queries.next_due(statuses).half_year == current_half_year()


def test_the_deliver_screen_records_the_chosen_half_year(staff, chain):
    previous = current_half_year().previous
    response = staff.post(reverse("measures:deliver"), {"half_year": previous.label})
    assert response.status_code == 302
    assert OverviewDelivery.objects.get(provider=chain.own.provider).half_year == previous.label


def test_the_schema_is_published(staff):
    response = staff.get(reverse("measures:overview-schema"))
    assert json.loads(response.content) == deliveries.schema()


@pytest.mark.parametrize("export", ["json", "csv", "xlsx"])
def test_the_yearly_analysis_exports(staff, chain, export):
    year = timezone.localdate().year
    response = staff.get(reverse("measures:analysis"), {"year": year, "export": export})
    assert response.status_code == 200
    assert f"vbm-analysis-provider-own-{year}.{export}" in response["Content-Disposition"]
    if export == "json":
        document = json.loads(response.content)
        assert document["article"] == "Jeugdwet 6.7.4 lid 1"
        assert document["registrations"] == 1
    elif export == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == ["section", "subject", "measure", "value"]
        assert ["per_kind", "insluiting", "registrations", "1"] in rows
    else:
        workbook = load_workbook(io.BytesIO(response.content))
        assert "per_kind" in workbook.sheetnames
        sheet = workbook["lock_ins"]
        assert [cell.value for cell in sheet[2]][:2] == ["JZP-own", 1]


def test_the_analysis_screen(staff, chain):
    response = staff.get(reverse("measures:analysis"))
    figures = response.context["figures"]
    assert figures.registrations == 1
    assert [lock.location for lock in figures.lock_ins] == ["JZP-own"]
