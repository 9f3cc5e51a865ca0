"""Project-level splits stay consistent when a pinned list grows: every row gets its project's current split."""

from __future__ import annotations

import json
from pathlib import Path

from execrl.labeling.builder import LABELLED, read_jsonl, refresh_splits, split_of
from execrl.types import Language


def test_rows_follow_their_projects_split_when_the_project_list_changes(tmp_path: Path) -> None:
    before = [f"p{i}" for i in range(6)]
    after = before + [f"q{i}" for i in range(14)]
    moved = next(p for p in before if split_of(p, before) != split_of(p, after))
    rows = [{"language": "go", "project": project, "split": split_of(project, before), "n": i}
            for i, project in enumerate(before * 2)]
    (tmp_path / LABELLED).write_text("".join(json.dumps(row) + "\n" for row in rows))
    assert refresh_splits(tmp_path, {Language.GO: before}) == 0  # nothing to change: the file is left alone
    changed = refresh_splits(tmp_path, {Language.GO: after})
    found = list(read_jsonl(tmp_path / LABELLED))
    assert changed >= 2 and [row["n"] for row in found] == list(range(12))  # same rows, same order
    assert {row["split"] for row in found if row["project"] == moved} == {split_of(moved, after)}
    assert all(row["split"] == split_of(row["project"], after) for row in found)
