"""A real ``execrl serve`` process: the clients, the verl adapter, the command line and graceful shutdown."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from execrl.errors import ConfigError
from execrl.rewards import verl_rewards
from execrl.sandbox.local import LocalExecutor
from execrl.serve import verl_client
from execrl.serve.client import RemoteExecutor, RewardClient
from execrl.serve.schema import RewardRequest
from execrl.types import ExecRequest, Limits, Outcome, Task, TestCase

from .conftest import TOKEN, start_server


def test_remote_executor_gives_what_the_local_executor_gives(server: str, humaneval_tasks: list[Task]) -> None:
    pairs = ExecRequest("def pairs(n):\n    return tuple((i, {i}) for i in range(n))\n",
                        (TestCase("t0", inputs=(2,), expected=((0, {0}), (1, {1}))), TestCase("t1", inputs=(1,),
                                                                                                expected=())),
                        entry_point="pairs")
    requests = [ExecRequest(t.reference, t.tests, t.entry_point, t.test_setup) for t in humaneval_tasks]
    forever = ExecRequest("while True:\n    pass\n", limits=Limits(timeout_s=1))
    requests += [pairs, forever, ExecRequest("print('x' * 10)")]
    remote = RemoteExecutor(server, TOKEN, max_batch=2).run(requests)  # several calls, reassembled in order
    with LocalExecutor(workers=1) as local:
        expected = local.run(requests)
    assert [(r.outcome, r.stdout, [(t.status, t.actual) for t in r.tests]) for r in remote] == \
        [(r.outcome, r.stdout, [(t.status, t.actual) for t in r.tests]) for r in expected]
    assert remote[3].tests[0].actual == ((0, {0}), (1, {1}))  # a tuple of tuples holding sets, not lists
    assert remote[4].outcome is Outcome.TIMEOUT


def test_an_unreachable_service_gives_infrastructure_errors_not_failures() -> None:
    results = RemoteExecutor("http://127.0.0.1:9", attempts=1).run([ExecRequest("x = 1")] * 2)
    assert [r.outcome for r in results] == [Outcome.INFRA_ERROR] * 2


def test_a_wrong_token_raises_with_the_services_reason(server: str) -> None:
    with pytest.raises(ConfigError, match="refused /v1/execute \\(401\\).*a wrong token"):
        RemoteExecutor(server, "wrong").run([ExecRequest("x = 1")])


def test_reward_client(server: str, humaneval_tasks: list[Task]) -> None:
    task = humaneval_tasks[1]
    body = task.reference.removeprefix(task.prompt)  # plain text continues the prompt, as a raw model writes it
    breakdowns = RewardClient(server, TOKEN).rewards([RewardRequest(task.task_id, body),
                                                      RewardRequest(task.task_id, "    return 0\n")])
    assert breakdowns[0].components["functional"] == 1.0
    assert breakdowns[1].components["functional"] == 0.0 and breakdowns[1].total is not None


def test_verl_adapter_scores_like_the_in_process_reward(server: str, humaneval_tasks: list[Task]) -> None:
    solutions = [f"```python\n{t.reference}```" for t in humaneval_tasks] + ["```python\ndef f():\n    pass\n```"]
    truths = [t.task_id for t in humaneval_tasks] + [humaneval_tasks[0].task_id]
    remote = verl_client.compute_score_batch(["humaneval"] * 4, solutions, truths, None, url=server, token=TOKEN)
    with LocalExecutor(workers=1) as local:
        verl_rewards.configure(humaneval_tasks, executor=local)
        try:
            expected = verl_rewards.compute_score_batch(["humaneval"] * 4, solutions, truths, None)
        finally:
            verl_rewards._shared = None
    assert remote == expected
    assert [row["functional"] for row in remote] == [1.0, 1.0, 1.0, 0.0]
    single = verl_client.compute_score("humaneval", solutions[0], truths[0], {"task_id": truths[0]}, url=server,
                                       token=TOKEN)
    assert single == remote[0]


def test_execrl_serve_refuses_to_start_without_a_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "EXECRL_SERVE_TOKENS"}
    done = subprocess.run([sys.executable, "-m", "execrl.cli", "serve", "--port", "9"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "no client token: set $EXECRL_SERVE_TOKENS" in done.stderr


def post(url: str, body: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Authorization": f"Bearer {TOKEN}",
                                                                      "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, json.loads(response.read())


def test_sigterm_drains_in_flight_work_then_exits(tmp_path: Path) -> None:
    process, url = start_server(tmp_path, "--workers", "1")
    answers: list[tuple[int, Any]] = []
    slow = {"requests": [{"program": "import time\ntime.sleep(2)\nprint('finished')"}]}
    caller = threading.Thread(target=lambda: answers.append(post(url + "/v1/execute", slow)))
    caller.start()
    deadline = time.monotonic() + 30
    while json.loads(urllib.request.urlopen(url + "/health").read())["in_flight"] == 0:
        assert time.monotonic() < deadline, "the slow request never started"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    refused = False
    while process.poll() is None and not refused:  # new connections are refused while the old one finishes
        try:
            urllib.request.urlopen(url + "/health", timeout=1)
        except OSError:
            refused = True
        time.sleep(0.05)
    caller.join(timeout=60)
    # uvicorn re-raises the signal it caught once it has shut down cleanly, so the exit status is SIGTERM's
    assert process.wait(timeout=60) in (0, -signal.SIGTERM)
    assert refused
    log = next(tmp_path.glob("serve-*.log")).read_text()
    assert log.index('"POST /v1/execute HTTP/1.1" 200') < log.index("Application shutdown complete")
    assert len(answers) == 1 and answers[0][0] == 200
    assert answers[0][1]["results"][0]["stdout"] == "finished\n"
