"""execrl's own JSONL task format: every field, and errors that name the line and the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from execrl.errors import DataError
from execrl.tasks import load_tasks
from execrl.types import Language, TestCase

from ._support import failing_tests

TASK: dict[str, Any] = {
    "task_id": "demo/add",
    "prompt": "def add(a, b):\n    \"\"\"Add two numbers.\"\"\"\n",
    "entry_point": "add",
    "reference": "def add(a, b):\n    return a + b\n",
    "tests": [
        {"name": "small", "code": "assert candidate(1, 2) == 3"},
        {"name": "floats", "inputs": [0.1, 0.2], "expected": 0.3, "atol": 1e-9, "tags": ["edge"]},
        {"name": "tuples", "inputs": [{"$tuple": [1]}, {"$tuple": [2]}], "expected": {"$tuple": [1, 2]}},
    ],
    "plus_tests": [{"name": "big", "inputs": [10**20, 1], "expected": 10**20 + 1}],
    "test_setup": "import math",
    "language": "python",
    "metadata": {"difficulty": "easy"},
}


def _write(tmp_path: Path, *tasks: dict[str, Any]) -> Path:
    path = tmp_path / "tasks.jsonl"
    path.write_text("".join(json.dumps(task) + "\n" for task in tasks))
    return path


def test_every_field_is_read(tmp_path: Path) -> None:
    (task,) = load_tasks(_write(tmp_path, TASK))
    assert (task.task_id, task.entry_point, task.test_setup, task.language) == ("demo/add", "add", "import math",
                                                                               Language.PYTHON)
    assert task.tests == (
        TestCase("small", code="assert candidate(1, 2) == 3"),
        TestCase("floats", inputs=(0.1, 0.2), expected=0.3, atol=1e-9, tags=frozenset({"edge"})),
        TestCase("tuples", inputs=((1,), (2,)), expected=(1, 2)),
    )
    assert task.plus_tests == (TestCase("big", inputs=(10**20, 1), expected=10**20 + 1),)
    assert task.metadata == {"difficulty": "easy"}
    assert failing_tests(task, task.reference, task.tests + task.plus_tests) == []


def test_optional_fields_have_defaults(tmp_path: Path) -> None:
    minimal = {key: TASK[key] for key in ("task_id", "prompt", "entry_point", "reference")}
    (task,) = load_tasks(_write(tmp_path, {**minimal, "tests": [{"name": "t", "code": "assert candidate(0, 0) == 0"}]}))
    assert (task.plus_tests, task.test_setup, task.language, task.metadata) == ((), "", Language.PYTHON, {})


def test_a_json_list_and_gzip_work_too(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "tasks.json.gz"
    path.write_bytes(gzip.compress(json.dumps([TASK, {**TASK, "task_id": "demo/add2"}]).encode()))
    assert [task.task_id for task in load_tasks(path)] == ["demo/add", "demo/add2"]


def _with(**change: Any) -> dict[str, Any]:
    return {key: value for key, value in {**TASK, **change}.items() if value is not ...}


def _test(**change: Any) -> dict[str, Any]:
    return _with(tests=[{key: value for key, value in {**TASK["tests"][1], **change}.items() if value is not ...}])


@pytest.mark.parametrize(("task", "message"), [
    (_with(prompt=...), r"line 2: field 'prompt' is missing"),
    (_with(entry_point=" "), r"line 2: field 'entry_point' must not be empty"),
    (_with(reference=["def add"]), r"line 2: field 'reference' must be a string, got list \[\"def add\"\]"),
    (_with(tests=[]), r"line 2: field 'tests' must list at least one test"),
    (_with(tests={"name": "t"}), r"line 2: field 'tests' must be a list, got object"),
    (_with(refrence="x"), r"line 2: unknown field 'refrence'"),
    (_with(language="cobol"), r"line 2: field 'language' must be one of python, java, go, got 'cobol'"),
    (_with(metadata=[1]), r"line 2: field 'metadata' must be an object, got list \[1\]"),
    (_with(tests=["assert True"]), r"line 2: field 'tests\[0\]' must be an object"),
    (_test(name=...), r"line 2: field 'tests\[0\]\.name' is missing"),
    (_test(code="assert x"), r"line 2: field 'tests\[0\]' needs exactly one of 'code' or 'inputs'"),
    (_test(inputs=...), r"line 2: field 'tests\[0\]' needs exactly one of 'code' or 'inputs'"),
    (_test(inputs="0.1, 0.2"), r"line 2: field 'tests\[0\]\.inputs' must be a list, got string \"0.1, 0.2\""),
    (_test(expected=...), r"line 2: field 'tests\[0\]\.expected' is missing \(write null to expect None\)"),
    (_test(atol="x"), r"line 2: field 'tests\[0\]\.atol' must be an integer or a number, got string \"x\""),
    (_test(atol=-1), r"line 2: field 'tests\[0\]\.atol' must not be negative, got -1"),
    (_test(tags="edge"), r"line 2: field 'tests\[0\]\.tags' must be a list, got string"),
    (_test(tags=[1]), r"line 2: field 'tests\[0\]\.tags' must be a list of strings, got \[1\]"),
    (_test(expect=1), r"line 2: field 'tests\[0\]\.expect' is unknown"),
    (_test(expected={"$dict": [[[1], 2]]}), r"line 2: field 'tests\[0\]': bad tagged value: unhashable type"),
    (_with(tests=[{"name": "a", "code": "assert 1"}, {"name": "a", "code": "assert 2"}]),
     r"line 2: field 'tests': test name 'a' is used twice"),
    (_with(task_id="demo/ok"), r"line 2: task_id 'demo/ok' is used twice \(first at .*tasks.jsonl line 1\)"),
])
def test_bad_tasks_are_errors_naming_the_line_and_field(tmp_path: Path, task: dict[str, Any], message: str) -> None:
    first = {**TASK, "task_id": "demo/ok"}
    with pytest.raises(DataError, match=message) as caught:
        load_tasks(_write(tmp_path, first, task))
    assert str(tmp_path / "tasks.jsonl") in str(caught.value)


def test_a_code_test_with_an_expected_value_is_refused(tmp_path: Path) -> None:
    task = _with(tests=[{"name": "t", "code": "assert candidate(1, 1) == 2", "expected": 2}])
    with pytest.raises(DataError, match=r"line 1: field 'tests\[0\]\.expected' only goes with 'inputs'"):
        load_tasks(_write(tmp_path, task))
