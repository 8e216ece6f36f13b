"""Creating a user from the command line: clear errors, nothing half-created."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from passend.accounts.models import Team, User
from tests.factories import OrganisationFactory

PASSWORD = "a-long-enough-passphrase-2026"


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("PASSEND_NEW_USER_PASSWORD", PASSWORD)


@pytest.mark.django_db
def test_creates_an_administrator(password):
    organisation = OrganisationFactory(gi=True, reference="gi-cmd")
    call_command("create_user", "beheer", organisation="gi-cmd", role="administrator", verbosity=0)
    user = User.objects.get(username="beheer")
    assert user.organisation == organisation
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_unknown_organisation_creates_nothing(password):
    with pytest.raises(CommandError, match="unknown organisation 'nope'"):
        call_command("create_user", "x", organisation="nope", role="protector")
    assert not User.objects.filter(username="x").exists()


@pytest.mark.django_db
def test_role_at_the_wrong_kind_of_organisation_creates_nothing(password):
    OrganisationFactory(reference="provider-cmd")  # a care provider
    with pytest.raises(CommandError, match="kan niet werken voor een Zorgaanbieder"):
        call_command(
            "create_user", "x", organisation="provider-cmd", role="protector", team="Team A"
        )
    assert not User.objects.filter(username="x").exists()
    assert not Team.objects.filter(name="Team A").exists()


@pytest.mark.django_db
def test_weak_password_is_refused(monkeypatch):
    OrganisationFactory(gi=True, reference="gi-cmd")
    monkeypatch.setenv("PASSEND_NEW_USER_PASSWORD", "short")
    with pytest.raises(CommandError, match="12.*nothing created"):
        call_command("create_user", "x", organisation="gi-cmd", role="protector")
    assert not User.objects.filter(username="x").exists()
