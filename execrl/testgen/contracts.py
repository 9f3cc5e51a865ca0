"""Contracts borrowed from another task set: MBPP+'s input contracts for the sanitized MBPP tasks they share.

A contract (``assert isinstance(n, int) and n >= 0``) keeps generated inputs inside the task's domain: without it
a mutated input such as a negative length can make the reference return nonsense that then becomes an expected
output. MBPP has no contracts; MBPP+ has them for the 399 tasks it shares with MBPP, written against the MBPP+
reference's parameter names, so one is borrowed only when the two references name their parameters alike.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import replace

from execrl.types import Task

CONTRACT = "contract"


def borrow_contracts(tasks: Sequence[Task], donors: Sequence[Task]) -> list[Task]:
    """``tasks``, each with the contract of the donor of the same id when it has one that fits its parameters."""
    by_id = {donor.task_id: donor for donor in donors}
    return [_borrow(task, by_id.get(task.task_id)) for task in tasks]


def _borrow(task: Task, donor: Task | None) -> Task:
    contract = str(donor.metadata.get(CONTRACT, "")) if donor is not None else ""
    if not contract.strip() or task.metadata.get(CONTRACT):
        return task
    assert donor is not None
    names = parameter_names(task.reference, task.entry_point)
    if names is None or names != parameter_names(donor.reference, donor.entry_point):
        return task
    return replace(task, metadata={**task.metadata, CONTRACT: contract})


def parameter_names(source: str, function: str) -> tuple[str, ...] | None:
    try:
        module = ast.parse(source)
    except SyntaxError:
        return None
    for node in module.body:
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return tuple(arg.arg for arg in [*node.args.posonlyargs, *node.args.args])
    return None
