"""The dynamic hidden-test sampler: seeded, fresh per step, edge quota, visible tests untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from execrl.testgen.sampler import HiddenTestSampler
from execrl.testgen.store import append_suites
from execrl.testgen.suite import EDGE, GeneratedSuite
from execrl.types import Task, TestCase

POOL = tuple(TestCase(f"gen_{i}", inputs=(i,), expected=i, tags=frozenset({EDGE}) if i % 10 == 0 else frozenset())
             for i in range(40))
TASK = Task("t/0", "", "f", "def f(x): return x", (TestCase("test_0", inputs=(-1,), expected=-1),))


def test_same_step_same_tests_other_steps_fresh() -> None:
    sampler = HiddenTestSampler({"t/0": POOL}, per_task=6, seed=3)
    draws = [sampler.tests_for("t/0", step) for step in range(5)]
    assert draws[2] == HiddenTestSampler({"t/0": POOL}, per_task=6, seed=3).tests_for("t/0", 2)
    assert len({d for d in draws}) == 5
    assert all(len(d) == 6 and len(set(d)) == 6 for d in draws)
    assert sampler.tests_for("t/0", 0) != HiddenTestSampler({"t/0": POOL}, per_task=6, seed=4).tests_for("t/0", 0)


def test_edge_quota_and_suite_order() -> None:
    sampler = HiddenTestSampler({"t/0": POOL}, per_task=8, edge_share=0.5)
    for step in range(10):
        drawn = sampler.tests_for("t/0", step)
        assert sum(EDGE in t.tags for t in drawn) >= 4
        assert [int(t.name[4:]) for t in drawn] == sorted(int(t.name[4:]) for t in drawn)


def test_task_at_keeps_visible_tests_and_leaves_unknown_tasks() -> None:
    sampler = HiddenTestSampler({"t/0": POOL}, per_task=4)
    task = sampler.task_at(TASK, 7)
    assert task.tests == TASK.tests and len(task.plus_tests) == 4
    other = Task("t/1", "", "f", "", (), plus_tests=(TestCase("p", inputs=(1,), expected=1),))
    assert sampler.tasks_at([other], 0) == [other]


def test_from_file_full_or_reduced(tmp_path: Path) -> None:
    path = tmp_path / "tests.jsonl"
    append_suites(path, [GeneratedSuite("t/0", "sha", POOL, ("gen_1", "gen_2"))])
    assert len(HiddenTestSampler.from_file(path, per_task=100).tests_for("t/0", 0)) == 40
    assert [t.name for t in HiddenTestSampler.from_file(path, reduced=True).tests_for("t/0", 0)] == ["gen_1", "gen_2"]
    no_edges = HiddenTestSampler.from_file(path, per_task=100, exclude=frozenset({EDGE})).tests_for("t/0", 0)
    assert len(no_edges) == 36 and not any(EDGE in t.tags for t in no_edges)


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="per_task"):
        HiddenTestSampler({}, per_task=0)
