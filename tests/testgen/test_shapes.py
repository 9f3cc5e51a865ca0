"""Shapes from values and hints, and random values of a shape."""

from __future__ import annotations

import ast
import random

import pytest

from execrl.testgen.shapes import Kind, Shape, hint_shape, hint_shapes, parameter_shapes, random_value, shape_of


def test_shape_of_nested_values_and_ranges() -> None:
    shape = shape_of([(1, "ab"), (5, "c")])
    assert shape.kind is Kind.LIST and (shape.low, shape.high) == (2, 2)
    element = shape.element
    assert element.kind is Kind.TUPLE
    assert [item.kind for item in element.items] == [Kind.INT, Kind.STR]
    assert (element.items[0].low, element.items[0].high) == (1, 5)
    assert element.items[1].alphabet == "abc"


@pytest.mark.parametrize(("values", "kind"), [
    ([1, 2.5], Kind.FLOAT),  # int and float join to float
    ([(1, 2), (1, 2, 3)], Kind.VARTUPLE),  # tuples of different lengths are sequences
    ([1, "a"], Kind.ANY),
    ([[], [1]], Kind.LIST),
])
def test_join_over_seeds(values: list[object], kind: Kind) -> None:
    [shape] = parameter_shapes([(v,) for v in values])
    assert shape.kind is kind


def test_empty_list_element_comes_from_the_hint() -> None:
    [shape] = parameter_shapes([([],)], hints=[hint_shape(ast.parse("List[str]", mode="eval").body)])
    assert shape.element.kind is Kind.STR


@pytest.mark.parametrize(("hint", "kind", "items"), [
    ("int", Kind.INT, []),
    ("List[Tuple[int, str]]", Kind.LIST, [Kind.TUPLE]),
    ("dict[str, float]", Kind.DICT, [Kind.STR, Kind.FLOAT]),
    ("Optional[str]", Kind.STR, []),
    ("Tuple[int, ...]", Kind.VARTUPLE, [Kind.INT]),
    ("typing.List[bool]", Kind.LIST, [Kind.BOOL]),
])
def test_hints(hint: str, kind: Kind, items: list[Kind]) -> None:
    shape = hint_shape(ast.parse(hint, mode="eval").body)
    assert shape is not None and shape.kind is kind and [item.kind for item in shape.items] == items


def test_hint_shapes_of_a_reference() -> None:
    shapes = hint_shapes("def f(a: int, b, c: Callable[[int], int]) -> int:\n    return a\n", "f")
    assert [s.kind if s else None for s in shapes] == [Kind.INT, None, None]


def test_random_values_have_the_shape() -> None:
    shape = Shape(Kind.DICT, (Shape(Kind.STR, alphabet="xy"), Shape(Kind.VARTUPLE, (Shape(Kind.INT),))))
    rng = random.Random(0)
    for _ in range(20):
        value = random_value(shape, rng)
        assert isinstance(value, dict)
        assert all(set(key) <= {"x", "y"} and isinstance(item, tuple) for key, item in value.items())
