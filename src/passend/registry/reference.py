"""The registry's reference data as plain Python: read, validated, no database needed.

Reference data ships as versioned data files in ``registry/data/`` with a ``manifest.json`` that
names each file's source and reference date. Changing a year's data is a data change: replace
the files and the manifest (whose ``year`` says which year they hold); no code changes. The pure
rule cores (matching's "own region") read regions from here; the Django registry app loads the
same files into the database with ``passend load_reference_data``.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

CBS_CODE = re.compile(r"^\d{4}$")
MUNICIPALITY_COLUMNS = ["cbs_code", "name", "province", "youth_care_region"]
REGION_COLUMNS = ["child_protection_region", "province", "youth_care_region"]


class ReferenceDataError(ValueError):
    """A data file is missing, malformed or inconsistent; the message names file and line."""


@dataclass(frozen=True)
class Municipality:
    cbs_code: str
    name: str
    province: str
    youth_care_region: str
    child_protection_region: str


@dataclass(frozen=True)
class ReferenceData:
    year: int
    sources: dict[str, dict[str, str]]
    municipalities: tuple[Municipality, ...]

    @property
    def by_code(self) -> dict[str, Municipality]:
        return {m.cbs_code: m for m in self.municipalities}

    @property
    def youth_care_regions(self) -> list[str]:
        return sorted({m.youth_care_region for m in self.municipalities})

    @property
    def child_protection_regions(self) -> list[str]:
        return sorted({m.child_protection_region for m in self.municipalities})


def _read_csv(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows with their line numbers; every column present and non-empty unless it may be blank."""
    if not path.exists():
        raise ReferenceDataError(f"{path.name}: file not found")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            raise ReferenceDataError(
                f"{path.name}: line 1: expected columns {','.join(columns)}, "
                f"found {','.join(reader.fieldnames or [])}"
            )
        rows = []
        for row in reader:
            if None in row or any(value is None for value in row.values()):
                raise ReferenceDataError(
                    f"{path.name}: line {reader.line_num}: expected {len(columns)} columns"
                )
            rows.append((reader.line_num, {k: v.strip() for k, v in row.items()}))
        return rows


def _region_rule(rows: list[tuple[int, dict[str, str]]], filename: str) -> dict:
    """(province, youth-care region or '') → (child-protection region, line), no duplicates."""
    rule: dict[tuple[str, str], tuple[str, int]] = {}
    for line, row in rows:
        key = (row["province"], row["youth_care_region"])
        if not row["child_protection_region"] or not row["province"]:
            raise ReferenceDataError(f"{filename}: line {line}: region and province are required")
        if key in rule:
            raise ReferenceDataError(f"{filename}: line {line}: duplicate rule for {key}")
        rule[key] = (row["child_protection_region"], line)
    return rule


MANIFEST_FIELDS = ("what", "source", "source_url", "reference_date")


def _check_manifest_entry(filename: str, entry: object) -> None:
    if not isinstance(entry, dict):
        raise ReferenceDataError(f"manifest.json: {filename}: expected an object")
    missing = [name for name in MANIFEST_FIELDS if not entry.get(name)]
    if missing:
        raise ReferenceDataError(f"manifest.json: {filename}: missing {', '.join(missing)}")
    try:
        date.fromisoformat(entry["reference_date"])
    except (TypeError, ValueError) as error:
        raise ReferenceDataError(
            f"manifest.json: {filename}: reference_date {entry['reference_date']!r} is not an "
            "ISO date"
        ) from error


def load_reference_data(year: int | None = None, data_dir: Path = DATA_DIR) -> ReferenceData:
    """Read and validate the files of ``year`` (default: the manifest's year).

    Raises :class:`ReferenceDataError` on any defect.
    """
    manifest_path = data_dir / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ReferenceDataError(f"manifest.json: {error}") from error
    year = manifest.get("year") if year is None else year
    if manifest.get("year") != year or not isinstance(year, int):
        raise ReferenceDataError(f"manifest.json: holds year {manifest.get('year')}, not {year}")
    municipalities_file = f"municipalities-{year}.csv"
    regions_file = f"child-protection-regions-{year}.csv"
    for filename in (municipalities_file, regions_file):
        if filename not in manifest.get("files", {}):
            raise ReferenceDataError(f"manifest.json: no source recorded for {filename}")
        _check_manifest_entry(filename, manifest["files"][filename])

    rule = _region_rule(_read_csv(data_dir / regions_file, REGION_COLUMNS), regions_file)
    municipalities: list[Municipality] = []
    seen_codes: dict[str, int] = {}
    used: set[tuple[str, str]] = set()
    for line, row in _read_csv(data_dir / municipalities_file, MUNICIPALITY_COLUMNS):
        code = row["cbs_code"]
        where = f"{municipalities_file}: line {line}"
        if not CBS_CODE.match(code):
            raise ReferenceDataError(f"{where}: CBS code {code!r} is not four digits")
        if code in seen_codes:
            raise ReferenceDataError(f"{where}: CBS code {code} already on line {seen_codes[code]}")
        seen_codes[code] = line
        if not all(row[column] for column in MUNICIPALITY_COLUMNS):
            raise ReferenceDataError(f"{where}: every column is required")
        key = (row["province"], row["youth_care_region"])
        key = key if key in rule else (row["province"], "")
        if key not in rule:
            raise ReferenceDataError(
                f"{where}: no child-protection region for province {row['province']!r} "
                f"and youth-care region {row['youth_care_region']!r}"
            )
        used.add(key)
        municipalities.append(Municipality(child_protection_region=rule[key][0], **row))
    for key, (_region, line) in rule.items():
        if key not in used:
            raise ReferenceDataError(
                f"{regions_file}: line {line}: no municipality in province {key[0]!r}"
                + (f" and youth-care region {key[1]!r}" if key[1] else "")
            )
    return ReferenceData(year=year, sources=manifest["files"], municipalities=tuple(municipalities))


@cache
def current() -> ReferenceData:
    """The current year's reference data, read once per process."""
    return load_reference_data()


def youth_care_region_of(cbs_code: str) -> str | None:
    """The youth-care region (jeugdzorgregio) of a municipality, or None for an unknown code."""
    municipality = current().by_code.get(cbs_code)
    return municipality.youth_care_region if municipality else None
