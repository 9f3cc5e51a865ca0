"""tests.jsonl: round trip, resume after a torn write, and tasks with their generated tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from execrl.errors import DataError
from execrl.testgen.store import append_suites, read_suites, with_generated_tests
from execrl.testgen.suite import GeneratedSuite, SuiteStats
from execrl.types import Task, TestCase

SUITE = GeneratedSuite(
    "t/0", "abc123",
    (TestCase("gen_0", inputs=((1, 2), {3: {4.5}}, [None]), expected=(True, b"x"), atol=1e-6,
              tags=frozenset({"edge", "adversarial"})),
     TestCase("gen_1", code="try:\n    candidate(*(0,))\nexcept ValueError:\n    pass", tags=frozenset({"raises"})),
     TestCase("gen_2", inputs=(2**5000,), expected=-(2**5000))),
    reduced=("gen_0",), setup="def helper(): pass", stats=SuiteStats(seeds=3, candidates=9, killed=1))
TASK = Task("t/0", "", "f", "def f(*a): return a", (TestCase("test_0", code="assert f(1) == (1,)"),),
            plus_tests=(TestCase("plus_0", inputs=(5,), expected=(5,)),), test_setup="import math")


def test_round_trip_keeps_types(tmp_path: Path) -> None:
    path = tmp_path / "tests.jsonl"
    append_suites(path, [SUITE])
    assert read_suites(path) == {"t/0": SUITE}


def test_torn_last_line_is_cut_and_later_rows_win(tmp_path: Path) -> None:
    path = tmp_path / "tests.jsonl"
    newer = GeneratedSuite("t/0", "def456", SUITE.tests[:1], ("gen_0",))
    append_suites(path, [SUITE, newer])
    with path.open("a") as handle:
        handle.write('{"task_id": "t/1", "tes')
    assert read_suites(path) == {"t/0": newer}
    assert path.read_text().endswith("\n")


def test_a_bad_line_in_the_middle_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "tests.jsonl"
    path.write_text("not json\n")
    append_suites(path, [SUITE])
    with pytest.raises(DataError, match="tests.jsonl:1"):
        read_suites(path)


def test_with_generated_tests_replaces_or_extends_plus_tests(tmp_path: Path) -> None:
    path = tmp_path / "tests.jsonl"
    append_suites(path, [SUITE])
    other = Task("t/9", "", "g", "", (TestCase("t", code="assert True"),))
    full, untouched = with_generated_tests([TASK, other], path)
    assert [t.name for t in full.plus_tests] == ["gen_0", "gen_1", "gen_2"]
    assert full.test_setup == "import math\ndef helper(): pass"
    assert untouched == other
    [reduced] = with_generated_tests([TASK], path, reduced=True, keep_plus=True)
    assert [t.name for t in reduced.plus_tests] == ["plus_0", "gen_0"]
    [in_domain] = with_generated_tests([TASK], path, exclude=frozenset({"raises", "edge"}))
    assert [t.name for t in in_domain.plus_tests] == ["gen_2"]


def test_suites_of_unknown_tasks_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "tests.jsonl"
    append_suites(path, [SUITE])
    with pytest.raises(DataError, match="t/0"):
        with_generated_tests([], path)
