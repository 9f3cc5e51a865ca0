"""Compiled fingerprints on disk, one small file per (toolchain, context, mutant source) hash.

Compiling is the slow part of screening Java and Go mutants; the same mutant source compiled by the same toolchain
in the same context always gives the same fingerprint, so each is computed once per machine. One file per entry
(written to a temporary name, then renamed) lets concurrent screens share the cache without locks.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path

from execrl.mutation.base import Mutant, MutationError
from execrl.mutation.screen import Screening, screen_by_fingerprint

CACHE_VARIABLE = "EXECRL_CACHE_DIR"
NOT_COMPILING = "not-compiling"  # stored in place of a fingerprint


def default_cache_dir() -> Path:
    configured = os.environ.get(CACHE_VARIABLE)
    return Path(configured) if configured else Path.home() / ".cache" / "execrl"


def content_key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part.encode()).digest())
    return digest.hexdigest()


class FingerprintCache:
    def __init__(self, language: str, root: Path | None = None) -> None:
        self.directory = (root or default_cache_dir()) / "mutation" / language

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / key

    def get(self, key: str) -> str | None:
        """The stored fingerprint (or ``NOT_COMPILING``); ``None`` when never computed."""
        try:
            return self._path(key).read_text()
        except FileNotFoundError:
            return None

    def put(self, key: str, fingerprint: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w") as file:
            file.write(fingerprint)
        os.replace(temporary, path)


def fingerprints(
    cache: FingerprintCache, context: str, sources: list[str], compile_batch: Callable[[list[str]], list[str]]
) -> list[str]:
    """The fingerprint of each source, compiling only those the cache does not hold (in one batch)."""
    keys = [content_key(context, source) for source in sources]
    found = {key: cache.get(key) for key in set(keys)}
    missing = sorted({source for key, source in zip(keys, sources, strict=True) if found[key] is None})
    for source, fingerprint in zip(missing, compile_batch(missing) if missing else [], strict=True):
        key = content_key(context, source)
        cache.put(key, fingerprint)
        found[key] = fingerprint
    return [found[key] or NOT_COMPILING for key in keys]


def screen_compiled(original: str, mutants: Sequence[Mutant], fingerprints_: list[str], toolchain: str) -> Screening:
    """Verdicts once the original (first) and every mutant have a fingerprint."""
    if fingerprints_[0] == NOT_COMPILING:
        raise MutationError(f"the original does not compile with {toolchain}: {original[:80]!r}...")
    marks: list[Hashable | None] = [None if f == NOT_COMPILING else f for f in fingerprints_[1:]]
    return screen_by_fingerprint(fingerprints_[0], mutants, marks)
