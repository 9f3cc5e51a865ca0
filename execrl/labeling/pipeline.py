"""Labelling candidates by execution: per pair, the cached base (``base.py``); per candidate, one augmented run
with coverage, then the candidate's own tests against the mutants the base left alive on lines it covers.

    labeller = Labeller(executor, LabelConfig())
    for result in labeller.label(triples):        # any order; triples of one pair share one base
        result.labels                             # None when the pair or the candidate could not be labelled
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from execrl.labeling.base import (
    BaseCache,
    LiveMutant,
    PairBase,
    base_key,
    compute_base,
    coverage_of,
    mutant_limits,
    request,
    survives,
)
from execrl.labeling.records import Labels, Triple
from execrl.labeling.testfiles import test_file
from execrl.labeling.testfiles.base import belongs
from execrl.mutation._cache import default_cache_dir
from execrl.sandbox.base import Executor
from execrl.types import ExecResult, Limits, Outcome


@dataclass(frozen=True)
class LabelConfig:
    limits: Limits = field(default_factory=lambda: Limits(timeout_s=60.0, memory_mb=2048),
                           metadata={"help": "limits of one suite run (mutant runs scale down from the base run)"})
    max_mutants: int = field(default=40, metadata={"help": "mutants per focal file, sampled by hash"})
    max_seconds: float = field(default=30.0, metadata={"help": "triples whose labelling took longer are excluded"})
    # Above this many mutants to try, one candidate-only coverage run first tells which lines the candidate
    # itself reaches (the augmented run's coverage mixes in the base tests').
    narrow_above: int = 2
    cache_dir: Path = field(default_factory=lambda: default_cache_dir() / "labeling")


@dataclass(frozen=True)
class LabelResult:
    triple: Triple
    labels: Labels | None
    reason: str = ""  # why there are no labels, or why they are excluded

    @property
    def excluded(self) -> bool:
        return self.labels is None or bool(self.reason)


@dataclass
class _Candidate:
    """One triple in flight: its augmented test file, the runner's names of its tests, and what it cost."""

    triple: Triple
    augmented: str
    selected: tuple[str, ...]
    seconds: float = 0.0
    runs: int = 0
    watched: tuple[str, ...] = ()
    result: ExecResult | None = None
    to_try: tuple[LiveMutant, ...] = ()
    killed: int = 0  # of ``to_try``

    def charge(self, result: ExecResult, mutant: bool = False) -> ExecResult:
        self.seconds += result.duration_s
        self.runs += mutant
        return result


class Labeller:
    def __init__(self, executor: Executor, config: LabelConfig | None = None) -> None:
        self.executor = executor
        self.config = config or LabelConfig()
        self.cache = BaseCache(self.config.cache_dir)

    def label(self, triples: Iterable[Triple]) -> Iterator[LabelResult]:
        """Label triples pair by pair (each pair's runs go to the sandbox as batches, in parallel)."""
        ordered = sorted(triples, key=lambda triple: triple.pair_key)
        for _, group in itertools.groupby(ordered, key=lambda triple: triple.pair_key):
            yield from self.label_pair(list(group))

    def base(self, triple: Triple) -> PairBase:
        key = base_key(triple, self.config.max_mutants, self.config.limits)
        found = self.cache.get(key)
        if found is None:
            found = compute_base(triple, self.executor, self.config.limits, self.config.max_mutants)
            self.cache.put(key, found)
        return found

    def label_pair(self, triples: Sequence[Triple]) -> list[LabelResult]:
        base = self.base(triples[0])
        if not base.usable:
            return [LabelResult(triple, None, base.reason) for triple in triples]
        candidates = [self._prepare(triple) for triple in triples]
        self._run_augmented(candidates)
        running = [c for c in candidates if self._compiles_and_runs(c, base)]
        self._choose_mutants(running, base)
        self._run_mutants(running, base)
        return [self._result(c, base) for c in candidates]

    def _prepare(self, triple: Triple) -> _Candidate:
        syntax = test_file(triple.language)
        augmented = syntax.insert(triple.test_source, triple.candidate, triple.container)
        selected = syntax.runner_names(triple.test_path, augmented, triple.candidate_names, triple.container)
        return _Candidate(triple, augmented, selected)

    def _run_augmented(self, candidates: list[_Candidate]) -> None:
        limits = self.config.limits
        results = self.executor.run([request(c.triple, c.triple.focal_source, c.augmented, limits, coverage=True)
                                     for c in candidates])
        for candidate, result in zip(candidates, results, strict=True):
            candidate.result = candidate.charge(result)
            candidate.watched = tuple(t.name for t in result.tests if belongs(t.name, candidate.selected))

    @staticmethod
    def _compiles_and_runs(candidate: _Candidate, base: PairBase) -> bool:
        """Compiles, the candidate's tests ran and pass, and no test that passed before fails now."""
        result = candidate.result
        assert result is not None
        if result.outcome is not Outcome.OK or result.coverage is None or not candidate.watched:
            return False
        passed = {test.name for test in result.tests if test.passed}
        return all(name in passed for name in (*base.passing, *candidate.watched))

    def _choose_mutants(self, running: list[_Candidate], base: PairBase) -> None:
        """Alive mutants on lines the candidate may reach; narrowed by a candidate-only run when there are many."""
        for candidate in running:
            assert candidate.result is not None and candidate.result.coverage is not None
            candidate.to_try = _reachable(base.alive, candidate.result.coverage.covered, base.executable)
        wide = [c for c in running if len(c.to_try) > self.config.narrow_above]
        results = self.executor.run([request(c.triple, c.triple.focal_source, c.augmented, self.config.limits,
                                             coverage=True, only=c.selected) for c in wide])
        for candidate, result in zip(wide, results, strict=True):
            candidate.charge(result)
            if result.outcome is Outcome.OK and result.coverage is not None:
                candidate.to_try = _reachable(candidate.to_try, result.coverage.covered, base.executable)

    def _run_mutants(self, running: list[_Candidate], base: PairBase) -> None:
        limits = mutant_limits(self.config.limits, base.run_seconds)
        jobs = [(c, m) for c in running for m in c.to_try]
        results = self.executor.run([request(c.triple, m.source, c.augmented, limits, only=c.selected)
                                     for c, m in jobs])
        for (candidate, _), result in zip(jobs, results, strict=True):
            candidate.charge(result, mutant=True)
            candidate.killed += not survives(result, candidate.watched)

    def _result(self, candidate: _Candidate, base: PairBase) -> LabelResult:
        result = candidate.result
        assert result is not None
        runs = self._compiles_and_runs(candidate, base)
        after = coverage_of(result.coverage) if runs else base.coverage
        labels = Labels(runs, result.outcome.value, base.coverage, after, base.mutants, base.killed,
                        base.killed + candidate.killed, candidate.seconds, base.seconds, candidate.runs)
        over = candidate.seconds > self.config.max_seconds
        return LabelResult(candidate.triple, labels, f"labelling took {candidate.seconds:.1f} s" if over else "")


def _reachable(alive: Sequence[LiveMutant], covered: frozenset[int],
               executable: frozenset[int]) -> tuple[LiveMutant, ...]:
    return tuple(m for m in alive if m.line in covered or m.line not in executable)
