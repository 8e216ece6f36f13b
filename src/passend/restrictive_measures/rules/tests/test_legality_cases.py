"""Hand-decided registrations: the lawful baseline of a kind, the fields changed, the verdict.

Each row states what changes from the lawful baseline (``builders.record``), whether the measure
is lawful, the exact set of violated and warned articles, and why. One parametrised test runs them.
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
    why: str,
) -> Case:
    return Case(
        name, changes, lawful, frozenset(violated or ()), frozenset(warned or ()), kind, as_of, why
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
]
# fmt: on


@pytest.mark.parametrize("row", CASES, ids=[row.name for row in CASES])
def test_hand_decided_registration(row: Case) -> None:
    as_of = datetime.fromisoformat(row.as_of) if row.as_of else None
    verdict = check(registration(row.kind, **row.changes), as_of)
    assert verdict.lawful is row.lawful
    assert {finding.article for finding in verdict.violations} == row.violated
    assert {finding.article for finding in verdict.warnings} == row.warned


def test_case_names_are_unique() -> None:
    assert len({row.name for row in CASES}) == len(CASES)
