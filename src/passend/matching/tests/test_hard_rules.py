"""Every hard rule of a package (DOMAIN §3), as hand-decided cases."""

import pytest

from passend.matching.rules import hard
from passend.matching.tests.factories import ALMERE, VEENDAM, ambulant, offer, youth


@pytest.mark.parametrize(
    ("offer_fields", "expected"),
    [
        ({}, True),  # same care form
        ({"care_form": "gezinshuis"}, False),  # a family home is not open residential care
    ],
)
def test_care_form(offer_fields, expected):
    """A primary offer must be of the care form the youth was referred to."""
    assert hard.fits_care_form(youth(), offer(**offer_fields)) is expected


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (12, True),  # lower end included
        (18, True),  # upper end included
        (11, False),
        (19, False),
    ],
)
def test_age(age, expected):
    """The youth's age lies in the offer's range, both ends included."""
    assert hard.fits_age(youth(age=age), offer(age_min=12, age_max=18)) is expected


@pytest.mark.parametrize(
    ("offer_fields", "expected"),
    [
        ({}, False),
        ({"client_stop": True}, True),
        ({"inspection_status": "clientenstop"}, True),  # the status means the same
        ({"inspection_status": "aanwijzing"}, False),  # an instruction is no stop
    ],
)
def test_client_stop(offer_fields, expected):
    """An offer under a client stop takes no new placements."""
    assert hard.under_client_stop(offer(**offer_fields)) is expected


@pytest.mark.parametrize(
    ("free_places", "wait_days", "max_wait", "expected"),
    [
        (1, 200, 0, True),  # a free place, however long the list
        (0, 30, 30, True),  # waiting list exactly at the maximum
        (0, 31, 30, False),  # one day too long and no free place
        (0, 0, 0, True),  # no waiting at all
    ],
)
def test_capacity(free_places, wait_days, max_wait, expected):
    """Capacity: a free place, or a waiting list no longer than the youth's maximum."""
    subject = offer(free_places=free_places, wait_days=wait_days)
    assert hard.can_take_in(youth(max_wait_days=max_wait), subject) is expected


@pytest.mark.parametrize(
    ("youth_needs", "primary_needs", "expected"),
    [
        ({"gedrag"}, {"gedrag"}, True),
        ({"seksueel_grensoverschrijdend"}, {"gedrag"}, False),
        ({"seksueel_grensoverschrijdend", "ggz"}, {"seksueel_grensoverschrijdend"}, True),
    ],
)
def test_primary_only_needs(youth_needs, primary_needs, expected):
    """Sexually transgressive behaviour must be handled by the primary offer itself."""
    subject = youth(needs=youth_needs)
    assert hard.handles_primary_only_needs(subject, offer(needs=primary_needs)) is expected


@pytest.mark.parametrize(
    ("complement_fields", "primary_fields", "expected"),
    [
        ({}, {}, True),  # same region (Groningen)
        ({"municipality": VEENDAM}, {}, True),  # Veendam lies in youth-care region Groningen
        ({"municipality": ALMERE}, {}, False),  # Flevoland, no cooperation
        ({"municipality": ALMERE}, {"cooperates_with": {"B1"}}, True),  # named by the primary
        ({"municipality": ALMERE, "cooperates_with": {"A1"}}, {}, True),  # named by the other
    ],
)
def test_complement_linked(complement_fields, primary_fields, expected):
    """A complement cooperates with the primary (either side names it) or lies in its region."""
    complement = ambulant("B1", {"trauma"}, **complement_fields)
    assert hard.linked(offer(**primary_fields), complement) is expected


def test_complement_adds_a_need():
    """A complement must cover a need of the youth that the rest of the package does not."""
    subject = youth(needs={"gedrag", "trauma"})
    primary = offer(needs={"gedrag"})
    assert hard.adds_a_need(subject, ambulant("B1", {"trauma"}), (primary,))
    assert not hard.adds_a_need(subject, ambulant("B2", {"gedrag"}), (primary,))
    assert not hard.adds_a_need(subject, ambulant("B3", {"ggz"}), (primary,))  # not the youth's


@pytest.mark.parametrize(
    ("municipality", "expected"),
    [(VEENDAM, True), (ALMERE, False)],
)
def test_own_region_is_the_youth_care_region(municipality, expected):
    """Own region means the youth-care region of the youth's municipality (registry data)."""
    assert hard.in_own_region(youth(), offer(municipality=municipality)) is expected


def test_offer_rejections_names_every_broken_rule():
    """The UI lists each rule an offer breaks for a youth."""
    subject = youth(age=10, needs={"seksueel_grensoverschrijdend"}, max_wait_days=10)
    broken = offer(age_min=12, client_stop=True, free_places=0, wait_days=90)
    assert hard.offer_rejections(subject, broken) == (
        hard.AGE,
        hard.CLIENT_STOP,
        hard.CAPACITY,
        hard.PRIMARY_NEED,
    )
    # not of the youth's care form, so not a primary: the primary-need rule does not apply
    assert hard.offer_rejections(subject, offer(care_form="crisis")) == (hard.CARE_FORM, hard.AGE)


def test_every_rejection_has_a_sentence():
    """Every code the rules return has a plain-Dutch sentence for the UI."""
    codes = {
        hard.CARE_FORM,
        hard.AGE,
        hard.CLIENT_STOP,
        hard.CAPACITY,
        hard.PRIMARY_NEED,
        hard.LINK,
        hard.ADDS_NOTHING,
        hard.OUT_OF_REGION,
        hard.NO_NEED,
        hard.AWAY_WITHOUT_PLACE,
        hard.NOT_CHOSEN,
    }
    assert codes == set(hard.REJECTION_REASONS)


@pytest.mark.parametrize(
    ("youth_needs", "offer_needs", "expected"),
    [
        ({"gedrag"}, [{"gedrag"}], True),
        ({"gedrag", "trauma"}, [{"ggz"}, {"trauma"}], True),  # the complement covers one
        ({"gedrag"}, [{"ggz"}], False),  # a place, not help
        ({"gedrag"}, [{"ggz"}, {"lvb"}], False),
        (set(), [{"ggz"}], True),  # a youth without needs: any package helps
    ],
)
def test_covers_a_need(youth_needs, offer_needs, expected):
    """Rule of fit: the package's offers together handle at least one of the youth's needs."""
    offers = tuple(offer(f"A{n}", needs=needs) for n, needs in enumerate(offer_needs))
    assert hard.covers_a_need(youth(needs=youth_needs), offers) is expected


@pytest.mark.parametrize(
    ("municipality", "free_place", "expected"),
    [
        (VEENDAM, set(), True),  # in region a waiting list is fine
        (VEENDAM, {"A1"}, True),
        (ALMERE, {"A1"}, True),  # away on the primary's free place
        (ALMERE, set(), False),  # away on a waiting list: the youth waits at home
        (ALMERE, {"B1"}, False),  # a complement's free place does not make the move now
    ],
)
def test_away_on_free_place(municipality, free_place, expected):
    """Rule of fit: out of the own region only on a free place at the primary offer."""
    primary = offer(municipality=municipality)
    assert hard.away_on_free_place(youth(), primary, frozenset(free_place)) is expected
