"""The regional overview's export: the XLSX workbook holds the same rows as the CSV, including
the median days to school, and small numbers are suppressed together with the counts that would
give them away (complementary suppression)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, timedelta

from openpyxl import load_workbook

from passend.matching.rules.model import OUT_OF_REGION_SAFETY
from passend.supply import overview as export
from passend.supply.rules import overview as rules
from passend.supply.rules.placements import Placement
from passend.supply.rules.waiting import WaitingEntry, WaitNorms

AS_OF = date(2026, 11, 25)
LEEUWARDEN, ZEIST = "0080", "0355"  # Friesland, Utrecht


def out_of_region(n: int, *, reason: str | None, school_after: int | None = 7) -> Placement:
    start = AS_OF - timedelta(days=30)
    return Placement(
        id=f"{reason}-{n}",
        youth=f"y-{reason}-{n}",
        offer="o1",
        care_form="residentieel",
        youth_municipality=LEEUWARDEN,
        offer_municipality=ZEIST,
        start=start,
        out_of_region_reason=reason,
        education_started_on=None if school_after is None else start + timedelta(school_after),
    )


def waiting(n: int, care_form: str) -> WaitingEntry:
    return WaitingEntry(
        id=f"{care_form}-{n}",
        youth=f"y-{care_form}-{n}",
        offer="o1",
        care_form=care_form,
        registered_on=AS_OF - timedelta(days=10),
    )


def view(placements=(), entries=()) -> rules.Overview:
    return rules.overview(
        region="Friesland",
        as_of=AS_OF,
        offers=[],
        places={},
        entries=list(entries),
        placements=list(placements),
        norms=WaitNorms(),
        crisis_stay_max_days=28,
    )


def cells(rows, section: str, key: str) -> dict[str, str]:
    return {figure: value for s, k, figure, value in rows if (s, k) == (section, key)}


FIFTEEN_OUT = [out_of_region(n, reason=OUT_OF_REGION_SAFETY) for n in range(12)] + [
    out_of_region(n, reason=None) for n in range(3)
]
"""15 youth placed out of the region: 12 with a care reason, 3 without."""


def test_the_xlsx_workbook_holds_the_export_rows_with_figures_as_numbers():
    overview = view(FIFTEEN_OUT)
    workbook = load_workbook(io.BytesIO(export.render_xlsx(overview)))
    sheet = workbook["overview"]
    # An empty text cell (no median) reads back as None.
    rows = [["" if cell.value is None else cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["section", "key", "figure", "value"]
    placements = {row[2]: row[3] for row in rows[1:] if row[:2] == ["placements", "region"]}
    assert placements["running"] == 15
    assert placements["median_days_to_school"] == 7  # every youth went to school after 7 days
    assert placements["out_of_region"] == 15
    assert placements["out_of_region_with_reason"] == "x"
    assert placements["out_of_region_without_reason"] == "< 10"
    # The workbook and the CSV hold the same rows.
    from_csv = list(csv.reader(io.StringIO(export.render_csv(overview))))
    assert [[str(cell) for cell in row] for row in rows] == from_csv


def test_a_share_in_the_xlsx_workbook_is_a_number():
    """12 closed-care admissions, 3 of them crisis placements: 25.0% as a number, not text."""
    closed = [
        replace(out_of_region(n, reason=None), care_form="gesloten", crisis=n < 3)
        for n in range(12)
    ]
    workbook = load_workbook(io.BytesIO(export.render_xlsx(view(closed))))
    sheet = workbook["overview"]
    [share] = [row[3].value for row in sheet.iter_rows() if row[2].value == "crisis_share_pct"]
    assert share == 25.0


def test_15_out_of_region_with_12_with_a_reason_does_not_give_away_the_3_without():
    """Hiding only the 3 would leave 15 − 12 = 3 to read off: the 12 is hidden as well."""
    placements = cells(export.export_rows(view(FIFTEEN_OUT)), "placements", "region")
    shown = (
        placements["out_of_region"],
        placements["out_of_region_with_reason"],
        placements["out_of_region_without_reason"],
    )
    assert shown == ("15", "x", "< 10")


def test_out_of_region_counts_of_10_or_more_are_all_shown():
    many = [out_of_region(n, reason=OUT_OF_REGION_SAFETY) for n in range(12)] + [
        out_of_region(n, reason=None) for n in range(10)
    ]
    placements = cells(export.export_rows(view(many)), "placements", "region")
    assert placements["out_of_region_with_reason"] == "12"
    assert placements["out_of_region_without_reason"] == "10"


def median_days_to_school(placements) -> str:
    return cells(export.export_rows(view(placements)), "placements", "region")[
        "median_days_to_school"
    ]


def test_the_median_days_to_school_over_fewer_than_10_youth_is_suppressed():
    few = [out_of_region(n, reason=OUT_OF_REGION_SAFETY, school_after=0) for n in range(4)]
    assert median_days_to_school(few) == "< 10"
    many = [out_of_region(n, reason=OUT_OF_REGION_SAFETY, school_after=0) for n in range(10)]
    assert median_days_to_school(many) == "0"  # a median of 0 days is a figure, not a blank
    nobody = [out_of_region(n, reason=OUT_OF_REGION_SAFETY, school_after=None) for n in range(12)]
    assert median_days_to_school(nobody) == ""  # nobody at school yet: no median


def test_a_small_care_form_is_hidden_with_a_complement_beside_the_all_row():
    """12 youth wait for residential care and 3 for ambulant help; "all care forms" shows 15,
    so the residential figures are hidden too, or 15 − 12 would give the 3 away."""
    entries = [waiting(n, "residentieel") for n in range(12)] + [
        waiting(n, "ambulant") for n in range(3)
    ]
    rows = export.export_rows(view(entries=entries))
    assert cells(rows, "wait_intake", "all")["ongoing"] == "15"
    assert cells(rows, "wait_intake", "ambulant")["ongoing"] == "< 10"
    assert set(cells(rows, "wait_intake", "residentieel").values()) == {"x"}
    # The care forms' waiting youth add up to that same 15: hidden together as well.
    assert cells(rows, "care_form", "ambulant")["youth_waiting"] == "< 10"
    assert cells(rows, "care_form", "residentieel")["youth_waiting"] == "x"
    assert cells(rows, "care_form", "crisis")["youth_waiting"] == "0"
