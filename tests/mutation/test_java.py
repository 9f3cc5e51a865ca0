"""Java operators: (source, operator, expected mutated sources) tables; a real class screened by javac."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("tree_sitter_java", reason="pip install 'execrl[labeling]'")

from execrl.mutation import MutationError, Operator, Verdict, mutants_for  # noqa: E402
from execrl.mutation.java import java_mutants, public_class_name  # noqa: E402
from execrl.mutation.javac import screen_java  # noqa: E402
from execrl.types import Language  # noqa: E402
from tests.mutation.conftest import DATA, need  # noqa: E402


def method(body: str, returns: str = "void") -> str:
    return f"class A {{ {returns} f(int i, boolean b, String s) {{ {body} }} }}"


CASES = [
    (method("i = i + 1;"), Operator.ARITHMETIC, [method("i = i - 1;")]),
    (method("i = i % 2 >>> 1;"), Operator.ARITHMETIC, [method("i = i * 2 >>> 1;")]),
    (method("s = s + \"x\";"), Operator.ARITHMETIC, []),
    (method("i *= 2;"), Operator.ARITHMETIC, [method("i /= 2;")]),
    (method("b = i < 2;"), Operator.RELATIONAL, [method("b = i > 2;")]),
    (method("b = i != 2;"), Operator.RELATIONAL, [method("b = i == 2;")]),
    (method("b = i >= 2;"), Operator.BOUNDARY, [method("b = i > 2;")]),
    (method("if (b) i = 1;"), Operator.NEGATE_CONDITION, [method("if (!(b)) i = 1;")]),
    (method("while (i > 0) i--;"), Operator.NEGATE_CONDITION, [method("while (!(i > 0)) i--;")]),
    (method("i = b ? 1 : 2;"), Operator.NEGATE_CONDITION, [method("i = !(b) ? 1 : 2;")]),
    (method("if (!b) i = 1;"), Operator.NEGATE_CONDITION, []),
    (method("b = b && i > 0 || b;"), Operator.LOGICAL,
     [method("b = b || i > 0 || b;"), method("b = b && i > 0 && b;")]),
    (method("i = -i;"), Operator.UNARY, [method("i = i;")]),
    (method("b = ! b;"), Operator.UNARY, [method("b = b;")]),
    (method("i++;"), Operator.INCREMENT, [method("i--;")]),
    (method("--i;"), Operator.INCREMENT, [method("++i;")]),
    (method("i += 2;"), Operator.INCREMENT, [method("i -= 2;")]),
    (method("long l = 1_000L;"), Operator.CONSTANT, [method("long l = 1001L;")]),
    (method("i = 0x1F;"), Operator.CONSTANT, [method("i = 32;")]),
    (method("b = true;"), Operator.CONSTANT, [method("b = false;")]),
    (method("s = \"a\";"), Operator.CONSTANT, [method("s = \"\";")]),
    (method("s = \"\";"), Operator.CONSTANT, [method("s = \"XX\";")]),
    (method("return i + 1;", "int"), Operator.RETURN_VALUE, [method("return 0;", "int")]),
    (method("return 0;", "int"), Operator.RETURN_VALUE, []),
    (method("return i > 0;", "boolean"), Operator.RETURN_VALUE, [method("return false;", "boolean")]),
    (method("return s;", "String"), Operator.RETURN_VALUE, [method("return \"\";", "String")]),
    (method("return null;", "Object"), Operator.RETURN_VALUE, []),
    (method("return s.trim();", "Object"), Operator.RETURN_VALUE, [method("return null;", "Object")]),
    (method("return i * 1.5;", "double"), Operator.RETURN_VALUE, [method("return 0.0;", "double")]),
    (method("Runnable r = () -> { return; };"), Operator.RETURN_VALUE, []),
    (method("s.trim();"), Operator.STATEMENT_DELETION, [method(";")]),
    (method("if (b) i = f(\n1);"), Operator.STATEMENT_DELETION, [method("if (b) ;\n")]),
    (method("int j = 1;"), Operator.STATEMENT_DELETION, []),
    (method("for (;;) { break; }"), Operator.LOOP_CONTROL, [method("for (;;) { continue; }")]),
    (method("while (b) { continue; }"), Operator.LOOP_CONTROL, [method("while (b) { break; }")]),
    (method("switch (i) { case 1: break; }"), Operator.LOOP_CONTROL, []),
    (method("out: for (;;) { break out; }"), Operator.LOOP_CONTROL, []),
]


@pytest.mark.parametrize(("source", "operator", "expected"), CASES)
def test_operator_table(source: str, operator: Operator, expected: list[str]) -> None:
    assert [m.source for m in java_mutants(source) if m.operator is operator] == expected


def test_every_operator_has_a_case() -> None:
    assert {operator for _, operator, expected in CASES if expected} == set(Operator)


def test_annotations_and_comments_are_left_alone() -> None:
    source = '@Deprecated(since = "9") class A { @SuppressWarnings("x") int f() { return 1; } /* 2 + 3 */ }'
    assert {m.original for m in java_mutants(source)} == {"1"}


def test_dispatch_and_parse_errors() -> None:
    assert mutants_for(Language.JAVA, method("i++;")) == java_mutants(method("i++;"))
    with pytest.raises(MutationError, match="java source does not parse"):
        java_mutants("class A { void f( }")


def test_public_class_names_the_file() -> None:
    assert public_class_name((DATA / "Sample.java").read_text()) == "Sample"
    assert public_class_name("class A {}") is None


def test_real_class_screened_by_javac(cache_root: Path) -> None:
    """Every mutant compiles except those flagged; dead code under ``if (DEBUG)`` (a false constant) is folded."""
    need("javac", "apt-get install -y default-jdk-headless")
    source = (DATA / "Sample.java").read_text()
    mutants = java_mutants(source)
    screening = screen_java(source, mutants, cache_root=cache_root)
    counts = screening.counts()
    assert counts[Verdict.KEPT] > 40
    assert [m.original for m in screening.having(Verdict.NOT_COMPILING)] == ["+"]  # String - int
    equivalent = screening.having(Verdict.EQUIVALENT)
    assert {m.line for m in equivalent} == {27}  # the body of if (DEBUG)
    assert {(m.operator, m.original) for m in screening.having(Verdict.DUPLICATE)} == {(Operator.RELATIONAL, "==")}
    assert screen_java(source, mutants, cache_root=cache_root) == screening  # from the cache this time


def test_original_that_does_not_compile_is_refused(cache_root: Path) -> None:
    need("javac", "apt-get install -y default-jdk-headless")
    with pytest.raises(MutationError, match="does not compile"):
        screen_java("class A { int f() { return g; } }", [], cache_root=cache_root)
