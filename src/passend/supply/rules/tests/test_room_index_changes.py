"""An offer index changed in place (:meth:`OfferIndex.changed`) equals the index built afresh
over the new offers, whatever was added, replaced or removed — the shell keeps one index in
memory and patches it after every capacity update, so any difference would be a wrong answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from passend.supply.rules.room import OfferIndex
from passend.supply.rules.tests.test_room import ALMERE, GRONINGEN, VEENDAM, offer

IDS = [str(n) for n in range(1, 13)]
"""Ids of possible offers; ``99`` is a partner that is never in the index (an inactive offer)."""


@st.composite
def versions(draw, id: str):
    return offer(
        id,
        care_form=draw(st.sampled_from(["residentieel", "ambulant", "dagbehandeling"])),
        municipality=draw(st.sampled_from([GRONINGEN, VEENDAM, ALMERE])),
        free_places=draw(st.integers(0, 2)),
        cooperates_with=draw(st.sets(st.sampled_from([*IDS, "99"]), max_size=3)) - {id},
    )


@st.composite
def offer_sets(draw):
    present = draw(st.sets(st.sampled_from(IDS)))
    return {id: draw(versions(id)) for id in present}


def in_order(offers: dict) -> tuple:
    return tuple(offers[id] for id in sorted(offers, key=int))


@settings(max_examples=400, deadline=None)
@given(offer_sets(), st.data())
def test_a_changed_index_equals_the_index_built_afresh(old, data):
    changed = data.draw(st.sets(st.sampled_from(IDS)))
    new = {id: version for id, version in old.items() if id not in changed}
    for id in changed:
        if data.draw(st.booleans()):  # added or replaced; otherwise removed (or still absent)
            new[id] = data.draw(versions(id))
    patched = OfferIndex.of(in_order(old)).changed(in_order(new), changed)
    assert patched == OfferIndex.of(in_order(new))


def test_a_capacity_update_rebuilds_only_the_groups_of_that_offer():
    offers = [offer("1"), offer("2", municipality=ALMERE), offer("3", care_form="ambulant")]
    index = OfferIndex.of(offers)
    full = offer("1", free_places=0)
    patched = index.changed([full, *offers[1:]], {"1"})
    assert patched.by_id["1"] == full
    flevoland = ("residentieel", "Flevoland")
    assert patched.local[flevoland] is index.local[flevoland]
    assert patched.by_care_form["ambulant"] is index.by_care_form["ambulant"]
