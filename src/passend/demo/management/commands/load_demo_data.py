"""Load the fictional demo data set. Idempotent: running it twice adds nothing."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

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
from passend.registry.models import ChildProtectionRegion, Location, Municipality, Organisation
from passend.supervision.models import Inspection
from passend.youth.identity import new_pseudonym
from passend.youth.models import CareRelationship, Youth

Kind = Organisation.Kind
YOUTH_PER_GI = 40
CASES_PER_DELIVERY = 2500
SEED = 20261125


def slug(text: str) -> str:
    return text.lower().replace("/", "-").replace(" ", "-")


class Command(BaseCommand):
    help = (
        "Load the fictional demo data set (organisations, demo log-ins, youth, and generated "
        "child-protection cases over the last two years). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--measures",
            type=int,
            default=data.CASE_MEASURES,
            help="Child-protection measures to generate (0 = none).",
        )

    @transaction.atomic
    def handle(self, *args, measures, **options):
        if not Municipality.objects.exists():
            raise CommandError("load the reference data first: passend load_reference_data")
        organisations = self.organisations()
        users = self.users(organisations)
        self.youth(organisations, users)
        self.inspection(organisations, users)
        self.cases(measures)
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
        end = timezone.localdate()
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
