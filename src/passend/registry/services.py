"""Writes to the registry: loading a year's reference data files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from passend.registry.models import (
    ChildProtectionRegion,
    Municipality,
    ReferenceDataFile,
    YouthCareRegion,
)
from passend.registry.reference import DATA_DIR, ReferenceData


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def load_reference_data(data: ReferenceData, data_dir: Path = DATA_DIR) -> LoadResult:
    """Store validated reference data; loading the same files again changes nothing."""
    protection = {
        name: ChildProtectionRegion.objects.get_or_create(name=name)[0]
        for name in data.child_protection_regions
    }
    youth_care = {
        name: YouthCareRegion.objects.get_or_create(name=name)[0]
        for name in data.youth_care_regions
    }
    existing = {m.cbs_code: m for m in Municipality.objects.all()}
    created = updated = unchanged = 0
    for item in data.municipalities:
        values = {
            "name": item.name,
            "province": item.province,
            "youth_care_region": youth_care[item.youth_care_region],
            "child_protection_region": protection[item.child_protection_region],
            "year": data.year,
        }
        current = existing.get(item.cbs_code)
        if current is None:
            Municipality.objects.create(cbs_code=item.cbs_code, **values)
            created += 1
        elif any(getattr(current, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(current, field, value)
            current.save()
            updated += 1
        else:
            unchanged += 1
    for filename, source in data.sources.items():
        ReferenceDataFile.objects.update_or_create(
            year=data.year,
            filename=filename,
            defaults={
                "what": source["what"],
                "source": source["source"],
                "source_url": source["source_url"],
                "reference_date": date.fromisoformat(source["reference_date"]),
                "sha256": hashlib.sha256((data_dir / filename).read_bytes()).hexdigest(),
            },
        )
    return LoadResult(created=created, updated=updated, unchanged=unchanged)
