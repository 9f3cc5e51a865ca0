from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from execrl.errors import DataError, UnknownTaskError
from execrl.eval.harness import evaluate
from execrl.eval.results import Verdict
from execrl.eval.timing import TimePolicy
from execrl.sandbox.fake import FakeExecutor
from execrl.types import ExecRequest, ExecResult, Outcome, Sample
from tests.eval.eval_support import REFERENCE, make_task, scripted

TASKS = [make_task("T/0"), make_task("T/1")]


def samples(*programs_per_task: Sequence[str]) -> list[Sample]:
    return [Sample(f"T/{t}", program, completion=program, index=i)
            for t, programs in enumerate(programs_per_task) for i, program in enumerate(programs)]


def sample_requests(fake: FakeExecutor) -> list[ExecRequest]:
    return [r for r in fake.requests if r.program != REFERENCE]


def rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_pass_at_k_counts_and_human_eval_rows(tmp_path: Path, fake: FakeExecutor) -> None:
    out = tmp_path / "results.jsonl"
    summary = evaluate(TASKS, samples(["ok", "WRONG"], ["ok", "CRASH"]), fake, out=out, k=(1, 2), progress=False)
    assert summary.to_json()["pass@1"] == 0.5
    assert summary.to_json()["pass@2"] == 1.0
    assert summary.verdicts == {Verdict.PASSED: 2, Verdict.WRONG_ANSWER: 1, Verdict.EXCEPTION: 1}
    assert summary.exception_types == {"IndexError": 1}
    assert [(r["task_id"], r["sample_idx"], r["passed"], r["result"]) for r in rows(out)] == [
        ("T/0", 0, True, "passed"), ("T/0", 1, False, "failed: AssertionError"),
        ("T/1", 0, True, "passed"), ("T/1", 1, False, "failed: IndexError: list index out of range")]


def test_one_execution_per_sample_gives_base_and_plus_verdicts(fake: FakeExecutor) -> None:
    tasks = [make_task("T/0", n_base=2, n_plus=3), make_task("T/1", n_base=1, n_plus=1)]
    summary = evaluate(tasks, samples(["ok", "WEAK"], ["WEAK", "WEAK"]), fake, k=(1,), progress=False)
    assert len(sample_requests(fake)) == 4
    assert [len(r.tests) for r in sample_requests(fake)] == [5, 5, 2, 2]
    assert summary.to_json()["pass@1"] == 1.0
    assert summary.to_json()["plus_pass@1"] == 0.25  # (1/2 + 0/2) / 2
    assert summary.plus_verdicts == {Verdict.PASSED: 1, Verdict.WRONG_ANSWER: 3}


def test_no_plus_keys_without_plus_tests(fake: FakeExecutor) -> None:
    summary = evaluate(TASKS, samples(["ok"], ["ok"]), fake, k=(1,), progress=False).to_json()
    assert "plus_pass@1" not in summary and "n_plus_passed" not in summary


def test_time_limits_scale_with_the_reference() -> None:
    def respond(request: ExecRequest) -> ExecResult:
        slow_reference = request.program == REFERENCE and request.entry_point == "f" and len(request.tests) == 3
        return ExecResult(Outcome.OK, scripted()(request).tests, duration_s=2.5 if slow_reference else 0.001)

    fake = FakeExecutor(respond)
    tasks = [make_task("T/0", n_base=2), make_task("T/1", n_base=3)]
    policy = TimePolicy(floor_s=3.0, factor=4.0, cap_s=60.0)
    evaluate(tasks, samples(["ok"], ["ok"]), fake, k=(1,), time_policy=policy, progress=False)
    assert [r.limits.timeout_s for r in fake.requests if r.program == REFERENCE] == [60.0, 60.0]
    assert [r.limits.timeout_s for r in sample_requests(fake)] == [3.0, 10.0]  # max(3, 4 x 0.001); 4 x 2.5


def test_a_failing_reference_falls_back_to_the_floor_with_a_warning() -> None:
    fake = FakeExecutor(lambda r: scripted()(r) if r.program != REFERENCE else ExecResult(Outcome.TIMEOUT))
    summary = evaluate(TASKS[:1], samples(["ok"]), fake, k=(1,), progress=False)
    assert sample_requests(fake)[0].limits.timeout_s == 3.0
    assert any("T/0: reference solution did not pass" in w for w in summary.warnings)


