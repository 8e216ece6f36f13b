"""A youth's identity: BSN check, keyed BSN link, pseudonyms, and registering a youth once."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from passend.accounts.roles import Role
from passend.audit import log
from passend.audit.models import AccessLogEntry, Action
from passend.youth.identity import (
    PSEUDONYM_ALPHABET,
    InvalidBsn,
    bsn_link,
    new_pseudonym,
    normalise_bsn,
)
from passend.youth.models import CareRelationship, Youth
from passend.youth.services import register_youth

P, TL, PS = Role.PROTECTOR, Role.TEAM_LEAD, Role.PROVIDER_STAFF
API = "/api/v1/youth"
BSN = "111222333"

# --- BSN ---------------------------------------------------------------------------------------

# input → normalised BSN, or None when it must be refused
BSN_CASES = [
    ("111222333", "111222333"),  # 9·1+8·1+7·1+6·2+5·2+4·2+3·3+2·3−1·3 = 66 = 6·11
    ("123456782", "123456782"),
    ("1112 2233 3", "111222333"),  # spaces and dots are formatting
    ("111.222.333", "111222333"),
    ("123456789", None),  # fails the 11-check
    ("11122233", None),  # 8 digits
    ("1112223330", None),  # 10 digits
    ("12345678a", None),  # a letter
    ("abcdefghi", None),
    ("", None),
]


@pytest.mark.parametrize(("value", "expected"), BSN_CASES)
def test_normalise_bsn_applies_the_eleven_check(value, expected):
    """Nine digits passing the 11-check are accepted (formatting removed); others refused."""
    if expected is None:
        with pytest.raises(InvalidBsn):
            normalise_bsn(value)
    else:
        assert normalise_bsn(value) == expected


def test_bsn_link_is_deterministic_per_key_and_differs_across_keys():
    """The same BSN and key give the same link; another key or BSN gives another link."""
    link = bsn_link(BSN, "key-one")
    assert link == bsn_link(BSN, "key-one")
    assert link == bsn_link("111 222 333", "key-one")  # normalised before hashing
    assert link != bsn_link(BSN, "key-two")
    assert link != bsn_link("123456782", "key-one")
    assert re.fullmatch(r"[0-9a-f]{64}", link)
    assert BSN not in link


def test_bsn_link_refuses_an_invalid_bsn():
    """No link is made for a number that is not a BSN."""
    with pytest.raises(InvalidBsn):
        bsn_link("123456789", "key-one")


# --- pseudonyms --------------------------------------------------------------------------------

PSEUDONYM = re.compile(r"J-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}")


def test_pseudonyms_have_the_format_and_no_ambiguous_characters():
    """J-XXXX-XXXX over an alphabet without 0/O and 1/I (read aloud on the phone)."""
    assert not set("01OI") & set(PSEUDONYM_ALPHABET)
    pseudonyms = {new_pseudonym() for _ in range(500)}
    assert all(PSEUDONYM.fullmatch(p) for p in pseudonyms)
    assert len(pseudonyms) > 490  # random, not a constant


def test_a_seeded_choice_gives_reproducible_pseudonyms():
    """The demo data passes a seeded generator and gets the same pseudonyms every run."""
    first = [new_pseudonym(random.Random(7).choice) for _ in range(3)]
    second = [new_pseudonym(random.Random(7).choice) for _ in range(3)]
    assert first == second


# --- registering a youth -----------------------------------------------------------------------


def counts() -> tuple[int, int, int]:
    return Youth.objects.count(), CareRelationship.objects.count(), AccessLogEntry.objects.count()


def register(user, **fields):
    values = {"given_name": "Nieuw", "family_name": "Kind", **fields}
    return register_youth(acting_user=user, actor=log.Actor.system("test"), **values)


@pytest.mark.django_db
def test_registering_creates_the_youth_its_relationship_and_a_log_entry(chain):
    """A protector's registration: one youth, a protection case assigned to them, logged."""
    protector = chain.users[P]
    result = register(protector, bsn="111 222 333")
    youth = result.youth
    assert not result.linked_existing
    assert youth.bsn == BSN
    assert youth.bsn_link is not None
    assert BSN not in youth.bsn_link
    relationship = youth.relationships.get()
    assert (relationship.organisation, relationship.kind) == (
        chain.own.gi,
        CareRelationship.Kind.PROTECTION,
    )
    assert relationship.assigned_to == protector
    entry = AccessLogEntry.objects.get(youth=youth.pseudonym)
    assert (entry.action, entry.object_type) == (Action.CREATE, "youth")


# field → invalid value, for the service
INVALID = [
    ("bsn", {"bsn": "123456789"}),
    ("given_name", {"given_name": "  "}),
    ("family_name", {"family_name": ""}),
    ("birth_date", {"birth_date": timezone.localdate() + timedelta(days=1)}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "fields"), INVALID, ids=[f for f, _ in INVALID])
