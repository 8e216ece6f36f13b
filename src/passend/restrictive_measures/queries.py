"""Scoped reads of restrictive-measure data, and the conversions into the pure rules' plain data.

Who reaches what:

- the own provider's locations, safe rooms, house rules and registrations: provider staff
  (``measures.register``) of that provider;
- individual registrations (:func:`scope_registrations`): provider staff of the registering
  provider, and an inspector within a registered inspection of that provider;
- aggregates over every provider (:func:`supervision_rows`, :func:`provider_figures`): roles with
  ``aggregates.view`` — no youth is named in them.

Another organisation's object answers 404, the same as one that does not exist.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from passend.accounts.models import User
from passend.accounts.roles import Capability, Role
from passend.audit import log
from passend.audit.models import Action, Outcome
from passend.registry.models import Location, Organisation
from passend.supervision.models import Inspection
from passend.youth.models import CareRelationship, Youth

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
from .rules import analysis, deliveries
from .rules.alternatives import AlternativeOutcome, what_worked
from .rules.deliveries import DeliveryState, HalfYear
from .rules.legality import Verdict
from .rules.parameters import LOCAL_TIME
from .rules.registration import Registration, Setting

NOTHING = Q(pk__in=[])
Kind = CareRelationship.Kind


# --- The own provider --------------------------------------------------------------------------


def own_provider(user: User) -> Organisation | None:
    """The provider whose measures ``user`` registers, if the role may register them."""
    if not user.has_capability(Capability.REGISTER_MEASURES) or user.organisation_id is None:
        return None
    organisation = user.organisation
    return organisation if organisation.kind == Organisation.Kind.PROVIDER else None


def own_locations(user: User) -> QuerySet[Location]:
    """The locations of the user's own provider (none for other roles)."""
    provider = own_provider(user)
    if provider is None:
        return Location.objects.none()
    return Location.objects.filter(organisation=provider).select_related(
        "legal_setting", "municipality", "organisation"
    )


def own_location(user: User, pk: int) -> Location:
    """One of the own provider's locations, else 404."""
    location = own_locations(user).filter(pk=pk).first()
    if location is None:
        raise Http404("No such location.")
    return location


def own_safe_room(user: User, pk: int) -> SafeRoom:
    room = SafeRoom.objects.filter(location__in=own_locations(user), pk=pk).first()
    if room is None:
        raise Http404("No such safe room.")
    return room


def own_house_rule(user: User, pk: int) -> HouseRule:
    rule = HouseRule.objects.filter(location__in=own_locations(user), pk=pk).first()
    if rule is None:
        raise Http404("No such house rule.")
    return rule


def provider_youth(provider: Organisation) -> QuerySet[Youth]:
    """The youth a provider's staff reach: those with an active referral or placement with it.

    The same rule as :func:`passend.accounts.policy.scope_youth` for provider staff, for the
    command-line import, where no user is signed in.
    """
    granting = CareRelationship.objects.active().filter(
        kind__in=[Kind.REFERRAL, Kind.PLACEMENT], organisation=provider
    )
    return Youth.objects.filter(pk__in=granting.values("youth_id"))


def location_references(provider: Organisation) -> dict[str, Location]:
    """The provider's locations by the reference registration files use for them."""
    locations = Location.objects.filter(organisation=provider).select_related("legal_setting")
    return {setting_of(location).reference: location for location in locations}


# --- Individual registrations ------------------------------------------------------------------


def _inspections(user: User) -> QuerySet[Inspection]:
    return Inspection.objects.current().filter(inspectors=user)


def registration_filter(user: User) -> Q:
    """A registration is included if, and only if, the role has ``measures.view`` and:

    - provider staff: the user's own provider registered it;
    - inspector: its provider is under a registered inspection, current today, naming this
      inspector (the only way an inspector reaches individual files);
    - anyone else: never.
    """
    if not user.is_authenticated or not user.has_capability(Capability.VIEW_MEASURES):
        return NOTHING
    if user.role == Role.PROVIDER_STAFF and user.organisation_id:
        return Q(provider_id=user.organisation_id)
    if user.role == Role.INSPECTOR:
        return Q(provider_id__in=_inspections(user).values("subject_id"))
    return NOTHING


