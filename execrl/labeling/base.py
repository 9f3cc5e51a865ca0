"""The part of labelling shared by every candidate of one (focal file, test file) pair, computed once and cached
by content hash: the base suite's run with coverage and its kill matrix.

Mutants whose line is executable but covered by no test of the suite are never run: they survive, and count in
the denominator. A mutant on a line the coverage tool does not call executable (inside a multi-line statement)
is run, since its coverage is unknown. Each covered mutant runs the whole base suite (the sandbox does not
measure which test covers which line), and is killed when the run fails, or a test that passed on the
original does not pass on it.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from execrl.labeling.records import Coverage, Triple, content_hash
from execrl.labeling.screening import screened_mutants
from execrl.sandbox.base import Executor
from execrl.types import ExecRequest, ExecResult, FileCoverage, Limits, Outcome, TestSuite

CACHE_VERSION = "1"


@dataclass(frozen=True)
class LiveMutant:
    """A mutant the base suite left alive, kept for the candidates to try."""

    mutant_id: str
    line: int
    source: str


@dataclass(frozen=True)
class PairBase:
    """What every candidate of a pair starts from. ``usable`` is False when the base suite does not run on the
    original (then no candidate of the pair can be labelled; ``reason`` says why)."""

    usable: bool
    reason: str
    coverage: Coverage
    executable: frozenset[int]
    covered: frozenset[int]
    passing: tuple[str, ...]  # tests passing on the original: the ones whose failure kills a mutant
    mutants: int
    killed: int
    alive: tuple[LiveMutant, ...]
    seconds: float
    run_seconds: float  # one base run without coverage: what mutant time limits scale from

    def to_json(self) -> dict[str, Any]:
        return {"usable": self.usable, "reason": self.reason, "coverage": self.coverage.to_json(),
                "executable": sorted(self.executable), "covered": sorted(self.covered), "passing": list(self.passing),
                "mutants": self.mutants, "killed": self.killed,
                "alive": [{"id": m.mutant_id, "line": m.line, "source": m.source} for m in self.alive],
                "seconds": self.seconds, "run_seconds": self.run_seconds}

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> PairBase:
        return cls(bool(row["usable"]), str(row["reason"]), Coverage.from_json(row["coverage"]),
                   frozenset(row["executable"]), frozenset(row["covered"]), tuple(row["passing"]),
                   int(row["mutants"]), int(row["killed"]),
                   tuple(LiveMutant(m["id"], int(m["line"]), m["source"]) for m in row["alive"]),
                   float(row["seconds"]), float(row["run_seconds"]))


def unusable(reason: str, seconds: float = 0.0) -> PairBase:
    return PairBase(False, reason, Coverage(0, 0), frozenset(), frozenset(), (), 0, 0, (), seconds, 0.0)


def coverage_of(found: FileCoverage | None) -> Coverage:
    if found is None:
        return Coverage(0, 0)
    return Coverage(len(found.lines), len(found.covered), found.branches, found.covered_branches)


def request(triple: Triple, program: str, test_source: str, limits: Limits, coverage: bool = False,
            only: tuple[str, ...] = ()) -> ExecRequest:
    files = (*triple.files, (triple.test_path, test_source))
    return ExecRequest(program, files=files, limits=limits, language=triple.language,
                       suite=TestSuite(triple.focal_path, coverage=coverage, only_tests=only))


def mutant_limits(limits: Limits, run_seconds: float) -> Limits:
    """A mutant that loops is killed by its time limit: a few times the original's run, within the request's."""
    return Limits(timeout_s=min(limits.timeout_s, max(10.0, 4 * run_seconds + 5)), memory_mb=limits.memory_mb)


def survives(result: ExecResult, watched: Sequence[str]) -> bool:
    """A mutant survives a run when the run completes and every watched test still passes."""
    if result.outcome is not Outcome.OK:
        return False
    statuses = {test.name: test.passed for test in result.tests}
    return all(statuses.get(name, False) for name in watched)


class BaseCache:
    """One JSON file per pair under ``root``: written to a temporary name, then renamed (concurrent-safe)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> PairBase | None:
        try:
            return PairBase.from_json(json.loads(self._path(key).read_text()))
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, base: PairBase) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w") as file:
            json.dump(base.to_json(), file)
        os.replace(temporary, path)


def base_key(triple: Triple, max_mutants: int, limits: Limits) -> str:
    return content_hash(CACHE_VERSION, triple.pair_key, str(max_mutants), str(limits.timeout_s), str(limits.memory_mb))


def compute_base(triple: Triple, executor: Executor, limits: Limits, max_mutants: int) -> PairBase:
    """Run the base suite (with coverage, then plain for timing), screen the mutants, run the covered ones."""
    started = time.monotonic()
    with_coverage, plain = executor.run([request(triple, triple.focal_source, triple.test_source, limits, True),
                                         request(triple, triple.focal_source, triple.test_source, limits)])
    if with_coverage.outcome is not Outcome.OK or with_coverage.coverage is None:
        error = with_coverage.error.summary() if with_coverage.error else ""
        return unusable(f"base suite {with_coverage.outcome.value}: {error[:300]}", time.monotonic() - started)
    passing = tuple(test.name for test in with_coverage.tests if test.passed)
    if not passing:
        return unusable("no test of the base suite passes", time.monotonic() - started)
    try:
        mutants = screened_mutants(triple.language, triple.focal_path, triple.focal_source, triple.files, max_mutants)
    except Exception as error:  # noqa: BLE001 - any screening failure makes the pair unusable, with its reason
        return unusable(f"screening failed: {type(error).__name__}: {str(error)[:300]}", time.monotonic() - started)
    found = with_coverage.coverage
    run = [m for m in mutants if m.line in found.covered or m.line not in found.lines]
    slow = mutant_limits(limits, plain.duration_s)
    results = executor.run([request(triple, m.source, triple.test_source, slow) for m in run])
    alive_run = {m.mutant_id for m, result in zip(run, results, strict=True) if survives(result, passing)}
    ran = {m.mutant_id for m in run}
    alive = tuple(LiveMutant(m.mutant_id, m.line, m.source) for m in mutants
                  if m.mutant_id in alive_run or m.mutant_id not in ran)
    return PairBase(True, "", coverage_of(found), frozenset(found.lines), frozenset(found.covered), passing,
                    len(mutants), len(mutants) - len(alive), alive, time.monotonic() - started, plain.duration_s)

