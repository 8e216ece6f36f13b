"""Creating help requests and proposing a package: the youth goes on every offer's waiting list."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from passend.accounts.models import User
from passend.audit import log
from passend.audit.models import Action
from passend.matching.rules.model import Assignment
from passend.referrals.models import HelpRequest, Proposal
from passend.supply import services as supply_services
from passend.supply.models import Offer
from passend.youth.models import Youth


@transaction.atomic
def create_request(*, youth: Youth, user: User, actor: log.Actor, **profile) -> HelpRequest:
    """A help request for a youth; the youth needs a known birth date (age decides the offers)."""
    if youth.birth_date is None:
        raise ValidationError(
            {"youth": ["Record the youth's birth date first: the age decides which offers fit."]}
        )
    if HelpRequest.objects.filter(
        youth=youth, care_form=profile.get("care_form"), status=HelpRequest.Status.OPEN
    ).exists():
        raise ValidationError(
            {"care_form": ["This youth already has an open help request for this care form."]}
        )
    request = HelpRequest(youth=youth, organisation=user.organisation, created_by=user, **profile)
    request.full_clean()
    request.save()
    if youth.municipality_id is None:
        Youth.objects.filter(pk=youth.pk).update(municipality=request.municipality)
    log.record(
        actor, Action.CREATE, youth=youth.pseudonym, object_type="help request", purpose="referral"
    )
    return request


@transaction.atomic
def propose(
    request: HelpRequest, assignment: Assignment, *, user: User, actor: log.Actor
) -> Proposal:
    """Put the youth on the waiting list of every offer in the package; all or nothing.

    The request's row is locked and its status read afresh, so two people proposing the same
    request at once make one proposal: the second waits for the first and then finds it
    proposed.

    Each entry is registered today, not on the request's ``waiting_since``. The entry is the
    provider's registration: the provider's waiting-time figures and the 28-day norm to intake
    (DOMAIN §3) run from the day the youth is registered with it, and back-dating would charge
    the provider for waiting before the referral (a fresh entry could be over the norm on its
    first day). The youth's own wait since ``waiting_since`` stays on the help request, where
    matching reads it for priority.
    """
    locked = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != HelpRequest.Status.OPEN:
        raise ValidationError({"request": ["This request was already proposed or closed."]})
    offers = list(
        Offer.objects.filter(pk__in=[int(i) for i in assignment.package.offer_ids]).select_related(
            "location__organisation", "location__municipality"
        )
    )
    today = timezone.localdate()
    entries = [
        supply_services.add_to_waiting_list(
            offer,
            locked.youth,
            registered_on=today,
            crisis=locked.urgency == "crisis",
            needs=list(locked.needs),
            actor=actor,
        )
        for offer in offers
    ]
    proposal = Proposal.objects.create(
        request=locked,
        explanation=assignment.explanation,
        score=assignment.score.total,
        proposed_by=user,
    )
    proposal.offers.set(offers)
    proposal.entries.set(entries)
    HelpRequest.objects.filter(pk=locked.pk).update(status=HelpRequest.Status.PROPOSED)
    log.record(
        actor,
        Action.CHANGE,
        youth=locked.youth.pseudonym,
        object_type="help request",
        purpose=f"proposed offers {', '.join(assignment.package.offer_ids)}",
    )
    return proposal


@transaction.atomic
def close_request(request: HelpRequest, *, reason: str, user: User, actor: log.Actor) -> None:
    """Close an open or proposed request; waiting-list entries already made stay."""
    closed = HelpRequest.objects.filter(
        pk=request.pk, status__in=[HelpRequest.Status.OPEN, HelpRequest.Status.PROPOSED]
    ).update(status=HelpRequest.Status.CLOSED, closed_reason=reason, closed_at=timezone.now())
    if closed:
        log.record(
            actor,
            Action.CHANGE,
            youth=request.youth.pseudonym,
            object_type="help request",
            purpose=f"closed: {reason}",
        )
