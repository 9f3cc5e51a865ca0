"""Test files per language: enumerate test functions, hold one out, insert a candidate, name its tests."""

from __future__ import annotations

from execrl.labeling.testfiles.base import TestFile, TestFunction, belongs, remove_lines
from execrl.types import Language

__all__ = ["TestFile", "TestFunction", "belongs", "remove_lines", "test_file"]


def test_file(language: Language) -> TestFile:
    """The language's test-file module (Java and Go need tree-sitter: imported only when asked for)."""
    if language is Language.PYTHON:
        from execrl.labeling.testfiles.python import PythonTestFile

        return PythonTestFile()
    if language is Language.JAVA:
        from execrl.labeling.testfiles.java import JavaTestFile

        return JavaTestFile()
    from execrl.labeling.testfiles.go import GoTestFile

    return GoTestFile()


test_file.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
