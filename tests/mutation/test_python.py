"""Python operators: (source, operator, expected mutated sources) tables, then properties on real files."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from execrl.mutation import Mutant, MutationError, Operator
from execrl.mutation.python import python_candidates, python_mutants, screen_python
from execrl.mutation.screen import Verdict
from execrl.types import Language

FUNCTION = "def f(x):\n    {}\n"

CASES = [
    # arithmetic, including augmented forms other than += and -=
    ("y = a + b", Operator.ARITHMETIC, ["y = a - b"]),
    ("y = (a) // (b)  # floor", Operator.ARITHMETIC, ["y = (a) / (b)  # floor"]),
    ("y = a ** b % c", Operator.ARITHMETIC, ["y = a * b % c", "y = a ** b * c"]),
    ("y = a << b", Operator.ARITHMETIC, ["y = a >> b"]),
    ("y *= 2", Operator.ARITHMETIC, ["y /= 2"]),
    ("y += 2", Operator.ARITHMETIC, []),
    ("y = a @ b", Operator.ARITHMETIC, []),
    # relational, one mutant per operator in a chain
    ("y = a < b", Operator.RELATIONAL, ["y = a > b"]),
    ("y = a == b != c", Operator.RELATIONAL, ["y = a != b != c", "y = a == b == c"]),
    ("y = a is not None", Operator.RELATIONAL, ["y = a is None"]),
    ("y = a not  in b", Operator.RELATIONAL, ["y = a in b"]),
    ("y = a in b", Operator.RELATIONAL, ["y = a not in b"]),
    # boundary
    ("y = a <= b", Operator.BOUNDARY, ["y = a < b"]),
    ("y = a > b", Operator.BOUNDARY, ["y = a >= b"]),
    ("y = a == b", Operator.BOUNDARY, []),
    # negated conditions: if, while, conditional expressions, comprehension filters
    ("if a:\n    pass", Operator.NEGATE_CONDITION, ["if not (a):\n    pass"]),
    ("while a > 0:\n    pass", Operator.NEGATE_CONDITION, ["while not (a > 0):\n    pass"]),
    ("y = b if a else c", Operator.NEGATE_CONDITION, ["y = b if not (a) else c"]),
    ("y = [i for i in a if i]", Operator.NEGATE_CONDITION, ["y = [i for i in a if not (i)]"]),
    ("if not a:\n    pass", Operator.NEGATE_CONDITION, []),
    # logical connectors, one mutant per connector
    ("y = a and b or c", Operator.LOGICAL, ["y = a or b or c", "y = a and b and c"]),
    # unary operators removed, brackets kept
    ("y = -a", Operator.UNARY, ["y = a"]),
    ("y = not a", Operator.UNARY, ["y = a"]),
    ("y = not(a)", Operator.UNARY, ["y = (a)"]),
    ("y = ~a + +b", Operator.UNARY, ["y = a + +b", "y = ~a + b"]),
    # increment
    ("y += 1", Operator.INCREMENT, ["y -= 1"]),
    ("y -= a", Operator.INCREMENT, ["y += a"]),
    # constants
    ("y = 0", Operator.CONSTANT, ["y = 1"]),
    ("y = 0x10", Operator.CONSTANT, ["y = 17"]),
    ("y = 1.5", Operator.CONSTANT, ["y = 2.5"]),
    ("y = True", Operator.CONSTANT, ["y = False"]),
    ("y = 'ab'", Operator.CONSTANT, ['y = ""']),
    ("y = ''", Operator.CONSTANT, ['y = "XX"']),
    ("y = b'a'", Operator.CONSTANT, ['y = b""']),
    ("y = None", Operator.CONSTANT, []),
    ("y = 1j", Operator.CONSTANT, []),
    # return values
    (FUNCTION.format("return x + 1"), Operator.RETURN_VALUE, [FUNCTION.format("return None")]),
    (FUNCTION.format("return None"), Operator.RETURN_VALUE, []),
    (FUNCTION.format("return"), Operator.RETURN_VALUE, []),
    # statement deletion: calls and assignments
    ("print(a)", Operator.STATEMENT_DELETION, ["pass"]),
    ("y = f(\n    a,\n)  # keep", Operator.STATEMENT_DELETION, ["pass  # keep"]),
    ("y: int = 1", Operator.STATEMENT_DELETION, ["pass"]),
    ("y: int", Operator.STATEMENT_DELETION, []),
    ("a.b", Operator.STATEMENT_DELETION, []),
    ("async def f():\n    await g()", Operator.STATEMENT_DELETION, ["async def f():\n    pass"]),
    # loop control
    ("for i in a:\n    break", Operator.LOOP_CONTROL, ["for i in a:\n    continue"]),
    ("for i in a:\n    continue", Operator.LOOP_CONTROL, ["for i in a:\n    break"]),
]


def _sources(source: str, operator: Operator) -> list[str]:
    return [mutant.source for mutant in python_candidates(source) if mutant.operator is operator]


@pytest.mark.parametrize(("source", "operator", "expected"), CASES)
def test_operator_table(source: str, operator: Operator, expected: list[str]) -> None:
    assert _sources(source, operator) == expected


def test_every_operator_has_a_case() -> None:
    assert {operator for _, operator, expected in CASES if expected} == set(Operator)


def test_mutant_records_the_span() -> None:
    [mutant] = _sources_mutants("y = 1\nz = a  <  b\n", Operator.BOUNDARY)
    assert (mutant.language, mutant.line, mutant.original, mutant.replacement) == (Language.PYTHON, 2, "<", "<=")
    assert mutant.source == "y = 1\nz = a  <=  b\n"


def _sources_mutants(source: str, operator: Operator) -> list[Mutant]:
    return [mutant for mutant in python_candidates(source) if mutant.operator is operator]


def test_non_ascii_text_before_the_span() -> None:
    """AST columns count UTF-8 bytes; the edit must land on the right characters."""
    assert _sources("y = 'éé' + a  # ünïcode", Operator.ARITHMETIC) == ["y = 'éé' - a  # ünïcode"]


SKIPPED = '''"""Module docstring."""


def f(a: "int" = 1) -> "str":
    """Function docstring."""
    b: "list[str]" = g(a["key"], {"key": a})
    return f"{a + 1}"


if __name__ == "__main__":
    f(2 + 3)
'''


def test_skipped_parts_are_not_mutated() -> None:
    originals = {mutant.original for mutant in python_candidates(SKIPPED)}
    assert originals == {"1", 'b: "list[str]" = g(a["key"], {"key": a})', 'f"{a + 1}"'}


def test_order_is_deterministic_and_by_position() -> None:
    source = Path(__file__).read_text()
    first, second = python_candidates(source), python_candidates(source)
    assert first == second
    assert [m.line for m in first] == sorted(m.line for m in first)


@pytest.mark.parametrize("path", [textwrap.__file__, "execrl/mutation/python.py"])
def test_every_mutant_of_a_real_file_parses_and_differs(path: str) -> None:
    source = Path(path).read_text()
    mutants = python_candidates(source)
    assert len(mutants) > 100
    for mutant in mutants:
        ast.parse(mutant.source)
        assert mutant.source != source
        assert source.count(mutant.original) > 0


def test_equivalent_mutant_is_dropped() -> None:
    """``2 ** 1`` and ``2 * 1`` both fold to 2; code under ``if 0`` is not compiled at all."""
    source = "x = 2 ** 1\nif 0 and y:\n    z = y - 1\n"
    screening = screen_python(source, python_candidates(source))
    equivalent = {(m.operator, m.original) for m in screening.having(Verdict.EQUIVALENT)}
    assert (Operator.ARITHMETIC, "**") in equivalent
    assert (Operator.ARITHMETIC, "-") in equivalent
    assert (Operator.CONSTANT, "2") not in equivalent
    assert not any(m.source.startswith("x = 2 * 1\n") for m in python_mutants(source))


def test_duplicates_keep_the_first() -> None:
    """``2 + 1`` and ``1 + 2`` fold to the same constant; types are kept apart (1 == 1.0 == True)."""
    source = "x = 1 + 1\ny = 1\n"
    screening = screen_python(source, python_candidates(source))
    duplicates = [m.source for m in screening.having(Verdict.DUPLICATE)]
    assert duplicates == ["x = 1 + 2\ny = 1\n"]
    assert "x = 2 + 1\ny = 1\n" in [m.source for m in screening.kept]
    assert len(screen_python("x = 1\n", python_candidates("x = 1\n")).kept) == 2  # "pass" and "x = 2"


def test_mutant_that_does_not_compile_is_flagged() -> None:
    mutant = Mutant(Language.PYTHON, Operator.STATEMENT_DELETION, 1, "x = 1", "nonlocal x", "nonlocal x\n")
    assert screen_python("x = 1\n", [mutant]).having(Verdict.NOT_COMPILING) == [mutant]


def test_source_that_does_not_parse_is_refused() -> None:
    with pytest.raises(MutationError, match="does not parse"):
        python_candidates("def f(:\n")
