"""The region-wide optimiser: the best set of packages for all youth at once, with OR-Tools.

Model (a set packing with capacities):

* one 0/1 variable per candidate package (*column*) of a youth, at most one per youth;
* per offer, the columns that use one of its free places take at most ``free_places`` of them
  (waiting lists have no cap);
* an out-of-region column of a youth without a safety reason (*conditional*) may be chosen only
  while every in-region package that covers as many needs lacks a free place: for each smallest
  set of in-region offers such a package needs free places at
  (:func:`~passend.matching.solvers.candidates.blocking_sets`), one of them must be full;
* maximise the sum of the columns' values: the youth's priority (urgency, days waited) times
  placing value plus package score (:mod:`passend.matching.rules.scoring`).

Steps: search each youth's packages (:mod:`~passend.matching.solvers.candidates`); column
generation on the LP relaxation (GLOP) starting from each youth's best columns; then CP-SAT on
the columns the last LP uses plus each youth's best column without a free place, hinted with the
LP solution. Candidate pruning happens in all three steps; the gap is taken against a bound of
the *unpruned* problem. For capacity prices ``π ≥ 0`` (the LP duals) every package is worth at
most its value minus the prices of the free places it uses, so (Lagrangian duality)

    bound(π) = Σ_youth max(0, best reduced value of all its packages)
               + Σ_offer π · free_places

bounds the LP relaxation of *all* packages, and so every assignment. The search gives the
inner maximum exactly for the packages it expanded and from above for the ways it did not
(:class:`~passend.matching.solvers.candidates.Residual`). The region rule's blocking constraints
are left out of the bound, which only raises it. The best bound over the rounds is reported.

Deterministic: a fixed number of pricing rounds, and CP-SAT with a fixed seed and one worker,
stopped by a deterministic work limit from the time limit (the wall clock, at twice that, is
only a safety net).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from passend.matching.rules.model import Package, Problem
from passend.matching.rules.packages import Catalogue
from passend.matching.rules.weights import Settings
from passend.matching.solvers import Solution
from passend.matching.solvers.candidates import (
    Column,
    Residual,
    Searcher,
    YouthSearch,
    blocking_sets,
)

VALUE_SCALE = 100
"""CP-SAT needs whole numbers: values are multiplied by this and rounded (0.01 precision)."""

PRICING_ROUNDS = 6
"""Rounds of column generation (LP, price every package, add the ones that pay)."""

PRICING_EXPANSIONS = 6
"""Residual ways a youth may expand per round of column generation."""

BLOCKING_SETS_LIMIT = 12
"""A conditional column whose in-region alternatives need more blocking sets than this is left
out of the model (it still counts in the bound)."""

DETERMINISTIC_TIME_PER_SECOND = 1.0
"""CP-SAT's deterministic work limit per second of ``--time-limit``."""

EPSILON = 1e-6


@dataclass
class Pool:
    """The columns in the model, per youth and per offer whose free place they use."""

    columns: list[Column]
    seen: set[tuple[int, tuple[str, ...], frozenset[str]]]

    @classmethod
    def empty(cls) -> Pool:
        return cls(columns=[], seen=set())

    def add(self, column: Column) -> bool:
        key = (column.youth, column.package.offer_ids, column.free)
        if key in self.seen:
            return False
        self.seen.add(key)
        self.columns.append(column)
        return True


def initial_columns(search: YouthSearch, keep: int) -> list[Column]:
    """The youth's ``keep`` best columns, plus its best column that needs no free place."""
    ranked = sorted(search.columns, key=lambda column: -column.value)
    chosen = ranked[:keep]
    spare = next((c for c in ranked if not c.free), None)
    if spare is not None and spare not in chosen:
        chosen.append(spare)
    return chosen


@dataclass(frozen=True)
class Relaxation:
    """One solve of the LP relaxation over the pool."""

    value: float
    prices: dict[str, float]
    """Offer id → price π ≥ 0 of one of its free places (the dual of its capacity row)."""
    youth_prices: list[float]
    """Youth index → the dual of its at-most-one row."""
    solution: list[float]
    """Column position in the pool → its LP value."""


