"""Multi-turn episodes through the real sandbox with scripted answers: the real error text goes back."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from execrl.generation.base import PromptStyle, SamplingParams
from execrl.generation.fake import FakeGenerator
from execrl.rewards.spec import RewardSpec
from execrl.sandbox.local import LocalExecutor
from execrl.train.data import OwnTests, prompt_for, training_view
from execrl.train.refine import Chat, feedback_message, generator_answerer, run_episodes
from execrl.train.scoring import RecordingBatchScorer
from execrl.types import Task, TestCase

DIV = training_view(task := Task(
    "t/ratio", "def ratio(a, b):\n    \"\"\"a / b, or 0.0 when b is 0.\"\"\"\n", "ratio",
    "def ratio(a, b):\n    return a / b if b else 0.0\n",
    tests=(TestCase("t0", inputs=(6, 0), expected=0.0), TestCase("t1", code="assert candidate(6, 3) == 2.0"),
           TestCase("t2", inputs=(1, 4), expected=0.25))), OwnTests(2).split(task, 0))

CRASH = "```python\ndef ratio(a, b):\n    return a / b\n```"
WRONG = "```python\ndef ratio(a, b):\n    return 1.0\n```"
RIGHT = "```python\ndef ratio(a, b):\n    return a / b if b else 0.0\n```"


@pytest.fixture(scope="module")
def scorer() -> Iterator[RecordingBatchScorer]:
    with LocalExecutor(workers=1) as executor:
        yield RecordingBatchScorer([DIV], RewardSpec(weights={"functional": 1.0}), executor, style=PromptStyle.CHAT)


def scripted(*answers: str) -> tuple[list[Sequence[Chat]], object]:
    seen: list[Sequence[Chat]] = []
    replies = iter(answers)

    def answer(episodes: Sequence[int], chats: Sequence[Chat]) -> list[str]:
        seen.append([list(c) for c in chats])
        return [next(replies) for _ in chats]

    return seen, answer


def test_the_real_error_text_is_fed_back_and_the_revision_is_rewarded(scorer: RecordingBatchScorer) -> None:
    seen, answer = scripted(CRASH, RIGHT)
    [episode] = run_episodes([DIV], [prompt_for(DIV, PromptStyle.CHAT)], answer, scorer,  # type: ignore[arg-type]
                             max_turns=3, discount=0.9)
    feedback = seen[1][0][-1]["content"]
    assert seen[1][0][-2] == {"role": "assistant", "content": CRASH}
    assert "ZeroDivisionError: division by zero" in feedback  # the sandbox's own message
    assert "assert ratio(6, 0) == 0.0" in feedback and "Input: 6, 0" in feedback and "Expected output: 0.0" in feedback
    assert [t.passed for t in episode.turns] == [False, True]
    assert episode.final.feedback is None  # solved: no third turn
    assert episode.reward == pytest.approx(0.9)  # full reward, discounted once


def test_a_wrong_value_is_reported_with_what_the_program_returned(scorer: RecordingBatchScorer) -> None:
    feedback = feedback_message(DIV, scorer.judge([DIV.task_id], [WRONG])[0][1])
    assert feedback is not None
    assert "Your output: 1.0" in feedback and "Expected output: 0.0" in feedback


def test_a_syntax_error_is_reported_before_any_test(scorer: RecordingBatchScorer) -> None:
    broken = "```python\ndef ratio(a, b)\n    return 1\n```"
    feedback = feedback_message(DIV, scorer.judge([DIV.task_id], [broken])[0][1])
    assert feedback is not None and "SyntaxError" in feedback and "before any test ran" in feedback


def test_hidden_tests_are_never_revealed(scorer: RecordingBatchScorer) -> None:
    # Passes both visible tests, fails the hidden one: the episode ends, unrewarded in full, with no feedback.
    visible_only = "```python\ndef ratio(a, b):\n    return 0.0 if b == 0 else 2.0\n```"
    seen, answer = scripted(visible_only)
    [episode] = run_episodes([DIV], [prompt_for(DIV, PromptStyle.CHAT)], answer, scorer,  # type: ignore[arg-type]
                             max_turns=3)
    assert len(episode.turns) == 1 and not episode.final.passed
    assert episode.final.reward == pytest.approx(2 / 3)


def test_the_last_turn_sends_no_feedback(scorer: RecordingBatchScorer) -> None:
    fake = FakeGenerator.scripted([CRASH])
    episodes = run_episodes([DIV, DIV], [prompt_for(DIV, PromptStyle.CHAT)] * 2,  # type: ignore[list-item]
                            generator_answerer(fake, SamplingParams()), scorer, max_turns=2)
    assert [len(e.turns) for e in episodes] == [2, 2]
    assert all(e.final.feedback is None and e.turns[0].feedback for e in episodes)
    assert len(fake.calls) == 2 and "ZeroDivisionError" in fake.calls[1][0][0].messages[-1].content