def test_infrastructure_errors_are_left_out_of_pass_at_k_and_retried_on_resume(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    first = evaluate(TASKS, samples(["ok", "WRONG", "INFRA"], ["ok"]), FakeExecutor(scripted()), out=out, k=(1,),
                     progress=False)
    assert (first.n_infra_error, first.to_json()["pass@1"]) == (1, 0.75)  # T/0: 1 of 2 scored; T/1: 1 of 1
    assert first.tasks[0].n == 2 and first.tasks[0].n_infra_error == 1
    assert any("infrastructure errors" in w for w in first.warnings)
    # The machinery is healthy again: only the infra-error sample runs, and its new verdict replaces the old row.
    healthy = FakeExecutor(lambda r: scripted()(ExecRequest(r.program.replace("INFRA", ""), r.tests, r.entry_point)))
    second = evaluate(TASKS, samples(["ok", "WRONG", "INFRA"], ["ok"]), healthy, out=out, k=(1,), progress=False)
    assert [r.program for r in sample_requests(healthy)] == ["INFRA"]
    assert (second.n_infra_error, second.n_executed, second.to_json()["pass@1"]) == (0, 1, pytest.approx(5 / 6))
    assert len(rows(out)) == 4


def test_resume_runs_only_what_is_not_on_disk(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    todo = samples(["ok", "WRONG", "ok", "ok"], ["ok", "ok"])

    class DiesAfterOneBatch(FakeExecutor):
        def run(self, requests: Sequence[ExecRequest]) -> list[ExecResult]:
            if len(self.requests) > len(TASKS):  # the references, then one batch
                raise KeyboardInterrupt
            return super().run(requests)

    with pytest.raises(KeyboardInterrupt):
        evaluate(TASKS, todo, DiesAfterOneBatch(scripted()), out=out, k=(1,), batch_size=4, progress=False)
    assert len(rows(out)) == 4
    fake = FakeExecutor(scripted())
    summary = evaluate(TASKS, todo, fake, out=out, k=(1,), batch_size=4, progress=False)
    assert [(r.program, r.tests[0].name) for r in sample_requests(fake)] == [("ok", "base_0"), ("ok", "base_0")]
    assert [r.program for r in fake.requests if r.program == REFERENCE] == [REFERENCE]  # only T/1 recalibrated
    assert (summary.n_samples, summary.n_executed, summary.to_json()["pass@1"]) == (6, 2, 0.875)
    assert [(r["task_id"], r["sample_idx"]) for r in rows(out)] == [(s.task_id, s.index) for s in todo]
    again = FakeExecutor(scripted())
    assert evaluate(TASKS, todo, again, out=out, k=(1,), progress=False).to_json()["pass@1"] == 0.875
    assert again.requests == []


def test_a_torn_last_line_is_tolerated_and_its_sample_runs_again(tmp_path: Path, fake: FakeExecutor) -> None:
    out = tmp_path / "r.jsonl"
    todo = samples(["ok", "WRONG"])
    evaluate(TASKS, todo, FakeExecutor(scripted()), out=out, k=(1,), progress=False)
    text = out.read_text().splitlines(keepends=True)
    out.write_text(text[0] + text[1][:25])  # killed while writing the second row
    summary = evaluate(TASKS, todo, fake, out=out, k=(1,), progress=False)
    assert [r.program for r in sample_requests(fake)] == ["WRONG"]
    assert summary.to_json()["pass@1"] == 0.5
    assert any("incomplete last line" in w for w in summary.warnings)
    assert len(rows(out)) == 2


def test_results_of_other_samples_are_refused(tmp_path: Path, fake: FakeExecutor) -> None:
    out = tmp_path / "r.jsonl"
    evaluate(TASKS, samples(["ok"]), fake, out=out, k=(1,), progress=False)
    with pytest.raises(DataError, match="T/0 sample 0 that is not in these samples"):
        evaluate(TASKS, samples(["changed"]), fake, out=out, k=(1,), progress=False)
    summary = evaluate(TASKS, samples(["WRONG"]), fake, out=out, k=(1,), resume=False, progress=False)
    assert summary.to_json()["pass@1"] == 0.0
    assert len(rows(out)) == 1


def test_k_larger_than_some_tasks_sample_count_leaves_those_tasks_out(fake: FakeExecutor) -> None:
    summary = evaluate(TASKS, samples(["ok", "WRONG"], ["WRONG"]), fake, k=(1, 2, 5), progress=False)
    as_json = summary.to_json()
    assert (as_json["pass@1"], as_json["pass@2"], "pass@5" in as_json) == (0.25, 1.0, False)
    assert as_json["tasks_at_k"] == {"pass@1": 2, "pass@2": 1, "pass@5": 0}
    assert any("pass@2: 1 tasks have fewer than 2 samples" in w for w in summary.warnings)


def test_tasks_without_samples_are_reported(fake: FakeExecutor) -> None:
    summary = evaluate(TASKS, samples(["ok"]), fake, k=(1,), progress=False)
    assert len(summary.tasks) == 1
    assert any("only 1 of 2 tasks have samples" in w for w in summary.warnings)


def test_a_sample_of_an_unknown_task_is_refused(fake: FakeExecutor) -> None:
    with pytest.raises(UnknownTaskError, match="T/7"):
        evaluate(TASKS, [Sample("T/7", "x")], fake, progress=False)


class StreamingFake(FakeExecutor):
    """Answers in reverse order through ``run_unordered``, as a pool with a slow first request would."""

    def run_unordered(self, requests: Sequence[ExecRequest]) -> Iterator[tuple[int, ExecResult]]:
        results = self.run(requests)
        yield from reversed(list(enumerate(results)))


def test_streamed_results_reach_their_samples_and_the_file_in_sample_order(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    todo = samples(["ok", "WRONG", "CRASH"], ["SLOW", "ok"])
    summary = evaluate(TASKS, todo, StreamingFake(scripted()), out=out, k=(1,), batch_size=2, progress=False)
    assert [(r["task_id"], r["sample_idx"], r["verdict"]) for r in rows(out)] == [
        ("T/0", 0, "passed"), ("T/0", 1, "wrong_answer"), ("T/0", 2, "exception"),
        ("T/1", 0, "timeout"), ("T/1", 1, "passed")]
    assert summary.to_json()["pass@1"] == pytest.approx((1 / 3 + 1 / 2) / 2)
