"""Scoped reads of cases: the worklist, one case, the expert team's queue."""

from __future__ import annotations

from datetime import date

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from passend.accounts import policy
from passend.accounts.models import User
from passend.accounts.roles import Capability
from passend.audit import log
from passend.audit.models import Action, Outcome
from passend.protection.models import CASE_OBJECT, Case, CaseEvent, Escalation, VerdictSpan
from passend.protection.rules.events import CaseEvent as Event
from passend.protection.rules.norms import Indicator, Verdict
from passend.protection.rules.worklist import OPEN, Current, WorkItem, work_item
from passend.protection.services import stored_event


def next_deadline_expression(today: date) -> Subquery:
    """The nearest deadline of something still missing, in SQL (mirrors ``work_item`` and its
    ``missing_items``): one correlated lookup per case on the (case, valid_from) index, no
    grouping of the cases. An unsupported course shares the course deadline with "no course"."""
    still_open = [str(v) for v in OPEN]
    missing = (
        Q(indicator__in=[Indicator.COURSE_SET, Indicator.HELP_DEPLOYED], verdict__in=still_open)
        | Q(indicator=Indicator.COURSE_SUPPORTED, verdict=Verdict.NOT_MET)
        | Q(
            indicator=Indicator.PROTECTOR_TIMELY,
            verdict__in=still_open,
            case__protector_reference="",
            case__duty_desk_since__isnull=True,
        )
        | Q(indicator=Indicator.PROTECTOR_FIXED, case__duty_desk_since__isnull=False)
    )
    spans = VerdictSpan.objects.filter(
        VerdictSpan.holding_on(today), missing, case_id=OuterRef("pk"), deadline__isnull=False
    )
    return Subquery(spans.order_by("deadline").values("deadline")[:1])


def worklist(user: User, today: date) -> QuerySet[Case]:
    """Open cases in scope, nearest deadline of anything missing first (cases with nothing
    missing last); a measure pronounced after today does not exist yet."""
    return (
        policy.scope_cases(user)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today), measure_date__lte=today)
        .annotate(next_deadline=next_deadline_expression(today))
        .select_related("protector", "gi")
        .order_by(F("next_deadline").asc(nulls_last=True), "measure_date", "reference")
    )


def current_verdicts(cases: list[Case], today: date) -> dict[int, dict[Indicator, Current]]:
    spans = VerdictSpan.objects.filter(
        VerdictSpan.holding_on(today), case_id__in=[case.pk for case in cases]
    ).values_list("case_id", "indicator", "verdict", "deadline")
    verdicts: dict[int, dict[Indicator, Current]] = {case.pk: {} for case in cases}
    for case_id, indicator, verdict, deadline in spans:
        verdicts[case_id][Indicator(indicator)] = Current(
            verdict=Verdict(verdict), deadline=deadline
        )
    return verdicts


def work_items(cases: list[Case], today: date) -> dict[int, WorkItem]:
    verdicts = current_verdicts(cases, today)
    return {
        case.pk: work_item(
            verdicts[case.pk],
            has_protector=bool(case.protector_reference),
            waiting=case.waiting_since is not None,
            today=today,
            at_duty_desk=case.duty_desk_since is not None,
        )
        for case in cases
    }


def access_case(user: User, actor: log.Actor, reference: str) -> Case:
    """One case if ``user`` may see it, else 404 (the same for unknown and not yours)."""
    case = (
        policy.scope_cases(user).filter(reference=reference).select_related("gi", "region").first()
    )
    if case is None:
        if Case.objects.filter(reference=reference).exists():
            log_case(actor, Action.VIEW, reference, purpose="", outcome=Outcome.DENIED)
        raise Http404("No such case.")
    log_case(actor, Action.VIEW, reference, purpose=f"case at {case.gi.reference}")
    return case


def log_case(
    actor: log.Actor,
    action: Action,
    reference: str,
    *,
    purpose: str,
    outcome: Outcome = Outcome.ALLOWED,
) -> None:
    """An access-log record about one case, named by its reference, so the case's own access
    log (:func:`access_log_cases`) shows it. A case is not linked to a registered youth, so the
    record names no youth."""
    log.record(
        actor,
        action,
        youth="",
        object_type=CASE_OBJECT,
        object_reference=reference,
        purpose=purpose,
        outcome=outcome,
    )


def access_log_cases(user: User) -> QuerySet[Case]:
    """Cases whose access log ``user`` may read. A case is included if, and only if, the user
    may read access logs (the responsible officer, ``audit.view``) and the case is at the user's
    own organisation (its GI) — ended cases included, since an access request looks back; a
    superuser reaches every case."""
    if not user.has_capability(Capability.VIEW_ACCESS_LOG):
        return Case.objects.none()
    if user.is_superuser:
        return Case.objects.all()
    return Case.objects.filter(gi_id=user.organisation_id)


def case_events(case: Case) -> tuple[list[CaseEvent], list[Event]]:
    rows = list(case.events.select_related("case", "batch"))
    return rows, [stored_event(row) for row in rows]


def escalation_queue(user: User, today: date) -> QuerySet[Escalation]:
    """Open escalations to the care broker's region, each with the case's ``help_deadline`` as
    of ``today`` (the help norm's deadline, advanced ones included), the nearest first."""
    region = user.organisation.child_protection_region_id if user.organisation else None
    help_deadline = VerdictSpan.objects.filter(
        VerdictSpan.holding_on(today), case_id=OuterRef("case_id"), indicator=Indicator.HELP_TIMELY
    ).values("deadline")[:1]
    return (
        Escalation.objects.filter(region_id=region, closed_on__isnull=True)
        .filter(case__in=policy.scope_cases(user))
        .annotate(help_deadline=Subquery(help_deadline))
        .select_related("case", "case__gi", "escalated_by")
        .order_by(F("help_deadline").asc(nulls_last=True), "escalated_on", "pk")
    )
