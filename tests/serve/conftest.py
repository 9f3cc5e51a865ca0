"""Fixtures for the service tests: a few real HumanEval tasks, a real sandbox pool, and a real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from execrl.types import Task

pytest.importorskip("fastapi", reason="the service needs the 'serve' extra")

TOKEN = "test-token-7c1e"
TASK_IDS = ("HumanEval/0", "HumanEval/2", "HumanEval/4")


@pytest.fixture(scope="session")
def humaneval_tasks() -> list[Task]:
    from execrl.tasks import load_tasks

    return [task for task in load_tasks("humaneval") if task.task_id in TASK_IDS]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(tmp_path: Path, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    """``execrl serve`` in a subprocess on 127.0.0.1; returns once /health answers."""
    port = free_port()
    env = {**os.environ, "EXECRL_SERVE_TOKENS": TOKEN}
    log = (tmp_path / f"serve-{port}.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "execrl.cli", "serve", "--port", str(port), *options],
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"execrl serve exited with {process.returncode}: "
                               f"{(tmp_path / f'serve-{port}.log').read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("execrl serve did not start within 120 s")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One real server for the client tests: HumanEval tasks, 2 sandbox workers."""
    process, url = start_server(tmp_path_factory.mktemp("serve"), "--tasks", "humaneval", "--workers", "2")
    yield url
    process.terminate()
    process.wait(timeout=60)