def scope_registrations(
    user: User, queryset: QuerySet[MeasureRegistration] | None = None
) -> QuerySet[MeasureRegistration]:
    """The registrations ``user`` may open; the same scope for lists and detail pages."""
    queryset = MeasureRegistration.objects.all() if queryset is None else queryset
    return queryset.filter(registration_filter(user)).select_related(
        "youth", "location", "location__legal_setting", "provider", "safe_room"
    )


def purpose_of_access(user: User, registration: MeasureRegistration) -> str:
    """Why ``user`` opens the registration, as the access log records it (codes, not labels)."""
    if user.role == Role.INSPECTOR:
        inspection = _inspections(user).filter(subject_id=registration.provider_id).first()
        return f"inspection {inspection.reference}: {inspection.purpose}" if inspection else ""
    return f"restrictive measures ({registration.provider.reference})"


def access_registration(
    user: User, actor: log.Actor, pk: int, *, action: Action = Action.VIEW
) -> MeasureRegistration:
    """The registration ``pk`` if ``user`` may open it, else 404; the read is logged.

    "Does not exist" and "not yours" give the same answer; a refused attempt on an existing
    registration is logged as denied under the youth's pseudonym.
    """
    registration = scope_registrations(user).filter(pk=pk).first()
    if registration is None:
        existing = MeasureRegistration.objects.filter(pk=pk).select_related("youth").first()
        if existing is not None:
            log.record(
                actor,
                action,
                youth=existing.youth.pseudonym,
                object_type="restrictive measure",
                purpose="",
                outcome=Outcome.DENIED,
            )
        raise Http404("No such registration.")
    log.record(
        actor,
        action,
        youth=registration.youth.pseudonym,
        object_type="restrictive measure",
        purpose=purpose_of_access(user, registration),
    )
    return registration


def current_verdict(registration: MeasureRegistration, now: datetime) -> Verdict:
    """The verdict as it stands now: a running measure is judged again as of ``now`` (it may have
    passed its maximum since it was saved); an ended one keeps its stored verdict."""
    if registration.end is None:
        return registration.judged(now)
    return registration.verdict


def unlawful_now(
    queryset: QuerySet[MeasureRegistration], now: datetime
) -> QuerySet[MeasureRegistration]:
    """A registration is included if, and only if, its verdict as it stands at ``now`` is
    unlawful (:func:`current_verdict`): an ended one by its stored flag, a running one judged
    again. Only the running ones are judged here, so the filter stays in the query and a list
    can be paged after it without short pages."""
    running = queryset.filter(end__isnull=True)
    unlawful_running = [r.pk for r in running if not current_verdict(r, now).lawful]
    return queryset.filter(Q(end__isnull=False, lawful=False) | Q(pk__in=unlawful_running))


# --- Plain data for the pure deliveries and analysis -------------------------------------------


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_TIME)


def applied_between(
    queryset: QuerySet[MeasureRegistration], first_day: date, last_day: date
) -> QuerySet[MeasureRegistration]:
    """Registrations that may have been applied in the days (a superset of
    :func:`.rules.deliveries.applied_in`, which decides exactly)."""
    begin, stop = _midnight(first_day), _midnight(last_day + timedelta(days=1))
    return queryset.filter(Q(end__isnull=True) | Q(end__gt=begin), start__lt=stop)


def with_verdicts(
    registrations: Iterable[MeasureRegistration], now: datetime
) -> tuple[list[Registration], dict[str, Verdict]]:
    """The registrations as the pure rules read them, and their verdicts (running ones as of
    ``now``). Pass one provider's registrations: ids are unique per provider."""
    rules, verdicts = [], {}
    for registration in registrations:
        rule = registration.as_rule()
        rules.append(rule)
        verdicts[rule.id] = current_verdict(registration, now)
    return rules, verdicts


def provider_registrations(provider: Organisation) -> QuerySet[MeasureRegistration]:
    return MeasureRegistration.objects.filter(provider=provider).select_related(
        "youth", "location", "location__legal_setting", "provider", "safe_room"
    )


