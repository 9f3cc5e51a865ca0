"""EvalPlus's special oracles, each checked against a right answer, an equally right one and a wrong one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from execrl.tasks._oracles import ORACLES, oracle_test


def _passes(task_id: str, candidate: Callable[..., Any], args: tuple[Any, ...], expected: Any,
            atol: float = 0.0) -> bool:
    oracle = ORACLES[task_id]
    test = oracle_test(oracle, "t", args, expected, atol)
    namespace: dict[str, Any] = {"candidate": candidate}
    exec(oracle.setup, namespace)
    try:
        exec(test.code, namespace)
    except AssertionError:
        return False
    return True


def test_set_eq_ignores_order_but_not_content() -> None:
    assert _passes("Mbpp/2", lambda a, b: (5, 4), ((3, 4, 5), (4, 5)), (4, 5))
    assert not _passes("Mbpp/2", lambda a, b: (4,), ((3, 4, 5), (4, 5)), (4, 5))


def test_not_none_compares_matched_or_not() -> None:
    import re

    assert _passes("Mbpp/794", lambda text: re.search("a.*b$", text), ("aab",), True)
    assert _passes("Mbpp/794", lambda text: True, ("aab",), True)  # a bool is compared as it is
    assert not _passes("Mbpp/794", lambda text: None, ("aab",), True)
    assert _passes("Mbpp/794", lambda text: None, ("xyz",), False)


def test_any_value_only_needs_the_call_to_return() -> None:
    assert _passes("Mbpp/164", lambda a, b: "anything", (36, 57), False)


def test_zero_ok_accepts_zero_as_well() -> None:
    assert _passes("Mbpp/295", lambda n: 0, (8,), 7)
    assert not _passes("Mbpp/295", lambda n: 1, (8,), 7)


def test_alt_values_accept_the_second_reading() -> None:
    assert _passes("Mbpp/581", lambda b, s: 33, (3, 4), 33)
    assert _passes("Mbpp/581", lambda b, s: 35, (3, 4), 33)  # perpendicular height: 9 + 6 * sqrt(18.25) = 34.6
    assert not _passes("Mbpp/581", lambda b, s: 40, (3, 4), 33)
    assert _passes("Mbpp/558", lambda a, b: 5, (123, 45), 4)  # zero-padded: |1-0| + |2-4| + |3-5| = 5
    assert not _passes("Mbpp/558", lambda a, b: 6, (123, 45), 4)


def test_poly_root_accepts_any_root() -> None:
    coefficients = [-6, 11, -6, 1]  # (x - 1)(x - 2)(x - 3)
    for root in (1.0, 2.0, 3.0):
        assert _passes("HumanEval/32", lambda xs, r=root: r, (coefficients,), 1.0, atol=1e-6)
    assert not _passes("HumanEval/32", lambda xs: 1.5, (coefficients,), 1.0, atol=1e-6)


@pytest.mark.parametrize("task_id", sorted(ORACLES))
def test_every_oracle_compiles_with_its_setup(task_id: str) -> None:
    oracle = ORACLES[task_id]
    test = oracle_test(oracle, "t", (1, [2.5], "x"), {"k": (1,)}, 1e-6)
    compile(oracle.setup + "\n" + test.code, task_id, "exec")
    assert test.tags == frozenset({f"oracle:{oracle.name}"})
