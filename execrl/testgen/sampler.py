"""Dynamic hidden tests for RL: a fresh, seeded subset of each task's generated tests at every step (or epoch).

The *visible* tests are the task's own (``Task.tests``: the examples in the prompt and the original asserts); the
*hidden* tests are the generated ones. A policy trained against a fixed set of inputs can learn those inputs; drawn
afresh per step, the hidden tests only reward behaviour that holds on inputs it has not seen. Generated tests never
repeat a visible input (``candidates.distinct``), so nothing hidden leaks into the prompt.

The sampler is a small frozen value: the subset for ``(task, step)`` depends only on ``seed``, ``step`` and the
task id, so a resumed run, another worker, or a later re-scoring draws exactly the same tests.

>>> from execrl.types import Task, TestCase
>>> hidden = {"t/0": tuple(TestCase(f"gen_{i}", inputs=(i,), expected=i) for i in range(10))}
>>> sampler = HiddenTestSampler(hidden, per_task=3, seed=1)
>>> task = Task("t/0", "", "f", "def f(x): return x", (TestCase("test_0", inputs=(0,), expected=0),))
>>> len(sampler.task_at(task, step=0).plus_tests), sampler.tests_for("t/0", 5) == sampler.tests_for("t/0", 5)
(3, True)
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from execrl.testgen.store import read_suites, suite_tests
from execrl.testgen.suite import EDGE
from execrl.types import Task, TestCase


@dataclass(frozen=True)
class HiddenTestSampler:
    """``per_task`` hidden tests per task per step, at least ``edge_share`` of them edge cases when the task has
    that many (so the ``edge`` reward stays measurable)."""

    hidden: Mapping[str, tuple[TestCase, ...]]  # task id -> hidden tests to draw from
    per_task: int = 8
    seed: int = 0
    edge_share: float = 0.25

    def __post_init__(self) -> None:
        if self.per_task < 1:
            raise ValueError(f"HiddenTestSampler.per_task must be at least 1, got {self.per_task!r}")
        if not 0.0 <= self.edge_share <= 1.0:
            raise ValueError(f"HiddenTestSampler.edge_share must be in [0, 1], got {self.edge_share!r}")

    @classmethod
    def from_file(cls, path: Path | str, *, reduced: bool = False, per_task: int = 8, seed: int = 0,
                  edge_share: float = 0.25, exclude: frozenset[str] = frozenset()) -> HiddenTestSampler:
        """Hidden tests from an ``execrl testgen`` output: the full suites (default) or the reduced ones, without
        the tests tagged with anything in ``exclude``."""
        suites = read_suites(Path(path))
        hidden = {task_id: suite_tests(suite, reduced, exclude) for task_id, suite in suites.items()}
        return cls(hidden, per_task, seed, edge_share)

    def tests_for(self, task_id: str, step: int) -> tuple[TestCase, ...]:
        """The hidden tests of ``task_id`` at ``step``, in their suite order; all of them if there are few."""
        pool = self.hidden.get(task_id, ())
        if len(pool) <= self.per_task:
            return pool
        rng = random.Random(f"{self.seed}:{step}:{task_id}")
        edges = [i for i, test in enumerate(pool) if EDGE in test.tags]
        others = [i for i, test in enumerate(pool) if EDGE not in test.tags]
        quota = min(len(edges), round(self.per_task * self.edge_share))
        chosen = rng.sample(edges, quota)
        rest = [i for i in edges + others if i not in set(chosen)]
        chosen += rng.sample(rest, self.per_task - quota)
        return tuple(pool[i] for i in sorted(chosen))

    def task_at(self, task: Task, step: int) -> Task:
        """``task`` with this step's hidden tests as its ``plus_tests`` (the visible ``tests`` unchanged); a task
        with no hidden tests is returned as it is."""
        if task.task_id not in self.hidden:
            return task
        return replace(task, plus_tests=self.tests_for(task.task_id, step))

    def tasks_at(self, tasks: Sequence[Task], step: int) -> list[Task]:
        return [self.task_at(task, step) for task in tasks]
