"""The authorisation matrix: every route × every role × own and other organisation's object.

Built from one table. Every named route of the URL configuration must be in the table, so a
new endpoint cannot skip the policy. Expected outcomes are HTTP statuses: 200/201 allowed,
403 the role may not do this at all, 404 the object is another organisation's (never 403, so
nothing leaks about its existence), 302/401 not signed in.
"""

from __future__ import annotations

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from passend.accounts.roles import Role
from passend.audit.models import AccessLogEntry, Action, Outcome

P, TL, CB, PS, MO, INS, A = (
    Role.PROTECTOR,
    Role.TEAM_LEAD,
    Role.CARE_BROKER,
    Role.PROVIDER_STAFF,
    Role.MUNICIPAL_OFFICER,
    Role.INSPECTOR,
    Role.ADMINISTRATOR,
)
ALL = (P, TL, CB, PS, MO, INS, A)
YOUTH_VIEWERS = (P, TL, CB, PS, INS)
REGISTRARS = (P, TL, PS)
ROOM_FINDERS = (P, TL, CB, PS, MO)
ANON = "anonymous"


def everyone(status: int, anonymous: int = 302) -> dict:
    return {**dict.fromkeys(ALL, (status, status)), ANON: (anonymous, anonymous)}


def only(roles, own: int, other: int, denied: int = 403, anonymous: int = 302) -> dict:
    table = {role: (own, other) if role in roles else (denied, denied) for role in ALL}
    return {**table, ANON: (anonymous, anonymous)}


CASE_READERS = {P: (200, 404), TL: (200, 404), CB: (200, 404)}
"""Who opens a case: its protector, the GI's team lead, the expert team it was escalated to."""


def cases(readers: dict, denied_in_scope: int = 404) -> dict:
    """Roles that may view files but have no case in scope get 404 for both sides."""
    table = {
        role: readers.get(role, (denied_in_scope, denied_in_scope))
        if role in YOUTH_VIEWERS
        else (403, 403)
        for role in ALL
    }
    return {**table, ANON: (302, 302)}


