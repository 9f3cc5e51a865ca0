from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def execrl(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "execrl.cli", *args], capture_output=True, text=True, input=stdin,
                          timeout=120)


def test_run_prints_one_json_object(tmp_path: Path) -> None:
    program = tmp_path / "p.py"
    program.write_text("print('hi')\n")
    done = execrl("run", str(program), "--json")
    result = json.loads(done.stdout)
    assert done.returncode == 0
    assert result["outcome"] == "ok" and result["stdout"] == "hi\n"
    assert {"stderr", "duration_s", "isolation"} <= set(result)


def test_run_reports_timeout(tmp_path: Path) -> None:
    program = tmp_path / "p.py"
    program.write_text("while True: pass\n")
    done = execrl("run", str(program), "--timeout", "0.5", "--json")
    assert json.loads(done.stdout)["outcome"] == "timeout" and done.returncode == 1


def test_run_missing_file_names_it() -> None:
    done = execrl("run", "/no/such/program.py")
    assert done.returncode == 2 and "/no/such/program.py" in done.stderr


def test_run_rejects_a_bad_limit(tmp_path: Path) -> None:
    program = tmp_path / "p.py"
    program.write_text("pass\n")
    done = execrl("run", str(program), "--timeout", "-1")
    assert done.returncode == 2 and "timeout_s" in done.stderr and "-1" in done.stderr
