"""From a (focal file, test file) pair to triples: hold out a few real test functions of the file (the base suite
is the file without all of them, so every candidate of the pair shares one base), and make broken variants of
each held-out test."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from execrl.labeling.records import CandidateKind, Triple, content_hash
from execrl.labeling.sources import Pair
from execrl.labeling.testfiles import TestFunction, remove_lines, test_file
from execrl.labeling.variants import BROKEN


@dataclass(frozen=True)
class TripleConfig:
    held_out: int = 3  # test functions held out of each test file
    min_remaining: int = 1  # tests left in the base suite, at least
    variants: bool = True  # add the broken variants of each held-out test


def _chosen(functions: list[TestFunction], count: int) -> list[TestFunction]:
    """``count`` functions picked by hash of their names: stable, and spread over the file."""
    ranked = sorted(functions, key=lambda f: hashlib.sha256(f.name.encode()).hexdigest())
    unique = {f.name: f for f in functions}
    return sorted((f for f in ranked[:count] if unique[f.name] is f), key=lambda f: f.start, reverse=True)


@dataclass(frozen=True)
class Base:
    """The base suite of a pair: its test file without the held-out tests, shared by every candidate of the pair."""

    source: str
    held: tuple[TestFunction, ...]  # bottom to top


def base_of(pair: Pair, config: TripleConfig = TripleConfig()) -> Base | None:
    """The pair's base; None when the test file has too few tests or does not parse."""
    syntax = test_file(pair.language)
    try:
        functions = syntax.functions(pair.test_source)
    except SyntaxError:
        return None
    names = [f.name for f in functions]
    functions = [f for f in functions if names.count(f.name) == 1]  # same-named methods of two classes: skipped
    if len(functions) < config.min_remaining + 1:
        return None
    held = _chosen(functions, min(config.held_out, len(functions) - config.min_remaining))
    source = pair.test_source
    for function in held:  # from the bottom up, so the earlier line numbers stay right
        source = remove_lines(source, function)
    return Base(syntax.tidy(source, [function.text for function in held]), tuple(held))


def triples_of(pair: Pair, config: TripleConfig = TripleConfig()) -> list[Triple]:
    """Every held-out triple (and broken variant) of one pair; [] when it has no base."""
    base = base_of(pair, config)
    return [] if base is None else held_out_triples(pair, base, config)


def held_out_triples(pair: Pair, base: Base, config: TripleConfig = TripleConfig()) -> list[Triple]:
    triples = []
    for function in base.held:
        kinds: list[tuple[CandidateKind, str | None]] = [(CandidateKind.HELD_OUT, function.text)]
        if config.variants:
            kinds += [(kind, make(function.text, pair.language, pair.focal_source)) for kind, make in BROKEN.items()]
        for kind, candidate in kinds:
            if candidate is not None:
                triples.append(make_triple(pair, base.source, function.name, function.container, kind, candidate))
    return triples


def make_triple(pair: Pair, base: str, name: str, container: str | None, kind: CandidateKind,
                candidate: str) -> Triple:
    """The triple adding ``candidate`` (defining the test ``name``) to ``base``; its id hashes what makes it."""
    key = content_hash(pair.project, pair.focal_path, pair.test_path, name, kind.value, candidate)
    return Triple(f"{pair.language.value}-{key}", pair.project, pair.language, pair.focal_path, pair.focal_source,
                  pair.test_path, base, candidate, (name,), kind, pair.files, container)
