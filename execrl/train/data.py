"""Tasks become training data: visible and hidden tests, prompts, datasets, and the held-out guard.

Visible tests are shown in the prompt and drive multi-turn feedback; hidden tests are not shown. The reward runs
both (``Task.tests`` then ``Task.plus_tests``, so the rewards' special-cased-inputs detector sees which is which).

**The test-generation seam.** Where the tests come from is a ``TestSampler``: ``split(task, step)`` returns the
visible and hidden tests of a task at a training step. ``OwnTests`` splits the task's own tests (the first
``n_visible`` visible, the rest hidden). A generator of dynamic tests (``execrl.testgen``) plugs in as another
``TestSampler`` whose hidden tests change with ``step`` (``GeneratedTests``, set by the config's
``hidden_tests``); ``DynamicTests`` (a trainer callback in ``grpo.py``) asks it again at every step. Visible
tests must not change with the step: they are part of the prompt.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from execrl.errors import ConfigError
from execrl.generation.base import PromptStyle, build_prompt
from execrl.testgen.sampler import HiddenTestSampler
from execrl.types import Task, TestCase


@dataclass(frozen=True)
class TestSplit:
    __test__ = False  # not a pytest class

    visible: tuple[TestCase, ...]
    hidden: tuple[TestCase, ...]


class TestSampler(Protocol):
    @property
    def dynamic(self) -> bool: ...  # True: the hidden tests change with the step (asked again every step)

    def split(self, task: Task, step: int) -> TestSplit: ...


@dataclass(frozen=True)
class OwnTests:
    """The task's own tests: the first ``n_visible`` are shown, the rest (and any plus tests) hidden."""

    __test__ = False

    n_visible: int = 2
    dynamic: bool = False  # the split never changes with the step

    def split(self, task: Task, step: int) -> TestSplit:
        return TestSplit(task.tests[: self.n_visible], task.tests[self.n_visible:] + task.plus_tests)


@dataclass(frozen=True)
class GeneratedTests:
    """Visible: the task's first ``n_visible`` own tests. Hidden: its other own tests plus a fresh draw, every
    step, from its generated suite (``execrl testgen``; the sampler's pool), so a policy cannot fit a fixed hidden
    set. The draw is seeded by (seed, step, task): a resumed run sees the same tests at the same step."""

    __test__ = False

    sampler: HiddenTestSampler
    n_visible: int = 2
    dynamic: bool = True

    def split(self, task: Task, step: int) -> TestSplit:
        own = task.tests[self.n_visible:]
        return TestSplit(task.tests[: self.n_visible], own + self.sampler.tests_for(task.task_id, step))


@dataclass(frozen=True)
class TrainingSet:
    """The training tasks as loaded and where their visible/hidden tests come from."""

    tasks: tuple[Task, ...]
    sampler: TestSampler

    def views(self, step: int = 0) -> list[Task]:
        return [training_view(task, self.sampler.split(task, step)) for task in self.tasks]


def training_view(task: Task, split: TestSplit) -> Task:
    """``task`` as the reward sees it in training: visible tests first, hidden ones as plus tests."""
    return replace(task, tests=split.visible, plus_tests=split.hidden)


def render_test(test: TestCase, entry_point: str) -> str:
    """A test as the model sees it: its code with ``candidate`` named, or the call and its expected value."""
    if test.inputs is not None:
        args = ", ".join(repr(value) for value in test.inputs)
        return f"assert {entry_point}({args}) == {test.expected!r}"
    return test.code.strip().replace("candidate(", f"{entry_point}(")


def prompt_for(task: Task, style: PromptStyle) -> list[dict[str, str]] | str:
    """The prompt of a training view: the task's usual prompt, plus its visible tests (chat) as examples."""
    prompt = build_prompt(task, style)
    if style is PromptStyle.RAW:
        return prompt.text
    messages = [{"role": m.role, "content": m.content} for m in prompt.messages]
    if task.tests:
        shown = "\n".join(render_test(t, task.entry_point) for t in task.tests)
        messages[-1]["content"] += f"\n\nYour function must pass these tests:\n```python\n{shown}\n```"
    return messages


def rl_rows(tasks: Sequence[Task], style: PromptStyle) -> list[dict[str, Any]]:
    """Rows for ``GRPOTrainer``: ``prompt`` and ``task_id`` (the reward functions find the task by it)."""
    return [{"prompt": prompt_for(task, style), "task_id": task.task_id} for task in tasks]


def sft_rows(tasks: Sequence[Task], style: PromptStyle) -> list[dict[str, Any]]:
    """Prompt-completion rows for ``SFTTrainer``: the reference solution as the answer (loss on it only)."""
    rows: list[dict[str, Any]] = []
    for task in tasks:
        if not task.reference.strip():
            continue
        prompt = prompt_for(task, style)
        if isinstance(prompt, str):
            body = task.reference[len(task.prompt):] if task.reference.startswith(task.prompt) else task.reference
            rows.append({"prompt": prompt, "completion": body})
        else:
            answer = f"```python\n{without_docstrings(task.reference).strip()}\n```"
            rows.append({"prompt": prompt, "completion": [{"role": "assistant", "content": answer}]})
    return rows


def without_docstrings(code: str) -> str:
    """``code`` with its functions' docstrings removed: the prompt already states the task, and a warm-up that
    teaches the model to copy it back spends the completion budget on prose."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and ast.get_docstring(node) is not None:
            node.body = node.body[1:] or [ast.Pass()]
    return ast.unparse(tree) + "\n"


def check_held_out(train: Sequence[Task], held_out: Sequence[Task]) -> None:
    """Refuse to train on a task that shares an id or an entry point with a held-out task."""
    ids = {task.task_id for task in held_out}
    entry_points = {task.entry_point for task in held_out}
    for task in train:
        if task.task_id in ids:
            raise ConfigError(f"training task {task.task_id!r} is also a held-out evaluation task")
        if task.entry_point in entry_points:
            other = next(t.task_id for t in held_out if t.entry_point == task.entry_point)
            raise ConfigError(f"training task {task.task_id!r} defines {task.entry_point!r}, the entry point of "
                              f"held-out task {other!r}: it may be the same problem, so it is refused")


def held_out_subset(tasks: Sequence[Task], limit: int) -> list[Task]:
    """The ``limit`` tasks with the shortest prompts (a fixed subset, in task order); 0 = all."""
    if not limit or limit >= len(tasks):
        return list(tasks)
    chosen = {t.task_id for t in sorted(tasks, key=lambda t: (len(t.prompt), t.task_id))[:limit]}
    return [t for t in tasks if t.task_id in chosen]
