"""The supervised warm-up: TRL's ``SFTTrainer`` on reference solutions (prompt-completion rows, loss on the
completion only), before RL. With LoRA the adapter is saved (``<output_dir>/sft-adapter``) and merged into the
weights, so RL trains a fresh adapter and its KL reference is the warmed-up policy. A resumed run loads the saved
adapter instead of training it again; a full fine-tune saves the whole model (``<output_dir>/sft-model``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from datasets import Dataset
from trl.trainer.sft_config import SFTConfig
from trl.trainer.sft_trainer import SFTTrainer

from execrl.train.config import ExecrlGRPOConfig
from execrl.train.data import sft_rows
from execrl.types import Task


def warm_up(model: Any, tokenizer: Any, tasks: Sequence[Task], config: ExecrlGRPOConfig) -> Any:
    """The model after ``config.warmup.steps`` SFT steps (merged); the saved warm-up if there is one."""
    adapter, full = Path(str(config.output_dir)) / "sft-adapter", Path(str(config.output_dir)) / "sft-model"
    if adapter.is_dir():
        from peft import PeftModel

        return PeftModel.from_pretrained(model, str(adapter)).merge_and_unload()
    if full.is_dir():
        from transformers import AutoModelForCausalLM

        return AutoModelForCausalLM.from_pretrained(str(full))
    if config.warmup.steps == 0:
        return model
    return _train(model, tokenizer, tasks, config, adapter if config.use_lora else full)


def _train(model: Any, tokenizer: Any, tasks: Sequence[Task], config: ExecrlGRPOConfig, save_to: Path) -> Any:
    settings = config.warmup
    rows = sft_rows(tasks, config.style)
    args = SFTConfig(output_dir=str(Path(str(config.output_dir)) / "sft"), max_steps=settings.steps,
                     per_device_train_batch_size=settings.batch_size, learning_rate=settings.learning_rate,
                     max_length=settings.max_length, logging_steps=max(1, settings.steps // 4), save_strategy="no",
                     report_to=[], bf16=False, use_cpu=config.use_cpu, seed=config.seed,
                     gradient_checkpointing=False, disable_tqdm=not config.progress)
    trainer = SFTTrainer(model=model, args=args, train_dataset=Dataset.from_list(rows), processing_class=tokenizer,
                         peft_config=lora_config(config) if config.use_lora else None)
    started = time.perf_counter()
    trainer.train()
    losses = [row["loss"] for row in trainer.state.log_history if "loss" in row]
    print(f"[sft] {settings.steps} steps on {len(rows)} references in {time.perf_counter() - started:.0f} s; "
          f"loss {losses[0]:.3f} -> {losses[-1]:.3f}" if losses else "", file=sys.stderr, flush=True)
    trained: Any = trainer.model
    trained.save_pretrained(str(save_to))
    return trained.merge_and_unload() if config.use_lora else trained


def lora_config(config: ExecrlGRPOConfig) -> Any:
    from peft import LoraConfig

    return LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
                      target_modules=list(config.lora_target_modules), task_type="CAUSAL_LM")
