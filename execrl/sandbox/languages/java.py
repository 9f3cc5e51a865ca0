"""Java suites: javac, then JUnit 5's console launcher, with the JaCoCo agent for coverage (Debian packages).

Steps: ``compile`` (every .java file in one ``javac --release 11`` into ``.execrl/classes``; JaCoCo 0.8.6
reads class files up to Java 15), ``test`` (``java -jar junit-platform-console-standalone.jar``, plus the JaCoCo
agent recording the focal file's package), ``report`` (a small trusted program on JaCoCo's core API printing the
focal file's per-line counters, compiled once per worker into its tool directory). Test names are
``<class>.<method>()`` as in the JUnit report (``com.x.CalcTest.testAdd()``).

Memory: the JVM reserves address space far beyond what it uses (code cache, metaspace, thread stacks), so the
heap gets ``-Xmx`` = ``memory_mb`` - 640 MiB and the address-space limit stays ``memory_mb`` (at least 1 GiB).
"""

from __future__ import annotations

import functools
import os
import re

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
from execrl.sandbox.languages.jacoco_lines import JACOCO_LINES_SOURCE
from execrl.sandbox.languages.junit import parse_junit
from execrl.types import FileCoverage, Limits, Outcome, TestResult

_SHARE = "/usr/share/java"
_CONSOLE = f"{_SHARE}/junit-platform-console-standalone.jar"
_REPORT_CLASSPATH = tuple(f"{_SHARE}/{jar}" for jar in ("org.jacoco.core.jar", "asm.jar", "asm-commons.jar",
                                                         "asm-tree.jar"))
# Test-time libraries many real projects' tests import, on the classpath when Debian has them installed (after the
# project's own classes, which win): annotations, matchers, mocks, fluent assertions, the commons most depend on.
_LIBRARIES = ("jsr305.jar", "hamcrest.jar", "mockito-core.jar", "byte-buddy.jar", "byte-buddy-agent.jar",
              "objenesis.jar", "easymock.jar", "assertj-core.jar", "commons-lang3.jar", "commons-io.jar")
_NON_HEAP_MB = 640  # code cache, metaspace, class space, thread stacks, CDS: measured javac's need plus margin
_CLASSES = f"{REPORT_DIR}/classes"
_EXEC = f"{REPORT_DIR}/jacoco.exec"
_REPORTS = f"{REPORT_DIR}/junit"
_JUNIT = f"{_REPORTS}/TEST-junit-jupiter.xml"
_VINTAGE = f"{_REPORTS}/TEST-junit-vintage.xml"
_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.MULTILINE)
_OUT_OF_MEMORY = "Terminating due to java.lang.OutOfMemoryError"


def jvm_flags(limits: Limits) -> tuple[str, ...]:
    # One core (the worker is pinned), a small JIT and serial GC: a short test run starts fastest this way.
    return ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto", "-Xss1m",
            "-XX:ReservedCodeCacheSize=32m", "-XX:CompressedClassSpaceSize=64m", "-XX:MaxMetaspaceSize=128m",
            f"-Xmx{limits.memory_mb - _NON_HEAP_MB}m", "-XX:+ExitOnOutOfMemoryError")


class JavaSuite:
    compile_outcome = Outcome.COMPILE_ERROR
    passing_exit_codes = frozenset({0, 1})  # 1: some tests failed

    def limits(self, limits: Limits) -> Limits:
        return with_floors(limits, memory_mb=1024, max_processes=256, max_open_files=1024)

    def prepare(self, tools: str, run: StepRunner) -> None:
        java, javac = _binaries()
        for jar in (_CONSOLE, *_REPORT_CLASSPATH):
            require(jar, "junit5 libjacoco-java")
        _extract_agent(require(f"{_SHARE}/org.jacoco.agent.jar", "libjacoco-java"), tools)
        with open(os.path.join(tools, "JacocoLines.java"), "w", encoding="utf-8") as handle:
            handle.write(JACOCO_LINES_SOURCE)
        flags = tuple(f"-J{flag}" for flag in jvm_flags(self.limits(Limits())))
        built = run(Step("compile", (javac, *flags, "--release", "11", "-d", "classes", "-cp",
                                     ":".join(_REPORT_CLASSPATH), "JacocoLines.java"), _env(tools)), tools)
        if built.exit_code != 0:
            raise ToolchainMissing(f"could not compile the JaCoCo report helper: {text_tail(built)}")

    def steps(self, job: SuiteJob) -> tuple[Step, ...]:
        java, javac = _binaries()
        env, flags = _env(job.workdir), jvm_flags(job.limits)
        sources = tuple(name for name in job.files if name.endswith(".java"))
        steps = [Step("compile", (javac, *(f"-J{flag}" for flag in flags), "--release", "11", "-nowarn", "-encoding",
                                  "UTF-8", "-proc:none", "-d", _CLASSES, "-cp", ":".join((_CONSOLE, *_libraries())),
                                  *sources), env)]
        agent = (f"-javaagent:{job.tools}/jacocoagent.jar={_agent_options(job)}",) if job.suite.coverage else ()
        steps.append(Step("test", (java, *flags, *agent, "-jar", _CONSOLE, "--class-path",
                                   ":".join((_CLASSES, *_libraries())),
                                   *_selection(job), "--reports-dir", _REPORTS, "--disable-banner",
                                   "--details=none", "--disable-ansi-colors"), env))
        if job.suite.coverage:
            classpath = ":".join((f"{job.tools}/classes", *_REPORT_CLASSPATH))
            steps.append(Step("report", (java, *flags, "-cp", classpath, "JacocoLines", _EXEC, _CLASSES,
                                         _source_name(job)), env))
        return tuple(steps)

    def failure(self, run: StepRun) -> Outcome | None:
        return Outcome.MEMORY_EXCEEDED if _OUT_OF_MEMORY in run.stderr + run.stdout else None

    def tests(self, job: SuiteJob, run: StepRun) -> tuple[TestResult, ...]:
        """Jupiter's report, then the vintage engine's (JUnit 3/4 tests) when it ran."""
        tests = parse_junit(read_report(job, _JUNIT), _test_name)
        if os.path.lexists(job.path(_VINTAGE)):
            tests += parse_junit(read_report(job, _VINTAGE), _vintage_test_name)
        return tuple(tests)

    def coverage(self, job: SuiteJob, report: StepRun | None) -> FileCoverage:
        assert report is not None
        if report.exit_code != 0 or report.output_over:
            raise ReportError(f"the JaCoCo report step exited with {report.exit_code}")
        return parse_line_counters(job.suite.focal, report.stdout)


