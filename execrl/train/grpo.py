"""The RL step on TRL's ``GRPOTrainer``, subclassed only for token-level advantages.

What each configuration optimises (``docs/TRAINING.md`` has the derivations):

- GRPO family (``loss_type``): per completion, the advantage is the reward minus its group's mean (divided by the
  group's std with ``scale_rewards="group"``); the loss is PPO's clipped surrogate
  ``-min(r_t A, clip(r_t, 1-epsilon, 1+epsilon_high) A)`` per token with ``r_t`` the ratio of new to old token
  probabilities, averaged per sequence (grpo), per batch (bnpo, dapo) or over a fixed length (dr_grpo).
- PPO-style: the same surrogate with ``num_iterations > 1`` (each batch of generations is reused for several
  updates, so ``r_t`` moves away from 1 and the clip bites) and ``beta > 0``: ``beta * KL(pi || pi_ref)`` per token
  (the k3 estimator) against the reference, which with LoRA is the same network with adapters off, i.e. the policy
  after the SFT warm-up. It is PPO without a value model: the group mean replaces the learned baseline.
- ``token_credit``: the advantage becomes a (B, T) tensor ``(A_i + credit_scale * c_t) * m_t`` where ``c_t`` is the
  line-level credit of token t's line (error line, Ochiai suspicion; ``execrl.rewards.lines``) and ``m_t`` is 0 on
  lines no test executed. TRL's ``_compute_loss`` accepts (B, T) advantages as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from transformers import TrainerCallback
from trl.trainer.grpo_trainer import GRPOTrainer

from execrl.rewards.lines import completion_credit, line_credit, token_credit
from execrl.train.data import TestSampler, training_view
from execrl.train.scoring import RecordingBatchScorer
from execrl.types import Task


class ExecrlGRPOTrainer(GRPOTrainer):
    """``GRPOTrainer`` with optional token-level advantages from execrl's line credit."""

    def __init__(self, *args: Any, scorer: RecordingBatchScorer | None = None, credit_scale: float | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.execrl_scorer = scorer
        self.credit_scale = credit_scale  # None: sequence-level advantages, as TRL computes them

    def _generate_and_score_completions(self, inputs: list[dict[str, Any]]) -> dict[str, Any]:
        output: dict[str, Any] = super()._generate_and_score_completions(inputs)
        if self.credit_scale is not None and self.execrl_scorer is not None:
            output["advantages"] = self._token_advantages(output, inputs)
        return output

    def _token_advantages(self, output: dict[str, Any], inputs: list[dict[str, Any]]) -> torch.Tensor:
        assert self.execrl_scorer is not None and self.credit_scale is not None
        advantages, ids, mask = output["advantages"], output["completion_ids"], output["completion_mask"]
        credit = torch.zeros(ids.shape, dtype=advantages.dtype, device=advantages.device)
        keep = torch.ones(ids.shape, dtype=advantages.dtype, device=advantages.device)
        for row, example in enumerate(inputs):
            tokens = ids[row][mask[row].bool()].tolist()
            values, executed = token_values(self.processing_class, tokens, self.execrl_scorer, example["task_id"])
            credit[row, : len(values)] = torch.tensor(values, dtype=advantages.dtype)
            keep[row, : len(executed)] = torch.tensor(executed, dtype=advantages.dtype)
        self._metrics["train"]["execrl/executed_token_fraction"].append(
            ((keep * mask).sum() / mask.sum().clamp(min=1)).item())
        per_token: torch.Tensor = (advantages.unsqueeze(1) + self.credit_scale * credit) * keep
        return per_token


def token_values(tokenizer: Any, tokens: Sequence[int], scorer: RecordingBatchScorer,
                 task_id: str) -> tuple[list[float], list[int]]:
    """Per-token line credit and executed mask of one completion, from the execution its reward came from."""
    text, offsets = decode_with_offsets(tokenizer, tokens)
    result = scorer.result(task_id, text)
    program = scorer.program(task_id, text)
    credit = completion_credit(line_credit(result, program), program, text)
    values = token_credit(text, offsets, credit.rewards, executed=credit.mask_lines)
    return list(values.rewards), list(values.mask)


def decode_with_offsets(tokenizer: Any, tokens: Sequence[int]) -> tuple[str, list[tuple[int, int]]]:
    """The decoded text and each token's character span in it (special tokens get empty spans)."""
    offsets, previous = [], 0
    for end in range(1, len(tokens) + 1):
        length = len(tokenizer.decode(tokens[:end], skip_special_tokens=True))
        offsets.append((previous, max(previous, length)))
        previous = max(previous, length)
    return tokenizer.decode(tokens, skip_special_tokens=True), offsets


class DynamicTests(TrainerCallback):
    """Asks a dynamic ``TestSampler`` for each task's hidden tests at the start of every step (the testgen seam)."""

    def __init__(self, sampler: TestSampler, tasks: Sequence[Task], scorer: RecordingBatchScorer) -> None:
        self.sampler, self.tasks, self.scorer = sampler, list(tasks), scorer

    def on_step_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        step = int(state.global_step)
        self.scorer.retask([training_view(task, self.sampler.split(task, step)) for task in self.tasks])
