"""The vocabulary every language's suite module speaks: steps, how they ended, and safe reading of reports."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, replace
from typing import Protocol

from execrl.types import FileCoverage, Limits, Outcome, TestResult, TestSuite

REPORT_DIR = ".execrl"  # inside the working directory: where the steps write their reports
MAX_REPORT_BYTES = 32 << 20


class ReportError(Exception):
    """A report written in the sandbox is missing, too large or malformed."""


@dataclass(frozen=True)
class Step:
    name: str  # "compile", "test" or "report"
    argv: tuple[str, ...]  # argv[0] is an absolute path
    env: tuple[tuple[str, str], ...]
    cwd: str = ""  # relative to the working directory


@dataclass(frozen=True)
class StepRun:
    """How one step ended, as the worker observed it."""

    step: Step
    status: int | None  # the wait status; None when the step was killed at the deadline or the CPU limit
    stdout: str
    stderr: str
    output_over: bool  # a stream went past Limits.max_output_bytes

    @property
    def exit_code(self) -> int | None:
        if self.status is None or not os.WIFEXITED(self.status):
            return None
        return os.WEXITSTATUS(self.status)


@dataclass(frozen=True)
class SuiteJob:
    """One suite run as a language sees it."""

    suite: TestSuite
    workdir: str
    tools: str  # this worker's tool directory: readable, not writable, by the sandbox uid
    files: tuple[str, ...]  # every file of the project, focal included, relative to ``workdir``
    limits: Limits  # the request's limits after the language's floors
    focal_source: str  # as sent: the copy in ``workdir`` may have been changed by the steps

    def path(self, relative: str) -> str:
        return os.path.join(self.workdir, relative)


class StepRunner(Protocol):
    def __call__(self, step: Step, workdir: str) -> StepRun: ...


class SuiteLanguage(Protocol):
    """What a language contributes: its limits, its steps, and the parsing of what its tools wrote."""

    compile_outcome: Outcome  # what a failed compile step means (SYNTAX_ERROR for Python, COMPILE_ERROR else)
    passing_exit_codes: frozenset[int]  # test-step exit codes meaning "ran; the per-test results say the rest"

    def limits(self, limits: Limits) -> Limits: ...

    def prepare(self, tools: str, run: StepRunner) -> None:
        """Check the toolchain and build helpers into ``tools`` (once per worker); raise ``ToolchainMissing``."""

    def steps(self, job: SuiteJob) -> tuple[Step, ...]:
        """``compile`` and ``test``, plus ``report`` when coverage needs a separate step."""

    def failure(self, run: StepRun) -> Outcome | None:
        """A more specific outcome for a failed step than its exit code gives (the JVM's OutOfMemoryError)."""

    def tests(self, job: SuiteJob, run: StepRun) -> tuple[TestResult, ...]: ...

    def coverage(self, job: SuiteJob, report: StepRun | None) -> FileCoverage: ...


class ToolchainMissing(Exception):
    """A toolchain the language needs is not installed (scripts/_toolchains.sh installs them)."""


def read_report(job: SuiteJob, relative: str, limit: int = MAX_REPORT_BYTES) -> bytes:
    """A file the sandbox wrote: a regular file inside the working directory, never read through a symlink.

    Every sandboxed process is dead when this runs, so the checks cannot race with a change of the file.
    """
    path = job.path(relative)
    if not os.path.realpath(path).startswith(os.path.realpath(job.workdir) + os.sep):
        raise ReportError(f"report {relative} points outside the working directory")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise ReportError(f"report {relative} is missing ({error.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise ReportError(f"report {relative} is not a regular file of at most {limit} bytes")
        return os.pread(fd, limit, 0)
    finally:
        os.close(fd)


def require(path: str, package: str) -> str:
    """``path`` resolved through its symlinks (/etc/alternatives), or ToolchainMissing naming the package."""
    real = os.path.realpath(path)
    if not os.path.exists(real):
        raise ToolchainMissing(f"{path} not found: install Debian's {package} (scripts/_toolchains.sh)")
    return real


def with_floors(limits: Limits, **floors: int) -> Limits:
    """The request's limits, raised where a toolchain cannot work below a floor (documented per language)."""
    return replace(limits, **{name: max(getattr(limits, name), floor) for name, floor in floors.items()})


def base_env(workdir: str) -> tuple[tuple[str, str], ...]:
    return (("PATH", "/usr/local/bin:/usr/bin:/bin"), ("LANG", "C.UTF-8"), ("HOME", workdir), ("TMPDIR", workdir))


def text_tail(run: StepRun, chars: int = 4000) -> str:
    return (run.stderr.strip() or run.stdout.strip())[-chars:]
