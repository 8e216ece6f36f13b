"""Reference data: the pure loader of the versioned data files, and the command that stores it."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from passend.registry.models import (
    ChildProtectionRegion,
    Municipality,
    ReferenceDataFile,
    YouthCareRegion,
)
from passend.registry.reference import (
    DATA_DIR,
    ReferenceDataError,
    load_reference_data,
)

CURRENT_YEAR = 2026
"""The year of the shipped data files (their manifest says so)."""
MUNICIPALITIES = f"municipalities-{CURRENT_YEAR}.csv"
REGIONS = f"child-protection-regions-{CURRENT_YEAR}.csv"
MANIFEST = "manifest.json"


@pytest.fixture(scope="module")
def real():
    return load_reference_data(CURRENT_YEAR, DATA_DIR)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A private copy of the shipped data files, free to corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def write_lines(path: Path, content: list[str]) -> None:
    path.write_text("\n".join(content) + "\n", encoding="utf-8")


def line_of(path: Path, prefix: str) -> int:
    """The 1-based line number of the first line starting with ``prefix``."""
    return next(n for n, text in enumerate(lines(path), start=1) if text.startswith(prefix))


# --- the real data -----------------------------------------------------------------------------


def test_the_real_data_has_342_municipalities_42_youth_care_and_11_protection_regions(real):
    """The 2026 classification: 342 municipalities, 42 jeugdzorgregio's, 11 GI regions."""
    assert real.year == CURRENT_YEAR
    assert len(real.municipalities) == 342
    assert len(real.by_code) == 342  # no code twice
    assert len(real.youth_care_regions) == 42
    assert len(real.child_protection_regions) == 11


def test_every_data_file_has_its_source_recorded(real):
    """The manifest names what, source, URL and reference date of both files."""
    assert set(real.sources) == {MUNICIPALITIES, REGIONS}
    for source in real.sources.values():
        assert {"what", "source", "source_url", "reference_date"} <= set(source)


# cbs code, municipality, province, youth-care region, expected child-protection region
REGION_CASES = [
    # Zuid-Holland is split by youth-care region: only Rijnmond goes to GI region Rijnmond.
    ("0599", "Rotterdam", "Zuid-Holland", "Rijnmond", "Rijnmond"),
    ("0518", "'s-Gravenhage", "Zuid-Holland", "Haaglanden", "Zuid-West"),
    ("0546", "Leiden", "Zuid-Holland", "Holland-Rijnland", "Zuid-West"),
    ("0513", "Gouda", "Zuid-Holland", "Midden Holland", "Zuid-West"),
    ("0505", "Dordrecht", "Zuid-Holland", "Zuid-Holland Zuid", "Zuid-West"),
    # Province decides elsewhere, even when the youth-care region lies mostly in another
    # province: Mook en Middelaar buys care with Nijmegen but is in Limburg.
    ("0944", "Mook en Middelaar", "Limburg", "Rijk van Nijmegen", "Limburg"),
    ("0080", "Leeuwarden", "Fryslân", "Friesland", "Friesland"),
    ("0034", "Almere", "Flevoland", "Flevoland", "Utrecht/Flevoland"),
]


@pytest.mark.parametrize(("code", "name", "province", "youth_care", "protection"), REGION_CASES)
def test_child_protection_region_of_a_municipality(
    real, code, name, province, youth_care, protection
):
    """A municipality's GI region follows its province, and in Zuid-Holland its care region."""
    municipality = real.by_code[code]
    assert municipality.name == name
    assert municipality.province == province
    assert municipality.youth_care_region == youth_care
    assert municipality.child_protection_region == protection


# --- bad input: every defect is refused with file and line ---------------------------------------


def corrupt_duplicate_code(d: Path) -> tuple[str, str]:
    path = d / MUNICIPALITIES
    rows = lines(path)
    rotterdam = next(row for row in rows if row.startswith("0599,"))
    write_lines(path, [*rows, rotterdam.replace("Rotterdam", "Rotterdam-Zuid", 1)])
    return MUNICIPALITIES, f"line {len(rows) + 1}: CBS code 0599 already on line"


def corrupt_three_digit_code(d: Path) -> tuple[str, str]:
    path = d / MUNICIPALITIES
    number = line_of(path, "0599,")
    rows = lines(path)
    rows[number - 1] = rows[number - 1].replace("0599,", "599,", 1)
    write_lines(path, rows)
    return MUNICIPALITIES, f"line {number}: CBS code '599' is not four digits"


def corrupt_missing_column(d: Path) -> tuple[str, str]:
    path = d / MUNICIPALITIES
    number = line_of(path, "0599,")
    rows = lines(path)
    rows[number - 1] = "0599,Rotterdam,Zuid-Holland"
    write_lines(path, rows)
    return MUNICIPALITIES, f"line {number}: expected 4 columns"


def corrupt_extra_column(d: Path) -> tuple[str, str]:
    path = d / MUNICIPALITIES
    number = line_of(path, "0599,")
    rows = lines(path)
    rows[number - 1] += ",extra"
    write_lines(path, rows)
    return MUNICIPALITIES, f"line {number}: expected 4 columns"


