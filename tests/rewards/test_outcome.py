"""Outcome components on real programs run by the real sandbox: syntax, functional, edge cases, efficiency."""

from __future__ import annotations

from dataclasses import replace

import pytest

from execrl.rewards import Component, RewardSpec, Scorer
from execrl.rewards.base import RewardBreakdown
from execrl.sandbox.local import LocalExecutor
from execrl.types import Sample, Task

ALL = RewardSpec.everything()
HEADER = "def strlen(string: str) -> int:\n"

# name -> (body of strlen, expected values; a (low, high) pair is a range)
TABLE: dict[str, tuple[str, dict[str, object]]] = {
    "correct": ("    return len(string)\n",
                {"syntax": 1.0, "functional": 1.0, "edge": 1.0, "efficiency": 1.0, "total": 1.0}),
    "wrong": ("    return -1\n", {"syntax": 1.0, "functional": 0.0, "edge": 0.0, "efficiency": 0.0}),
    "partially right": ("    return len(string) if string else 1\n",
                        {"syntax": 1.0, "functional": 2 / 3, "edge": 0.0, "efficiency": 2 / 3}),
    "slow": ("    count = 0\n    for _ in string:\n        count += 1\n    return count\n",
             {"syntax": 1.0, "functional": 1.0, "edge": 1.0, "efficiency": (0.05, 0.6)}),
    "endless": ("    while True:\n        pass\n", {"syntax": 1.0, "functional": 0.0, "edge": 0.0, "efficiency": 0.0}),
    "crashing": ("    return len(string) / 0\n", {"syntax": 1.0, "functional": 0.0, "edge": 0.0}),
    "hacked": ("    import os\n    os._exit(0)\n", {"syntax": 1.0, "functional": 0.0, "total": 0.0}),
    "malformed": ("    return len(string\n", {"syntax": 0.0, "functional": 0.0, "edge": 0.0, "efficiency": 0.0,
                                              "diagnostics": 0.0, "naming": 0.0, "structure": 0.0, "calls": 0.0,
                                              "total": 0.0}),
}


@pytest.fixture(scope="module")
def strlen_task(humaneval: dict[str, Task]) -> Task:
    """HumanEval/23 with its empty-string test tagged as an edge case (as test generation would tag it)."""
    task = humaneval["HumanEval/23"]
    first, *rest = task.tests
    return replace(task, tests=(replace(first, tags=frozenset({"edge"})), *rest))


@pytest.fixture(scope="module")
def scored(executor: LocalExecutor, strlen_task: Task) -> dict[str, RewardBreakdown]:
    samples = [Sample(strlen_task.task_id, strlen_task.prompt.split(HEADER)[0] + HEADER + body, index=i)
               for i, (body, _) in enumerate(TABLE.values())]
    return dict(zip(TABLE, Scorer([strlen_task], executor, ALL).score(samples), strict=True))


@pytest.mark.parametrize("name", list(TABLE))
def test_outcome_components(scored: dict[str, RewardBreakdown], name: str) -> None:
    breakdown = scored[name]
    for key, expected in TABLE[name][1].items():
        value = breakdown.total if key == "total" else breakdown.components[key]
        assert value is not None, key
        if isinstance(expected, tuple):
            assert expected[0] <= value <= expected[1], (key, value)
        else:
            assert value == pytest.approx(expected), (key, value)


def test_the_compiler_message_is_kept_as_feedback(scored: dict[str, RewardBreakdown]) -> None:
    assert scored["malformed"].feedback == ("does not compile: SyntaxError: '(' was never closed (line 4)",)
    assert "ZeroDivisionError" in scored["crashing"].feedback[0]


def test_only_the_hacked_program_is_flagged(scored: dict[str, RewardBreakdown]) -> None:
    assert [name for name, b in scored.items() if b.flags] == ["hacked"]


def test_binary_functional_is_all_or_nothing(executor: LocalExecutor, strlen_task: Task) -> None:
    spec = RewardSpec(weights={Component.FUNCTIONAL: 1.0}, binary=True)
    programs = [strlen_task.reference, strlen_task.prompt + TABLE["partially right"][0]]
    totals = [b.total for b in Scorer([strlen_task], executor, spec).score(
        [Sample(strlen_task.task_id, p, index=i) for i, p in enumerate(programs)])]
    assert totals == [1.0, 0.0]


def test_a_task_without_edge_tests_has_no_edge_value(executor: LocalExecutor, humaneval: dict[str, Task]) -> None:
    task = humaneval["HumanEval/23"]
    [breakdown] = Scorer([task], executor, ALL).score([Sample(task.task_id, task.reference)])
    assert breakdown.components["edge"] is None
    assert breakdown.total == 1.0  # renormalised over the components that have a value


def test_efficiency_ranks_programs_by_work_not_time(executor: LocalExecutor, humaneval: dict[str, Task]) -> None:
    task = humaneval["HumanEval/13"]  # greatest_common_divisor
    euclid = task.prompt + "    while b:\n        a, b = b, a % b\n    return a\n"
    brute = task.prompt + "    return max(d for d in range(1, min(a, b) + 1) if a % d == 0 and b % d == 0)\n"
    spec = RewardSpec(weights={Component.EFFICIENCY: 1.0})
    first = Scorer([task], executor, spec).score([Sample(task.task_id, euclid), Sample(task.task_id, brute, index=1)])
    again = Scorer([task], executor, spec).score([Sample(task.task_id, euclid), Sample(task.task_id, brute, index=1)])
    assert [b.total for b in first] == [b.total for b in again]  # line events do not depend on machine load
    assert first[0].total == 1.0
    assert first[1].total is not None and first[1].total < 0.75
