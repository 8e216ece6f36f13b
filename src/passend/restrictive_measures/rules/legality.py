"""The legality check of one freedom-restricting measure (DOMAIN §9, decision rules).

:func:`check` applies Youth Act chapter 6 (``passend.law.JEUGDWET``, in force from 1 Jan 2025) to
one :class:`~.registration.Registration`, whatever its date, and returns a :class:`Verdict`: the
violations (the measure was unlawful) and the warnings (diligence the law asks for is not
recorded, or the measure needs attention). Every rule is one function below, with the rule in its
docstring and the article it applies; :data:`YOUTH_ACT_RULES` and :data:`CARE_ACT_RULES` list
them in the order of the law.

How fields are read, where DOMAIN §9 leaves it open:

- A field that is a *condition* of lawfulness (authorisation, in the help plan, the grounds of
  *no, unless*, the written motivation, the emergency of a lock-in, a safe room, a grounded
  suspicion, the youth's presence) must be shown: ``null`` is a violation, as for ``false``.
- A field that records *diligence* (duration told, copy, complaint rights, the scientist's
  assessment of a lock-in, who decided, informing the GI or parents, the birth date) gives a
  warning when ``null``; ``false`` is a violation where §9 says so.
- The emergency exception (6.3.1.2 lid 3) is available only in a closed accommodation; elsewhere
  ``emergency`` true does not excuse a measure outside the help plan.
- In open care every §6.3 rule is still applied beside the setting violation, so the verdict
  shows everything that was wrong; for ``wzd`` and ``wvggz`` only the rules of those acts apply.
- A kind outside DOMAIN §8 is judged as an unlisted, prohibited kind (:func:`~.kinds.kind_of`):
  a violation of 6.3.1.1 lid 3, with the rules that do not depend on the kind.

One fact does not travel in the registration: the authorisation types the location takes. The
shell that knows the location passes them (``location_takes``); the file check has none.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from passend.law import JEUGDWET, WET_VERPLICHTE_GGZ, WET_ZORG_EN_DWANG, Act, Citation

from .kinds import MeasureKind
from .parameters import (
    EMERGENCY_MAXIMUM,
    EMERGENCY_UNTIL_CONSENT,
    INFORMING_CONSENT_AGE,
    LOCAL_TIME,
    LOCK_IN_EXTENDED_MAXIMUM,
    LOCK_IN_MAXIMUM,
    LOCK_IN_MINIMUM_AGE,
    Period,
)
from .registration import Authorisation, Registration, Setting, instant, term_end

CLOSED_CARE = Citation(JEUGDWET, "6.3.1.1")
AUTHORISATION = Citation(JEUGDWET, "6.3.1.1", "1")
REGISTERED_ACCOMMODATION = Citation(JEUGDWET, "6.2.2", "1")
NO_LESS_BURDENSOME_ALTERNATIVE = Citation(JEUGDWET, "6.3.1.2", "1", "a")
PROPORTIONATE = Citation(JEUGDWET, "6.3.1.2", "1", "b")
EXPECTED_EFFECTIVE = Citation(JEUGDWET, "6.3.1.2", "1", "c")
INDIVIDUAL = Citation(JEUGDWET, "6.3.1.2")
IN_HELP_PLAN = Citation(JEUGDWET, "6.3.1.2", "2")
DECISION_WRITTEN = Citation(JEUGDWET, "6.3.1.4", "2")
DECISION_COPY = Citation(JEUGDWET, "6.3.1.4", "3")
PHASE_OUT = Citation(JEUGDWET, "6.3.1.4", "4")
PHASE_OUT_ADVICE = Citation(JEUGDWET, "6.3.1.5", "1")
LOCK_IN_CONDITIONS = Citation(JEUGDWET, "6.3.2.2", "2")
LOCK_IN_ASSESSMENT = Citation(JEUGDWET, "6.3.2.2", "4")
LOCK_IN_ENDED_BY_SCIENTIST = Citation(JEUGDWET, "6.3.2.2", "5")
SAFE_ROOM = Citation(JEUGDWET, "6.3.2.2", "1", "f")
DURATION_TOLD = Citation(JEUGDWET, "6.3.2.2", "7")
INFORMING = Citation(JEUGDWET, "6.7.2", "1")

CARE_ACTS: dict[Setting, Act] = {Setting.WZD: WET_ZORG_EN_DWANG, Setting.WVGGZ: WET_VERPLICHTE_GGZ}
"""Settings where another act than the Youth Act governs restrictions."""


def location_register(act: Act) -> Citation:
    """The act's public register of locations for involuntary care.

    The reference set holds no text of the Wzd or Wvggz, so these citations name the act and the
    subject instead of guessing an article number.
    """
    return Citation(act, "locatieregister")


def legal_basis_of(act: Act) -> Citation:
    """The act's grounds for involuntary care (e.g. a care authorisation or crisis measure)."""
    return Citation(act, "rechtsgrond")