def corrupt_header(d: Path) -> tuple[str, str]:
    path = d / MUNICIPALITIES
    rows = lines(path)
    rows[0] = "cbs_code,name,province"
    write_lines(path, rows)
    return MUNICIPALITIES, "line 1: expected columns cbs_code,name,province,youth_care_region"


def corrupt_header_extra_column(d: Path) -> tuple[str, str]:
    path = d / MUNICIPALITIES
    rows = lines(path)
    rows[0] += ",population"
    write_lines(path, rows)
    return MUNICIPALITIES, "line 1: expected columns cbs_code,name,province,youth_care_region,"


def corrupt_empty_name(d: Path) -> tuple[str, str]:
    path = d / MUNICIPALITIES
    number = line_of(path, "0599,")
    rows = lines(path)
    rows[number - 1] = "0599,,Zuid-Holland,Rijnmond"
    write_lines(path, rows)
    return MUNICIPALITIES, f"line {number}: every column is required"


def corrupt_duplicate_rule(d: Path) -> tuple[str, str]:
    path = d / REGIONS
    rows = lines(path)
    write_lines(path, [*rows, "Zuid-West,Zuid-Holland,Rijnmond"])
    return REGIONS, f"line {len(rows) + 1}: duplicate rule for ('Zuid-Holland', 'Rijnmond')"


def corrupt_rule_without_region(d: Path) -> tuple[str, str]:
    path = d / REGIONS
    number = line_of(path, "Zeeland,")
    rows = lines(path)
    rows[number - 1] = ",Zeeland,"
    write_lines(path, rows)
    return REGIONS, f"line {number}: region and province are required"


def corrupt_no_rule_for_a_care_region(d: Path) -> tuple[str, str]:
    # Without the Rijnmond rule, Zuid-Holland's Rijnmond municipalities have no GI region.
    path = d / REGIONS
    write_lines(path, [row for row in lines(path) if not row.startswith("Rijnmond,")])
    first = next(
        n
        for n, row in enumerate(lines(d / MUNICIPALITIES), start=1)
        if row.endswith(",Zuid-Holland,Rijnmond")
    )
    return MUNICIPALITIES, f"line {first}: no child-protection region for province 'Zuid-Holland'"


def corrupt_manifest_without_file(d: Path) -> tuple[str, str]:
    path = d / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest["files"][REGIONS]
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return MANIFEST, f"no source recorded for {REGIONS}"


def corrupt_manifest_of_another_year(d: Path) -> tuple[str, str]:
    path = d / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["year"] = CURRENT_YEAR - 1
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return MANIFEST, f"holds year {CURRENT_YEAR - 1}, not {CURRENT_YEAR}"


def corrupt_malformed_manifest(d: Path) -> tuple[str, str]:
    path = d / MANIFEST
    path.write_text('{\n  "year": 2026,\n  "files": {\n}', encoding="utf-8")
    return MANIFEST, "line 4"  # the JSON error's own position


def corrupt_missing_file(d: Path) -> tuple[str, str]:
    (d / MUNICIPALITIES).unlink()
    return MUNICIPALITIES, "file not found"


# defect → (file named, words of the message including the line)
DEFECTS = [
    corrupt_duplicate_code,
    corrupt_three_digit_code,
    corrupt_missing_column,
    corrupt_extra_column,
    corrupt_header,
    corrupt_header_extra_column,
    corrupt_empty_name,
    corrupt_duplicate_rule,
    corrupt_rule_without_region,
    corrupt_no_rule_for_a_care_region,
    corrupt_manifest_without_file,
    corrupt_manifest_of_another_year,
    corrupt_malformed_manifest,
    corrupt_missing_file,
]


@pytest.mark.parametrize("corrupt", DEFECTS, ids=lambda f: f.__name__.removeprefix("corrupt_"))
def test_a_defect_is_refused_naming_file_and_line(data_dir, corrupt):
    """Every defect raises ReferenceDataError whose message starts with the file's name."""
    filename, words = corrupt(data_dir)
    with pytest.raises(ReferenceDataError) as raised:
        load_reference_data(CURRENT_YEAR, data_dir)
    message = str(raised.value)
    assert message.startswith(f"{filename}: ")
    assert words in message


def test_the_untouched_copy_loads(data_dir):
    """The corruptions above are the only reason for refusal: the plain copy loads."""
    assert len(load_reference_data(CURRENT_YEAR, data_dir).municipalities) == 342


def test_asking_for_another_year_than_the_manifest_holds_is_refused():
    """Loading 2025 from the 2026 files is refused, naming the manifest."""
    with pytest.raises(ReferenceDataError, match=r"^manifest.json: holds year 2026, not 2025"):
        load_reference_data(2025, DATA_DIR)


