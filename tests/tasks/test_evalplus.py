"""The EvalPlus format: MBPP+ (real data) and HumanEval+ (a small file made from HumanEval here)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from execrl.errors import DataError
from execrl.sandbox import FakeExecutor
from execrl.tasks import evalplus, load_tasks
from execrl.tasks.humaneval import load_humaneval
from execrl.types import ExecRequest, ExecResult, Outcome, Task, TestResult, TestStatus

from ._support import data_file, failing_tests

HALF = "def half(n):\n    return 8 // n\n"
SUBSET = ("Mbpp/2", "Mbpp/3", "Mbpp/82", "Mbpp/124", "Mbpp/267", "Mbpp/734", "Mbpp/737")


def answer_zero(request: ExecRequest) -> ExecResult:
    """A stand-in sandbox that says every input returned 0: enough to count inputs without running anything."""
    return ExecResult(Outcome.OK, tuple(TestResult(t.name, TestStatus.FAILED, actual=0) for t in request.tests))


@pytest.fixture(scope="module")
def mbpp_plus_records() -> dict[str, dict[str, Any]]:
    with gzip.open(data_file("MbppPlus.json.gz"), "rt") as stream:
        return {record["task_id"]: record for record in json.load(stream)}


@pytest.fixture
def subset(tmp_path: Path, mbpp_plus_records: dict[str, dict[str, Any]], in_process: FakeExecutor) -> dict[str, Task]:
    path = tmp_path / "subset.json"
    path.write_text(json.dumps([mbpp_plus_records[task_id] for task_id in SUBSET]))
    return {task.task_id: task for task in load_tasks(path, executor=in_process, cache_dir=tmp_path / "cache")}


def test_all_399_mbpp_plus_tasks_load_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(evalplus.MBPP_PLUS_VARIABLE, str(data_file("MbppPlus.json.gz")))
    fake = FakeExecutor(respond=answer_zero)
    tasks = load_tasks("mbpp-plus", executor=fake, cache_dir=tmp_path)
    assert len(tasks) == 399 and len(fake.requests) == 399  # one request per task
    assert sum(len(task.tests) for task in tasks) == 1236
    assert sum(len(task.plus_tests) for task in tasks) == 42082 - 0  # Mbpp/793's plus inputs are `{}`
    assert tasks[0].reference.lstrip().startswith("def similar_elements")


def test_the_shared_copy_is_found_from_the_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_file("MbppPlus.json.gz")
    monkeypatch.delenv(evalplus.MBPP_PLUS_VARIABLE, raising=False)
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    assert len(load_tasks("mbpp-plus", executor=FakeExecutor(respond=answer_zero), cache_dir=tmp_path)) == 399


def test_references_pass_all_their_computed_tests(subset: dict[str, Task]) -> None:
    for task in subset.values():
        assert failing_tests(task, task.reference, task.tests + task.plus_tests) == [], task.task_id
        assert task.tests and (task.plus_tests or task.task_id == "Mbpp/734")


def test_a_wrong_answer_fails(subset: dict[str, Task]) -> None:
    task = subset["Mbpp/3"]
    wrong = f"def {task.entry_point}(*args):\n    return False\n"
    assert len(failing_tests(task, wrong, task.tests + task.plus_tests)) > 10


def test_inputs_that_violate_the_contract_are_skipped_and_counted(subset: dict[str, Task]) -> None:
    # All 104 plus inputs of Mbpp/734 are `[]` in MBPP+ v0.1.0 (its reference empties its argument with pop(), so
    # they were probably saved after the run); the contract says `len(arr) > 0`.
    assert subset["Mbpp/734"].metadata["dropped"]["plus"]["contract"] == 104
    assert subset["Mbpp/267"].metadata["dropped"]["plus"]["contract"] == 3
    assert all((test.inputs or (0,))[0] > 0 for test in subset["Mbpp/267"].plus_tests)  # contract: n > 0
    assert subset["Mbpp/3"].metadata["dropped"] == {"base": {"contract": 0, "error": 0, "too_large": 0},
                                                    "plus": {"contract": 0, "error": 0, "too_large": 0}}


def test_tuples_are_restored_so_the_contract_accepts_them(subset: dict[str, Task]) -> None:
    task = subset["Mbpp/2"]  # contract: both arguments are tuples
    assert task.metadata["dropped"]["base"]["contract"] == 0
    assert task.tests[0].code == "assert set(candidate(*((3, 4, 5, 6), (5, 7, 4, 10)))) == set((4, 5))"


def test_tolerances_follow_evalplus(subset: dict[str, Task]) -> None:
    assert {test.atol for test in subset["Mbpp/82"].tests} == {0.0001}  # the task's own atol
    assert {test.atol for test in subset["Mbpp/267"].tests} == {1e-6}  # float outputs, atol 0
    assert {test.atol for test in subset["Mbpp/3"].tests} == {0.0}  # bool outputs: exact


def test_complex_inputs_and_not_none_oracles(subset: dict[str, Task]) -> None:
    assert all(isinstance((test.inputs or ())[1], complex) for test in subset["Mbpp/124"].tests)
    codes = [test.code for test in subset["Mbpp/737"].tests]
    assert codes[0].startswith("_out = candidate(*('annie',))") and codes[0].endswith("== True)")


def test_metadata_keeps_the_evalplus_fields(subset: dict[str, Task], mbpp_plus_records: dict[str, Any]) -> None:
    task, record = subset["Mbpp/2"], mbpp_plus_records["Mbpp/2"]
    assert task.metadata["assertion"] == record["assertion"] and task.metadata["contract"] == record["contract"]
    assert task.metadata["oracle"] == "set_eq" and len(task.metadata["dataset_sha256"]) == 64


def test_an_input_the_reference_fails_on_is_dropped_and_counted(tmp_path: Path, in_process: FakeExecutor) -> None:
    record = _plus_record(base_input=[[4], [0], [2]], plus_input=[[0]])
    tasks = _load(tmp_path, [record], in_process)
    assert [test.inputs for test in tasks[0].tests] == [(4,), (2,)]
    assert [test.name for test in tasks[0].tests] == ["base_0", "base_2"]  # the gap shows what was dropped
    assert tasks[0].metadata["dropped"]["base"]["error"] == 1 and tasks[0].metadata["dropped"]["plus"]["error"] == 1
    assert tasks[0].metadata["error_details"] == ["base_1: ZeroDivisionError: integer division or modulo by zero",
                                                  "plus_0: ZeroDivisionError: integer division or modulo by zero"]


def test_timeouts_are_dropped_like_errors(tmp_path: Path) -> None:
    def slow(request: ExecRequest) -> ExecResult:
        return ExecResult(Outcome.TIMEOUT, tuple(TestResult(t.name, TestStatus.TIMEOUT) for t in request.tests))

    (task,) = _load(tmp_path, [_plus_record()], FakeExecutor(respond=slow))
    assert task.tests == () and task.metadata["dropped"]["base"]["error"] == 2


@pytest.mark.parametrize(("change", "message"), [
    ({"base_input": "[[1]]"}, "field 'base_input' must be a list or an object, got string"),
    ({"plus_input": {"a": 1}}, "task T/1: field 'plus_input' must be a list of argument lists, got an object"),
    ({"base_input": [[1], 2]}, r"task T/1: base_input\[1\] must be a list of arguments, got 2"),
    ({"atol": -1}, "field 'atol' must not be negative, got -1"),
    ({"entry_point": None}, "field 'entry_point' must be a string, got null"),
    ({"contract": "  assert n > 0\n", "canonical_solution": "half = lambda n: 8 // n\n"},
     "task T/1: has a contract but its reference defines no `half`"),
])
def test_bad_records_are_errors_naming_the_value(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    with pytest.raises(DataError, match=message):
        _load(tmp_path, [_plus_record(**change)], FakeExecutor(respond=answer_zero))


def test_duplicate_task_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"plus.jsonl line 2: task_id 'T/1' is used twice \(first at .* line 1\)"):
        _load(tmp_path, [_plus_record(), _plus_record()], FakeExecutor(respond=answer_zero))


def _plus_record(**change: Any) -> dict[str, Any]:
    record = {"task_id": "T/1", "prompt": "", "entry_point": "half", "canonical_solution": HALF,
              "base_input": [[4], [2]], "plus_input": [[8]], "atol": 0, "contract": "", "assertion": ""}
    return {**record, **change}


def _load(tmp_path: Path, records: list[dict[str, Any]], executor: FakeExecutor) -> list[Task]:
    path = tmp_path / "plus.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return load_tasks(path, executor=executor, cache_dir=tmp_path / "cache")


# HumanEval+ is not shipped here: a file in its format, made from HumanEval tasks, stands in for it.
def _humaneval_plus_file(tmp_path: Path) -> Path:
    humaneval = {task.task_id: task for task in load_humaneval()}
    solutions = {t: humaneval[t].reference.removeprefix(humaneval[t].prompt) for t in ("HumanEval/2", "HumanEval/32")}
    records = [
        {"task_id": "HumanEval/2", "prompt": humaneval["HumanEval/2"].prompt, "entry_point": "truncate_number",
         "canonical_solution": solutions["HumanEval/2"], "base_input": [[3.5], [1.33]], "plus_input": [[-1.0], [7.0]],
         "atol": 0, "contract": "\n    assert number > 0, \"invalid inputs\" # $_CONTRACT_$\n"},
        {"task_id": "HumanEval/32", "prompt": humaneval["HumanEval/32"].prompt, "entry_point": "find_zero",
         "canonical_solution": solutions["HumanEval/32"], "base_input": [[[1, 2]], [[-6, 11, -6, 1]]],
         "plus_input": [], "atol": 1e-6, "contract": ""},
    ]
    path = tmp_path / "HumanEvalPlus.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode()))
    return path


def test_humaneval_plus_joins_prompt_and_solution(tmp_path: Path, in_process: FakeExecutor,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(evalplus.HUMANEVAL_PLUS_VARIABLE, str(_humaneval_plus_file(tmp_path)))
    truncate, find_zero = load_tasks("humaneval-plus", executor=in_process, cache_dir=tmp_path)
    assert truncate.reference.startswith(truncate.prompt) and "return number % 1.0" in truncate.reference
    assert [test.expected for test in truncate.tests] == [0.5, pytest.approx(0.33)]
    assert [test.inputs for test in truncate.plus_tests] == [(7.0,)]  # -1.0 breaks the contract
    assert {test.atol for test in truncate.tests} == {1e-6}
    assert find_zero.metadata["oracle"] == "poly_root" and "_execrl_poly" in find_zero.test_setup
    for task in (truncate, find_zero):
        assert failing_tests(task, task.reference, task.tests + task.plus_tests) == []


def test_humaneval_plus_needs_a_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(evalplus.HUMANEVAL_PLUS_VARIABLE, raising=False)
    with pytest.raises(DataError, match="set \\$EXECRL_HUMANEVAL_PLUS_PATH"):
        load_tasks("humaneval-plus")


def test_mbpp_plus_names_a_bad_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(evalplus.MBPP_PLUS_VARIABLE, str(tmp_path / "gone.json.gz"))
    with pytest.raises(DataError, match="EXECRL_MBPP_PLUS_PATH names .*gone.json.gz.*not a file"):
        load_tasks("mbpp-plus")


@pytest.mark.slow
def test_all_mbpp_plus_references_run_in_process(tmp_path: Path, in_process: FakeExecutor) -> None:
    """The real computation (about a minute): every input of all 399 tasks through the references."""
    tasks = load_tasks(data_file("MbppPlus.json.gz"), executor=in_process, cache_dir=tmp_path)
    dropped = {(kind, verdict): sum(t.metadata["dropped"][kind][verdict] for t in tasks)
               for kind in ("base", "plus") for verdict in ("contract", "error", "too_large")}
    assert dropped == {("base", "contract"): 0, ("base", "error"): 0, ("base", "too_large"): 0,
                       ("plus", "contract"): 107, ("plus", "error"): 0, ("plus", "too_large"): 16}
    assert sum(len(task.tests) for task in tasks) == 1236
    assert sum(len(task.plus_tests) for task in tasks) == 42082 - 107 - 16
    with_oracles = [task for task in tasks if task.metadata["oracle"]]
    assert len(with_oracles) == 15
    for task in tasks:
        checked = task.tests + (task.plus_tests if task.metadata["oracle"] else ())
        assert failing_tests(task, task.reference, checked) == [], task.task_id
