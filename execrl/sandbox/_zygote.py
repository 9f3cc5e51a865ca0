"""A fork server: a copy of the warm worker, made once, that forks every child so the worker never has to.

Why: after fork(2) every page the parent writes is copied first. The worker runs the tests right after each
fork, while the child still shares its pages, and paid ~450 copy-on-write faults per request (~4 us each in this
VM: a quarter of a request's CPU). The zygote writes almost nothing between forks, so those copies disappear.

The worker sends a ``Spawn`` and the child's descriptors (channel and stdio) over a Unix socket; the zygote forks
(into a fresh PID namespace, as the worker did) and answers the pid. The worker watches and kills the child
through a pidfd as before; only the zygote can reap it, so the worker asks it to (``wait``) and gets the exit
status and the CPU the child used. The zygote dies with the worker (parent-death signal) and its children with it.
"""

from __future__ import annotations

import dataclasses
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
    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()  # once per worker: CPython's at-fork bookkeeping is welcome here
        if pid == 0:  # pragma: no cover - the zygote never returns into the worker's code
            try:
                ours.close()
                _linux.prctl(_linux.PR_SET_PDEATHSIG, signal.SIGKILL)
                _serve(theirs)
            finally:
                os._exit(0)
        theirs.close()
        self.pid, self._socket = pid, ours

    def spawn(self, spawn: Any, fds: tuple[int, ...]) -> int:
        """Fork a child for ``spawn``; ``fds`` (channel read end, channel write end, stdin, stdout, stderr) are
        passed to the zygote, which gives them to the child."""
        reply = self._call(("spawn", spawn), fds)
        assert isinstance(reply, int)
        return reply

    def wait(self, pid: int) -> tuple[int, float]:
        """Reap ``pid`` (blocking until it has ended): its wait status and the CPU seconds it used."""
        reply = self._call(("wait", pid), ())
        assert isinstance(reply, tuple)
        return reply

    def close(self) -> None:
        self._socket.close()
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)

    def _call(self, message: tuple[str, Any], fds: tuple[int, ...]) -> Any:
        try:
            _send(self._socket, message, fds)
            reply, _ = _receive(self._socket)
        except (OSError, EOFError) as error:
            raise ZygoteDied(f"the fork server stopped answering: {error}") from None
        if isinstance(reply, BaseException):
            raise reply
        return reply


def _serve(sock: socket.socket) -> NoReturn:
    from execrl.sandbox._process import fork_child  # the child's code, already imported by the worker

    while True:
        try:
            (kind, argument), fds = _receive(sock)
        except EOFError:
            os._exit(0)
        try:
            if kind == "spawn":
                reply: Any = _spawn(fork_child, argument, fds)
            else:
                _, status, usage = os.wait4(argument, 0)
                reply = (status, usage.ru_utime + usage.ru_stime)
        except Exception as error:  # noqa: BLE001 - sent back and raised in the worker
            reply = error
        finally:
            for fd in fds:
                os.close(fd)
        _send(sock, reply, ())


def _spawn(fork_child: Any, spawn: Any, fds: list[int]) -> int:
    requests_r, responses_w, *stdio = fds
    local = dataclasses.replace(spawn, stdio=tuple(stdio))
    return int(fork_child(local, (requests_r, -1, -1, responses_w)))


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
