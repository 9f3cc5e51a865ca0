from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from execrl.sandbox._isolation import UID_BASE
from execrl.sandbox.local import LocalExecutor

SECRET = "execrl-test-secret-4f7a"


@pytest.fixture(scope="session")
def executor() -> Iterator[LocalExecutor]:
    os.environ["EXECRL_TEST_SECRET"] = SECRET  # the caller's environment: programs must never see it
    with LocalExecutor(workers=2) as pool:
        yield pool


def sandbox_processes(pool: LocalExecutor) -> list[int]:
    """Host processes running as one of the pool's sandbox uids, once the pool has had a moment to reap.

    A worker answers first and reaps right after (the teardown overlaps with the caller's work), so this waits
    up to 2 s for the count to reach zero before reporting what is left.
    """
    deadline = time.monotonic() + 2
    while (found := _processes_of(pool)) and time.monotonic() < deadline:
        time.sleep(0.01)
    return found


def _processes_of(pool: LocalExecutor) -> list[int]:
    uids = {UID_BASE + worker.process.pid for worker in pool._workers}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        uid_line = next(line for line in status.splitlines() if line.startswith("Uid:"))
        if int(uid_line.split()[1]) in uids:
            found.append(int(entry.name))
    return found
