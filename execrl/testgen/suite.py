"""The data of test generation: the options, a candidate input, and a task's generated suite.

A generated test is an ordinary ``TestCase(inputs=..., expected=..., atol=..., tags=...)`` (or, for an expected
exception or a special oracle, a ``TestCase(code=...)``), so the sandbox, the evaluator and the rewards read it
unchanged. Tags say where a test came from and what it is for:

=============== =================================================================================================
``edge``         a boundary value (empty, zero, one, minus one, single element, sorted, large): read by the
                 ``edge`` reward component
``mutation``     a type-aware mutation of a seed input (``crossover``: arguments of two seeds combined)
``property``     drawn by hypothesis from strategies inferred from the seeds
``docstring``    a call written in the prompt's examples
``hint``         drawn from the entry point's type hints (tasks without usable seeds)
``model``        proposed by a model and passed by the reference (CodeT-style)
``raises``       the reference raises a builtin exception on purpose here; the test expects the same exception
``adversarial``  kills a mutant of the reference that the task's own tests let through
``beyond_seeds`` leaves the domain the seeds suggest (a negative number where all seeds were >= 0, an empty
                 container where none was): an edge case if the task allows it, unfair if its text rules it out
=============== =================================================================================================
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from execrl.tasks._values import dumps
from execrl.types import Task, TestCase

TESTGEN_VERSION = 4  # bump when generation changes what a configuration produces: cached suites are then redone
EDGE = "edge"
ADVERSARIAL = "adversarial"
RAISES = "raises"
BEYOND_SEEDS = "beyond_seeds"


@dataclass(frozen=True)
class TestgenConfig:
    """How many inputs of each kind to try per task, and how to judge them."""

    __test__ = False  # not a pytest class

    seed: int = 0
    mutations: int = 60  # type-aware mutations of the seeds
    properties: int = 30  # hypothesis draws (0: no hypothesis needed)
    boundaries: bool = True  # edge-case values per parameter
    max_tests: int = 150  # the full suite keeps at most this many tests (adversarial and edge tests first)
    test_timeout_s: float = 1.0  # per input, for the reference and for each mutant
    expect_exceptions: bool = True  # keep inputs on which the reference raises on purpose, as `raises` tests
    mutants: bool = True  # run mutants of the reference to find adversarial tests and to reduce the suite
    max_mutants: int = 80  # per task, spread over the reference
    # Per test for a mutant: mutants often loop forever, and each such test costs this much. References of the
    # benchmarks answer in microseconds, so a mutant slower than this is as good as wrong.
    mutant_timeout_s: float = 0.25
    model: str = ""  # the model whose proposed tests were added ("" = none): part of the cache key

    def __post_init__(self) -> None:
        for name in ("mutations", "properties", "max_tests", "max_mutants"):
            if getattr(self, name) < 0:
                raise ValueError(f"TestgenConfig.{name} must be >= 0, got {getattr(self, name)!r}")
        for name in ("test_timeout_s", "mutant_timeout_s"):
            if getattr(self, name) <= 0:
                raise ValueError(f"TestgenConfig.{name} must be positive, got {getattr(self, name)!r}")


@dataclass(frozen=True)
class Candidate:
    """An input to try: the arguments, where they came from, and (model tests) the output the model claimed."""

    args: tuple[Any, ...]
    tags: frozenset[str]
    claimed: tuple[Any, ...] | None = None  # (expected,) when a model asserted the output


@dataclass(frozen=True)
class SuiteStats:
    """Counts along the way, for reports: what was tried, dropped, and what the mutants showed."""

    seeds: int = 0
    candidates: int = 0
    dropped: int = 0  # the reference raised (not on purpose), timed out, broke the contract or gave a huge value
    unstable: int = 0  # passed by the reference once, failed the second time (non-determinism)
    mutants: int = 0
    survivors: int = 0  # mutants the task's own tests let through
    killed: int = 0  # survivors the full suite kills
    lines: int = 0  # reference lines the full suite covers
    note: str = ""  # why a task got no tests, or what was left out

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GeneratedSuite:
    """The generated tests of one task: ``tests`` is the full suite (evaluation), ``reduced`` names the small
    suite with the same mutant kills and line coverage (RL rewards)."""

    task_id: str
    task_sha: str  # content hash of the task and configuration this suite was generated from
    tests: tuple[TestCase, ...]
    reduced: tuple[str, ...]
    setup: str = ""  # trusted helpers some oracle tests need, added to the task's test_setup
    stats: SuiteStats = SuiteStats()

    def reduced_tests(self) -> tuple[TestCase, ...]:
        kept = set(self.reduced)
        return tuple(test for test in self.tests if test.name in kept)


def task_sha(task: Task, config: TestgenConfig) -> str:
    """What a suite depends on: the task's reference, entry point, tests, contract, and the configuration."""
    tests = [[t.name, t.code, None if t.inputs is None else dumps(t.inputs), sorted(t.tags)] for t in task.tests]
    content = {"version": TESTGEN_VERSION, "task_id": task.task_id, "reference": task.reference,
               "entry_point": task.entry_point, "prompt": task.prompt, "tests": tests, "setup": task.test_setup,
               "contract": str(task.metadata.get("contract", "")), "config": asdict(config)}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:16]