# route name → (method, what the URL names: None | "youth" | "organisation", expectations)
# expectations: role → (status for the own side's object, status for the other side's object)
MATRIX = {
    "home": ("get", None, everyone(200)),
    "healthz": ("get", None, everyone(200, anonymous=200)),
    "login": ("get", None, everyone(200, anonymous=200)),
    "logout": ("post", None, everyone(302)),
    "set_language": ("post", None, everyone(302, anonymous=302)),
    "accounts:two-factor": ("get", None, everyone(200)),
    "registry:organisations": ("get", None, everyone(200)),
    # Reference data is shared by the chain: another organisation's entry is readable.
    "registry:organisation": ("get", "organisation", everyone(200)),
    "registry:municipalities": ("get", None, everyone(200)),
    "registry:regions": ("get", None, everyone(200)),
    "youth:list": ("get", None, only(YOUTH_VIEWERS, 200, 200)),
    "youth:register": ("get", None, only(REGISTRARS, 200, 200)),
    "youth:detail": ("get", "youth", only(YOUTH_VIEWERS, 200, 404)),
    "audit:access-log": ("get", None, only([A], 200, 200)),
    "cases:worklist": ("get", None, only(YOUTH_VIEWERS, 200, 200)),
    "cases:escalations": ("get", None, only(YOUTH_VIEWERS, 200, 200)),
    "cases:reports": ("get", None, only([TL, CB, MO, INS], 200, 200)),
    "cases:detail": ("get", "case", cases(CASE_READERS)),
    # Working a case (escalating, recording events) is for its protector and team lead only.
    "cases:escalate": ("post", "case", only([P, TL], 302, 404)),
    # The expert team closes escalations to its own region only.
    "cases:close-escalation": ("post", "escalation", only([CB], 302, 404)),
    "cases:region-verdicts": ("get", None, only([TL, CB, MO, INS], 200, 200)),
    # Regions are public reference data: the inspector judges any of them.
    "cases:record-region-verdict": ("get", "region", only([INS], 200, 200)),
    "supply:room": ("get", None, only(ROOM_FINDERS, 200, 200)),
    "supply:offers": ("get", None, only([PS], 200, 200)),
    "supply:overview": ("get", None, only([TL, CB, MO, INS], 200, 200)),
    # Youth listed by pseudonym: the provider (own offers) and the expert team (own region);
    # officers and inspectors read the counts on the overview, protectors and team leads have
    # their cases.
    "supply:queues": ("get", None, only([CB, PS], 200, 200)),
    "supply:offer": ("get", "offer", only([PS], 200, 404)),
    "supply:capacity": ("post", "offer", only([PS], 302, 404)),
    # Without a body the form is shown again with its errors (200); another's offer is 404.
    "supply:add-entry": ("post", "offer", only([PS], 200, 404)),
    "supply:change-entry": ("post", "entry", only([PS], 302, 404)),
    "supply:add-placement": ("post", "offer", only([PS], 200, 404)),
    "supply:change-placement": ("post", "placement", only([PS], 302, 404)),
    "api:offers-room": ("get", None, only(ROOM_FINDERS, 200, 200, anonymous=401)),
    "api:offers": ("get", None, only([PS], 200, 200, anonymous=401)),
    "api:offer": ("get", "offer", only([PS], 200, 404, anonymous=401)),
    "api:offer-capacity": ("put", "offer", only([PS], 200, 404, anonymous=401)),
    "api:offer-capacity-history": ("get", "offer", only([PS], 200, 404, anonymous=401)),
    "api:waiting-list": ("get", "offer", only([PS], 200, 404, anonymous=401)),
    "api:waiting-list-add": ("post", "offer", only([PS], 201, 404, anonymous=401)),
    "api:waiting-list-entry": ("patch", "entry", only([PS], 200, 404, anonymous=401)),
    "api:me": ("get", None, everyone(200, anonymous=401)),
    "api:municipalities": ("get", None, everyone(200, anonymous=401)),
    "api:organisations": ("get", None, everyone(200, anonymous=401)),
    "api:organisation": ("get", "organisation", everyone(200, anonymous=401)),
    "api:youth-list": ("get", None, only(YOUTH_VIEWERS, 200, 200, anonymous=401)),
    "api:youth-detail": ("get", "youth", only(YOUTH_VIEWERS, 200, 404, anonymous=401)),
    "api:access-log": ("get", "youth", only([A], 200, 404, anonymous=401)),
    "api:openapi-json": ("get", None, everyone(200)),
    "api:openapi-view": ("get", None, everyone(200)),
    # The API root names no resource: not found for everyone.
    "api:api-root": ("get", None, everyone(404, anonymous=404)),
    # Referrals: protectors and team leads for their youth, the expert team for escalated ones.
    "referrals:queue": ("get", None, only([P, TL, CB], 200, 200)),
    "referrals:new": ("get", None, only([P, TL, CB], 200, 200)),
    "referrals:request": ("get", "help_request", only([P, TL, CB], 200, 404)),
    # Without a package chosen the request page is shown again (302); another's is 404.
    "referrals:propose": ("post", "help_request", only([P, TL, CB], 302, 404)),
    "referrals:what-if": ("get", None, only([CB], 200, 200)),
    "referrals:close": ("post", "help_request", only([P, TL, CB], 302, 404)),
    # --- restrictive measures ---
    # Provider staff register their own provider's measures and keep its locations.
    "measures:registrations": ("get", None, only([PS], 200, 200)),
    "measures:register": ("get", None, only([PS], 200, 200)),
    "measures:import": ("get", None, only([PS], 200, 200)),
    # An inspector opens a registration only within a registered inspection of its provider.
    "measures:registration": ("get", "registration", only([PS, INS], 200, 404)),
    "measures:edit": ("get", "registration", only([PS], 200, 404)),
    # Without a body: an error message and back to the registration (302).
    "measures:add-alternative": ("post", "registration", only([PS], 302, 404)),
    "measures:alternatives": ("get", None, only([PS], 200, 200)),
    # Pooled across providers, no youth named: for registrars and aggregate readers.
    "measures:what-works": ("get", None, only([TL, CB, PS, MO, INS], 200, 200)),
    "measures:locations": ("get", None, only([PS], 200, 200)),
    "measures:location": ("get", "location", only([PS], 200, 404)),
    # Without a body the form is shown again with its errors (200).
    "measures:add-safe-room": ("post", "location", only([PS], 200, 404)),
    "measures:add-house-rule": ("post", "location", only([PS], 200, 404)),
    "measures:safe-room": ("get", "safe-room", only([PS], 200, 404)),
    "measures:end-house-rule": ("post", "house-rule", only([PS], 302, 404)),
    "measures:deliveries": ("get", None, only([PS], 200, 200)),
    "measures:overview": ("get", None, only([PS], 200, 200)),
    # The published format: readable by everyone signed in.
    "measures:overview-schema": ("get", None, everyone(200)),
    "measures:deliver": ("post", None, only([PS], 302, 302)),
    "measures:youth-report": ("get", "youth", only([PS], 200, 404)),
    "measures:record-consent": ("post", "youth", only([PS], 302, 404)),
    "measures:analysis": ("get", None, only([PS], 200, 200)),
    # Aggregates on any provider (no youth named): readable for every provider.
    "measures:supervision": ("get", None, only([TL, CB, MO, INS], 200, 200)),
    "measures:supervision-provider": ("get", "provider", only([TL, CB, MO, INS], 200, 200)),
}


