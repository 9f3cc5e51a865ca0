"""Go suites: ``go test -c`` (which also runs go vet's default checks), then the test binary under test2json.

GOPATH mode (Debian's Go 1.19, no module proxy): ``GOPATH`` is the working directory then /usr/share/gocode
(where Debian's golang-*-dev packages put their sources), ``GO111MODULE=off``, ``CGO_ENABLED=0``. The package
under test is the focal file's directory; under ``src/<import path>/`` it can import its siblings. Each worker
warms a build cache once (standard-library export data and vet facts); every request gets a private copy.
Coverage is ``-cover -covermode=set`` normalised from statement blocks to lines (``block_lines``). Test names are
as ``go test`` prints them (``TestAdd``, ``TestAdd/case_1``); ``only_tests`` selects top-level tests.
"""

from __future__ import annotations

import functools
import glob
import json
import os
import re
from typing import Any

from execrl.sandbox.languages.base import (
    REPORT_DIR,
    ReportError,
    Step,
    StepRun,
    StepRunner,
    SuiteJob,
    ToolchainMissing,
    base_env,
    read_report,
    require,
    text_tail,
    with_floors,
)
from execrl.types import ErrorInfo, ErrorOrigin, FileCoverage, Limits, Outcome, TestResult, TestStatus

_BINARY = f"{REPORT_DIR}/package.test"
_PROFILE = f"{REPORT_DIR}/cover.out"
_BLOCK = re.compile(r"^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$")
_MESSAGE_CHARS = 2000
_WARM_IMPORTS = ("bufio", "bytes", "container/heap", "encoding/json", "errors", "fmt", "io", "math", "math/rand",
                 "os", "reflect", "regexp", "sort", "strconv", "strings", "sync", "time", "unicode", "unicode/utf8")


@functools.cache
def _toolchain() -> tuple[str, str, str]:
    """(go, test2json, GOROOT); GOROOT is explicit because the go command finds it through /proc, absent here."""
    go = require("/usr/bin/go", "golang-go")
    goroot = os.path.dirname(os.path.dirname(go))
    found = glob.glob(os.path.join(goroot, "pkg", "tool", "*", "test2json"))
    if not found:
        raise ToolchainMissing(f"no test2json under {goroot}: install Debian's golang-go")
    return go, found[0], goroot


def _env(workdir: str, gopath: str, cache: str) -> tuple[tuple[str, str], ...]:
    _, _, goroot = _toolchain()
    return (*base_env(workdir), ("GOROOT", goroot), ("GOPATH", f"{gopath}:/usr/share/gocode"), ("GOCACHE", cache),
            ("GO111MODULE", "off"), ("CGO_ENABLED", "0"), ("GOFLAGS", ""), ("GOENV", "off"), ("GOPROXY", "off"))


class GoSuite:
    compile_outcome = Outcome.COMPILE_ERROR
    passing_exit_codes = frozenset({0, 1})  # 1: some tests failed

    def limits(self, limits: Limits) -> Limits:
        # The go command runs compile, vet and link as processes of several threads each, and writes the test
        # binary (megabytes) and its build cache; test2json's event stream is ~4x the raw output.
        return with_floors(limits, max_processes=256, max_open_files=1024, max_file_size_mb=128,
                           max_output_bytes=8 << 20)

    def prepare(self, tools: str, run: StepRunner) -> None:
        go, _, _ = _toolchain()
        package = os.path.join(tools, "warm", "src", "warm")
        os.makedirs(package)
        imports = "\n".join(f'\t_ "{name}"' for name in _WARM_IMPORTS)
        with open(os.path.join(package, "warm_test.go"), "w", encoding="utf-8") as handle:
            handle.write(f"package warm\n\nimport (\n{imports}\n\t\"testing\"\n)\n\nfunc TestWarm(t *testing.T) {{}}\n")
        env = _env(tools, os.path.join(tools, "warm"), os.path.join(tools, "seed", "gocache"))
        for cover in ((), ("-cover", "-covermode=set")):
            built = run(Step("compile", (go, "test", "-c", "-o", os.devnull, *cover, "."), env), package)
            if built.exit_code != 0:
                raise ToolchainMissing(f"go test -c failed on an empty package: {text_tail(built)}")

    def steps(self, job: SuiteJob) -> tuple[Step, ...]:
        go, test2json, _ = _toolchain()
        package = os.path.dirname(job.suite.focal)
        env = _env(job.workdir, job.workdir, job.path(f"{REPORT_DIR}/gocache"))
        cover = ("-cover", "-covermode=set") if job.suite.coverage else ()
        profile = (f"-test.coverprofile={job.path(_PROFILE)}",) if job.suite.coverage else ()
        names = "|".join(re.escape(name.split("/")[0]) for name in job.suite.only_tests)
        selected = (f"-test.run=^({names})$",) if job.suite.only_tests else ()
        return (Step("compile", (go, "test", "-c", "-o", job.path(_BINARY), *cover, "."), env, package),
                Step("test", (test2json, "-t", job.path(_BINARY), "-test.v", "-test.paniconexit0", *profile,
                              *selected), env, package))

    def failure(self, run: StepRun) -> Outcome | None:
        return Outcome.MEMORY_EXCEEDED if "fatal error: runtime: out of memory" in run.stdout + run.stderr else None

    def tests(self, job: SuiteJob, run: StepRun) -> tuple[TestResult, ...]:
        return tuple(parse_events(run.stdout, killed=run.status is None))

    def coverage(self, job: SuiteJob, report: StepRun | None) -> FileCoverage:
        return block_lines(job.suite.focal, job.focal_source, read_report(job, _PROFILE).decode("utf-8", "replace"))


