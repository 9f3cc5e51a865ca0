"""Differential testing: the reference solution, run in the sandbox, is the oracle for every candidate input.

Each task's candidates go to the sandbox as one request built by the EvalPlus loader's own wrapper
(``tasks._expected.wrapper_request``): the task's contract, when it has one, rejects inputs outside it, then the
reference's value is recorded as ``TestResult.actual``. A value becomes the expected output of an ``inputs`` test
(floats compared with EvalPlus's tolerance; the tasks with a special oracle in ``tasks._oracles`` get that oracle's
check). An input on which the reference raises a builtin exception that its source raises on purpose
(``raise ValueError(...)``) becomes an expected-exception test tagged ``raises``; any other exception, a timeout, a
contract violation or an oversized value drops the input.

``validate`` then runs the reference once more against the tests themselves, traced: a test it does not pass
(non-determinism, a value that does not compare equal to itself) is dropped, so the reference passes 100% of what
is kept, and the lines each test covers come back for suite reduction.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from execrl.errors import SandboxError
from execrl.sandbox.base import Executor
from execrl.tasks._cache import ReferenceRun, Verdict
from execrl.tasks._expected import Probe, probe_runs, wrapper_request
from execrl.tasks._oracles import ORACLES, oracle_test
from execrl.tasks._values import to_source
from execrl.tasks.evalplus import FLOAT_ATOL, is_floats
from execrl.testgen.seeds import task_seeds
from execrl.testgen.suite import EDGE, RAISES, Candidate, TestgenConfig
from execrl.types import ExecRequest, ExecResult, Limits, Outcome, Task, TestCase, TestResult, TestStatus

PREFIX = "gen_"
SEED_PREFIX = "seed_"
CONTRACT = "contract"
_MAX_REQUEST_S = 600.0


@dataclass(frozen=True)
class Judged:
    """One task's candidates after the oracle: the tests made from them, how many were dropped, and the trusted
    setup their checks need."""

    tests: tuple[TestCase, ...]
    dropped: int
    setup: str = ""


def judge(work: Sequence[tuple[Task, Sequence[Candidate]]], executor: Executor, config: TestgenConfig) -> list[Judged]:
    """Run each task's reference on its candidates (one request per task) and turn the answers into tests.

    The task's own inputs (seeds) run too, as a check of its contract: a contract that rejects them was written for
    other argument types (MBPP+'s, borrowed for MBPP, sometimes wants lists where MBPP passes tuples), so those
    tasks run again without it."""
    tasks = [task for task, _ in work]
    results = _reference_runs(tasks, work, executor, config)
    unfit = [i for i, (probe, result) in enumerate(results) if _rejects_seeds(probe, result)]
    if unfit:
        again = [replace(tasks[i], metadata={**tasks[i].metadata, CONTRACT: ""}) for i in unfit]
        for i, rerun in zip(unfit, _reference_runs(again, [work[i] for i in unfit], executor, config), strict=True):
            results[i] = rerun
    return [_judged(task, candidates, probe, result, config)
            for (task, candidates), (probe, result) in zip(work, results, strict=True)]


def _reference_runs(tasks: Sequence[Task], work: Sequence[tuple[Task, Sequence[Candidate]]], executor: Executor,
                    config: TestgenConfig) -> list[tuple[Probe, ExecResult]]:
    probes = [_probe(task, candidates) for task, (_, candidates) in zip(tasks, work, strict=True)]
    limits = _limits(config, max((len(p.inputs) for p in probes), default=0))
    results = _run(executor, [replace(wrapper_request(probe), limits=limits) for probe in probes])
    return list(zip(probes, results, strict=True))


def _probe(task: Task, candidates: Sequence[Candidate]) -> Probe:
    oracle = ORACLES.get(task.task_id)
    inputs = tuple((f"{PREFIX}{i}", c.args) for i, c in enumerate(candidates) if c.claimed is None)
    contract = str(task.metadata.get(CONTRACT, ""))
    seeds = tuple((f"{SEED_PREFIX}{i}", args) for i, args in enumerate(task_seeds(task))) if contract.strip() else ()
    return Probe(task.task_id, task.reference, task.entry_point, inputs + seeds, contract,
                 oracle.transform if oracle else "")


def _rejects_seeds(probe: Probe, result: ExecResult) -> bool:
    runs = probe_runs(probe, result)
    return any(runs[name].verdict is Verdict.CONTRACT for name, _ in probe.inputs if name.startswith(SEED_PREFIX))


def _limits(config: TestgenConfig, tests: int) -> Limits:
    total = min(_MAX_REQUEST_S, tests * config.test_timeout_s + 30.0)
    return Limits(timeout_s=total, test_timeout_s=config.test_timeout_s, memory_mb=2048)


def _run(executor: Executor, requests: Sequence[ExecRequest]) -> list[ExecResult]:
    results = executor.run(requests)
    for request, result in zip(requests, results, strict=True):
        if result.outcome is Outcome.INFRA_ERROR:
            detail = result.error.summary() if result.error else "no detail"
            raise SandboxError(f"the sandbox failed running a reference ({request.entry_point}): {detail}")
    return results


def _judged(task: Task, candidates: Sequence[Candidate], probe: Probe, result: ExecResult,
            config: TestgenConfig) -> Judged:
    runs = probe_runs(probe, result)
    by_name = {test.name: test for test in result.tests}
    on_purpose = explicit_raises(task.reference) if config.expect_exceptions else frozenset()
    oracle = ORACLES.get(task.task_id)
    made = [_test_for(task, f"{PREFIX}{i}", c, runs.get(f"{PREFIX}{i}"), by_name.get(f"{PREFIX}{i}"), on_purpose)
            for i, c in enumerate(candidates)]
    tests = tuple(test for test in made if test is not None)
    return Judged(tests, len(made) - len(tests), oracle.setup if oracle else "")


def _test_for(task: Task, name: str, candidate: Candidate, run: ReferenceRun | None, result: TestResult | None,
              on_purpose: frozenset[str]) -> TestCase | None:
    """The test a candidate becomes, or None when the reference's answer cannot be a test."""
    if candidate.claimed is not None:  # a model's claim: validation decides
        return value_test(task, name, candidate.args, candidate.claimed[0], candidate.tags)
    if run is not None and run.verdict is Verdict.OK:
        return value_test(task, name, candidate.args, run.value, candidate.tags)
    raised = _raised(result, on_purpose)
    if raised and task.task_id not in ORACLES:
        return raises_test(name, candidate.args, raised, candidate.tags)
    return None


def value_test(task: Task, name: str, args: tuple[Any, ...], expected: Any, tags: frozenset[str]) -> TestCase | None:
    """``candidate(*args) == expected`` as EvalPlus compares it, or the task's special oracle; None if the oracle
    needs a literal that ``expected`` has not."""
    atol = float(task.metadata.get("atol", 0.0) or 0.0) or (FLOAT_ATOL if is_floats(expected) else 0.0)
    oracle = ORACLES.get(task.task_id)
    if oracle is None:
        return TestCase(name, inputs=args, expected=expected, atol=atol, tags=tags)
    try:
        test = oracle_test(oracle, name, args, expected, atol)
    except TypeError:
        return None
    return replace(test, tags=test.tags | tags)


def raises_test(name: str, args: tuple[Any, ...], exception: str, tags: frozenset[str]) -> TestCase | None:
    """A test that passes when ``candidate(*args)`` raises ``exception`` (a builtin), as the reference does."""
    try:
        call = f"candidate(*{to_source(args)})"
    except TypeError:
        return None
    code = f"try:\n    {call}\nexcept {exception}:\n    pass\nelse:\n    raise AssertionError('expected {exception}')"
    return TestCase(name, code=code, tags=tags | {RAISES, EDGE})


def explicit_raises(reference: str) -> frozenset[str]:
    """Builtin exceptions the reference raises itself (``raise ValueError(...)``): its intended behaviour."""
    try:
        tree = ast.parse(reference)
    except SyntaxError:
        return frozenset()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name) and _is_builtin_exception(target.id):
                names.add(target.id)
    return frozenset(names)


