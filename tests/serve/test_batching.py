from __future__ import annotations

import doctest
import importlib
import threading
import time
from collections.abc import Iterator, Sequence

import pytest

from execrl.errors import SandboxError
from execrl.sandbox import FakeExecutor
from execrl.serve.batching import CoalescingExecutor
from execrl.serve.limits import RateLimiter
from execrl.types import ExecRequest, ExecResult, Outcome


@pytest.mark.parametrize("name", ["execrl.serve.batching", "execrl.serve.limits", "execrl.serve.command"])
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0


class GatedExecutor:
    """Holds its first batch until released, so that other callers queue up behind it."""

    def __init__(self) -> None:
        self.batches: list[int] = []
        self.entered, self.release = threading.Event(), threading.Event()

    def run(self, requests: Sequence[ExecRequest]) -> list[ExecResult]:
        if not self.batches:
            self.entered.set()
            self.release.wait(10)
        self.batches.append(len(requests))
        return [ExecResult(Outcome.OK, stdout=r.program) for r in requests]


def test_concurrent_callers_share_one_batch_and_get_their_own_results() -> None:
    inner = GatedExecutor()
    answers: dict[int, list[str]] = {}
    with CoalescingExecutor(inner) as executor:
        def call(caller: int) -> None:
            answers[caller] = [r.stdout for r in executor.run([ExecRequest(f"{caller}-{i}") for i in range(caller)])]

        first = threading.Thread(target=call, args=(1,))
        first.start()
        assert inner.entered.wait(10)  # the first batch is being executed, and held
        others = [threading.Thread(target=call, args=(n,)) for n in (2, 3, 4)]
        for thread in others:
            thread.start()
        while executor._queue.qsize() < 3:
            time.sleep(0.001)
        inner.release.set()
        for thread in [first, *others]:
            thread.join()
    assert inner.batches == [1, 9]  # the three waiting callers went in one batch
    assert answers == {n: [f"{n}-{i}" for i in range(n)] for n in (1, 2, 3, 4)}


def test_an_executor_failure_reaches_every_caller_of_that_batch() -> None:
    def fail(request: ExecRequest) -> ExecResult:
        raise SandboxError("pool gone")

    with CoalescingExecutor(FakeExecutor(fail)) as executor, pytest.raises(SandboxError, match="pool gone"):
        executor.run([ExecRequest("x = 1")])


def test_a_closed_executor_refuses_work() -> None:
    executor = CoalescingExecutor(FakeExecutor())
    executor.close()
    with pytest.raises(SandboxError, match="closed"):
        executor.run([ExecRequest("x = 1")])


def test_rate_limits_are_per_client() -> None:
    clock = iter([0.0, 0.0, 0.0, 0.5]).__next__
    limiter = RateLimiter(rate=2.0, burst=1, clock=clock)
    assert limiter.wait_s("a") == 0.0
    assert limiter.wait_s("b") == 0.0  # another client has its own bucket
    assert limiter.wait_s("a") == pytest.approx(0.5)
    assert limiter.wait_s("a") == 0.0  # half a second later at 2/s: a token is back


class SlowLastExecutor:
    """Answers out of order: every request at once, except programs named 'slow', held until released."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def run(self, requests: Sequence[ExecRequest]) -> list[ExecResult]:
        return [result for _, result in sorted(self.run_unordered(requests), key=lambda pair: pair[0])]

    def run_unordered(self, requests: Sequence[ExecRequest]) -> Iterator[tuple[int, ExecResult]]:
        slow = [i for i, r in enumerate(requests) if r.program == "slow"]
        yield from ((i, ExecResult(Outcome.OK, stdout=r.program)) for i, r in enumerate(requests) if i not in slow)
        self.release.wait(10)
        yield from ((i, ExecResult(Outcome.OK, stdout="slow")) for i in slow)


def test_a_caller_is_not_held_up_by_a_slow_program_of_another() -> None:
    inner = SlowLastExecutor()
    gate = GatedExecutor()  # holds the first batch so that both callers below land in the second one
    with CoalescingExecutor(inner) as executor:
        inner_run = executor.inner
        executor.inner = gate
        blocker = threading.Thread(target=executor.run, args=([ExecRequest("first")],))
        blocker.start()
        assert gate.entered.wait(10)
        executor.inner = inner_run
        answers: dict[str, list[str]] = {}
        callers = [threading.Thread(target=lambda name=name, programs=programs: answers.__setitem__(
            name, [r.stdout for r in executor.run([ExecRequest(p) for p in programs])]))
            for name, programs in (("slow", ["a", "slow"]), ("fast", ["b", "c"]))]
        for caller in callers:
            caller.start()
        while executor._queue.qsize() < 2:
            time.sleep(0.001)
        gate.release.set()
        callers[1].join(10)
        assert answers == {"fast": ["b", "c"]}  # done while the other caller's slow program still runs
        inner.release.set()
        callers[0].join(10)
        blocker.join(10)
    assert answers["slow"] == ["a", "slow"]
