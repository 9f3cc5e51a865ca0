"""Values between the tests (trusted, in the worker) and the program: comparing answers, standing in for the
program's exceptions, mirroring in-place changes to arguments."""

from __future__ import annotations

import builtins
import math
from typing import Any

from execrl.sandbox._wire import OpaqueValue
from execrl.types import ErrorInfo, ErrorOrigin

ERROR_ATTR = "__execrl_error__"  # where a stand-in exception keeps the program's ErrorInfo


class CandidateRaised(Exception):
    """Stands in for an exception type that only exists inside the program."""


def values_match(actual: Any, expected: Any, atol: float) -> bool:
    """EvalPlus semantics: exact equality, except floats (also inside lists/tuples) compare with a tolerance."""
    if isinstance(expected, float) and isinstance(actual, int | float) and not isinstance(actual, bool):
        if math.isnan(expected):
            return math.isnan(actual)
        return math.isclose(actual, expected, rel_tol=1e-7, abs_tol=max(atol, 1e-6))
    if isinstance(expected, list | tuple) and type(actual) is type(expected) and len(actual) == len(expected):
        return all(values_match(a, e, atol) for a, e in zip(actual, expected, strict=True))
    return bool(actual == expected)


def remote_exception(type_name: Any, message: Any, line: Any) -> Exception:
    info = ErrorInfo(str(type_name), str(message), line if isinstance(line, int) else None, ErrorOrigin.PROGRAM)
    cls = getattr(builtins, info.type_name, None)
    error: Exception
    try:
        if not (isinstance(cls, type) and issubclass(cls, Exception)):
            raise TypeError
        error = cls(info.message)
    except Exception:  # noqa: BLE001 - an exception type with an unusual constructor
        error = CandidateRaised(info.summary())
    setattr(error, ERROR_ATTR, info)
    return error


def copy_back(args: tuple[Any, ...], returned_args: Any) -> None:
    """Mirror in-place changes the program made to list/dict/set arguments, as if it had run in-process."""
    if not isinstance(returned_args, tuple) or len(returned_args) != len(args):
        return
    for original, changed in zip(args, returned_args, strict=True):
        if type(original) is list and isinstance(changed, list):
            original[:] = changed
        elif type(original) in (dict, set) and type(changed) is type(original):
            original.clear()
            original.update(changed)


def plain(value: Any) -> Any:
    return None if isinstance(value, OpaqueValue) else value


def mismatch(actual: Any, expected: Any) -> ErrorInfo:
    return ErrorInfo("WrongAnswer", f"expected {expected!r:.200}, got {actual!r:.200}", origin=ErrorOrigin.TEST)
