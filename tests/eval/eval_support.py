"""Small task sets and scripted executors for the evaluation tests: no processes are started.

A module of its own (not conftest), imported as ``tests.eval.eval_support``.
"""

from __future__ import annotations

from collections.abc import Callable

from execrl.types import ErrorInfo, ExecRequest, ExecResult, Outcome, Task, TestCase, TestResult, TestStatus

REFERENCE = "def f(x):\n    return x\n"


def make_task(task_id: str, n_base: int = 2, n_plus: int = 0) -> Task:
    base = tuple(TestCase(f"base_{i}", code=f"assert candidate({i}) == {i}") for i in range(n_base))
    plus = tuple(TestCase(f"plus_{i}", code=f"assert candidate({i + 100}) == {i + 100}", tags=frozenset({"plus"}))
                 for i in range(n_plus))
    return Task(task_id, prompt="def f(x):\n", entry_point="f", reference=REFERENCE, tests=base, plus_tests=plus)


def scripted(duration_s: float = 0.01) -> Callable[[ExecRequest], ExecResult]:
    """Judges by markers in the program text.

    "WRONG": the first test fails; "CRASH": IndexError in every test; "WEAK": passes base tests (named base_*),
    fails plus tests; "INFRA": infrastructure error; "SLOW": times out; anything else passes.
    """

    def respond(request: ExecRequest) -> ExecResult:
        program = request.program
        if "INFRA" in program:
            return ExecResult(Outcome.INFRA_ERROR, error=ErrorInfo("WorkerCrashed", "worker died"))
        if "SLOW" in program:
            return ExecResult(Outcome.TIMEOUT, tuple(TestResult(t.name, TestStatus.NOT_RUN) for t in request.tests),
                              duration_s=request.limits.timeout_s)
        return ExecResult(Outcome.OK, tuple(_test(program, t, i) for i, t in enumerate(request.tests)),
                          duration_s=duration_s)

    return respond


def _test(program: str, test: TestCase, position: int) -> TestResult:
    if "CRASH" in program:
        return TestResult(test.name, TestStatus.ERROR, error=ErrorInfo("IndexError", "list index out of range"))
    if ("WRONG" in program and position == 0) or ("WEAK" in program and test.name.startswith("plus")):
        return TestResult(test.name, TestStatus.FAILED, error=ErrorInfo("AssertionError", ""))
    return TestResult(test.name, TestStatus.PASSED, duration_s=0.001)
