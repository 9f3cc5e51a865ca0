"""Test suites: run a project's own tests with its language's runner, in the same contained children.

A suite is a short list of toolchain steps (compile, test, and for coverage sometimes a report), each one
contained child forked exactly like a Python execution (setsid, rlimits, sandbox uid, no_new_privs, empty
environment) that ``execve``s the tool instead of running a program. The worker waits for each step against the
request's one deadline, kills it (the zygote ends whatever it left), and only then reads back the
reports the tools wrote, defensively (``languages.base.read_report``): they were written by untrusted code.

What each language runs, and how its reports become ``TestResult``s and a ``FileCoverage``, lives in
``execrl.sandbox.languages``; this module is the one path they share.
"""

from __future__ import annotations

import os
import shutil
import time

from execrl.sandbox._child import Command
from execrl.sandbox._process import Child, ChildDied, Deadline, Spawn, classify_exit
from execrl.sandbox._workdir import WorkerEnv, open_stdio, read_output
from execrl.sandbox.languages import language_of
from execrl.sandbox.languages.base import REPORT_DIR, ReportError, Step, StepRun, SuiteJob, SuiteLanguage, text_tail
from execrl.types import ErrorInfo, ExecRequest, ExecResult, FileCoverage, Language, Limits, Outcome, TestResult


def run_suite(request: ExecRequest, env: WorkerEnv, workdir: str) -> ExecResult:
    assert request.suite is not None
    _write_focal(workdir, request.suite.focal, request.program, env.uid)
    return _SuiteRun(request, env, workdir).run()


class _SuiteRun:
    def __init__(self, request: ExecRequest, env: WorkerEnv, workdir: str) -> None:
        assert request.suite is not None
        self.language: SuiteLanguage = language_of(request.language)
        self.env = env
        self.limits = self.language.limits(request.limits)
        tools = _prepare_tools(request.language, self.language, env, self.limits)  # not on the request's clock
        self.start = time.monotonic()
        self.deadline = self.start + self.limits.timeout_s
        files = tuple(sorted({name for name, _ in request.files} | {request.suite.focal}))
        self.job = SuiteJob(request.suite, workdir, tools, files, self.limits, request.program)
        _seed(tools, workdir, env.uid)

    def run(self) -> ExecResult:
        steps = {step.name: step for step in self.language.steps(self.job)}
        compiled = self._run_step(steps["compile"], self.job.workdir)
        if compiled.exit_code != 0:
            return self._ended(compiled, self.language.compile_outcome, "CompileError")
        tested = self._run_step(steps["test"], self.job.workdir)
        tests = self._tests(tested)
        if tested.exit_code not in self.language.passing_exit_codes:
            return self._ended(tested, Outcome.RUNTIME_ERROR, "TestRunFailed", tests)
        coverage, error = self._coverage(steps.get("report"))
        outcome = Outcome.OK if error is None else Outcome.RUNTIME_ERROR
        if tested.output_over:
            outcome = Outcome.OUTPUT_LIMIT
        return self._result(outcome, tested, tests, error, coverage)

    def _tests(self, tested: StepRun) -> tuple[TestResult, ...]:
        try:
            return self.language.tests(self.job, tested)
        except ReportError:
            return ()  # the outcome says why: a runner that crashed or was killed writes no report

    def _coverage(self, step: Step | None) -> tuple[FileCoverage | None, ErrorInfo | None]:
        if not self.job.suite.coverage:
            return None, None
        report = self._run_step(step, self.job.workdir) if step is not None else None
        if report is not None and report.status is None:
            return None, ErrorInfo("Timeout", "time limit exceeded while reporting coverage")
        try:
            return self.language.coverage(self.job, report), None
        except ReportError as error:
            detail = f"{error}: {text_tail(report)}" if report is not None else str(error)
            return None, ErrorInfo("CoverageReportFailed", detail)

    def _ended(self, run: StepRun, failed: Outcome, kind: str, tests: tuple[TestResult, ...] = ()) -> ExecResult:
        """A step that did not finish normally: timed out, killed by a signal or a limit, or failed."""
        if run.status is None:
            return self._result(Outcome.TIMEOUT, run, tests, ErrorInfo("Timeout", "time limit exceeded"))
        if os.WIFSIGNALED(run.status):
            outcome, error = classify_exit(run.status, False, f"the {run.step.name} step")
            return self._result(outcome, run, tests, error)
        error = ErrorInfo(kind, f"{run.step.name} step exited with code {run.exit_code}: {text_tail(run)}")
        outcome = Outcome.OUTPUT_LIMIT if run.output_over else self.language.failure(run) or failed
        return self._result(outcome, run, tests, error)

    def _result(self, outcome: Outcome, run: StepRun, tests: tuple[TestResult, ...], error: ErrorInfo | None,
                coverage: FileCoverage | None = None) -> ExecResult:
        return ExecResult(outcome, tests, run.stdout, run.stderr, time.monotonic() - self.start,
                          self.env.isolation, error, run.exit_code, coverage=coverage)

    def _run_step(self, step: Step, workdir: str) -> StepRun:
        return run_step(step, workdir, self.env, self.limits, self.deadline)


