"""MBPP, sanitized split (427 tasks): each assert of ``test_list`` is one test.

The prompt shows the task text and the first assert as an example of the call, in exactly the form EvalPlus uses
for MBPP+ (the two prompts are identical for the 399 tasks they share), so a model sees the same text for both.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

from execrl.errors import DataError
from execrl.tasks._files import DataFile, Record, parse_python, read_data_file, refuse_duplicate_ids
from execrl.types import Task, TestCase

PATH_VARIABLE = "EXECRL_MBPP_PATH"
SHARED_PATH = Path("..") / "shared" / "data" / "sanitized-mbpp.json"
HF_DATASET = ("mbpp", "sanitized")
FIELDS = frozenset({"task_id", "prompt", "code", "test_list"})


def load_mbpp(path: Path | None = None) -> list[Task]:
    """Sanitized MBPP from ``path``, else from ``$EXECRL_MBPP_PATH``, ``../shared/data``, or the HF hub."""
    path = path or find_mbpp_file()
    if path is not None:
        return mbpp_tasks(read_data_file(path))
    return [mbpp_task(Record(f"HF dataset {'/'.join(HF_DATASET)} row {i}", row)) for i, row in enumerate(_hf_rows())]


def find_mbpp_file() -> Path | None:
    configured = os.environ.get(PATH_VARIABLE)
    if configured:
        if not Path(configured).is_file():
            raise DataError(f"${PATH_VARIABLE} names {configured!r}, which is not a file")
        return Path(configured)
    return SHARED_PATH if SHARED_PATH.is_file() else None


def _hf_rows() -> list[dict[str, Any]]:
    hint = (f"pass the path of sanitized-mbpp.json to load_tasks, or set ${PATH_VARIABLE}, "
            f"or run from a directory where {SHARED_PATH} exists")
    try:
        import datasets
    except ImportError as error:
        raise DataError(f"MBPP not found locally and the package `datasets` is not installed: {hint}") from error
    try:
        rows = datasets.load_dataset(*HF_DATASET, split="test")
    except Exception as error:  # offline, hub errors, cache errors: all mean "not available here"
        reason = f"{type(error).__name__}: {error}"
        raise DataError(f"MBPP could not be loaded from the HF hub ({reason}): {hint}") from error
    return [dict(row) for row in rows]


def mbpp_tasks(data: DataFile) -> list[Task]:
    tasks = [mbpp_task(record) for record in data.records]
    refuse_duplicate_ids(data.records, [task.task_id for task in tasks])
    return tasks


def mbpp_task(record: Record) -> Task:
    number = record.get("task_id", (int, str))
    text = record.get("prompt", str)
    reference = record.get("code", str)
    asserts = record.get("test_list", list)
    imports = record.get("test_imports", list, default=[])
    if not asserts or not all(isinstance(item, str) for item in asserts):
        raise record.fail(f"task {number}: field 'test_list' must be a non-empty list of assert strings")
    if not all(isinstance(item, str) for item in imports):
        raise record.fail(f"task {number}: field 'test_imports' must be a list of strings, got {imports!r:.80}")
    return Task(
        task_id=f"Mbpp/{number}",
        prompt=f'"""\n{text}\n{asserts[0]}\n"""\n',
        entry_point=find_entry_point(record, reference, asserts),
        reference=reference,
        tests=tuple(TestCase(f"test_{i}", code=code) for i, code in enumerate(asserts)),
        test_setup="\n".join(imports),
        metadata={"source": "mbpp", "text": text, "source_file": record.data.get("source_file", "")},
    )


def find_entry_point(record: Record, reference: str, asserts: list[str]) -> str:
    """The first function the asserts call that the reference defines at top level."""
    try:
        defined = {node.name for node in parse_python(reference).body if isinstance(node, ast.FunctionDef)}
        called = [name for code in asserts for name in _called_names(parse_python(code))]
    except SyntaxError as error:
        raise record.fail(f"field 'code' or 'test_list' is not valid Python: {error}") from error
    for name in called:
        if name in defined:
            return name
    raise record.fail(f"none of the functions the tests call ({', '.join(dict.fromkeys(called)) or 'none'}) "
                      f"is defined by the reference (it defines: {', '.join(sorted(defined)) or 'nothing'})")


def _called_names(tree: ast.AST) -> list[str]:
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)]
    # ast.walk is breadth-first; source order is what "the first function called" means.
    calls.sort(key=lambda call: (call.lineno, call.col_offset))
    return [call.func.id for call in calls if isinstance(call.func, ast.Name)]
