"""Rewards for TRL's ``GRPOTrainer(reward_funcs=...)``: picklable callables ``(prompts, completions, **columns)
-> list[float | None]``.

``execrl_reward_funcs`` returns the weighted total first, then one callable per component of the spec and one
for the hacking rate. TRL logs every reward function under its ``__name__`` (``rewards/execrl_functional/mean``
...), so each component is logged separately, and sums them with ``GRPOConfig.reward_weights``:
``reward_weights(funcs)`` gives 1 to the total and 0 to the rest, which trains on exactly the spec's total
(missing components renormalised, hacks zeroed) while logging the parts.

All callables share one scorer: the first one called in a step executes the whole batch in ONE ``executor.run``;
the others read the cached breakdowns. The dataset needs a column naming each row's task (``task_id`` by
default). Completions may be plain text (a continuation of the task's prompt, or an answer with a fenced code
block) or chat messages, whose last assistant message is used; code is extracted as ``execrl generate`` does.

Pickling (TRL and ``accelerate`` may copy reward functions to other processes) drops the live sandbox; it is
started again, lazily, on first use.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from execrl.errors import ConfigError, UnknownTaskError
from execrl.generation.base import PromptStyle
from execrl.generation.extract import build_solution
from execrl.rewards.base import Component, RewardBreakdown
from execrl.rewards.scorer import Scorer
from execrl.rewards.spec import RewardSpec
from execrl.sandbox.base import Executor
from execrl.types import Sample, Task

Key = tuple[str, str]  # (task id, program)


class BatchScorer:
    """The state the callables share: tasks, spec, the sandbox, and the breakdowns of recent completions."""

    def __init__(self, tasks: Sequence[Task], spec: RewardSpec, executor: Executor | None = None, *,
                 workers: int | None = None, task_column: str = "task_id", style: PromptStyle | None = None,
                 cache_size: int = 4096) -> None:
        self.tasks = {task.task_id: task for task in tasks}
        self.spec, self.task_column, self.style = spec, task_column, style
        self.workers, self.cache_size = workers, cache_size
        self._given = executor
        self._scorer: Scorer | None = None
        self._cache: OrderedDict[Key, RewardBreakdown] = OrderedDict()

    def score(self, completions: Sequence[Any], columns: Mapping[str, Any]) -> list[RewardBreakdown]:
        task_ids = self._task_ids(columns, len(completions))
        samples = [Sample(task_id, self.program(task_id, completion), completion_text(completion), index)
                   for index, (task_id, completion) in enumerate(zip(task_ids, completions, strict=True))]
        keys = [(s.task_id, s.program) for s in samples]
        todo = list({key: sample for key, sample in zip(keys, samples, strict=True) if key not in self._cache}.values())
        if todo:
            for sample, breakdown in zip(todo, self.scorer().score(todo), strict=True):
                self._remember((sample.task_id, sample.program), breakdown)
        return [self._cache[key] for key in keys]

    def program(self, task_id: str, completion: Any) -> str:
        text = completion_text(completion)
        chat = not isinstance(completion, str) or "```" in text
        style = self.style or (PromptStyle.CHAT if chat else PromptStyle.RAW)
        return build_solution(self.tasks[task_id], text, style)

    def scorer(self) -> Scorer:
        if self._scorer is None:
            executor = self._given if self._given is not None else _local_executor(self.workers)
            self._scorer = Scorer(list(self.tasks.values()), executor, self.spec)
        return self._scorer

    def _task_ids(self, columns: Mapping[str, Any], n: int) -> list[str]:
        if self.task_column not in columns:
            raise ConfigError(f"the dataset has no column {self.task_column!r} naming each row's task; columns "
                              f"passed to the reward function: {', '.join(sorted(columns)) or 'none'}")
        task_ids = [str(task_id) for task_id in columns[self.task_column]]
        if len(task_ids) != n:
            raise ConfigError(f"column {self.task_column!r} has {len(task_ids)} values for {n} completions")
        unknown = sorted(set(task_ids) - set(self.tasks))
        if unknown:
            raise UnknownTaskError(f"column {self.task_column!r} names unknown task {unknown[0]!r}")
        return task_ids

    def forget_masked(self) -> None:
        """Drop masked breakdowns, so the next ``score`` runs those samples again."""
        for key in [key for key, breakdown in self._cache.items() if breakdown.masked]:
            del self._cache[key]

    def _remember(self, key: Key, breakdown: RewardBreakdown) -> None:
        self._cache[key] = breakdown
        self._cache.move_to_end(key)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_scorer"], state["_cache"] = None, OrderedDict()
        return state


class ExecrlReward:
    """One TRL reward function: the total (``component=None``) or one component, zeroed for flagged samples.

    >>> from execrl.sandbox import FakeExecutor
    >>> task = Task("t/0", "def add(a, b):\\n", "add", "def add(a, b):\\n    return a + b\\n", ())
    >>> total, *parts = execrl_reward_funcs([task], executor=FakeExecutor())
    >>> total(prompts=["def add(a, b):\\n"], completions=["    return a + b\\n"], task_id=["t/0"])
    [1.0]
    >>> [f.__name__ for f in parts][:3]
    ['execrl_syntax', 'execrl_functional', 'execrl_edge']
    """

    def __init__(self, shared: BatchScorer, component: Component | None = None) -> None:
        self.shared = shared
        self.component = component
        self.__name__ = "execrl_reward" if component is None else f"execrl_{component.value}"

    def __call__(self, prompts: Sequence[Any], completions: Sequence[Any], **columns: Any) -> list[float | None]:
        if self.component is None:
            # TRL calls the total first in each step: samples masked in an earlier step get another chance.
            self.shared.forget_masked()
            totals = self.shared.score(completions, columns)
            _log_reasons(columns.get("log_extra"), totals)
            return [b.total for b in totals]
        breakdowns = self.shared.score(completions, columns)
        zero = self.shared.spec.zero_on_hack
        return [None if b.masked else 0.0 if b.flagged and zero else b.component(self.component) for b in breakdowns]


class HackRate:
    """1.0 for a sample with hacking flags, 0.0 without (None when masked): logged, not trained on."""

    __name__ = "execrl_hacked"

    def __init__(self, shared: BatchScorer) -> None:
        self.shared = shared

    def __call__(self, prompts: Sequence[Any], completions: Sequence[Any], **columns: Any) -> list[float | None]:
        return [None if b.masked else float(b.flagged) for b in self.shared.score(completions, columns)]


def execrl_reward_funcs(tasks: Sequence[Task], spec: RewardSpec | None = None, *, executor: Executor | None = None,
                        workers: int | None = None, task_column: str = "task_id", style: PromptStyle | None = None,
                        log_components: bool = True) -> list[ExecrlReward | HackRate]:
    """``[total, *components, hack rate]`` for ``GRPOTrainer(reward_funcs=...)``; pair with ``reward_weights``.

    ``executor`` defaults to a ``LocalExecutor(workers)`` started on first use. ``style`` forces how completions
    become programs (default: chat messages and fenced answers are extracted, other text continues the prompt).
    """
    shared = BatchScorer(tasks, spec or RewardSpec(), executor, workers=workers, task_column=task_column,
                         style=style)
    funcs: list[ExecrlReward | HackRate] = [ExecrlReward(shared)]
    if log_components:
        funcs += [ExecrlReward(shared, component) for component in shared.spec.components]
        funcs.append(HackRate(shared))
    return funcs


def reward_weights(funcs: Sequence[ExecrlReward | HackRate]) -> list[float]:
    """``GRPOConfig.reward_weights`` for ``funcs``: train on the total, log the rest."""
    return [1.0 if isinstance(f, ExecrlReward) and f.component is None else 0.0 for f in funcs]


def _log_reasons(log_extra: Any, breakdowns: Sequence[RewardBreakdown]) -> None:
    """TRL (>= 1.14) passes ``log_extra(column, values)``: put why each sample scored what it did in its table."""
    if callable(log_extra):
        log_extra("execrl_flags", [", ".join(f.kind.value for f in b.flags) for b in breakdowns])
        log_extra("execrl_feedback", [b.feedback[0] if b.feedback else "" for b in breakdowns])


def completion_text(completion: Any) -> str:
    """The text of a completion: a string, or chat messages (the last assistant message's content)."""
    if isinstance(completion, str):
        return completion
    messages = [m for m in completion if isinstance(m, Mapping)]
    answers = [m for m in messages if m.get("role") == "assistant"] or messages
    if not answers:
        raise ConfigError(f"a completion must be a string or a list of chat messages, got {completion!r:.80}")
    content = answers[-1].get("content", "")
    return content if isinstance(content, str) else "".join(p.get("text", "") for p in content if isinstance(p, dict))


def _local_executor(workers: int | None) -> Executor:
    from execrl.sandbox.local import LocalExecutor  # started only when a reward is first computed

    return LocalExecutor(workers=workers)