# Writes, checked with a valid body: allowed roles create, others are refused.
def event(case: str, type_: str, **fields) -> dict:
    return {"case": case, "type": type_, "date": "2026-03-02", **fields}


WRITES = {
    # A GI delivers events for its own cases: the team lead or administrator of the own GI.
    ("api:events-import", "post"): (
        {"events": [event("case-own", "gi_informed")]},
        {**only([TL, A], 201, 201, anonymous=401)},
    ),
    ("api:youth-register", "post"): (
        {"given_name": "Nieuw", "family_name": "Kind", "bsn": "111222333"},
        only(REGISTRARS, 201, 201, anonymous=401),
    ),
}
EXCLUDED_NAMESPACES = {"admin"}  # the management site: tested in test_management_site below


def route_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace not in EXCLUDED_NAMESPACES:
                names |= route_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_route_is_in_the_matrix():
    """A route missing from the table fails here, so no endpoint can skip the policy."""
    missing = route_names() - set(MATRIX) - {name for name, _ in WRITES}
    assert not missing, f"routes missing from the authorisation matrix: {sorted(missing)}"
    stale = (set(MATRIX) | {name for name, _ in WRITES}) - route_names()
    assert not stale, f"matrix names routes that no longer exist: {sorted(stale)}"


def url_for(name: str, target: str | None, side) -> str:
    if target == "youth":
        return reverse(name, kwargs={"pseudonym": side.youth.pseudonym})
    if target == "case":
        return reverse(name, kwargs={"reference": side.case.reference})
    if target == "offer":
        return reverse(
            name, kwargs={"offer_id" if name.startswith("api:") else "pk": side.offer.pk}
        )
    if target == "entry":
        ids = {"offer_id": side.offer.pk, "entry_id": side.entry.pk}
        if not name.startswith("api:"):
            ids = {"pk": side.offer.pk, "entry": side.entry.pk}
        return reverse(name, kwargs=ids)
    if target == "placement":
        return reverse(name, kwargs={"pk": side.offer.pk, "placement": side.placement.pk})
    if target == "help_request":
        return reverse(name, kwargs={"pk": side.help_request.pk})
    if target == "escalation":
        return reverse(name, kwargs={"pk": side.case.escalations.get().pk})
    if target == "region":
        return reverse(name, kwargs={"region": side.case.region_id})
    if target == "organisation":
        return reverse(name, kwargs={"reference": side.gi.reference})
    if target == "registration":
        return reverse(name, kwargs={"pk": side.registration.pk})
    if target == "location":
        return reverse(name, kwargs={"pk": side.offer.location.pk})
    if target == "safe-room":
        return reverse(name, kwargs={"pk": side.safe_room.pk})
    if target == "house-rule":
        return reverse(name, kwargs={"pk": side.house_rule.pk})
    if target == "provider":
        return reverse(name, kwargs={"reference": side.provider.reference})
    return reverse(name)


def sign_in(client, chain, role):
    if role != ANON:
        client.force_login(chain.users[role])


CASES = [
    (name, role, side)
    for name in MATRIX
    for role in (*ALL, ANON)
    for side in ("own", "other")
    if not (MATRIX[name][1] is None and side == "other")
]


