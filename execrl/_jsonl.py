"""Append-only JSONL files that long jobs resume from: what every resumable command shares."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from execrl.errors import DataError

T = TypeVar("T")


def read_appended(path: Path, parse: Callable[[bytes], T], what: str) -> list[T]:
    """Every record of ``path`` ([] if it does not exist), each line through ``parse``.

    A bad last line is what an interrupted append leaves: it is cut off the file, so the job redoes that record.
    A bad line anywhere else is someone else's file: a DataError naming the line and ``what`` it should be.
    """
    if not path.exists():
        return []
    records, good_bytes = [], 0
    lines = path.read_bytes().splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        try:
            if line.strip():
                records.append(parse(line))
        except (ValueError, KeyError, TypeError) as error:
            if number == len(lines):
                with path.open("r+b") as handle:
                    handle.truncate(good_bytes)
                break
            raise DataError(f"{path}:{number}: not {what} ({type(error).__name__}: {error}); remove the line or "
                            "start over with --no-resume") from None
        good_bytes += len(line)
    return records
