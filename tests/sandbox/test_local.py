from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from execrl.errors import IsolationUnavailable
from execrl.sandbox import Executor
from execrl.sandbox.local import LocalExecutor
from execrl.types import ExecRequest, IsolationLevel, Limits, Outcome, TestCase, TestStatus


def test_results_come_back_in_request_order(executor: LocalExecutor) -> None:
    requests = [ExecRequest(f"import time\ntime.sleep({(7 - i) % 3 * 0.05})\nprint({i})") for i in range(12)]
    results = executor.run(requests)
    assert [r.stdout for r in results] == [f"{i}\n" for i in range(12)]


def test_local_executor_satisfies_the_protocol(executor: LocalExecutor) -> None:
    assert isinstance(executor, Executor)


def test_every_test_runs_after_failures_crashes_and_timeouts(executor: LocalExecutor) -> None:
    program = "import os\ndef f(x):\n    if x == 1: raise KeyError('k')\n    if x == 2: os._exit(0)\n" \
              "    if x == 3:\n        while True: pass\n    return x\n"
    tests = tuple(TestCase(f"t{x}", inputs=(x,), expected=x) for x in (0, 1, 2, 3, 4))
    limits = Limits(timeout_s=5, test_timeout_s=0.5)
    result = executor.run([ExecRequest(program, tests, entry_point="f", limits=limits)])[0]
    statuses = [t.status for t in result.tests]
    assert statuses == [TestStatus.PASSED, TestStatus.ERROR, TestStatus.ERROR, TestStatus.TIMEOUT, TestStatus.PASSED]
    assert result.tests[1].error is not None and result.tests[1].error.type_name == "KeyError"
    assert result.tests[1].error.line == 3
    assert result.outcome is Outcome.RUNTIME_ERROR  # the first abnormal event: the exit inside test t2


def test_stop_on_failure_leaves_the_tests_after_the_first_failure_not_run(executor: LocalExecutor) -> None:
    program = "def f(x):\n    if x == 3:\n        while True: pass\n    return x if x != 1 else -1\n"
    tests = tuple(TestCase(f"t{x}", inputs=(x,), expected=x) for x in (0, 1, 2, 3))
    request = ExecRequest(program, tests, entry_point="f", limits=Limits(timeout_s=5), stop_on_failure=True)
    result = executor.run([request])[0]
    assert [t.status for t in result.tests] == [TestStatus.PASSED, TestStatus.FAILED, TestStatus.NOT_RUN,
                                                TestStatus.NOT_RUN]
    assert result.outcome is Outcome.OK and result.duration_s < 5  # the infinite loop in t3 never ran


def test_assert_tests_see_the_programs_helpers_and_constants(executor: LocalExecutor) -> None:
    program = "LIMIT = 10\ndef helper(x):\n    return x + 1\ndef f(x):\n    return helper(x) * 2\n"
    tests = (TestCase("a", code="assert f(1) == 4 and helper(0) == 1 and LIMIT == 10"),
             TestCase("b", code="import math\nassert math.isclose(candidate(0.5), 3.0)"))
    result = executor.run([ExecRequest(program, tests, entry_point="f")])[0]
    assert result.passed, result.tests


def test_in_place_mutation_of_arguments_is_visible_to_tests(executor: LocalExecutor) -> None:
    program = "def sort_in_place(xs):\n    xs.sort()\n"
    tests = (TestCase("a", code="xs = [3, 1, 2]\ncandidate(xs)\nassert xs == [1, 2, 3]"),)
    assert executor.run([ExecRequest(program, tests, entry_point="sort_in_place")])[0].passed


def test_inputs_tests_report_the_returned_value(executor: LocalExecutor) -> None:
    tests = (TestCase("a", inputs=([1, 2],), expected=None),)
    result = executor.run([ExecRequest("def f(xs):\n    return (sum(xs), {'k': 1.5})\n", tests, entry_point="f")])[0]
    assert result.tests[0].actual == (3, {"k": 1.5})


def test_floats_compare_with_tolerance(executor: LocalExecutor) -> None:
    tests = (TestCase("a", inputs=(), expected=0.3), TestCase("b", inputs=(), expected=0.31))
    result = executor.run([ExecRequest("def f():\n    return 0.1 + 0.2\n", tests, entry_point="f")])[0]
    assert [t.status for t in result.tests] == [TestStatus.PASSED, TestStatus.FAILED]


def test_load_error_marks_tests_not_run(executor: LocalExecutor) -> None:
    result = executor.run([ExecRequest("import no_such_module\n", (TestCase("a", code="assert True"),))])[0]
    assert result.outcome is Outcome.RUNTIME_ERROR
    assert result.error is not None and result.error.type_name == "ModuleNotFoundError"
    assert [t.status for t in result.tests] == [TestStatus.NOT_RUN]


def test_syntax_error_has_line_and_message(executor: LocalExecutor) -> None:
    result = executor.run([ExecRequest("x = 1\ndef f(:\n", (TestCase("a", code="assert True"),))])[0]
    assert result.outcome is Outcome.SYNTAX_ERROR
    assert result.error is not None and result.error.line == 2


def test_stdin_is_delivered(executor: LocalExecutor) -> None:
    result = executor.run([ExecRequest("print(input()[::-1])", stdin="abc\n")])[0]
    assert result.stdout == "cba\n"


def test_extra_files_are_written_into_the_working_directory(executor: LocalExecutor) -> None:
    request = ExecRequest("print(open('data/in.txt').read())", files=(("data/in.txt", "hello"),))
    assert executor.run([request])[0].stdout == "hello\n"


