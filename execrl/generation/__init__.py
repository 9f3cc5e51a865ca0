"""Sample programs from models: one ``Generator`` interface over transformers, vLLM and OpenAI-compatible servers,
and the extraction of a runnable program from what the model wrote.

Backends are imported only when asked for (``from execrl.generation import TransformersGenerator`` imports torch;
``import execrl.generation`` does not).
"""

from execrl.generation.base import (
    Completion,
    FinishReason,
    Generator,
    Message,
    Prompt,
    PromptStyle,
    SamplingParams,
    build_prompt,
    truncate_at_stop,
)
from execrl.generation.embedded import embedded_model_path
from execrl.generation.extract import build_solution, extract_code, sanitize
from execrl.generation.fake import FakeGenerator

__all__ = [
    "Completion",
    "FakeGenerator",
    "FinishReason",
    "Generator",
    "Message",
    "OpenAIConfig",
    "OpenAIGenerator",
    "Prompt",
    "PromptStyle",
    "SamplingParams",
    "TransformersConfig",
    "TransformersGenerator",
    "VLLMConfig",
    "VLLMGenerator",
    "build_prompt",
    "build_solution",
    "embedded_model_path",
    "extract_code",
    "sanitize",
    "truncate_at_stop",
]

_LAZY = {
    "OpenAIConfig": "execrl.generation.openai_backend",
    "OpenAIGenerator": "execrl.generation.openai_backend",
    "TransformersConfig": "execrl.generation.transformers_backend",
    "TransformersGenerator": "execrl.generation.transformers_backend",
    "VLLMConfig": "execrl.generation.vllm_backend",
    "VLLMGenerator": "execrl.generation.vllm_backend",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'execrl.generation' has no attribute {name!r}")
