"""``execrl reward``: rows, resume, summary; and one end-to-end run through the real CLI and sandbox."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from execrl.errors import DataError
from execrl.rewards.command import Args, run
from execrl.sandbox.fake import FakeExecutor
from execrl.types import ExecRequest, ExecResult, Outcome, Task, TestCase, TestResult, TestStatus

ROOT = Path(__file__).resolve().parents[2]
TASK = Task("T/0", "def inc(x):\n", "inc", "def inc(x):\n    return x + 1\n",
            (TestCase("t0", code="assert candidate(1) == 2"), TestCase("t1", code="assert candidate(-1) == 0",
                                                                        tags=frozenset({"edge"}))))
COMPLETIONS = ["    return x + 1\n", "    return x + 2\n", "    import sys\n    sys.exit(0)\n", "    return x +\n"]


def judge_by_text(request: ExecRequest) -> ExecResult:
    good = "x + 1" in request.program
    status = TestStatus.PASSED if good else TestStatus.FAILED
    return ExecResult(Outcome.OK, tuple(TestResult(t.name, status) for t in request.tests))


def write_samples(path: Path, completions: list[str]) -> Path:
    path.write_text("".join(json.dumps({"task_id": "T/0", "completion": c}) + "\n" for c in completions))
    return path


def reward(args: Args, fake: FakeExecutor) -> dict[str, object]:
    out = io.StringIO()
    assert run(args, [TASK], fake, stdout=out, stderr=io.StringIO()) == 0
    summary: dict[str, object] = json.loads(out.getvalue().strip().splitlines()[-1])
    return summary


def test_rows_and_summary(tmp_path: Path) -> None:
    args = Args(tasks="x", samples=write_samples(tmp_path / "s.jsonl", COMPLETIONS), out=tmp_path / "r.jsonl",
                progress=False, cache_dir=tmp_path)
    summary = reward(args, FakeExecutor(judge_by_text))
    rows = [json.loads(line) for line in args.out.read_text().splitlines()]
    assert [(r["task_id"], r["sample_idx"]) for r in rows] == [("T/0", i) for i in range(4)]
    assert [r["reward"] for r in rows][:1] == [1.0] and rows[2]["reward"] == 0.0 and rows[3]["reward"] == 0.0
    assert rows[2]["flags"][0]["kind"] == "early_exit" and rows[2]["flags"][0]["reason"]
    assert rows[3]["components"]["syntax"] == 0.0 and rows[3]["feedback"][0].startswith("does not parse")
    assert set(rows[0]["components"]) == {"syntax", "functional", "edge", "efficiency", "diagnostics", "naming",
                                          "structure", "calls"}
    assert summary["n_samples"] == 4 and summary["flags"] == {"early_exit": 1} and summary["n_flagged"] == 1
    assert set(summary["components"]) == set(rows[0]["components"])  # type: ignore[arg-type]


def test_a_second_run_skips_what_is_done_and_masked_rows_run_again(tmp_path: Path) -> None:
    args = Args(tasks="x", samples=write_samples(tmp_path / "s.jsonl", COMPLETIONS[:2]), out=tmp_path / "r.jsonl",
                progress=False, cache_dir=tmp_path)
    infra = FakeExecutor(lambda r: judge_by_text(r) if "+ 2" not in r.program else ExecResult(Outcome.INFRA_ERROR))
    first = reward(args, infra)
    assert first["n_masked"] == 1
    again = FakeExecutor(judge_by_text)
    second = reward(args, again)
    assert [r.program for r in again.requests] == ["def inc(x):\n    return x + 2\n"]  # only the masked one
    assert second["n_masked"] == 0 and second["n_scored"] == 2


def test_resuming_over_another_samples_file_is_refused(tmp_path: Path) -> None:
    args = Args(tasks="x", samples=write_samples(tmp_path / "s.jsonl", COMPLETIONS[:1]), out=tmp_path / "r.jsonl",
                progress=False, cache_dir=tmp_path)
    reward(args, FakeExecutor())
    write_samples(args.samples, COMPLETIONS[1:2])
    with pytest.raises(DataError, match="--no-resume"):
        reward(args, FakeExecutor())


def test_execrl_reward_end_to_end(tmp_path: Path) -> None:
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text(json.dumps({"task_id": "T/0", "prompt": TASK.prompt, "entry_point": "inc",
                                 "reference": TASK.reference, "tests": [
                                     {"name": "t0", "code": "assert candidate(1) == 2"},
                                     {"name": "t1", "code": "assert candidate(-1) == 0", "tags": ["edge"]}]}) + "\n")
    samples = write_samples(tmp_path / "samples.jsonl", COMPLETIONS)
    spec = tmp_path / "spec.toml"
    spec.write_text("[weights]\nfunctional = 1.0\nedge = 1.0\nefficiency = 0.5\n")
    command = [sys.executable, "-m", "execrl.cli", "reward", "--tasks", str(tasks), "--samples", str(samples),
               "--out", str(tmp_path / "rewards.jsonl"), "--spec", str(spec), "--workers", "1", "--no-progress",
               "--cache-dir", str(tmp_path / "cache")]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["n_samples"] == 4 and summary["flags"] == {"early_exit": 1}
    rows = [json.loads(line) for line in (tmp_path / "rewards.jsonl").read_text().splitlines()]
    assert [row["reward"] for row in rows] == [1.0, 0.0, 0.0, 0.0]
    assert rows[0]["components"] == {"functional": 1.0, "edge": 1.0, "efficiency": 1.0}
