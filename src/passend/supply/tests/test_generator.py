"""The seeded supply generator: deterministic, valid by the supply rules, every region supplied,
and the shortages and proportions of the reports built in (DOMAIN §3)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from passend.registry.reference import current
from passend.supply import generator
from passend.supply.rules import offers as offer_rules
from passend.supply.rules import overview as overview_rules
from passend.supply.rules import placements as placement_rules
from passend.supply.rules import waiting
from passend.vocabulary import (
    CARE_FORMS,
    COMPLEMENTARY_CARE_FORMS,
    NEEDS,
    RESIDENTIAL_CARE_FORMS,
)

AS_OF = date(2026, 11, 25)
MUNICIPALITIES = [(m.cbs_code, m.youth_care_region) for m in current().municipalities]
REGIONS = {region for _code, region in MUNICIPALITIES}
KNOWN = [
    ("zorg-de-linde", "Huize De Linde", "0080", ["residentieel"], 6),
    ("zorg-de-linde", "Ambulant team Sneek", "1900", ["ambulant", "dagbehandeling"], None),
]


def generate(seed: int = 7, **sizes) -> generator.Supply:
    return generator.generate_supply(
        seed,
        **{"offers": 300, "entries": 2500, "placements": 1200, **sizes},
        as_of=AS_OF,
        municipalities=MUNICIPALITIES,
        known_locations=KNOWN,
    )


@pytest.fixture(scope="module")
def supply() -> generator.Supply:
    return generate()


@pytest.fixture(scope="module")
def offers(supply) -> dict[str, generator.Offer]:
    return {offer.key: offer for offer in supply.offers}


def as_entry(entry: generator.Entry, offers) -> waiting.WaitingEntry:
    offer = offers[entry.offer]
    return waiting.WaitingEntry(
        id=entry.key,
        youth=entry.youth,
        offer=entry.offer,
        care_form=offer.care_form,
        registered_on=entry.registered_on,
        intake_on=entry.intake_on,
        started_on=entry.started_on,
        removed_on=entry.removed_on,
        removal_reason=entry.removal_reason or None,
        needs=frozenset(entry.needs),
        region=offer.region,
    )


def as_placement(placement: generator.Placement, offers) -> placement_rules.Placement:
    offer = offers[placement.offer]
    return placement_rules.Placement(
        id=placement.key,
        youth=placement.youth,
        offer=placement.offer,
        care_form=offer.care_form,
        youth_municipality=placement.youth_municipality,
        offer_municipality=offer.municipality,
        start=placement.start,
        end=placement.end,
        crisis=placement.crisis,
        out_of_region_reason=placement.out_of_region_reason or None,
        education_started_on=placement.education_started_on,
        ready_to_leave_on=placement.ready_to_leave_on,
        follow_up_started_on=placement.follow_up_started_on,
    )


def as_matching(offer: generator.Offer) -> offer_rules.Offer:
    return offer_rules.matching_offer(
        id=offer.key,
        provider=offer.provider,
        municipality=offer.municipality,
        care_form=offer.care_form,
        needs=offer.needs,
        age_min=offer.age_min,
        age_max=offer.age_max,
        places=offer.places,
        occupied=offer.occupied,
        wait_days=offer.expected_wait_days,
        measures=(),
        day=AS_OF,
        group_size=offer.group_size,
        staff_ratio=offer.staff_ratio,
        cooperates_with=offer.cooperates_with,
    )


def test_the_same_seed_gives_the_same_supply(supply):
    assert generate() == supply
    assert generate(seed=8) != supply


def test_the_order_of_the_municipalities_does_not_matter(supply):
    shuffled = generator.generate_supply(
        7,
        offers=300,
        entries=2500,
        placements=1200,
        as_of=AS_OF,
        municipalities=list(reversed(MUNICIPALITIES)),
        known_locations=KNOWN,
    )
    assert shuffled == supply


def test_the_sizes_asked_for(supply):
    assert len(supply.offers) == 300
    assert len(supply.entries) == 2500
    assert len(supply.placements) == 1200
    assert len({offer.key for offer in supply.offers}) == 300
    assert len({youth.key for youth in supply.youth}) == len(supply.youth)


def test_offers_are_valid(supply):
    for offer in supply.offers:
        assert offer_rules.validate_capacity(offer.places, offer.occupied) == [], offer
        assert 0 <= offer.age_min <= offer.age_max <= 27
        assert offer.care_form in CARE_FORMS
        assert 1 <= len(offer.needs) <= 4
        assert set(offer.needs) <= NEEDS.keys()
        assert len(set(offer.needs)) == len(offer.needs)
        residential = offer.care_form in RESIDENTIAL_CARE_FORMS
        assert (offer.group_size is not None) == residential
        assert (offer.staff_ratio is not None) == residential
        assert offer.capacity_updated_at.tzinfo is not None


def test_locations_are_unique_per_provider_and_carry_their_offers_care_forms(supply):
    keys = [location.key for location in supply.locations]
    assert len(keys) == len(set(keys))
    forms = {location.key: set(location.care_forms) for location in supply.locations}
    for offer in supply.offers:
        assert offer.care_form in forms[offer.location]
    references = [provider.reference for provider in supply.providers]
    assert len(references) == len(set(references))
    assert all(reference.startswith("aanbod-") for reference in references)


def test_every_youth_care_region_has_offers(supply):
    assert {offer.region for offer in supply.offers} == REGIONS
    for region in REGIONS:
        forms = {o.care_form for o in supply.offers if o.region == region}
        assert "ambulant" in forms
        assert forms & {"residentieel", "gezinshuis"}


def test_known_locations_get_one_offer_per_care_form(supply):
    for reference, name, _code, forms, size in KNOWN:
        offered = [o for o in supply.offers if o.location == (reference, name)]
        assert sorted(o.care_form for o in offered) == sorted(forms)
        for offer in offered:
            if offer.care_form in RESIDENTIAL_CARE_FORMS:
                assert offer.group_size == size
        assert any(e.offer in {o.key for o in offered} for e in supply.entries)
    assert not any(p.reference == "zorg-de-linde" for p in supply.providers)


def test_too_few_offers_to_supply_every_region_is_refused():
    with pytest.raises(ValueError, match="every one of 42 regions"):
        generate(offers=50)


def test_waiting_list_entries_are_valid(supply, offers):
    for entry in supply.entries:
        assert waiting.validate_entry(as_entry(entry, offers)) == [], entry
        assert 1 <= len(entry.needs) <= 4
        for day in (entry.registered_on, entry.intake_on, entry.started_on, entry.removed_on):
            assert day is None or AS_OF - timedelta(days=365) <= day <= AS_OF


def test_placements_are_valid(supply, offers):
    for placement in supply.placements:
        assert placement_rules.validate_placement(as_placement(placement, offers)) == []
        assert offers[placement.offer].care_form in RESIDENTIAL_CARE_FORMS
        assert placement.start <= AS_OF
        assert placement.end is None or placement.end <= AS_OF


def test_inspection_measures_are_valid_with_one_client_stop(supply):
    rules = [offer_rules.InspectionMeasure(m.kind, m.start, m.end) for m in supply.measures]
    assert all(offer_rules.validate_measure(m) == [] for m in rules)
    stops = [m for m in supply.measures if m.kind == offer_rules.CLIENT_STOP]
    assert len(stops) == 1
    assert stops[0].end is None
    assert stops[0].start <= AS_OF
    assert {m.kind for m in supply.measures} == set(offer_rules.SEVERITY)


def test_no_youth_starts_under_a_client_stop(supply, offers):
    stop = next(m for m in supply.measures if m.kind == offer_rules.CLIENT_STOP)
    stopped = {key for key, offer in offers.items() if offer.provider == stop.provider}
    assert any(offers[key].care_form in RESIDENTIAL_CARE_FORMS for key in stopped)
    for entry in supply.entries:
        if entry.offer in stopped and entry.started_on is not None:
            assert entry.started_on < stop.start
    for placement in supply.placements:
        if placement.offer in stopped:
            assert placement.start < stop.start


def test_small_scale_and_large_groups(supply):
    residential = [o for o in supply.offers if o.care_form in RESIDENTIAL_CARE_FORMS]
    small = [
        o
        for o in residential
        if offer_rules.small_scale(o.care_form, o.group_size, o.age_min, o.age_max, o.staff_ratio)
    ]
    assert 0.15 < len(small) / len(residential) < 0.7
    for offer in small:
        assert offer.group_size <= 6
        assert 8 <= offer.age_min <= offer.age_max <= 23
        assert offer.staff_ratio >= 0.25
    assert any(o.group_size > 6 for o in residential)


def test_about_one_in_seven_offers_has_stale_figures(supply):
    now = max(o.capacity_updated_at for o in supply.offers)
    stale = [
        o
        for o in supply.offers
        if offer_rules.is_stale(o.capacity_updated_at, now, timedelta(days=7))
    ]
    assert 0.08 < len(stale) / len(supply.offers) < 0.25


def test_education_partners_and_cooperation_with_other_providers_in_the_region(supply, offers):
    assert any(o.education_partner for o in supply.offers)
    assert any(not o.education_partner for o in supply.offers)
    linked = [o for o in supply.offers if o.cooperates_with]
    assert linked
    for offer in linked:
        assert offer.care_form in RESIDENTIAL_CARE_FORMS
        for key in offer.cooperates_with:
            partner = offers[key]
            assert partner.care_form in COMPLEMENTARY_CARE_FORMS
            assert partner.region == offer.region
            assert partner.provider != offer.provider


def test_waits_over_the_norms_crisis_entries_and_removals(supply, offers):
    entries = [as_entry(e, offers) for e in supply.entries]
    norms = waiting.WaitNorms()
    intake = waiting.figures(entries, waiting.Stage.INTAKE, AS_OF, norms)
    start = waiting.figures(entries, waiting.Stage.START, AS_OF, norms)
    assert intake.completed > 1000
    assert intake.ongoing > 100
    assert 0.1 < intake.share_over_norm < 0.6
    assert start.over_norm > 0
    still = waiting.waiting_list(entries, AS_OF)
    assert sum(item.days > 70 for item in still) > 20
    assert 0.02 < sum(e.crisis for e in supply.entries) / len(supply.entries) < 0.3
    assert any(item.entry.care_form == "crisis" and item.days > 7 for item in still)
    removed = [e for e in supply.entries if e.removed_on is not None]
    assert 0.03 < len(removed) / len(supply.entries) < 0.25
    assert all(e.removal_reason for e in removed)


def test_placements_show_what_the_reports_describe(supply, offers):
    placements = [as_placement(p, offers) for p in supply.placements]
    closed = placement_rules.crisis_share(
        placements, (AS_OF - timedelta(days=364), AS_OF), care_form="gesloten"
    )
    assert closed.total >= 30
    assert 0.6 <= closed.share <= 0.8
    out = [p for p in placements if placement_rules.in_own_region(p) is False]
    assert 0.15 < len(out) / len(placements) < 0.35
    flagged = [p for p in out if placement_rules.flag_missing_reason(p)]
    assert 0.25 < len(flagged) / len(out) < 0.65
    school = [d for p in placements if (d := placement_rules.days_to_school(p, AS_OF)) is not None]
    assert school
    assert all(0 <= d <= 120 for d in school)
    assert placement_rules.awaiting_school(placements, AS_OF)
    assert placement_rules.follow_up_queue(placements, AS_OF)
    assert any(p.follow_up_started_on is not None for p in placements)


def test_shortages_no_supply_in_some_regions_and_long_waits(supply, offers):
    entries = [as_entry(e, offers) for e in supply.entries]
    all_waits = sorted(
        (AS_OF - e.registered_on).days
        if e.intake_on is None
        else (e.intake_on - e.registered_on).days
        for e in entries
        if e.removed_on is None
    )
    overall_median = all_waits[len(all_waits) // 2]
    for spec in generator.SHORTAGES:
        regions = supply.shortage_regions[spec]
        assert 0 < len(regions) < len(REGIONS)
        for offer in supply.offers:
            if offer.region in regions and (
                not spec.absent_in or offer.care_form in spec.absent_in
            ):
                assert spec.absent not in offer.needs, (spec, offer)
        affected = [e for e in entries if spec.needs <= e.needs and e.region in regions]
        assert len(affected) >= 20
        waits = sorted(
            (AS_OF - e.registered_on).days
            if e.intake_on is None
            else (e.intake_on - e.registered_on).days
            for e in affected
            if e.removed_on is None
        )
        assert waits[len(waits) // 2] > 2 * overall_median


def test_the_regional_overview_shows_an_uncovered_combination(supply, offers):
    """In a region without any offer for sexually transgressive behaviour, the youth waiting
    with it and a mild intellectual disability are a shortage no offer there covers."""
    spec = generator.SHORTAGES[0]
    uncovered = 0
    for region in sorted(supply.shortage_regions[spec]):
        local = [as_matching(o) for o in supply.offers if o.region == region]
        waiting_here = [
            as_entry(e, offers) for e in supply.entries if offers[e.offer].region == region
        ]
        found = overview_rules.shortages(waiting_here, local, AS_OF, limit=100)
        uncovered += sum(not s.covered_in_region for s in found if spec.needs <= s.needs)
    assert uncovered >= 3


def test_youth_belong_to_municipalities_and_ages_fit(supply, offers):
    codes = dict(MUNICIPALITIES)
    youth = {y.key: y for y in supply.youth}
    for entry in supply.entries:
        person = youth[entry.youth]
        assert person.municipality in codes
        assert person.birth_date < entry.registered_on
    regions = Counter(
        codes[youth[e.youth].municipality] == offers[e.offer].region for e in supply.entries
    )
    assert regions[True] > 3 * regions[False]
    by_youth = defaultdict(int)
    for entry in supply.entries:
        by_youth[entry.youth] += 1
    assert max(by_youth.values()) >= 2


REAL_ORGANISATIONS = (
    "Lindenhout",
    "Pluryn",
    "Karakter",
    "Accare",
    "Levvel",
    "Horizon",
    "Entrea",
    "Parlan",
    "Youké",
    "Timon",
    "Elker",
    "Jeugdformaat",
    "Fier",
    "Spirit",
    "iHub",
    "Essenburgh",
)


def test_names_are_invented(supply):
    """Provider names are compositions of invented parts, none a known youth-care organisation."""
    names = [provider.name for provider in supply.providers]
    assert len(set(names)) == len(names)
    for name in names:
        assert not any(real.lower() in name.lower() for real in REAL_ORGANISATIONS), name
    assert set(generator.NEED_WORDS) == set(NEEDS)
