"""``CoalescingExecutor``: many callers, one executor, full batches.

A trainer such as OpenRLHF sends one sample per HTTP request, many at once. Run one by one, each would occupy one
sandbox worker while the others idle (``LocalExecutor.run`` takes one batch at a time). This wrapper is itself an
``Executor``: concurrent ``run`` calls queue up while the current batch executes, and the next batch is all of them
together, so the pool stays busy without a timer or a tuning knob. Each caller gets back exactly its own results,
as soon as they are all in (with an executor that has ``run_unordered``): a caller is not held up by another's
slow program in the same batch.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType

from execrl.errors import SandboxError
from execrl.sandbox.base import Executor
from execrl.types import ExecRequest, ExecResult


@dataclass
class _Job:
    requests: Sequence[ExecRequest]
    done: threading.Event = field(default_factory=threading.Event)
    results: list[ExecResult] = field(default_factory=list)
    error: BaseException | None = None


class CoalescingExecutor:
    """Merges concurrent ``run`` calls into batches of up to ``max_batch`` requests for ``inner``.

    >>> from execrl.sandbox import FakeExecutor
    >>> with CoalescingExecutor(FakeExecutor()) as executor:
    ...     executor.run([ExecRequest("x = 1")])[0].passed
    True
    """

    def __init__(self, inner: Executor, max_batch: int = 1024) -> None:
        self.inner, self.max_batch = inner, max_batch
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="execrl-coalescer", daemon=True)
        self._thread.start()
        self.batches = 0  # executor calls made, for tests and benchmarks

    def run(self, requests: Sequence[ExecRequest]) -> list[ExecResult]:
        if not requests:
            return []
        if not self._thread.is_alive():
            raise SandboxError("the executor has been closed")
        job = _Job(requests)
        self._queue.put(job)
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.results

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()

    def __enter__(self) -> CoalescingExecutor:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _serve(self) -> None:
        while (job := self._queue.get()) is not None:
            jobs, size = [job], len(job.requests)
            while size < self.max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)  # stop after this batch
                    break
                jobs.append(more)
                size += len(more.requests)
            self._execute(jobs)

    def _execute(self, jobs: list[_Job]) -> None:
        batch = [request for job in jobs for request in job.requests]
        owners = [(job, position) for job in jobs for position in range(len(job.requests))]
        for job in jobs:
            job.results = [None] * len(job.requests)  # type: ignore[list-item]  # filled below, checked on release
        waiting = {id(job): len(job.requests) for job in jobs}
        try:
            for index, result in self._unordered(batch):
                job, position = owners[index]
                job.results[position] = result
                waiting[id(job)] -= 1
                if waiting[id(job)] == 0:  # released now, not when the slowest request of the batch ends
                    job.done.set()
            if any(waiting.values()):
                raise SandboxError(f"the executor left {sum(waiting.values())} of {len(batch)} requests unanswered")
        except BaseException as error:  # handed to every caller still waiting on this batch
            for job in jobs:
                if not job.done.is_set():
                    job.error = error
                    job.done.set()
            return
        self.batches += 1

    def _unordered(self, batch: list[ExecRequest]) -> Iterator[tuple[int, ExecResult]]:
        """``(index, result)`` as requests finish when the executor can say so (local and Ray pools), else in order."""
        run_unordered = getattr(self.inner, "run_unordered", None)
        if callable(run_unordered):
            yield from run_unordered(batch)
            return
        results = self.inner.run(batch)
        if len(results) != len(batch):
            raise SandboxError(f"the executor answered {len(results)} results for {len(batch)} requests")
        yield from enumerate(results)
