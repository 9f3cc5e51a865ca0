"""The self-improvement run, top to bottom: tasks -> held-out check -> evaluation before -> SFT warm-up -> RL
with execution rewards -> evaluation after -> report.

Every phase leaves its result in ``config.output_dir`` and is skipped when that result is already there, so running
the same config again resumes: evaluations are read back, the warm-up adapter is reloaded, and RL continues from
the last checkpoint TRL saved (``save_steps``) with its step count, optimizer and scheduler.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from datasets import Dataset
from transformers import AutoModelForCausalLM, AutoTokenizer
from transformers.trainer_utils import get_last_checkpoint

from execrl.generation.transformers_backend import resolve_model_path
from execrl.sandbox.base import Executor
from execrl.tasks import load_tasks
from execrl.testgen.sampler import HiddenTestSampler
from execrl.testgen.store import with_generated_tests
from execrl.train.config import ExecrlGRPOConfig
from execrl.train.data import GeneratedTests, OwnTests, TrainingSet, check_held_out, held_out_subset, rl_rows
from execrl.train.grpo import DynamicTests, ExecrlGRPOTrainer
from execrl.train.heldout import evaluate_policy
from execrl.train.metrics import JsonlMetrics, tensorboard_available
from execrl.train.rollout import TokenRollout, prompt_key
from execrl.train.scoring import FinalTurn, reward_functions
from execrl.train.sft import lora_config, warm_up
from execrl.types import Task


@dataclass
class RunResult:
    output_dir: Path
    steps: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        def pass1(summary: dict[str, Any] | None) -> float | None:
            return None if summary is None else float(summary.get("pass@1", 0.0))

        return {"output_dir": str(self.output_dir), "steps": self.steps, "pass@1_before": pass1(self.before),
                "pass@1_after": pass1(self.after), "timings_s": {k: round(v, 1) for k, v in self.timings.items()}}


def run_training(config: ExecrlGRPOConfig, executor: Executor | None = None) -> RunResult:
    """The whole run; ``executor`` defaults to a ``LocalExecutor`` with ``config.sandbox_workers`` workers."""
    torch.set_num_threads(config.torch_threads)
    if executor is None:
        from execrl.sandbox.local import LocalExecutor

        with LocalExecutor(workers=config.sandbox_workers) as local:
            return run_training(config, local)
    out = Path(str(config.output_dir))
    out.mkdir(parents=True, exist_ok=True)
    result = RunResult(out, 0, None, None)
    with _phase(result, "load"):
        train, held_out = training_tasks(config)
        path = resolve_model_path(config.model)
        tokenizer = AutoTokenizer.from_pretrained(path, padding_side="left")
        model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)
    _say(f"{len(train.tasks)} training tasks ({config.tasks}), {len(held_out)} held-out tasks ({config.eval_tasks})"
         + (f", hidden tests drawn each step from {config.hidden_tests}" if config.hidden_tests else ""))
    if config.evaluate_before:
        with _phase(result, "eval_before"):
            result.before = _evaluate(model, tokenizer, held_out, executor, config, "eval_before")
    with _phase(result, "sft"):
        model = warm_up(model, AutoTokenizer.from_pretrained(path), sft_tasks(config, train), config)
    with _phase(result, "rl"):
        trainer = build_trainer(config, model, tokenizer, train, executor)
        has_checkpoint = any(out.glob("checkpoint-*"))
        checkpoint = get_last_checkpoint(str(out)) if has_checkpoint else None  # type: ignore[no-untyped-call]
        trainer.train(resume_from_checkpoint=checkpoint)
        result.steps = int(trainer.state.global_step)
    if config.evaluate_after:
        with _phase(result, "eval_after"):
            result.after = _evaluate(trainer.model, tokenizer, held_out, executor, config, "eval_after")
    with _phase(result, "report"):
        from execrl.train.report import write_train_report

        write_train_report(out, title=f"Training report: {config.model} on {config.tasks}")
    (out / "run.json").write_text(json.dumps(result.to_json(), indent=2) + "\n")
    return result


def training_tasks(config: ExecrlGRPOConfig) -> tuple[TrainingSet, list[Task]]:
    """(the training tasks and their test sampler, the fixed held-out subset); refuses held-out overlap."""
    held_out = load_tasks(config.eval_tasks)
    tasks = load_tasks(config.tasks)
    tasks = tasks[: config.train_limit] if config.train_limit else tasks
    check_held_out(tasks, held_out)
    return training_set(config, tasks), held_out_subset(held_out, config.eval_limit)


def training_set(config: ExecrlGRPOConfig, tasks: Sequence[Task]) -> TrainingSet:
    """The tasks with their own tests split, or (``hidden_tests``) with hidden tests drawn from generated suites."""
    if not config.hidden_tests:
        return TrainingSet(tuple(tasks), OwnTests(config.visible_tests))
    # The generated suites become the tasks' plus tests (with the setup some oracle tests need): the sampler's pool.
    tasks = with_generated_tests(tasks, config.hidden_tests, reduced=config.hidden_reduced)
    pool = HiddenTestSampler({t.task_id: t.plus_tests for t in tasks}, config.hidden_per_step, seed=config.seed)
    return TrainingSet(tuple(tasks), GeneratedTests(pool, config.visible_tests))


def sft_tasks(config: ExecrlGRPOConfig, train: TrainingSet) -> list[Task]:
    if config.warmup.dataset == "reference":
        return train.views(0)
    tasks = load_tasks(config.warmup.dataset)
    check_held_out(tasks, load_tasks(config.eval_tasks))
    return tasks


def build_trainer(config: ExecrlGRPOConfig, model: Any, tokenizer: Any, training: TrainingSet,
                  executor: Executor | None) -> ExecrlGRPOTrainer:
    train = training.views(0)
    shared, funcs = reward_functions(train, config.reward_spec, executor, workers=config.sandbox_workers,
                                     style=config.style, trace=config.token_credit)
    if config.reward_weights is None:  # train on the total (first); the rest are logged
        config.reward_weights = [1.0] + [0.0] * (len(funcs) - 1)
    if tensorboard_available() and not config.report_to:
        config.report_to = ["tensorboard"]
    rows = rl_rows(train, config.style)
    rollout, reward_funcs = None, list[Any](funcs)
    if config.max_turns > 1:
        rollout = TokenRollout({prompt_key(r["prompt"]): t for r, t in zip(rows, train, strict=True)}, shared,
                               max_turns=config.max_turns, discount=config.turn_discount,
                               max_chars=config.feedback_max_chars)
        reward_funcs = [FinalTurn(f, config.turn_discount, apply_discount=i == 0) for i, f in enumerate(funcs)]
    callbacks: list[Any] = [JsonlMetrics(Path(str(config.output_dir)) / "metrics.jsonl", progress=config.progress)]
    if training.sampler.dynamic:
        callbacks.append(DynamicTests(training.sampler, training.tasks, shared))
    return ExecrlGRPOTrainer(
        model=model, reward_funcs=reward_funcs, args=config, train_dataset=Dataset.from_list(rows),
        processing_class=tokenizer, peft_config=lora_config(config) if config.use_lora else None,
        rollout_func=rollout, callbacks=callbacks, scorer=shared,
        credit_scale=config.credit_scale if config.token_credit else None)


def _evaluate(model: Any, tokenizer: Any, tasks: Sequence[Task], executor: Executor, config: ExecrlGRPOConfig,
              name: str) -> dict[str, Any]:
    return evaluate_policy(model, tokenizer, tasks, executor, name=name, out_dir=Path(str(config.output_dir)),
                           style=config.style, max_new_tokens=config.eval_max_new_tokens,
                           batch_size=config.eval_batch_size, progress=config.progress)


@contextmanager
def _phase(result: RunResult, name: str) -> Iterator[None]:
    started = time.perf_counter()
    _say(f"{name} ...")
    yield
    result.timings[name] = time.perf_counter() - started
    _say(f"{name} done in {result.timings[name]:.0f} s")


def _say(text: str) -> None:
    print(f"[execrl train] {text}", file=sys.stderr, flush=True)
