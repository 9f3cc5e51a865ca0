"""The dataset row's JSON round trip, project-level splits, and resuming a build from what is on disk."""

from __future__ import annotations

import json
from pathlib import Path

from execrl.labeling.builder import LABELLED, SKIPPED, _finished, split_of, write_results
from execrl.labeling.pipeline import LabelResult
from execrl.labeling.records import CandidateKind, Coverage, LabelledTriple, Labels, Triple
from execrl.labeling.stats import write_stats
from execrl.types import Language

TRIPLE = Triple("python-1", "pypi:x==1", Language.PYTHON, "x.py", "def f(): return 1\n", "test_x.py",
                "import x\n", "def test_f():\n    assert x.f() == 1\n", ("test_f",), CandidateKind.HELD_OUT,
                (("util.py", "A = 1\n"),), None)
LABELS = Labels(True, "ok", Coverage(4, 2, 2, 1), Coverage(4, 3, 2, 2), 10, 4, 6, 1.5, 9.0, 3)


def test_labelled_triple_round_trips_through_json() -> None:
    row = LabelledTriple(TRIPLE, LABELS, "train")
    text = json.dumps(row.to_json())
    back = LabelledTriple.from_json(json.loads(text))
    assert back == row
    labels = json.loads(text)["labels"]
    assert labels["kill_rate_before"] == 0.4 and labels["kill_rate_after"] == 0.6 and labels["kill_rises"]
    assert labels["line_delta"] == 0.25 and labels["coverage_rises"]


def test_splits_are_by_project_and_cover_all_three() -> None:
    projects = [f"p{i}" for i in range(20)]
    splits = {project: split_of(project, projects) for project in projects}
    assert set(splits.values()) == {"train", "validation", "test"}
    assert all(split_of(project, list(reversed(projects))) == splits[project] for project in projects)


def test_resume_skips_labelled_and_skipped_ids(tmp_path: Path) -> None:
    other = Triple(**{**TRIPLE.__dict__, "triple_id": "python-2"})
    assert write_results(tmp_path, [LabelResult(TRIPLE, LABELS), LabelResult(other, None, "base suite failed")],
                         ["pypi:x==1"]) == 1
    with (tmp_path / LABELLED).open("a") as handle:
        handle.write('{"torn')  # an interrupted write
    done, labelled = _finished(tmp_path)
    assert done == {"python-1", "python-2"} and labelled[Language.PYTHON] == 1
    assert json.loads((tmp_path / SKIPPED).read_text())["reason"] == "base suite failed"


def test_stats_and_loading_with_datasets(tmp_path: Path) -> None:
    write_results(tmp_path, [LabelResult(TRIPLE, LABELS)], ["pypi:x==1"])
    stats = write_stats(tmp_path)
    assert stats["languages"]["python"]["triples"] == 1 and stats["total"]["kill_rises"] == 1.0
    datasets = __import__("pytest").importorskip("datasets")
    loaded = datasets.load_dataset("json", data_files=str(tmp_path / LABELLED), split="train")
    assert loaded[0]["labels"]["killed_after"] == 6 and loaded[0]["files"][0]["path"] == "util.py"
