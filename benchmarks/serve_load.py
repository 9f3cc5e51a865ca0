"""Load test of the reward service on 127.0.0.1: throughput, latency, no lost or duplicated result, flat memory.

    python benchmarks/serve_load.py                               # 60 s, 4 clients, batches of 8, 2 sandbox workers
    python benchmarks/serve_load.py --duration 20 --clients 2     # a quick check

Starts ``execrl serve --tasks humaneval`` in a subprocess (bound to 127.0.0.1 only) and runs ``--clients``
threads, each with its own keep-alive connection, for ``--duration`` seconds. Clients alternate two calls:

- ``POST /v1/execute``: a batch of HumanEval reference solutions, each ending in ``print(<unique id>)``. Every
  answer is checked: the result in slot i must print the id sent in slot i and pass its tests, so a result lost,
  duplicated or handed to the wrong caller is counted, not missed;
- ``POST /openrlhf``: a batch of real CodeGen-16B samples as OpenRLHF sends them (query = prompt + completion,
  labels = task ids); the answer must hold one reward per sample.

Reported: calls/s and samples/s, p50/p99 latency per call, lost/duplicated/misrouted results (must be 0), HTTP
errors, and resident memory sampled every 5 s: the server process alone (first and last sample after 10 s of
warm-up), and with its sandbox workers and their children in flight. Writes ``benchmarks/results/serve_load.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from execrl.serve.schema import request_to_json  # noqa: E402
from execrl.tasks import load_tasks  # noqa: E402
from execrl.types import ExecRequest, Task  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "data" / "humaneval-codegen16b-t0.8-n100.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results" / "serve_load.json"
TOKEN = "load-test-token"


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    samples: int = 0
    seen: Counter[str] = field(default_factory=Counter)
    lost: int = 0
    misrouted: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def start_server(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "EXECRL_SERVE_TOKENS": TOKEN}
    process = subprocess.Popen([sys.executable, "-m", "execrl.cli", "serve", "--host", "127.0.0.1", "--port",
                                str(port), "--tasks", "humaneval", "--workers", str(workers), "--rate", "10000",
                                "--burst", "10000"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("the server did not start within 300 s")


def rss_mib(pid: int, descendants: bool) -> float:
    """Resident memory of ``pid`` (and of all its descendants), from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])
            for task in Path(f"/proc/{current}/task").iterdir() if descendants else ():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def execute_batch(client: httpx.Client, tasks: list[Task], ident: str, size: int, tally: Tally) -> None:
    chosen = [tasks[hash((ident, i)) % len(tasks)] for i in range(size)]
    ids = [f"{ident}-{i}" for i in range(size)]
    requests = [ExecRequest(f"{t.reference}\nprint({uid!r})\n", t.tests, t.entry_point, t.test_setup)
                for t, uid in zip(chosen, ids, strict=True)]
    answer = timed(client, "/v1/execute", {"requests": [request_to_json(r) for r in requests]}, tally)
    if answer is None:
        return
    results = answer["results"]
    with tally.lock:
        tally.lost += max(0, size - len(results))
        for uid, result in zip(ids, results, strict=False):
            printed = result["stdout"].strip().splitlines()[-1:] or [""]
            tally.seen[printed[0]] += 1
            tally.misrouted += printed[0] != uid or not result["passed"]
        tally.samples += len(results)


def openrlhf_batch(client: httpx.Client, prompts: dict[str, str], rows: list[dict[str, Any]], start: int,
                   size: int, tally: Tally) -> None:
    batch = [rows[(start + i) % len(rows)] for i in range(size)]
    body = {"query": [prompts[r["task_id"]] + r["completion"] for r in batch],
            "prompts": [prompts[r["task_id"]] for r in batch], "labels": [r["task_id"] for r in batch]}
    answer = timed(client, "/openrlhf", body, tally)
    if answer is not None:
        with tally.lock:
            tally.lost += max(0, size - len(answer["rewards"]))
            tally.samples += len(answer["rewards"])


def timed(client: httpx.Client, path: str, body: dict[str, Any], tally: Tally) -> Any:
    start = time.perf_counter()
    try:
        response = client.post(path, json=body)
    except httpx.HTTPError as error:
        with tally.lock:
            tally.errors[type(error).__name__] += 1
        return None
    with tally.lock:
        tally.latencies.append(time.perf_counter() - start)
        if response.status_code != 200:
            tally.errors[str(response.status_code)] += 1
            return None
    return response.json()


def client_loop(url: str, number: int, until: float, batch: int, tasks: list[Task], prompts: dict[str, str],
                rows: list[dict[str, Any]], tally: Tally) -> None:
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300) as client:
        call = 0
        while time.monotonic() < until:
            if call % 2 == 0:
                execute_batch(client, tasks, f"c{number}-{call}", batch, tally)
            else:
                openrlhf_batch(client, prompts, rows, (number * 7919 + call * batch), batch, tally)
            call += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    tasks = load_tasks("humaneval")
    prompts = {t.task_id: t.prompt for t in tasks}
    with gzip.open(SAMPLES, "rt") as lines:
        rows = [json.loads(line) for line in lines][::37]  # a spread of tasks and samples
    process, url = start_server(args.workers)
    tally, memory = Tally(), []
    try:
        start = time.monotonic()
        until = start + args.duration
        threads = [threading.Thread(target=client_loop, args=(url, n, until, args.batch, tasks, prompts, rows, tally))
                   for n in range(args.clients)]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            memory.append((round(time.monotonic() - start, 1), round(rss_mib(process.pid, False), 1),
                           round(rss_mib(process.pid, True), 1)))
            time.sleep(5)
        elapsed = time.monotonic() - start
    finally:
        process.terminate()
        process.wait(timeout=120)
    report(args, tally, memory, elapsed)


def report(args: argparse.Namespace, tally: Tally, memory: list[tuple[float, float, float]], elapsed: float) -> None:
    latencies = sorted(tally.latencies)
    warm = [m for m in memory if m[0] >= 10] or memory
    figures = {
        "duration_s": round(elapsed, 1), "clients": args.clients, "batch": args.batch, "workers": args.workers,
        "calls": len(latencies), "calls_per_s": round(len(latencies) / elapsed, 2),
        "samples_per_s": round(tally.samples / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 1)
        if latencies else None,
        "lost": tally.lost, "duplicated": sum(n - 1 for n in tally.seen.values() if n > 1),
        "misrouted_or_failed": tally.misrouted, "http_errors": dict(tally.errors),
        "server_rss_mib_first": warm[0][1] if warm else None, "server_rss_mib_last": warm[-1][1] if warm else None,
        # seconds: server process / server and its sandbox workers (which include the children in flight)
        "rss_mib_samples": [f"{t:g}s:{own:g}/{total:g}" for t, own, total in memory],
        "load_average_at_end": os.getloadavg(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
