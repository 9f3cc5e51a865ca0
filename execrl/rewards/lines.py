"""Line-level credit from one execution, and its projection onto a tokenizer's tokens.

Two published ideas, made from what the sandbox reports (``ExecRequest(trace=True)``):

- RLTF's error-line penalty: the line a syntax error, a crash or an exception points at gets ``-error_penalty``.
- Spectrum-based fault localisation (Ochiai): a line executed mostly by failing tests is suspicious,
  ``ef / sqrt(F * (ef + ep))`` with ``ef`` / ``ep`` the failing / passing tests that ran it and ``F`` all failing
  tests; it gets ``-suspicion_weight * suspicion``.
- StepCoder's executed-code mask: tokens on lines that never ran get mask 0, so the policy is not credited or
  blamed for code the tests never reached.

Executed lines are the traced ones, widened to whole statements (a multi-line call reports its first line), plus
the lines that run when the module loads (imports, ``def`` headers, module-level statements), which the tracer
leaves out of every test. Without a trace (or when the program never loaded) nothing is known about execution:
every token keeps mask 1.

Per-line values are *adjustments*; a trainer adds them to the sequence reward or advantage. The completion a model
wrote is usually not the program that ran (a prompt goes in front; a chat answer is extracted and cleaned up), so
``align_lines`` maps program lines onto the completion's lines by content first.
"""

from __future__ import annotations

import ast
import bisect
import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from execrl.rewards.analysis import analyse
from execrl.types import ErrorOrigin, ExecResult, Outcome, TestStatus

_FAILED = frozenset({TestStatus.FAILED, TestStatus.ERROR, TestStatus.TIMEOUT})
_BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


@dataclass(frozen=True)
class LineCredit:
    """Credit per program line (1-based)."""

    rewards: Mapping[int, float]  # every line of the program; 0 for lines with nothing to say
    executed: frozenset[int]  # lines that ran, widened to whole statements
    error_lines: frozenset[int]  # where a syntax error, a crash or an exception pointed
    suspicion: Mapping[int, float]  # Ochiai score of lines run by failing tests
    known: bool  # False: no trace, so ``executed`` says nothing and masks stay 1

    @property
    def mask_lines(self) -> frozenset[int] | None:
        """What to pass as ``token_credit(executed=...)``: the executed lines, or None when they are unknown."""
        return self.executed if self.known else None


@dataclass(frozen=True)
class TokenCredit:
    rewards: tuple[float, ...]  # one per token
    mask: tuple[int, ...]  # 1: train on this token; 0: it sits on code that never ran


def line_credit(result: ExecResult, program: str, *, error_penalty: float = 1.0,
                suspicion_weight: float = 0.5) -> LineCredit:
    """Per-line credit of ``program`` from its execution ``result``."""
    n_lines = program.count("\n") + 1
    errors = _error_lines(result)
    suspicion = ochiai(result)
    executed, known = _executed(result, program)
    rewards = {line: -error_penalty if line in errors else -suspicion_weight * suspicion.get(line, 0.0)
               for line in range(1, n_lines + 1)}
    return LineCredit(rewards, executed, errors, suspicion, known)


def ochiai(result: ExecResult) -> dict[int, float]:
    """Suspiciousness of each line executed by at least one failing test (traced results only)."""
    failing = [t.lines for t in result.tests if t.status in _FAILED]
    passing = [t.lines for t in result.tests if t.status is TestStatus.PASSED]
    if not failing:
        return {}
    scores = {}
    for line in set().union(*failing):
        ef = sum(line in lines for lines in failing)
        ep = sum(line in lines for lines in passing)
        scores[line] = ef / math.sqrt(len(failing) * (ef + ep))
    return scores


def align_lines(program: str, text: str) -> dict[int, int]:
    """Program line -> line of ``text`` holding the same code (compared without surrounding whitespace)."""
    ours = [line.strip() for line in program.split("\n")]
    theirs = [line.strip() for line in text.split("\n")]
    mapping: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            if ours[block.a + offset]:
                mapping[block.a + offset + 1] = block.b + offset + 1
    return mapping


