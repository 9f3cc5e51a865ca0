"""One module per language: the steps its toolchain runs and the parsing of what the tools report.

Imported by the worker at start-up (before it pivots into the read-only view, where this package is not
visible); only the standard library is used, and heavier standard modules are imported where they are needed.
"""

from __future__ import annotations

from execrl.sandbox.languages.base import SuiteLanguage
from execrl.sandbox.languages.go import GoSuite
from execrl.sandbox.languages.java import JavaSuite
from execrl.sandbox.languages.python import PythonSuite
from execrl.types import Language

_LANGUAGES: dict[Language, SuiteLanguage] = {Language.PYTHON: PythonSuite(), Language.JAVA: JavaSuite(),
                                             Language.GO: GoSuite()}


def language_of(language: Language) -> SuiteLanguage:
    return _LANGUAGES[language]
