"""Type-aware mutation and boundary values."""

from __future__ import annotations

import random
from typing import Any

import pytest

from execrl.testgen.mutate import MAX_LENGTH, boundary_values, mutate_value
from execrl.testgen.shapes import Kind, Shape, shape_of


def _same_type(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple) and len(a) == len(b) and shape_of(a).kind is Kind.TUPLE:
        return all(_same_type(x, y) for x, y in zip(a, b, strict=True))
    return True


@pytest.mark.parametrize("value", [0, 7, -3, 2.5, True, "hello", "", [1, 2, 3], [], ("a", 1), {1: "x", 2: "y"},
                                   {3, 4}, [[1, 2], [3]], [("a", 1.5)], None])
def test_mutations_keep_the_type(value: Any) -> None:
    rng = random.Random(0)
    changed = 0
    for _ in range(30):
        mutated = mutate_value(value, rng)
        assert _same_type(mutated, value), (value, mutated)
        changed += mutated != value
    assert changed == 0 if value is None else changed >= 25


def test_fixed_tuples_keep_their_arity_and_position_types() -> None:
    rng = random.Random(1)
    for _ in range(50):
        mutated = mutate_value(("abc", 5, [1.0]), rng)
        assert [type(x) for x in mutated] == [str, int, list]


def test_mutation_is_seeded_and_never_in_place() -> None:
    value = [[1, 2], [3]]
    first = [mutate_value(value, random.Random(7)) for _ in range(5)]
    assert first == [mutate_value(value, random.Random(7)) for _ in range(5)]
    assert value == [[1, 2], [3]]


def test_lengths_are_capped() -> None:
    value = list(range(MAX_LENGTH))
    rng = random.Random(0)
    assert all(len(mutate_value(value, rng)) <= MAX_LENGTH for _ in range(30))


@pytest.mark.parametrize(("example", "expected"), [
    (5, [0, 1, -1]),
    ("abc", ["", "a"]),
    ([3, 1, 2], [[], [3], [1, 2, 3], [3, 2, 1]]),
    ({"a": 1}, [{}]),
])
def test_boundaries_include_the_classic_edge_cases(example: Any, expected: list[Any]) -> None:
    values = boundary_values(shape_of(example), example, random.Random(0))
    for edge in expected:
        assert edge in values


def test_boundaries_of_fixed_tuples_change_one_position() -> None:
    values = boundary_values(Shape(Kind.TUPLE, (Shape(Kind.INT), Shape(Kind.STR))), (4, "x"), random.Random(0))
    assert (0, "x") in values and (4, "") in values
