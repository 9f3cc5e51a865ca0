"""``RayExecutor``: the ``Executor`` interface over a Ray cluster, one warm sandbox pool per node.

Each node runs ``pools_per_node`` Ray actors, each holding a ``LocalExecutor`` (the same warm, isolated workers as
on one machine). A batch is cut into chunks; each chunk goes to the pool with the fewest chunks in flight, and a
pool never has more than ``max_chunks_in_flight`` (backpressure: the rest waits on the driver, not in the object
store). Actors run one chunk at a time, so the second chunk in flight only hides the round trip.

When a pool is lost (its process killed, its node gone, a chunk past its deadline), the pool is replaced and its
chunks are sent again; a chunk lost ``max_attempts`` times comes back as ``Outcome.INFRA_ERROR`` in each of its
slots, which rewards mask (``total=None``), never score 0. Every request gets exactly one result: results are
placed by index, and an answer from a chunk that was already given up on is never read.

Ray is imported here only, so ``execrl.sandbox`` stays standard-library only.

>>> with RayExecutor(pools_per_node=1, workers_per_pool=1) as executor:   # doctest: +SKIP
...     executor.run([ExecRequest("print(6 * 7)")])[0].stdout
'42\\n'
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from execrl.errors import ConfigError, WorkerCrashed
from execrl.types import ErrorInfo, ErrorOrigin, ExecRequest, ExecResult, IsolationLevel, Outcome

log = logging.getLogger(__name__)

_CHUNK_GRACE_S = 120.0  # beyond the chunk's own time limits before its pool is presumed lost


@dataclass(frozen=True)
class PoolInfo:
    """Where a sandbox pool runs: its actor's process id and node, and its workers' isolation."""

    pid: int
    node_id: str
    workers: int
    isolation: IsolationLevel
    cores: frozenset[int]  # the CPUs its sandbox workers are pinned within


class SandboxPool:
    """The Ray actor: a ``LocalExecutor`` started once and kept warm. Made remote in ``RayExecutor``."""

    def __init__(self, workers: int, index_on_node: int = 0) -> None:
        from execrl.sandbox.local import LocalExecutor

        _own_cores(workers, index_on_node)
        self.executor = LocalExecutor(workers=workers)
        self.workers = workers

    def info(self) -> PoolInfo:
        import ray

        level = self.executor.isolation.level  # starts the workers: the pool is warm once this answers
        return PoolInfo(os.getpid(), ray.get_runtime_context().get_node_id(), self.workers, level,
                        frozenset(os.sched_getaffinity(0)))

    def run(self, requests: Sequence[ExecRequest]) -> list[ExecResult]:
        return self.executor.run(requests)


def _own_cores(workers: int, index_on_node: int) -> None:
    """Give the ``index_on_node``-th pool of a node its own cores. Sandbox workers pin themselves to the
    ``slot``-th core they are allowed; without this, the first worker of every pool on a node would share core 0."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) > workers:
        first = index_on_node * workers
        os.sched_setaffinity(0, {cores[(first + i) % len(cores)] for i in range(workers)})


@dataclass
class DispatchStats:
    """Counters over the executor's life, for tests and benchmarks."""

    chunks_sent: int = 0
    chunks_lost: int = 0
    pools_replaced: int = 0
    requests_masked: int = 0  # answered INFRA_ERROR after max_attempts losses
    peak_in_flight: int = 0  # most chunks in flight on any one pool


@dataclass(eq=False)  # pools are compared by identity
class _Pool:
    handle: Any
    node_id: str
    index_on_node: int
    info: PoolInfo
    in_flight: int = 0


@dataclass(eq=False)
class _Chunk:
    indices: tuple[int, ...]
    attempts: int = 0
    deadline: float = 0.0
    pool: _Pool | None = field(default=None, repr=False)


