"""Model-written candidates: a generation backend is shown a pair's focal file and base test file and asked for
one new test function in the file's style; the first test function of its answer becomes a ``MODEL_WRITTEN``
triple on the pair's shared base.

Answers are sampled with a seed fixed per pair and cached on disk per (pair, base, prompt, model, seed, count),
so a resumed build neither regenerates them nor draws different ones: the triple ids (content hashes of the
candidate) match and the labelled ones are skipped.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from execrl.generation.base import Generator, Message, Prompt, PromptStyle, SamplingParams
from execrl.generation.extract import code_from_prose, extract_code, fenced_blocks
from execrl.labeling.records import CandidateKind, Triple, content_hash
from execrl.labeling.sources import Pair
from execrl.labeling.testfiles import TestFunction, test_file
from execrl.labeling.triples import make_triple
from execrl.types import Language

FOCAL_CHARS = 3000  # of the focal file shown to the model (its head)
TEST_CHARS = 2000  # of the base test file shown

_FENCE = {Language.PYTHON: "python", Language.JAVA: "java", Language.GO: "go"}
_COMMENT = {Language.PYTHON: "#", Language.JAVA: "//", Language.GO: "//"}
TEMPLATE = """Here is a {name} source file, `{focal_path}`:

```{fence}
{focal}
```

and its test file, `{test_path}`:

```{fence}
{tests}
```

