"""A Markdown report of an evaluation, with PNG figures beside it when matplotlib is installed.

The report holds the pass@k table (base and base + plus), the verdict breakdown (wrong answer, exception types,
timeout, syntax error, memory, infrastructure), per-task pass rates and, with plus tests, the tasks where the plus
tests changed the verdict most. Without matplotlib the Markdown is written alone and says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from execrl.eval.summary import EvalSummary, TaskScore, by_count


@dataclass(frozen=True)
class Report:
    markdown: Path
    figures: tuple[Path, ...]
    note: str  # why figures are missing, or ""


def write_report(summary: EvalSummary, path: Path, *, title: str = "Evaluation report") -> Report:
    """Write ``path`` (Markdown) and its figures ``<path stem>_*.png`` beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    figures, note = _figures(summary, path.with_suffix(""))
    sections = [_header(summary, title, note), _pass_table(summary), _verdict_tables(summary),
                _figure_links(figures, path.parent), _plus_gaps(summary), _task_table(summary.tasks, summary.has_plus)]
    if summary.warnings:
        sections.append("## Warnings\n\n" + "\n".join(f"- {warning}" for warning in summary.warnings))
    path.write_text("\n\n".join(section for section in sections if section) + "\n", encoding="utf-8")
    return Report(path, tuple(figures), note)


def _figures(summary: EvalSummary, stem: Path) -> tuple[list[Path], str]:
    try:
        from execrl.eval.plots import draw

        return draw(summary, stem), ""
    except ImportError:
        return [], "matplotlib is not installed (pip install 'execrl[report]'), so this report has no figures"


def _header(summary: EvalSummary, title: str, note: str) -> str:
    lines = [f"# {title}", "",
             f"- tasks with samples: {len(summary.tasks)}",
             f"- samples: {summary.n_samples} ({summary.n_infra_error} infrastructure errors, left out of pass@k)",
             f"- run now: {summary.n_executed} samples in {summary.duration_s:.1f} s"]
    if summary.results_path is not None:
        lines.append(f"- per-sample results: `{summary.results_path}`")
    if note:
        lines.append(f"- note: {note}")
    return "\n".join(lines)


def _pass_table(summary: EvalSummary) -> str:
    plus = {p.k: p for p in summary.plus_pass_at_k}
    header = ["k", "pass@k (base)"] + (["pass@k (base + plus)"] if plus else []) + ["tasks", "tasks left out"]
    rows = []
    for p in summary.pass_at_k:
        cells = [str(p.k), _percent(p.value)] + ([_percent(plus[p.k].value)] if plus else [])
        rows.append(cells + [str(p.n_tasks), str(p.n_left_out)])
    return "## pass@k\n\n" + _table(header, rows)


def _verdict_tables(summary: EvalSummary) -> str:
    scored = sum(summary.verdicts.values())
    header = ["verdict", "base"] + (["base + plus"] if summary.has_plus else [])
    rows = [[verdict.value, _share(n, scored)] + ([_share(summary.plus_verdicts.get(verdict, 0), scored)]
                                                  if summary.has_plus else [])
            for verdict, n in by_count(summary.verdicts)]
    text = "## Verdicts\n\n" + _table(header, rows)
    if summary.exception_types:
        raised = sum(summary.exception_types.values())
        types = [[f"`{name}`", _share(n, raised)] for name, n in by_count(summary.exception_types)]
        text += "\n\n### Exception types (verdict `exception`)\n\n" + _table(["exception", "samples"], types)
    outcomes = [[outcome.value, _share(n, scored)] for outcome, n in by_count(summary.outcomes)]
    return text + "\n\n### How the programs ran (sandbox outcome)\n\n" + _table(["outcome", "samples"], outcomes)


def _figure_links(figures: Sequence[Path], directory: Path) -> str:
    if not figures:
        return ""
    return "## Figures\n\n" + "\n\n".join(f"![{f.stem}]({f.relative_to(directory)})" for f in figures)


def _plus_gaps(summary: EvalSummary) -> str:
    if not summary.has_plus:
        return ""
    gaps = sorted(((s.pass_rate or 0.0) - (s.plus_pass_rate or 0.0), s.task_id) for s in summary.tasks if s.n)
    worst = [(gap, task_id) for gap, task_id in reversed(gaps) if gap > 0][:20]
    if not worst:
        return "## Base vs plus\n\nThe plus tests changed no task's pass rate."
    rows = [[task_id, f"{gap:.0%}"] for gap, task_id in worst]
    return ("## Base vs plus\n\nTasks whose pass rate drops most once the plus tests count (up to 20):\n\n"
            + _table(["task", "drop"], rows))


def _task_table(tasks: Sequence[TaskScore], has_plus: bool) -> str:
    header = ["task", "samples", "base pass rate"] + (["base + plus pass rate"] if has_plus else []) + ["infra errors"]
    rows = [[t.task_id, str(t.n), _percent(t.pass_rate)] + ([_percent(t.plus_pass_rate)] if has_plus else [])
            + [str(t.n_infra_error)] for t in tasks]
    return "## Per-task pass rates\n\n" + _table(header, rows)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2%}"


def _share(n: int, total: int) -> str:
    return f"{n} ({n / total:.1%})" if total else str(n)
