"""Registrations for tests: a lawful baseline per kind, changed field by field.

Records are built as JSON-like dicts and parsed by the real parser, so tests exercise the same way
in as the command line and the importer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..kinds import kind_of
from ..registration import Registration, parse_record

START = "2026-03-02T14:30"

LAWFUL: dict[str, Any] = {
    "id": "VBM-1",
    "youth": "Y-0001",
    "birth_date": "2011-06-15",
    "location": "LOC-JZP-1",
    "setting": "gesloten",
    "authorisation": "machtiging",
    "kind": "beperking_bezoek",
    "start": START,
    "end": "2026-03-09T14:30",
    "emergency": False,
    "in_help_plan": True,
    "generic": False,
    "alternatives_considered": ["supervised visits", "visits at a neutral place"],
    "proportionality": "limited to the two contacts linked to the exploitation",
    "expected_effective": "contact with the recruiters stopped during earlier leave",
    "motivation": "protect the youth from renewed exploitation",
    "decided_by": "JHV-07",
    "youth_informed_duration": True,
    "copy_to_youth": True,
    "complaint_rights_informed": True,
    "behavioural_scientist_consent": True,
    "safe_room_compliant": True,
    "grounded_suspicion": True,
    "youth_present": True,
    "gi_or_parents_informed": True,
}
"""A lawful measure in the help plan, without warnings, for every kind except a lock-in."""

LAWFUL_LOCK_IN: dict[str, Any] = LAWFUL | {
    "kind": "insluiting",
    "emergency": True,
    "in_help_plan": False,
    "end": "2026-03-02T17:30",
}
"""A lawful three-hour lock-in to avert an emergency, without warnings."""


def record(kind: str = "beperking_bezoek", **changes: Any) -> dict[str, Any]:
    """The lawful baseline record of ``kind`` with ``changes`` applied (``None`` → null)."""
    baseline = LAWFUL_LOCK_IN if kind_of(kind).lock_in else LAWFUL | {"kind": kind}
    return baseline | changes


def registration(kind: str = "beperking_bezoek", **changes: Any) -> Registration:
    """The lawful baseline of ``kind``, changed and parsed."""
    return parse_record(record(kind, **changes))


def after(duration: timedelta, start: str = START) -> str:
    """The ISO date-time ``duration`` after ``start``."""
    return (datetime.fromisoformat(start) + duration).isoformat(timespec="minutes")


EMERGENCY_OUTSIDE_PLAN: dict[str, Any] = {
    "emergency": True,
    "in_help_plan": False,
    "behavioural_scientist_consent": None,
}
"""Changes that make the baseline an emergency measure outside the plan, without consent."""
