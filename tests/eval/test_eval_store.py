from __future__ import annotations

import json
from pathlib import Path

import pytest

from execrl.errors import DataError
from execrl.eval.results import judge
from execrl.eval.store import append_results, from_row, read_results, rewrite_results, to_row, truncate
from execrl.types import ErrorInfo, ExecResult, Outcome, Sample, TestResult, TestStatus

RESULT = judge(
    Sample("T/0", "def f(x):\n    return 0\n", "    return 0\n", 2),
    ExecResult(Outcome.OK, (TestResult("a", TestStatus.PASSED),
                            TestResult("b", TestStatus.FAILED, error=ErrorInfo("AssertionError", "", 4)),
                            TestResult("c", TestStatus.PASSED)), duration_s=0.25),
    n_base=2, n_plus=1, timeout_s=3.0,
)


def test_rows_are_human_eval_rows_with_more_detail() -> None:
    row = to_row(RESULT)
    assert {k: row[k] for k in ("task_id", "completion", "result", "passed")} == {
        "task_id": "T/0", "completion": "    return 0\n", "result": "failed: AssertionError", "passed": False}
    assert (row["sample_idx"], row["outcome"], row["verdict"], row["plus_passed"]) == (2, "ok", "wrong_answer", False)
    assert row["tests"][1] == {"name": "b", "status": "failed",
                               "error": {"type": "AssertionError", "message": "", "line": 4, "origin": "program"}}
    assert row["tests"][2] == {"name": "c", "status": "passed", "plus": True}
    assert "solution" not in row
    json.dumps(row)


def test_rows_read_back_to_the_same_result() -> None:
    assert from_row(json.loads(json.dumps(to_row(RESULT)))) == RESULT


def test_a_torn_last_line_is_ignored_and_can_be_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    append_results(path, [RESULT])
    complete = path.stat().st_size
    with path.open("a") as handle:
        handle.write('{"task_id": "T/0", "sample_id')
    stored = read_results(path)
    assert (stored.results, stored.good_bytes, stored.dropped_tail) == ((RESULT,), complete, True)
    truncate(path, stored.good_bytes)
    append_results(path, [RESULT])
    assert read_results(path).results == (RESULT, RESULT)


def test_a_bad_row_before_the_end_is_an_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("not json\n")
    append_results(path, [RESULT])
    with pytest.raises(DataError, match=r"r\.jsonl:1: not a results row"):
        read_results(path)


def test_rewrite_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    append_results(path, [RESULT, RESULT])
    rewrite_results(path, [RESULT])
    assert read_results(path).results == (RESULT,)
    assert not (tmp_path / "r.jsonl.tmp").exists()


def test_a_missing_file_holds_no_results(tmp_path: Path) -> None:
    assert read_results(tmp_path / "none.jsonl").results == ()
