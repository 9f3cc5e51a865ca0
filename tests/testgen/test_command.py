"""``execrl testgen``: resume by content hash, summary, and one run through the real CLI and sandbox."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from execrl.errors import ConfigError
from execrl.sandbox.local import LocalExecutor
from execrl.testgen.command import Args, run
from execrl.testgen.store import read_suites, with_generated_tests
from execrl.types import TestCase

from .conftest import GRADE

ROOT = Path(__file__).resolve().parents[2]


def _run(args: Args, executor: LocalExecutor) -> dict[str, object]:
    out = io.StringIO()
    assert run(args, [GRADE], executor, stdout=out, stderr=io.StringIO()) == 0
    summary: dict[str, object] = json.loads(out.getvalue().strip().splitlines()[-1])
    return summary


def test_resume_skips_done_tasks_and_redoes_changed_options(tmp_path: Path, executor: LocalExecutor) -> None:
    args = Args(tasks="grade", out=tmp_path / "tests.jsonl", mutations=10, properties=5, mutants=False,
                progress=False)
    assert _run(args, executor)["n_generated"] == 1
    assert _run(args, executor)["n_generated"] == 0
    changed = Args(**{**args.__dict__, "seed": 1})
    summary = _run(changed, executor)
    assert summary["n_generated"] == 1 and summary["n_tasks"] == 1
    assert len((tmp_path / "tests.jsonl").read_text().splitlines()) == 2


def test_bad_options(tmp_path: Path, executor: LocalExecutor) -> None:
    with pytest.raises(ConfigError, match="T/nope"):
        run(Args(tasks="x", out=tmp_path / "t.jsonl", task_ids=("T/nope",)), [GRADE], executor)
    with pytest.raises(ConfigError, match="mutations"):
        run(Args(tasks="x", out=tmp_path / "t.jsonl", mutations=-1), [GRADE], executor)


def test_cli_end_to_end(tmp_path: Path) -> None:
    task_file = tmp_path / "tasks.jsonl"
    row = {"task_id": "T/grade", "prompt": "", "entry_point": "grade", "reference": GRADE.reference,
           "tests": [{"name": "t0", "code": "assert grade(3) == 'low'"}]}
    task_file.write_text(json.dumps(row) + "\n")
    out = tmp_path / "tests.jsonl"
    done = subprocess.run([sys.executable, "-m", "execrl.cli", "testgen", "--tasks", str(task_file), "--out",
                           str(out), "--mutations", "15", "--properties", "5", "--no-progress", "--workers", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["n_tasks"] == 1 and summary["n_tests"] > 5
    suite = read_suites(out)["T/grade"]
    [task] = with_generated_tests([GRADE], out)
    assert task.plus_tests == suite.tests and all(isinstance(t, TestCase) for t in task.plus_tests)
