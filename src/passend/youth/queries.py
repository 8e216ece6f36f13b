"""Scoped reads of youth data. Each read is logged; a youth outside the scope is a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from passend.accounts import policy
from passend.accounts.models import User
from passend.audit import log
from passend.audit.models import Action, Outcome
from passend.youth.models import Youth


def access_youth(user: User, actor: log.Actor, pseudonym: str, *, action=Action.VIEW) -> Youth:
    """The youth with ``pseudonym`` if ``user`` may see it; otherwise :class:`Http404`.

    "Does not exist" and "not yours" give the same answer, so nobody learns that a youth exists
    elsewhere. A refused attempt on an existing youth is logged as denied.
    """
    youth = policy.scope_youth(user).filter(pseudonym=pseudonym).first()
    if youth is None:
        if Youth.objects.filter(pseudonym=pseudonym).exists():
            log.record(
                actor,
                action,
                youth=pseudonym,
                object_type="youth",
                purpose="",
                outcome=Outcome.DENIED,
            )
        raise Http404("No such youth.")
    log.record(
        actor,
        action,
        youth=youth.pseudonym,
        object_type="youth",
        purpose=policy.purpose_of_access(user, youth),
    )
    return youth


def search_youth(user: User, text: str = "") -> QuerySet[Youth]:
    """Youth in scope matching ``text`` (name or pseudonym); not logged until shown."""
    queryset = policy.scope_youth(user)
    for word in text.split():
        queryset = queryset.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(pseudonym__iexact=word)
        )
    return queryset.order_by("family_name", "given_name", "pk")


def log_shown(actor: log.Actor, youth: list[Youth], *, purpose: str) -> None:
    """Record that these youth were shown on a list or in search results."""
    log.record_many(
        actor,
        Action.SEARCH,
        youth=[y.pseudonym for y in youth],
        object_type="youth list",
        purpose=purpose,
    )
