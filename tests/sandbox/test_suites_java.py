"""Java test suites in the sandbox: javac + JUnit 5 per-test results, JaCoCo line and branch coverage of the focal
file (numbers checked by hand), compile errors, timeouts, containment. Needs Debian's openjdk, junit5 and
libjacoco-java (scripts/_toolchains.sh)."""

from __future__ import annotations

import os
import socket
import textwrap
from collections.abc import Iterator

import pytest

from execrl.sandbox.languages.base import ReportError
from execrl.sandbox.languages.java import parse_line_counters
from execrl.sandbox.local import LocalExecutor
from execrl.types import ExecRequest, ExecResult, Language, Limits, Outcome, TestStatus, TestSuite
from tests.sandbox.conftest import sandbox_processes

pytestmark = pytest.mark.skipif(not os.path.exists("/usr/share/java/junit-platform-console-standalone.jar"),
                                reason="needs Debian's junit5 and libjacoco-java (scripts/_toolchains.sh)")

FOCAL = "src/main/java/com/x/Calc.java"
TEST_FILE = "src/test/java/com/x/CalcTest.java"
CALC = textwrap.dedent("""\
    package com.x;

    public class Calc {
        public static int add(int a, int b) {
            return a + b;
        }

        public static int sign(int x) {
            if (x > 0) {
                return 1;
            } else if (x < 0) {
                return -1;
            }
            return 0;
        }
    }
""")
IMPORTS = """\
package com.x;

import static org.junit.jupiter.api.Assertions.*;
import org.junit.jupiter.api.Test;
"""


def junit_class(body: str) -> str:
    return IMPORTS + "\nclass CalcTest {\n" + textwrap.indent(textwrap.dedent(body), "    ") + "}\n"


TESTS = junit_class("""\
    @Test
    void testAdd() { assertEquals(5, Calc.add(2, 3)); }

    @Test
    void testSignPositive() { assertEquals(1, Calc.sign(4)); }

    @Test
    void testWrong() { assertEquals(3, Calc.add(1, 1)); }

    @Test
    void testThrows() { throw new IllegalStateException("boom"); }
""")
LIMITS = Limits(timeout_s=60)


@pytest.fixture(scope="module")
def suites() -> Iterator[LocalExecutor]:
    with LocalExecutor(workers=1) as pool:
        yield pool


def run(pool: LocalExecutor, program: str = CALC, tests: str = TESTS, limits: Limits = LIMITS,
        **suite: object) -> ExecResult:
    request = ExecRequest(program, files=((TEST_FILE, tests),), limits=limits, language=Language.JAVA,
                          suite=TestSuite(FOCAL, **suite))  # type: ignore[arg-type]
    result = pool.run([request])[0]
    assert sandbox_processes(pool) == [], "a sandboxed process outlived its suite"
    return result


def test_per_test_results_and_coverage(suites: LocalExecutor) -> None:
    result = run(suites, coverage=True)
    assert result.outcome is Outcome.OK, (result.error, result.stderr[-2000:])
    assert {t.name: t.status for t in result.tests} == {
        "com.x.CalcTest.testAdd()": TestStatus.PASSED,
        "com.x.CalcTest.testSignPositive()": TestStatus.PASSED,
        "com.x.CalcTest.testWrong()": TestStatus.FAILED,
        "com.x.CalcTest.testThrows()": TestStatus.ERROR,
    }
    wrong = next(t for t in result.tests if t.name == "com.x.CalcTest.testWrong()")
    assert wrong.error is not None and "expected: <3> but was: <2>" in wrong.error.message
    coverage = result.coverage
    assert coverage is not None and coverage.path == FOCAL
    # Code on line 3 (the implicit constructor, never called), 5, 9, 10, 11, 12, 14; sign(4) takes 9 -> 10 only.
    assert coverage.lines == {3, 5, 9, 10, 11, 12, 14}
    assert coverage.covered == {5, 9, 10}
    # Two branches on line 9 (one taken), two on line 11 (none).
    assert (coverage.branches, coverage.covered_branches) == (4, 1)


