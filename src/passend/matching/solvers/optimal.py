"""The region-wide optimiser: the best set of packages for all youth at once, with OR-Tools.

Model (a set packing with capacities):

* one 0/1 variable per candidate package (*column*) of a youth, at most one per youth; the
  packages are those the hard rules allow, the two rules of fit included (a need covered; out
  of region only on the primary's free place, :mod:`passend.matching.rules.hard`);
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
(residuals). The region rule's blocking constraints are left out of the bound, which only
raises it. The best bound over the rounds is reported.

Speed: columns and residuals live in arrays as well as objects, so pricing every column and
residual of every youth, and the bound, are a few vector operations per round; only the youth
whose residuals could pay are searched further (in Python). The LP is built from arrays with
OR-Tools' model builder and solved from scratch each round (GLOP's warm start after adding
columns is slower than a fresh solve here); it starts lean (each youth's best three columns and
its best column without a free place) and each round adds, per youth, the two columns that pay
most. Column generation stops once the LP over the pool is within ``PRICING_GAP`` of the bound:
the final model then lies within about that of the bound too. CP-SAT gets the full
linearisation of the model (``linearization_level`` 2), which makes this set packing easy for
it: it proves its optimum over the model's columns in well under a second.

Deterministic: the stopping rules of column generation only look at values, never at the clock;
CP-SAT runs with a fixed seed and one worker, stopped by a deterministic work limit from the
time limit (the wall clock, at twice that, is only a safety net).
"""

from __future__ import annotations

import heapq
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver.python import model_builder_helper as mb
from ortools.sat.python import cp_model

from passend.matching.rules.model import Problem
from passend.matching.rules.packages import Catalogue
from passend.matching.rules.weights import Settings
from passend.matching.solvers import Solution
from passend.matching.solvers.candidates import Column, Searcher, YouthSearch, blocking_sets

VALUE_SCALE = 100
"""CP-SAT needs whole numbers: values are multiplied by this and rounded (0.01 precision)."""

PRICING_ROUNDS = 30
"""At most this many LP solves in column generation."""

PRICING_GAP = 0.005
"""Column generation stops once the LP over the pool is within this share of the bound of the
unpruned problem (or when no column pays any more)."""

PRICING_EXPANSIONS = 6
"""Residual ways a youth may expand per round of column generation."""

INITIAL_COLUMNS = 3
"""Columns per youth in the first LP, best value first (plus the best without a free place).
Three rather than two since out-of-region columns all use free places (the rules of fit): on
the national benchmark the LP then needs 7 rounds instead of 9, about 10% less time."""

COLUMNS_PER_ROUND = 2
"""Columns a youth may add to the LP per round: those that pay most. Few per round keeps the
LP small, and a small LP solves many times faster."""

BLOCKING_SETS_LIMIT = 12
"""A conditional column whose in-region alternatives need more blocking sets than this is left
out of the model (it still counts in the bound)."""

DETERMINISTIC_TIME_PER_SECOND = 1.0
"""CP-SAT's deterministic work limit per second of ``--time-limit``."""

EPSILON = 1e-6

LAST_RUN: dict[str, float | int] = {}
"""Phase timings (wall seconds) and counts of the last :func:`solve` in this process, for the
benchmark; not part of the outcome, which must not depend on the clock."""


class Store:
    """Every column found so far, as objects and as arrays: value, youth, the offers whose free
    place it uses (catalogue positions, padded with the offer count, whose price is 0) and
    whether the LP has it."""

    def __init__(self, offer_count: int, width: int) -> None:
        self.columns: list[Column] = []
        self.initial: list[bool] = []
        self.padding = offer_count
        self.width = width
        self.value = np.zeros(0)
        self.youth = np.zeros(0, dtype=np.int64)
        self.slots = np.zeros((0, width), dtype=np.int64)
        self.in_pool = np.zeros(0, dtype=bool)

    def add(self, columns: list[Column], in_pool: list[bool] | None = None) -> None:
        self.columns.extend(columns)
        self.initial.extend(in_pool or [False] * len(columns))

    def sync(self) -> None:
        """Bring the arrays up to date with the objects."""
        new = self.columns[len(self.value) :]
        if not new:
            return
        slots = np.full((len(new), self.width), self.padding, dtype=np.int64)
        for row, column in enumerate(new):
            slots[row, : len(column.slots)] = column.slots
        self.value = np.concatenate([self.value, [c.value for c in new]])
        self.youth = np.concatenate([self.youth, np.array([c.youth for c in new], dtype=np.int64)])
        self.slots = np.concatenate([self.slots, slots])
        self.in_pool = np.concatenate(
            [self.in_pool, np.array(self.initial[len(self.in_pool) :], dtype=bool)]
        )

    def reduced(self, prices: np.ndarray) -> np.ndarray:
        """Each column's value minus the prices of the free places it uses."""
        return self.value - prices[self.slots].sum(axis=1)


