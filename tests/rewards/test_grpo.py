"""A few real GRPO steps with TRL on the embedded SmolLM2-135M, rewarded by execrl through the real sandbox."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

from execrl.generation.base import PromptStyle, build_prompt
from execrl.rewards import Component, RewardSpec, execrl_reward_funcs, reward_weights
from execrl.sandbox.local import LocalExecutor
from execrl.types import Task

pytestmark = [pytest.mark.model, pytest.mark.slow]
if importlib.util.find_spec("trl") is None or importlib.util.find_spec("peft") is None:
    pytest.skip("needs trl and peft: pip install 'trl>=1.10' peft (the 'train' extra)", allow_module_level=True)

TASK_IDS = ("HumanEval/23", "HumanEval/53")  # strlen, add: short prompts the tiny model sometimes gets right


@pytest.fixture(scope="module")
def sandbox() -> Iterator[LocalExecutor]:
    with LocalExecutor(workers=1) as pool:  # one worker: the other core trains
        yield pool


def test_grpo_steps_change_the_policy_and_log_every_component(embedded_model_dir: Path, humaneval: dict[str, Task],
                                                               sandbox: LocalExecutor, tmp_path: Path) -> None:
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from trl import GRPOConfig, GRPOTrainer

    torch.set_num_threads(2)
    tasks = [humaneval[task_id] for task_id in TASK_IDS]
    rows = [{"prompt": [{"role": m.role, "content": m.content} for m in build_prompt(t, PromptStyle.CHAT).messages],
             "task_id": t.task_id} for t in tasks]
    funcs = execrl_reward_funcs(tasks, RewardSpec.everything(), executor=sandbox)
    config = GRPOConfig(
        output_dir=str(tmp_path), max_steps=2, per_device_train_batch_size=4, num_generations=4,
        max_completion_length=128, learning_rate=1e-4, logging_steps=1, save_strategy="no", report_to=[],
        use_cpu=True, bf16=False, seed=0, temperature=1.0, reward_weights=reward_weights(funcs),
        gradient_checkpointing=False,  # on by default; it also turns off the KV cache, slowing generation a lot
    )
    trainer = GRPOTrainer(model=str(embedded_model_dir), reward_funcs=funcs, args=config,
                          train_dataset=Dataset.from_list(rows),
                          peft_config=LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"],
                                                 task_type="CAUSAL_LM"))
    before = {name: p.detach().clone() for name, p in trainer.model.named_parameters() if p.requires_grad}
    trainer.train()

    changed = [name for name, p in trainer.model.named_parameters() if p.requires_grad
               and not torch.equal(before[name], p.detach())]
    assert changed, "no trainable parameter moved"
    logged = {key for entry in trainer.state.log_history for key in entry}
    expected = {"rewards/execrl_reward/mean", "rewards/execrl_hacked/mean"}
    expected |= {f"rewards/execrl_{c.value}/mean" for c in Component if c is not Component.EDGE}  # HumanEval: no edge
    assert expected <= logged, sorted(logged)
