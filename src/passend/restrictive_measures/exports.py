"""The yearly analysis (Youth Act 6.7.4) as exportable tables: CSV and XLSX beside the JSON of
:func:`.rules.analysis.to_json`.

One definition of the tables (:func:`analysis_tables`) serves both: the XLSX has a sheet per
table; the CSV is the same tables in long form (``section, subject, measure, value``), so one
file holds them all and a spreadsheet can pivot it.
"""

from __future__ import annotations

import csv
import io

from passend.core.spreadsheets import xlsx

from .rules.analysis import ANALYSIS_DUTY, Durations, YearlyAnalysis

Table = tuple[list[str], list[list]]

DURATION_COLUMNS = ["ended", "median_hours", "p90_hours", "max_hours"]


def _durations(durations: Durations) -> list:
    return [
        durations.measured,
        durations.median_hours,
        durations.p90_hours,
        durations.max_hours,
    ]


def analysis_tables(analysis: YearlyAnalysis) -> dict[str, Table]:
    """The analysis as named tables; the first column of each is the subject of its rows."""
    months = [f"{month:02d}" for month in range(1, 13)]
    return {
        "summary": (
            [
                "year",
                "as_of",
                "article",
                "registrations",
                "running",
                "emergency",
                "emergency_share",
                "unlawful",
                "youth",
            ],
            [
                [
                    analysis.year,
                    analysis.as_of.isoformat(),
                    ANALYSIS_DUTY.label,
                    analysis.registrations,
                    analysis.running,
                    analysis.emergency,
                    analysis.emergency_share,
                    analysis.unlawful,
                    analysis.repeated_use.youth,
                ]
            ],
        ),
        "per_kind": (
            [
                "kind",
                "article",
                "registrations",
                "running",
                "emergency",
                "emergency_share",
                "unlawful",
                *DURATION_COLUMNS,
            ],
            [
                [
                    k.kind,
                    k.article,
                    k.registrations,
                    k.running,
                    k.emergency,
                    k.emergency_share,
                    k.unlawful,
                    *_durations(k.durations),
                ]
                for k in analysis.per_kind
            ],
        ),
        "per_location": (
            ["location", "registrations", "emergency", "unlawful", "kinds"],
            [
                [
                    loc.location or "",
                    loc.registrations,
                    loc.emergency,
                    loc.unlawful,
                    "; ".join(f"{count.kind}={count.count}" for count in loc.per_kind),
                ]
                for loc in analysis.per_location
            ],
        ),
        "lock_ins": (
            [
                "location",
                "insluiting",
                "insluiting_eigen_kamer",
                "first_half",
                "second_half",
                *DURATION_COLUMNS,
            ],
            [
                [
                    lock.location or "",
                    lock.insluiting,
                    lock.insluiting_eigen_kamer,
                    lock.first_half,
                    lock.second_half,
                    *_durations(lock.durations),
                ]
                for lock in analysis.lock_ins
            ],
        ),
        "trend": (
            ["kind", *months],
            [[trend.kind, *trend.months] for trend in analysis.trend],
        ),
        "repeated_use": (
            ["youth", "registrations", "top_kinds"],
            [
                [
                    use.youth,
                    use.registrations,
                    "; ".join(f"{count.kind}={count.count}" for count in use.top_kinds),
                ]
                for use in analysis.repeated_use.youth_with_repeats
            ],
        ),
        "unlawful": (
            ["id", "youth", "location", "kind", "start", "articles"],
            [
                [
                    u.id,
                    u.youth or "",
                    u.location or "",
                    u.kind,
                    u.start.isoformat(),
                    "; ".join(u.articles),
                ]
                for u in analysis.unlawful_registrations
            ],
        ),
    }


def _cell(value) -> str:
    return "" if value is None else str(value)


def analysis_csv(analysis: YearlyAnalysis) -> str:
    """Every table in long form: one line per (section, subject, measure) with its value."""
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(["section", "subject", "measure", "value"])
    for section, (header, rows) in analysis_tables(analysis).items():
        for row in rows:
            subject = _cell(row[0])
            for name, value in zip(header[1:], row[1:], strict=True):
                writer.writerow([section, subject, name, _cell(value)])
    return output.getvalue()


def analysis_xlsx(analysis: YearlyAnalysis) -> bytes:
    """One sheet per table, with its header row."""
    return xlsx(analysis_tables(analysis))
