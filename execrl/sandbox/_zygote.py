"""A fork server: a copy of the warm worker, made once, that forks every child so the worker never has to.

Why: after fork(2) every page the parent writes is copied first. The worker runs the tests right after each
fork, while the child still shares its pages, and paid ~450 copy-on-write faults per request (~4 us each in this
VM: a quarter of a request's CPU). The zygote writes almost nothing between forks, so those copies disappear.

The worker sends a ``Spawn`` and the child's descriptors (stdio and channel) over a Unix socket; the zygote forks
and answers the pid and a pidfd. The worker watches and kills the child through the pidfd; only the zygote can
reap it, so the worker asks it to (``wait``, or ``wait_later`` once the answer is out) and gets the exit status
and the CPU the child used. The zygote dies with the worker (parent-death signal) and its children with it.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import signal
import socket
import struct
from typing import Any, NoReturn

from execrl.errors import SandboxError
from execrl.sandbox import _linux

_LENGTH = struct.Struct("<I")
_MAX_FDS = 8


class ZygoteDied(SandboxError):
    """The fork server is gone: the worker cannot start children any more and must be replaced."""


class Zygote:
    def __init__(self, pid_namespace_fd: int | None) -> None:
        """With ``pid_namespace_fd`` (the worker's PID namespace) the zygote is the init of a PID namespace of its
        own, which holds every child. Whatever ends the zygote (the worker's death included) then ends them all,
        so a child needs no parent-death signal; and what a child leaves behind, double-forked daemons included,
        is reparented to the zygote, which ends it when the child is reaped."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        if pid_namespace_fd is not None:
            _linux.unshare(_linux.CLONE_NEWPID)
        pid = os.fork()  # once per worker: CPython's at-fork bookkeeping is welcome here
        if pid == 0:  # pragma: no cover - the zygote never returns into the worker's code
            try:
                ours.close()
                _linux.prctl(_linux.PR_SET_PDEATHSIG, signal.SIGKILL)
                _linux.prctl(_linux.PR_SET_NO_NEW_PRIVS, 1)  # set once here: every child inherits it for good
                _serve(theirs, namespace_init=pid_namespace_fd is not None and os.getpid() == 1)
            finally:
                os._exit(0)
        if pid_namespace_fd is not None:
            _linux.setns(pid_namespace_fd, _linux.CLONE_NEWPID)
        theirs.close()
        self.pid, self._socket = pid, ours
        self.own_namespace = pid_namespace_fd is not None
        self._unsettled = 0  # answers to ``wait_later`` not taken yet

    def spawn(self, spawn: Any, fds: tuple[int, ...]) -> tuple[int, int]:
        """Fork a child for ``spawn``; ``fds`` (stdin, stdout, stderr, channel read end, channel write end) are
        passed to the zygote, which gives them to the child. Returns the child's pid in the zygote's PID namespace
        and a pidfd for it (pids differ between namespaces; a pidfd does not)."""
        reply, pidfds = self._call(("spawn", spawn), fds)
        assert isinstance(reply, int) and len(pidfds) == 1
        return reply, pidfds[0]

    def wait(self, pid: int) -> tuple[int, float]:
        """Reap ``pid`` (blocking until it has ended): its wait status and the CPU seconds it used."""
        reply, _ = self._call(("wait", pid), ())
        assert isinstance(reply, tuple)
        return reply

    def wait_later(self, pid: int) -> None:
        """Have ``pid`` reaped without waiting for it: the worker goes on to its next request while the zygote
        reaps. ``settle`` (which every other call does first) takes the answer."""
        try:
            _send(self._socket, ("wait", pid), ())
        except OSError as error:
            raise ZygoteDied(f"the fork server stopped answering: {error}") from None
        self._unsettled += 1

    def settle(self) -> None:
        """Return once every child handed to ``wait_later`` is reaped, with everything it left behind."""
        while self._unsettled:
            self._unsettled -= 1
            self._take_reply()  # an error here is only a child reaped already (ECHILD): nothing is left either way

    def close(self) -> None:
        self._socket.close()
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)

    def _call(self, message: tuple[str, Any], fds: tuple[int, ...]) -> tuple[Any, list[int]]:
        self.settle()
        try:
            _send(self._socket, message, fds)
        except OSError as error:
            raise ZygoteDied(f"the fork server stopped answering: {error}") from None
        reply, received = self._take_reply()
        if isinstance(reply, BaseException):
            raise reply
        return reply, received

    def _take_reply(self) -> tuple[Any, list[int]]:
        try:
            return _receive(self._socket)
        except (OSError, EOFError) as error:
            raise ZygoteDied(f"the fork server stopped answering: {error}") from None


def _serve(sock: socket.socket, namespace_init: bool) -> NoReturn:
    from execrl.sandbox._process import fork_child  # the child's code, already imported by the worker

    sock = _make_room(sock)
    while True:
        try:
            (kind, argument), fds = _receive(sock)
        except EOFError:
            os._exit(0)
        pidfds: tuple[int, ...] = ()
        try:
            if kind == "spawn":
                stdin, stdout, stderr, requests_r, responses_w = fds
                os.set_inheritable(requests_r, False)  # a toolchain the child execs sees only its std streams
                os.set_inheritable(responses_w, False)
                reply: Any = fork_child(argument, (stdin, stdout, stderr, requests_r, responses_w),
                                        die_with_parent=not namespace_init)
                pidfds = (os.pidfd_open(reply),)
            else:
                reply = _reap(argument, namespace_init)
        except Exception as error:  # noqa: BLE001 - sent back and raised in the worker
            reply = error
        finally:
            for fd in fds:
                os.close(fd)
        _send(sock, reply, pidfds)
        for fd in pidfds:
            os.close(fd)


def _make_room(sock: socket.socket) -> socket.socket:
    """Free descriptors 0-9 (the zygote needs none of what it inherited but its socket): the five a spawn request
    carries then arrive as 0-4, since the kernel hands out the lowest free numbers in order, and the child finds
    them where it needs them instead of renumbering them (``_child.CHILD_FDS``)."""
    moved = fcntl.fcntl(sock.fileno(), fcntl.F_DUPFD_CLOEXEC, 10)
    sock.close()
    for fd in range(10):
        try:
            os.close(fd)
        except OSError:
            pass
    return socket.socket(fileno=moved)


def _reap(pid: int, namespace_init: bool) -> tuple[int, float]:
    _, status, usage = os.wait4(pid, 0)
    if namespace_init:
        _end_the_rest()
    return status, usage.ru_utime + usage.ru_stime


def _end_the_rest() -> None:
    """End and reap every process in the namespace but the zygote. A worker runs one execution at a time, so all
    of them belong to the child just reaped. ``kill(-1)`` from a namespace's init reaches all of its members."""
    while True:
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            break  # nothing is alive but the zygote
        _reap_children(block=True)
    _reap_children(block=False)  # processes that ended by themselves, reparented here


def _reap_children(block: bool) -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _send(sock: socket.socket, message: Any, fds: tuple[int, ...]) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    data = _LENGTH.pack(len(payload)) + payload
    sent = socket.send_fds(sock, [data], list(fds)) if fds else sock.send(data)
    if sent < len(data):
        sock.sendall(data[sent:])


def _receive(sock: socket.socket) -> tuple[Any, list[int]]:
    # The length first, then exactly the message: a large receive buffer would be fresh heap that the zygote
    # writes while its newest child still shares those pages, i.e. copies it for nothing.
    header, fds, _, _ = socket.recv_fds(sock, _LENGTH.size, _MAX_FDS)
    if not header:
        raise EOFError("the other side closed the socket")
    header += _read_exactly(sock, _LENGTH.size - len(header))
    (size,) = _LENGTH.unpack(header)
    return pickle.loads(_read_exactly(sock, size)), list(fds)


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError("the other side closed the socket mid-message")
        data += chunk
    return data
