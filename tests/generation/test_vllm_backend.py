"""The vLLM backend: the error without vllm, and its calls against a stand-in with vLLM's public API shape."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from typing import Any

import pytest

from execrl.errors import GenerationError
from execrl.generation.base import FinishReason, Message, Prompt, PromptStyle, SamplingParams
from execrl.generation.vllm_backend import VLLMConfig, VLLMGenerator


def test_missing_vllm_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "vllm", None)  # makes `import vllm` fail even where it is installed
    with pytest.raises(GenerationError, match=r"pip install 'execrl\[vllm\]'"):
        VLLMGenerator(VLLMConfig(model="some/model"))


@dataclass
class CompletionOutput:
    text: str
    token_ids: list[int]
    finish_reason: str | None


@dataclass
class RequestOutput:
    outputs: list[CompletionOutput]


@dataclass
class FakeLLM:
    """Records what it is given, answers ``n`` outputs per prompt like ``vllm.LLM``."""

    init: dict[str, Any]
    calls: list[tuple[str, Any, Any]] = field(default_factory=list)

    def generate(self, prompts: list[str], sampling_params: Any, use_tqdm: bool = True) -> list[RequestOutput]:
        self.calls.append(("generate", prompts, sampling_params))
        return [self._answer(p, sampling_params) for p in prompts]

    def chat(self, messages: list[list[dict[str, str]]], sampling_params: Any,
             use_tqdm: bool = True) -> list[RequestOutput]:
        self.calls.append(("chat", messages, sampling_params))
        return [self._answer(m[-1]["content"], sampling_params) for m in messages]

    def _answer(self, prompt: str, sampling: Any) -> RequestOutput:
        n = sampling.kwargs["n"]
        return RequestOutput([CompletionOutput(f"{prompt}-{i}\ndef x", [1, 2, 3], "length" if i else "stop")
                              for i in range(n)])


@pytest.fixture
def fake_vllm(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    module = types.ModuleType("vllm")
    module.LLM = lambda **kwargs: FakeLLM(kwargs)  # type: ignore[attr-defined]
    module.SamplingParams = lambda **kwargs: types.SimpleNamespace(kwargs=kwargs)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vllm", module)
    return module


def test_engine_and_sampling_parameters(fake_vllm: types.ModuleType) -> None:
    generator = VLLMGenerator(VLLMConfig(model="org/model", dtype="bfloat16", max_model_len=2048, seed=7))
    assert generator.llm.init == {"model": "org/model", "dtype": "bfloat16", "tensor_parallel_size": 1,
                                  "gpu_memory_utilization": 0.9, "max_model_len": 2048, "seed": 7}
    raw = [Prompt(PromptStyle.RAW, "a"), Prompt(PromptStyle.RAW, "b")]
    result = generator.generate(raw, SamplingParams(n=2, temperature=0.5, top_p=0.9, max_new_tokens=9, seed=1,
                                                    stop=("\ndef ",)))
    assert [[c.text for c in row] for row in result] == [["a-0", "a-1"], ["b-0", "b-1"]]
    assert result[0][1].finish_reason is FinishReason.LENGTH and result[0][0].num_tokens == 3
    kind, prompts, sampling = generator.llm.calls[0]
    assert (kind, prompts) == ("generate", ["a", "b"])
    assert sampling.kwargs == {"n": 2, "temperature": 0.5, "top_p": 0.9, "max_tokens": 9, "seed": 1,
                               "stop": ["\ndef "]}


def test_chat_prompts_use_llm_chat(fake_vllm: types.ModuleType) -> None:
    generator = VLLMGenerator(VLLMConfig(model="org/model"))
    chat = Prompt(PromptStyle.CHAT, messages=(Message("user", "q"),))
    [[completion]] = generator.generate([chat], SamplingParams())
    kind, conversations, sampling = generator.llm.calls[0]
    assert kind == "chat" and conversations == [[{"role": "user", "content": "q"}]]
    assert sampling.kwargs["top_p"] == 1.0 and sampling.kwargs["stop"] is None
    assert completion.text == "q-0\ndef x"


def test_mixed_styles_are_refused(fake_vllm: types.ModuleType) -> None:
    generator = VLLMGenerator(VLLMConfig(model="org/model"))
    with pytest.raises(GenerationError, match="one style"):
        generator.generate([Prompt(PromptStyle.RAW, "a"), Prompt(PromptStyle.CHAT, messages=(Message("user", "q"),))],
                           SamplingParams())
