"""One edit of a source text, and the mutant it makes: every operator of every language yields edits."""

from __future__ import annotations

from dataclasses import dataclass

from execrl.mutation.base import Mutant, Operator
from execrl.types import Language


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``; offsets count characters (Python) or bytes (tree-sitter)."""

    start: int
    end: int
    replacement: str


def apply_edit(language: Language, operator: Operator, text: str, edit: Edit) -> Mutant:
    """The mutant of ``text`` (a ``str`` for character offsets) with ``edit`` applied."""
    return Mutant(
        language=language,
        operator=operator,
        line=text.count("\n", 0, edit.start) + 1,
        original=text[edit.start : edit.end],
        replacement=edit.replacement,
        source=text[: edit.start] + edit.replacement + text[edit.end :],
    )
