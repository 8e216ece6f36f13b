"""The inspectorates' report: per GI, region or nationally, per indicator, as of a date.

Counts come from the stored verdict spans in one grouped query; the pure ``summarise`` turns
them into n assessed / met / % exactly as for an evaluated file, so the report equals the
per-case verdicts summed.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.db.models import Count

from passend.core.spreadsheets import xlsx
from passend.protection.models import VerdictSpan
from passend.protection.rules.norms import Indicator, IndicatorSummary, Verdict, summarise
from passend.protection.rules.region_verdict import Proposal, Thresholds, propose

GROUPINGS = {"gi": "case__gi__reference", "region": "case__region__name", "national": None}
NATIONAL = "national"
COLUMNS = ["group", "indicator", "assessed", *[v.value for v in Verdict], "met_pct"]


@dataclass(frozen=True)
class ReportGroup:
    group: str
    indicators: Mapping[Indicator, IndicatorSummary]


@dataclass(frozen=True)
class NormsReport:
    as_of: date
    by: str
    measures_from: date | None
    measures_to: date | None
    groups: tuple[ReportGroup, ...]


def norms_report(
    *, as_of: date, by: str, measures_from: date | None = None, measures_to: date | None = None
) -> NormsReport:
    """Verdict counts as of ``as_of`` for measures pronounced in [from, to], grouped ``by``."""
    spans = VerdictSpan.objects.filter(VerdictSpan.holding_on(as_of))
    if measures_from:
        spans = spans.filter(case__measure_date__gte=measures_from)
    if measures_to:
        spans = spans.filter(case__measure_date__lte=measures_to)
    group_field = GROUPINGS[by]
    keys = [group_field] if group_field else []
    # COUNT(*), not COUNT(id): the national report then reads only the covering span index
    # (indicator, verdict, valid_from, valid_to) — on PostgreSQL an index-only scan.
    rows = spans.values(*keys, "indicator", "verdict").annotate(n=Count("*")).order_by()
    counts: dict[str, Counter] = {}
    for row in rows:
        group = row[group_field] if group_field else NATIONAL
        counts.setdefault(group, Counter())[
            Indicator(row["indicator"]), Verdict(row["verdict"])
        ] = row["n"]
    groups = tuple(
        ReportGroup(group=group, indicators=summarise(counts[group])) for group in sorted(counts)
    )
    return NormsReport(as_of, by, measures_from, measures_to, groups)


def previous_period(measures_from: date, measures_to: date) -> tuple[date, date]:
    """The period of the same length just before [from, to]: the cohort a region's improvement
    is measured against."""
    length = measures_to - measures_from
    before = measures_from - timedelta(days=1)
    return before - length, before


def region_proposals(
    *, as_of: date, measures_from: date, measures_to: date, thresholds: Thresholds
) -> dict[str, Proposal]:
    """The proposed verdict per region name for measures pronounced in [from, to], against the
    previous period of the same length, both as of ``as_of``."""
    current = norms_report(
        as_of=as_of, by="region", measures_from=measures_from, measures_to=measures_to
    )
    earlier_from, earlier_to = previous_period(measures_from, measures_to)
    previous = {
        group.group: group.indicators
        for group in norms_report(
            as_of=as_of, by="region", measures_from=earlier_from, measures_to=earlier_to
        ).groups
    }
    return {
        group.group: propose(group.indicators, previous.get(group.group), thresholds)
        for group in current.groups
    }


def proposal_basis(proposal: Proposal, thresholds: Thresholds) -> dict:
    """What a recorded verdict keeps of its proposal: the figures and the thresholds."""
    return {
        "thresholds": asdict(thresholds),
        "findings": [
            {
                "indicator": str(f.indicator),
                "met_pct": f.met_pct,
                "previous_pct": f.previous_pct,
                "meets": f.meets,
                "improved": f.improved,
            }
            for f in proposal.findings
        ],
    }


def as_rows(report: NormsReport) -> list[list]:
    return [
        [
            group.group,
            str(indicator),
            summary.assessed,
            *[summary.count(v) for v in Verdict],
            summary.met_pct,
        ]
        for group in report.groups
        for indicator, summary in group.indicators.items()
    ]


def render_json(report: NormsReport) -> str:
    return json.dumps(
        {
            "as_of": report.as_of.isoformat(),
            "by": report.by,
            "measures_from": report.measures_from.isoformat() if report.measures_from else None,
            "measures_to": report.measures_to.isoformat() if report.measures_to else None,
            "groups": [
                {
                    "group": group.group,
                    "indicators": {
                        str(indicator): {
                            **{v.value: summary.count(v) for v in Verdict},
                            "assessed": summary.assessed,
                            "met_pct": summary.met_pct,
                        }
                        for indicator, summary in group.indicators.items()
                    },
                }
                for group in report.groups
            ],
        },
        indent=2,
    )


def render_csv(report: NormsReport) -> str:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(as_rows(report))
    return output.getvalue()


def render_xlsx(report: NormsReport) -> bytes:
    return xlsx({f"norms {report.as_of.isoformat()}": (COLUMNS, as_rows(report))})


def render_table(report: NormsReport) -> str:
    lines = [f"Norms as of {report.as_of} by {report.by}"]
    widths = [28, 18, 9, 6, 8, 15, 8, 15, 7]
    lines.append("".join(str(c).ljust(w) for c, w in zip(COLUMNS, widths, strict=True)))
    for row in as_rows(report):
        cells = ["–" if c is None else c for c in row]
        lines.append("".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)))
    return "\n".join(lines) + "\n"
