"""Naming conventions (PEP 8) and structure (nesting depth, cyclomatic complexity), read from the syntax tree."""

from __future__ import annotations

import ast
import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from execrl.rewards._nodes import NodeIndex

_SNAKE = re.compile(r"_{0,2}[a-z][a-z0-9_]*_{0,2}|_+")
_CAP_WORDS = re.compile(r"_?[A-Z][a-zA-Z0-9]*")
_CONSTANT = re.compile(r"_?[A-Z][A-Z0-9_]*")
_CONTROL = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.TryStar, ast.Match)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_SELF = ("self", "cls")
Functions = Sequence[ast.FunctionDef | ast.AsyncFunctionDef]
_DECISIONS = (*_FUNCTIONS, ast.If, ast.IfExp, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler, ast.match_case)


class NameKind(enum.Enum):
    FUNCTION = "function"  # snake_case
    CLASS = "class"  # CapWords
    ARGUMENT = "argument"  # snake_case
    VARIABLE = "variable"  # snake_case inside functions
    MODULE_VARIABLE = "module_variable"  # snake_case or UPPER_CASE (a constant) at module and class level


@dataclass(frozen=True)
class NameCheck:
    name: str
    kind: NameKind
    line: int
    ok: bool


@dataclass(frozen=True)
class Structure:
    max_depth: int  # deepest nesting of control statements (if, for, while, with, try, match)
    complexity: int  # McCabe: one per function plus one per decision point, over the whole program


def check_names(nodes: NodeIndex, functions: Functions) -> tuple[NameCheck, ...]:
    """One check per distinct (name, kind); dunder names are exempt (Python chose them)."""
    seen: dict[tuple[str, NameKind], NameCheck] = {}
    for name, kind, line in _named(nodes, functions):
        if not (name.startswith("__") and name.endswith("__")) and (name, kind) not in seen:
            seen[(name, kind)] = NameCheck(name, kind, line, _conforms(name, kind))
    return tuple(seen.values())


def _conforms(name: str, kind: NameKind) -> bool:
    if kind is NameKind.CLASS:
        return _CAP_WORDS.fullmatch(name) is not None
    if kind is NameKind.MODULE_VARIABLE and _CONSTANT.fullmatch(name):
        return True
    return _SNAKE.fullmatch(name) is not None


def _named(nodes: NodeIndex, functions: Functions) -> Iterator[tuple[str, NameKind, int]]:
    for function in functions:
        yield function.name, NameKind.FUNCTION, function.lineno
        yield from ((a.arg, NameKind.ARGUMENT, a.lineno) for a in _arguments(function.args) if a.arg not in _SELF)
    yield from ((c.name, NameKind.CLASS, c.lineno) for c in nodes.of(ast.ClassDef))
    # Inside a function or not, told by line span: the tree has no parent links, and a second walk to find out
    # would cost more than every other check.
    spans = [(f.body[0].lineno, f.end_lineno or f.lineno) for f in functions]
    for name in nodes.of(ast.Name):
        if isinstance(name.ctx, ast.Store):
            inside = any(first <= name.lineno <= last for first, last in spans)
            yield name.id, NameKind.VARIABLE if inside else NameKind.MODULE_VARIABLE, name.lineno


def _arguments(arguments: ast.arguments) -> list[ast.arg]:
    extra = [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    return [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, *extra]


def measure(tree: ast.Module, nodes: NodeIndex) -> Structure:
    complexity = sum(nodes.count(kind) for kind in _DECISIONS)
    complexity += sum(len(b.values) - 1 for b in nodes.of(ast.BoolOp))
    complexity += sum(1 + len(c.ifs) for c in nodes.of(ast.comprehension))
    return Structure(_depth(tree), complexity)


def _depth(tree: ast.Module) -> int:
    """Deepest nesting of control statements, walking statement blocks only (expressions cannot nest them)."""
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        for child in _statements(node):
            stack.append((child, depth + isinstance(child, _CONTROL)))
    return deepest


def _statements(node: ast.AST) -> Iterator[ast.AST]:
    for name in ("body", "orelse", "finalbody", "handlers", "cases"):
        block = getattr(node, name, None)
        if isinstance(block, list):
            yield from block
