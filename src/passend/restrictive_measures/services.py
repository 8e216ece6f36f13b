"""Writes of restrictive-measure data: registrations (screen and import), the locations' legal
setting, safe rooms, house rules, alternatives tried, consent and deliveries.

Every registration is judged by the pure check (:func:`.rules.legality.check`) when it is
written, and the verdict is stored beside it; nothing is stored without its verdict. Facts about
the location come from the location's record (:func:`.models.setting_of`): a file or a form
cannot make an open-care location closed. Each write is one transaction; writes touching a
youth's record are in the access log in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from passend.accounts.models import User
from passend.audit import log
from passend.audit.models import Action
from passend.registry.models import Location, Organisation
from passend.youth.models import Youth

from . import queries
from .models import (
    AlternativeTried,
    HouseRule,
    LocationSetting,
    MeasureRegistration,
    OverviewDelivery,
    ReportConsent,
    SafeRoom,
    setting_of,
)
from .rules import deliveries
from .rules.registration import (
    InvalidRegistration,
    LineError,
    Registration,
    Setting,
    instant,
    parse_line,
    term_end,
)

OBJECT_TYPE = "restrictive measure"


# --- Judging and storing one registration ------------------------------------------------------


def apply_location_facts(registration: MeasureRegistration, *, room_decides: bool) -> None:
    """Copy what the location's record says: its setting and, for Wzd and Wvggz, its entry in the
    public location register; the compliance of the safe room used, from its checklist.

    ``room_decides`` (the screen): compliance comes only from a chosen room, so without one it is
    not recorded, and nobody can tick a lock-in's room compliant by hand. Otherwise (the import)
    the file's ``safe_room_compliant`` stays when no room is linked, since a file cannot name a
    room of the location.
    """
    setting = setting_of(registration.location)
    registration.setting = setting.setting
    registration.location_registered = setting.in_location_register
    if registration.safe_room_id is not None:
        registration.safe_room_compliant = registration.safe_room.compliant
    elif room_decides:
        registration.safe_room_compliant = None


def judge(registration: MeasureRegistration, now: datetime) -> None:
    """Store the verdict of the pure check (with the authorisation types the location takes);
    a running measure is judged as of ``now``."""
    verdict = registration.judged(None if registration.end else now)
    registration.lawful = verdict.lawful
    registration.violations = [asdict(finding) for finding in verdict.violations]
    registration.warnings = [asdict(finding) for finding in verdict.warnings]
    registration.checked_at = now


def _validate(registration: MeasureRegistration, now: datetime) -> None:
    errors: dict[str, list[str]] = {}
    if registration.location.organisation_id != registration.provider_id:
        errors.setdefault("location", []).append("The location is not one of the provider's.")
    room = registration.safe_room
    if room is not None and room.location_id != registration.location_id:
        errors.setdefault("safe_room", []).append("The safe room is not at this location.")
    if registration.end is not None and registration.end < registration.start:
        errors.setdefault("end", []).append("The end is before the start.")
    if registration.start > now:
        errors.setdefault("start", []).append("The start lies in the future.")
    try:
        registration.full_clean(
            exclude=[
                "provider",
                "youth",
                "location",
                "safe_room",
                "source_id",
                "lawful",
                "violations",
                "warnings",
                "checked_at",
                "channel",
                "created_by",
            ],
            validate_constraints=False,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def new_source_id() -> str:
    """A reference for a registration made on the screen (files bring their own)."""
    return f"W-{secrets.token_hex(5).upper()}"


@transaction.atomic
def save_registration(
    registration: MeasureRegistration,
    *,
    actor: log.Actor,
    acting_user: User | None,
    now: datetime | None = None,
) -> MeasureRegistration:
    """Create or change a registration: location facts copied, validated, judged, audited.

    The caller found the youth through the policy (:func:`passend.youth.queries.access_youth`)
    and the location among the provider's own.
    """
    now = now or timezone.now()
    creating = registration.pk is None
    if creating:
        registration.source_id = registration.source_id or new_source_id()
        registration.channel = registration.channel or MeasureRegistration.Channel.SCREEN
        registration.created_by = acting_user
    else:
        MeasureRegistration.objects.select_for_update().filter(pk=registration.pk).first()
    apply_location_facts(registration, room_decides=True)
    _validate(registration, now)
    judge(registration, now)
    registration.save()
    log.record(
        actor,
        Action.CREATE if creating else Action.CHANGE,
        youth=registration.youth.pseudonym,
        object_type=OBJECT_TYPE,
        purpose=f"restrictive measures ({registration.provider.reference})",
    )
    return registration


def recheck(queryset: QuerySet[MeasureRegistration], now: datetime | None = None) -> int:
    """Judge the registrations again (after a change of the rules, or running measures as time
    passes) and store the verdicts that changed; returns how many changed."""
    now = now or timezone.now()
    changed = 0
    for registration in queryset.select_related("youth", "location__legal_setting"):
        before = (registration.lawful, registration.violations, registration.warnings)
        judge(registration, now)
        if before != (registration.lawful, registration.violations, registration.warnings):
            registration.save(update_fields=["lawful", "violations", "warnings", "checked_at"])
            changed += 1
    return changed


# --- Import (DOMAIN §9 JSON Lines) -------------------------------------------------------------


class ImportRejected(ValueError):
    """The file has errors and nothing was imported; every error names its line."""

    def __init__(self, errors: Iterable[LineError]):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} error(s); nothing imported")


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[LineError] = field(default_factory=list)


def read_registrations(
    lines: Iterable[str],
) -> tuple[list[tuple[int, Registration]], list[LineError]]:
    """Every registration with its line number, and every format error (as
    :func:`.rules.registration.parse_lines`, keeping the line of each registration)."""
    found: list[tuple[int, Registration]] = []
    errors: list[LineError] = []
    first_line_of: dict[str, int] = {}
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            registration = parse_line(text)
        except InvalidRegistration as invalid:
            errors += [LineError(number, problem) for problem in invalid.problems]
            continue
        if registration.id in first_line_of:
            first = first_line_of[registration.id]
            errors.append(LineError(number, f"id {registration.id!r} repeats line {first}"))
            continue
        first_line_of[registration.id] = number
        found.append((number, registration))
    return found, errors


IMPORTED_FIELDS = (
    "authorisation",
    "kind",
    "start",
    "end",
    "emergency",
    "in_help_plan",
    "generic",
    "alternatives_considered",
    "proportionality",
    "expected_effective",
    "motivation",
    "decided_by",
    "youth_informed_duration",
    "copy_to_youth",
    "complaint_rights_informed",
    "behavioural_scientist_consent",
    "behavioural_scientist_extension",
    "safe_room_compliant",
    "grounded_suspicion",
    "youth_present",
    "gi_or_parents_informed",
    "legal_basis",
    "phase_out_by",
    "independent_advice",
)
"""The §9 fields stored as the file gives them; the rest come from the youth and location.

