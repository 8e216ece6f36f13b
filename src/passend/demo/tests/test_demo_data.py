"""The fictional demo data set: loads once, holds valid accounts, and the demo log-ins work."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from passend.accounts import policy
from passend.accounts.models import Team, User
from passend.accounts.roles import Role
from passend.demo import data
from passend.protection.models import Case, CaseEvent
from passend.registry.models import Location, Organisation
from passend.supervision.models import Inspection
from passend.youth.models import CareRelationship, Youth

pytestmark = pytest.mark.django_db

MODELS = [Organisation, Location, Team, User, Youth, CareRelationship, Inspection, Case, CaseEvent]
MEASURES = 150
"""A small generated delivery: the demo's cases go through the same code at any size."""


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo():
    call_command("load_demo_data", measures=MEASURES, stdout=StringIO())


def test_the_demo_data_set_is_loaded(demo):
    """Every demo organisation and user exists, with youth for every GI."""
    assert User.objects.filter(username__in=[u[0] for u in data.USERS]).count() == len(data.USERS)
    assert Organisation.objects.filter(kind=Organisation.Kind.GI).count() == len(data.GIS)
    for _region, (gi, _name, _seat) in data.GIS.items():
        assert Youth.objects.filter(relationships__organisation__reference=gi).exists(), gi
    assert Inspection.objects.current().filter(inspectors__username="inspecteur").exists()


def test_loading_twice_adds_nothing(demo):
    """The second run creates no organisation, user, youth, relationship or inspection."""
    before = counts()
    call_command("load_demo_data", measures=MEASURES, stdout=StringIO())
    assert counts() == before


def test_every_demo_user_is_valid(demo):
    """Each demo account passes full_clean: its role fits its organisation, its team too."""
    for username, *_rest in data.USERS:
        User.objects.get(username=username).full_clean()


def test_every_demo_organisation_is_valid(demo):
    """Each demo organisation passes full_clean (an expert team has its region, …)."""
    for organisation in Organisation.objects.all():
        organisation.full_clean()


def test_the_demo_password_signs_in(demo):
    """The printed demo password works on the real login page, for every demo account."""
    for username, *_rest in data.USERS:
        client = Client()
        response = client.post(
            reverse("login"), {"username": username, "password": data.DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)


def test_the_demo_users_see_youth_within_their_scope(demo):
    """The demo is usable: the Friesland protector has cases, the municipal officer none."""
    assert policy.scope_youth(User.objects.get(username="jb.friesland")).exists()
    assert policy.scope_youth(User.objects.get(username="inspecteur")).exists()
    assert not policy.scope_youth(User.objects.get(username="gemeente.leeuwarden")).exists()
    roles = set(
        User.objects.filter(username__in=[u[0] for u in data.USERS]).values_list("role", flat=True)
    )
    assert roles == set(Role.values)


def test_demo_cases_are_imported_with_their_verdicts(demo):
    assert Case.objects.count() == MEASURES
    assert Case.objects.filter(spans__isnull=False).distinct().count() == MEASURES


def test_demo_protectors_are_linked_to_the_cases_that_name_them(demo):
    for username, reference in data.CASE_SYSTEM_REFERENCES.items():
        naming = set(Case.objects.filter(protector_reference=reference))
        assert set(Case.objects.filter(protector__username=username)) == naming
    assert (
        not Case.objects.filter(protector__isnull=False)
        .exclude(protector_reference__in=data.CASE_SYSTEM_REFERENCES.values())
        .exists()
    )


def test_a_pinned_end_date_reproduces_the_same_cases(settings):
    """PASSEND_DEMO_END_DATE pins the demo's last day: the same seed and end date give the same
    cases on any day, and no measure is pronounced after it."""
    from datetime import date

    settings.DEMO_END_DATE = date(2025, 6, 30)

    def loaded() -> list[tuple]:
        call_command("load_demo_data", measures=20, supply_offers=0, stdout=StringIO())
        return sorted(CaseEvent.objects.values_list("case__reference", "type", "date"))

    first = loaded()
    assert max(day for _, _, day in first) <= date(2025, 6, 30)
    Case.objects.all().delete()
    assert loaded() == first
