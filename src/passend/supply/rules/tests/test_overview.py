"""The regional overview's own rules: coverage of need combinations, shortage order, placements
in and out of the region, crisis stays, supply against demand."""

from __future__ import annotations

from datetime import date

import pytest

from passend.matching.rules.model import Offer
from passend.supply.rules import overview
from passend.supply.rules.placements import Placement
from passend.supply.rules.waiting import Stage, WaitingEntry, WaitNorms

AS_OF = date(2026, 11, 25)
LEEUWARDEN, SNEEK, ZEIST = "0080", "1900", "0355"  # Friesland, Friesland, Utrecht


def offer(id_, care_form="residentieel", needs=("gedrag",), free=1, cooperates=()):
    return Offer(
        id=id_,
        provider=f"p-{id_}",
        municipality=LEEUWARDEN,
        care_form=care_form,
        needs=frozenset(needs),
        age_min=8,
        age_max=18,
        free_places=free,
        wait_days=0,
        cooperates_with=frozenset(cooperates),
    )


def entry(id_, registered, needs, care_form="residentieel", intake=None, started=None):
    return WaitingEntry(
        id=id_,
        youth=f"y-{id_}",
        offer="o1",
        care_form=care_form,
        registered_on=registered,
        intake_on=intake,
        started_on=started,
        needs=frozenset(needs),
        region="Friesland",
    )


def placement(id_, youth_municipality, offer_municipality, start, **extra):
    return Placement(
        id=id_,
        youth=f"y-{id_}",
        offer="o1",
        care_form=extra.pop("care_form", "residentieel"),
        youth_municipality=youth_municipality,
        offer_municipality=offer_municipality,
        start=start,
        **extra,
    )


def test_a_single_offer_covers_its_needs():
    assert overview.covers(frozenset({"gedrag"}), [offer("o1", needs=("gedrag", "trauma"))])


def test_a_primary_with_a_complement_covers_the_combination():
    offers = [offer("o1", needs=("gedrag",)), offer("a1", care_form="ambulant", needs=("ggz",))]
    assert overview.covers(frozenset({"gedrag", "ggz"}), offers)


def test_two_residential_offers_do_not_combine():
    offers = [offer("o1", needs=("gedrag",)), offer("o2", needs=("ggz",))]
    assert not overview.covers(frozenset({"gedrag", "ggz"}), offers)


def test_shortages_put_uncovered_combinations_first_then_the_longest_wait():
    offers = [offer("o1", needs=("gedrag",))]
    entries = [
        entry("1", date(2026, 11, 1), ["gedrag"]),  # 24 days, covered
        entry("2", date(2026, 6, 1), ["gedrag"]),  # 177 days, covered
        entry("3", date(2026, 11, 20), ["lvb", "seksueel_grensoverschrijdend"]),  # 5 days
    ]
    found = overview.shortages(entries, offers, AS_OF)
    assert [sorted(s.needs) for s in found] == [["lvb", "seksueel_grensoverschrijdend"], ["gedrag"]]
    assert found[0].covered_in_region is False
    gedrag = found[1]
    # Two waits, 24 and 177 days: the nearest-rank median is the first (1 of 2 at or below).
    assert (gedrag.waiting, gedrag.median_days, gedrag.longest_days) == (2, 24, 177)


def test_started_and_future_entries_are_no_shortage():
    entries = [
        entry("1", date(2026, 1, 1), ["gedrag"], intake=date(2026, 1, 5), started=date(2026, 2, 1)),
        entry("2", date(2026, 12, 1), ["gedrag"]),
    ]
    assert overview.shortages(entries, [], AS_OF) == ()


def test_placements_in_and_out_of_region_with_and_without_reason():
    placements = [
        placement("1", LEEUWARDEN, SNEEK, date(2026, 10, 1)),  # in region
        placement("2", LEEUWARDEN, ZEIST, date(2026, 10, 1), out_of_region_reason="veiligheid"),
        placement("3", LEEUWARDEN, ZEIST, date(2026, 10, 1)),  # flagged
        placement("4", LEEUWARDEN, ZEIST, date(2026, 1, 1), end=date(2026, 5, 1)),  # ended
        placement("5", LEEUWARDEN, ZEIST, date(2026, 12, 1)),  # not started yet
    ]
    figures = overview.region_placements(placements, AS_OF)
    assert (figures.total, figures.out_of_region, figures.with_reason) == (3, 2, 1)
    assert figures.without_reason == 1
    assert figures.without_reason_share == 1 / 3