def run_step(step: Step, workdir: str, env: WorkerEnv, limits: Limits, deadline: float) -> StepRun:
    """Fork one contained child that execs ``step``, wait for it until ``deadline``, kill it and what it left."""
    stdio = open_stdio()
    child: Child | None = None
    status: int | None = None
    try:
        child = Child(Spawn("", "", False, os.path.join(workdir, step.cwd), env.uid, limits, stdio,
                            command=Command(step.argv, step.env)))
        child.expect_contained(deadline)
        status = child.wait_exit(deadline)
        if child.timed_out:  # killed at the CPU limit
            status = None
    except Deadline:
        status = None
    except ChildDied as died:  # before containment: the sandbox failed, not the step
        raise RuntimeError(f"{step.name} step: {died.error.message}") from None
    finally:
        if child is not None:
            child.close()
        stdout, stdout_over = read_output(stdio[1], limits.max_output_bytes)
        stderr, stderr_over = read_output(stdio[2], limits.max_output_bytes)
        for fd in stdio:
            os.close(fd)
    return StepRun(step, status, stdout, stderr, stdout_over or stderr_over)


_prepared: dict[Language, str] = {}
_PREPARE_TIMEOUT_S = 300.0


def _prepare_tools(key: Language, language: SuiteLanguage, env: WorkerEnv, limits: Limits) -> str:
    """Build a language's helpers once per worker, then hand the directory to root: from then on the sandbox
    uid can read it but not change it (so one request cannot plant anything for the next)."""
    tools = _prepared.get(key)
    if tools is not None:
        return tools
    tools = os.path.join(env.scratch, "tools", key.value)
    shutil.rmtree(tools, ignore_errors=True)  # what a failed attempt left
    os.makedirs(tools, mode=0o755)
    if env.uid is not None:
        os.chown(tools, env.uid, env.uid)  # the build steps run as the sandbox uid
    deadline = time.monotonic() + _PREPARE_TIMEOUT_S
    language.prepare(tools, lambda step, workdir: run_step(step, workdir, env, limits, deadline))
    if env.uid is not None:
        for root, dirs, names in os.walk(tools):
            for name in dirs + names:
                os.lchown(os.path.join(root, name), os.getuid(), os.getgid())
        os.chown(tools, os.getuid(), os.getgid())
    _prepared[key] = tools
    return tools


def _seed(tools: str, workdir: str, uid: int | None) -> None:
    """Make the report directory; a language's ``seed`` directory (warm caches) is copied into it, a private
    writable copy per request: shared and writable, a cache would let one request plant outputs for the next."""
    target = os.path.join(workdir, REPORT_DIR)
    seed = os.path.join(tools, "seed")
    if os.path.isdir(seed):
        shutil.copytree(seed, target, symlinks=True, dirs_exist_ok=True)
    else:
        os.makedirs(target, exist_ok=True)
    if uid is not None:
        for root, dirs, names in os.walk(target):
            for name in dirs + names:
                os.lchown(os.path.join(root, name), uid, uid)
        os.chown(target, uid, uid)


def _write_focal(workdir: str, focal: str, source: str, uid: int | None) -> None:
    target = os.path.join(workdir, focal)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(source)
    if uid is None:
        return
    made = os.path.dirname(target)
    while len(made) > len(workdir):  # directories created here for the focal file belong to the sandbox too
        os.chown(made, uid, uid)
        made = os.path.dirname(made)
    os.chown(target, uid, uid)
