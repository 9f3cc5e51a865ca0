"""Worker-level isolation, set up once per worker before it serves any request.

The worker enters new mount, network, IPC and UTS namespaces (inside a user namespace when not root), builds a
minimal root from read-only bind mounts of the system and interpreter directories plus private tmpfs mounts, and
pivots into it. Children forked afterwards inherit all of it for free; each execution adds only a PID namespace,
an unprivileged uid and rlimits. Every mechanism that the kernel refuses is recorded in a note, never skipped
silently.
"""

from __future__ import annotations

import os
import site
import sys
import tempfile
from dataclasses import dataclass

from execrl.sandbox import _linux
from execrl.types import Isolation

# A worker runs its programs as uid/gid UID_BASE + its pid: pids are unique on the host, so no two concurrent
# executions share a uid (RLIMIT_NPROC counts per uid) even across executors in different processes.
UID_BASE = 200_000
_SYSTEM_DIRS = ("/usr", "/etc", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin")
_DEVICES = ("null", "zero", "full", "random", "urandom")
_ROOT_CANDIDATES = ("/mnt", "/media", "/srv")
_NEW_ROOT_FLAGS = _linux.MS_NOSUID | _linux.MS_NODEV
_ST_RELATIME = 4096


@dataclass(frozen=True)
class WorkerConfig:
    slot: int
    isolate: bool = True  # False runs programs with rlimits only (debugging); reported as such
    scratch_mb: int = 512  # size of the private tmpfs holding working directories


@dataclass(frozen=True)
class WorkerSetup:
    isolation: Isolation
    scratch: str
    uid: int | None
    pid_namespace_fd: int | None


def setup_worker(config: WorkerConfig) -> WorkerSetup:
    notes: list[str] = []
    namespaces = config.isolate and _enter_namespaces(notes)
    pid_fd = _pid_namespace_fd(notes) if config.isolate else None  # needs /proc: before the view hides it
    view = namespaces and _build_root_view(config, notes)
    scratch = "/tmp/scratch" if view else tempfile.mkdtemp(prefix="execrl-scratch-")
    os.makedirs(scratch, mode=0o755, exist_ok=True)
    uid = _sandbox_uid(config, notes)
    if not config.isolate:
        notes.append("isolation disabled by configuration")
    isolation = Isolation(network_namespace=namespaces, filesystem_view=view, pid_namespace=pid_fd is not None,
                          uid_dropped=uid is not None, rlimits=True, env_cleared=True, notes=tuple(notes))
    return WorkerSetup(isolation, scratch, uid, pid_fd)


def _enter_namespaces(notes: list[str]) -> bool:
    flags = _linux.CLONE_NEWNS | _linux.CLONE_NEWNET | _linux.CLONE_NEWIPC | _linux.CLONE_NEWUTS
    uid, gid = os.getuid(), os.getgid()
    try:
        if uid == 0:
            _linux.unshare(flags)
        else:
            _linux.unshare(flags | _linux.CLONE_NEWUSER)
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"0 {uid} 1")
            _write("/proc/self/gid_map", f"0 {gid} 1")
        _linux.mount(None, "/", None, _linux.MS_REC | _linux.MS_PRIVATE)
    except OSError as error:
        notes.append(f"namespaces unavailable ({error}): network and filesystem are the host's")
        return False
    return True


def _build_root_view(config: WorkerConfig, notes: list[str]) -> bool:
    try:
        new_root = _pick_new_root()
        _linux.mount("tmpfs", new_root, "tmpfs", _NEW_ROOT_FLAGS, "size=4m,mode=0755")
        for path in _bind_sources():
            _bind_read_only(path, new_root + path)
        _populate_dev(new_root)
        os.makedirs(new_root + "/tmp", exist_ok=True)
        _linux.mount("tmpfs", new_root + "/tmp", "tmpfs", _NEW_ROOT_FLAGS, f"size={config.scratch_mb}m,mode=0755")
        _pivot(new_root)
    except OSError as error:
        notes.append(f"read-only filesystem view unavailable ({error}): programs see the host's files")
        return False
    notes.append("no /proc inside the sandbox")
    return True


def _pick_new_root() -> str:
    sources = _bind_sources()
    for candidate in _ROOT_CANDIDATES:
        if os.path.isdir(candidate) and not any(s == candidate or s.startswith(candidate + "/") for s in sources):
            return candidate
    # An empty directory on the host is left behind; it is never visible inside the sandbox.
    return tempfile.mkdtemp(prefix="execrl-root-")


def _bind_sources() -> list[str]:
    """System directories plus the interpreter and its packages; never the caller's working directory."""
    paths = [p for p in _SYSTEM_DIRS if os.path.lexists(p)]
    python = {sys.base_prefix, sys.prefix, sys.exec_prefix, *site.getsitepackages()}
    for path in sorted(os.path.realpath(p) for p in python if os.path.isdir(p)):
        if not any(path == kept or path.startswith(kept + "/") for kept in paths):
            paths.append(path)
    return paths


def _bind_read_only(source: str, target: str) -> None:
    if os.path.islink(source):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.symlink(os.readlink(source), target)
        return
    os.makedirs(target, exist_ok=True)
    _linux.mount(source, target, None, _linux.MS_BIND | _linux.MS_REC)
    # Inside a user namespace a remount must keep the flags the mount already has (they are locked).
    existing = os.statvfs(target).f_flag
    kept = existing & (_linux.MS_NOSUID | _linux.MS_NODEV | _linux.MS_NOEXEC | 1024 | 2048)
    relatime = (1 << 21) if existing & _ST_RELATIME else 0
    flags = _linux.MS_BIND | _linux.MS_REMOUNT | _linux.MS_RDONLY | _linux.MS_NOSUID | kept | relatime
    _linux.mount(None, target, None, flags)


def _populate_dev(new_root: str) -> None:
    dev = new_root + "/dev"
    os.makedirs(dev, exist_ok=True)
    _linux.mount("tmpfs", dev, "tmpfs", _linux.MS_NOSUID, "size=64k,mode=0755")
    for name in _DEVICES:
        target = os.path.join(dev, name)
        open(target, "w").close()
        _linux.mount("/dev/" + name, target, None, _linux.MS_BIND)


def _pivot(new_root: str) -> None:
    old = new_root + "/.old-root"
    os.mkdir(old)
    os.chdir(new_root)
    _linux.pivot_root(".", ".old-root")
    os.chdir("/")
    _linux.umount("/.old-root", _linux.MNT_DETACH)
    os.rmdir("/.old-root")
    _linux.mount(None, "/", None, _linux.MS_REMOUNT | _linux.MS_RDONLY | _NEW_ROOT_FLAGS)


def _pid_namespace_fd(notes: list[str]) -> int | None:
    """Keep a handle on our own PID namespace and check that unshare + fork + setns-back works here."""
    try:
        fd = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
    except OSError as error:
        notes.append(f"no PID namespace ({error}): what a program leaves behind is killed by process group only")
        return None
    try:
        _linux.unshare(_linux.CLONE_NEWPID)
        _linux.setns(fd, _linux.CLONE_NEWPID)
    except OSError as error:
        os.close(fd)
        notes.append(f"no PID namespace ({error}): what a program leaves behind is killed by process group only")
        return None
    return fd


def _sandbox_uid(config: WorkerConfig, notes: list[str]) -> int | None:
    if os.getuid() == 0 and config.isolate:
        return UID_BASE + os.getpid()
    notes.append("programs keep the worker's uid (not root): RLIMIT_NPROC counts all of that user's processes")
    return None


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)
