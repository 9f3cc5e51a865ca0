"""MBPP+ inputs get back the tuples, sets and complex numbers that JSON lost."""

from __future__ import annotations

from typing import Any

import pytest

from execrl.tasks._mbpp_inputs import CONVERTERS, restore_mbpp_inputs


@pytest.mark.parametrize(("task_id", "stored", "restored"), [
    ("Mbpp/2", [[1, 2], [3]], [(1, 2), (3,)]),
    ("Mbpp/63", [[[1, 2], [3, 4]]], [[(1, 2), (3, 4)]]),
    ("Mbpp/75", [[[1, 2], [3]], 2], [[(1, 2), (3,)], 2]),
    ("Mbpp/106", [[1], [2, 3]], [[1], (2, 3)]),
    ("Mbpp/115", [[[1, 2], [], [3]]], [[{1, 2}, {}, {3}]]),
    ("Mbpp/124", [3, "1+2j"], [3.0, 1 + 2j]),
    ("Mbpp/250", [[1, 2], 1], [(1, 2), 1]),
    ("Mbpp/307", [[1, 2], 1, 3], [(1, 2), 1, 3]),
    ("Mbpp/259", [[[1, 2]], [[3, 4]]], [((1, 2),), ((3, 4),)]),
    ("Mbpp/278", [[1, [2, 3], 4]], [(1, (2, 3), 4)]),
    ("Mbpp/722", [{"a": [1, 2]}, 5, 6], [{"a": (1, 2)}, 5, 6]),
    ("Mbpp/252", ["1-1j"], [1 - 1j]),
    ("Mbpp/580", [[1, [2, [3]]]], [(1, (2, (3,)))]),
    ("Mbpp/3", [[1, 2]], [[1, 2]]),
    ("HumanEval/2", [[1, 2]], [[1, 2]]),
])
def test_inputs_are_restored_per_task(task_id: str, stored: list[Any], restored: list[Any]) -> None:
    (result,) = restore_mbpp_inputs(task_id, [stored])
    assert list(result) == restored and [type(arg) for arg in result] == [type(arg) for arg in restored]


def test_the_table_covers_the_evalplus_tasks() -> None:
    assert len(CONVERTERS) == 22 + 15 + 4 + 2 + 1 + 1 + 8 + 3 + 1 + 1 + 1 + 3
