"""A proposed region verdict from the norm figures (DOMAIN §2, "Region verdicts").

The inspectorates judge each child-protection region in one of three ways: *largely succeeded*
(the follow-up supervision is closed), *not succeeded but enough indications of quick
improvement* (regular supervision) and *not succeeded without those indications* (intensified
supervision for half a year). The verdict is the inspector's judgement; this module only proposes
one, from thresholds the inspectorate configures, and says which figures led to it, so the
inspector can see at a glance where the proposal comes from and decide otherwise.

Rules of the proposal (every threshold in :class:`Thresholds`):

- An indicator with fewer than ``min_assessed`` assessed cases is not judged (too few to say
  anything); when no indicator can be judged the proposal is ``insufficient_data``.
- *Largely succeeded*: every judged indicator meets ``succeeded_pct``, except at most
  ``tolerated_shortfalls`` of them, and those still reach ``floor_pct``.
- Otherwise *improving* when a previous period is given and every judged indicator that misses
  ``succeeded_pct`` rose by at least ``improvement_points`` percentage points against it (an
  indicator not judged in the previous period gives no indication of improvement).
- Otherwise *not succeeded*.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from passend.protection.rules.norms import Indicator, IndicatorSummary


class RegionVerdict(StrEnum):
    SUCCEEDED = "succeeded"
    """Largely succeeded: the follow-up supervision is closed."""
    IMPROVING = "improving"
    """Not succeeded, enough indications of quick improvement: regular supervision."""
    NOT_SUCCEEDED = "not_succeeded"
    """Not succeeded, not enough indications: intensified supervision for half a year."""
    INSUFFICIENT_DATA = "insufficient_data"
    """Too few assessed cases to propose anything (a proposal only; never a recorded verdict)."""


RECORDABLE_VERDICTS = (
    RegionVerdict.SUCCEEDED,
    RegionVerdict.IMPROVING,
    RegionVerdict.NOT_SUCCEEDED,
)
"""The verdicts an inspector records."""


@dataclass(frozen=True)
class Thresholds:
    succeeded_pct: float = 85.0
    floor_pct: float = 75.0
    tolerated_shortfalls: int = 1
    improvement_points: float = 5.0
    min_assessed: int = 10

    def __post_init__(self) -> None:
        if not 0 <= self.floor_pct <= self.succeeded_pct <= 100:
            raise ValueError("thresholds need 0 <= floor_pct <= succeeded_pct <= 100")
        if self.tolerated_shortfalls < 0 or self.min_assessed < 1 or self.improvement_points < 0:
            raise ValueError("tolerated shortfalls and improvement must be >= 0, min assessed >= 1")


@dataclass(frozen=True)
class Finding:
    """Why one indicator counts for or against the proposal."""

    indicator: Indicator
    met_pct: float | None
    previous_pct: float | None
    judged: bool
    meets: bool
    improved: bool


@dataclass(frozen=True)
class Proposal:
    verdict: RegionVerdict
    findings: tuple[Finding, ...]

    @property
    def shortfalls(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.judged and not f.meets)


def _judged_pct(summary: IndicatorSummary | None, thresholds: Thresholds) -> float | None:
    if summary is None or summary.assessed < thresholds.min_assessed:
        return None
    return summary.met_pct


def propose(
    current: Mapping[Indicator, IndicatorSummary],
    previous: Mapping[Indicator, IndicatorSummary] | None = None,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, immutable default
) -> Proposal:
    """The proposed verdict for one region from its figures, and the findings behind it."""
    findings = []
    for indicator in Indicator:
        pct = _judged_pct(current.get(indicator), thresholds)
        before = _judged_pct((previous or {}).get(indicator), thresholds)
        meets = pct is not None and pct >= thresholds.succeeded_pct
        improved = (
            pct is not None and before is not None and pct - before >= thresholds.improvement_points
        )
        findings.append(Finding(indicator, pct, before, pct is not None, meets, improved))
    judged = [f for f in findings if f.judged]
    shortfalls = [f for f in judged if not f.meets]
    if not judged:
        verdict = RegionVerdict.INSUFFICIENT_DATA
    elif len(shortfalls) <= thresholds.tolerated_shortfalls and all(
        f.met_pct >= thresholds.floor_pct for f in shortfalls
    ):
        verdict = RegionVerdict.SUCCEEDED
    elif all(f.improved for f in shortfalls):
        verdict = RegionVerdict.IMPROVING
    else:
        verdict = RegionVerdict.NOT_SUCCEEDED
    return Proposal(verdict, tuple(findings))
