"""Benchmark: the team lead's worklist page for a team with about 2,000 open cases.

Production path: the real view through Django's test client (scope, SQL nearest deadline from
the stored spans, pagination, template), first page and a deep page, p50/p95 over many requests.
Naive path, in the same run: load every open case of the team with its events and run the pure
engine per case to find the nearest deadline (what a worklist without stored spans would do).

    python bench/bench_worklist.py [--open-cases 2000] [--requests 60] [--database-url ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2026, 11, 25)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open-cases", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="passend-bench-worklist-"))
    os.environ["PASSEND_DATABASE_URL"] = (
        args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "passend.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from passend.accounts.models import Team, User
    from passend.accounts.roles import Role
    from passend.audit.log import Actor
    from passend.protection.generator import generate_events
    from passend.protection.models import Case, CaseEvent
    from passend.protection.rules.events import read_jsonl
    from passend.protection.rules.norms import evaluate_case
    from passend.protection.rules.worklist import Current, work_item
    from passend.protection.services import import_events, stored_event
    from passend.registry.models import ChildProtectionRegion, Organisation

    setup_test_environment()  # the test client on a real database, no test database
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    region = ChildProtectionRegion.objects.get(name="Friesland")
    gi = Organisation.objects.create(
        reference="gi-bench",
        name="Bench GI",
        kind=Organisation.Kind.GI,
        child_protection_region=region,
    )
    team = Team.objects.create(organisation=gi, name="Team Bench")
    lead = User.objects.create_user(
        "lead", password="x", role=Role.TEAM_LEAD, organisation=gi, team=team
    )
    protectors = [
        User.objects.create_user(
            f"jb{n}", password="x", role=Role.PROTECTOR, organisation=gi, team=team
        )
        for n in range(20)
    ]
    started = time.perf_counter()
    # Measures pronounced over the last ten months mostly run still: enough open cases.
    events = list(
        generate_events(
            seed=7,
            measures=round(args.open_cases * 1.1),
            start=AS_OF - timedelta(days=300),
            end=AS_OF,
            regions=["Friesland"],
            gis_per_region={"Friesland": ["gi-bench"]},
        )
    )
    import_events(
        read_jsonl(json.dumps(e) for e in events),
        actor=Actor.system("bench"),
        acting_user=None,
        channel="file",
    )
    for index, pk in enumerate(Case.objects.order_by("pk").values_list("pk", flat=True)):
        Case.objects.filter(pk=pk).update(protector=protectors[index % len(protectors)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    open_cases = Case.objects.filter(gi=gi, ended_on__isnull=True).count()
    engine = connection.vendor
    print(
        f"cases: {Case.objects.count():,} ({open_cases:,} open)  events: "
        f"{CaseEvent.objects.count():,}  database: {engine}  built in {built:.1f} s"
    )

    client = Client()
    client.force_login(lead)
    pages = {"first page": "/cases/", "page 30": f"/cases/?page={max(1, open_cases // 50 - 10)}"}
    for name, url in pages.items():
        assert client.get(url).status_code == 200  # warm up
        times = []
        for _ in range(args.requests):
            begin = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200
        print(
            f"worklist {name:<11} p50 {statistics.median(times):7.1f} ms  "
            f"p95 {percentile(times, 0.95):7.1f} ms  max {max(times):7.1f} ms  "
            f"({args.requests} requests)"
        )

    def naive() -> list:
        """Every open case of the team through the pure engine, sorted by nearest deadline."""
        by_case = defaultdict(list)
        cases = {}
        rows = CaseEvent.objects.filter(case__gi=gi, case__ended_on__isnull=True).select_related(
            "case", "batch"
        )
        for row in rows:
            by_case[row.case_id].append(stored_event(row))
            cases[row.case_id] = row.case
        items = []
        for case_id, case_events in by_case.items():
            case = cases[case_id]
            verdicts = {
                indicator: Current(verdict=result.verdict, deadline=result.deadline)
                for indicator, result in evaluate_case(case_events, AS_OF).indicators.items()
            }
            item = work_item(
                verdicts,
                has_protector=bool(case.protector_reference),
                waiting=case.waiting_since is not None,
                today=AS_OF,
                at_duty_desk=case.duty_desk_since is not None,
            )
            items.append((item.next_deadline or date.max, case.reference))
        return sorted(items)[:50]

    begin = time.perf_counter()
    naive()
    naive_ms = (time.perf_counter() - begin) * 1000
    begin = time.perf_counter()
    client.get("/cases/")
    page_ms = (time.perf_counter() - begin) * 1000
    print(
        f"naive (engine per open case, no page): {naive_ms:,.0f} ms; "
        f"ratio naive / production first page: {naive_ms / page_ms:.0f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
