from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from execrl.errors import DataError, UnknownTaskError
from execrl.eval.samples import read_samples, reference_samples
from execrl.types import Sample
from tests.eval.eval_support import make_task

TASKS = [make_task("T/0"), make_task("T/1")]


def write_lines(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows))
    return path


def test_human_eval_rows_append_the_completion_to_the_prompt_and_count_per_task(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "s.jsonl", [
        {"task_id": "T/0", "completion": "    return x\n"},
        {"task_id": "T/1", "completion": "    return 1\n"},
        "",
        {"task_id": "T/0", "completion": "    return 2\n"},
    ])
    assert read_samples(path, TASKS) == [
        Sample("T/0", "def f(x):\n    return x\n", "    return x\n", 0),
        Sample("T/1", "def f(x):\n    return 1\n", "    return 1\n", 0),
        Sample("T/0", "def f(x):\n    return 2\n", "    return 2\n", 1),
    ]


def test_evalplus_solutions_are_whole_programs_and_win_over_completions(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "s.jsonl", [{"task_id": "T/0", "solution": "x = 1", "completion": "ignored"}])
    assert read_samples(path, TASKS) == [Sample("T/0", "x = 1", "", 0)]


@pytest.mark.parametrize("key", ["sample_idx", "index"])
def test_explicit_sample_numbers_are_kept(tmp_path: Path, key: str) -> None:
    path = write_lines(tmp_path / "s.jsonl", [{"task_id": "T/0", "completion": "", key: 7}])
    assert read_samples(path, TASKS)[0].index == 7


def test_gzipped_samples_are_read(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl.gz"
    with gzip.open(path, "wt") as handle:
        handle.write(json.dumps({"task_id": "T/1", "sample_idx": 3, "completion": "    pass\n"}) + "\n")
    assert read_samples(path, TASKS) == [Sample("T/1", "def f(x):\n    pass\n", "    pass\n", 3)]


def test_an_unknown_task_names_the_task_and_the_line(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "s.jsonl", [{"task_id": "T/0", "completion": ""},
                                              {"task_id": "T/9", "completion": ""}])
    with pytest.raises(UnknownTaskError, match=r"s\.jsonl:2: unknown task 'T/9'"):
        read_samples(path, TASKS)


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ('{"task_id": "T/0", "completion": ', r":2: not valid JSON"),
        ('["T/0"]', r":2: expected a JSON object"),
        ('{"completion": "x"}', r":2: missing or non-string 'task_id'"),
        ('{"task_id": "T/0"}', r":2: .*neither a string 'completion' nor 'solution'"),
        ('{"task_id": "T/0", "completion": "", "sample_idx": -1}', r":2: 'sample_idx' must be a non-negative"),
        ('{"task_id": "T/0", "completion": "", "sample_idx": 0}', r":2: sample 0 of T/0 already appeared on line 1"),
    ],
)
def test_bad_lines_raise_data_errors_naming_the_line(tmp_path: Path, line: str, match: str) -> None:
    path = write_lines(tmp_path / "s.jsonl", [{"task_id": "T/0", "completion": ""}, line])
    with pytest.raises(DataError, match=match):
        read_samples(path, TASKS)


def test_a_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read samples file"):
        read_samples(tmp_path / "nope.jsonl", TASKS)


def test_reference_samples_are_one_per_task() -> None:
    assert reference_samples(TASKS) == [Sample("T/0", TASKS[0].reference), Sample("T/1", TASKS[1].reference)]
