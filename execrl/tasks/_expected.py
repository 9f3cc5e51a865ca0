"""Expected outputs computed by running a reference solution, cached on disk by the dataset's content hash.

EvalPlus ships inputs but no outputs. Each task becomes one ``ExecRequest``: the reference plus a small wrapper
``_execrl_reference(*args)`` that first runs the task's contract (its ``assert`` lines about the parameters) and
raises ``_ExecrlContractViolation`` if any of them fails, then calls the reference. The sandbox reports the value
returned as ``TestResult.actual`` (its status is FAILED, since no expected value was given: only ``actual`` is used).
Running the contract next to the reference, rather than in this process, keeps every piece of dataset code in the
sandbox and gives it the reference's imports.

Requests go to the executor in batches of TASKS_PER_RUN tasks; after each batch the results are saved in the cache
(``_cache``), so an interrupted computation resumes with the tasks still missing.
"""

from __future__ import annotations

import ast
import copy
import logging
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from execrl.errors import DataError, SandboxError
from execrl.sandbox.base import Executor
from execrl.tasks._cache import ReferenceRun, RunCache, Runs, Verdict
from execrl.tasks._files import parse_python
from execrl.tasks._values import encode, size_exceeds
from execrl.types import ExecRequest, ExecResult, Limits, Outcome, TestCase, TestResult, TestStatus

log = logging.getLogger(__name__)

TASKS_PER_RUN = 32
# References are trusted and some MBPP+ inputs take seconds (EvalPlus runs them with no limit at all): generous
# limits keep a busy machine from turning slow-but-correct answers into dropped inputs.
REFERENCE_LIMITS = Limits(timeout_s=900.0, test_timeout_s=60.0, memory_mb=4096)
# One MBPP+ input (Mbpp/255) returns 1.6 million tuples, a gigabyte as JSON; 15 more (Mbpp/255, Mbpp/630) return
# 0.1-0.6 million elements. Each such test would cost more to ship, compare and cache than the other 43,000 tests
# of MBPP+ together, on every sample, so values beyond this size are dropped (16 inputs of MBPP+).
MAX_EXPECTED_SIZE = 100_000  # characters of text plus other elements, see _values.size_exceeds
WRAPPER_ENTRY = "_execrl_reference"
VIOLATION = "_ExecrlContractViolation"

_WRAPPER = '''

class {violation}(Exception):
    """An input outside the task's contract."""


def _execrl_contract({parameters}):
{contract}


def {wrapper}(*args):
    try:
        _execrl_contract(*args)
    except Exception as error:
        raise {violation}(repr(error)) from None
    out = {entry_point}(*args)
    return {transform}
'''


@dataclass(frozen=True)
class Probe:
    """One task's reference and the named inputs to run it on."""

    task_id: str
    reference: str
    entry_point: str
    inputs: tuple[tuple[str, tuple[Any, ...]], ...]
    contract: str = ""
    transform: str = ""  # an expression of `out` to store instead of the value itself


def expected_outputs(task_ids: Sequence[str], make_probe: Callable[[str], Probe], dataset_sha256: str,
                     executor: Executor | None, cache_dir: Path | None) -> dict[str, Runs]:
    """What the reference gave on every input of every task: from the cache, else run now and added to it.

    Probes are made only for the tasks missing from the cache, which keeps a fully cached load fast.
    """
    cache = RunCache.open(cache_dir, dataset_sha256)
    missing = [make_probe(task_id) for task_id in task_ids if task_id not in cache.runs]
    if missing:
        log.info("computing expected outputs of %d tasks (cache: %s)", len(missing), cache.path)
        _compute(missing, cache, executor)
    return cache.runs


def _compute(probes: Sequence[Probe], cache: RunCache, executor: Executor | None) -> None:
    own = executor is None
    runner = _local_executor() if executor is None else executor
    try:
        for start in range(0, len(probes), TASKS_PER_RUN):
            batch = probes[start : start + TASKS_PER_RUN]
            results = runner.run([wrapper_request(probe) for probe in batch])
            failed = []
            for probe, result in zip(batch, results, strict=True):
                if result.outcome is Outcome.INFRA_ERROR:
                    failed.append((probe, result))  # not cached: the next load tries again
                else:
                    cache.add(probe.task_id, probe_runs(probe, result))
            cache.save()
            if failed:
                probe, result = failed[0]
                detail = result.error.summary() if result.error else "no detail"
                raise SandboxError(f"the sandbox failed running the reference of {probe.task_id}: {detail}")
    finally:
        close = getattr(runner, "close", None)
        if own and callable(close):
            close()


