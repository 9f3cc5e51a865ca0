"""The test-generation pipeline for a batch of tasks: propose, judge, validate, attack with mutants, reduce.

1. ``candidates_for``: boundary values, seed mutations, hypothesis draws, docstring calls (plus model-proposed
   tests, if given);
2. ``oracle.judge``: the reference's value on each input becomes its expected output;
3. ``oracle.validate``: the reference runs the finished tests once more, traced; what it does not pass is dropped;
4. mutants of the reference (``execrl.mutation.python.python_mutants``) run against the task's own tests; the
   survivors run against the generated tests, and a test that kills one is tagged ``adversarial``;
5. the full suite keeps at most ``max_tests`` tests (adversarial first, then edge cases, then the rest in order);
   the reduced suite is a greedy set cover of the full suite's kills and covered lines.

Each step is one ``executor.run`` call for the whole batch, so the sandbox's workers run tasks in parallel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from execrl.mutation.base import Mutant
from execrl.sandbox.base import Executor
from execrl.testgen import oracle
from execrl.testgen.candidates import candidates_for, distinct
from execrl.testgen.select import Trial, failing_tests, kills_by_test, reduce_suite, survivors
from execrl.testgen.suite import ADVERSARIAL, EDGE, Candidate, GeneratedSuite, SuiteStats, TestgenConfig, task_sha
from execrl.types import Limits, Task, TestCase

MutantSource = Callable[[str], Sequence[Mutant]]
_MAX_MUTANT_REQUEST_S = 20.0


@dataclass(frozen=True)
class _Draft:
    """One task between the steps."""

    task: Task
    seeds: int
    candidates: tuple[Candidate, ...]
    tests: tuple[TestCase, ...] = ()
    setup: str = ""
    dropped: int = 0
    unstable: int = 0
    lines: Mapping[str, frozenset[int]] | None = None


def generate_batch(tasks: Sequence[Task], executor: Executor, config: TestgenConfig, *,
                   mutants: MutantSource | None = None,
                   proposed: Mapping[str, Sequence[Candidate]] | None = None) -> list[GeneratedSuite]:
    """The generated suite of every task, in order. ``mutants`` makes a reference's mutants (default:
    ``python_mutants``; ignored when ``config.mutants`` is off); ``proposed`` adds candidates per task id."""
    if not tasks:
        return []
    drafts = [_propose(task, config, (proposed or {}).get(task.task_id, ())) for task in tasks]
    drafts = _judge(drafts, executor, config)
    if config.mutants:
        return _attack(drafts, executor, config, mutants or default_mutants)
    return [_finish(draft, config, {}, SuiteStats()) for draft in drafts]


def _propose(task: Task, config: TestgenConfig, proposed: Sequence[Candidate]) -> _Draft:
    seeds, candidates = candidates_for(task, config)
    return _Draft(task, len(seeds), tuple(candidates) + tuple(distinct(proposed, seeds)))


def _judge(drafts: Sequence[_Draft], executor: Executor, config: TestgenConfig) -> list[_Draft]:
    busy = [d for d in drafts if d.candidates]
    judged = oracle.judge([(d.task, d.candidates) for d in busy], executor, config) if busy else []
    with_tests = {d.task.task_id: replace(d, tests=j.tests, setup=j.setup, dropped=j.dropped)
                  for d, j in zip(busy, judged, strict=True)}
    ready = [d for d in with_tests.values() if d.tests]
    validated = oracle.validate([(d.task, d.tests, d.setup) for d in ready], executor, config) if ready else []
    for draft, valid in zip(ready, validated, strict=True):
        with_tests[draft.task.task_id] = replace(draft, tests=valid.tests, unstable=valid.unstable, lines=valid.lines)
    return [with_tests.get(d.task.task_id, d) for d in drafts]


def _attack(drafts: Sequence[_Draft], executor: Executor, config: TestgenConfig,
            make_mutants: MutantSource) -> list[GeneratedSuite]:
    sources = [mutant_sources(d.task, make_mutants, config.max_mutants) for d in drafts]
    base = failing_tests([Trial(d.task, s, d.task.tests) for d, s in zip(drafts, sources, strict=True)], executor,
                         mutant_limits(config, max((len(d.task.tests) for d in drafts), default=1)))
    alive = [tuple(s[i] for i in survivors(s, f)) for s, f in zip(sources, base, strict=True)]
    trials = [Trial(d.task, a if d.tests else (), d.tests, d.setup) for d, a in zip(drafts, alive, strict=True)]
    generated = failing_tests(trials, executor, mutant_limits(config, max(len(d.tests) for d in drafts)))
    suites = []
    for draft, mutants, living, failures in zip(drafts, sources, alive, generated, strict=True):
        kills = kills_by_test(failures)
        suites.append(_finish(draft, config, kills, SuiteStats(mutants=len(mutants), survivors=len(living))))
    return suites


def default_mutants(source: str) -> Sequence[Mutant]:
    from execrl.mutation.python import python_mutants  # the operator tables load only when mutants are wanted

    return python_mutants(source)


def mutant_sources(task: Task, make_mutants: MutantSource, limit: int) -> tuple[str, ...]:
    """Up to ``limit`` mutants' sources, evenly spread over the list (so over the reference's lines)."""
    try:
        sources = [mutant.source for mutant in make_mutants(task.reference)]
    except ValueError:  # MutationError: a reference that does not parse has no mutants
        return ()
    if len(sources) <= limit:
        return tuple(sources)
    step = len(sources) / limit
    return tuple(sources[int(i * step)] for i in range(limit))


def mutant_limits(config: TestgenConfig, tests: int) -> Limits:
    total = min(_MAX_MUTANT_REQUEST_S, tests * config.mutant_timeout_s + 2.0)
    return Limits(timeout_s=total, test_timeout_s=config.mutant_timeout_s, memory_mb=1024)


def _finish(draft: _Draft, config: TestgenConfig, kills: Mapping[str, frozenset[int]],
            stats: SuiteStats) -> GeneratedSuite:
    tests = tuple(replace(t, tags=t.tags | {ADVERSARIAL}) if kills.get(t.name) else t for t in draft.tests)
    tests = _capped(tests, config.max_tests)
    lines = draft.lines or {}
    needs = {t.name: frozenset(("mutant", i) for i in kills.get(t.name, ())) |
             frozenset(("line", n) for n in lines.get(t.name, ())) for t in tests}
    covered = set().union(*(lines.get(t.name, frozenset()) for t in tests))
    killed = set().union(*(kills.get(t.name, frozenset()) for t in tests))
    note = "" if draft.candidates else "no seed inputs and no usable type hints: nothing to mutate"
    stats = replace(stats, seeds=draft.seeds, candidates=len(draft.candidates), dropped=draft.dropped,
                    unstable=draft.unstable, lines=len(covered), killed=len(killed), note=note)
    return GeneratedSuite(draft.task.task_id, task_sha(draft.task, config), tests, reduce_suite(tests, needs),
                          draft.setup, stats)


def _capped(tests: tuple[TestCase, ...], limit: int) -> tuple[TestCase, ...]:
    if len(tests) <= limit:
        return tests
    rank = {t.name: (ADVERSARIAL not in t.tags, EDGE not in t.tags, i) for i, t in enumerate(tests)}
    kept = set(sorted(rank, key=rank.__getitem__)[:limit])
    return tuple(t for t in tests if t.name in kept)
