"""The yearly analysis (Youth Act 6.7.4): what is counted, and how."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from ..analysis import (
    KindCount,
    LockIns,
    MonthlyTrend,
    UnlawfulRegistration,
    durations,
    percentile,
    to_json,
    yearly_analysis,
)
from ..deliveries import verdicts
from ..kinds import KINDS
from ..parameters import LOCAL_TIME
from ..registration import Registration
from .builders import registration

AS_OF = datetime(2027, 1, 15, 12, 0)


def measure(
    id: str,
    start: str,
    hours: float | None,
    kind: str = "beperking_bezoek",
    **changes: Any,
) -> Registration:
    """A lawful registration of ``kind`` (``hours`` ``None``: still running), then ``changes``."""
    begin = datetime.fromisoformat(start)
    end = None if hours is None else begin + timedelta(hours=hours)
    return replace(registration(kind), id=id, start=begin, end=end, **changes)


def analyse(registrations: list[Registration], as_of: datetime = AS_OF, year: int = 2026):
    return yearly_analysis(year, registrations, verdicts(registrations, as_of), as_of=as_of)


def test_percentiles_are_nearest_rank() -> None:
    values = [float(hours) for hours in range(1, 11)]
    assert percentile(values, 0.9) == 9.0
    assert percentile(values, 0.5) == 5.0
    assert percentile([3.0], 0.9) == 3.0
    assert percentile([1.0, 2.0], 0.9) == 2.0
    assert percentile(values, 0.0) == 1.0


def test_durations_in_hours() -> None:
    result = durations(timedelta(hours=hours) for hours in range(1, 11))
    assert (result.measured, result.median_hours, result.p90_hours, result.max_hours) == (
        10,
        5.5,
        9.0,
        10.0,
    )
    assert durations([timedelta(minutes=20)]).median_hours == 0.33
    assert durations([]).median_hours is None


def test_an_empty_year() -> None:
    result = analyse([])
    assert result.registrations == 0
    assert result.emergency_share is None
    assert [figures.kind for figures in result.per_kind] == list(KINDS)
    assert all(figures.registrations == 0 for figures in result.per_kind)
    assert result.per_location == () == result.lock_ins == result.trend
    assert result.repeated_use.at_least == ((2, 0), (5, 0))


def test_the_year_holds_what_was_applied_in_it() -> None:
    result = analyse(
        [
            measure("BEFORE", "2025-12-30T10:00", 2),
            measure("ACROSS", "2025-12-31T22:00", 4),  # into 1 January
            measure("RUNNING", "2025-06-01T10:00", None, kind="toezicht"),
            measure("IN", "2026-05-01T10:00", 1),
            measure("AFTER", "2027-01-01T00:00", 1),
        ]
    )
    assert result.registrations == 3
    assert [figures.registrations for figures in result.per_kind if figures.registrations] == [
        1,
        2,
    ]


def test_running_measures_are_counted_but_have_no_duration() -> None:
    as_of = datetime(2026, 12, 31, 12, 0)
    result = analyse(
        [
            measure("A", "2026-03-01T10:00", 2),
            measure("B", "2026-03-02T10:00", 4),
            measure("RUNNING", "2026-12-01T10:00", None),
            measure("ENDS_LATER", "2026-12-31T10:00", 5),  # ends after as_of
        ],
        as_of=as_of,
    )
    (visits,) = [figures for figures in result.per_kind if figures.registrations]
    assert (visits.registrations, visits.running) == (4, 2)
    assert (visits.durations.measured, visits.durations.median_hours) == (2, 3.0)
    assert visits.durations.max_hours == 4.0
    assert result.running == 2
    assert result.as_of == datetime(2026, 12, 31, 12, 0, tzinfo=LOCAL_TIME)


def test_durations_are_elapsed_time_over_the_clock_change() -> None:
    night = replace(
        registration("insluiting"),
        id="NIGHT",
        start=datetime(2026, 3, 29, 1, 0),
        end=datetime(2026, 3, 29, 4, 0),  # three wall-clock hours, two elapsed
    )
    result = analyse([night])
    assert result.lock_ins[0].durations.max_hours == 2.0


def test_emergency_share_overall_and_per_kind() -> None:
    result = analyse(
        [
            measure("L1", "2026-02-01T10:00", 1, kind="insluiting"),
            measure("L2", "2026-02-02T10:00", 1, kind="insluiting"),
            measure("V1", "2026-02-03T10:00", 1),
            measure("V2", "2026-02-04T10:00", 1, emergency=True, in_help_plan=False),
        ]
    )
    assert (result.emergency, result.emergency_share) == (3, 0.75)
    by_kind = {figures.kind: figures for figures in result.per_kind}
    assert by_kind["insluiting"].emergency_share == 1.0
    assert by_kind["beperking_bezoek"].emergency_share == 0.5
    assert by_kind["toezicht"].emergency_share is None


def test_counts_per_location_with_the_unrecorded_location_last() -> None:
    result = analyse(
        [
            measure("A", "2026-02-01T10:00", 1, location="LOC-B"),
            measure("B", "2026-02-02T10:00", 1, location=None, kind="toezicht"),
            measure("C", "2026-02-03T10:00", 1, location="LOC-A", kind="insluiting"),
            measure("D", "2026-02-04T10:00", 1, location="LOC-A", generic=True),
            measure("E", "2026-02-05T10:00", 1, location=" "),
        ]
    )
    locations = [(figures.location, figures.registrations) for figures in result.per_location]
    assert locations == [("LOC-A", 2), ("LOC-B", 1), (None, 2)]
    loc_a = result.per_location[0]
    assert loc_a.per_kind == (KindCount("insluiting", 1), KindCount("beperking_bezoek", 1))
    assert (loc_a.unlawful, loc_a.emergency) == (1, 1)


def test_repeated_use_per_youth() -> None:
    registrations = [
        measure(f"A{index}", f"2026-03-{index + 1:02d}T10:00", 1, youth="Y-A") for index in range(5)
    ]
    registrations += [
        measure("B1", "2026-04-01T10:00", 1, youth="Y-B", kind="insluiting"),
        measure("B2", "2026-04-02T10:00", 1, youth="Y-B", kind="toezicht"),
        measure("C1", "2026-04-03T10:00", 1, youth="Y-C", kind="onderzoek_kamer"),
        measure("C2", "2026-04-04T10:00", 1, youth="Y-C", kind="onderzoek_kamer"),
        measure("D1", "2026-04-05T10:00", 1, youth="Y-D"),
        measure("X1", "2026-04-06T10:00", 1, youth=None),
        measure("X2", "2026-04-07T10:00", 1, youth=None),
    ]
    use = analyse(registrations).repeated_use
    assert use.youth == 4
    assert use.at_least == ((2, 3), (5, 1))
    assert [(youth.youth, youth.registrations) for youth in use.youth_with_repeats] == [
        ("Y-A", 5),
        ("Y-B", 2),
        ("Y-C", 2),
    ]
    # Ties between kinds in the order of the law (toezicht 6.3.2.1 before insluiting 6.3.2.2).
    assert use.youth_with_repeats[1].top_kinds == (
        KindCount("toezicht", 1),
        KindCount("insluiting", 1),
    )
    assert use.youth_with_repeats[2].top_kinds == (KindCount("onderzoek_kamer", 2),)


def test_lock_ins_per_location_and_half_year() -> None:
    result = analyse(
        [
            measure("L1", "2026-02-01T10:00", 1, kind="insluiting", location="LOC-1"),
            measure("L2", "2026-06-30T23:00", 2, kind="insluiting", location="LOC-1"),
            measure("L3", "2026-09-01T10:00", 3, kind="insluiting_eigen_kamer", location="LOC-1"),
            measure("L4", "2026-09-02T10:00", 1, kind="insluiting", location="LOC-2"),
            measure("V", "2026-09-03T10:00", 1, location="LOC-3"),
        ]
    )
    assert [lock_in.location for lock_in in result.lock_ins] == ["LOC-1", "LOC-2"]
    loc_1 = result.lock_ins[0]
    assert loc_1 == LockIns(
        location="LOC-1",
        insluiting=2,
        insluiting_eigen_kamer=1,
        first_half=2,
        second_half=2,  # L2 runs across 30 June/1 July and counts in both halves
        durations=durations(timedelta(hours=hours) for hours in (1, 2, 3)),
    )


def test_trend_per_month_counts_every_month_a_measure_was_applied_in() -> None:
    result = analyse(
        [
            measure("LONG", "2026-01-20T10:00", 24 * 50, kind="toezicht"),  # January to March
            measure("L1", "2026-03-05T10:00", 1, kind="insluiting"),
            measure("L2", "2026-03-06T10:00", 1, kind="insluiting"),
            measure("L3", "2026-12-31T23:30", 1, kind="insluiting"),
        ]
    )
    assert result.trend == (
        MonthlyTrend("toezicht", (1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
        MonthlyTrend("insluiting", (0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1)),
    )


def test_every_unlawful_registration_with_its_articles() -> None:
    result = analyse(
        [
            measure("OK", "2026-02-01T10:00", 1),
            measure("LONG", "2026-03-01T10:00", 30, kind="insluiting", location="LOC-1"),
            measure("OWN", "2026-02-15T10:00", 1, kind="insluiting_eigen_kamer", youth="Y-9"),
        ]
    )
    assert result.unlawful == 2
    assert result.unlawful_registrations == (
        UnlawfulRegistration(
            id="OWN",
            youth="Y-9",
            location="LOC-JZP-1",
            kind="insluiting_eigen_kamer",
            start=datetime(2026, 2, 15, 10, 0, tzinfo=LOCAL_TIME),
            articles=("6.3.1.1 lid 3",),
        ),
        UnlawfulRegistration(
            id="LONG",
            youth="Y-0001",
            location="LOC-1",
            kind="insluiting",
            start=datetime(2026, 3, 1, 10, 0, tzinfo=LOCAL_TIME),
            articles=("6.3.2.2 lid 3",),
        ),
    )


def test_the_analysis_does_not_depend_on_input_order() -> None:
    registrations = [
        measure(f"R{index}", f"2026-{index % 12 + 1:02d}-10T10:00", index % 7, kind=kind)
        for index, kind in enumerate(list(KINDS) * 2)
    ]
    shuffled = registrations[:]
    random.Random(5).shuffle(shuffled)
    assert analyse(shuffled) == analyse(registrations)


def test_a_missing_verdict_is_refused() -> None:
    with pytest.raises(ValueError, match="no legality verdict"):
        yearly_analysis(2026, [measure("A", "2026-02-01T10:00", 1)], {}, as_of=AS_OF)


def test_the_export_is_json_with_the_article() -> None:
    result = analyse([measure("LONG", "2026-03-01T10:00", 30, kind="insluiting")])
    document = json.loads(to_json(result))
    assert document["article"] == "Jeugdwet 6.7.4 lid 1"
    assert document["year"] == 2026
    assert document["as_of"] == "2027-01-15T12:00:00+01:00"
    assert document["unlawful_registrations"][0]["articles"] == ["6.3.2.2 lid 3"]
    assert document["repeated_use"]["at_least"] == [[2, 0], [5, 0]]
    assert len(document["per_kind"]) == len(KINDS)


def test_an_unlisted_kind_is_counted_after_the_law_and_listed_as_unlawful() -> None:
    """A kind outside §8 (prohibited, 6.3.1.1 lid 3) gets its own figures after the 18 kinds
    of the law, shows in the trend and repeated use, and in the unlawful registrations."""
    youth = {"youth": "Y-9"}
    result = analyse(
        [
            measure("F-1", "2026-02-01T10:00", 1, "fixatie", **youth),
            measure("F-2", "2026-02-03T10:00", 2, "fixatie", **youth),
            measure("V-1", "2026-02-05T10:00", 3, **youth),
        ]
    )
    assert [figures.kind for figures in result.per_kind] == [*KINDS, "fixatie"]
    fixatie = result.per_kind[-1]
    assert (fixatie.article, fixatie.registrations, fixatie.unlawful) == ("6.3.1.1 lid 3", 2, 2)
    assert fixatie.durations.max_hours == 2.0
    assert [trend.kind for trend in result.trend] == ["beperking_bezoek", "fixatie"]
    (use,) = result.repeated_use.youth_with_repeats
    assert use.top_kinds == (KindCount("fixatie", 2), KindCount("beperking_bezoek", 1))
    assert [(u.id, u.kind, u.articles) for u in result.unlawful_registrations] == [
        ("F-1", "fixatie", ("6.3.1.1 lid 3",)),
        ("F-2", "fixatie", ("6.3.1.1 lid 3",)),
    ]
    assert result.lock_ins == ()  # not known to be a lock-in
