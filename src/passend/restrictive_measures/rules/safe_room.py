"""The separate and safe room for a lock-in: the checklist of the Besluit Jeugdwet, pure.

A lock-in is allowed only in a separate and safe room (Youth Act 6.3.2.2 lid 1 f); the rules on
that room are set by order in council under lid 6, in Besluit Jeugdwet art. 6.2.5 (in force for
JeugdzorgPlus from 1 July 2024). As the inspectorate summarises them (``seeds/001``,
"Kindvriendelijke afzonderlijke en veilige ruimte"): enough daylight; lighting, a temperature
control and ventilation the youth can regulate; a clock; an injury-preventing door, walls, floor
and furniture; the youth may use media and keep personal belongings unless they endanger health
or safety; staff check the youth's condition regularly and have direct contact when the youth
wishes.

A room is compliant if, and only if, every item is met. A room turned into an open "chill room"
is not such a room: it is recorded as not in use for lock-ins.

Simplification: the items are recorded as met or not; the decree's wording (e.g. what "enough"
daylight is) is judged by people. The reference set holds no text of the decree, so the items
follow the inspectorate's summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from passend.law import Act, Citation

BESLUIT_JEUGDWET = Act(
    name="Besluit Jeugdwet",
    short_name="Besluit Jeugdwet",
    bwb_id="BWBR0035779",
    version_date=date(2025, 1, 1),
)
"""The Youth Decree; its text is not in the reference set (the articles follow ``seeds/001``)."""

SAFE_ROOM_REQUIREMENTS = Citation(BESLUIT_JEUGDWET, "6.2.5")


def _(text: str) -> str:
    """Mark a label for translation without importing Django (xgettext picks up ``_``)."""
    return text


CHECKLIST: dict[str, str] = {
    "daylight": _("Enough daylight"),
    "lighting_regulable": _("Lighting the youth can regulate"),
    "temperature_regulable": _("Temperature the youth can regulate"),
    "ventilation_regulable": _("Ventilation the youth can regulate"),
    "clock": _("A clock"),
    "door_injury_preventing": _("Injury-preventing door"),
    "walls_injury_preventing": _("Injury-preventing walls"),
    "floor_injury_preventing": _("Injury-preventing floor"),
    "furniture_injury_preventing": _("Injury-preventing furniture"),
    "media_and_belongings": _("Media and personal belongings allowed unless dangerous"),
    "regular_checks": _("Staff check the youth's condition regularly"),
    "contact_on_request": _("Direct contact with staff when the youth wishes"),
}
"""Checklist item code → label, in the order of the decree's summary (Besluit Jeugdwet 6.2.5)."""


def missing(items: Mapping[str, bool | None]) -> tuple[str, ...]:
    """The checklist items not recorded as met (``False`` or absent), in checklist order."""
    return tuple(code for code in CHECKLIST if items.get(code) is not True)


def compliant(items: Mapping[str, bool | None], *, in_use: bool = True) -> bool:
    """A room meets the requirements if, and only if, it is in use as a safe room and every
    checklist item is met (Besluit Jeugdwet 6.2.5, under Youth Act 6.3.2.2 lid 6)."""
    return in_use and not missing(items)
