"""Hand-decided registrations: the lawful baseline of a kind, the fields changed, the verdict.

Each row states what changes from the lawful baseline (``builders.record``), whether the measure
is lawful, the exact set of violated and warned articles, and why. One parametrised test runs them.
``takes`` is the authorisation types the location is recorded as taking, which the database shell
passes beside the registration (``None``: not known, as for a file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest

from ..legality import check
from .builders import EMERGENCY_OUTSIDE_PLAN as EMERGENCY
from .builders import after, registration

H = timedelta(hours=1)


@dataclass(frozen=True)
class Case:
    name: str
    changes: dict[str, Any]
    lawful: bool
    violated: frozenset[str] = frozenset()
    warned: frozenset[str] = frozenset()
    kind: str = "beperking_bezoek"
    as_of: str | None = None
    takes: frozenset[str] | None = None
    why: str = field(default="", compare=False)


def case(
    name: str,
    changes: dict[str, Any],
    lawful: bool,
    violated: set[str] | None = None,
    warned: set[str] | None = None,
    *,
    kind: str = "beperking_bezoek",
    as_of: str | None = None,
    takes: set[str] | None = None,
    why: str,
) -> Case:
    return Case(
        name,
        changes,
        lawful,
        frozenset(violated or ()),
        frozenset(warned or ()),
        kind,
        as_of,
        None if takes is None else frozenset(takes),
        why,
    )


# fmt: off
CASES = [
    # --- setting and authorisation ---
    case("baseline", {}, True, why="in the plan, no-unless grounds written, decision complete"),
    case("open care", {"setting": "open"}, False, {"6.3.1.1"},
         why="no freedom-restricting measure at all in open youth care"),
    case("conditional authorisation, not admitted",
         {"setting": "open", "authorisation": "voorwaardelijke_machtiging"}, False, {"6.3.1.1"},
         why="§6.3.2 applies only once the youth is admitted to the closed accommodation"),
    case("conditional authorisation, admitted",
         {"authorisation": "voorwaardelijke_machtiging"}, True,
         why="admitted under 6.1.6: the §6.3.2 rules apply as for any authorisation"),
    case("emergency authorisation", {"authorisation": "spoedmachtiging"}, True,
         why="a spoedmachtiging (6.1.3) is an authorisation of 6.3.1.1 lid 1"),
    case("no authorisation", {"authorisation": "geen"}, False, {"6.3.1.1 lid 1"},
         why="measures only for a youth with a closed-care authorisation"),
    case("authorisation not recorded", {"authorisation": None}, True, warned={"6.3.1.1 lid 1"},
         why="a registered closed accommodation implies one; not recorded is a warning"),
    case("emergency in open care", {"setting": "open", **EMERGENCY}, False,
         {"6.3.1.1", "6.3.1.2 lid 2"}, kind="kamerverblijf",
         why="the emergency exception of 6.3.1.2 lid 3 exists only in a closed accommodation"),
    # --- the authorisation types the location takes (known to the database shell only) ---
    case("authorisation the location takes", {}, True, takes={"machtiging", "spoedmachtiging"},
         why="the youth's machtiging is one the location admits on"),
    case("authorisation the location does not take", {"authorisation": "spoedmachtiging"}, True,
         warned={"6.2.2 lid 1"}, takes={"machtiging"},
         why="a record to look into: a warning, the public register lists no types"),
    case("conditional authorisation the location does not take",
         {"authorisation": "voorwaardelijke_machtiging"}, True, warned={"6.2.2 lid 1"},
         takes={"machtiging", "spoedmachtiging"}, why="any type outside the location's record"),
    case("location's types not recorded", {"authorisation": "spoedmachtiging"}, True, takes=set(),
         why="a location without recorded types says nothing about them"),
    case("no authorisation at a location with types", {"authorisation": "geen"}, False,
         {"6.3.1.1 lid 1"}, takes={"machtiging"},
         why="geen is a violation of its own, not also a type the location does not take"),
    case("authorisation unknown at a location with types", {"authorisation": None}, True,
         warned={"6.3.1.1 lid 1"}, takes={"machtiging"},
         why="nothing to compare: only the missing authorisation is warned"),
    case("open care, everything else wrong too",
         {"setting": "open", "authorisation": "geen", "generic": True, "motivation": None},
         False, {"6.3.1.1", "6.3.1.1 lid 1", "6.3.1.2", "6.3.1.4 lid 2"},
         why="every §6.3 rule is still applied, so the verdict shows all that was wrong"),
    # --- Wzd and Wvggz ---
    case("Wzd, registered location with basis",
         {"setting": "wzd", "location_registered": True,
          "legal_basis": "wzd_rechterlijke_machtiging", "motivation": None,
          "in_help_plan": False, "authorisation": None},
         True, why="the Youth Act §6.3 rules do not apply in a Wzd location"),
    case("Wzd, location not in the register",
         {"setting": "wzd", "legal_basis": "wzd_rechterlijke_machtiging"}, False,
         {"Wzd locatieregister"}, why="location_registered other than true, citing the Wzd"),
    case("Wvggz, no legal basis",
         {"setting": "wvggz", "location_registered": True, "legal_basis": " "}, False,
         {"Wvggz rechtsgrond"}, why="a missing legal basis is unlawful, citing the Wvggz"),
    case("Wvggz, neither", {"setting": "wvggz", "location_registered": False}, False,
         {"Wvggz locatieregister", "Wvggz rechtsgrond"}, why="both conditions fail"),
    # --- prohibited kind ---
    case("own-room lock-in in the plan", {}, False, {"6.3.1.1 lid 3"},
         kind="insluiting_eigen_kamer", why="prohibited since 1 Jan 2024, whatever the plan"),
    case("own-room lock-in, brief emergency with consent",
         {**EMERGENCY, "behavioural_scientist_consent": True, "end": after(1 * H)}, False,
         {"6.3.1.1 lid 3"}, kind="insluiting_eigen_kamer",
         why="always unlawful, whatever the emergency, consent or duration"),
    # --- a kind outside the law's list (6.3.1.1 lid 3: only 6.3.2.1-6.3.2.5) ---
    case("unlisted kind in the plan", {}, False, {"6.3.1.1 lid 3"}, kind="fixatie",
         why="a closed accommodation may apply only the measures of 6.3.2.1 to 6.3.2.5"),
    case("unlisted kind, 80 h emergency without consent",
         {**EMERGENCY, "end": after(80 * H)}, False, {"6.3.1.1 lid 3"}, kind="fixatie",
         why="no emergency exception for a measure the law does not allow at all"),
    case("unlisted kind, running as of", {"end": None}, False, {"6.3.1.1 lid 3"},
         kind="vastbinden", as_of=after(30 * H),
         why="no legal maximum to measure against: the kind itself is the violation"),
    case("unlisted kind in open care", {"setting": "open"}, False, {"6.3.1.1", "6.3.1.1 lid 3"},
         kind="fixatie", why="both: open care, and a measure the law does not know"),
    case("unlisted kind, generic and without motivation",
         {"generic": True, "motivation": None, "youth_informed_duration": False}, False,
         {"6.3.1.1 lid 3", "6.3.1.2", "6.3.1.4 lid 2"}, kind="fixatie",
         why="the rules that do not hang on the kind still apply; lid 7 hangs on b-f"),
    case("unlisted kind, search fields false", {"grounded_suspicion": False,
         "youth_present": False, "gi_or_parents_informed": None}, False, {"6.3.1.1 lid 3"},
         kind="fixatie", why="not a search, not a kind the GI or parents are told of"),
    case("unlisted kind at a registered Wzd location",
         {"setting": "wzd", "location_registered": True, "legal_basis": "zorgmachtiging"}, True,
         kind="fixatie", why="the Youth Act list does not govern a Wzd location (DOMAIN §9)"),
    # --- no, unless ---
    case("no alternatives weighed", {"alternatives_considered": []}, False, {"6.3.1.2 lid 1 a"},
         why="an empty list means the weighing is not recorded"),
    case("alternatives null", {"alternatives_considered": None}, False, {"6.3.1.2 lid 1 a"},
         why="null, like an empty list, records no weighing"),
    case("blank alternative", {"alternatives_considered": [" "]}, False, {"6.3.1.2 lid 1 a"},
         why="a blank entry names no alternative"),
    case("no proportionality", {"proportionality": ""}, False, {"6.3.1.2 lid 1 b"},
         why="empty ground for proportionality"),
    case("no expected effect", {"expected_effective": None}, False, {"6.3.1.2 lid 1 c"},
         why="missing ground that the measure will work"),
    case("no-unless holds in an emergency",
         {**EMERGENCY, "alternatives_considered": [], "end": after(2 * H)}, False,
         {"6.3.1.2 lid 1 a"}, kind="kamerverblijf", why="the grounds hold in an emergency too"),
    # --- individual and in the plan ---
    case("generic", {"generic": True}, False, {"6.3.1.2"},
         why="a group measure or house rule instead of an individual decision"),
    case("not in the plan, no emergency", {"in_help_plan": False}, False, {"6.3.1.2 lid 2"},
         why="outside the plan only to avert an emergency"),
    case("plan and emergency unknown", {"in_help_plan": None, "emergency": None}, False,
         {"6.3.1.2 lid 2"}, why="inclusion in the plan is a condition: it must be shown"),
    # --- emergency outside the plan ---
    case("emergency, 10 h", {**EMERGENCY, "end": after(10 * H)}, True, kind="kamerverblijf",
         why="within 12 h no consent is needed"),
    case("emergency, 13 h without consent", {**EMERGENCY, "end": after(13 * H)}, False,
         {"6.3.1.2 lid 5"}, kind="kamerverblijf",
         why="beyond 12 h only with a behavioural scientist's consent"),
    case("emergency, 13 h, consent refused",
         {**EMERGENCY, "behavioural_scientist_consent": False, "end": after(13 * H)}, False,
         {"6.3.1.2 lid 5"}, kind="kamerverblijf", why="refused consent: the measure ends"),
    case("emergency, 13 h with consent",
         {**EMERGENCY, "behavioural_scientist_consent": True, "end": after(13 * H)}, True,
         kind="kamerverblijf", why="continued with consent, within three days"),
    case("emergency, 73 h with consent",
         {**EMERGENCY, "behavioural_scientist_consent": True, "end": after(73 * H)}, False,
         {"6.3.1.2 lid 4"}, kind="kamerverblijf", why="at most three consecutive days"),
    case("emergency, 80 h, no consent", {**EMERGENCY, "end": after(80 * H)}, False,
         {"6.3.1.2 lid 4", "6.3.1.2 lid 5"}, kind="kamerverblijf",
         why="both the three-day limit and the twelve-hour consent rule fail"),
    case("emergency measure that is in the plan",
         {"emergency": True, "in_help_plan": True, "end": after(100 * H)}, True,
         why="in the plan, the emergency limits do not apply"),
    case("emergency, running, no as-of", {**EMERGENCY, "end": None}, True, kind="kamerverblijf",
         why="a running measure without as-of is judged on its other fields only"),
    case("emergency, running 80 h as of", {**EMERGENCY, "end": None}, False,
         {"6.3.1.2 lid 4", "6.3.1.2 lid 5"}, kind="kamerverblijf", as_of=after(80 * H),
         why="still running after 80 h without consent"),
    case("emergency, running 13 h as of, consent",
         {**EMERGENCY, "behavioural_scientist_consent": True, "end": None}, True,
         warned={"6.3.1.4 lid 4"}, kind="kamerverblijf", as_of=after(13 * H),
         why="within the limit, but it should be phased out as soon as possible"),
    # --- lock-in ---
    case("lock-in, 3 h", {}, True, kind="insluiting", why="emergency, age 14, safe room, consent"),
    case("lock-in, no emergency, in the plan", {"emergency": False, "in_help_plan": True},
         False, {"6.3.2.2 lid 2"}, kind="insluiting",
         why="a lock-in only in an emergency, whether or not it is in the plan"),
    case("lock-in, no emergency, not in the plan", {"emergency": False}, False,
         {"6.3.2.2 lid 2", "6.3.1.2 lid 2"}, kind="insluiting",
         why="not an emergency and not in the plan either"),
    case("lock-in, age 11", {"birth_date": "2014-06-15"}, False, {"6.3.2.2 lid 2"},
         kind="insluiting", why="only from age 12"),
    case("lock-in, birth date unknown", {"birth_date": None}, True, warned={"6.3.2.2 lid 2"},
         kind="insluiting", why="the age cannot be verified: a warning"),
    case("lock-in, 25 h", {"end": after(25 * H)}, False, {"6.3.2.2 lid 3"}, kind="insluiting",
         why="at most one day without an extension"),
    case("lock-in, 25 h, consent is not an extension",
         {"end": after(25 * H), "behavioural_scientist_extension": False}, False,
         {"6.3.2.2 lid 3"}, kind="insluiting", why="consent to continue is not the extension"),
    case("lock-in, 30 h, extended",
         {"end": after(30 * H), "behavioural_scientist_extension": True}, True,
         kind="insluiting", why="extended once by a qualified behavioural scientist"),
    case("lock-in, 49 h, extended",
         {"end": after(49 * H), "behavioural_scientist_extension": True}, False,
         {"6.3.2.2 lid 3"}, kind="insluiting", why="one extension of at most one day: 48 h"),
    case("lock-in, 20 h, no twelve-hour consent rule",
         {"end": after(20 * H), "behavioural_scientist_consent": None}, True,
         warned={"6.3.2.2 lid 4"}, kind="insluiting",
         why="6.3.2.2 lid 4 replaces the twelve-hour consent: the assessment is only missing"),
    case("lock-in, scientist refused", {"behavioural_scientist_consent": False}, False,
         {"6.3.2.2 lid 5"}, kind="insluiting", why="the lock-in must end at once"),
    case("lock-in, room not recorded", {"safe_room_compliant": None}, False,
         {"6.3.2.2 lid 1 f"}, kind="insluiting", why="the room must be shown to be safe"),
    case("lock-in, room not compliant", {"safe_room_compliant": False}, False,
         {"6.3.2.2 lid 1 f"}, kind="insluiting", why="a chill room is not a safe room"),
    case("lock-in in open care", {"setting": "open"}, False,
         {"6.3.1.1", "6.3.2.2 lid 2", "6.3.1.2 lid 2"}, kind="insluiting",
         why="no emergency exception outside a closed accommodation"),
    case("lock-in, running 10 h as of", {"end": None}, True, warned={"6.3.1.4 lid 4"},
         kind="insluiting", as_of=after(10 * H), why="within one day: phase out"),
    case("lock-in, running 30 h as of", {"end": None}, False, {"6.3.2.2 lid 3"},
         kind="insluiting", as_of=after(30 * H), why="past one day without an extension"),
    case("lock-in, informing not recorded", {"gi_or_parents_informed": None}, True,
         warned={"6.7.2 lid 1"}, kind="insluiting", why="informing is a warning only"),
    # --- duration told ---
    case("place ban, duration not told", {"youth_informed_duration": False}, False,
         {"6.3.2.2 lid 7"}, kind="plaatsverbod", why="b–f: the youth is told the duration"),
    case("room stay, duration unknown", {"youth_informed_duration": None}, True,
         warned={"6.3.2.2 lid 7"}, kind="kamerverblijf", why="not recorded: diligence warning"),
    case("holding, duration not told", {"youth_informed_duration": False}, True,
         kind="vastpakken", why="lid 7 covers b–f, not holding (a)"),
    # --- decision ---
    case("no motivation", {"motivation": " "}, False, {"6.3.1.4 lid 2"},
         why="the decision is motivated in writing"),
    case("no copy", {"copy_to_youth": False}, False, {"6.3.1.4 lid 3"},
         why="a copy goes to the youth"),
    case("complaint rights not told", {"complaint_rights_informed": False}, False,
         {"6.3.1.4 lid 3"}, why="the youth is told about complaints and the confidential adviser"),
    case("copy and complaint rights unknown",
         {"copy_to_youth": None, "complaint_rights_informed": None}, True,
         warned={"6.3.1.4 lid 3"}, why="null is a diligence warning"),
    case("who decided unknown", {"decided_by": None}, True, warned={"6.3.1.4 lid 2"},
         why="the responsible professional decides; not recorded is a warning"),
    # --- searches and tests ---
    case("urine test without suspicion", {"grounded_suspicion": False}, False,
         {"6.3.2.5 lid 1 c"}, kind="onderzoek_urine", why="only on a grounded suspicion"),
    case("body search, suspicion unknown", {"grounded_suspicion": None}, False,
         {"6.3.2.5 lid 1 a"}, kind="onderzoek_lichaam", why="the suspicion must be shown"),
    case("room search in absence", {"youth_present": False}, False, {"6.3.2.5 lid 1 d"},
         kind="onderzoek_kamer", why="only in the youth's presence"),
    case("post search, neither", {"youth_present": None, "grounded_suspicion": False}, False,
         {"6.3.2.5 lid 1 e"}, kind="onderzoek_post", why="no suspicion and presence not shown"),
    case("clothing search in absence", {"youth_present": False}, True,
         kind="onderzoek_kleding", why="presence is required only for room and post (d–e)"),
    # --- informing ---
    case("transfer, GI not informed", {"gi_or_parents_informed": False}, True,
         warned={"6.7.2 lid 1"}, kind="overplaatsing",
         why="a warning: from 16 informing needs the youth's consent"),
    case("medication, informing unknown", {"gi_or_parents_informed": None}, True,
         warned={"6.7.2 lid 1"}, kind="verplichte_behandeling", why="6.3.2.3 obligation"),
    case("visit limit, parents not informed", {"gi_or_parents_informed": False}, True,
         why="6.7.2 does not cover 6.3.2.4 measures"),
    case("in-plan measure running as of", {"end": None}, True, as_of=after(1000 * H),
         why="no legal maximum for a measure in the plan; its term is in the plan"),
    # --- not phased out within the help plan's term: independent advice (6.3.1.5 lid 1) ---
    # The baseline runs from 2026-03-02T14:30 to 2026-03-09T14:30.
    case("ended before the term", {"phase_out_by": "2026-03-10"}, True,
         why="phased out in time: no advice needed"),
    case("ended exactly at the term", {"phase_out_by": "2026-03-09T14:30"}, True,
         why="ending at the term is in time"),
    case("ended a minute after the term, advice not recorded",
         {"phase_out_by": "2026-03-09T14:29"}, True, warned={"6.3.1.5 lid 1"},
         why="not phased out within the term: ask an independent expert; never a violation"),
    case("ended after the term, advice not asked",
         {"phase_out_by": "2026-03-05", "independent_advice": False}, True,
         warned={"6.3.1.5 lid 1"}, why="the advice was not asked: still a warning only"),
    case("ended after the term, with independent advice",
         {"phase_out_by": "2026-03-05", "independent_advice": True}, True,
         why="the advice was asked, as the law requires"),
    case("date term, ended at the midnight after that day",
         {"phase_out_by": "2026-03-08", "end": "2026-03-09T00:00"}, True,
         why="a date term runs to the end of that day"),
    case("date term, ended a minute after that day",
         {"phase_out_by": "2026-03-08", "end": "2026-03-09T00:01"}, True,
         warned={"6.3.1.5 lid 1"}, why="past the end of the term's day"),
    case("running, as of exactly the term", {"end": None, "phase_out_by": "2026-03-05T14:30"},
         True, as_of="2026-03-05T14:30", why="not yet past the term"),
    case("running, as of a minute past the term",
         {"end": None, "phase_out_by": "2026-03-05T14:30"}, True, warned={"6.3.1.5 lid 1"},
         as_of="2026-03-05T14:31", why="still running after the term, no advice recorded"),
    case("running past the term, no as-of", {"end": None, "phase_out_by": "2026-03-05"}, True,
         why="without as-of a running measure is judged on its other fields only"),
    case("advice recorded, no term", {"independent_advice": False}, True,
         why="without the plan's term there is nothing to be late for"),
    case("emergency lock-in past its term", {"phase_out_by": "2026-03-02T15:30"}, True,
         warned={"6.3.1.5 lid 1"}, kind="insluiting",
         why="any measure with a term in the plan; 3 h is within the lock-in's own limit"),
]
# fmt: on


@pytest.mark.parametrize("row", CASES, ids=[row.name for row in CASES])
def test_hand_decided_registration(row: Case) -> None:
    as_of = datetime.fromisoformat(row.as_of) if row.as_of else None
    verdict = check(registration(row.kind, **row.changes), as_of, location_takes=row.takes)
    assert verdict.lawful is row.lawful
    assert {finding.article for finding in verdict.violations} == row.violated
    assert {finding.article for finding in verdict.warnings} == row.warned


def test_case_names_are_unique() -> None:
    assert len({row.name for row in CASES}) == len(CASES)
