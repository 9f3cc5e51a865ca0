"""What a task's visible tests reveal: the calls they make with literal arguments and the values they expect,
and the names they take from the program. Hacking detectors compare programs against these."""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from execrl.types import Task, TestCase

MISSING = object()
_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True)
class Case:
    """One call a visible test makes: ``candidate(*args)``, and the value it expects when the test says so."""

    args: tuple[Any, ...]
    expected: Any = None
    has_expected: bool = False


@dataclass(frozen=True)
class TaskFacts:
    cases: tuple[Case, ...]
    harness_names: frozenset[str]  # names the tests look up in the program, other than the entry point


def task_facts(task: Task) -> TaskFacts:
    callee = {"candidate", task.entry_point}
    cases = tuple(case for test in task.tests for case in _cases(test, callee))
    return TaskFacts(cases, _harness_names(task))


def _cases(test: TestCase, callee: set[str]) -> Iterator[Case]:
    if test.inputs is not None:
        yield Case(tuple(test.inputs), test.expected, True)
        return
    tree = _parse(test.code)
    if tree is None:
        return
    expected_calls: set[int] = set()
    for node in ast.walk(tree):
        for call, expected in _expectations(node, callee):
            args = _literal_args(call)
            if args is not None:
                expected_calls.add(id(call))
                yield Case(args) if expected is MISSING else Case(args, expected, True)
    for node in ast.walk(tree):
        if _is_call_of(node, callee) and id(node) not in expected_calls:
            assert isinstance(node, ast.Call)
            args = _literal_args(node)
            if args is not None:
                yield Case(args)


def _expectations(node: ast.AST, callee: set[str]) -> Iterator[tuple[ast.Call, Any]]:
    """``candidate(...) == value`` (either side), ``assert candidate(...)``, ``assert not candidate(...)``."""
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq | ast.Is):
        left, right = node.left, node.comparators[0]
        for call, other in ((left, right), (right, left)):
            if _is_call_of(call, callee):
                assert isinstance(call, ast.Call)
                yield call, literal(other)
    elif isinstance(node, ast.Assert):
        if _is_call_of(node.test, callee):
            assert isinstance(node.test, ast.Call)
            yield node.test, True
        elif isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not):
            if _is_call_of(node.test.operand, callee):
                assert isinstance(node.test.operand, ast.Call)
                yield node.test.operand, False


def _is_call_of(node: ast.AST, callee: set[str]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in callee


def _literal_args(call: ast.Call) -> tuple[Any, ...] | None:
    if call.keywords:
        return None
    values = tuple(literal(arg) for arg in call.args)
    return None if any(value is MISSING for value in values) else values


def literal(node: ast.AST) -> Any:
    """The value of a literal expression (``ast.literal_eval``: no code runs), or ``MISSING``."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return MISSING


def _parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError):
        return None


def _harness_names(task: Task) -> frozenset[str]:
    """Names the tests read without binding them: the harness resolves those in the program's namespace."""
    trees = [tree for tree in (_parse(code) for code in _test_sources(task)) if tree is not None]
    loaded = {n.id for tree in trees for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    bound = {name for tree in trees for name in _bound(tree)}
    # The prompt's helpers (HumanEval/32's `poly`) run as trusted test setup, so redefining one no longer fools the
    # sandbox; it still tries to, as it would fool a harness that runs tests in the program's namespace.
    setup = _parse(task.test_setup)
    helpers = {node.name for node in (setup.body if setup else []) if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    return frozenset((loaded - bound - _BUILTINS - {"candidate", task.entry_point}) | (helpers & loaded))


def _test_sources(task: Task) -> Sequence[str]:
    return [task.test_setup, *(test.code for test in task.tests + task.plus_tests if test.code)]


def _bound(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            yield node.id
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name
        elif isinstance(node, ast.Import | ast.ImportFrom):
            yield from (alias.asname or alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.arg):
            yield node.arg
