"""The hard rules of a package: one rule, one function (DOMAIN §3, "Matching rules").

A package that breaks any of these is never proposed, whatever its score. Most are DOMAIN's; two
*rules of fit* are decisions stricter than DOMAIN, which allows what they forbid but does not
oblige it: a package covers at least one need (:func:`covers_a_need`), and a package outside
the own region takes the youth on a free place (:func:`away_on_free_place`). The baseline, which
stands for today's practice, is measured on breaking them. The region rule needs the other
packages of the youth and the places left, so it lives in :mod:`passend.matching.rules.packages`
beside the enumeration; the rest judge one youth and one or two offers.
:data:`REJECTION_REASONS` names every rule in plain Dutch for the question "why was this offer
not proposed?".
"""

from __future__ import annotations

from functools import cache

from passend.matching.rules.model import Offer, Youth
from passend.registry.reference import youth_care_region_of
from passend.vocabulary import COMPLEMENTARY_CARE_FORMS

PRIMARY_ONLY_NEEDS: frozenset[str] = frozenset({"seksueel_grensoverschrijdend"})
"""Needs the place where the youth stays must handle itself; a complement cannot make up for a
primary offer that excludes them (DOMAIN §3: the primary must handle
``seksueel_grensoverschrijdend``)."""

CARE_FORM = "zorgvorm"
AGE = "leeftijd"
CLIENT_STOP = "clientenstop"
CAPACITY = "capaciteit"
PRIMARY_NEED = "hulpvraag_hoofdaanbod"
LINK = "geen_samenwerking"
ADDS_NOTHING = "voegt_niets_toe"
OUT_OF_REGION = "buiten_regio"
NO_NEED = "dekt_geen_hulpvraag"
AWAY_WITHOUT_PLACE = "buiten_regio_zonder_vrije_plek"
NOT_CHOSEN = "niet_gekozen"

REJECTION_REASONS: dict[str, str] = {
    CARE_FORM: "Zorgvorm past niet bij wat de jeugdige nodig heeft.",
    AGE: "Leeftijd van de jeugdige valt buiten het leeftijdsbereik.",
    CLIENT_STOP: "Aanbieder heeft een cliëntenstop.",
    CAPACITY: "Geen vrije plek en de wachttijd is langer dan de jeugdige kan wachten.",
    PRIMARY_NEED: "Kan seksueel grensoverschrijdend gedrag niet zelf opvangen.",
    LINK: "Werkt niet samen met een passend hoofdaanbod en ligt niet in diens regio.",
    ADDS_NOTHING: "Dekt geen hulpvraag die een passend hoofdaanbod niet al dekt.",
    OUT_OF_REGION: "Buiten de eigen regio, terwijl de eigen regio evenveel hulpvragen dekt "
    "en er geen veiligheidsreden is.",
    NO_NEED: "Dekt geen van de hulpvragen van de jeugdige, ook niet samen met aanvullend aanbod.",
    AWAY_WITHOUT_PLACE: "Buiten de eigen regio zonder vrije plek: buiten de regio alleen op een "
    "vrije plek, anders wacht de jeugdige in de eigen regio.",
    NOT_CHOSEN: "Voldoet aan de regels, maar een ander pakket past beter of de plek ging naar "
    "een jeugdige met voorrang.",
}
"""Hard-rule codes with the plain-Dutch sentence the UI shows for a rejected offer."""


@cache
def region_of(cbs_code: str) -> str | None:
    """The youth-care region of a municipality (registry CBS data), cached per process."""
    return youth_care_region_of(cbs_code)


def fits_care_form(youth: Youth, offer: Offer) -> bool:
    """A primary offer is of the care form the youth was referred to."""
    return offer.care_form == youth.care_form


def is_complementary(offer: Offer) -> bool:
    """Only ambulant help and day treatment may be added to a primary offer."""
    return offer.care_form in COMPLEMENTARY_CARE_FORMS


