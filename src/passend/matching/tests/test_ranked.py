"""One youth's packages ranked for the care broker, as if nobody else were waiting."""

from passend.matching.rules.outcome import ranked
from passend.matching.rules.packages import Catalogue
from passend.matching.rules.weights import Settings
from passend.matching.tests.factories import ALMERE, ambulant, offer, youth


def test_full_cover_with_a_complement_ranks_above_a_partial_single_offer():
    subject = youth(needs={"gedrag", "trauma"}, max_wait_days=120)
    catalogue = Catalogue.of((offer("A1"), ambulant("B1", {"trauma"})))
    found = ranked(subject, catalogue, Settings())
    assert [a.package.offer_ids for a in found] == [("A1", "B1"), ("A1",)]
    assert found[0].uncovered == frozenset()
    assert found[1].uncovered == frozenset({"trauma"})
    assert found[0].score.total > found[1].score.total
    assert found[0].explanation.startswith("Dekt 2 van 2 hulpvragen in eigen regio")


def test_one_row_per_set_of_offers_with_its_best_way_in():
    subject = youth(max_wait_days=120)
    found = ranked(subject, Catalogue.of((offer("A1", free_places=1, wait_days=90),)), Settings())
    assert [a.package.offer_ids for a in found] == [("A1",)]
    assert found[0].package.expected_wait_days == 0  # the free place beats the waiting list


def test_out_of_region_only_when_the_own_region_covers_less():
    subject = youth(needs={"gedrag", "trauma"})
    home = offer("A1")  # covers gedrag only
    away = offer("F1", municipality=ALMERE, needs={"gedrag", "trauma"})
    found = ranked(subject, Catalogue.of((home, away)), Settings())
    by_ids = {a.package.offer_ids: a for a in found}
    assert by_ids[("F1",)].out_of_region_reason == "geen_passend_aanbod_in_regio"
    same = offer("F2", municipality=ALMERE)  # covers no more than home: never proposed
    found = ranked(youth(), Catalogue.of((home, same)), Settings())
    assert [a.package.offer_ids for a in found] == [("A1",)]


def test_nothing_fits_gives_nothing():
    subject = youth(care_form="gesloten")
    assert ranked(subject, Catalogue.of((offer("A1"),)), Settings()) == ()


def test_limit():
    offers = tuple(offer(f"A{i}") for i in range(5))
    assert len(ranked(youth(), Catalogue.of(offers), Settings(), limit=3)) == 3
