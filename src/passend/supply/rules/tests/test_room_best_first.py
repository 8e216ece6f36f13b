"""The search with a limit visits primaries best-first and stops early; it must give exactly the
first rows of the full answer, whatever the offers (the stopping rule's bound is exact)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from passend.supply.rules.room import where_is_room
from passend.supply.rules.tests.test_room import ambulant, catalogues, offer, queries, query


@settings(max_examples=300, deadline=None)
@given(queries, catalogues, st.integers(min_value=1, max_value=6))
def test_a_limited_search_gives_the_first_rows_of_the_full_search(q, catalogue, limit):
    full = where_is_room(q, catalogue)
    assert where_is_room(q, catalogue, limit=limit) == full[:limit]


def test_the_search_stops_before_primaries_that_cannot_enter_the_answer():
    """Two primaries cover everything on a free place; the third has no free place and a wait,
    so with a limit of two its rows are never needed — and the answer is still the full one's
    first two rows."""
    offers = [
        offer("R1", needs={"gedrag", "trauma"}),
        offer("R2", needs={"gedrag", "trauma"}),
        offer("R3", needs={"gedrag", "trauma"}, free_places=0, wait_days=30),
        ambulant("T1", {"trauma"}),
    ]
    full = where_is_room(query(), offers)
    assert [row.offer_ids for row in full] == [("R1",), ("R2",), ("R3",)]
    assert where_is_room(query(), offers, limit=2) == full[:2]
