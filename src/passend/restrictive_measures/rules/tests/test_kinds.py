"""The measure kinds match DOMAIN §8, article by article."""

from __future__ import annotations

from ..kinds import KIND_CODE_MAX_LENGTH, KINDS, in_law_order, kind_of, well_formed

# fmt: off
DOMAIN_TABLE = {
    "toezicht": "6.3.2.1",
    "vastpakken": "6.3.2.2 lid 1 a",
    "plaatsverbod": "6.3.2.2 lid 1 b",
    "beperking_activiteiten": "6.3.2.2 lid 1 c",
    "overplaatsing": "6.3.2.2 lid 1 d",
    "kamerverblijf": "6.3.2.2 lid 1 e",
    "insluiting": "6.3.2.2 lid 1 f",
    "verplicht_programma": "6.3.2.3 a",
    "verplichte_behandeling": "6.3.2.3 b",
    "beperking_communicatie": "6.3.2.4 lid 1 a",
    "beperking_bezoek": "6.3.2.4 lid 1 b",
    "toezicht_communicatie": "6.3.2.4 lid 1 c",
    "onderzoek_lichaam": "6.3.2.5 lid 1 a",
    "onderzoek_kleding": "6.3.2.5 lid 1 b",
    "onderzoek_urine": "6.3.2.5 lid 1 c",
    "onderzoek_kamer": "6.3.2.5 lid 1 d",
    "onderzoek_post": "6.3.2.5 lid 1 e",
    "insluiting_eigen_kamer": "6.3.1.1 lid 3",
}
# fmt: on


def test_codes_and_articles_follow_the_domain_table_in_order() -> None:
    assert {code: str(kind.citation) for code, kind in KINDS.items()} == DOMAIN_TABLE
    assert list(KINDS) == list(DOMAIN_TABLE)


def test_duration_told_for_6_3_2_2_lid_1_b_to_f() -> None:
    told = {code for code, kind in KINDS.items() if kind.duration_told}
    assert told == {
        "plaatsverbod",
        "beperking_activiteiten",
        "overplaatsing",
        "kamerverblijf",
        "insluiting",
    }


def test_searches_and_presence() -> None:
    assert {code for code, kind in KINDS.items() if kind.search} == {
        code for code in KINDS if code.startswith("onderzoek_")
    }
    assert {code for code, kind in KINDS.items() if kind.in_presence} == {
        "onderzoek_kamer",
        "onderzoek_post",
    }


def test_informing_for_transfer_lock_in_and_6_3_2_3() -> None:
    informed = {code for code, kind in KINDS.items() if kind.inform_gi_or_parents}
    assert informed == {
        "overplaatsing",
        "insluiting",
        "verplicht_programma",
        "verplichte_behandeling",
    }


def test_one_lock_in_and_one_prohibited_kind() -> None:
    assert [code for code, kind in KINDS.items() if kind.lock_in] == ["insluiting"]
    assert [code for code, kind in KINDS.items() if kind.prohibited] == ["insluiting_eigen_kamer"]


def test_a_code_of_the_table_is_its_listed_kind() -> None:
    assert all(kind_of(code) is kind and kind.listed for code, kind in KINDS.items())


def test_a_code_outside_the_table_is_an_unlisted_prohibited_kind() -> None:
    """6.3.1.1 lid 3: only the measures of 6.3.2.1-6.3.2.5; anything else was unlawful."""
    kind = kind_of("fixatie")
    assert (kind.code, kind.listed, kind.prohibited) == ("fixatie", False, True)
    assert str(kind.citation) == "6.3.1.1 lid 3"
    assert "fixatie" in kind.label


def test_well_formed_codes() -> None:
    assert all(well_formed(code) for code in KINDS)
    assert well_formed("a")
    assert well_formed("x" * KIND_CODE_MAX_LENGTH)
    for code in ("", "Fixatie", "1x", "_x", "x-y", "x y", "x" * (KIND_CODE_MAX_LENGTH + 1), "é"):
        assert not well_formed(code), code


def test_the_order_of_kinds_is_the_law_then_unlisted_codes_alphabetically() -> None:
    assert in_law_order([]) == tuple(KINDS)
    assert in_law_order(["fixatie", "toezicht", "afzondering", "fixatie"]) == (
        *KINDS,
        "afzondering",
        "fixatie",
    )
