"""Clients of the reward service, standard library only: a trainer needs neither FastAPI nor Ray to use it.

``RemoteExecutor`` is an ``Executor``: anything that takes one (``Scorer``, ``execrl_reward_funcs``, the
evaluator) can run its sandbox on a remote service. ``RewardClient`` asks for rewards directly.

Transport failures, 429 and 503 are retried with backoff (``Retry-After`` is honoured); a batch that still cannot
be executed comes back as ``Outcome.INFRA_ERROR`` in each slot, as the ``Executor`` contract asks, so rewards mask
it. A 4xx other than 429 is the caller's mistake and raises ``ConfigError`` with the service's explanation.

>>> executor = RemoteExecutor("http://127.0.0.1:8000", token="secret")          # doctest: +SKIP
>>> executor.run([ExecRequest("print(6 * 7)")])[0].stdout                       # doctest: +SKIP
'42\\n'
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from execrl.errors import ConfigError, SandboxError
from execrl.rewards.base import RewardBreakdown
from execrl.serve.schema import (
    RewardRequest,
    request_to_json,
    result_from_json,
    reward_request_to_json,
)
from execrl.types import ErrorInfo, ErrorOrigin, ExecRequest, ExecResult, Outcome

log = logging.getLogger(__name__)

_RETRIED_STATUSES = frozenset({429, 502, 503, 504})


class ServiceClient:
    """POSTs JSON to the service with a bearer token, retrying what is worth retrying."""

    def __init__(self, url: str, token: str | None = None, *, timeout_s: float = 600.0, attempts: int = 4,
                 max_batch: int = 1024) -> None:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"the service URL must start with http:// or https://, got {url!r}")
        self.url, self.token = url.rstrip("/"), token
        self.timeout_s, self.attempts, self.max_batch = timeout_s, attempts, max_batch

    def post(self, path: str, body: dict[str, Any]) -> Any:
        """The decoded JSON answer; ``SandboxError`` when the service stays unreachable or unavailable."""
        data = json.dumps(body).encode()
        why = ""
        for attempt in range(self.attempts):
            try:
                return self._send(path, data)
            except urllib.error.HTTPError as error:
                detail = _detail(error)
                if error.code not in _RETRIED_STATUSES:
                    raise ConfigError(f"the reward service refused {path} ({error.code}): {detail}") from None
                why, delay = f"{error.code}: {detail}", _retry_after(error, attempt)
            except (urllib.error.URLError, OSError) as error:
                why, delay = str(getattr(error, "reason", error)), _backoff(attempt)
            if attempt + 1 < self.attempts:
                log.warning("reward service %s: %s; retrying in %.1f s", path, why, delay)
                time.sleep(delay)
        raise SandboxError(f"the reward service at {self.url} failed {self.attempts} times on {path}: {why}")

    def _send(self, path: str, data: bytes) -> Any:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
            return json.loads(response.read())


class RemoteExecutor:
    """An ``Executor`` whose sandbox is a reward service (``POST /v1/execute``), in batches of ``max_batch``."""

    def __init__(self, url: str, token: str | None = None, **options: Any) -> None:
        self.client = ServiceClient(url, token, **options)

    def run(self, requests: Sequence[ExecRequest]) -> list[ExecResult]:
        results: list[ExecResult] = []
        step = self.client.max_batch
        for start in range(0, len(requests), step):
            results += self._run_batch(requests[start:start + step])
        return results

    def _run_batch(self, batch: Sequence[ExecRequest]) -> list[ExecResult]:
        try:
            answer = self.client.post("/v1/execute", {"requests": [request_to_json(r) for r in batch]})
        except SandboxError as error:
            failure = ErrorInfo("ServiceUnavailable", str(error), origin=ErrorOrigin.SANDBOX)
            return [ExecResult(Outcome.INFRA_ERROR, error=failure) for _ in batch]
        results = [result_from_json(row, f"results[{i}]") for i, row in enumerate(answer["results"])]
        if len(results) != len(batch):
            raise SandboxError(f"the reward service answered {len(results)} results for {len(batch)} requests")
        return results


class RewardClient:
    """Rewards from the service (``POST /v1/rewards``): one ``RewardBreakdown`` per sample, in order."""

    def __init__(self, url: str, token: str | None = None, **options: Any) -> None:
        self.client = ServiceClient(url, token, **options)

    def rewards(self, samples: Sequence[RewardRequest]) -> list[RewardBreakdown]:
        breakdowns: list[RewardBreakdown] = []
        step = self.client.max_batch
        for start in range(0, len(samples), step):
            batch = samples[start:start + step]
            answer = self.client.post("/v1/rewards", {"samples": [reward_request_to_json(s) for s in batch]})
            breakdowns += [RewardBreakdown.from_json(row) for row in answer["breakdowns"]]
        return breakdowns


def _detail(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read()).get("detail", error.reason))
    except (ValueError, AttributeError, OSError):
        return str(error.reason)


def _retry_after(error: urllib.error.HTTPError, attempt: int) -> float:
    header = str(error.headers.get("Retry-After", "")) if error.headers else ""
    return float(header) if header.isdigit() else _backoff(attempt)


def _backoff(attempt: int) -> float:
    return min(30.0, 0.5 * 2.0**attempt)
