"""The EvalPlus format: MBPP+ and HumanEval+ (``task_id, prompt, entry_point, canonical_solution, base_input,
plus_input, atol, contract, assertion``).

Only inputs are stored; the expected output of each is what the reference returns on it (see ``_expected``), run
once and cached by the dataset file's SHA-256. Base inputs become ``Task.tests`` and plus inputs ``Task.plus_tests``,
named ``base_<i>`` / ``plus_<i>`` after their index in the file, so a dropped input leaves a visible gap. Inputs that
violate the task's ``contract`` are skipped; inputs on which the reference raises or times out, or returns a value
too large to be worth a test, are dropped; all are counted in ``Task.metadata["dropped"]``.

Comparison follows EvalPlus: ``atol`` is the task's when non-zero, else 1e-6 when the expected value is a float or a
non-empty list or tuple of floats, else 0 (exact). A few tasks have special oracles (see ``_oracles``). The field
``assertion`` (MBPP's original asserts) is not used by EvalPlus to score; it is kept in ``Task.metadata``.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from execrl.errors import DataError
from execrl.sandbox.base import Executor
from execrl.tasks._cache import ReferenceRun, Verdict
from execrl.tasks._expected import Probe, expected_outputs
from execrl.tasks._files import DataFile, Record, gc_paused, parse_python, read_data_file, refuse_duplicate_ids
from execrl.tasks._mbpp_inputs import restore_mbpp_inputs
from execrl.tasks._oracles import ORACLES, Oracle, oracle_test
from execrl.types import Task, TestCase

MBPP_PLUS_VARIABLE = "EXECRL_MBPP_PLUS_PATH"
HUMANEVAL_PLUS_VARIABLE = "EXECRL_HUMANEVAL_PLUS_PATH"
MBPP_PLUS_SHARED_PATH = Path("..") / "shared" / "data" / "MbppPlus.json.gz"
FLOAT_ATOL = 1e-6
_DETAILS_KEPT = 5
FIELDS = frozenset({"task_id", "canonical_solution", "base_input", "plus_input"})


@dataclass(frozen=True)
class PlusRecord:
    task_id: str
    prompt: str
    entry_point: str
    reference: str
    base_inputs: tuple[tuple[Any, ...], ...]
    plus_inputs: tuple[tuple[Any, ...], ...]
    atol: float = 0.0
    contract: str = ""
    assertion: str = ""


def load_mbpp_plus(path: Path | None = None, *, executor: Executor | None = None,
                   cache_dir: Path | None = None) -> list[Task]:
    """MBPP+ from ``path``, else ``$EXECRL_MBPP_PLUS_PATH``, else ``../shared/data/MbppPlus.json.gz``."""
    shared = MBPP_PLUS_SHARED_PATH if MBPP_PLUS_SHARED_PATH.is_file() else None
    path = path or _configured(MBPP_PLUS_VARIABLE) or shared
    if path is None:
        raise DataError(f"MBPP+ not found: pass the path of MbppPlus.json.gz (or .jsonl) to load_tasks, set "
                        f"${MBPP_PLUS_VARIABLE}, or run from a directory where {MBPP_PLUS_SHARED_PATH} exists")
    return load_evalplus(path, executor=executor, cache_dir=cache_dir)


def load_humaneval_plus(path: Path | None = None, *, executor: Executor | None = None,
                        cache_dir: Path | None = None) -> list[Task]:
    """HumanEval+ from ``path`` or ``$EXECRL_HUMANEVAL_PLUS_PATH`` (it is not shipped with execrl)."""
    path = path or _configured(HUMANEVAL_PLUS_VARIABLE)
    if path is None:
        raise DataError(f"HumanEval+ not found: pass the path of HumanEvalPlus.jsonl(.gz) to load_tasks or set "
                        f"${HUMANEVAL_PLUS_VARIABLE}")
    return load_evalplus(path, executor=executor, cache_dir=cache_dir)


def _configured(variable: str) -> Path | None:
    value = os.environ.get(variable)
    if not value:
        return None
    if not Path(value).is_file():
        raise DataError(f"${variable} names {value!r}, which is not a file")
    return Path(value)


def load_evalplus(path: Path, *, executor: Executor | None = None, cache_dir: Path | None = None) -> list[Task]:
    """Tasks of an EvalPlus file; runs the references (through ``executor``) unless their outputs are cached."""
    return evalplus_tasks(read_data_file(path), executor=executor, cache_dir=cache_dir)


def evalplus_tasks(data: DataFile, *, executor: Executor | None = None, cache_dir: Path | None = None) -> list[Task]:
    with gc_paused():
        records = [plus_record(record) for record in data.records]
    refuse_duplicate_ids(data.records, [record.task_id for record in records])
    by_id = {record.task_id: record for record in records}
    runs = expected_outputs(list(by_id), lambda task_id: _probe(by_id[task_id]), data.sha256, executor, cache_dir)
    with gc_paused():
        return [plus_task(record, runs[record.task_id], data.sha256) for record in records]


def plus_record(record: Record) -> PlusRecord:
    task_id = record.get("task_id", str)
    prompt = record.get("prompt", str)
    entry_point = record.get("entry_point", str)
    solution = record.get("canonical_solution", str)
    atol = record.get("atol", (int, float), default=0)
    if atol < 0:
        raise record.fail(f"task {task_id}: field 'atol' must not be negative, got {atol!r}")
    return PlusRecord(
        task_id=task_id, prompt=prompt, entry_point=entry_point,
        reference=solution if _defines(solution, entry_point) else prompt + solution,
        base_inputs=_inputs(record, task_id, "base_input"), plus_inputs=_inputs(record, task_id, "plus_input"),
        atol=float(atol), contract=record.get("contract", str, default=""),
        assertion=record.get("assertion", str, default=""))


def _defines(solution: str, entry_point: str) -> bool:
    """True when the canonical solution is a whole program (MBPP+) rather than a body for the prompt (HumanEval+)."""
    try:
        module = parse_python(solution)
    except SyntaxError:
        return False
    return any(isinstance(node, ast.FunctionDef) and node.name == entry_point for node in module.body)


def _inputs(record: Record, task_id: str, field: str) -> tuple[tuple[Any, ...], ...]:
    inputs = record.get(field, (list, dict))
    if isinstance(inputs, dict):
        if inputs:
            raise record.fail(f"task {task_id}: field {field!r} must be a list of argument lists, got an object")
        inputs = []  # MBPP+ v0.1.0 writes Mbpp/793's missing plus inputs as `{}`
    for index, args in enumerate(inputs):
        if not isinstance(args, list):
            raise record.fail(f"task {task_id}: {field}[{index}] must be a list of arguments, got {args!r:.60}")
    return tuple(map(tuple, restore_mbpp_inputs(task_id, inputs)))


def _probe(record: PlusRecord) -> Probe:
    oracle = ORACLES.get(record.task_id)
    named = [(f"base_{i}", args) for i, args in enumerate(record.base_inputs)]
    named += [(f"plus_{i}", args) for i, args in enumerate(record.plus_inputs)]
    return Probe(record.task_id, record.reference, record.entry_point, tuple(named), record.contract,
                 oracle.transform if oracle else "")


def plus_task(record: PlusRecord, runs: Mapping[str, ReferenceRun], dataset_sha256: str) -> Task:
    oracle = ORACLES.get(record.task_id)
    base, base_dropped = _tests(record, "base", record.base_inputs, runs, oracle)
    plus, plus_dropped = _tests(record, "plus", record.plus_inputs, runs, oracle)
    details = [f"{name}: {run.detail}" for name, run in runs.items() if run.verdict is Verdict.ERROR]
    return Task(
        task_id=record.task_id,
        prompt=record.prompt,
        entry_point=record.entry_point,
        reference=record.reference,
        tests=base,
        plus_tests=plus,
        test_setup=oracle.setup if oracle else "",
        metadata={
            "source": "evalplus",
            "dataset_sha256": dataset_sha256,
            "atol": record.atol,
            "contract": record.contract,
            "assertion": record.assertion,
            "oracle": oracle.name if oracle else "",
            "dropped": {"base": base_dropped, "plus": plus_dropped},
            "error_details": details[:_DETAILS_KEPT],
        },
    )


def _tests(record: PlusRecord, kind: str, inputs: tuple[tuple[Any, ...], ...], runs: Mapping[str, ReferenceRun],
           oracle: Oracle | None) -> tuple[tuple[TestCase, ...], dict[str, int]]:
    tests = []
    dropped = {verdict.value: 0 for verdict in Verdict if verdict is not Verdict.OK}
    missing = ReferenceRun(Verdict.ERROR, detail="no result")
    for index, args in enumerate(inputs):
        name = f"{kind}_{index}"
        run = runs.get(name, missing)
        if run.verdict is not Verdict.OK:
            dropped[run.verdict.value] += 1
        elif oracle is None:  # the common case, kept lean: MBPP+ makes 43,000 of these
            tolerance = record.atol or (FLOAT_ATOL if is_floats(run.value) else 0.0)
            tests.append(TestCase(name, inputs=args, expected=run.value, atol=tolerance))
        else:
            tests.append(_oracle_test(name, args, run.value, record.atol, oracle))
    return tuple(tests), dropped


def _oracle_test(name: str, args: tuple[Any, ...], expected: Any, atol: float, oracle: Oracle) -> TestCase:
    tolerance = atol or (FLOAT_ATOL if is_floats(expected) else 0.0)
    try:
        return oracle_test(oracle, name, args, expected, tolerance)
    except TypeError:  # a value with no Python literal: the plain comparison is still right for the reference
        return TestCase(name, inputs=args, expected=expected, atol=tolerance)


def is_floats(value: Any) -> bool:
    """EvalPlus's test for "compare with a tolerance": a float, or a non-empty list or tuple of floats only."""
    if isinstance(value, float):
        return True
    if not isinstance(value, list | tuple) or not value or not isinstance(value[0], float):
        return False
    return all(isinstance(item, float) for item in value)
