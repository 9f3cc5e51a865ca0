"""Process rewards: how the code is written, from static analysis (``analysis.Analysis``), each in [0, 1].

- ``diagnostics``: ``1 / (1 + penalty)`` over pyflakes' messages and our checks (unreachable code, shadowed
  builtins), each kind weighted by ``_lint.SEVERITY``.
- ``calls``: the same over calls of names, modules and attributes that do not exist (hallucinated APIs).
- ``naming``: the fraction of the program's own names that follow PEP 8.
- ``structure``: nesting depth and cyclomatic complexity relative to the reference solution.

Problems the reference has too (a prompt's unused import, its helper's names) are the task's, not the sample's:
they are subtracted first, like a linter baseline. A program that does not parse scores 0 on every one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from execrl.rewards._lint import SEVERITY, Diagnostic
from execrl.rewards._metrics import Structure
from execrl.rewards.analysis import Analysis
from execrl.rewards.base import Evidence

# Without a reference: what a small, plain solution looks like.
DEFAULT_STRUCTURE = Structure(max_depth=3, complexity=6)
_NOTHING = Analysis("", None)  # no reference: an empty baseline


def diagnostics(evidence: Evidence) -> float:
    return _score(evidence, own_diagnostics(evidence))


def calls(evidence: Evidence) -> float:
    return _score(evidence, own_call_problems(evidence))


def own_diagnostics(evidence: Evidence) -> list[Diagnostic]:
    """The sample's diagnostics beyond the reference's (a prompt's unused import is not the sample's fault)."""
    return _beyond_baseline(evidence.analysis.diagnostics, _reference(evidence).diagnostics)


def own_call_problems(evidence: Evidence) -> list[Diagnostic]:
    return _beyond_baseline(evidence.analysis.call_problems, _reference(evidence).call_problems)


def naming(evidence: Evidence) -> float:
    analysis = evidence.analysis
    if not analysis.parses:
        return 0.0
    given = {check.name for check in evidence.reference_analysis.names} if evidence.reference_analysis else set()
    given.add(evidence.task.entry_point)  # the task chose that name
    own = [check for check in analysis.names if check.name not in given]
    return sum(check.ok for check in own) / len(own) if own else 1.0


def structure(evidence: Evidence) -> float:
    """Mean of ``min(1, (ref + 1) / (own + 1))`` for nesting depth and ``min(1, (ref + 2) / (own + 2))`` for
    complexity: as simple as the reference scores 1; twice as complex scores about one half."""
    if not evidence.analysis.parses:
        return 0.0
    own = evidence.analysis.structure
    reference = evidence.reference_analysis
    ref = reference.structure if reference is not None and reference.parses else DEFAULT_STRUCTURE
    depth = min(1.0, (ref.max_depth + 1) / (own.max_depth + 1))
    complexity = min(1.0, (ref.complexity + 2) / (own.complexity + 2))
    return (depth + complexity) / 2


def _score(evidence: Evidence, own: Iterable[Diagnostic]) -> float:
    if not evidence.analysis.parses:
        return 0.0
    return 1.0 / (1.0 + sum(SEVERITY[d.kind] for d in own))


def _reference(evidence: Evidence) -> Analysis:
    return evidence.reference_analysis if evidence.reference_analysis is not None else _NOTHING


def _beyond_baseline(found: Iterable[Diagnostic], baseline: Iterable[Diagnostic]) -> list[Diagnostic]:
    allowed = Counter(d.key for d in baseline)
    own = []
    for diagnostic in found:
        if allowed[diagnostic.key] > 0:
            allowed[diagnostic.key] -= 1
        else:
            own.append(diagnostic)
    return own