@dataclass(frozen=True)
class Finding:
    """Something wrong with a registration: the article and a plain sentence with the numbers.

    ``article`` is the Youth Act article (``"6.3.2.2 lid 3"``); for another act it starts with
    the act's name (``"Wzd locatieregister"``).
    """

    article: str
    message: str

    @classmethod
    def citing(cls, citation: Citation, message: str) -> Finding:
        article = str(citation) if citation.act == JEUGDWET else citation.label
        return cls(article, message)


@dataclass(frozen=True)
class Verdict:
    """The legality of one registration: lawful if, and only if, there are no violations."""

    violations: tuple[Finding, ...]
    warnings: tuple[Finding, ...]

    @property
    def lawful(self) -> bool:
        return not self.violations


class Severity(Enum):
    VIOLATION = "violation"
    WARNING = "warning"


Outcome = tuple[Severity, Finding]
Rule = Callable[["Measure"], Iterator[Outcome]]


def violation(citation: Citation, message: str) -> Outcome:
    return Severity.VIOLATION, Finding.citing(citation, message)


def warning(citation: Citation, message: str) -> Outcome:
    return Severity.WARNING, Finding.citing(citation, message)


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on ``day``; a 29 February birthday counts from 1 March in other years."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def hours_text(duration: timedelta) -> str:
    """A duration as hours and minutes (and seconds, only when there are any): ``12 h 1 min``."""
    seconds = int(duration.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours} h"
    if minutes or seconds:
        text += f" {minutes} min"
    if seconds:
        text += f" {seconds} s"
    return text


def local_minutes(moment: datetime) -> str:
    """A date-time as Dutch wall-clock time to the minute: ``2026-03-02T14:30``."""
    return f"{instant(moment).astimezone(LOCAL_TIME):%Y-%m-%dT%H:%M}"


@dataclass(frozen=True)
class Measure:
    """A registration with what the rules derive from it, as of a reference moment.

    ``location_takes`` holds the authorisation types the location is recorded as taking, when
    the caller knows them (``None``: not known, as for a file).
    """

    registration: Registration
    as_of: datetime | None = None
    location_takes: frozenset[Authorisation] | None = None

    @property
    def kind(self) -> MeasureKind:
        return self.registration.measure_kind

    @property
    def until(self) -> datetime | None:
        """Where the duration is measured to: the end, or ``as_of`` while the measure runs."""
        return self.registration.end or self.as_of

    @property
    def duration(self) -> timedelta | None:
        """Elapsed time from start to end (or to ``as_of`` while running); ``None`` if unknown.

        A running measure without ``as_of``, or with ``as_of`` before its start, has no known
        duration and is judged on its other fields only.
        """
        if self.until is None:
            return None
        elapsed = instant(self.until) - instant(self.registration.start)
        return elapsed if elapsed >= timedelta(0) else None

    @property
    def lasted(self) -> str:
        """How long the measure lasted, in words: ``lasted 25 h`` or ``has been running for …``."""
        assert self.duration is not None
        if self.registration.end is None:
            assert self.as_of is not None
            as_of = f"{self.as_of:%Y-%m-%dT%H:%M}"
            return f"has been running for {hours_text(self.duration)} as of {as_of}"
        return f"lasted {hours_text(self.duration)}"

    def exceeds(self, period: Period) -> bool:
        return self.duration is not None and self.duration > period.duration

    @property
    def start_date(self) -> date:
        """The Dutch calendar date of the start."""
        return instant(self.registration.start).astimezone(LOCAL_TIME).date()

    @property
    def age_at_start(self) -> int | None:
        birth_date = self.registration.birth_date
        return None if birth_date is None else age_on(birth_date, self.start_date)

    @property
    def emergency(self) -> bool:
        """Applied to avert an emergency, where the exception exists: in a closed accommodation."""
        return self.registration.emergency is True and self.registration.setting == Setting.GESLOTEN

    @property
    def emergency_outside_plan(self) -> bool:
        """Under the emergency exception (6.3.1.2 lid 3–5), not a lock-in (6.3.2.2 lid 3–4)."""
        return (
            self.emergency
            and self.registration.in_help_plan is not True
            and not self.kind.lock_in
            and not self.kind.prohibited
        )

    @property
    def maximum(self) -> Period | None:
        """The legal maximum duration that applies, if any."""
        if self.kind.lock_in:
            extended = self.registration.behavioural_scientist_extension is True
            return LOCK_IN_EXTENDED_MAXIMUM if extended else LOCK_IN_MAXIMUM
        return EMERGENCY_MAXIMUM if self.emergency_outside_plan else None


