"""The trusted half of an execution: runs the tests in the worker, calling into the untrusted child.

Test code never runs in the child. ``candidate`` and every other name the program defines are proxies here; a
call sends plain arguments to the child and gets a plain value back (see ``_wire``). Assertions therefore
evaluate in a process the program cannot reach: exiting early, patching builtins, catching ``AssertionError``,
walking frames or printing fake results can only make tests fail, never pass.
"""

from __future__ import annotations

import builtins
import importlib
import marshal
import os
import pickle
import sys
import time
import warnings
from collections import deque
from typing import Any

from execrl.sandbox._child import COMPILE_ERRORS, compile_program, describe_compile_error
from execrl.sandbox._plan import WINDOW_BYTES, call_payload, plan_calls
from execrl.sandbox._process import Child, ChildDied, Deadline, Spawn, classify_exit
from execrl.sandbox._values import ERROR_ATTR, copy_back, mismatch, plain, remote_exception, values_match
from execrl.sandbox._workdir import WorkerEnv, open_stdio, read_output
from execrl.types import (
    ErrorInfo,
    ErrorOrigin,
    ExecRequest,
    ExecResult,
    Outcome,
    TestCase,
    TestResult,
    TestStatus,
)

TEST_MODULE_NAME = "__candidate__"  # not "__main__": a `unittest.main()` or CLI block must not run under test
RUN_MODULE_NAME = "__main__"
COMPILED_HERE_MAX_CHARS = 256 << 10  # a larger program compiles in its child, under the child's limits
_compiled: dict[tuple[str, str], Any] = {}


class RemoteFunction:
    """A callable in the program, called from test code."""

    def __init__(self, execution: Execution, name: str) -> None:
        self._execution, self.__name__ = execution, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._execution.call(self.__name__, args, kwargs)

    def __repr__(self) -> str:
        return f"<program function {self.__name__}>"


class ProgramNamespace(dict[str, Any]):
    """Test globals: names the tests do not define resolve to the program's (functions become proxies)."""

    def __init__(self, execution: Execution) -> None:
        super().__init__(__builtins__=builtins, __name__="__test__")
        self._execution = execution

    def __missing__(self, name: str) -> Any:
        if hasattr(builtins, name):
            raise KeyError(name)  # let the interpreter fall through to builtins
        value = self._execution.lookup(name)
        self[name] = value
        return value


