"""Labelling end to end on small real examples, one per language, in the real sandbox with the real toolchains.

The coverage numbers are checked by hand (comments below); kill numbers follow from the mutants the operator
table makes, which the test reads back rather than hard-codes, and from reasoning about which of them each test
can tell apart (also below)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from execrl.labeling.pipeline import LabelConfig, Labeller, LabelResult
from execrl.labeling.records import CandidateKind, Triple
from execrl.sandbox.local import LocalExecutor
from execrl.types import Language, Limits

# Python: coverage.py's executable lines are 1-6 and 9-14 (12); the base tests run the two def lines at import,
# clamp's 2, 4, 6 and sign's 10, 11: 7 covered. The candidate adds 3 and 5: 9.
CLAMP_PY = textwrap.dedent("""\
    def clamp(x, low, high):
        if x < low:
            return low
        if x > high:
            return high
        return x


    def sign(x):
        if x > 0:
            return 1
        if x < 0:
            return -1
        return 0
""")
TESTS_PY = "from calc import clamp, sign\n\n\ndef test_inside():\n    assert clamp(5, 0, 10) == 5\n\n\n" \
           "def test_positive():\n    assert sign(3) == 1\n"
EDGES_PY = "def test_edges():\n    assert clamp(-1, 0, 10) == 0\n    assert clamp(11, 0, 10) == 10\n"

# Go: executable lines are those of statement blocks: 4, 5, 7, 8, 10 (5); Clamp(5, 0, 10) runs 4, 7, 10.
CLAMP_GO = "package calc\n\nfunc Clamp(x, low, high int) int {\n\tif x < low {\n\t\treturn low\n\t}\n" \
           "\tif x > high {\n\t\treturn high\n\t}\n\treturn x\n}\n"
TESTS_GO = "package calc\n\nimport \"testing\"\n\nfunc TestInside(t *testing.T) {\n\tif Clamp(5, 0, 10) != 5 {\n" \
           "\t\tt.Fatal(\"inside\")\n\t}\n}\n"
EDGES_GO = "func TestEdges(t *testing.T) {\n\tif Clamp(-1, 0, 10) != 0 || Clamp(11, 0, 10) != 10 {\n" \
           "\t\tt.Fatal(\"edges\")\n\t}\n}\n"

# Java: JaCoCo's lines with bytecode: 3 (the implicit constructor), 5, 6, 8, 9, 11 (6); clamp(5, 0, 10) runs
# 5, 8, 11 (the class is never instantiated, so line 3 stays uncovered).
CLAMP_JAVA = textwrap.dedent("""\
    package com.x;

    public class Calc {
        public static int clamp(int x, int low, int high) {
            if (x < low) {
                return low;
            }
            if (x > high) {
                return high;
            }
            return x;
        }
    }
""")
TESTS_JAVA = textwrap.dedent("""\
    package com.x;

    import org.junit.jupiter.api.Test;
    import static org.junit.jupiter.api.Assertions.assertEquals;

    class CalcTest {
        @Test
        void inside() {
            assertEquals(5, Calc.clamp(5, 0, 10));
        }
    }
