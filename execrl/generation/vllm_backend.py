"""vLLM offline backend (``vllm.LLM``): the fast path on a GPU. ``vllm`` is an optional extra, imported only here.

The embedded model works too: its converted directory is a plain llama checkpoint. vLLM schedules all prompts
itself (continuous batching), so the whole list is handed over in one call.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from execrl.errors import GenerationError
from execrl.generation.base import Completion, FinishReason, Prompt, PromptStyle, SamplingParams, truncate_at_stop


@dataclass(frozen=True)
class VLLMConfig:
    model: str = field(default="embedded", metadata={"help": "'embedded', a hub id or a local path"})
    dtype: str = field(default="auto", metadata={"help": "weights dtype: auto, float16, bfloat16, float32"})
    tensor_parallel_size: int = field(default=1, metadata={"help": "GPUs to shard the model over"})
    gpu_memory_utilization: float = field(default=0.9, metadata={"help": "fraction of GPU memory vLLM may use"})
    max_model_len: int | None = field(default=None, metadata={"help": "context length; None = the model's"})
    seed: int = field(default=0, metadata={"help": "engine seed (per-request seeds come from SamplingParams)"})
    cache_dir: Path | None = field(default=None, metadata={"help": "where the embedded model is converted to"})


def import_vllm() -> ModuleType:
    try:
        return importlib.import_module("vllm")
    except ImportError as error:
        raise GenerationError(
            f"the vllm backend needs the `vllm` package, which is not importable here ({error}); "
            "install it with `pip install 'execrl[vllm]'` on a machine with a supported GPU, "
            "or use the transformers or openai backend"
        ) from error


class VLLMGenerator:
    def __init__(self, config: VLLMConfig) -> None:
        from execrl.generation.transformers_backend import resolve_model_path

        self._vllm = import_vllm()
        self.config = config
        self.llm = self._vllm.LLM(
            model=resolve_model_path(config.model, config.cache_dir),
            dtype=config.dtype,
            tensor_parallel_size=config.tensor_parallel_size,
            gpu_memory_utilization=config.gpu_memory_utilization,
            max_model_len=config.max_model_len,
            seed=config.seed,
        )

    def generate(self, prompts: Sequence[Prompt], params: SamplingParams) -> list[list[Completion]]:
        if not prompts:
            return []
        if len({p.style for p in prompts}) > 1:
            raise GenerationError("the vllm backend takes prompts of one style per call")
        sampling = self._sampling_params(params)
        if prompts[0].style is PromptStyle.RAW:
            outputs = self.llm.generate([p.text for p in prompts], sampling_params=sampling, use_tqdm=False)
        else:
            conversations = [[{"role": m.role, "content": m.content} for m in p.messages] for p in prompts]
            outputs = self.llm.chat(conversations, sampling_params=sampling, use_tqdm=False)
        return [[_completion(choice, params) for choice in output.outputs] for output in outputs]

    def _sampling_params(self, params: SamplingParams) -> Any:
        return self._vllm.SamplingParams(
            n=params.n,
            temperature=params.temperature,
            top_p=1.0 if params.greedy else params.top_p,
            max_tokens=params.max_new_tokens,
            seed=params.seed,
            stop=list(params.stop) or None,
        )


def _completion(choice: Any, params: SamplingParams) -> Completion:
    """``choice`` is a ``vllm.CompletionOutput``: ``text``, ``token_ids``, ``finish_reason`` ('stop', 'length')."""
    text, _ = truncate_at_stop(choice.text, params.stop)
    reason = FinishReason.LENGTH if choice.finish_reason == "length" else FinishReason.STOP
    return Completion(text, len(choice.token_ids), reason)
