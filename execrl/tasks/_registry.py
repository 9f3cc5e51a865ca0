"""Names of task sources and file formats, each registered once.

A second registration under a taken name is refused rather than silently replacing the first, so two plugins that
pick the same name fail loudly at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from execrl.errors import ConfigError
from execrl.sandbox.base import Executor
from execrl.tasks._files import DataFile
from execrl.types import Task


@dataclass(frozen=True)
class LoadOptions:
    """What a loader may need besides the data: an executor for computed outputs, and where to cache them."""

    executor: Executor | None = None
    cache_dir: Path | None = None


SourceLoader = Callable[[LoadOptions], list[Task]]  # a named data set, found by the loader itself
FileLoader = Callable[[DataFile, LoadOptions], list[Task]]  # the records of a file in one format


@dataclass(frozen=True)
class FileFormat:
    """A file is in this format when its first record has all of ``fields``."""

    name: str
    fields: frozenset[str]
    load: FileLoader


T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, T] = {}

    def add(self, name: str, entry: T) -> None:
        if name in self._entries:
            raise ConfigError(f"{self.kind} {name!r} is already registered")
        self._entries[name] = entry

    def get(self, name: str) -> T:
        try:
            return self._entries[name]
        except KeyError:
            raise ConfigError(f"unknown {self.kind} {name!r}; known: {', '.join(self.names())}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def names(self) -> tuple[str, ...]:
        return tuple(self._entries)

    def entries(self) -> tuple[T, ...]:
        return tuple(self._entries.values())
