"""Fixtures for the task loader tests."""

from __future__ import annotations

import pytest

from execrl.sandbox import FakeExecutor

from ._support import run_in_process


@pytest.fixture
def in_process() -> FakeExecutor:
    """An executor that runs reference programs in this process and reports the values they return."""
    return FakeExecutor(respond=run_in_process)
