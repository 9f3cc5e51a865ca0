"""``RayExecutor`` on a real local Ray cluster: same results as the local pool, and no result lost or doubled when
a pool's process is killed mid-batch."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest

from execrl.distributed.ray_executor import RayExecutor
from execrl.errors import ConfigError
from execrl.rewards import RewardSpec, Scorer
from execrl.sandbox.local import LocalExecutor
from execrl.tasks import load_tasks
from execrl.types import (
    ExecRequest,
    ExecResult,
    IsolationLevel,
    Limits,
    Outcome,
    Sample,
    Task,
    TestCase,
    TestStatus,
)

SLOW = "import time\ntime.sleep({delay})\nprint({index})\n"


@pytest.fixture(scope="module")
def executor(ray_cluster: None) -> Iterator[RayExecutor]:
    with RayExecutor(pools_per_node=2, workers_per_pool=1, chunk_size=4) as pools:
        yield pools


@pytest.fixture(scope="module")
def tasks() -> list[Task]:
    return load_tasks("humaneval")[:12]


def mixed_requests(tasks: list[Task]) -> list[ExecRequest]:
    requests = [ExecRequest(t.reference, t.tests, t.entry_point, t.test_setup) for t in tasks]
    return requests + [
        ExecRequest("def f(x):\n    return x + 1\n", (TestCase("t", inputs=((1, 2),), expected={1}),), entry_point="f"),
        ExecRequest("import os\nos._exit(3)\n"),
        ExecRequest("def f(:\n"),
        ExecRequest("while True:\n    pass\n", limits=Limits(timeout_s=1)),
        ExecRequest("print(input()[::-1])", stdin="abc"),
    ]


def test_pools_are_warm_and_isolated(executor: RayExecutor) -> None:
    assert len(executor.pools) == 2 and len({p.pid for p in executor.pools}) == 2
    assert all(p.isolation is IsolationLevel.FULL and p.workers == 1 for p in executor.pools)
    if len(os.sched_getaffinity(0)) >= 2:  # pools of one node do not pin their workers to the same core
        assert not executor.pools[0].cores & executor.pools[1].cores


def test_same_results_as_the_local_executor(executor: RayExecutor, tasks: list[Task]) -> None:
    requests = mixed_requests(tasks)
    with LocalExecutor(workers=1) as local:
        expected = local.run(requests)
    results = executor.run(requests)

    def verdicts(answers: list[ExecResult]) -> list[tuple[Outcome, str, list[tuple[TestStatus, object]]]]:
        return [(r.outcome, r.stdout, [(t.status, t.actual) for t in r.tests]) for r in answers]

    assert verdicts(results) == verdicts(expected)
    assert [r.outcome for r in results[-5:]] == [Outcome.OK, Outcome.RUNTIME_ERROR, Outcome.SYNTAX_ERROR,
                                                 Outcome.TIMEOUT, Outcome.OK]
    assert all(r.passed for r in results[:len(tasks)])


def test_backpressure_bounds_the_chunks_in_flight_on_each_pool(executor: RayExecutor) -> None:
    executor.run([ExecRequest(f"print({i})") for i in range(64)])
    assert executor.stats.peak_in_flight <= executor.max_chunks_in_flight


def test_a_killed_pool_loses_no_result_and_doubles_none(executor: RayExecutor) -> None:
    requests = [ExecRequest(SLOW.format(delay=0.15, index=i)) for i in range(16)]
    lost_before = executor.stats.chunks_lost
    results: dict[int, str] = {}
    answered: Counter[int] = Counter()
    victim = executor.pools[0].pid
    for index, result in executor.run_unordered(requests):
        if not answered:
            os.kill(victim, signal.SIGKILL)
        answered[index] += 1
        results[index] = result.stdout
        assert result.outcome is Outcome.OK, result  # retried, never an infrastructure error nor a failure
    assert answered == Counter(range(16))  # every index exactly once
    assert results == {i: f"{i}\n" for i in range(16)}  # and each with its own answer
    assert executor.stats.chunks_lost > lost_before  # the kill did hit work in flight
    assert victim not in {pool.pid for pool in executor.pools} and len(executor.pools) == 2


def test_lost_samples_are_masked_never_scored_zero(ray_cluster: None, tasks: list[Task]) -> None:
    task = tasks[0]
    body = task.reference.removeprefix(task.prompt)
    samples = [Sample(task.task_id, task.prompt + body + "\nimport time\ntime.sleep(0.3)\n", index=i)
               for i in range(6)]
    with RayExecutor(pools_per_node=1, workers_per_pool=1, chunk_size=3, max_attempts=1) as single:
        scorer = Scorer(tasks[:1], single, RewardSpec(weights={"functional": 1.0}))
        scorer.prepare()
        victim = single.pools[0].pid
        killer = _kill_when_busy(single, victim)
        breakdowns = scorer.score(samples)
        killer.join()
    totals = [b.total for b in breakdowns]
    assert None in totals  # the chunk in flight was lost and, with max_attempts=1, masked
    assert 0.0 not in totals and all(t in (None, 1.0) for t in totals)
    assert single.stats.requests_masked == totals.count(None)


def _kill_when_busy(executor: RayExecutor, pid: int) -> threading.Thread:
    """SIGKILL ``pid`` shortly after the executor sends its next chunk (so while that chunk is executing)."""
    sent = executor.stats.chunks_sent

    def kill() -> None:
        deadline = time.monotonic() + 30
        while executor.stats.chunks_sent == sent and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        os.kill(pid, signal.SIGKILL)

    thread = threading.Thread(target=kill)
    thread.start()
    return thread


def test_bad_options_are_refused(ray_cluster: None) -> None:
    with pytest.raises(ConfigError, match="chunk_size must be at least 1, got 0"):
        RayExecutor(chunk_size=0)


def test_the_service_can_execute_on_ray_pools(ray_cluster: None) -> None:
    from execrl.serve.command import Args, build_service

    service = build_service(Args(ray_address="auto", workers=1, allow_anonymous=True))
    try:
        results = service.execute([ExecRequest(f"print({i} * 2)") for i in range(6)])
    finally:
        service.close()
    assert [r.stdout for r in results] == [f"{i * 2}\n" for i in range(6)]
