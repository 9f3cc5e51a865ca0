from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.rmrf.conftest import make_rows

pytest.importorskip("sklearn")


def test_train_then_evaluate_from_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "labels"
    data.mkdir()
    (data / "python.jsonl").write_text("".join(json.dumps(r.to_json()) + "\n" for r in make_rows(projects=8)))
    model_dir, results = tmp_path / "classical", tmp_path / "results.jsonl"

    def rmrf(*args: str) -> dict[str, object]:
        done = subprocess.run([sys.executable, "-m", "execrl.cli", "rmrf", *args, "--data", str(data),
                               "--model-dir", str(model_dir)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        summary: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
        return summary

    trained = rmrf("train", "--model", "classical")
    assert trained["model"] == "classical" and (model_dir / "rmrf.json").is_file()
    evaluated = rmrf("evaluate", "--results", str(results), "--limit", "10")
    assert evaluated["n"] == 10 and 0.0 <= float(evaluated["average_f1"]) <= 1.0  # type: ignore[arg-type]
    assert json.loads(results.read_text())["data"]["scored"]["n"] == 10


def test_unknown_action_is_a_user_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "execrl.cli", "rmrf", "fly", "--model-dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "unknown action 'fly'" in done.stderr