@pytest.mark.parametrize(("name", "role", "side"), CASES)
def test_route_role_side(client, chain, name, role, side):
    method, target, expectations = MATRIX[name]
    sign_in(client, chain, role)
    url = url_for(name, target, getattr(chain, side))
    data = {
        "set_language": {"language": "nl", "next": "/"},
        "cases:escalate": {"reason": "no place in time"},
        "cases:close-escalation": {"outcome": "help_arranged"},
        "supply:capacity": {"places": 6, "occupied": 5, "expected_wait_days": 10},
        "api:offers-room": {"care_form": "residentieel", "age": 14},
        "api:offer-capacity": {"places": 6, "occupied": 5, "expected_wait_days": 10},
        # A second youth the provider knows, so only the offer decides the outcome.
        "api:waiting-list-add": {
            "youth": chain.own.second_youth.pseudonym,
            "registered_on": "2026-11-01",
        },
        "api:waiting-list-entry": {},
    }.get(name)
    if name.startswith("api:") and method != "get":
        response = client.generic(
            method.upper(), url, json.dumps(data), content_type="application/json"
        )
    else:
        response = getattr(client, method)(url, data=data)
    expected = expectations[role][0 if side == "own" else 1]
    assert response.status_code == expected, f"{method.upper()} {name} as {role} ({side})"


@pytest.mark.parametrize("role", [*ALL, ANON])
@pytest.mark.parametrize(("name", "method"), list(WRITES))
def test_writes(client, chain, name, method, role):
    body, expectations = WRITES[(name, method)]
    sign_in(client, chain, role)
    response = getattr(client, method)(reverse(name), data=body, content_type="application/json")
    assert response.status_code == expectations[role][0]


@pytest.mark.parametrize("role", YOUTH_VIEWERS)
@pytest.mark.parametrize("name", ["youth:detail", "api:youth-detail"])
def test_every_allowed_read_is_logged(client, chain, name, role):
    """Each read of a youth's file leaves an access-log record naming who, role and purpose."""
    user = chain.users[role]
    client.force_login(user)
    youth = chain.own.youth.pseudonym
    assert client.get(reverse(name, kwargs={"pseudonym": youth})).status_code == 200
    entry = AccessLogEntry.objects.get(youth=youth, user_id_at_time=user.pk, action=Action.VIEW)
    assert entry.outcome == Outcome.ALLOWED
    assert entry.role == role
    assert entry.organisation == user.organisation.reference
    assert entry.purpose  # why: the relationship or the inspection
    assert entry.source_address == "127.0.0.1"


@pytest.mark.parametrize("role", YOUTH_VIEWERS)
def test_refused_read_of_another_organisations_youth_is_logged_as_denied(client, chain, role):
    user = chain.users[role]
    client.force_login(user)
    youth = chain.other.youth.pseudonym
    assert client.get(reverse("youth:detail", kwargs={"pseudonym": youth})).status_code == 404
    entry = AccessLogEntry.objects.get(youth=youth, user_id_at_time=user.pk)
    assert entry.outcome == Outcome.DENIED


def test_unknown_and_foreign_youth_answer_alike(client, chain):
    """ "Does not exist" and "not yours" are indistinguishable."""
    client.force_login(chain.users[P])
    foreign = client.get(reverse("api:youth-detail", args=[chain.other.youth.pseudonym]))
    unknown = client.get(reverse("api:youth-detail", args=["J-ZZZZ-ZZZZ"]))
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == unknown.json()


@pytest.mark.parametrize("role", ALL)
def test_management_site(client, chain, role):
    """Only administrators enter the management site; they see their own organisation's users."""
    client.force_login(chain.users[role])
    index = client.get(reverse("admin:index"))
    own_user = reverse("admin:accounts_user_change", args=[chain.own.users[P].pk])
    other_user = reverse("admin:accounts_user_change", args=[chain.other.users[P].pk])
    if role == A:
        assert index.status_code == 200
        assert client.get(own_user).status_code == 200
        # Django's admin redirects an object outside the queryset to the index: not shown.
        assert client.get(other_user).status_code == 302
        assert "youth" not in {m["app_label"] for m in index.context["app_list"]}
    else:
        assert index.status_code == 302
        assert client.get(own_user).status_code == 302
