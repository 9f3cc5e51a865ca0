"""execrl's own task format: JSON lines, one task per line, described in docs/TASKS.md.

Every error names the file, the line and the field, e.g. ``tasks.jsonl line 3: field 'tests[1].atol' must be a
number, got string "x"``. Values in ``inputs`` and ``expected`` may use the tagged forms of ``_values``
(``{"$tuple": [1, 2]}``) for what JSON cannot say.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from execrl.tasks._files import DataFile, Record, read_data_file, refuse_duplicate_ids
from execrl.tasks._values import decode
from execrl.types import Language, Task, TestCase

FIELDS = frozenset({"task_id", "reference", "tests"})  # how the format is recognised
TASK_FIELDS = frozenset({"task_id", "prompt", "entry_point", "reference", "tests", "plus_tests", "test_setup",
                         "language", "metadata"})
TEST_FIELDS = frozenset({"name", "code", "inputs", "expected", "atol", "tags"})


def load_custom(path: Path) -> list[Task]:
    return custom_tasks(read_data_file(path))


def custom_tasks(data: DataFile) -> list[Task]:
    tasks = [custom_task(record) for record in data.records]
    refuse_duplicate_ids(data.records, [task.task_id for task in tasks])
    return tasks


def custom_task(record: Record) -> Task:
    unknown = sorted(record.data.keys() - TASK_FIELDS)
    if unknown:
        raise record.fail(f"unknown field {unknown[0]!r} (known: {', '.join(sorted(TASK_FIELDS))})")
    language = record.get("language", str, default=Language.PYTHON.value)
    try:
        parsed_language = Language(language)
    except ValueError:
        names = ", ".join(item.value for item in Language)
        raise record.fail(f"field 'language' must be one of {names}, got {language!r}") from None
    return Task(
        task_id=_text(record, "task_id"),
        prompt=record.get("prompt", str),
        entry_point=_text(record, "entry_point"),
        reference=record.get("reference", str),
        tests=_tests(record, "tests", required=True),
        plus_tests=_tests(record, "plus_tests", required=False),
        test_setup=record.get("test_setup", str, default=""),
        language=parsed_language,
        metadata=record.get("metadata", dict, default={}),
    )


def _text(record: Record, field: str) -> str:
    value: str = record.get(field, str)
    if not value.strip():
        raise record.fail(f"field {field!r} must not be empty")
    return value


def _tests(record: Record, field: str, *, required: bool) -> tuple[TestCase, ...]:
    items = record.get(field, list, default=[])
    if required and not items:
        raise record.fail(f"field {field!r} must list at least one test")
    tests = tuple(_test(record, f"{field}[{index}]", item) for index, item in enumerate(items))
    repeated = [name for name, count in Counter(test.name for test in tests).items() if count > 1]
    if repeated:
        raise record.fail(f"field {field!r}: test name {repeated[0]!r} is used twice")
    return tests


def _test(record: Record, where: str, item: Any) -> TestCase:
    if not isinstance(item, dict):
        raise record.fail(f"field {where!r} must be an object with 'name' and 'code' or 'inputs', got {item!r:.60}")
    test = Record(record.where, item, prefix=f"{where}.")
    unknown = sorted(item.keys() - TEST_FIELDS)
    if unknown:
        raise record.fail(f"field '{where}.{unknown[0]}' is unknown (known: {', '.join(sorted(TEST_FIELDS))})")
    name = test.get("name", str)
    code = test.get("code", str, default="")
    inputs = test.get("inputs", list, default=None)
    atol = test.get("atol", (int, float), default=0.0)
    tags = test.get("tags", list, default=[])
    if not all(isinstance(tag, str) for tag in tags):
        raise record.fail(f"field '{where}.tags' must be a list of strings, got {tags!r:.60}")
    if bool(code) == (inputs is not None):
        raise record.fail(f"field {where!r} needs exactly one of 'code' or 'inputs'")
    if code and "expected" in item:
        raise record.fail(f"field '{where}.expected' only goes with 'inputs' (a code test asserts by itself)")
    if inputs is not None and "expected" not in item:
        raise record.fail(f"field '{where}.expected' is missing (write null to expect None)")
    if atol < 0:
        raise record.fail(f"field '{where}.atol' must not be negative, got {atol!r}")
    try:
        args = None if inputs is None else tuple(decode(inputs))
        expected = decode(item.get("expected"))
    except (TypeError, ValueError) as error:
        raise record.fail(f"field {where!r}: bad tagged value: {error}") from None
    return TestCase(name, code=code, inputs=args, expected=expected, atol=float(atol), tags=frozenset(tags))
