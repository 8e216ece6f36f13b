"""Plain-Dutch explanations and "why was this offer not proposed"."""

from passend.matching import solvers
from passend.matching.rules import hard
from passend.matching.rules.explain import rejections
from passend.matching.rules.model import Package
from passend.matching.rules.packages import Catalogue
from passend.matching.tests.factories import ALMERE, ambulant, offer, problem, youth


def test_the_example_explanation():
    small = offer("A1", group_size=4, staff_ratio=0.25, needs={"gedrag", "trauma", "ggz"})
    case = problem([youth(needs={"gedrag", "trauma", "ggz"}, max_wait_days=0)], [small])
    explanation = solvers.run("optimal", case).assignments[0].explanation
    assert explanation == "Dekt 3 van 3 hulpvragen in eigen regio, vrije plek, kleinschalig."


def test_explanation_names_wait_complement_gaps_and_inspection():
    case = problem(
        [youth(needs={"gedrag", "trauma", "lvb"})],
        [
            offer("A1", free_places=0, wait_days=21, inspection_status="aanwijzing"),
            ambulant("B1", {"trauma"}),
        ],
    )
    explanation = solvers.run("optimal", case).assignments[0].explanation
    assert explanation == (
        "Dekt 2 van 3 hulpvragen in eigen regio, wachttijd 21 dagen, met 1 aanvullend aanbod, "
        "aanbieder heeft een aanwijzing, niet gedekt: lvb."
    )


def test_why_not_names_the_broken_rule_for_each_offer():
    subject = youth(needs={"gedrag", "trauma"}, max_wait_days=30)
    offers = (
        offer("A1"),  # proposed
        offer("A2", care_form="crisis"),
        offer("A3", age_min=16),
        offer("A4", client_stop=True),
        offer("A5", free_places=0, wait_days=90),
        offer("A6", municipality=ALMERE),  # the own region covers as much without a place
        offer("A7"),  # fine, but not chosen
        ambulant("B1", {"ggz"}, municipality=ALMERE),  # links with no allowed primary
        ambulant("B2", {"gedrag"}),  # every primary covers that already
        offer("A8", free_places=0, wait_days=10),
    )
    found = rejections(subject, Catalogue.of(offers), 1, Package(offers[0]))
    assert found == {
        "A2": (hard.CARE_FORM,),
        "A3": (hard.AGE,),
        "A4": (hard.CLIENT_STOP,),
        "A5": (hard.CAPACITY,),
        "A6": (hard.OUT_OF_REGION,),
        "A7": (hard.NOT_CHOSEN,),
        "B1": (hard.LINK,),
        "B2": (hard.ADDS_NOTHING,),
        "A8": (hard.NOT_CHOSEN,),
    }


def test_why_not_names_the_rules_of_fit():
    """An offer that handles none of the needs, even with a complement, and an offer away whose
    waiting list is short enough but that has no free place, each say so."""
    subject = youth(needs={"gedrag", "trauma"}, max_wait_days=30)
    offers = (
        offer("A1"),  # proposed
        offer("A2", needs={"ggz"}),  # helps with nothing
        offer("F1", municipality=ALMERE, needs={"gedrag", "trauma"}, free_places=0, wait_days=7),
    )
    found = rejections(subject, Catalogue.of(offers), 1, Package(offers[0]))
    assert found == {"A2": (hard.NO_NEED,), "F1": (hard.AWAY_WITHOUT_PLACE,)}
    assert all(code in hard.REJECTION_REASONS for codes in found.values() for code in codes)
