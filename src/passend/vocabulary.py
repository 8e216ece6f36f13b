"""Controlled vocabularies shared by every context (DOMAIN §8).

Codes are lower-case ASCII and stable: they travel in interchange files and are stored in the
database. Labels are English source strings marked for translation (the UI speaks Dutch through
``locale/nl``); ``_`` here only marks them, so this module stays free of Django.
"""

from __future__ import annotations


def _(text: str) -> str:
    """Mark a label for translation without importing Django (xgettext picks up ``_``)."""
    return text


NEEDS: dict[str, str] = {
    "gedrag": _("Behaviour, aggression"),
    "ggz": _("Mental health"),
    "trauma": _("Trauma"),
    "verslaving": _("Addiction"),
    "lvb": _("Mild intellectual disability"),
    "autisme": _("Autism"),
    "seksueel_grensoverschrijdend": _("Sexually transgressive behaviour"),
    "zelfbeschadiging": _("Self-harm, suicidality"),
    "crimineel_gedrag": _("Criminal behaviour"),
    "uitbuiting": _("Victim of exploitation"),
    "complexe_scheiding": _("Complex divorce"),
    "opvoeding": _("Parenting support"),
}

CARE_FORMS: dict[str, str] = {
    "ambulant": _("Ambulant help"),
    "dagbehandeling": _("Day treatment"),
    "pleegzorg": _("Foster care"),
    "gezinshuis": _("Family home"),
    "residentieel": _("Open residential care"),
    "crisis": _("Crisis place"),
    "gesloten": _("Closed youth care (JeugdzorgPlus)"),
}

COMPLEMENTARY_CARE_FORMS: frozenset[str] = frozenset({"ambulant", "dagbehandeling"})
"""Care forms that may be added to a primary offer in a package (DOMAIN §3, matching rules)."""

RESIDENTIAL_CARE_FORMS: frozenset[str] = frozenset(
    {"pleegzorg", "gezinshuis", "residentieel", "crisis", "gesloten"}
)
"""Care forms with a 24/7 stay, for which group size and staff ratio mean something."""
