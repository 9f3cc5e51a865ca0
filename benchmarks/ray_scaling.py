"""Scaling of ``RayExecutor``: throughput with 1 and 2 sandbox pools on this machine, and a projection to N nodes.

    python benchmarks/ray_scaling.py                 # HumanEval references x2 (328 requests), 3 rounds
    python benchmarks/ray_scaling.py --copies 10     # longer, steadier

One machine cannot measure many nodes, so each Ray pool (an actor process with its own one-worker sandbox pool)
stands in for a node, and the figures are:

The four executors stay up side by side and take turns in each round (the machine is shared and its load drifts;
turns expose all of them to the same drift); medians over the rounds are reported:

- ``local_1`` / ``local_2``: ``LocalExecutor`` with 1 and 2 workers, no Ray (the ceiling for each);
- ``ray_1`` / ``ray_2``: ``RayExecutor`` with 1 and 2 one-worker pools (the same work through Ray);
- ``pool_overhead``: 1 - ray_1 / local_1, what Ray's dispatch costs a pool (serialisation, round trips, the tail of
  each chunk);
- ``driver_s_per_chunk``: CPU the driver spends per chunk (``time.process_time`` over chunks sent): with
  ``chunk_size`` requests per chunk, one driver can feed at most chunk_size / driver_s_per_chunk requests/s;
- the projection: ``T(N) = min(N * node_rate * (1 - pool_overhead), driver_cap)``, where ``node_rate`` is a whole
  node's local throughput (``local_2`` here: 2 cores). It assumes nodes like this one and a network that adds
  little to a chunk's round trip (chunks are ~100 KB); it is a model fitted on one machine, not a measurement.

Writes ``benchmarks/results/ray_scaling.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from execrl.distributed.ray_executor import RayExecutor  # noqa: E402
from execrl.sandbox.base import Executor  # noqa: E402
from execrl.sandbox.local import LocalExecutor  # noqa: E402
from execrl.tasks import load_tasks  # noqa: E402
from execrl.types import ExecRequest  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "ray_scaling.json"


def workload(copies: int) -> list[ExecRequest]:
    tasks = load_tasks("humaneval")
    return [ExecRequest(t.reference, t.tests, t.entry_point, t.test_setup) for t in tasks] * copies


def timed_run(executor: Executor, requests: Sequence[ExecRequest]) -> float:
    start = time.perf_counter()
    results = executor.run(requests)
    assert all(r.passed for r in results), "a reference failed: the measurement is not of the intended work"
    return len(requests) / (time.perf_counter() - start)


def measure(executors: dict[str, Executor], requests: Sequence[ExecRequest], rounds: int) -> dict[str, Any]:
    """Median requests/s of each executor over ``rounds`` turns, and the driver's CPU per chunk in Ray's turns."""
    for executor in executors.values():
        executor.run(requests[: max(1, len(requests) // 10)])  # warm-up
    rates: dict[str, list[float]] = {name: [] for name in executors}
    driver: list[float] = []
    for _ in range(rounds):
        for name, executor in executors.items():
            cpu = time.process_time()
            sent = executor.stats.chunks_sent if isinstance(executor, RayExecutor) else 0
            rates[name].append(timed_run(executor, requests))
            if isinstance(executor, RayExecutor):
                driver.append((time.process_time() - cpu) / max(1, executor.stats.chunks_sent - sent))
    figures: dict[str, Any] = {name: round(statistics.median(values), 2) for name, values in rates.items()}
    figures["rates_per_round"] = {name: [round(v, 1) for v in values] for name, values in rates.items()}
    figures["driver_s_per_chunk"] = statistics.median(driver)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2, help="HumanEval references x this many")
    parser.add_argument("--rounds", type=int, default=3, help="turns of every executor; medians are reported")
    parser.add_argument("--chunk-size", type=int, default=16)
    parser.add_argument("--nodes", default="1,2,4,8,16,32,64", help="N to project to")
    args = parser.parse_args()
    import ray

    requests = workload(args.copies)
    # 4 logical CPUs (not enforced): both Ray executors (1 + 2 one-worker pools) stay up side by side
    ray.init(num_cpus=4, include_dashboard=False, object_store_memory=200 << 20, log_to_driver=False)
    try:
        with ExitStack() as stack:
            executors: dict[str, Executor] = {
                "local_1": stack.enter_context(LocalExecutor(workers=1)),
                "local_2": stack.enter_context(LocalExecutor(workers=2)),
                "ray_1": stack.enter_context(RayExecutor(pools_per_node=1, workers_per_pool=1,
                                                         chunk_size=args.chunk_size)),
                "ray_2": stack.enter_context(RayExecutor(pools_per_node=2, workers_per_pool=1,
                                                         chunk_size=args.chunk_size)),
            }
            figures = measure(executors, requests, args.rounds)
    finally:
        ray.shutdown()
    figures.update({"requests": len(requests), "chunk_size": args.chunk_size, "load_average": os.getloadavg()})
    figures.update(project(figures, [int(n) for n in args.nodes.split(",")]))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


def project(figures: dict[str, Any], nodes: Sequence[int]) -> dict[str, Any]:
    overhead = max(0.0, 1 - figures["ray_1"] / figures["local_1"])
    driver_s = figures["driver_s_per_chunk"]
    driver_cap = figures["chunk_size"] / driver_s if driver_s > 0 else float("inf")
    node_rate = figures["local_2"] * (1 - overhead)
    return {"pool_overhead": round(overhead, 4), "speedup_2_pools": round(figures["ray_2"] / figures["ray_1"], 3),
            "driver_cap_requests_per_s": round(driver_cap, 1),
            "projection_requests_per_s": {n: round(min(n * node_rate, driver_cap), 1) for n in nodes}}


if __name__ == "__main__":
    main()
