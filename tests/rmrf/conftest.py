"""A tiny hand-made dataset in the labelling pipeline's schema, for unit tests only: its labels follow the rules
the pipeline applies (a broken candidate neither runs nor adds anything) but were never measured. No figure in
the docs comes from it."""

from __future__ import annotations

import pytest

from execrl.labeling.records import CandidateKind, Coverage, LabelledTriple, Labels, Triple
from execrl.types import Language

FOCAL = '''def parse(text):
    return int(text)


def double(x):
    return 2 * x


def clamp(x, low, high):
    if x < low:
        return low
    if x > high:
        return high
    return x
'''
TESTS = '''from focal import parse


def test_parse():
    assert parse("1") == 1
'''
CANDIDATES = {  # kind -> (candidate, runs, coverage rises, kill rises)
    "new_function": ('def test_double{i}():\n    assert double({i}) == {twice}\n', True, True, True),
    "repeat": ('def test_parse{i}():\n    assert parse("{i}") == {i}\n', True, False, False),
    "missing": ('def test_triple{i}():\n    assert triple({i}) == {twice}\n', False, False, False),
    "syntax": ('def test_clamp{i}():\n    assert clamp({i}, 0, 1 == 1\n', False, False, False),
    "branch": ('def test_clamp{i}():\n    assert clamp({i}, 0, 1) == 1\n', True, True, False),
}
KINDS = {"missing": CandidateKind.MISSING_API, "syntax": CandidateKind.SYNTAX_ERROR}


def labels(runs: bool, coverage: bool, kills: bool) -> Labels:
    before = Coverage(10, 2)
    after = Coverage(10, 6) if coverage else before
    return Labels(runs, "ok" if runs else "runtime_error", before, after, 8, 2, 3 if kills else 2, 0.9, 1.5, 4)


def make_rows(projects: int = 4, per_kind: int = 3) -> list[LabelledTriple]:
    splits = ["train", "train", "validation", "test"]
    rows = []
    for p in range(projects):
        for kind, (template, runs, coverage, kills) in CANDIDATES.items():
            for i in range(2, 2 + per_kind):
                candidate = template.format(i=i, twice=2 * i)
                name = candidate.split("(")[0].removeprefix("def ")
                triple = Triple(f"p{p}-{kind}-{i}", f"project-{p}", Language.PYTHON, "focal.py", FOCAL,
                                "test_focal.py", TESTS, candidate, (name,), KINDS.get(kind, CandidateKind.HELD_OUT))
                rows.append(LabelledTriple(triple, labels(runs, coverage, kills), splits[p % len(splits)]))
    return rows


@pytest.fixture
def rows() -> list[LabelledTriple]:
    return make_rows()
