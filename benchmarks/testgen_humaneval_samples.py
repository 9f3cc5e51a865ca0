"""Do real model samples that pass HumanEval's tests fail execrl's generated tests?

    python benchmarks/testgen_humaneval_samples.py                          # all 16,400 CodeGen-16B samples
    python benchmarks/testgen_humaneval_samples.py --per-task 10 --limit 40  # a quick check

1. execrl generates a suite for each HumanEval task (``execrl testgen``; resumed from ``--suites``);
2. the samples (``../shared/data/humaneval-codegen16b-t0.8-n100.jsonl.gz``: CodeGen-Mono-16B, T=0.8) are evaluated
   with the generated suites as plus tests (``with_generated_tests`` + ``execrl.eval.evaluate``: one execution per
   sample, HumanEval's tests and the generated ones together, time limits scaled to the reference);
3. reported: samples that pass HumanEval's tests, how many of them fail the full generated suite, how many fail a
   generated test inside the seeds' domain (not tagged ``beyond_seeds``: HumanEval has no contracts, so an input
   such as a negative number for "a positive number" can fail a correct program), and how many the reduced suite;
   pass@1 before and after; the tags of the tests that catch them; and examples (the first failing generated test
   of one sample per task, in-domain and beyond) for checking by hand.

Writes ``benchmarks/results/testgen_humaneval_samples.json``.
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

from execrl.eval.harness import evaluate  # noqa: E402
from execrl.eval.results import SampleResult  # noqa: E402
from execrl.eval.samples import read_samples  # noqa: E402
from execrl.sandbox.local import LocalExecutor  # noqa: E402
from execrl.tasks import load_tasks  # noqa: E402
from execrl.testgen import command as testgen_command  # noqa: E402
from execrl.testgen import with_generated_tests  # noqa: E402
from execrl.testgen.store import read_suites  # noqa: E402
from execrl.testgen.suite import BEYOND_SEEDS  # noqa: E402
from execrl.types import Sample, Task, TestCase  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "data" / "humaneval-codegen16b-t0.8-n100.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results" / "testgen_humaneval_samples.json"
SUITES = ROOT / "runs" / "testgen" / "humaneval-tests.jsonl"  # kept out of the repository, like ROWS
ROWS = ROOT / "runs" / "testgen" / "humaneval-rows.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N tasks")
    parser.add_argument("--per-task", type=int, default=100, help="samples per task (the first ones)")
    parser.add_argument("--suites", type=Path, default=SUITES, help="generated suites (resumed from)")
    parser.add_argument("--results", type=Path, default=ROWS, help="evaluation rows (large: ~10 kB per sample)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    started = time.perf_counter()
    with LocalExecutor(workers=args.workers) as executor:
        tasks = load_tasks("humaneval")[: args.limit]
        options = testgen_command.Args(tasks="humaneval", out=args.suites, progress=False)
        testgen_command.run(options, tasks, executor, stdout=sys.stderr)
        generation_s = time.perf_counter() - started
        tasks = with_generated_tests(tasks, args.suites)
        samples = _samples(tasks, args.per_task)
        rows = args.results
        evaluate(tasks, samples, executor, out=rows, k=(1,), progress=False)
    report = _report(tasks, _read_rows(rows), args.suites)
    report.update(generation_s=round(generation_s, 1), total_s=round(time.perf_counter() - started, 1),
                  samples=len(samples), tasks=len(tasks))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if not k.startswith("examples")}))


def _samples(tasks: Sequence[Task], per_task: int) -> list[Sample]:
    known = {task.task_id for task in tasks}
    everything = read_samples(SAMPLES, load_tasks("humaneval"))
    return [s for s in everything if s.task_id in known and s.index < per_task]


def _read_rows(path: Path) -> list[SampleResult]:
    from execrl.eval.store import read_results

    return list(read_results(path).results)


def _report(tasks: Sequence[Task], results: Sequence[SampleResult], suites_path: Path) -> dict[str, Any]:
    by_id = {task.task_id: {t.name: t for t in task.plus_tests} for task in tasks}
    reduced = {task_id: set(suite.reduced) for task_id, suite in read_suites(suites_path).items()}
    base_passed = [r for r in results if r.passed]
    caught: dict[str, list[SampleResult]] = {"full": [], "reduced": [], "in_domain": []}
    tags, examples, beyond_examples = Counter[str](), {}, {}
    for result in base_passed:
        tests = by_id[result.task_id]
        failing = [t for t in result.tests[result.n_base:] if t.status.value != "passed"]
        if not failing:
            continue
        caught["full"].append(result)
        if any(t.name in reduced.get(result.task_id, set()) for t in failing):
            caught["reduced"].append(result)
        in_domain = [t for t in failing if BEYOND_SEEDS not in tests[t.name].tags]
        if in_domain:
            caught["in_domain"].append(result)
        first = (in_domain or failing)[0]
        tags.update(tests[first.name].tags)
        chosen = examples if in_domain else beyond_examples
        if result.task_id not in chosen:
            chosen[result.task_id] = _example(result, tests[first.name], first.error.message if first.error else "")
    n, passing = len(results), max(1, len(base_passed))
    return {
        "samples_passing_humaneval": len(base_passed),
        "of_which_fail_generated_full": len(caught["full"]),
        "of_which_fail_generated_in_domain": len(caught["in_domain"]),
        "of_which_fail_generated_reduced": len(caught["reduced"]),
        "share_fail_full": round(len(caught["full"]) / passing, 4),
        "share_fail_in_domain": round(len(caught["in_domain"]) / passing, 4),
        "share_fail_reduced": round(len(caught["reduced"]) / passing, 4),
        "pass@1_humaneval": round(len(base_passed) / max(1, n), 4),
        "pass@1_with_generated": round((len(base_passed) - len(caught["full"])) / max(1, n), 4),
        "pass@1_with_generated_in_domain": round((len(base_passed) - len(caught["in_domain"])) / max(1, n), 4),
        "tasks_with_caught_samples": len({r.task_id for r in caught["full"]}),
        "tags_of_first_failing_test": dict(tags.most_common()),
        "generated_tests_per_task": round(sum(len(t.plus_tests) for t in tasks) / max(1, len(tasks)), 2),
        "reduced_tests_per_task": round(sum(len(r) for r in reduced.values()) / max(1, len(reduced)), 2),
        "examples": list(examples.values()),
        "examples_beyond_seeds": list(beyond_examples.values()),
    }


def _example(result: SampleResult, test: TestCase, message: str) -> dict[str, Any]:
    return {"task_id": result.task_id, "sample_idx": result.sample_idx, "test": test.name,
            "inputs": repr(test.inputs)[:300] if test.inputs is not None else test.code[:300],
            "expected": repr(test.expected)[:200], "error": message[:300], "tags": sorted(test.tags),
            "completion": result.completion[:1500]}


if __name__ == "__main__":
    main()
