"""`execrl evaluate` run as a user runs it, timed: shared by the benchmarks that race it against another CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def timed_evaluate(tasks: str, samples: Path, out: Path, workers: int,
                   options: list[str]) -> tuple[float, dict[str, Any]]:
    """Wall seconds of one ``execrl evaluate`` on ``samples`` (results to ``out``, no resume, no progress bar) and
    its summary line; ``options`` come last, so a ``--workers`` there wins."""
    command = [sys.executable, "-m", "execrl.cli", "evaluate", "--tasks", tasks, "--samples", str(samples),
               "--out", str(out), "--no-resume", "--no-progress", "--workers", str(workers), *options]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: evaluated, but a reference solution failed its tests
        raise RuntimeError(f"execrl evaluate failed:\n{done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout.strip().splitlines()[-1])
