"""The HTTP layer in-process (FastAPI's TestClient) over a real sandbox pool and real HumanEval tasks."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from execrl.sandbox import FakeExecutor
from execrl.sandbox.fake import all_pass
from execrl.sandbox.local import LocalExecutor
from execrl.serve.app import ServeConfig, create_app
from execrl.serve.schema import request_to_json, result_from_json
from execrl.serve.service import RewardService
from execrl.types import ErrorInfo, ErrorOrigin, ExecRequest, ExecResult, Outcome, Task, TestCase

from .conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def client(humaneval_tasks: list[Task]) -> Iterator[TestClient]:
    service = RewardService(LocalExecutor(workers=2), humaneval_tasks)
    service.prepare()
    config = ServeConfig(frozenset({TOKEN}), max_batch=8, max_body_bytes=200_000, rate=1000, burst=1000)
    with TestClient(create_app(service, config)) as test_client:
        yield test_client


def requests_for(tasks: list[Task]) -> list[ExecRequest]:
    wrong = ExecRequest("def add(a, b):\n    return a - b\n", (TestCase("t", code="assert candidate(2, 2) == 4"),),
                        entry_point="add")
    crash = ExecRequest("import os\nos._exit(3)\n")
    return [ExecRequest(t.reference, t.tests, t.entry_point, t.test_setup) for t in tasks] + [wrong, crash]


def test_health_needs_no_token(client: TestClient) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200 and answer.json()["tasks"] == 3


@pytest.mark.parametrize(("headers", "query", "why"), [
    ({}, "", "no token"), ({"Authorization": "Bearer nope"}, "", "a wrong token"), ({}, "?token=nope", "a wrong token"),
])
def test_calls_without_the_right_token_are_refused(client: TestClient, headers: dict[str, str], query: str,
                                                   why: str) -> None:
    answer = client.post(f"/v1/execute{query}", json={"requests": []}, headers=headers)
    assert answer.status_code == 401 and why in answer.json()["detail"]
    assert answer.headers["www-authenticate"] == "Bearer"


def test_execute_gives_what_the_local_executor_gives(client: TestClient, humaneval_tasks: list[Task]) -> None:
    requests = requests_for(humaneval_tasks)
    answer = client.post("/v1/execute", json={"requests": [request_to_json(r) for r in requests]}, headers=AUTH)
    assert answer.status_code == 200
    remote = [result_from_json(row) for row in answer.json()["results"]]
    with LocalExecutor(workers=1) as local:
        expected = local.run(requests)
    assert [r.outcome for r in remote] == [r.outcome for r in expected] == [Outcome.OK] * 4 + [Outcome.RUNTIME_ERROR]
    assert [[t.status for t in r.tests] for r in remote] == [[t.status for t in r.tests] for r in expected]
    assert [r.passed for r in remote] == [True, True, True, False, False]


def test_the_token_may_come_in_the_url(client: TestClient) -> None:
    answer = client.post(f"/v1/execute?token={TOKEN}", json={"requests": [request_to_json(ExecRequest("print(1)"))]})
    assert answer.status_code == 200 and answer.json()["results"][0]["stdout"] == "1\n"


@pytest.mark.parametrize(("body", "status", "detail"), [
    (b"{not json", 400, "the body is not valid JSON"),
    (json.dumps({"requests": [{"program": "x = 1"}] * 9}).encode(), 413,
     "a batch of 9 items is over the service's limit of 8 (max_batch)"),
    (json.dumps({"requests": [{"program": "x" * 300_000}]}).encode(), 413,
     "bytes is over the limit of 200000 bytes (max_body_bytes)"),
    (json.dumps({"requests": [{"program": "x = 1", "limits": {"timeout_s": 0}}]}).encode(), 422,
     "requests[0].limits: Limits.timeout_s must be positive, got 0"),
    (json.dumps({"jobs": []}).encode(), 422, "body.requests: is required"),
])
def test_bad_requests_get_a_4xx_naming_the_problem(client: TestClient, body: bytes, status: int, detail: str) -> None:
    answer = client.post("/v1/execute", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert answer.status_code == status and detail in answer.json()["detail"]


def test_rewards_score_each_sample(client: TestClient, humaneval_tasks: list[Task]) -> None:
    task = humaneval_tasks[0]
    body = task.reference[len(task.prompt):] if task.reference.startswith(task.prompt) else task.reference
    chat = [{"role": "assistant", "content": f"```python\n{task.reference}```"}]
    samples = [{"task_id": task.task_id, "completion": body},
               {"task_id": task.task_id, "completion": "    return True\n"},  # passes the 4 tests expecting True
               {"task_id": task.task_id, "completion": chat}]
    answer = client.post("/v1/rewards", json={"samples": samples}, headers=AUTH)
    assert answer.status_code == 200
    rewards, breakdowns = answer.json()["rewards"], answer.json()["breakdowns"]
    assert [b["components"]["functional"] for b in breakdowns] == [1.0, pytest.approx(4 / 7), 1.0]
    assert rewards[0] == rewards[2] > rewards[1] > 0


def test_an_unknown_task_is_named(client: TestClient) -> None:
    answer = client.post("/v1/rewards", json={"samples": [{"task_id": "HumanEval/999", "completion": "x"}]},
                         headers=AUTH)
    assert answer.status_code == 422 and "unknown task 'HumanEval/999'" in answer.json()["detail"]


def test_openrlhf_contract(client: TestClient, humaneval_tasks: list[Task]) -> None:
    prompts = [t.prompt for t in humaneval_tasks]
    queries = [t.reference if t.reference.startswith(t.prompt) else t.prompt + "    pass\n" for t in humaneval_tasks]
    labels = [t.task_id for t in humaneval_tasks[:2]] + [json.dumps({"task_id": humaneval_tasks[2].task_id})]
    answer = client.post(f"/openrlhf?token={TOKEN}", json={"query": queries, "prompts": prompts, "labels": labels})
    assert answer.status_code == 200
    data = answer.json()
    assert len(data["rewards"]) == len(data["scores"]) == 3 and data["rewards"] == data["scores"]
    assert data["extra_logs"]["execrl_functional"] == [1.0, 1.0, 1.0]
    assert data["extra_logs"]["execrl_hacked"] == [0.0, 0.0, 0.0]


def test_openrlhf_without_labels_says_which_option_is_missing(client: TestClient) -> None:
    answer = client.post("/openrlhf", json={"query": ["x"], "prompts": ["x"]}, headers=AUTH)
    assert answer.status_code == 422 and "--label_key" in answer.json()["detail"]


def infra_unless_reference(request: ExecRequest) -> ExecResult:
    if "BROKEN" in request.program:
        return ExecResult(Outcome.INFRA_ERROR, error=ErrorInfo("WorkerCrashed", "lost", origin=ErrorOrigin.SANDBOX))
    return all_pass(request)


@pytest.fixture()
def flaky_client(humaneval_tasks: list[Task]) -> Iterator[tuple[TestClient, FakeExecutor]]:
    fake = FakeExecutor(infra_unless_reference)
    service = RewardService(fake, humaneval_tasks)
    with TestClient(create_app(service, ServeConfig(frozenset({TOKEN}), rate=1, burst=3))) as test_client:
        yield test_client, fake


def test_infrastructure_failures_are_retried_then_masked_never_zero(
        flaky_client: tuple[TestClient, FakeExecutor]) -> None:
    client, fake = flaky_client
    samples = [{"task_id": "HumanEval/0", "completion": "    # BROKEN\n    return True\n"},
               {"task_id": "HumanEval/0", "completion": "    return True\n"}]
    answer = client.post("/v1/rewards", json={"samples": samples}, headers=AUTH)
    assert answer.status_code == 200 and answer.json()["rewards"][0] is None
    assert answer.json()["rewards"][1] is not None
    assert sum("BROKEN" in r.program for r in fake.requests) == 2  # tried twice
    openrlhf = client.post("/openrlhf", json={"query": [samples[0]["completion"]], "prompts": [""],
                                               "labels": ["HumanEval/0"]}, headers=AUTH)
    assert openrlhf.status_code == 503 and "retry" in openrlhf.json()["detail"]


def test_clients_over_their_rate_get_429_with_retry_after(flaky_client: tuple[TestClient, FakeExecutor]) -> None:
    client, _ = flaky_client
    statuses = [client.post("/v1/execute", json={"requests": []}, headers=AUTH).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.post("/v1/execute", json={"requests": []}, headers=AUTH)
    assert refused.headers["retry-after"] == "1" and "rate limit of 1 calls/s" in refused.json()["detail"]
