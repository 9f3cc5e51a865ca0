"""Java pairs from an unpacked source tree: which test pairs with which main file, what context travels with it,
and the upstream tarball unpacked when the mirror lacks the Debian part (no network: a tree built here); project
lists of one's own."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from execrl.errors import DataError
from execrl.labeling.sources import pairs_for, pinned
from execrl.labeling.sources.debian_go import go_pairs
from execrl.labeling.sources.debian_java import _unpack_upstream, project_pairs
from execrl.types import Language


def write(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text)


def project(tmp_path: Path) -> Path:
    base = tmp_path / "pkg" / "demo-1.0"
    write(base, "src/main/java/a/Calc.java", "package a;\nimport a.stream.Streams;\nclass Calc { Streams s; }\n")
    write(base, "src/main/java/a/Streams.java", "package a;\nclass Streams { Old o; }\n")
    write(base, "src/main/java/a/Old.java", "package a;\nclass Old {}\n")
    write(base, "src/main/java/a/stream/Streams.java", "package a.stream;\npublic class Streams {}\n")
    write(base, "src/main/java/a/Unused.java", "package a;\nclass Unused {}\n")
    write(base, "src/test/java/a/CalcTest.java", "package a;\nclass CalcTest { Calc c; TestUtils u; CalcBench b; }\n")
    write(base, "src/test/java/a/TestOld.java", "package a;\nclass TestOld { Old o; }\n")  # JUnit 3 naming
    write(base, "src/test/java/a/TestUtils.java", "package a;\nclass TestUtils {}\n")  # a helper, no Utils
    write(base, ".pc/fix.patch/src/main/java/a/Calc.java", "package a;\nclass Calc {}\n")  # quilt's backup
    write(base, "src/test/java/a/jmh/CalcBench.java", "package a.jmh;\nimport org.openjdk.jmh.annotations.*;\n")
    return tmp_path / "pkg"


def test_tests_pair_with_the_main_file_of_their_package_and_carry_what_they_reach(tmp_path: Path) -> None:
    pairs = {pair.test_path: pair for pair in project_pairs("demo", project(tmp_path))}
    assert sorted(pairs) == ["src/test/java/a/CalcTest.java", "src/test/java/a/TestOld.java"]
    calc = pairs["src/test/java/a/CalcTest.java"]
    assert calc.focal_path == "src/main/java/a/Calc.java" and calc.project == "debian:demo"
    # Both classes named Streams travel (either may be the one meant), Old through a.Streams, the test helper too.
    assert sorted(path for path, _ in calc.files) == ["src/main/java/a/Old.java", "src/main/java/a/Streams.java",
                                                      "src/main/java/a/stream/Streams.java",
                                                      "src/test/java/a/TestUtils.java"]
    assert pairs["src/test/java/a/TestOld.java"].focal_path == "src/main/java/a/Old.java"


def test_the_upstream_tarball_is_unpacked_when_apt_unpacked_nothing(tmp_path: Path) -> None:
    data = b"package a;\nclass Calc {}\n"
    with tarfile.open(tmp_path / "demo_1.0.orig.tar.gz", "w:gz") as archive:
        info = tarfile.TarInfo("demo-1.0/src/main/java/a/Calc.java")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    assert _unpack_upstream(tmp_path)
    assert (tmp_path / "demo-1.0/src/main/java/a/Calc.java").read_bytes() == data
    empty = tmp_path / "nothing"
    empty.mkdir()
    assert not _unpack_upstream(empty)  # no tarball and no unpacked tree: the package is skipped


def test_project_lists_can_come_from_a_directory_of_ones_own(tmp_path: Path) -> None:
    write(tmp_path, "python.txt", "# my projects\n\ntoolz==0.12.1\n  six==1.16.0  \n")
    assert pinned("python.txt", tmp_path) == ["toolz==0.12.1", "six==1.16.0"]
    assert "boltons==24.0.0" in pinned("python.txt")  # the shipped list by default


def test_a_missing_or_malformed_list_is_refused_before_anything_is_downloaded(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"no project list go\.txt in .*python\.txt, go\.txt"):
        pairs_for(Language.GO, tmp_path / "cache", tmp_path)
    with pytest.raises(DataError, match="'golang-foo-dev'"):
        next(go_pairs(["golang-foo-dev"]))  # the import path is missing: nothing is installed