@dataclass
class Residuals:
    """Every youth's unexpanded ways, flat and youth by youth: the primary offer (catalogue
    position), free place or not, bound, refined or not, still unexpanded or not."""

    youth: np.ndarray
    way: np.ndarray
    offer: np.ndarray
    free: np.ndarray
    bound: np.ndarray
    refined: np.ndarray
    alive: np.ndarray

    @classmethod
    def of(cls, searches: list[YouthSearch]) -> Residuals:
        found = [s for s in searches if s.form is not None and len(s.residual_ways)]

        def joined(parts: list[np.ndarray], dtype) -> np.ndarray:
            return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

        sizes = [len(s.residual_ways) for s in found]
        return cls(
            youth=np.repeat(np.array([s.index for s in found], dtype=np.int64), sizes),
            way=joined([s.residual_ways for s in found], np.int64),
            offer=joined([s.form.offer[s.residual_ways] for s in found], np.int64),
            free=joined([s.form.free[s.residual_ways] for s in found], bool),
            bound=joined([s.residual_bounds for s in found], np.float64),
            refined=joined([s.residual_refined for s in found], bool),
            alive=np.ones(sum(sizes), dtype=bool),
        )

    def reduced(self, prices: np.ndarray) -> np.ndarray:
        """Each residual's bound less the price of the primary's free place it would use
        (minus infinity once expanded)."""
        value = self.bound - np.where(self.free, prices[self.offer], 0.0)
        return np.where(self.alive, value, -np.inf)


