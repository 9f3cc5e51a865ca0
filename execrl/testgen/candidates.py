"""Candidate inputs for one task: boundary values, seed mutations, property-based draws, docstring calls.

Nothing here runs the task: candidates are only proposals; the oracle (``oracle.py``) runs the reference on them
and keeps what it can judge. Candidates never repeat a seed (the task's own tests already check those) nor each
other.
"""

from __future__ import annotations

import ast
import random
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from execrl.tasks._values import size_exceeds
from execrl.testgen.mutate import boundary_values, mutate_value
from execrl.testgen.properties import property_inputs
from execrl.testgen.seeds import Args, docstring_seeds, task_seeds, value_key
from execrl.testgen.shapes import Kind, Shape, hint_shapes, parameter_shapes, random_value
from execrl.testgen.suite import BEYOND_SEEDS, EDGE, Candidate, TestgenConfig
from execrl.types import Task

_MAX_CONSTANT = 10**6  # larger constants are moduli and sentinels, not boundaries of an input
_MAX_CONSTANTS = 8
MAX_INPUT_SIZE = 2_000
Constants = tuple[list[int], list[str]]  # characters plus elements of one argument tuple (see _values.size_exceeds)


def candidates_for(task: Task, config: TestgenConfig) -> tuple[list[Args], list[Candidate]]:
    """``(seeds, candidates)``: the task's own inputs, and new inputs to try, without repeats."""
    seeds = task_seeds(task)
    documented = [args for args in docstring_seeds(task) if not seeds or len(args) == len(seeds[0])]
    pool = seeds + documented
    hints = hint_shapes(task.reference, task.entry_point)
    rng = random.Random(f"{config.seed}:{task.task_id}")
    proposals: list[Candidate] = [Candidate(args, frozenset({"docstring"})) for args in documented]
    if pool:
        shapes = parameter_shapes(pool, hints)
        if config.boundaries:
            proposals += boundary_candidates(pool[0], shapes, rng)
            proposals += constant_candidates(pool[0], shapes, reference_constants(task.reference))
        proposals += mutation_candidates(pool, shapes, config.mutations, rng)
    elif hints and all(hint is not None for hint in hints):
        shapes = tuple(hint for hint in hints if hint is not None)
        proposals += [Candidate(tuple(random_value(s, rng) for s in shapes), frozenset({"hint"}))
                      for _ in range(config.mutations)]
    else:
        return seeds, []
    proposals += [Candidate(args, frozenset({"property"}))
                  for args in property_inputs(shapes, config.properties, rng.randrange(1 << 30))]
    return seeds, [_mark_beyond(c, shapes) if pool else c for c in distinct(proposals, seeds)]


def boundary_candidates(example: Args, shapes: Sequence[Shape], rng: random.Random) -> list[Candidate]:
    """Each parameter set to each of its boundary values in turn, the others as in ``example``."""
    tags = frozenset({EDGE})
    found = []
    for index, shape in enumerate(shapes):
        for value in boundary_values(shape, example[index], rng):
            found.append(Candidate(example[:index] + (value,) + example[index + 1:], tags))
    return found


def reference_constants(reference: str) -> Constants:
    """The int and str constants of the reference (``if x >= 10``, ``s.split(",")``): the values at which its
    branches change, so ``c - 1``, ``c`` and ``c + 1`` probe each side of every such boundary."""
    try:
        tree = ast.parse(reference)
    except SyntaxError:
        return [], []
    constants = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)]
    numbers = sorted({c for c in constants if type(c) is int and abs(c) <= _MAX_CONSTANT})
    texts = sorted({c for c in constants if type(c) is str and 0 < len(c) <= 10})
    return numbers[:_MAX_CONSTANTS], texts[:_MAX_CONSTANTS]


