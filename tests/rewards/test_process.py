"""Process components on real programs: diagnostics, naming, structure and calls, plus the analysis under them."""

from __future__ import annotations

import pytest

from execrl.rewards import Component, DiagnosticKind, RewardSpec, Scorer, analyse
from execrl.rewards._lint import module_exists
from execrl.rewards.base import RewardBreakdown
from execrl.sandbox.local import LocalExecutor
from execrl.types import Sample, Task

PROCESS = RewardSpec(weights={c: 1.0 for c in (Component.FUNCTIONAL, Component.DIAGNOSTICS, Component.NAMING,
                                               Component.STRUCTURE, Component.CALLS)})
EUCLID = "    while b:\n        a, b = b, a % b\n    return a\n"

# name -> (body of greatest_common_divisor(a, b), expected values; (low, high) is a range)
TABLE: dict[str, tuple[str, dict[str, object]]] = {
    "clean": (EUCLID, {"functional": 1.0, "diagnostics": 1.0, "naming": 1.0, "structure": 1.0, "calls": 1.0}),
    "undefined name": ("    return gcdd(a, b)\n", {"functional": 0.0, "diagnostics": 0.5, "calls": 0.5}),
    "unused import and variable": ("    import os\n    spare = 3\n" + EUCLID,
                                   {"functional": 1.0, "diagnostics": 1 / 1.5, "calls": 1.0}),
    "unreachable code": ("    return a\n    a = b\n", {"diagnostics": 1 / 1.5}),
    "shadowed builtin": ("    max = a if a > b else b\n    min = b if a > b else a\n    while min:\n"
                         "        max, min = min, max % min\n    return max\n",
                         {"functional": 1.0, "diagnostics": 1 / 1.5, "naming": 1.0}),
    "camel case": ("    def Step(X, Y):\n        return Y, X % Y\n"
                   "    while b:\n        a, b = Step(a, b)\n    return a\n",
                   {"functional": 1.0, "naming": 0.0, "diagnostics": 1.0}),
    "deeply nested": ("    for d in range(min(a, b), 0, -1):\n        if a % d == 0:\n            if b % d == 0:\n"
                      "                for _ in range(1):\n                    while True:\n"
                      "                        return d\n    return 1\n",
                      {"functional": 1.0, "structure": (0.2, 0.6)}),
    "hallucinated module": ("    import fastmathx\n    return fastmathx.gcd(a, b)\n",
                            {"functional": 0.0, "calls": 0.5, "diagnostics": 1.0}),
    "hallucinated attribute": ("    import math\n    return math.greatest_common_divisor(a, b)\n",
                               {"functional": 0.0, "calls": 0.5}),
    "hallucinated from-import": ("    from itertools import flatten\n    return a\n", {"calls": 0.5}),
    "real library call": ("    import math\n    return math.gcd(a, b)\n",
                          {"functional": 1.0, "calls": 1.0, "diagnostics": 1.0}),
    "malformed": ("    while b\n        a, b = b, a % b\n",
                  {"functional": 0.0, "diagnostics": 0.0, "naming": 0.0, "structure": 0.0, "calls": 0.0}),
}


@pytest.fixture(scope="module")
def scored(executor: LocalExecutor, humaneval: dict[str, Task]) -> dict[str, RewardBreakdown]:
    task = humaneval["HumanEval/13"]
    samples = [Sample(task.task_id, task.prompt + body, index=i) for i, (body, _) in enumerate(TABLE.values())]
    return dict(zip(TABLE, Scorer([task], executor, PROCESS).score(samples), strict=True))


@pytest.mark.parametrize("name", list(TABLE))
def test_process_components(scored: dict[str, RewardBreakdown], name: str) -> None:
    for key, expected in TABLE[name][1].items():
        value = scored[name].components[key]
        assert value is not None, key
        if isinstance(expected, tuple):
            assert expected[0] <= value <= expected[1], (key, value)
        else:
            assert value == pytest.approx(expected), (key, value)


def test_the_prompts_own_problems_are_not_the_samples(executor: LocalExecutor, humaneval: dict[str, Task]) -> None:
    # HumanEval/32's prompt imports math and defines poly with a non-PEP 8 signature style; a sample that keeps the
    # prompt and adds a clean body inherits none of that as its own problem.
    task = humaneval["HumanEval/32"]
    [breakdown] = Scorer([task], executor, PROCESS).score([Sample(task.task_id, task.reference)])
    assert {k: breakdown.components[k] for k in ("diagnostics", "naming", "calls")} == {
        "diagnostics": 1.0, "naming": 1.0, "calls": 1.0}


@pytest.mark.parametrize("program, kinds", [
    ("import os\n", {DiagnosticKind.UNUSED_IMPORT}),
    ("def f():\n    x = 1\n", {DiagnosticKind.UNUSED_VARIABLE}),
    ("def f():\n    return y\n", {DiagnosticKind.UNDEFINED_NAME}),
    ("def f():\n    return 1\n    print(2)\n", {DiagnosticKind.UNREACHABLE_CODE}),
    ("def f(list):\n    return list\n", {DiagnosticKind.SHADOWED_BUILTIN}),
    ("def f():\n    pass\ndef f():\n    pass\n", {DiagnosticKind.REDEFINITION}),
    ("def f(x):\n    return x is 'a'\n", {DiagnosticKind.OTHER}),
    ("def f(x):\n    return x\n", set()),
])
def test_diagnostic_kinds(program: str, kinds: set[DiagnosticKind]) -> None:
    assert {d.kind for d in analyse(program).diagnostics} == kinds


@pytest.mark.parametrize("program, subjects", [
    ("import numpyy_not_here\n", {"numpyy_not_here"}),
    ("import os.pathx\n", set()),  # only top-level modules are looked up: nothing is imported to check more
    ("from string import alphabet\n", {"string.alphabet"}),
    ("import collections as c\nc.OrderedSet()\n", {"collections.OrderedSet"}),
    ("import os\nos.path.join('a')\n", set()),
    ("import typing\nx: typing.List[int] = []\n", set()),
    ("frobnicate(1)\n", {"frobnicate"}),
    ("def g():\n    pass\ng()\nlen([])\n", set()),
])
def test_call_problems(program: str, subjects: set[str]) -> None:
    assert {d.subject for d in analyse(program).call_problems} == subjects


def test_module_lookup_does_not_import() -> None:
    import sys

    assert module_exists("json") and not module_exists("definitely_not_a_module_xyz")
    # Found, never imported (importing it opens a web browser).
    assert module_exists("antigravity") and "antigravity" not in sys.modules


@pytest.mark.parametrize("program", ["def f(:\n", "x = (" * 300 + ")" * 300, "a\x00b = 1"])
def test_analysis_never_raises_on_bad_programs(program: str) -> None:
    analysis = analyse(program)
    assert not analysis.parses and analysis.error is not None
    assert analysis.diagnostics == () and analysis.names == ()


def test_deep_expressions_do_not_overflow_the_analysis() -> None:
    analysis = analyse("x = " + " + ".join(["1"] * 900) + "\n")  # parses; pyflakes would recurse too deep
    assert analysis.parses
    assert analysis.structure.max_depth == 0 and [c.name for c in analysis.names] == ["x"]
    assert analysis.diagnostics == ()