``kind`` is stored whatever its code: one outside DOMAIN §8 is judged unlawful (6.3.1.1 lid 3)
and so shows in every list of unlawful registrations, rather than being refused."""

TEXT_FIELDS = {
    "authorisation",
    "proportionality",
    "expected_effective",
    "motivation",
    "decided_by",
    "legal_basis",
}


def _field_values(registration: Registration) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in IMPORTED_FIELDS:
        value = getattr(registration, name)
        if name in ("start", "end") and value is not None:
            value = instant(value)
        elif name == "phase_out_by" and value is not None:
            value = term_end(value)
        elif name == "alternatives_considered" and value is not None:
            value = list(value)
        elif name in TEXT_FIELDS:
            value = "" if value is None else str(value)
        values[name] = value
    return values


def _location_problems(registration: Registration, location: Location, reference: str) -> list[str]:
    """The file may not contradict the location's record (its setting, its register entry)."""
    recorded = setting_of(location)
    problems = []
    if registration.setting != recorded.setting:
        problems.append(
            f"setting {registration.setting.value!r} does not match location {reference!r}, "
            f"recorded as {recorded.setting!r}; the location's record decides"
        )
    elif (
        registration.location_registered is not None
        and recorded.in_location_register is not None
        and registration.location_registered != recorded.in_location_register
    ):
        problems.append(
            f"location_registered {str(registration.location_registered).lower()} does not "
            f"match location {reference!r}, recorded as "
            f"{'in' if recorded.in_location_register else 'not in'} the location register"
        )
    return problems


