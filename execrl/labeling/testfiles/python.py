"""Python test files (pytest's collection rules, read with ``ast``): ``test*`` functions at module level and
``test*`` methods of ``Test*`` classes or ``unittest.TestCase`` subclasses."""

from __future__ import annotations

import ast
import textwrap

from execrl.labeling.testfiles.base import TestFunction, lines_of


def _is_test_class(node: ast.ClassDef) -> bool:
    bases = {ast.unparse(base) for base in node.bases}
    return node.name.startswith("Test") or bool(bases & {"TestCase", "unittest.TestCase"})


def _first_line(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    return min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])


def _tests_in(body: list[ast.stmt], source: str, container: str | None) -> list[TestFunction]:
    return [TestFunction(node.name, _first_line(node), node.end_lineno or node.lineno,
                         lines_of(source, _first_line(node), node.end_lineno or node.lineno), container)
            for node in body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")]


class PythonTestFile:
    def functions(self, source: str) -> list[TestFunction]:
        module = ast.parse(source)
        found = _tests_in(module.body, source, None)
        for node in module.body:
            if isinstance(node, ast.ClassDef) and _is_test_class(node):
                found += _tests_in(node.body, source, node.name)
        return sorted(found, key=lambda function: function.start)

    def insert(self, source: str, candidate: str, container: str | None) -> str:
        body = source if source.endswith("\n") else source + "\n"
        if container is None:
            return body + "\n\n" + textwrap.dedent(candidate)
        target = next((node for node in ast.parse(source).body
                       if isinstance(node, ast.ClassDef) and node.name == container), None)
        if target is None:
            return body + "\n\n" + textwrap.dedent(candidate)
        lines = body.splitlines(keepends=True)
        end = target.end_lineno or target.lineno
        indent = " " * (target.body[0].col_offset if target.body else target.col_offset + 4)
        method = textwrap.indent(textwrap.dedent(candidate), indent)
        return "".join(lines[:end]) + "\n" + method + "".join(lines[end:])

    def runner_names(self, test_path: str, source: str, names: tuple[str, ...],
                     container: str | None) -> tuple[str, ...]:
        prefix = f"{test_path}::{container}::" if container else f"{test_path}::"
        return tuple(prefix + name for name in names)

    def defines(self, candidate: str) -> tuple[str, ...]:
        try:
            module = ast.parse(textwrap.dedent(candidate))
        except SyntaxError:
            return ()
        return tuple(function.name for function in _tests_in(module.body, candidate, None))

    def tidy(self, source: str, removed: list[str]) -> str:
        return source
