"""Rewards for verl: ``compute_score(data_source, solution_str, ground_truth, extra_info=None)`` for its naive
reward manager, and ``compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos)`` for its batch
reward manager (one sandbox call per batch).

Point verl at this file (``custom_reward_function.path=.../execrl/rewards/verl_rewards.py``, ``name=compute_score``
or ``compute_score_batch``). Each row's task is ``extra_info["task_id"]`` or else ``ground_truth`` (a task id);
tasks come from ``configure(tasks, ...)`` or, in verl's worker processes, from ``$EXECRL_TASKS`` (a task source
name such as ``humaneval``, or a task file) and ``$EXECRL_REWARD_SPEC`` (a spec file).

Each call returns ``{"score": total, <component>: value, ..., "hacked": 0 or 1}``; verl logs the extra keys. A
missing component is NaN (verl averages numbers). verl has no way to leave one sample out, and a 0 would teach the
policy that a possibly correct program is wrong, so an infrastructure failure is retried once and then raised.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from execrl.errors import ConfigError, SandboxError
from execrl.rewards.base import RewardBreakdown
from execrl.rewards.spec import RewardSpec, load_spec
from execrl.rewards.trl_rewards import BatchScorer
from execrl.sandbox.base import Executor
from execrl.types import Task

TASKS_VARIABLE = "EXECRL_TASKS"
SPEC_VARIABLE = "EXECRL_REWARD_SPEC"

_shared: BatchScorer | None = None


def configure(tasks: Sequence[Task], spec: RewardSpec | None = None, executor: Executor | None = None) -> None:
    """Set the tasks (and optionally spec and sandbox) that ``compute_score`` scores against."""
    global _shared
    _shared = BatchScorer(tasks, spec or RewardSpec(), executor)


def compute_score(data_source: str, solution_str: str, ground_truth: Any, extra_info: Mapping[str, Any] | None = None,
                  **kwargs: Any) -> dict[str, float]:
    """verl's per-sample reward: the spec's total and every component of one answer."""
    return compute_score_batch([data_source], [solution_str], [ground_truth], [extra_info])[0]


def compute_score_batch(data_sources: Sequence[str], solution_strs: Sequence[str], ground_truths: Sequence[Any],
                        extra_infos: Sequence[Mapping[str, Any] | None] | None = None,
                        **kwargs: Any) -> list[dict[str, float]]:
    """verl's batched reward: one ``executor.run`` for every answer in the batch."""
    shared = _configured()
    infos = list(extra_infos) if extra_infos is not None else [None] * len(solution_strs)
    task_ids = [verl_task_id(truth, info) for truth, info in zip(ground_truths, infos, strict=True)]
    columns = {shared.task_column: task_ids}
    breakdowns = shared.score(list(solution_strs), columns)
    if any(b.masked for b in breakdowns):
        shared.forget_masked()
        breakdowns = shared.score(list(solution_strs), columns)
    return [verl_row(b) for b in breakdowns]


def verl_task_id(ground_truth: Any, extra_info: Mapping[str, Any] | None) -> str:
    """The task a verl row belongs to: ``extra_info["task_id"]``, else ``ground_truth`` (a task id or a mapping)."""
    if extra_info and "task_id" in extra_info:
        return str(extra_info["task_id"])
    if isinstance(ground_truth, Mapping) and "task_id" in ground_truth:
        return str(ground_truth["task_id"])
    if isinstance(ground_truth, str):
        return ground_truth
    raise ConfigError(f"cannot tell the task of a verl row: ground_truth {ground_truth!r:.60} is not a task id and "
                      "extra_info has no 'task_id'")


def verl_row(breakdown: RewardBreakdown) -> dict[str, float]:
    """What verl expects of a reward function: ``score`` plus one logged value per component."""
    if breakdown.total is None:
        raise SandboxError("the sandbox failed twice on one answer and verl cannot mask a sample: "
                           + "; ".join(breakdown.feedback))
    row = {"score": breakdown.total, "hacked": float(breakdown.flagged)}
    row.update({name: math.nan if value is None else value for name, value in breakdown.components.items()})
    return row


def _configured() -> BatchScorer:
    global _shared
    if _shared is None:
        source = os.environ.get(TASKS_VARIABLE)
        if not source:
            raise ConfigError(f"execrl's verl reward needs its tasks: call configure(tasks) or set ${TASKS_VARIABLE} "
                              "to a task source (humaneval, mbpp, ...) or a task file")
        from execrl.tasks import load_tasks

        spec_path = os.environ.get(SPEC_VARIABLE)
        spec = load_spec(Path(spec_path)) if spec_path else None
        configure(load_tasks(source), spec)
    assert _shared is not None
    return _shared
