"""The calls into the program that a request's tests are certain to make, known before any test runs.

Why: every call is a round trip between the worker and the child (a wake-up and a context switch each way, and
a fresh read of the request), and a sample makes several. Sent right after the fork, the calls wait in the
child's request pipe and the child answers them back to back. The harness still runs every test itself and
compares each call it makes with the planned one, byte for byte; a call that differs means the child may have
run calls the tests never made, so the harness replaces the child (``Execution._exchange``). The plan is
therefore only a speed-up, and a conservative one: it ends at the first test whose calls depend on anything but
literals, or that reads a name only the program can supply.
"""

from __future__ import annotations

import ast
import builtins
import functools
import pickle
from collections.abc import Iterable
from typing import Any

from execrl.types import ExecRequest

WINDOW_BYTES = 32 << 10  # planned requests in flight at once: half a pipe, so a write never waits for the child
_CALL = tuple[str, tuple[Any, ...], dict[str, Any]]
_plans: dict[tuple[str, str, str], tuple[bytes, ...] | None] = {}  # test code repeats across samples


def call_payload(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bytes:
    """The request for one call, as the child reads it (one encoding, so plan and actual calls compare)."""
    return pickle.dumps(("call", name, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)


def plan_calls(request: ExecRequest) -> list[bytes]:
    """The requests of the first calls the tests will make, in order (empty when nothing is certain).

    Only tests that make exactly one call are planned: every test runs whatever happened before it, so its one
    call is made unless the test's own code fails before it; a second call in the same test is skipped whenever
    the first one fails."""
    planned: list[bytes] = []
    for test in request.tests:
        payloads = _input_calls(request, test.inputs) if test.inputs is not None else _code_calls(request, test.code)
        if payloads is None:
            break
        planned += payloads
    return planned


def _input_calls(request: ExecRequest, inputs: tuple[Any, ...]) -> tuple[bytes, ...] | None:
    return _payloads([(request.entry_point or "", tuple(inputs), {})])


def _code_calls(request: ExecRequest, code: str) -> tuple[bytes, ...] | None:
    key = (request.entry_point or "", request.test_setup, code)
    try:
        return _plans[key]
    except KeyError:
        pass
    if len(_plans) > 50_000:
        _plans.clear()
    calls = _statement_calls(code, request.entry_point, request.test_setup)
    payloads = _plans[key] = _payloads(calls) if calls is not None and len(calls) == 1 else None
    return payloads


def _payloads(calls: list[_CALL]) -> tuple[bytes, ...] | None:
    try:
        payloads = tuple(call_payload(*call) for call in calls)
    except Exception:  # noqa: BLE001 - an argument that cannot be sent fails in the test itself, as it should
        return None
    return None if any(len(payload) > WINDOW_BYTES // 2 for payload in payloads) else payloads


def _statement_calls(code: str, entry_point: str | None, test_setup: str) -> list[_CALL] | None:
    try:
        module, known = ast.parse(code), set(_defined_names(test_setup))
    except SyntaxError:
        return None
    if not entry_point:
        return None
    callees = {"candidate": entry_point, entry_point: entry_point}  # how tests name it -> its name in the program
    calls: list[_CALL] = []
    known |= set(callees)
    for statement in module.body:
        names = [node for node in ast.walk(statement) if isinstance(node, ast.Name)]
        if any(isinstance(name.ctx, ast.Load) and name.id not in known and not hasattr(builtins, name.id)
               for name in names):
            return None  # a name only the program defines: looked up in the child, a round trip the plan cannot hold
        found = _statement(statement, callees)
        if found is None:
            return None
        calls += found
        known |= _assigned_names(statement, names)
    return calls


def _statement(statement: ast.stmt, callees: dict[str, str]) -> list[_CALL] | None:
    if isinstance(statement, ast.Assert):
        if statement.msg is not None and _mentions(statement.msg, callees):
            return None  # the message is evaluated only when the assertion fails
        return _ordered_calls(statement.test, callees)
    if isinstance(statement, ast.Expr):
        return _ordered_calls(statement.value, callees)
    if isinstance(statement, ast.Assign) and not _mentions(statement.targets, callees):
        return _ordered_calls(statement.value, callees)
    return None if _mentions(statement, callees) else []


def _ordered_calls(node: ast.AST, callees: dict[str, str]) -> list[_CALL] | None:
    """Calls to the program inside ``node`` in the order Python evaluates them, or None when whether one runs
    depends on a value (``and``, ``if``, comprehensions, chained comparisons) or its arguments are not literals."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in callees:
        return _literal_call(node, callees[node.func.id])
    if isinstance(node, ast.Compare) and len(node.comparators) > 1 and _mentions(node.comparators[1:], callees):
        return None
    if not isinstance(node, _ORDERED):
        return None if _mentions(node, callees) else []
    calls: list[_CALL] = []
    for child in ast.iter_child_nodes(node):
        found = _ordered_calls(child, callees)
        if found is None:
            return None
        calls += found
    return calls


# Nodes whose children are all evaluated, left to right, whatever their values.
_ORDERED = (ast.Call, ast.BinOp, ast.UnaryOp, ast.Compare, ast.Subscript, ast.Attribute, ast.Tuple, ast.List,
            ast.Set, ast.Dict, ast.Slice, ast.keyword, ast.Starred, ast.Name, ast.Constant, ast.expr_context,
            ast.operator, ast.unaryop, ast.cmpop)


def _literal_call(node: ast.Call, name: str) -> list[_CALL] | None:
    if any(isinstance(arg, ast.Starred) for arg in node.args) or any(k.arg is None for k in node.keywords):
        return None
    try:
        args = tuple(ast.literal_eval(arg) for arg in node.args)
        kwargs = {str(k.arg): ast.literal_eval(k.value) for k in node.keywords}
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    merged: dict[Any, Any] = {}
    return [(name, _merge_constants(args, merged), _merge_constants(kwargs, merged))]


def _merge_constants(value: Any, merged: dict[Any, Any]) -> Any:
    """Make equal immutable constants one object, as the compiler does within a code object: pickle writes a
    repeated object as a back-reference, so without this ``candidate("a", "a")`` would not match its plan."""
    if isinstance(value, list | set | dict):
        items = value.items() if isinstance(value, dict) else value
        rebuilt = [_merge_constants(item, merged) for item in items]
        return dict(rebuilt) if isinstance(value, dict) else type(value)(rebuilt)
    if isinstance(value, tuple):
        value = tuple(_merge_constants(item, merged) for item in value)
    key = _constant_key(value)
    return value if key is None else merged.setdefault(key, value)


def _constant_key(value: Any) -> Any:
    if type(value) in (str, bytes, int, float, complex, bool) or value is None:
        return type(value), value
    if type(value) is tuple:
        keys = tuple(_constant_key(item) for item in value)
        return None if None in keys else (tuple, keys)
    return None


def _mentions(nodes: ast.AST | Iterable[ast.AST], callees: dict[str, str]) -> bool:
    roots = [nodes] if isinstance(nodes, ast.AST) else list(nodes)
    return any(isinstance(node, ast.Name) and node.id in callees for root in roots for node in ast.walk(root))


@functools.lru_cache(maxsize=1024)  # one setup serves every test of a task
def _defined_names(test_setup: str) -> frozenset[str]:
    names: set[str] = set()
    for statement in ast.parse(test_setup).body if test_setup else ():
        names |= _assigned_names(statement)
    return frozenset(names)


def _assigned_names(statement: ast.stmt, names: list[ast.Name] | None = None) -> set[str]:
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {statement.name}
    if isinstance(statement, ast.Import | ast.ImportFrom):
        return {(alias.asname or alias.name).split(".")[0] for alias in statement.names}
    if names is None:
        names = [node for node in ast.walk(statement) if isinstance(node, ast.Name)]
    return {name.id for name in names if isinstance(name.ctx, ast.Store)}
