"""Static features of a triple, read from its source text only (never from an execution): sizes, assertions,
whether the candidate parses, which functions it calls and whether the focal code or the project defines them
(a missing API), which focal functions it reaches that the suite does not call yet (a proxy for new coverage),
how plausible its expected values are, and how much it repeats the suite.

Calls and identifiers are found by one tokeniser for the three languages (strings and comments removed first);
parsing uses ``ast`` for Python and tree-sitter for Java and Go.
"""

from __future__ import annotations

import builtins
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from execrl.labeling.records import Triple
from execrl.types import Language

_STRINGS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`[^`]*`')
_COMMENTS = {Language.PYTHON: re.compile(r"#[^\n]*"), Language.JAVA: re.compile(r"//[^\n]*|/\*[\s\S]*?\*/"),
             Language.GO: re.compile(r"//[^\n]*|/\*[\s\S]*?\*/")}
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_CALL = re.compile(r"(\.?)\s*\b([A-Za-z_]\w*)\s*\(")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])')
_DEFINITIONS = {
    Language.PYTHON: re.compile(r"^[ \t]*(?:async\s+)?(?:def|class)\s+(\w+)", re.MULTILINE),
    Language.JAVA: re.compile(r"^[ \t]*(?:[\w<>\[\],.? ]+\s+)?(\w+)\s*\([^;{)]*\)\s*(?:throws [\w., ]+)?\{"
                              r"|\b(?:class|interface|enum|record)\s+(\w+)", re.MULTILINE),
    Language.GO: re.compile(r"^func\s+(?:\([^)]*\)\s*)?(\w+)|^type\s+(\w+)", re.MULTILINE),
}
_KEYWORDS = {
    Language.PYTHON: {"if", "elif", "while", "for", "return", "not", "and", "or", "in", "is", "lambda", "with",
                      "assert", "yield", "await", "def", "class", "print", "except"},
    Language.JAVA: {"if", "for", "while", "switch", "catch", "synchronized", "return", "new", "super", "this",
                    "throw", "assert", "try"},
    Language.GO: {"if", "for", "switch", "func", "return", "go", "defer", "range", "select", "case"},
}
# Callables every file of the language may use without defining or importing them.
_PREDEFINED = {
    Language.PYTHON: frozenset(dir(builtins)),
    Language.JAVA: frozenset({"equals", "toString", "hashCode", "length", "size", "get", "add", "put", "valueOf",
                              "format", "println", "asList", "of", "charAt", "substring", "contains", "isEmpty",
                              "fail", "assertEquals", "assertTrue", "assertFalse", "assertNull", "assertNotNull",
                              "assertThrows", "assertArrayEquals", "assertSame", "getClass", "getMessage"}),
    Language.GO: frozenset({"len", "cap", "make", "new", "append", "copy", "delete", "panic", "recover", "print",
                            "println", "string", "int", "int64", "byte", "rune", "float64", "bool", "error",
                            "Errorf", "Fatalf", "Error", "Fatal", "Run", "Helper", "Sprintf", "DeepEqual", "Skip"}),
}
_ASSERTIONS = {
    Language.PYTHON: re.compile(r"\bassert\w*\b|\braises\b"),
    Language.JAVA: re.compile(r"\bassert\w*\s*\(|\bfail\s*\("),
    Language.GO: re.compile(r"\bt\.(?:Error|Fatal)\w*\s*\(|\b(?:assert|require)\.\w+\s*\("),
}
_RISKY = re.compile(r"\b(?:random|rand|time|sleep|Sleep|now|Now|thread|Thread|socket|http|tmp|Temp|os\.)\w*")


@dataclass(frozen=True)
class Code:
    """One source with strings and comments removed, and what the tokeniser finds in it."""

    text: str
    identifiers: frozenset[str]
    calls: tuple[str, ...]  # every called name, in order (``obj.method(`` gives ``method``)
    definitions: tuple[str, ...]


@lru_cache(maxsize=512)  # a focal or test file is shared by every candidate of its pair
def read_code(text: str, language: Language) -> Code:
    bare = _COMMENTS[language].sub("", _STRINGS.sub('""', text))
    calls = tuple(name for _, name in _CALL.findall(bare) if name not in _KEYWORDS[language])
    definitions = tuple(name for match in _DEFINITIONS[language].findall(text)
                        for name in (match if isinstance(match, tuple) else (match,)) if name)
    return Code(bare, frozenset(_IDENTIFIER.findall(bare)), calls, definitions)


def parses(text: str, language: Language) -> bool:
    """Whether a candidate (one or more whole test functions) parses in its language."""
    if language is Language.PYTHON:
        try:
            compile(textwrap.dedent(text), "<candidate>", "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            return False
        return True
    wrapped = f"class Candidate {{\n{text}\n}}\n" if language is Language.JAVA else f"package candidate\n{text}\n"
    return not _tree_sitter(language).parse(wrapped.encode()).root_node.has_error


@cache
def _tree_sitter(language: Language) -> Any:
    import importlib

    from tree_sitter import Language as Grammar
    from tree_sitter import Parser

    grammar = importlib.import_module(f"tree_sitter_{language.value}")
    return Parser(Grammar(grammar.language()))


def missing_calls(triple: Triple) -> list[str]:
    """Names the candidate calls that nothing visible defines: not the focal file, the test file, the project's
    other files, the candidate itself, nor the language's predefined callables."""
    known = _vocabulary(triple)
    return [name for name in read_code(triple.candidate, triple.language).calls if name not in known]


def _vocabulary(triple: Triple) -> frozenset[str]:
    defined = frozenset(read_code(triple.candidate, triple.language).definitions)
    return _project_vocabulary(triple.language, triple.focal_source, triple.test_source, triple.files) | defined


@lru_cache(maxsize=64)
def _project_vocabulary(language: Language, focal: str, test: str,
                        files: tuple[tuple[str, str], ...]) -> frozenset[str]:
    names: set[str] = set(_PREDEFINED[language])
    for source in (focal, test, *(text for _, text in files)):
        names |= read_code(source, language).identifiers
    return frozenset(names)


@lru_cache(maxsize=64)
def _project_text(focal: str, test: str, files: tuple[tuple[str, str], ...]) -> str:
    return "\n".join([focal, test, *(text for _, text in files)])


def _near_miss(name: str, definitions: Iterable[str]) -> bool:
    """A name that extends or shortens a real definition (``parse`` / ``parse_json``): a likely invented API."""
    lowered = name.lower()
    return any(len(d) >= 3 and d.lower() != lowered and (lowered.startswith(d.lower()) or d.lower().startswith(lowered))
               for d in definitions)


@lru_cache(maxsize=64)
def _function_sizes(source: str, language: Language) -> dict[str, int]:
    """Lines from each definition to the next one: the size of the code a call to it can reach."""
    starts = [(source.count("\n", 0, m.start()), next(g for g in m.groups() if g))
              for m in _DEFINITIONS[language].finditer(source)]
    ends = [line for line, _ in starts[1:]] + [source.count("\n") + 1]
    sizes: dict[str, int] = {}
    for (line, name), next_line in zip(starts, ends[:len(starts)], strict=True):
        sizes[name] = sizes.get(name, 0) + max(1, next_line - line)
    return sizes


def _assertions(text: str, language: Language) -> int:
    return len(_ASSERTIONS[language].findall(text))


def _literal_plausibility(triple: Triple) -> tuple[float, float, float]:
    """How many literals on the candidate's checking lines there are, the share of them that occur elsewhere in
    the project's text (an expected value copied from a docstring or another test is more likely right), and
    whether the last one (where an expected value usually sits) does: -1 when there is none."""
    elsewhere = _project_text(triple.focal_source, triple.test_source, triple.files)
    checking = [line for line in triple.candidate.splitlines() if _ASSERTIONS[triple.language].search(line)
                or re.search(r"want|expect|==", line)]
    literals = [lit for line in checking for lit in _LITERAL.findall(line) if lit not in ('""', "''", "0", "1")]
    if not literals:
        return 0.0, 1.0, -1.0
    share = sum(lit in elsewhere for lit in literals) / len(literals)
    return float(len(literals)), share, float(literals[-1] in elsewhere)


def _overlap(candidate: Code, test: Code) -> tuple[float, float]:
    """Token-set Jaccard of candidate and test file, and the share of the candidate's non-blank lines the test
    file already has verbatim (a repeated test adds neither coverage nor kills)."""
    union = candidate.identifiers | test.identifiers
    jaccard = len(candidate.identifiers & test.identifiers) / len(union) if union else 0.0
    test_lines = {line.strip() for line in test.text.splitlines() if line.strip()}
    lines = [line.strip() for line in candidate.text.splitlines()[1:] if len(line.strip()) > 3]
    repeated = sum(line in test_lines for line in lines) / len(lines) if lines else 0.0
    return jaccard, repeated


def _novel_literals(candidate: str, test_source: str) -> float:
    """The share of the candidate's literals the test file never uses: new inputs reach new branches."""
    literals = set(_LITERAL.findall(candidate))
    return sum(lit not in test_source for lit in literals) / len(literals) if literals else 0.0


def feature_dict(triple: Triple) -> dict[str, float]:
    """Every feature of ``triple`` by name, in ``FEATURES`` order."""
    language = triple.language
    focal, test = read_code(triple.focal_source, language), read_code(triple.test_source, language)
    candidate = read_code(triple.candidate, language)
    focal_defs = set(focal.definitions)
    reached = set(candidate.calls) & focal_defs
    new = reached - set(test.calls)
    sizes = _function_sizes(triple.focal_source, language)
    uncalled = focal_defs - set(test.calls)
    missing = missing_calls(triple)
    literals, plausible, last_known = _literal_plausibility(triple)
    jaccard, repeated = _overlap(candidate, test)
    focal_lines = triple.focal_source.count("\n") + 1
    values = {
        "python": float(language is Language.PYTHON), "java": float(language is Language.JAVA),
        "go": float(language is Language.GO),
        "candidate_parses": float(parses(triple.candidate, language)),
        "bracket_imbalance": float(sum(abs(triple.candidate.count(a) - triple.candidate.count(b))
                                       for a, b in ("()", "[]", "{}"))),
        "missing_calls": float(len(missing)),
        "near_miss_calls": float(sum(_near_miss(name, focal_defs) for name in missing)),
        "candidate_lines": float(triple.candidate.count("\n") + 1), "focal_lines": float(focal_lines),
        "test_lines": float(triple.test_source.count("\n") + 1), "project_files": float(len(triple.files)),
        "candidate_functions": float(len(triple.candidate_names)),
        "name_clash": float(any(name in test.definitions for name in triple.candidate_names)),
        "candidate_assertions": float(_assertions(triple.candidate, language)),
        "test_assertions": float(_assertions(triple.test_source, language)),
        "candidate_calls": float(len(candidate.calls)),
        "focal_definitions": float(len(focal_defs)),
        "focal_reached": float(len(reached)), "focal_reached_new": float(len(new)),
        "new_lines_reached": float(sum(sizes.get(name, 0) for name in new)),
        "new_lines_share": sum(sizes.get(name, 0) for name in new) / focal_lines,
        "focal_uncalled_share": len(uncalled) / len(focal_defs) if focal_defs else 0.0,
        "uncalled_lines_share": sum(sizes.get(name, 0) for name in uncalled) / focal_lines,
        "check_literals": literals, "plausible_literals": plausible, "last_literal_known": last_known,
        "numbers": float(len(_NUMBER.findall(candidate.text))),
        "token_jaccard": jaccard, "repeated_lines": repeated,
        "exception_checks": float(len(re.findall(r"raises|Throws|expected\s*=|recover\(|panic", triple.candidate))),
        "risky_calls": float(len(_RISKY.findall(candidate.text))),
        "test_functions": float(len(test.definitions)),
        "reached_min_uses": float(min((test.calls.count(name) for name in reached), default=-1)),
        "novel_identifiers": float(len(candidate.identifiers - test.identifiers - set(candidate.definitions))),
        "novel_literals_share": _novel_literals(triple.candidate, triple.test_source),
    }
    assert tuple(values) == FEATURES, "FEATURES and feature_dict must list the same names"
    return values


def feature_vector(triple: Triple) -> list[float]:
    return list(feature_dict(triple).values())


FEATURES = (
    "python", "java", "go", "candidate_parses", "bracket_imbalance", "missing_calls", "near_miss_calls",
    "candidate_lines", "focal_lines", "test_lines", "project_files", "candidate_functions", "name_clash",
    "candidate_assertions", "test_assertions", "candidate_calls", "focal_definitions", "focal_reached",
    "focal_reached_new", "new_lines_reached", "new_lines_share", "focal_uncalled_share", "uncalled_lines_share",
    "check_literals", "plausible_literals", "last_literal_known", "numbers", "token_jaccard", "repeated_lines",
    "exception_checks", "risky_calls", "test_functions", "reached_min_uses", "novel_identifiers",
    "novel_literals_share",
)