def test_crisis_stays_longer_than_the_limit_longest_first():
    placements = [
        placement("1", LEEUWARDEN, LEEUWARDEN, date(2026, 10, 28), care_form="crisis"),  # 28 d
        placement("2", LEEUWARDEN, LEEUWARDEN, date(2026, 10, 27), care_form="crisis"),  # 29 d
        placement("3", LEEUWARDEN, LEEUWARDEN, date(2026, 9, 1), care_form="crisis"),  # 85 d
        placement("4", LEEUWARDEN, LEEUWARDEN, date(2026, 9, 1)),  # not a crisis place
    ]
    stays = overview.crisis_stays(placements, AS_OF, max_days=28)
    assert [(s.placement.id, s.days) for s in stays] == [("3", 85), ("2", 29)]


def test_supply_against_demand_per_care_form_and_need():
    offers = [
        offer("o1", needs=("gedrag", "trauma"), free=2),
        offer("a1", care_form="ambulant", needs=("ggz",), free=0),
    ]
    entries = [
        entry("1", date(2026, 10, 1), ["gedrag"]),  # 55 days, no intake: over the 28-day norm
        entry("2", date(2026, 11, 20), ["gedrag"]),  # 5 days
        entry("3", date(2026, 8, 1), ["ggz"], care_form="ambulant", intake=date(2026, 9, 1)),
    ]
    view = overview.overview(
        region="Friesland",
        as_of=AS_OF,
        offers=offers,
        places={"o1": 6, "a1": 10},
        entries=entries,
        placements=[],
        norms=WaitNorms(),
        crisis_stay_max_days=28,
    )
    by_form = {row.key: row for row in view.by_care_form}
    assert (by_form["residentieel"].offers, by_form["residentieel"].places) == (1, 6)
    assert (by_form["residentieel"].free_places, by_form["residentieel"].waiting) == (2, 2)
    assert by_form["residentieel"].waiting_over_norm == 1
    # Entry 3 had its intake on 1 Sep: 85 days waiting for the start, over the 70-day norm.
    assert (by_form["ambulant"].waiting, by_form["ambulant"].waiting_over_norm) == (1, 1)
    by_need = {row.key: row for row in view.by_need}
    assert (by_need["gedrag"].offers, by_need["gedrag"].waiting) == (1, 2)
    assert view.waits["all"][Stage.INTAKE].completed == 1
    assert view.waits["all"][Stage.INTAKE].ongoing == 2


def test_the_queues_list_long_crisis_stays_and_youth_waiting_for_follow_up():
    """Both queues come from one function, so the overview's counts and the queue screen's lists
    agree; a crisis stay knows how far it ran over the limit."""
    placements = [
        placement("1", LEEUWARDEN, LEEUWARDEN, date(2026, 10, 27), care_form="crisis"),  # 29 d
        placement("2", LEEUWARDEN, LEEUWARDEN, date(2026, 10, 28), care_form="crisis"),  # 28 d
        placement(
            "3",
            LEEUWARDEN,
            LEEUWARDEN,
            date(2026, 1, 1),
            ready_to_leave_on=date(2026, 11, 15),  # 10 days waiting
        ),
        placement(
            "4",
            LEEUWARDEN,
            LEEUWARDEN,
            date(2026, 1, 1),
            ready_to_leave_on=date(2026, 11, 1),
            follow_up_started_on=date(2026, 11, 20),  # follow-up help started: off the queue
        ),
    ]
    found = overview.queues(placements, AS_OF, crisis_stay_max_days=28)
    assert [(s.placement.id, s.days) for s in found.crisis_stays] == [("1", 29)]
    assert found.over_limit(found.crisis_stays[0]) == 1
    assert [(w.placement.id, w.days) for w in found.follow_up] == [("3", 10)]
    view = overview.overview(
        region="Friesland",
        as_of=AS_OF,
        offers=[],
        places={},
        entries=[],
        placements=placements,
        norms=WaitNorms(),
        crisis_stay_max_days=28,
    )
    assert (view.crisis_stays, view.follow_up) == (found.crisis_stays, found.follow_up)


# total, parts, hidden (total first), why
SUPPRESSION_CASES = [
    (15, [12, 3], (False, True, True), "15 − 12 would give the 3 away: the 12 is hidden too"),
    (15, [3, 12], (False, True, True), "the same, the small part first"),
    (30, [12, 18], (False, False, False), "nothing small: everything shown"),
    (0, [0, 0], (False, False, False), "zero is no small number"),
    (5, [5, 0], (True, True, False), "a small total: its small part hidden, the zero shown"),
    (27, [3, 4, 20], (False, True, True, True), "3 + 4 = 7 would still be told: hide the 20"),
    (35, [3, 12, 20], (False, True, True, False), "one complement, the smallest, is enough"),
    (24, [3, 9, 12], (False, True, True, False), "3 + 9 = 12 is no small number any more"),
    (12, [3, 0, 9], (False, True, False, True), "a zero is never the complement"),
]


@pytest.mark.parametrize(("total", "parts", "hidden", "why"), SUPPRESSION_CASES)
def test_complementary_suppression(total, parts, hidden, why):
    assert overview.complementary_suppression(total, parts, threshold=10) == hidden, why
