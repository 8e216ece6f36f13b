"""Code lists as choices for forms and model fields, their labels translated when shown.

The pure vocabularies (:mod:`passend.vocabulary`, the rules packages) hold English labels that
are only *marked* for translation; this is where the Django layer turns them into lazy
translations, so the Dutch interface shows Dutch labels.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy


def translated_choices(labels: Mapping) -> list[tuple[str, str]]:
    """(code, label) pairs in the mapping's order; plain labels become lazy translations."""
    return [
        (str(code), label if isinstance(label, Promise) else gettext_lazy(label))
        for code, label in labels.items()
    ]


def label_of(labels: Mapping[str, str], code: str) -> str:
    """The translated label of a code, or the code itself when the list does not know it."""
    return gettext(labels[code]) if code in labels else code