def test_only_tests_runs_the_subset(suites: LocalExecutor) -> None:
    result = run(suites, coverage=True, only_tests=("com.x.CalcTest.testAdd()",))
    assert [(t.name, t.status) for t in result.tests] == [("com.x.CalcTest.testAdd()", TestStatus.PASSED)]
    assert result.coverage is not None and result.coverage.covered == {5}


JUNIT4_TESTS = textwrap.dedent("""\
    package com.x;

    import static org.junit.Assert.assertEquals;
    import static org.hamcrest.Matchers.greaterThan;
    import static org.hamcrest.MatcherAssert.assertThat;
    import org.junit.Test;

    public class CalcTest {
        @Test
        public void testAdd() { assertThat(Calc.add(2, 3), greaterThan(4)); }

        @Test
        public void testWrong() { assertEquals(3, Calc.add(1, 1)); }
    }
""")


def test_junit4_tests_run_on_the_vintage_engine_with_selectable_names(suites: LocalExecutor) -> None:
    # JUnit 4 tests (with Hamcrest's library matchers) report through the vintage engine's own XML file.
    result = run(suites, tests=JUNIT4_TESTS)
    assert result.outcome is Outcome.OK, (result.error, result.stderr[-2000:])
    assert {t.name: t.status for t in result.tests} == {"com.x.CalcTest.testAdd()": TestStatus.PASSED,
                                                        "com.x.CalcTest.testWrong()": TestStatus.FAILED}
    only = run(suites, tests=JUNIT4_TESTS, only_tests=("com.x.CalcTest.testAdd()",))
    assert [t.name for t in only.tests] == ["com.x.CalcTest.testAdd()"]


def test_compile_error(suites: LocalExecutor) -> None:
    result = run(suites, program=CALC.replace("return a + b;", "return a + c;"))
    assert result.outcome is Outcome.COMPILE_ERROR
    assert result.error is not None
    assert "cannot find symbol" in result.error.message and "Calc.java" in result.error.message


def test_infinite_loop_in_a_test_times_out(suites: LocalExecutor) -> None:
    result = run(suites, tests=junit_class("@Test\nvoid testLoop() { while (true) { } }\n"), limits=Limits(timeout_s=8))
    assert result.outcome is Outcome.TIMEOUT


def test_network_and_files_outside_the_workdir_are_unreachable(suites: LocalExecutor) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = run(suites, tests=IMPORTS + textwrap.dedent(f"""\
            import java.io.IOException;
            import java.net.Socket;
            import java.nio.file.Files;
            import java.nio.file.Path;

            class CalcTest {{
                @Test
                void noNetwork() {{ assertThrows(IOException.class, () -> new Socket("127.0.0.1", {port}).close()); }}

                @Test
                void noWriteOutside() {{
                    for (String path : new String[] {{"/tmp/escape.txt", "/etc/escape.txt", "/usr/escape.txt"}}) {{
                        assertThrows(IOException.class, () -> Files.writeString(Path.of(path), "x"));
                    }}
                }}

                @Test
                void writeInside() throws IOException {{ Files.writeString(Path.of("inside.txt"), "x"); }}
            }}
        """))
    assert result.outcome is Outcome.OK, result.stderr[-2000:]
    assert len(result.tests) == 3 and all(t.passed for t in result.tests), result.tests


def test_running_out_of_heap_is_memory_exceeded(suites: LocalExecutor) -> None:
    hog = "@Test\nvoid testHog() { java.util.List<long[]> l = new java.util.ArrayList<>(); " \
          "while (true) { l.add(new long[1 << 20]); } }\n"
    result = run(suites, tests=junit_class(hog))
    assert result.outcome is Outcome.MEMORY_EXCEEDED


def test_malformed_jacoco_report_is_a_report_error() -> None:
    with pytest.raises(ReportError):
        parse_line_counters("Calc.java", "execrl-jacoco-lines 1\n3 x 0 0 0\n")
    assert parse_line_counters("Calc.java", "execrl-jacoco-lines 1\n5 0 4 0 0\n9 0 2 1 1\n").covered == {5, 9}