def solve_lp(pool: Pool, youth_count: int, catalogue: Catalogue) -> Relaxation:
    """The LP relaxation over the pool (GLOP)."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    youth_rows = [solver.Constraint(0, 1) for _ in range(youth_count)]
    offer_rows: dict[str, pywraplp.Constraint] = {}
    objective = solver.Objective()
    objective.SetMaximization()
    variables = []
    for column in pool.columns:
        variable = solver.NumVar(0, 1, "")
        variables.append(variable)
        youth_rows[column.youth].SetCoefficient(variable, 1)
        for offer_id in column.free:
            if offer_id not in offer_rows:
                places = catalogue.by_id[offer_id].free_places
                offer_rows[offer_id] = solver.Constraint(0, places)
            offer_rows[offer_id].SetCoefficient(variable, 1)
        objective.SetCoefficient(variable, column.value)
    solver.Solve()
    return Relaxation(
        value=objective.Value(),
        prices={key: max(0.0, row.dual_value()) for key, row in offer_rows.items()},
        youth_prices=[max(0.0, row.dual_value()) for row in youth_rows],
        solution=[variable.solution_value() for variable in variables],
    )


def reduced(column: Column, prices: dict[str, float]) -> float:
    """The column's value minus the prices of the free places it uses."""
    return column.value - sum(prices.get(offer_id, 0.0) for offer_id in column.free)


def lagrangian_bound(
    searches: list[YouthSearch], prices: dict[str, float], catalogue: Catalogue
) -> float:
    """bound(π) of the module docstring, over every package of every youth."""
    total = sum(price * catalogue.by_id[offer_id].free_places for offer_id, price in prices.items())
    for search in searches:
        best = max((reduced(column, prices) for column in search.columns), default=0.0)
        for residual in search.residuals:
            best = max(best, residual_bound(residual, prices))
        total += max(0.0, best)
    return total


def residual_bound(residual: Residual, prices: dict[str, float]) -> float:
    """A residual's bound less the price of the primary's free place it would use."""
    return residual.bound - (prices.get(residual.primary.id, 0.0) if residual.free else 0.0)


def best_reduced(search: YouthSearch, prices: dict[str, float]) -> Column | None:
    return max(search.columns, key=lambda c: reduced(c, prices), default=None)


def price_youth(search: YouthSearch, searcher: Searcher, prices: dict[str, float]) -> None:
    """Tighten the youth's residuals, best bound under these prices first, while one could beat
    its best column: refine a bound first, expand only a refined one (at most
    ``PRICING_EXPANSIONS`` per round)."""
    column = best_reduced(search, prices)
    best = max(0.0, reduced(column, prices)) if column else 0.0
    expansions = 0
    search.residuals.sort(key=lambda r: residual_bound(r, prices))
    while search.residuals and residual_bound(search.residuals[-1], prices) > best + EPSILON:
        residual = search.residuals.pop()
        if not residual.refined:
            refined = searcher.refine(search, residual)
            bisect.insort(search.residuals, refined, key=lambda r: residual_bound(r, prices))
            continue
        if expansions == PRICING_EXPANSIONS:
            search.residuals.append(residual)
            return
        expansions += 1
        before = len(search.columns)
        searcher.expand(search, search.wanted, residual.primary, residual.free)
        for column in search.columns[before:]:
            best = max(best, reduced(column, prices))


def price_out(
    searches: list[YouthSearch],
    searcher: Searcher,
    prices: dict[str, float],
    youth_prices: list[float],
) -> list[Column]:
    """Columns worth adding to the LP: each youth's best column under these prices, if it pays
    more than the youth's price."""
    found = []
    for search in searches:
        price_youth(search, searcher, prices)
        column = best_reduced(search, prices)
        if column and reduced(column, prices) > youth_prices[search.index] + EPSILON:
            found.append(column)
    return found


def blocking(
    pool: Pool,
    positions: list[int],
    searches: list[YouthSearch],
    catalogue: Catalogue,
    settings: Settings,
) -> dict[int, list[frozenset[str]] | None]:
    """Blocking sets per conditional column among these pool positions."""
    cache: dict[tuple[int, int], list[frozenset[str]] | None] = {}
    found = {}
    for position in positions:
        column = pool.columns[position]
        if not column.conditional:
            continue
        key = (column.youth, column.covered)
        if key not in cache:
            youth = searches[column.youth].youth
            cache[key] = blocking_sets(
                youth, catalogue, settings, column.covered, BLOCKING_SETS_LIMIT
            )
        found[position] = cache[key]
    return found


