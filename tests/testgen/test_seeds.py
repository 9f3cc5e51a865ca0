"""Seeds from asserts, ``inputs`` tests and docstring examples."""

from __future__ import annotations

import pytest

from execrl.testgen.seeds import calls_in_code, docstring_seeds, task_seeds, unique
from execrl.types import Task, TestCase


@pytest.mark.parametrize(("code", "expected"), [
    ("assert f([1, 2], 'a') == 3", [([1, 2], "a")]),
    ("assert candidate((1, 2)) == {1: 2}", [((1, 2),)]),
    ("assert math.isclose(f(1.5), 2.25, rel_tol=0.01)", [(1.5,)]),
    ("assert set(f({1, 2})) == set([1])\nassert f(-3) == 0", [({1, 2},), (-3,)]),
    ("x = [1]\nassert f(x) == 1", []),  # computed argument
    ("assert f(n=3) == 1", []),  # keyword argument
    ("assert g(1) == f(2)", [(2,)]),  # only the entry point's calls
    ("assert f(", []),  # not Python
])
def test_calls_in_code(code: str, expected: list[tuple[object, ...]]) -> None:
    assert calls_in_code(code, "f") == expected


def test_inputs_tests_are_seeds_and_plus_tests_are_not() -> None:
    task = Task("t/0", "", "f", "def f(x): return x", (TestCase("a", inputs=([1],), expected=[1]),),
                plus_tests=(TestCase("p", inputs=([9],), expected=[9]),))
    assert task_seeds(task) == [([1],)]


def test_docstring_examples_in_several_notations() -> None:
    prompt = ('def add(a, b):\n    """\n    >>> add(1, 2)\n    3\n    add("x", "y") ➞ "xy"\n'
              '    add([1, (2, 3)], [")"]) == ...\n    add(a, b) is not literal\n    """\n')
    task = Task("t/0", prompt, "add", "", (TestCase("t", code="assert add(1, 2) == 3"),))
    assert docstring_seeds(task) == [(1, 2), ("x", "y"), ([1, (2, 3)], [")"])]


def test_unique_keeps_types_apart() -> None:
    assert unique([(1,), (1,), (1.0,), (True,), ((1,),), ([1],)]) == [(1,), (1.0,), (True,), ((1,),), ([1],)]
