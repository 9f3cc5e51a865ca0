"""Generated suites on disk (``tests.jsonl``), and tasks with their generated tests as hidden tests.

One JSON object per task, appended as batches finish::

    {"task_id": "Mbpp/2", "task_sha": "3f0c...", "setup": "", "reduced": ["gen_0", "gen_17"],
     "stats": {"seeds": 3, "candidates": 107, ...},
     "tests": [{"name": "gen_0", "inputs": [...], "expected": ..., "atol": 0.0, "tags": ["edge"]},
               {"name": "gen_9", "code": "try: ...", "tags": ["raises", "edge"]}, ...]}

``inputs`` and ``expected`` are written in the tagged JSON of ``tasks._values`` (tuples, sets, non-string keys and
big ints survive the round trip). A row whose ``task_sha`` matches the task's current content hash is reused by a
resumed run; a torn last line (an interrupted write) is cut off; when a task appears twice the later row wins.

>>> tasks = with_generated_tests(load_tasks("mbpp"), "tests.jsonl")  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from execrl._jsonl import read_appended
from execrl.errors import DataError
from execrl.tasks._values import decode_object, encode
from execrl.testgen.suite import GeneratedSuite, SuiteStats
from execrl.types import Task, TestCase


def suite_to_json(suite: GeneratedSuite) -> dict[str, Any]:
    return {"task_id": suite.task_id, "task_sha": suite.task_sha, "setup": suite.setup,
            "reduced": list(suite.reduced), "stats": suite.stats.to_json(),
            "tests": [_test_json(test) for test in suite.tests]}


def suite_from_json(row: Mapping[str, Any]) -> GeneratedSuite:
    """The inverse of :func:`suite_to_json` (for a row read with ``decode_object``); KeyError/TypeError if bad."""
    return GeneratedSuite(str(row["task_id"]), str(row["task_sha"]), tuple(_test(t) for t in row["tests"]),
                          tuple(str(name) for name in row["reduced"]), str(row.get("setup", "")),
                          SuiteStats(**row.get("stats", {})))


def _test_json(test: TestCase) -> dict[str, Any]:
    row: dict[str, Any] = {"name": test.name}
    if test.inputs is not None:
        row.update(inputs=encode(list(test.inputs)), expected=encode(test.expected), atol=test.atol)
    else:
        row["code"] = test.code
    row["tags"] = sorted(test.tags)
    return row


def _test(row: Mapping[str, Any]) -> TestCase:
    tags = frozenset(str(tag) for tag in row.get("tags", ()))
    if "code" in row:
        return TestCase(str(row["name"]), code=str(row["code"]), tags=tags)
    return TestCase(str(row["name"]), inputs=tuple(row["inputs"]), expected=row["expected"],
                    atol=float(row.get("atol", 0.0)), tags=tags)


def read_suites(path: Path) -> dict[str, GeneratedSuite]:
    """Task id -> suite, from ``path`` ({} if it does not exist); a torn last line is cut off the file."""
    suites = read_appended(path, lambda line: suite_from_json(json.loads(line, object_hook=decode_object)),
                           "a generated suite")
    return {suite.task_id: suite for suite in suites}


def append_suites(path: Path, suites: Iterable[GeneratedSuite]) -> None:
    text = "".join(json.dumps(suite_to_json(suite), allow_nan=False) + "\n" for suite in suites)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())  # a batch on disk is a batch a resumed run does not generate again


def with_generated_tests(tasks: Sequence[Task], path: Path | str, *, reduced: bool = False,
                         keep_plus: bool = False, exclude: frozenset[str] = frozenset()) -> list[Task]:
    """``tasks`` with their generated suites from ``path`` as ``plus_tests`` (the hidden tests that
    ``execrl evaluate`` reports as "plus" and the rewards score). ``reduced`` takes the reduced suites;
    ``keep_plus`` appends them to the tasks' existing plus tests instead of replacing them; tests with a tag in
    ``exclude`` (e.g. ``{"beyond_seeds"}`` for tasks without contracts) are left out. Tasks absent from the file
    keep their tests; a file naming a task that is not in ``tasks`` is refused."""
    suites = read_suites(Path(path))
    known = {task.task_id for task in tasks}
    unknown = sorted(set(suites) - known)
    if unknown:
        raise DataError(f"{path} has suites for {len(unknown)} tasks not in the task set, e.g. {unknown[0]!r}")
    return [_with_suite(task, suites.get(task.task_id), reduced, keep_plus, exclude) for task in tasks]


def suite_tests(suite: GeneratedSuite, reduced: bool, exclude: frozenset[str]) -> tuple[TestCase, ...]:
    tests = suite.reduced_tests() if reduced else suite.tests
    return tuple(test for test in tests if not test.tags & exclude)


def _with_suite(task: Task, suite: GeneratedSuite | None, reduced: bool, keep_plus: bool,
                exclude: frozenset[str]) -> Task:
    if suite is None:
        return task
    tests = suite_tests(suite, reduced, exclude)
    setup = task.test_setup
    if suite.setup and suite.setup not in setup:
        setup = f"{setup}\n{suite.setup}" if setup else suite.setup
    plus = task.plus_tests + tests if keep_plus else tests
    return replace(task, plus_tests=plus, test_setup=setup,
                   metadata={**task.metadata, "generated_tests": {"task_sha": suite.task_sha, "n": len(tests),
                                                                    "reduced": reduced}})
