"""The OpenAI-compatible backend against a fake server on 127.0.0.1."""

from __future__ import annotations

import socket

import pytest

from execrl.errors import ConfigError, GenerationError
from execrl.generation.base import FinishReason, Message, Prompt, PromptStyle, SamplingParams
from execrl.generation.openai_backend import OpenAIConfig, OpenAIGenerator

from .conftest import FakeOpenAIServer

CHAT = Prompt(PromptStyle.CHAT, messages=(Message("system", "be brief"), Message("user", "write add")))
RAW = Prompt(PromptStyle.RAW, text="def add(a, b):\n")


def make(server: FakeOpenAIServer, **overrides: object) -> OpenAIGenerator:
    config = {"base_url": server.url, "max_retries": 2, "backoff_s": 0.01, "timeout_s": 5.0, **overrides}
    return OpenAIGenerator(OpenAIConfig(**config))  # type: ignore[arg-type]


def test_chat_and_raw_go_to_their_endpoints(openai_server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXECRL_TEST_KEY", "sk-test")
    generator = make(openai_server, api_key_env="EXECRL_TEST_KEY")
    params = SamplingParams(n=2, temperature=0.7, top_p=0.9, max_new_tokens=32, seed=3, stop=("\n\ndef ",))
    chat, raw = generator.generate([CHAT, RAW], params)
    assert [c.text for c in chat] == [f"```python\ndef add(a, b):\n    return a + b  # {i}\n```" for i in range(2)]
    assert [c.text for c in raw] == ["    return a + b  # 0", "    return a + b  # 1"]  # cut at the stop string
    assert [c.finish_reason for c in raw] == [FinishReason.LENGTH] * 2 and chat[0].num_tokens == 5
    posts = {path: (body, headers) for method, path, body, headers in openai_server.requests if method == "POST"}
    body, headers = posts["/v1/chat/completions"]
    assert body == {"model": "fake-model", "n": 2, "temperature": 0.7, "top_p": 0.9, "max_tokens": 32, "seed": 3,
                    "stop": ["\n\ndef "], "messages": [{"role": "system", "content": "be brief"},
                                                    {"role": "user", "content": "write add"}]}
    assert headers["Authorization"] == "Bearer sk-test"
    assert posts["/v1/completions"][0]["prompt"] == "def add(a, b):\n"


def test_greedy_sends_no_top_p_and_named_model_skips_listing(openai_server: FakeOpenAIServer) -> None:
    make(openai_server, model="served").generate([RAW], SamplingParams())
    [(method, _, body, headers)] = openai_server.requests
    assert method == "POST" and body["model"] == "served" and "top_p" not in body and body["temperature"] == 0.0


def test_retries_overload_and_server_errors(openai_server: FakeOpenAIServer) -> None:
    openai_server.script = [(503, {"error": "loading"}, {}), (429, {"error": "slow down"}, {"Retry-After": "0"})]
    [[completion]] = make(openai_server, model="m").generate([RAW], SamplingParams())
    assert completion.text.startswith("    return a + b")
    assert len(openai_server.requests) == 3


def test_gives_up_after_max_retries(openai_server: FakeOpenAIServer) -> None:
    openai_server.script = [(500, {"error": "boom"}, {})] * 3
    with pytest.raises(GenerationError, match="failed 3 times.*HTTP 500"):
        make(openai_server, model="m").generate([RAW], SamplingParams())


def test_client_errors_fail_at_once_with_the_servers_message(openai_server: FakeOpenAIServer) -> None:
    openai_server.script = [(400, {"error": {"message": "n must be 1 for this model"}}, {})]
    with pytest.raises(GenerationError, match="HTTP 400.*n must be 1"):
        make(openai_server, model="m").generate([RAW], SamplingParams(n=2))
    assert len(openai_server.requests) == 1


def test_timeouts_are_retried(openai_server: FakeOpenAIServer) -> None:
    openai_server.delay_s = 0.5
    with pytest.raises(GenerationError, match="failed 2 times"):
        make(openai_server, model="m", timeout_s=0.1, max_retries=1).generate([RAW], SamplingParams())


def test_wrong_number_of_choices_is_an_error(openai_server: FakeOpenAIServer) -> None:
    openai_server.script = [(200, {"choices": [{"index": 0, "text": "x"}]}, {})]
    with pytest.raises(GenerationError, match="asked for 2 completions"):
        make(openai_server, model="m").generate([RAW], SamplingParams(n=2))


def test_unreachable_server() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = OpenAIConfig(base_url=f"http://127.0.0.1:{port}/v1", model="m", max_retries=1, backoff_s=0.01)
    with pytest.raises(GenerationError, match="failed 2 times"):
        OpenAIGenerator(config).generate([RAW], SamplingParams())


def test_bad_base_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="ftp://x"):
        OpenAIConfig(base_url="ftp://x")
