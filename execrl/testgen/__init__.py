"""Test generation: new hidden tests for a task, judged by its reference, chosen by the mutants they kill.

>>> from execrl.testgen import TestgenConfig, generate_batch, with_generated_tests  # doctest: +SKIP
>>> suites = generate_batch(load_tasks("mbpp")[:4], executor, TestgenConfig())  # doctest: +SKIP

The pipeline (``generate``): candidate inputs from the task's own tests, its docstring examples and its type hints
(``candidates``: boundary values, type-aware mutation, hypothesis strategies), expected outputs from the reference
run in the sandbox (``oracle``), mutants of the reference to find the discriminating tests and to reduce the suite
(``select``). ``store`` reads and writes ``tests.jsonl``; ``sampler`` draws a fresh subset of hidden tests per RL
step; ``model_tests`` adds tests a model proposes. docs/TESTGEN.md walks through all of it.
"""

from execrl.testgen.contracts import borrow_contracts
from execrl.testgen.generate import generate_batch
from execrl.testgen.model_tests import proposed_candidates
from execrl.testgen.sampler import HiddenTestSampler
from execrl.testgen.store import append_suites, read_suites, with_generated_tests
from execrl.testgen.suite import ADVERSARIAL, EDGE, RAISES, Candidate, GeneratedSuite, SuiteStats, TestgenConfig

__all__ = ["ADVERSARIAL", "EDGE", "RAISES", "Candidate", "GeneratedSuite", "HiddenTestSampler", "SuiteStats",
           "TestgenConfig", "append_suites", "borrow_contracts", "generate_batch", "proposed_candidates",
           "read_suites", "with_generated_tests"]
