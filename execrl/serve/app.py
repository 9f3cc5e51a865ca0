"""The HTTP face of ``RewardService`` (FastAPI): authentication, limits, routes, errors.

    GET  /health        liveness and load; no token needed
    POST /v1/execute    {"requests": [ExecRequest...]}            -> {"results": [ExecResult...]}
    POST /v1/rewards    {"samples": [{"task_id", "completion"}]}  -> {"rewards": [float | null], "breakdowns": [...]}
    POST /openrlhf      {"query", "prompts", "labels"}            -> {"rewards", "scores", "extra_logs"}

The token goes in ``Authorization: Bearer TOKEN``, or in the URL as ``?token=TOKEN`` for clients that cannot set
headers (OpenRLHF posts with none). Every refusal is a 4xx whose ``detail`` names the problem and the value: 400
unreadable JSON, 401 missing or wrong token, 413 body or batch over the limit, 422 a field that is missing, of the
wrong type or naming an unknown task, 429 over the client's rate (with ``Retry-After``); 503 means the sandbox
could not execute some samples and the request may be retried.
"""

from __future__ import annotations

import hmac
import json
import math
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from execrl.errors import ConfigError, DataError, SandboxError
from execrl.serve.limits import RateLimiter
from execrl.serve.schema import (
    BatchTooLarge,
    batch_from_json,
    request_from_json,
    result_to_json,
    reward_request_from_json,
)
from execrl.serve.service import RewardService


@dataclass(frozen=True)
class ServeConfig:
    """Who may call the service and how much."""

    tokens: frozenset[str] = frozenset()
    allow_anonymous: bool = False  # no token needed: only for a service bound to a trusted interface
    max_batch: int = 1024  # requests or samples in one call
    max_body_bytes: int = 32 << 20
    rate: float = 200.0  # calls per second per client, on average
    burst: int = 1000  # calls a client may make at once

    def __post_init__(self) -> None:
        if not self.tokens and not self.allow_anonymous:
            raise ConfigError("the service needs at least one token (or allow_anonymous=True)")
        if self.max_batch < 1 or self.max_body_bytes < 1:
            raise ConfigError(f"max_batch and max_body_bytes must be positive, got {self.max_batch} and "
                              f"{self.max_body_bytes}")


def create_app(service: RewardService, config: ServeConfig) -> FastAPI:
    """The app; it closes ``service`` when the server shuts down, after in-flight requests have finished."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(service.close)

    app = FastAPI(title="execrl reward service", lifespan=lifespan)
    gate = _Gate(config)
    _add_error_handlers(app)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "in_flight": service.in_flight, "tasks": len(service.task_ids)}

    @app.post("/v1/execute")
    async def execute(request: Request) -> dict[str, Any]:
        body = await gate.admit(request)
        requests = batch_from_json(body, "requests", request_from_json, config.max_batch)
        results = await run_in_threadpool(service.execute, requests)
        return {"results": [result_to_json(result) for result in results]}

    @app.post("/v1/rewards")
    async def rewards(request: Request) -> dict[str, Any]:
        body = await gate.admit(request)
        samples = batch_from_json(body, "samples", reward_request_from_json, config.max_batch)
        breakdowns = await run_in_threadpool(service.rewards, samples)
        return {"rewards": [b.total for b in breakdowns], "breakdowns": [b.to_json() for b in breakdowns]}

    @app.post("/openrlhf")
    async def openrlhf(request: Request) -> dict[str, Any]:
        body = await gate.admit(request)
        queries, prompts, labels = (_column(body, key, config.max_batch) for key in ("query", "prompts", "labels"))
        return await run_in_threadpool(service.openrlhf, queries, prompts, labels)

    return app


class _Gate:
    """Authentication, rate and size limits, and JSON parsing: what every POST passes first."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.limiter = RateLimiter(config.rate, config.burst)

    async def admit(self, request: Request) -> Any:
        client = self._authenticate(request)
        wait_s = self.limiter.wait_s(client)
        if wait_s > 0:
            raise HTTPException(429, f"rate limit of {self.config.rate:g} calls/s (burst {self.config.burst}) "
                                     f"exceeded; retry in {wait_s:.2f} s",
                                headers={"Retry-After": str(math.ceil(wait_s))})
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit():
            self._check_size(int(declared))
        body = await request.body()
        self._check_size(len(body))
        try:
            return json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise HTTPException(400, f"the body is not valid JSON: {error}") from None

    def _authenticate(self, request: Request) -> str:
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else request.query_params.get("token", "")
        if any(hmac.compare_digest(token.encode(), known.encode()) for known in self.config.tokens):
            return token
        if self.config.allow_anonymous:
            return request.client.host if request.client else "anonymous"
        why = "a wrong token" if token else "no token (send 'Authorization: Bearer TOKEN' or '?token=TOKEN')"
        raise HTTPException(401, f"this service needs a token; the request had {why}",
                            headers={"WWW-Authenticate": "Bearer"})

    def _check_size(self, size: int) -> None:
        if size > self.config.max_body_bytes:
            raise HTTPException(413, f"a body of {size} bytes is over the limit of {self.config.max_body_bytes} "
                                     "bytes (max_body_bytes)")


def _column(body: Any, key: str, max_batch: int) -> list[Any]:
    if not isinstance(body, dict):
        raise ConfigError(f"body: expected an object with {key!r}, got {type(body).__name__}")
    if key not in body:
        hint = "; start OpenRLHF with --label_key naming the column that holds each task id" if key == "labels" else ""
        raise ConfigError(f"body.{key}: is required{hint}")
    values = body[key]
    if not isinstance(values, list):
        raise ConfigError(f"body.{key}: expected an array, got {type(values).__name__}")
    if len(values) > max_batch:
        raise BatchTooLarge(len(values), max_batch)
    if key != "labels" and not all(isinstance(v, str) for v in values):
        raise ConfigError(f"body.{key}: every entry must be a string")
    return values


def _add_error_handlers(app: FastAPI) -> None:
    def handler(status: int) -> Callable[[Request, Exception], Any]:
        async def answer(request: Request, error: Exception) -> JSONResponse:
            return JSONResponse({"detail": str(error)}, status_code=status)

        return answer

    # starlette picks the handler of the nearest class in the exception's MRO: the most specific wins
    app.add_exception_handler(ConfigError, handler(422))
    app.add_exception_handler(DataError, handler(422))  # e.g. an unknown task id
    app.add_exception_handler(BatchTooLarge, handler(413))
    app.add_exception_handler(SandboxError, handler(503))
