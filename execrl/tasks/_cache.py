"""The on-disk store of reference runs, one file per dataset content hash.

The file is JSON lines: a header ``{"version": 1, "sha256": "<dataset hash>"}``, then one line per task,
``{"task_id": ..., "runs": {"<input name>": ["ok", <tagged value>] | ["contract" | "error" | "too_large", detail]}}``.
It is rewritten whole, atomically (temporary file, then rename), after every batch of tasks, so an interrupted
computation leaves a valid file with the tasks done so far. Each task's line is serialised once and kept as text.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from execrl.tasks._files import gc_paused
from execrl.tasks._values import decode_object, encode

log = logging.getLogger(__name__)

CACHE_VERSION = 1  # bump when the wrapper program or the meaning of an entry changes
CACHE_VARIABLE = "EXECRL_CACHE_DIR"


class Verdict(enum.Enum):
    OK = "ok"  # the reference returned a value: the expected output
    CONTRACT = "contract"  # the input violates the task's contract
    ERROR = "error"  # the reference raised, timed out, or returned something that cannot be stored
    TOO_LARGE = "too_large"  # the value is too big to be worth a test (see _expected.MAX_EXPECTED_SIZE)


@dataclass(frozen=True)
class ReferenceRun:
    """What running the reference on one input gave."""

    verdict: Verdict
    value: Any = None  # the expected output, when the verdict is OK
    detail: str = ""  # why not, otherwise


Runs = dict[str, ReferenceRun]  # input name -> run


def default_cache_dir() -> Path:
    configured = os.environ.get(CACHE_VARIABLE)
    return Path(configured) if configured else Path.home() / ".cache" / "execrl"


class RunCache:
    """Runs of every task of one dataset, as loaded from and saved to ``path``."""

    def __init__(self, path: Path, dataset_sha256: str) -> None:
        self.path = path
        self.sha256 = dataset_sha256
        self.runs: dict[str, Runs] = {}
        self._lines: dict[str, str] = {}

    @classmethod
    def open(cls, cache_dir: Path | None, dataset_sha256: str) -> RunCache:
        cache = cls((cache_dir or default_cache_dir()) / "expected" / f"v{CACHE_VERSION}-{dataset_sha256}.jsonl",
                    dataset_sha256)
        with gc_paused():
            cache._load()
        return cache

    def add(self, task_id: str, runs: Runs) -> None:
        entries = {name: _entry_json(run) for name, run in runs.items()}
        self._lines[task_id] = json.dumps({"task_id": task_id, "runs": entries}, allow_nan=False,
                                          separators=(",", ":"))
        self.runs[task_id] = runs

    def save(self) -> None:
        header = json.dumps({"version": CACHE_VERSION, "sha256": self.sha256})
        text = "\n".join([header, *self._lines.values()]) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.chmod(temporary, 0o644)  # mkstemp makes it private; the cache holds nothing secret
            os.replace(temporary, self.path)  # atomic: a reader sees the old file or the new one, never half
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _load(self) -> None:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as error:
            log.warning("ignoring unreadable cache %s: %s", self.path, error)
            return
        try:
            header = json.loads(lines[0]) if lines else {}
            if header != {"version": CACHE_VERSION, "sha256": self.sha256}:
                log.warning("ignoring cache %s: written for another dataset or version", self.path)
                return
            for line in lines[1:]:
                item = json.loads(line, object_hook=decode_object)
                self.runs[item["task_id"]] = {name: _entry_run(entry) for name, entry in item["runs"].items()}
                self._lines[item["task_id"]] = line
        except (ValueError, TypeError, KeyError, IndexError) as error:
            log.warning("ignoring damaged cache %s: %s", self.path, error)
            self.runs.clear()
            self._lines.clear()


def _entry_json(run: ReferenceRun) -> list[Any]:
    return [run.verdict.value, encode(run.value) if run.verdict is Verdict.OK else run.detail]


_VERDICTS = {verdict.value: verdict for verdict in Verdict}  # Verdict(text) is slow for 43,000 entries


def _entry_run(entry: list[Any]) -> ReferenceRun:
    verdict = _VERDICTS[entry[0]]
    return ReferenceRun(verdict, value=entry[1]) if verdict is Verdict.OK else ReferenceRun(verdict, detail=entry[1])
