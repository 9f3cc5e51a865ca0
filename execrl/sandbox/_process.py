"""One untrusted child as the worker sees it: fork it contained, talk to it with deadlines, kill and reap it.

The worker never blocks on the child: every read and write waits with ``poll`` against a deadline, and the child's
death is watched through a pidfd. The zygote forks and reaps it; as the init of the worker's PID namespace, the
zygote also ends everything the child left (double-forked daemons included) when it reaps it.
"""

from __future__ import annotations

import os
import select
import signal
import time
from dataclasses import dataclass
from typing import Any

from execrl.sandbox import _child, _linux
from execrl.sandbox._wire import _HEADER, MAX_FRAME, ProtocolError, decode_message
from execrl.sandbox._zygote import Zygote
from execrl.types import ErrorInfo, ErrorOrigin, Limits, Outcome


class Deadline(BaseException):
    """The time budget ran out while waiting on the child (a BaseException so test code cannot swallow it)."""


class ChildDied(Exception):
    """The child ended (or broke the protocol) while the harness waited on it."""

    def __init__(self, outcome: Outcome, error: ErrorInfo) -> None:
        super().__init__(error.summary())
        self.outcome, self.error = outcome, error


@dataclass(frozen=True)
class Spawn:
    """Everything one fork needs, prepared by the worker."""

    program: str | bytes  # source, or code the worker compiled (marshalled)
    module_name: str
    serve: bool
    workdir: str
    uid: int | None
    limits: Limits
    stdio: tuple[int, int, int]
    trace: bool = False
    command: _child.Command | None = None  # exec this toolchain step instead of running ``source``


class Child:
    def __init__(self, spawn: Spawn) -> None:
        requests_r, self._requests_w = os.pipe()
        self._responses_r, responses_w = os.pipe()
        self.cpu_limit_s = int(spawn.limits.timeout_s) + 1
        assert _zygote is not None, "use_zygote first"
        # ``pid`` is the child's number in the zygote's PID namespace (what the zygote reaps); the worker watches
        # and signals it only through the pidfd.
        self.pid, self._pidfd = _zygote.spawn(spawn, (*spawn.stdio, requests_r, responses_w))
        self._own_group = not _zygote.own_namespace  # then the zygote shares our numbers and groups matter
        os.close(requests_r)
        os.close(responses_w)
        os.set_blocking(self._requests_w, False)
        os.set_blocking(self._responses_r, False)
        self._buffer = bytearray()
        self._pollers: dict[int, select.poll] = {}
        self._status: int | None = None
        self.timed_out = False

    # --- messages ----------------------------------------------------------------------------------------------

    def send(self, *payloads: bytes, deadline: float) -> None:
        view = memoryview(b"".join(_HEADER.pack(len(payload)) + payload for payload in payloads))
        while view:
            self._wait(select.POLLOUT, self._requests_w, deadline)
            try:
                view = view[os.write(self._requests_w, view):]
            except BlockingIOError:
                continue
            except BrokenPipeError:
                raise self._died("the program stopped reading its requests") from None

    def receive(self, deadline: float) -> tuple[str, list[Any]]:
        while True:
            frame = self._take_frame()
            if frame is not None:
                try:
                    return decode_message(frame)
                except ProtocolError as error:
                    raise self._broke(str(error)) from None
            self._wait(select.POLLIN, self._responses_r, deadline)
            try:
                chunk = os.read(self._responses_r, 1 << 20)
            except BlockingIOError:
                continue
            if not chunk:
                raise self._died("the program closed its result channel")
            self._buffer += chunk

    def _take_frame(self) -> bytes | None:
        if len(self._buffer) < _HEADER.size:
            return None
        (size,) = _HEADER.unpack_from(self._buffer)
        if size > MAX_FRAME:
            raise self._broke(f"a message of {size} bytes")
        if len(self._buffer) < _HEADER.size + size:
            return None
        frame = bytes(self._buffer[_HEADER.size:_HEADER.size + size])
        del self._buffer[:_HEADER.size + size]
        return frame

    def _wait(self, event: int, fd: int, deadline: float) -> None:
        poller = self._pollers.get(fd)
        if poller is None:
            poller = self._pollers[fd] = select.poll()
            poller.register(fd, event)
            poller.register(self._pidfd, select.POLLIN)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill(timed_out=True)
                raise Deadline()
            ready = dict(poller.poll(max(1, int(remaining * 1000))))
            if ready.get(fd):
                return
            if ready.get(self._pidfd) and not self._pending_input(fd):
                raise self._died("the program exited")

    def _pending_input(self, fd: int) -> bool:
        return fd == self._responses_r and bool(select.select([fd], [], [], 0)[0])

    def expect_contained(self, deadline: float) -> None:
        """The child's first message, sent before any program code runs: its absence is our failure, not the
        program's (the program cannot retract a message sent before it started)."""
        try:
            kind, _ = self.receive(deadline)
        except ChildDied as died:
            raise ChildDied(Outcome.INFRA_ERROR, ErrorInfo("SandboxSetupFailed", died.error.message,
                                                           origin=ErrorOrigin.SANDBOX)) from None
        if kind != "contained":
            raise self._broke(f"expected the containment notice, got {kind!r}")

    # --- ending --------------------------------------------------------------------------------------------------

    def wait_exit(self, deadline: float) -> int:
        """Wait for the child to end by itself; kill it at the deadline (raising Deadline)."""
        while self._status is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill(timed_out=True)
                raise Deadline()
            if select.select([self._pidfd], [], [], remaining)[0]:
                self._reap()
        assert self._status is not None
        return self._status

    def kill(self, *, timed_out: bool = False) -> None:
        self.timed_out = self.timed_out or timed_out
        if self._status is None:
            self._signal()
            self._reap()

    def close(self, *, reap: bool = True) -> None:
        """Kill the child. With ``reap=False`` the reaping is left to ``reap_pending``, so that the worker can answer
        first and the zygote reaps while the worker goes on."""
        if reap or self._status is not None:
            self.kill()
        else:
            self._signal()
            _unreaped.append(self.pid)
        for fd in (self._requests_w, self._responses_r, self._pidfd):
            os.close(fd)

    def _signal(self) -> None:
        if self._own_group:  # without a PID namespace the group is what reaches what the program spawned
            try:
                os.kill(-self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)  # an ended, unreaped child takes it silently

    def _reap(self) -> None:
        self._status, cpu_s = _wait(self.pid)
        # A SIGKILL at the hard CPU limit looks like any other SIGKILL: the CPU used tells them apart.
        if cpu_s >= self.cpu_limit_s:
            self.timed_out = True

    def _died(self, what: str) -> ChildDied:
        self.kill()
        assert self._status is not None
        outcome, error = classify_exit(self._status, self.timed_out, what)
        return ChildDied(outcome, error)

    def _broke(self, what: str) -> ChildDied:
        self.kill()
        return ChildDied(Outcome.RUNTIME_ERROR, ErrorInfo("ProtocolError", what, origin=ErrorOrigin.PROGRAM))