def _check_line(
    registration: Registration,
    youth: dict[str, Youth],
    locations: dict[str, Location],
    provider: Organisation,
) -> list[str]:
    problems = []
    if not registration.youth:
        problems.append("field 'youth' is required to store a registration")
    elif registration.youth not in youth:
        problems.append(f"youth {registration.youth!r} is not known to {provider.reference}")
    else:
        known = youth[registration.youth].birth_date
        if registration.birth_date and known and registration.birth_date != known:
            problems.append(
                f"birth_date {registration.birth_date.isoformat()} does not match the youth's "
                "recorded birth date"
            )
    if not registration.location:
        problems.append("field 'location' is required to store a registration")
    elif registration.location not in locations:
        problems.append(
            f"location {registration.location!r} is not a location of {provider.reference}"
        )
    else:
        location = locations[registration.location]
        problems += _location_problems(registration, location, registration.location)
    return problems


@transaction.atomic
def import_registrations(
    lines: Iterable[str],
    *,
    provider: Organisation,
    youth_scope: QuerySet[Youth],
    actor: log.Actor,
    acting_user: User | None,
    skip_bad_lines: bool = False,
    now: datetime | None = None,
) -> ImportReport:
    """Store a file of registrations (DOMAIN §9) for ``provider``, all or nothing, idempotently.

    Every line is checked before anything is written: the format (the pure parser), then the
    youth (by pseudonym, within ``youth_scope``: the youth the importing provider reaches), the
    location (by reference, one of the provider's) and that the file agrees with the location's
    record. Any error raises :class:`ImportRejected` with every error and its line, and nothing
    is stored; with ``skip_bad_lines`` the good lines are stored and the bad ones reported.

    A registration is identified by (provider, ``id``): importing the same file again changes
    nothing; a changed line updates the registration. Each stored registration is judged.
    """
    now = now or timezone.now()
    numbered, errors = read_registrations(lines)
    pseudonyms = {registration.youth for _, registration in numbered if registration.youth}
    youth = {y.pseudonym: y for y in youth_scope.filter(pseudonym__in=pseudonyms)}
    locations = queries.location_references(provider)
    good: list[tuple[int, Registration]] = []
    for number, registration in numbered:
        problems = _check_line(registration, youth, locations, provider)
        errors += [LineError(number, problem) for problem in problems]
        if not problems:
            good.append((number, registration))
    errors.sort(key=lambda error: error.line)
    if errors and not skip_bad_lines:
        raise ImportRejected(errors)

    existing = {
        stored.source_id: stored
        for stored in MeasureRegistration.objects.select_for_update(of=("self",))
        .filter(provider=provider, source_id__in=[r.id for _, r in good])
        .select_related("youth", "location__legal_setting", "provider")
    }
    report = ImportReport(rejected=errors)
    created, changed = [], []
    for _number, parsed in good:
        values = _field_values(parsed) | {
            "youth": youth[parsed.youth],
            "location": locations[parsed.location],
        }
        stored = existing.get(parsed.id)
        if stored is not None and all(
            getattr(stored, name) == value for name, value in values.items()
        ):
            report.unchanged += 1
            continue
        registration = stored or MeasureRegistration(
            provider=provider,
            source_id=parsed.id,
            channel=MeasureRegistration.Channel.IMPORT,
            created_by=acting_user,
        )
        for name, value in values.items():
            setattr(registration, name, value)
        apply_location_facts(registration, room_decides=False)
        judge(registration, now)
        registration.save()
        (changed if stored else created).append(registration.youth.pseudonym)
    report.added, report.updated = len(created), len(changed)
    purpose = f"import of restrictive measures ({provider.reference})"
    for action, pseudonyms_written in ((Action.CREATE, created), (Action.CHANGE, changed)):
        if pseudonyms_written:
            log.record_many(
                actor, action, youth=pseudonyms_written, object_type=OBJECT_TYPE, purpose=purpose
            )
    return report


# --- Locations, safe rooms, house rules --------------------------------------------------------


