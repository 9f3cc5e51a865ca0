"""The pool stays flat over many executions: resident memory, file descriptors and processes.

    python benchmarks/sandbox_memory.py --executions 100000

Runs a mix of passing, failing, crashing and printing programs through one ``LocalExecutor`` and samples, every
``--every`` executions, the resident memory of the caller and of each worker, their open file descriptors and the
number of processes under the workers' zygotes (what executions left). Prints a table and a verdict line; exits
non-zero if anything grew.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from execrl.sandbox.local import LocalExecutor  # noqa: E402
from execrl.types import ExecRequest, Limits, TestCase  # noqa: E402

TESTS = (TestCase("t0", code="assert candidate([3, 1, 2]) == [1, 2, 3]"), TestCase("t1", inputs=([],), expected=[]))
MIX = [
    ExecRequest("def f(xs):\n    return sorted(xs)\n", TESTS, entry_point="f"),
    ExecRequest("def f(xs):\n    return xs\n", TESTS, entry_point="f"),
    ExecRequest("def f(xs):\n    raise ValueError('no')\n", TESTS, entry_point="f"),
    ExecRequest("import os\ndef f(xs):\n    os._exit(3)\n", TESTS, entry_point="f"),
    ExecRequest("print('x' * 5000)\nx = [0] * 100000\n"),
    ExecRequest("def f(:\n", TESTS, entry_point="f"),
]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def descendants(pid: int) -> int:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return len(children) + sum(descendants(int(c)) for c in children)


def sandboxed_processes(worker: int) -> int:
    """Processes under the worker's zygote (its one child), waiting up to 2 s for the last execution's reaping,
    which overlaps with the caller's work."""
    deadline = time.monotonic() + 2
    while True:
        zygotes = Path(f"/proc/{worker}/task/{worker}/children").read_text().split()
        count = sum(descendants(int(zygote)) for zygote in zygotes)
        if count == 0 or time.monotonic() > deadline:
            return count
        time.sleep(0.01)


def snapshot(executor: LocalExecutor, done: int, started: float) -> dict[str, float]:
    pids = [w.process.pid for w in executor._workers]
    return {
        "executions": done,
        "seconds": round(time.monotonic() - started, 1),
        "caller_rss_mib": round(rss_kib(os.getpid()) / 1024, 1),
        "workers_rss_mib": round(sum(rss_kib(p) for p in pids) / 1024, 1),
        "caller_fds": open_fds(os.getpid()),
        "worker_fds": sum(open_fds(p) for p in pids),
        "worker_children": sum(sandboxed_processes(p) for p in pids),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--executions", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the samples here")
    args = parser.parse_args()
    limits = Limits(timeout_s=5)
    batch = [ExecRequest(r.program, r.tests, r.entry_point, limits=limits) for r in MIX] * 100
    rows = []
    with LocalExecutor(workers=args.workers) as executor:
        executor.run(batch[:10])  # warm-up: imports and caches settle before the first sample
        started, done = time.monotonic(), 0
        rows.append(snapshot(executor, done, started))
        while done < args.executions:
            results = executor.run(batch[: min(len(batch), args.executions - done)])
            assert not any(r.is_infra_error for r in results), "infrastructure error during the benchmark"
            done += len(results)
            if done % args.every < len(batch) or done >= args.executions:
                rows.append(snapshot(executor, done, started))
                print(json.dumps(rows[-1]), flush=True)
    growth = rows[-1]["workers_rss_mib"] - rows[1]["workers_rss_mib"] if len(rows) > 2 else 0.0
    leaked = rows[-1]["worker_fds"] > rows[1]["worker_fds"] or rows[-1]["worker_children"] > 0
    print(f"\n{done} executions in {rows[-1]['seconds']} s ({done / rows[-1]['seconds']:.0f}/s); "
          f"worker RSS {rows[1]['workers_rss_mib']} -> {rows[-1]['workers_rss_mib']} MiB (growth {growth:+.1f}); "
          f"fds {rows[1]['worker_fds']} -> {rows[-1]['worker_fds']}; leftover children {rows[-1]['worker_children']}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    flat = growth < 5.0 and not leaked
    print("FLAT" if flat else "GREW")
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())