def half_year_overview(
    provider: Organisation, half_year: HalfYear, now: datetime
) -> deliveries.HalfYearOverview:
    """The digital overview of the provider's measures applied in ``half_year`` (6.7.3 lid 2)."""
    queryset = applied_between(provider_registrations(provider), half_year.start, half_year.end)
    rules, verdicts = with_verdicts(queryset, now)
    return deliveries.overview(provider.reference, half_year, rules, verdicts, generated_at=now)


def yearly_analysis(
    registrations: QuerySet[MeasureRegistration], year: int, now: datetime
) -> analysis.YearlyAnalysis:
    """The yearly analysis (6.7.4) of the registrations, as of ``now``."""
    queryset = applied_between(registrations, date(year, 1, 1), date(year, 12, 31))
    rules, verdicts = with_verdicts(queryset, now)
    return analysis.yearly_analysis(year, rules, verdicts, as_of=now)


def latest_consent(provider: Organisation, youth: Youth) -> ReportConsent | None:
    return ReportConsent.objects.filter(provider=provider, youth=youth).first()


# --- Deliveries and reminders ------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryStatus:
    """Where one half year's overview stands for a provider on a given day."""

    half_year: HalfYear
    state: DeliveryState
    days_until_due: int
    delivered_on: date | None

    @property
    def due_date(self) -> date:
        return self.half_year.due_date

    @property
    def days_overdue(self) -> int:
        return -self.days_until_due


def delivery_statuses(provider: Organisation, today: date, count: int = 4) -> list[DeliveryStatus]:
    """The current half year and the ``count - 1`` before it, newest first, with their state.

    Whether a delivery was on time is decided by the first delivery of the half year.
    """
    half_years = [HalfYear.of(today)]
    while len(half_years) < count:
        half_years.append(half_years[-1].previous)
    first_delivery: dict[str, date] = {}
    for label, delivered_on in OverviewDelivery.objects.filter(
        provider=provider, half_year__in=[h.label for h in half_years]
    ).values_list("half_year", "delivered_on"):
        first_delivery[label] = min(delivered_on, first_delivery.get(label, delivered_on))
    return [
        DeliveryStatus(
            half_year=half_year,
            state=half_year.reminder_state(today, first_delivery.get(half_year.label)),
            days_until_due=half_year.days_until_due(today),
            delivered_on=first_delivery.get(half_year.label),
        )
        for half_year in half_years
    ]


def next_due(statuses: list[DeliveryStatus]) -> DeliveryStatus:
    """The delivery to act on: the last ended half year until it is delivered, then the running
    one. (Older half years not delivered stay listed as overdue beside it.)"""
    current, last_ended = statuses[0], statuses[1]
    if last_ended.delivered_on is None:
        return last_ended
    return current


def providers_with_registration_duty() -> QuerySet[Organisation]:
    """Providers that must deliver overviews: those with a closed accommodation or with any
    registration (a measure registered in open care is still reported)."""
    return Organisation.objects.filter(
        Q(locations__legal_setting__setting=Setting.GESLOTEN)
        | Q(measure_registrations__isnull=False),
        kind=Organisation.Kind.PROVIDER,
    ).distinct()


# --- What works instead ------------------------------------------------------------------------


def what_works(
    queryset: QuerySet[AlternativeTried] | None = None,
) -> tuple[AlternativeOutcome, ...]:
    """The alternatives tried, pooled across locations (all providers unless narrowed)."""
    queryset = AlternativeTried.objects.all() if queryset is None else queryset
    return what_worked(record.as_rule() for record in queryset.select_related("registration"))


# --- Aggregates for supervisors ----------------------------------------------------------------


@dataclass(frozen=True)
class ProviderRow:
    """One provider's figures for a year, for the supervisors' overview. No youth is named."""

    provider: Organisation
    closed_locations: int
    registrations: int
    unlawful: int
    in_open_care: int
    lock_ins: int
    own_bedroom_lock_ins: int
    safe_rooms: int
    safe_rooms_compliant: int
    house_rule_problems: int
    last_delivery: DeliveryStatus