Write ONE new test for `{focal_path}` that the test file does not have yet, in the style of the test file: \
{shape}. Reply with only that test in a single ```{fence} code block."""


@dataclass(frozen=True)
class ModelBackend:
    """Where model-written candidates come from."""

    name: str  # in the cache key: another model writes other tests
    load: Callable[[], Generator]  # called at most once, for the first pair the cache cannot answer
    cache: Path  # a directory of one small JSON file per generated pair
    seed: int = 0
    temperature: float = 0.8
    max_new_tokens: int = 256


@dataclass(frozen=True)
class Written:
    """A pair's model-written triples, and how many answers gave none."""

    triples: tuple[Triple, ...]
    dropped: int  # answers defining no test function
    duplicates: int  # answers repeating an earlier candidate of the pair


def truncated(source: str, budget: int, comment: str) -> str:
    """The head of ``source``, cut at a line end within ``budget`` characters, marked as cut."""
    if len(source) <= budget:
        return source.rstrip("\n")
    head = source[:budget]
    head = head[: head.rfind("\n")] if "\n" in head else head
    return f"{head}\n{comment} ... (truncated)"


def prompt_for(pair: Pair, base: str) -> Prompt:
    fence, comment = _FENCE[pair.language], _COMMENT[pair.language]
    user = TEMPLATE.format(name=pair.language.value.capitalize(), focal_path=pair.focal_path, fence=fence,
                           focal=truncated(pair.focal_source, FOCAL_CHARS, comment), test_path=pair.test_path,
                           tests=truncated(base, TEST_CHARS, comment), shape=_shape(pair.language, base))
    system = f"You are an expert {pair.language.value.capitalize()} programmer who writes thorough unit tests."
    return Prompt(PromptStyle.CHAT, messages=(Message("system", system), Message("user", user)))


def _shape(language: Language, base: str) -> str:
    if language is Language.GO:
        return "a Go test function `func TestXxx(t *testing.T)` of the same package"
    test_class = suite_class(language, base)
    if language is Language.JAVA:
        return f"a JUnit `@Test` method without parameters for the class `{test_class}`"
    if test_class is not None:
        return f"a `def test_...(self):` method of the test class `{test_class}`"
    return "a pytest test function `def test_...():`"


def suite_class(language: Language, base: str) -> str | None:
    """The class the base file's tests live in (Python, Java), where a held-out test would go back; None: none."""
    if language is Language.GO:
        return None
    try:
        return next((f.container for f in test_file(language).functions(base) if f.container), None)
    except SyntaxError:
        return None


def first_test(language: Language, answer: str) -> TestFunction | None:
    """The first test function in a model's answer: fenced blocks in order, else the code found in the prose."""
    syntax = test_file(language)
    for code in [block.code for block in fenced_blocks(answer)] or [extract_code(answer)]:
        for source in _readings(language, code):
            try:
                found = syntax.functions(source)
            except SyntaxError:
                continue
            if found:
                return found[0]
    return None


def _readings(language: Language, code: str) -> list[str]:
    """The code as a whole file, then as what the model usually means: its parsable head (Python), bare methods
    (Java) or functions (Go)."""
    if language is Language.PYTHON:  # an answer cut at the token limit: its head up to the cut statement
        return [textwrap.dedent(code), code_from_prose(textwrap.dedent(code))]
    if language is Language.JAVA:
        return [code, f"class Candidate {{\n{code}\n}}\n"]
    return [code, f"package p\n\n{code}"]


def unclashed(name: str, base: str) -> str:
    """``name``, or ``name2``, ``name3``... : the first the base file does not mention."""
    candidate, number = name, 1
    while re.search(rf"\b{re.escape(candidate)}\b", base):
        number += 1
        candidate = f"{name}{number}"
    return candidate


def candidate_of(pair: Pair, base: str, answer: str) -> tuple[str, str, str | None] | None:
    """(candidate text, test name, container) from one answer; None when it defines no test function."""
    function = first_test(pair.language, answer)
    if function is None:
        return None
    name = unclashed(function.name, base)
    text = textwrap.dedent(function.text) if pair.language is Language.PYTHON else function.text
    text = re.sub(rf"\b{re.escape(function.name)}\b", name, text, count=1)
    if test_file(pair.language).defines(text) != (name,):
        return None
    takes_self = re.search(r"def \w+\(\s*self\b", text) is not None
    container = suite_class(pair.language, base) if pair.language is not Language.PYTHON or takes_self else None
    return text, name, container


class ModelWriter:
    """Writes a pair's model-written triples; loads the generator only when the cache has no answers for a pair."""

    def __init__(self, backend: ModelBackend, count: int) -> None:
        if count < 1:
            raise ValueError(f"ModelWriter needs count >= 1, got {count}")
        self.backend = backend
        self.count = count
        self._generator: Generator | None = None
        self.generated = self.dropped = 0  # answers sampled by this process, and answers giving no test

    def write(self, pair: Pair, base: str) -> Written:
        triples: dict[str, Triple] = {}
        dropped = 0
        for answer in self.answers(pair, base):
            made = candidate_of(pair, base, answer)
            if made is None:
                dropped += 1
                continue
            text, name, container = made
            triple = make_triple(pair, base, name, container, CandidateKind.MODEL_WRITTEN, text)
            triples.setdefault(triple.triple_id, triple)
        self.dropped += dropped
        return Written(tuple(triples.values()), dropped, self.count - dropped - len(triples))

    def answers(self, pair: Pair, base: str) -> list[str]:
        """The model's raw answers for the pair: from the cache, else sampled (and cached)."""
        prompt = prompt_for(pair, base)
        params = self._params(pair)
        backend = self.backend
        key = content_hash(pair.project, pair.focal_path, pair.test_path, base, backend.name, str(params.seed),
                           str(self.count), str(params.temperature), str(params.max_new_tokens),
                           *(message.content for message in prompt.messages))
        path = backend.cache / f"{key}.json"
        if path.exists():
            return [str(answer) for answer in json.loads(path.read_text())["answers"]]
        if self._generator is None:
            self._generator = backend.load()
        answers = [completion.text for completion in self._generator.generate([prompt], params)[0]]
        self.generated += len(answers)
        _write_json(path, {"project": pair.project, "focal_path": pair.focal_path, "test_path": pair.test_path,
                           "model": backend.name, "seed": params.seed, "answers": answers})
        return answers

    def _params(self, pair: Pair) -> SamplingParams:
        pair_seed = int(content_hash(pair.project, pair.focal_path, pair.test_path)[:8], 16)
        return SamplingParams(n=self.count, temperature=self.backend.temperature, top_p=0.95,
                              max_new_tokens=self.backend.max_new_tokens,
                              seed=(self.backend.seed + pair_seed) % 2**31)


def _write_json(path: Path, row: dict[str, object]) -> None:
    """Whole or not at all: a build killed mid-write leaves no torn cache entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(row))
    os.replace(partial, path)
