"""The verdicts of one case over time: for each indicator, spans of dates with one result.

The database must answer "the verdicts of all cases as of date D" for any D without the rules
written again in SQL. For a fixed set of events, each indicator's result (verdict, deadline and
reason) as a function of the as-of date is piecewise constant, so :func:`timeline` evaluates the
engine's rules (:data:`.norms.INDICATOR_RULES`, as :func:`.norms.evaluate_case` does) on the dates
on which a result *can* change and merges consecutive equal results into :class:`Span` rows
``[valid_from, valid_to)``. The importer stores the spans; a report as of D selects the span of
each case and indicator with ``valid_from <= D < valid_to`` (``valid_to`` null: open-ended).

Why the dates evaluated are enough
----------------------------------
``evaluate_case(events, as_of)`` depends on ``as_of`` in exactly two ways, and on the events as
point 3 says (read from :mod:`.norms`; the property tests in ``tests/test_timeline.py`` keep the
argument honest, down to comparing every span with the engine evaluated on every single day):

1. *Visibility.* Only events dated on or before ``as_of`` are seen (``CaseHistory.of``). The set
   of visible events, ``V(as_of)``, changes only on an event's date. Every deadline the rules use
   (protector, course, help, including ``deadline_advanced`` and the GI-informed date or its
   fallback) and every achievement, explanation, end date and note is a function of ``V`` alone.
   The help notes (intakes, waiting lists) are listed "up to ``as_of``" when no help started, but
   that is all visible events, so again a function of ``V``.
2. *Has the deadline passed?* The only comparison with ``as_of`` is in ``judge_deadline``:
   ``deadline >= as_of`` (a deadline equal to the as-of date has not passed), and when it holds
   the result is ``pending`` with that deadline. With ``V`` fixed the deadline is fixed, so the
   comparison flips only once, from ``deadline`` to ``deadline + 1 day``.
3. *What a rule reads.* The rules read the visible events only through
   :meth:`.norms.CaseHistory.of_type` (one event type at a time, and what is derived from it),
   and :meth:`.norms.CaseHistory.judge` records which types a rule read. A rule that read none
   of the types of the events that become visible on an event date follows the same path on
   the same values there, so its result is unchanged, except for the comparison of point 2.

No reason text embeds the as-of date itself, so results can be merged over long stretches.

Hence, on an interval of dates where ``V`` is constant (from one event date up to the next), an
indicator's result is either not ``pending`` on the interval's first day, and then the same on
every day of the interval (the comparison is false and stays false, or is never reached), or
``pending`` with a deadline ``d`` and the same until ``d``, then, from ``d + 1`` if that is still
in the interval, whatever the rule says on ``d + 1`` (which is not ``pending``: the comparison is
false from then on; the loop in :func:`timeline` would follow another pending result all the
same). So :func:`timeline` judges every rule on the measure date (the first date with a result:
before it the engine refuses the case) and on every later event date (events dated before the
measure date are already visible on the measure date), except, by point 3, a rule that read
none of the new events' types and whose latest result is not pending with a deadline before
that date: it keeps its latest result. It judges a rule once more on the day after the deadline
of a pending result when that lies before the next event date. The last interval is
open-ended: after its last change nothing changes any more.

Judging the rules directly instead of through :func:`.norms.evaluate_case` saves work that does
not change the result: the events are sorted once (the events visible on a date are a prefix
of the canonical order, :func:`.norms.canonical_order`), and the judgements on the day after a
deadline use :meth:`.norms.CaseHistory.on`, which keeps what was derived from the same visible
events.

Cost: a generated case of about 8 events has about 7 event dates; of the 7 × 7 judgements
there, about 4 in 10 are needed, plus 2 or 3 on days after a deadline: about 0.5 ms of CPU (it
was about 14 full evaluations, 2 to 4 ms, before). Cases are independent, so an importer can
spread them over processes and recompute only changed cases.

Dates before the measure date have no spans: :meth:`CaseTimeline.verdicts_on` returns an empty
mapping for them, just as :func:`.norms.evaluate_cases` leaves out a case whose measure comes later.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from passend.protection.rules.events import CaseEvent, GiInformed, Measure, MeasurePronounced
from passend.protection.rules.norms import (
    INDICATOR_RULES,
    ONE_DAY,
    CaseHistory,
    Indicator,
    IndicatorResult,
    Verdict,
    canonical_order,
)

_RULES = tuple((indicator, INDICATOR_RULES[indicator]) for indicator in Indicator)
"""The rule of each indicator, in report order (iterating the enum each time costs)."""
_PENDING = Verdict.PENDING


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
    ordered = canonical_order(events)
    dates = [event.date for event in ordered]
    starts = [start, *sorted({day for day in dates if day > start})]
    # Per indicator, where its result changes: (first day, result), merged as they come; and
    # its latest result with the event types the rule read for it.
    changes: list[list[tuple[date, IndicatorResult]]] = [[] for _ in _RULES]
    latest: list[tuple[IndicatorResult, frozenset[type]] | None] = [None for _ in _RULES]
    for number, begin in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else None
        visible = bisect_right(dates, begin)
        new_types = {type(event) for event in ordered[bisect_left(dates, begin) : visible]}
        # CaseHistory.of(events, begin) without sorting again: the visible events are a prefix.
        history = CaseHistory(as_of=begin, measure=measure, events=ordered[:visible])
        later: dict[date, CaseHistory] = {}
        for index, (_, rule) in enumerate(_RULES):
            points, previous = changes[index], latest[index]
            day = begin
            if (
                number
                and previous is not None
                and not previous[1] & new_types
                and (previous[0].verdict is not _PENDING or previous[0].deadline >= begin)
            ):
                # Point 3: none of the events the rule read changed, nor did the comparison.
                result, reads = previous
            else:
                result, reads = history.judge(rule)
            while True:
                if not points or points[-1][1] != result:
                    points.append((day, result))
                # Point 2: before the next event date only a pending result changes, and only
                # on the day after its deadline.
                if result.verdict is not _PENDING:
                    break
                day = result.deadline + ONE_DAY
                if end is not None and day >= end:
                    break
                if day not in later:
                    later[day] = history.on(day)
                result, reads = later[day].judge(rule)
            latest[index] = result, reads
    spans = [
        Span(
            indicator=indicator,
            valid_from=day,
            valid_to=points[index + 1][0] if index + 1 < len(points) else None,
            verdict=result.verdict,
            deadline=result.deadline,
            reason=result.reason,
        )
        for (indicator, _), points in zip(_RULES, changes, strict=True)
        for index, (day, result) in enumerate(points)
    ]
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
