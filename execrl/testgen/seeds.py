"""Seed inputs: the argument tuples a task's own tests and its prompt already call the entry point with.

- ``inputs`` tests (EvalPlus) give their inputs as they are;
- ``code`` tests (MBPP, HumanEval asserts) give every call of the entry point (or of ``candidate``) whose
  arguments are literals, found in the test's syntax tree and evaluated with ``ast.literal_eval``;
- the prompt's docstring examples (``>>> f(1, 2)``, ``f(1, 2) ➞ 3``) give every call of the entry point written in
  the text whose arguments are literals.

Calls with keyword arguments, starred arguments or computed arguments are skipped: a seed must be a plain tuple.

>>> from execrl.types import Task, TestCase
>>> task = Task("t/1", "Example: add(1, 2) == 3", "add", "def add(a, b): return a + b",
...             (TestCase("t0", code="assert add(2, (3 if True else 4)) == 5\\nassert add(4, 5) == 9"),))
>>> task_seeds(task), docstring_seeds(task)
([(4, 5)], [(1, 2)])
"""

from __future__ import annotations

import ast
import copy
import re
import warnings
from collections.abc import Iterator
from typing import Any

from execrl.tasks._values import dumps
from execrl.types import Task

CANDIDATE = "candidate"
Args = tuple[Any, ...]


def task_seeds(task: Task) -> list[Args]:
    """Inputs of the task's tests (``tests`` only: ``plus_tests`` are hidden and must not leak into new tests)."""
    seeds: list[Args] = []
    for test in task.tests:
        if test.inputs is not None:
            seeds.append(copy.deepcopy(tuple(test.inputs)))
        else:
            seeds.extend(calls_in_code(test.code, task.entry_point))
    return unique(seeds)


def docstring_seeds(task: Task) -> list[Args]:
    """Literal calls of the entry point written anywhere in the prompt text."""
    seeds = []
    for start in (m.start() for m in re.finditer(rf"\b{re.escape(task.entry_point)}\s*\(", task.prompt)):
        text = _balanced_call(task.prompt, start)
        if text is not None:
            seeds.extend(calls_in_code(text, task.entry_point))
    return unique(seeds)


def calls_in_code(code: str, entry_point: str) -> list[Args]:
    """Argument tuples of the literal calls of ``entry_point`` or ``candidate`` in ``code``, in source order."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(code)
    except SyntaxError:
        return []
    calls = sorted(_calls(tree, {entry_point, CANDIDATE}), key=lambda call: (call.lineno, call.col_offset))
    return [args for args in map(_literal_args, calls) if args is not None]


def _calls(tree: ast.AST, names: set[str]) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
            yield node


def _literal_args(call: ast.Call) -> Args | None:
    if call.keywords or any(isinstance(arg, ast.Starred) for arg in call.args):
        return None
    try:
        return tuple(ast.literal_eval(arg) for arg in call.args)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _balanced_call(text: str, start: int) -> str | None:
    """``text[start:]`` up to the parenthesis closing the call's first one; None if the text ends first."""
    depth, quote = 0, ""
    for index in range(text.index("(", start), min(len(text), start + 2000)):
        char = text[index]
        if quote:
            quote = "" if char == quote and text[index - 1] != "\\" else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return text[start : index + 1]
    return None


def unique(seeds: list[Args]) -> list[Args]:
    """Seeds without repeats, first occurrence kept (values compared by their canonical JSON, see ``value_key``)."""
    seen: set[str] = set()
    kept = []
    for args in seeds:
        key = value_key(args)
        if key not in seen:
            seen.add(key)
            kept.append(args)
    return kept


def value_key(value: Any) -> str:
    """A canonical text for a plain value: equal values (with their types) give equal keys."""
    try:
        return dumps(value)
    except (TypeError, ValueError):
        return repr(value)
