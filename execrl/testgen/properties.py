"""Property-based inputs: hypothesis strategies inferred from the seeds' shapes.

Each parameter's shape becomes a strategy that draws values of the same type around the ranges seen: integers
from a little below the smallest seed to a little above the largest, strings over the seeds' characters and a few
others, lists of up to twice the longest seed's length, tuples of the same arity, and so on. Hypothesis draws
``count`` argument tuples (generation phase only: nothing fails, so there is nothing to shrink), seeded so that
the same seed gives the same inputs.

Needs the ``hypothesis`` package (``pip install execrl[testgen]``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from execrl.errors import ConfigError
from execrl.testgen.shapes import Kind, Shape

_MAX_SIZE = 20
_EXTRA_CHARS = "abcXY0 ,"


def property_inputs(shapes: Sequence[Shape], count: int, seed: int) -> list[tuple[Any, ...]]:
    """Up to ``count`` argument tuples drawn from the strategies of ``shapes``."""
    if count <= 0 or not shapes:
        return []
    try:
        import hypothesis
        from hypothesis import strategies as st
    except ImportError as error:
        raise ConfigError("property-based generation needs hypothesis: pip install 'execrl[testgen]' "
                          "(or set properties=0)") from error
    found: list[tuple[Any, ...]] = []

    @hypothesis.seed(seed)
    @hypothesis.settings(max_examples=count, database=None, deadline=None, phases=[hypothesis.Phase.generate],
                         suppress_health_check=list(hypothesis.HealthCheck))
    @hypothesis.given(st.tuples(*(strategy(shape) for shape in shapes)))
    def collect(args: tuple[Any, ...]) -> None:
        found.append(args)

    collect()
    return found


def strategy(shape: Shape) -> Any:
    """The hypothesis strategy for values of ``shape``."""
    from hypothesis import strategies as st

    kind = shape.kind
    if kind in (Kind.INT, Kind.UNKNOWN, Kind.ANY):
        spread = max(10, int(shape.high - shape.low))
        return st.integers(int(min(shape.low, 0)) - spread, int(max(shape.high, 0)) + spread)
    if kind is Kind.FLOAT:
        width = max(10.0, shape.high - shape.low)
        return st.floats(min(shape.low, 0.0) - width, max(shape.high, 0.0) + width, allow_nan=False,
                         allow_infinity=False)
    if kind is Kind.BOOL:
        return st.booleans()
    if kind is Kind.NONE:
        return st.none()
    size = min(max(4, int(shape.high) * 2), _MAX_SIZE)
    if kind is Kind.STR:
        alphabet = "".join(sorted(set(shape.alphabet + _EXTRA_CHARS)))
        return st.text(alphabet=alphabet, max_size=size)
    if kind is Kind.TUPLE:
        return st.tuples(*(strategy(item) for item in shape.items))
    if kind is Kind.DICT:
        return st.dictionaries(_hashable(strategy(shape.items[0])), strategy(shape.items[1]), max_size=size)
    elements = strategy(shape.element)
    if kind is Kind.SET:
        return st.sets(_hashable(elements), max_size=size)
    lists = st.lists(elements, max_size=size)
    return lists.map(tuple) if kind is Kind.VARTUPLE else lists


def _hashable(elements: Any) -> Any:
    def freeze(value: Any) -> Any:
        if isinstance(value, list):
            return tuple(freeze(v) for v in value)
        if isinstance(value, set):
            return frozenset(value)
        if isinstance(value, dict):
            return tuple(value.items())
        return value

    return elements.map(freeze).filter(_is_hashable)


def _is_hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