def per_youth_max(youth: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """Per youth the largest of its values (minus infinity without any)."""
    best = np.full(count, -np.inf)
    np.maximum.at(best, youth, values)
    return best


@dataclass(frozen=True)
class Relaxation:
    """One solve of the LP relaxation over the pool."""

    value: float
    prices: np.ndarray
    """Catalogue position (plus the padding) → price π ≥ 0 of one of its free places."""
    youth_prices: np.ndarray
    """Youth index → the dual of its at-most-one row (0 without a row)."""
    solution: np.ndarray
    """Column position in the pool → its LP value."""


def solve_lp(pool: np.ndarray, store: Store, youth_count: int, capacity: np.ndarray) -> Relaxation:
    """The LP relaxation over these store positions (GLOP, built from arrays)."""
    helper = mb.ModelBuilderHelper()
    count = len(pool)
    helper.add_var_array_with_bounds(np.zeros(count), np.ones(count), np.zeros(count, bool), "")
    variables = [mb.Variable(helper, index) for index in range(count)]
    rows: list[tuple[bool, int]] = []

    def add_rows(keys: np.ndarray, members: np.ndarray, of_youth: bool) -> None:
        if not len(keys):
            return
        order = np.argsort(keys, kind="stable")
        keys, members = keys[order], members[order]
        distinct, starts = np.unique(keys, return_index=True)
        ends = np.append(starts[1:], len(keys))
        for key, start, end in zip(distinct.tolist(), starts.tolist(), ends.tolist(), strict=True):
            row = helper.add_linear_constraint()
            helper.set_constraint_lower_bound(row, 0.0)
            helper.set_constraint_upper_bound(row, 1.0 if of_youth else float(capacity[key]))
            chosen = members[start:end].tolist()
            helper.add_terms_to_constraint(row, [variables[i] for i in chosen], [1.0] * len(chosen))
            rows.append((of_youth, key))

    add_rows(store.youth[pool], np.arange(count), True)
    slots = store.slots[pool]
    used = slots != store.padding
    add_rows(slots[used], np.nonzero(used)[0], False)
    helper.set_objective_coefficients(list(range(count)), store.value[pool].tolist())
    helper.set_maximize(True)
    solver = mb.ModelSolverHelper("glop")
    solver.solve(helper)
    prices = np.zeros(store.padding + 1)
    youth_prices = np.zeros(youth_count)
    if not count:
        return Relaxation(0.0, prices, youth_prices, np.zeros(0))
    duals = np.maximum(solver.dual_values(), 0.0).tolist()
    for (of_youth, key), dual in zip(rows, duals, strict=True):
        if of_youth:
            youth_prices[key] = dual
        else:
            prices[key] = dual
    return Relaxation(solver.objective_value(), prices, youth_prices, solver.variable_values())


@dataclass
class Pricing:
    """Column generation over the searches: the store, the residuals and the LP pool."""

    searcher: Searcher
    searches: list[YouthSearch]
    store: Store
    residuals: Residuals
    capacity: np.ndarray
    timings: dict[str, float] = field(default_factory=dict)

    def bound(self, prices: np.ndarray) -> float:
        """bound(π) of the module docstring, over every package of every youth."""
        count = len(self.searches)
        best = np.maximum(
            per_youth_max(self.store.youth, self.store.reduced(prices), count),
            per_youth_max(self.residuals.youth, self.residuals.reduced(prices), count),
        )
        return float(np.dot(prices[:-1], self.capacity) + np.maximum(best, 0.0).sum())

    def price(self, prices: np.ndarray) -> None:
        """Search further the youth whose residuals could beat their best column under these
        prices: refine a bound first, expand only a refined one (at most
        ``PRICING_EXPANSIONS`` per youth)."""
        count = len(self.searches)
        floor = np.maximum(per_youth_max(self.store.youth, self.store.reduced(prices), count), 0.0)
        residuals = self.residuals
        values = residuals.reduced(prices)
        open_ = np.flatnonzero(values > floor[residuals.youth] + EPSILON)
        if len(open_):
            youth = residuals.youth[open_]
            cuts = np.flatnonzero(np.diff(youth)) + 1
            starts = [0, *cuts.tolist()]
            ends = [*cuts.tolist(), len(open_)]
            members = open_.tolist()
            bounds = values[open_].tolist()
            for start, end in zip(starts, ends, strict=True):
                who = int(youth[start])
                heap = [(-bounds[i], members[i]) for i in range(start, end)]
                self.price_youth(who, float(floor[who]), heap, prices)
        self.store.sync()

    def price_youth(
        self, youth: int, best: float, heap: list[tuple[float, int]], prices: np.ndarray
    ) -> None:
        """Refine or expand this youth's residuals (``heap``: minus reduced bound, position)
        best first while one could beat ``best``, its best reduced value so far."""
        residuals, search, searcher = self.residuals, self.searches[youth], self.searcher
        offers = searcher.catalogue.offers
        heapq.heapify(heap)
        expansions = 0
        while heap and -heap[0][0] > best + EPSILON:
            _, i = heapq.heappop(heap)
            if not residuals.refined[i]:
                bound = searcher.refine_bound(search, int(residuals.way[i]), residuals.bound[i])
                residuals.bound[i] = bound
                residuals.refined[i] = True
                price = prices[residuals.offer[i]] if residuals.free[i] else 0.0
                heapq.heappush(heap, (price - bound, i))
                continue
            if expansions == PRICING_EXPANSIONS:
                return
            expansions += 1
            residuals.alive[i] = False
            added = searcher.expand(
                search, search.wanted, offers[int(residuals.offer[i])], bool(residuals.free[i])
            )
            if added:
                new = search.columns[-added:]
                self.store.add(new)
                for column in new:
                    best = max(best, column.value - sum(prices[slot] for slot in column.slots))

    def grow_pool(self, lp: Relaxation) -> int:
        """Add to the LP pool, per youth, the ``COLUMNS_PER_ROUND`` columns outside it that pay
        most over the youth's price; returns how many it added."""
        store = self.store
        reduced = store.reduced(lp.prices)
        paying = np.flatnonzero(~store.in_pool & (reduced > lp.youth_prices[store.youth] + EPSILON))
        if not len(paying):
            return 0
        paying = paying[np.lexsort((paying, -reduced[paying], store.youth[paying]))]
        youth = store.youth[paying]
        rank = np.arange(len(paying)) - np.searchsorted(youth, youth, side="left")
        chosen = paying[rank < COLUMNS_PER_ROUND]
        store.in_pool[chosen] = True
        return len(chosen)

    def timed(self, name: str, started: float) -> float:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + now - started
        return now


def initial_columns(search: YouthSearch, keep: int) -> list[Column]:
    """The youth's ``keep`` best columns, plus its best column that needs no free place."""
    ranked = sorted(search.columns, key=lambda column: -column.value)
    chosen = ranked[:keep]
    spare = next((c for c in ranked if not c.free), None)
    if spare is not None and spare not in chosen:
        chosen.append(spare)
    return chosen


def blocking(
    columns: list[Column],
    searches: list[YouthSearch],
    catalogue: Catalogue,
    settings: Settings,
) -> dict[int, list[frozenset[str]] | None]:
    """Blocking sets per conditional column (by position in ``columns``)."""
    cache: dict[tuple[int, int], list[frozenset[str]] | None] = {}
    found = {}
    for position, column in enumerate(columns):
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


def model_columns(store: Store, pool: np.ndarray, lp: Relaxation) -> tuple[np.ndarray, np.ndarray]:
    """Store positions the MIP gets, with their LP values: those the LP uses, and per youth its
    best column that needs no free place (always feasible, so the youth is never left out for
    lack of one)."""
    used = pool[lp.solution > EPSILON]
    waiting = np.flatnonzero((store.slots == store.padding).all(axis=1))
    spare = np.zeros(0, dtype=np.int64)
    if len(waiting):
        waiting = waiting[np.lexsort((waiting, -store.value[waiting], store.youth[waiting]))]
        youth = store.youth[waiting]
        spare = waiting[np.searchsorted(youth, youth, side="left") == np.arange(len(youth))]
    positions = np.union1d(used, spare)
    hint = np.zeros(len(store.value))
    hint[pool] = lp.solution
    return positions, hint[positions]


def solve_model(
    columns: list[Column],
    hint: np.ndarray,
    sets: dict[int, list[frozenset[str]] | None],
    catalogue: Catalogue,
    settings: Settings,
) -> tuple[list[Column], str]:
    """CP-SAT over these columns; the chosen columns and the solver status."""
    model = cp_model.CpModel()
    chosen = {
        position: model.NewBoolVar(f"x{position}")
        for position, column in enumerate(columns)
        if not column.conditional or sets.get(position) is not None
    }
    per_youth: dict[int, list] = defaultdict(list)
    per_offer: dict[str, list] = defaultdict(list)
    for position, variable in chosen.items():
        column = columns[position]
        per_youth[column.youth].append(variable)
        for offer_id in column.free:
            per_offer[offer_id].append(variable)
        model.AddHint(variable, bool(hint[position] > 1 - EPSILON))
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
        column = columns[position]
        for needed in sets.get(position) or []:
            others = sorted(needed.difference(column.free))
            if others:
                model.Add(variable <= sum(is_full(offer_id) for offer_id in others))
            else:
                model.Add(variable == 0)
    model.Maximize(
        sum(round(columns[position].value * VALUE_SCALE) * var for position, var in chosen.items())
    )
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = settings.seed
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    solver.parameters.max_deterministic_time = (
        settings.time_limit_seconds * DETERMINISTIC_TIME_PER_SECOND
    )
    solver.parameters.max_time_in_seconds = settings.time_limit_seconds * 2
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [], solver.StatusName(status)
    picked = [columns[p] for p, variable in chosen.items() if solver.Value(variable)]
    return picked, solver.StatusName(status)


def solve(problem: Problem, catalogue: Catalogue, settings: Settings) -> Solution:
    """The optimiser (see module docstring)."""
    started = time.perf_counter()
    searcher = Searcher(catalogue, settings, problem.as_of)
    searches = [searcher.search(index, youth) for index, youth in enumerate(problem.youth)]
    store = Store(len(catalogue.offers), settings.max_complements + 1)
    for search in searches:
        first = {id(column) for column in initial_columns(search, INITIAL_COLUMNS)}
        store.add(search.columns, [id(column) in first for column in search.columns])
    store.sync()
    pricing = Pricing(
        searcher=searcher,
        searches=searches,
        store=store,
        residuals=Residuals.of(searches),
        capacity=np.array([offer.free_places for offer in catalogue.offers], dtype=np.float64),
    )
    now = pricing.timed("search", started)
    bound = float("inf")
    rounds = 0
    while True:
        pool = np.flatnonzero(store.in_pool)
        lp = solve_lp(pool, store, len(searches), pricing.capacity)
        rounds += 1
        now = pricing.timed("lp", now)
        pricing.price(lp.prices)
        bound = min(bound, pricing.bound(lp.prices))
        done = bound - lp.value <= PRICING_GAP * bound or rounds == PRICING_ROUNDS
        added = 0 if done else pricing.grow_pool(lp)
        now = pricing.timed("pricing", now)
        if not added:
            break
    positions, hint = model_columns(store, pool, lp)
    columns = [store.columns[p] for p in positions.tolist()]
    sets = blocking(columns, searches, catalogue, settings)
    now = pricing.timed("model", now)
    picked, status = solve_model(columns, hint, sets, catalogue, settings)
    pricing.timed("cp_sat", now)
    LAST_RUN.clear()
    LAST_RUN.update({name: round(seconds, 3) for name, seconds in pricing.timings.items()})
    LAST_RUN.update(
        lp_rounds=rounds,
        columns_found=len(store.columns),
        residuals=len(pricing.residuals.way),
    )
    return Solution(
        chosen={problem.youth[column.youth].id: column.package for column in picked},
        figures={
            "bound": bound,
            "lp_value_candidates": lp.value,
            "columns": len(pool),
            "model_columns": len(columns),
            "solver_status": status,
        },
    )
