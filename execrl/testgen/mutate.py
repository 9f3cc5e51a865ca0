"""Type-aware mutation of input values, and boundary values per shape.

``mutate_value`` changes one value a little, keeping its type: an int moves by one or flips sign, a string loses,
gains or swaps a character, a list loses, gains, reorders or mutates an element, a fixed-arity tuple mutates one
position, a dict loses, gains or changes an entry. Containers recurse, so nested values (a list of tuples of
strings) change at any depth. ``boundary_values`` gives the edge cases of a shape: zero, one, minus one, empty,
single-element, all-equal, sorted and reversed containers, and a larger value than the seeds show.

Every function takes a ``random.Random``: the same seed gives the same values. Values never change in place.

>>> import random
>>> mutate_value((1, "ab"), random.Random(0)) != (1, "ab")
True
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from typing import Any

from execrl.testgen.shapes import Kind, Shape, random_value, shape_of

_EXTRA_CHARS = " aZ0_,.!é\t"
MAX_LENGTH = 300  # longer strings and containers are cut back: big inputs belong to performance tests


def mutate_value(value: Any, rng: random.Random, shape: Shape | None = None) -> Any:
    """A value near ``value`` of the same type (``value`` itself for types with no mutation, e.g. None)."""
    shape = shape or shape_of(value)
    for _ in range(_TRIES):
        mutated = _mutate_once(value, rng, shape)
        if mutated != value:
            break
    return mutated


_TRIES = 4  # some edits leave some values unchanged (0 negated, an empty list reversed): try again


def _mutate_once(value: Any, rng: random.Random, shape: Shape) -> Any:
    kind = type(value)
    if kind is bool:
        return not value
    if kind is int:
        return _mutate_int(value, rng)
    if kind is float:
        return _mutate_float(value, rng)
    if kind is str:
        return _mutate_str(value, rng, shape)
    if kind is tuple and shape.kind is Kind.TUPLE and len(shape.items) == len(value) and value:
        index = rng.randrange(len(value))
        return value[:index] + (mutate_value(value[index], rng, shape.items[index]),) + value[index + 1:]
    if kind in (list, tuple):
        return kind(_mutate_sequence(list(value), rng, shape.element))
    if kind in (set, frozenset):
        return kind(_hashables(_mutate_sequence(list(value), rng, shape.element)))
    if kind is dict:
        return _mutate_dict(value, rng, shape)
    return value


def _mutate_int(value: int, rng: random.Random) -> int:
    choices = (value + 1, value - 1, -value, value * 2, value // 2, 0, value + rng.randint(-10, 10),
               value * 10 + rng.randint(0, 9))
    return rng.choice(choices)


def _mutate_float(value: float, rng: random.Random) -> float:
    choices = (value + 1.0, value - 1.0, -value, value * 2, value / 2, 0.0, value + rng.uniform(-1, 1),
               round(value), round(value, 1) + 0.05, value * 1e3)
    return float(rng.choice(choices))


def _mutate_str(value: str, rng: random.Random, shape: Shape) -> str:
    alphabet = (shape.alphabet or string.ascii_lowercase) + _EXTRA_CHARS
    if not value:
        return rng.choice(alphabet)
    index = rng.randrange(len(value) + 1)
    edits: list[Callable[[], str]] = [
        lambda: value[:index] + rng.choice(alphabet) + value[index:],
        lambda: value.swapcase(),
        lambda: value[::-1],
        lambda: value + value,
        lambda: " " + value + " ",
        lambda: value.upper() if rng.random() < 0.5 else value.lower(),
    ]
    if value:
        at = min(index, len(value) - 1)
        edits += [lambda: value[:at] + value[at + 1:], lambda: value[:at] + rng.choice(alphabet) + value[at + 1:],
                  lambda: value[:at] + value[at] + value[at:]]
    return rng.choice(edits)()[:MAX_LENGTH]


def _mutate_sequence(items: list[Any], rng: random.Random, element: Shape) -> list[Any]:
    if not items:
        return [_new_element(items, rng, element)]
    index = rng.randrange(len(items) + 1)
    edits: list[Callable[[], list[Any]]] = [
        lambda: items[:index] + [_new_element(items, rng, element)] + items[index:],
        lambda: items[::-1],
        lambda: sorted(items, key=_order_key),
        lambda: rng.sample(items, len(items)),
        lambda: items + items,
    ]
    if items:
        at = min(index, len(items) - 1)
        edits += [lambda: items[:at] + items[at + 1:],
                  lambda: items[:at] + [mutate_value(items[at], rng, element)] + items[at + 1:],
                  lambda: items[:at] + [items[at]] + items[at:]]
    return rng.choice(edits)()[:MAX_LENGTH]


def _new_element(items: list[Any], rng: random.Random, element: Shape) -> Any:
    if items and rng.random() < 0.7:
        return mutate_value(rng.choice(items), rng, element)
    return random_value(element, rng)


def _mutate_dict(value: dict[Any, Any], rng: random.Random, shape: Shape) -> dict[Any, Any]:
    result = dict(value)
    keys = list(result)
    key_shape, value_shape = shape.items if len(shape.items) == 2 else (shape.element, shape.element)
    choice = rng.randrange(3) if keys else 0
    if choice == 0:
        new_key = mutate_value(rng.choice(keys), rng, key_shape) if keys else random_value(key_shape, rng)
        old_value = result[rng.choice(keys)] if keys else random_value(value_shape, rng)
        result[_hashable(new_key)] = mutate_value(old_value, rng, value_shape)
    elif choice == 1:
        del result[rng.choice(keys)]
    else:
        key = rng.choice(keys)
        result[key] = mutate_value(result[key], rng, value_shape)
    return result


def _order_key(value: Any) -> tuple[str, str]:
    # Sorting must never fail on mixed types; the order only needs to be deterministic.
    return (type(value).__name__, repr(value))


def _hashables(values: list[Any]) -> list[Any]:
    return [_hashable(v) for v in values]


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, set):
        return frozenset(value)
    if isinstance(value, dict):
        return tuple(value.items())
    return value


# --- boundary values -------------------------------------------------------------------------------------------


def boundary_values(shape: Shape, example: Any, rng: random.Random) -> list[Any]:
    """Edge cases for a parameter of ``shape``; ``example`` (a seed value) shapes the containers' elements."""
    kind = shape.kind
    if kind is Kind.INT:
        big = int(min(max(10 * abs(shape.high), 100), 10**6))
        return [0, 1, -1, 2, int(shape.low) - 1, int(shape.high) + 1, big, -big]
    if kind is Kind.FLOAT:
        return [0.0, 1.0, -1.0, 0.5, -0.5, 1e-9, shape.high + 1.0, 1e6, -1e6]
    if kind is Kind.BOOL:
        return [True, False]
    if kind is Kind.STR:
        longest = example if isinstance(example, str) and example else "ab"
        return ["", " ", "a", "A", "0", "aa", "a b", longest * 3, longest.upper(), longest[:1]]
    if kind in (Kind.LIST, Kind.VARTUPLE, Kind.SET):
        return [_as_kind(kind, items) for items in _sequence_boundaries(example, shape.element, rng)]
    if kind is Kind.TUPLE and isinstance(example, tuple):
        return [example[:i] + (edge,) + example[i + 1:]
                for i, item in enumerate(shape.items) for edge in boundary_values(item, example[i], rng)[:4]]
    if kind is Kind.DICT and isinstance(example, dict):
        first = list(example.items())[:1]
        return [{}, dict(first)]
    return []


def _sequence_boundaries(example: Any, element: Shape, rng: random.Random) -> list[list[Any]]:
    items = list(example) if isinstance(example, list | tuple | set | frozenset) else []
    one = items[0] if items else random_value(element, rng)
    longer = (items or [one]) * max(1, 40 // max(1, len(items)))
    boundaries = [[], [one], [one, one], [one] * 5, longer[:MAX_LENGTH]]
    if items:
        boundaries += [sorted(items, key=_order_key), sorted(items, key=_order_key, reverse=True),
                       items[:1] + items[-1:], items[1:]]
    edges = [] if element.kind in (Kind.UNKNOWN, Kind.ANY) else boundary_values(element, one, rng)[:3]
    boundaries += [[edge] for edge in edges]
    return boundaries


def _as_kind(kind: Kind, items: list[Any]) -> Any:
    if kind is Kind.SET:
        return set(_hashables(items))
    return tuple(items) if kind is Kind.VARTUPLE else items
