"""The ``basic`` training set: well formed, in sync with its source, every reference passing in the real sandbox,
and apart from the held-out HumanEval (and MBPP)."""

from __future__ import annotations

import ast
import difflib
from collections import Counter
from collections.abc import Iterator

import pytest

from execrl.sandbox import LocalExecutor
from execrl.tasks import BASIC_PATH, load_tasks
from execrl.tasks.data import basic_source
from execrl.tasks.data.basic_source.spec import split_of
from execrl.types import ExecRequest, Task

from ._support import data_file

CATEGORIES = {"strings", "lists", "math", "dicts", "loops", "recursion", "sorting", "parsing"}
SIMILAR = 0.8  # difflib ratio above which two docstrings count as the same problem


@pytest.fixture(scope="module")
def tasks() -> list[Task]:
    return load_tasks("basic")


@pytest.fixture(scope="module")
def pool() -> Iterator[LocalExecutor]:
    with LocalExecutor(workers=2) as executor:
        yield executor


def test_the_set_is_large_with_unique_names(tasks: list[Task]) -> None:
    assert len(tasks) >= 160
    assert len({task.task_id for task in tasks}) == len({task.entry_point for task in tasks}) == len(tasks)
    assert all(task.task_id == f"basic/{task.entry_point}" for task in tasks)


def test_every_task_has_metadata_a_trainer_can_filter_on(tasks: list[Task]) -> None:
    for task in tasks:
        assert task.metadata["difficulty"] in {"easy", "medium"}, task.task_id
        assert task.metadata["category"] in CATEGORIES, task.task_id
        assert task.metadata["split"] == split_of(task.task_id), task.task_id
    difficulty = Counter(task.metadata["difficulty"] for task in tasks)
    assert 0.55 <= difficulty["easy"] / len(tasks) <= 0.7  # mostly easy, so a 135M model gets some signal
    assert set(Counter(task.metadata["category"] for task in tasks)) == CATEGORIES
    assert 0.1 <= sum(task.metadata["split"] == "valid" for task in tasks) / len(tasks) <= 0.3


def test_every_task_has_five_tests_and_an_edge_case(tasks: list[Task]) -> None:
    for task in tasks:
        assert len(task.tests) >= 5, task.task_id
        assert any("edge" in test.tags for test in task.tests), task.task_id


def test_prompts_are_humaneval_style_signatures_with_examples(tasks: list[Task]) -> None:
    for task in tasks:
        (function,) = [node for node in ast.parse(task.prompt).body if isinstance(node, ast.FunctionDef)]
        assert function.name == task.entry_point
        assert function.returns is not None and all(arg.annotation for arg in function.args.args), task.task_id
        assert f">>> {task.entry_point}(" in (ast.get_docstring(function) or ""), task.task_id
        assert task.reference.startswith(task.prompt), task.task_id


def test_the_file_is_what_its_source_generates() -> None:
    assert BASIC_PATH.read_text(encoding="utf-8") == basic_source.render(), (
        "basic.jsonl is out of date: run python -m execrl.tasks.data.basic_source")


def test_every_reference_passes_every_test_in_the_sandbox(tasks: list[Task], pool: LocalExecutor) -> None:
    results = pool.run([ExecRequest(task.reference, task.tests, task.entry_point, task.test_setup)
                        for task in tasks])
    failures = {task.task_id: [t.name for t in result.tests if not t.passed] or result.outcome.value
                for task, result in zip(tasks, results, strict=True) if not result.passed}
    assert failures == {}


def test_the_bare_prompt_fails_every_task(tasks: list[Task], pool: LocalExecutor) -> None:
    # The prompt alone is a function returning None: each task has a test that tells it from a solution.
    results = pool.run([ExecRequest(task.prompt, task.tests, task.entry_point, task.test_setup) for task in tasks])
    assert [task.task_id for task, result in zip(tasks, results, strict=True) if result.passed] == []


def test_no_task_is_a_humaneval_problem(tasks: list[Task]) -> None:
    humaneval = load_tasks("humaneval")
    assert {task.entry_point for task in tasks}.isdisjoint(task.entry_point for task in humaneval)
    assert _similar_pairs(tasks, [_docstring(task) for task in humaneval]) == []


def test_no_task_is_an_mbpp_problem(tasks: list[Task]) -> None:
    mbpp = load_tasks(data_file("sanitized-mbpp.json"))
    assert {task.entry_point for task in tasks}.isdisjoint(task.entry_point for task in mbpp)
    assert _similar_pairs(tasks, [task.metadata["text"] for task in mbpp]) == []


def test_the_similarity_check_catches_a_reworded_copy() -> None:
    original = "Return the sum of the even numbers in the list."
    task = Task("t/0", f'def f(x: list[int]) -> int:\n    """{original}"""\n', "f", "", ())
    assert _similar_pairs([task], ["Return the sum of all the even numbers in a list."]) != []


def _similar_pairs(tasks: list[Task], others: list[str]) -> list[tuple[str, str]]:
    """(task id, other text) for every docstring more than SIMILAR alike (difflib ratio) to one of ``others``."""
    pairs = []
    for task in tasks:
        matcher = difflib.SequenceMatcher(None, "", _docstring(task), autojunk=False)
        for other in filter(None, others):
            matcher.set_seq1(other)
            # real_quick_ratio and quick_ratio bound ratio from above and cost far less.
            if matcher.real_quick_ratio() > SIMILAR and matcher.quick_ratio() > SIMILAR and matcher.ratio() > SIMILAR:
                pairs.append((task.task_id, other[:60]))
    return pairs


def _docstring(task: Task) -> str:
    for node in ast.walk(ast.parse(task.prompt)):
        if isinstance(node, ast.FunctionDef) and node.name == task.entry_point:
            return ast.get_docstring(node) or ""
    return task.prompt
