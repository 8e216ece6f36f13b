"""``passend match``: match waiting youth to packages of offers, from a JSON file, no database.

    passend match --input FILE.json [--strategy optimal|greedy] [--output OUT.json|-]
                  [--time-limit SECONDS]

Exit codes: 0 done; 2 the input or the arguments are wrong (every error on stderr, with its JSON
path; nothing on stdout).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from passend.matching import solvers
from passend.matching.interchange import InvalidInput, outcome_json, read_problem
from passend.matching.rules.weights import Settings

EXIT_OK = 0
EXIT_INVALID = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="passend match",
        description="Match waiting youth to packages of offers (DOMAIN §3).",
    )
    parser.add_argument("--input", required=True, help="input JSON file")
    parser.add_argument(
        "--strategy",
        choices=sorted(solvers.STRATEGIES),
        default="optimal",
        help="optimal: region-wide optimiser; greedy: first free place (today's practice)",
    )
    parser.add_argument("--output", default="-", help="output JSON file, '-' for stdout")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=Settings.time_limit_seconds,
        help="work limit of the optimiser's final model, in seconds (default %(default)s)",
    )
    return parser


def main(argv: list[str]) -> int:
    """Run ``passend match`` with the arguments after ``match``; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    if args.time_limit <= 0:
        print("--time-limit: must be more than 0", file=sys.stderr)
        return EXIT_INVALID
    try:
        data = json.loads(Path(args.input).read_text(encoding="utf-8"))
    except OSError as error:
        print(f"{args.input}: {error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        print(f"{args.input}: not valid JSON: {error}", file=sys.stderr)
        return EXIT_INVALID
    try:
        problem = read_problem(data)
    except InvalidInput as invalid:
        for error in invalid.errors:
            print(error, file=sys.stderr)
        return EXIT_INVALID
    settings = replace(Settings(), time_limit_seconds=args.time_limit)
    outcome = solvers.run(args.strategy, problem, settings)
    text = json.dumps(outcome_json(outcome), ensure_ascii=False, indent=2) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return EXIT_OK
