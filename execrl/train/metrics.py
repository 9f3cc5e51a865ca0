"""The metrics log: one JSON row per logging step (what TRL logs, plus the step and wall time), and a line per
step on stderr. TensorBoard is TRL's own ``report_to="tensorboard"``, turned on when tensorboard is installed.

On resume, rows of steps after the checkpoint are dropped first, so the log never holds a step twice.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

SHOWN = ("reward", "rewards/execrl_functional/mean", "kl", "completions/mean_length", "step_time")


class JsonlMetrics(TrainerCallback):
    def __init__(self, path: Path, *, progress: bool = True) -> None:
        self.path, self.progress = path, progress
        self.started = time.perf_counter()

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        kept = [row for row in read_metrics(self.path) if row["step"] <= state.global_step]
        self.path.write_text("".join(json.dumps(row) + "\n" for row in kept))

    def on_log(self, args: Any, state: Any, control: Any, logs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        if not logs:
            return
        row: dict[str, Any] = {"step": int(state.global_step), "wall_s": round(time.perf_counter() - self.started, 2)}
        row.update({key: value for key, value in logs.items() if isinstance(value, int | float | str)})
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")
        if self.progress:
            shown = "  ".join(f"{key.split('/')[-2] if key.count('/') == 2 else key} {logs[key]:.3g}"
                              for key in SHOWN if isinstance(logs.get(key), int | float))
            print(f"[train] step {state.global_step}/{state.max_steps}  {shown}", file=sys.stderr, flush=True)


def read_metrics(path: Path) -> list[dict[str, Any]]:
    """Every complete row of a metrics log (a torn last line is skipped)."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict) and isinstance(row.get("step"), int):
            rows.append(row)
    return rows


def tensorboard_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("tensorboard") is not None
