"""The untrusted side: runs in a child forked from a warm worker, drops privileges, loads the program and answers
calls from the trusted harness.

Nothing here decides a verdict. The child only reports plain values and exceptions; the harness in the worker
compares them. Everything the program can reach (this module, the channel, the exit path) can only change the
values it reports, which is no more than the program computing a different answer.
"""

from __future__ import annotations

import fcntl
import io
import marshal
import os
import pickle
import resource
import signal
import sys
import traceback
from dataclasses import dataclass
from types import CodeType, FrameType, ModuleType, TracebackType
from typing import Any, NoReturn

from execrl.sandbox import _linux
from execrl.sandbox._wire import encode_message, frame, read_frame, write_all, write_frame
from execrl.types import Limits

PROGRAM_FILENAME = "solution.py"
CHILD_FDS = (0, 1, 2, 3, 4)  # where a child has its stdin, stdout, stderr, requests and responses
# Built before the fork: the child only writes them (in a fresh child, building them would copy pages).
_CONTAINED, _LOADED = frame(encode_message("contained")), frame(encode_message("loaded"))
SAFE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}


@dataclass(frozen=True)
class ChildSetup:
    """What the child needs to contain itself before any untrusted byte runs."""

    workdir: str
    uid: int | None  # drop to this uid (and gid) when not None
    limits: Limits
    fds: tuple[int, int, int, int, int]  # stdin, stdout, stderr, requests (read), responses (write): CHILD_FDS
    die_with_parent: bool  # without a PID namespace, nothing else ends the child when its zygote ends


def contain(setup: ChildSetup) -> tuple[int, int]:
    """Apply every per-execution restriction; returns the channel fds (requests, responses) after renumbering."""
    os.setsid()
    if setup.die_with_parent:
        _linux.prctl(_linux.PR_SET_PDEATHSIG, signal.SIGKILL)
    if setup.fds != CHILD_FDS:  # the zygote normally receives them as 0-4 already (see ``_zygote``)
        _renumber(setup.fds)
    os.closerange(5, 65536)
    os.chdir(setup.workdir)
    _set_limits(setup.limits)
    if setup.uid is not None:
        os.setgroups([])
        os.setresgid(setup.uid, setup.uid, setup.uid)
        os.setresuid(setup.uid, setup.uid, setup.uid)
    return 3, 4  # no_new_privs is already set: inherited from the zygote


def _renumber(fds: tuple[int, ...]) -> None:
    # Move the sources out of the way first so renumbering never overwrites one it still needs.
    sources = [fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for fd in fds]
    for target, fd in enumerate(sources):
        os.dup2(fd, target, inheritable=target < 3)


def prepare_template(workdir_env: str) -> None:
    """Done once in the worker, so that each fork inherits it instead of redoing it: in a fresh fork every first
    write to a page costs a copy, which made these few lines a third of the per-execution cost."""
    os.environ.clear()
    os.environ.update(SAFE_ENV, HOME=workdir_env, TMPDIR=workdir_env)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM, signal.SIGCHLD):
        signal.signal(signum, signal.SIG_DFL)
    _reopen_std_streams()


def _set_limits(limits: Limits) -> None:
    cpu = int(limits.timeout_s) + 1
    memory = limits.memory_mb << 20
    file_size = max(limits.max_file_size_mb << 20, limits.max_output_bytes + 1)
    for which, value in (
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_AS, (memory, memory)),
        (resource.RLIMIT_NPROC, (limits.max_processes, limits.max_processes)),
        (resource.RLIMIT_NOFILE, (limits.max_open_files, limits.max_open_files)),
        (resource.RLIMIT_FSIZE, (file_size, file_size)),
        (resource.RLIMIT_CORE, (0, 0)),
    ):
        resource.setrlimit(which, value)


def _reopen_std_streams() -> None:
    # Unbuffered wrappers on fds 0-2: a child replaces those fds with its own stdin/stdout/stderr and inherits
    # wrappers with nothing of the worker's in them.
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8", errors="replace")
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="replace",
                                  line_buffering=False, write_through=True)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                                  write_through=True)


def announce_contained(responses: int) -> None:
    write_all(responses, _CONTAINED)


@dataclass(frozen=True)
class Command:
    """A toolchain step of a test suite (javac, go test, pytest): the contained child execs it instead of running
    a program itself. The channel fds are close-on-exec, so the tool sees only its std streams."""

    argv: tuple[str, ...]  # argv[0] is an absolute path: there is no PATH search
    env: tuple[tuple[str, str], ...]


def exec_command(command: Command) -> NoReturn:
    try:
        os.execve(command.argv[0], list(command.argv), dict(command.env))
    except OSError as error:
        os.write(2, f"execrl: cannot execute {command.argv[0]}: {error.strerror}\n".encode())
    os._exit(127)


