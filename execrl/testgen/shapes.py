"""The shape of a parameter: its type, element types and the ranges seen, inferred from seed values or type hints.

A shape is what the generators need to make new values "like" the seeds: ``[3, 1, 2]`` and ``[7]`` give
``list[int]`` with lengths 1..3 and values 1..7; a ``List[Tuple[int, str]]`` hint gives the same kind of shape with
no ranges. Two seeds of different kinds join to ``ANY`` (the generators then reuse the seed values themselves).

>>> shape_of([3, 1, 2]).kind, shape_of([3, 1, 2]).items[0].high
(<Kind.LIST: 'list'>, 3.0)
"""

from __future__ import annotations

import ast
import enum
import random
import string
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any


class Kind(enum.Enum):
    NONE = "none"
    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    STR = "str"
    LIST = "list"
    TUPLE = "tuple"  # fixed arity: one item shape per position
    VARTUPLE = "vartuple"  # any length: one item shape for all
    SET = "set"
    DICT = "dict"  # items: (key shape, value shape)
    UNKNOWN = "unknown"  # an empty container's elements, with no hint
    ANY = "any"  # seeds of different kinds


@dataclass(frozen=True)
class Shape:
    kind: Kind
    items: tuple[Shape, ...] = ()
    low: float = 0.0  # numbers: smallest value seen; str and containers: shortest length
    high: float = 0.0  # largest value, longest length
    alphabet: str = ""  # str: the characters seen

    @property
    def element(self) -> Shape:
        return self.items[0] if self.items else UNKNOWN


UNKNOWN = Shape(Kind.UNKNOWN)
ANY = Shape(Kind.ANY)
_ATOMS: dict[type, Kind] = {type(None): Kind.NONE, bool: Kind.BOOL, int: Kind.INT, float: Kind.FLOAT, str: Kind.STR}
_SEQUENCES: dict[type, Kind] = {list: Kind.LIST, set: Kind.SET, frozenset: Kind.SET}
_MAX_ALPHABET = 64


def shape_of(value: Any) -> Shape:
    """The shape of one value (``ANY`` for types the generators do not know)."""
    kind = _ATOMS.get(type(value))
    if kind in (Kind.INT, Kind.FLOAT):
        return Shape(kind, low=float(value), high=float(value))
    if kind is Kind.STR:
        return Shape(Kind.STR, low=len(value), high=len(value), alphabet="".join(sorted(set(value)))[:_MAX_ALPHABET])
    if kind is not None:
        return Shape(kind)
    if type(value) in _SEQUENCES:
        return Shape(_SEQUENCES[type(value)], (join_all(shape_of(v) for v in value),), len(value), len(value))
    if type(value) is tuple:
        return Shape(Kind.TUPLE, tuple(shape_of(v) for v in value), len(value), len(value))
    if type(value) is dict:
        items = (join_all(shape_of(k) for k in value), join_all(shape_of(v) for v in value.values()))
        return Shape(Kind.DICT, items, len(value), len(value))
    return ANY


def join_all(shapes: Any) -> Shape:
    result = UNKNOWN
    for shape in shapes:
        result = join(result, shape)
    return result


def join(a: Shape, b: Shape) -> Shape:
    """The smallest shape covering both."""
    if a.kind is Kind.UNKNOWN:
        return b
    if b.kind is Kind.UNKNOWN:
        return a
    if {a.kind, b.kind} == {Kind.INT, Kind.FLOAT}:
        a, b = replace(a, kind=Kind.FLOAT), replace(b, kind=Kind.FLOAT)
    kinds = {a.kind, b.kind}
    if kinds <= {Kind.TUPLE, Kind.VARTUPLE} and (Kind.VARTUPLE in kinds or len(a.items) != len(b.items)):
        a, b = _as_vartuple(a), _as_vartuple(b)
    if a.kind is not b.kind:
        return ANY
    items = tuple(join(x, y) for x, y in zip(a.items, b.items, strict=True))
    alphabet = "".join(sorted(set(a.alphabet) | set(b.alphabet)))[:_MAX_ALPHABET]
    return Shape(a.kind, items, min(a.low, b.low), max(a.high, b.high), alphabet)


def _as_vartuple(shape: Shape) -> Shape:
    if shape.kind is Kind.VARTUPLE:
        return shape
    return Shape(Kind.VARTUPLE, (join_all(shape.items),), shape.low, shape.high)


def parameter_shapes(seeds: Sequence[tuple[Any, ...]], hints: Sequence[Shape | None] = ()) -> tuple[Shape, ...]:
    """One shape per parameter, joined over the seeds; a hint fills what the seeds leave unknown."""
    arity = len(seeds[0]) if seeds else len(hints)
    shapes = [join_all(shape_of(args[i]) for args in seeds if len(args) == arity) for i in range(arity)]
    for i, hint in enumerate(hints[:arity]):
        if hint is not None:
            shapes[i] = fill_unknown(shapes[i], hint)
    return tuple(shapes)


