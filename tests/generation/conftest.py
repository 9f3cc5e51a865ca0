"""A tiny OpenAI-compatible server on 127.0.0.1 for the OpenAI backend and the command's smoke test.

It answers at most ``MAX_REQUESTS`` requests and for at most ``LIFETIME_S`` seconds, then stops by itself.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

MAX_REQUESTS = 200
LIFETIME_S = 60.0

# (path, request body) -> (status, JSON answer, extra headers)
Responder = Callable[[str, dict[str, Any]], tuple[int, dict[str, Any], dict[str, str]]]


def echo(path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
    """Chat: a fenced ``add`` function; completions: a body. ``n`` choices, 5 tokens each."""
    n = int(body.get("n", 1))
    if path.endswith("/chat/completions"):
        choices = [{"index": i, "message": {"role": "assistant", "content": f"```python\ndef add(a, b):\n"
                                                                           f"    return a + b  # {i}\n```"},
                    "finish_reason": "stop"} for i in range(n)]
    else:
        choices = [{"index": i, "text": f"    return a + b  # {i}\n\ndef other():", "finish_reason": "length"}
                   for i in range(n)]
    return 200, {"choices": choices[::-1], "usage": {"completion_tokens": 5 * n}}, {}


@dataclass
class FakeOpenAIServer:
    url: str
    requests: list[tuple[str, str, dict[str, Any], dict[str, str]]] = field(default_factory=list)
    script: list[tuple[int, dict[str, Any], dict[str, str]]] = field(default_factory=list)  # answered first
    respond: Responder = echo
    delay_s: float = 0.0


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAIServer]:
    state = FakeOpenAIServer(url="")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._record("GET", {})
            self._send(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]}, {})

        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            self._record("POST", body)
            time.sleep(state.delay_s)
            with lock:
                answer = state.script.pop(0) if state.script else None
            self._send(*(answer or state.respond(self.path, body)))

        def _record(self, method: str, body: dict[str, Any]) -> None:
            with lock:
                state.requests.append((method, self.path, body, dict(self.headers)))

        def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str]) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                pass

        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.timeout = 0.1
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    stop = threading.Event()

    def serve() -> None:
        deadline = time.monotonic() + LIFETIME_S
        while not stop.is_set() and len(state.requests) < MAX_REQUESTS and time.monotonic() < deadline:
            server.handle_request()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        thread.join(timeout=5)
        server.server_close()
