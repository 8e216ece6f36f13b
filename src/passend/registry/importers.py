"""Import organisations from CSV: all or nothing, every error with its line number."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from passend.registry.models import ChildProtectionRegion, Municipality, Organisation

COLUMNS = ["reference", "name", "kind", "child_protection_region", "municipality"]
COMPARED = ("name", "kind", "child_protection_region_id", "municipality_id")


def snapshot(organisation: Organisation) -> tuple:
    return tuple(getattr(organisation, field) for field in COMPARED)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


class ImportFailed(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _rows(text: str) -> tuple[list[tuple[int, dict]], list[str]]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != COLUMNS:
        return [], [f"line 1: expected columns {','.join(COLUMNS)}"]
    rows, errors = [], []
    for row in reader:
        if None in row or None in row.values():
            errors.append(f"line {reader.line_num}: expected {len(COLUMNS)} columns")
            continue
        rows.append((reader.line_num, {key: value.strip() for key, value in row.items()}))
    return rows, errors


@transaction.atomic
def import_organisations(text: str) -> ImportResult:
    """Create or update organisations by reference; nothing is written if any line is wrong."""
    rows, errors = _rows(text)
    regions = {r.name: r for r in ChildProtectionRegion.objects.all()}
    municipalities = {m.cbs_code: m for m in Municipality.objects.all()}
    seen: dict[str, int] = {}
    prepared = []
    for line, row in rows:
        where = f"line {line}"
        if row["reference"] in seen:
            errors.append(
                f"{where}: reference {row['reference']} already on line {seen[row['reference']]}"
            )
            continue
        seen[row["reference"]] = line
        if row["kind"] not in Organisation.Kind.values:
            kinds = ", ".join(Organisation.Kind.values)
            errors.append(f"{where}: unknown kind {row['kind']!r} (one of {kinds})")
            continue
        region = (
            regions.get(row["child_protection_region"]) if row["child_protection_region"] else None
        )
        if row["child_protection_region"] and region is None:
            errors.append(
                f"{where}: unknown child-protection region {row['child_protection_region']!r}"
            )
            continue
        municipality = municipalities.get(row["municipality"]) if row["municipality"] else None
        if row["municipality"] and municipality is None:
            errors.append(f"{where}: unknown municipality CBS code {row['municipality']!r}")
            continue
        organisation = Organisation.objects.filter(
            reference=row["reference"]
        ).first() or Organisation(reference=row["reference"])
        before = snapshot(organisation)
        organisation.name = row["name"]
        organisation.kind = row["kind"]
        organisation.child_protection_region = region
        organisation.municipality = municipality
        try:
            organisation.full_clean()
        except ValidationError as error:
            errors.append(f"{where}: {'; '.join(error.messages)}")
            continue
        prepared.append((organisation, before))
    if errors:
        raise ImportFailed(errors)
    created = updated = unchanged = 0
    for organisation, before in prepared:
        after = snapshot(organisation)
        if organisation.pk is None:
            created += 1
        elif after != before:
            updated += 1
        else:
            unchanged += 1
            continue
        organisation.save()
    return ImportResult(created=created, updated=updated, unchanged=unchanged)
