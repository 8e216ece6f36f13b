"""Plain-Dutch explanations: why this package, and why not that offer.

:func:`explanation` gives the one line the care broker reads beside a proposal, e.g. "Dekt 3 van
3 hulpvragen in eigen regio, vrije plek, kleinschalig." :func:`rejections` answers, for one
youth, why each offer outside the proposal was not proposed, naming the hard rule it breaks
(codes and sentences in :data:`passend.matching.rules.hard.REJECTION_REASONS`).
"""

from __future__ import annotations

from passend.matching.rules import hard
from passend.matching.rules.model import (
    OUT_OF_REGION_NO_CARE_REASON,
    OUT_OF_REGION_NO_FIT,
    OUT_OF_REGION_SAFETY,
    Offer,
    Package,
    Score,
    Youth,
)
from passend.matching.rules.packages import Catalogue, complement_sets, packages_for
from passend.vocabulary import NEEDS

REGION_PHRASES: dict[str, str] = {
    OUT_OF_REGION_SAFETY: "buiten eigen regio vanwege veiligheid",
    OUT_OF_REGION_NO_FIT: "buiten eigen regio want de eigen regio dekt minder hulpvragen",
    OUT_OF_REGION_NO_CARE_REASON: "buiten eigen regio zonder zorgreden, "
    "terwijl de eigen regio evenveel hulpvragen dekt",
}
"""How the explanation names an out-of-region package, per reason."""

INSPECTION_PHRASES: dict[str, str] = {
    "verscherpt_toezicht": "aanbieder onder verscherpt toezicht",
    "aanwijzing": "aanbieder heeft een aanwijzing",
}
"""Inspection measures the explanation mentions, most severe first; it names the worst one."""


def _needs_phrase(covered: int, total: int) -> str:
    noun = "hulpvraag" if total == 1 else "hulpvragen"
    return f"Dekt {covered} van {total} {noun}"


def _wait_phrase(package: Package) -> str:
    wait = package.expected_wait_days
    if wait:
        return f"wachttijd {wait} {'dag' if wait == 1 else 'dagen'}"
    return "vrije plek" if package.free_place else "geen wachttijd"


def explanation(
    youth: Youth,
    package: Package,
    covered: frozenset[str],
    out_of_region_reason: str | None,
    score: Score,
) -> str:
    """One line in plain Dutch: needs covered, region, wait, then what else stands out. Out of
    region it names the reason (:data:`REGION_PHRASES`), in region ``out_of_region_reason`` is
    None."""
    region = (
        "in eigen regio" if out_of_region_reason is None else REGION_PHRASES[out_of_region_reason]
    )
    parts = [f"{_needs_phrase(len(covered), len(youth.needs))} {region}", _wait_phrase(package)]
    if score.values["small_scale"]:
        parts.append("kleinschalig")
    if package.complements:
        count = len(package.complements)
        parts.append(
            f"met {count} {'aanvullend aanbod' if count == 1 else 'aanvullende aanbiedingen'}"
        )
    if score.values["continuity"]:
        parts.append("sluit aan op huidige hulp")
    if score.values["education"]:
        parts.append("met onderwijs")
    statuses = {offer.inspection_status for offer in package.offers}
    parts.extend(
        [phrase for status, phrase in INSPECTION_PHRASES.items() if status in statuses][:1]
    )
    missing = [need.replace("_", " ") for need in NEEDS if need in youth.needs - covered]
    if missing:
        parts.append(f"niet gedekt: {', '.join(missing)}")
    return ", ".join(parts) + "."


def _complement_rejection(youth: Youth, offer: Offer, allowed_primaries: list[Offer]) -> str:
    """Why a complement that passes the offer-level rules is in no package."""
    if any(hard.linked(primary, offer) for primary in allowed_primaries):
        return hard.ADDS_NOTHING
    return hard.LINK


def _primary_rejection(
    youth: Youth, offer: Offer, catalogue: Catalogue, max_complements: int
) -> tuple[str, ...]:
    """Why an offer that may be this youth's primary by the offer-level rules is in no package:
    it covers no need, even with complements; out of region it has no free place; or out of
    region the own region covers as many needs (and there is no safety reason)."""
    if not any(
        hard.covers_a_need(youth, (offer, *complements))
        for complements in complement_sets(youth, offer, catalogue, max_complements)
    ):
        return (hard.NO_NEED,)
    if not hard.has_free_place(offer):
        return (hard.AWAY_WITHOUT_PLACE,)
    return (hard.OUT_OF_REGION,)


def rejections(
    youth: Youth,
    catalogue: Catalogue,
    max_complements: int,
    proposed: Package | None,
) -> dict[str, tuple[str, ...]]:
    """For every offer not in the proposed package: the rules it breaks for this youth, or
    ``niet_gekozen`` when it breaks none (a better package won, or its place went to another
    youth with priority). Codes are keys of :data:`hard.REJECTION_REASONS`."""
    packages = packages_for(youth, catalogue, max_complements)
    in_some_package = {offer.id for package in packages for offer in package.offers}
    allowed_primaries = list({p.primary.id: p.primary for p in packages}.values())
    chosen = set(proposed.offer_ids) if proposed else set()
    found: dict[str, tuple[str, ...]] = {}
    for offer in catalogue.offers:
        if offer.id in chosen:
            continue
        broken = hard.offer_rejections(youth, offer)
        complement_only = broken == (hard.PRIMARY_NEED,) and hard.is_complementary(offer)
        if broken and not complement_only:
            found[offer.id] = broken
        elif offer.id in in_some_package:
            found[offer.id] = (hard.NOT_CHOSEN,)
        elif hard.fits_care_form(youth, offer) and not complement_only:
            found[offer.id] = _primary_rejection(youth, offer, catalogue, max_complements)
        else:
            found[offer.id] = (_complement_rejection(youth, offer, allowed_primaries),)
    return found
