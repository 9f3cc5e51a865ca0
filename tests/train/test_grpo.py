"""Real RL steps on the embedded SmolLM2-135M through TRL: LoRA moves, multi-turn rollouts carry real feedback,
and a resumed run continues the step count (through ``execrl train`` in a subprocess)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from execrl.sandbox.local import LocalExecutor
from execrl.testgen.store import append_suites
from execrl.testgen.suite import GeneratedSuite
from execrl.types import Task, TestCase

pytestmark = [pytest.mark.model, pytest.mark.slow]
if importlib.util.find_spec("trl") is None or importlib.util.find_spec("peft") is None:
    pytest.skip("needs trl and peft (the 'train' extra)", allow_module_level=True)

ROOT = Path(__file__).parents[2]
TINY = {"per_device_train_batch_size": 2, "num_generations": 2, "max_completion_length": 40, "max_steps": 1,
        "learning_rate": 1e-3, "logging_steps": 1, "save_strategy": "no", "report_to": [], "seed": 0,
        "gradient_checkpointing": False, "temperature": 1.0, "progress": False, "torch_threads": 2}
REVERSE = Task("basic/reverse_text", 'def reverse_text(text: str) -> str:\n    """Return text reversed."""\n',
               "reverse_text", "def reverse_text(text: str) -> str:\n    return text[::-1]\n",
               tests=(TestCase("t0", inputs=("hello",), expected="olleh"), TestCase("t1", inputs=("ab",),
                                                                                  expected="ba"),
                      TestCase("t2", inputs=("",), expected="")))


@pytest.fixture(scope="module")
def sandbox() -> Iterator[LocalExecutor]:
    with LocalExecutor(workers=1) as pool:  # one worker: the other core trains
        yield pool


def trainer_for(model_dir: Path, tmp_path: Path, sandbox: LocalExecutor, **options: Any) -> Any:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from execrl.train.config import config_from_mapping
    from execrl.train.data import OwnTests, TrainingSet
    from execrl.train.loop import build_trainer

    torch.manual_seed(0)
    config = config_from_mapping({**TINY, "output_dir": str(tmp_path), **options})
    tokenizer = AutoTokenizer.from_pretrained(model_dir, padding_side="left")
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    return build_trainer(config, model, tokenizer, TrainingSet((REVERSE,), OwnTests(config.visible_tests)), sandbox)


def test_one_rl_step_with_token_credit_changes_the_lora_parameters(embedded_model_dir: Path, tmp_path: Path,
                                                                    sandbox: LocalExecutor) -> None:
    import torch

    # A one-line task: a fenced answer fits in 64 tokens; with token credit, failing tests put non-zero advantages
    # on the lines they ran even when the group's rewards happen to be equal.
    trainer = trainer_for(embedded_model_dir, tmp_path, sandbox, token_credit=True, per_device_train_batch_size=4,
                          num_generations=4, max_completion_length=64)
    before = {name: p.detach().clone() for name, p in trainer.model.named_parameters() if p.requires_grad}
    assert before and all("lora" in name for name in before)
    trainer.train()
    changed = [name for name, p in trainer.model.named_parameters()
               if p.requires_grad and not torch.equal(before[name], p.detach())]
    assert changed, "no LoRA parameter moved"
    logged = {key for row in trainer.state.log_history for key in row}
    assert {"rewards/execrl_reward/mean", "rewards/execrl_functional/mean", "execrl/executed_token_fraction"} <= logged


def test_a_multi_turn_rollout_trains_on_answers_and_masks_the_real_feedback(embedded_model_dir: Path,
                                                                            tmp_path: Path,
                                                                            sandbox: LocalExecutor) -> None:
    trainer = trainer_for(embedded_model_dir, tmp_path, sandbox, max_turns=2, max_completion_length=24)
    rollout, outputs = trainer.rollout_func, []

    def recording(prompts: Any, trainer_: Any) -> dict[str, Any]:
        outputs.append(rollout(prompts, trainer_))
        return outputs[-1]

    trainer.rollout_func = recording
    trainer.train()
    [output] = outputs
    tokenizer = trainer.processing_class
    revised = [i for i, turns in enumerate(output["turns"]) if turns == 2]
    assert revised, "24 tokens cannot hold a working answer: every episode should get feedback"
    for i in revised:
        ids, mask = output["completion_ids"][i], output["env_mask"][i]
        feedback = tokenizer.decode([t for t, m in zip(ids, mask, strict=True) if m == 0])
        assert "Your code failed" in feedback and "Fix the function" in feedback
        assert mask[0] == 1 and mask[-1] == 1 and 0 in mask  # answer, feedback, answer
    assert "rewards/execrl_reward/mean" in trainer.state.log_history[-1] or any(
        "rewards/execrl_reward/mean" in row for row in trainer.state.log_history)


def run_cli(tmp_path: Path, max_steps: int, tasks_file: Path) -> dict[str, Any]:
    sets = ",".join(f"{k}={json.dumps(v) if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else v}"
                    for k, v in {**TINY, "max_steps": max_steps, "save_strategy": "steps", "save_steps": 1,
                                 "tasks": str(tasks_file), "eval_tasks": str(tasks_file.with_name("held.jsonl")),
                                 "output_dir": str(tmp_path / "run"), "prompt_style": "raw",
                                 "hidden_tests": str(tasks_file.with_name("suites.jsonl")), "hidden_per_step": 2,
                                 "eval_max_new_tokens": 24, "evaluate_before": max_steps == 1}.items()
                    if k != "report_to")
    env = {**os.environ, "TRL_EXPERIMENTAL_SILENCE": "1"}
    done = subprocess.run([sys.executable, "-m", "execrl.cli", "train", "--set", sets], capture_output=True,
                          text=True, timeout=600, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "hidden tests drawn each step from" in done.stderr  # the generated suites are in use
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_execrl_train_runs_with_generated_hidden_tests_and_a_second_run_resumes_the_step_count(embedded_model_dir: Path,
                                                                   tmp_path: Path) -> None:
    tasks = tmp_path / "train.jsonl"
    tasks.write_text(json.dumps({"task_id": "x/reverse", "prompt": REVERSE.prompt, "entry_point": "reverse_text",
                                 "reference": REVERSE.reference, "tests": [
                                     {"name": "t0", "inputs": ["hello"], "expected": "olleh"},
                                     {"name": "t1", "inputs": ["ab"], "expected": "ba"}]}) + "\n")
    (tmp_path / "held.jsonl").write_text(json.dumps({"task_id": "y/double", "prompt": "def double(x):\n",
                                                    "entry_point": "double",
                                                    "reference": "def double(x):\n    return 2 * x\n",
                                                    "tests": [{"name": "t0", "inputs": [2], "expected": 4}]}) + "\n")
    generated = tuple(TestCase(f"gen_{i}", inputs=("x" * i + "y",), expected="y" + "x" * i) for i in range(5))
    append_suites(tmp_path / "suites.jsonl", [GeneratedSuite("x/reverse", "sha", generated, ("gen_0",))])
    first = run_cli(tmp_path, 1, tasks)
    assert first["steps"] == 1 and first["pass@1_before"] is not None
    assert (tmp_path / "run" / "checkpoint-1").is_dir()
    second = run_cli(tmp_path, 2, tasks)
    assert second["steps"] == 2  # continued from checkpoint-1, not restarted
    steps = [json.loads(line)["step"] for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert steps.count(1) >= 1 and 2 in steps and steps == sorted(steps)
    report = (tmp_path / "run" / "report.md").read_text()
    assert "Held-out pass@1" in report and (tmp_path / "run" / "train_rewards.png").is_file()
