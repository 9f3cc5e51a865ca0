"""Differential testing in the real sandbox: expected values, exceptions, timeouts, contracts, validation."""

from __future__ import annotations

from execrl.sandbox.local import LocalExecutor
from execrl.testgen.oracle import explicit_raises, judge, validate
from execrl.testgen.suite import EDGE, RAISES, Candidate, TestgenConfig
from execrl.types import ExecRequest, Task, TestCase

REFERENCE = '''
def halve(x):
    if x < 0:
        raise ValueError("negative")
    if x == 7:
        while True:
            pass
    if x == 9:
        return [][1]
    return x / 2
'''
TASK = Task("T/halve", "", "halve", REFERENCE, (TestCase("test_0", code="assert halve(4) == 2"),))
CONFIG = TestgenConfig(test_timeout_s=0.5)


def _candidates(*values: object) -> list[Candidate]:
    return [Candidate((value,), frozenset({EDGE})) for value in values]


def test_values_exceptions_timeouts(executor: LocalExecutor) -> None:
    [judged] = judge([(TASK, _candidates(3, -1, 7, 9))], executor, CONFIG)
    by_name = {t.name: t for t in judged.tests}
    assert by_name["gen_0"].inputs == (3,) and by_name["gen_0"].expected == 1.5 and by_name["gen_0"].atol > 0
    assert RAISES in by_name["gen_1"].tags and "except ValueError" in by_name["gen_1"].code
    assert set(by_name) == {"gen_0", "gen_1"}  # 7 timed out, 9 raised an IndexError the reference never meant
    assert judged.dropped == 2


def test_exceptions_can_be_dropped_instead(executor: LocalExecutor) -> None:
    [judged] = judge([(TASK, _candidates(3, -1))], executor, TestgenConfig(expect_exceptions=False))
    assert [t.name for t in judged.tests] == ["gen_0"]


def test_contract_violations_are_dropped(executor: LocalExecutor) -> None:
    task = Task("T/c", "", "halve", REFERENCE, TASK.tests, metadata={"contract": "assert isinstance(x, int)"})
    [judged] = judge([(task, _candidates(2, 2.5))], executor, CONFIG)
    assert [t.inputs for t in judged.tests] == [(2,)]


def test_model_claims_skip_the_oracle_and_face_validation(executor: LocalExecutor) -> None:
    claims = [Candidate((4,), frozenset({"model"}), claimed=(2.0,)), Candidate((4,), frozenset({"model"}),
                                                                             claimed=(3.0,))]
    [judged] = judge([(TASK, claims)], executor, CONFIG)
    [checked] = validate([(TASK, judged.tests, judged.setup)], executor, CONFIG)
    assert [t.expected for t in checked.tests] == [2.0] and checked.unstable == 1


def test_validation_drops_what_the_reference_does_not_pass_twice(executor: LocalExecutor) -> None:
    # Forked children share the worker's random state, so `random` would repeat itself here; the clock does not.
    task = Task("T/r", "", "roll", "import time\ndef roll(n):\n    return time.perf_counter_ns() * n\n", ())
    [judged] = judge([(task, _candidates(1, 0))], executor, CONFIG)
    [checked] = validate([(task, judged.tests, "")], executor, CONFIG)
    assert [t.inputs for t in checked.tests] == [(0,)] and checked.unstable == 1
    assert checked.lines["gen_1"] == frozenset({3})


def test_every_kept_test_passes_on_the_reference(executor: LocalExecutor) -> None:
    [judged] = judge([(TASK, _candidates(*range(-3, 12)))], executor, CONFIG)
    [result] = executor.run([ExecRequest(TASK.reference, judged.tests, "halve")])
    assert result.passed and len(judged.tests) == 13


def test_explicit_raises() -> None:
    source = "def f(x):\n    if x: raise ValueError('x')\n    raise MyError\n    raise TypeError\n    raise\n"
    assert explicit_raises(source) == {"ValueError", "TypeError"}


def test_a_contract_that_rejects_the_tasks_own_inputs_is_ignored(executor: LocalExecutor) -> None:
    task = Task("T/c", "", "halve", REFERENCE, TASK.tests, metadata={"contract": "assert isinstance(x, list)"})
    [judged] = judge([(task, _candidates(2, 2.5))], executor, CONFIG)
    assert [t.inputs for t in judged.tests] == [(2,), (2.5,)]
