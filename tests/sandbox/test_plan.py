from __future__ import annotations

import pickle
from typing import Any

from execrl.sandbox._plan import call_payload, plan_calls
from execrl.sandbox.local import LocalExecutor
from execrl.types import ExecRequest, TestCase, TestStatus


def _request(*codes: str, entry: str = "f", setup: str = "") -> ExecRequest:
    tests = tuple(TestCase(f"test_{i}", code=code) for i, code in enumerate(codes))
    return ExecRequest("def f(*a, **k):\n    return 0\n", tests, entry, setup)


def _decoded(request: ExecRequest) -> list[tuple[Any, ...]]:
    return [pickle.loads(payload) for payload in plan_calls(request)]


def test_literal_calls_are_planned_in_order_under_the_program_name() -> None:
    request = _request("assert candidate([1, 2], 'a') == 3", "assert f(x={1: (2, 3)}) is None",
                       "assert abs(candidate(-1.5) - 0.5) < 1e-6")
    assert _decoded(request) == [("call", "f", ([1, 2], "a"), {}), ("call", "f", (), {"x": {1: (2, 3)}}),
                                 ("call", "f", (-1.5,), {})]


def test_the_plan_ends_at_the_first_test_whose_call_is_not_certain() -> None:
    certain = "assert candidate(1) == 1"
    for uncertain in ("assert candidate(1) == 1 or candidate(2) == 2",  # short-circuit
                      "assert candidate(1) == candidate(2)",  # the second call is skipped if the first raises
                      "assert candidate(x) == 1",  # not a literal
                      "assert helper(1) == candidate(1)",  # a name only the program defines
                      "for i in range(3):\n    assert candidate(i) == i",
                      "assert 0 < candidate(1) < candidate(2)"):
        assert len(_decoded(_request(certain, uncertain, certain))) == 1, uncertain


def test_names_the_test_setup_defines_are_known() -> None:
    request = _request("assert math.isclose(candidate(1.0), 1.0)", setup="import math\n")
    assert _decoded(request) == [("call", "f", (1.0,), {})]


def test_evalplus_inputs_are_planned_as_they_are_called() -> None:
    tests = (TestCase("plus_0", inputs=([3, 1],), expected=[1, 3]), TestCase("plus_1", inputs=("x", 2), expected=0))
    request = ExecRequest("def f(*a):\n    return 0\n", tests, "f")
    assert plan_calls(request) == [call_payload("f", ([3, 1],), {}), call_payload("f", ("x", 2), {})]


def test_a_planned_call_is_byte_for_byte_the_call_the_test_makes() -> None:
    code = "assert candidate('1/5', '1/5', ['hi', 'hi'], (1, 2), (1, 2)) == True"
    made: list[bytes] = []

    def record(*args: Any, **kwargs: Any) -> bool:
        made.append(call_payload("f", args, kwargs))
        return True

    exec(compile(code, "<test>", "exec"), {"candidate": record})  # noqa: S102 - trusted test code
    assert plan_calls(_request(code)) == made


def test_a_test_failing_before_its_call_leaves_later_calls_in_the_state_the_tests_made(
        executor: LocalExecutor) -> None:
    # The plan sends all three calls at once, so the child also runs candidate(5), which the tests never make;
    # the harness must notice and replay the calls that were made in a fresh child.
    program = "seen = []\ndef f(x):\n    seen.append(x)\n    return seen\n"
    tests = (TestCase("first", code="assert candidate(1) == [1]"),
             TestCase("fails_before_its_call", code="assert [][0] == candidate(5)"),
             TestCase("third", code="assert candidate(7) == [1, 7]"))
    request = ExecRequest(program, tests, "f")
    assert len(plan_calls(request)) == 3
    result = executor.run([request])[0]
    assert [t.status for t in result.tests] == [TestStatus.PASSED, TestStatus.ERROR, TestStatus.PASSED]
    assert result.tests[1].error is not None and result.tests[1].error.type_name == "IndexError"
