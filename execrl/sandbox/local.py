"""``LocalExecutor``: a pool of warm, isolated worker processes on this machine.

Workers are fresh small interpreters (never forks of the caller, which may hold a multi-GiB model: forking that
costs tens of milliseconds). Each worker sets up its isolation once and forks one contained child per request.
A worker that dies is replaced; its request is retried once and then reported as ``Outcome.INFRA_ERROR``,
never as a failed program.
"""

from __future__ import annotations

import logging
import os
import pickle
import selectors
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

from execrl.errors import IsolationUnavailable, WorkerCrashed
from execrl.sandbox._isolation import WorkerConfig
from execrl.sandbox._wire import read_frame, write_frame
from execrl.types import ErrorInfo, ErrorOrigin, ExecRequest, ExecResult, Isolation, IsolationLevel, Outcome

log = logging.getLogger(__name__)

_STARTUP_TIMEOUT_S = 60.0
_GRACE_S = 10.0  # beyond a request's own time limit before the worker itself is presumed stuck
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])


class _Worker:
    def __init__(self, slot: int, isolate: bool) -> None:
        self.slot = slot
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
               "PYTHONPATH": _PACKAGE_PARENT, "LANG": "C.UTF-8"}
        self.process = subprocess.Popen([sys.executable, "-m", "execrl.sandbox._worker"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=env, close_fds=True)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.to_worker, self.from_worker = self.process.stdin.fileno(), self.process.stdout.fileno()
        write_frame(self.to_worker, pickle.dumps(WorkerConfig(slot=slot, isolate=isolate)))
        self.isolation = self._handshake()
        self.busy_with: int | None = None
        self.busy_until = 0.0

    def _handshake(self) -> Isolation:
        ready = selectors.DefaultSelector()
        ready.register(self.from_worker, selectors.EVENT_READ)
        if not ready.select(_STARTUP_TIMEOUT_S):
            self.kill()
            raise WorkerCrashed(f"sandbox worker {self.slot} did not start within {_STARTUP_TIMEOUT_S:.0f} s")
        try:
            isolation = pickle.loads(read_frame(self.from_worker))
        except EOFError:
            self.kill()
            raise WorkerCrashed(f"sandbox worker {self.slot} exited during start-up "
                                f"(exit code {self.process.wait()})") from None
        assert isinstance(isolation, Isolation)
        return isolation

    def submit(self, index: int, request: ExecRequest) -> None:
        self.busy_with = index
        self.busy_until = time.monotonic() + request.limits.timeout_s * 2 + _GRACE_S
        write_frame(self.to_worker, pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))

    def receive(self) -> ExecResult:
        result = pickle.loads(read_frame(self.from_worker))
        assert isinstance(result, ExecResult)
        self.busy_with = None
        return result

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


class LocalExecutor:
    """Runs requests on ``workers`` warm worker processes (default: one per core).

    ``require_isolation=True`` refuses to run unless every mechanism is in force (``IsolationLevel.FULL``);
    otherwise a weaker level is used, logged once, and reported in every result.

    >>> with LocalExecutor(workers=1) as executor:
    ...     executor.run([ExecRequest("print(6 * 7)")])[0].stdout
    '42\\n'
    """

    def __init__(self, workers: int | None = None, *, require_isolation: bool = False, isolate: bool = True) -> None:
        count = workers if workers is not None else (os.cpu_count() or 1)
        if count < 1:
            raise ValueError(f"workers must be at least 1, got {count}")
        self._count, self._isolate, self._require = count, isolate, require_isolation
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()

    @property
    def isolation(self) -> Isolation:
        self._start()
        return self._workers[0].isolation

    def run(self, requests: Sequence[ExecRequest]) -> list[ExecResult]:
        results: list[ExecResult | None] = [None] * len(requests)
        for index, result in self.run_unordered(requests):
            results[index] = result
        assert all(r is not None for r in results)
        return [r for r in results if r is not None]

    def run_unordered(self, requests: Sequence[ExecRequest]) -> Iterator[tuple[int, ExecResult]]:
        """Yield ``(index, result)`` as each request finishes, for callers that write results as they come."""
        with self._lock:
            self._start()
            yield from _Dispatch(self, requests).results()

    def close(self) -> None:
        for worker in self._workers:
            worker.kill()
        self._workers = []

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()

    def _start(self) -> None:
        while len(self._workers) < self._count:
            self._workers.append(self._new_worker(len(self._workers)))

    def _new_worker(self, slot: int) -> _Worker:
        worker = _Worker(slot, self._isolate)
        level = worker.isolation.level
        if self._require and level is not IsolationLevel.FULL:
            worker.kill()
            raise IsolationUnavailable(f"isolation is {level.value}, not full: {'; '.join(worker.isolation.notes)}")
        if level is not IsolationLevel.FULL and slot == 0:
            log.warning("sandbox isolation is %s: %s", level.value, "; ".join(worker.isolation.notes))
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        worker.kill()
        fresh = self._new_worker(worker.slot)
        self._workers[self._workers.index(worker)] = fresh
        return fresh


class _Dispatch:
    """One batch: keep every worker busy, collect results, retry once what a dying worker had."""

    def __init__(self, executor: LocalExecutor, requests: Sequence[ExecRequest]) -> None:
        self.executor, self.requests = executor, requests
        self.pending = deque(range(len(requests)))
        self.attempts = [0] * len(requests)
        self.selector = selectors.DefaultSelector()

    def results(self) -> Iterator[tuple[int, ExecResult]]:
        remaining = len(self.requests)
        for worker in list(self.executor._workers):
            self._feed(worker)
        while remaining:
            for index, result in self._collect():
                remaining -= 1
                yield index, result
        self.selector.close()

    def _feed(self, worker: _Worker) -> None:
        if not self.pending:
            return
        index = self.pending.popleft()
        self.attempts[index] += 1
        worker.submit(index, self.requests[index])
        self.selector.register(worker.from_worker, selectors.EVENT_READ, worker)

    def _collect(self) -> Iterator[tuple[int, ExecResult]]:
        for key, _ in self.selector.select(timeout=1.0):
            worker: _Worker = key.data
            self.selector.unregister(worker.from_worker)
            index = worker.busy_with
            assert index is not None
            try:
                result = worker.receive()
            except (EOFError, OSError, pickle.UnpicklingError):
                yield from self._lost(worker, index, "the sandbox worker died")
                continue
            self._feed(worker)
            yield index, result
        yield from self._check_stuck()

    def _check_stuck(self) -> Iterator[tuple[int, ExecResult]]:
        now = time.monotonic()
        for worker in list(self.executor._workers):
            if worker.busy_with is not None and now > worker.busy_until:
                self.selector.unregister(worker.from_worker)
                yield from self._lost(worker, worker.busy_with, "the sandbox worker stopped responding")

    def _lost(self, worker: _Worker, index: int, why: str) -> Iterator[tuple[int, ExecResult]]:
        fresh = self.executor._replace(worker)
        if self.attempts[index] < 2:
            self.pending.appendleft(index)
        else:
            log.error("request %d: %s twice; reported as an infrastructure error", index, why)
            error = ErrorInfo("WorkerCrashed", why, origin=ErrorOrigin.SANDBOX)
            yield index, ExecResult(Outcome.INFRA_ERROR, isolation=worker.isolation, error=error)
        self._feed(fresh)
