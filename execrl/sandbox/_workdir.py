"""Per-execution files: the working directory and the memfds standing in for a child's std streams."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

from execrl.types import Isolation


@dataclass(frozen=True)
class WorkerEnv:
    """What the worker established once, used by every execution."""

    isolation: Isolation
    scratch: str  # parent of the per-execution working directories
    uid: int | None


def workdir_path(env: WorkerEnv) -> str:
    """One path for every execution of a worker (they run one at a time, and it is removed in between): the
    environment can then name it once, since glibc's setenv never frees a replaced value (a per-run path leaked
    ~80 bytes per execution)."""
    return os.path.join(env.scratch, "work")


def make_workdir(env: WorkerEnv, files: tuple[tuple[str, str], ...]) -> str:
    path = workdir_path(env)
    remove_workdir(path)  # the previous execution's, left until its processes were gone
    os.mkdir(path, 0o700)
    for name, text in files:
        if os.path.isabs(name) or ".." in name.split("/"):
            raise ValueError(f"extra file name {name!r} must be a relative path inside the working directory")
        target = os.path.join(path, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
    if env.uid is not None and files:
        _chown_tree(path, env.uid)
    elif env.uid is not None:
        os.chown(path, env.uid, env.uid)
    return path


def _chown_tree(path: str, uid: int) -> None:
    os.chown(path, uid, uid)
    for root, dirs, names in os.walk(path):
        for name in dirs + names:
            os.chown(os.path.join(root, name), uid, uid)


def remove_workdir(path: str) -> None:
    try:
        os.rmdir(path)  # most programs write no file: a fifth of rmtree's cost
    except OSError:
        shutil.rmtree(path, ignore_errors=True)


def open_stdio(stdin: str = "") -> tuple[int, int, int]:
    stdin_fd = os.memfd_create("stdin", os.MFD_CLOEXEC)
    os.write(stdin_fd, stdin.encode())
    os.lseek(stdin_fd, 0, os.SEEK_SET)
    return stdin_fd, os.memfd_create("stdout", os.MFD_CLOEXEC), os.memfd_create("stderr", os.MFD_CLOEXEC)


def read_output(fd: int, limit: int) -> tuple[str, bool]:
    size = os.fstat(fd).st_size
    data = os.pread(fd, min(size, limit), 0)
    return data.decode("utf-8", errors="replace"), size > limit
