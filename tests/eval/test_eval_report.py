from __future__ import annotations

import sys
from pathlib import Path

import pytest

from execrl.eval.harness import evaluate
from execrl.eval.report import write_report
from execrl.eval.summary import EvalSummary
from execrl.sandbox.fake import FakeExecutor
from execrl.types import Sample
from tests.eval.eval_support import make_task

PROGRAMS = {"T/0": ["ok", "ok", "WEAK", "WRONG"], "T/1": ["CRASH", "SLOW", "INFRA", "ok"]}


def summary_with_plus(fake: FakeExecutor) -> EvalSummary:
    tasks = [make_task("T/0", n_plus=2), make_task("T/1", n_plus=1)]
    todo = [Sample(t, p, p, i) for t, programs in PROGRAMS.items() for i, p in enumerate(programs)]
    return evaluate(tasks, todo, fake, k=(1, 3), progress=False)


def test_the_report_holds_the_numbers_and_its_figures_exist(tmp_path: Path, fake: FakeExecutor) -> None:
    pytest.importorskip("matplotlib")
    summary = summary_with_plus(fake)
    report = write_report(summary, tmp_path / "out" / "report.md")
    text = report.markdown.read_text()
    # T/0: 3 of 4 pass base, 2 of 4 base + plus; T/1: 1 of 3 scored (the infra error is left out)
    assert f"| 1 | {(3 / 4 + 1 / 3) / 2:.2%} | {(2 / 4 + 1 / 3) / 2:.2%} | 2 | 0 |" in text
    for needle in ("wrong_answer", "`IndexError`", "timeout", "infra_error", "| T/1 | 3 | 33.33% | 33.33% | 1 |",
                   "| T/0 | 25% |", "## Warnings"):
        assert needle in text
    assert report.note == ""
    assert {f.name for f in report.figures} == {"report_pass_rates.png", "report_verdicts.png",
                                               "report_base_vs_plus.png"}
    for figure in report.figures:
        assert figure.parent == tmp_path / "out" and figure.read_bytes().startswith(b"\x89PNG")
        assert f"]({figure.name})" in text


def test_without_matplotlib_the_markdown_is_written_and_says_so(tmp_path: Path, fake: FakeExecutor,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib...` raise ImportError
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    report = write_report(summary_with_plus(fake), tmp_path / "report.md")
    assert report.figures == ()
    assert "matplotlib is not installed" in report.note
    assert "matplotlib is not installed" in report.markdown.read_text()
    assert list(tmp_path.glob("*.png")) == []