@functools.cache
def _binaries() -> tuple[str, str]:
    """java and javac behind /etc/alternatives (both visible in the sandbox's read-only view)."""
    return require("/usr/bin/java", "openjdk-17-jdk-headless"), require("/usr/bin/javac", "openjdk-17-jdk-headless")


@functools.cache
def _libraries() -> tuple[str, ...]:
    return tuple(path for path in (f"{_SHARE}/{jar}" for jar in _LIBRARIES) if os.path.exists(path))


def _env(workdir: str) -> tuple[tuple[str, str], ...]:
    # The launchers find libjli.so through $ORIGIN, which the loader resolves through /proc (absent here).
    libraries = os.path.join(os.path.dirname(os.path.dirname(_binaries()[0])), "lib")
    # glibc's per-thread malloc arenas reserve 64 MiB of address space each.
    return (*base_env(workdir), ("LD_LIBRARY_PATH", libraries), ("MALLOC_ARENA_MAX", "2"))


def parse_line_counters(path: str, text: str) -> FileCoverage:
    """``JacocoLines`` output: a header, then ``line missed-instructions covered-instructions missed-branches
    covered-branches`` per line that holds code. Covered means at least one instruction ran (fully or partly)."""
    rows = text.splitlines()
    if not rows or rows[0] != "execrl-jacoco-lines 1":
        raise ReportError("JaCoCo report without its header")
    lines, covered, branches, covered_branches = set(), set(), 0, 0
    for row in rows[1:]:
        fields = row.split()
        if len(fields) != 5 or not all(field.isdigit() for field in fields):
            raise ReportError(f"malformed JaCoCo report row {row[:100]!r}")
        line, _, ran, missed_branches, taken = (int(field) for field in fields)
        lines.add(line)
        if ran:
            covered.add(line)
        branches += missed_branches + taken
        covered_branches += taken
    return FileCoverage(path, frozenset(lines), frozenset(covered), branches, covered_branches)


def _package(job: SuiteJob) -> str:
    match = _PACKAGE.search(job.focal_source[:1 << 20])
    return match.group(1) if match else ""


def _source_name(job: SuiteJob) -> str:
    """The focal file as JaCoCo names a source: ``com/x/Calc.java``."""
    package = _package(job)
    name = os.path.basename(job.suite.focal)
    return f"{package.replace('.', '/')}/{name}" if package else name


def _agent_options(job: SuiteJob) -> str:
    package = _package(job)
    includes = f"{package}.*" if package else "*"
    return f"destfile={_EXEC},includes={includes},excludes=org.junit.*:org.opentest4j.*:org.apiguardian.*"


def _selection(job: SuiteJob) -> tuple[str, ...]:
    if not job.suite.only_tests:
        return ("--scan-class-path",)
    selected: list[str] = []
    for name in job.suite.only_tests:  # com.x.CalcTest.testAdd() -> com.x.CalcTest#testAdd()
        owner, _, method = name.rpartition("(")[0].rpartition(".")
        selected.append(f"--select-method={owner}#{method}")
    return tuple(selected)


def _test_name(attributes: dict[str, str]) -> str | None:
    classname, name = attributes.get("classname", ""), attributes.get("name", "")
    if not name:
        return None
    return f"{classname}.{name}" if classname else name


def _vintage_test_name(attributes: dict[str, str]) -> str | None:
    """JUnit 4 names a test by its bare method name: given Jupiter's ``method()`` form, one name selects it."""
    name = _test_name(attributes)
    return name if name is None or "(" in name else f"{name}()"


def _extract_agent(agent_jar: str, tools: str) -> None:
    """Debian ships the agent jar nested inside org.jacoco.agent.jar; ``-javaagent`` needs it as a file."""
    import zipfile

    try:
        with zipfile.ZipFile(agent_jar) as archive:
            data = archive.read("jacocoagent.jar")
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise ToolchainMissing(f"no jacocoagent.jar inside {agent_jar}: {error}") from None
    with open(os.path.join(tools, "jacocoagent.jar"), "wb") as handle:
        handle.write(data)
