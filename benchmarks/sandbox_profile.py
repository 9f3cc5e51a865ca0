"""Where the sandbox's time goes: CPU and minor page faults per execution, per process (the caller, the worker, its
zygote, the children), from /proc counters around one timed batch on one worker.

    python benchmarks/sandbox_profile.py [--copies 3] [--skip-task HumanEval/75]

The workload is HumanEval's reference solutions with per-test results on, as in ``sandbox_throughput.py``.
HumanEval/75's reference burns ~200 ms of its own CPU, more than every other reference together, so it is left
out by default: what remains is the harness's cost. The children are reaped by the zygote, so their CPU and faults
are the zygote's "children" counters. Counters tick at 10 ms: use enough copies (the default gives ~490
executions). ``bare_fork`` is the floor under all of it: fork + exit + wait of a process holding what a worker
holds, the child doing nothing. Writes ``benchmarks/results/sandbox_profile.json``.
"""

from __future__ import annotations

import argparse
import json
import mmap
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from execrl.sandbox import LocalExecutor  # noqa: E402
from execrl.tasks import load_tasks  # noqa: E402
from execrl.types import ExecRequest, Limits  # noqa: E402

_TICKS = os.sysconf("SC_CLK_TCK")


def counters(pid: int) -> dict[str, float]:
    """Own and reaped children's CPU seconds and minor faults of ``pid``, from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return {"cpu": (int(fields[11]) + int(fields[12])) / _TICKS, "children_cpu": (int(fields[13]) + int(fields[14]))
            / _TICKS, "faults": int(fields[7]), "children_faults": int(fields[8])}


def own_counters() -> dict[str, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu": usage.ru_utime + usage.ru_stime, "faults": usage.ru_minflt}


def zygote_of(worker_pid: int) -> int:
    return int(Path(f"/proc/{worker_pid}/task/{worker_pid}/children").read_text().split()[0])


def profile(requests: list[ExecRequest]) -> dict[str, float]:
    with LocalExecutor(workers=1) as executor:
        executor.run(requests[:20])  # start and warm the worker outside the counted region
        worker = executor._workers[0].process.pid
        zygote = zygote_of(worker)
        before = counters(worker), counters(zygote), own_counters()
        start = time.perf_counter()
        results = executor.run(requests)
        wall = time.perf_counter() - start
        after = counters(worker), counters(zygote), own_counters()
    n = len(requests)
    report = {"executions": n, "passed": sum(r.passed for r in results), "wall_ms": 1e3 * wall / n}
    for name, i, cpu, faults in (("caller", 2, "cpu", "faults"), ("worker", 0, "cpu", "faults"),
                                 ("zygote", 1, "cpu", "faults"), ("children", 1, "children_cpu", "children_faults")):
        report[f"{name}_cpu_ms"] = 1e3 * (after[i][cpu] - before[i][cpu]) / n
        report[f"{name}_faults"] = (after[i][faults] - before[i][faults]) / n
    report["total_cpu_ms"] = sum(report[f"{name}_cpu_ms"] for name in ("caller", "worker", "zygote", "children"))
    return report


def page_fault_us(pages: int = 20_000) -> dict[str, float]:
    """Microseconds per first write to a page: copy-on-write in a fresh fork, and zero-fill of a new mapping (what
    every page a child or zygote writes costs, on top of the work itself)."""
    shared = mmap.mmap(-1, pages * mmap.PAGESIZE)
    shared.write(b"x" * len(shared))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - measured in the child, reported through the pipe
        os.write(write, str(_touch(shared)).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    copy_s = float(os.read(read, 64))
    os.close(read)
    os.close(write)
    zero_s = _touch(mmap.mmap(-1, pages * mmap.PAGESIZE))
    return {"copy_on_write_us": 1e6 * copy_s / pages, "zero_fill_us": 1e6 * zero_s / pages}


_BARE_FORK = """
import os, resource, sys
from execrl.sandbox import _linux, _worker
_worker._preload()
def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime, children.ru_minflt
n = int(sys.argv[1])
before = cpu()
for _ in range(n):
    pid = _linux.raw_fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
after = cpu()
rss = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmRSS:"))
print(*[(b - a) / n for a, b in zip(before, after)], rss)
"""


def bare_fork(forks: int = 2000) -> dict[str, float]:
    """The lower bound of any fork-per-execution design here: fork + exit + wait from a process holding what a
    sandbox worker holds (its imports and pre-imports), through the same raw fork, the child doing nothing."""
    out = subprocess.run([sys.executable, "-c", _BARE_FORK, str(forks)], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout.split()
    parent, child, faults, rss_kib = map(float, out)  # VmRSS: ru_maxrss carries over exec
    return {"parent_cpu_ms": 1e3 * parent, "child_cpu_ms": 1e3 * child, "total_cpu_ms": 1e3 * (parent + child),
            "child_faults": faults, "parent_rss_mib": rss_kib / 1024}


def _touch(region: mmap.mmap) -> float:
    start = time.perf_counter()
    for offset in range(0, len(region), mmap.PAGESIZE):
        region[offset] = 1
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--skip-task", action="append", default=None, help="default: HumanEval/75")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "sandbox_profile.json")
    args = parser.parse_args()
    skipped = set(args.skip_task if args.skip_task is not None else ["HumanEval/75"])
    tasks = [t for t in load_tasks("humaneval") if t.task_id not in skipped]
    requests = [ExecRequest(t.reference, t.tests, t.entry_point, t.test_setup, limits=Limits(timeout_s=3.0))
                for t in tasks] * args.copies
    report = {"skipped": sorted(skipped), "load_average_at_start": os.getloadavg()[0], **profile(requests),
              "page_fault": page_fault_us(), "bare_fork": bare_fork()}
    print(json.dumps(report, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