class LineTracer:
    """Counts line events in the program's own code: a cost that timing noise cannot change."""

    def __init__(self) -> None:
        self.count = 0
        self.lines: set[int] = set()

    def install(self) -> None:
        sys.settrace(self._enter)

    def _enter(self, frame: FrameType, event: str, arg: Any) -> Any:
        return self._line if frame.f_code.co_filename == PROGRAM_FILENAME else None

    def _line(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            self.count += 1
            self.lines.add(frame.f_lineno)
        return self._line

    def take(self) -> tuple[int, list[int]]:
        taken = self.count, sorted(self.lines)
        self.count, self.lines = 0, set()
        return taken


def run_program(program: str | bytes, module_name: str, channel: tuple[int, int], serve: bool, trace: bool) -> None:
    """Run the program (source, or code the worker compiled and marshalled), report how that went, then answer
    calls until told to stop. Never returns."""
    requests, responses = channel
    namespace: dict[str, Any] = {"__name__": module_name, "__file__": PROGRAM_FILENAME, "__builtins__": __builtins__}
    code = marshal.loads(program) if isinstance(program, bytes) else _compile(program, responses)
    tracer = LineTracer() if trace else None
    if tracer is not None:
        tracer.install()
    try:
        exec(code, namespace)
    except SystemExit as stop:
        _send(responses, "exited", _exit_code(stop.code))
        _exit(_exit_code(stop.code))
    except BaseException as error:  # noqa: BLE001 - the program may raise anything
        traceback.print_exception(error)
        _send(responses, "load_error", *_describe(error))
        _exit(1)
    try:
        write_all(responses, _LOADED)
    except OSError:
        _exit(1)
    if serve:
        if tracer is not None:
            tracer.take()  # import-time lines are not any test's cost
        _serve(namespace, requests, responses, tracer)
    _exit(0)


# Everything ``compile`` raises for a program it cannot compile (ValueError: a null byte).
COMPILE_ERRORS = (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError)


def compile_program(source: str) -> CodeType:
    return compile(source, PROGRAM_FILENAME, "exec", dont_inherit=True)


def describe_compile_error(error: BaseException) -> tuple[str, str, int | None]:
    line = getattr(error, "lineno", None)
    return type(error).__name__, getattr(error, "msg", None) or str(error), line if isinstance(line, int) else None


def _compile(source: str, responses: int) -> CodeType:
    try:
        return compile_program(source)
    except COMPILE_ERRORS as error:
        _send(responses, "syntax_error", *describe_compile_error(error))
        _exit(1)


def rehearse(rounds: int = 40) -> None:
    """Answer a few dozen calls here, in the worker, before its zygote is forked.

    Why: CPython 3.11 rewrites a function's bytecode in place while it warms up and specialises it. Code that only
    ever runs in children is cold in every fresh child, so each child rewrote it again, one copied page per write
    (about 20 copies per execution for the answer encoding alone). Rehearsed once here, the children inherit it
    warm. Only the answering loop is rehearsed: nothing in it changes the worker's state."""
    requests_r, requests_w = os.pipe()
    responses_r, responses_w = os.pipe()
    try:
        value = [1, 2.5, "x", (1, 2), {1: 2}, None, True]
        calls: list[tuple[Any, ...]] = [("call", "echo", (value,), {}), ("call", "fail", (), {}), ("lookup", "echo"),
                                        ("lookup", "value"), ("lookup", "missing")]
        for message in calls * (rounds // len(calls)):
            write_frame(requests_w, pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
        os.close(requests_w)
        requests_w = -1
        namespace = {"echo": lambda value: value, "fail": lambda: 1 / 0, "value": 3}
        _serve(namespace, requests_r, responses_w, None)
    finally:
        for fd in (requests_r, requests_w, responses_r, responses_w):
            if fd >= 0:
                os.close(fd)


def _serve(namespace: dict[str, Any], requests: int, responses: int, tracer: LineTracer | None) -> None:
    while True:
        try:
            message = pickle.loads(read_frame(requests))
        except EOFError:
            return
        kind, name = message[0], message[1]
        if kind == "lookup":
            _answer_lookup(namespace, name, responses)
        elif kind == "call":
            _answer_call(namespace, message[1:], responses, tracer)


def _answer_lookup(namespace: dict[str, Any], name: str, responses: int) -> None:
    if name not in namespace:
        _send(responses, "missing")
    elif isinstance(namespace[name], ModuleType):
        _send(responses, "module", getattr(namespace[name], "__name__", ""))
    elif callable(namespace[name]):
        _send(responses, "callable")
    else:
        _send(responses, "value", namespace[name])


def _answer_call(namespace: dict[str, Any], call: tuple[Any, ...], responses: int, tracer: LineTracer | None) -> None:
    name, args, kwargs = call
    try:
        function = namespace[name]
        result = function(*args, **kwargs)
    except BaseException as error:  # noqa: BLE001 - report everything, including SystemExit inside the call
        _send(responses, "raised", *_describe(error), *_trace_report(tracer))
        return
    mutable = any(isinstance(arg, list | dict | set) for arg in args)
    _send(responses, "returned", result, args if mutable else None, *_trace_report(tracer))


def _trace_report(tracer: LineTracer | None) -> tuple[int | None, list[int], int]:
    cost, lines = tracer.take() if tracer is not None else (None, [])
    return cost, lines, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _describe(error: BaseException) -> tuple[str, str, int | None]:
    try:
        message = str(error)[:2000]
    except BaseException:  # noqa: BLE001 - a hostile __str__
        message = ""
    return type(error).__name__, message, _program_line(error.__traceback__)


def _program_line(tb: TracebackType | None) -> int | None:
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == PROGRAM_FILENAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def _send(responses: int, kind: str, *parts: Any) -> None:
    try:
        write_frame(responses, encode_message(kind, *parts))
    except OSError:
        _exit(1)


def _exit(code: int) -> NoReturn:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001, S110 - the program may have closed or replaced its streams
            pass
    os._exit(code)