def _missing(text: str | None) -> bool:
    return text is None or not text.strip()


def _yes_required(
    value: bool | None, citation: Citation, *, if_false: str, if_unknown: str
) -> Iterator[Outcome]:
    """``false`` is a violation, ``null`` a warning (diligence not recorded)."""
    if value is False:
        yield violation(citation, if_false)
    elif value is None:
        yield warning(citation, if_unknown)


# --- Setting and authorisation (6.3.1.1) -------------------------------------------------------


def closed_care_authorisation(measure: Measure) -> Iterator[Outcome]:
    """Measures only for a youth with a closed-care authorisation (6.3.1.1 lid 1).

    The authorisations are those of 6.1.2 (*machtiging*), 6.1.3 (*spoedmachtiging*) and 6.1.4
    (*voorwaardelijke machtiging*). ``geen`` is a violation; an authorisation not recorded is a
    warning, because a youth in a registered closed accommodation stays there on one (6.2.2).
    """
    authorisation = measure.registration.authorisation
    if authorisation == Authorisation.GEEN:
        yield violation(
            AUTHORISATION,
            "The youth has no closed-care authorisation; freedom-restricting measures may be "
            "applied only to a youth with a machtiging, spoedmachtiging or voorwaardelijke "
            "machtiging.",
        )
    elif authorisation is None:
        yield warning(
            AUTHORISATION,
            "The youth's closed-care authorisation is not recorded; measures may be applied only "
            "to a youth with one.",
        )


def authorisation_taken_by_location(measure: Measure) -> Iterator[Outcome]:
    """The youth's authorisation is one the location takes (6.2.1 lid 1 with 6.2.2 lid 1).

    An authorisation is carried out only in a closed accommodation registered under 6.2.1
    (6.2.2 lid 1), and Passend records per location the authorisation types it admits on. An
    authorisation outside them means the location's record or the registration is wrong, or the
    youth stays where the authorisation is not carried out: a warning to look into, not a
    violation, because the public register itself does not list types. Judged only when the
    location's types are known and recorded, and for an authorisation other than ``geen`` (a
    violation of its own, :func:`closed_care_authorisation`).
    """
    authorisation = measure.registration.authorisation
    takes = measure.location_takes
    if not takes or authorisation in (None, Authorisation.GEEN) or authorisation in takes:
        return
    taken = ", ".join(sorted(takes))
    yield warning(
        REGISTERED_ACCOMMODATION,
        f"The youth's authorisation ({authorisation}) is not one the location is recorded as "
        f"taking ({taken}); check the authorisation and the location's record: an "
        "authorisation is carried out only in a closed accommodation registered for it.",
    )


