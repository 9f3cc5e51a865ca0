"""MBPP+ inputs back to their Python types.

JSON stores tuples, sets and complex numbers as lists and strings, but many MBPP+ functions take tuples, and their
contracts say so (``assert isinstance(test_tup1, tuple)``): read as stored, 6,315 inputs of 57 tasks violate their
own contract. EvalPlus restores the types with a table keyed by task number; this is the same table (MBPP+ v0.1.0
and later), written as one small function per shape of input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Args = list[Any]
Converter = Callable[[Args], Args]


def _each_arg_tuple(args: Args) -> Args:
    return [tuple(arg) for arg in args]


def _each_arg_list_of_tuples(args: Args) -> Args:
    return [[tuple(item) for item in arg] for arg in args]


def _each_arg_tuple_of_tuples(args: Args) -> Args:
    return [tuple(tuple(item) for item in arg) for arg in args]


def _first_list_of_tuples(args: Args) -> Args:
    return [[tuple(item) for item in args[0]], *args[1:]]


def _first_tuple(args: Args) -> Args:
    return [tuple(args[0]), *args[1:]]


def _second_tuple(args: Args) -> Args:
    return [args[0], tuple(args[1]), *args[2:]]


def _list_of_sets(args: Args) -> Args:
    # An empty set was stored as an empty list and is restored as EvalPlus does it: as `{}` (an empty dict).
    return [[set(item) if isinstance(item, list) and item else {} for item in args[0]]]


def _float_and_complex(args: Args) -> Args:
    return [float(args[0]), complex(args[1])]


def _complex(args: Args) -> Args:
    return [complex(args[0])]


def _tuple_with_inner_tuples(args: Args) -> Args:
    return [tuple(tuple(item) if isinstance(item, list) else item for item in args[0])]


def _values_tuples(args: Args) -> Args:
    return [{key: tuple(value) for key, value in args[0].items()}, *args[1:]]


def _all_lists_tuples(args: Args) -> Args:
    # Unlike the others this one also turns the argument list itself into a tuple, which `candidate(*args)` accepts.
    return list(_deep_tuple(args))


def _deep_tuple(value: Any) -> Any:
    return tuple(_deep_tuple(item) for item in value) if isinstance(value, list) else value


def _table() -> dict[int, Converter]:
    groups: list[tuple[Converter, tuple[int, ...]]] = [
        (_each_arg_tuple, (2, 116, 132, 143, 222, 261, 273, 394, 399, 421, 424, 429, 470, 560, 579, 596, 616, 630,
                           726, 740, 744, 809)),
        (_each_arg_list_of_tuples, (63, 64, 70, 94, 120, 237, 272, 299, 400, 409, 417, 438, 473, 614, 780)),
        (_first_list_of_tuples, (75, 413, 444, 753)),
        (_second_tuple, (106, 750)),
        (_list_of_sets, (115,)),
        (_float_and_complex, (124,)),
        (_first_tuple, (250, 405, 446, 617, 720, 763, 808, 307)),
        (_each_arg_tuple_of_tuples, (259, 401, 445)),
        (_tuple_with_inner_tuples, (278,)),
        (_values_tuples, (722,)),
        (_complex, (252,)),
        (_all_lists_tuples, (580, 615, 791)),
    ]
    table: dict[int, Converter] = {}
    for converter, numbers in groups:
        for number in numbers:
            assert number not in table, f"Mbpp/{number} is listed twice"
            table[number] = converter
    return table


CONVERTERS = _table()


def restore_mbpp_inputs(task_id: str, inputs: list[Args]) -> list[Args]:
    """``inputs`` of MBPP+ task ``task_id`` ("Mbpp/N") with their tuples, sets and complex numbers restored."""
    prefix, _, number = task_id.partition("/")
    converter = CONVERTERS.get(int(number)) if prefix == "Mbpp" and number.isdigit() else None
    return inputs if converter is None else [converter(args) for args in inputs]