def test_invalid_input_names_the_field_and_writes_nothing(chain, field, fields):
    """Validation fails before any write: no youth, relationship or log entry."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        register(chain.users[P], **fields)
    assert field in raised.value.message_dict
    assert counts() == before


@pytest.mark.django_db
def test_the_same_bsn_at_a_provider_links_to_the_youth_registered_by_the_gi(chain):
    """A youth is stored once: the provider's registration links to the GI's record."""
    first = register(chain.users[P], bsn=BSN)
    second = register(
        chain.users[PS], given_name="Anders", family_name="Gespeld", bsn="111.222.333"
    )
    assert second.linked_existing
    assert second.youth.pk == first.youth.pk
    assert Youth.objects.filter(bsn=BSN).count() == 1
    kinds = {(r.organisation, r.kind) for r in first.youth.relationships.all()}
    assert kinds == {
        (chain.own.gi, CareRelationship.Kind.PROTECTION),
        (chain.own.provider, CareRelationship.Kind.REFERRAL),
    }
    # The known record keeps its names; the link is logged as a change.
    assert Youth.objects.get(pk=first.youth.pk).given_name == "Nieuw"
    assert AccessLogEntry.objects.filter(youth=first.youth.pseudonym, action=Action.CHANGE).exists()


@pytest.mark.django_db
def test_registering_the_same_youth_twice_at_one_organisation_adds_no_second_relationship(chain):
    """Registering again at the same organisation links and keeps one relationship."""
    register(chain.users[P], bsn=BSN)
    again = register(chain.users[P], bsn=BSN)
    assert again.linked_existing
    assert again.youth.relationships.count() == 1


@pytest.mark.django_db
def test_youth_without_bsn_are_never_linked(chain):
    """Without a BSN every registration is a new youth."""
    first = register(chain.users[P])
    second = register(chain.users[P])
    assert first.youth.pk != second.youth.pk
    assert not second.linked_existing


# --- the API -----------------------------------------------------------------------------------


def post(client, body):
    return client.post(API, data=body, content_type="application/json")


@pytest.mark.django_db
def test_the_api_registers_a_youth(client, chain):
    """POST /api/v1/youth → 201 with the pseudonym; the BSN is not echoed."""
    client.force_login(chain.users[P])
    response = post(client, {"given_name": "Nieuw", "family_name": "Kind", "bsn": BSN})
    assert response.status_code == 201
    body = response.json()
    assert PSEUDONYM.fullmatch(body["pseudonym"])
    assert BSN not in response.content.decode()
    assert Youth.objects.get(pseudonym=body["pseudonym"]).bsn == BSN


@pytest.mark.django_db
def test_the_api_refuses_an_invalid_bsn_with_422_and_writes_nothing(client, chain):
    """422 naming the bsn field; no youth, no relationship, no access-log record."""
    client.force_login(chain.users[P])
    before = counts()
    response = post(client, {"given_name": "Nieuw", "family_name": "Kind", "bsn": "123456789"})
    assert response.status_code == 422
    assert ["body", "bsn"] in [error["loc"] for error in response.json()["detail"]]
    assert counts() == before


@pytest.mark.django_db
def test_the_api_refuses_a_future_birth_date_with_422(client, chain):
    """A birth date after today is refused, naming birth_date; nothing is written."""
    client.force_login(chain.users[P])
    before = counts()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = post(client, {"given_name": "Nieuw", "family_name": "Kind", "birth_date": tomorrow})
    assert response.status_code == 422
    assert ["body", "birth_date"] in [error["loc"] for error in response.json()["detail"]]
    assert counts() == before


@pytest.mark.django_db
def test_the_api_links_a_providers_registration_to_the_known_youth(client, chain):
    """The GI, then the provider register the same BSN: one youth, two relationships."""
    client.force_login(chain.users[P])
    first = post(client, {"given_name": "Nieuw", "family_name": "Kind", "bsn": BSN}).json()
    client.force_login(chain.users[PS])
    second = post(client, {"given_name": "Nieuw", "family_name": "Kind", "bsn": BSN})
    assert second.status_code == 201
    assert second.json()["pseudonym"] == first["pseudonym"]
    youth = Youth.objects.get(pseudonym=first["pseudonym"])
    assert youth.relationships.count() == 2


# --- the BSN stays out of pages, URLs and lists ------------------------------------------------


@pytest.mark.django_db
def test_the_bsn_appears_in_no_page_url_or_api_list(client, chain):
    """Registering by form redirects to a URL without the BSN; list, detail and API omit it."""
    client.force_login(chain.users[P])
    response = client.post(
        reverse("youth:register"), {"given_name": "Nieuw", "family_name": "Kind", "bsn": BSN}
    )
    assert response.status_code == 302
    location = response["Location"]
    assert BSN not in location
    youth = Youth.objects.get(bsn=BSN)
    assert location == reverse("youth:detail", args=[youth.pseudonym])
    pages = {
        "list": client.get(reverse("youth:list")),
        "detail": client.get(location),
        "api list": client.get(API),
        "api detail": client.get(f"{API}/{youth.pseudonym}"),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert youth.pseudonym in page.content.decode(), name  # the youth is shown …
        assert BSN not in page.content.decode(), name  # … without its BSN
    assert all("bsn" not in item for item in pages["api list"].json()["items"])
