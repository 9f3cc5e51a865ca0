"""Diagnostics: pyflakes' messages plus the checks pyflakes leaves out (unreachable code, shadowed builtins),
and call problems: modules that do not exist here, attributes that known modules lack, calls of unbound names.

Module existence is asked of ``importlib.util.find_spec`` for top-level names only: for a top-level name it
searches the import path without importing anything, so no code runs, trusted or not. Attributes are checked
only on a fixed list of side-effect-free standard modules, imported here in the trusted process.
"""

from __future__ import annotations

import ast
import builtins
import enum
import importlib
import importlib.util
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

from pyflakes import checker, messages

from execrl.rewards._nodes import NodeIndex

# Standard modules whose attributes are checked: importing them has no side effects and they are where models
# invent names (math.factorials, string.alphabet, itertools.flatten, collections.OrderedSet, ...).
CHECKED_MODULES = frozenset({
    "abc", "array", "base64", "binascii", "bisect", "calendar", "cmath", "collections", "copy", "dataclasses",
    "datetime", "decimal", "enum", "fractions", "functools", "hashlib", "heapq", "io", "itertools", "json",
    "keyword", "math", "numbers", "operator", "os", "queue", "random", "re", "statistics", "string", "struct",
    "sys", "textwrap", "time", "types", "typing", "unicodedata",
})
_SHADOW_EXEMPT = frozenset({"_", "__doc__", "__name__", "__file__"})


class DiagnosticKind(enum.Enum):
    UNDEFINED_NAME = "undefined_name"
    UNUSED_IMPORT = "unused_import"
    UNUSED_VARIABLE = "unused_variable"
    REDEFINITION = "redefinition"
    UNREACHABLE_CODE = "unreachable_code"
    SHADOWED_BUILTIN = "shadowed_builtin"
    OTHER = "other"  # any other pyflakes message: `is` with a literal, f-string without placeholders, ...
    UNKNOWN_MODULE = "unknown_module"
    UNKNOWN_ATTRIBUTE = "unknown_attribute"
    UNDEFINED_CALL = "undefined_call"


# How much each kind costs in the diagnostics and calls components: errors a run would hit count most.
SEVERITY: Mapping[DiagnosticKind, float] = {
    DiagnosticKind.UNDEFINED_NAME: 1.0, DiagnosticKind.UNUSED_IMPORT: 0.25, DiagnosticKind.UNUSED_VARIABLE: 0.25,
    DiagnosticKind.REDEFINITION: 0.5, DiagnosticKind.UNREACHABLE_CODE: 0.5, DiagnosticKind.SHADOWED_BUILTIN: 0.25,
    DiagnosticKind.OTHER: 0.25, DiagnosticKind.UNKNOWN_MODULE: 1.0, DiagnosticKind.UNKNOWN_ATTRIBUTE: 1.0,
    DiagnosticKind.UNDEFINED_CALL: 1.0,
}

_PYFLAKES_KINDS: Mapping[type[messages.Message], DiagnosticKind] = {
    messages.UndefinedName: DiagnosticKind.UNDEFINED_NAME,
    messages.UndefinedLocal: DiagnosticKind.UNDEFINED_NAME,
    messages.UndefinedExport: DiagnosticKind.UNDEFINED_NAME,
    messages.UnusedImport: DiagnosticKind.UNUSED_IMPORT,
    messages.UnusedVariable: DiagnosticKind.UNUSED_VARIABLE,
    messages.UnusedAnnotation: DiagnosticKind.UNUSED_VARIABLE,
    messages.RedefinedWhileUnused: DiagnosticKind.REDEFINITION,
}


@dataclass(frozen=True)
class Diagnostic:
    kind: DiagnosticKind
    line: int
    subject: str  # the name or module involved: what makes two diagnostics "the same" across programs
    message: str

    @property
    def key(self) -> tuple[DiagnosticKind, str]:
        return (self.kind, self.subject)


def diagnostics(tree: ast.Module, nodes: NodeIndex) -> tuple[Diagnostic, ...]:
    found = [*_pyflakes(tree), *_unreachable(nodes), *_shadowed_builtins(nodes)]
    return tuple(sorted(found, key=lambda d: (d.line, d.kind.value)))


def call_problems(nodes: NodeIndex, aliases: Mapping[str, str], known_names: frozenset[str]) -> tuple[Diagnostic, ...]:
    found = [*_unknown_modules(nodes), *_unknown_attributes(nodes, aliases), *_undefined_calls(nodes, known_names)]
    return tuple(sorted(found, key=lambda d: (d.line, d.kind.value)))


