"""The data types, prompt building and the fake generator."""

from __future__ import annotations

import pytest

from execrl.generation.base import (
    Completion,
    FinishReason,
    Generator,
    Message,
    Prompt,
    PromptStyle,
    SamplingParams,
    build_prompt,
    truncate_at_stop,
)
from execrl.generation.fake import FakeGenerator
from execrl.types import Task

TASK = Task("HumanEval/53", 'def add(x: int, y: int):\n    """Add two numbers x and y"""\n', "add", "", ())


def test_chat_prompt_asks_for_a_fenced_function_and_includes_the_task() -> None:
    prompt = build_prompt(TASK, PromptStyle.CHAT)
    assert [m.role for m in prompt.messages] == ["system", "user"]
    user = prompt.messages[1].content
    assert TASK.prompt.strip() in user and "```python" in user and "complete function" in user


def test_chat_prompt_without_system_message() -> None:
    assert [m.role for m in build_prompt(TASK, PromptStyle.CHAT, system="").messages] == ["user"]


def test_raw_prompt_is_the_task_text() -> None:
    assert build_prompt(TASK, PromptStyle.RAW) == Prompt(PromptStyle.RAW, text=TASK.prompt)


@pytest.mark.parametrize("bad", [
    {"n": 0}, {"temperature": -0.1}, {"top_p": 0.0}, {"top_p": 1.5}, {"max_new_tokens": 0}, {"stop": ("",)},
])
def test_sampling_params_name_the_bad_value(bad: dict[str, object]) -> None:
    name = next(iter(bad))
    with pytest.raises(ValueError, match=name):
        SamplingParams(**bad)  # type: ignore[arg-type]


def test_prompt_style_and_content_must_agree() -> None:
    with pytest.raises(ValueError):
        Prompt(PromptStyle.CHAT, text="x")
    with pytest.raises(ValueError):
        Prompt(PromptStyle.RAW, messages=(Message("user", "x"),))


@pytest.mark.parametrize(("text", "stop", "expected"), [
    ("abc", (), ("abc", False)),
    ("a\ndef b\nclass c", ("\nclass ", "\ndef "), ("a", True)),  # the earliest match wins, whatever the order
    ("x = 1", ("\n",), ("x = 1", False)),
])
def test_truncate_at_stop(text: str, stop: tuple[str, ...], expected: tuple[str, bool]) -> None:
    assert truncate_at_stop(text, stop) == expected


def test_fake_generator_answers_n_per_prompt_and_records_calls() -> None:
    fake = FakeGenerator(lambda prompt, i: f"{prompt.text.strip()}-{i}")
    prompts = [Prompt(PromptStyle.RAW, "a"), Prompt(PromptStyle.RAW, "b")]
    params = SamplingParams(n=3)
    result = fake.generate(prompts, params)
    assert [[c.text for c in row] for row in result] == [["a-0", "a-1", "a-2"], ["b-0", "b-1", "b-2"]]
    assert fake.calls == [(tuple(prompts), params)]
    assert isinstance(fake, Generator)


def test_fake_generator_applies_length_limit_and_stop() -> None:
    fake = FakeGenerator.scripted(["one two three four", "x\nSTOP y"])
    prompt = Prompt(PromptStyle.RAW, "p")
    first, second = fake.generate([prompt, prompt], SamplingParams(max_new_tokens=2, stop=("STOP",)))
    assert first == [Completion("one two", 2, FinishReason.LENGTH)]
    assert second == [Completion("x\n", 1, FinishReason.STOP)]


def test_prose_task_names_the_function_to_write() -> None:
    task = Task("Mbpp/2", '"""\nWrite a function to find the shared elements.\nassert f((3, 4), (4,)) == (4,)\n"""\n',
                "similar_elements", "", ())
    user = build_prompt(task, PromptStyle.CHAT).messages[-1].content
    assert "named `similar_elements`" in user and "shared elements" in user
