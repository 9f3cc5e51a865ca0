"""The training report: Markdown with PNG figures, from what a run leaves in its output directory
(``metrics.jsonl``, ``eval_before.json``, ``eval_after.json``).

Figures: reward per component over steps, held-out pass@1 before / after, KL to the reference, completion lengths,
and the held-out outcome breakdown before / after. Without matplotlib the Markdown is written alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from execrl.train.metrics import read_metrics

COMPONENT_PREFIX = "rewards/execrl_"


def write_train_report(out: Path, *, title: str = "Training report") -> Path:
    rows = read_metrics(out / "metrics.jsonl")
    before, after = _summary(out / "eval_before.json"), _summary(out / "eval_after.json")
    figures, note = _figures(rows, before, after, out)
    lines = [f"# {title}", "", f"- logged steps: {len(rows)}; metrics: `metrics.jsonl`"]
    if note:
        lines.append(f"- note: {note}")
    lines += ["", "## Held-out pass@1", "", "| | pass@1 | tasks | passed |", "|---|---|---|---|"]
    for name, summary in (("before", before), ("after", after)):
        if summary is not None:
            lines.append(f"| {name} | {summary.get('pass@1', 0.0):.2%} | {summary.get('n_tasks')} | "
                         f"{summary.get('n_passed')} |")
    lines += ["", "## Training rewards (first and last logged step)", "", _reward_table(rows)]
    lines += ["", "## Figures", ""] + [f"![{f.stem}]({f.name})" for f in figures]
    path = out / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _reward_table(rows: Sequence[dict[str, Any]]) -> str:
    steps = [r for r in rows if "reward" in r]
    if not steps:
        return "(no training step logged)"
    keys = ["reward"] + sorted(k for k in steps[0] if k.startswith(COMPONENT_PREFIX) and k.endswith("/mean"))
    keys += [k for k in ("kl", "completions/mean_length", "frac_reward_zero_std") if k in steps[0]]
    lines = [f"| metric | step {steps[0]['step']} | step {steps[-1]['step']} |", "|---|---|---|"]
    lines += [f"| {k} | {steps[0].get(k, float('nan')):.3f} | {steps[-1].get(k, float('nan')):.3f} |" for k in keys]
    return "\n".join(lines)


def _summary(path: Path) -> dict[str, Any] | None:
    return dict(json.loads(path.read_text())) if path.exists() else None


def _figures(rows: Sequence[dict[str, Any]], before: dict[str, Any] | None, after: dict[str, Any] | None,
             out: Path) -> tuple[list[Path], str]:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return [], "matplotlib is not installed (pip install 'execrl[report]'), so this report has no figures"
    steps = [r for r in rows if "reward" in r]
    figures = [_components(Figure, steps, out / "train_rewards.png"),
               _series(Figure, steps, ["kl"], "KL to the reference", out / "train_kl.png"),
               _series(Figure, steps, ["completions/mean_length", "completions/max_length"], "completion tokens",
                       out / "train_lengths.png")]
    if before or after:
        figures += [_pass_at_1(Figure, before, after, out / "heldout_pass1.png"),
                    _outcomes(Figure, before, after, out / "heldout_outcomes.png")]
    return [f for f in figures if f is not None], ""


def _components(figure: Any, steps: Sequence[dict[str, Any]], path: Path) -> Path | None:
    keys = sorted(k for r in steps for k in r if k.startswith(COMPONENT_PREFIX) and k.endswith("/mean"))
    if not steps:
        return None
    fig = figure(figsize=(7, 4))
    ax = fig.subplots()
    for key in dict.fromkeys(keys):
        points = [(r["step"], r[key]) for r in steps if key in r]
        ax.plot([p[0] for p in points], [p[1] for p in points], marker=".", label=key[len(COMPONENT_PREFIX):-5])
    ax.set(xlabel="step", ylabel="mean reward", title="Reward per component", ylim=(-0.02, 1.02))
    ax.legend(fontsize=7, ncol=2)
    return _save(fig, path)


def _series(figure: Any, steps: Sequence[dict[str, Any]], keys: Sequence[str], label: str,
            path: Path) -> Path | None:
    if not any(k in r for r in steps for k in keys):
        return None
    fig = figure(figsize=(6, 3.2))
    ax = fig.subplots()
    for key in keys:
        points = [(r["step"], r[key]) for r in steps if key in r]
        ax.plot([p[0] for p in points], [p[1] for p in points], marker=".", label=key)
    ax.set(xlabel="step", ylabel=label, title=label)
    ax.legend(fontsize=7)
    return _save(fig, path)


def _pass_at_1(figure: Any, before: dict[str, Any] | None, after: dict[str, Any] | None, path: Path) -> Path:
    names = [n for n, s in (("before", before), ("after", after)) if s is not None]
    values = [float(s.get("pass@1", 0.0)) for s in (before, after) if s is not None]
    fig = figure(figsize=(4, 3.2))
    ax = fig.subplots()
    ax.bar(names, values, color=["tab:gray", "tab:blue"][: len(values)])
    for x, value in enumerate(values):
        ax.annotate(f"{value:.1%}", (x, value), ha="center", va="bottom")
    ax.set(ylabel="pass@1 (greedy)", title="Held-out pass@1", ylim=(0, max(values + [0.1]) * 1.3))
    return _save(fig, path)


def _outcomes(figure: Any, before: dict[str, Any] | None, after: dict[str, Any] | None, path: Path) -> Path:
    runs = [(n, s.get("verdicts", {})) for n, s in (("before", before), ("after", after)) if s is not None]
    verdicts = sorted({v for _, counts in runs for v in counts})
    fig = figure(figsize=(7, 3.5))
    ax = fig.subplots()
    width = 0.8 / len(runs)
    for offset, (name, counts) in enumerate(runs):
        ax.bar([i + offset * width for i in range(len(verdicts))], [counts.get(v, 0) for v in verdicts], width,
               label=name)
    ax.set_xticks([i + width * (len(runs) - 1) / 2 for i in range(len(verdicts))], verdicts, rotation=20, fontsize=8)
    ax.set(ylabel="held-out samples", title="Held-out outcomes")
    ax.legend()
    return _save(fig, path)


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path
