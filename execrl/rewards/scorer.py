"""Score samples: one batched execution, then static analysis and composition in this process.

``Scorer`` keeps what is worth keeping between calls (reference profiles, what each task's tests reveal), so an
RL loop calling it every step runs each reference once and then makes exactly one ``executor.run`` per call.
"""

from __future__ import annotations

from collections.abc import Sequence

from execrl.errors import ConfigError, SandboxError, UnknownTaskError
from execrl.rewards._cases import TaskFacts, task_facts
from execrl.rewards.analysis import analyse
from execrl.rewards.base import Evidence, RewardBreakdown
from execrl.rewards.compose import judge
from execrl.rewards.reference import ReferenceCache, request_for
from execrl.rewards.spec import RewardSpec
from execrl.sandbox.base import Executor
from execrl.types import Sample, Task


class Scorer:
    """Rewards for samples of ``tasks``, executed by ``executor``, composed by ``spec``.

    >>> from execrl.sandbox import FakeExecutor
    >>> task = Task("t/0", "def add(a, b):\\n", "add", "def add(a, b):\\n    return a + b\\n", ())
    >>> scorer = Scorer([task], FakeExecutor(), RewardSpec(weights={"functional": 1.0}))
    >>> scorer.score([Sample("t/0", "def add(a, b):\\n    return a + b\\n")])[0].total
    1.0
    """

    def __init__(self, tasks: Sequence[Task], executor: Executor, spec: RewardSpec | None = None, *,
                 references: ReferenceCache | None = None) -> None:
        self.tasks = _by_id(tasks)
        self.executor = executor
        self.spec = spec or RewardSpec()
        self.references = references or ReferenceCache(self.spec.limits)
        self._facts: dict[str, TaskFacts] = {}

    def score(self, samples: Sequence[Sample]) -> list[RewardBreakdown]:
        return [self.judge(evidence) for evidence in self.evidence(samples)]

    def evidence(self, samples: Sequence[Sample]) -> list[Evidence]:
        """Run every sample in one ``executor.run`` (profiling first the references of tasks not seen yet)."""
        tasks = [self._task(sample) for sample in samples]
        trace = self.spec.needs_trace
        unique = list({task.task_id: task for task in tasks}.values())
        profiles = self.references.profiles(unique, self.executor, trace) if unique else {}
        requests = [request_for(task, sample.program, self.spec.limits.limits_for(profiles.get(task.task_id)), trace)
                    for task, sample in zip(tasks, samples, strict=True)]
        results = self.executor.run(requests) if requests else []
        if len(results) != len(requests):
            raise SandboxError(f"the executor answered {len(results)} results for {len(requests)} requests")
        return [Evidence(task, sample, result, analyse(sample.program), profiles.get(task.task_id),
                         analyse(task.reference) if task.reference.strip() else None)
                for task, sample, result in zip(tasks, samples, results, strict=True)]

    def prepare(self, tasks: Sequence[Task] | None = None) -> None:
        """Do now the once-per-task work that ``score`` would otherwise do on first sight of each task: profile
        the references and analyse them, and read the visible tests."""
        chosen = list(tasks) if tasks is not None else list(self.tasks.values())
        self.references.profiles(chosen, self.executor, self.spec.needs_trace)
        for task in chosen:
            self.facts(task)
            if task.reference.strip():
                reference = analyse(task.reference)
                _ = (reference.diagnostics, reference.call_problems, reference.names, reference.structure)

    def judge(self, evidence: Evidence) -> RewardBreakdown:
        return judge(evidence, self.spec, self.facts(evidence.task))

    def facts(self, task: Task) -> TaskFacts:
        found = self._facts.get(task.task_id)
        if found is None:
            found = self._facts[task.task_id] = task_facts(task)
        return found

    def _task(self, sample: Sample) -> Task:
        task = self.tasks.get(sample.task_id)
        if task is None:
            raise UnknownTaskError(f"sample {sample.index} names unknown task {sample.task_id!r} "
                                   f"(the scorer knows {len(self.tasks)} tasks)")
        return task


def score(tasks: Sequence[Task], samples: Sequence[Sample], executor: Executor,
          spec: RewardSpec | None = None) -> list[RewardBreakdown]:
    """The plain API: one reward breakdown per sample, in order."""
    return Scorer(tasks, executor, spec).score(samples)


def _by_id(tasks: Sequence[Task]) -> dict[str, Task]:
    by_id: dict[str, Task] = {}
    for task in tasks:
        if task.task_id in by_id:
            raise ConfigError(f"task id {task.task_id!r} appears twice in the tasks given to the scorer")
        by_id[task.task_id] = task
    return by_id