def closed_accommodation(measure: Measure) -> Iterator[Outcome]:
    """Measures only during the stay in a closed accommodation (6.3.1.1, 6.3.2.1–6.3.2.5).

    Open youth care may apply no freedom-restricting measure at all: not with consent, not as a
    condition of admission, not through house rules. Under a conditional authorisation (6.1.4)
    the §6.3.2 measures apply only once the youth is admitted to the closed accommodation.
    """
    if measure.registration.setting != Setting.OPEN:
        return
    if measure.registration.authorisation == Authorisation.VOORWAARDELIJKE_MACHTIGING:
        message = (
            "The youth has a conditional authorisation but was not admitted to a closed "
            "accommodation; freedom-restricting measures apply only once the youth is admitted."
        )
    else:
        message = (
            "The measure was applied in open youth care; freedom-restricting measures are "
            "allowed only during a stay in a closed accommodation, never in open care, not even "
            "with consent or through house rules."
        )
    yield violation(CLOSED_CARE, message)


def allowed_kind(measure: Measure) -> Iterator[Outcome]:
    """Only the measures of 6.3.2.1–6.3.2.5 may be applied (6.3.1.1 lid 3).

    A kind outside DOMAIN §8 is not among them. Nor is lock-in in the youth's own bedroom: a
    lock-in is allowed only in a separate and safe room (6.3.2.2 lid 1 f), and a stay in the own
    room only without locking it (lid 1 e). Both are unlawful whatever the emergency, consent or
    duration.
    """
    if not measure.kind.listed:
        yield violation(
            measure.kind.citation,
            f"The measure '{measure.kind.code}' is not one the law allows: in a closed "
            "accommodation only the measures of articles 6.3.2.1 to 6.3.2.5 may be applied.",
        )
    elif measure.kind.prohibited:
        yield violation(
            measure.kind.citation,
            "The youth was locked in their own bedroom, which is prohibited: a lock-in is allowed "
            "only in a separate and safe room (6.3.2.2 lid 1 f), and the own room may not be "
            "locked (6.3.2.2 lid 1 e).",
        )


# --- No, unless (6.3.1.2 lid 1) ----------------------------------------------------------------


def no_less_burdensome_alternative(measure: Measure) -> Iterator[Outcome]:
    """No measure unless no less burdensome alternative suffices (6.3.1.2 lid 1 a).

    ``alternatives_considered`` lists the alternatives weighed and found insufficient; an empty
    or missing list means the weighing is not recorded. This holds in an emergency too.
    """
    alternatives = measure.registration.alternatives_considered or ()
    if all(_missing(alternative) for alternative in alternatives):
        yield violation(
            NO_LESS_BURDENSOME_ALTERNATIVE,
            "No less burdensome alternatives are recorded as weighed; a measure may be applied "
            "only when no less burdensome alternative suffices.",
        )


def proportionate(measure: Measure) -> Iterator[Outcome]:
    """No measure unless it is proportionate to its aim (6.3.1.2 lid 1 b); the ground is written."""
    if _missing(measure.registration.proportionality):
        yield violation(
            PROPORTIONATE,
            "No ground is recorded why the measure is proportionate to its aim.",
        )


def expected_effective(measure: Measure) -> Iterator[Outcome]:
    """No measure unless it can reasonably be expected to work (6.3.1.2 lid 1 c)."""
    if _missing(measure.registration.expected_effective):
        yield violation(
            EXPECTED_EFFECTIVE,
            "No ground is recorded why the measure can reasonably be expected to be effective.",
        )


# --- Individual and in the help plan (6.3.1.2 lid 1–3) -----------------------------------------


def individual(measure: Measure) -> Iterator[Outcome]:
    """A measure is decided for this youth, never imposed on a group or by house rules (6.3.1.2).

    The *no, unless* test of lid 1 and the help plan of lid 2 are individual. House rules on
    order, visiting times and the control of visitors and objects (6.2.4, 6.3.2.4 lid 6) are not
    measures and are not registered.
    """
    if measure.registration.generic is True:
        yield violation(
            INDIVIDUAL,
            "The measure applies to a whole group or is part of the house rules; a "
            "freedom-restricting measure must be decided for the individual youth.",
        )


