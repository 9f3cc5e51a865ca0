"""Broken variants of a held-out test: a wrong expected value, a call to an API the focal file lacks, a syntax
error. They are made from the test's text by small, language-aware rewrites; whether a variant really fails is
for the labels to say (a changed literal that was only an input may still pass), never assumed here."""

from __future__ import annotations

import re
from collections.abc import Callable

from execrl.labeling.records import CandidateKind
from execrl.types import Language

_INTEGER = re.compile(r"(?<![\w.])(\d+)(?![\w.])")
_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_BOOLEANS = {Language.PYTHON: ("True", "False"), Language.JAVA: ("true", "false"), Language.GO: ("true", "false")}
_COMMENT = {Language.PYTHON: "#", Language.JAVA: "//", Language.GO: "//"}
# Where an expected value sits: an assertion, or (Go tables) a line naming what is wanted.
_CHECKS = {
    Language.PYTHON: re.compile(r"\bassert"),
    Language.JAVA: re.compile(r"\bassert\w*\s*\("),
    Language.GO: re.compile(r"\b(want|expect\w*|exp)\b|[!=]=|^\s*\{.*\},?\s*$", re.IGNORECASE),
}
_REPORTING = re.compile(r"\b(t\.(Error|Fatal|Log|Skip)\w*|fmt\.\w+|fail\(|Errorf)")
_DEFINITIONS = {
    Language.PYTHON: re.compile(r"^\s*(?:async\s+)?def\s+(\w+)", re.MULTILINE),
    Language.JAVA: re.compile(r"^\s*(?:(?:public|protected|private|static|final|synchronized)\s+)*"
                              r"[\w<>\[\], ?]+\s+(\w+)\s*\([^;{]*\)\s*(?:throws [\w., ]+)?\{", re.MULTILINE),
    Language.GO: re.compile(r"^func\s+(?:\([^)]*\)\s*)?(\w+)", re.MULTILINE),
}


def _change_literal(line: str, language: Language) -> str | None:
    """The line with its last literal changed: an integer + 1, a string extended, a boolean flipped."""
    code = line.split(_COMMENT[language], 1)[0]
    integers = list(_INTEGER.finditer(code))
    if integers:
        last = integers[-1]
        return line[:last.start()] + str(int(last.group(1)) + 1) + line[last.end():]
    strings = list(_STRING.finditer(code)) or list(re.finditer(r"'((?:[^'\\\n]|\\.)*)'", code))
    if strings:
        last = strings[-1]
        return line[:last.end() - 1] + "x" + line[last.end() - 1:]
    yes, no = _BOOLEANS[language]
    for old, new in ((yes, no), (no, yes)):
        found = list(re.finditer(rf"\b{old}\b", code))
        if found:
            return line[:found[-1].start()] + new + line[found[-1].end():]
    return None


def wrong_expected(text: str, language: Language, focal_source: str = "") -> str | None:
    """Change a literal on the last checking line that has one (assertion, comparison, table row)."""
    lines = text.splitlines(keepends=True)
    for index in reversed(range(1, len(lines))):
        line = lines[index]
        stripped = line.strip()
        if stripped.startswith(_COMMENT[language]) or _REPORTING.search(line) or not _CHECKS[language].search(line):
            continue
        changed = _change_literal(line, language)
        if changed is not None and changed != line:
            return "".join(lines[:index] + [changed] + lines[index + 1:])
    return None


def missing_api(text: str, language: Language, focal_source: str) -> str | None:
    """Call a function of the focal file under a name it does not have (``parse`` -> ``parseMissing``)."""
    defined = set(_DEFINITIONS[language].findall(focal_source)) - {"main", "init", "__init__"}
    header, body = text.split("\n", 1) if "\n" in text else (text, "")
    for match in re.finditer(r"\b(\w+)\s*\(", body):
        if match.group(1) in defined:
            suffix = "_missing" if language is Language.PYTHON else "Missing"
            return header + "\n" + body[:match.end(1)] + suffix + body[match.end(1):]
    return None


def syntax_error(text: str, language: Language, focal_source: str = "") -> str | None:
    """Drop the last closing parenthesis (or, without one, the last ``:``/``}``)."""
    for token in (")", ":" if language is Language.PYTHON else "}"):
        index = text.rfind(token)
        if index >= 0:
            return text[:index] + text[index + 1:]
    return None


BROKEN: dict[CandidateKind, Callable[[str, Language, str], str | None]] = {
    CandidateKind.WRONG_EXPECTED: wrong_expected,
    CandidateKind.MISSING_API: missing_api,
    CandidateKind.SYNTAX_ERROR: syntax_error,
}
