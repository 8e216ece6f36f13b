"""Matching strategies behind one small registry.

A strategy is a module with ``solve(problem, catalogue, settings) -> Solution``: it only picks a
package per youth (or none). :func:`run` times it and writes the outcome up with the shared rules
(:func:`passend.matching.rules.outcome.assemble`), so every strategy is measured the same way.
Modules load on first use, so the baseline never imports the solver library.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from passend.matching.rules.model import Outcome, Package, Problem
from passend.matching.rules.outcome import assemble, metrics
from passend.matching.rules.packages import Catalogue
from passend.matching.rules.weights import Settings


@dataclass(frozen=True)
class Solution:
    """What a strategy chose (youth id → package) and figures only it can give (bound, gap)."""

    chosen: Mapping[str, Package]
    figures: Mapping[str, float | int | str | None] = field(default_factory=dict)


class Strategy(Protocol):
    def solve(self, problem: Problem, catalogue: Catalogue, settings: Settings) -> Solution: ...


STRATEGIES: dict[str, str] = {
    "greedy": "passend.matching.solvers.greedy",
    "optimal": "passend.matching.solvers.optimal",
}
"""Strategy name → module that implements it (``solve``)."""


def register(name: str, module: str) -> None:
    """Make a strategy available under ``name`` (for plug-ins and tests)."""
    STRATEGIES[name] = module


def strategy(name: str) -> Strategy:
    """The strategy registered under ``name``; ValueError names the known ones."""
    if name not in STRATEGIES:
        raise ValueError(f"unknown strategy {name!r}; known: {', '.join(sorted(STRATEGIES))}")
    return importlib.import_module(STRATEGIES[name])


def run(name: str, problem: Problem, settings: Settings | None = None) -> Outcome:
    """Match with the named strategy and report the outcome with the shared figures.

    ``run_time_seconds`` is the strategy's own time, from the offers to its choice; writing the
    outcome up (explanations, figures) comes on top and is the same for every strategy.
    """
    settings = settings or Settings()
    chosen_strategy = strategy(name)
    started = time.perf_counter()
    catalogue = Catalogue.of(problem.offers)
    solution = chosen_strategy.solve(problem, catalogue, settings)
    elapsed = time.perf_counter() - started
    assignments, unassigned = assemble(problem, catalogue, settings, solution.chosen)
    figures = metrics(problem, assignments, unassigned)
    figures["run_time_seconds"] = round(elapsed, 3)
    figures.update(solution.figures)
    objective = figures["objective"]
    bound = figures.get("bound")
    if isinstance(bound, float) and isinstance(objective, float):
        figures["gap"] = (bound - objective) / bound if bound > 0 else 0.0
    else:
        figures["gap"] = None
    return Outcome(strategy=name, assignments=assignments, unassigned=unassigned, metrics=figures)
