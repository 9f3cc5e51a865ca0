"""Statistics of a built dataset: label distributions per language, kind and split, labelling cost, and why
triples were skipped. Written as ``stats.json`` and a Markdown ``stats.md`` beside the data."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from execrl.labeling.builder import LABELLED, SKIPPED, read_jsonl


def percentile(values: Sequence[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _summary(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    labels = [row["labels"] for row in rows]
    seconds = [float(label["seconds"]) for label in labels]
    share = (lambda key: round(sum(bool(label[key]) for label in labels) / len(labels), 3)) if labels else None
    return {
        "triples": len(rows), "projects": len({row["project"] for row in rows}),
        "compiles_and_runs": share("compiles_and_runs") if share else None,
        "coverage_rises": share("coverage_rises") if share else None,
        "kill_rises": share("kill_rises") if share else None,
        "mean_line_delta": round(statistics.fmean(label["line_delta"] for label in labels), 4) if labels else None,
        "mean_kill_delta": round(statistics.fmean(label["kill_delta"] for label in labels), 4) if labels else None,
        "seconds_median": round(statistics.median(seconds), 2) if seconds else None,
        "seconds_p90": round(percentile(seconds, 0.9), 2) if seconds else None,
    }


def dataset_stats(out: Path) -> dict[str, Any]:
    rows = list(read_jsonl(out / LABELLED))
    skipped = list(read_jsonl(out / SKIPPED))
    stats: dict[str, Any] = {"total": _summary(rows), "languages": {}}
    for language in sorted({row["language"] for row in rows} | {row["language"] for row in skipped}):
        mine = [row for row in rows if row["language"] == language]
        stats["languages"][language] = {
            **_summary(mine),
            "by_kind": {kind: _summary([r for r in mine if r["kind"] == kind])
                        for kind in sorted({r["kind"] for r in mine})},
            "by_split": {split: _summary([r for r in mine if r["split"] == split])
                         for split in ("train", "validation", "test")},
            "split_projects": {split: sorted({r["project"] for r in mine if r["split"] == split})
                               for split in ("train", "validation", "test")},
            "skipped": dict(Counter(_reason(row["reason"]) for row in skipped if row["language"] == language)),
            "base_seconds_median": round(statistics.median(
                {r["labels"]["base_seconds"] for r in mine}), 2) if mine else None,
        }
    return stats


def _reason(reason: str) -> str:
    """Reasons grouped: the kind of failure, without the tool's message."""
    return reason.split(":")[0][:60]


_COLUMNS = ("triples", "projects", "compiles_and_runs", "coverage_rises", "kill_rises", "mean_line_delta",
            "mean_kill_delta", "seconds_median", "seconds_p90")


def markdown(stats: dict[str, Any]) -> str:
    lines = ["| language | group | " + " | ".join(_COLUMNS) + " |", "|---|---|" + "---|" * len(_COLUMNS)]
    for language, found in stats["languages"].items():
        groups = [("all", found), *((f"kind {k}", v) for k, v in found["by_kind"].items()),
                  *((f"split {k}", v) for k, v in found["by_split"].items())]
        for name, summary in groups:
            lines.append(f"| {language} | {name} | " + " | ".join(str(summary[c]) for c in _COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def write_stats(out: Path) -> dict[str, Any]:
    stats = dataset_stats(out)
    (out / "stats.json").write_text(json.dumps(stats, indent=1) + "\n")
    (out / "stats.md").write_text(markdown(stats))
    return stats
