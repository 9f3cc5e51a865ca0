"""Java test files (tree-sitter): the ``@Test`` methods without parameters of the file's top-level test class
(JUnit 4 and 5), or its ``test*`` methods when it extends JUnit 3's ``TestCase``; the runner names them
``com.x.CalcTest.testAdd()``."""

from __future__ import annotations

import tree_sitter_java
from tree_sitter import Language as Grammar
from tree_sitter import Node, Parser

from execrl.labeling.testfiles.base import TestFunction, lines_of

GRAMMAR = Grammar(tree_sitter_java.language())
_TEST_ANNOTATIONS = frozenset({"Test", "org.junit.Test", "org.junit.jupiter.api.Test"})


def parse(source: str) -> Node:
    return Parser(GRAMMAR).parse(source.encode()).root_node


def _text(node: Node | None) -> str:
    return node.text.decode() if node is not None and node.text is not None else ""


def _annotations(method: Node) -> set[str]:
    modifiers = next((child for child in method.children if child.type == "modifiers"), None)
    if modifiers is None:
        return set()
    return {_text(child.child_by_field_name("name")) for child in modifiers.children
            if child.type in ("marker_annotation", "annotation")}


def _is_test(method: Node, junit3: bool) -> bool:
    parameters = method.child_by_field_name("parameters")
    if parameters is None or parameters.named_child_count:
        return False
    name = _text(method.child_by_field_name("name"))
    return bool(_annotations(method) & _TEST_ANNOTATIONS) or (junit3 and name.startswith("test"))


def test_classes(root: Node) -> list[Node]:
    return [node for node in root.children if node.type == "class_declaration"]


def package_of(root: Node) -> str:
    declaration = next((node for node in root.children if node.type == "package_declaration"), None)
    if declaration is None:
        return ""
    return next((_text(child) for child in declaration.named_children
                 if child.type in ("scoped_identifier", "identifier")), "")


class JavaTestFile:
    def functions(self, source: str) -> list[TestFunction]:
        found = []
        for cls in test_classes(parse(source)):
            junit3 = "TestCase" in _text(cls.child_by_field_name("superclass"))
            body, name = cls.child_by_field_name("body"), _text(cls.child_by_field_name("name"))
            for method in body.named_children if body is not None else []:
                if method.type == "method_declaration" and _is_test(method, junit3):
                    start, end = method.start_point.row + 1, method.end_point.row + 1
                    found.append(TestFunction(_text(method.child_by_field_name("name")), start, end,
                                              lines_of(source, start, end), name))
        return found

    def insert(self, source: str, candidate: str, container: str | None) -> str:
        classes = test_classes(parse(source))
        target = next((cls for cls in classes if _text(cls.child_by_field_name("name")) == container),
                      classes[0] if classes else None)
        body = target.child_by_field_name("body") if target is not None else None
        if body is None:
            return source + "\n" + candidate
        data = source.encode()
        closing = body.end_byte - 1  # the class body's "}"
        addition = ("\n" + candidate.rstrip("\n") + "\n").encode()
        return (data[:closing] + addition + data[closing:]).decode()

    def runner_names(self, test_path: str, source: str, names: tuple[str, ...],
                     container: str | None) -> tuple[str, ...]:
        package = package_of(parse(source))
        owner = ".".join(part for part in (package, container or "") if part)
        return tuple(f"{owner}.{name}()" for name in names)

    def defines(self, candidate: str) -> tuple[str, ...]:
        return tuple(function.name for function in self.functions(f"class Candidate {{\n{candidate}\n}}\n"))

    def tidy(self, source: str, removed: list[str]) -> str:
        return source
