"""How discriminating are execrl's generated tests? Mutants of MBPP references, side by side with MBPP+.

    python benchmarks/testgen_mutants.py                 # every MBPP task that MBPP+ also has (399)
    python benchmarks/testgen_mutants.py --limit 40      # a quick check on the first 40

For every sanitized-MBPP task that MBPP+ also has:

1. execrl generates a suite (``execrl testgen`` with MBPP+'s contracts borrowed, see ``execrl.testgen.contracts``),
   written to ``--suites`` and resumed from it;
2. the reference runs the generated tests: the share it passes must be 100% (no false failures);
3. mutants of the reference (``python_mutants``, at most ``--max-mutants`` per task, the same ones test generation
   attacked) run against the task's 3 original asserts; the *survivors* run against (a) MBPP+'s plus tests, keeping
   only those the sanitized reference itself passes (MBPP+ fixed a few references), (b) the full generated suite,
   (c) the reduced generated suite;
4. held out: the reduced suite is chosen again from the kills of the even-numbered survivors only (plus line
   coverage), and all three suites are scored on the odd-numbered survivors, which the selection never saw.

Survivors include equivalent mutants that no test can kill, so no suite reaches 100%; "killed by either" bounds
how many are killable. Writes ``benchmarks/results/testgen_mutants.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from execrl.sandbox.base import Executor  # noqa: E402
from execrl.sandbox.local import LocalExecutor  # noqa: E402
from execrl.tasks import load_tasks  # noqa: E402
from execrl.testgen import command as testgen_command  # noqa: E402
from execrl.testgen.generate import default_mutants, mutant_limits, mutant_sources  # noqa: E402
from execrl.testgen.oracle import validate  # noqa: E402
from execrl.testgen.select import Trial, failing_tests, kills_by_test, reduce_suite, survivors  # noqa: E402
from execrl.testgen.store import read_suites  # noqa: E402
from execrl.testgen.suite import GeneratedSuite, TestgenConfig  # noqa: E402
from execrl.types import Task, TestCase  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "benchmarks" / "results" / "testgen_mutants.json"
SUITES = ROOT / "runs" / "testgen" / "mbpp-tests.jsonl"  # large (5 MB): kept out of the repository


@dataclass
class Tally:
    """Counts summed over tasks."""

    tasks: int = 0
    mutants: int = 0
    survivors: int = 0
    killed: dict[str, int] = field(default_factory=lambda: {"plus": 0, "full": 0, "reduced": 0, "either": 0})
    held_out: int = 0
    held_out_killed: dict[str, int] = field(default_factory=lambda: {"plus": 0, "full": 0, "reduced": 0})
    tests: dict[str, int] = field(default_factory=lambda: {"plus": 0, "full": 0, "reduced": 0, "held_out_reduced": 0})
    reference_runs: int = 0
    reference_passes: int = 0
    plus_dropped: int = 0  # MBPP+ plus tests the sanitized reference fails


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N shared tasks")
    parser.add_argument("--suites", type=Path, default=SUITES, help="generated suites (resumed from)")
    parser.add_argument("--max-mutants", type=int, default=TestgenConfig().max_mutants)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    started = time.perf_counter()
    with LocalExecutor(workers=args.workers) as executor:
        tasks, plus = _tasks(executor, args.limit)
        generation_s = _generate(tasks, executor, args)
        suites = read_suites(args.suites)
        tally = Tally()
        for start in range(0, len(tasks), 16):
            batch = tasks[start:start + 16]
            _score(batch, [plus[t.task_id] for t in batch], [suites[t.task_id] for t in batch], executor, args, tally)
            print(f"{start + len(batch)}/{len(tasks)} tasks scored", file=sys.stderr)
    report = _report(tally, generation_s, time.perf_counter() - started, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report))


def _tasks(executor: Executor, limit: int | None) -> tuple[list[Task], dict[str, Task]]:
    plus = {task.task_id: task for task in load_tasks(DATA / "MbppPlus.json.gz", executor=executor)}
    tasks = [task for task in load_tasks(DATA / "sanitized-mbpp.json") if task.task_id in plus]
    return tasks[:limit], plus


def _generate(tasks: Sequence[Task], executor: Executor, args: argparse.Namespace) -> float:
    started = time.perf_counter()
    options = testgen_command.Args(tasks=str(DATA / "sanitized-mbpp.json"), out=args.suites,
                                   contracts=str(DATA / "MbppPlus.json.gz"), max_mutants=args.max_mutants,
                                   progress=False)
    testgen_command.run(options, tasks, executor, stdout=sys.stderr)
    return time.perf_counter() - started


def _score(tasks: Sequence[Task], plus: Sequence[Task], suites: Sequence[GeneratedSuite], executor: Executor,
           args: argparse.Namespace, tally: Tally) -> None:
    config = TestgenConfig(max_mutants=args.max_mutants)
    checks = validate([(t, s.tests, s.setup) for t, s in zip(tasks, suites, strict=True)], executor, config)
    plus_kept = _plus_tests_the_reference_passes(tasks, plus, executor, config)
    sources = [mutant_sources(t, default_mutants, args.max_mutants) for t in tasks]
    base = failing_tests([Trial(t, s, t.tests) for t, s in zip(tasks, sources, strict=True)], executor,
                         mutant_limits(config, 3))
    alive = [tuple(s[i] for i in survivors(s, f)) for s, f in zip(sources, base, strict=True)]
    plus_trials = [Trial(t, a, k, p.test_setup) for t, a, k, p in zip(tasks, alive, plus_kept, plus, strict=True)]
    gen_trials = [Trial(t, a, s.tests, s.setup) for t, a, s in zip(tasks, alive, suites, strict=True)]
    plus_fail = failing_tests(plus_trials, executor, mutant_limits(config, max(len(k) for k in plus_kept)))
    gen_fail = failing_tests(gen_trials, executor, mutant_limits(config, max(len(s.tests) for s in suites)))
    for index in range(len(tasks)):
        _add(tally, suites[index], checks[index].lines, len(suites[index].tests), checks[index].tests,
             sources[index], alive[index], plus_kept[index], plus_fail[index], gen_fail[index],
             plus[index].plus_tests)


def _plus_tests_the_reference_passes(tasks: Sequence[Task], plus: Sequence[Task], executor: Executor,
                                     config: TestgenConfig) -> list[tuple[TestCase, ...]]:
    checks = validate([(t, p.plus_tests, p.test_setup) for t, p in zip(tasks, plus, strict=True)], executor, config)
    return [check.tests for check in checks]


def _add(tally: Tally, suite: GeneratedSuite, lines: dict[str, frozenset[int]], generated: int,
         passed: Sequence[TestCase], sources: Sequence[str], alive: Sequence[str], plus_kept: Sequence[TestCase],
         plus_fail: Sequence[frozenset[str] | None], gen_fail: Sequence[frozenset[str] | None],
         plus_all: Sequence[TestCase]) -> None:
    tally.tasks += 1
    tally.mutants += len(sources)
    tally.survivors += len(alive)
    tally.reference_runs += generated
    tally.reference_passes += len(passed)
    tally.plus_dropped += len(plus_all) - len(plus_kept)
    reduced = set(suite.reduced)
    killed = {"plus": _killed(plus_fail, None), "full": _killed(gen_fail, None), "reduced": _killed(gen_fail, reduced)}
    killed["either"] = killed["plus"] | killed["full"]
    for name, indices in killed.items():
        tally.killed[name] += len(indices)
    held_reduced = _held_out_reduction(suite, lines, gen_fail)
    odd = set(range(1, len(alive), 2))
    tally.held_out += len(odd)
    for name, indices in (("plus", killed["plus"]), ("full", killed["full"]),
                          ("reduced", _killed(gen_fail, set(held_reduced)))):
        tally.held_out_killed[name] += len(indices & odd)
    tally.tests["plus"] += len(plus_kept)
    tally.tests["full"] += len(suite.tests)
    tally.tests["reduced"] += len(suite.reduced)
    tally.tests["held_out_reduced"] += len(held_reduced)


def _killed(failures: Sequence[frozenset[str] | None], within: set[str] | None) -> set[int]:
    return {i for i, failed in enumerate(failures) if failed and (within is None or failed & within or "*" in failed)}


def _held_out_reduction(suite: GeneratedSuite, lines: dict[str, frozenset[int]],
                        gen_fail: Sequence[frozenset[str] | None]) -> tuple[str, ...]:
    """The reduced suite chosen from the even-numbered survivors' kills and the lines, blind to the odd ones."""
    even = [failed if i % 2 == 0 else frozenset() for i, failed in enumerate(gen_fail)]
    kills = kills_by_test(even)
    needs = {t.name: frozenset(("mutant", i) for i in kills.get(t.name, ())) |
             frozenset(("line", n) for n in lines.get(t.name, ())) for t in suite.tests}
    return reduce_suite(suite.tests, needs)


def _report(tally: Tally, generation_s: float, total_s: float, args: argparse.Namespace) -> dict[str, Any]:
    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    return {
        "tasks": tally.tasks, "mutants": tally.mutants, "survivors_of_original_asserts": tally.survivors,
        "killed_share": {name: share(count, tally.survivors) for name, count in tally.killed.items()},
        "held_out_survivors": tally.held_out,
        "held_out_killed_share": {name: share(n, tally.held_out) for name, n in tally.held_out_killed.items()},
        "tests_per_task": {name: round(n / max(1, tally.tasks), 2) for name, n in tally.tests.items()},
        "reduced_over_plus_tests": share(tally.tests["reduced"], tally.tests["plus"]),
        "reference_pass_rate_on_generated": share(tally.reference_passes, tally.reference_runs),
        "plus_tests_failed_by_sanitized_reference": tally.plus_dropped,
        "generation_s": round(generation_s, 1), "total_s": round(total_s, 1), "limit": args.limit,
        "max_mutants": args.max_mutants,
    }


if __name__ == "__main__":
    main()
