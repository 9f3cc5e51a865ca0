"""Any OpenAI-compatible HTTP server (vLLM serve, TGI, llama.cpp server, SGLang, the OpenAI API itself).

RAW prompts go to ``{base_url}/completions``, CHAT prompts to ``{base_url}/chat/completions``; ``base_url``
includes the version, as in ``http://127.0.0.1:8000/v1``. Only the standard library is used. Prompts are sent
concurrently; a request that times out, cannot connect or gets 408/409/429/5xx is retried with exponential
backoff (honouring ``Retry-After``); any other HTTP error fails at once with the server's message.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, NoReturn

from execrl.errors import ConfigError, GenerationError
from execrl.generation.base import Completion, FinishReason, Prompt, PromptStyle, SamplingParams, truncate_at_stop

RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class OpenAIConfig:
    base_url: str = field(metadata={"help": "server root including the version, e.g. http://127.0.0.1:8000/v1"})
    model: str = field(default="", metadata={"help": "served model name; '' = the first one the server lists"})
    api_key_env: str = field(default="OPENAI_API_KEY", metadata={"help": "environment variable holding the key"})
    timeout_s: float = field(default=300.0, metadata={"help": "seconds to wait for one response"})
    max_retries: int = field(default=4, metadata={"help": "retries of a failed request before giving up"})
    backoff_s: float = field(default=1.0, metadata={"help": "first retry delay; doubles at each retry"})
    max_backoff_s: float = field(default=60.0, metadata={"help": "longest delay between retries"})
    concurrency: int = field(default=8, metadata={"help": "requests in flight at once"})

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("http://", "https://")):
            raise ConfigError(f"OpenAIConfig.base_url must be an http(s) URL, got {self.base_url!r}")
        if self.concurrency < 1 or self.max_retries < 0 or self.timeout_s <= 0:
            raise ConfigError(f"OpenAIConfig: concurrency >= 1, max_retries >= 0 and timeout_s > 0 needed: {self}")


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class OpenAIGenerator:
    def __init__(self, config: OpenAIConfig) -> None:
        self.config = config
        self.base_url = config.base_url.rstrip("/")
        self.model = config.model or self.list_models()[0]

    def list_models(self) -> list[str]:
        answer = self._call("GET", "/models", None)
        models = [m["id"] for m in answer.get("data", []) if isinstance(m, dict) and "id" in m]
        if not models:
            raise GenerationError(f"{self.base_url}/models lists no model: name one with the model option")
        return models

    def generate(self, prompts: Sequence[Prompt], params: SamplingParams) -> list[list[Completion]]:
        if not prompts:
            return []
        with ThreadPoolExecutor(max_workers=min(self.config.concurrency, len(prompts))) as pool:
            return list(pool.map(lambda prompt: self._generate_one(prompt, params), prompts))

    def _generate_one(self, prompt: Prompt, params: SamplingParams) -> list[Completion]:
        if prompt.style is PromptStyle.RAW:
            answer = self._call("POST", "/completions", {**self._body(params), "prompt": prompt.text})
        else:
            messages = [{"role": m.role, "content": m.content} for m in prompt.messages]
            answer = self._call("POST", "/chat/completions", {**self._body(params), "messages": messages})
        return _completions(answer, params)

    def _body(self, params: SamplingParams) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "n": params.n, "temperature": params.temperature,
                                "max_tokens": params.max_new_tokens}
        if not params.greedy:
            body["top_p"] = params.top_p
        if params.seed is not None:
            body["seed"] = params.seed
        if params.stop:
            body["stop"] = list(params.stop)
        return body

    def _call(self, method: str, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
        url = self.base_url + path
        for attempt in range(self.config.max_retries + 1):
            try:
                return self._request(method, url, body)
            except _Retryable as error:
                if attempt == self.config.max_retries:
                    raise GenerationError(f"{method} {url} failed {attempt + 1} times; last: {error}") from None
                delay = self.config.backoff_s * 2**attempt if error.retry_after is None else error.retry_after
                time.sleep(min(delay, self.config.max_backoff_s))
        raise AssertionError("unreachable")

    def _request(self, method: str, url: str, body: dict[str, Any] | None) -> dict[str, Any]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        key = os.environ.get(self.config.api_key_env, "")
        if key:
            headers["Authorization"] = f"Bearer {key}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout_s) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            _raise_for_status(error, method, url)
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise _Retryable(f"{type(error).__name__}: {getattr(error, 'reason', error)}") from None
        try:
            answer = json.loads(raw)
        except json.JSONDecodeError:
            raise GenerationError(f"{method} {url} answered with non-JSON: {raw[:200]!r}") from None
        if not isinstance(answer, dict):
            raise GenerationError(f"{method} {url} answered with {type(answer).__name__}, not an object")
        return answer


def _raise_for_status(error: urllib.error.HTTPError, method: str, url: str) -> NoReturn:
    detail = error.read()[:500].decode(errors="replace")
    if error.code in RETRYABLE_STATUS:
        retry_after = error.headers.get("Retry-After") if error.headers else None
        seconds = float(retry_after) if retry_after and retry_after.replace(".", "", 1).isdigit() else None
        raise _Retryable(f"HTTP {error.code}: {detail}", seconds) from None
    raise GenerationError(f"{method} {url} answered HTTP {error.code}: {detail}") from None


def _completions(answer: dict[str, Any], params: SamplingParams) -> list[Completion]:
    choices = sorted(answer.get("choices") or [], key=lambda c: c.get("index", 0))
    if len(choices) != params.n:
        raise GenerationError(f"asked for {params.n} completions, the server returned {len(choices)}: {answer!r:.300}")
    # Servers report only the total of generated tokens: share it out evenly.
    total = int((answer.get("usage") or {}).get("completion_tokens") or 0)
    shares = [total // params.n + (1 if i < total % params.n else 0) for i in range(params.n)]
    return [_completion(choice, share, params) for choice, share in zip(choices, shares, strict=True)]


def _completion(choice: dict[str, Any], num_tokens: int, params: SamplingParams) -> Completion:
    message = choice.get("message")
    text = (message.get("content") if isinstance(message, dict) else choice.get("text")) or ""
    text, _ = truncate_at_stop(text, params.stop)  # servers cut at stop strings too; some keep the string
    reason = FinishReason.LENGTH if choice.get("finish_reason") == "length" else FinishReason.STOP
    return Completion(text, num_tokens, reason)
