"""Go pairs from Debian's golang-*-dev packages (``go.txt``): in each listed package directory under
/usr/share/gocode/src, ``calc.go`` pairs with ``calc_test.go``. The package's other non-test ``.go`` files travel
with the pair; its other test files do not (a test file that needs their helpers fails its base run and is
skipped). Paths are laid out as ``src/<import path>/...`` so the package imports its siblings in GOPATH mode."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from execrl.errors import DataError
from execrl.labeling.sources import Pair
from execrl.types import Language

GOCODE = Path("/usr/share/gocode/src")


def install(packages: list[str]) -> None:
    """apt-get install the Debian packages that are missing (needs root, as the sandbox itself does)."""
    missing = [name for name in packages
               if subprocess.run(["dpkg", "-s", name], capture_output=True).returncode != 0]
    if not missing:
        return
    if shutil.which("apt-get") is None:
        raise DataError(f"cannot install {', '.join(missing)}: no apt-get")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run(["apt-get", "install", "-y", "-q", *missing], capture_output=True, text=True,
                          env=environment)  # fmt: skip
    if done.returncode != 0:
        raise DataError(f"apt-get install {' '.join(missing)} failed: {done.stderr.strip()[-400:]}")


def _is_buildable(path: Path) -> bool:
    """Plain Go files only: no cgo, no build constraints that exclude linux/amd64 by name."""
    name = path.name
    if any(tag in name for tag in ("_windows", "_darwin", "_js", "_wasm", "_plan9", "_386", "_arm")):
        return False
    text = path.read_text(errors="replace")
    return 'import "C"' not in text and "//go:build ignore" not in text


def package_pairs(project: str, import_path: str) -> Iterator[Pair]:
    directory = GOCODE / import_path
    if not directory.is_dir():
        return
    sources = {p.name: p.read_text(errors="replace") for p in sorted(directory.glob("*.go")) if _is_buildable(p)}
    code = {name: text for name, text in sources.items() if not name.endswith("_test.go")}
    for name, text in code.items():
        test = name.removesuffix(".go") + "_test.go"
        if test not in sources:
            continue
        files = tuple((f"src/{import_path}/{other}", body) for other, body in code.items() if other != name)
        yield Pair(project, Language.GO, f"src/{import_path}/{name}", text, f"src/{import_path}/{test}",
                   sources[test], files)


def go_pairs(lines: list[str]) -> Iterator[Pair]:
    """``lines``: "debian-package import/path" each."""
    entries = [line.split() for line in lines]
    malformed = [line for line, entry in zip(lines, entries, strict=True) if len(entry) != 2]
    if malformed:
        raise DataError(f"a go.txt line must be 'debian-package import/path', got {malformed[0]!r}")
    install([package for package, _ in entries])
    for package, import_path in entries:
        yield from package_pairs(f"debian:{package}", import_path)
