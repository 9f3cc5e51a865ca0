"""Real toolchains for the mutation tests, and a private fingerprint cache per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def cache_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mutation-cache")


def need(tool: str, install: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"needs {tool}: {install}")