def constant_candidates(example: Args, shapes: Sequence[Shape], constants: Constants) -> list[Candidate]:
    """Each int parameter set to ``c - 1, c, c + 1`` for the reference's int constants, each str parameter to its
    str constants (alone and inside the example)."""
    numbers, texts = constants
    tags = frozenset({EDGE})
    found = []
    for index, shape in enumerate(shapes):
        if shape.kind is Kind.INT:
            values: list[Any] = [n + d for n in numbers for d in (-1, 0, 1)]
        elif shape.kind is Kind.STR and isinstance(example[index], str):
            values = [v for text in texts for v in (text, example[index] + text, text + example[index])]
        else:
            continue
        found += [Candidate(example[:index] + (value,) + example[index + 1:], tags) for value in values]
    return found


def mutation_candidates(pool: Sequence[Args], shapes: Sequence[Shape], count: int,
                        rng: random.Random) -> list[Candidate]:
    """``count`` inputs, each one or two mutations away from a seed or from an earlier mutation (so they drift
    further as the pool grows), with a crossover of two seeds now and then."""
    grown = list(pool)
    found = []
    for _ in range(count):
        parent = rng.choice(grown)
        if len(pool) > 1 and len(parent) > 1 and rng.random() < 0.1:
            other = rng.choice(pool)
            cut = rng.randrange(1, len(parent))
            child, tag = parent[:cut] + other[cut:], "crossover"
        else:
            child, tag = _mutate_args(parent, shapes, rng), "mutation"
        found.append(Candidate(child, frozenset({tag})))
        grown.append(child)
    return found


def _mutate_args(args: Args, shapes: Sequence[Shape], rng: random.Random) -> Args:
    mutable = [i for i, shape in enumerate(shapes) if shape.kind is not Kind.NONE and i < len(args)]
    if not mutable:
        return args
    changed = list(args)
    for index in rng.sample(mutable, 2 if len(mutable) > 1 and rng.random() < 0.3 else 1):
        changed[index] = mutate_value(changed[index], rng, shapes[index])
    return tuple(changed)


def distinct(candidates: Sequence[Candidate], seeds: Sequence[Args]) -> list[Candidate]:
    """Candidates without repeats, without the seeds, and without inputs too large to be worth a test."""
    seen = {value_key(args) for args in seeds}
    kept = []
    for candidate in candidates:
        key = value_key(candidate.args)
        if key not in seen and not _too_large(candidate.args):
            seen.add(key)
            kept.append(candidate)
    return kept


def _mark_beyond(candidate: Candidate, shapes: Sequence[Shape]) -> Candidate:
    if any(beyond(value, shape) for value, shape in zip(candidate.args, shapes, strict=False)):
        return replace(candidate, tags=candidate.tags | {BEYOND_SEEDS})
    return candidate


def beyond(value: Any, shape: Shape) -> bool:
    """Whether ``value`` leaves the domain the seeds suggest: a negative number where every seed was >= 0, zero
    where every seed was positive, an empty string or container where none was (at any depth). Such an input is
    a fair edge case when the task allows it and an unfair one when its text rules it out (HumanEval has no
    contracts to tell): the tag lets reports and samplers treat the two apart."""
    if shape.kind in (Kind.INT, Kind.FLOAT) and isinstance(value, int | float) and not isinstance(value, bool):
        return (shape.low >= 0 > value) or (shape.low > 0 and value == 0)
    if shape.kind in (Kind.STR, Kind.LIST, Kind.VARTUPLE, Kind.SET, Kind.DICT) and hasattr(value, "__len__"):
        if shape.low > 0 and len(value) == 0:
            return True
        if shape.kind is Kind.DICT or shape.kind is Kind.STR:
            return False
        return any(beyond(item, shape.element) for item in value)
    if shape.kind is Kind.TUPLE and isinstance(value, tuple) and len(value) == len(shape.items):
        return any(beyond(item, s) for item, s in zip(value, shape.items, strict=True))
    return False


def _too_large(args: Any) -> bool:
    return size_exceeds(args, MAX_INPUT_SIZE)
