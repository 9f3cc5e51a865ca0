"""Mutation testing: small syntactic changes (mutants) of a program, one operator table per language.

Test generation uses mutants of a reference to keep the inputs that discriminate; labelling uses them to measure
whether a candidate test raises a suite's kill rate. Every language shares the ``Operator`` vocabulary and the
``Mutant`` type, so kill matrices and reports read the same whatever the language.
"""

from execrl.mutation.base import Mutant, MutationError, Operator

__all__ = ["Mutant", "MutationError", "Operator"]
