"""The Dutch interface is complete, and the committed catalogue is compiled from its source."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import passend

LOCALE = Path(passend.__file__).parent / "locale"
ENTRY = re.compile(
    r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?((?:msgstr.*\n(?:".*"\n)*)+)', re.M
)


def po_entries(language: str) -> dict[str, list[str]]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = {}
    for msgid, msgstrs in ENTRY.findall(text + "\n"):
        key = "".join(re.findall(r'"(.*)"', msgid))
        if key:
            # Each msgstr with its continuation lines (makemessages wraps long strings).
            entries[key] = [
                "".join(re.findall(r'"(.*)"', part))
                for part in re.split(r"^(?=msgstr)", msgstrs, flags=re.M)
                if part.strip()
            ]
    return entries


def test_every_dutch_string_is_translated():
    entries = po_entries("nl")
    untranslated = [msgid for msgid, strs in entries.items() if not all(strs)]
    assert len(entries) > 200
    assert untranslated == []


def test_no_fuzzy_dutch_entries():
    text = (LOCALE / "nl" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text


def test_compiled_catalogue_matches_its_source():
    """A .po edited without `make messages` would leave the UI on stale strings."""
    with (LOCALE / "nl" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstrs in po_entries("nl").items():
        if len(msgstrs) > 1:
            assert compiled.ngettext(msgid, msgid + "s", 1) == msgstrs[0], msgid
        else:
            assert compiled.gettext(unescape(msgid)) == unescape(msgstrs[0]), msgid


def unescape(text: str) -> str:
    return text.replace('\\"', '"')
