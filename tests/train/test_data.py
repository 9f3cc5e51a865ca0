"""Visible/hidden splits, prompts with visible tests, and the held-out guard."""

from __future__ import annotations

import pytest

from execrl.errors import ConfigError
from execrl.generation.base import PromptStyle
from execrl.train.data import (
    OwnTests,
    check_held_out,
    held_out_subset,
    prompt_for,
    render_test,
    sft_rows,
    training_view,
)
from execrl.types import Task, TestCase

PROMPT = 'def add(a, b):\n    """Sum."""\n'
ADD = Task("t/add", PROMPT, "add", PROMPT + "    return a + b\n",
           tests=(TestCase("t0", inputs=(1, 2), expected=3), TestCase("t1", code="assert candidate(2, 2) == 4"),
                  TestCase("t2", inputs=(0, 0), expected=0)))


def test_own_tests_show_the_first_and_hide_the_rest() -> None:
    view = training_view(ADD, OwnTests(n_visible=2).split(ADD, step=0))
    assert [t.name for t in view.tests] == ["t0", "t1"]
    assert [t.name for t in view.plus_tests] == ["t2"]


def test_chat_prompt_shows_only_the_visible_tests() -> None:
    view = training_view(ADD, OwnTests(n_visible=1).split(ADD, step=0))
    messages = prompt_for(view, PromptStyle.CHAT)
    assert isinstance(messages, list)
    assert "assert add(1, 2) == 3" in messages[-1]["content"]
    assert "add(2, 2)" not in messages[-1]["content"]
    assert "add(0, 0)" not in messages[-1]["content"]


def test_render_test_names_the_function() -> None:
    assert render_test(ADD.tests[1], "add") == "assert add(2, 2) == 4"


def test_sft_rows_answer_with_the_reference_in_a_fence() -> None:
    [row] = sft_rows([ADD], PromptStyle.CHAT)
    assert row["completion"][0]["content"] == "```python\ndef add(a, b):\n    return a + b\n```"


@pytest.mark.parametrize("train, message", [
    (Task("HumanEval/0", "", "other", "", ()), "is also a held-out evaluation task"),
    (Task("basic/x", "", "add", "", ()), "the entry point of held-out task 't/add'"),
])
def test_held_out_guard_refuses_overlap(train: Task, message: str) -> None:
    held_out = [ADD, Task("HumanEval/0", "", "has_close_elements", "", ())]
    with pytest.raises(ConfigError, match=message):
        check_held_out([train], held_out)


def test_held_out_guard_accepts_disjoint_sets() -> None:
    check_held_out([Task("basic/x", "", "mul", "", ())], [ADD])


def test_held_out_subset_is_fixed_and_in_task_order() -> None:
    tasks = [Task(f"t/{i}", "x" * (10 - i), f"f{i}", "", ()) for i in range(5)]
    assert [t.task_id for t in held_out_subset(tasks, 2)] == ["t/3", "t/4"]
    assert held_out_subset(tasks, 0) == tasks
