"""Adversarial selection and suite reduction.

A test *discriminates* when it fails a program that the task's own tests let through: a mutant of the reference
(or a wrong model sample) that passes the original asserts. ``failing_tests`` runs programs against tests in the
sandbox and says which tests each program fails; ``survivors`` keeps the programs that pass the task's own tests.

``reduce_suite`` is greedy set cover: the fewest tests (greedily) that together still kill every mutant the full
suite kills and execute every reference line the full suite executes. Greedy cover is within a factor ln(n) of the
smallest cover; ties go to edge tests, then to the earlier test, so the result is deterministic.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from execrl.sandbox.base import Executor
from execrl.testgen.suite import EDGE
from execrl.types import ExecRequest, ExecResult, Limits, Outcome, Task, TestCase, TestStatus

KILLING = frozenset({TestStatus.FAILED, TestStatus.ERROR, TestStatus.TIMEOUT})


@dataclass(frozen=True)
class Trial:
    """Programs of one task to run against some tests."""

    task: Task
    programs: tuple[str, ...]
    tests: tuple[TestCase, ...]
    setup: str = ""  # trusted helpers the tests need beyond the task's own setup


def failing_tests(trials: Sequence[Trial], executor: Executor, limits: Limits) -> list[list[frozenset[str] | None]]:
    """For each trial, for each program: the names of the tests it fails (a test it never reached because its time
    budget ran out does not count), or None when the sandbox itself failed for that program."""
    requests = [ExecRequest(program, trial.tests, trial.task.entry_point, _setup(trial), limits=limits)
                for trial in trials for program in trial.programs]
    results = iter(executor.run(requests) if requests else [])
    return [[_failed(next(results)) for _ in trial.programs] for trial in trials]


def _setup(trial: Trial) -> str:
    setup = trial.task.test_setup
    if trial.setup and trial.setup not in setup:
        setup = f"{setup}\n{trial.setup}" if setup else trial.setup
    return setup


def _failed(result: ExecResult) -> frozenset[str] | None:
    if result.outcome is Outcome.INFRA_ERROR:
        return None
    if result.outcome in (Outcome.SYNTAX_ERROR, Outcome.COMPILE_ERROR) or not result.tests:
        return frozenset({"*"})  # fails everything: it never loaded
    named = frozenset(t.name for t in result.tests if t.status in KILLING)
    if result.outcome is Outcome.RUNTIME_ERROR and all(t.status is TestStatus.NOT_RUN for t in result.tests):
        return frozenset({"*"})  # crashed at import
    return named


def survivors(programs: Sequence[str], failures: Sequence[frozenset[str] | None]) -> list[int]:
    """Indices of the programs that failed none of the tests (a sandbox failure is not a survival)."""
    return [i for i, failed in enumerate(failures) if failed is not None and not failed]


def kills_by_test(failures: Sequence[frozenset[str] | None]) -> dict[str, frozenset[int]]:
    """Test name -> indices of the programs it kills."""
    kills: dict[str, set[int]] = {}
    for index, failed in enumerate(failures):
        for name in failed or ():
            kills.setdefault(name, set()).add(index)
    return {name: frozenset(indices) for name, indices in kills.items()}


def reduce_suite(tests: Sequence[TestCase], needs: Mapping[str, frozenset[Hashable]]) -> tuple[str, ...]:
    """Names of a small subset of ``tests`` covering the union of their ``needs`` (greedy set cover), in the
    order of ``tests``. ``needs[name]`` is what a test achieves: mutants it kills, lines it executes."""
    remaining = set().union(*needs.values()) if needs else set()
    order = {t.name: i for i, t in enumerate(tests)}
    chosen: list[str] = []
    candidates = [t for t in tests if needs.get(t.name)]
    while remaining and candidates:
        best = max(candidates, key=lambda t: (len(needs[t.name] & remaining), EDGE in t.tags, -order[t.name]))
        gained = needs[best.name] & remaining
        if not gained:
            break
        chosen.append(best.name)
        remaining -= gained
        candidates.remove(best)
    return tuple(sorted(chosen, key=order.__getitem__))
