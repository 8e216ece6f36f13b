"""Importing organisations: all or nothing, every error with its line, idempotent.

Commands speak the interface language (Dutch) in messages that come from the models."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from passend.registry.models import Organisation

HEADER = "reference,name,kind,child_protection_region,municipality\n"
GOOD = HEADER + (
    "gi-test,Jeugdbescherming Test,gi,Friesland,\n"
    "gemeente-sneek,Gemeente Súdwest-Fryslân,municipality,,1900\n"
    "zorg-test,Zorg Test,provider,Friesland,\n"
)


@pytest.fixture
def csv_file(tmp_path):
    def write(text: str):
        path = tmp_path / "organisations.csv"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.mark.django_db
def test_import_creates_then_changes_nothing(csv_file):
    path = csv_file(GOOD)
    out = io.StringIO()
    call_command("import_organisations", path, stdout=out)
    assert "3 new" in out.getvalue()
    assert Organisation.objects.get(reference="gemeente-sneek").municipality.cbs_code == "1900"
    again = io.StringIO()
    call_command("import_organisations", path, stdout=again)
    assert "0 new, 0 changed, 3 unchanged" in again.getvalue()


@pytest.mark.django_db
def test_a_changed_name_is_updated(csv_file):
    call_command("import_organisations", csv_file(GOOD), verbosity=0)
    call_command(
        "import_organisations",
        csv_file(GOOD.replace("Zorg Test", "Zorg Test Nieuw")),
        verbosity=0,
    )
    assert Organisation.objects.get(reference="zorg-test").name == "Zorg Test Nieuw"


BAD_LINES = [
    ("gi-x,X,gi,Atlantis,\n", "line 2: unknown child-protection region 'Atlantis'"),
    ("gem-x,X,municipality,,9999\n", "line 2: unknown municipality CBS code '9999'"),
    ("x,X,hospital,,\n", "line 2: unknown kind 'hospital'"),
    ("team-x,X,region,,\n", "line 2: Een regio of expertteam heeft een regio nodig."),
    ("x,X,gi\n", "line 2: expected 5 columns"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("line", "message"), BAD_LINES)
def test_a_bad_line_imports_nothing_and_names_its_line(csv_file, line, message):
    before = Organisation.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("import_organisations", csv_file(HEADER + line + GOOD[len(HEADER) :]))
    assert message in str(error.value)
    assert Organisation.objects.count() == before


@pytest.mark.django_db
def test_duplicate_reference_in_the_file(csv_file):
    with pytest.raises(CommandError, match="line 5: reference gi-test already on line 2"):
        call_command("import_organisations", csv_file(GOOD + "gi-test,Again,gi,Friesland,\n"))
    assert not Organisation.objects.filter(reference="gi-test").exists()


@pytest.mark.django_db
def test_wrong_columns(csv_file):
    with pytest.raises(CommandError, match="line 1: expected columns"):
        call_command("import_organisations", csv_file("name,kind\nX,gi\n"))