class Execution:
    def __init__(self, request: ExecRequest, env: WorkerEnv, workdir: str) -> None:
        self.request, self.env, self.workdir = request, env, workdir
        self.limits = request.limits
        self.start = time.monotonic()
        self.deadline = self.start + self.limits.timeout_s
        self.test_deadline = self.deadline
        self.outcome = Outcome.OK
        self.child: Child | None = None
        self.cost: int | None = None  # line events of the current test, when tracing
        self.lines: set[int] = set()
        self.peak_kib: int | None = None
        self.stdio = open_stdio(request.stdin)
        self.program: str | bytes = request.program
        self.planned = deque(plan_calls(request)) if request.tests else deque[bytes]()
        self.sent_ahead = 0  # how many of ``planned`` (from the front) wait in the current child's pipe
        self.bytes_ahead = 0
        self.answered: list[bytes] = []  # the requests the current child answered, in order

    def run(self) -> ExecResult:
        try:
            failure = self._compile_program()
            if failure is not None:
                return failure
            if not self.request.tests:
                return self._runplain()
            return self._run_tests()
        finally:
            if self.child is not None:
                self.child.close(reap=False)
            for fd in self.stdio:
                os.close(fd)

    def _compile_program(self) -> ExecResult | None:
        """Compile the program here, once: each child then only unmarshals it (compiling in a fresh child copied
        ~80 pages, a tenth of its cost), and a program that does not compile needs no child at all. Compiling runs
        none of the program's code."""
        if len(self.request.program) > COMPILED_HERE_MAX_CHARS:
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a SyntaxWarning is the program's business, not the worker's stderr
                self.program = marshal.dumps(compile_program(self.request.program))
        except COMPILE_ERRORS as error:
            return self._load_failure("syntax_error", list(describe_compile_error(error)))
        return None

    # --- plain run -------------------------------------------------------------------------------------------------

    def _runplain(self) -> ExecResult:
        try:
            child = self.child = self._spawn(serve=False)
            kind, parts = child.receive(self.deadline)
            status = child.wait_exit(self.deadline)
        except Deadline:
            return self._result(Outcome.TIMEOUT, error=ErrorInfo("Timeout", "time limit exceeded"))
        except ChildDied as died:
            return self._result(died.outcome, error=died.error)
        if kind in ("syntax_error", "load_error"):
            return self._load_failure(kind, parts)
        code = parts[0] if kind == "exited" else 0
        if code == 0 and (os.WIFSIGNALED(status) or os.WEXITSTATUS(status) != 0):
            outcome, death = classify_exit(status, child.timed_out, "the program ended")
            return self._result(outcome, error=death)
        if code == 0:
            return self._result(Outcome.OK, exit_code=0)
        return self._result(Outcome.RUNTIME_ERROR, error=ErrorInfo("SystemExit", f"exit code {code}"), exit_code=code)

    # --- tests -----------------------------------------------------------------------------------------------------

    def _run_tests(self) -> ExecResult:
        try:
            self._start_serving()
        except _LoadFailed as failed:
            return failed.result
        namespace = ProgramNamespace(self)
        if self.request.entry_point:
            # Bound by name too: MBPP tests call the function by its name, which may shadow a builtin (Mbpp/126
            # defines `sum`). Other builtins stay the real ones whatever the program defines.
            entry = RemoteFunction(self, self.request.entry_point)
            namespace["candidate"] = namespace[self.request.entry_point] = entry
        setup_error = self._run_setup(namespace)
        results: list[TestResult] = []
        for test in self.request.tests:
            if results and self.request.stop_on_failure and not results[-1].passed:
                results.append(TestResult(test.name, TestStatus.NOT_RUN))
            else:
                results.append(self._run_test(test, namespace, setup_error))
        return self._result(self.outcome, tuple(results))

    def _start_serving(self) -> None:
        try:
            child = self.child = self._spawn(serve=True)
            kind, parts = child.receive(self.deadline)
        except Deadline:
            self._drop_child()
            raise _LoadFailed(self._result(Outcome.TIMEOUT, self._not_run(),
                                           ErrorInfo("Timeout", "time limit exceeded while loading"))) from None
        except ChildDied as died:
            self._drop_child()
            raise _LoadFailed(self._result(died.outcome, self._not_run(), died.error)) from None
        if kind != "loaded":
            self._drop_child()
            raise _LoadFailed(self._load_failure(kind, parts))

    def _drop_child(self) -> None:
        if self.child is not None:
            self.child.close()
            self.child = None
        self.sent_ahead = self.bytes_ahead = 0
        self.answered = []

    def _run_setup(self, namespace: ProgramNamespace) -> ErrorInfo | None:
        if not self.request.test_setup:
            return None
        try:
            exec(_compile(self.request.test_setup, "<test setup>"), namespace)
        except Exception as error:  # noqa: BLE001 - reported per test, never raised out of the worker
            return _error_info(error, "<test setup>")
        return None

    def _run_test(self, test: TestCase, namespace: ProgramNamespace, setup_error: ErrorInfo | None) -> TestResult:
        now = time.monotonic()
        if now >= self.deadline:
            return TestResult(test.name, TestStatus.NOT_RUN)
        if setup_error is not None:
            return TestResult(test.name, TestStatus.ERROR, error=setup_error)
        per_test = self.limits.test_timeout_s
        self.test_deadline = min(self.deadline, now + per_test) if per_test else self.deadline
        self.cost, self.lines = None, set()
        status, error, actual = self._check(test, namespace)
        return TestResult(test.name, status, time.monotonic() - now, error, actual, self.cost, frozenset(self.lines))

    def _check(self, test: TestCase, namespace: ProgramNamespace) -> tuple[TestStatus, ErrorInfo | None, Any]:
        actual = None
        try:
            if test.inputs is not None:
                actual = self.call(self.request.entry_point or "", tuple(test.inputs), {})
                if not values_match(actual, test.expected, test.atol):
                    return TestStatus.FAILED, mismatch(actual, test.expected), plain(actual)
            else:
                exec(_compile(test.code, f"<test {test.name}>"), namespace)
        except Deadline:
            self._note(Outcome.TIMEOUT)
            self._drop_child()
            return TestStatus.TIMEOUT, ErrorInfo("Timeout", "time limit exceeded"), None
        except ChildDied as died:
            self._note(died.outcome)
            self._drop_child()
            return (TestStatus.TIMEOUT if died.outcome is Outcome.TIMEOUT else TestStatus.ERROR), died.error, None
        except Exception as error:  # noqa: BLE001 - every failure of a test is a result, not a crash
            return self._classify(error, test.name)
        return TestStatus.PASSED, None, plain(actual)

    def _classify(self, error: Exception, test_name: str) -> tuple[TestStatus, ErrorInfo, None]:
        remote = getattr(error, ERROR_ATTR, None)
        if isinstance(remote, ErrorInfo):
            if _runtime_outcome(remote) is not Outcome.RUNTIME_ERROR:
                self._note(_runtime_outcome(remote))
            return TestStatus.ERROR, remote, None
        info = _error_info(error, f"<test {test_name}>")
        status = TestStatus.FAILED if isinstance(error, AssertionError) else TestStatus.ERROR
        return status, info, None

    # --- calls into the child ---------------------------------------------------------------------------------------

    def call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        try:
            payload = call_payload(name, args, kwargs)
        except Exception as error:  # noqa: BLE001 - e.g. a lambda argument
            raise TypeError(f"argument cannot be sent to the program: {error}") from None
        kind, parts = self._exchange(payload)
        if kind == "returned" and len(parts) == 5:
            self._record_trace(*parts[2:])
            copy_back(args, parts[1])
            return parts[0]
        if kind == "raised" and len(parts) == 6:
            self._record_trace(*parts[3:])
            raise remote_exception(*parts[:3])
        raise self._protocol_break(kind)

    def _record_trace(self, cost: Any, lines: Any, peak_kib: Any) -> None:
        if type(peak_kib) is int and peak_kib > 0:
            self.peak_kib = max(self.peak_kib or 0, peak_kib)
        if type(cost) is int and cost >= 0:
            self.cost = (self.cost or 0) + cost
        if isinstance(lines, list):
            self.lines.update(line for line in lines[:100_000] if type(line) is int)

    def lookup(self, name: str) -> Any:
        kind, parts = self._exchange(pickle.dumps(("lookup", name)))
        if kind == "callable":
            return RemoteFunction(self, name)
        if kind == "value" and len(parts) == 1:
            return parts[0]
        if kind == "module" and len(parts) == 1:
            return _trusted_module(parts[0], name)
        if kind == "missing":
            raise KeyError(name)
        raise self._protocol_break(kind)

    def _exchange(self, payload: bytes) -> tuple[str, list[Any]]:
        planned = bool(self.planned) and payload == self.planned[0]
        if self.planned and not planned:
            self._abandon_plan()
        if self.child is None:
            self._restart()
        assert self.child is not None
        if planned:
            assert self.sent_ahead > 0, "a new child gets the planned calls when it is spawned"
            self.sent_ahead -= 1
            self.bytes_ahead -= len(self.planned.popleft())
            self._send_ahead(self.child)
        else:
            self.child.send(payload, deadline=self.test_deadline)
        answer = self.child.receive(self.test_deadline)
        self.answered.append(payload)
        return answer

    def _abandon_plan(self) -> None:
        """The tests took another path than planned (a test failed before its call): the child may have run calls
        they never made. A fresh child replays the calls they did make, so that every later call runs in the
        state the tests' own calls left, as without a plan."""
        self.planned.clear()
        if not self.sent_ahead:
            return
        replay = self.answered
        self._drop_child()
        for payload in replay:
            self._exchange(payload)

    def _send_ahead(self, child: Child) -> None:
        """Top up the planned calls waiting in the child's pipe, up to ``WINDOW_BYTES``."""
        batch = []
        while self.sent_ahead < len(self.planned):
            payload = self.planned[self.sent_ahead]
            if self.bytes_ahead + len(payload) > WINDOW_BYTES:
                break
            batch.append(payload)
            self.sent_ahead += 1
            self.bytes_ahead += len(payload)
        if batch:
            child.send(*batch, deadline=self.deadline)

    def _restart(self) -> None:
        # A previous test killed the program (exit, crash, timeout): reload it so the remaining tests still run.
        try:
            self._start_serving()
        except _LoadFailed as failed:
            error = failed.result.error or ErrorInfo("LoadError", "the program failed to reload")
            raise ChildDied(failed.result.outcome, error) from None

    def _protocol_break(self, kind: str) -> ChildDied:
        assert self.child is not None
        self.child.kill()
        return ChildDied(Outcome.RUNTIME_ERROR, ErrorInfo("ProtocolError", f"unexpected message {kind!r}"))

    # --- results ----------------------------------------------------------------------------------------------------

    def _spawn(self, serve: bool) -> Child:
        module_name = TEST_MODULE_NAME if serve else RUN_MODULE_NAME
        child = Child(Spawn(self.program, module_name, serve, self.workdir, self.env.uid, self.limits,
                            self.stdio, self.request.trace))
        try:
            if serve:
                self._send_ahead(child)  # queued while the child contains itself and loads the program
            child.expect_contained(self.deadline)
        except BaseException:
            child.close()
            raise
        return child

    def _note(self, outcome: Outcome) -> None:
        if self.outcome is Outcome.OK:
            self.outcome = outcome

    def _not_run(self) -> tuple[TestResult, ...]:
        return tuple(TestResult(t.name, TestStatus.NOT_RUN) for t in self.request.tests)

    def _load_failure(self, kind: str, parts: list[Any]) -> ExecResult:
        if kind == "exited":
            error = ErrorInfo("SystemExit", f"the program exited with code {parts[0]} before its tests ran")
            return self._result(Outcome.RUNTIME_ERROR, self._not_run(), error)
        if kind not in ("syntax_error", "load_error") or len(parts) != 3:
            return self._result(Outcome.RUNTIME_ERROR, self._not_run(),
                                ErrorInfo("ProtocolError", f"unexpected message {kind!r}"))
        error = ErrorInfo(str(parts[0]), str(parts[1]), parts[2] if isinstance(parts[2], int) else None)
        outcome = Outcome.SYNTAX_ERROR if kind == "syntax_error" else _runtime_outcome(error)
        return self._result(outcome, self._not_run(), error)

    def _result(self, outcome: Outcome, tests: tuple[TestResult, ...] = (), error: ErrorInfo | None = None,
                exit_code: int | None = None) -> ExecResult:
        stdout, stdout_over = read_output(self.stdio[1], self.limits.max_output_bytes)
        stderr, stderr_over = read_output(self.stdio[2], self.limits.max_output_bytes)
        if (stdout_over or stderr_over) and outcome in (Outcome.OK, Outcome.RUNTIME_ERROR):
            outcome = Outcome.OUTPUT_LIMIT
        peak_mb = round(self.peak_kib / 1024, 1) if self.peak_kib else None
        return ExecResult(outcome, tests, stdout, stderr, time.monotonic() - self.start, self.env.isolation,
                          error, exit_code, peak_mb)


