"""The labelling pipeline's dataset, read for training and evaluation: every ``LabelledTriple`` row of the JSONL
files under a path, grouped by their project-level split."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from execrl.errors import DataError
from execrl.labeling.records import LabelledTriple
from execrl.rmrf.base import TARGETS, truth

SPLITS = ("train", "validation", "test")
ALL = "all"


@dataclass(frozen=True)
class Dataset:
    train: tuple[LabelledTriple, ...]
    validation: tuple[LabelledTriple, ...]
    test: tuple[LabelledTriple, ...]

    def split(self, name: str) -> tuple[LabelledTriple, ...]:
        """One split by name, or ``all`` of them (a build whose projects were all held out)."""
        if name == ALL:
            return self.rows
        if name not in SPLITS:
            raise DataError(f"unknown split {name!r}; the dataset has {', '.join(SPLITS)} (or {ALL})")
        rows: tuple[LabelledTriple, ...] = getattr(self, name)
        return rows

    @property
    def rows(self) -> tuple[LabelledTriple, ...]:
        """Every row, whatever its split (cross-validation, or a build used whole as a held-out set)."""
        return (*self.train, *self.validation, *self.test)

    def summary(self) -> dict[str, dict[str, int]]:
        """Per split: rows, projects, and positives per target (what a results table must report)."""
        return {name: split_summary(self.split(name)) for name in SPLITS}


def split_summary(rows: Sequence[LabelledTriple]) -> dict[str, int]:
    counts = {"n": len(rows), "projects": len({row.triple.project for row in rows})}
    counts.update({t.value: sum(truth(row.labels, t) for row in rows) for t in TARGETS})
    return counts


def load_dataset(path: Path) -> Dataset:
    """Rows of ``path`` (a JSONL file, or every ``*.jsonl`` under a directory) that are labelled triples; other
    JSON lines (the pipeline's caches or progress records) are left alone. A triple id seen twice is kept once.
    Raises ``DataError`` when a project appears in two splits: project-level splits are what make the held-out
    figures mean anything."""
    rows: dict[str, LabelledTriple] = {}
    for row in _labelled_rows(path):
        rows.setdefault(row.triple.triple_id, row)
    _check_project_split(rows.values())
    by_split: dict[str, list[LabelledTriple]] = {name: [] for name in SPLITS}
    for row in rows.values():
        if row.split not in by_split:
            raise DataError(f"triple {row.triple.triple_id!r} has unknown split {row.split!r}")
        by_split[row.split].append(row)
    return Dataset(*(tuple(by_split[name]) for name in SPLITS))


def _labelled_rows(path: Path) -> Iterator[LabelledTriple]:
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    if not files or not files[0].exists():
        raise DataError(f"no labelled triples at {path}: build them with `execrl label build` (docs/LABELLING.md)")
    for file in files:
        with file.open() as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise DataError(f"{file}:{number}: not JSON ({error})") from None
                if isinstance(row, dict) and "labels" in row and "split" in row and "candidate" in row:
                    yield LabelledTriple.from_json(row)


def _check_project_split(rows: Iterable[LabelledTriple]) -> None:
    seen: dict[str, str] = {}
    for row in rows:
        first = seen.setdefault(row.triple.project, row.split)
        if first != row.split:
            raise DataError(f"project {row.triple.project!r} is in two splits ({first!r} and {row.split!r}): "
                            "the held-out split must hold whole projects")


Fold = tuple[list[LabelledTriple], list[LabelledTriple]]


def project_folds(rows: Sequence[LabelledTriple], folds: int) -> list[Fold]:
    """``folds`` (training rows, held-out rows) pairs over every row, whole projects held out together (projects
    ranked by name hash, dealt round-robin): cross-validation that, like the splits, never scores a project a
    model was trained on. With a small dataset it uses every row once as held out, where the test split alone
    may hold a handful."""
    projects = sorted({row.triple.project for row in rows}, key=lambda name: hashlib.sha256(name.encode()).hexdigest())
    if folds < 2 or folds > len(projects):
        raise DataError(f"{folds} folds need between 2 and {len(projects)} projects' worth of rows")
    fold_of = {project: index % folds for index, project in enumerate(projects)}
    return [([r for r in rows if fold_of[r.triple.project] != k], [r for r in rows if fold_of[r.triple.project] == k])
            for k in range(folds)]


def validation_part(rows: Sequence[LabelledTriple], share: float = 0.15) -> Fold:
    """(train, validation) of training rows, the validation rows being whole projects (about ``share`` of them)."""
    projects = sorted({row.triple.project for row in rows}, key=lambda name: hashlib.sha256(name.encode()).hexdigest())
    held = set(projects[:max(1, round(share * len(projects)))]) if len(projects) > 2 else set()
    return [r for r in rows if r.triple.project not in held], [r for r in rows if r.triple.project in held]