def model_columns(pool: Pool, lp: Relaxation, searches: list[YouthSearch]) -> list[int]:
    """Pool positions the MIP gets: those the LP uses, and per youth its best column that
    needs no free place (always feasible, so the youth is never left out for lack of one)."""
    used = {position for position, value in enumerate(lp.solution) if value > EPSILON}
    spare: dict[int, int] = {}
    for position, column in enumerate(pool.columns):
        if column.free:
            continue
        best = spare.get(column.youth)
        if best is None or column.value > pool.columns[best].value:
            spare[column.youth] = position
    return sorted(used | set(spare.values()))


def solve_model(
    pool: Pool,
    positions: list[int],
    hint: list[float],
    sets: dict[int, list[frozenset[str]] | None],
    catalogue: Catalogue,
    settings: Settings,
) -> tuple[list[Column], str]:
    """CP-SAT over these pool positions; the chosen columns and the solver status."""
    model = cp_model.CpModel()
    chosen = {
        position: model.NewBoolVar(f"x{position}")
        for position in positions
        if not pool.columns[position].conditional or sets.get(position) is not None
    }
    per_youth: dict[int, list] = defaultdict(list)
    per_offer: dict[str, list] = defaultdict(list)
    for position, variable in chosen.items():
        column = pool.columns[position]
        per_youth[column.youth].append(variable)
        for offer_id in column.free:
            per_offer[offer_id].append(variable)
        model.AddHint(variable, hint[position] > 1 - EPSILON)
    for variables in per_youth.values():
        model.AddAtMostOne(variables)
    for offer_id, variables in per_offer.items():
        model.Add(sum(variables) <= catalogue.by_id[offer_id].free_places)
    full: dict[str, cp_model.IntVar] = {}

    def is_full(offer_id: str) -> cp_model.IntVar:
        if offer_id not in full:
            full[offer_id] = model.NewBoolVar(f"full_{offer_id}")
            places = catalogue.by_id[offer_id].free_places
            model.Add(sum(per_offer.get(offer_id, [])) >= places).OnlyEnforceIf(full[offer_id])
        return full[offer_id]

    for position, variable in chosen.items():
        column = pool.columns[position]
        for needed in sets.get(position) or []:
            others = sorted(needed.difference(column.free))
            if others:
                model.Add(variable <= sum(is_full(offer_id) for offer_id in others))
            else:
                model.Add(variable == 0)
    model.Maximize(
        sum(
            round(pool.columns[position].value * VALUE_SCALE) * variable
            for position, variable in chosen.items()
        )
    )
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = settings.seed
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = (
        settings.time_limit_seconds * DETERMINISTIC_TIME_PER_SECOND
    )
    solver.parameters.max_time_in_seconds = settings.time_limit_seconds * 2
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [], solver.StatusName(status)
    picked = [pool.columns[p] for p, variable in chosen.items() if solver.Value(variable)]
    return picked, solver.StatusName(status)


def solve(problem: Problem, catalogue: Catalogue, settings: Settings) -> Solution:
    """The optimiser (see module docstring)."""
    searcher = Searcher(catalogue, settings, problem.as_of)
    searches = [searcher.search(index, youth) for index, youth in enumerate(problem.youth)]
    pool = Pool.empty()
    for search in searches:
        for column in initial_columns(search, settings.candidates_per_youth):
            pool.add(column)
    bound = float("inf")
    for _ in range(PRICING_ROUNDS):
        lp = solve_lp(pool, len(searches), catalogue)
        added = [
            c for c in price_out(searches, searcher, lp.prices, lp.youth_prices) if pool.add(c)
        ]
        bound = min(bound, lagrangian_bound(searches, lp.prices, catalogue))
        if not added:
            break
        lp = solve_lp(pool, len(searches), catalogue)
    positions = model_columns(pool, lp, searches)
    sets = blocking(pool, positions, searches, catalogue, settings)
    picked, status = solve_model(pool, positions, lp.solution, sets, catalogue, settings)
    chosen: dict[str, Package] = {
        problem.youth[column.youth].id: column.package for column in picked
    }
    return Solution(
        chosen=chosen,
        figures={
            "bound": bound,
            "lp_value_candidates": lp.value,
            "columns": len(pool.columns),
            "model_columns": len(positions),
            "solver_status": status,
        },
    )
