"""Sanitized MBPP: 427 tasks, one test per assert, EvalPlus-style prompts."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from execrl.errors import DataError
from execrl.tasks import load_tasks, mbpp
from execrl.types import Task

from ._support import data_file, failing_tests

RECORD = {"task_id": 7, "prompt": "Write a function to add.", "source_file": "x.ipynb", "test_imports": ["import math"],
          "code": "def helper(x):\n    return x\n\ndef add(a, b):\n    return helper(a) + b\n",
          "test_list": ["assert add(1, 2) == 3", "assert math.isclose(add(0.5, 0.25), 0.75)"]}


@pytest.fixture(scope="module")
def tasks() -> list[Task]:
    return load_tasks(data_file("sanitized-mbpp.json"))


def test_all_427_tasks_load(tasks: list[Task]) -> None:
    assert len(tasks) == 427
    assert tasks[0].task_id == "Mbpp/2" and tasks[0].entry_point == "similar_elements"
    assert sum(len(task.tests) for task in tasks) == 397 * 3 + 22 * 4 + 4 * 5 + 3 * 6 + 7
    assert sum(task.test_setup == "import math" for task in tasks) == 13


def test_every_reference_passes_its_tests(tasks: list[Task]) -> None:
    failures = {task.task_id: failing_tests(task, task.reference) for task in tasks}
    assert {task_id: names for task_id, names in failures.items() if names} == {}


def test_prompt_matches_the_mbpp_plus_prompt(tasks: list[Task]) -> None:
    task = tasks[0]
    assert task.prompt == ('"""\nWrite a function to find the shared elements from the given two lists.\n'
                           'assert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))\n"""\n')
    assert task.metadata["text"] == "Write a function to find the shared elements from the given two lists."


def test_a_record_becomes_a_task(tmp_path: Path) -> None:
    path = tmp_path / "mbpp.json"
    path.write_text(json.dumps([RECORD]))
    (task,) = load_tasks(path)
    assert (task.task_id, task.entry_point, task.test_setup) == ("Mbpp/7", "add", "import math")
    assert [test.code for test in task.tests] == RECORD["test_list"]
    assert failing_tests(task, task.reference) == []
    assert failing_tests(task, "def add(a, b):\n    return a - b\n") == ["test_0", "test_1"]


def test_the_entry_point_is_a_called_function_the_reference_defines(tmp_path: Path) -> None:
    record = dict(RECORD, test_list=["assert helper(add(1, 2)) == 3"])
    path = tmp_path / "mbpp.jsonl"
    path.write_text(json.dumps(record) + "\n")
    assert load_tasks(path)[0].entry_point == "helper"


def test_an_undefined_entry_point_is_an_error_naming_the_calls(tmp_path: Path) -> None:
    path = tmp_path / "mbpp.json"
    path.write_text(json.dumps([dict(RECORD, test_list=["assert sub(1, 2) == -1"])]))
    with pytest.raises(DataError, match=r"mbpp.json record 0: none of the functions the tests call \(sub\)"):
        load_tasks(path)


def test_the_name_uses_the_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "subset.json"
    path.write_text(json.dumps([RECORD]))
    monkeypatch.setenv(mbpp.PATH_VARIABLE, str(path))
    assert [task.task_id for task in load_tasks("mbpp")] == ["Mbpp/7"]
    monkeypatch.setenv(mbpp.PATH_VARIABLE, str(tmp_path / "missing.json"))
    with pytest.raises(DataError, match="missing.json"):
        load_tasks("mbpp")


def test_the_name_finds_the_shared_copy_from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    data_file("sanitized-mbpp.json")
    monkeypatch.delenv(mbpp.PATH_VARIABLE, raising=False)
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    assert len(load_tasks("mbpp")) == 427


def test_without_local_data_or_datasets_the_error_says_how_to_pass_a_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(mbpp.PATH_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "datasets", None)  # importing it now raises ImportError
    with pytest.raises(DataError, match="`datasets` is not installed: pass the path of sanitized-mbpp.json"):
        load_tasks("mbpp")


def test_the_hub_is_used_last_and_its_failure_is_a_data_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def offline(*args: object, **kwargs: object) -> None:
        calls.append((args, kwargs))
        raise ConnectionError("no network")

    monkeypatch.delenv(mbpp.PATH_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "datasets", types.SimpleNamespace(load_dataset=offline))
    with pytest.raises(DataError, match=r"ConnectionError: no network\): pass the path"):
        load_tasks("mbpp")
    assert calls == [(("mbpp", "sanitized"), {"split": "test"})]


def test_hub_rows_become_tasks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(mbpp.PATH_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "datasets", types.SimpleNamespace(load_dataset=lambda *a, **k: [RECORD]))
    assert [task.entry_point for task in load_tasks("mbpp")] == ["add"]


@pytest.mark.parametrize(("change", "message"), [
    ({"test_list": []}, "field 'test_list' must be a non-empty list"),
    ({"test_list": "assert add(1, 2) == 3"}, "field 'test_list' must be a list, got string"),
    ({"code": "def add(a, b) return"}, "field 'code' or 'test_list' is not valid Python"),
    ({"test_imports": [3]}, "field 'test_imports' must be a list of strings"),
])
def test_bad_records_are_errors_naming_the_field(tmp_path: Path, change: dict[str, object], message: str) -> None:
    path = tmp_path / "mbpp.json"
    path.write_text(json.dumps([dict(RECORD, **change)]))
    with pytest.raises(DataError, match=message):
        load_tasks(path)
