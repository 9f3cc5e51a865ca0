"""Model-written tests (CodeT-style): a model proposes asserts; only those the reference passes are kept.

The model is asked, through any generation backend (``execrl.generation.base.Generator``), for assert statements
calling the entry point. Every ``assert f(args) == value`` (or ``candidate(...)``) with literal arguments and a
literal value becomes a candidate that carries the model's claimed output; the pipeline turns it into an ``inputs``
test with that expected value, and the validation run drops it unless the reference passes it. A model's wrong
claim therefore never becomes a test, and a correct one adds an input the mutations might not have found.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Sequence

from execrl.generation.base import Generator, Message, Prompt, PromptStyle, SamplingParams
from execrl.testgen.seeds import CANDIDATE
from execrl.testgen.suite import Candidate
from execrl.types import Task

MODEL = "model"
TEMPLATE = """Write {count} different assert statements that test the Python function `{entry_point}` described \
below, including edge cases. Each assert must call `{entry_point}` with literal arguments and compare the result \
with the literal value a correct implementation returns, like `assert {entry_point}(...) == ...`. Reply with the \
asserts only, in a single ```python code block.

{prompt}"""


def request_prompt(task: Task, count: int) -> Prompt:
    text = TEMPLATE.format(count=count, entry_point=task.entry_point, prompt=task.prompt.strip())
    return Prompt(PromptStyle.CHAT, messages=(Message("user", text),))


def proposed_candidates(tasks: Sequence[Task], generator: Generator, params: SamplingParams,
                        count: int = 10) -> dict[str, list[Candidate]]:
    """Task id -> the candidates parsed from the model's answers (unvalidated: the pipeline validates them)."""
    answers = generator.generate([request_prompt(task, count) for task in tasks], params)
    return {task.task_id: [c for completion in completions for c in claimed_calls(completion.text, task.entry_point)]
            for task, completions in zip(tasks, answers, strict=True)}


def claimed_calls(text: str, entry_point: str) -> list[Candidate]:
    """``assert f(args) == value`` lines of ``text`` (fenced or not) as candidates claiming ``value``."""
    found = []
    for line in text.splitlines():
        statement = line.strip()
        if not statement.startswith("assert "):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                node = ast.parse(statement).body[0]
        except (SyntaxError, IndexError):
            continue
        claim = _claim(node, entry_point)
        if claim is not None:
            found.append(claim)
    return found


def _claim(node: ast.stmt, entry_point: str) -> Candidate | None:
    if not isinstance(node, ast.Assert) or not isinstance(node.test, ast.Compare):
        return None
    compare = node.test
    if len(compare.ops) != 1 or not isinstance(compare.ops[0], ast.Eq):
        return None
    call, value = compare.left, compare.comparators[0]
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in (entry_point, CANDIDATE)
            and not call.keywords):
        return None
    try:
        args = tuple(ast.literal_eval(arg) for arg in call.args)
        expected = ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return Candidate(args, frozenset({MODEL}), claimed=(expected,))