def _clean(instance, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude)


@transaction.atomic
def save_location_setting(setting: LocationSetting) -> LocationSetting:
    """Record a location's legal setting; registrations keep the setting they were judged in."""
    if setting.setting != Setting.GESLOTEN:
        setting.authorisation_types = []
    _clean(setting)
    setting.save()
    return setting


@transaction.atomic
def save_safe_room(room: SafeRoom) -> SafeRoom:
    _clean(room)
    room.save()
    return room


@transaction.atomic
def add_house_rule(rule: HouseRule) -> HouseRule:
    _clean(rule)
    rule.save()
    return rule


@transaction.atomic
def end_house_rule(rule: HouseRule, *, on: date) -> HouseRule:
    rule.ended_on = max(on, rule.recorded_on)
    _clean(rule)
    rule.save(update_fields=["ended_on"])
    return rule


# --- What works instead ------------------------------------------------------------------------


@transaction.atomic
def record_alternative(
    *,
    provider: Organisation,
    location: Location,
    situation: str,
    alternative: str,
    worked: bool | None,
    registration: MeasureRegistration | None = None,
    acting_user: User | None,
    recorded_on: date | None = None,
) -> AlternativeTried:
    """Record a pedagogical alternative tried (and whether it worked); validated by the rules."""
    if location.organisation_id != provider.pk:
        raise ValidationError({"location": ["The location is not one of the provider's."]})
    if registration is not None and registration.provider_id != provider.pk:
        raise ValidationError({"registration": ["Not a registration of this provider."]})
    record = AlternativeTried(
        provider=provider,
        location=location,
        registration=registration,
        situation=situation,
        alternative=alternative,
        worked=worked,
        recorded_on=recorded_on or timezone.localdate(),
        recorded_by=acting_user,
    )
    _clean(record, exclude=["provider", "location", "registration"])
    try:
        record.as_rule()
    except ValueError as error:
        raise ValidationError({"alternative": [str(error)]}) from error
    record.save()
    return record


# --- The youth report and the half-year delivery -----------------------------------------------


@transaction.atomic
def record_consent(
    *,
    provider: Organisation,
    youth: Youth,
    given: bool,
    actor: log.Actor,
    acting_user: User | None,
    now: datetime | None = None,
) -> ReportConsent:
    """Record whether the youth (16+) consents to informing the GI or parents (6.7.2 lid 3)."""
    consent = ReportConsent.objects.create(
        provider=provider,
        youth=youth,
        given=given,
        recorded_at=now or timezone.now(),
        recorded_by=acting_user,
    )
    log.record(
        actor,
        Action.CHANGE,
        youth=youth.pseudonym,
        object_type="consent to informing",
        purpose=f"six-monthly report ({provider.reference})",
    )
    return consent


@transaction.atomic
def record_delivery(
    *,
    provider: Organisation,
    half_year: deliveries.HalfYear,
    actor: log.Actor,
    acting_user: User | None,
    now: datetime | None = None,
) -> OverviewDelivery:
    """Generate the half-year overview and record it as delivered today, keeping the document.

    Refused before the half year has ended: the overview of a running half year is incomplete.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if today <= half_year.end:
        raise ValidationError(
            {"half_year": [f"{half_year.label} has not ended; deliver it after {half_year.end}."]}
        )
    overview = queries.half_year_overview(provider, half_year, now)
    document = deliveries.to_json(overview)
    delivery = OverviewDelivery.objects.create(
        provider=provider,
        half_year=half_year.label,
        delivered_on=today,
        generated_at=now,
        document=document,
        sha256=hashlib.sha256(document.encode()).hexdigest(),
        registrations=len(overview.rows),
        delivered_by=acting_user,
    )
    pseudonyms = sorted({row.youth for row in overview.rows if row.youth})
    if pseudonyms:
        log.record_many(
            actor,
            Action.EXPORT,
            youth=pseudonyms,
            object_type="half-year overview",
            purpose=f"delivery {half_year.label} to the inspectorate ({provider.reference})",
        )
    return delivery


def document_of(delivery: OverviewDelivery) -> dict[str, Any]:
    return json.loads(delivery.document)
