"""Fixtures for the reward tests: the real sandbox (one pool per test module) and the real task sets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from execrl.sandbox.local import LocalExecutor
from execrl.tasks import load_tasks
from execrl.types import Task

MBPP_PATH = Path(__file__).resolve().parents[3] / "shared" / "data" / "sanitized-mbpp.json"


@pytest.fixture(scope="module")
def executor() -> Iterator[LocalExecutor]:
    with LocalExecutor(workers=2) as pool:
        yield pool


@pytest.fixture(scope="session")
def humaneval() -> dict[str, Task]:
    return {task.task_id: task for task in load_tasks("humaneval")}


@pytest.fixture(scope="session")
def mbpp() -> dict[str, Task]:
    if not MBPP_PATH.is_file():
        pytest.skip(f"sanitized MBPP is not at {MBPP_PATH}")
    return {task.task_id: task for task in load_tasks(MBPP_PATH)}


@pytest.fixture(scope="session")
def all_tasks(humaneval: dict[str, Task], mbpp: dict[str, Task]) -> dict[str, Task]:
    return {**humaneval, **mbpp}
