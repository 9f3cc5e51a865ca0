"""``execrl run PROGRAM.py``: run one program in the sandbox and print its result."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from execrl.errors import ConfigError
from execrl.sandbox.local import LocalExecutor
from execrl.types import ExecRequest, Limits


@dataclass(frozen=True)
class Args:
    program: str = field(metadata={"help": "path of the Python program to run ('-' reads standard input)",
                                   "positional": True})
    timeout: float = field(default=10.0, metadata={"help": "wall-time limit in seconds"})
    memory: int = field(default=1024, metadata={"help": "address-space limit in MiB"})
    stdin: str = field(default="", metadata={"help": "file whose content is the program's standard input"})
    json: bool = field(default=False, metadata={"help": "print the whole result as one JSON object"})
    require_isolation: bool = field(default=False, metadata={"help": "refuse to run without full isolation"})


def main(args: Args) -> int:
    source = _read(args.program, "program")
    stdin = _read(args.stdin, "stdin") if args.stdin else ""
    try:
        limits = Limits(timeout_s=args.timeout, memory_mb=args.memory)
    except ValueError as error:
        raise ConfigError(str(error)) from None
    with LocalExecutor(workers=1, require_isolation=args.require_isolation) as executor:
        result = executor.run([ExecRequest(source, stdin=stdin, limits=limits)])[0]
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        print(f"[execrl] {result.outcome.value} in {result.duration_s:.3f} s "
              f"(isolation: {result.isolation.level.value})", file=sys.stderr)
    return 0 if result.outcome.value == "ok" else 1


def _read(path: str, what: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read {what} file {path!r}: {error.strerror}") from None
