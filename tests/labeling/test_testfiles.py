"""Test functions per language: enumerate, hold out, insert back, name them as the runner does; broken variants."""

from __future__ import annotations

import textwrap

import pytest

from execrl.labeling.records import CandidateKind
from execrl.labeling.testfiles import belongs, remove_lines, test_file
from execrl.labeling.variants import BROKEN
from execrl.types import Language

PYTHON = textwrap.dedent("""\
    import calc


    def helper():
        return 1


    def test_add():
        assert calc.add(2, 3) == 5


    class TestSign:
        @staticmethod
        def test_positive():
            assert calc.sign(4) == 1

        def test_zero(self):
            assert calc.sign(0) == 0
""")
JAVA = textwrap.dedent("""\
    package com.x;

    import org.junit.jupiter.api.Test;
    import static org.junit.jupiter.api.Assertions.assertEquals;

    class CalcTest {
        private int helper() { return 1; }

        @Test
        void addsTwoNumbers() {
            assertEquals(5, Calc.add(2, 3));
        }

        @Test
        void signOfZero() {
            assertEquals(0, Calc.sign(0));
        }
    }
""")
GO = textwrap.dedent("""\
    package calc

    import (
    \t"strings"
    \t"testing"
    )

    func helper() int { return 1 }

    func TestAdd(t *testing.T) {
    \tif Add(2, 3) != 5 {
    \t\tt.Errorf("wrong")
    \t}
    }

    func TestUpper(t *testing.T) {
    \tif strings.ToUpper("a") != "A" || Sign(0) != 0 {
    \t\tt.Fatal("wrong")
    \t}
    }
""")


@pytest.mark.parametrize(("language", "source", "expected"), [
    (Language.PYTHON, PYTHON, [("test_add", 8, 9, None), ("test_positive", 13, 15, "TestSign"),
                               ("test_zero", 17, 18, "TestSign")]),
    (Language.JAVA, JAVA, [("addsTwoNumbers", 9, 12, "CalcTest"), ("signOfZero", 14, 17, "CalcTest")]),
    (Language.GO, GO, [("TestAdd", 10, 14, None), ("TestUpper", 16, 20, None)]),
])
def test_functions_are_enumerated(language: Language, source: str, expected: list[tuple[object, ...]]) -> None:
    found = test_file(language).functions(source)
    assert [(f.name, f.start, f.end, f.container) for f in found] == expected


@pytest.mark.parametrize(("language", "source"), [(Language.PYTHON, PYTHON), (Language.JAVA, JAVA),
                                                  (Language.GO, GO)])
def test_hold_out_then_insert_gives_the_same_tests(language: Language, source: str) -> None:
    syntax = test_file(language)
    last = syntax.functions(source)[-1]
    base = syntax.tidy(remove_lines(source, last), [last.text])
    assert last.name not in [f.name for f in syntax.functions(base)]
    augmented = syntax.insert(base, last.text, last.container)
    assert [f.name for f in syntax.functions(augmented)] == [f.name for f in syntax.functions(source)]
    assert syntax.defines(last.text if last.container is None or language is Language.JAVA
                          else textwrap.dedent(last.text)) == (last.name,)


def test_go_keeps_an_import_only_the_held_out_test_used() -> None:
    syntax = test_file(Language.GO)
    upper = syntax.functions(GO)[-1]
    base = syntax.tidy(remove_lines(GO, upper), [upper.text])
    assert base.rstrip().endswith("var _ = strings.ToUpper")


@pytest.mark.parametrize(("language", "source", "names", "container", "runner"), [
    (Language.PYTHON, PYTHON, ("test_zero",), "TestSign", ("tests/test_calc.py::TestSign::test_zero",)),
    (Language.JAVA, JAVA, ("signOfZero",), "CalcTest", ("com.x.CalcTest.signOfZero()",)),
    (Language.GO, GO, ("TestUpper",), None, ("TestUpper",)),
])
def test_runner_names(language: Language, source: str, names: tuple[str, ...], container: str | None,
                      runner: tuple[str, ...]) -> None:
    assert test_file(language).runner_names("tests/test_calc.py", source, names, container) == runner


def test_belongs_matches_parameterised_cases_and_subtests_only() -> None:
    assert belongs("t.py::test_a[1-2]", ("t.py::test_a",))
    assert belongs("com.x.C.m(int)[1]", ("com.x.C.m()",))
    assert belongs("TestA/zero", ("TestA",))
    assert not belongs("TestAB", ("TestA",))
    assert not belongs("t.py::test_ab", ("t.py::test_a",))


@pytest.mark.parametrize(("language", "text", "kind", "expected"), [
    (Language.PYTHON, "def test_add():\n    assert calc.add(2, 3) == 5\n", CandidateKind.WRONG_EXPECTED,
     "def test_add():\n    assert calc.add(2, 3) == 6\n"),
    (Language.PYTHON, "def test_add():\n    assert calc.add(2, 3) == 5\n", CandidateKind.MISSING_API,
     "def test_add():\n    assert calc.add_missing(2, 3) == 5\n"),
    (Language.PYTHON, "def test_add():\n    assert calc.add(2, 3) == 5\n", CandidateKind.SYNTAX_ERROR,
     "def test_add():\n    assert calc.add(2, 3 == 5\n"),
    (Language.JAVA, "@Test\nvoid a() {\n    assertEquals(\"ab\", Calc.join(\"a\", \"b\"));\n}\n",
     CandidateKind.WRONG_EXPECTED, "@Test\nvoid a() {\n    assertEquals(\"ab\", Calc.join(\"a\", \"bx\"));\n}\n"),
    (Language.JAVA, "@Test\nvoid a() {\n    assertEquals(5, Calc.add(2, 3));\n}\n", CandidateKind.MISSING_API,
     "@Test\nvoid a() {\n    assertEquals(5, Calc.addMissing(2, 3));\n}\n"),
    (Language.GO, "func TestA(t *testing.T) {\n\tif Add(2, 3) != 5 {\n\t\tt.Error(\"x\")\n\t}\n}\n",
     CandidateKind.WRONG_EXPECTED, "func TestA(t *testing.T) {\n\tif Add(2, 3) != 6 {\n\t\tt.Error(\"x\")\n\t}\n}\n"),
    (Language.GO, "func TestA(t *testing.T) {\n\tif Add(2, 3) != 5 {\n\t\tt.Error(\"x\")\n\t}\n}\n",
     CandidateKind.SYNTAX_ERROR, "func TestA(t *testing.T) {\n\tif Add(2, 3) != 5 {\n\t\tt.Error(\"x\"\n\t}\n}\n"),
])
def test_broken_variants(language: Language, text: str, kind: CandidateKind, expected: str) -> None:
    focal = {Language.PYTHON: "def add(a, b):\n    return a + b\n",
             Language.JAVA: "class Calc {\n    static int add(int a, int b) {\n        return a + b;\n    }\n}\n",
             Language.GO: "package calc\n\nfunc Add(a, b int) int { return a + b }\n"}[language]
    assert BROKEN[kind](text, language, focal) == expected