def test_bad_extra_file_name_is_an_infrastructure_error_naming_it(executor: LocalExecutor) -> None:
    result = executor.run([ExecRequest("pass", files=(("../escape.txt", "x"),))])[0]
    assert result.outcome is Outcome.INFRA_ERROR and result.error is not None
    assert "../escape.txt" in result.error.message


def _kill_workers_when_busy(pool: LocalExecutor, times: int) -> None:
    killed: set[int] = set()  # a killed worker stays listed (and busy) until the pool notices: never pick it again
    for _ in range(times):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            busy = [w for w in pool._workers if w.busy_with is not None and w.process.pid not in killed]
            if busy:
                time.sleep(0.2)
                killed.add(busy[0].process.pid)
                os.kill(busy[0].process.pid, signal.SIGKILL)
                break
            time.sleep(0.01)


def test_a_dead_worker_is_replaced_and_its_request_retried() -> None:
    with LocalExecutor(workers=1) as pool:
        killer = threading.Thread(target=_kill_workers_when_busy, args=(pool, 1))
        killer.start()
        results = pool.run([ExecRequest("import time\ntime.sleep(1)\nprint('done')")])
        killer.join()
        assert [r.stdout for r in results] == ["done\n"]
        assert pool.run([ExecRequest("print(1)")])[0].stdout == "1\n"


def test_a_dead_zygote_takes_its_worker_down_and_the_request_is_retried() -> None:
    with LocalExecutor(workers=1) as pool:
        assert pool.run([ExecRequest("print(0)")])[0].stdout == "0\n"
        worker = pool._workers[0].process.pid
        zygotes = Path(f"/proc/{worker}/task/{worker}/children").read_text().split()
        assert len(zygotes) == 1  # between requests the worker's only child is its fork server
        os.kill(int(zygotes[0]), signal.SIGKILL)
        assert pool.run([ExecRequest("print(1)")])[0].stdout == "1\n"
        assert pool._workers[0].process.pid != worker


def test_a_request_whose_worker_dies_twice_is_an_infrastructure_error() -> None:
    with LocalExecutor(workers=1) as pool:
        killer = threading.Thread(target=_kill_workers_when_busy, args=(pool, 2))
        killer.start()
        result = pool.run([ExecRequest("import time\ntime.sleep(1.5)")])[0]
        killer.join()
        assert result.outcome is Outcome.INFRA_ERROR and not result.passed


def test_without_isolation_the_level_says_so() -> None:
    with LocalExecutor(workers=1, isolate=False) as pool:
        result = pool.run([ExecRequest("print(2)")])[0]
        assert result.stdout == "2\n"
        assert result.isolation.level is not IsolationLevel.FULL
        assert any("disabled" in note for note in result.isolation.notes)


def test_require_isolation_refuses_a_weaker_level() -> None:
    with pytest.raises(IsolationUnavailable, match="not full"):
        LocalExecutor(workers=1, isolate=False, require_isolation=True).run([ExecRequest("pass")])


def test_tracing_counts_line_events_deterministically(executor: LocalExecutor) -> None:
    program = "def f(n):\n    total = 0\n    for i in range(n):\n        total += i\n    return total\n"
    tests = (TestCase("small", inputs=(3,), expected=3), TestCase("big", inputs=(30,), expected=435))
    first, second = executor.run([ExecRequest(program, tests, entry_point="f", trace=True)] * 2)
    small, big = first.tests
    assert small.cost is not None and big.cost is not None and big.cost > small.cost
    assert small.cost == 1 + 4 + 3 + 1  # `total = 0`, loop header x4 (3 + exit), body x3, return
    assert [t.cost for t in second.tests] == [small.cost, big.cost]
    assert small.lines == frozenset({2, 3, 4, 5})


def test_tracing_is_off_by_default(executor: LocalExecutor) -> None:
    tests = (TestCase("a", inputs=(1,), expected=1),)
    result = executor.run([ExecRequest("def f(x):\n    return x\n", tests, entry_point="f")])[0]
    assert result.tests[0].cost is None and result.tests[0].lines == frozenset()


def test_tests_call_the_entry_point_by_name_even_when_it_shadows_a_builtin(executor: LocalExecutor) -> None:
    program = "def sum(a, b):\n    return a * b\n"
    tests = (TestCase("a", code="assert sum(3, 4) == 12"), TestCase("b", code="assert max(1, 2) == 2"))
    assert executor.run([ExecRequest(program, tests, entry_point="sum")])[0].passed


def test_other_builtins_stay_real_whatever_the_program_defines(executor: LocalExecutor) -> None:
    program = "def len(x):\n    return 3\ndef f(x):\n    return x\n"
    tests = (TestCase("a", code="assert len(candidate([1])) == 3"),)
    assert not executor.run([ExecRequest(program, tests, entry_point="f")])[0].passed


def test_a_module_the_program_imported_is_the_workers_own_stdlib_copy(executor: LocalExecutor) -> None:
    program = "import sys\nimport os as sys2\ndef f():\n    return 1\n"
    tests = (TestCase("a", code="assert sys.maxsize > 0"), TestCase("b", code="assert sys2.sep == '/'"))
    assert executor.run([ExecRequest(program, tests, entry_point="f")])[0].passed


def test_peak_memory_is_reported_and_grows_with_the_program(executor: LocalExecutor) -> None:
    program = "def f(n):\n    block = bytearray(n << 20)\n    return len(block)\n"
    small, big = executor.run([ExecRequest(program, (TestCase("a", inputs=(n,), expected=n << 20),), entry_point="f")
                               for n in (1, 200)])
    assert small.peak_memory_mb is not None and big.peak_memory_mb is not None
    assert big.peak_memory_mb > small.peak_memory_mb + 150
