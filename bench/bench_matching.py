"""Benchmark: the optimiser beside the "first free place" baseline on a seeded national scenario.

    .venv/bin/python bench/bench_matching.py                 # full size: 8,000 youth, 3,000 offers
    .venv/bin/python bench/bench_matching.py --small         # 800 youth, 300 offers, seconds
    .venv/bin/python bench/bench_matching.py --seed 3 --youth 5000 --offers 2000 --time-limit 5
    .venv/bin/python bench/bench_matching.py --profile   # also the optimiser's busiest functions

Prints one table, then where the optimiser's time went (its phases in wall seconds, and the
write-up every strategy shares); measures, asserts nothing. Shares are of all youth in the
scenario.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from dataclasses import replace

from passend.matching import solvers
from passend.matching.interchange import read_problem
from passend.matching.rules.weights import Settings
from passend.matching.scenario import generate
from passend.matching.solvers import optimal

ROWS: tuple[tuple[str, str, str], ...] = (
    ("share_all_needs_covered", "share with all needs covered", "{:.1%}"),
    ("share_needs_covered", "share of all needs covered", "{:.1%}"),
    ("share_out_of_region_without_reason", "share out of region without reason", "{:.1%}"),
    ("share_out_of_region", "share out of region (any)", "{:.1%}"),
    ("mean_expected_wait_days", "mean expected wait (days)", "{:.1f}"),
    ("p90_expected_wait_days", "p90 expected wait (days)", "{}"),
    ("assigned", "assigned", "{}"),
    ("unassigned", "unassigned", "{}"),
    ("worst_region_coverage", "worst region: share all needs covered", "{:.1%}"),
    ("worst_region", "worst region", "{}"),
    ("objective", "objective (priority-weighted value)", "{:,.0f}"),
    ("bound", "bound of the unpruned problem", "{:,.0f}"),
    ("gap", "gap to the bound", "{:.2%}"),
    ("run_time_seconds", "run time (s)", "{:.1f}"),
)


PHASES: tuple[tuple[str, str], ...] = (
    ("search", "package search"),
    ("lp", "LP solves (GLOP)"),
    ("pricing", "pricing and bound"),
    ("model", "model columns and blocking sets"),
    ("cp_sat", "CP-SAT"),
)


def _cell(value: object, form: str) -> str:
    return "–" if value is None else form.format(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--youth", type=int, default=8000)
    parser.add_argument("--offers", type=int, default=3000)
    parser.add_argument("--time-limit", type=float, default=Settings.time_limit_seconds)
    parser.add_argument("--small", action="store_true", help="800 youth and 300 offers")
    parser.add_argument(
        "--profile", action="store_true", help="profile the optimiser (slower) and print its top"
    )
    args = parser.parse_args()
    youth, offers = (800, 300) if args.small else (args.youth, args.offers)

    started = time.perf_counter()
    problem = read_problem(generate(seed=args.seed, youth=youth, offers=offers))
    print(
        f"scenario seed {args.seed}: {len(problem.youth)} youth, {len(problem.offers)} offers, "
        f"{sum(o.free_places for o in problem.offers)} free places "
        f"(generated and checked in {time.perf_counter() - started:.1f} s)"
    )
    settings = replace(Settings(), time_limit_seconds=args.time_limit)
    outcomes = {}
    wall = {}
    profile = cProfile.Profile() if args.profile else None
    for name in ("greedy", "optimal"):
        started = time.perf_counter()
        if profile and name == "optimal":
            profile.enable()
        outcomes[name] = solvers.run(name, problem, settings)
        if profile and name == "optimal":
            profile.disable()
        wall[name] = time.perf_counter() - started
    width = max(len(label) for _, label, _ in ROWS)
    print(f"{'':{width}}  {'greedy':>22}  {'optimal':>22}")
    for key, label, form in ROWS:
        cells = [_cell(outcomes[name].metrics.get(key), form) for name in ("greedy", "optimal")]
        print(f"{label:{width}}  {cells[0]:>22}  {cells[1]:>22}")
    ran = outcomes["optimal"].metrics["run_time_seconds"]
    print("\noptimiser phases (wall seconds)")
    for key, label in PHASES:
        print(f"  {label:{width - 2}}  {optimal.LAST_RUN.get(key, 0.0):>22.2f}")
    print(f"  {'write-up (shared rules)':{width - 2}}  {wall['optimal'] - ran:>22.2f}")
    print(f"  {'total':{width - 2}}  {wall['optimal']:>22.2f}")
    counts = ", ".join(
        f"{key} {optimal.LAST_RUN[key]:,}"
        for key in ("lp_rounds", "columns_found", "residuals")
        if key in optimal.LAST_RUN
    )
    print(f"  ({counts})")
    if profile:
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(25)
        print(text.getvalue())


if __name__ == "__main__":
    main()
