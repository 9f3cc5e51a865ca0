"""Go test suites in the sandbox: go test per-test results, cover-profile line coverage of the focal file
(numbers checked by hand), build and vet errors, panics, timeouts, containment. Needs Debian's golang-go."""

from __future__ import annotations

import shutil
import socket
import textwrap
from collections.abc import Iterator

import pytest

from execrl.sandbox.languages.base import ReportError
from execrl.sandbox.languages.go import block_lines, parse_events
from execrl.sandbox.local import LocalExecutor
from execrl.types import ExecRequest, ExecResult, Language, Limits, Outcome, TestStatus, TestSuite
from tests.sandbox.conftest import sandbox_processes

pytestmark = pytest.mark.skipif(shutil.which("go") is None, reason="needs Debian's golang-go (scripts/_toolchains.sh)")

FOCAL = "src/example.com/calc/calc.go"
TEST_FILE = "src/example.com/calc/calc_test.go"
CALC = textwrap.dedent("""\
    package calc

    // Add returns a + b.
    func Add(a, b int) int {
    \treturn a + b
    }

    func Sign(x int) int {
    \tif x > 0 {
    \t\treturn 1
    \t} else if x < 0 {
    \t\treturn -1
    \t}
    \treturn 0
    }
""")
TESTS = textwrap.dedent("""\
    package calc

    import "testing"

    func TestAdd(t *testing.T) {
    \tif Add(2, 3) != 5 {
    \t\tt.Fatal("bad")
    \t}
    }

    func TestSignPositive(t *testing.T) {
    \tif Sign(4) != 1 {
    \t\tt.Fatal("bad")
    \t}
    }

    func TestWrong(t *testing.T) {
    \tif got := Add(1, 1); got != 3 {
    \t\tt.Errorf("Add(1, 1) = %d, want 3", got)
    \t}
    }

    func TestTable(t *testing.T) {
    \tt.Run("zero", func(t *testing.T) {
    \t\tif Add(0, 0) != 0 {
    \t\t\tt.Fatal("bad")
    \t\t}
    \t})
    }
""")
LIMITS = Limits(timeout_s=60)


@pytest.fixture(scope="module")
def suites() -> Iterator[LocalExecutor]:
    with LocalExecutor(workers=1) as pool:
        yield pool


def run(pool: LocalExecutor, program: str = CALC, tests: str = TESTS, limits: Limits = LIMITS,
        **suite: object) -> ExecResult:
    request = ExecRequest(program, files=((TEST_FILE, tests),), limits=limits, language=Language.GO,
                          suite=TestSuite(FOCAL, **suite))  # type: ignore[arg-type]
    result = pool.run([request])[0]
    assert sandbox_processes(pool) == [], "a sandboxed process outlived its suite"
    return result


def test_per_test_results_and_coverage(suites: LocalExecutor) -> None:
    result = run(suites, coverage=True)
    assert result.outcome is Outcome.OK, (result.error, result.stderr[-2000:])
    assert [(t.name, t.status) for t in result.tests] == [
        ("TestAdd", TestStatus.PASSED), ("TestSignPositive", TestStatus.PASSED), ("TestWrong", TestStatus.FAILED),
        ("TestTable", TestStatus.PASSED), ("TestTable/zero", TestStatus.PASSED)]
    wrong = result.tests[2]
    assert wrong.error is not None and "Add(1, 1) = 2, want 3" in wrong.error.message
    coverage = result.coverage
    assert coverage is not None and coverage.path == FOCAL
    # Statements on lines 5, 9, 10, 11 (the else-if condition), 12, 14; Sign(4) runs 9 and 10 only.
    assert coverage.lines == {5, 9, 10, 11, 12, 14}
    assert coverage.covered == {5, 9, 10}
    assert coverage.branches is None and coverage.branch_rate is None  # go test measures statements only


def test_only_tests_runs_the_subset(suites: LocalExecutor) -> None:
    result = run(suites, coverage=True, only_tests=("TestSignPositive",))
    assert [(t.name, t.status) for t in result.tests] == [("TestSignPositive", TestStatus.PASSED)]
    assert result.coverage is not None and result.coverage.covered == {9, 10}


