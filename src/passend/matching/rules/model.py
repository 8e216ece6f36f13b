"""The plain data the matching core works on: youth, offers, packages and the outcome.

Everything here is a frozen dataclass built from the interchange format (``interchange.py``) or
a test; no rule reads a database. Codes for needs and care forms come from
:mod:`passend.vocabulary`; the few codes that only matching uses are defined here, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

URGENCIES: tuple[str, ...] = ("crisis", "high", "normal")
"""Urgency codes of a waiting youth, most urgent first."""

INSPECTION_STATUSES: tuple[str, ...] = ("aanwijzing", "verscherpt_toezicht", "clientenstop")
"""Inspection measures an offer's provider may be under (DOMAIN §3). ``clientenstop`` means the
offer takes no new placements, exactly as the ``client_stop`` flag."""

OUT_OF_REGION_SAFETY = "veiligheid"
"""Out of region because the youth's own network threatens their safety (recorded in the file)."""

OUT_OF_REGION_NO_FIT = "geen_passend_aanbod_in_regio"
"""Out of region because no in-region package with places left covers as many needs."""

OUT_OF_REGION_NO_CARE_REASON = "geen_zorgreden"
"""Out of region without a care reason: no safety reason, and an in-region package with places
left covers as many needs. DOMAIN §3 forbids it; only the baseline does it. It is a code, not an
empty field, so that every out-of-region assignment carries a flag;
``share_out_of_region_without_reason`` counts exactly these."""

UNASSIGNED_NO_PACKAGE = "geen_passend_pakket"
"""No package covers any of this youth's needs under the hard rules, anywhere, whatever the
other youth get."""

UNASSIGNED_NO_PLACE = "geen_plaats"
"""Packages exist, but their free places went to other youth and no waiting list is short
enough."""

UNASSIGNED_ONLY_AWAY_WAITING = "alleen_wachtlijst_buiten_regio"
"""Packages that help exist only outside the own region, none with a free place at its primary
offer: the youth waits in the own region (:func:`passend.matching.rules.hard.away_on_free_place`)
and the care broker decides."""


@dataclass(frozen=True)
class Youth:
    """A youth waiting for help, as the care broker records them."""

    id: str
    age: int
    municipality: str
    needs: frozenset[str]
    care_form: str
    urgency: str
    waiting_since: date
    max_wait_days: int
    safety_reason_out_of_region: bool = False
    current_offers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Offer:
    """A provider location offering one care form with expertise for some needs.

    ``staff_ratio`` is staff members per youth on the group: 1:4 is ``0.25``, higher is better.
    ``education`` says the offer has a link with education (school on site or arranged).
    """

    id: str
    provider: str
    municipality: str
    care_form: str
    needs: frozenset[str]
    age_min: int
    age_max: int
    free_places: int
    wait_days: int
    group_size: int | None = None
    staff_ratio: float | None = None
    client_stop: bool = False
    cooperates_with: frozenset[str] = frozenset()
    inspection_status: str | None = None
    education: bool = False


@dataclass(frozen=True)
class Problem:
    """One matching question: who waits, what is on offer, as of which date."""

    as_of: date
    youth: tuple[Youth, ...]
    offers: tuple[Offer, ...]


@dataclass(frozen=True)
class Package:
    """One primary offer plus complements, and which of them the youth takes on a free place.

    Offers not in ``free_place`` take the youth on their waiting list.
    """

    primary: Offer
    complements: tuple[Offer, ...] = ()
    free_place: frozenset[str] = frozenset()

    @property
    def offers(self) -> tuple[Offer, ...]:
        return (self.primary, *self.complements)

    @property
    def offer_ids(self) -> tuple[str, ...]:
        return tuple(offer.id for offer in self.offers)

    @property
    def expected_wait_days(self) -> int:
        """The longest wait among the offers; an offer used on a free place waits 0 days."""
        return max(
            (offer.wait_days for offer in self.offers if offer.id not in self.free_place),
            default=0,
        )


@dataclass(frozen=True)
class Score:
    """A package's fit for one youth: each criterion's value in [0, 1], its points (value times
    weight) and the total of the points."""

    values: dict[str, float] = field(hash=False)
    points: dict[str, float] = field(hash=False)
    total: float


@dataclass(frozen=True)
class Assignment:
    youth: Youth
    package: Package
    covered: frozenset[str]
    in_own_region: bool
    out_of_region_reason: str | None
    score: Score
    explanation: str

    @property
    def uncovered(self) -> frozenset[str]:
        return self.youth.needs - self.covered


@dataclass(frozen=True)
class Unassigned:
    youth: Youth
    reason: str


@dataclass(frozen=True)
class Outcome:
    """The result of one strategy: every youth exactly once, plus the figures."""

    strategy: str
    assignments: tuple[Assignment, ...]
    unassigned: tuple[Unassigned, ...]
    metrics: dict[str, float | int | None] = field(hash=False)
