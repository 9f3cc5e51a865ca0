from __future__ import annotations

from pathlib import Path

import pytest

from execrl.errors import DataError
from execrl.labeling.records import LabelledTriple
from execrl.rmrf.base import Target, load_model
from execrl.rmrf.classical import ClassicalModel
from execrl.rmrf.data import load_dataset
from execrl.rmrf.metrics import evaluate
from tests.rmrf.conftest import make_rows

pytest.importorskip("sklearn")


def _splits() -> tuple[list[LabelledTriple], list[LabelledTriple], list[LabelledTriple]]:
    rows = make_rows(projects=8)
    train, validation, test = ([r for r in rows if r.split == split] for split in ("train", "validation", "test"))
    return train, validation, test


def test_classical_model_learns_the_tiny_dataset_and_round_trips(tmp_path: Path) -> None:
    train, validation, test = _splits()
    model = ClassicalModel(max_iter=30)
    model.fit(train, validation)
    evaluation, predictions = evaluate(model, "classical", "test", test)
    assert all(0.0 <= p.probability(t) <= 1.0 for p in predictions for t in Target)
    assert evaluation.scores[Target.RUNS].f1 > 0.9  # syntax errors and missing calls are in the features
    # calibrated on out-of-fold scores over train + validation (too few rows for isotonic here)
    assert [c.method for c in model.calibration.calibrators] == ["platt"] * 3
    model.save(tmp_path / "m")
    again = load_model(tmp_path / "m")
    assert again.predict([r.triple for r in test]) == predictions


def test_dataset_refuses_a_project_in_two_splits(tmp_path: Path) -> None:
    import dataclasses
    import json

    rows = make_rows()
    moved = dataclasses.replace(rows[0], split="test")
    (tmp_path / "labels.jsonl").write_text("".join(json.dumps(r.to_json()) + "\n" for r in [*rows[1:], moved]))
    with pytest.raises(DataError, match="two splits"):
        load_dataset(tmp_path)
    (tmp_path / "labels.jsonl").write_text("".join(json.dumps(r.to_json()) + "\n" for r in rows) + '{"progress": 1}\n')
    dataset = load_dataset(tmp_path)
    assert dataset.summary()["train"]["n"] == 30 and dataset.summary()["test"]["projects"] == 1
    assert sorted(r.triple.triple_id for r in dataset.split("all")) == sorted(r.triple.triple_id for r in rows)
    with pytest.raises(DataError, match="'tset'"):
        dataset.split("tset")


def test_project_folds_hold_out_whole_projects_and_cover_every_row() -> None:
    from execrl.rmrf.data import project_folds, validation_part

    rows = make_rows(projects=6)
    folds = project_folds(rows, 3)
    held = [r.triple.triple_id for _, out in folds for r in out]
    assert sorted(held) == sorted(r.triple.triple_id for r in rows)
    for training, out in folds:
        assert not {r.triple.project for r in training} & {r.triple.project for r in out}
    train, validation = validation_part(folds[0][0])
    assert validation and not {r.triple.project for r in train} & {r.triple.project for r in validation}
    with pytest.raises(DataError, match="folds"):
        project_folds(rows, 7)


def test_predict_then_verify_refits_the_real_model_on_executed_labels() -> None:
    from execrl.rmrf.verify import RecordedExecution, predict_then_verify, tradeoff

    train, validation, test = _splits()
    model = ClassicalModel(max_iter=30)
    model.fit(train, validation)
    before = model.calibration
    execute = RecordedExecution(test)
    verdicts = predict_then_verify(model, [r.triple for r in test], execute, threshold=-1.0, train=train,
                                   validation=validation, batch_size=10)
    point = tradeoff(verdicts, {r.triple.triple_id: r.labels for r in test}, -1.0)
    assert execute.executed == len(test) == point.executed and point.label_accuracy == 1.0
    assert model.calibration != before  # refitted with the executed test projects among its folds
