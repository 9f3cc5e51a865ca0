"""The TRL adapter without TRL: the reward-function contract, batching, chat completions, pickling."""

from __future__ import annotations

import pickle

import pytest

from execrl.errors import ConfigError, UnknownTaskError
from execrl.generation.base import PromptStyle
from execrl.rewards import Component, ExecrlReward, RewardSpec, execrl_reward_funcs, reward_weights
from execrl.sandbox.fake import FakeExecutor
from execrl.types import ExecRequest, ExecResult, Outcome, Task, TestCase, TestResult, TestStatus

TASK = Task("T/0", "def add(a, b):\n", "add", "def add(a, b):\n    return a + b\n",
            (TestCase("t0", code="assert candidate(1, 2) == 3"), TestCase("t1", code="assert candidate(0, 0) == 0")))
SPEC = RewardSpec(weights={Component.FUNCTIONAL: 1.0, Component.SYNTAX: 1.0})


def judge_by_text(request: ExecRequest) -> ExecResult:
    """Programs that add pass both tests; others pass the second only (0 + 0 == 0 - 0)."""
    good = "a + b" in request.program
    return ExecResult(Outcome.OK, (TestResult("t0", TestStatus.PASSED if good else TestStatus.FAILED),
                                   TestResult("t1", TestStatus.PASSED)))


def funcs_with(fake: FakeExecutor, **options: object) -> list[ExecrlReward]:
    return execrl_reward_funcs([TASK], SPEC, executor=fake, **options)  # type: ignore[arg-type, return-value]


def test_the_total_first_then_one_function_per_component_and_the_hack_rate() -> None:
    funcs = funcs_with(FakeExecutor(judge_by_text))
    assert [f.__name__ for f in funcs] == ["execrl_reward", "execrl_syntax", "execrl_functional", "execrl_hacked"]
    assert reward_weights(funcs) == [1.0, 0.0, 0.0, 0.0]


def test_one_sandbox_call_per_batch_shared_by_every_function() -> None:
    fake = FakeExecutor(judge_by_text)
    funcs = funcs_with(fake)
    completions = ["    return a + b\n", "    return a - b\n", "    return a + b\n"]
    columns = {"task_id": ["T/0"] * 3, "trainer_state": object()}
    results = [f(prompts=[TASK.prompt] * 3, completions=completions, **columns) for f in funcs]
    assert results == [[1.0, 0.75, 1.0], [1.0, 1.0, 1.0], [1.0, 0.5, 1.0], [0.0, 0.0, 0.0]]
    reference_runs = 1
    assert len(fake.requests) == reference_runs + 2  # two distinct programs, one call, nothing re-run


def test_chat_completions_are_extracted_from_the_last_assistant_message() -> None:
    fake = FakeExecutor(judge_by_text)
    total = funcs_with(fake)[0]
    chat = [[{"role": "assistant", "content": "Sure:\n```python\ndef add(a, b):\n    return a + b\n```\n"}]]
    assert total(prompts=[[{"role": "user", "content": "add"}]], completions=chat, task_id=["T/0"]) == [1.0]
    assert fake.requests[-1].program == "def add(a, b):\n    return a + b\n"


def test_raw_completions_continue_the_task_prompt_up_to_a_stop() -> None:
    fake = FakeExecutor(judge_by_text)
    funcs_with(fake, style=PromptStyle.RAW)[0](prompts=[""], completions=["    return a + b\nprint(add(1, 2))\n"],
                                              task_id=["T/0"])
    assert fake.requests[-1].program == "def add(a, b):\n    return a + b\n"


def test_hacked_samples_score_zero_everywhere_but_the_hack_rate() -> None:
    funcs = funcs_with(FakeExecutor(judge_by_text))
    hack = ["    import sys\n    sys.exit(0)\n    return a + b\n"]
    assert [f(prompts=[""], completions=hack, task_id=["T/0"]) for f in funcs] == [[0.0], [0.0], [0.0], [1.0]]


def test_a_missing_or_unknown_task_column_is_explained() -> None:
    total = funcs_with(FakeExecutor())[0]
    with pytest.raises(ConfigError, match="no column 'task_id'.*columns passed to the reward function: problem"):
        total(prompts=[""], completions=["x"], problem=["T/0"])
    with pytest.raises(UnknownTaskError, match="'T/7'"):
        total(prompts=[""], completions=["x"], task_id=["T/7"])


def test_reward_functions_pickle_and_keep_working() -> None:
    funcs = execrl_reward_funcs([TASK], SPEC, executor=FakeExecutor(judge_by_text))
    copies = pickle.loads(pickle.dumps(funcs))
    assert copies[0].shared is copies[1].shared  # still one shared scorer after the copy
    assert copies[0](prompts=[""], completions=["    return a + b\n"], task_id=["T/0"]) == [1.0]


def test_the_default_sandbox_starts_lazily_and_is_not_pickled() -> None:
    funcs = execrl_reward_funcs([TASK], SPEC, workers=1)
    assert funcs[0].shared._scorer is None  # nothing started yet
    state = pickle.loads(pickle.dumps(funcs[0])).shared.__dict__
    assert state["_scorer"] is None and state["_given"] is None
