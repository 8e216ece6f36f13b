"""Benchmark: the national norms report, production path vs naive path, in the same run.

Production path: the database's stored verdict spans → one grouped query → the report.
Naive path: load every case's events from the database and run the pure engine per case.
Both give the same numbers (checked here); the script prints both times and their ratio.

    python bench/bench_norms_report.py --measures 100000 [--database-url postgres://...]
    python bench/bench_norms_report.py --measures 1000000 --keep var/bench-1m   # build once
    python bench/bench_norms_report.py --measures 1000000 --keep var/bench-1m   # reuse it

It generates the measures with the seeded generator (about 8.4 events a measure) and imports
them through the real import service, as deliveries of ``--delivery`` cases (progress on
stderr); the import time is printed too. The SQLite database lives in a temporary folder that is
removed afterwards, unless ``--keep DIR`` names a folder: then the database (SQLite) or a note of
what was built (PostgreSQL, ``--database-url``) stays there, and a later run with the same
``--measures``, ``--seed`` and database reuses it instead of importing again. A PostgreSQL
database must be empty unless it is reused that way.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import groupby
from pathlib import Path
from urllib.parse import urlparse

END = date(2026, 11, 25)
"""The as-of date of the report, and the last day of the generated two years."""
MARKER = "bench.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="", help="default: SQLite in the work folder")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the production path")
    parser.add_argument("--delivery", type=int, default=10_000, help="cases per delivery")
    parser.add_argument(
        "--workers", type=int, default=None, help="timeline processes (default: by size)"
    )
    parser.add_argument("--keep", type=Path, help="work folder to keep (and reuse)")
    args = parser.parse_args()

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="passend-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        return run(args, workdir)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace, workdir: Path) -> int:
    url = args.database_url or f"sqlite:///{(workdir / 'bench.sqlite3').resolve()}"
    os.environ["PASSEND_DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "passend.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from passend.protection.models import Case, CaseEvent

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0, stdout=io.StringIO())
    the_gis()

    wanted = {"database": _without_password(url), "measures": args.measures, "seed": args.seed}
    marker = workdir / MARKER
    built = json.loads(marker.read_text()) if marker.exists() else {}
    reused = bool(built) and {k: built.get(k) for k in wanted} == wanted
    if reused and Case.objects.count() == args.measures:
        print(f"reusing the database built earlier in {workdir}", file=sys.stderr)
    elif Case.objects.exists():
        print(
            "the database already holds cases: give an empty database, or --keep the folder of "
            "an earlier run with the same --measures and --seed",
            file=sys.stderr,
        )
        return 2
    else:
        reused = False
        built = {**wanted, **build(args)}
        marker.write_text(json.dumps(built, indent=2) + "\n")
    with connection.cursor() as cursor:
        # Fresh statistics, and on PostgreSQL the visibility map that autovacuum keeps on a
        # maintained database (an index-only scan needs it): as production would be.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    events = CaseEvent.objects.count()
    print(
        f"measures: {args.measures:,}  events: {events:,}  database: {_engine(connection)}"
        f"  as of: {END}"
    )
    print(
        f"generate: {built['generate_seconds']:.1f} s; import (parse + import service, incl. "
        f"verdict timelines): {built['import_seconds']:.1f} s "
        f"({args.measures / built['import_seconds']:,.0f} measures/s, "
        f"{built['events'] / built['import_seconds']:,.0f} events/s); CPU (this process and "
        f"its workers): {built['import_cpu_seconds']:.1f} s, "
        f"{built['import_cpu_seconds'] * 1000 / args.measures:.2f} ms per measure"
        + ("  [built by an earlier run]" if reused else "")
    )

    production_times, production_result = timed(production, args.repeat)
    naive_times, naive_result = timed(naive, 1)
    same = production_result == naive_result
    fast, slow = min(production_times), min(naive_times)
    print(
        f"{'production (spans → SQL)':<28} {fast * 1000:10.1f} ms  best of {args.repeat} "
        f"({', '.join(f'{t * 1000:.0f}' for t in production_times)} ms); "
        f"{fast * 1e6 / max(events, 1) * 1000:.1f} ms per million events"
    )
    print(f"{'naive (engine per case)':<28} {slow * 1000:10.1f} ms")
    print(
        f"ratio naive / production: {slow / fast:.1f}x  (same numbers: {'yes' if same else 'NO'})"
    )
    print(f"load average (1, 5, 15 min) at the end: {_load()}, on {os.cpu_count()} cores")
    if not same:
        print(f"production: {production_result}\nnaive:      {naive_result}", file=sys.stderr)
        return 1
    return 0


def the_gis() -> None:
    """The eleven GIs of the demo data set, one per region (what the generated cases name)."""
    from passend.demo import data
    from passend.registry.models import ChildProtectionRegion, Organisation

    regions = {region.name: region for region in ChildProtectionRegion.objects.all()}
    for region, (reference, name, _seat) in data.GIS.items():
        Organisation.objects.get_or_create(
            reference=reference,
            defaults={
                "name": name,
                "kind": Organisation.Kind.GI,
                "child_protection_region": regions[region],
            },
        )


def build(args: argparse.Namespace) -> dict:
    """Generate and import the measures, a delivery at a time; the seconds each part took."""
    from passend.audit.log import Actor
    from passend.protection.rules.events import read_jsonl
    from passend.protection.services import import_events

    generating = importing = cpu = 0.0
    measures = events = 0
    deliveries = _deliveries(args.seed, args.measures, args.delivery)
    while True:
        started = time.perf_counter()
        delivery = next(deliveries, None)
        if delivery is None:
            break
        lines = [json.dumps(event) for event in delivery]
        generating += time.perf_counter() - started
        started, cpu_started = time.perf_counter(), _cpu()
        report = import_events(
            read_jsonl(lines),
            actor=Actor.system("bench"),
            acting_user=None,
            channel="file",
            source_name=f"bench {measures}",
            workers=args.workers,
        )
        importing += time.perf_counter() - started
        cpu += _cpu() - cpu_started
        if report.rejected or report.skipped:
            raise RuntimeError(f"unexpected import report {report}")
        measures += report.cases_refreshed
        events += report.added
        print(
            f"  imported {measures:,} of {args.measures:,} measures ({events:,} events): "
            f"{importing:.0f} s, {measures / importing:,.0f} measures/s; load {_load()}",
            file=sys.stderr,
        )
    return {
        "events": events,
        "generate_seconds": generating,
        "import_seconds": importing,
        "import_cpu_seconds": cpu,
    }


def _cpu() -> float:
    """CPU seconds of this process and its finished worker processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _deliveries(seed: int, measures: int, cases_per_delivery: int) -> Iterator[list[dict]]:
    """The generated events, split into deliveries of whole cases (the generator keeps a case's
    events together)."""
    from passend.demo import data
    from passend.protection.generator import generate_events

    events = generate_events(
        seed=seed,
        measures=measures,
        start=END - timedelta(days=730),
        end=END,
        regions=list(data.GIS),
        gis_per_region={region: [gi[0]] for region, gi in data.GIS.items()},
    )
    delivery: list[dict] = []
    cases: set[str] = set()
    for event in events:
        if event["case"] not in cases and len(cases) == cases_per_delivery:
            yield delivery
            delivery, cases = [], set()
        cases.add(event["case"])
        delivery.append(event)
    if delivery:
        yield delivery


def production() -> dict:
    from passend.protection.reports import norms_report

    return dict(norms_report(as_of=END, by="national").groups[0].indicators)


def naive() -> dict:
    """Every case's events from the database, the pure engine per case, the verdicts counted."""
    from passend.protection.models import CaseEvent
    from passend.protection.rules.norms import evaluate_cases, summarise
    from passend.protection.services import stored_event

    rows = CaseEvent.objects.select_related("case").order_by("case_id").iterator(chunk_size=5000)
    counts: Counter = Counter()
    for _, case_rows in groupby(rows, key=lambda row: row.case_id):
        for evaluation in evaluate_cases([stored_event(row) for row in case_rows], END):
            counts.update(evaluation.verdicts())
    return dict(summarise(counts))


def timed(path, repeat: int) -> tuple[list[float], dict]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = path()
        times.append(time.perf_counter() - started)
    return times, result


def _engine(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def _without_password(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@")
    return url


if __name__ == "__main__":
    sys.exit(main())
