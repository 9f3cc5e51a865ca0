"""Aggregate per-sample verdicts into pass@k, per-task scores and outcome counts.

Samples with an infrastructure error are not verdicts on the program: they are counted in ``n_infra_error`` and
left out of their task's ``n`` and ``c``: they neither lower pass@k nor count as samples.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from execrl.eval.passk import PassAtK, TaskCount, mean_pass_at_k
from execrl.eval.results import SampleResult, Verdict
from execrl.types import Outcome, Task

K = TypeVar("K")


@dataclass(frozen=True)
class TaskScore:
    task_id: str
    n: int  # samples with a verdict (infrastructure errors excluded)
    correct: int
    plus_correct: int | None  # None when the task has no plus tests
    n_infra_error: int

    @property
    def pass_rate(self) -> float | None:
        return self.correct / self.n if self.n else None

    @property
    def plus_pass_rate(self) -> float | None:
        return self.plus_correct / self.n if self.n and self.plus_correct is not None else None


@dataclass(frozen=True)
class EvalSummary:
    pass_at_k: tuple[PassAtK, ...]  # base tests: comparable with human-eval, and with EvalPlus's "base"
    plus_pass_at_k: tuple[PassAtK, ...]  # base + plus tests (EvalPlus's "base + extra"); () without plus tests
    tasks: tuple[TaskScore, ...]  # every task that has samples, in task order
    verdicts: Mapping[Verdict, int]
    plus_verdicts: Mapping[Verdict, int]
    outcomes: Mapping[Outcome, int]
    exception_types: Mapping[str, int]  # behind EXCEPTION base verdicts, e.g. {"IndexError": 3}
    n_samples: int
    n_executed: int  # samples run by this call; the others were read back from the results file
    duration_s: float
    results_path: Path | None
    warnings: tuple[str, ...]

    @property
    def n_infra_error(self) -> int:
        return self.verdicts.get(Verdict.INFRA_ERROR, 0)

    @property
    def has_plus(self) -> bool:
        return bool(self.plus_pass_at_k)

    def to_json(self) -> dict[str, Any]:
        """Flat keys ``pass@k`` / ``plus_pass@k`` first, as human-eval prints them; a pass@k no task has is left out."""
        row: dict[str, Any] = {f"pass@{p.k}": p.value for p in self.pass_at_k if p.value is not None}
        row.update({f"plus_pass@{p.k}": p.value for p in self.plus_pass_at_k if p.value is not None})
        row.update(
            n_tasks=len(self.tasks), n_samples=self.n_samples, n_scored=self.n_samples - self.n_infra_error,
            n_infra_error=self.n_infra_error, n_passed=self.verdicts.get(Verdict.PASSED, 0),
            tasks_at_k={f"pass@{p.k}": p.n_tasks for p in self.pass_at_k},
            verdicts=_names(self.verdicts), outcomes=_names(self.outcomes),
            exception_types=dict(by_count(self.exception_types)),
            n_executed=self.n_executed, duration_s=round(self.duration_s, 3),
            results=None if self.results_path is None else str(self.results_path), warnings=list(self.warnings),
        )
        if self.has_plus:
            row.update(n_plus_passed=self.plus_verdicts.get(Verdict.PASSED, 0),
                       plus_verdicts=_names(self.plus_verdicts))
        return row

    def describe(self) -> str:
        """A few lines for people: pass@k, counts, warnings."""
        lines = [f"{len(self.tasks)} tasks, {self.n_samples} samples "
                 f"({self.n_executed} run now in {self.duration_s:.1f} s, {self.n_infra_error} infrastructure errors)"]
        lines += [f"  {_label(p, 'pass')}" for p in self.pass_at_k]
        lines += [f"  {_label(p, 'plus_pass')}" for p in self.plus_pass_at_k]
        lines.append("  verdicts: " + ", ".join(f"{v.value} {n}" for v, n in by_count(self.verdicts)))
        lines += [f"warning: {warning}" for warning in self.warnings]
        if self.results_path is not None:
            lines.append(f"results: {self.results_path}")
        return "\n".join(lines)


def summarise(results: Sequence[SampleResult], tasks: Sequence[Task], k: Sequence[int]) -> EvalSummary:
    """The summary of ``results`` (one per sample); the caller fills in timing, the results path and warnings."""
    scores = _task_scores(results, tasks)
    # A task whose every sample hit an infrastructure error has no verdict at all, not "fewer than k samples".
    counts = [TaskCount(s.task_id, s.n, s.correct) for s in scores if s.n]
    plus_counts = [TaskCount(s.task_id, s.n, s.plus_correct) for s in scores if s.n and s.plus_correct is not None]
    return EvalSummary(
        pass_at_k=tuple(mean_pass_at_k(counts, one_k) for one_k in k),
        plus_pass_at_k=tuple(mean_pass_at_k(plus_counts, one_k) for one_k in k) if plus_counts else (),
        tasks=scores,
        verdicts=Counter(r.verdict for r in results),
        plus_verdicts=Counter(r.plus_verdict for r in results if r.plus_verdict is not None),
        outcomes=Counter(r.outcome for r in results),
        exception_types=Counter(r.error_type or "unknown" for r in results if r.verdict is Verdict.EXCEPTION),
        n_samples=len(results), n_executed=0, duration_s=0.0, results_path=None, warnings=(),
    )


def coverage_warnings(summary: EvalSummary, n_tasks: int) -> list[str]:
    """What a reader must know to compare these numbers with human-eval's or EvalPlus's."""
    warnings = []
    if summary.n_infra_error:
        warnings.append(f"{summary.n_infra_error} samples hit infrastructure errors and are left out of pass@k; "
                        "run the same command again to retry them")
    if len(summary.tasks) < n_tasks:
        warnings.append(f"only {len(summary.tasks)} of {n_tasks} tasks have samples; pass@k averages over those "
                        "(human-eval refuses incomplete sample sets unless told to ignore them)")
    for p in summary.pass_at_k + summary.plus_pass_at_k:
        if p.n_left_out and p.value is not None:
            warnings.append(f"pass@{p.k}: {p.n_left_out} tasks have fewer than {p.k} samples and are left out "
                            f"(human-eval would report no pass@{p.k} at all)")
    with_plus = sum(s.plus_correct is not None for s in summary.tasks)
    if 0 < with_plus < len(summary.tasks):
        warnings.append(f"only {with_plus} of {len(summary.tasks)} tasks have plus tests; plus_pass@k covers those")
    return warnings


def _task_scores(results: Iterable[SampleResult], tasks: Sequence[Task]) -> tuple[TaskScore, ...]:
    by_task: dict[str, list[SampleResult]] = {}
    for result in results:
        by_task.setdefault(result.task_id, []).append(result)
    scores = []
    for task in tasks:
        group = by_task.get(task.task_id)
        if group:
            scored = [r for r in group if not r.is_infra_error]
            plus = sum(bool(r.plus_passed) for r in scored) if task.plus_tests else None
            scores.append(TaskScore(task.task_id, len(scored), sum(r.passed for r in scored), plus,
                                    len(group) - len(scored)))
    return tuple(scores)


def by_count(counts: Mapping[K, int]) -> list[tuple[K, int]]:
    """Most frequent first."""
    return sorted(counts.items(), key=lambda item: -item[1])


def _names(counts: Mapping[Verdict, int] | Mapping[Outcome, int]) -> dict[str, int]:
    return {key.value: n for key, n in sorted(counts.items(), key=lambda item: -item[1])}


def _label(p: PassAtK, name: str) -> str:
    value = "n/a" if p.value is None else f"{p.value:.4f}"
    left_out = f" ({p.n_left_out} tasks with fewer than {p.k} samples left out)" if p.n_left_out else ""
    return f"{name}@{p.k}: {value} over {p.n_tasks} tasks{left_out}"
