"""Hugging Face transformers backend: any causal LM by hub id or local path, or the embedded SmolLM2.

Batches of prompt copies are padded on the left so every row's generation starts at the same column. On CPU,
fp32 is the fast setting (bf16 is slower on these machines); the thread count changes speed and, through the
order of floating-point sums, possibly greedy outputs, so it is fixed rather than adapted to the load.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from execrl.errors import GenerationError
from execrl.generation.base import Completion, FinishReason, Prompt, PromptStyle, SamplingParams, truncate_at_stop

EMBEDDED = "embedded"


@dataclass(frozen=True)
class TransformersConfig:
    model: str = field(default=EMBEDDED, metadata={"help": "'embedded' (SmolLM2-135M-Instruct), a hub id or a path"})
    batch_size: int = field(default=8, metadata={"help": "sequences generated together (prompt copies count)"})
    num_threads: int | None = field(default=None, metadata={"help": "torch CPU threads; None = one per core"})
    device: str = field(default="cpu", metadata={"help": "torch device"})
    dtype: str = field(default="float32", metadata={"help": "torch dtype name of the weights"})
    cache_dir: Path | None = field(default=None, metadata={"help": "where the embedded model is converted to"})

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError(f"TransformersConfig.batch_size must be at least 1, got {self.batch_size!r}")


def resolve_model_path(model: str, cache_dir: Path | None = None) -> str:
    """``embedded`` becomes the converted SmolLM2 directory; anything else is passed to transformers as is."""
    if model == EMBEDDED:
        from execrl.generation.embedded import embedded_model_path

        return str(embedded_model_path(cache_dir))
    return model


class TransformersGenerator:
    """Samples from an already loaded model and tokenizer (``load`` builds one from a config).

    Training can wrap the policy it is updating: ``TransformersGenerator(policy, tokenizer)``.
    """

    def __init__(self, model: Any, tokenizer: Any, *, batch_size: int = 8) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.batch_size = batch_size
        self._eos_ids = _eos_ids(model, tokenizer)
        self._pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else min(self._eos_ids)

    @classmethod
    def load(cls, config: TransformersConfig) -> TransformersGenerator:
        # OpenMP threads that spin at every barrier run 6x slower when the cores are shared with other jobs; sleeping
        # ones do not. Read once, when torch loads: it has no effect if torch was imported before.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if config.num_threads is not None:
            torch.set_num_threads(config.num_threads)
        path = resolve_model_path(config.model, config.cache_dir)
        try:
            tokenizer = AutoTokenizer.from_pretrained(path, padding_side="left")
            model: Any = AutoModelForCausalLM.from_pretrained(path, dtype=getattr(torch, config.dtype))
        except (OSError, ValueError) as error:
            raise GenerationError(f"cannot load model {config.model!r} (from {path}): {error}") from error
        model.to(config.device).eval()
        return cls(model, tokenizer, batch_size=config.batch_size)

    def render(self, prompt: Prompt) -> str:
        """The exact text the model is conditioned on."""
        if prompt.style is PromptStyle.RAW:
            return prompt.text
        if not getattr(self.tokenizer, "chat_template", None):
            raise GenerationError("this model's tokenizer has no chat template: use the raw prompt style")
        messages = [{"role": m.role, "content": m.content} for m in prompt.messages]
        text = self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        assert isinstance(text, str)
        return text

    def generate(self, prompts: Sequence[Prompt], params: SamplingParams) -> list[list[Completion]]:
        import torch

        if params.seed is not None:
            torch.manual_seed(params.seed)
        jobs = [(index, prompt) for index, prompt in enumerate(prompts) for _ in range(params.n)]
        results: list[list[Completion]] = [[] for _ in prompts]
        for start in range(0, len(jobs), self.batch_size):
            batch = jobs[start : start + self.batch_size]
            for (index, _), completion in zip(batch, self._generate_batch([p for _, p in batch], params), strict=True):
                results[index].append(completion)
        return results

    def _generate_batch(self, prompts: Sequence[Prompt], params: SamplingParams) -> list[Completion]:
        import torch

        # A chat template writes its own special tokens; a raw prompt gets the tokenizer's (e.g. a BOS).
        raw = all(p.style is PromptStyle.RAW for p in prompts)
        encoded = self.tokenizer([self.render(p) for p in prompts], return_tensors="pt", padding=True,
                                 add_special_tokens=raw).to(self.model.device)
        prompt_length = encoded["input_ids"].shape[1]
        kwargs = self._generate_kwargs(params)
        if params.stop:
            kwargs["stopping_criteria"] = [StopStrings(self.tokenizer, params.stop, prompt_length)]
        with torch.inference_mode():
            output = self.model.generate(**encoded, **kwargs)
        new_tokens = output[:, prompt_length:].tolist()
        return [self._completion(row, params) for row in new_tokens]

    def _generate_kwargs(self, params: SamplingParams) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"max_new_tokens": params.max_new_tokens, "pad_token_id": self._pad_id,
                                  "eos_token_id": sorted(self._eos_ids), "do_sample": not params.greedy}
        if params.greedy:  # unset the model's own sampling defaults, which transformers would warn about
            kwargs.update(temperature=None, top_p=None, top_k=None)
        else:
            kwargs.update(temperature=params.temperature, top_p=params.top_p, top_k=None)
        return kwargs

    def _completion(self, row: list[int], params: SamplingParams) -> Completion:
        # A finished row is filled with padding up to the longest row of its batch.
        end = next((i for i, token in enumerate(row) if token in self._eos_ids or token == self._pad_id), None)
        tokens = row if end is None else row[:end]
        text, stopped = truncate_at_stop(self.tokenizer.decode(tokens, skip_special_tokens=True), params.stop)
        finished = stopped or end is not None
        num_tokens = len(tokens) + (1 if end is not None and row[end] in self._eos_ids else 0)
        return Completion(text, num_tokens, FinishReason.STOP if finished else FinishReason.LENGTH)


class StopStrings:
    """A transformers stopping criterion: a row is done once its generated text contains a stop string.

    transformers' own ``stop_strings`` also matches across the prompt's end: a raw MBPP prompt ends with a newline,
    and the model's first ``def `` would complete ``"\\ndef "`` and stop it at once. Only the last ``window``
    generated tokens are decoded, which is enough for short stop strings and cheap at every step.
    """

    def __init__(self, tokenizer: Any, stop: Sequence[str], prompt_length: int, window: int = 16) -> None:
        self.tokenizer = tokenizer
        self.stop = tuple(stop)
        self.prompt_length = prompt_length
        self.window = window

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        import torch

        start = max(self.prompt_length, input_ids.shape[1] - self.window)
        tails = self.tokenizer.batch_decode(input_ids[:, start:], skip_special_tokens=True)
        return torch.tensor([any(s in tail for s in self.stop) for tail in tails], device=input_ids.device)


def _eos_ids(model: Any, tokenizer: Any) -> set[int]:
    configured = getattr(model.generation_config, "eos_token_id", None)
    ids = set(configured if isinstance(configured, list) else [configured] if configured is not None else [])
    if tokenizer.eos_token_id is not None:
        ids.add(tokenizer.eos_token_id)
    if not ids:
        raise GenerationError("the model defines no end-of-sequence token")
    return ids
