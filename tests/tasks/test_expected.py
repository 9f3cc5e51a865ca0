"""Computing expected outputs through an executor: batching, the wrapper program, caching and resuming."""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import time
from pathlib import Path
from typing import Any

import pytest

from execrl.errors import SandboxError
from execrl.sandbox import FakeExecutor
from execrl.tasks import _expected, load_tasks
from execrl.tasks._cache import CACHE_VARIABLE, Verdict
from execrl.tasks._expected import Probe, expected_outputs, wrapper_request
from execrl.types import ErrorInfo, ExecRequest, ExecResult, Outcome

from ._support import data_file, run_in_process

RECORDS = [
    {"task_id": f"T/{n}", "prompt": "", "entry_point": "scale", "canonical_solution": f"def scale(x): return x * {n}",
     "base_input": [[1], [2]], "plus_input": [[3], [-1]], "contract": "  assert x > 0  # $_CONTRACT_$\n"}
    for n in range(5)
]


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


class CountingExecutor(FakeExecutor):
    """Runs references in this process and counts calls to ``run``."""

    def __init__(self) -> None:
        super().__init__(respond=run_in_process)
        self.calls = 0

    def run(self, requests: Any) -> list[ExecResult]:
        self.calls += 1
        return super().run(requests)


def test_the_second_load_comes_from_the_cache(tmp_path: Path) -> None:
    path, executor = _write(tmp_path / "t.jsonl", RECORDS), CountingExecutor()
    first = load_tasks(path, executor=executor, cache_dir=tmp_path)
    assert len(executor.requests) == 5
    second = load_tasks(path, executor=executor, cache_dir=tmp_path)
    assert len(executor.requests) == 5 and second == first
    assert [test.expected for test in first[3].tests + first[3].plus_tests] == [3, 6, 9]


def test_the_second_mbpp_plus_load_is_fast(tmp_path: Path) -> None:
    path = data_file("MbppPlus.json.gz")
    load_tasks(path, executor=FakeExecutor(respond=_answer_tuple), cache_dir=tmp_path)
    start = time.perf_counter()
    tasks = load_tasks(path, executor=FakeExecutor(respond=_never), cache_dir=tmp_path)
    # Typically 0.4-0.6 s on a shared 2-core machine; the bound only catches a load that recomputes or crawls.
    assert time.perf_counter() - start < 5.0 and len(tasks) == 399
    assert tasks[1].tests[0].expected == (1, (2.5, "x"))  # tasks[0] is an oracle task, with code tests


def _answer_tuple(request: ExecRequest) -> ExecResult:
    from execrl.types import TestResult, TestStatus

    return ExecResult(Outcome.OK, tuple(TestResult(t.name, TestStatus.FAILED, actual=(1, (2.5, "x")))
                                        for t in request.tests))


def _never(request: ExecRequest) -> ExecResult:
    raise AssertionError("the executor was called although everything is cached")


def test_requests_are_batched_one_per_task(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_expected, "TASKS_PER_RUN", 2)
    executor = CountingExecutor()
    load_tasks(_write(tmp_path / "t.jsonl", RECORDS), executor=executor, cache_dir=tmp_path)
    assert executor.calls == 3 and [len(r.tests) for r in executor.requests] == [4] * 5


def test_a_changed_file_is_computed_again(tmp_path: Path) -> None:
    path, executor = _write(tmp_path / "t.jsonl", RECORDS), CountingExecutor()
    load_tasks(path, executor=executor, cache_dir=tmp_path)
    _write(path, RECORDS[:4] + [dict(RECORDS[4], base_input=[[7]])])
    tasks = load_tasks(path, executor=executor, cache_dir=tmp_path)
    assert len(executor.requests) == 10 and tasks[4].tests[0].expected == 28
    assert len(list((tmp_path / "expected").iterdir())) == 2  # one file per content hash


def test_the_cache_is_written_atomically_and_readably(tmp_path: Path) -> None:
    load_tasks(_write(tmp_path / "t.jsonl", RECORDS), executor=CountingExecutor(), cache_dir=tmp_path)
    (cache,) = (tmp_path / "expected").iterdir()
    lines = cache.read_text().splitlines()
    assert json.loads(lines[0])["version"] == 1 and len(lines) == 6
    assert json.loads(lines[1])["runs"]["plus_1"] == ["contract", "AssertionError()"]
    assert not list(cache.parent.glob("*.tmp"))


def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path, executor = _write(tmp_path / "t.jsonl", RECORDS), CountingExecutor()
    load_tasks(path, executor=executor, cache_dir=tmp_path)
    (cache,) = (tmp_path / "expected").iterdir()
    cache.write_text(cache.read_text()[:-40])
    with caplog.at_level(logging.WARNING):
        load_tasks(path, executor=executor, cache_dir=tmp_path)
    assert "ignoring damaged cache" in caplog.text and len(executor.requests) == 10
    load_tasks(path, executor=executor, cache_dir=tmp_path)
    assert len(executor.requests) == 10


