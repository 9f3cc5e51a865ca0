"""execrl evaluate against evalplus 0.3.1 on MBPP+, side by side in one run, both end to end from their CLIs.

evalplus needs its own environment (its dependencies pin things execrl does not want) and runs offline only with
``MBPP_OVERRIDE_PATH`` pointing at an MBPP+ JSONL file:

    python3 -m venv .venv-evalplus && .venv-evalplus/bin/pip install evalplus==0.3.1
    python benchmarks/evalplus_comparison.py [--samples FILE] [--evalplus-python .venv-evalplus/bin/python]

Without ``--samples`` both evaluate the MBPP+ reference solutions (399 programs, ~100 inputs each). Each tool
runs once untimed first, so that both have their expected outputs cached (evalplus under ~/.cache/evalplus,
execrl under ~/.cache/execrl), then once timed. Writes ``benchmarks/results/evalplus_comparison.json``.
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

from _execrl_cli import timed_evaluate

ROOT = Path(__file__).resolve().parents[1]
MBPP_PLUS = ROOT.parent / "shared" / "data" / "MbppPlus.json.gz"


def mbpp_plus_jsonl(directory: Path) -> Path:
    """evalplus reads its override as JSONL; the shared file is one JSON array."""
    with gzip.open(MBPP_PLUS, "rt") as handle:
        rows = json.load(handle)
    path = directory / "MbppPlus.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def reference_samples(directory: Path) -> Path:
    with gzip.open(MBPP_PLUS, "rt") as handle:
        rows = json.load(handle)
    path = directory / "references.jsonl"
    path.write_text("".join(json.dumps({"task_id": r["task_id"], "solution": r["prompt"] + r["canonical_solution"]})
                            + "\n" for r in rows))
    return path


def run_evalplus(python: str, samples: Path, override: Path, workers: int) -> dict[str, Any]:
    result_file = samples.with_name(samples.stem + "_eval_results.json")
    result_file.unlink(missing_ok=True)  # evalplus would otherwise ask on stdin whether to overwrite it
    command = [python, "-m", "evalplus.evaluate", "mbpp", "--samples", str(samples), "--parallel", str(workers),
               "--i_just_wanna_run", "True"]
    env = {**os.environ, "MBPP_OVERRIDE_PATH": str(override)}
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "summary": [line for line in done.stdout.splitlines() if "pass@" in line]}


def run_execrl(samples: Path, out: Path, workers: int, stop_on_failure: bool) -> dict[str, Any]:
    options = ["--k", "1", *(["--stop-on-failure"] if stop_on_failure else [])]
    seconds, summary = timed_evaluate("mbpp-plus", samples, out, workers, options)
    return {"seconds": seconds, "pass@1": summary.get("pass@1"), "plus_pass@1": summary.get("plus_pass@1")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evalplus-python", default=str(ROOT / ".venv-evalplus" / "bin" / "python"))
    parser.add_argument("--samples", type=Path, default=None, help="EvalPlus-format samples (default: references)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "evalplus_comparison.json")
    args = parser.parse_args()
    if not Path(args.evalplus_python).exists():
        parser.error(f"no evalplus interpreter at {args.evalplus_python}: see this script's docstring")
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        override = mbpp_plus_jsonl(directory)
        samples = directory / "samples.jsonl"
        samples.write_text((args.samples or reference_samples(directory)).read_text())
        n_samples = len(samples.read_text().splitlines())
        run_evalplus(args.evalplus_python, samples, override, args.workers)  # warm its expected-output cache
        run_execrl(samples, directory / "warm.jsonl", args.workers, False)
        report: dict[str, Any] = {"samples": n_samples, "workers": args.workers, "machine_cores": os.cpu_count(),
                                  "load_average_at_start": os.getloadavg()[0]}
        report["evalplus"] = run_evalplus(args.evalplus_python, samples, override, args.workers)
        report["execrl"] = run_execrl(samples, directory / "r.jsonl", args.workers, False)
        report["execrl_stop_on_failure"] = run_execrl(samples, directory / "r2.jsonl", args.workers, True)
    for name in ("evalplus", "execrl", "execrl_stop_on_failure"):
        report[name]["samples_per_s"] = n_samples / report[name]["seconds"]
    report["speedup_vs_evalplus"] = report["evalplus"]["seconds"] / report["execrl"]["seconds"]
    print(json.dumps(report, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
