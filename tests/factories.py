"""Factories with traits for the chain's domain states."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from passend.accounts.models import Team, User
from passend.accounts.roles import Role
from passend.registry.models import ChildProtectionRegion, Location, Municipality, Organisation
from passend.supervision.models import Inspection
from passend.supply.models import InspectionMeasure, Offer, Placement, WaitingListEntry
from passend.youth.models import CareRelationship, Youth

Kind = Organisation.Kind


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    reference = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Fictieve organisatie {n}")
    kind = Kind.PROVIDER
    child_protection_region = factory.LazyFunction(
        lambda: ChildProtectionRegion.objects.get(name="Friesland")
    )

    class Params:
        gi = factory.Trait(kind=Kind.GI)
        expert_team = factory.Trait(kind=Kind.REGION)
        inspectorate = factory.Trait(kind=Kind.INSPECTORATE, child_protection_region=None)
        municipal = factory.Trait(
            kind=Kind.MUNICIPALITY,
            child_protection_region=None,
            municipality=factory.LazyFunction(lambda: Municipality.objects.get(cbs_code="0080")),
        )


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory, gi=True)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    role = Role.PROTECTOR
    organisation = factory.SubFactory(OrganisationFactory, gi=True)
    password = factory.PostGenerationMethodCall("set_password", "test-password-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class YouthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Youth

    given_name = factory.Sequence(lambda n: f"Kind{n}")
    family_name = "Fictief"
    birth_date = factory.LazyFunction(lambda: timezone.localdate().replace(year=2012))


class CareRelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareRelationship

    youth = factory.SubFactory(YouthFactory)
    organisation = factory.SubFactory(OrganisationFactory, gi=True)
    kind = CareRelationship.Kind.PROTECTION
    started_on = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))

    class Params:
        ended = factory.Trait(
            started_on=factory.LazyFunction(lambda: timezone.localdate().replace(year=2020)),
            ended_on=factory.LazyFunction(lambda: timezone.localdate().replace(year=2021)),
        )


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"INS-{n}")
    subject = factory.SubFactory(OrganisationFactory)
    purpose = "Thematic inspection (test)"
    starts_on = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=1))
    ends_on = factory.LazyFunction(lambda: timezone.localdate().replace(month=12, day=31))
    registered_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def inspectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.inspectors.set(extracted)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Locatie {n}")
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(cbs_code="0080"))
    care_forms = ["residentieel", "ambulant"]


class OfferFactory(factory.django.DjangoModelFactory):
    """A small-scale open residential group for ages 12–18 with two free places."""

    class Meta:
        model = Offer

    location = factory.SubFactory(LocationFactory)
    name = factory.Sequence(lambda n: f"Groep {n}")
    care_form = "residentieel"
    needs = ["gedrag", "trauma"]
    age_min = 12
    age_max = 18
    group_size = 6
    staff_ratio = 0.25
    places = 6
    occupied = 4
    expected_wait_days = 14
    capacity_updated_at = factory.LazyFunction(timezone.now)

    class Params:
        ambulant = factory.Trait(
            care_form="ambulant", group_size=None, staff_ratio=None, places=20, occupied=10
        )


class WaitingListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WaitingListEntry

    offer = factory.SubFactory(OfferFactory)
    youth = factory.SubFactory(YouthFactory)
    registered_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    offer = factory.SubFactory(OfferFactory)
    youth = factory.SubFactory(YouthFactory)
    youth_municipality = factory.LazyFunction(lambda: Municipality.objects.get(cbs_code="0080"))
    start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))


class InspectionMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionMeasure

    provider = factory.SubFactory(OrganisationFactory)
    kind = "aanwijzing"
    start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
