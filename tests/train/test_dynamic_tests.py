"""Dynamic hidden tests in training: generated suites (``execrl testgen`` output) give each step a fresh hidden
draw, the visible tests never change, and the trainer's scorer is re-tasked at every step."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("trl", reason="the 'train' extra")

from execrl.testgen.sampler import HiddenTestSampler  # noqa: E402
from execrl.testgen.store import append_suites  # noqa: E402
from execrl.testgen.suite import GeneratedSuite  # noqa: E402
from execrl.train.config import config_from_mapping  # noqa: E402
from execrl.train.data import GeneratedTests, OwnTests  # noqa: E402
from execrl.train.grpo import DynamicTests  # noqa: E402
from execrl.train.loop import training_tasks  # noqa: E402
from execrl.types import Task, TestCase  # noqa: E402

ADD = Task("t/add", "def add(a, b):\n", "add", "def add(a, b):\n    return a + b\n",
           tests=tuple(TestCase(f"t{i}", inputs=(i, 1), expected=i + 1) for i in range(3)))
POOL = tuple(TestCase(f"gen_{i}", inputs=(i, i), expected=2 * i) for i in range(20))


def test_generated_tests_keep_the_visible_tests_and_draw_fresh_hidden_ones_each_step() -> None:
    sampler = GeneratedTests(HiddenTestSampler({"t/add": POOL}, per_task=4, seed=0), n_visible=2)
    first, second = sampler.split(ADD, 0), sampler.split(ADD, 1)
    assert [t.name for t in first.visible] == [t.name for t in second.visible] == ["t0", "t1"]
    assert first.hidden[0].name == "t2" and len(first.hidden) == 1 + 4  # own non-visible test + the draw
    assert first.hidden != second.hidden
    assert sampler.split(ADD, 0) == first  # seeded: a resumed run sees the same tests at the same step


def suites_file(tmp_path: Path) -> Path:
    path = tmp_path / "suites.jsonl"
    tests = tuple(TestCase(f"gen_{i}", inputs=("x" * i,), expected="x" * i) for i in range(12))
    append_suites(path, [GeneratedSuite("basic/reverse_text", "sha", tests, ("gen_0",), setup="HELPER = 1")])
    return path


def test_config_hidden_tests_make_training_draw_from_the_generated_suites(tmp_path: Path) -> None:
    config = config_from_mapping({"output_dir": str(tmp_path / "run"), "train_limit": 3, "eval_limit": 2,
                                  "hidden_tests": str(suites_file(tmp_path)), "hidden_per_step": 3})
    training, _ = training_tasks(config)
    assert isinstance(training.sampler, GeneratedTests) and training.sampler.dynamic
    reverse = {t.task_id: t for t in training.views(0)}["basic/reverse_text"]
    later = {t.task_id: t for t in training.views(5)}["basic/reverse_text"]
    generated = [t.name for t in reverse.plus_tests if t.name.startswith("gen_")]
    assert len(generated) == 3 and generated != [t.name for t in later.plus_tests if t.name.startswith("gen_")]
    assert "HELPER = 1" in reverse.test_setup  # the suite's trusted setup travels with its tests
    assert reverse.tests == later.tests  # visible tests are part of the prompt: they never change


def test_without_hidden_tests_training_uses_the_tasks_own_tests(tmp_path: Path) -> None:
    training, _ = training_tasks(config_from_mapping({"output_dir": str(tmp_path), "train_limit": 2}))
    assert isinstance(training.sampler, OwnTests) and not training.sampler.dynamic


class RecordingScorer:
    def __init__(self) -> None:
        self.tasks: list[Task] = []

    def retask(self, tasks: list[Task]) -> None:
        self.tasks = tasks


def test_dynamic_tests_callback_retasks_the_scorer_with_the_steps_draw() -> None:
    sampler = GeneratedTests(HiddenTestSampler({"t/add": POOL}, per_task=4, seed=0), n_visible=2)
    scorer = RecordingScorer()
    callback = DynamicTests(sampler, [ADD], scorer)  # type: ignore[arg-type]
    state: Any = SimpleNamespace(global_step=7)
    callback.on_step_begin(None, state, None)
    assert scorer.tasks[0].plus_tests == sampler.split(ADD, 7).hidden
