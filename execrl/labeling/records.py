"""What labelling reads and writes: a ``Triple`` (focal file, test file, candidate test addition), its ``Labels``,
and the ``LabelledTriple`` row of the dataset (JSON lines; docs/LABELLING.md has the schema)."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from execrl.errors import DataError
from execrl.types import Language

SCHEMA_VERSION = 1


class CandidateKind(enum.Enum):
    """Where a candidate test addition comes from."""

    HELD_OUT = "held_out"  # a real test function of the file, removed from it and added back as the candidate
    WRONG_EXPECTED = "wrong_expected"  # a held-out test with the expected value of an assertion changed
    MISSING_API = "missing_api"  # a held-out test calling a function the focal code does not have
    SYNTAX_ERROR = "syntax_error"  # a held-out test with a closing bracket removed
    MODEL_WRITTEN = "model_written"  # written by a generation backend from the focal and test files


@dataclass(frozen=True)
class Triple:
    """One labelling question: does adding ``candidate`` to ``test_source`` make a better suite for the focal file?

    Paths are relative to the project's root as the sandbox lays it out (``TestSuite.focal``); ``files`` are the
    other files the project needs to build and run (sibling modules, a Go package's other files, conftest.py).
    ``candidate_names`` are the test functions the candidate defines.
    """

    triple_id: str
    project: str  # e.g. "pypi:inflection==0.5.1", "debian:golang-github-kr-text-dev"
    language: Language
    focal_path: str
    focal_source: str
    test_path: str
    test_source: str
    candidate: str
    candidate_names: tuple[str, ...]
    kind: CandidateKind
    files: tuple[tuple[str, str], ...] = ()
    container: str | None = None  # the test class the candidate goes into (Python, Java); None: top level

    @property
    def pair_key(self) -> str:
        """The content hash of everything but the candidate: triples sharing it share one base run."""
        return content_hash(self.language.value, self.focal_path, self.focal_source, self.test_path,
                            self.test_source, *(part for item in self.files for part in item))

    def to_json(self) -> dict[str, Any]:
        return {"triple_id": self.triple_id, "project": self.project, "language": self.language.value,
                "focal_path": self.focal_path, "focal_source": self.focal_source, "test_path": self.test_path,
                "test_source": self.test_source, "candidate": self.candidate,
                "candidate_names": list(self.candidate_names), "kind": self.kind.value,
                "files": [{"path": path, "text": text} for path, text in self.files], "container": self.container}

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> Triple:
        try:
            return cls(str(row["triple_id"]), str(row["project"]), Language(row["language"]), str(row["focal_path"]),
                       str(row["focal_source"]), str(row["test_path"]), str(row["test_source"]),
                       str(row["candidate"]), tuple(str(name) for name in row["candidate_names"]),
                       CandidateKind(row["kind"]), tuple((str(f["path"]), str(f["text"])) for f in row["files"]),
                       None if row.get("container") is None else str(row["container"]))
        except (KeyError, TypeError, ValueError) as error:
            raise DataError(f"not a triple row ({type(error).__name__}: {error}): "
                            f"{str(dict(row).get('triple_id', '?'))!r}") from None


@dataclass(frozen=True)
class Coverage:
    """Line (and, where measured, branch) coverage of the focal file by a suite."""

    lines: int
    covered: int
    branches: int | None = None
    covered_branches: int | None = None

    @property
    def line_rate(self) -> float:
        return self.covered / self.lines if self.lines else 1.0

    @property
    def branch_rate(self) -> float | None:
        if self.branches is None or self.covered_branches is None:
            return None
        return self.covered_branches / self.branches if self.branches else 1.0

    def to_json(self) -> dict[str, Any]:
        return {"lines": self.lines, "covered": self.covered, "branches": self.branches,
                "covered_branches": self.covered_branches}

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> Coverage:
        return cls(int(row["lines"]), int(row["covered"]), _optional_int(row.get("branches")),
                   _optional_int(row.get("covered_branches")))


@dataclass(frozen=True)
class Labels:
    """The execution verdict on one triple.

    ``compiles_and_runs``: the augmented suite compiles and every test of it passes on the unmutated focal file
    (the focal code is the oracle), tests that already failed without the candidate excepted. When it is False,
    the candidate adds nothing: ``after`` equals ``before`` for coverage and kill rate.
    Kill rate = killed mutants / mutants kept by screening (not equivalent, not a duplicate, compiling).
    """

    compiles_and_runs: bool
    outcome: str  # the augmented run's ``Outcome`` value ("ok", "compile_error", "syntax_error", ...)
    coverage_before: Coverage
    coverage_after: Coverage
    mutants: int  # kept by screening (and sampling): the kill rate's denominator
    killed_before: int
    killed_after: int
    seconds: float  # spent on this triple alone (augmented run + its mutant runs)
    base_seconds: float  # spent once on its (focal, test file) pair, shared by every candidate of the pair
    mutant_runs: int  # mutant executions this triple needed

    @property
    def line_delta(self) -> float:
        return self.coverage_after.line_rate - self.coverage_before.line_rate

    @property
    def coverage_rises(self) -> bool:
        return self.coverage_after.covered > self.coverage_before.covered or (
            (self.coverage_after.covered_branches or 0) > (self.coverage_before.covered_branches or 0))

    @property
    def kill_rate_before(self) -> float:
        return self.killed_before / self.mutants if self.mutants else 0.0

    @property
    def kill_rate_after(self) -> float:
        return self.killed_after / self.mutants if self.mutants else 0.0

    @property
    def kill_rises(self) -> bool:
        return self.killed_after > self.killed_before

    def to_json(self) -> dict[str, Any]:
        before, after = self.coverage_before, self.coverage_after
        return {
            "compiles_and_runs": self.compiles_and_runs, "outcome": self.outcome,
            "coverage_before": before.to_json(), "coverage_after": after.to_json(),
            "line_rate_before": before.line_rate, "line_rate_after": after.line_rate, "line_delta": self.line_delta,
            "branch_rate_before": before.branch_rate, "branch_rate_after": after.branch_rate,
            "coverage_rises": self.coverage_rises,
            "mutants": self.mutants, "killed_before": self.killed_before, "killed_after": self.killed_after,
            "kill_rate_before": self.kill_rate_before, "kill_rate_after": self.kill_rate_after,
            "kill_delta": self.kill_rate_after - self.kill_rate_before, "kill_rises": self.kill_rises,
            "seconds": round(self.seconds, 3), "base_seconds": round(self.base_seconds, 3),
            "mutant_runs": self.mutant_runs,
        }

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> Labels:
        return cls(bool(row["compiles_and_runs"]), str(row["outcome"]), Coverage.from_json(row["coverage_before"]),
                   Coverage.from_json(row["coverage_after"]), int(row["mutants"]), int(row["killed_before"]),
                   int(row["killed_after"]), float(row["seconds"]), float(row["base_seconds"]),
                   int(row["mutant_runs"]))


@dataclass(frozen=True)
class LabelledTriple:
    """One dataset row: the triple, its labels and its split. ``to_json`` is flat at the top level (the triple's
    fields, ``split``, ``labels``) so ``datasets.load_dataset("json", data_files=...)`` reads it as is."""

    triple: Triple
    labels: Labels
    split: str  # "train", "validation" or "test": by project, never one project in two splits

    def to_json(self) -> dict[str, Any]:
        return {"schema": SCHEMA_VERSION, **self.triple.to_json(), "split": self.split, "labels": self.labels.to_json()}

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> LabelledTriple:
        if row.get("schema") != SCHEMA_VERSION:
            raise DataError(f"labelled triple {row.get('triple_id')!r} has schema {row.get('schema')!r}, "
                            f"this execrl reads {SCHEMA_VERSION}")
        try:
            return cls(Triple.from_json(row), Labels.from_json(row["labels"]), str(row["split"]))
        except (KeyError, TypeError, ValueError) as error:
            raise DataError(f"labelled triple {row.get('triple_id')!r}: {type(error).__name__}: {error}") from None


def content_hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part.encode("utf-8", "surrogatepass")).digest())
    return digest.hexdigest()[:20]


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)
