"""What the reward service does, without HTTP: execute batches, score samples, answer OpenRLHF.

Every call goes through one ``CoalescingExecutor``, so concurrent clients share full sandbox batches. Rewards reuse
the reward package whole (``BatchScorer`` turns completions into programs, ``Scorer`` composes the spec); every
task's reference is profiled at start-up, so scoring later only reads shared state and is safe from many threads.

A sample whose execution failed for infrastructure reasons is run once more; if it fails again its reward is None
(masked), never 0. OpenRLHF cannot mask a sample, so for it the whole request fails with ``RewardsUnavailable``
(HTTP 503), which OpenRLHF retries. Its ``extra_logs`` carry each component only when every sample of the request
has a value for it (OpenRLHF averages numbers; JSON has no NaN).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from execrl.errors import ConfigError, SandboxError, UnknownTaskError
from execrl.rewards.base import RewardBreakdown
from execrl.rewards.spec import RewardSpec
from execrl.rewards.trl_rewards import BatchScorer
from execrl.sandbox.base import Executor
from execrl.serve.batching import CoalescingExecutor
from execrl.serve.schema import RewardRequest
from execrl.types import ExecRequest, ExecResult, Sample, Task


class RewardsUnavailable(SandboxError):
    """Some samples could not be executed (twice): the service answers 503 and the client may retry."""


class RewardService:
    """Owns the executor (closed with the service) and the scoring state."""

    def __init__(self, executor: Executor, tasks: Sequence[Task] = (), spec: RewardSpec | None = None, *,
                 max_batch: int = 1024) -> None:
        self.executor = CoalescingExecutor(executor, max_batch=max_batch)
        self._owned = executor
        self.spec = spec or RewardSpec()
        self._programs = BatchScorer(tasks, self.spec, self.executor)
        self._lock = threading.Lock()
        self.in_flight = 0

    @property
    def task_ids(self) -> frozenset[str]:
        return frozenset(self._programs.tasks)

    def prepare(self) -> None:
        """Profile every task's reference now, so that requests never wait for it (and never race on it)."""
        if self._programs.tasks:
            self._programs.scorer().prepare()

    def execute(self, requests: Sequence[ExecRequest]) -> list[ExecResult]:
        with self._tracked():
            return self.executor.run(requests)

    def rewards(self, samples: Sequence[RewardRequest]) -> list[RewardBreakdown]:
        """One breakdown per sample; ``total`` None when its execution failed twice for infrastructure reasons."""
        with self._tracked():
            programs = [self._sample(i, s) for i, s in enumerate(samples)]
            breakdowns = self._programs.scorer().score(programs)
            again = [i for i, b in enumerate(breakdowns) if b.masked]
            if again:
                for i, breakdown in zip(again, self._programs.scorer().score([programs[i] for i in again]),
                                        strict=True):
                    breakdowns[i] = breakdown
            return breakdowns

    def openrlhf(self, queries: Sequence[str], prompts: Sequence[str], labels: Sequence[Any]) -> dict[str, Any]:
        """OpenRLHF's remote reward contract: ``{"rewards", "scores", "extra_logs"}`` for query/prompts/labels."""
        if not len(queries) == len(prompts) == len(labels):
            raise ConfigError(f"query, prompts and labels must have one entry per sample, got {len(queries)}, "
                              f"{len(prompts)} and {len(labels)}")
        samples = [RewardRequest(_label_task(label, i), _response(query, prompt))
                   for i, (query, prompt, label) in enumerate(zip(queries, prompts, labels, strict=True))]
        breakdowns = self.rewards(samples)
        masked = [i for i, b in enumerate(breakdowns) if b.masked]
        if masked:
            raise RewardsUnavailable(f"samples {masked[:10]} could not be executed (infrastructure failure, twice); "
                                     "retry the request")
        totals = [b.total for b in breakdowns]
        logs = {f"execrl_{c.value}": values for c in self.spec.components
                if None not in (values := [b.component(c) for b in breakdowns])}  # OpenRLHF averages numbers
        logs["execrl_hacked"] = [float(b.flagged) for b in breakdowns]
        return {"rewards": totals, "scores": totals, "extra_logs": logs}

    def close(self) -> None:
        self.executor.close()
        close = getattr(self._owned, "close", None)
        if callable(close):
            close()

    def _sample(self, index: int, request: RewardRequest) -> Sample:
        if request.task_id not in self._programs.tasks:
            known = len(self._programs.tasks)
            raise UnknownTaskError(f"samples[{index}].task_id: unknown task {request.task_id!r} (the service knows "
                                   f"{known} tasks{'' if known else '; start it with --tasks'})")
        program = self._programs.program(request.task_id, request.completion)
        return Sample(request.task_id, program, index=index)

    def _tracked(self) -> _InFlight:
        return _InFlight(self)


class _InFlight:
    def __init__(self, service: RewardService) -> None:
        self.service = service

    def __enter__(self) -> None:
        with self.service._lock:
            self.service.in_flight += 1

    def __exit__(self, *exc: object) -> None:
        with self.service._lock:
            self.service.in_flight -= 1


def _label_task(label: Any, index: int) -> str:
    """OpenRLHF's label (``--label_key``): a task id, or a JSON object / dict with ``task_id``."""
    if isinstance(label, str) and label.lstrip().startswith("{"):
        try:
            label = json.loads(label)
        except json.JSONDecodeError:
            pass
    if isinstance(label, Mapping) and "task_id" in label:
        return str(label["task_id"])
    if isinstance(label, str) and label:
        return label
    raise ConfigError(f"labels[{index}]: {label!r:.60} is neither a task id nor an object with a 'task_id'")


def _response(query: str, prompt: str) -> str:
    """OpenRLHF's query is the prompt followed by the response; the program is in the response."""
    return query[len(prompt):] if prompt and query.startswith(prompt) else query
