"""Java pairs from Debian source packages (``java.txt``): ``src/test/java/com/x/CalcTest.java`` pairs with
``src/main/java/com/x/Calc.java``. The main sources the pair reaches (by simple class name, transitively) travel
with it, and so do the test tree's helper classes it reaches (``TestUtils``); a test that needs anything beyond
JUnit and Hamcrest fails its base run and is skipped.

``apt-get source`` needs a deb-src entry: the builder writes ``/etc/apt/sources.list.d/execrl-deb-src.sources`` with
the URIs, suite and key of the first entry of ``debian.sources`` (read at run time) and updates apt once."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from execrl.errors import DataError
from execrl.labeling.sources import Pair, pinned
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
    if done.returncode != 0:
        raise DataError(f"apt-get source {package} failed: {done.stderr.strip()[-300:]}")
    (target / ".complete").touch()
    return target


def _closure(start: str, classes: dict[str, tuple[str, str]]) -> list[str] | None:
    """Simple class names reachable from ``start``'s text through the project's own classes; None past the cap."""
    seen: set[str] = set()
    frontier = set(_IDENTIFIER.findall(start)) & classes.keys()
    while frontier:
        name = frontier.pop()
        seen.add(name)
        if len(seen) > MAX_CONTEXT_FILES:
            return None
        frontier |= (set(_IDENTIFIER.findall(classes[name][1])) & classes.keys()) - seen
    return sorted(seen)


def project_pairs(package: str, root: Path) -> Iterator[Pair]:
    tops = [p for p in root.iterdir() if p.is_dir()]
    if not tops:
        return
    base = tops[0]
    main = {p.stem: (p.relative_to(base).as_posix(), p.read_text(errors="replace"))
            for p in sorted(base.rglob("src/main/java/**/*.java"))}
    helpers = {p.stem: (p.relative_to(base).as_posix(), p.read_text(errors="replace"))
               for p in sorted(base.rglob("src/test/java/**/*.java")) if not p.stem.endswith("Test")}
    context = {**helpers, **main}
    for test in sorted(base.rglob("src/test/java/**/*Test.java")):
        focal_name = test.stem.removesuffix("Test")
        if focal_name not in main:
            continue
        focal_path, focal_source = main[focal_name]
        test_source = test.read_text(errors="replace")
        reached = _closure(focal_source + test_source, context)
        if reached is None:
            continue
        files = tuple(context[name] for name in reached if name != focal_name)
        yield Pair(f"debian:{package}", Language.JAVA, focal_path, focal_source, test.relative_to(base).as_posix(),
                   test_source, files)


def java_pairs(cache: Path) -> Iterator[Pair]:
    for package in pinned("java.txt"):
        try:
            root = fetch_source(package, cache)
        except DataError:
            continue  # a package this mirror does not have: the statistics show which projects made it
        yield from project_pairs(package, root)