def completion_credit(credit: LineCredit, program: str, completion: str) -> LineCredit:
    """``credit`` re-keyed from program lines to the lines of ``completion``; lines absent from it are dropped."""
    mapping = align_lines(program, completion)
    moved = {mapping[line]: value for line, value in credit.rewards.items() if line in mapping}
    return LineCredit(
        rewards={line: moved.get(line, 0.0) for line in range(1, completion.count("\n") + 2)},
        executed=frozenset(mapping[line] for line in credit.executed if line in mapping),
        error_lines=frozenset(mapping[line] for line in credit.error_lines if line in mapping),
        suspicion={mapping[line]: v for line, v in credit.suspicion.items() if line in mapping},
        known=credit.known,
    )


def token_credit(text: str, offsets: Sequence[tuple[int, int]], line_rewards: Mapping[int, float], *,
                 executed: frozenset[int] | None = None, default: float = 0.0) -> TokenCredit:
    """Per-token values for ``text`` from per-line values (1-based lines of ``text``).

    ``offsets`` are the tokenizer's ``(start, end)`` character spans (``return_offsets_mapping=True``). A token
    belongs to the line of its first non-blank character; empty spans (special tokens) get ``default`` and mask 1.
    ``executed=None`` means execution is unknown: every mask is 1.

    >>> text = "def f(x):\\n    return 1 / x\\n    print(x)\\n"
    >>> offsets = [(0, 3), (3, 9), (9, 20), (20, 26), (26, 39), (39, 40)]
    >>> credit = token_credit(text, offsets, {2: -1.0}, executed=frozenset({1, 2}))
    >>> credit.rewards, credit.mask
    ((0.0, 0.0, -1.0, -1.0, 0.0, 0.0), (1, 1, 1, 1, 0, 0))
    """
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    rewards, mask = [], []
    for start, end in offsets:
        if end <= start:
            rewards.append(default)
            mask.append(1)
            continue
        line = _line_of(text, starts, start, end)
        rewards.append(line_rewards.get(line, default))
        mask.append(1 if executed is None or line in executed else 0)
    return TokenCredit(tuple(rewards), tuple(mask))


def _line_of(text: str, starts: list[int], start: int, end: int) -> int:
    chunk = text[start:end]
    stripped = len(chunk) - len(chunk.lstrip())
    position = start + stripped if stripped < len(chunk) else start
    return bisect.bisect_right(starts, position)


def _error_lines(result: ExecResult) -> frozenset[int]:
    lines = {result.error.line} if result.error is not None and result.error.line is not None else set()
    for test in result.tests:
        if test.error is not None and test.error.line is not None and test.error.origin is ErrorOrigin.PROGRAM:
            lines.add(test.error.line)
    return frozenset(lines)


def _executed(result: ExecResult, program: str) -> tuple[frozenset[int], bool]:
    traced = set().union(*(t.lines for t in result.tests)) if result.tests else set()
    analysis = analyse(program)
    loaded = result.outcome is Outcome.OK or any(t.status is not TestStatus.NOT_RUN for t in result.tests)
    if not traced or analysis.tree is None or not loaded:
        return frozenset(traced), False
    spans = _statement_lines(analysis.tree)
    executed = set(_load_time_lines(analysis.tree))
    for first, own in spans:
        if first in traced:
            executed.update(own)
    return frozenset(executed), True


def _statement_lines(tree: ast.Module) -> list[tuple[int, range]]:
    """(first line, the lines the statement owns): all of a simple statement; a compound one's header only."""
    spans = []
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            spans.append((node.lineno, _own_lines(node)))
    return spans


def _own_lines(node: ast.stmt) -> range:
    children = [child for name in _BLOCK_FIELDS for child in getattr(node, name, []) or []]
    end = min((child.lineno for child in children if hasattr(child, "lineno")), default=None)
    last = (end - 1) if end is not None and end > node.lineno else (node.end_lineno or node.lineno)
    return range(node.lineno, last + 1)


def _load_time_lines(tree: ast.Module) -> list[int]:
    """Lines that run when the module loads: module-level statements, class bodies, and def headers with their
    decorators (function bodies are left out: they run only when called)."""
    lines: list[int] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines.extend(range(first, max(node.body[0].lineno, node.lineno + 1)))
        elif isinstance(node, ast.ClassDef | ast.If | ast.Try | ast.With | ast.For | ast.While):
            lines.extend(range(first, _own_lines(node).stop))
            pending.extend(child for name in _BLOCK_FIELDS for child in getattr(node, name, []) or []
                           if isinstance(child, ast.stmt))
            pending.extend(s for h in getattr(node, "handlers", []) for s in h.body)
        else:
            lines.extend(range(first, (node.end_lineno or node.lineno) + 1))
    return lines
