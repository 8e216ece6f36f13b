"""Benchmark: "where is room?" and the regional overview over a national supply register.

    python bench/bench_supply.py [--offers 10000 --entries 50000 --placements 20000]
                                 [--queries 200] [--database-url postgres://...]

It builds its own database (SQLite file in a temporary folder by default), generates the supply
with the seeded generator (:mod:`passend.supply.generator`) and stores it with ``bulk_create``
(the demo loader's ``store_supply``), then measures in the same run:

(a) the referrer's search (:func:`passend.supply.search.where_is_room`: the pure search over
    the national offer index kept in memory, patched for the offers whose revision changed) over
    seeded, varied questions — p50, p95 and max — beside a naive path that loads every active
    offer for each question and searches in Python, and the pure search alone over an index
    built once (no database); then the same search right after a capacity update, which makes
    it read that offer again and patch the index (the cost a search pays once per change);
(b) the regional overview (:func:`passend.supply.overview.region_overview`) for the region with
    the most offers, best of ``--repeat``, beside a naive path (each offer's waiting list by its
    own query, every placement in the country loaded and filtered in Python).

Both naive paths must give the same answers (checked and printed). Goals from the issue: search
p95 under 100 ms on PostgreSQL, regional overview under 1 s. Measures, asserts nothing about
time.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from random import Random

AS_OF = date(2026, 11, 25)


def percentile(ordered: list[float], share: float) -> float:
    """Nearest rank over an ascending list."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--placements", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--naive-queries", type=int, default=50, help="questions for the naive path"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="passend-bench-"))
    os.environ["PASSEND_DATABASE_URL"] = (
        args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "passend.settings.dev"
    os.environ.setdefault("PASSEND_HOME", str(workdir))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from passend.demo.management.commands.load_demo_data import store_supply
    from passend.registry.models import Municipality, YouthCareRegion
    from passend.supply import generator, queries, search, services
    from passend.supply.models import Offer, Placement, WaitingListEntry
    from passend.supply.overview import region_overview, wait_norms
    from passend.supply.rules import overview as overview_rules
    from passend.supply.rules import room
    from passend.supply.rules.placements import Placement as PlacementFacts
    from passend.supply.rules.waiting import WaitingEntry

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    engine = os.environ["PASSEND_DATABASE_URL"].split(":")[0]
    municipalities = list(Municipality.objects.values_list("cbs_code", "youth_care_region__name"))

    started = time.perf_counter()
    supply = generator.generate_supply(
        args.seed,
        offers=args.offers,
        entries=args.entries,
        placements=args.placements,
        as_of=AS_OF,
        municipalities=municipalities,
        prefix="bench-",
    )
    generated = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        stored = store_supply(supply, seed=args.seed)
    loaded = time.perf_counter() - started
    print(
        f"database: {engine}  offers: {stored['offers']}  providers: {stored['providers']}  "
        f"waiting-list entries: {stored['entries']}  placements: {stored['placements']}  "
        f"youth: {stored['youth']}"
    )
    print(f"generate: {generated:.1f} s   store (bulk_create): {loaded:.1f} s")

    # (a) "Where is room?"
    rng = Random(args.seed)
    regions = sorted({region for _code, region in municipalities})
    codes = [code for code, _region in municipalities]
    forms = {form: p.entry_share for form, p in generator.PROFILES.items()}
    needs = generator.NEED_WEIGHTS
    questions = []
    for _ in range(args.queries):
        wanted = rng.choices([1, 2, 3], weights=[35, 40, 25])[0]
        chosen = set()
        while len(chosen) < wanted:
            chosen.add(rng.choices(list(needs), weights=list(needs.values()))[0])
        where = rng.random()
        questions.append(
            room.RoomQuery(
                care_form=rng.choices(list(forms), weights=list(forms.values()))[0],
                needs=frozenset(chosen),
                age=rng.randint(4, 17) if rng.random() < 0.9 else rng.randint(18, 22),
                max_wait_days=rng.choice((0, 14, 28, 56, 90, 180)),
                region=rng.choice(regions) if where < 0.75 else None,
                municipality=rng.choice(codes) if 0.75 <= where < 0.95 else None,
            )
        )
    national = sum(q.search_region is None for q in questions)

    def production(query):
        return search.where_is_room(query, AS_OF)

    def naive(query):
        offers = queries.offers_as_matching(Offer.objects.filter(active=True), AS_OF)
        return room.where_is_room(query, offers, limit=50)

    t0 = time.perf_counter()
    production(questions[0])  # a process's first search reads every active offer
    first_search = (time.perf_counter() - t0) * 1000
    times, answers, sizes = [], [], []
    for query in questions:
        t0 = time.perf_counter()
        rows = production(query)
        times.append((time.perf_counter() - t0) * 1000)
        answers.append([row.offer_ids for row in rows])
        sizes.append(len(rows))
    naive_times, same = [], 0
    for index, query in enumerate(questions[: args.naive_queries]):
        t0 = time.perf_counter()
        rows = naive(query)
        naive_times.append((time.perf_counter() - t0) * 1000)
        same += [row.offer_ids for row in rows] == answers[index]
    active = list(Offer.objects.filter(active=True).order_by("pk"))
    after_update = []
    for query in questions[: args.naive_queries]:
        offer = rng.choice(active)
        services.update_capacity(
            offer,
            places=offer.places,
            occupied=rng.randint(0, offer.places),
            expected_wait_days=offer.expected_wait_days,
            user=None,
            channel="api",
        )
        t0 = time.perf_counter()
        production(query)
        after_update.append((time.perf_counter() - t0) * 1000)
    all_offers = queries.offers_as_matching(Offer.objects.filter(active=True), AS_OF)
    index = room.OfferIndex.of(all_offers)
    pure_times = []
    for query in questions:
        t0 = time.perf_counter()
        room.where_is_room(query, index, limit=50)
        pure_times.append((time.perf_counter() - t0) * 1000)

    def line(name, values):
        ordered = sorted(values)
        print(
            f"  {name:<44} p50 {percentile(ordered, 0.5):8.1f}  p95 "
            f"{percentile(ordered, 0.95):8.1f}  max {ordered[-1]:8.1f}  mean "
            f"{statistics.fmean(ordered):8.1f}"
        )

    print(
        f'\n(a) "where is room?": {len(questions)} questions ({national} national, the rest in '
        f"one region); rows shown per answer: median {statistics.median(sizes):.0f}, max "
        f"{max(sizes)} (limit 50); times in ms"
    )
    line("production (index in memory + pure search)", times)
    regional = [t for t, q in zip(times, questions, strict=True) if q.search_region]
    line("  of which regional questions", regional)
    line(f"right after a capacity update ({len(after_update)} q.)", after_update)
    print(f"  first search of a process (reads every active offer): {first_search:8.1f} ms")
    line(f"naive (all offers per question, {len(naive_times)} q.)", naive_times)
    line("pure search on an index built once (no DB)", pure_times)
    head = sorted(times[: len(naive_times)])
    print(
        f"  ratio naive / production (p50 over the same {len(naive_times)} questions): "
        f"{percentile(sorted(naive_times), 0.5) / percentile(head, 0.5):.1f}x  "
        f"(same answers: {same} of {len(naive_times)})"
    )

    # (b) The regional overview of the region with the most offers.
    counts = {}
    for region_id in Offer.objects.values_list(
        "location__municipality__youth_care_region", flat=True
    ):
        counts[region_id] = counts.get(region_id, 0) + 1
    region = YouthCareRegion.objects.get(pk=max(counts, key=counts.get))
    region_entries = WaitingListEntry.objects.filter(
        offer__location__municipality__youth_care_region=region
    ).count()

    def naive_overview():
        offers_qs = Offer.objects.filter(
            active=True, location__municipality__youth_care_region=region
        )
        offers = queries.offers_as_matching(offers_qs, AS_OF)
        entries, places = [], {}
        for offer in offers_qs:
            places[str(offer.pk)] = offer.places
            for row in offer.waiting_list.all():
                entries.append(
                    WaitingEntry(
                        id=str(row.pk),
                        youth=str(row.youth_id),
                        offer=str(offer.pk),
                        care_form=offer.care_form,
                        registered_on=row.registered_on,
                        intake_on=row.intake_on,
                        started_on=row.started_on,
                        removed_on=row.removed_on,
                        removal_reason=row.removal_reason or None,
                        needs=frozenset(row.needs or offer.needs),
                        region=region.name,
                    )
                )
        placements = [
            PlacementFacts(
                id=str(p.pk),
                youth=str(p.youth_id),
                offer=str(p.offer_id),
                care_form=p.offer.care_form,
                youth_municipality=p.youth_municipality.cbs_code,
                offer_municipality=p.offer.location.municipality.cbs_code,
                start=p.start,
                end=p.end,
                crisis=p.crisis,
                out_of_region_reason=p.out_of_region_reason or None,
                education_started_on=p.education_started_on,
                ready_to_leave_on=p.ready_to_leave_on,
                follow_up_started_on=p.follow_up_started_on,
            )
            for p in Placement.objects.select_related(
                "youth_municipality", "offer__location__municipality"
            )
            if p.youth_municipality.youth_care_region_id == region.pk and p.start <= AS_OF
        ]
        return overview_rules.overview(
            region=region.name,
            as_of=AS_OF,
            offers=offers,
            places=places,
            entries=entries,
            placements=placements,
            norms=wait_norms(),
            crisis_stay_max_days=settings.CRISIS_STAY_MAX_DAYS,
        )

    timings = {}
    for name, path, repeat in (
        (
            "production (4 scoped queries + pure rules)",
            lambda: region_overview(region, AS_OF),
            args.repeat,
        ),
        ("naive (per-offer queries, all placements)", naive_overview, 1),
    ):
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            view = path()
            best = min(best, time.perf_counter() - t0)
        timings[name] = (best, view)
    (fast, fast_view), (slow, slow_view) = timings.values()
    print(
        f"\n(b) regional overview of {region.name} (most offers: {counts[region.pk]}, "
        f"{region_entries} waiting-list entries), as of {AS_OF}"
    )
    for name, (seconds, _view) in timings.items():
        print(f"  {name:<44} {seconds * 1000:10.1f} ms")
    print(
        f"  ratio naive / production: {slow / fast:.1f}x  "
        f"(same figures: {'yes' if fast_view == slow_view else 'NO'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
