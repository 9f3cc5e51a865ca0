"""Python test suites in the sandbox: pytest per-test results, coverage.py line and branch coverage of the focal
file (numbers checked by hand), syntax and collection errors, timeouts, containment, hostile reports."""

from __future__ import annotations

import socket
import textwrap
from collections.abc import Iterator

import pytest

from execrl.sandbox.languages.base import ReportError
from execrl.sandbox.languages.junit import parse_junit
from execrl.sandbox.local import LocalExecutor
from execrl.types import ExecRequest, ExecResult, Language, Limits, Outcome, TestStatus, TestSuite
from tests.sandbox.conftest import sandbox_processes

FOCAL = "src/calc.py"
CALC = textwrap.dedent("""\
    def add(a, b):
        return a + b


    def sign(x):
        if x > 0:
            return 1
        elif x < 0:
            return -1
        return 0
""")
TESTS = textwrap.dedent("""\
    from calc import add, sign


    def test_add():
        assert add(2, 3) == 5


    def test_sign_positive():
        assert sign(4) == 1


    def test_wrong():
        assert add(1, 1) == 3


    class TestGroup:
        def test_raises(self):
            raise KeyError("boom")
""")
LIMITS = Limits(timeout_s=30)


@pytest.fixture(scope="module")
def suites() -> Iterator[LocalExecutor]:
    with LocalExecutor(workers=1) as pool:
        yield pool


def run(pool: LocalExecutor, program: str = CALC, tests: str = TESTS, limits: Limits = LIMITS,
        **suite: object) -> ExecResult:
    request = ExecRequest(program, files=(("tests/test_calc.py", tests),), limits=limits, language=Language.PYTHON,
                          suite=TestSuite(FOCAL, **suite))  # type: ignore[arg-type]
    result = pool.run([request])[0]
    assert sandbox_processes(pool) == [], "a sandboxed process outlived its suite"
    return result


def test_per_test_results_and_coverage(suites: LocalExecutor) -> None:
    result = run(suites, coverage=True)
    assert result.outcome is Outcome.OK, (result.error, result.stdout[-2000:])
    statuses = {t.name: t.status for t in result.tests}
    assert statuses == {
        "tests/test_calc.py::test_add": TestStatus.PASSED,
        "tests/test_calc.py::test_sign_positive": TestStatus.PASSED,
        "tests/test_calc.py::test_wrong": TestStatus.FAILED,
        "tests/test_calc.py::TestGroup::test_raises": TestStatus.ERROR,
    }
    raised = next(t for t in result.tests if t.name.endswith("test_raises"))
    assert raised.error is not None and raised.error.type_name == "KeyError"
    wrong = next(t for t in result.tests if t.name.endswith("test_wrong"))
    assert wrong.error is not None and "assert 2 == 3" in wrong.error.message
    coverage = result.coverage
    assert coverage is not None and coverage.path == FOCAL
    # Statements on lines 1, 2, 5, 6, 7, 8, 9, 10; sign(4) runs 5 (def at import), 6, 7 and never 8, 9, 10.
    assert coverage.lines == {1, 2, 5, 6, 7, 8, 9, 10}
    assert coverage.covered == {1, 2, 5, 6, 7}
    # Branches: 6->7, 6->8, 8->9, 8->10; only 6->7 taken.
    assert (coverage.branches, coverage.covered_branches) == (4, 1)
    assert coverage.line_rate == 5 / 8


def test_only_tests_runs_the_subset_and_coverage_follows(suites: LocalExecutor) -> None:
    result = run(suites, coverage=True, only_tests=("tests/test_calc.py::test_add",))
    assert [(t.name, t.status) for t in result.tests] == [("tests/test_calc.py::test_add", TestStatus.PASSED)]
    assert result.coverage is not None and result.coverage.covered == {1, 2, 5}


def test_coverage_of_a_focal_file_no_test_imports(suites: LocalExecutor) -> None:
    result = run(suites, tests="def test_nothing():\n    assert True\n", coverage=True)
    assert result.outcome is Outcome.OK
    assert result.coverage is not None
    assert result.coverage.lines == {1, 2, 5, 6, 7, 8, 9, 10} and result.coverage.covered == frozenset()


def test_syntax_error_in_the_focal_file(suites: LocalExecutor) -> None:
    result = run(suites, program="def add(a, b)\n    return a + b\n")
    assert result.outcome is Outcome.SYNTAX_ERROR
    assert result.error is not None and "src/calc.py" in result.error.message and "SyntaxError" in result.error.message
    assert result.tests == ()


def test_error_at_import_is_a_runtime_error(suites: LocalExecutor) -> None:
    result = run(suites, program="raise ImportError('no calc today')\n")
    assert result.outcome is Outcome.RUNTIME_ERROR
    assert result.error is not None and "no calc today" in result.error.message


def test_infinite_loop_in_a_test_times_out(suites: LocalExecutor) -> None:
    result = run(suites, tests="def test_loop():\n    while True:\n        pass\n", limits=Limits(timeout_s=4))
    assert result.outcome is Outcome.TIMEOUT


def test_network_and_files_outside_the_workdir_are_unreachable(suites: LocalExecutor) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = run(suites, tests=textwrap.dedent(f"""\
            import socket
            import pytest


            def test_no_network():
                with pytest.raises(OSError):
                    socket.create_connection(("127.0.0.1", {port}), timeout=2)


            @pytest.mark.parametrize("path", ["/tmp/escape.txt", "/etc/escape.txt", "/usr/escape.txt"])
            def test_no_write_outside(path):
                with pytest.raises(OSError):
                    open(path, "w").write("x")


            def test_write_inside():
                open("inside.txt", "w").write("x")
        """))
    assert result.outcome is Outcome.OK, result.stdout[-2000:]
    assert len(result.tests) == 5 and all(t.passed for t in result.tests), result.tests


def test_a_symlinked_report_is_refused_not_followed(suites: LocalExecutor) -> None:
    tests = textwrap.dedent("""\
        import os


        def test_plant():
            os.makedirs(".execrl", exist_ok=True)
            os.symlink("/etc/hostname", ".execrl/coverage.json")
    """)
    result = run(suites, tests=tests, coverage=True)
    assert result.outcome is Outcome.RUNTIME_ERROR
    assert result.coverage is None and result.error is not None and result.error.type_name == "CoverageReportFailed"


def test_malformed_junit_is_a_report_error() -> None:
    with pytest.raises(ReportError):
        parse_junit(b"<testsuite><testcase name='x'", lambda attributes: attributes.get("name"))
    lol = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' \
          b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><testsuite><testcase name="&c;"/></testsuite>'
    [case] = parse_junit(lol, lambda attributes: attributes.get("name"))  # small expansions are fine, names capped
    assert len(case.name) == 1000
