"""What every language's test-file module offers: enumerate a test file's test functions, take one out, put a
candidate in, and name the runner's tests a candidate defines. Broken variants (``variants.py``) start from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class TestFunction:
    """One test function of a test file, as written there (lines are 1-based, inclusive)."""

    __test__ = False  # not a pytest class

    name: str
    start: int
    end: int
    text: str  # the lines start..end, with their indentation, ending in a newline
    container: str | None = None  # the class a method belongs to (Python, Java); None for a top-level function


class TestFile(Protocol):
    """One language's view of its test files."""

    def functions(self, source: str) -> list[TestFunction]:
        """The test functions the runner would collect, in source order (helpers and fixtures left out)."""

    def insert(self, source: str, candidate: str, container: str | None) -> str:
        """``source`` with ``candidate`` (one or more whole functions) added where the runner will find it."""

    def runner_names(self, test_path: str, source: str, names: tuple[str, ...],
                     container: str | None) -> tuple[str, ...]:
        """``TestSuite.only_tests`` entries selecting the functions ``names``."""

    def defines(self, candidate: str) -> tuple[str, ...]:
        """The test functions a candidate's text defines (a model-written candidate names its own)."""

    def tidy(self, source: str, removed: list[str]) -> str:
        """``source`` after test functions (``removed``) were taken out, made to build again where the language
        insists (Go refuses unused imports)."""


def remove_lines(source: str, function: TestFunction) -> str:
    """``source`` without ``function``'s lines (and one blank line before it, so the file keeps its shape)."""
    lines = source.splitlines(keepends=True)
    start = function.start - 1
    while start > 0 and not lines[start - 1].strip() and start > function.start - 3:
        start -= 1
    return "".join(lines[:start] + lines[function.end:])


def lines_of(source: str, start: int, end: int) -> str:
    text = "".join(source.splitlines(keepends=True)[start - 1:end])
    return text if text.endswith("\n") else text + "\n"


def belongs(result_name: str, selected: tuple[str, ...]) -> bool:
    """Whether a runner's test name is one of ``selected`` (or a parameterised case or subtest of one)."""
    for name in selected:
        stem = name.removesuffix("()")
        if result_name == name or result_name.startswith((stem + "[", stem + "(", stem + "/")):
            return True
    return False
