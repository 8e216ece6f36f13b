"""Packages: complements, placements, and the out-of-region rule."""

from passend.matching.rules.model import (
    OUT_OF_REGION_NO_CARE_REASON,
    OUT_OF_REGION_NO_FIT,
    OUT_OF_REGION_SAFETY,
    Package,
)
from passend.matching.rules.packages import (
    Catalogue,
    best_in_region_coverage,
    covered,
    out_of_region_reason,
    packages_for,
    placements,
)
from passend.matching.tests.factories import ALMERE, ambulant, offer, youth


def offer_sets(packages):
    return {package.offer_ids for package in packages}


def test_complements_cover_open_needs_and_respect_the_limit():
    """Complements join only when they add a need; at most ``max_complements`` of them."""
    subject = youth(needs={"gedrag", "trauma", "ggz"}, max_wait_days=60)
    catalogue = Catalogue.of(
        (
            offer(),
            ambulant("B1", {"trauma"}),
            ambulant("B2", {"ggz"}),
            ambulant("B3", {"gedrag"}),  # adds nothing the primary lacks
        )
    )
    assert offer_sets(packages_for(subject, catalogue, 1)) == {
        ("A1",),
        ("A1", "B1"),
        ("A1", "B2"),
    }
    assert ("A1", "B1", "B2") in offer_sets(packages_for(subject, catalogue, 2))
    assert not any("B3" in ids for ids in offer_sets(packages_for(subject, catalogue, 2)))


def test_complement_elsewhere_only_when_cooperating():
    subject = youth(needs={"gedrag", "trauma"})
    far = ambulant("B1", {"trauma"}, municipality=ALMERE)
    alone = Catalogue.of((offer(), far))
    assert offer_sets(packages_for(subject, alone, 1)) == {("A1",)}
    together = Catalogue.of((offer(cooperates_with={"B1"}), far))
    assert ("A1", "B1") in offer_sets(packages_for(subject, together, 1))


def test_age_and_client_stop_hold_for_complements():
    subject = youth(needs={"gedrag", "trauma"}, age=14)
    catalogue = Catalogue.of(
        (
            offer(),
            ambulant("B1", {"trauma"}, age_min=16),
            ambulant("B2", {"trauma"}, client_stop=True),
        )
    )
    assert offer_sets(packages_for(subject, catalogue, 1)) == {("A1",)}


def test_placements_use_a_free_place_only_to_shorten_the_wait():
    """For each acceptable wait, longer waiting lists need a free place."""
    subject = youth(max_wait_days=60)
    both = (offer(wait_days=40, free_places=1), ambulant("B1", {"trauma"}, wait_days=14))
    # no wait at all would need B1's free place, which it lacks
    assert list(placements(subject, both)) == [frozenset({"A1"}), frozenset()]
    too_long = (offer(wait_days=90, free_places=1),)
    assert list(placements(subject, too_long)) == [frozenset({"A1"})]


def test_pinned_offers_take_a_free_place_whatever_their_wait():
    """A pinned offer (the primary of an out-of-region package) uses its free place even with
    a short or no waiting list; the others still follow the waits."""
    subject = youth(max_wait_days=60)
    both = (offer(wait_days=0, free_places=1), ambulant("B1", {"trauma"}, wait_days=14))
    assert list(placements(subject, both, frozenset({"A1"}))) == [frozenset({"A1"})]
    full = (offer(wait_days=0, free_places=0),)
    assert list(placements(subject, full, frozenset({"A1"}))) == []


def test_packages_cover_a_need_and_leave_the_region_only_on_a_free_place():
    """The rules of fit: no package of offers that handle none of the needs; out of region the
    primary takes the youth on its free place, even where its waiting list is short enough."""
    subject = youth(needs={"gedrag", "trauma"}, max_wait_days=100)
    catalogue = Catalogue.of(
        (
            offer("A1", needs={"ggz"}, free_places=0, wait_days=10),  # helps with nothing
            offer("A2", needs={"ggz"}, free_places=0, wait_days=10),
            # ... unless with this one, which works with A2 from Almere
            ambulant("B2", {"trauma"}, municipality=ALMERE, cooperates_with={"A2"}),
            offer("F1", municipality=ALMERE, needs={"gedrag", "trauma"}, wait_days=10),
            offer("F2", municipality=ALMERE, needs={"gedrag", "trauma"}, free_places=0),
        )
    )
    found = {(p.offer_ids, p.free_place) for p in packages_for(subject, catalogue, 1)}
    assert found == {(("A2", "B2"), frozenset()), (("F1",), frozenset({"F1"}))}


def test_expected_wait_is_the_longest_list_used():
    primary = offer(wait_days=40)
    complement = ambulant("B1", {"trauma"}, wait_days=14)
    assert Package(primary, (complement,), frozenset({"A1"})).expected_wait_days == 14
    assert Package(primary, (complement,)).expected_wait_days == 40
    assert Package(primary, free_place=frozenset({"A1"})).expected_wait_days == 0


def test_out_of_region_only_when_it_covers_more_than_the_own_region_always_can():
    """A waiting list in the own region that covers as much rules out leaving the region."""
    subject = youth(needs={"gedrag", "trauma"}, max_wait_days=100)
    here = offer("A1", needs={"gedrag"}, free_places=0, wait_days=30)
    there_same = offer("A2", municipality=ALMERE, needs={"gedrag"})
    there_more = offer("A3", municipality=ALMERE, needs={"gedrag", "trauma"})
    catalogue = Catalogue.of((here, there_same, there_more))
    assert best_in_region_coverage(subject, catalogue, 1, {}) == 1
    assert offer_sets(packages_for(subject, catalogue, 1)) == {("A1",), ("A3",)}


def test_out_of_region_reason_depends_on_places_left():
    """When the own region's fitting offer has no free place left, leaving is justified;
    while it has one, leaving is flagged as without a care reason."""
    subject = youth(needs={"gedrag"}, max_wait_days=10)
    here = offer("A1", free_places=1, wait_days=90)
    there = offer("A2", municipality=ALMERE)
    catalogue = Catalogue.of((here, there))
    away = Package(there, free_place=frozenset({"A2"}))
    assert out_of_region_reason(subject, away, catalogue, 1, {"A1": 1, "A2": 1}) == (
        OUT_OF_REGION_NO_CARE_REASON
    )
    assert out_of_region_reason(subject, away, catalogue, 1, {"A1": 0, "A2": 1}) == (
        OUT_OF_REGION_NO_FIT
    )
    safe = youth(needs={"gedrag"}, safety_reason_out_of_region=True)
    assert out_of_region_reason(safe, away, catalogue, 1, {"A1": 1}) == OUT_OF_REGION_SAFETY
    assert out_of_region_reason(subject, Package(here), catalogue, 1, {}) is None  # in region


def test_covered_is_the_union_of_the_package_needs():
    subject = youth(needs={"gedrag", "trauma", "ggz"})
    package = Package(offer(), (ambulant("B1", {"trauma", "lvb"}),))
    assert covered(subject, package) == {"gedrag", "trauma"}
