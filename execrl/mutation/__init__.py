"""Mutation testing: small syntactic changes (mutants) of a program, one operator table per language.

Test generation uses mutants of a reference to keep the inputs that discriminate; labelling uses them to measure
whether a candidate test raises a suite's kill rate. Every language shares the ``Operator`` vocabulary and the
``Mutant`` type, so kill matrices and reports read the same whatever the language.

    mutants = mutants_for(Language.PYTHON, source)          # syntactic candidates, in source order
    kept = screen(Language.PYTHON, source, mutants).kept     # compiled: equivalent, duplicate, broken ones out
"""

from __future__ import annotations

from collections.abc import Callable

from execrl.mutation.base import Mutant, MutationError, Operator
from execrl.mutation.python import python_candidates, screen_python
from execrl.mutation.screen import Screening, Verdict
from execrl.types import Language

__all__ = ["Mutant", "MutationError", "Operator", "Screening", "Verdict", "mutants_for", "screen"]



# Java and Go need tree-sitter (the ``labeling`` extra): imported only when asked for.
def _java_mutants(source: str) -> list[Mutant]:
    from execrl.mutation.java import java_mutants

    return java_mutants(source)


def _go_mutants(source: str) -> list[Mutant]:
    from execrl.mutation.go import go_mutants

    return go_mutants(source)


def _screen_java(source: str, mutants: list[Mutant]) -> Screening:
    from execrl.mutation.javac import screen_java

    return screen_java(source, mutants)


def _screen_go(source: str, mutants: list[Mutant]) -> Screening:
    from execrl.mutation.gocompile import screen_go

    return screen_go(source, mutants)


_GENERATORS: dict[Language, Callable[[str], list[Mutant]]] = {
    Language.PYTHON: python_candidates,
    Language.JAVA: _java_mutants,
    Language.GO: _go_mutants,
}

_SCREENS: dict[Language, Callable[[str, list[Mutant]], Screening]] = {
    Language.PYTHON: screen_python,
    Language.JAVA: _screen_java,
    Language.GO: _screen_go,
}


def mutants_for(language: Language, source: str) -> list[Mutant]:
    """Every mutant the language's operator table makes of ``source``, before compiling any of them."""
    return _GENERATORS[language](source)


def screen(language: Language, source: str, mutants: list[Mutant]) -> Screening:
    """Compile the mutants: which are kept, equivalent to ``source``, duplicates, or do not compile.

    Java and Go sources are compiled alone here; for a file that needs its package or classpath, call
    ``gocompile.screen_go(..., path=)`` or ``javac.screen_java(..., classpath=)``.
    """
    return _SCREENS[language](source, mutants)
