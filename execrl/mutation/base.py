"""The shared vocabulary of mutation operators and the ``Mutant`` type every language backend produces."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass

from execrl.errors import ExecrlError
from execrl.types import Language


class MutationError(ExecrlError, ValueError):
    """A source that cannot be mutated (it does not parse in its language); names the file or snippet."""


class Operator(enum.Enum):
    """The standard operator set (as in PIT, mutmut, go-mutesting), shared by every language."""

    ARITHMETIC = "arithmetic"  # a + b -> a - b, * -> /, % -> *, ...
    RELATIONAL = "relational"  # a < b -> a > b, == -> !=
    BOUNDARY = "boundary"  # a < b -> a <= b, >= -> >
    NEGATE_CONDITION = "negate_condition"  # if c -> if not c
    LOGICAL = "logical"  # and -> or, && -> ||
    UNARY = "unary"  # -x -> x, not x -> x, ~x -> x
    INCREMENT = "increment"  # i++ -> i--, += -> -=
    CONSTANT = "constant"  # 0 -> 1, n -> n + 1, "s" -> "", True -> False
    RETURN_VALUE = "return_value"  # return x -> return None / 0 / null / zero value
    STATEMENT_DELETION = "statement_deletion"  # a call or assignment statement removed (replaced by pass / nothing)
    LOOP_CONTROL = "loop_control"  # break <-> continue


@dataclass(frozen=True)
class Mutant:
    """One mutant: ``source`` is the whole mutated file; the span says what changed, for reports and for running
    only the tests that cover ``line``."""

    language: Language
    operator: Operator
    line: int  # 1-based line of the change in the original source
    original: str  # the replaced text
    replacement: str  # the text put in its place
    source: str  # the complete mutated source

    @property
    def mutant_id(self) -> str:
        """Stable across runs: the kill-matrix cache key."""
        digest = hashlib.sha256(self.source.encode()).hexdigest()[:16]
        return f"{self.operator.value}:{self.line}:{digest}"
