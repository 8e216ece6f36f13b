"""Benchmark: the optimiser beside the "first free place" baseline on a seeded national scenario.

    .venv/bin/python bench/bench_matching.py                 # full size: 8,000 youth, 3,000 offers
    .venv/bin/python bench/bench_matching.py --small         # 800 youth, 300 offers, seconds
    .venv/bin/python bench/bench_matching.py --seed 3 --youth 5000 --offers 2000 --time-limit 5

Prints one table; measures, asserts nothing. Shares are of all youth in the scenario.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from passend.matching import solvers
from passend.matching.interchange import read_problem
from passend.matching.rules.weights import Settings
from passend.matching.scenario import generate

ROWS: tuple[tuple[str, str, str], ...] = (
    ("share_all_needs_covered", "share with all needs covered", "{:.1%}"),
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


def _cell(value: object, form: str) -> str:
    return "–" if value is None else form.format(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--youth", type=int, default=8000)
    parser.add_argument("--offers", type=int, default=3000)
    parser.add_argument("--time-limit", type=float, default=Settings.time_limit_seconds)
    parser.add_argument("--small", action="store_true", help="800 youth and 300 offers")
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
    outcomes = {name: solvers.run(name, problem, settings) for name in ("greedy", "optimal")}
    width = max(len(label) for _, label, _ in ROWS)
    print(f"{'':{width}}  {'greedy':>22}  {'optimal':>22}")
    for key, label, form in ROWS:
        cells = [_cell(outcomes[name].metrics.get(key), form) for name in ("greedy", "optimal")]
        print(f"{label:{width}}  {cells[0]:>22}  {cells[1]:>22}")


if __name__ == "__main__":
    main()
