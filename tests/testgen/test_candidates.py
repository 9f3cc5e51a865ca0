"""Candidate inputs for a task: kinds, tags, determinism, no seed repeated."""

from __future__ import annotations

import pytest

from execrl.testgen.candidates import beyond, candidates_for
from execrl.testgen.properties import property_inputs
from execrl.testgen.seeds import value_key
from execrl.testgen.shapes import parameter_shapes, shape_of
from execrl.testgen.suite import BEYOND_SEEDS, EDGE, TestgenConfig
from execrl.types import Task, TestCase

TASK = Task("t/sum", 'def total(xs, k):\n    """total([1, 2], 1) == 3"""\n', "total",
            "def total(xs, k):\n    return sum(xs) * k\n",
            (TestCase("test_0", code="assert total([1, 2, 3], 2) == 12"), TestCase("test_1", inputs=([5], 1),
                                                                                    expected=5)))


def test_every_kind_of_candidate_and_no_seed_repeated() -> None:
    seeds, candidates = candidates_for(TASK, TestgenConfig(mutations=40, properties=20))
    assert seeds == [([1, 2, 3], 2), ([5], 1)]
    kinds = {tag for c in candidates for tag in c.tags}
    assert {EDGE, "mutation", "property", "docstring"} <= kinds
    keys = [value_key(c.args) for c in candidates]
    assert len(keys) == len(set(keys))
    assert not {value_key(s) for s in seeds} & set(keys)
    assert all(isinstance(c.args[0], list) and isinstance(c.args[1], int) for c in candidates)


def test_same_seed_same_candidates_other_seed_others() -> None:
    def make(seed: int) -> list[str]:
        return [value_key(c.args) for c in candidates_for(TASK, TestgenConfig(seed=seed))[1]]

    assert make(0) == make(0)
    assert make(0) != make(1)


def test_type_hints_stand_in_for_missing_seeds() -> None:
    task = Task("t/h", "", "f", "def f(a: int, b: List[str]) -> int:\n    return a\n",
                (TestCase("t", code="assert f(*ARGS) == 1"),))
    seeds, candidates = candidates_for(task, TestgenConfig(mutations=10, properties=5))
    assert seeds == [] and candidates
    assert {"hint", "property"} <= {tag for c in candidates for tag in c.tags}
    assert all(isinstance(c.args[0], int) and isinstance(c.args[1], list) for c in candidates)


def test_nothing_to_go_on_gives_nothing() -> None:
    task = Task("t/n", "", "f", "def f(a):\n    return a\n", (TestCase("t", code="assert f(g()) == 1"),))
    assert candidates_for(task, TestgenConfig()) == ([], [])


def test_property_inputs_follow_the_seed_shapes() -> None:
    shapes = (shape_of([(1, "a")]), shape_of({"k": 2.5}))
    drawn = property_inputs(shapes, 25, seed=3)
    assert drawn == property_inputs(shapes, 25, seed=3)
    assert 10 <= len(drawn) <= 25
    for xs, mapping in drawn:
        assert all(isinstance(x, tuple) and isinstance(x[0], int) and isinstance(x[1], str) for x in xs)
        assert all(isinstance(k, str) and isinstance(v, float) for k, v in mapping.items())


def test_reference_constants_probe_both_sides_of_each_branch() -> None:
    reference = "def grade(x, s):\n    if x >= 10 and s != 'stop':\n        return 1\n    return 0\n"
    task = Task("t/c", "", "grade", reference, (TestCase("t", code="assert grade(3, 'go') == 0"),))
    _, candidates = candidates_for(task, TestgenConfig(mutations=0, properties=0))
    args = {c.args for c in candidates}
    assert {(9, "go"), (10, "go"), (11, "go"), (3, "stop")} <= args


@pytest.mark.parametrize(("value", "seeds", "expected"), [
    (-1, [3, 0], True),
    (0, [3, 1], True),
    (0, [3, 0], False),
    (-1, [3, -2], False),
    ("", ["ab"], True),
    ([1, -2], [[1, 2], [3]], True),
    ([(1, "")], [[(1, "a")]], True),
    ([], [[1], []], False),
    (True, [False], False),
])
def test_beyond_the_seeds(value: object, seeds: list[object], expected: bool) -> None:
    [shape] = parameter_shapes([(seed,) for seed in seeds])
    assert beyond(value, shape) is expected


def test_candidates_outside_the_seed_domain_are_tagged() -> None:
    _, candidates = candidates_for(TASK, TestgenConfig(mutations=0, properties=0))
    tagged = [c.args for c in candidates if BEYOND_SEEDS in c.tags]
    assert ([], 2) in tagged and ([1, 2, 3], -1) in tagged and ([1, 2, 3], 1) not in tagged