@pytest.mark.parametrize("program, message", [
    (CALC.replace("return a + b", "return a + c"), "undefined: c"),
    (CALC.replace("// Add returns a + b.", 'import "fmt"\n\nvar _ = fmt.Sprintf("%d")'), "Sprintf format %d"),
])
def test_build_and_vet_errors_are_compile_errors(suites: LocalExecutor, program: str, message: str) -> None:
    result = run(suites, program=program)
    assert result.outcome is Outcome.COMPILE_ERROR
    assert result.error is not None and message in result.error.message


def test_panic_and_timeout(suites: LocalExecutor) -> None:
    panics = run(suites, tests="package calc\n\nimport \"testing\"\n\nfunc TestPanic(t *testing.T) {\n"
                               "\tvar m map[string]int\n\tm[\"x\"] = 1\n}\n")
    # A panic is the panicking test's ERROR (as an exception in a Python test); it also ends the test binary.
    assert panics.outcome is Outcome.OK
    [panic] = panics.tests
    assert panic.status is TestStatus.ERROR and panic.error is not None and "nil map" in panic.error.message
    loops = run(suites, tests="package calc\n\nimport \"testing\"\n\nfunc TestFast(t *testing.T) {}\n\n"
                              "func TestLoop(t *testing.T) {\n\tfor {\n\t}\n}\n", limits=Limits(timeout_s=8))
    assert loops.outcome is Outcome.TIMEOUT
    assert [(t.name, t.status) for t in loops.tests] == [("TestFast", TestStatus.PASSED),
                                                         ("TestLoop", TestStatus.TIMEOUT)]


def test_network_and_files_outside_the_workdir_are_unreachable(suites: LocalExecutor) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = run(suites, tests=textwrap.dedent(f"""\
            package calc

            import (
            \t"net"
            \t"os"
            \t"testing"
            )

            func TestNoNetwork(t *testing.T) {{
            \tif conn, err := net.Dial("tcp", "127.0.0.1:{port}"); err == nil {{
            \t\tconn.Close()
            \t\tt.Fatal("reached the host")
            \t}}
            }}

            func TestNoWriteOutside(t *testing.T) {{
            \tfor _, path := range []string{{"/tmp/escape.txt", "/etc/escape.txt", "/usr/escape.txt"}} {{
            \t\tif err := os.WriteFile(path, []byte("x"), 0o644); err == nil {{
            \t\t\tt.Errorf("wrote %s", path)
            \t\t}}
            \t}}
            }}

            func TestWriteInside(t *testing.T) {{
            \tif err := os.WriteFile("inside.txt", []byte("x"), 0o644); err != nil {{
            \t\tt.Fatal(err)
            \t}}
            }}
        """))
    assert result.outcome is Outcome.OK, result.stderr[-2000:]
    assert len(result.tests) == 3 and all(t.passed for t in result.tests), result.tests


def test_block_lines_normalisation() -> None:
    source = "package p\n\nfunc F(x int) int {\n\tif x > 0 { return 1 } // one line\n\treturn 0\n}\n"
    profile = "mode: set\nexample.com/p/p.go:3.19,4.11 1 1\nexample.com/p/p.go:4.11,4.23 1 0\n" \
              "example.com/p/p.go:5.2,5.10 1 1\n"
    coverage = block_lines("p/p.go", source, profile)
    # Line 4 holds the condition (ran) and the body (did not): covered, as any code on it ran.
    assert coverage.lines == {4, 5} and coverage.covered == {4, 5}
    with pytest.raises(ReportError):
        block_lines("p/p.go", source, "mode: set\nnot a block\n")


def test_events_from_a_hostile_stream_are_parsed_defensively() -> None:
    stream = '{"Action":"run","Test":"TestA"}\nnot json\n{"Action":"pass","Test":"TestA","Elapsed":"x"}\n[1]\n' \
             '{"Action":"run","Test":"TestB"}\n'
    assert [(t.name, t.status) for t in parse_events(stream, killed=False)] == [("TestA", TestStatus.PASSED),
                                                                                ("TestB", TestStatus.ERROR)]
