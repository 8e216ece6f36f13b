"""Load the fictional demo data set. Idempotent: running it twice adds nothing."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from passend.accounts.models import Team, User
from passend.audit.log import Actor
from passend.demo import data
from passend.protection.generator import generate_events
from passend.protection.models import Case, ImportBatch
from passend.protection.rules.events import read_jsonl
from passend.protection.services import import_events
from passend.referrals.models import HelpRequest
from passend.registry.models import ChildProtectionRegion, Location, Municipality, Organisation
from passend.supervision.models import Inspection
from passend.supply import generator
from passend.supply.models import (
    CapacityUpdate,
    InspectionMeasure,
    Offer,
    Placement,
    WaitingListEntry,
)
from passend.vocabulary import NEEDS
from passend.youth.identity import new_pseudonym
from passend.youth.models import CareRelationship, Youth

Kind = Organisation.Kind
YOUTH_PER_GI = 40
HELP_REQUESTS = 25
CASES_PER_DELIVERY = 2500
SEED = 20261125
BATCH = 2000


def slug(text: str) -> str:
    return text.lower().replace("/", "-").replace(" ", "-")


class Command(BaseCommand):
    help = (
        "Load the fictional demo data set (organisations, demo log-ins, youth, generated "
        "child-protection cases over the last two years, and a generated supply register of "
        "offers, waiting lists and placements, and restrictive-measure registrations). "
        "Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--measures",
            type=int,
            default=data.CASE_MEASURES,
            help="Child-protection measures to generate (0 = none).",
        )
        parser.add_argument(
            "--supply-offers",
            type=int,
            default=data.SUPPLY_OFFERS,
            help="Offers of care to generate, with waiting-list entries and placements in "
            "proportion (0 = no supply).",
        )

    @transaction.atomic
    def handle(self, *args, measures, supply_offers=data.SUPPLY_OFFERS, **options):
        if not Municipality.objects.exists():
            raise CommandError("load the reference data first: passend load_reference_data")
        organisations = self.organisations()
        users = self.users(organisations)
        self.youth(organisations, users)
        self.inspection(organisations, users)
        self.cases(measures)
        self.supply(supply_offers)
        self.help_requests(users)
        call_command("load_demo_measures", stdout=self.stdout)
        self.stdout.write(f"Demo log-ins (password for all: {data.DEMO_PASSWORD}):")
        for username, first, last, role, org, _team in data.USERS:
            self.stdout.write(f"  {role:<18} {username:<22} {first} {last}, {org}")

    def organisations(self) -> dict[str, Organisation]:
        regions = {r.name: r for r in ChildProtectionRegion.objects.all()}
        municipality = {m.cbs_code: m for m in Municipality.objects.all()}
        found = {}

        def upsert(reference, **fields):
            found[reference] = Organisation.objects.get_or_create(
                reference=reference, defaults=fields
            )[0]

        for region, (reference, name, seat) in data.GIS.items():
            upsert(
                reference,
                name=name,
                kind=Kind.GI,
                child_protection_region=regions[region],
                municipality=municipality[seat],
            )
            upsert(
                f"expertteam-{slug(region)}",
                name=data.EXPERT_TEAMS[region],
                kind=Kind.REGION,
                child_protection_region=regions[region],
            )
        upsert(data.INSPECTORATE[0], name=data.INSPECTORATE[1], kind=Kind.INSPECTORATE)
        for reference, name, cbs in data.MUNICIPALITIES:
            upsert(reference, name=name, kind=Kind.MUNICIPALITY, municipality=municipality[cbs])
        for reference, name, region, locations in data.PROVIDERS:
            upsert(
                reference, name=name, kind=Kind.PROVIDER, child_protection_region=regions[region]
            )
            for location, cbs, care_forms, group_size in locations:
                Location.objects.get_or_create(
                    organisation=found[reference],
                    name=location,
                    defaults={
                        "municipality": municipality[cbs],
                        "care_forms": care_forms,
                        "group_size": group_size,
                    },
                )
        return found

    def users(self, organisations) -> dict[str, User]:
        users = {}
        for username, first, last, role, org, team_name in data.USERS:
            organisation = organisations[org]
            team = (
                Team.objects.get_or_create(organisation=organisation, name=team_name)[0]
                if team_name
                else None
            )
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "role": role,
                    "organisation": organisation,
                    "team": team,
                },
            )
            if created:
                user.case_system_reference = data.CASE_SYSTEM_REFERENCES.get(username, "")
                user.set_password(data.DEMO_PASSWORD)
                user.full_clean()
                user.save()
            users[username] = user
        return users

    def youth(self, organisations, users) -> None:
        """Per GI a set of youth with a protection case; some referred, placed or escalated."""
        rng = random.Random(SEED)
        today = timezone.localdate()
        protectors = {
            "gi-friesland": [users["jb.friesland"], users["jb2.friesland"]],
            "gi-utrecht-flevoland": [users["jb.utrecht"]],
        }
        providers = [o for o in organisations.values() if o.kind == Kind.PROVIDER]
        for region, (gi_reference, _name, _seat) in data.GIS.items():
            gi = organisations[gi_reference]
            expert_team = organisations[f"expertteam-{slug(region)}"]
            for _ in range(YOUTH_PER_GI):
                pseudonym = new_pseudonym(rng.choice)
                birth = today - timedelta(days=rng.randint(2 * 365, 17 * 365))
                started = today - timedelta(days=rng.randint(5, 700))
                youth, created = Youth.objects.get_or_create(
                    pseudonym=pseudonym,
                    defaults={
                        "given_name": rng.choice(data.GIVEN_NAMES),
                        "family_name": rng.choice(data.FAMILY_NAMES),
                        "birth_date": birth,
                    },
                )
                protector = rng.choice(protectors.get(gi_reference, [None]))
                draws = [rng.random() for _ in range(3)]
                provider = rng.choice(providers)
                if not created:
                    continue
                CareRelationship.objects.create(
                    youth=youth,
                    organisation=gi,
                    kind=CareRelationship.Kind.PROTECTION,
                    assigned_to=protector,
                    team=protector.team if protector else None,
                    started_on=started,
                )
                if draws[0] < 0.35:
                    kind = (
                        CareRelationship.Kind.PLACEMENT
                        if draws[1] < 0.5
                        else CareRelationship.Kind.REFERRAL
                    )
                    CareRelationship.objects.create(
                        youth=youth,
                        organisation=provider,
                        kind=kind,
                        started_on=min(today, started + timedelta(days=30)),
                    )
                if draws[2] < 0.12:
                    CareRelationship.objects.create(
                        youth=youth,
                        organisation=expert_team,
                        kind=CareRelationship.Kind.ESCALATION,
                        region=gi.child_protection_region,
                        started_on=min(today, started + timedelta(days=60)),
                    )

    def inspection(self, organisations, users) -> None:
        today = timezone.localdate()
        inspection, created = Inspection.objects.get_or_create(
            reference="DEMO-2026-001",
            defaults={
                "subject": organisations["zorg-de-linde"],
                "purpose": "Thematic inspection of open residential care (demo)",
                "starts_on": date(today.year, 1, 1),
                "ends_on": date(today.year, 12, 31),
                "registered_by": users["beheer.toezicht"],
            },
        )
        if created:
            inspection.inspectors.add(users["inspecteur"])

    def cases(self, measures: int) -> None:
        """Generated case events of the last two years, imported like a GI's deliveries.

        Imported in chunks of cases, each a delivery of its own, with progress on stdout.
        """
        prefix = f"c-{data.CASE_SEED}-"
        if measures <= 0 or Case.objects.filter(reference__startswith=prefix).exists():
            return
        end = settings.DEMO_END_DATE or timezone.localdate()  # reproducible when pinned
        events = generate_events(
            seed=data.CASE_SEED,
            measures=measures,
            start=end - timedelta(days=730),
            end=end,
            regions=list(data.GIS),
            gis_per_region={region: [gi[0]] for region, gi in data.GIS.items()},
        )
        done = 0
        for chunk in _case_chunks(events, CASES_PER_DELIVERY):
            report = import_events(
                read_jsonl(json.dumps(event) for event in chunk),
                actor=Actor.system("load_demo_data"),
                acting_user=None,
                channel=ImportBatch.Channel.FILE,
                source_name="demo",
            )
            done += report.cases_refreshed
            self.stdout.write(f"Demo cases: {done} of {measures}")

    def supply(self, offers: int) -> None:
        """A generated supply register: fictional providers in every youth-care region, offers
        for the demo providers' locations too, waiting lists over the last year and placements,
        with youth referred to or placed with the providers (so provider staff see them).

        Added once: nothing happens when the generated providers exist already.
        """
        prefix = data.SUPPLY_PROVIDER_PREFIX
        if offers <= 0 or Organisation.objects.filter(reference__startswith=prefix).exists():
            return
        try:
            supply = generator.generate_supply(
                data.SUPPLY_SEED,
                offers=offers,
                entries=round(offers * data.SUPPLY_ENTRIES / data.SUPPLY_OFFERS),
                placements=round(offers * data.SUPPLY_PLACEMENTS / data.SUPPLY_OFFERS),
                as_of=timezone.localdate(),
                now=timezone.now(),
                municipalities=list(
                    Municipality.objects.values_list("cbs_code", "youth_care_region__name")
                ),
                known_locations=demo_locations(),
                prefix=prefix,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        store_supply(supply, seed=data.SUPPLY_SEED, progress=self.stdout.write)

    def help_requests(self, users) -> None:
        """Open help requests for some Friesland youth (the care broker's queue and what-if):
        residential or day treatment, one to three needs, waiting up to four months."""
        if HelpRequest.objects.exists():
            return
        rng = random.Random(SEED + 1)
        friesland = list(
            Municipality.objects.filter(youth_care_region__name="Friesland").order_by("cbs_code")
        )
        gi = Organisation.objects.get(reference="gi-friesland")
        youth = Youth.objects.filter(
            relationships__organisation=gi, birth_date__isnull=False
        ).order_by("pseudonym")[:HELP_REQUESTS]
        today = timezone.localdate()
        for young in youth:
            municipality = young.municipality or rng.choice(friesland)
            HelpRequest.objects.create(
                youth=young,
                municipality=municipality,
                care_form=rng.choice(
                    ["residentieel", "residentieel", "gezinshuis", "dagbehandeling"]
                ),
                needs=rng.sample(list(NEEDS)[:8], rng.randint(1, 3)),
                urgency=rng.choice(["normal", "normal", "high", "crisis"]),
                waiting_since=today - timedelta(days=rng.randint(3, 120)),
                max_wait_days=rng.choice([30, 60, 90]),
                organisation=gi,
                created_by=users["jb.friesland"],
            )
        self.stdout.write(f"Demo help requests: {len(youth)}")


def demo_locations() -> list[generator.KnownLocation]:
    """The demo providers' locations, which get generated offers too."""
    return [
        (reference, location, cbs, care_forms, group_size)
        for reference, _name, _region, locations in data.PROVIDERS
        for location, cbs, care_forms, group_size in locations
    ]


def store_supply(supply: generator.Supply, *, seed: int, progress=None) -> dict[str, int]:
    """Store a generated supply register with ``bulk_create``: providers, locations, offers
    (with their cooperations and a first capacity update), inspection measures, youth (fictional
    names, a seeded pseudonym, their municipality), waiting-list entries, placements, and the
    youth's referral and placement relationships with the providers. Returns the counts stored.

    Known locations (``known=True``) must exist already; everything else is created.
    """
    rng = random.Random(seed)
    progress = progress or (lambda _line: None)
    municipalities = {
        code: (pk, region)
        for code, pk, region in Municipality.objects.values_list(
            "cbs_code", "pk", "child_protection_region_id"
        )
    }
    Organisation.objects.bulk_create(
        [
            Organisation(
                reference=p.reference,
                name=p.name,
                kind=Kind.PROVIDER,
                child_protection_region_id=municipalities[p.seat][1],
            )
            for p in supply.providers
        ],
        batch_size=BATCH,
    )
    organisation = dict(
        Organisation.objects.filter(kind=Kind.PROVIDER).values_list("reference", "pk")
    )
    Location.objects.bulk_create(
        [
            Location(
                organisation_id=organisation[loc.provider],
                name=loc.name,
                municipality_id=municipalities[loc.municipality][0],
                care_forms=list(loc.care_forms),
                group_size=loc.group_size,
            )
            for loc in supply.locations
            if not loc.known
        ],
        batch_size=BATCH,
    )
    location = {
        (reference, name): pk
        for reference, name, pk in Location.objects.filter(
            organisation__kind=Kind.PROVIDER
        ).values_list("organisation__reference", "name", "pk")
    }
    offers = Offer.objects.bulk_create(
        [
            Offer(
                location_id=location[o.location],
                name=o.name,
                care_form=o.care_form,
                needs=list(o.needs),
                age_min=o.age_min,
                age_max=o.age_max,
                group_size=o.group_size,
                staff_ratio=o.staff_ratio,
                education_partner=o.education_partner,
                places=o.places,
                occupied=o.occupied,
                expected_wait_days=o.expected_wait_days,
                capacity_updated_at=o.capacity_updated_at,
            )
            for o in supply.offers
        ],
        batch_size=BATCH,
    )
    offer = {
        generated.key: stored.pk for generated, stored in zip(supply.offers, offers, strict=True)
    }
    provider = {o.key: organisation[o.provider] for o in supply.offers}
    Offer.cooperates_with.through.objects.bulk_create(
        [
            Offer.cooperates_with.through(from_offer_id=offer[o.key], to_offer_id=offer[other])
            for o in supply.offers
            for other in o.cooperates_with
        ],
        batch_size=BATCH,
    )
    CapacityUpdate.objects.bulk_create(
        [
            CapacityUpdate(
                offer_id=offer[o.key],
                places=o.places,
                occupied=o.occupied,
                expected_wait_days=o.expected_wait_days,
                updated_at=o.capacity_updated_at,
                channel=CapacityUpdate.Channel.IMPORT,
            )
            for o in supply.offers
        ],
        batch_size=BATCH,
    )
    InspectionMeasure.objects.bulk_create(
        [
            InspectionMeasure(
                provider_id=organisation[m.provider], kind=m.kind, start=m.start, end=m.end
            )
            for m in supply.measures
        ]
    )
    progress(
        f"Demo supply: {len(supply.providers)} providers, {len(supply.offers)} offers, "
        f"{len(supply.measures)} inspection measures"
    )

    taken = set(Youth.objects.values_list("pseudonym", flat=True))
    people = []
    for generated in supply.youth:
        pseudonym = new_pseudonym(rng.choice)
        while pseudonym in taken:
            pseudonym = new_pseudonym(rng.choice)
        taken.add(pseudonym)
        people.append(
            Youth(
                pseudonym=pseudonym,
                given_name=rng.choice(data.GIVEN_NAMES),
                family_name=rng.choice(data.FAMILY_NAMES),
                birth_date=generated.birth_date,
                municipality_id=municipalities[generated.municipality][0],
            )
        )
    stored_youth = Youth.objects.bulk_create(people, batch_size=BATCH)
    youth = {g.key: s.pk for g, s in zip(supply.youth, stored_youth, strict=True)}
    WaitingListEntry.objects.bulk_create(
        [
            WaitingListEntry(
                offer_id=offer[e.offer],
                youth_id=youth[e.youth],
                needs=list(e.needs),
                registered_on=e.registered_on,
                intake_on=e.intake_on,
                started_on=e.started_on,
                removed_on=e.removed_on,
                removal_reason=e.removal_reason,
                crisis=e.crisis,
            )
            for e in supply.entries
        ],
        batch_size=BATCH,
    )
    Placement.objects.bulk_create(
        [
            Placement(
                youth_id=youth[p.youth],
                offer_id=offer[p.offer],
                youth_municipality_id=municipalities[p.youth_municipality][0],
                start=p.start,
                end=p.end,
                crisis=p.crisis,
                out_of_region_reason=p.out_of_region_reason,
                out_of_region_note=p.out_of_region_note,
                education_started_on=p.education_started_on,
                ready_to_leave_on=p.ready_to_leave_on,
                follow_up_started_on=p.follow_up_started_on,
            )
            for p in supply.placements
        ],
        batch_size=BATCH,
    )
    # One referral per youth and provider, from the first registration; it ends when every
    # entry of the youth with that provider was removed from the list.
    referred: dict[tuple[int, int], list[generator.Entry]] = defaultdict(list)
    for e in supply.entries:
        referred[(youth[e.youth], provider[e.offer])].append(e)
    relationships = [
        CareRelationship(
            youth_id=youth_id,
            organisation_id=organisation_id,
            kind=CareRelationship.Kind.REFERRAL,
            started_on=min(e.registered_on for e in entries),
            ended_on=None
            if any(e.removed_on is None for e in entries)
            else max(e.removed_on for e in entries),
        )
        for (youth_id, organisation_id), entries in referred.items()
    ] + [
        CareRelationship(
            youth_id=youth[p.youth],
            organisation_id=provider[p.offer],
            kind=CareRelationship.Kind.PLACEMENT,
            started_on=p.start,
            ended_on=p.end,
        )
        for p in supply.placements
    ]
    CareRelationship.objects.bulk_create(relationships, batch_size=BATCH)
    progress(
        f"Demo supply: {len(people)} youth, {len(supply.entries)} waiting-list entries, "
        f"{len(supply.placements)} placements"
    )
    return {
        "providers": len(supply.providers),
        "offers": len(supply.offers),
        "youth": len(people),
        "entries": len(supply.entries),
        "placements": len(supply.placements),
        "relationships": len(relationships),
    }


def _case_chunks(events, cases_per_chunk: int):
    """Consecutive events split into lists of whole cases (the generator keeps a case together)."""
    chunk, cases = [], set()
    for event in events:
        if event["case"] not in cases and len(cases) == cases_per_chunk:
            yield chunk
            chunk, cases = [], set()
        cases.add(event["case"])
        chunk.append(event)
    if chunk:
        yield chunk
