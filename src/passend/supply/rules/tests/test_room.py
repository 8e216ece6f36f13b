"""The referrer's search "where is room?" on the matching core.

Municipalities (CBS codes from the registry data): Groningen (0014) and Veendam (0047) lie in
youth-care region Groningen; Almere (0034) in Flevoland.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passend.matching.rules.model import Offer
from passend.supply.rules.room import RoomQuery, order, validate_query, where_is_room

GRONINGEN = "0014"
VEENDAM = "0047"
ALMERE = "0034"


def offer(id: str, **fields) -> Offer:
    """Open residential care in Groningen for behaviour, ages 12–18, one free place, 90 days'
    wait, a group of 8 at 1:5 (not small-scale)."""
    defaults = Offer(
        id=id,
        provider=f"Aanbieder {id}",
        municipality=GRONINGEN,
        care_form="residentieel",
        needs=frozenset({"gedrag"}),
        age_min=12,
        age_max=18,
        free_places=1,
        wait_days=90,
        group_size=8,
        staff_ratio=0.2,
    )
    fields = {
        k: frozenset(v) if k in ("needs", "cooperates_with") else v for k, v in fields.items()
    }
    return replace(defaults, **fields)


def ambulant(id: str, needs: set[str], **fields) -> Offer:
    """Ambulant help in Groningen, no free places, a 14-day waiting list."""
    defaults = {
        "care_form": "ambulant",
        "age_min": 0,
        "age_max": 23,
        "free_places": 0,
        "wait_days": 14,
        "group_size": None,
        "staff_ratio": None,
    }
    return offer(id, needs=needs, **{**defaults, **fields})


def query(**fields) -> RoomQuery:
    """Open residential care for a 14-year-old in region Groningen with behaviour and trauma,
    who can wait 60 days."""
    defaults = RoomQuery(
        care_form="residentieel",
        needs=frozenset({"gedrag", "trauma"}),
        age=14,
        max_wait_days=60,
        region="Groningen",
    )
    fields = {k: frozenset(v) if k == "needs" else v for k, v in fields.items()}
    return replace(defaults, **fields)


def ids(rows) -> list[tuple[str, ...]]:
    return [row.offer_ids for row in rows]


def test_a_single_offer_covering_every_need():
    rows = where_is_room(query(), [offer("R1", needs={"gedrag", "trauma"})])
    [row] = rows
    assert row.offer_ids == ("R1",)
    assert row.covered == frozenset({"gedrag", "trauma"})
    assert row.uncovered == frozenset()
    assert row.free_place_now is True
    assert row.expected_wait_days == 0
    assert row.free_places == {"R1": 1}
    assert row.providers == 1
    assert row.small_scale is False


def test_a_need_combination_no_single_offer_covers_is_covered_by_cooperating_offers():
    """R2 handles behaviour only; trauma help in Almere cooperates with it, other trauma help
    in Almere does not, and so cannot join."""
    offers = [
        offer("R2"),
        ambulant("T-COOP", {"trauma"}, municipality=ALMERE, cooperates_with={"R2"}),
        ambulant("T-FAR", {"trauma"}, municipality=ALMERE),
    ]
    rows = where_is_room(query(), offers)
    assert ids(rows) == [("R2", "T-COOP"), ("R2",)]
    combined, alone = rows
    assert combined.uncovered == frozenset()
    assert combined.expected_wait_days == 14
    assert combined.providers == 2
    assert alone.uncovered == frozenset({"trauma"})


def test_a_complement_in_the_primarys_region_joins_without_naming_cooperation():
    rows = where_is_room(
        query(), [offer("R2"), ambulant("T-VEENDAM", {"trauma"}, municipality=VEENDAM)]
    )
    assert ids(rows) == [("R2", "T-VEENDAM"), ("R2",)]


def test_cooperation_named_by_the_primary_counts_too():
    offers = [
        offer("R2", cooperates_with={"T-COOP"}),
        ambulant("T-COOP", {"trauma"}, municipality=ALMERE),
    ]
    assert ids(where_is_room(query(), offers))[0] == ("R2", "T-COOP")


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"client_stop": True}, "a client stop takes no new youth"),
        ({"inspection_status": "clientenstop"}, "nor does the inspection status clientenstop"),
        ({"age_min": 15}, "the youth is too young"),
        ({"age_max": 13}, "the youth is too old"),
        ({"free_places": 0, "wait_days": 61}, "a wait beyond the maximum needs a free place"),
        ({"municipality": ALMERE}, "another region"),
        ({"care_form": "gezinshuis"}, "another care form"),
    ],
)
def test_offers_that_cannot_take_the_youth_are_left_out(fields, why):
    assert where_is_room(query(), [offer("R1", **fields)]) == [], why


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"client_stop": True}, "client stop"),
        ({"age_max": 13}, "age"),
        ({"wait_days": 61}, "wait beyond the maximum, no free place"),
    ],
)
def test_the_rules_hold_for_complements_too(fields, why):
    offers = [offer("R2"), ambulant("T", {"trauma"}, **fields)]
    assert ids(where_is_room(query(), offers)) == [("R2",)], why


def test_a_long_wait_is_fine_with_a_free_place_and_then_there_is_no_wait():
    [row] = where_is_room(query(), [offer("R1", free_places=1, wait_days=200)])
    assert (row.free_place_now, row.expected_wait_days) == (True, 0)


def test_a_wait_up_to_the_maximum_needs_no_free_place():
    [row] = where_is_room(query(), [offer("R1", free_places=0, wait_days=60)])
    assert (row.free_place_now, row.expected_wait_days) == (False, 60)


def test_the_primary_must_handle_sexually_transgressive_behaviour_itself():
    offers = [offer("R2"), ambulant("SG", {"seksueel_grensoverschrijdend"})]
    assert where_is_room(query(needs={"gedrag", "seksueel_grensoverschrijdend"}), offers) == []


def test_the_region_of_the_municipality_when_no_region_is_given():
    offers = [offer("R-GRO"), offer("R-FLE", municipality=ALMERE)]
    assert ids(where_is_room(query(region=None, municipality=VEENDAM), offers)) == [("R-GRO",)]
    assert ids(where_is_room(query(region="Flevoland"), offers)) == [("R-FLE",)]


def test_without_region_or_municipality_the_search_is_national():
    offers = [offer("R-GRO"), offer("R-FLE", municipality=ALMERE)]
    rows = where_is_room(query(region=None, needs={"gedrag"}), offers)
    assert ids(rows) == [("R-FLE",), ("R-GRO",)]


def test_rows_are_ordered_by_cover_then_free_place_then_wait_then_providers():
    offers = [
        offer("PARTIAL-FREE", needs={"gedrag"}, free_places=3),
        offer("ALL-WAIT-30", needs={"gedrag", "trauma"}, free_places=0, wait_days=30),
        offer("ALL-WAIT-10", needs={"gedrag", "trauma"}, free_places=0, wait_days=10),
        offer("ALL-FREE", needs={"gedrag", "trauma"}, free_places=1),
        offer("R2", needs={"gedrag"}, free_places=1, provider="Zorg Noord"),
        ambulant("T-SAME", {"trauma"}, provider="Zorg Noord", wait_days=20),
        ambulant("T-OTHER", {"trauma"}, wait_days=20),
    ]
    rows = where_is_room(query(), offers)
    assert ids(rows) == [
        ("ALL-FREE",),  # all covered, free place now, no wait
        ("R2", "T-SAME"),  # all covered, free place now, 20 days' wait, one provider
        ("PARTIAL-FREE", "T-OTHER"),  # the same with two providers (then by id)
        ("PARTIAL-FREE", "T-SAME"),
        ("R2", "T-OTHER"),
        ("ALL-WAIT-10",),  # all covered, no free place: shortest wait first
        ("ALL-WAIT-30",),
        ("PARTIAL-FREE",),
        ("R2",),
    ]
    assert rows == sorted(rows, key=order)


def test_only_the_combinations_covering_the_most_needs_are_shown_per_primary():
    offers = [
        offer("R2"),
        ambulant("T", {"trauma"}),
        ambulant("TG", {"trauma", "ggz"}),
        ambulant("G", {"ggz"}),
    ]
    needs = {"gedrag", "trauma", "ggz"}
    assert ids(where_is_room(query(needs=needs), offers)) == [("R2", "TG"), ("R2",)]
    two = where_is_room(query(needs=needs), offers, max_complements=2)
    assert ids(two) == [("R2", "TG"), ("R2", "T", "G"), ("R2",)], "fewer providers first"


def test_a_complement_does_not_join_a_primary_that_covers_everything():
    offers = [offer("R1", needs={"gedrag", "trauma"}), ambulant("T", {"trauma"})]
    assert ids(where_is_room(query(), offers)) == [("R1",)]


def test_small_scale_flag():
    small = offer("R1", group_size=4, staff_ratio=0.25, age_min=12, age_max=18)
    [row] = where_is_room(query(needs={"gedrag"}), [small])
    assert row.small_scale is True


def test_last_update_passes_through_and_staleness_is_judged_over_every_offer():
    now = datetime(2026, 3, 1, tzinfo=UTC)
    offers = [offer("R2"), ambulant("T", {"trauma"})]
    updates = {"R2": now - timedelta(days=1), "T": now - timedelta(days=10)}
    combined, alone = where_is_room(query(), offers, updates)
    assert combined.last_update == updates
    assert alone.last_update == {"R2": updates["R2"]}
    assert combined.stale(now, timedelta(days=7)) is True
    assert alone.stale(now, timedelta(days=7)) is False
    [never] = where_is_room(query(needs={"gedrag"}), [offer("R2")])
    assert never.last_update == {"R2": None}
    assert never.stale(now, timedelta(days=7)) is True


def test_an_ambulant_question_takes_ambulant_primaries():
    offers = [ambulant("A-G", {"gedrag"}), ambulant("A-T", {"trauma"}), offer("R1")]
    rows = where_is_room(query(care_form="ambulant"), offers)
    assert ids(rows) == [("A-G", "A-T"), ("A-T", "A-G"), ("A-G",), ("A-T",)]


def test_limit():
    offers = [offer(f"R{i}", needs={"gedrag", "trauma"}) for i in range(5)]
    assert len(where_is_room(query(), offers, limit=2)) == 2


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"care_form": "crisisplaats"}, "unknown care form 'crisisplaats'"),
        ({"needs": {"gedrag", "boos"}}, "unknown need 'boos'"),
        ({"age": -1}, "age cannot be negative"),
        ({"max_wait_days": -1}, "maximum wait cannot be negative"),
        ({"region": "Atlantis"}, "unknown youth-care region 'Atlantis'"),
        ({"region": None, "municipality": "9999"}, "'9999' is not a known CBS code"),
        ({"municipality": ALMERE}, "lies in region Flevoland, not Groningen"),
    ],
)
def test_validate_query(fields, fragment):
    [error] = validate_query(query(**fields))
    assert fragment in error
    with pytest.raises(ValueError, match=fragment.replace("(", r"\(")):
        where_is_room(query(**fields), [])


def test_a_valid_query():
    assert validate_query(query()) == []
    assert validate_query(query(region=None, municipality=VEENDAM)) == []


# --- properties ------------------------------------------------------------------------------

MUNICIPALITIES = [GRONINGEN, VEENDAM, ALMERE]
NEED_CODES = ["gedrag", "trauma", "ggz", "autisme"]


@st.composite
def offers(draw, index: int):
    care_form = draw(st.sampled_from(["residentieel", "residentieel", "ambulant", "gezinshuis"]))
    age_min = draw(st.integers(min_value=0, max_value=18))
    return Offer(
        id=f"O{index:02d}",
        provider=draw(st.sampled_from(["P1", "P2", "P3"])),
        municipality=draw(st.sampled_from(MUNICIPALITIES)),
        care_form=care_form,
        needs=frozenset(draw(st.sets(st.sampled_from(NEED_CODES), min_size=1, max_size=3))),
        age_min=age_min,
        age_max=draw(st.integers(min_value=age_min, max_value=23)),
        free_places=draw(st.integers(min_value=0, max_value=2)),
        wait_days=draw(st.integers(min_value=0, max_value=120)),
        client_stop=draw(st.booleans()),
        cooperates_with=frozenset(
            f"O{i:02d}" for i in draw(st.sets(st.integers(min_value=0, max_value=19), max_size=2))
        ),
    )


catalogues = st.integers(min_value=0, max_value=20).flatmap(
    lambda n: st.tuples(*(offers(i) for i in range(n))).map(list)
)
queries = st.builds(
    RoomQuery,
    care_form=st.sampled_from(["residentieel", "ambulant"]),
    needs=st.sets(st.sampled_from(NEED_CODES), min_size=1, max_size=3).map(frozenset),
    age=st.integers(min_value=0, max_value=23),
    max_wait_days=st.integers(min_value=0, max_value=120),
    region=st.sampled_from(["Groningen", "Flevoland", None]),
)


@settings(max_examples=150, deadline=None)
@given(queries, catalogues)
def test_every_row_keeps_the_rules_and_every_usable_primary_is_listed(q, catalogue):
    from passend.matching.rules.hard import region_of

    rows = where_is_room(q, catalogue)
    assert rows == sorted(rows, key=order)
    for row in rows:
        assert row.primary.care_form == q.care_form
        assert q.region is None or region_of(row.primary.municipality) == q.region
        assert row.expected_wait_days <= q.max_wait_days
        assert row.covered | row.uncovered == q.needs
        for o in row.offers:
            assert o.age_min <= q.age <= o.age_max
            assert not o.client_stop
            assert o.wait_days <= q.max_wait_days or o.free_places > 0
    alone = {row.primary.id: row for row in rows if not row.complements}
    usable = {
        o.id
        for o in catalogue
        if o.care_form == q.care_form
        and (q.region is None or region_of(o.municipality) == q.region)
        and o.age_min <= q.age <= o.age_max
        and not o.client_stop
        and (o.free_places > 0 or o.wait_days <= q.max_wait_days)
    }
    assert set(alone) == usable
    for row in rows:
        if row.complements:
            assert len(row.covered) > len(alone[row.primary.id].covered)
