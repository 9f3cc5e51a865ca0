"""execrl's rewards as the trainer uses them, keeping each execution's result for feedback and line credit.

The reward functions are ``execrl.rewards``' TRL callables (``ExecrlReward``, ``HackRate``) over a
``RecordingBatchScorer``: the same batched, cached scoring, plus the ``ExecResult`` of every scored program, which
multi-turn feedback (``refine.py``) and token-level credit (``grpo.py``) read instead of running the program again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from execrl.generation.base import PromptStyle
from execrl.rewards.base import RewardBreakdown
from execrl.rewards.scorer import Scorer
from execrl.rewards.spec import RewardSpec
from execrl.rewards.trl_rewards import BatchScorer, ExecrlReward, HackRate, completion_text
from execrl.sandbox.base import Executor
from execrl.types import ExecResult, Sample, Task

Key = tuple[str, str]  # (task id, program)


class RecordingScorer(Scorer):
    """A ``Scorer`` that also keeps the last ``keep`` execution results, by (task id, program)."""

    def __init__(self, tasks: Sequence[Task], executor: Executor, spec: RewardSpec, keep: int = 4096) -> None:
        super().__init__(tasks, executor, spec)
        self.keep = keep
        self.results: OrderedDict[Key, ExecResult] = OrderedDict()

    def score(self, samples: Sequence[Sample]) -> list[RewardBreakdown]:
        evidence = self.evidence(samples)
        for item in evidence:
            self.results[(item.sample.task_id, item.sample.program)] = item.result
            self.results.move_to_end((item.sample.task_id, item.sample.program))
        while len(self.results) > self.keep:
            self.results.popitem(last=False)
        return [self.judge(item) for item in evidence]


class RecordingBatchScorer(BatchScorer):
    """``BatchScorer`` whose scorer records results; ``judge`` scores one answer and returns its result too."""

    def scorer(self) -> RecordingScorer:
        if self._scorer is None:
            executor = self._given if self._given is not None else _local_executor(self.workers)
            self._scorer = RecordingScorer(list(self.tasks.values()), executor, self.spec)
        assert isinstance(self._scorer, RecordingScorer)
        return self._scorer

    def judge(self, task_ids: Sequence[str], answers: Sequence[str]) -> list[tuple[RewardBreakdown, ExecResult]]:
        """Score answers (text) to the given tasks; each with the execution it was scored from."""
        breakdowns = self.score(list(answers), {self.task_column: list(task_ids)})
        return [(b, self.result(task_id, answer)) for b, task_id, answer in zip(breakdowns, task_ids, answers,
                                                                                  strict=True)]

    def result(self, task_id: str, answer: str) -> ExecResult:
        key = (task_id, self.program(task_id, answer))
        found = self.scorer().results.get(key)
        if found is None:  # scored long ago and evicted, or cached before recording: run it again
            self._cache.pop(key, None)
            self.score([answer], {self.task_column: [task_id]})
            found = self.scorer().results[key]
        return found

    def retask(self, tasks: Sequence[Task]) -> None:
        """Score against new versions of the tasks (new hidden tests) from now on."""
        self.tasks = {task.task_id: task for task in tasks}
        self._scorer = None
        self._cache.clear()


def reward_functions(tasks: Sequence[Task], spec: RewardSpec, executor: Executor | None, *, workers: int = 1,
                     style: PromptStyle = PromptStyle.CHAT, trace: bool = False,
                     ) -> tuple[RecordingBatchScorer, list[ExecrlReward | HackRate | PassRate]]:
    """The shared scorer and ``[total, *components, hack rate, pass rate]`` for ``GRPOTrainer(reward_funcs=...)``;
    ``execrl.rewards.reward_weights`` trains on the total only."""
    spec = replace(spec, trace=True) if trace and not spec.trace else spec
    shared = RecordingBatchScorer(tasks, spec, executor, workers=workers, style=style)
    funcs: list[ExecrlReward | HackRate | PassRate] = [ExecrlReward(shared)]
    funcs += [ExecrlReward(shared, component) for component in spec.components]
    funcs += [HackRate(shared), PassRate(shared)]
    return shared, funcs


class PassRate:
    """1.0 when the answer passed every test (visible and hidden), else 0.0: logged with weight 0, so runs with
    different rewards can be compared on one scale."""

    __name__ = "execrl_passed"

    def __init__(self, shared: RecordingBatchScorer) -> None:
        self.shared = shared

    def __call__(self, prompts: Sequence[Any], completions: Sequence[Any], **columns: Any) -> list[float | None]:
        task_ids = [str(t) for t in columns[self.shared.task_column]]
        pairs = zip(task_ids, completions, strict=True)
        return [float(self.shared.result(task_id, completion_text(c)).passed) for task_id, c in pairs]


class FinalTurn:
    """A reward function of a multi-turn episode: ``func`` on the final answer, the total discounted by
    ``discount ** (turns - 1)``. The rollout passes ``final_answer`` and ``turns`` columns."""

    def __init__(self, func: Any, discount: float, apply_discount: bool) -> None:
        self.func, self.discount, self.apply_discount = func, discount, apply_discount
        self.__name__ = func.__name__

    def __call__(self, prompts: Sequence[Any], completions: Sequence[Any], **columns: Any) -> list[float | None]:
        answers, turns = columns.pop("final_answer"), columns.pop("turns")
        values: list[float | None] = self.func(prompts, list(answers), **columns)
        if not self.apply_discount:
            return values
        return [None if v is None else v * self.discount ** (n - 1) for v, n in zip(values, turns, strict=True)]


def _local_executor(workers: int | None) -> Executor:
    from execrl.sandbox.local import LocalExecutor

    return LocalExecutor(workers=workers)
