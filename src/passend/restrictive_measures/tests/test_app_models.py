"""The legal setting of locations, safe rooms and house rules; labels kept with the rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from passend.restrictive_measures.labels import KIND_LABELS
from passend.restrictive_measures.models import (
    HouseRule,
    LocationSetting,
    SafeRoom,
    setting_of,
)
from passend.restrictive_measures.rules import safe_room as rules
from passend.restrictive_measures.rules.kinds import KINDS
from tests.factories import LocationFactory


def test_kind_labels_are_the_rules_labels_in_the_same_order():
    assert list(KIND_LABELS) == list(KINDS)
    with translation.override("en"):  # the msgids; the Dutch catalogue translates them
        assert [str(label) for label in KIND_LABELS.values()] == [k.label for k in KINDS.values()]


def test_the_safe_room_model_has_one_field_per_checklist_item():
    fields = {field.name for field in SafeRoom._meta.get_fields()}
    assert set(rules.CHECKLIST) <= fields


@pytest.mark.parametrize("item", list(rules.CHECKLIST))
def test_a_safe_room_is_compliant_only_when_every_item_is_met(item):
    items = dict.fromkeys(rules.CHECKLIST, True)
    assert rules.compliant(items)
    assert not rules.compliant(items | {item: False})
    assert rules.missing(items | {item: False}) == (item,)
    room = SafeRoom(**items)
    assert room.compliant
    setattr(room, item, False)
    assert not room.compliant
    assert len(room.missing_items) == 1


def test_a_room_not_in_use_as_a_safe_room_is_not_compliant():
    """A former isolation room turned into an open chill room is not a safe room."""
    room = SafeRoom(**dict.fromkeys(rules.CHECKLIST, True), in_use=False)
    assert not room.compliant


def test_a_location_without_a_recorded_setting_is_open_care(db):
    location = LocationFactory()
    setting = setting_of(location)
    assert setting.setting == "open"
    assert setting.pk is None
    assert setting.reference == f"L{location.pk}"


def test_a_closed_accommodation_needs_its_registration_and_only_it_takes_authorisations(db):
    location = LocationFactory()
    closed = LocationSetting(location=location, reference="JZP-1", setting="gesloten")
    with pytest.raises(ValidationError) as refused:
        closed.full_clean()
    assert "register_entry" in refused.value.message_dict
    open_ = LocationSetting(
        location=location, reference="OPEN", setting="open", authorisation_types=["machtiging"]
    )
    with pytest.raises(ValidationError) as refused:
        open_.full_clean()
    assert "authorisation_types" in refused.value.message_dict


def test_a_references_is_unique_per_provider(db):
    first = LocationFactory()
    second = LocationFactory(organisation=first.organisation)
    LocationSetting.objects.create(location=first, reference="GROEP-1")
    duplicate = LocationSetting(location=second, reference="GROEP-1")
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    elsewhere = LocationSetting(location=LocationFactory(), reference="GROEP-1")
    elsewhere.full_clean()


def test_wzd_and_wvggz_locations_are_in_the_register_only_with_an_entry(db):
    location = LocationFactory()
    assert LocationSetting(location=location, setting="wzd").in_location_register is False
    entered = LocationSetting(location=location, setting="wvggz", register_entry="LR-1")
    assert entered.in_location_register is True
    assert LocationSetting(location=location, setting="gesloten").in_location_register is None


def test_a_current_restricting_house_rule_is_a_problem(db):
    location = LocationFactory()
    today = timezone.localdate()
    rule = HouseRule(
        location=location,
        text="Telefoons in de kluis",
        restricts=True,
        kind="beperking_communicatie",
        recorded_on=today,
    )
    rule.full_clean()
    assert rule.problem
    rule.ended_on = today
    assert not rule.problem
    plain = HouseRule(location=location, text="Bezoek 14-17 uur", recorded_on=today)
    assert not plain.problem
    plain.kind = "beperking_bezoek"
    with pytest.raises(ValidationError):
        plain.full_clean()
