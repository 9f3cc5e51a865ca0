"""Reward rows on disk (JSON lines): one per sample, appended as batches finish, read back to resume.

A row: ``{"task_id", "sample_idx", "program_sha", "reward", "components", "flags", "feedback"}``; ``reward`` is
null for a masked sample (an infrastructure failure), which a resumed run scores again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from execrl._jsonl import read_appended
from execrl.errors import DataError
from execrl.rewards.base import RewardBreakdown
from execrl.types import Sample


@dataclass(frozen=True)
class RewardRow:
    task_id: str
    sample_idx: int
    program_sha: str  # tells a results file that belongs to other samples
    breakdown: RewardBreakdown

    @property
    def key(self) -> tuple[str, int]:
        return (self.task_id, self.sample_idx)

    def to_json(self) -> dict[str, Any]:
        return {"task_id": self.task_id, "sample_idx": self.sample_idx, "program_sha": self.program_sha,
                **self.breakdown.to_json()}

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> RewardRow:
        return cls(str(row["task_id"]), int(row["sample_idx"]), str(row["program_sha"]),
                   RewardBreakdown.from_json(row))

    @classmethod
    def of(cls, sample: Sample, breakdown: RewardBreakdown) -> RewardRow:
        return cls(sample.task_id, sample.index, program_sha(sample.program), breakdown)


def program_sha(program: str) -> str:
    return hashlib.sha256(program.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def read_rows(path: Path) -> list[RewardRow]:
    """Every row of ``path`` ([] if it does not exist); a torn last line (an interrupted write) is cut off."""
    return read_appended(path, lambda line: RewardRow.from_json(json.loads(line)), "a reward row")


def append_rows(path: Path, rows: Iterable[RewardRow]) -> None:
    text = "".join(json.dumps(row.to_json()) + "\n" for row in rows)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())  # a batch on disk is a batch a resumed run does not score again


def done_rows(path: Path, samples: Sequence[Sample]) -> dict[tuple[str, int], RewardRow]:
    """Rows already in ``path`` for these samples, latest first wins; masked rows are left to score again."""
    shas = {(s.task_id, s.index): program_sha(s.program) for s in samples}
    done: dict[tuple[str, int], RewardRow] = {}
    for row in read_rows(path):
        if shas.get(row.key) != row.program_sha:
            raise DataError(f"{path} holds a row for {row.task_id} sample {row.sample_idx} that is not in these "
                            "samples (another samples file?); pass --no-resume to overwrite it, or choose another "
                            "--out")
        done[row.key] = row
    return {key: row for key, row in done.items() if not row.breakdown.masked}