def parse_events(stream: str, killed: bool) -> list[TestResult]:
    """test2json events in order of each test's start. A test that started and never ended was running when
    the step was killed (``TIMEOUT``) or when the binary crashed (``ERROR``)."""
    started: dict[str, list[str]] = {}
    ended: dict[str, TestResult] = {}
    for line in stream.splitlines():
        event = _event(line)
        name = event.get("Test") if event else None
        if event is None or not isinstance(name, str) or not name:
            continue
        output = started.setdefault(name[:1000], [])
        if event.get("Action") == "output" and isinstance(event.get("Output"), str):
            output.append(event["Output"])
        elif event.get("Action") in ("pass", "fail", "skip"):
            ended[name] = _ended(name, event, output)
    unfinished = TestStatus.TIMEOUT if killed else TestStatus.ERROR
    return [ended.get(name) or TestResult(name, unfinished, error=_error(unfinished, output)) for name, output in
            started.items()]


def _event(line: str) -> dict[str, Any] | None:
    if not line.startswith("{") or len(line) > 1 << 20:
        return None
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def _ended(name: str, event: dict[str, Any], output: list[str]) -> TestResult:
    elapsed = event.get("Elapsed")
    duration = float(elapsed) if isinstance(elapsed, int | float) and 0 <= elapsed < 1e7 else 0.0
    status = {"pass": TestStatus.PASSED, "skip": TestStatus.NOT_RUN}.get(event["Action"], TestStatus.FAILED)
    if status is TestStatus.FAILED and any(text.startswith("panic: ") for text in output):
        status = TestStatus.ERROR
    error = _error(status, output) if status in (TestStatus.FAILED, TestStatus.ERROR) else None
    return TestResult(name, status, duration, error)


def _error(status: TestStatus, output: list[str]) -> ErrorInfo:
    lines = [text.rstrip("\n") for text in output if not text.startswith(("=== ", "--- "))]
    message = "\n".join(line.strip() for line in lines if line.strip())[-_MESSAGE_CHARS:]
    kind = {TestStatus.FAILED: "TestFailed", TestStatus.ERROR: "panic", TestStatus.TIMEOUT: "Timeout"}[status]
    origin = ErrorOrigin.TEST if status is TestStatus.FAILED else ErrorOrigin.PROGRAM
    return ErrorInfo(kind, message or "time limit exceeded", origin=origin)


def block_lines(path: str, source: str, profile: str) -> FileCoverage:
    """Statement blocks (``file:line.col,line.col statements count``) to lines: a line is executable when a block
    holds more than braces and comments on it, covered when such a block ran. Columns are byte offsets."""
    rows = profile.splitlines()
    if not rows or not rows[0].startswith("mode: "):
        raise ReportError("Go cover profile without its mode line")
    text = source.encode().split(b"\n")
    name = "/" + os.path.basename(path)
    lines: set[int] = set()
    covered: set[int] = set()
    for row in rows[1:]:
        match = _BLOCK.match(row)
        if match is None:
            raise ReportError(f"malformed Go cover profile row {row[:100]!r}")
        if not ("/" + match.group(1)).endswith(name):
            continue
        start_line, start_col, end_line, end_col, statements, count = (int(g) for g in match.groups()[1:])
        owned = _owned_lines(text, start_line, start_col, end_line, end_col) if statements else set()
        lines |= owned
        if count:
            covered |= owned
    return FileCoverage(path, frozenset(lines), frozenset(covered))


def _owned_lines(text: list[bytes], start_line: int, start_col: int, end_line: int, end_col: int) -> set[int]:
    owned = set()
    for number in range(max(start_line, 1), min(end_line, len(text)) + 1):
        line = text[number - 1]
        begin = start_col - 1 if number == start_line else 0
        end = end_col - 1 if number == end_line else len(line)
        if _is_code(line[begin:end]):
            owned.add(number)
    return owned


def _is_code(segment: bytes) -> bool:
    code = segment.split(b"//", 1)[0]
    return bool(code.strip(b" \t\r{}"))