def in_help_plan(measure: Measure) -> Iterator[Outcome]:
    """Only a measure in the youth's help plan may be applied (6.3.1.2 lid 2) …

    … unless it is temporarily necessary to avert an emergency in a closed accommodation (lid 3).
    A measure not recorded as in the plan counts as outside it.
    """
    registration = measure.registration
    if registration.in_help_plan is True or measure.emergency:
        return
    recorded = "is not in" if registration.in_help_plan is False else "is not recorded as in"
    message = f"The measure {recorded} the youth's help plan and was not applied in an emergency."
    if registration.emergency is True:
        message = (
            f"The measure {recorded} the youth's help plan; the emergency exception of "
            "6.3.1.2 lid 3 applies only in a closed accommodation."
        )
    yield violation(IN_HELP_PLAN, message)


# --- Emergency outside the help plan (6.3.1.2 lid 3–5) -----------------------------------------


def emergency_at_most_three_days(measure: Measure) -> Iterator[Outcome]:
    """An emergency measure outside the help plan lasts at most three consecutive days.

    6.3.1.2 lid 4: 72 hours, inclusive. To continue it, the responsible professional considers
    putting it in the help plan (lid 6). A lock-in has its own, shorter limit (6.3.2.2 lid 3).
    """
    if measure.emergency_outside_plan and measure.exceeds(EMERGENCY_MAXIMUM):
        yield violation(
            EMERGENCY_MAXIMUM.source,
            f"The emergency measure outside the help plan {measure.lasted}; at most "
            f"{EMERGENCY_MAXIMUM.hours} h (three consecutive days) is allowed. To continue it, "
            "it must be put in the help plan (6.3.1.2 lid 6).",
        )


def emergency_consent_after_twelve_hours(measure: Measure) -> Iterator[Outcome]:
    """Beyond twelve hours, an emergency measure outside the help plan needs a scientist's consent.

    6.3.1.2 lid 5: continuing past 12 hours needs the consent of a qualified behavioural scientist
    (``behavioural_scientist_consent`` true); without it the measure ends. Exactly 12 hours is
    within the limit. For a lock-in, lid 4 of 6.3.2.2 replaces this rule.
    """
    if not (measure.emergency_outside_plan and measure.exceeds(EMERGENCY_UNTIL_CONSENT)):
        return
    consent = measure.registration.behavioural_scientist_consent
    if consent is not True:
        how = (
            "although the qualified behavioural scientist refused consent"
            if consent is False
            else "without the recorded consent of a qualified behavioural scientist"
        )
        yield violation(
            EMERGENCY_UNTIL_CONSENT.source,
            f"The emergency measure outside the help plan {measure.lasted} {how}; beyond "
            f"{EMERGENCY_UNTIL_CONSENT.hours} h it may continue only with that consent.",
        )


# --- Lock-in (6.3.2.2) -------------------------------------------------------------------------


def lock_in_minimum_age(measure: Measure) -> Iterator[Outcome]:
    """A lock-in only for a youth aged twelve or older on the day it starts (6.3.2.2 lid 2).

    Without a birth date the age cannot be verified: a warning.
    """
    if not measure.kind.lock_in:
        return
    age = measure.age_at_start
    minimum = LOCK_IN_MINIMUM_AGE
    if age is None:
        yield warning(
            minimum.source,
            f"The youth's birth date is not recorded, so it cannot be verified that the youth was "
            f"{minimum.years} or older when the lock-in started.",
        )
    elif age < minimum.years:
        yield violation(
            minimum.source,
            f"The youth was {age} when the lock-in started on {measure.start_date.isoformat()}; "
            f"a lock-in is allowed only from age {minimum.years}.",
        )


def lock_in_emergency_only(measure: Measure) -> Iterator[Outcome]:
    """A lock-in only to avert an emergency (6.3.2.2 lid 2 with 6.3.1.2 lid 3).

    This holds whether or not the lock-in is in the help plan; the emergency exception exists
    only in a closed accommodation.
    """
    if measure.kind.lock_in and not measure.emergency:
        yield violation(
            LOCK_IN_CONDITIONS,
            "The lock-in was not applied to avert an emergency in a closed accommodation; a "
            "lock-in is allowed only then.",
        )


