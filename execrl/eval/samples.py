"""Read model samples from JSONL into :class:`~execrl.types.Sample`.

Two line formats are accepted, one object per line (``.jsonl`` or ``.jsonl.gz``):

* human-eval: ``{"task_id", "completion"}``; the program is ``task.prompt + completion``.
* EvalPlus: ``{"task_id", "solution"}``; the solution is the whole program. A line with both uses ``solution``,
  as EvalPlus does.

``sample_idx`` (or ``index``) numbers the samples of a task; without it a sample gets the number of samples of its
task seen before it, which is how human-eval numbers completions. Blank lines are skipped.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from execrl.errors import DataError, UnknownTaskError
from execrl.types import Sample, Task

_INDEX_KEYS = ("sample_idx", "index")


def read_samples(path: Path, tasks: Sequence[Task]) -> list[Sample]:
    """Every sample in ``path``, checked against ``tasks``; raises DataError / UnknownTaskError naming the line."""
    by_id = {task.task_id: task for task in tasks}
    samples: list[Sample] = []
    seen: dict[tuple[str, int], int] = {}  # (task_id, index) -> line number
    per_task: dict[str, int] = {}
    for line_no, row in _json_lines(path):
        sample = _sample(row, by_id, per_task.get(_task_id(row, path, line_no), 0), path, line_no)
        key = (sample.task_id, sample.index)
        if key in seen:
            raise DataError(f"{path}:{line_no}: sample {sample.index} of {sample.task_id} "
                            f"already appeared on line {seen[key]}")
        seen[key] = line_no
        per_task[sample.task_id] = per_task.get(sample.task_id, 0) + 1
        samples.append(sample)
    return samples


def reference_samples(tasks: Sequence[Task]) -> list[Sample]:
    """One sample per task: its reference solution, numbered 0."""
    return [Sample(task.task_id, task.reference, completion="", index=0) for task in tasks]


def _json_lines(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    try:
        with _open_text(path) as handle:
            for line_no, line in enumerate(handle, start=1):
                if line.strip():
                    yield line_no, _parse(line, path, line_no)
    except OSError as error:
        raise DataError(f"cannot read samples file {path}: {error}") from error


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _parse(line: str, path: Path, line_no: int) -> Mapping[str, Any]:
    try:
        row = json.loads(line.strip())  # without the newline, the error column points into the line
    except json.JSONDecodeError as error:
        raise DataError(f"{path}:{line_no}: not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(row, dict):
        raise DataError(f"{path}:{line_no}: expected a JSON object, got {type(row).__name__}")
    return row


def _task_id(row: Mapping[str, Any], path: Path, line_no: int) -> str:
    task_id = row.get("task_id")
    if not isinstance(task_id, str):
        raise DataError(f"{path}:{line_no}: missing or non-string 'task_id'")
    return task_id


def _sample(row: Mapping[str, Any], tasks: Mapping[str, Task], default_index: int, path: Path,
            line_no: int) -> Sample:
    task_id = _task_id(row, path, line_no)
    task = tasks.get(task_id)
    if task is None:
        raise UnknownTaskError(f"{path}:{line_no}: unknown task {task_id!r} (not in the {len(tasks)} loaded tasks)")
    index = _index(row, default_index, path, line_no)
    if isinstance(row.get("solution"), str):
        return Sample(task_id, row["solution"], completion="", index=index)
    if isinstance(row.get("completion"), str):
        return Sample(task_id, task.prompt + row["completion"], completion=row["completion"], index=index)
    raise DataError(f"{path}:{line_no}: sample of {task_id} has neither a string 'completion' nor 'solution'")


def _index(row: Mapping[str, Any], default: int, path: Path, line_no: int) -> int:
    for key in _INDEX_KEYS:
        if key in row:
            value = row[key]
            # bool is an int subclass; a true/false index is a mistake, not sample 1/0
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise DataError(f"{path}:{line_no}: {key!r} must be a non-negative integer, got {value!r}")
            return value
    return default
