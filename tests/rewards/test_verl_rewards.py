"""verl's compute_score contract, with a scripted executor."""

from __future__ import annotations

import math

import pytest

from execrl.errors import ConfigError, SandboxError
from execrl.rewards import Component, RewardSpec, verl_rewards
from execrl.sandbox.fake import FakeExecutor, all_pass
from execrl.types import ErrorInfo, ErrorOrigin, ExecRequest, ExecResult, Outcome, Task, TestCase

TASK = Task("T/0", "def inc(x):\n", "inc", "def inc(x):\n    return x + 1\n",
            (TestCase("t0", code="assert candidate(1) == 2"),))
SPEC = RewardSpec(weights={Component.FUNCTIONAL: 1.0, Component.EDGE: 1.0})


@pytest.fixture(autouse=True)
def configured() -> None:
    verl_rewards.configure([TASK], SPEC, FakeExecutor())


def test_compute_score_returns_the_total_and_every_component() -> None:
    row = verl_rewards.compute_score("humaneval", "```python\ndef inc(x):\n    return x + 1\n```", "T/0")
    assert row["score"] == 1.0 and row["functional"] == 1.0 and row["hacked"] == 0.0
    assert math.isnan(row["edge"])  # no edge tests: NaN, which verl's averages skip


def test_the_task_comes_from_extra_info_or_ground_truth() -> None:
    rows = verl_rewards.compute_score_batch(["x", "x"], ["    return x + 1\n"] * 2, [{"task_id": "T/0"}, "ignored"],
                                            [None, {"task_id": "T/0"}])
    assert [row["score"] for row in rows] == [1.0, 1.0]
    with pytest.raises(ConfigError, match="cannot tell the task"):
        verl_rewards.compute_score("x", "    return x\n", 42)


def test_an_infrastructure_failure_is_retried_then_raised() -> None:
    attempts: list[str] = []

    def flaky(request: ExecRequest) -> ExecResult:
        attempts.append(request.program)
        if request.program == TASK.reference or len(attempts) > 2:
            return all_pass(request)
        return ExecResult(Outcome.INFRA_ERROR, error=ErrorInfo("WorkerCrashed", "gone", origin=ErrorOrigin.SANDBOX))

    verl_rewards.configure([TASK], SPEC, FakeExecutor(flaky))
    assert verl_rewards.compute_score("x", "    return x + 2\n", "T/0")["score"] == 1.0  # the retry succeeded
    verl_rewards.configure([TASK], SPEC, FakeExecutor(lambda r: flaky(r) if r.program == TASK.reference else
                                                      ExecResult(Outcome.INFRA_ERROR)))
    with pytest.raises(SandboxError, match="cannot mask"):
        verl_rewards.compute_score("x", "    return x + 3\n", "T/0")