""")
EDGES_JAVA = "    @Test\n    void edges() {\n        assertEquals(0, Calc.clamp(-1, 0, 10));\n" \
             "        assertEquals(10, Calc.clamp(11, 0, 10));\n    }\n"

LAYOUTS = {
    Language.PYTHON: ("src/calc.py", CLAMP_PY, "tests/test_calc.py", TESTS_PY, EDGES_PY, "test_edges", None),
    Language.GO: ("src/calc/calc.go", CLAMP_GO, "src/calc/calc_test.go", TESTS_GO, EDGES_GO, "TestEdges", None),
    Language.JAVA: ("src/main/java/com/x/Calc.java", CLAMP_JAVA, "src/test/java/com/x/CalcTest.java", TESTS_JAVA,
                    EDGES_JAVA, "edges", "CalcTest"),
}


def triple(language: Language, candidate: str | None = None, kind: CandidateKind = CandidateKind.HELD_OUT,
           name: str | None = None) -> Triple:
    focal_path, focal, test_path, tests, edges, edges_name, container = LAYOUTS[language]
    return Triple(f"{language.value}-{kind.value}", "hand", language, focal_path, focal, test_path, tests,
                  candidate or edges, (name or edges_name,), kind, (), container)


@pytest.fixture(scope="module")
def executor() -> Iterator[LocalExecutor]:
    with LocalExecutor(workers=2) as pool:
        yield pool


def label(executor: LocalExecutor, tmp_path: Path, triples: list[Triple], max_mutants: int = 40) -> list[LabelResult]:
    config = LabelConfig(Limits(timeout_s=60), max_mutants=max_mutants, max_seconds=1e9, cache_dir=tmp_path)
    return sorted(Labeller(executor, config).label(triples), key=lambda r: r.triple.triple_id)


def test_python_coverage_and_kills(executor: LocalExecutor, tmp_path: Path) -> None:
    broken = triple(Language.PYTHON, EDGES_PY.replace("== 0", "== 1"), CandidateKind.WRONG_EXPECTED)
    held, wrong = (r.labels for r in label(executor, tmp_path, [triple(Language.PYTHON), broken]))
    assert held is not None and wrong is not None
    assert (held.coverage_before.lines, held.coverage_before.covered, held.coverage_after.covered) == (12, 7, 9)
    assert (held.coverage_before.branches, held.coverage_before.covered_branches) == (8, 3)
    assert held.coverage_after.covered_branches == 5 and held.coverage_rises and held.compiles_and_runs
    base = Labeller(executor, LabelConfig(Limits(timeout_s=60), cache_dir=tmp_path)).base(triple(Language.PYTHON))
    assert held.mutants == base.mutants and held.killed_before == base.mutants - len(base.alive)
    # Mutants on lines no base test reaches (3, 5, 12, 13, 14) are never run, so they stay alive.
    assert {3, 5, 12, 13, 14} <= {m.line for m in base.alive}
    # The edge cases tell `return low`/`return high` from their mutants (return None) and nothing else alive:
    # `x <= low` and `x >= high` give the same answers at -1 and 11.
    killable = [m for m in base.alive if m.line in (3, 5) and m.mutant_id.startswith("return_value")]
    assert len(killable) == 2 and held.killed_after == held.killed_before + 2 and held.kill_rises
    # A wrong expected value fails on the focal code itself: it adds nothing, and no mutant is run for it.
    assert not wrong.compiles_and_runs and wrong.outcome == "ok" and wrong.mutant_runs == 0
    assert wrong.coverage_after == wrong.coverage_before and wrong.killed_after == wrong.killed_before


def test_python_syntax_error_is_its_own_outcome(executor: LocalExecutor, tmp_path: Path) -> None:
    bad = triple(Language.PYTHON, "def test_edges(:\n    pass\n", CandidateKind.SYNTAX_ERROR)
    [result] = label(executor, tmp_path, [bad], max_mutants=3)
    assert result.labels is not None and result.labels.outcome == "syntax_error"
    assert not result.labels.compiles_and_runs


@pytest.mark.parametrize(("language", "lines", "before", "after"), [(Language.GO, 5, 3, 5), (Language.JAVA, 6, 3, 5)])
def test_compiled_languages(executor: LocalExecutor, tmp_path: Path, language: Language, lines: int, before: int,
                            after: int) -> None:
    missing = LAYOUTS[language][4].replace("lamp(-1", "lampMissing(-1")
    held, broken = (r.labels for r in label(executor, tmp_path, [
        triple(language), triple(language, missing, CandidateKind.MISSING_API)], max_mutants=12))
    assert held is not None and broken is not None
    assert (held.coverage_before.lines, held.coverage_before.covered, held.coverage_after.covered) == (
        lines, before, after)
    assert held.compiles_and_runs and held.killed_after >= held.killed_before and held.mutants > 0
    assert broken.outcome == "compile_error" and not broken.compiles_and_runs and broken.mutant_runs == 0