def test_a_misspelled_province_in_the_region_rule_leaves_its_municipalities_without_region(
    data_dir,
):
    """A rule for "Friesland" (the province is Fryslân) covers nobody: Leeuwarden & co. fail."""
    path = data_dir / REGIONS
    write_lines(
        path, [r.replace("Friesland,Fryslân,", "Friesland,Friesland,") for r in lines(path)]
    )
    with pytest.raises(ReferenceDataError, match="province 'Fryslân'"):
        load_reference_data(CURRENT_YEAR, data_dir)


def test_a_rule_for_an_unknown_province_is_refused_naming_the_regions_file(data_dir):
    """A rule naming a province that does not exist is a typo: refused at its own line."""
    path = data_dir / REGIONS
    rows = lines(path)
    write_lines(path, [*rows, "Friesland,Frisland,"])
    with pytest.raises(ReferenceDataError, match=rf"^{REGIONS}: line {len(rows) + 1}: "):
        load_reference_data(CURRENT_YEAR, data_dir)


@pytest.mark.parametrize(
    ("field", "value"), [("source_url", None), ("reference_date", "2026-13-01")]
)
def test_an_incomplete_manifest_entry_is_refused(data_dir, field, value):
    """Each recorded source needs what, source, source_url and an ISO reference date."""
    path = data_dir / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if value is None:
        del manifest["files"][MUNICIPALITIES][field]
    else:
        manifest["files"][MUNICIPALITIES][field] = value
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"^manifest.json: "):
        load_reference_data(CURRENT_YEAR, data_dir)


# --- the management command --------------------------------------------------------------------


def database_state() -> dict:
    return {
        "municipalities": Municipality.objects.count(),
        "youth_care_regions": YouthCareRegion.objects.count(),
        "child_protection_regions": ChildProtectionRegion.objects.count(),
        "files": ReferenceDataFile.objects.count(),
        "rows": sorted(
            Municipality.objects.values_list(
                "cbs_code",
                "name",
                "province",
                "youth_care_region__name",
                "child_protection_region__name",
                "year",
            )
        ),
    }


@pytest.mark.django_db
def test_the_command_stored_the_real_data():
    """The database holds what the files say (loaded once for the test session)."""
    assert Municipality.objects.count() == 342
    assert YouthCareRegion.objects.count() == 42
    assert ChildProtectionRegion.objects.count() == 11
    rotterdam = Municipality.objects.get(cbs_code="0599")
    assert rotterdam.child_protection_region.name == "Rijnmond"
    mook = Municipality.objects.get(cbs_code="0944")
    assert (mook.youth_care_region.name, mook.child_protection_region.name) == (
        "Rijk van Nijmegen",
        "Limburg",
    )
    stored = ReferenceDataFile.objects.get(year=CURRENT_YEAR, filename=MUNICIPALITIES)
    assert stored.source.startswith("CBS")
    assert len(stored.sha256) == 64


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    """A second run of the same files creates and changes nothing, and says so."""
    before = database_state()
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    call_command("load_reference_data", stdout=out)
    assert database_state() == before
    assert "(0 new, 0 changed, 342 unchanged)" in out.getvalue().splitlines()[-1]


@pytest.mark.django_db
def test_a_corrected_name_is_applied_as_one_change(data_dir):
    """A changed row in valid files is an update of that municipality, nothing else."""
    path = data_dir / MUNICIPALITIES
    write_lines(path, [r.replace("0599,Rotterdam,", "0599,Rotterdam (test),") for r in lines(path)])
    out = StringIO()
    call_command("load_reference_data", data_dir=data_dir, stdout=out)
    assert "(0 new, 1 changed, 341 unchanged)" in out.getvalue()
    assert Municipality.objects.get(cbs_code="0599").name == "Rotterdam (test)"
    assert Municipality.objects.count() == 342


@pytest.mark.django_db
def test_a_broken_data_dir_raises_command_error_and_changes_nothing(data_dir):
    """All or nothing: a renamed municipality in an otherwise broken file is not applied."""
    path = data_dir / MUNICIPALITIES
    rows = [r.replace("0599,Rotterdam,", "0599,Rotterdam (test),") for r in lines(path)]
    write_lines(path, [*rows, "123,Nergenshuizen,Utrecht,Utrecht"])  # 3-digit code
    before = database_state()
    with pytest.raises(CommandError, match=rf"{MUNICIPALITIES}: line {len(rows) + 1}"):
        call_command("load_reference_data", data_dir=data_dir, stdout=StringIO())
    assert database_state() == before
    assert Municipality.objects.get(cbs_code="0599").name == "Rotterdam"


@pytest.mark.django_db
def test_an_incomplete_manifest_raises_command_error_and_changes_nothing(data_dir):
    """A manifest entry without its source URL is refused before anything is stored."""
    mpath = data_dir / MUNICIPALITIES
    write_lines(
        mpath, [r.replace("0599,Rotterdam,", "0599,Rotterdam (test),") for r in lines(mpath)]
    )
    path = data_dir / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest["files"][REGIONS]["source_url"]
    path.write_text(json.dumps(manifest), encoding="utf-8")
    before = database_state()
    with pytest.raises(CommandError, match="manifest.json"):
        call_command("load_reference_data", data_dir=data_dir, stdout=StringIO())
    assert database_state() == before