def lock_in_at_most_one_day(measure: Measure) -> Iterator[Outcome]:
    """A lock-in lasts at most one day, or two when extended once (6.3.2.2 lid 3).

    One day is 24 hours, inclusive; a qualified behavioural scientist may extend it once by at
    most one day (``behavioural_scientist_extension`` true: 48 hours). Consent to continue is not
    an extension.
    """
    if not measure.kind.lock_in:
        return
    maximum = measure.maximum
    assert maximum is not None
    if measure.exceeds(maximum):
        extended = maximum == LOCK_IN_EXTENDED_MAXIMUM
        allowed = (
            f"at most {maximum.hours} h is allowed with the one extension"
            if extended
            else f"at most {maximum.hours} h is allowed without an extension by a qualified "
            f"behavioural scientist ({LOCK_IN_EXTENDED_MAXIMUM.hours} h with one)"
        )
        yield violation(maximum.source, f"The lock-in {measure.lasted}; {allowed}.")


def lock_in_scientist_assessment(measure: Measure) -> Iterator[Outcome]:
    """A qualified behavioural scientist judges a lock-in as soon as possible (6.3.2.2 lid 4–5).

    ``behavioural_scientist_consent`` false (the scientist found the lock-in not necessary and
    suitable) is unlawful, because the lock-in must then end at once (lid 5); not recorded is a
    warning that the assessment of lid 4 is missing.
    """
    if not measure.kind.lock_in:
        return
    consent = measure.registration.behavioural_scientist_consent
    if consent is False:
        yield violation(
            LOCK_IN_ENDED_BY_SCIENTIST,
            "A qualified behavioural scientist did not consent to the lock-in; it must then end "
            "immediately.",
        )
    elif consent is None:
        yield warning(
            LOCK_IN_ASSESSMENT,
            "No assessment of the lock-in by a qualified behavioural scientist is recorded; one "
            "must judge as soon as possible whether it is necessary and suitable.",
        )


def lock_in_safe_room(measure: Measure) -> Iterator[Outcome]:
    """A lock-in only in a separate and safe room (6.3.2.2 lid 1 f, room rules under lid 6).

    The room must meet every requirement of the Besluit Jeugdwet; not recorded as compliant is a
    violation.
    """
    if measure.kind.lock_in and measure.registration.safe_room_compliant is not True:
        recorded = (
            "does not meet"
            if measure.registration.safe_room_compliant is False
            else "is not recorded as meeting"
        )
        yield violation(
            SAFE_ROOM,
            f"The room used for the lock-in {recorded} the requirements for a separate and safe "
            "room.",
        )


# --- Duration told, decision, searches, informing ----------------------------------------------


def duration_told(measure: Measure) -> Iterator[Outcome]:
    """The youth is told the duration beforehand, for 6.3.2.2 lid 1 b–f (6.3.2.2 lid 7)."""
    if measure.kind.duration_told:
        yield from _yes_required(
            measure.registration.youth_informed_duration,
            DURATION_TOLD,
            if_false="The youth was not told the duration of the measure beforehand.",
            if_unknown="It is not recorded whether the youth was told the duration of the "
            "measure beforehand.",
        )


def written_motivation(measure: Measure) -> Iterator[Outcome]:
    """The decision is written and motivated in writing (6.3.1.4 lid 2), in an emergency too."""
    if _missing(measure.registration.motivation):
        yield violation(DECISION_WRITTEN, "The decision has no written motivation.")


def responsible_professional(measure: Measure) -> Iterator[Outcome]:
    """The responsible professional (*jeugdhulpverantwoordelijke*) decides (6.3.1.4 lid 1–2).

    Who decided is diligence the registration should show: not recorded is a warning.
    """
    if _missing(measure.registration.decided_by):
        yield warning(
            DECISION_WRITTEN,
            "It is not recorded which responsible professional (jeugdhulpverantwoordelijke) "
            "took the decision.",
        )


def copy_to_youth(measure: Measure) -> Iterator[Outcome]:
    """The youth is handed a copy of the decision (6.3.1.4 lid 3)."""
    yield from _yes_required(
        measure.registration.copy_to_youth,
        DECISION_COPY,
        if_false="The youth was not handed a copy of the decision.",
        if_unknown="It is not recorded whether the youth was handed a copy of the decision.",
    )


