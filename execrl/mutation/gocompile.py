"""Screening Go mutants with the Go compiler: ``go tool compile`` per mutant, two at a time.

``go list -export -deps`` (GOPATH mode: there is no module proxy here) compiles the original package and its
dependencies once and names their export data; each mutant is then compiled alone against that import
configuration, with the rest of its package beside it, ``-trimpath`` so that no directory name reaches the object.
The fingerprint is the SHA-256 of the object file. Line tables stay in the object, which is why the operators keep
every mutant's line count; columns reach it only through inlinable bodies, so an equivalent mutant inside a small
inlinable function can be missed (kept), never the other way round.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from execrl.mutation import _cache
from execrl.mutation.base import Mutant, MutationError
from execrl.mutation.screen import Screening

PARALLEL_COMPILES = 2


@dataclass(frozen=True)
class _Package:
    """Where the mutated file lives: its directory, its name there, the package's other files, and its imports."""

    directory: Path
    file_name: str
    import_path: str
    siblings: tuple[str, ...]
    importcfg: str


def _go() -> str:
    go = shutil.which("go")
    if go is None:
        raise MutationError("screening Go mutants needs the go toolchain on PATH (Debian: golang-go)")
    return go


def _environment(directory: Path) -> dict[str, str]:
    environment = {**os.environ, "GO111MODULE": "off", "GOFLAGS": "", "CGO_ENABLED": "0"}
    gopath = next((parent.parent for parent in directory.parents if parent.name == "src"), None)
    if gopath is not None:
        environment["GOPATH"] = str(gopath)
    return environment


def _go_list(directory: Path, *arguments: str) -> list[str]:
    run = subprocess.run([_go(), "list", *arguments], cwd=directory, env=_environment(directory),
                         capture_output=True, text=True)  # fmt: skip
    if run.returncode != 0:
        raise MutationError(f"go list failed in {directory}: {run.stderr.strip()[:500]}")
    return run.stdout.splitlines()


def _package(directory: Path, file_name: str) -> _Package:
    template = "{{.ImportPath}}\n{{join .GoFiles \" \"}}\n{{join .CgoFiles \" \"}}"
    import_path, go_files, cgo_files = (_go_list(directory, "-f", template, ".") + ["", ""])[:3]
    if cgo_files:
        raise MutationError(f"cgo packages cannot be screened file by file: {directory}")
    if file_name not in go_files.split():
        raise MutationError(f"{file_name} is not built in {directory} (test file or build constraints?)")
    exports = _go_list(directory, "-export", "-deps", "-f", "{{if .Export}}{{.ImportPath}}={{.Export}}{{end}}", ".")
    lines = [f"packagefile {line}" for line in exports if line and not line.startswith(f"{import_path}=")]
    siblings = tuple(name for name in go_files.split() if name != file_name)
    return _Package(directory, file_name, import_path, siblings, "\n".join(lines) + "\n")


def _compile(package: _Package, source: str, scratch: Path) -> str:
    scratch.mkdir(parents=True)
    for sibling in package.siblings:
        (scratch / sibling).symlink_to(package.directory / sibling)
    (scratch / package.file_name).write_text(source)
    (scratch / "importcfg").write_text(package.importcfg)
    files = [package.file_name, *package.siblings]
    command = [_go(), "tool", "compile", "-p", package.import_path, "-importcfg", "importcfg",
               "-trimpath", str(scratch), "-o", "_mutant.o", *files]  # fmt: skip
    run = subprocess.run(command, cwd=scratch, capture_output=True, env=_environment(package.directory))
    if run.returncode != 0:
        return _cache.NOT_COMPILING
    return hashlib.sha256((scratch / "_mutant.o").read_bytes()).hexdigest()


def _compile_batch(package: _Package, sources: list[str]) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="execrl-go-") as scratch:
        with ThreadPoolExecutor(PARALLEL_COMPILES) as pool:
            return list(pool.map(lambda item: _compile(package, item[1], Path(scratch) / str(item[0])),
                                 enumerate(sources)))  # fmt: skip


def _screen_in(package: _Package, source: str, mutants: Sequence[Mutant], root: Path) -> Screening:
    version = subprocess.run([_go(), "version"], capture_output=True, text=True, check=True).stdout.strip()
    neighbours = "".join((package.directory / name).read_text() for name in package.siblings)
    context = "\n".join([version, package.import_path, package.file_name, neighbours, package.importcfg])
    sources = [source, *(mutant.source for mutant in mutants)]
    cache = _cache.FingerprintCache("go", root)
    found = _cache.fingerprints(cache, context, sources, lambda batch: _compile_batch(package, batch))
    return _cache.screen_compiled(source, mutants, found, version)


def screen_go(
    source: str, mutants: Sequence[Mutant], path: Path | None = None, cache_root: Path | None = None
) -> Screening:
    """Compile the original and the mutants with the Go compiler and compare objects.

    ``path`` is the file ``source`` stands for, when it belongs to a package of several files (the other files are
    compiled with each mutant); without it ``source`` must be a package on its own, importing only the standard
    library.
    """
    root = cache_root or _cache.default_cache_dir()
    if path is not None:
        return _screen_in(_package(path.parent.resolve(), path.name), source, mutants, root)
    with tempfile.TemporaryDirectory(prefix="execrl-go-package-") as directory:
        (Path(directory) / "mutant.go").write_text(source)
        package = _package(Path(directory), "mutant.go")
        # a stand-alone file's import path names its temporary directory: use a fixed one so the cache hits
        return _screen_in(_Package(package.directory, "mutant.go", "mutant", (), package.importcfg),
                          source, mutants, root)  # fmt: skip
