"""Python pairs from PyPI sdists (``python.txt``): ``tests/test_calc.py`` pairs with ``calc.py`` (or, failing
a module of that name, with the largest module the test file imports). Every other ``.py`` file of the sdist but
the test files, ``setup.py`` and documentation travels with the pair, at its path in the sdist."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from execrl.errors import DataError
from execrl.labeling.sources import Pair
from execrl.types import Language

MAX_PROJECT_BYTES = 1 << 20
_TEST = re.compile(r"(^|/)(test_[^/]*|[^/]*_test|tests?)\.py$")
_SKIPPED = re.compile(r"(^|/)(setup\.py|docs?/|examples?/|benchmarks?/|\.)")


def download(requirement: str, cache: Path) -> Path:
    """The sdist of ``requirement`` unpacked under ``cache`` (downloaded once)."""
    target = cache / "pypi" / requirement.replace("==", "-")
    if (target / ".complete").exists():
        return target
    archives = cache / "pypi" / "archives"
    archives.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                           requirement, "-d", str(archives)], capture_output=True, text=True)  # fmt: skip
    name = requirement.split("==")[0].lower().replace("-", "[-_]")
    found = [p for p in archives.iterdir() if re.match(rf"{name}-{re.escape(requirement.split('==')[1])}\.",
                                                        p.name.lower())]
    if not found:
        raise DataError(f"could not download the sdist of {requirement}: {done.stderr.strip()[-300:]}")
    _unpack(found[0], target)
    (target / ".complete").touch()
    return target


def _unpack(archive: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as opened:
            opened.extractall(target)
    else:
        with tarfile.open(archive) as opened:
            opened.extractall(target, filter="data")


def _python_files(root: Path) -> dict[str, str]:
    """Relative path -> text of the sdist's .py files, below its single top directory."""
    tops = [p for p in root.iterdir() if p.is_dir()]
    base = tops[0] if len(tops) == 1 else root
    files = {}
    for path in sorted(base.rglob("*.py")):
        relative = path.relative_to(base).as_posix()
        if not _SKIPPED.search(relative):
            files[relative] = path.read_text(errors="replace")
    return files


def _imported(test_source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(test_source)):
        if isinstance(node, ast.Import):
            names |= {part for alias in node.names for part in alias.name.split(".")}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= set(node.module.split(".")) | {alias.name for alias in node.names}
    return names


def _focal_for(test_path: str, test_source: str, modules: dict[str, str]) -> str | None:
    stem = PurePosixPath(test_path).stem
    wanted = stem.removeprefix("test_").removesuffix("_test")
    named = [path for path in modules if PurePosixPath(path).stem == wanted]
    if named:
        return named[0]
    try:
        imported = _imported(test_source)
    except SyntaxError:
        return None
    reached = [path for path in modules
               if PurePosixPath(path).stem in imported or (PurePosixPath(path).stem == "__init__"
                                                          and PurePosixPath(path).parent.name in imported)]
    return max(reached, key=lambda path: len(modules[path]), default=None)


def pypi_pairs(requirements: list[str], cache: Path) -> Iterator[Pair]:
    for requirement in requirements:
        files = _python_files(download(requirement, cache))
        if sum(len(text) for text in files.values()) > MAX_PROJECT_BYTES:
            continue
        tests = {path: text for path, text in files.items() if _TEST.search(path)}
        modules = {path: text for path, text in files.items() if path not in tests and "test" not in path}
        for test_path, test_source in tests.items():
            focal = _focal_for(test_path, test_source, modules)
            if focal is None:
                continue
            others = tuple((path, text) for path, text in files.items() if path not in tests and path != focal)
            yield Pair(f"pypi:{requirement}", Language.PYTHON, focal, modules[focal], test_path, test_source, others)
