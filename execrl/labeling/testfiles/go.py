"""Go test files (tree-sitter): top-level ``func TestXxx(t *testing.T)``; the runner names them ``TestXxx``
(subtests ``TestXxx/case``)."""

from __future__ import annotations

import re

import tree_sitter_go
from tree_sitter import Language as Grammar
from tree_sitter import Node, Parser

from execrl.labeling.testfiles.base import TestFunction, lines_of

GRAMMAR = Grammar(tree_sitter_go.language())


def parse(source: str) -> Node:
    return Parser(GRAMMAR).parse(source.encode()).root_node


def _text(node: Node | None) -> str:
    return node.text.decode() if node is not None and node.text is not None else ""


def _is_test(function: Node) -> bool:
    name = _text(function.child_by_field_name("name"))
    parameters = _text(function.child_by_field_name("parameters")).replace(" ", "")
    suffix = name[4:5]
    return name.startswith("Test") and (not suffix or not suffix.islower()) and parameters.endswith("*testing.T)")


class GoTestFile:
    def functions(self, source: str) -> list[TestFunction]:
        found = []
        for node in parse(source).children:
            if node.type == "function_declaration" and _is_test(node):
                start, end = node.start_point.row + 1, node.end_point.row + 1
                found.append(TestFunction(_text(node.child_by_field_name("name")), start, end,
                                          lines_of(source, start, end)))
        return found

    def insert(self, source: str, candidate: str, container: str | None) -> str:
        body = source if source.endswith("\n") else source + "\n"
        return body + "\n" + candidate

    def runner_names(self, test_path: str, source: str, names: tuple[str, ...],
                     container: str | None) -> tuple[str, ...]:
        return names

    def defines(self, candidate: str) -> tuple[str, ...]:
        return tuple(function.name for function in self.functions("package p\n\n" + candidate))

    def tidy(self, source: str, removed: list[str]) -> str:
        """An import only the removed tests used stays, kept alive by ``var _ = pkg.Func`` (a function they
        called through it), so that a candidate using it still builds."""
        keep = []
        for name, block_end in _imports(source):
            rest = source[block_end:]
            if re.search(rf"\b{re.escape(name)}\.", rest):
                continue
            calls = [m.group(1) for text in removed for m in re.finditer(rf"\b{re.escape(name)}\.([A-Z]\w*)\(", text)]
            if calls:
                keep.append(f"var _ = {name}.{calls[0]}\n")
        return source + ("\n" + "".join(keep) if keep else "")


def _imports(source: str) -> list[tuple[str, int]]:
    """(the name a file uses for each import, where the import declarations end)."""
    found = []
    for declaration in parse(source).children:
        if declaration.type != "import_declaration":
            continue
        stack = [declaration]
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            if node.type == "import_spec":
                alias = node.child_by_field_name("name")
                path = _text(node.child_by_field_name("path")).strip('"`')
                name = _text(alias) if alias is not None else path.rsplit("/", 1)[-1].split(".")[0]
                if name not in ("_", "."):
                    found.append((name, declaration.end_byte))
    return found
