"""``passend norms generate``: write a seeded, fictional file of case events (DOMAIN §7).

Runs without Django or a database, like ``passend norms evaluate``. The measures are spread over
the eleven child-protection regions of the registry's reference data, with one GI per region
(``gi-<region-slug>``); see :mod:`passend.protection.generator` for what the data looks like and
how it is calibrated. Output is JSON Lines, to a file or (``-``) standard output; a line on
standard error tells how many events were written and how fast. Exit status 0 on success, 2 on
invalid arguments or an output file that cannot be written.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date

from passend.protection.generator import generate_events, write_jsonl
from passend.protection.rules.events import read_date
from passend.registry.reference import current

PROG = "passend norms generate"
STDOUT = "-"
INVALID_ARGUMENTS = 2


def _date(text: str) -> date:
    try:
        return read_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Write fictional case events of child-protection measures pronounced "
        "between two dates, as JSON Lines; the same seed always gives the same file.",
    )
    parser.add_argument("--measures", required=True, type=_count, help="number of measures")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--start", required=True, type=_date, metavar="YYYY-MM-DD")
    parser.add_argument(
        "--end",
        required=True,
        type=_date,
        metavar="YYYY-MM-DD",
        help="last day: no event is dated later, so recent cases are still open",
    )
    parser.add_argument(
        "--output",
        default=STDOUT,
        metavar="FILE.jsonl",
        help="file to write; '-' (the default) writes to standard output",
    )
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        events = generate_events(
            seed=args.seed,
            measures=args.measures,
            start=args.start,
            end=args.end,
            regions=current().child_protection_regions,
        )
    except ValueError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return INVALID_ARGUMENTS
    started = time.perf_counter()
    try:
        written = write_jsonl(events, sys.stdout if args.output == STDOUT else args.output)
    except OSError as error:
        print(f"{PROG}: error: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return INVALID_ARGUMENTS
    seconds = time.perf_counter() - started
    rate = f", {written / seconds:,.0f} events/s" if seconds > 0 else ""
    print(
        f"{written:,} events of {args.measures:,} measures written to "
        f"{'standard output' if args.output == STDOUT else args.output} "
        f"in {seconds:.1f} s{rate}",
        file=sys.stderr,
    )
    return 0