def _is_builtin_exception(name: str) -> bool:
    value = getattr(builtins, name, None)
    return isinstance(value, type) and issubclass(value, Exception)


def _raised(test: TestResult | None, on_purpose: frozenset[str]) -> str:
    if test is None or test.status is not TestStatus.ERROR or test.error is None:
        return ""
    return test.error.type_name if test.error.type_name in on_purpose else ""


# --- validation ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Validated:
    """The tests the reference passed on a second, traced run, and the reference lines each one executed."""

    tests: tuple[TestCase, ...]
    lines: dict[str, frozenset[int]]
    unstable: int


def validate(work: Sequence[tuple[Task, Sequence[TestCase], str]], executor: Executor,
             config: TestgenConfig) -> list[Validated]:
    """Run each reference against its tests (``work``: task, tests, extra setup); keep the tests it passes."""
    limits = _limits(config, max((len(tests) for _, tests, _ in work), default=0))
    requests = [ExecRequest(task.reference, tuple(tests), task.entry_point, _setup(task.test_setup, setup),
                            limits=limits, trace=True) for task, tests, setup in work]
    validated = []
    for (_, tests, _), result in zip(work, _run(executor, requests), strict=True):
        passed = {t.name: t for t in result.tests if t.passed}
        kept = tuple(test for test in tests if test.name in passed)
        validated.append(Validated(kept, {name: passed[name].lines for name in passed}, len(tests) - len(kept)))
    return validated


def _setup(task_setup: str, extra: str) -> str:
    if not extra or extra in task_setup:
        return task_setup
    return f"{task_setup}\n{extra}" if task_setup else extra
