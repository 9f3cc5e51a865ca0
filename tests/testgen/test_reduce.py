"""Greedy set cover and the kill bookkeeping (no sandbox)."""

from __future__ import annotations

from collections.abc import Hashable

import pytest

from execrl.testgen.select import kills_by_test, reduce_suite, survivors
from execrl.testgen.suite import EDGE
from execrl.types import TestCase


def _tests(*names: str, edge: str = "") -> list[TestCase]:
    return [TestCase(n, inputs=(), tags=frozenset({EDGE}) if n == edge else frozenset()) for n in names]


@pytest.mark.parametrize(("needs", "expected"), [
    ({"a": {1, 2}, "b": {2, 3}, "c": {1, 2, 3}}, ("c",)),
    ({"a": {1}, "b": {2}, "c": {3}}, ("a", "b", "c")),
    ({"a": {1, 2, 3, 4}, "b": {1, 2, 5}, "c": {3, 4, 6}, "d": {5, 6}}, ("a", "d")),
    ({"a": set(), "b": set()}, ()),
    ({"a": {1}, "b": {1}}, ("a",)),  # ties: the earlier test
])
def test_greedy_cover(needs: dict[str, set[Hashable]], expected: tuple[str, ...]) -> None:
    tests = _tests(*needs)
    chosen = reduce_suite(tests, {name: frozenset(v) for name, v in needs.items()})
    assert chosen == expected
    assert set().union(*(needs[n] for n in chosen)) == set().union(*needs.values())


def test_ties_prefer_edge_cases() -> None:
    assert reduce_suite(_tests("a", "b", edge="b"), {"a": frozenset({1}), "b": frozenset({1})}) == ("b",)


def test_kills_and_survivors() -> None:
    failures = [frozenset({"t1"}), frozenset(), None, frozenset({"t1", "t2"})]
    assert survivors(["p0", "p1", "p2", "p3"], failures) == [1]
    assert kills_by_test(failures) == {"t1": frozenset({0, 3}), "t2": frozenset({3})}