_unreaped: list[int] = []
_zygote: Zygote | None = None


def use_zygote(zygote: Zygote | None) -> None:
    """Fork children through ``zygote`` from now on (None: fork them from this process)."""
    global _zygote
    _zygote = zygote


def reap_pending() -> None:
    """Have every child killed with ``close(reap=False)`` reaped, without waiting: ``settle`` waits."""
    assert _zygote is not None, "use_zygote first"
    while _unreaped:
        _zygote.wait_later(_unreaped.pop())


def settle() -> None:
    """Return once every child passed to ``reap_pending`` is gone, with all it left behind."""
    assert _zygote is not None, "use_zygote first"
    _zygote.settle()


def _wait(pid: int) -> tuple[int, float]:
    assert _zygote is not None, "use_zygote first"
    return _zygote.wait(pid)


def fork_child(spawn: Spawn, fds: tuple[int, int, int, int, int], die_with_parent: bool) -> int:
    """Fork a contained child running ``spawn`` (called in the zygote); ``fds`` are its stdin, stdout, stderr,
    requests (read end) and responses (write end). Returns its pid."""
    # Built before the fork, so that the child does not copy the pages it would take to build it.
    setup = _child.ChildSetup(spawn.workdir, spawn.uid, spawn.limits, fds, die_with_parent)
    pid = _linux.raw_fork()
    if pid == 0:  # pragma: no cover - the child never returns into the worker's code
        try:
            requests, responses = _child.contain(setup)
            _child.announce_contained(responses)
            if spawn.command is not None:
                _child.exec_command(spawn.command)
            _child.run_program(spawn.program, spawn.module_name, (requests, responses), spawn.serve, spawn.trace)
        finally:
            os._exit(70)
    return pid


def classify_exit(status: int, timed_out: bool, what: str) -> tuple[Outcome, ErrorInfo]:
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        name = signal.Signals(signum).name if signum in signal.Signals._value2member_map_ else str(signum)
        if timed_out or signum == signal.SIGXCPU:
            return Outcome.TIMEOUT, ErrorInfo("Timeout", "time limit exceeded", origin=ErrorOrigin.PROGRAM)
        if signum == signal.SIGXFSZ:
            return Outcome.OUTPUT_LIMIT, ErrorInfo("OutputLimit", "output or file size limit exceeded")
        return Outcome.KILLED, ErrorInfo("Killed", f"{what}: killed by {name}")
    code = os.WEXITSTATUS(status)
    return Outcome.RUNTIME_ERROR, ErrorInfo("Exited", f"{what} with code {code}")
