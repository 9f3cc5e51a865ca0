"""``execrl testgen``: generate hidden test suites for a task set.

    execrl testgen --tasks mbpp --out tests.jsonl [--contracts mbpp-plus] [--limit 50]

The suites are then used through ``execrl.testgen.with_generated_tests(tasks, "tests.jsonl")`` (hidden tests for
evaluation and rewards) or ``HiddenTestSampler.from_file`` (a fresh subset per RL step); see docs/TESTGEN.md.

Suites are appended to ``--out`` one row per task as batches finish (see ``store``); a rerun skips every task whose
row matches its current content hash (task and options), so an interrupted run resumes and a changed task is
redone. The sandbox's workers run each batch in parallel. The last line on stdout is a JSON summary.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from execrl.errors import ConfigError
from execrl.sandbox.base import Executor
from execrl.testgen.generate import generate_batch
from execrl.testgen.store import append_suites, read_suites
from execrl.testgen.suite import GeneratedSuite, TestgenConfig, task_sha
from execrl.types import Task


@dataclass(frozen=True)
class Args:
    tasks: str = field(metadata={"help": "task set: humaneval, mbpp, mbpp-plus, humaneval-plus, or a task file"})
    out: Path = field(metadata={"help": "suites JSONL, one row per task, appended and resumed from"})
    contracts: str = field(default="", metadata={
        "help": "borrow input contracts from this task set for tasks of the same id (e.g. mbpp-plus for mbpp)"})
    limit: int | None = field(default=None, metadata={"help": "only the first N tasks"})
    task_ids: tuple[str, ...] = field(default=(), metadata={"help": "only these tasks (comma-separated ids)"})
    seed: int = field(default=0, metadata={"help": "seed of every random choice"})
    mutations: int = field(default=60, metadata={"help": "mutated seed inputs to try per task"})
    properties: int = field(default=30, metadata={"help": "hypothesis-drawn inputs to try per task (0: none)"})
    max_tests: int = field(default=150, metadata={"help": "largest full suite per task"})
    test_timeout: float = field(default=1.0, metadata={"help": "seconds per input for the reference"})
    mutants: bool = field(default=True, metadata={"help": "attack with mutants of the reference (adversarial "
                                                          "tags and the reduced suite's kills)"})
    max_mutants: int = field(default=80, metadata={"help": "mutants per task"})
    model: str = field(default="", metadata={"help": "also ask this model for tests (as in execrl generate "
                                                     "--model); '' = no model"})
    model_tests: int = field(default=10, metadata={"help": "asserts to ask the model for, per task"})
    batch_size: int = field(default=16, metadata={"help": "tasks per sandbox batch and per append to --out"})
    workers: int | None = field(default=None, metadata={"help": "sandbox worker processes (default: one per core)"})
    resume: bool = field(default=True, metadata={"help": "skip tasks already in --out (--no-resume: start over)"})
    progress: bool = field(default=True, metadata={"help": "show a progress bar on stderr"})
    cache_dir: Path | None = field(default=None, metadata={"help": "cache for computed expected outputs"})


def main(args: Args) -> int:
    from execrl.cli import run_on_tasks

    return run_on_tasks(args.tasks, args.workers, args.cache_dir, lambda tasks, executor: run(args, tasks, executor))


def run(args: Args, tasks: Sequence[Task], executor: Executor, *, stdout: TextIO | None = None,
        stderr: TextIO | None = None) -> int:
    """Everything after loading tasks and starting the sandbox; returns the exit status."""
    started = time.perf_counter()
    config = _config(args)
    tasks = _chosen(args, tasks)
    if args.contracts:
        tasks = _with_contracts(args, tasks, executor)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not args.resume:
        args.out.write_text("")
    done = read_suites(args.out)
    pending = [t for t in tasks if t.task_id not in done or done[t.task_id].task_sha != task_sha(t, config)]
    generator = _generator(args) if args.model else None
    with tqdm(total=len(pending), desc="testgen", unit="task", file=stderr or sys.stderr,
              disable=not args.progress) as bar:
        for start in range(0, len(pending), args.batch_size):
            batch = pending[start:start + args.batch_size]
            proposed = _proposed(args, batch, generator) if generator is not None else None
            suites = generate_batch(batch, executor, config, proposed=proposed)
            append_suites(args.out, suites)
            done.update((suite.task_id, suite) for suite in suites)
            bar.update(len(batch))
    suites = [done[t.task_id] for t in tasks if t.task_id in done]
    summary = summarise(suites, time.perf_counter() - started, len(pending), args.out)
    print(json.dumps(summary), file=stdout or sys.stdout)
    return 0


def _config(args: Args) -> TestgenConfig:
    if args.batch_size < 1:
        raise ConfigError(f"--batch-size must be positive, got {args.batch_size}")
    model = f"{args.model}:{args.model_tests}" if args.model else ""
    try:
        return TestgenConfig(seed=args.seed, mutations=args.mutations, properties=args.properties,
                             max_tests=args.max_tests, test_timeout_s=args.test_timeout, mutants=args.mutants,
                             max_mutants=args.max_mutants, model=model)
    except ValueError as error:
        raise ConfigError(str(error)) from None


def _chosen(args: Args, tasks: Sequence[Task]) -> list[Task]:
    if args.limit is not None and args.limit < 0:
        raise ConfigError(f"--limit must be >= 0, got {args.limit}")
    chosen = list(tasks)
    if args.task_ids:
        known = {task.task_id for task in tasks}
        missing = [task_id for task_id in args.task_ids if task_id not in known]
        if missing:
            raise ConfigError(f"--task-ids: {missing[0]!r} is not a task of {args.tasks}")
        chosen = [task for task in tasks if task.task_id in set(args.task_ids)]
    return chosen[: args.limit]


def _with_contracts(args: Args, tasks: Sequence[Task], executor: Executor) -> list[Task]:
    from execrl.tasks import load_tasks
    from execrl.testgen.contracts import borrow_contracts

    return borrow_contracts(tasks, load_tasks(args.contracts, executor=executor, cache_dir=args.cache_dir))


def _generator(args: Args) -> Any:
    from execrl.generation.command import Args as GenerateArgs
    from execrl.generation.command import make_generator

    return make_generator(GenerateArgs(tasks=args.tasks, out=args.out, model=args.model, seed=args.seed))


def _proposed(args: Args, batch: Sequence[Task], generator: Any) -> dict[str, Any]:
    from execrl.generation.base import SamplingParams
    from execrl.testgen.model_tests import proposed_candidates

    return proposed_candidates(batch, generator, SamplingParams(max_new_tokens=512, seed=args.seed), args.model_tests)


def summarise(suites: Sequence[GeneratedSuite], duration_s: float, generated: int, out: Path) -> dict[str, Any]:
    """Tests per task (full and reduced), survivors of the tasks' own tests and how many the suites kill."""
    full = sum(len(s.tests) for s in suites)
    reduced = sum(len(s.reduced) for s in suites)
    survivors = sum(s.stats.survivors for s in suites)
    killed = sum(s.stats.killed for s in suites)
    return {"n_tasks": len(suites), "n_generated": generated, "n_tests": full, "n_reduced": reduced,
            "tests_per_task": round(full / len(suites), 2) if suites else None,
            "reduced_per_task": round(reduced / len(suites), 2) if suites else None,
            "tasks_without_tests": sum(not s.tests for s in suites), "mutants": sum(s.stats.mutants for s in suites),
            "survivors": survivors, "killed": killed,
            "kill_rate": round(killed / survivors, 4) if survivors else None,
            "duration_s": round(duration_s, 3), "out": str(out)}
