"""Fixtures for the test-generation tests: the real sandbox, real MBPP tasks, and hand-written mutants."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from execrl.mutation.base import Mutant, Operator
from execrl.sandbox.local import LocalExecutor
from execrl.tasks import load_tasks
from execrl.types import Language, Task, TestCase

MBPP_PATH = Path(__file__).resolve().parents[3] / "shared" / "data" / "sanitized-mbpp.json"

# A task whose own tests let a boundary mutant through: `>` instead of `>=` is caught only at x == 10.
GRADE = Task("T/grade", "def grade(x):\n", "grade",
             "def grade(x):\n    if x >= 10:\n        return 'high'\n    return 'low'\n",
             (TestCase("test_0", code="assert grade(3) == 'low'"),
              TestCase("test_1", code="assert grade(50) == 'high'")))


def mutant(task: Task, original: str, replacement: str, operator: Operator = Operator.BOUNDARY) -> Mutant:
    line = task.reference[: task.reference.index(original)].count("\n") + 1
    return Mutant(Language.PYTHON, operator, line, original, replacement,
                  task.reference.replace(original, replacement, 1))


def grade_mutants(source: str) -> list[Mutant]:
    """Hand-written mutants of GRADE: two the task's tests kill, one they let through."""
    assert source == GRADE.reference
    return [mutant(GRADE, "return 'low'", "return 'high'", Operator.RETURN_VALUE),  # killed by test_0
            mutant(GRADE, "x >= 10", "x > 10"),  # survives: only grade(10) tells
            mutant(GRADE, "return 'high'", "return ''", Operator.CONSTANT)]  # killed by test_1


@pytest.fixture(scope="module")
def executor() -> Iterator[LocalExecutor]:
    with LocalExecutor(workers=2) as pool:
        yield pool


@pytest.fixture(scope="session")
def mbpp() -> dict[str, Task]:
    if not MBPP_PATH.is_file():
        pytest.skip(f"sanitized MBPP is not at {MBPP_PATH}")
    return {task.task_id: task for task in load_tasks(MBPP_PATH)}
