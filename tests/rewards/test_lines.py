"""Line- and token-level credit from real traced executions."""

from __future__ import annotations

import re

import pytest

from execrl.rewards import align_lines, completion_credit, line_credit, token_credit
from execrl.rewards.lines import ochiai
from execrl.rewards.reference import LimitPolicy, request_for
from execrl.sandbox.local import LocalExecutor
from execrl.types import ExecResult, Outcome, Task, TestResult, TestStatus

GCD_TESTS = "HumanEval/13"


def run(executor: LocalExecutor, task: Task, program: str) -> ExecResult:
    return executor.run([request_for(task, program, LimitPolicy().limits_for(None), trace=True)])[0]


def line_of(program: str, text: str) -> int:
    return next(i for i, line in enumerate(program.split("\n"), start=1) if text in line)


def test_the_line_that_raised_gets_the_error_penalty(executor: LocalExecutor, humaneval: dict[str, Task]) -> None:
    task = humaneval[GCD_TESTS]
    program = task.prompt + "    while b:\n        a, b = b, a % b\n    return a / (a - a)\n"
    credit = line_credit(run(executor, task, program), program)
    crash = line_of(program, "return a / (a - a)")
    assert credit.error_lines == {crash}
    assert credit.rewards[crash] == -1.0
    assert all(value == 0.0 for line, value in credit.rewards.items() if line not in (crash,)
               and line not in credit.suspicion)


def test_a_syntax_error_line_is_penalised_and_nothing_is_masked(executor: LocalExecutor,
                                                                humaneval: dict[str, Task]) -> None:
    task = humaneval[GCD_TESTS]
    program = task.prompt + "    while b\n        a, b = b, a % b\n    return a\n"
    credit = line_credit(run(executor, task, program), program)
    assert credit.error_lines == {line_of(program, "while b")} and not credit.known


def test_lines_run_only_by_failing_tests_are_the_most_suspicious(executor: LocalExecutor,
                                                                  humaneval: dict[str, Task]) -> None:
    task = humaneval[GCD_TESTS]  # tests: (3, 7), (10, 15), (49, 14), (144, 60)
    program = task.prompt + ("    if a > 40:\n        return a - b\n"
                             "    while b:\n        a, b = b, a % b\n    return a\n")
    result = run(executor, task, program)
    assert [t.passed for t in result.tests] == [True, True, False, False]
    suspicion = ochiai(result)
    wrong, guard, loop = (line_of(program, text) for text in ("return a - b", "if a > 40", "while b"))
    assert suspicion[wrong] == 1.0
    assert suspicion[guard] == pytest.approx(2 / (2 * 4) ** 0.5)
    assert loop not in suspicion  # only passing tests ran it
    credit = line_credit(result, program)
    assert credit.rewards[wrong] == -0.5 and credit.rewards[loop] == 0.0


def test_code_that_never_ran_is_masked(executor: LocalExecutor, humaneval: dict[str, Task]) -> None:
    task = humaneval[GCD_TESTS]
    program = ("import math\n\n\ndef unused_helper(x):\n    y = x * 2\n    return y\n\n\n" + task.prompt
               + "    if a < 0:\n        a = -a\n    return math.gcd(a,\n                    b)\n")
    credit = line_credit(run(executor, task, program), program)
    assert credit.known
    ran = [line_of(program, t) for t in ("import math", "def unused_helper", "def greatest_common_divisor",
                                         "if a < 0", "return math.gcd", "b)")]
    never = [line_of(program, t) for t in ("y = x * 2", "a = -a")]
    assert set(ran) <= credit.executed and not set(never) & credit.executed


def test_token_credit_follows_a_tokenizers_offsets(executor: LocalExecutor, humaneval: dict[str, Task]) -> None:
    task = humaneval[GCD_TESTS]
    completion = "    if a < 0:\n        a = -a\n    return a // 0\n"
    program = task.prompt + completion
    credit = completion_credit(line_credit(run(executor, task, program), program), program, completion)
    offsets = [m.span() for m in re.finditer(r"\s*\S+", completion)]  # a whitespace tokenizer with offsets
    tokens = token_credit(completion, offsets, credit.rewards, executed=credit.mask_lines)
    words = [completion[s:e].strip() for s, e in offsets]
    assert len(tokens.rewards) == len(tokens.mask) == len(offsets)
    by_word = dict(zip(words, zip(tokens.rewards, tokens.mask, strict=True), strict=False))
    assert by_word["return"] == (-1.0, 1) and by_word["//"] == (-1.0, 1)  # the crashing line, executed
    assert by_word["-a"] == (0.0, 0)  # never ran: no test passes a negative number
    assert by_word["if"] == (-0.5, 1)  # ran only in failing tests (all fail): suspicious, half the penalty


def test_align_lines_maps_a_program_onto_the_completion_it_came_from() -> None:
    program = "import math\n\n\ndef f(x):\n    return math.sqrt(x)\n"
    completion = "Here you go:\n```python\ndef f(x):\n        return math.sqrt(x)\n```\n"
    assert align_lines(program, completion) == {4: 3, 5: 4}


def test_without_a_trace_every_token_keeps_mask_one() -> None:
    result = ExecResult(Outcome.OK, tests=(TestResult("t0", TestStatus.PASSED),))
    credit = line_credit(result, "def f():\n    return 1\n")
    assert not credit.known and credit.mask_lines is None
    assert token_credit("a\nb", [(0, 1), (2, 3)], credit.rewards, executed=credit.mask_lines).mask == (1, 1)
