"""Where (focal file, test file) pairs come from: real projects, one source per language, each reading a pinned
list of names and versions: by default the lists shipped beside this module (``python.txt``, ``go.txt``,
``java.txt``), or the same files in a directory of your own (``execrl label build --sources DIR``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from execrl.errors import DataError
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


LIST_NAMES = {Language.PYTHON: "python.txt", Language.GO: "go.txt", Language.JAVA: "java.txt"}


def pinned(name: str, lists: Path = LISTS) -> list[str]:
    """The non-comment lines of a pinned list in the directory ``lists``."""
    path = lists / name
    if not path.is_file():
        raise DataError(f"no project list {name} in {lists} (a sources directory holds python.txt, go.txt and/or "
                        "java.txt in the format of the lists execrl ships)")
    lines = path.read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def pairs_for(language: Language, cache: Path, lists: Path = LISTS) -> Iterator[Pair]:
    """The pairs of the projects named in ``lists``/<language>.txt."""
    projects = pinned(LIST_NAMES[language], lists)  # read now: a missing list fails before any download
    if language is Language.PYTHON:
        from execrl.labeling.sources.pypi import pypi_pairs

        return pypi_pairs(projects, cache)
    if language is Language.GO:
        from execrl.labeling.sources.debian_go import go_pairs

        return go_pairs(projects)
    from execrl.labeling.sources.debian_java import java_pairs

    return java_pairs(projects, cache)
