"""``load_tasks``: names, paths, format detection, and the registries that refuse a name twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import execrl.tasks as tasks_package
from execrl.errors import ConfigError, DataError
from execrl.tasks import FileFormat, LoadOptions, load_tasks, register_format, register_source, source_names
from execrl.tasks._registry import Registry
from execrl.types import Task, TestCase

ONE = Task("x/1", "", "f", "def f():\n    return 1\n", (TestCase("t", code="assert candidate() == 1"),))

RECORDS = {
    "custom": {"task_id": "c", "prompt": "", "entry_point": "f", "reference": "def f(): return 1",
               "tests": [{"name": "t", "code": "assert candidate() == 1"}]},
    "mbpp": {"task_id": 5, "prompt": "p", "code": "def f(): return 1", "test_list": ["assert f() == 1"]},
    "humaneval": {"task_id": "H/0", "prompt": "def f():\n", "canonical_solution": "    return 1\n",
                  "entry_point": "f", "test": "def check(candidate):\n    assert candidate() == 1\n"},
}


def test_the_five_names_are_registered() -> None:
    assert source_names() == ("humaneval", "mbpp", "mbpp-plus", "humaneval-plus", "basic")


@pytest.mark.parametrize(("kind", "task_id"), [("custom", "c"), ("mbpp", "Mbpp/5"), ("humaneval", "H/0")])
def test_the_format_is_told_by_the_content(tmp_path: Path, kind: str, task_id: str) -> None:
    path = tmp_path / "anything.txt"
    path.write_text(json.dumps(RECORDS[kind]) + "\n")
    assert [task.task_id for task in load_tasks(path)] == [task_id]
    assert [task.task_id for task in load_tasks(str(path))] == [task_id]


def test_an_unknown_format_names_the_file_and_the_fields(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps({"id": 1, "question": "?"}) + "\n")
    with pytest.raises(DataError, match=r"odd.jsonl line 1: cannot tell the file's format from the fields id, "
                                        r"question; a format is known by these fields: evalplus \(base_input"):
        load_tasks(path)


def test_an_unknown_name_lists_the_known_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError, match="unknown task source 'humaneval\\+': not one of the names humaneval, mbpp, "
                                        "mbpp-plus, humaneval-plus, basic and not a file"):
        load_tasks("humaneval+")


def test_names_come_before_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "humaneval").write_text("not json")
    assert len(load_tasks("humaneval")) == 164


def test_a_registered_source_is_loaded_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks_package, "SOURCES", Registry("task source"))
    seen: list[LoadOptions] = []

    def mine(options: LoadOptions) -> list[Task]:
        seen.append(options)
        return [ONE]

    register_source("mine", mine)
    assert load_tasks("mine", cache_dir=Path("/c")) == [ONE] and seen == [LoadOptions(None, Path("/c"))]
    with pytest.raises(ConfigError, match="task source 'mine' is already registered"):
        register_source("mine", lambda options: [])


def test_a_registered_format_is_tried_after_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks_package, "FORMATS", Registry("task file format"))
    register_format(FileFormat("ids", frozenset({"id"}), lambda data, options: [ONE] * len(data.records)))
    path = tmp_path / "ids.jsonl"
    path.write_text('{"id": 1}\n{"id": 2}\n')
    assert load_tasks(path) == [ONE, ONE]
    with pytest.raises(ConfigError, match="task file format 'ids' is already registered"):
        register_format(FileFormat("ids", frozenset(), lambda data, options: []))


def test_the_registry_names_what_it_lacks() -> None:
    registry: Registry[int] = Registry("widget")
    registry.add("a", 1)
    assert registry.get("a") == 1 and "a" in registry and registry.names() == ("a",)
    with pytest.raises(ConfigError, match="unknown widget 'b'; known: a"):
        registry.get("b")
