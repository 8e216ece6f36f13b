"""The ``passend match`` file format: reading and checking the input, writing the output.

Input and output are described in the issue and DOMAIN §3. Reading collects *every* error with
its JSON path (``youth[3].needs[1]: unknown need 'x'``) before giving up, so a care broker fixes a
file in one go. Optional fields beyond the required ones: ``current_offers`` on a youth;
``inspection_status`` and ``education`` on an offer. ``staff_ratio`` is staff per youth on the
group, as a number (``0.25``) or a ratio string (``"1:4"``); both mean one staff member per four
youth. Python's JSON reader accepts ``NaN`` and ``Infinity``, which are not JSON; any number that
is not finite is refused wherever it stands, as it would otherwise pass for a number
(``staff_ratio: Infinity`` would make an offer small-scale).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from passend.matching.rules.hard import region_of
from passend.matching.rules.model import (
    INSPECTION_STATUSES,
    URGENCIES,
    Assignment,
    Offer,
    Outcome,
    Problem,
    Unassigned,
    Youth,
)
from passend.vocabulary import CARE_FORMS, NEEDS

RATIO = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class InputError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InvalidInput(ValueError):
    """The input breaks the format; ``errors`` lists every problem found."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


MISSING = object()


class _Reader:
    """Reads typed fields from JSON objects and notes every error with its path."""

    def __init__(self) -> None:
        self.errors: list[InputError] = []
        self.paths: set[str] = set()

    def error(self, path: str, message: str) -> None:
        """Note an error; only the first at each path (a non-finite number is not also "not a
        whole number")."""
        if path not in self.paths:
            self.paths.add(path)
            self.errors.append(InputError(path, message))

    def field(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        read: Callable[[Any, str], Any],
        default: Any = MISSING,
    ) -> Any:
        """The value of ``data[key]`` read by ``read``; a missing field is an error unless a
        default is given; a value ``read`` rejects gives None (its error is noted)."""
        where = f"{path}.{key}"
        if key not in data:
            if default is MISSING:
                self.error(where, "missing field")
                return None
            return default
        return read(data[key], where)

    def text(self, value: Any, path: str) -> str | None:
        if isinstance(value, str) and value.strip():
            return value
        self.error(path, "expected a non-empty string")
        return None

    def count(self, value: Any, path: str) -> int | None:
        """A whole number of at least 0."""
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        self.error(path, f"expected a whole number of 0 or more, got {value!r}")
        return None

    def optional_count(self, value: Any, path: str) -> int | None:
        return None if value is None else self.count(value, path)

    def flag(self, value: Any, path: str) -> bool | None:
        if isinstance(value, bool):
            return value
        self.error(path, f"expected true or false, got {value!r}")
        return None

    def day(self, value: Any, path: str) -> date | None:
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.error(path, f"expected a date YYYY-MM-DD, got {value!r}")
        return None

    def code(self, vocabulary: dict[str, str] | tuple[str, ...], what: str) -> Callable:
        def read(value: Any, path: str) -> str | None:
            if isinstance(value, str) and value in vocabulary:
                return value
            self.error(path, f"unknown {what} {value!r}")
            return None

        return read

    def municipality(self, value: Any, path: str) -> str | None:
        if isinstance(value, str) and region_of(value) is not None:
            return value
        self.error(path, f"unknown municipality CBS code {value!r}")
        return None

    def staff_ratio(self, value: Any, path: str) -> float | None:
        """Staff per youth: a positive number, or ``"staff:youth"`` such as ``"1:4"``."""
        if value is None:
            return None
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and value > 0
        ):
            return float(value)
        match = RATIO.match(value) if isinstance(value, str) else None
        if match and float(match[1]) > 0 and float(match[2]) > 0:
            return float(match[1]) / float(match[2])
        self.error(path, f"expected staff per youth (0.25 or '1:4') or null, got {value!r}")
        return None

    def items(self, value: Any, path: str, read: Callable[[Any, str], Any]) -> list[Any] | None:
        """A list whose items ``read`` accepts, without repeats."""
        if not isinstance(value, list):
            self.error(path, "expected a list")
            return None
        found = []
        for index, item in enumerate(value):
            where = f"{path}[{index}]"
            result = read(item, where)
            if result is not None and result in found:
                self.error(where, f"{result!r} appears twice")
            found.append(result)
        return found

    def needs(self, value: Any, path: str) -> frozenset[str] | None:
        found = self.items(value, path, self.code(NEEDS, "need"))
        return frozenset(found) if found is not None else None

    def ids(self, value: Any, path: str) -> list[str] | None:
        return self.items(value, path, self.text)

    def objects(self, data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        """The objects of a top-level list, each with its path."""
        value = data.get(key, MISSING)
        if value is MISSING:
            self.error(key, "missing field")
            return []
        if not isinstance(value, list):
            self.error(key, "expected a list")
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append((f"{key}[{index}]", item))
            else:
                self.error(f"{key}[{index}]", "expected an object")
        return found

    def unique_ids(self, objects: list[tuple[str, dict[str, Any]]]) -> list[str | None]:
        ids: list[str | None] = []
        for path, data in objects:
            found = self.field(data, "id", path, self.text)
            if found is not None and found in ids:
                self.error(f"{path}.id", f"duplicate id {found!r}")
            ids.append(found)
        return ids

    def known_ids(self, ids: list[str] | None, known: set[str], path: str) -> frozenset[str]:
        for index, other in enumerate(ids or []):
            if other is not None and other not in known:
                self.error(f"{path}[{index}]", f"unknown offer id {other!r}")
        return frozenset(other for other in ids or [] if other is not None)


def _offer(
    r: _Reader, path: str, data: dict[str, Any], offer_id: str | None, known: set[str]
) -> Offer:
    age_min = r.field(data, "age_min", path, r.count)
    age_max = r.field(data, "age_max", path, r.count)
    if age_min is not None and age_max is not None and age_min > age_max:
        r.error(f"{path}.age_max", f"age_max {age_max} is below age_min {age_min}")
    partners = r.field(data, "cooperates_with", path, r.ids)
    if partners and offer_id in partners:
        r.error(f"{path}.cooperates_with", "an offer cannot cooperate with itself")
    return Offer(
        id=offer_id,
        provider=r.field(data, "provider", path, r.text),
        municipality=r.field(data, "municipality", path, r.municipality),
        care_form=r.field(data, "care_form", path, r.code(CARE_FORMS, "care form")),
        needs=r.field(data, "needs", path, r.needs),
        age_min=age_min,
        age_max=age_max,
        free_places=r.field(data, "free_places", path, r.count),
        wait_days=r.field(data, "wait_days", path, r.count),
        group_size=r.field(data, "group_size", path, r.optional_count),
        staff_ratio=r.field(data, "staff_ratio", path, r.staff_ratio),
        client_stop=r.field(data, "client_stop", path, r.flag),
        cooperates_with=r.known_ids(partners, known, f"{path}.cooperates_with"),
        inspection_status=r.field(
            data,
            "inspection_status",
            path,
            lambda v, p: None if v is None else r.code(INSPECTION_STATUSES, "status")(v, p),
            default=None,
        ),
        education=r.field(data, "education", path, r.flag, default=False),
    )


def _youth(
    r: _Reader,
    path: str,
    data: dict[str, Any],
    youth_id: str | None,
    known: set[str],
    as_of: date | None,
) -> Youth:
    waiting_since = r.field(data, "waiting_since", path, r.day)
    if waiting_since is not None and as_of is not None and waiting_since > as_of:
        r.error(f"{path}.waiting_since", f"{waiting_since} is after as_of {as_of}")
    current = r.field(data, "current_offers", path, r.ids, default=[])
    return Youth(
        id=youth_id,
        age=r.field(data, "age", path, r.count),
        municipality=r.field(data, "municipality", path, r.municipality),
        needs=r.field(data, "needs", path, r.needs),
        care_form=r.field(data, "care_form", path, r.code(CARE_FORMS, "care form")),
        urgency=r.field(data, "urgency", path, r.code(URGENCIES, "urgency")),
        waiting_since=waiting_since,
        max_wait_days=r.field(data, "max_wait_days", path, r.count),
        safety_reason_out_of_region=r.field(data, "safety_reason_out_of_region", path, r.flag),
        current_offers=r.known_ids(current, known, f"{path}.current_offers"),
    )


def _non_finite(r: _Reader, value: Any, path: str) -> None:
    """Note every number in ``value`` that is not finite (NaN, Infinity, or too large for a
    float, such as ``1e400``), with its path."""
    if isinstance(value, float) and not math.isfinite(value):
        r.error(path, f"expected a finite number, got {value!r}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _non_finite(r, item, f"{path}.{key}" if path != "$" else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _non_finite(r, item, f"{path}[{index}]")


def read_problem(data: Any) -> Problem:
    """The problem in ``data`` (parsed JSON); raises :class:`InvalidInput` with every error."""
    r = _Reader()
    if not isinstance(data, dict):
        raise InvalidInput([InputError("$", "expected an object")])
    _non_finite(r, data, "$")
    as_of = r.field(data, "as_of", "$", r.day)
    offer_objects = r.objects(data, "offers")
    youth_objects = r.objects(data, "youth")
    offer_ids = r.unique_ids(offer_objects)
    youth_ids = r.unique_ids(youth_objects)
    known = {offer_id for offer_id in offer_ids if offer_id is not None}
    offers = tuple(
        _offer(r, path, item, offer_id, known)
        for (path, item), offer_id in zip(offer_objects, offer_ids, strict=True)
    )
    youth = tuple(
        _youth(r, path, item, youth_id, known, as_of)
        for (path, item), youth_id in zip(youth_objects, youth_ids, strict=True)
    )
    if r.errors:
        raise InvalidInput(sorted(r.errors, key=_error_order))
    return Problem(as_of=as_of, youth=youth, offers=offers)


def _error_order(error: InputError) -> tuple:
    """Errors in file order: by path, with list indices compared as numbers."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"[.\[\]]+", error.path)
        if part
    )


def _needs_in_order(needs: frozenset[str]) -> list[str]:
    return [need for need in NEEDS if need in needs]


def assignment_json(assignment: Assignment) -> dict[str, Any]:
    package = assignment.package
    return {
        "youth": assignment.youth.id,
        "offers": list(package.offer_ids),
        "free_place": [
            offer_id for offer_id in package.offer_ids if offer_id in package.free_place
        ],
        "covered": _needs_in_order(assignment.covered),
        "uncovered": _needs_in_order(assignment.uncovered),
        "in_own_region": assignment.in_own_region,
        "out_of_region_reason": assignment.out_of_region_reason,
        "expected_wait_days": package.expected_wait_days,
        "score": round(assignment.score.total, 2),
        "score_breakdown": {
            name: round(points, 2) for name, points in assignment.score.points.items()
        },
        "explanation": assignment.explanation,
    }


def unassigned_json(unassigned: Unassigned) -> dict[str, Any]:
    return {"youth": unassigned.youth.id, "reason": unassigned.reason}


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    """The output document of ``passend match``."""
    return {
        "strategy": outcome.strategy,
        "assignments": [assignment_json(a) for a in outcome.assignments],
        "unassigned": [unassigned_json(u) for u in outcome.unassigned],
        "metrics": dict(outcome.metrics),
    }


def problem_json(problem: Problem) -> dict[str, Any]:
    """A problem back in the input format (for tests and generated scenarios)."""

    def plain(value: Any) -> Any:
        if isinstance(value, frozenset):
            return sorted(value)
        if isinstance(value, date):
            return value.isoformat()
        return value

    return {
        "as_of": problem.as_of.isoformat(),
        "youth": [{k: plain(v) for k, v in asdict(y).items()} for y in problem.youth],
        "offers": [{k: plain(v) for k, v in asdict(o).items()} for o in problem.offers],
    }
