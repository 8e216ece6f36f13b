"""Load a small fictional set of freedom-restricting measures on top of the demo data.

Idempotent: running it twice adds nothing. Needs ``load_demo_data`` first (the provider
``zorg-eikenhof`` with its locations "Eikenhof Gesloten" and "Eikenhof Zeist").

What it shows: a registered closed accommodation with a compliant safe room and a former
isolation room that no longer qualifies, an open location with a house rule that restricts
freedom, lawful and unlawful registrations (one in open care, one lock-in in the own bedroom, one
lock-in that lasted too long), a 16-year-old without recorded consent (the six-monthly report is
withheld), pedagogical alternatives tried at two providers, and an inspection of the provider so
the demo inspector can open its unlawful registrations.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from passend.accounts.models import User
from passend.audit.log import Actor
from passend.registry.models import Location, Organisation
from passend.restrictive_measures import queries, services
from passend.restrictive_measures.models import (
    AlternativeTried,
    HouseRule,
    LocationSetting,
    MeasureRegistration,
    SafeRoom,
)
from passend.restrictive_measures.rules.safe_room import CHECKLIST
from passend.supervision.models import Inspection
from passend.youth.models import CareRelationship, Youth

PROVIDER = "zorg-eikenhof"
CLOSED, OPEN = "Eikenhof Gesloten", "Eikenhof Zeist"
CLOSED_REF, OPEN_REF = "EIK-GESLOTEN", "EIK-ZEIST"
SECOND_PROVIDER, SECOND_LOCATION = "zorg-de-linde", "Huize De Linde"
PREFIX = "DEMO-VBM-"

# pseudonym, given name, family name, age in years
YOUTH = [
    ("J-VBMD-EMAA", "Sem", "Kramer", 15),
    ("J-VBMD-EMBB", "Yara", "de Wit", 13),
    ("J-VBMD-EMCC", "Levi", "Brouwer", 16),
]

LAWFUL: dict[str, Any] = {
    "setting": "gesloten",
    "location": CLOSED_REF,
    "authorisation": "machtiging",
    "emergency": False,
    "in_help_plan": True,
    "generic": False,
    "alternatives_considered": ["extra supervision by the group worker", "agreements on contact"],
    "proportionality": "limited to what the help plan names; reviewed every week",
    "expected_effective": "earlier agreements alone did not stop the contact",
    "motivation": "Protect the youth from renewed exploitation (demo).",
    "decided_by": "JHV-EIK-01",
    "youth_informed_duration": True,
    "copy_to_youth": True,
    "complaint_rights_informed": True,
    "gi_or_parents_informed": True,
}


def _at(day: date, hour: int, minute: int = 0) -> str:
    return datetime.combine(day, time(hour, minute)).isoformat(timespec="minutes")


def registrations(today: date) -> list[dict[str, Any]]:
    """The demo registrations, all in the last few months, as §9 records."""
    d = [today - timedelta(days=n) for n in range(0, 200)]
    lock_in = LAWFUL | {
        "kind": "insluiting",
        "emergency": True,
        "in_help_plan": False,
        "behavioural_scientist_consent": True,
        "safe_room_compliant": True,
        "alternatives_considered": ["de-escalation talk", "voluntary time-out"],
        "proportionality": "acute danger to a group member; ended when calm",
        "expected_effective": "separation ended earlier escalations within hours",
        "motivation": "Threatened a group member; de-escalation failed (demo).",
    }
    return [
        LAWFUL
        | {
            "id": "1",
            "youth": "J-VBMD-EMAA",
            "kind": "beperking_bezoek",
            "start": _at(d[120], 9),
            "end": _at(d[90], 9),
        },
        lock_in
        | {
            "id": "2",
            "youth": "J-VBMD-EMAA",
            "start": _at(d[60], 21, 10),
            "end": _at(d[60], 23, 25),
        },
        lock_in
        | {
            "id": "3",
            "youth": "J-VBMD-EMBB",
            "start": _at(d[45], 20),
            "end": _at(d[44], 23),
            "behavioural_scientist_extension": False,
        },
        lock_in
        | {
            "id": "4",
            "youth": "J-VBMD-EMBB",
            "kind": "insluiting_eigen_kamer",
            "start": _at(d[30], 22),
            "end": _at(d[30], 23, 30),
            "safe_room_compliant": None,
        },
        LAWFUL
        | {
            "id": "5",
            "youth": "J-VBMD-EMCC",
            "kind": "onderzoek_kamer",
            "start": _at(d[25], 10),
            "end": _at(d[25], 10, 30),
            "grounded_suspicion": True,
            "youth_present": False,
        },
        LAWFUL
        | {
            "id": "6",
            "youth": "J-VBMD-EMCC",
            "kind": "kamerverblijf",
            "setting": "open",
            "location": OPEN_REF,
            "authorisation": "geen",
            "start": _at(d[20], 19),
            "end": _at(d[20], 21),
            "motivation": "Mandatory room moment after dinner (house rule) (demo).",
        },
        LAWFUL
        | {
            "id": "7",
            "youth": "J-VBMD-EMAA",
            "kind": "toezicht",
            "generic": True,
            "start": _at(d[150], 0),
            "end": _at(d[10], 0),
            "motivation": "Cameras in the corridor for the whole group (demo).",
        },
        LAWFUL
        | {
            "id": "8",
            "youth": "J-VBMD-EMCC",
            "kind": "onderzoek_urine",
            "start": _at(d[15], 8),
            "end": _at(d[15], 8, 15),
            "grounded_suspicion": True,
            "gi_or_parents_informed": None,
        },
        LAWFUL
        | {
            "id": "9",
            "youth": "J-VBMD-EMBB",
            "kind": "beperking_communicatie",
            "start": _at(d[12], 12),
            "end": _at(d[5], 12),
            "copy_to_youth": None,
        },
        lock_in
        | {
            "id": "10",
            "youth": "J-VBMD-EMCC",
            "start": _at(d[8], 15),
            "end": _at(d[8], 16, 30),
            "gi_or_parents_informed": False,
        },
    ]


# location name, situation, alternative, worked, times
ALTERNATIVES = [
    (CLOSED, "agressie", "de_escalerend_gesprek", True, 7),
    (CLOSED, "agressie", "de_escalerend_gesprek", False, 4),
    (CLOSED, "agressie", "time_out_vrijwillig", True, 5),
    (CLOSED, "weglopen", "contact_netwerk", True, 3),
    (CLOSED, "middelengebruik", "extra_begeleiding", False, 2),
    (OPEN, "conflict_groep", "activiteit_buiten", True, 6),
    (OPEN, "agressie", "de_escalerend_gesprek", True, 3),
]
SECOND_ALTERNATIVES = [
    (SECOND_LOCATION, "agressie", "de_escalerend_gesprek", True, 2),
    (SECOND_LOCATION, "zelfbeschadiging", "contact_vertrouwenspersoon", True, 4),
    (SECOND_LOCATION, "zelfbeschadiging", "extra_begeleiding", None, 2),
]


class Command(BaseCommand):
    help = "Load a small fictional set of freedom-restricting measures (after load_demo_data)."

    @transaction.atomic
    def handle(self, *args, **options):
        provider = Organisation.objects.filter(reference=PROVIDER).first()
        if provider is None:
            raise CommandError("load the demo data first: passend load_demo_data")
        closed = Location.objects.get(organisation=provider, name=CLOSED)
        open_ = Location.objects.get(organisation=provider, name=OPEN)
        self.settings(closed, open_)
        self.rooms_and_rules(closed, open_)
        self.youth(provider)
        added = self.registrations(provider)
        self.alternatives(provider)
        self.inspection(provider)
        self.stdout.write(
            f"Demo restrictive measures: {added} registrations added "
            f"({MeasureRegistration.objects.filter(provider=provider).count()} in total)."
        )

    def settings(self, closed: Location, open_: Location) -> None:
        LocationSetting.objects.get_or_create(
            location=closed,
            defaults={
                "reference": CLOSED_REF,
                "setting": "gesloten",
                "authorisation_types": ["machtiging", "spoedmachtiging"],
                "register_entry": "Register gesloten accommodaties, nr. EIK-01 (demo)",
            },
        )
        LocationSetting.objects.get_or_create(
            location=open_, defaults={"reference": OPEN_REF, "setting": "open"}
        )

    def rooms_and_rules(self, closed: Location, open_: Location) -> None:
        today = timezone.localdate()
        SafeRoom.objects.get_or_create(
            location=closed,
            name="Veilige ruimte 1",
            defaults={**dict.fromkeys(CHECKLIST, True), "checked_on": today},
        )
        SafeRoom.objects.get_or_create(
            location=closed,
            name="Oude afzonderingsruimte",
            defaults={
                **dict.fromkeys(CHECKLIST, True),
                "daylight": False,
                "clock": False,
                "temperature_regulable": False,
                "in_use": False,
                "checked_on": today,
            },
        )
        for location, text, restricts, kind in (
            (closed, "Bezoek tussen 14:00 en 17:00 uur.", False, ""),
            (
                closed,
                "Telefoons gaan om 22:00 voor de hele groep in de kluis.",
                True,
                "beperking_communicatie",
            ),
            (open_, "Na het avondeten is er een verplicht kamermoment.", True, "kamerverblijf"),
        ):
            HouseRule.objects.get_or_create(
                location=location,
                text=text,
                defaults={
                    "restricts": restricts,
                    "kind": kind,
                    "recorded_on": today - timedelta(days=100),
                },
            )

    def youth(self, provider: Organisation) -> None:
        today = timezone.localdate()
        for pseudonym, given, family, age in YOUTH:
            youth, created = Youth.objects.get_or_create(
                pseudonym=pseudonym,
                defaults={
                    "given_name": given,
                    "family_name": family,
                    "birth_date": date(today.year - age, today.month, min(today.day, 28))
                    - timedelta(days=40),
                },
            )
            if created:
                CareRelationship.objects.create(
                    youth=youth,
                    organisation=provider,
                    kind=CareRelationship.Kind.PLACEMENT,
                    started_on=today - timedelta(days=200),
                )

    def registrations(self, provider: Organisation) -> int:
        if MeasureRegistration.objects.filter(
            provider=provider, source_id__startswith=PREFIX
        ).exists():
            return 0
        records = [
            record | {"id": PREFIX + record["id"]} for record in registrations(timezone.localdate())
        ]
        report = services.import_registrations(
            [json.dumps(record) for record in records],
            provider=provider,
            youth_scope=queries.provider_youth(provider),
            actor=Actor.system("load_demo_measures"),
            acting_user=None,
        )
        return report.added

    def alternatives(self, provider: Organisation) -> None:
        if AlternativeTried.objects.filter(provider=provider).exists():
            return
        today = timezone.localdate()
        sets = [(provider, ALTERNATIVES)]
        second = Organisation.objects.filter(reference=SECOND_PROVIDER).first()
        if second is not None:
            sets.append((second, SECOND_ALTERNATIVES))
        for organisation, rows in sets:
            for location_name, situation, alternative, worked, times in rows:
                location = Location.objects.filter(
                    organisation=organisation, name=location_name
                ).first()
                if location is None:
                    continue
                for n in range(times):
                    services.record_alternative(
                        provider=organisation,
                        location=location,
                        situation=situation,
                        alternative=alternative,
                        worked=worked,
                        acting_user=None,
                        recorded_on=today - timedelta(days=7 * n + 1),
                    )

    def inspection(self, provider: Organisation) -> None:
        inspector = User.objects.filter(username="inspecteur").first()
        registrar = User.objects.filter(username="beheer.toezicht").first()
        if inspector is None or registrar is None:
            return
        today = timezone.localdate()
        inspection, created = Inspection.objects.get_or_create(
            reference="DEMO-2026-VBM",
            defaults={
                "subject": provider,
                "purpose": "Inspection of freedom-restricting measures in closed care (demo)",
                "starts_on": date(today.year, 1, 1),
                "ends_on": date(today.year, 12, 31),
                "registered_by": registrar,
            },
        )
        if created:
            inspection.inspectors.add(inspector)
