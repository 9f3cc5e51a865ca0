"""Go operators: (source, operator, expected mutated sources) tables; real files screened by the Go compiler."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("tree_sitter_go", reason="pip install 'execrl[labeling]'")

from execrl.mutation import MutationError, Operator, Verdict, mutants_for  # noqa: E402
from execrl.mutation.go import go_mutants  # noqa: E402
from execrl.mutation.gocompile import screen_go  # noqa: E402
from execrl.types import Language  # noqa: E402
from tests.mutation.conftest import DATA, need  # noqa: E402

GO_CMP_VALUE = Path("/usr/share/gocode/src/github.com/google/go-cmp/cmp/internal/value/sort.go")


def func(body: str, results: str = "") -> str:
    return f"package p\n\nfunc f(i int, b bool, s string, p *int) {results} {{\n\t{body}\n}}\n"


CASES = [
    (func("i = i + 1"), Operator.ARITHMETIC, [func("i = i - 1")]),
    (func("i = i &^ 2"), Operator.ARITHMETIC, [func("i = i & 2")]),
    (func("s = s + \"x\""), Operator.ARITHMETIC, []),
    (func("i <<= 1"), Operator.ARITHMETIC, [func("i >>= 1")]),
    (func("b = i < 2"), Operator.RELATIONAL, [func("b = i > 2")]),
    (func("b = i == 2"), Operator.RELATIONAL, [func("b = i != 2")]),
    (func("b = i <= 2"), Operator.BOUNDARY, [func("b = i < 2")]),
    (func("if b {\n\t}"), Operator.NEGATE_CONDITION, [func("if !(b) {\n\t}")]),
    (func("for i > 0 {\n\t}"), Operator.NEGATE_CONDITION, [func("for !(i > 0) {\n\t}")]),
    (func("for j := 0; j < i; j++ {\n\t}"), Operator.NEGATE_CONDITION, [func("for j := 0; !(j < i); j++ {\n\t}")]),
    (func("for range s {\n\t}"), Operator.NEGATE_CONDITION, []),
    (func("if !b {\n\t}"), Operator.NEGATE_CONDITION, []),
    (func("b = b || i > 0"), Operator.LOGICAL, [func("b = b && i > 0")]),
    (func("i = -i"), Operator.UNARY, [func("i = i")]),
    (func("i = ^i"), Operator.UNARY, [func("i = i")]),
    (func("p = &i"), Operator.UNARY, []),
    (func("i++"), Operator.INCREMENT, [func("i--")]),
    (func("i -= 2"), Operator.INCREMENT, [func("i += 2")]),
    (func("i = 1_000"), Operator.CONSTANT, [func("i = 1001")]),
    (func("b = false"), Operator.CONSTANT, [func("b = true")]),
    (func("s = `raw`"), Operator.CONSTANT, [func('s = ""')]),
    (func('s = ""'), Operator.CONSTANT, [func('s = "XX"')]),
    (func("return i + 1", "int"), Operator.RETURN_VALUE, [func("return 0", "int")]),
    (func("return s, b", "(string, bool)"), Operator.RETURN_VALUE,
     [func('return "", b', "(string, bool)"), func("return s, false", "(string, bool)")]),
    (func("return p, nil", "(*int, error)"), Operator.RETURN_VALUE, [func("return nil, nil", "(*int, error)")]),
    (func("return i, i", "(x, y int)"), Operator.RETURN_VALUE, [func("return 0, i", "(x, y int)"),
                                                                 func("return i, 0", "(x, y int)")]),
    (func("return T{}", "T"), Operator.RETURN_VALUE, [func("return *new(T)", "T")]),
    (func("return", "(x int)"), Operator.RETURN_VALUE, []),
    (func("g(i)"), Operator.STATEMENT_DELETION, [func("")]),
    (func("i = g(\n\t\ti)"), Operator.STATEMENT_DELETION, [func("\n")]),
    (func("j := i"), Operator.STATEMENT_DELETION, []),
    (func("_ = i"), Operator.STATEMENT_DELETION, []),
    (func("for {\n\t\tbreak\n\t}"), Operator.LOOP_CONTROL, [func("for {\n\t\tcontinue\n\t}")]),
    (func("for {\n\t\tcontinue\n\t}"), Operator.LOOP_CONTROL, [func("for {\n\t\tbreak\n\t}")]),
    (func("for {\n\t\tswitch {\n\t\tdefault:\n\t\t\tbreak\n\t\t}\n\t}"), Operator.LOOP_CONTROL, []),
]


@pytest.mark.parametrize(("source", "operator", "expected"), CASES)
def test_operator_table(source: str, operator: Operator, expected: list[str]) -> None:
    assert [m.source for m in go_mutants(source) if m.operator is operator] == expected


def test_every_operator_has_a_case() -> None:
    assert {operator for _, operator, expected in CASES if expected} == set(Operator)


def test_imports_tags_and_comments_are_left_alone() -> None:
    source = 'package p\n\nimport "fmt"\n\ntype T struct {\n\tA int `json:"a"`\n}\n\n// 1 + 2\nvar x = fmt.Sprint(1)\n'
    assert {m.original for m in go_mutants(source)} == {"1"}


def test_dispatch_and_parse_errors() -> None:
    assert mutants_for(Language.GO, func("i++")) == go_mutants(func("i++"))
    with pytest.raises(MutationError, match="go source does not parse"):
        go_mutants("package p\nfunc f( {\n")


def test_stand_alone_file_screened_by_go(cache_root: Path) -> None:
    """Dead code under ``if false`` and a loop the compiler proves never runs give equivalent mutants; a deleted
    call that leaves an import unused does not compile."""
    need("go", "apt-get install -y golang-go")
    source = (DATA / "sample.go").read_text()
    screening = screen_go(source, go_mutants(source), cache_root=cache_root)
    assert screening.counts()[Verdict.KEPT] > 30
    assert {m.line for m in screening.having(Verdict.EQUIVALENT)} >= {44}  # the body of if false
    broken = {m.original for m in screening.having(Verdict.NOT_COMPILING)}
    assert broken == {'strings.Repeat("x", -n)', 'errors.New("small")'}


def test_file_of_a_real_package_screened_with_its_package(cache_root: Path) -> None:
    need("go", "apt-get install -y golang-go")
    if not GO_CMP_VALUE.exists():
        pytest.skip("needs apt-get install -y golang-github-google-go-cmp-dev")
    source = GO_CMP_VALUE.read_text()
    mutants = go_mutants(source)[::4]  # a sample: each compile of the package takes ~0.3 s
    screening = screen_go(source, mutants, path=GO_CMP_VALUE, cache_root=cache_root)
    counts = screening.counts()
    assert len(mutants) > 10 and counts[Verdict.KEPT] > 0.8 * len(mutants)
    assert sum(counts.values()) == len(mutants)
    assert all(m.source.count("\n") == source.count("\n") for m in mutants)  # line tables stay comparable


def test_original_that_does_not_compile_is_refused(cache_root: Path) -> None:
    need("go", "apt-get install -y golang-go")
    with pytest.raises(MutationError):
        screen_go(func("return y", "int"), [], cache_root=cache_root)
