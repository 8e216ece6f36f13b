"""``passend vbm check FILE [--as-of YYYY-MM-DDTHH:MM]``: the legality check on a file.

Reads restrictive-measure registrations in the JSON Lines format of DOMAIN §9 (``-`` reads
standard input) and prints one JSON line per registration, in file order::

    {"id": ..., "lawful": bool, "violations": [{"article": ..., "message": ...}], "warnings": [...]}

A file with any error is not checked at all: every error goes to standard error as
``FILE:LINE: message``, nothing to standard output, and the exit status is 2. Runs without Django.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import datetime

from .rules.legality import Verdict, check
from .rules.registration import ParsedFile, Registration, parse_date_time, parse_lines

STDIN = "-"


def _as_of(text: str) -> datetime:
    try:
        return parse_date_time(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date-time like 2026-03-02T14:30, not {text!r}"
        ) from None


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="passend vbm check",
        description="Check the legality of freedom-restricting measures (Youth Act chapter 6).",
    )
    parser.add_argument("file", metavar="FILE", help="registrations as JSON Lines; - for stdin")
    parser.add_argument(
        "--as-of",
        type=_as_of,
        metavar="YYYY-MM-DDTHH:MM",
        help="judge measures still running (no end) as of this Dutch local time",
    )
    return parser


def result_line(registration: Registration, verdict: Verdict) -> str:
    """One output line: the registration's id and its verdict as JSON."""
    return json.dumps(
        {
            "id": registration.id,
            "lawful": verdict.lawful,
            "violations": [asdict(finding) for finding in verdict.violations],
            "warnings": [asdict(finding) for finding in verdict.warnings],
        },
        ensure_ascii=False,
    )


def _read(file: str) -> ParsedFile:
    if file == STDIN:
        return parse_lines(sys.stdin)
    with open(file, encoding="utf-8") as lines:
        return parse_lines(lines)


def _name(file: str) -> str:
    return "<stdin>" if file == STDIN else file


def main(argv: list[str]) -> int:
    try:
        arguments = parser().parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    try:
        parsed = _read(arguments.file)
    except (OSError, UnicodeDecodeError) as problem:
        print(f"{_name(arguments.file)}: cannot read the file: {problem}", file=sys.stderr)
        return 2
    for error in parsed.errors:
        print(f"{_name(arguments.file)}:{error.line}: {error.message}", file=sys.stderr)
    if not parsed.ok:
        return 2
    for registration in parsed.registrations:
        print(result_line(registration, check(registration, arguments.as_of)))
    return 0