def _year_registrations(year: int) -> QuerySet[MeasureRegistration]:
    return applied_between(
        MeasureRegistration.objects.select_related(
            "youth", "location", "location__legal_setting", "provider", "safe_room"
        ),
        date(year, 1, 1),
        date(year, 12, 31),
    )


def _in_open_care(rules: Iterable[Registration], year: int) -> int:
    first, last = date(year, 1, 1), date(year, 12, 31)
    return sum(
        1
        for rule in rules
        if rule.setting == Setting.OPEN and deliveries.applied_in(rule, first, last)
    )


def supervision_rows(year: int, now: datetime | None = None) -> list[ProviderRow]:
    """Per provider with a registration duty: the year's figures (as in the yearly analysis),
    its locations' safe rooms and house-rule problems, and the state of its last delivery."""
    now = now or timezone.now()
    today = now.astimezone(LOCAL_TIME).date()
    by_provider: dict[int, list[MeasureRegistration]] = {}
    for registration in _year_registrations(year):
        by_provider.setdefault(registration.provider_id, []).append(registration)
    rows = []
    for provider in providers_with_registration_duty().order_by("name"):
        registrations = by_provider.get(provider.pk, [])
        rules, verdicts = with_verdicts(registrations, now)
        figures = analysis.yearly_analysis(year, rules, verdicts, as_of=now)
        rooms = list(SafeRoom.objects.filter(location__organisation=provider))
        lock_ins = {kind.kind: kind.registrations for kind in figures.per_kind}
        statuses = delivery_statuses(provider, today, count=2)
        rows.append(
            ProviderRow(
                provider=provider,
                closed_locations=LocationSetting.objects.filter(
                    location__organisation=provider, setting=Setting.GESLOTEN
                ).count(),
                registrations=figures.registrations,
                unlawful=figures.unlawful,
                in_open_care=_in_open_care(rules, year),
                lock_ins=lock_ins.get("insluiting", 0),
                own_bedroom_lock_ins=lock_ins.get("insluiting_eigen_kamer", 0),
                safe_rooms=len(rooms),
                safe_rooms_compliant=sum(1 for room in rooms if room.compliant),
                house_rule_problems=HouseRule.objects.filter(
                    location__organisation=provider, restricts=True, ended_on__isnull=True
                ).count(),
                last_delivery=next_due(statuses),
            )
        )
    return rows


@dataclass(frozen=True)
class LocationFacts:
    """One location of a provider as supervisors see it: setting, rooms, house rules."""

    location: Location
    setting: LocationSetting
    safe_rooms: list[SafeRoom]
    house_rule_problems: list[HouseRule]


def provider_locations(provider: Organisation) -> list[LocationFacts]:
    locations = Location.objects.filter(organisation=provider).select_related("legal_setting")
    return [
        LocationFacts(
            location=location,
            setting=setting_of(location),
            safe_rooms=list(location.safe_rooms.all()),
            house_rule_problems=[rule for rule in location.house_rules.all() if rule.problem],
        )
        for location in locations.prefetch_related("safe_rooms", "house_rules")
    ]


def violated_articles(figures: analysis.YearlyAnalysis) -> list[tuple[str, int]]:
    """How often each article was violated, most often first: an aggregate without youth."""
    counts = Counter(
        article
        for registration in figures.unlawful_registrations
        for article in dict.fromkeys(registration.articles)
    )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def provider_figures(provider: Organisation, year: int, now: datetime) -> analysis.YearlyAnalysis:
    return yearly_analysis(provider_registrations(provider), year, now)


def inspected_registrations(
    user: User, provider: Organisation, year: int
) -> QuerySet[MeasureRegistration]:
    """The provider's unlawful registrations of the year that ``user`` may open individually
    (within a registered inspection); none for everyone else."""
    queryset = scope_registrations(user, provider_registrations(provider).filter(lawful=False))
    return applied_between(queryset, date(year, 1, 1), date(year, 12, 31)).order_by("start")
