"""What compiling tells about mutants: kept, equivalent to the original, a duplicate of another, or not compiling.

Every language reduces a compiled program to a *fingerprint* (a hashable value equal for programs that compile to
the same code, whatever their line numbers); the verdicts follow from comparing fingerprints, the same way for
every language.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from execrl.mutation.base import Mutant


class Verdict(enum.Enum):
    KEPT = "kept"
    EQUIVALENT = "equivalent"  # compiles to the same code as the original: no test can kill it
    DUPLICATE = "duplicate"  # compiles to the same code as an earlier mutant: killing one kills both
    NOT_COMPILING = "not_compiling"  # rejected by the compiler: kept out of kill rates


@dataclass(frozen=True)
class Screening:
    """One verdict per mutant, in the mutants' order."""

    verdicts: tuple[tuple[Mutant, Verdict], ...]

    @property
    def kept(self) -> list[Mutant]:
        return self.having(Verdict.KEPT)

    def having(self, verdict: Verdict) -> list[Mutant]:
        return [mutant for mutant, given in self.verdicts if given is verdict]

    def counts(self) -> dict[Verdict, int]:
        return {verdict: len(self.having(verdict)) for verdict in Verdict}


def screen_by_fingerprint(
    original: Hashable, mutants: Sequence[Mutant], fingerprints: Sequence[Hashable | None]
) -> Screening:
    """Verdicts from fingerprints; ``None`` means the mutant did not compile. The first of equal mutants is kept."""
    assert len(mutants) == len(fingerprints)
    seen = {original}
    verdicts: list[tuple[Mutant, Verdict]] = []
    for mutant, fingerprint in zip(mutants, fingerprints, strict=True):
        if fingerprint is None:
            verdict = Verdict.NOT_COMPILING
        elif fingerprint == original:
            verdict = Verdict.EQUIVALENT
        elif fingerprint in seen:
            verdict = Verdict.DUPLICATE
        else:
            verdict = Verdict.KEPT
            seen.add(fingerprint)
        verdicts.append((mutant, verdict))
    return Screening(tuple(verdicts))