def fits_age(youth: Youth, offer: Offer) -> bool:
    """The youth's age lies within the offer's age range, both ends included."""
    return offer.age_min <= youth.age <= offer.age_max


def under_client_stop(offer: Offer) -> bool:
    """An offer under a client stop takes no new placements (DOMAIN §3, inspection status)."""
    return offer.client_stop or offer.inspection_status == "clientenstop"


def has_free_place(offer: Offer) -> bool:
    """The offer has at least one free place before anyone is matched."""
    return offer.free_places > 0


def wait_acceptable(youth: Youth, offer: Offer) -> bool:
    """The offer's waiting list is short enough: its wait is at most the youth's maximum."""
    return offer.wait_days <= youth.max_wait_days


def can_take_in(youth: Youth, offer: Offer) -> bool:
    """Capacity: the offer takes the youth on a free place or on an acceptable waiting list."""
    return has_free_place(offer) or wait_acceptable(youth, offer)


def handles_primary_only_needs(youth: Youth, primary: Offer) -> bool:
    """The primary offer handles every need of the youth that only a primary can handle."""
    return youth.needs & PRIMARY_ONLY_NEEDS <= primary.needs


def linked(primary: Offer, complement: Offer) -> bool:
    """A complement cooperates with the primary (named by either side) or lies in its region."""
    return (
        complement.id in primary.cooperates_with
        or primary.id in complement.cooperates_with
        or region_of(complement.municipality) == region_of(primary.municipality)
    )


def in_own_region(youth: Youth, primary: Offer) -> bool:
    """A package is in the youth's own region when its primary offer lies in the youth-care
    region of the youth's municipality (DOMAIN §3)."""
    return region_of(primary.municipality) == region_of(youth.municipality)


def adds_a_need(youth: Youth, complement: Offer, others: tuple[Offer, ...]) -> bool:
    """A complement covers at least one need of the youth that the other offers of the package
    do not: help is stacked for a reason, never for its own sake (a decision, not DOMAIN)."""
    rest = frozenset().union(*(offer.needs for offer in others))
    return bool(youth.needs & complement.needs - rest)


def covers_a_need(youth: Youth, offers: tuple[Offer, ...]) -> bool:
    """The offers together handle at least one of the youth's needs (any offers do for a youth
    without needs). A rule of fit, not DOMAIN's: a package that handles none of the needs is a
    place, not help — the "placed because there is a place" (report 000) that matching exists to
    end."""
    return not youth.needs or bool(youth.needs & frozenset().union(*(o.needs for o in offers)))


def away_on_free_place(youth: Youth, primary: Offer, free_place: frozenset[str]) -> bool:
    """A package outside the youth's own region takes the youth on a free place at its primary
    offer, never on its waiting list (in the own region either way is fine).

    A rule of fit, stricter than DOMAIN, which allows out of region with a safety reason or when
    the own region covers fewer needs but does not oblige it. Out of region costs the youth
    network, school and sports (DOMAIN §3); that is worth paying for help that starts now, where
    "waiting is needless when another provider has a place". A waiting list elsewhere is no such
    help: meanwhile the youth waits at home, where the own region can still arrange help, and a
    safety threat needs a safe place now, not a queue (the care broker can still register a
    youth elsewhere by hand). It also stops the format's uncapped waiting lists from sending any
    number of youth away.
    """
    return in_own_region(youth, primary) or primary.id in free_place


def offer_rejections(youth: Youth, offer: Offer) -> tuple[str, ...]:
    """The hard rules this offer breaks for this youth on its own, in the order the UI lists
    them: care form (as primary or as complement), age, client stop, capacity, primary need."""
    as_primary = fits_care_form(youth, offer)
    checks = (
        (CARE_FORM, as_primary or is_complementary(offer)),
        (AGE, fits_age(youth, offer)),
        (CLIENT_STOP, not under_client_stop(offer)),
        (CAPACITY, can_take_in(youth, offer)),
        (PRIMARY_NEED, not as_primary or handles_primary_only_needs(youth, offer)),
    )
    return tuple(code for code, passed in checks if not passed)
