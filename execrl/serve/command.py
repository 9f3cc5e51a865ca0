"""``execrl serve``: the reward service over HTTP, for trainers in other processes, languages or machines.

    EXECRL_SERVE_TOKENS=secret execrl serve --tasks humaneval --port 8000
    EXECRL_SERVE_TOKENS=secret execrl serve --tasks humaneval --ray-address auto    # pools on every Ray node

Tokens come from ``$EXECRL_SERVE_TOKENS`` (comma-separated) or ``--token-file`` (one per line), never from the
command line, where every user of the machine could read them. On SIGTERM or Ctrl-C the server stops accepting
connections, finishes the requests in flight (up to ``--drain-timeout``), then stops the sandbox and exits.
docs/SCALE.md has worked configurations for OpenRLHF and verl.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from execrl.errors import ConfigError
from execrl.sandbox.base import Executor
from execrl.serve.service import RewardService

TOKENS_VARIABLE = "EXECRL_SERVE_TOKENS"
_TOKEN_IN_URL = re.compile(r"([?&]token=)[^&\s]*")


@dataclass(frozen=True)
class Args:
    host: str = field(default="127.0.0.1", metadata={"help": "interface to listen on (0.0.0.0: every interface)"})
    port: int = field(default=8000, metadata={"help": "TCP port"})
    tasks: str | None = field(default=None, metadata={
        "help": "task set the reward endpoints score against: humaneval, mbpp, ..., or a task file "
                "(without it only /v1/execute is served)"})
    spec: Path | None = field(default=None, metadata={"help": "reward spec, TOML or JSON (default: RewardSpec())"})
    workers: int | None = field(default=None, metadata={"help": "sandbox workers on this machine (default: one per "
                                                                "core); with --ray-address, per pool"})
    ray_address: str | None = field(default=None, metadata={
        "help": "run the sandbox on a Ray cluster ('auto' joins the local node's cluster) instead of this machine"})
    pools_per_node: int = field(default=1, metadata={"help": "with --ray-address: sandbox pools per Ray node"})
    token_file: Path | None = field(default=None, metadata={"help": f"file of client tokens, one per line (also: "
                                                                     f"${TOKENS_VARIABLE}, comma-separated)"})
    allow_anonymous: bool = field(default=False, metadata={"help": "serve without a token (trusted networks only)"})
    max_batch: int = field(default=1024, metadata={"help": "most requests or samples in one call"})
    max_body_bytes: int = field(default=32 << 20, metadata={"help": "largest request body in bytes"})
    rate: float = field(default=200.0, metadata={"help": "calls per second per client token, on average (OpenRLHF "
                                                        "sends one call per sample)"})
    burst: int = field(default=1000, metadata={"help": "calls a client may make at once"})
    drain_timeout: int = field(default=300, metadata={"help": "seconds to finish in-flight requests on "
                                                                  "shutdown before giving up on them"})
    cache_dir: Path | None = field(default=None, metadata={
        "help": "where task expected outputs are cached (default: $EXECRL_CACHE_DIR or ~/.cache/execrl)"})


def main(args: Args) -> int:
    try:
        import uvicorn

        from execrl.serve.app import ServeConfig, create_app
    except ImportError as error:
        raise ConfigError(f"execrl serve needs the 'serve' extra (pip install 'execrl[serve]'): {error}") from None
    config = ServeConfig(_tokens(args), args.allow_anonymous, args.max_batch, args.max_body_bytes, args.rate,
                         args.burst)
    service = build_service(args)
    logging.getLogger("uvicorn.access").addFilter(RedactTokens())
    uvicorn.run(create_app(service, config), host=args.host, port=args.port, log_level="info",
                timeout_graceful_shutdown=args.drain_timeout)
    return 0


class RedactTokens(logging.Filter):
    """Keep ``?token=...`` (how OpenRLHF authenticates) out of the access log.

    >>> record = logging.makeLogRecord({"msg": "%s", "args": ("POST /openrlhf?token=abc&x=1",)})
    >>> RedactTokens().filter(record), record.getMessage()
    (True, 'POST /openrlhf?token=***&x=1')
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_TOKEN_IN_URL.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args)
        return True


def build_service(args: Args) -> RewardService:
    """The executor (local pool or Ray pools), the tasks and spec, with every reference profiled."""
    from execrl.rewards.spec import RewardSpec, load_spec
    from execrl.tasks import load_tasks

    executor = _executor(args)
    try:
        tasks = load_tasks(args.tasks, executor=executor, cache_dir=args.cache_dir) if args.tasks else []
        spec = load_spec(args.spec) if args.spec is not None else RewardSpec()
    except BaseException:
        getattr(executor, "close", lambda: None)()
        raise
    service = RewardService(executor, tasks, spec, max_batch=args.max_batch)
    service.prepare()
    return service


def _executor(args: Args) -> Executor:
    if args.ray_address is not None:
        from execrl.distributed.ray_executor import RayExecutor

        return RayExecutor(address=args.ray_address, pools_per_node=args.pools_per_node,
                           workers_per_pool=args.workers)
    from execrl.sandbox.local import LocalExecutor

    return LocalExecutor(workers=args.workers)


def _tokens(args: Args) -> frozenset[str]:
    tokens = {t.strip() for t in os.environ.get(TOKENS_VARIABLE, "").split(",") if t.strip()}
    if args.token_file is not None:
        try:
            tokens |= {line.strip() for line in args.token_file.read_text().splitlines() if line.strip()}
        except OSError as error:
            raise ConfigError(f"cannot read --token-file {args.token_file}: {error.strerror}") from None
    if not tokens and not args.allow_anonymous:
        raise ConfigError(f"no client token: set ${TOKENS_VARIABLE} or --token-file (or pass --allow-anonymous "
                          "on a trusted network)")
    return frozenset(tokens)