def _local_executor() -> Executor:
    try:  # imported late: a cached load must not start (or even import) the sandbox
        from execrl.sandbox.local import LocalExecutor
    except ImportError as error:
        raise SandboxError(f"computing expected outputs needs an executor and execrl.sandbox.LocalExecutor is not "
                           f"available ({error}): pass executor=...") from error
    return LocalExecutor()


def wrapper_request(probe: Probe) -> ExecRequest:
    contract = textwrap.indent(textwrap.dedent(probe.contract).strip() or "pass", "    ")
    program = probe.reference.rstrip() + "\n" + _WRAPPER.format(
        violation=VIOLATION, wrapper=WRAPPER_ENTRY, entry_point=probe.entry_point, parameters=_parameters(probe),
        contract=contract, transform=probe.transform or "out")
    tests = tuple(TestCase(name, inputs=copy.deepcopy(args)) for name, args in probe.inputs)
    return ExecRequest(program=program, tests=tests, entry_point=WRAPPER_ENTRY, limits=REFERENCE_LIMITS)


def _parameters(probe: Probe) -> str:
    """The entry point's parameter list without annotations, so the contract sees the arguments by name."""
    try:
        module = parse_python(probe.reference)
    except SyntaxError as error:
        raise DataError(f"task {probe.task_id}: the reference is not valid Python: {error}") from error
    for node in module.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == probe.entry_point:
            parameters = copy.deepcopy(node.args)
            for argument in [*parameters.posonlyargs, *parameters.args, *parameters.kwonlyargs,
                             parameters.vararg, parameters.kwarg]:
                if argument is not None:
                    argument.annotation = None
            return ast.unparse(parameters)
    if probe.contract.strip():
        raise DataError(f"task {probe.task_id}: has a contract but its reference defines no `{probe.entry_point}`")
    return "*args"


def probe_runs(probe: Probe, result: ExecResult) -> Runs:
    """The reference's run on each probed input, from the execution of ``wrapper_request(probe)``."""
    by_name = {test.name: test for test in result.tests}
    return {name: _run(by_name.get(name), result) for name, _ in probe.inputs}


def _run(test: TestResult | None, result: ExecResult) -> ReferenceRun:
    if test is None:
        detail = result.error.summary() if result.error else f"no result ({result.outcome.value})"
        return ReferenceRun(Verdict.ERROR, detail=detail)
    if test.status is TestStatus.ERROR and test.error and test.error.type_name.rpartition(".")[2] == VIOLATION:
        return ReferenceRun(Verdict.CONTRACT, detail=test.error.message)
    if test.status not in (TestStatus.PASSED, TestStatus.FAILED):
        return ReferenceRun(Verdict.ERROR, detail=test.error.summary() if test.error else test.status.value)
    if test.status is TestStatus.FAILED and test.actual is None:
        # A real None would have matched the absent expected value (None) and passed: this value did not cross
        # the sandbox's boundary as plain data (an object, or beyond the wire's size or depth limits).
        message = test.error.message if test.error else "no detail"
        if "too large" in message:
            return ReferenceRun(Verdict.TOO_LARGE, detail=f"a value too large for the sandbox to send ({message})")
        return ReferenceRun(Verdict.ERROR, detail=f"a value that is not plain data ({message})")
    if size_exceeds(test.actual, MAX_EXPECTED_SIZE):
        detail = f"a {type(test.actual).__name__} of over {MAX_EXPECTED_SIZE} parts"
        return ReferenceRun(Verdict.TOO_LARGE, detail=detail)
    try:
        encode(test.actual)
    except TypeError as error:
        return ReferenceRun(Verdict.ERROR, detail=str(error))
    return ReferenceRun(Verdict.OK, test.actual)
