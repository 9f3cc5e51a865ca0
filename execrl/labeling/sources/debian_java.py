"""Java pairs from Debian source packages (``java.txt``): ``src/test/java/com/x/CalcTest.java`` (or JUnit 3's
``TestCalc.java``) pairs with ``src/main/java/com/x/Calc.java``. The main sources the pair reaches (by simple class
name, transitively) travel with it, and so do the test tree's helper classes it reaches (``TestUtils``); a test
that needs anything beyond JUnit and the test libraries Debian ships (``java.py``'s ``_LIBRARIES``) fails its base
run and is skipped. Where the mirror lacks a package's Debian part, the upstream tarball is unpacked directly.

``apt-get source`` needs a deb-src entry: the builder writes ``/etc/apt/sources.list.d/execrl-deb-src.sources`` with
the URIs, suite and key of the first entry of ``debian.sources`` (read at run time) and updates apt once."""

from __future__ import annotations

import re
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

from execrl.errors import DataError
from execrl.labeling.sources import Pair
from execrl.types import Language

SOURCES = Path("/etc/apt/sources.list.d/debian.sources")
DEB_SRC = Path("/etc/apt/sources.list.d/execrl-deb-src.sources")
MAX_CONTEXT_FILES = 80  # a pair reaching more of its project is skipped: javac would dominate every run
_IDENTIFIER = re.compile(r"\b([A-Z]\w*)\b")


def ensure_deb_src() -> None:
    if DEB_SRC.exists():
        return
    fields = dict(line.split(": ", 1) for line in SOURCES.read_text().split("\n\n")[0].splitlines()
                  if ": " in line and not line.startswith("#"))
    suite = fields["Suites"].split()[0]
    DEB_SRC.write_text(f"Types: deb-src\nURIs: {fields['URIs']}\nSuites: {suite}\nComponents: main\n"
                       f"Signed-By: {fields['Signed-By']}\n")
    subprocess.run(["apt-get", "update", "-q"], capture_output=True, check=False)


def fetch_source(package: str, cache: Path) -> Path:
    """The unpacked source package (``apt-get source``, once) under ``cache``."""
    target = cache / "debian" / package
    if (target / ".complete").exists():
        return target
    ensure_deb_src()
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["apt-get", "source", "-q", package], cwd=target, capture_output=True, text=True)
    if done.returncode != 0 and not _unpack_upstream(target):
        raise DataError(f"apt-get source {package} failed: {done.stderr.strip()[-300:]}")
    (target / ".complete").touch()
    return target


def _unpack_upstream(target: Path) -> bool:
    """Whether a source tree is there, unpacking the upstream tarball ourselves if need be: some mirrors hold
    ``.orig.tar.*`` but not the Debian part, and ``apt-get source`` then unpacks nothing (the tests live upstream)."""
    if any(path.is_dir() for path in target.iterdir()):
        return True
    tarballs = sorted(target.glob("*.orig.tar.*"))
    if not tarballs:
        return False
    with tarfile.open(tarballs[0]) as archive:
        archive.extractall(target, filter="data")
    return True


Files = dict[str, list[tuple[str, str]]]  # simple class name -> (path, text) of every file declaring it


def _closure(start: str, classes: Files) -> list[str] | None:
    """Simple class names reachable from ``start``'s text through the project's own classes; None past the cap.
    Two files of one simple name (``lang3.Streams``, ``lang3.stream.Streams``) both travel: either may be meant."""
    seen: set[str] = set()
    frontier = set(_IDENTIFIER.findall(start)) & classes.keys()
    while frontier:
        name = frontier.pop()
        seen.add(name)
        if len(seen) > MAX_CONTEXT_FILES:
            return None
        text = "\n".join(source for _, source in classes[name])
        frontier |= (set(_IDENTIFIER.findall(text)) & classes.keys()) - seen
    return sorted(seen)


def _files(paths: Iterator[Path], base: Path) -> Files:
    found: Files = {}
    for path in sorted(paths):
        found.setdefault(path.stem, []).append((path.relative_to(base).as_posix(), path.read_text(errors="replace")))
    return found


def project_pairs(package: str, root: Path) -> Iterator[Pair]:
    tops = [p for p in root.iterdir() if p.is_dir()]
    if not tops:
        return
    base = tops[0]
    main = _files(_sources(base, "src/main/java"), base)
    tests = sorted(_sources(base, "src/test/java"))
    # Any test-tree class may be another test's helper (TestUtils, an abstract TestObjectPool base class).
    helpers = _files(iter(tests), base)
    context = {name: helpers.get(name, []) + main.get(name, []) for name in {*helpers, *main}}
    for test in tests:
        test_path = test.relative_to(base).as_posix()
        focal = _focal_of(test_path, main.get(_focal_name(test.stem), []))
        if focal is None:
            continue
        test_source = test.read_text(errors="replace")
        reached = _closure(focal[1] + test_source, context)
        if reached is None:
            continue
        files = tuple(file for name in reached for file in context[name] if file[0] not in (focal[0], test_path))
        yield Pair(f"debian:{package}", Language.JAVA, focal[0], focal[1], test_path, test_source, files)


def _sources(base: Path, tree: str) -> Iterator[Path]:
    """The ``.java`` files of one source tree, without quilt's patch backups (``.pc/``) or other hidden copies,
    and without JMH benchmarks (never unit tests; JMH is not installed)."""
    for path in base.rglob(f"{tree}/**/*.java"):
        parts = path.relative_to(base).parts
        if not any(part.startswith(".") for part in parts) and "org.openjdk.jmh" not in _head(path):
            yield path


def _head(path: Path) -> str:
    with path.open(errors="replace") as handle:
        return handle.read(4096)


def _focal_of(test_path: str, candidates: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The main file a test file tests: the one of its name in the test's own package."""
    package = test_path.rpartition("/")[0].replace("src/test/java", "src/main/java", 1)
    return next((found for found in candidates if found[0].rpartition("/")[0] == package), None)


def _focal_name(test_class: str) -> str:
    """``CalcTest`` and JUnit 3's ``TestCalc`` both test ``Calc``; any other class is not a test class."""
    if test_class.endswith("Test"):
        return test_class.removesuffix("Test")
    return test_class.removeprefix("Test") if test_class.startswith("Test") else ""


def java_pairs(packages: list[str], cache: Path) -> Iterator[Pair]:
    for package in packages:
        try:
            root = fetch_source(package, cache)
        except DataError:
            continue  # a package this mirror does not have: the statistics show which projects made it
        yield from project_pairs(package, root)