class RayExecutor:
    """Runs requests on sandbox pools spread over a Ray cluster (see the module docstring).

    ``address`` is passed to ``ray.init`` when Ray is not initialised yet (None: start or join a local cluster).
    ``workers_per_pool`` defaults to the node's CPUs divided by ``pools_per_node``; each pool reserves that many
    Ray CPUs, so Ray never places more sandbox work on a node than it has cores.
    """

    def __init__(self, *, address: str | None = None, pools_per_node: int = 1, workers_per_pool: int | None = None,
                 chunk_size: int = 16, max_chunks_in_flight: int = 2, max_attempts: int = 3,
                 start_timeout_s: float = 300.0) -> None:
        for name, value in (("pools_per_node", pools_per_node), ("chunk_size", chunk_size),
                            ("max_chunks_in_flight", max_chunks_in_flight), ("max_attempts", max_attempts)):
            if value < 1:
                raise ConfigError(f"{name} must be at least 1, got {value}")
        if workers_per_pool is not None and workers_per_pool < 1:
            raise ConfigError(f"workers_per_pool must be at least 1, got {workers_per_pool}")
        import ray

        if not ray.is_initialized():
            ray.init(address=address)
        self.chunk_size, self.max_chunks_in_flight, self.max_attempts = chunk_size, max_chunks_in_flight, max_attempts
        self.start_timeout_s = start_timeout_s
        self.stats = DispatchStats()
        self._actor = ray.remote(SandboxPool)
        self._pools = self._start(pools_per_node, workers_per_pool)

    @property
    def pools(self) -> list[PoolInfo]:
        return [pool.info for pool in self._pools]

    def run(self, requests: Sequence[ExecRequest]) -> list[ExecResult]:
        results: list[ExecResult | None] = [None] * len(requests)
        for index, result in self.run_unordered(requests):
            assert results[index] is None, f"request {index} answered twice"
            results[index] = result
        assert all(r is not None for r in results)
        return [r for r in results if r is not None]

    def run_unordered(self, requests: Sequence[ExecRequest]) -> Iterator[tuple[int, ExecResult]]:
        """Yield ``(index, result)`` as chunks finish, each index exactly once."""
        yield from _Dispatch(self, requests).results()

    def close(self) -> None:
        import ray

        for pool in self._pools:
            ray.kill(pool.handle, no_restart=True)
        self._pools = []

    def __enter__(self) -> RayExecutor:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _start(self, pools_per_node: int, workers_per_pool: int | None) -> list[_Pool]:
        import ray

        alive = ray.nodes()  # type: ignore[no-untyped-call]
        nodes = [node for node in alive if node["Alive"] and node["Resources"].get("CPU", 0) >= 1]
        if not nodes:
            raise WorkerCrashed("the Ray cluster has no live node with a CPU")
        handles = []
        for node in nodes:
            workers = workers_per_pool or max(1, int(node["Resources"]["CPU"]) // pools_per_node)
            handles += [(self._spawn(node["NodeID"], workers, index), node["NodeID"], index)
                        for index in range(pools_per_node)]
        infos = self._wait_ready([handle for handle, _, _ in handles])
        return [_Pool(handle, node_id, index, info)
                for (handle, node_id, index), info in zip(handles, infos, strict=True)]

    def _wait_ready(self, handles: Sequence[Any]) -> list[PoolInfo]:
        import ray

        try:
            infos: list[PoolInfo] = ray.get([handle.info.remote() for handle in handles],
                                            timeout=self.start_timeout_s)
        except ray.exceptions.GetTimeoutError:
            for handle in handles:
                ray.kill(handle, no_restart=True)
            free = ray.available_resources().get("CPU", 0)  # type: ignore[no-untyped-call]
            raise WorkerCrashed(f"{len(handles)} sandbox pools did not start within {self.start_timeout_s:.0f} s; "
                                f"the cluster has {free:g} CPUs free (each pool reserves one per worker)") from None
        return infos

    def _spawn(self, node_id: str, workers: int, index_on_node: int) -> Any:
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        # soft: when the node is gone, a replacement pool starts wherever there is room
        placement = NodeAffinitySchedulingStrategy(node_id, soft=True)
        return self._actor.options(num_cpus=workers, max_restarts=0, max_task_retries=0,
                                   scheduling_strategy=placement).remote(workers, index_on_node)

    def replace(self, pool: _Pool) -> _Pool:
        """Kill ``pool`` (if it still runs) and start a fresh one on the same node."""
        import ray

        ray.kill(pool.handle, no_restart=True)
        handle = self._spawn(pool.node_id, pool.info.workers, pool.index_on_node)
        fresh = _Pool(handle, pool.node_id, pool.index_on_node, self._wait_ready([handle])[0])
        self._pools[self._pools.index(pool)] = fresh
        self.stats.pools_replaced += 1
        return fresh

    def idle_pool(self) -> _Pool | None:
        """The pool with the fewest chunks in flight, if it can take one more."""
        pool = min(self._pools, key=lambda p: p.in_flight, default=None)
        return pool if pool is not None and pool.in_flight < self.max_chunks_in_flight else None


class _Dispatch:
    """One batch: keep every pool fed, collect chunks, resend what a lost pool had."""

    def __init__(self, executor: RayExecutor, requests: Sequence[ExecRequest]) -> None:
        self.executor, self.requests = executor, requests
        # small batches are cut finer so that every pool gets some of the work
        size = max(1, min(executor.chunk_size, math.ceil(len(requests) / (2 * max(1, len(executor.pools))))))
        self.waiting = deque(_Chunk(tuple(range(start, min(start + size, len(requests)))))
                             for start in range(0, len(requests), size))
        self.in_flight: dict[Any, _Chunk] = {}

    def results(self) -> Iterator[tuple[int, ExecResult]]:
        import ray

        self._fill()
        while self.in_flight:
            ready, _ = ray.wait(list(self.in_flight), num_returns=1, timeout=1.0)
            done: list[tuple[int, ExecResult]] = []
            for ref in ready:
                if ref in self.in_flight:  # not already resent because its pool was replaced
                    done += self._collect(ref, self.in_flight.pop(ref))
            done += self._expire(time.monotonic())
            self._fill()  # before handing results over: pools keep working while the caller does
            yield from done

    def _fill(self) -> None:
        while self.waiting and (pool := self.executor.idle_pool()) is not None:
            chunk = self.waiting.popleft()
            batch = [self.requests[i] for i in chunk.indices]
            chunk.attempts += 1
            chunk.pool, chunk.deadline = pool, time.monotonic() + _chunk_budget(batch, pool.info.workers)
            self.in_flight[pool.handle.run.remote(batch)] = chunk
            pool.in_flight += 1
            self.executor.stats.chunks_sent += 1
            self.executor.stats.peak_in_flight = max(self.executor.stats.peak_in_flight, pool.in_flight)

    def _collect(self, ref: Any, chunk: _Chunk) -> Iterator[tuple[int, ExecResult]]:
        import ray

        assert chunk.pool is not None
        chunk.pool.in_flight -= 1
        try:
            results = ray.get(ref)
        except ray.exceptions.RayError as error:
            yield from self._lost(chunk, f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")
            return
        if len(results) != len(chunk.indices):
            yield from self._lost(chunk, f"the pool answered {len(results)} results for {len(chunk.indices)}")
            return
        yield from zip(chunk.indices, results, strict=True)

    def _expire(self, now: float) -> Iterator[tuple[int, ExecResult]]:
        for ref, chunk in list(self.in_flight.items()):
            if now > chunk.deadline:
                del self.in_flight[ref]  # its answer, should it come, is never read
                assert chunk.pool is not None
                chunk.pool.in_flight -= 1
                yield from self._lost(chunk, "the sandbox pool stopped responding")

    def _lost(self, chunk: _Chunk, why: str) -> Iterator[tuple[int, ExecResult]]:
        stats = self.executor.stats
        stats.chunks_lost += 1
        assert chunk.pool is not None
        pool = chunk.pool
        if pool in self.executor._pools:  # not replaced already for another chunk it held
            self._requeue_siblings(pool)
            self.executor.replace(pool)
        if chunk.attempts < self.executor.max_attempts:
            log.warning("a sandbox pool was lost (%s); its %d requests are sent again", why, len(chunk.indices))
            self.waiting.appendleft(chunk)
            return
        log.error("%d requests lost %d times (%s): reported as infrastructure errors", len(chunk.indices),
                  chunk.attempts, why)
        stats.requests_masked += len(chunk.indices)
        error = ErrorInfo("WorkerCrashed", f"the sandbox pool was lost {chunk.attempts} times: {why}",
                          origin=ErrorOrigin.SANDBOX)
        yield from ((index, ExecResult(Outcome.INFRA_ERROR, error=error)) for index in chunk.indices)

    def _requeue_siblings(self, pool: _Pool) -> None:
        """The other chunks queued on a pool being replaced die with it: send them again now, without waiting
        for Ray to report each one (their answers are never read)."""
        for ref, chunk in list(self.in_flight.items()):
            if chunk.pool is pool:
                del self.in_flight[ref]
                pool.in_flight -= 1
                self.executor.stats.chunks_lost += 1
                self.waiting.appendleft(chunk)


def _chunk_budget(batch: Sequence[ExecRequest], workers: int) -> float:
    """Generous wall time for a chunk: every request at twice its limit, spread over the pool's workers."""
    return sum(2 * request.limits.timeout_s for request in batch) / workers + _CHUNK_GRACE_S
