"""Static analysis of one program, parsed once and shared by every process reward and hacking detector.

Nothing here runs the program: it is parsed with ``ast`` in the trusted process (parsing evaluates nothing), and
each fact is computed on first use (``cached_property``), so components that are switched off cost nothing.
``analyse`` keeps the last few thousand analyses, because RL batches repeat programs (a group of samples of one
prompt often holds identical answers).
"""

from __future__ import annotations

import ast
import builtins
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from execrl.rewards import _lint, _metrics
from execrl.rewards._nodes import NodeIndex
from execrl.types import ErrorInfo

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
BUILTIN_NAMES = frozenset(dir(builtins))
# Names every module has without binding them (pyflakes' list).
MODULE_NAMES = frozenset({"__name__", "__file__", "__doc__", "__builtins__", "__annotations__", "__spec__",
                          "__loader__", "__package__", "__debug__", "WindowsError"})


@dataclass(frozen=True, eq=False)
class Analysis:
    """A parsed program; ``tree`` is None (and ``error`` says why) when it does not parse."""

    program: str
    tree: ast.Module | None
    error: ErrorInfo | None = None

    @property
    def parses(self) -> bool:
        return self.tree is not None

    @cached_property
    def nodes(self) -> NodeIndex:
        return NodeIndex(self.tree)

    @cached_property
    def functions(self) -> tuple[FunctionNode, ...]:
        """Every function and method, nested ones included, in source order."""
        return tuple(self.nodes.of(ast.FunctionDef, ast.AsyncFunctionDef))

    @cached_property
    def top_level(self) -> Mapping[str, ast.stmt]:
        """Top-level definitions, assignments and imports by name; the last one wins, as in Python."""
        found: dict[str, ast.stmt] = {}
        for node in self.tree.body if self.tree is not None else ():
            for name in _defined_names(node):
                found[name] = node
        return found

    @cached_property
    def module_aliases(self) -> Mapping[str, str]:
        """Local names bound by ``import m`` / ``import m as a`` -> the module's full name."""
        aliases: dict[str, str] = {}
        for node in self.nodes.of(ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                aliases[alias.asname or top] = alias.name if alias.asname else top
        return aliases

    @cached_property
    def bound_names(self) -> frozenset[str]:
        """Every name the program binds anywhere (assignments, parameters, definitions, imports, handlers)."""
        return frozenset(_bindings(self.nodes))

    @cached_property
    def diagnostics(self) -> tuple[_lint.Diagnostic, ...]:
        return _lint.diagnostics(self.tree, self.nodes) if self.tree is not None else ()

    @cached_property
    def call_problems(self) -> tuple[_lint.Diagnostic, ...]:
        if self.tree is None:
            return ()
        return _lint.call_problems(self.nodes, self.module_aliases, self.bound_names | BUILTIN_NAMES | MODULE_NAMES)

    @cached_property
    def names(self) -> tuple[_metrics.NameCheck, ...]:
        return _metrics.check_names(self.nodes, self.functions) if self.tree is not None else ()

    @cached_property
    def structure(self) -> _metrics.Structure:
        return _metrics.measure(self.tree, self.nodes) if self.tree is not None else _metrics.Structure(0, 0)

    def function(self, name: str) -> FunctionNode | None:
        node = self.top_level.get(name)
        return node if isinstance(node, FunctionNode) else None

    def enclosing_function(self, node: ast.AST) -> FunctionNode | None:
        """The innermost function whose lines contain ``node`` (by position: the tree keeps no parent links)."""
        line = getattr(node, "lineno", 0)
        inside = [f for f in self.functions if f.lineno <= line <= (f.end_lineno or f.lineno) and f is not node]
        return max(inside, key=lambda f: f.lineno, default=None)


@lru_cache(maxsize=4096)
def analyse(program: str) -> Analysis:
    """The analysis of ``program``; never raises for a bad program (it becomes ``error``)."""
    try:
        with warnings.catch_warnings():
            # A program's invalid escape sequences ("\w") are its own business, not this process's warnings.
            warnings.simplefilter("ignore")
            return Analysis(program, ast.parse(program))
    except SyntaxError as error:
        return Analysis(program, None, ErrorInfo(type(error).__name__, str(error.msg), error.lineno))
    except (ValueError, RecursionError, MemoryError) as error:  # null bytes; absurd nesting
        return Analysis(program, None, ErrorInfo(type(error).__name__, str(error)[:200]))


def _defined_names(node: ast.stmt) -> list[str]:
    if isinstance(node, FunctionNode | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)]
    if isinstance(node, ast.Import | ast.ImportFrom):
        return [alias.asname or alias.name.split(".")[0] for alias in node.names]
    return []


def _bindings(nodes: NodeIndex) -> Iterator[str]:
    # One line per node type: a loop over the types would type each node as their common base class.
    yield from (n.id for n in nodes.of(ast.Name) if not isinstance(n.ctx, ast.Load))
    yield from (n.name for n in nodes.of(ast.FunctionDef))
    yield from (n.name for n in nodes.of(ast.AsyncFunctionDef))
    yield from (n.name for n in nodes.of(ast.ClassDef))
    yield from (n.arg for n in nodes.of(ast.arg))
    yield from (a.asname or a.name.split(".")[0] for n in nodes.of(ast.Import) for a in n.names)
    yield from (a.asname or a.name for n in nodes.of(ast.ImportFrom) for a in n.names)
    yield from (n.name for n in nodes.of(ast.ExceptHandler) if n.name)
    yield from (name for n in nodes.of(ast.Global) for name in n.names)
    yield from (name for n in nodes.of(ast.Nonlocal) for name in n.names)
    yield from (n.name for n in nodes.of(ast.MatchAs) if n.name)
    yield from (n.name for n in nodes.of(ast.MatchStar) if n.name)
