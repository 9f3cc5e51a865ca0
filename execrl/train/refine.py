"""Multi-turn refinement (RLEF-style): answer, run, read the execution feedback, revise.

An episode starts from a task's chat prompt. Each answer is executed against the task's tests; if a *visible* test
fails (or the program does not load), a user message with the real error text, the failing test, its input and
expected output (and what the program returned) is appended, and the model answers again, up to ``max_turns``
answers. The episode's reward is the final answer's reward (visible and hidden tests) times
``discount ** (turns - 1)``. Hidden tests are never shown: when every visible test passes, the episode ends.

The loop is written once (``run_episodes``) over an ``Answerer``: at inference (``execrl refine``) a
``Generator``; in training, ``TokenRollout``, which keeps the token ids of every turn so that TRL's
``rollout_func`` can train on the model's own tokens (``env_mask`` 1) and not on the feedback (``env_mask`` 0).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from execrl.generation.base import Generator, Message, Prompt, PromptStyle, SamplingParams
from execrl.train.data import render_test
from execrl.train.scoring import RecordingBatchScorer
from execrl.types import ExecResult, Outcome, Task, TestCase, TestResult, TestStatus

Chat = list[dict[str, str]]
Answerer = Callable[[Sequence[int], Sequence[Chat]], list[str]]  # (episode indices, their chats) -> answers

REVISE = "Fix the function. Reply with the complete corrected function in a single ```python code block."


@dataclass(frozen=True)
class Turn:
    answer: str
    reward: float | None  # this answer's own reward (undiscounted)
    passed: bool  # every test, visible and hidden
    feedback: str | None  # what was sent back; None when the episode ended here


@dataclass(frozen=True)
class Episode:
    task_id: str
    turns: tuple[Turn, ...]
    discount: float

    @property
    def final(self) -> Turn:
        return self.turns[-1]

    @property
    def reward(self) -> float | None:
        raw = self.final.reward
        return None if raw is None else raw * self.discount ** (len(self.turns) - 1)


def run_episodes(tasks: Sequence[Task], chats: Sequence[Chat], answer: Answerer, scorer: RecordingBatchScorer, *,
                 max_turns: int, discount: float = 0.9, max_chars: int = 600) -> list[Episode]:
    """One episode per (task, opening conversation); all open episodes answer together at each turn."""
    conversations = [list(chat) for chat in chats]
    turns: list[list[Turn]] = [[] for _ in tasks]
    open_ = list(range(len(tasks)))
    for turn in range(max_turns):
        answers = answer(open_, [conversations[i] for i in open_])
        judged = scorer.judge([tasks[i].task_id for i in open_], answers)
        still_open = []
        for i, text, (breakdown, result) in zip(open_, answers, judged, strict=True):
            feedback = feedback_message(tasks[i], result, max_chars) if turn + 1 < max_turns else None
            turns[i].append(Turn(text, breakdown.total, result.passed, feedback))
            if feedback is not None:
                conversations[i] += [{"role": "assistant", "content": text}, {"role": "user", "content": feedback}]
                still_open.append(i)
        open_ = still_open
        if not open_:
            break
    return [Episode(task.task_id, tuple(t), discount) for task, t in zip(tasks, turns, strict=True)]


def feedback_message(task: Task, result: ExecResult, max_chars: int = 600) -> str | None:
    """What went wrong on the visible tests, in words the model can act on; None when they all passed."""
    visible = result.tests[: len(task.tests)]
    if result.outcome is not Outcome.OK and not any(t.status is not TestStatus.NOT_RUN for t in visible):
        error = result.error.summary() if result.error is not None else result.outcome.value
        return _cut(f"Your code failed before any test ran ({result.outcome.value}):\n{error}", max_chars) + \
            "\n\n" + REVISE
    failing = next(((case, got) for case, got in zip(task.tests, visible, strict=False) if not got.passed), None)
    if failing is None:
        return None
    return _cut(describe_failure(*failing, task.entry_point), max_chars) + "\n\n" + REVISE


def describe_failure(test: TestCase, result: TestResult, entry_point: str) -> str:
    shown = render_test(test, entry_point)
    lines = [f"Your code failed this test:\n```python\n{shown}\n```"]
    call = _call_and_expected(test, shown)
    if call is not None:
        lines.append(f"Input: {call[0]}\nExpected output: {call[1]}")
    if test.inputs is not None and result.status is TestStatus.FAILED:
        lines.append(f"Your output: {result.actual!r}")
    if result.status is TestStatus.TIMEOUT:
        lines.append("It did not finish in time (an infinite loop, or far too slow).")
    elif result.error is not None and result.error.type_name != "AssertionError":
        lines.append(f"Error: {result.error.summary()}")
    elif result.status is TestStatus.FAILED:
        lines.append("The assertion was false: the returned value is wrong.")
    return "\n".join(lines)


def _call_and_expected(test: TestCase, shown: str) -> tuple[str, str] | None:
    """(arguments, expected value) of ``assert f(args) == expected``, as source text."""
    if test.inputs is not None:
        return ", ".join(repr(v) for v in test.inputs), repr(test.expected)
    try:
        tree = ast.parse(shown)
    except SyntaxError:
        return None
    asserts = [node for node in tree.body if isinstance(node, ast.Assert)]
    check = asserts[-1].test if asserts else None
    if (isinstance(check, ast.Compare) and len(check.ops) == 1 and isinstance(check.ops[0], ast.Eq)
            and isinstance(check.left, ast.Call)):
        args = ", ".join(ast.unparse(a) for a in check.left.args)
        return args, ast.unparse(check.comparators[0])
    return None


def _cut(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 15] + "\n... (cut)"


def generator_answerer(generator: Generator, params: SamplingParams) -> Answerer:
    """Answers from any ``Generator`` (inference: ``execrl refine``)."""
    def answer(episodes: Sequence[int], chats: Sequence[Chat]) -> list[str]:
        prompts = [Prompt(PromptStyle.CHAT, messages=tuple(Message(m["role"], m["content"]) for m in chat))
                   for chat in chats]
        return [options[0].text for options in generator.generate(prompts, params)]

    return answer
