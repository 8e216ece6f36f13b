"""What works instead: the pedagogical alternatives tried before or instead of a measure.

Professionals lack pedagogical alternatives and the time to learn what works instead, and
insights are barely shared between organisations (DOMAIN §4, report 004). When a measure is
considered or registered, staff record each alternative tried, in which situation, and whether it
worked (:class:`AlternativeTried`); :func:`what_worked` pools those records across locations into
one view: per situation, which alternatives were tried and how often they worked.

The law asks that no measure be applied unless no less burdensome alternative suffices (Youth Act
6.3.1.2 lid 1 a); the registration's ``alternatives_considered`` records that weighing as free
text for the legality check. These records are the structured, comparable counterpart.

Codes are lower-case ASCII and stable (DOMAIN §8 conventions); labels are English source strings
marked for translation, like :mod:`passend.vocabulary`, so this module stays free of Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def _(text: str) -> str:
    """Mark a label for translation without importing Django (xgettext picks up ``_``)."""
    return text


SITUATIONS: dict[str, str] = {
    "agressie": _("Aggression"),
    "zelfbeschadiging": _("Self-harm"),
    "weglopen": _("Running away"),
    "middelengebruik": _("Substance use"),
    "conflict_groep": _("Conflict in the group"),
    "seksueel_grensoverschrijdend": _("Sexually transgressive behaviour"),
    "overig": _("Other situation"),
}
"""The situation in which a measure was considered."""

ALTERNATIVES: dict[str, str] = {
    "de_escalerend_gesprek": _("De-escalating conversation"),
    "time_out_vrijwillig": _("Voluntary time-out"),
    "extra_begeleiding": _("Extra supervision by staff"),
    "activiteit_buiten": _("Activity outside"),
    "contact_vertrouwenspersoon": _("Contact with a trusted person"),
    "contact_netwerk": _("Contact with family or informal network"),
    "aanpassing_dagprogramma": _("Adjusted day programme"),
    "overig": _("Other alternative"),
}
"""The pedagogical alternative tried instead of (or before) a measure."""

MINIMUM_OUTCOMES_FOR_SHARE = 10
"""The share that worked is given only from 10 tries with a known outcome.

Passend's choice: below that a share says more about chance than about the alternative ("1 of 1
worked: 100%"). It equals the small-number threshold of :mod:`passend.statistics`, but serves
reliability, not disclosure: the records name no youth. When the counts are shown outside the
organisation that owns them, the shell still applies :func:`passend.statistics.suppressed`.
"""


@dataclass(frozen=True)
class AlternativeTried:
    """One alternative tried in one situation at one location, and whether it worked.

    ``registration_id`` links it to the measure that followed (or was considered); ``None`` when
    the alternative worked and no measure was registered. ``worked`` is ``None`` while unknown.
    """

    registration_id: str | None
    location: str
    situation: str
    alternative: str
    worked: bool | None

    def __post_init__(self) -> None:
        if self.situation not in SITUATIONS:
            raise ValueError(f"unknown situation {self.situation!r}")
        if self.alternative not in ALTERNATIVES:
            raise ValueError(f"unknown alternative {self.alternative!r}")
        if not self.location.strip():
            raise ValueError("location must not be blank")


@dataclass(frozen=True)
class AlternativeOutcome:
    """How one alternative fared in one situation, over every location."""

    situation: str
    alternative: str
    tried: int
    worked: int
    did_not_work: int
    unknown: int
    locations: int
    """Distinct locations where it was tried: a result from one location is one team's."""

    @property
    def known(self) -> int:
        return self.worked + self.did_not_work

    @property
    def share_worked(self) -> float | None:
        """Worked / (worked + did not work), rounded to 0.01; ``None`` below
        :data:`MINIMUM_OUTCOMES_FOR_SHARE` known outcomes. Unknown outcomes are left out."""
        if self.known < MINIMUM_OUTCOMES_FOR_SHARE:
            return None
        return round(self.worked / self.known, 2)


def what_worked(records: Iterable[AlternativeTried]) -> tuple[AlternativeOutcome, ...]:
    """Per situation and alternative tried: how often it was tried and worked, across locations.

    Situations in code-list order; within a situation the alternatives with a share first, highest
    share first, then by times tried (most first), then in code-list order. Only combinations that
    were tried appear.
    """
    groups: dict[tuple[str, str], list[AlternativeTried]] = {}
    for record in records:
        groups.setdefault((record.situation, record.alternative), []).append(record)
    outcomes = [
        AlternativeOutcome(
            situation=situation,
            alternative=alternative,
            tried=len(tries),
            worked=sum(1 for record in tries if record.worked is True),
            did_not_work=sum(1 for record in tries if record.worked is False),
            unknown=sum(1 for record in tries if record.worked is None),
            locations=len({record.location for record in tries}),
        )
        for (situation, alternative), tries in groups.items()
    ]
    situation_order = {code: index for index, code in enumerate(SITUATIONS)}
    alternative_order = {code: index for index, code in enumerate(ALTERNATIVES)}

    def order(outcome: AlternativeOutcome) -> tuple[int, bool, float, int, int]:
        share = outcome.share_worked
        return (
            situation_order[outcome.situation],
            share is None,
            -(share or 0.0),
            -outcome.tried,
            alternative_order[outcome.alternative],
        )

    return tuple(sorted(outcomes, key=order))
