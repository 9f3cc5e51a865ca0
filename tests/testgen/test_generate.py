"""The whole pipeline in the real sandbox, on a hand-made task with hand-written mutants and on real MBPP tasks."""

from __future__ import annotations

from dataclasses import replace

from execrl.sandbox.local import LocalExecutor
from execrl.testgen.generate import generate_batch
from execrl.testgen.suite import ADVERSARIAL, EDGE, Candidate, TestgenConfig, task_sha
from execrl.types import ExecRequest, Task

from .conftest import GRADE, grade_mutants

CONFIG = TestgenConfig(mutations=20, properties=10, test_timeout_s=1.0)


def test_adversarial_tests_kill_the_survivor_and_the_reduced_suite_keeps_them(executor: LocalExecutor) -> None:
    [suite] = generate_batch([GRADE], executor, CONFIG, mutants=grade_mutants)
    assert suite.stats.mutants == 3 and suite.stats.survivors == 1 and suite.stats.killed == 1
    adversarial = [t for t in suite.tests if ADVERSARIAL in t.tags]
    assert adversarial and all(t.inputs == (10,) for t in adversarial)
    assert set(suite.reduced) <= {t.name for t in suite.tests}
    assert any(t.name in suite.reduced for t in adversarial)
    assert len(suite.reduced) < len(suite.tests)
    assert suite.task_sha == task_sha(GRADE, CONFIG)


def test_reference_passes_every_generated_test_of_real_tasks(executor: LocalExecutor, mbpp: dict[str, Task]) -> None:
    tasks = [mbpp[i] for i in ("Mbpp/2", "Mbpp/3", "Mbpp/20", "Mbpp/56")]
    suites = generate_batch(tasks, executor, CONFIG)
    results = executor.run([ExecRequest(t.reference, s.tests, t.entry_point, t.test_setup + "\n" + s.setup)
                            for t, s in zip(tasks, suites, strict=True)])
    assert all(result.passed for result in results)
    assert all(len(s.tests) >= 10 and s.reduced for s in suites)
    assert all(any(EDGE in t.tags for t in s.tests) for s in suites)
    assert all(s.stats.mutants > 0 for s in suites)
    assert sum(s.stats.survivors for s in suites) > 0


def test_proposed_candidates_and_no_mutants(executor: LocalExecutor) -> None:
    claims = {"T/grade": [Candidate((10,), frozenset({"model"}), claimed=("high",)),
                          Candidate((11,), frozenset({"model"}), claimed=("low",))]}  # wrong
    config = replace(CONFIG, mutants=False, mutations=0, properties=0, boundaries=False)
    [suite] = generate_batch([GRADE], executor, config, proposed=claims)
    assert [(t.inputs, t.expected, t.tags) for t in suite.tests] == [((10,), "high", {"model"})]
    assert suite.stats.unstable == 1 and suite.stats.mutants == 0