def _trusted_module(module_name: Any, name: str) -> Any:
    """A module the program imported and a test uses by that name (``sys`` in Mbpp/596): the worker's own copy,
    and only of a standard-library module, so a program cannot make the worker import anything else."""
    if not isinstance(module_name, str) or module_name.split(".")[0] not in sys.stdlib_module_names:
        raise KeyError(name)
    return importlib.import_module(module_name)


def _runtime_outcome(error: ErrorInfo) -> Outcome:
    if error.type_name == "MemoryError":
        return Outcome.MEMORY_EXCEEDED
    if error.message.startswith("[Errno 27]"):  # EFBIG: Python ignores SIGXFSZ, so RLIMIT_FSIZE shows up as this
        return Outcome.OUTPUT_LIMIT
    return Outcome.RUNTIME_ERROR


class _LoadFailed(Exception):
    def __init__(self, result: ExecResult) -> None:
        super().__init__(result.outcome.value)
        self.result = result


def _compile(code: str, filename: str) -> Any:
    # Test code repeats across the samples of a task: compile it once per worker.
    key = (filename, code)
    compiled = _compiled.get(key)
    if compiled is None:
        if len(_compiled) > 50_000:
            _compiled.clear()
        compiled = _compiled[key] = compile(code, filename, "exec")
    return compiled


def _error_info(error: BaseException, filename: str) -> ErrorInfo:
    line = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return ErrorInfo(type(error).__name__, str(error)[:2000], line, ErrorOrigin.TEST)
