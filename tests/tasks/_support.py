"""Helpers for the loader tests: the shared data, and running trusted reference code in this process.

Running in-process is only for dataset references and hand-written programs in these tests; model-written code
goes through the sandbox.
"""

from __future__ import annotations

import copy
import math
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from execrl.types import ErrorInfo, ExecRequest, ExecResult, Outcome, Task, TestCase, TestResult, TestStatus

DATA_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def data_file(name: str) -> Path:
    path = DATA_DIR / name
    if not path.is_file():
        pytest.skip(f"{name} is not in the shared data directory {DATA_DIR.resolve()}")
    return path


def run_in_process(request: ExecRequest) -> ExecResult:
    """The sandbox's answer to an ``inputs``-test request (``actual`` filled in), minus the isolation."""
    namespace: dict[str, Any] = {"__name__": "reference"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # "\d" in dataset code
            exec(compile(request.program, "<reference>", "exec"), namespace)
    except Exception as error:
        return ExecResult(Outcome.RUNTIME_ERROR, error=ErrorInfo(type(error).__name__, str(error)))
    function = namespace[request.entry_point or ""]
    return ExecResult(Outcome.OK, tuple(_call(function, test) for test in request.tests))


def _call(function: Callable[..., Any], test: TestCase) -> TestResult:
    try:
        value = function(*copy.deepcopy(test.inputs or ()))
    except Exception as error:
        return TestResult(test.name, TestStatus.ERROR, error=ErrorInfo(type(error).__name__, str(error)))
    # Like the sandbox: compared with the absent expected value (None), so FAILED unless the value is None.
    return TestResult(test.name, TestStatus.PASSED if value is None else TestStatus.FAILED, actual=value)


def failing_tests(task: Task, program: str, tests: tuple[TestCase, ...] | None = None) -> list[str]:
    """Names of the tests ``program`` fails, run in order in one namespace as the sandbox runs them."""
    namespace: dict[str, Any] = {"__name__": "candidate_module"}
    exec(task.test_setup, namespace)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # "\d" in dataset code
        exec(program, namespace)
    namespace["candidate"] = namespace[task.entry_point]
    return [test.name for test in (task.tests if tests is None else tests) if not _passes(test, namespace)]


def _passes(test: TestCase, namespace: dict[str, Any]) -> bool:
    try:
        if test.code:
            exec(test.code, namespace)
            return True
        return close(namespace["candidate"](*copy.deepcopy(test.inputs or ())), test.expected, test.atol)
    except Exception:
        return False


def close(actual: Any, expected: Any, atol: float) -> bool:
    """Equality, with ``atol`` for floats and for sequences of them (the comparison TestCase documents)."""
    if actual == expected:
        return True
    if isinstance(expected, float) and isinstance(actual, int | float):
        return math.isclose(actual, expected, rel_tol=1e-7, abs_tol=atol)
    if isinstance(expected, list | tuple) and type(actual) is type(expected) and len(actual) == len(expected):
        return all(close(a, e, atol) for a, e in zip(actual, expected, strict=True))
    return False