def fill_unknown(shape: Shape, hint: Shape) -> Shape:
    if shape.kind is Kind.UNKNOWN:
        return hint
    if shape.kind is hint.kind and len(shape.items) == len(hint.items):
        return replace(shape, items=tuple(fill_unknown(s, h) for s, h in zip(shape.items, hint.items, strict=True)))
    return shape


# --- type hints ------------------------------------------------------------------------------------------------

_HINT_NAMES = {"int": Kind.INT, "float": Kind.FLOAT, "str": Kind.STR, "bool": Kind.BOOL, "None": Kind.NONE}
_HINT_CONTAINERS = {"list": Kind.LIST, "List": Kind.LIST, "set": Kind.SET, "Set": Kind.SET, "tuple": Kind.TUPLE,
                    "Tuple": Kind.TUPLE, "dict": Kind.DICT, "Dict": Kind.DICT}


def hint_shapes(reference: str, entry_point: str) -> tuple[Shape | None, ...]:
    """The annotated parameters of ``entry_point`` in ``reference`` as shapes (None where unannotated/unknown)."""
    try:
        module = ast.parse(reference)
    except SyntaxError:
        return ()
    for node in module.body:
        if isinstance(node, ast.FunctionDef) and node.name == entry_point:
            return tuple(hint_shape(arg.annotation) for arg in [*node.args.posonlyargs, *node.args.args])
    return ()


def hint_shape(annotation: ast.expr | None) -> Shape | None:
    """``List[Tuple[int, str]]``, ``dict[str, float]``, ``Optional[int]``... as a shape; None if not understood."""
    if annotation is None:
        return None
    name = _name(annotation)
    if name in _HINT_NAMES:
        return Shape(_HINT_NAMES[name])
    if name in _HINT_CONTAINERS and not isinstance(annotation, ast.Subscript):
        return Shape(Kind.VARTUPLE if _HINT_CONTAINERS[name] is Kind.TUPLE else _HINT_CONTAINERS[name], (UNKNOWN,))
    if not isinstance(annotation, ast.Subscript):
        return None
    outer = _name(annotation.value)
    args = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else [annotation.slice]
    if outer == "Optional":
        return hint_shape(args[0])
    kind = _HINT_CONTAINERS.get(outer)
    if kind is None:
        return None
    if kind is Kind.TUPLE and len(args) == 2 and isinstance(args[1], ast.Constant) and args[1].value is Ellipsis:
        return Shape(Kind.VARTUPLE, (hint_shape(args[0]) or UNKNOWN,))
    return Shape(kind, tuple(hint_shape(arg) or UNKNOWN for arg in args))


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):  # typing.List
        return node.attr
    if isinstance(node, ast.Constant) and node.value is None:
        return "None"
    return ""


# --- values of a shape -----------------------------------------------------------------------------------------

_MAX_RANDOM_LENGTH = 12


def random_value(shape: Shape, rng: random.Random, depth: int = 0) -> Any:
    """A random value of ``shape``, near the ranges seen; ints for unknown elements."""
    kind = shape.kind
    if kind in (Kind.INT, Kind.UNKNOWN, Kind.ANY):
        low, high = int(min(shape.low, 0)) - 10, int(max(shape.high, 0)) + 10
        return rng.randint(low, high)
    if kind is Kind.FLOAT:
        return round(rng.uniform(min(shape.low, 0.0) - 10, max(shape.high, 0.0) + 10), rng.choice((1, 2, 6)))
    if kind is Kind.BOOL:
        return rng.random() < 0.5
    if kind is Kind.NONE:
        return None
    length = rng.randint(0, max(2, min(int(shape.high) + 2, _MAX_RANDOM_LENGTH)) if depth < 3 else 1)
    if kind is Kind.STR:
        alphabet = shape.alphabet or string.ascii_lowercase
        return "".join(rng.choice(alphabet) for _ in range(length))
    if kind is Kind.TUPLE:
        return tuple(random_value(item, rng, depth + 1) for item in shape.items)
    if kind is Kind.DICT:
        return {_hashable(random_value(shape.items[0], rng, depth + 1)): random_value(shape.items[1], rng, depth + 1)
                for _ in range(length)}
    values = [random_value(shape.element, rng, depth + 1) for _ in range(length)]
    if kind is Kind.SET:
        return {_hashable(v) for v in values}
    return tuple(values) if kind is Kind.VARTUPLE else values


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, set):
        return frozenset(value)
    if isinstance(value, dict):
        return tuple(value.items())
    return value
