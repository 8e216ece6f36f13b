"""``passend norms evaluate``: judge the child-protection norms over a file of case events.

Runs without Django or a database (see :mod:`passend.cli`): a GI or an inspector can evaluate an
export of their case system on a laptop. Input is the DOMAIN §7 interchange format (``.jsonl`` or
``.csv``, chosen by extension; ``-`` reads JSON Lines from standard input). Exit status 0 on
success, 2 on invalid input or arguments, with every error on standard error as
``FILE:LINE: message`` and nothing on standard output.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from passend.protection.rules.events import PARSERS_BY_SUFFIX, ParseResult, parse_jsonl, read_date
from passend.protection.rules.norms import (
    CaseEvaluation,
    Indicator,
    IndicatorSummary,
    Verdict,
    evaluate_cases,
    summarise,
)

PROG = "passend norms evaluate"
STDIN = "-"
STDIN_NAME = "<stdin>"
INVALID_INPUT = 2
CSV_COLUMNS = [
    "as_of",
    "case",
    "gi",
    "region",
    "indicator",
    "verdict",
    "deadline",
    "reason",
    "flags",
]
FLAG_SEPARATOR = "|"
"""Between flags in a CSV cell, as between list values in the interchange format."""


class InputError(Exception):
    """The input file cannot be read at all; the message names the file."""


def _as_of_date(text: str) -> date:
    try:
        return read_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Judge the three child-protection norms (seven indicators) for every case "
        "in a file of case events, as of a reference date.",
    )
    parser.add_argument("file", help="events as .jsonl or .csv; '-' reads JSON Lines from stdin")
    parser.add_argument(
        "--as-of", required=True, type=_as_of_date, metavar="YYYY-MM-DD", help="reference date"
    )
    parser.add_argument(
        "--format", choices=sorted(RENDERERS), default="table", help="output format"
    )
    parser.add_argument(
        "--skip-bad-lines",
        action="store_true",
        help="report bad lines on stderr but evaluate the good ones (exit 0)",
    )
    return parser


def read_events(file: str) -> tuple[str, ParseResult]:
    """The display name of the input and its parse result."""
    if file == STDIN:
        return STDIN_NAME, parse_jsonl(io.StringIO(sys.stdin.read(), newline=""))
    path = Path(file)
    parse = PARSERS_BY_SUFFIX.get(path.suffix.lower())
    if parse is None:
        suffixes = " or ".join(PARSERS_BY_SUFFIX)
        raise InputError(f"{file}: unknown file type {path.suffix!r}: use {suffixes}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{file}: not UTF-8 text") from None
    except OSError as error:
        raise InputError(f"{file}: cannot read: {error.strerror}") from None
    return file, parse(io.StringIO(text, newline=""))


def _summary_record(summary: IndicatorSummary) -> dict[str, int | float | None]:
    record: dict[str, int | float | None] = {str(v): summary.count(v) for v in Verdict}
    record["assessed"] = summary.assessed
    record["met_pct"] = summary.met_pct
    return record


def render_json(
    as_of: date,
    evaluations: Sequence[CaseEvaluation],
    summary: Mapping[Indicator, IndicatorSummary],
) -> str:
    document = {
        "as_of": as_of.isoformat(),
        "cases": [
            {
                "case": evaluation.case,
                "gi": evaluation.gi,
                "region": evaluation.region,
                "indicators": {
                    str(indicator): {
                        "verdict": str(result.verdict),
                        "deadline": result.deadline.isoformat(),
                        "reason": result.reason,
                    }
                    for indicator, result in evaluation.indicators.items()
                },
                "flags": [str(flag) for flag in evaluation.flags],
            }
            for evaluation in evaluations
        ],
        "summary": {str(key): _summary_record(value) for key, value in summary.items()},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_csv(
    as_of: date,
    evaluations: Sequence[CaseEvaluation],
    summary: Mapping[Indicator, IndicatorSummary],
) -> str:
    """One row per case and indicator (the summary is left to whoever reads the rows); the
    case's flags on each of its rows."""
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for evaluation in evaluations:
        flags = FLAG_SEPARATOR.join(evaluation.flags)
        for indicator, result in evaluation.indicators.items():
            writer.writerow(
                [
                    as_of.isoformat(),
                    evaluation.case,
                    evaluation.gi,
                    evaluation.region,
                    indicator,
                    result.verdict,
                    result.deadline.isoformat(),
                    result.reason,
                    flags,
                ]
            )
    return output.getvalue()


def _aligned(rows: Iterable[Sequence[str]], indent: str = "") -> list[str]:
    """Rows as text with every column padded to its widest cell."""
    rows = [list(row) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        indent
        + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def render_table(
    as_of: date,
    evaluations: Sequence[CaseEvaluation],
    summary: Mapping[Indicator, IndicatorSummary],
) -> str:
    lines = [f"Norms as of {as_of}: {len(evaluations)} case(s)", ""]
    for evaluation in evaluations:
        flags = f"; flags: {', '.join(evaluation.flags)}" if evaluation.flags else ""
        lines.append(f"{evaluation.case}  (GI {evaluation.gi}, region {evaluation.region}{flags})")
        lines += _aligned(
            (
                [indicator, result.verdict, result.deadline.isoformat(), result.reason]
                for indicator, result in evaluation.indicators.items()
            ),
            indent="  ",
        )
        lines.append("")
    header = ["indicator", *Verdict, "assessed", "% met"]
    lines.append("Summary")
    lines += _aligned(
        [
            header,
            *(
                [
                    indicator,
                    *(str(counts.count(verdict)) for verdict in Verdict),
                    str(counts.assessed),
                    "-" if counts.met_pct is None else f"{counts.met_pct:.1f}",
                ]
                for indicator, counts in summary.items()
            ),
        ],
        indent="  ",
    )
    return "\n".join(lines) + "\n"


RENDERERS: Mapping[
    str, Callable[[date, Sequence[CaseEvaluation], Mapping[Indicator, IndicatorSummary]], str]
] = {"json": render_json, "csv": render_csv, "table": render_table}


def main(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        name, result = read_events(args.file)
    except InputError as error:
        print(error, file=sys.stderr)
        return INVALID_INPUT
    for error in result.errors:
        print(f"{name}:{error.line}: {error.message}", file=sys.stderr)
    if result.errors and not args.skip_bad_lines:
        return INVALID_INPUT
    evaluations = evaluate_cases(result.events, args.as_of)
    summary = summarise(pair for evaluation in evaluations for pair in evaluation.verdicts())
    sys.stdout.write(RENDERERS[args.format](args.as_of, evaluations, summary))
    return 0
