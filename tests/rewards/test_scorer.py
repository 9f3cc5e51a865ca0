"""The scorer's logic above the sandbox, with a scripted executor: batching, references, masking, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from execrl.errors import UnknownTaskError
from execrl.rewards import Component, ReferenceCache, RewardSpec, Scorer, score
from execrl.sandbox.fake import FakeExecutor, all_pass
from execrl.types import ErrorInfo, ErrorOrigin, ExecRequest, ExecResult, Outcome, Sample, Task, TestCase

TASK = Task("T/0", "def f(x):\n", "f", "def f(x):\n    return x\n",
            (TestCase("t0", code="assert candidate(1) == 1"), TestCase("t1", code="assert candidate(2) == 2")))
OTHER = Task("T/1", "def g(x):\n", "g", "def g(x):\n    return x\n", (TestCase("t0", code="assert candidate(1)"),))


def infra_for_samples(request: ExecRequest) -> ExecResult:
    if request.program == TASK.reference:
        return all_pass(request)
    return ExecResult(Outcome.INFRA_ERROR, error=ErrorInfo("WorkerCrashed", "gone", origin=ErrorOrigin.SANDBOX))


def samples(n: int) -> list[Sample]:
    return [Sample(TASK.task_id, "def f(x):\n    return x\n", index=i) for i in range(n)]


def test_one_executor_call_per_batch_after_the_references() -> None:
    fake = FakeExecutor()
    calls: list[int] = []
    run = fake.run
    fake.run = lambda requests: calls.append(len(requests)) or run(requests)  # type: ignore[method-assign]
    scorer = Scorer([TASK, OTHER], fake, RewardSpec.everything())
    scorer.score(samples(5))
    scorer.score(samples(3) + [Sample(OTHER.task_id, "def g(x):\n    return x\n")])
    assert calls == [1, 5, 1, 4]  # each reference once, when its task first appears; then one call per batch
    assert all(r.trace for r in fake.requests)  # efficiency is on: everything is traced


def test_an_infrastructure_failure_masks_the_sample_never_zero() -> None:
    sample = Sample(TASK.task_id, "def f(x):\n    return x + 0\n")
    [breakdown] = Scorer([TASK], FakeExecutor(infra_for_samples), RewardSpec.everything()).score([sample])
    assert breakdown.total is None and breakdown.masked
    assert set(breakdown.components.values()) == {None}
    assert breakdown.feedback == ("infrastructure error: WorkerCrashed: gone",)


def test_limits_scale_with_the_reference() -> None:
    slow_reference = lambda r: ExecResult(Outcome.OK, all_pass(r).tests, duration_s=2.0)  # noqa: E731
    fake = FakeExecutor(slow_reference)
    Scorer([TASK], fake, RewardSpec()).score(samples(1))
    reference, sample = fake.requests
    assert reference.limits.timeout_s == 60.0  # trusted to finish: the cap
    assert sample.limits.timeout_s == 8.0  # 4 x 2 s


@pytest.mark.parametrize("peak_mb, expected_mb", [(None, 512), (50.0, 512), (300.0, 1200), (5000.0, 4096)])
def test_memory_limits_scale_with_the_reference_peak(peak_mb: float | None, expected_mb: int) -> None:
    hungry_reference = lambda r: ExecResult(Outcome.OK, all_pass(r).tests, peak_memory_mb=peak_mb)  # noqa: E731
    fake = FakeExecutor(hungry_reference)
    Scorer([TASK], fake, RewardSpec()).score(samples(1))
    assert fake.requests[1].limits.memory_mb == expected_mb


def test_reference_profiles_persist_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "references.jsonl"
    first = FakeExecutor()
    Scorer([TASK], first, references=ReferenceCache(path=path)).score(samples(1))
    second = FakeExecutor()
    Scorer([TASK], second, references=ReferenceCache(path=path)).score(samples(1))
    assert len(first.requests) == 2 and len(second.requests) == 1  # the second run did not profile again


def test_unknown_task_is_named() -> None:
    with pytest.raises(UnknownTaskError, match="'T/9'"):
        score([TASK], [Sample("T/9", "x = 1")], FakeExecutor())


def test_the_plain_api_returns_one_breakdown_per_sample_in_order() -> None:
    breakdowns = score([TASK], samples(2) + [Sample(TASK.task_id, "def f(x) return", index=7)], FakeExecutor(),
                       RewardSpec(weights={Component.FUNCTIONAL: 1.0, Component.DIAGNOSTICS: 1.0}))
    assert [b.component(Component.DIAGNOSTICS) for b in breakdowns] == [1.0, 1.0, 0.0]
