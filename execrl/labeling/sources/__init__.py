"""Where (focal file, test file) pairs come from: real projects, one source per language, each reading a pinned
list of names and versions shipped beside this module (``python.txt``, ``go.txt``, ``java.txt``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from execrl.types import Language

LISTS = Path(__file__).parent


@dataclass(frozen=True)
class Pair:
    """A focal file and its test file in a project, with the other files needed to build and run them."""

    project: str
    language: Language
    focal_path: str
    focal_source: str
    test_path: str
    test_source: str
    files: tuple[tuple[str, str], ...]


def pinned(name: str) -> list[str]:
    """The non-comment lines of a pinned list."""
    lines = (LISTS / name).read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def pairs_for(language: Language, cache: Path) -> Iterator[Pair]:
    if language is Language.PYTHON:
        from execrl.labeling.sources.pypi import pypi_pairs

        return pypi_pairs(cache)
    if language is Language.GO:
        from execrl.labeling.sources.debian_go import go_pairs

        return go_pairs()
    from execrl.labeling.sources.debian_java import java_pairs

    return java_pairs(cache)
