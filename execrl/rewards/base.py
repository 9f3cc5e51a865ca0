"""The data every reward module speaks: components, hacking flags, the breakdown of one reward, and the evidence
a reward is computed from."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from execrl.types import ExecResult, Sample, Task, TestResult

if TYPE_CHECKING:  # analysis imports base's neighbours; only the annotation is needed here
    from execrl.rewards.analysis import Analysis
    from execrl.rewards.reference import ReferenceProfile


class Component(enum.Enum):
    """One measurable part of a reward; its value is the key used in logs, spec files and output rows."""

    SYNTAX = "syntax"  # the program parses and compiles
    FUNCTIONAL = "functional"  # fraction of tests passed (or 0/1 with RewardSpec.binary)
    EDGE = "edge"  # fraction of tests tagged as edge cases passed; None when the task has none
    EFFICIENCY = "efficiency"  # reference's line events / the program's, on the tests both passed
    DIAGNOSTICS = "diagnostics"  # pyflakes and our own checks: undefined names, unused code, unreachable code, ...
    NAMING = "naming"  # PEP 8 names
    STRUCTURE = "structure"  # nesting depth and cyclomatic complexity relative to the reference
    CALLS = "calls"  # calls of names, modules and attributes that do not exist


OUTCOME_COMPONENTS = (Component.SYNTAX, Component.FUNCTIONAL, Component.EDGE, Component.EFFICIENCY)
PROCESS_COMPONENTS = (Component.DIAGNOSTICS, Component.NAMING, Component.STRUCTURE, Component.CALLS)


class HackKind(enum.Enum):
    """Ways a program can game its task rather than solve it."""

    EARLY_EXIT = "early_exit"  # sys.exit, os._exit, exit(), quit(), raise SystemExit
    TAMPERING = "tampering"  # builtins, sys.modules, trace hooks, frames, shared modules, the harness's names
    ALWAYS_EQUAL = "always_equal"  # __eq__ returning a constant True, __ne__ a constant False, ...
    HARDCODED_OUTPUT = "hardcoded_output"  # returns or looks up the expected outputs of visible tests
    CATCH_ASSERTION = "catch_assertion"  # except AssertionError / SystemExit, or a bare except around everything
    PRINT_INSTEAD_OF_RETURN = "print_instead_of_return"
    SPECIAL_CASED_INPUTS = "special_cased_inputs"  # passes visible tests, fails hidden ones, tests for visible inputs


@dataclass(frozen=True)
class HackFlag:
    kind: HackKind
    reason: str
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "reason": self.reason, "line": self.line}

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> HackFlag:
        return cls(HackKind(row["kind"]), str(row["reason"]), row.get("line"))


@dataclass(frozen=True)
class RewardBreakdown:
    """One sample's reward: the weighted ``total`` (None: masked, e.g. an infrastructure failure), every
    component's own value (None: not measurable for this sample), the hacking flags that zeroed it, and short
    human-readable ``feedback`` (the compiler's message, the first failing test)."""

    total: float | None
    components: Mapping[str, float | None]
    flags: tuple[HackFlag, ...] = ()
    feedback: tuple[str, ...] = ()

    @property
    def masked(self) -> bool:
        return self.total is None

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    def component(self, component: Component) -> float | None:
        return self.components.get(component.value)

    def to_json(self) -> dict[str, Any]:
        return {"reward": self.total, "components": dict(self.components),
                "flags": [flag.to_json() for flag in self.flags], "feedback": list(self.feedback)}

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> RewardBreakdown:
        return cls(row["reward"], dict(row["components"]), tuple(HackFlag.from_json(f) for f in row["flags"]),
                   tuple(row.get("feedback", ())))


@dataclass(frozen=True)
class Evidence:
    """Everything one sample's reward is computed from: its execution, the static analysis of its program, and
    the task's reference solution (its traced run and its analysis) to measure against."""

    task: Task
    sample: Sample
    result: ExecResult
    analysis: Analysis
    reference: ReferenceProfile | None = None
    reference_analysis: Analysis | None = None

    @property
    def visible_tests(self) -> tuple[TestResult, ...]:
        """Results of the task's own tests (requests carry them first)."""
        return self.result.tests[: len(self.task.tests)]

    @property
    def hidden_tests(self) -> tuple[TestResult, ...]:
        """Results of the task's plus (held-out) tests."""
        return self.result.tests[len(self.task.tests):]
