"""The kinds of freedom-restricting measure (DOMAIN §8) and what the law attaches to each.

The Youth Act lists, exhaustively, the measures a closed accommodation may apply (6.3.1.1 lid 3:
only those of 6.3.2.1 to 6.3.2.5). Each kind carries its article and the properties the legality
check needs: whether the youth must be told its duration beforehand, whether it is a search, and
so on. The codes are the stable interchange codes of DOMAIN §8, defined here and nowhere else.

A provider may still register a measure outside that list (say ``fixatie``): it happened and must
be flagged, not refused. Any well-formed code (:data:`KIND_CODE`) is therefore a kind;
:func:`kind_of` gives the §8 kind of a code, or an *unlisted* kind that is prohibited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from passend.law import JEUGDWET, Citation


@dataclass(frozen=True)
class MeasureKind:
    """One kind of measure, its article and the rules that depend on the kind."""

    code: str
    citation: Citation
    label: str
    duration_told: bool = False
    """The youth is told the duration beforehand (6.3.2.2 lid 7: lid 1 b–f)."""
    search: bool = False
    """A search or test, allowed only on a grounded suspicion (6.3.2.5 lid 1)."""
    in_presence: bool = False
    """Only in the youth's presence (6.3.2.5 lid 1 d–e)."""
    inform_gi_or_parents: bool = False
    """The GI or parents are informed of its use (6.7.2 lid 1: 6.3.2.2 lid 1 d and f, 6.3.2.3)."""
    lock_in: bool = False
    """A lock-in in a separate and safe room, with its own age and time limits (6.3.2.2 lid 2–5)."""
    prohibited: bool = False
    """Not among the measures the law allows (6.3.1.1 lid 3): recorded only to be flagged."""
    listed: bool = True
    """A code of DOMAIN §8; ``False`` for a code outside it (:func:`kind_of`)."""


def _article(article: str, paragraph: str | None = None, item: str | None = None) -> Citation:
    return Citation(JEUGDWET, article, paragraph, item)


ONLY_LISTED_MEASURES = _article("6.3.1.1", "3")
"""6.3.1.1 lid 3: "In een gesloten accommodatie kunnen uitsluitend de in de artikelen 6.3.2.1 tot
en met 6.3.2.5 opgenomen vrijheidsbeperkende maatregelen worden toegepast." """

KINDS: dict[str, MeasureKind] = {
    kind.code: kind
    for kind in (
        MeasureKind(
            "toezicht",
            _article("6.3.2.1"),
            "Supervision during the stay (cameras, door alarms, electronic)",
        ),
        MeasureKind(
            "vastpakken",
            _article("6.3.2.2", "1", "a"),
            "Holding, or holding and restraining",
        ),
        MeasureKind(
            "plaatsverbod",
            _article("6.3.2.2", "1", "b"),
            "Ban on being in places named in the help plan",
            duration_told=True,
        ),
        MeasureKind(
            "beperking_activiteiten",
            _article("6.3.2.2", "1", "c"),
            "Limited participation in group activities",
            duration_told=True,
        ),
        MeasureKind(
            "overplaatsing",
            _article("6.3.2.2", "1", "d"),
            "Temporary transfer within or to another closed accommodation",
            duration_told=True,
            inform_gi_or_parents=True,
        ),
        MeasureKind(
            "kamerverblijf",
            _article("6.3.2.2", "1", "e"),
            "Obligation to stay in own room or a separate room, not locked",
            duration_told=True,
        ),
        MeasureKind(
            "insluiting",
            _article("6.3.2.2", "1", "f"),
            "Lock-in in a separate and safe room",
            duration_told=True,
            inform_gi_or_parents=True,
            lock_in=True,
        ),
        MeasureKind(
            "verplicht_programma",
            _article("6.3.2.3", item="a"),
            "Obligation to take part in youth-care programmes",
            inform_gi_or_parents=True,
        ),
        MeasureKind(
            "verplichte_behandeling",
            _article("6.3.2.3", item="b"),
            "Obligation to undergo medical treatment or medication",
            inform_gi_or_parents=True,
        ),
        MeasureKind(
            "beperking_communicatie",
            _article("6.3.2.4", "1", "a"),
            "Limited letters, phone and other means of communication",
        ),
        MeasureKind(
            "beperking_bezoek",
            _article("6.3.2.4", "1", "b"),
            "Limited visits",
        ),
        MeasureKind(
            "toezicht_communicatie",
            _article("6.3.2.4", "1", "c"),
            "Supervision of phone calls, communication and visits",
        ),
        MeasureKind(
            "onderzoek_lichaam",
            _article("6.3.2.5", "1", "a"),
            "Body search",
            search=True,
        ),
        MeasureKind(
            "onderzoek_kleding",
            _article("6.3.2.5", "1", "b"),
            "Clothing search",
            search=True,
        ),
        MeasureKind(
            "onderzoek_urine",
            _article("6.3.2.5", "1", "c"),
            "Urine test",
            search=True,
        ),
        MeasureKind(
            "onderzoek_kamer",
            _article("6.3.2.5", "1", "d"),
            "Room search",
            search=True,
            in_presence=True,
        ),
        MeasureKind(
            "onderzoek_post",
            _article("6.3.2.5", "1", "e"),
            "Post search",
            search=True,
            in_presence=True,
        ),
        MeasureKind(
            "insluiting_eigen_kamer",
            ONLY_LISTED_MEASURES,
            "Lock-in in the youth's own bedroom (prohibited; 6.3.1.1 lid 3 with 6.3.2.2 lid 1 e–f)",
            prohibited=True,
        ),
    )
}
"""Kind code → kind, in the order of DOMAIN §8 (the order of the law)."""

KIND_CODE = re.compile(r"[a-z][a-z0-9_]*")
"""A well-formed kind code: lower-case ASCII letters, digits and underscores, starting with a
letter (DOMAIN §8: "Codes are lower-case ASCII and stable")."""

KIND_CODE_MAX_LENGTH = 30
"""The longest kind code accepted; the longest of §8 (``insluiting_eigen_kamer``) has 22."""


def well_formed(code: str) -> bool:
    """Whether ``code`` has the form of a kind code (:data:`KIND_CODE`, at most 30 characters)."""
    return len(code) <= KIND_CODE_MAX_LENGTH and KIND_CODE.fullmatch(code) is not None


def kind_of(code: str) -> MeasureKind:
    """The kind a code stands for: a kind of DOMAIN §8, or else an unlisted, prohibited kind.

    A closed accommodation may apply only the measures of 6.3.2.1–6.3.2.5 (6.3.1.1 lid 3), so a
    measure registered under any other code was unlawful. The unlisted kind cites that paragraph
    and has none of the properties of a listed kind: the rules that hang on them (lock-in limits,
    searches, informing, the duration told) do not apply, and the emergency exception does not
    make it lawful. The caller checks that the code is well formed (:func:`well_formed`).
    """
    listed = KINDS.get(code)
    if listed is not None:
        return listed
    return MeasureKind(
        code,
        ONLY_LISTED_MEASURES,
        f"Measure not listed in the law ({code})",
        prohibited=True,
        listed=False,
    )


def in_law_order(codes: Iterable[str]) -> tuple[str, ...]:
    """Every kind of DOMAIN §8 in the order of the law, then the unlisted codes among ``codes``
    in alphabetical order: the one order of kinds in every count and delivery."""
    return (*KINDS, *sorted(set(codes) - KINDS.keys()))
