"""The verdicts of one case over time: for each indicator, spans of dates with one result.

The database must answer "the verdicts of all cases as of date D" for any D without the rules
written again in SQL. For a fixed set of events, each indicator's result (verdict, deadline and
reason) as a function of the as-of date is piecewise constant, so :func:`timeline` evaluates the
engine (:func:`.norms.evaluate_case`) once per date on which a result *can* change and merges
consecutive equal results into :class:`Span` rows ``[valid_from, valid_to)``. The importer stores
the spans; a report as of D selects the span of each case and indicator with
``valid_from <= D < valid_to`` (``valid_to`` null: open-ended).

Why the candidate dates are complete
------------------------------------
``evaluate_case(events, as_of)`` depends on ``as_of`` in exactly two ways (read from
:mod:`.norms`; the property test in ``tests/test_timeline.py`` keeps the argument honest):

1. *Visibility.* Only events dated on or before ``as_of`` are seen (``CaseHistory.of``). The set
   of visible events, ``V(as_of)``, changes only on an event's date. Every deadline the rules use
   (protector, course, help, including ``deadline_advanced`` and the GI-informed date or its
   fallback) and every achievement, explanation, end date and note is a function of ``V`` alone.
   The help notes (intakes, waiting lists) are listed "up to ``as_of``" when no help started, but
   that is all visible events, so again a function of ``V``.
2. *Has the deadline passed?* ``judge_deadline`` compares ``deadline >= as_of`` (a deadline equal
   to the as-of date has not passed). With ``V`` fixed the deadline is fixed, so this flips only
   between ``deadline`` and ``deadline + 1 day``. Every deadline compared is also the deadline
   reported in a result (protector deadline: ``protector_timely``; course deadline:
   ``course_timely``; help deadline: ``help_timely``).

No reason text embeds the as-of date itself, so results can be merged over long stretches.

Hence, on an interval of dates where ``V`` is constant (from one event date up to the next), a
result can change only on the day after a deadline reported by the evaluation at the interval's
start. The candidate dates are therefore: the measure date (the first date with a result: before
it the engine refuses the case), every event date after it (events dated before the measure date
are already visible on the measure date), and the day after every deadline reported by an
evaluation, when that day is after the measure date. The last candidate begins an open-ended span:
after it ``V`` no longer changes and every deadline has passed.

:func:`timeline` gathers the day-after-deadline candidates as a fixed point (evaluate, add the new
candidates, repeat until none is new). By point 1, one round suffices: an evaluation on a
day-after-deadline candidate sees the same ``V`` as some evaluation before it and reports only
deadlines already known; a candidate that falls in another interval costs one evaluation and
merges away.

Cost: one evaluation per distinct event date from the measure date on, plus one per distinct
day after a deadline (about 14 for a case of 11 events); the engine's own speed sets the rest
(about 4 ms of CPU per such case, 40 s per 10,000 cases, measured in 2026). Cases are
independent, so an importer can spread them over processes and recompute only changed cases.

Dates before the measure date have no spans: :meth:`CaseTimeline.verdicts_on` returns an empty
mapping for them, just as :func:`.norms.evaluate_cases` leaves out a case whose measure comes later.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from passend.protection.rules.events import CaseEvent, GiInformed, Measure, MeasurePronounced
from passend.protection.rules.norms import (
    Indicator,
    IndicatorResult,
    Verdict,
    evaluate_case,
)

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """One indicator's result on every date from ``valid_from`` up to, not including,
    ``valid_to`` (``None``: on every later date)."""

    indicator: Indicator
    valid_from: date
    valid_to: date | None
    verdict: Verdict
    deadline: date | None
    """The deadline that governs the indicator; the engine always reports one, the type allows
    none so a stored span can say "no deadline" should a future rule have none."""
    reason: str

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    @property
    def result(self) -> IndicatorResult:
        return IndicatorResult(self.verdict, self.deadline, self.reason)


@dataclass(frozen=True)
class CaseTimeline:
    """The spans of all seven indicators of one case, from its measure date onwards.

    The spans of each indicator are contiguous and do not overlap; ``spans`` lists them by
    indicator (in report order), then by ``valid_from``.
    """

    case: str
    gi: str
    region: str
    measure: Measure
    measure_date: date
    gi_informed_on: date | None
    """The earliest GI-informed date, if any: the protector deadline is counted from the measure
    date (and the case flagged) as of any date before it."""
    spans: tuple[Span, ...]

    @cached_property
    def _index(self) -> Mapping[Indicator, tuple[list[date], list[Span]]]:
        """Per indicator, the start dates of its spans (for bisection) and the spans."""
        index: dict[Indicator, tuple[list[date], list[Span]]] = {}
        for span in self.spans:
            starts, spans = index.setdefault(span.indicator, ([], []))
            starts.append(span.valid_from)
            spans.append(span)
        return index

    def spans_of(self, indicator: Indicator) -> tuple[Span, ...]:
        return tuple(self._index.get(indicator, ((), ()))[1])

    def verdicts_on(self, as_of: date) -> dict[Indicator, IndicatorResult]:
        """Each indicator's result as of ``as_of``, equal to what
        ``evaluate_case(events, as_of).indicators`` gives; empty before the measure date (the case
        does not exist yet then)."""
        if as_of < self.measure_date:
            return {}
        results = {}
        for indicator, (starts, spans) in self._index.items():
            results[indicator] = spans[bisect_right(starts, as_of) - 1].result
        return results

    def gi_informed_missing_on(self, as_of: date) -> bool:
        """The flag ``evaluate_case(events, as_of).gi_informed_missing``: no GI-informed date
        known on ``as_of``."""
        return self.gi_informed_on is None or self.gi_informed_on > as_of


def _the_measure(events: Sequence[CaseEvent]) -> MeasurePronounced:
    """The one measure of the one case the events are about; ``ValueError`` otherwise."""
    cases = sorted({event.case for event in events})
    if len(cases) != 1:
        raise ValueError(f"expected the events of one case, got cases {cases}")
    measures = [event for event in events if isinstance(event, MeasurePronounced)]
    if len(measures) != 1:
        raise ValueError(
            f"case {cases[0]!r}: expected one measure pronounced, found {len(measures)}"
        )
    return measures[0]


def timeline(events: Sequence[CaseEvent]) -> CaseTimeline:
    """The timeline of one case: for each indicator, the spans of dates with one result.

    Raises ``ValueError`` unless the events are of one case with exactly one measure pronounced.
    See the module docstring for why the dates evaluated are enough.
    """
    events = tuple(events)
    measure = _the_measure(events)
    start = measure.date
    results: dict[date, Mapping[Indicator, IndicatorResult]] = {}
    candidates = {start} | {event.date for event in events if event.date > start}
    while candidates:
        for day in candidates:
            results[day] = evaluate_case(events, day).indicators
        deadlines = {result.deadline for day in candidates for result in results[day].values()}
        candidates = {
            deadline + ONE_DAY
            for deadline in deadlines
            if deadline + ONE_DAY > start and deadline + ONE_DAY not in results
        }
    days = sorted(results)
    spans = []
    for indicator in Indicator:
        spans += _merged(indicator, days, [results[day][indicator] for day in days])
    informed = [event.date for event in events if isinstance(event, GiInformed)]
    return CaseTimeline(
        case=measure.case,
        gi=measure.gi,
        region=measure.region,
        measure=measure.measure,
        measure_date=start,
        gi_informed_on=min(informed, default=None),
        spans=tuple(spans),
    )


def _merged(indicator: Indicator, days: list[date], results: list[IndicatorResult]) -> list[Span]:
    """Spans from results on ascending ``days``, each result holding until the next day; equal
    consecutive results (verdict, deadline and reason) make one span."""
    spans = []
    begin = 0
    for index in range(1, len(days) + 1):
        if index == len(days) or results[index] != results[begin]:
            result = results[begin]
            spans.append(
                Span(
                    indicator=indicator,
                    valid_from=days[begin],
                    valid_to=days[index] if index < len(days) else None,
                    verdict=result.verdict,
                    deadline=result.deadline,
                    reason=result.reason,
                )
            )
            begin = index
    return spans
