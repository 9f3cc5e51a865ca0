"""Outcome rewards at four granularities: does it compile, how many tests pass, how many edge cases pass, and how
much work it does compared with the reference solution.

Every function maps one ``Evidence`` to a value in [0, 1], or None when the component cannot be measured for this
sample (a task without edge-case tests, a reference that was never traced); ``RewardSpec.missing`` says how a
None enters the total.
"""

from __future__ import annotations

from collections.abc import Sequence

from execrl.rewards.base import Evidence
from execrl.types import Language, Outcome, TestCase, TestResult, TestStatus

COMPILE_FAILURES = frozenset({Outcome.SYNTAX_ERROR, Outcome.COMPILE_ERROR})


def syntax(evidence: Evidence) -> float:
    """1 when the program compiled in the sandbox and parses here; the compiler's message goes to the feedback."""
    if evidence.result.outcome in COMPILE_FAILURES:
        return 0.0
    return 0.0 if evidence.task.language is Language.PYTHON and not evidence.analysis.parses else 1.0


def functional(evidence: Evidence, binary: bool = False) -> float:
    """Fraction of all tests (the task's and its plus tests) passed; a test with no result counts as failed."""
    expected = len(evidence.task.tests) + len(evidence.task.plus_tests)
    if expected == 0:
        return 1.0 if evidence.result.outcome is Outcome.OK else 0.0
    fraction = sum(t.passed for t in evidence.result.tests) / expected
    return float(fraction == 1.0) if binary else fraction


def edge(evidence: Evidence, tag: str = "edge") -> float | None:
    """Fraction of the tests tagged ``tag`` passed; None when the task has no such tests."""
    tests: Sequence[TestCase] = evidence.task.tests + evidence.task.plus_tests
    tagged = [i for i, test in enumerate(tests) if tag in test.tags]
    if not tagged:
        return None
    results = evidence.result.tests
    return sum(i < len(results) and results[i].passed for i in tagged) / len(tagged)


def efficiency(evidence: Evidence, smoothing: float = 1.0) -> float | None:
    """Mean over the tests the reference passed of ``min(1, (ref + s) / (cost + s))`` where the program passed
    too, and 0 where it did not: efficiency is earned on passing tests only, so it never exceeds the pass rate.

    Costs are line events (deterministic). None without a traced reference, or when the program passed tests but
    was not traced.
    """
    reference = evidence.reference
    if reference is None or not reference.costs:
        return None
    by_name = {t.name: t for t in evidence.result.tests}
    ratios = [_ratio(reference.costs[name], by_name.get(name), smoothing) for name in reference.costs]
    if any(r is None for r in ratios):
        return None
    return sum(r for r in ratios if r is not None) / len(ratios)


def _ratio(reference_cost: int, result: TestResult | None, smoothing: float) -> float | None:
    if result is None or not result.passed:
        return 0.0
    if result.cost is None:
        return None
    return min(1.0, (reference_cost + smoothing) / (result.cost + smoothing))


def feedback(evidence: Evidence) -> tuple[str, ...]:
    """What went wrong, in a line or two a person or a refinement prompt can use."""
    result = evidence.result
    if result.outcome in COMPILE_FAILURES and result.error is not None:
        return (f"does not compile: {result.error.summary()}",)
    if evidence.analysis.error is not None and evidence.task.language is Language.PYTHON:
        return (f"does not parse: {evidence.analysis.error.summary()}",)
    notes = []
    if result.outcome is not Outcome.OK:
        why = result.error.summary() if result.error is not None else result.outcome.value
        notes.append(f"{result.outcome.value}: {why}")
    failed = next((t for t in result.tests if t.status not in (TestStatus.PASSED, TestStatus.NOT_RUN)), None)
    if failed is not None:
        why = f": {failed.error.summary()}" if failed.error is not None else ""
        notes.append(f"test {failed.name} {failed.status.value}{why}")
    return tuple(note[:300] for note in notes)
