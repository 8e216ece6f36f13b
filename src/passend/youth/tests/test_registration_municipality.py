"""The municipality responsible for a youth decides the own youth-care region."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from passend.accounts.roles import Role
from passend.audit.log import Actor
from passend.youth.models import Youth
from passend.youth.services import register_youth


def test_registration_keeps_the_municipality(chain):
    result = register_youth(
        acting_user=chain.users[Role.PROTECTOR],
        actor=Actor.system("test"),
        given_name="Fien",
        family_name="Fictief",
        municipality="0080",
    )
    assert result.youth.municipality.name == "Leeuwarden"


def test_an_unknown_municipality_code_is_refused_and_nothing_is_stored(chain):
    with pytest.raises(ValidationError) as refused:
        register_youth(
            acting_user=chain.users[Role.PROTECTOR],
            actor=Actor.system("test"),
            given_name="Fien",
            family_name="Onbekend",
            municipality="9999",
        )
    assert "municipality" in refused.value.message_dict
    assert not Youth.objects.filter(family_name="Onbekend").exists()
