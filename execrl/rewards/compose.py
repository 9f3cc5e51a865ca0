"""From evidence to a ``RewardBreakdown``: each component the spec weights, the hacking flags, the total."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from execrl.rewards import hacking, outcome, process
from execrl.rewards._cases import TaskFacts
from execrl.rewards.base import Component, Evidence, RewardBreakdown
from execrl.rewards.spec import RewardSpec, combine

Measure = Callable[[Evidence, RewardSpec], float | None]

MEASURES: Mapping[Component, Measure] = {
    Component.SYNTAX: lambda e, spec: outcome.syntax(e),
    Component.FUNCTIONAL: lambda e, spec: outcome.functional(e, spec.binary),
    Component.EDGE: lambda e, spec: outcome.edge(e, spec.edge_tag),
    Component.EFFICIENCY: lambda e, spec: outcome.efficiency(e, spec.efficiency_smoothing),
    Component.DIAGNOSTICS: lambda e, spec: process.diagnostics(e),
    Component.NAMING: lambda e, spec: process.naming(e),
    Component.STRUCTURE: lambda e, spec: process.structure(e),
    Component.CALLS: lambda e, spec: process.calls(e),
}
assert set(MEASURES) == set(Component), "every component needs a measure"


def judge(evidence: Evidence, spec: RewardSpec, facts: TaskFacts) -> RewardBreakdown:
    """The reward of one sample. An infrastructure failure is no verdict on the program: everything is None."""
    if evidence.result.is_infra_error:
        why = evidence.result.error.summary() if evidence.result.error is not None else "no detail"
        return RewardBreakdown(None, {c.value: None for c in spec.components}, (), (f"infrastructure error: {why}",))
    values = {c: MEASURES[c](evidence, spec) for c in spec.components}
    flags = hacking.detect(evidence, facts)
    notes = outcome.feedback(evidence) + tuple(f"{f.kind.value}: {f.reason}" for f in flags)
    return RewardBreakdown(combine(values, spec, bool(flags)), {c.value: v for c, v in values.items()}, flags, notes)
