"""Citations of Dutch law, written the same way everywhere.

Every rule that applies the law cites it through :class:`Citation`, so the act (with its
BWB identifier and the consolidation date the rule was written against) and the article can be
traced by a lawyer reading the code beside the law text. Acts are declared once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Act:
    """A Dutch act as published on wetten.overheid.nl, at one consolidation date."""

    name: str
    short_name: str
    bwb_id: str
    version_date: date

    @property
    def url(self) -> str:
        return f"https://wetten.overheid.nl/{self.bwb_id}/{self.version_date.isoformat()}"


@dataclass(frozen=True)
class Citation:
    """An article (and optionally a paragraph, *lid*, and sub-item) of an act.

    ``str(citation)`` gives the short form used in verdicts and exports, e.g. ``"6.3.1.2 lid 3"``;
    :attr:`label` adds the act's short name, e.g. ``"Jeugdwet 6.3.1.2 lid 3"``.
    """

    act: Act
    article: str
    paragraph: str | None = None
    item: str | None = None

    def __str__(self) -> str:
        text = self.article
        if self.paragraph:
            text += f" lid {self.paragraph}"
        if self.item:
            text += f" {self.item}"
        return text

    @property
    def label(self) -> str:
        return f"{self.act.short_name} {self}"

    @property
    def url(self) -> str:
        return f"{self.act.url}#Artikel{self.article}"


JEUGDWET = Act(
    name="Jeugdwet",
    short_name="Jeugdwet",
    bwb_id="BWBR0034925",
    version_date=date(2025, 1, 1),
)
"""Youth Act, as in force on 1 Jan 2025 (text in ``shared/reference/wetgeving/Jeugdwet.md``)."""

ALGEMENE_TERMIJNENWET = Act(
    name="Algemene termijnenwet",
    short_name="Atw",
    bwb_id="BWBR0002448",
    version_date=date(2013, 7, 1),
)
"""General Time Limits Act; art. 3 lists the generally recognised holidays."""

WET_ZORG_EN_DWANG = Act(
    name="Wet zorg en dwang psychogeriatrische en verstandelijk gehandicapte cliënten",
    short_name="Wzd",
    bwb_id="BWBR0040632",
    version_date=date(2025, 1, 1),
)

WET_VERPLICHTE_GGZ = Act(
    name="Wet verplichte geestelijke gezondheidszorg",
    short_name="Wvggz",
    bwb_id="BWBR0040635",
    version_date=date(2025, 1, 1),
)