def _pyflakes(tree: ast.Module) -> Iterator[Diagnostic]:
    try:
        found = checker.Checker(tree, filename="<program>").messages
    except RecursionError:  # a pathologically deep tree: report nothing rather than fail the batch
        return
    for message in found:
        kind = _PYFLAKES_KINDS.get(type(message), DiagnosticKind.OTHER)
        subject = str(message.message_args[0]) if message.message_args else type(message).__name__
        yield Diagnostic(kind, message.lineno, subject, message.message % message.message_args)


def _unreachable(nodes: NodeIndex) -> Iterator[Diagnostic]:
    """The first statement after a return, raise, break or continue in the same block."""
    for node in nodes.of(*_WITH_BLOCKS):
        for block in _blocks(node):
            for before, after in zip(block, block[1:], strict=False):
                if isinstance(before, ast.Return | ast.Raise | ast.Break | ast.Continue):
                    yield Diagnostic(DiagnosticKind.UNREACHABLE_CODE, after.lineno, type(before).__name__.lower(),
                                     f"unreachable code after {type(before).__name__.lower()}")
                    break


_WITH_BLOCKS: tuple[type[ast.AST], ...] = (
    ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.AsyncFor, ast.While,
    ast.With, ast.AsyncWith, ast.Try, ast.TryStar, ast.ExceptHandler, ast.match_case)


def _blocks(node: ast.AST) -> Iterator[list[ast.stmt]]:
    for name in ("body", "orelse", "finalbody"):
        block = getattr(node, name, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            yield block


def _shadowed_builtins(nodes: NodeIndex) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for node in nodes.of(ast.Name, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.arg):
        name = _bound_name(node)
        if name and name not in seen and name in _BUILTINS and name not in _SHADOW_EXEMPT:
            seen.add(name)
            yield Diagnostic(DiagnosticKind.SHADOWED_BUILTIN, getattr(node, "lineno", 0), name,
                             f"{name!r} shadows a builtin")


_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))


def _bound_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        return node.id
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name
    if isinstance(node, ast.arg):
        return node.arg
    return None


def _unknown_modules(nodes: NodeIndex) -> Iterator[Diagnostic]:
    for node in nodes.of(ast.Import, ast.ImportFrom):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            if not module_exists(top):
                yield Diagnostic(DiagnosticKind.UNKNOWN_MODULE, node.lineno, top, f"no module named {top!r}")


@lru_cache(maxsize=1024)
def module_exists(top_level: str) -> bool:
    """Whether ``import top_level`` could find a module, decided without importing it."""
    if top_level == "__future__" or not top_level.isidentifier():
        return top_level == "__future__"
    try:
        return importlib.util.find_spec(top_level) is not None
    except (ImportError, ValueError):
        return False


def _unknown_attributes(nodes: NodeIndex, aliases: Mapping[str, str]) -> Iterator[Diagnostic]:
    for node in nodes.of(ast.ImportFrom, ast.Attribute):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in CHECKED_MODULES:
            for alias in node.names:
                if alias.name != "*" and not _has_attribute(node.module, alias.name):
                    yield _missing(node.lineno, node.module, alias.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = aliases.get(node.value.id)
            if module in CHECKED_MODULES and not _has_attribute(module, node.attr):
                yield _missing(node.lineno, module, node.attr)


def _missing(line: int, module: str, attribute: str) -> Diagnostic:
    return Diagnostic(DiagnosticKind.UNKNOWN_ATTRIBUTE, line, f"{module}.{attribute}",
                      f"module {module!r} has no attribute {attribute!r}")


@lru_cache(maxsize=4096)
def _has_attribute(module_name: str, attribute: str) -> bool:
    module = _trusted_module(module_name)
    if module is None or hasattr(module, attribute):
        return True
    # `from os import path` and `import xml.dom` style submodules are attributes only once imported.
    return importlib.util.find_spec(f"{module_name}.{attribute}") is not None if hasattr(module, "__path__") else False


@lru_cache(maxsize=64)
def _trusted_module(name: str) -> ModuleType | None:
    if name not in CHECKED_MODULES:  # a guard: never import anything a program named outside the fixed list
        return None
    return importlib.import_module(name)


def _undefined_calls(nodes: NodeIndex, known_names: frozenset[str]) -> Iterator[Diagnostic]:
    reported: set[str] = set()
    for node in nodes.of(ast.Call):
        if isinstance(node.func, ast.Name):
            name = node.func.id
            if name not in known_names and name not in reported:
                reported.add(name)
                yield Diagnostic(DiagnosticKind.UNDEFINED_CALL, node.lineno, name, f"call of undefined {name!r}")
