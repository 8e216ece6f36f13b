"""Benchmark: the national norms report, production path vs naive path, in the same run.

Production path: the database's stored verdict spans → one grouped query → the report.
Naive path: load every case's events from the database and run the pure engine per case.
Both give the same numbers (checked here); the script prints both times and their ratio.

    python bench/bench_norms_report.py --measures 20000 [--database-url postgres://...]

It builds its own database (SQLite file in a temporary folder by default), generates the
measures with the seeded generator and imports them through the real import service; the
import time is printed too.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="passend-bench-"))
    os.environ["PASSEND_DATABASE_URL"] = (
        args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "passend.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command

    from passend.audit.log import Actor
    from passend.demo import data
    from passend.protection.generator import generate_events
    from passend.protection.models import CaseEvent
    from passend.protection.reports import norms_report
    from passend.protection.rules.events import read_jsonl
    from passend.protection.rules.norms import evaluate_cases, summarise
    from passend.protection.services import import_events, stored_event

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo_data", measures=0, stdout=io.StringIO())
    end = date(2026, 11, 25)
    started = time.perf_counter()
    events = generate_events(
        seed=args.seed,
        measures=args.measures,
        start=end - timedelta(days=730),
        end=end,
        regions=list(data.GIS),
        gis_per_region={r: [gi[0]] for r, gi in data.GIS.items()},
    )
    lines = [json.dumps(event) for event in events]
    import_events(read_jsonl(lines), actor=Actor.system("bench"), acting_user=None, channel="file")
    imported = time.perf_counter() - started
    engine = os.environ["PASSEND_DATABASE_URL"].split(":")[0]
    print(f"measures: {args.measures}  events: {len(lines)}  database: {engine}")
    rate = args.measures / imported
    print(f"generate + import (incl. verdict timelines): {imported:.1f} s ({rate:.0f} measures/s)")

    def production():
        return norms_report(as_of=end, by="national").groups[0].indicators

    def naive():
        by_case = defaultdict(list)
        for row in CaseEvent.objects.select_related("case").iterator(chunk_size=5000):
            by_case[row.case_id].append(stored_event(row))
        evaluations = evaluate_cases([e for case in by_case.values() for e in case], end)
        return summarise(pair for e in evaluations for pair in e.verdicts())

    timings = {}
    for name, path in (
        ("production (spans → SQL)", production),
        ("naive (engine per case)", naive),
    ):
        best = float("inf")
        for _ in range(args.repeat if name.startswith("production") else 1):
            t0 = time.perf_counter()
            result = path()
            best = min(best, time.perf_counter() - t0)
        timings[name] = (best, dict(result))
    (fast, fast_result), (slow, slow_result) = timings.values()
    assert fast_result == slow_result, "the two paths disagree"
    for name, (seconds, _) in timings.items():
        print(f"{name:<28} {seconds * 1000:10.1f} ms")
    print(f"ratio naive / production: {slow / fast:.1f}x  (same numbers: yes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
