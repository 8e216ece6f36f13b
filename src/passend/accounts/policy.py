"""The authorisation policy: which youth a user reaches, and why.

Capabilities per role are in :mod:`passend.accounts.roles`. This module decides *which
objects*: it is the only place that turns a user into a queryset filter, and lists, search,
counts, exports and detail pages all go through it — there is no second path.

A youth is in a user's scope if, and only if, the user's role has ``youth.view`` and one of the
youth's *active* care relationships grants it:

- protector: a protection relationship assigned to this protector;
- team lead: a protection relationship of the lead's GI — of the lead's team, if they have one;
- provider staff: a referral or placement with the user's own organisation;
- care broker / expert team: an escalation to the region of the user's organisation;
- inspector: any relationship of an organisation under a registered inspection that is current
  today and names this inspector;
- municipal officer, administrator: none (aggregates and management only).

A child-protection case (``protection.Case``) is in scope if, and only if, the role has
``youth.view`` and:

- protector: the case's current protector is this user;
- team lead: the case is at the lead's GI — if the lead has a team: with a protector of that
  team, or with no protector yet (someone must pick it up);
- care broker / expert team: the case was escalated to the region of the user's organisation;
- inspector: the case's GI is under a current inspection that names this inspector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from passend.accounts.models import User
from passend.accounts.roles import Capability, Role
from passend.supervision.models import Inspection
from passend.youth.models import CareRelationship, Youth

if TYPE_CHECKING:
    from passend.protection.models import Case
    from passend.supply.models import Offer, Placement

Kind = CareRelationship.Kind
NOTHING = Q(pk__in=[])


def _inspections(user: User) -> QuerySet[Inspection]:
    return Inspection.objects.current().filter(inspectors=user)


def relationship_filter(user: User) -> Q:
    """The care relationships that give ``user`` access to a youth (see module docstring)."""
    if not user.is_authenticated or not user.has_capability(Capability.VIEW_YOUTH):
        return NOTHING
    if user.role == Role.PROTECTOR:
        return Q(kind=Kind.PROTECTION, assigned_to=user)
    if user.role == Role.TEAM_LEAD:
        own = Q(kind=Kind.PROTECTION, organisation_id=user.organisation_id)
        return own & Q(team_id=user.team_id) if user.team_id else own
    if user.role == Role.PROVIDER_STAFF:
        return Q(kind__in=[Kind.REFERRAL, Kind.PLACEMENT], organisation_id=user.organisation_id)
    if user.role == Role.CARE_BROKER:
        region = user.organisation.child_protection_region_id
        return Q(kind=Kind.ESCALATION, region_id=region) if region else NOTHING
    if user.role == Role.INSPECTOR:
        return Q(organisation_id__in=_inspections(user).values("subject_id"))
    return NOTHING


def scope_relationships(user: User, queryset=None) -> QuerySet[CareRelationship]:
    """Active care relationships that grant ``user`` access."""
    queryset = CareRelationship.objects.all() if queryset is None else queryset
    return queryset.active().filter(relationship_filter(user))


def scope_youth(user: User, queryset: QuerySet[Youth] | None = None) -> QuerySet[Youth]:
    """The youth ``user`` may see; the same scope for lists, search, counts and detail pages."""
    queryset = Youth.objects.all() if queryset is None else queryset
    granting = scope_relationships(user).values("youth_id")
    return queryset.filter(pk__in=granting)


def purpose_of_access(user: User, youth: Youth) -> str:
    """Why ``user`` may open this file, as recorded in the access log (codes, not labels:
    the log must read the same whatever language the user had)."""
    relationship = (
        scope_relationships(user, youth.relationships.all()).select_related("organisation").first()
    )
    if relationship is None:
        return ""
    if user.role == Role.INSPECTOR:
        inspection = _inspections(user).filter(subject_id=relationship.organisation_id).first()
        return f"inspection {inspection.reference}: {inspection.purpose}" if inspection else ""
    return f"{relationship.kind} ({relationship.organisation.reference})"


def scope_users(user: User, queryset: QuerySet[User] | None = None) -> QuerySet[User]:
    """Users an administrator manages: those of the own organisation (all, for a superuser)."""
    queryset = User.objects.all() if queryset is None else queryset
    if user.is_superuser:
        return queryset
    if user.has_capability(Capability.MANAGE_USERS):
        return queryset.filter(organisation_id=user.organisation_id)
    return queryset.none()


def scope_access_log_youth(user: User) -> QuerySet[Youth]:
    """Youth whose access log an administrator (the responsible officer) may read.

    The responsible officer of an organisation answers for the youth the organisation is, or
    was, involved with — past relationships included, since an access request looks back.
    """
    if not user.has_capability(Capability.VIEW_ACCESS_LOG):
        return Youth.objects.none()
    if user.is_superuser:
        return Youth.objects.all()
    return Youth.objects.filter(relationships__organisation_id=user.organisation_id).distinct()


def case_filter(user: User) -> Q:
    """The cases ``user`` may open (see module docstring)."""
    if not user.is_authenticated or not user.has_capability(Capability.VIEW_YOUTH):
        return NOTHING
    if user.role == Role.PROTECTOR:
        return Q(protector=user)
    if user.role == Role.TEAM_LEAD:
        own = Q(gi_id=user.organisation_id)
        if not user.team_id:
            return own
        return own & (Q(protector__team_id=user.team_id) | Q(protector__isnull=True))
    if user.role == Role.CARE_BROKER:
        region = user.organisation.child_protection_region_id
        return Q(escalations__region_id=region) if region else NOTHING
    if user.role == Role.INSPECTOR:
        return Q(gi_id__in=_inspections(user).values("subject_id"))
    return NOTHING


def scope_cases(user: User, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases ``user`` may see; the same scope for worklists, reports of own cases, detail."""
    from passend.protection.models import Case

    queryset = Case.objects.all() if queryset is None else queryset
    # A semi-join, not DISTINCT: the care broker's filter crosses escalations (one case, several
    # rows), and DISTINCT over every column of a large worklist is slow.
    return queryset.filter(pk__in=Case.objects.filter(case_filter(user)).values("pk"))