def complaint_rights_informed(measure: Measure) -> Iterator[Outcome]:
    """The youth is told in writing of the right to complain and the confidential adviser.

    6.3.1.4 lid 3: as soon as possible, about the complaint procedure and the advice and support
    of the *vertrouwenspersoon*.
    """
    yield from _yes_required(
        measure.registration.complaint_rights_informed,
        DECISION_COPY,
        if_false="The youth was not told about the right to complain and the confidential adviser.",
        if_unknown="It is not recorded whether the youth was told about the right to complain "
        "and the confidential adviser.",
    )


def grounded_suspicion(measure: Measure) -> Iterator[Outcome]:
    """Searches and tests only on a grounded suspicion (6.3.2.5 lid 1 a–e).

    The suspicion is of behaviour-altering substances or of objects the youth may not have.
    """
    if measure.kind.search and measure.registration.grounded_suspicion is not True:
        yield violation(
            measure.kind.citation,
            f"The {measure.kind.label.lower()} was done without a recorded grounded suspicion of "
            "drugs or forbidden objects.",
        )


def search_in_presence(measure: Measure) -> Iterator[Outcome]:
    """Room and post searches only in the youth's presence (6.3.2.5 lid 1 d–e)."""
    if measure.kind.in_presence and measure.registration.youth_present is not True:
        yield violation(
            measure.kind.citation,
            f"The {measure.kind.label.lower()} was not recorded as done in the youth's presence.",
        )


def gi_or_parents_informed(measure: Measure) -> Iterator[Outcome]:
    """The GI or the parents are informed of transfers, lock-ins and 6.3.2.3 obligations (6.7.2).

    Lid 1 names the GI when it carries out a child-protection measure, otherwise the parents or
    foster parents. A warning, never a violation: from age 16 informing needs the youth's consent
    (lid 3), and the registration does not say whether it was withheld.
    """
    if not measure.kind.inform_gi_or_parents or measure.registration.gi_or_parents_informed:
        return
    age = measure.age_at_start
    recorded = (
        "were not informed"
        if measure.registration.gi_or_parents_informed is False
        else "are not recorded as informed"
    )
    consent_age = INFORMING_CONSENT_AGE.years
    needs_consent = f"from age {consent_age} this needs the youth's consent, 6.7.2 lid 3"
    if age is None:
        why = needs_consent
    elif age >= consent_age:
        why = f"the youth was {age}: {needs_consent}"
    else:
        why = f"the youth was {age}: under {consent_age} no consent is needed"
    yield warning(
        INFORMING,
        f"The GI or the parents {recorded} of the {measure.kind.label.lower()} ({why}).",
    )


def phase_out(measure: Measure) -> Iterator[Outcome]:
    """A measure is phased out as soon as possible, with the youth (6.3.1.4 lid 4).

    Applied where the law bounds the measure: a lock-in or an emergency measure outside the help
    plan that is still running as of the reference moment, within its maximum, gets a warning
    with the time used and left. (Past the maximum the duration rule gives a violation; past the
    term of the help plan, :func:`independent_advice_on_phasing_out`.)
    """
    maximum = measure.maximum
    running = measure.registration.end is None and measure.duration is not None
    if maximum is None or not running or measure.exceeds(maximum):
        return
    assert measure.duration is not None
    used = hours_text(measure.duration)
    left = hours_text(maximum.duration - measure.duration)
    yield warning(
        PHASE_OUT,
        f"The {measure.kind.label.lower()} is still running after {used} as of "
        f"{measure.as_of:%Y-%m-%dT%H:%M}, of at most {maximum.hours} h ({left} left); it must be "
        "phased out as soon as possible.",
    )


