"""EvalPlus's special oracles: the few tasks where "output == expected" is the wrong check.

Most EvalPlus tests are plain ``inputs`` tests (the sandbox compares ``candidate(*inputs)`` with ``expected``). For
the tasks below EvalPlus compares differently, so their tests are ``code`` tests that spell out the same check with
the arguments and the expected value written in as Python literals:

- ``set_eq``: the order of the returned items does not matter (8 MBPP+ tasks);
- ``not_none``: the reference returns an ``re.Match`` (not plain data); only "matched or not" is compared, and the
  stored expected value is ``output is not None``;
- ``any_value`` (Mbpp/164): EvalPlus accepts any returned value, so the test only checks that the call returns;
- ``zero_ok`` (Mbpp/295), ``alt_value`` (Mbpp/558, Mbpp/581): a second accepted answer for an ambiguous task;
- ``poly_root`` (HumanEval/32): any root of the polynomial is accepted, within ``atol``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from execrl.tasks._values import to_source
from execrl.types import TestCase


@dataclass(frozen=True)
class Oracle:
    name: str
    check: str  # test code; {args}, {expected} and {atol} are replaced by Python literals
    transform: str = ""  # an expression of `out` stored instead of the reference's value ("" = the value itself)
    setup: str = ""  # trusted helpers the check calls, added to the task's test_setup


_SET_EQ = Oracle("set_eq", "assert set(candidate(*{args})) == set({expected})")
_NOT_NONE = Oracle(
    "not_none",
    "_out = candidate(*{args})\n"
    "assert (_out == {expected}) if isinstance(_out, bool) else ((_out is not None) == {expected})",
    transform="out is not None",
)
_ANY_VALUE = Oracle("any_value", "candidate(*{args})  # EvalPlus accepts any value this returns")
_ZERO_OK = Oracle("zero_ok", "_out = candidate(*{args})\nassert _out == {expected} or _out == 0")
_SURFACE_AREA = Oracle(
    "alt_value",
    "_out = candidate(*{args})\nassert _out == {expected} or abs(_out - _execrl_surface_area(*{args})) <= {atol}",
    setup="""\
def _execrl_surface_area(base_edge, height):
    # The task is ambiguous about "height"; this reads it as the pyramid's perpendicular height.
    import math
    slant = math.sqrt((base_edge / 2) ** 2 + height ** 2)
    return round(base_edge ** 2 + 2 * base_edge * slant)""",
)
_DIGIT_DISTANCE = Oracle(
    "alt_value",
    "_out = candidate(*{args})\nassert _out == {expected} or _out == _execrl_digit_distance(*{args})",
    setup="""\
def _execrl_digit_distance(first, second):
    # The accepted second reading: pad the shorter number with leading zeros.
    a, b = str(first), str(second)
    width = max(len(a), len(b))
    return sum(abs(int(x) - int(y)) for x, y in zip(a.zfill(width), b.zfill(width)))""",
)
_POLY_ROOT = Oracle(
    "poly_root",
    "assert abs(_execrl_poly(*{args}, candidate(*{args}))) <= {atol}",
    setup="""\
def _execrl_poly(coefficients, x):
    import math
    return sum(c * math.pow(x, i) for i, c in enumerate(coefficients))""",
)

ORACLES: dict[str, Oracle] = {
    **{f"Mbpp/{n}": _SET_EQ for n in (2, 7, 111, 140, 232, 249, 579, 769)},
    **{f"Mbpp/{n}": _NOT_NONE for n in (737, 787, 794)},
    "Mbpp/164": _ANY_VALUE,
    "Mbpp/295": _ZERO_OK,
    "Mbpp/558": _DIGIT_DISTANCE,
    "Mbpp/581": _SURFACE_AREA,
    "HumanEval/32": _POLY_ROOT,
}


def oracle_test(oracle: Oracle, name: str, args: tuple[Any, ...], expected: Any, atol: float) -> TestCase:
    """A code test that checks ``candidate(*args)`` the way ``oracle`` does; ``TypeError`` if a value has no literal."""
    code = oracle.check.format(args=to_source(args), expected=to_source(expected), atol=repr(atol))
    return TestCase(name, code=code, tags=frozenset({f"oracle:{oracle.name}"}))
