"""Borrowing MBPP+ contracts for MBPP tasks."""

from __future__ import annotations

from execrl.testgen.contracts import borrow_contracts
from execrl.types import Task, TestCase

TESTS = (TestCase("t", code="assert f(1) == 1"),)


def _task(reference: str, contract: str = "") -> Task:
    return Task("Mbpp/1", "", "f", reference, TESTS, metadata={"contract": contract} if contract else {})


def test_borrowed_only_when_the_parameters_match() -> None:
    donor = _task("def f(n):\n    return n\n", "assert n >= 0")
    [same] = borrow_contracts([_task("def f(n): return n")], [donor])
    [renamed] = borrow_contracts([_task("def f(m): return m")], [donor])
    [absent] = borrow_contracts([Task("Mbpp/2", "", "f", "def f(n): return n", TESTS)], [donor])
    assert same.metadata["contract"] == "assert n >= 0"
    assert "contract" not in renamed.metadata and "contract" not in absent.metadata


def test_an_own_contract_is_kept() -> None:
    [task] = borrow_contracts([_task("def f(n): return n", "assert n > 5")], [_task("def f(n): pass", "assert 0")])
    assert task.metadata["contract"] == "assert n > 5"
