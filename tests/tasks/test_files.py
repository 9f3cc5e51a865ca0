"""Reading task files: gzip or plain, JSON list or JSON lines, errors that name the file and the line."""

from __future__ import annotations

import gc
import gzip
import json
from pathlib import Path

import pytest

from execrl.errors import DataError
from execrl.tasks._files import Record, gc_paused, read_data_file

ROWS = [{"task_id": "a", "n": 1}, {"task_id": "b", "n": 2}]


@pytest.mark.parametrize("layout", ["list", "lines", "list.gz", "lines.gz"])
def test_every_layout_reads_the_same_records(tmp_path: Path, layout: str) -> None:
    text = json.dumps(ROWS, indent=2) if layout.startswith("list") else "".join(json.dumps(r) + "\n" for r in ROWS)
    raw = gzip.compress(text.encode()) if layout.endswith(".gz") else text.encode()
    path = tmp_path / "tasks.data"  # the name says nothing: the content decides
    path.write_bytes(raw)
    data = read_data_file(path)
    assert [record.data for record in data.records] == ROWS
    assert data.records[1].where == (f"{path} record 1" if layout.startswith("list") else f"{path} line 2")


def test_blank_lines_are_skipped_and_line_numbers_kept(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text("\n" + json.dumps(ROWS[0]) + "\n\n" + json.dumps(ROWS[1]) + "\n")
    assert [record.where.rsplit(" ", 1)[1] for record in read_data_file(path).records] == ["2", "4"]


def test_the_hash_is_of_the_bytes_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(ROWS[0]) + "\n")
    first = read_data_file(path).sha256
    path.write_text(json.dumps(ROWS[0]) + "\n\n")
    assert read_data_file(path).sha256 != first and len(first) == 64


@pytest.mark.parametrize(("content", "message"), [
    (b'{"task_id": "a"}\n{"task_id": \n', r"t.jsonl line 2: invalid JSON at column 13"),
    (b'[{"task_id": "a"},]', r"t.jsonl: invalid JSON at line 1 column 19: Expecting value"),
    (b'{"a": 1}\n[1, 2]\n', r"t.jsonl line 2: expected a JSON object \(one task\), got list \[1, 2\]"),
    (b'{"a": 1}\n"text"\n', r't.jsonl line 2: expected a JSON object \(one task\), got string "text"'),
    (b"\n\n", r"t.jsonl: no tasks in the file"),
    (b"\x1f\x8bnot gzip at all", r"t.jsonl: not a readable gzip file"),
    (b'{"a": "\xff"}', r"t.jsonl: not UTF-8 text \(byte 7"),
    (b'{"a": 1}', None),
])
def test_unreadable_files_are_errors_naming_the_place(tmp_path: Path, content: bytes, message: str | None) -> None:
    path = tmp_path / "t.jsonl"
    path.write_bytes(content)
    if message is None:
        assert read_data_file(path).records[0].data == {"a": 1}
        return
    with pytest.raises(DataError, match=message):
        read_data_file(path)


def test_a_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read task file .*nope.jsonl"):
        read_data_file(tmp_path / "nope.jsonl")


@pytest.mark.parametrize(("data", "kind", "message"), [
    ({}, str, r"here: field 'name' is missing \(fields present: none\)"),
    ({"name": 3}, str, "here: field 'name' must be a string, got number 3"),
    ({"name": True}, (int, float), "here: field 'name' must be an integer or a number, got boolean true"),
    ({"name": None}, list, "here: field 'name' must be a list, got null$"),
    ({"name": "x" * 100}, int, r'got string "x{59}\.\.\.'),
])
def test_field_errors_name_the_field_and_the_value(data: dict[str, object], kind: type, message: str) -> None:
    with pytest.raises(DataError, match=message):
        Record("here", data).get("name", kind)


def test_a_prefix_names_nested_fields() -> None:
    with pytest.raises(DataError, match=r"field 'tests\[0\]\.name' is missing"):
        Record("here", {}, prefix="tests[0].").get("name", str)


def test_gc_paused_restores_the_previous_state() -> None:
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