def scope_managed_offers(user: User, queryset: QuerySet[Offer] | None = None) -> QuerySet[Offer]:
    """Offers the user keeps up to date (capacity, waiting list, placements): those of the own
    provider organisation. Another organisation's offer is outside the scope, hence 404."""
    from passend.supply.models import Offer

    queryset = Offer.objects.all() if queryset is None else queryset
    if not user.has_capability(Capability.MANAGE_SUPPLY) or user.organisation_id is None:
        return queryset.none()
    return queryset.filter(location__organisation_id=user.organisation_id)


def scope_queue_placements(user: User) -> QuerySet[Placement] | None:
    """The placements whose youth ``user`` sees listed on the queue screen (crisis stays, youth
    waiting for follow-up help), or None when the role reads those queues as counts only (on
    the regional overview).

    A placement is included if, and only if:

    - the user keeps supply up to date (provider staff): its offer is one of the own
      organisation's (:func:`scope_managed_offers`), since the provider must act for the youth
      it keeps;
    - the user handles escalations (care broker / expert team): the youth's municipality lies in
      the child-protection region of the user's organisation, since the expert team finds the
      follow-up place for the region's youth wherever they are placed.

    Municipal officers and inspectors read the counts only; protectors and team leads follow
    their youth through their cases.
    """
    from passend.supply.models import Placement

    if user.has_capability(Capability.MANAGE_SUPPLY):
        return Placement.objects.filter(offer__in=scope_managed_offers(user))
    if user.has_capability(Capability.HANDLE_ESCALATIONS):
        region = user.organisation.child_protection_region_id if user.organisation else None
        if region is None:
            return Placement.objects.none()
        return Placement.objects.filter(youth_municipality__child_protection_region_id=region)
    return None
