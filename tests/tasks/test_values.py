"""The tagged JSON form and the Python-literal form of plain values."""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from execrl.tasks._values import decode, dumps, encode, loads, size_exceeds, to_source

HUGE = 7 ** 6000  # more digits than Python turns into decimal text by default

EXACT = [
    None, True, False, 0, -1, 2 ** 70, HUGE, -HUGE, 0.1, -0.0, 1e308, 5e-324, "", "tab\t\u00e9\U0001f600",
    [], (), (1,), [1, (2, 3)], {1, 2}, set(), frozenset({"a"}), {"a": 1}, {1: "x", (1, 2): [3], None: 0.5},
    {frozenset({1}): {2: (3,)}}, 1 + 2j, complex(math.inf, -0.0), b"\x00\xff", [[[()]]],
    float("inf"), float("-inf"),
]


def _ids(values: list[Any]) -> list[str]:
    return [f"{index}-{type(value).__name__}" for index, value in enumerate(values)]


@pytest.mark.parametrize("value", EXACT, ids=_ids(EXACT))
def test_values_round_trip_exactly_with_their_types(value: Any) -> None:
    back = loads(dumps(value))
    assert back == value and _types(back) == _types(value)


def test_negative_zero_keeps_its_sign() -> None:
    assert math.copysign(1.0, loads(dumps(-0.0))) == -1.0


def test_nan_round_trips() -> None:
    assert math.isnan(loads(dumps(float("nan"))))
    assert "NaN" not in dumps([float("nan")])  # standard JSON: tagged, not the non-standard literal


def test_bool_stays_bool_and_int_stays_int() -> None:
    assert [type(v) for v in loads(dumps([True, 1, 1.0]))] == [bool, int, float]


def test_the_decoder_reads_hand_written_json() -> None:
    assert decode(json.loads('{"a": [1, {"$tuple": [2, 3]}], "b": {"$set": [1]}}')) == {"a": [1, (2, 3)], "b": {1}}


def test_dict_subclasses_become_plain_dicts_that_compare_equal() -> None:
    counter = Counter("abca")
    assert loads(dumps(counter)) == counter and type(loads(dumps(counter))) is dict


def test_unsupported_values_name_their_type() -> None:
    with pytest.raises(TypeError, match="cannot encode a value of type function"):
        encode([lambda: 1])
    with pytest.raises(TypeError, match="type object"):
        to_source(object())


@pytest.mark.parametrize("value", EXACT, ids=_ids(EXACT))
def test_to_source_evaluates_back_to_the_value(value: Any) -> None:
    back = eval(to_source(value))
    assert back == value and _types(back) == _types(value)


def test_to_source_of_nan() -> None:
    assert math.isnan(eval(to_source(float("nan"))))


def test_size_exceeds_counts_characters_and_elements() -> None:
    assert not size_exceeds(["ab", ("c",)], 5)  # list 1 + "ab" 2 + tuple 1 + "c" 1
    assert size_exceeds(["ab", ("c",)], 4)
    assert size_exceeds({"key": 1}, 4)


def test_size_exceeds_stops_early_on_huge_values() -> None:
    huge = [0] * 10_000_000
    assert size_exceeds(huge, 1000)


plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | st.binary(),
    lambda inner: (st.lists(inner) | st.lists(inner).map(tuple)
                   | st.dictionaries(st.text() | st.integers(), inner)
                   | st.frozensets(st.integers() | st.text())),
    max_leaves=20,
)


@given(plain)
def test_any_plain_value_round_trips(value: Any) -> None:
    back = loads(dumps(value))
    assert back == value and _types(back) == _types(value)


def _types(value: Any) -> Any:
    """The type tree of a value, so a tuple that came back as a list is caught."""
    if isinstance(value, list | tuple):
        return type(value), [_types(item) for item in value]
    if isinstance(value, dict):
        return type(value), sorted((repr(k), _types(v)) for k, v in value.items())
    return type(value)
