"""The restrictive-measure screens: registering with validation, violations always shown, the
import with its line numbers, locations, the six-monthly report with 16+ consent, and the
supervisors' aggregates without any youth named."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from passend.accounts.roles import Role
from passend.audit.log import Actor
from passend.audit.models import AccessLogEntry, Action
from passend.restrictive_measures import queries, services, views
from passend.restrictive_measures.labels import RECIPIENT_LABELS, REPORT_BASIS_LABELS, kind_label
from passend.restrictive_measures.models import (
    AlternativeTried,
    HouseRule,
    LocationSetting,
    MeasureRegistration,
)
from passend.restrictive_measures.queries import DeliveryStatus
from passend.restrictive_measures.rules.deliveries import DeliveryState, HalfYear
from passend.restrictive_measures.rules.tests.builders import record
from passend.restrictive_measures.templatetags.measures import reminder, withheld_reason
from tests.factories import LocationFactory


@pytest.fixture
def staff(client, chain):
    client.force_login(chain.users[Role.PROVIDER_STAFF])
    return client


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def form_data(chain, **changes) -> dict:
    now = timezone.now()
    data = {
        "youth_pseudonym": chain.own.youth.pseudonym,
        "location": chain.own.offer.location.pk,
        "kind": "beperking_bezoek",
        "start": local(now - timedelta(days=3)),
        "end": local(now - timedelta(days=1)),
        "authorisation": "machtiging",
        "emergency": "false",
        "in_help_plan": "true",
        "generic": "false",
        "alternatives_text": "supervised visits\nvisits at the GI office",
        "proportionality": "only two contacts refused",
        "expected_effective": "contact led to running away before",
        "motivation": "protect from renewed exploitation",
        "decided_by": "JHV-1",
        "youth_informed_duration": "true",
        "copy_to_youth": "true",
        "complaint_rights_informed": "true",
        "gi_or_parents_informed": "true",
    }
    return data | changes


def test_registering_a_lawful_measure(staff, chain):
    response = staff.post(reverse("measures:register"), form_data(chain))
    assert response.status_code == 302
    registration = MeasureRegistration.objects.exclude(pk=chain.own.registration.pk).get(
        provider=chain.own.provider
    )
    assert registration.lawful
    assert registration.alternatives_considered == ["supervised visits", "visits at the GI office"]
    assert registration.channel == "screen"
    assert registration.created_by == chain.users[Role.PROVIDER_STAFF]
    page = staff.get(response.url)
    assert '<span class="badge badge-on_track">' in page.content.decode()  # the lawful badge


def test_the_form_refuses_impossible_input_and_stores_nothing(staff, chain):
    before = MeasureRegistration.objects.count()
    now = timezone.now()
    response = staff.post(
        reverse("measures:register"),
        form_data(chain, end=local(now - timedelta(days=4))),
    )
    assert response.status_code == 200
    assert "end" in response.context["form"].errors
    future = staff.post(
        reverse("measures:register"),
        form_data(chain, start=local(now + timedelta(days=1)), end=""),
    )
    assert "start" in future.context["form"].errors
    foreign = staff.post(
        reverse("measures:register"), form_data(chain, youth_pseudonym=chain.other.youth.pseudonym)
    )
    assert "youth_pseudonym" in foreign.context["form"].errors
    other_location = staff.post(
        reverse("measures:register"), form_data(chain, location=chain.other.offer.location.pk)
    )
    assert "location" in other_location.context["form"].errors
    assert MeasureRegistration.objects.count() == before


def test_a_measure_in_open_care_is_registered_and_always_shown_as_unlawful(staff, chain):
    """Even a measure with every ground recorded is unlawful in open youth care."""
    location = LocationFactory(organisation=chain.own.provider, name="Open groep")
    LocationSetting.objects.create(location=location, reference="OPEN-1", setting="open")
    response = staff.post(
        reverse("measures:register"), form_data(chain, location=location.pk), follow=True
    )
    content = response.content.decode()
    assert "6.3.1.1" in content
    assert "UNLAWFUL" in content or "Unlawful" in content or "onrechtmatig" in content.lower()
    registration = response.context["registration"]
    assert registration.setting == "open"
    assert not response.context["verdict"].lawful
    listing = staff.get(reverse("measures:registrations"), {"show": "unlawful"})
    rows = listing.context["rows"]
    assert [row["registration"].pk for row in rows] == [registration.pk]
    assert "6.3.1.1" in listing.content.decode()


def test_changing_a_registration_judges_it_again(staff, chain):
    registration = chain.own.registration
    url = reverse("measures:edit", kwargs={"pk": registration.pk})
    page = staff.get(url)
    assert page.status_code == 200
    data = {
        name: value
        for name, value in page.context["form"].initial.items()
        if value is not None and not isinstance(value, list)
    }
    data |= {
        "start": local(registration.start),
        "end": local(registration.start + timedelta(hours=30)),
        "emergency": "true",
        "in_help_plan": "false",
        "generic": "false",
        "youth_informed_duration": "true",
        "copy_to_youth": "true",
        "complaint_rights_informed": "true",
        "behavioural_scientist_consent": "true",
        "gi_or_parents_informed": "true",
        "safe_room": chain.own.safe_room.pk,
        "location": registration.location_id,
    }
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    registration.refresh_from_db()
    assert not registration.lawful
    assert registration.violations[0]["article"] == "6.3.2.2 lid 3"
    assert AccessLogEntry.objects.filter(
        youth=registration.youth.pseudonym, action=Action.CHANGE
    ).exists()


def test_a_running_measure_is_judged_as_of_now_on_the_list(staff, chain):
    registration = chain.own.registration
    MeasureRegistration.objects.filter(pk=registration.pk).update(end=None, lawful=True)
    listing = staff.get(reverse("measures:registrations"))
    (row,) = listing.context["rows"]
    assert not row["verdict"].lawful  # a lock-in running for 48 h


def test_the_import_screen_lists_every_error_with_its_line_and_imports_nothing(staff, chain):
    upload = io.BytesIO(b'{"id": "A"}\n\n{"id": "B", "kind": "opsluiting"}\n')
    upload.name = "bad.jsonl"
    before = MeasureRegistration.objects.count()
    response = staff.post(reverse("measures:import"), {"file": upload})
    assert response.status_code == 200
    lines = {error.line for error in response.context["errors"]}
    assert lines == {1, 3}
    assert "line 3" in response.content.decode() or "regel 3" in response.content.decode()
    assert MeasureRegistration.objects.count() == before


def test_the_location_page_records_the_setting_safe_rooms_and_house_rules(staff, chain):
    location = chain.own.offer.location
    url = reverse("measures:location", kwargs={"pk": location.pk})
    response = staff.post(url, {"reference": "JZP-X", "setting": "gesloten", "register_entry": ""})
    assert response.status_code == 200
    assert "register_entry" in response.context["setting_form"].errors
    saved = staff.post(
        url,
        {
            "reference": "JZP-X",
            "setting": "gesloten",
            "register_entry": "6.2.1-X",
            "authorisation_types": ["machtiging", "spoedmachtiging"],
        },
    )
    assert saved.status_code == 302
    setting = LocationSetting.objects.get(location=location)
    assert (setting.reference, setting.authorisation_types) == (
        "JZP-X",
        ["machtiging", "spoedmachtiging"],
    )
    room = staff.post(
        reverse("measures:add-safe-room", kwargs={"pk": location.pk}),
        {"name": "Oude afzonderingsruimte", "in_use": "on", "daylight": "on"},
    )
    assert room.status_code == 302
    rule = staff.post(
        reverse("measures:add-house-rule", kwargs={"pk": location.pk}),
        {
            "text": "Verplicht kamermoment na het eten",
            "restricts": "on",
            "kind": "kamerverblijf",
            "recorded_on": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    content = rule.content.decode()
    assert HouseRule.objects.get(text__startswith="Verplicht").problem
    assert "badge-overdue" in content  # the restricting rule and the non-compliant room stand out
    overview = staff.get(reverse("measures:locations"))
    (row,) = overview.context["rows"]
    assert len(row["problems"]) == 1
    assert [r.compliant for r in row["safe_rooms"]] == [False, True] or [
        r.compliant for r in row["safe_rooms"]
    ] == [True, False]


def test_alternatives_are_recorded_with_and_without_a_measure(staff, chain):
    registration = chain.own.registration
    staff.post(
        reverse("measures:add-alternative", kwargs={"pk": registration.pk}),
        {"situation": "agressie", "alternative": "de_escalerend_gesprek", "worked": "false"},
    )
    staff.post(
        reverse("measures:alternatives"),
        {
            "location": registration.location_id,
            "situation": "weglopen",
            "alternative": "contact_netwerk",
            "worked": "true",
        },
    )
    records = AlternativeTried.objects.order_by("pk")
    assert [(r.registration_id, r.worked) for r in records] == [
        (registration.pk, False),
        (None, True),
    ]


def test_what_works_pools_providers_and_suppresses_small_counts(client, chain):
    location = chain.own.offer.location
    for worked in [True] * 8 + [False] * 3:
        AlternativeTried.objects.create(
            provider=chain.own.provider,
            location=location,
            situation="agressie",
            alternative="time_out_vrijwillig",
            worked=worked,
            recorded_on=timezone.localdate(),
        )
    client.force_login(chain.users[Role.MUNICIPAL_OFFICER])
    response = client.get(reverse("measures:what-works"))
    (row,) = response.context["pooled"]
    assert (row["tried"], row["worked"], row["did_not_work"]) == ("11", "< 10", "< 10")
    assert row["share"] == 0.73
    assert response.context["own"] is None


# --- The six-monthly report per youth -----------------------------------------------------------


def report(staff, youth, **query):
    current = HalfYear.of(timezone.localdate()).label
    return staff.get(
        reverse("measures:youth-report", kwargs={"pseudonym": youth.pseudonym}),
        {"half_year": current} | query,
    )


def test_the_report_on_a_youth_under_16_is_given(staff, chain):
    response = report(staff, chain.own.youth)
    assert not response.context["withheld"]
    (measure,) = response.context["report"].measures
    assert measure.id == chain.own.registration.source_id


def test_the_report_on_a_youth_of_16_is_withheld_without_consent(staff, chain):
    youth = chain.own.youth
    today = timezone.localdate()
    youth.birth_date = date(today.year - 17, 1, 1)
    youth.save()
    withheld = report(staff, youth)
    assert withheld.context["withheld"]
    assert withheld.context["report"].reason == "consent_not_recorded"
    assert "6.7.2 lid 3" in withheld.content.decode()
    assert not withheld.context["report"].__dict__.get("measures")
    url = reverse("measures:record-consent", kwargs={"pseudonym": youth.pseudonym})
    staff.post(url, {"given": "false"})
    assert report(staff, youth).context["report"].reason == "consent_refused"
    staff.post(url, {"given": "true"})
    given = report(staff, youth)
    assert not given.context["withheld"]
    assert len(given.context["report"].measures) == 1
    # The supervision-order exception holds for the GI only, without consent.
    staff.post(url, {"given": "false"})
    assert not report(staff, youth, needed_for_ots="on").context["withheld"]
    assert report(staff, youth, recipient="parents").context["withheld"]


# --- Deliveries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "delivered_on", "expected"),
    [
        (date(2026, 8, 2), None, "due in 10 days"),
        (date(2026, 8, 11), None, "due in 1 day"),
        (date(2026, 8, 12), None, "due today"),
        (date(2026, 8, 15), None, "overdue by 3 days"),
        (date(2026, 9, 1), date(2026, 8, 20), "delivered late, on 2026-08-20"),
        (date(2026, 9, 1), date(2026, 8, 1), "delivered on 2026-08-01"),
    ],
)
def test_the_reminder_says_how_the_delivery_stands(today, delivered_on, expected, settings):
    settings.LANGUAGE_CODE = "en"
    half_year = HalfYear(2026, 1)
    status = DeliveryStatus(
        half_year=half_year,
        state=half_year.reminder_state(today, delivered_on),
        days_until_due=half_year.days_until_due(today),
        delivered_on=delivered_on,
    )
    from django.utils import translation

    with translation.override("en"):
        assert reminder(status) == expected


def test_the_deliveries_page_shows_the_next_due_date_and_its_state(staff, chain):
    response = staff.get(reverse("measures:deliveries"))
    reminder_status = response.context["reminder"]
    previous = HalfYear.of(timezone.localdate()).previous
    assert reminder_status.half_year == previous
    assert reminder_status.state in (
        DeliveryState.NOT_DUE,
        DeliveryState.DUE_SOON,
        DeliveryState.OVERDUE,
    )
    assert previous.label in response.content.decode()
    listing = staff.get(reverse("measures:registrations"))
    assert listing.context["reminder"] == reminder_status


# --- Supervisors --------------------------------------------------------------------------------


def unlawful_registration(chain):
    registration = chain.own.registration
    MeasureRegistration.objects.filter(pk=registration.pk).update(
        lawful=False,
        violations=[{"article": "6.3.2.2 lid 3", "message": "too long"}],
        end=registration.start + timedelta(hours=30),
    )


@pytest.mark.parametrize("role", [Role.TEAM_LEAD, Role.MUNICIPAL_OFFICER, Role.INSPECTOR])
def test_the_supervision_screens_show_aggregates_and_no_youth(client, chain, role):
    unlawful_registration(chain)
    client.force_login(chain.users[role])
    overview = client.get(reverse("measures:supervision"))
    rows = {row.provider.reference: row for row in overview.context["rows"]}
    own = rows["provider-own"]
    assert (own.registrations, own.lock_ins, own.safe_rooms_compliant) == (1, 1, 1)
    assert own.unlawful == 1
    page = client.get(
        reverse("measures:supervision-provider", kwargs={"reference": "provider-own"})
    )
    assert page.context["articles"] == [("6.3.2.2 lid 3", 1)]
    for response in (overview, page):
        content = response.content.decode()
        for side in (chain.own, chain.other):
            assert side.youth.pseudonym not in content
            assert side.second_youth.pseudonym not in content
    assert not AccessLogEntry.objects.filter(user_id_at_time=chain.users[role].pk).exists()
    inspected = list(page.context["inspected"])
    if role == Role.INSPECTOR:
        assert inspected == [chain.own.registration]
    else:
        assert inspected == []


def test_an_inspector_opens_a_registration_only_within_the_inspection_and_is_logged(client, chain):
    inspector = chain.users[Role.INSPECTOR]
    client.force_login(inspector)
    own = client.get(reverse("measures:registration", kwargs={"pk": chain.own.registration.pk}))
    assert own.status_code == 200
    entry = AccessLogEntry.objects.get(user_id_at_time=inspector.pk, action=Action.VIEW)
    assert entry.youth == chain.own.youth.pseudonym
    assert entry.purpose.startswith("inspection ")
    other = client.get(reverse("measures:registration", kwargs={"pk": chain.other.registration.pk}))
    assert other.status_code == 404
    denied = AccessLogEntry.objects.get(
        youth=chain.other.youth.pseudonym, user_id_at_time=inspector.pk
    )
    assert denied.outcome == "denied"


# --- The safe room of a lock-in comes from the room's checklist --------------------------------


def lock_in_data(chain, **changes) -> dict:
    start = timezone.now() - timedelta(days=3)
    return form_data(
        chain,
        kind="insluiting",
        start=local(start),
        end=local(start + timedelta(hours=2)),
        emergency="true",
        in_help_plan="false",
        behavioural_scientist_consent="true",
        **changes,
    )


def test_a_lock_in_on_the_screen_needs_a_room_and_compliance_cannot_be_ticked(staff, chain):
    """The free "safe room compliant" tick is gone; without a room of the location the form
    refuses a lock-in, whatever else is posted, and stores nothing."""
    before = MeasureRegistration.objects.count()
    refused = staff.post(
        reverse("measures:register"), lock_in_data(chain, safe_room_compliant="true")
    )
    assert refused.status_code == 200
    form = refused.context["form"]
    assert "safe_room_compliant" not in form.fields
    assert "safe_room" in form.errors
    assert MeasureRegistration.objects.count() == before
    room = chain.own.safe_room
    room.clock = False
    room.save()
    saved = staff.post(reverse("measures:register"), lock_in_data(chain, safe_room=room.pk))
    assert saved.status_code == 302
    registration = MeasureRegistration.objects.latest("pk")
    assert (registration.safe_room, registration.safe_room_compliant) == (room, False)
    assert "6.3.2.2 lid 1 f" in [v["article"] for v in registration.violations]


def test_a_room_of_another_location_is_refused(staff, chain):
    response = staff.post(
        reverse("measures:register"), lock_in_data(chain, safe_room=chain.other.safe_room.pk)
    )
    assert "safe_room" in response.context["form"].errors


def test_other_kinds_need_no_room(staff, chain):
    response = staff.post(reverse("measures:register"), form_data(chain))
    assert response.status_code == 302


# --- The help plan's term and independent advice (6.3.1.5) -------------------------------------


def test_the_phase_out_term_is_entered_on_the_screen_and_warned_when_passed(staff, chain):
    now = timezone.now()
    response = staff.post(
        reverse("measures:register"),
        form_data(chain, phase_out_by=local(now - timedelta(days=2)), independent_advice="false"),
        follow=True,
    )
    registration = response.context["registration"]
    assert registration.independent_advice is False
    assert registration.phase_out_by is not None
    assert [w["article"] for w in registration.warnings] == ["6.3.1.5 lid 1"]
    assert "6.3.1.5 lid 1" in response.content.decode()


# --- A kind outside the law's list -------------------------------------------------------------


def test_an_imported_unlisted_kind_is_shown_and_can_be_changed_on_the_screen(staff, chain):
    start = timezone.localtime() - timedelta(hours=30)
    services.import_registrations(
        [
            json.dumps(
                record(
                    "fixatie",
                    id="FIX-1",
                    youth=chain.own.youth.pseudonym,
                    location="JZP-own",
                    birth_date=None,
                    start=start.replace(tzinfo=None).isoformat(timespec="minutes"),
                    end=(start + timedelta(hours=1))
                    .replace(tzinfo=None)
                    .isoformat(timespec="minutes"),
                )
            )
        ],
        provider=chain.own.provider,
        youth_scope=queries.provider_youth(chain.own.provider),
        actor=Actor.system("test"),
        acting_user=None,
    )
    registration = MeasureRegistration.objects.get(source_id="FIX-1")
    page = staff.get(reverse("measures:registration", kwargs={"pk": registration.pk}))
    content = page.content.decode()
    assert "fixatie" in content
    assert "6.3.1.1 lid 3" in content
    listing = staff.get(reverse("measures:registrations"), {"show": "unlawful"})
    assert registration in [row["registration"] for row in listing.context["rows"]]
    url = reverse("measures:edit", kwargs={"pk": registration.pk})
    form = staff.get(url).context["form"]
    assert ("fixatie", kind_label("fixatie")) in form.fields["kind"].choices
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data |= {
        "start": local(registration.start),
        "end": local(registration.end),
        "motivation": "changed on the screen",
    }
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    registration.refresh_from_db()
    assert (registration.kind, registration.lawful) == ("fixatie", False)
    analysis = staff.get(reverse("measures:analysis"))
    assert analysis.status_code == 200
    assert "6.3.1.1 lid 3" in analysis.content.decode()


# --- The unlawful filter pages after filtering -------------------------------------------------


def test_the_unlawful_filter_is_applied_before_paging(staff, chain, monkeypatch):
    """Newer lawful registrations, running or ended, do not push unlawful ones off a page: every
    page of the filter is full, and a running lock-in stored as lawful that has passed its
    maximum since is among them."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    base = chain.own.registration
    MeasureRegistration.objects.filter(pk=base.pk).update(end=None, lawful=True)  # 48 h: unlawful
    now = timezone.now()
    # (running, unlawful), newest first: two lock-ins running for 10-11 h (within one day), one
    # ended lawful, two ended unlawful.
    shapes = [(True, False), (True, False), (False, False), (False, True), (False, True)]
    for number, (running, unlawful) in enumerate(shapes):
        start = now - timedelta(hours=10 + number)
        clone = MeasureRegistration.objects.get(pk=base.pk)
        clone.pk = None
        clone.source_id = f"P-{number}"
        clone.start = start
        clone.end = None if running else start + timedelta(hours=1)
        clone.lawful = not unlawful
        clone.save()
    first = staff.get(reverse("measures:registrations"), {"show": "unlawful"})
    second = staff.get(reverse("measures:registrations"), {"show": "unlawful", "page": 2})
    shown = [row["registration"].source_id for row in first.context["rows"]]
    shown += [row["registration"].source_id for row in second.context["rows"]]
    assert shown == ["P-3", "P-4", base.source_id]
    assert first.context["page"].paginator.count == 3


# --- The six-monthly report in the interface's language ----------------------------------------


def test_the_youth_report_shows_labels_not_codes(staff, chain):
    given = report(staff, chain.own.youth)
    content = given.content.decode()
    with translation.override("nl"):
        assert str(REPORT_BASIS_LABELS["under_16"]) in content
    assert "under_16" not in content
    youth = chain.own.youth
    youth.birth_date = date(timezone.localdate().year - 17, 1, 1)
    youth.save()
    withheld = report(staff, youth, recipient="parents")
    content = withheld.content.decode()
    with translation.override("nl"):
        reason = withheld_reason(withheld.context["report"])
    assert reason in content
    with translation.override("nl"):
        assert str(RECIPIENT_LABELS["parents"]) in reason
    assert withheld.context["report"].message not in content  # the English of the pure module
