"""The mutants a focal file's kill rate counts: the language's operator table, screened by compiling (equivalent,
duplicate and non-compiling mutants dropped: ``execrl.mutation``), then a deterministic sample of at most
``limit`` (every mutant costs one suite run, so a large file would otherwise cost minutes per pair).

Java and Go are compiled in context: Java against the project's other classes (compiled here once per pair), Go in
its package directory (Debian's own copy under /usr/share/gocode when the files are that package, unchanged).
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from execrl.mutation import Mutant, MutationError, Screening, mutants_for, screen
from execrl.types import Language

GOPATH_ROOT = Path("/usr/share/gocode")


SCREEN_MARGIN = 3  # mutants screened per one kept, per round: most compile and differ


def screened_mutants(language: Language, focal_path: str, focal_source: str, files: Sequence[tuple[str, str]],
                     limit: int) -> list[Mutant]:
    """Kept mutants of the focal file, at most ``limit``, chosen by hash (stable across runs and machines).

    Candidates are screened in hash order, a few times ``limit`` at a time, until ``limit`` are kept: a large
    file has thousands of candidates, and compiling them all to keep 20 cost minutes per pair. (Two duplicate
    mutants in different rounds both stay: rare, and harmless to a kill rate.)"""
    candidates = sorted(mutants_for(language, focal_source), key=_rank)
    kept: list[Mutant] = []
    step = max(1, limit * SCREEN_MARGIN)
    for start in range(0, len(candidates), step):
        if len(kept) >= limit:
            break
        kept += _screen(language, focal_path, focal_source, files, candidates[start:start + step]).kept
    kept = sorted(kept, key=_rank)[:limit]
    return sorted(kept, key=lambda mutant: (mutant.line, mutant.mutant_id))


def _rank(mutant: Mutant) -> str:
    return hashlib.sha256(mutant.mutant_id.encode()).hexdigest()


def _screen(language: Language, focal_path: str, focal_source: str, files: Sequence[tuple[str, str]],
            candidates: list[Mutant]) -> Screening:
    if language is Language.PYTHON:
        return screen(language, focal_source, candidates)
    if language is Language.JAVA:
        return _screen_java(focal_path, focal_source, files, candidates)
    return _screen_go(focal_path, focal_source, files, candidates)


def _screen_java(focal_path: str, focal_source: str, files: Sequence[tuple[str, str]],
                 mutants: list[Mutant]) -> Screening:
    from execrl.mutation.javac import screen_java

    sources = [(path, text) for path, text in files if path.endswith(".java") and "/test/" not in f"/{path}"]
    if not sources:
        return screen_java(focal_source, mutants)
    with tempfile.TemporaryDirectory(prefix="execrl-label-java-") as scratch:
        root = Path(scratch)
        for path, text in [*sources, (focal_path, focal_source)]:
            (root / "src" / path).parent.mkdir(parents=True, exist_ok=True)
            (root / "src" / path).write_text(text)
        names = [str(root / "src" / path) for path, _ in [*sources, (focal_path, focal_source)]]
        built = subprocess.run(["javac", "-proc:none", "-nowarn", "-encoding", "UTF-8", "-d", str(root / "classes"),
                                *names], capture_output=True, text=True)  # fmt: skip
        if built.returncode != 0:
            raise MutationError(f"the project around {focal_path} does not compile: {built.stderr[-500:]}")
        return screen_java(focal_source, mutants, classpath=(root / "classes",))


def _screen_go(focal_path: str, focal_source: str, files: Sequence[tuple[str, str]],
               mutants: list[Mutant]) -> Screening:
    from execrl.mutation.gocompile import screen_go

    installed = GOPATH_ROOT / focal_path
    package = Path(focal_path).parent
    siblings = [(path, text) for path, text in files if Path(path).parent == package and path.endswith(".go")]
    if installed.is_file() and all(_same(GOPATH_ROOT / path, text) for path, text in siblings) \
            and _same(installed, focal_source):
        return screen_go(focal_source, mutants, path=installed)
    with tempfile.TemporaryDirectory(prefix="execrl-label-go-") as scratch:
        for path, text in [*files, (focal_path, focal_source)]:
            (Path(scratch) / path).parent.mkdir(parents=True, exist_ok=True)
            (Path(scratch) / path).write_text(text)
        return screen_go(focal_source, mutants, path=Path(scratch) / focal_path)


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_text() == text
    except (OSError, UnicodeDecodeError):
        return False
