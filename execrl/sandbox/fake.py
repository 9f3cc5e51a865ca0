"""A scripted executor for testing logic above the sandbox (rewards, eval, training) without processes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from execrl.types import ExecRequest, ExecResult, Outcome, TestResult, TestStatus

Responder = Callable[[ExecRequest], ExecResult]


def all_pass(request: ExecRequest) -> ExecResult:
    tests = tuple(TestResult(t.name, TestStatus.PASSED) for t in request.tests)
    return ExecResult(Outcome.OK, tests)


class FakeExecutor:
    """Answers each request with ``respond(request)`` and records what it was asked.

    >>> fake = FakeExecutor()
    >>> fake.run([ExecRequest("x = 1")])[0].passed
    True
    """

    def __init__(self, respond: Responder = all_pass) -> None:
        self.respond = respond
        self.requests: list[ExecRequest] = []

    def run(self, requests: Sequence[ExecRequest]) -> list[ExecResult]:
        self.requests.extend(requests)
        return [self.respond(r) for r in requests]
