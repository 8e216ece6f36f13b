"""Reading and checking ``passend match`` input; writing its output."""

import pytest

from passend.matching.interchange import InvalidInput, problem_json, read_problem
from passend.matching.tests.factories import ambulant, offer, problem, youth


def valid() -> dict:
    return problem_json(problem([youth()], [offer(), ambulant("B1", {"trauma"})]))


def errors_of(data) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        read_problem(data)
    return [str(error) for error in caught.value.errors]


def test_a_valid_file_round_trips():
    data = valid()
    assert problem_json(read_problem(data)) == data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["youth"][0]["needs"].append("vliegangst"), "youth[0].needs[1]: unknown need"),
        (lambda d: d["youth"][0].update(municipality="9999"), "youth[0].municipality: unknown"),
        (lambda d: d["youth"][0].update(waiting_since="2025-13-01"), "youth[0].waiting_since"),
        (lambda d: d["youth"][0].update(waiting_since="2027-01-01"), "is after as_of"),
        (lambda d: d.update(as_of="gisteren"), "as_of: expected a date"),
        (lambda d: d["youth"].append(dict(d["youth"][0])), "youth[1].id: duplicate id 'J1'"),
        (lambda d: d["offers"][0].update(cooperates_with=["X9"]), "unknown offer id 'X9'"),
        (lambda d: d["offers"][0].update(free_places=-1), "offers[0].free_places"),
        (lambda d: d["offers"][0].update(age_min=19), "offers[0].age_max: age_max 18 is below"),
        (lambda d: d["offers"][0].pop("wait_days"), "offers[0].wait_days: missing field"),
        (lambda d: d["offers"][0].update(care_form="kamp"), "offers[0].care_form: unknown"),
        (lambda d: d["youth"][0].update(urgency="soon"), "youth[0].urgency: unknown urgency"),
        (lambda d: d["youth"][0].update(age=True), "youth[0].age: expected a whole number"),
        (lambda d: d["offers"][0].update(staff_ratio="veel"), "offers[0].staff_ratio"),
        (lambda d: d["youth"][0].update(current_offers=["X1"]), "current_offers[0]: unknown"),
    ],
)
def test_each_error_is_reported_with_its_path(change, expected):
    data = valid()
    change(data)
    assert any(expected in error for error in errors_of(data)), errors_of(data)


def test_all_errors_are_reported_at_once_in_file_order():
    data = valid()
    data["youth"][0]["needs"] = ["x", "y"]
    data["offers"][1]["age_min"] = -3
    assert [e.split(":")[0] for e in errors_of(data)] == [
        "offers[1].age_min",
        "youth[0].needs[0]",
        "youth[0].needs[1]",
    ]


def test_not_an_object():
    assert errors_of([]) == ["$: expected an object"]


@pytest.mark.parametrize(("given", "expected"), [(0.25, 0.25), ("1:4", 0.25), ("2:3", 2 / 3)])
def test_staff_ratio_is_staff_per_youth(given, expected):
    data = valid()
    data["offers"][0]["staff_ratio"] = given
    assert read_problem(data).offers[0].staff_ratio == pytest.approx(expected)


def test_optional_fields_have_defaults():
    data = valid()
    for key in ("inspection_status", "education"):
        del data["offers"][0][key]
    del data["youth"][0]["current_offers"]
    read = read_problem(data)
    assert (read.offers[0].inspection_status, read.offers[0].education) == (None, False)
    assert read.youth[0].current_offers == frozenset()


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("offers", 0, "staff_ratio"), float("inf")),
        (("offers", 0, "free_places"), float("nan")),
        (("youth", 0, "age"), float("-inf")),
        (("offers", 0, "note"), float("nan")),  # an extra field too: not JSON at all
    ],
)
def test_non_finite_numbers_are_refused_wherever_they_stand(where, value):
    """NaN and Infinity are not JSON, though Python reads them: one clear error at the path."""
    data = valid()
    data[where[0]][where[1]][where[2]] = value
    path = f"{where[0]}[{where[1]}].{where[2]}"
    assert [e for e in errors_of(data) if e.startswith(path)] == [
        f"{path}: expected a finite number, got {value!r}"
    ]