def independent_advice_on_phasing_out(measure: Measure) -> Iterator[Outcome]:
    """Not phased out within the help plan's term: ask an independent expert (6.3.1.5 lid 1).

    "Indien het niet lukt de toepassing van een vrijheidsbeperkende maatregel voor afloop van de
    in artikel 6.2.10, eerste lid, onderdeel d, bedoelde termijn af te bouwen, vraagt de
    jeugdhulpverantwoordelijke advies over het afbouwen van die maatregel aan een niet bij de
    jeugdhulp betrokken onafhankelijke deskundige." The term is ``phase_out_by`` (a date runs to
    the end of that day). The measure is past it when it ended after it, or has no end and
    ``as_of`` is after it; ending exactly at the term is in time. Then ``independent_advice``
    other than true is a warning, never a violation: the law asks for advice, not for the
    measure to stop. Without a term, or for a running measure without ``as_of``, nothing is
    tested.
    """
    registration = measure.registration
    term, until = registration.phase_out_by, measure.until
    if term is None or until is None or instant(until) <= term_end(term):
        return
    if registration.independent_advice is True:
        return
    shown = local_minutes(term) if isinstance(term, datetime) else term.isoformat()
    if registration.end is None:
        when = f"is still running as of {local_minutes(until)}"
    else:
        when = f"ended at {local_minutes(until)}"
    advice = (
        "no advice on phasing it out was asked"
        if registration.independent_advice is False
        else "no advice on phasing it out is recorded"
    )
    yield warning(
        PHASE_OUT_ADVICE,
        f"The measure {when}, past {shown}, the term in the help plan by which it was to be "
        f"phased out; {advice} from an independent expert not involved in the youth's help.",
    )


# --- Wzd and Wvggz -----------------------------------------------------------------------------


def location_registered(measure: Measure) -> Iterator[Outcome]:
    """Involuntary care under the Wzd or Wvggz only at a location in the public register."""
    act = CARE_ACTS[measure.registration.setting]
    if measure.registration.location_registered is not True:
        yield violation(
            location_register(act),
            f"The location is not recorded as entered in the public location register; under the "
            f"{act.short_name} restrictions are allowed only at a registered location.",
        )


def legal_basis(measure: Measure) -> Iterator[Outcome]:
    """Involuntary care under the Wzd or Wvggz only on a legal basis of that act.

    For example a court authorisation (Wzd) or a care authorisation or crisis measure (Wvggz);
    the basis is free text, so only its absence is checked.
    """
    act = CARE_ACTS[measure.registration.setting]
    if _missing(measure.registration.legal_basis):
        yield violation(
            legal_basis_of(act),
            f"No legal basis under the {act.short_name} is recorded; restrictions need one.",
        )


YOUTH_ACT_RULES: tuple[Rule, ...] = (
    closed_care_authorisation,
    authorisation_taken_by_location,
    closed_accommodation,
    allowed_kind,
    no_less_burdensome_alternative,
    proportionate,
    expected_effective,
    individual,
    in_help_plan,
    emergency_at_most_three_days,
    emergency_consent_after_twelve_hours,
    lock_in_minimum_age,
    lock_in_emergency_only,
    lock_in_at_most_one_day,
    lock_in_scientist_assessment,
    lock_in_safe_room,
    duration_told,
    written_motivation,
    responsible_professional,
    copy_to_youth,
    complaint_rights_informed,
    grounded_suspicion,
    search_in_presence,
    gi_or_parents_informed,
    phase_out,
    independent_advice_on_phasing_out,
)
"""The rules of Youth Act §6.3 and §6.7, for settings ``open`` and ``gesloten``."""

CARE_ACT_RULES: tuple[Rule, ...] = (location_registered, legal_basis)
"""The rules for ``wzd`` and ``wvggz``, where the Youth Act §6.3 does not apply."""


def check(
    registration: Registration,
    as_of: datetime | None = None,
    *,
    location_takes: Collection[Authorisation] | None = None,
) -> Verdict:
    """The legality of one registered measure, as of ``as_of`` for a measure still running.

    ``as_of`` without a UTC offset is Dutch wall-clock time. Without it, a running measure is
    judged on its other fields only. ``location_takes``: the authorisation types the location is
    recorded as taking, when known.
    """
    takes = None if location_takes is None else frozenset(map(Authorisation, location_takes))
    measure = Measure(registration, as_of, takes)
    rules = CARE_ACT_RULES if registration.setting in CARE_ACTS else YOUTH_ACT_RULES
    outcomes = [outcome for rule in rules for outcome in rule(measure)]
    return Verdict(
        violations=tuple(finding for kind, finding in outcomes if kind is Severity.VIOLATION),
        warnings=tuple(finding for kind, finding in outcomes if kind is Severity.WARNING),
    )
