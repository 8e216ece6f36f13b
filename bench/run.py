"""``make bench``: every benchmark, each printing its figures and its in-run baseline.

Sizes can be raised with environment variables (see docs/benchmarks.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
BENCHMARKS = [
    ["bench_norms_report.py", "--measures", os.environ.get("BENCH_MEASURES", "20000")],
    ["bench_worklist.py", "--open-cases", os.environ.get("BENCH_OPEN_CASES", "2000")],
    [
        "bench_supply.py",
        "--offers",
        os.environ.get("BENCH_SUPPLY_OFFERS", "10000"),
        "--entries",
        os.environ.get("BENCH_SUPPLY_ENTRIES", "50000"),
    ],
    ["bench_matching.py"],
]


def main() -> int:
    failures = 0
    for script, *arguments in BENCHMARKS:
        print(f"== {script} {' '.join(arguments)}", flush=True)
        failures += subprocess.call([sys.executable, str(HERE / script), *arguments]) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
