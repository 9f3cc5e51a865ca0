"""PNG figures for the evaluation report, drawn with matplotlib's object API (no pyplot: no global state, no GUI).

matplotlib is an optional dependency (``execrl[report]``); :func:`draw` is only called once it imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from execrl.eval.summary import EvalSummary


def draw(summary: EvalSummary, stem: Path) -> list[Path]:
    """Write the figures as ``<stem>_*.png``; return their paths. Raises ImportError without matplotlib."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    paths = [_pass_rates(Figure, summary, stem.with_name(stem.name + "_pass_rates.png")),
             _verdicts(Figure, MaxNLocator, summary, stem.with_name(stem.name + "_verdicts.png"))]
    if summary.has_plus:
        paths.append(_base_vs_plus(Figure, summary, stem.with_name(stem.name + "_base_vs_plus.png")))
    return paths


def _pass_rates(figure: Any, summary: EvalSummary, path: Path) -> Path:
    scored = sorted((s for s in summary.tasks if s.n), key=lambda s: s.pass_rate or 0.0, reverse=True)
    fig = figure(figsize=(8, 3.5))
    ax = fig.subplots()
    positions = range(len(scored))
    ax.bar(positions, [s.pass_rate or 0.0 for s in scored], width=1.0, label="base", color="tab:blue")
    if summary.has_plus:
        ax.bar(positions, [s.plus_pass_rate or 0.0 for s in scored], width=1.0, label="base + plus",
               color="tab:orange", alpha=0.8)
        ax.legend(loc="upper right")
    ax.set(xlabel=f"{len(scored)} tasks, sorted by base pass rate", ylabel="pass rate", ylim=(0, 1.02),
           xlim=(-0.5, max(len(scored), 1) - 0.5), xticks=[], title="Per-task pass rate")
    return _save(fig, path)


def _verdicts(figure: Any, locator: Any, summary: EvalSummary, path: Path) -> Path:
    items = sorted(summary.verdicts.items(), key=lambda item: item[1])
    fig = figure(figsize=(6, 0.4 * len(items) + 1.2))
    ax = fig.subplots()
    ax.barh([verdict.value for verdict, _ in items], [n for _, n in items], color="tab:gray")
    for row, (_, n) in enumerate(items):
        ax.annotate(str(n), (n, row), xytext=(3, 0), textcoords="offset points", va="center")
    ax.set(xlabel="samples", title="Verdicts on the base tests", xlim=(0, max(n for _, n in items) * 1.15 + 0.5))
    ax.xaxis.set_major_locator(locator(integer=True))
    return _save(fig, path)


def _base_vs_plus(figure: Any, summary: EvalSummary, path: Path) -> Path:
    scored = [s for s in summary.tasks if s.n and s.plus_correct is not None]
    fig = figure(figsize=(4.5, 4.5))
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], color="lightgray", linewidth=1)
    ax.scatter([s.pass_rate for s in scored], [s.plus_pass_rate for s in scored], s=12, alpha=0.6)
    ax.set(xlabel="base pass rate", ylabel="base + plus pass rate", xlim=(-0.02, 1.02), ylim=(-0.02, 1.02),
           title="Per task: base vs plus tests")
    return _save(fig, path)


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return path
