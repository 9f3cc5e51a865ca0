from __future__ import annotations

import pytest

from execrl.eval.results import Verdict, judge, request_for
from execrl.types import ErrorInfo, ExecResult, Limits, Outcome, Sample, TestResult, TestStatus
from tests.eval.eval_support import make_task

P, F, E, T, N = TestStatus.PASSED, TestStatus.FAILED, TestStatus.ERROR, TestStatus.TIMEOUT, TestStatus.NOT_RUN
SAMPLE = Sample("T/0", "def f(x):\n    return x\n", "    return x\n", 3)
ASSERTION = ErrorInfo("AssertionError", "")
INDEX = ErrorInfo("IndexError", "list index out of range")


def run(outcome: Outcome, *statuses: TestStatus, error: ErrorInfo | None = None) -> ExecResult:
    errors = {F: ASSERTION, E: INDEX}
    return ExecResult(outcome, tuple(TestResult(f"t{i}", s, error=errors.get(s)) for i, s in enumerate(statuses)),
                      error=error)


@pytest.mark.parametrize(
    ("result", "n_base", "n_plus", "verdict", "plus_verdict", "message", "error_type"),
    [
        (run(Outcome.OK, P, P), 2, 0, Verdict.PASSED, None, "passed", None),
        (run(Outcome.OK, P, F), 2, 0, Verdict.WRONG_ANSWER, None, "failed: AssertionError", "AssertionError"),
        (run(Outcome.OK, E, P), 2, 0, Verdict.EXCEPTION, None, "failed: IndexError: list index out of range",
         "IndexError"),
        (run(Outcome.OK, P, T), 2, 0, Verdict.TIMEOUT, None, "timed out", None),
        (run(Outcome.OK, P, N), 2, 0, Verdict.INCOMPLETE, None, "failed: incomplete", None),
        (run(Outcome.SYNTAX_ERROR, N, N, error=ErrorInfo("SyntaxError", "invalid syntax", 3)), 2, 0,
         Verdict.SYNTAX_ERROR, None, "failed: SyntaxError: invalid syntax", "SyntaxError"),
        (run(Outcome.SYNTAX_ERROR, error=ErrorInfo("SyntaxError", "bad")), 2, 0, Verdict.SYNTAX_ERROR, None,
         "failed: SyntaxError: bad", "SyntaxError"),
        (run(Outcome.TIMEOUT, P, N), 2, 0, Verdict.TIMEOUT, None, "timed out", None),
        (run(Outcome.MEMORY_EXCEEDED), 2, 0, Verdict.MEMORY, None, "failed: memory exceeded", None),
        (run(Outcome.RUNTIME_ERROR, N, N, error=ErrorInfo("SystemExit", "1")), 2, 0, Verdict.EXCEPTION, None,
         "failed: SystemExit: 1", "SystemExit"),
        (run(Outcome.INFRA_ERROR, error=ErrorInfo("WorkerCrashed", "gone")), 2, 0, Verdict.INFRA_ERROR, None,
         "infra error: WorkerCrashed: gone", "WorkerCrashed"),
        # base + plus in one execution
        (run(Outcome.OK, P, P, P), 2, 1, Verdict.PASSED, Verdict.PASSED, "passed", None),
        (run(Outcome.OK, P, P, F), 2, 1, Verdict.PASSED, Verdict.WRONG_ANSWER, "passed", None),
        (run(Outcome.OK, F, P, P), 2, 1, Verdict.WRONG_ANSWER, Verdict.WRONG_ANSWER, "failed: AssertionError",
         "AssertionError"),
        # the program timed out on a plus test after passing every base test: base keeps its pass, as in EvalPlus
        (run(Outcome.TIMEOUT, P, P, T, N), 2, 2, Verdict.PASSED, Verdict.TIMEOUT, "passed", None),
        (run(Outcome.TIMEOUT, P, N, N, N), 2, 2, Verdict.TIMEOUT, Verdict.TIMEOUT, "timed out", None),
        (run(Outcome.INFRA_ERROR), 2, 2, Verdict.INFRA_ERROR, Verdict.INFRA_ERROR, "infra error: no detail", None),
        # a task without tests passes when the program runs cleanly
        (run(Outcome.OK), 0, 0, Verdict.PASSED, None, "passed", None),
        (run(Outcome.RUNTIME_ERROR), 0, 0, Verdict.EXCEPTION, None, "failed: exception", None),
    ],
)
def test_judge(result: ExecResult, n_base: int, n_plus: int, verdict: Verdict, plus_verdict: Verdict | None,
               message: str, error_type: str | None) -> None:
    judged = judge(SAMPLE, result, n_base, n_plus, timeout_s=3.0)
    assert (judged.verdict, judged.plus_verdict, judged.message, judged.error_type) == (
        verdict, plus_verdict, message, error_type)
    assert judged.passed is (verdict is Verdict.PASSED)
    assert judged.key == ("T/0", 3)


def test_judge_keeps_the_plus_failure_apart_from_the_base_verdict() -> None:
    judged = judge(SAMPLE, run(Outcome.OK, P, E), 1, 1, timeout_s=3.0)
    assert (judged.passed, judged.plus_passed, judged.error_type, judged.plus_error_type) == (
        True, False, None, "IndexError")


@pytest.mark.parametrize("result", [run(Outcome.OK, P), run(Outcome.OK), run(Outcome.TIMEOUT, P)])
def test_test_results_that_do_not_match_the_request_are_an_infrastructure_error(result: ExecResult) -> None:
    judged = judge(SAMPLE, result, 2, 0, timeout_s=3.0)
    assert judged.verdict is Verdict.INFRA_ERROR
    assert "ProtocolError" in judged.message


def test_long_messages_are_clipped() -> None:
    judged = judge(SAMPLE, run(Outcome.RUNTIME_ERROR, error=ErrorInfo("ValueError", "x" * 10_000)), 1, 0, 3.0)
    assert judged.message.startswith("failed: ValueError: xxx") and len(judged.message) == 300


def test_a_request_carries_base_then_plus_tests_and_the_task_context() -> None:
    task = make_task("T/0", n_base=2, n_plus=3)
    request = request_for(task, SAMPLE, Limits(timeout_s=5.0))
    assert [t.name for t in request.tests] == ["base_0", "base_1", "plus_0", "plus_1", "plus_2"]
    assert (request.program, request.entry_point, request.limits.timeout_s) == (SAMPLE.program, "f", 5.0)