def test_an_infrastructure_failure_keeps_what_was_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_expected, "TASKS_PER_RUN", 2)

    def broken_at_t2(request: ExecRequest) -> ExecResult:
        if "x * 2" in request.program:
            return ExecResult(Outcome.INFRA_ERROR, error=ErrorInfo("WorkerCrashed", "worker 3 died"))
        return run_in_process(request)

    path = _write(tmp_path / "t.jsonl", RECORDS)
    with pytest.raises(SandboxError, match="reference of T/2: WorkerCrashed: worker 3 died"):
        load_tasks(path, executor=FakeExecutor(respond=broken_at_t2), cache_dir=tmp_path)
    resumed = CountingExecutor()
    tasks = load_tasks(path, executor=resumed, cache_dir=tmp_path)
    # T/3 shared the failed batch but had its own result, which was kept: only T/2 and T/4 are run again.
    assert [re.findall(r"x \* (\d)", r.program) for r in resumed.requests] == [["2"], ["4"]]
    assert [task.tests[1].expected for task in tasks] == [0, 2, 4, 6, 8]


def test_the_cache_directory_defaults_to_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    load_tasks(_write(tmp_path / "t.jsonl", RECORDS), executor=CountingExecutor())
    assert len(list((tmp_path / "cache" / "expected").iterdir())) == 1


def test_the_wrapper_checks_the_contract_with_the_references_names() -> None:
    reference = "import math\nfrom typing import List\n\ndef root(xs: List[float], *, k: int = 2) -> float:\n" \
                "    return math.sqrt(sum(xs)) * k\n"
    probe = Probe("T", reference, "root", (("a", ([4.0],)), ("b", ([-4.0],)), ("c", ("x",))),
                  contract="    assert math.fsum(xs) >= 0\n")
    request = wrapper_request(probe)
    assert request.entry_point == "_execrl_reference" and "def _execrl_contract(xs, *, k=2):" in request.program
    result = run_in_process(request)
    assert [(t.status.value, t.actual) for t in result.tests] == [("failed", 4.0), ("error", None), ("error", None)]
    assert [t.error.type_name for t in result.tests[1:] if t.error] == ["_ExecrlContractViolation"] * 2


def test_verdicts_of_a_run(tmp_path: Path) -> None:
    probe = Probe("T", "def f(x):\n    return [0] * x\n", "f", (("a", (3,)), ("b", (10**6,)), ("c", (-1,))),
                  contract="  assert x >= 0\n")
    runs = expected_outputs(["T"], lambda task_id: probe, "0" * 64, FakeExecutor(respond=run_in_process), tmp_path)
    assert {name: run.verdict for name, run in runs["T"].items()} == {
        "a": Verdict.OK, "b": Verdict.TOO_LARGE, "c": Verdict.CONTRACT}


def test_without_an_executor_the_local_one_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "t.jsonl", RECORDS[:2])
    if importlib.util.find_spec("execrl.sandbox.local") is None:
        with pytest.raises(SandboxError, match="LocalExecutor is not available .*pass executor="):
            load_tasks(path, cache_dir=tmp_path)
        return
    tasks = load_tasks(path, cache_dir=tmp_path)  # the real sandbox, computing the same values
    assert [test.expected for test in tasks[1].tests + tasks[1].plus_tests] == [1, 2, 3]
    assert tasks[1].metadata["dropped"]["plus"]["contract"] == 1


def test_a_value_the_sandbox_could_not_send_is_not_taken_for_none(tmp_path: Path) -> None:
    from execrl.types import ErrorInfo as Info
    from execrl.types import TestResult, TestStatus

    def opaque(request: ExecRequest) -> ExecResult:
        # What LocalExecutor reports for a value that is not plain data: FAILED against the absent expected value,
        # with `actual` None; a real None return would have PASSED.
        verdicts = {"base_0": TestResult("base_0", TestStatus.PASSED, actual=None),
                    "base_1": TestResult("base_1", TestStatus.FAILED, actual=None,
                                         error=Info("WrongAnswer", "expected None, got value too large or too deep")),
                    "plus_0": TestResult("plus_0", TestStatus.FAILED, actual=None,
                                         error=Info("WrongAnswer", "expected None, got <re.Match object>"))}
        return ExecResult(Outcome.OK, tuple(verdicts[t.name] for t in request.tests))

    record = dict(RECORDS[0], base_input=[[1], [2]], plus_input=[[3]], contract="")
    (task,) = load_tasks(_write(tmp_path / "t.jsonl", [record]), executor=FakeExecutor(respond=opaque),
                         cache_dir=tmp_path)
    assert [(test.name, test.expected) for test in task.tests] == [("base_0", None)]
    assert task.metadata["dropped"] == {"base": {"contract": 0, "error": 0, "too_large": 1},
                                        "plus": {"contract": 0, "error": 1, "too_large": 0}}
    assert task.metadata["error_details"] == [
        "plus_0: a value that is not plain data (expected None, got <re.Match object>)"]
