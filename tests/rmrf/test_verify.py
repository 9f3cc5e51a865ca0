from __future__ import annotations

import pytest

from execrl.rmrf.base import Prediction
from execrl.rmrf.fake import FakeModel
from execrl.rmrf.verify import (
    RecordedExecution,
    choose_threshold,
    curve,
    operating_point,
    out_of_fold_predictions,
    predict_then_verify,
    tradeoff,
)
from tests.rmrf.conftest import make_rows


def test_only_unsure_triples_are_executed_and_the_model_is_refitted_on_them() -> None:
    rows = make_rows()[:6]
    sure_right = Prediction(0.99, 0.99, 0.99)  # rows[0..2] are "new_function": all three labels true
    unsure = Prediction(0.6, 0.6, 0.6)
    model = FakeModel(default=unsure, by_id={r.triple.triple_id: sure_right for r in rows[:3]})
    execute = RecordedExecution(rows)
    verdicts = predict_then_verify(model, [r.triple for r in rows], execute, threshold=0.3, train=rows[:2],
                                   batch_size=4)
    assert [v.executed for v in verdicts] == [False, False, False, True, True, True]
    assert execute.executed == 3 and execute.seconds == pytest.approx(3 * (0.9 + 1.5))
    assert model.fitted_on == [3, 5]  # 2 given + 1 executed in the first batch, + 2 in the second
    point = tradeoff(verdicts, {r.triple.triple_id: r.labels for r in rows}, 0.3)
    assert (point.executed, point.avoided, point.label_accuracy) == (3, 0.5, 1.0)


def test_wrong_confident_predictions_cost_accuracy_and_the_curve_shows_it() -> None:
    rows = make_rows()[3:6]  # "repeat": runs, no coverage, no kill
    # expected wrong labels: 0.03, 0.6 and 0.65; the first is confidently wrong about coverage
    predictions = [Prediction(0.99, 0.99, 0.01), Prediction(0.8, 0.2, 0.2), Prediction(0.55, 0.1, 0.1)]
    points = curve(rows, predictions, [1.5, 0.62, 0.5, 0.0, -1.0])
    assert [p.executed for p in points] == [0, 1, 2, 3, 3]
    assert points[0].label_accuracy == pytest.approx(8 / 9) and points[0].exact_accuracy == pytest.approx(2 / 3)
    assert points[2].label_accuracy == pytest.approx(8 / 9)  # the confidently wrong one is still not executed
    assert points[3].label_accuracy == 1.0
    assert operating_point(points, max_loss=0.02) == points[3]
    assert operating_point(points, max_loss=0.12) == points[0]


def test_the_triple_with_more_doubtful_labels_is_executed_first() -> None:
    # label accuracy is the mean over the targets: two doubtful labels outweigh one slightly more doubtful label
    rows = make_rows()[3:5]
    two_doubts, one_doubt = Prediction(0.6, 0.4, 0.4), Prediction(0.55, 0.01, 0.01)
    first = curve(rows, [two_doubts, one_doubt], [0.6])[0]
    assert first.executed == 1 and two_doubts.expected_errors > 0.6 >= one_doubt.expected_errors


def test_the_threshold_is_chosen_with_a_safety_margin_below_the_allowed_loss() -> None:
    rows = make_rows(projects=1, per_kind=10)  # 50 rows; "repeat" rows (10..19) are runs, no coverage, no kill
    sure = {r.triple.triple_id: Prediction.of([float(r.labels.compiles_and_runs), float(r.labels.coverage_rises),
                                               float(r.labels.kill_rises)]) for r in rows}
    wrong_coverage = [rows[10].triple.triple_id, rows[11].triple.triple_id]  # 2 of 150 labels: 1.33 % lost
    for key, doubt in zip(wrong_coverage, (0.45, 0.4), strict=True):
        sure[key] = Prediction(1.0, 1.0 - doubt, 0.0)
    predictions = [sure[r.triple.triple_id] for r in rows]
    loose = choose_threshold(rows, predictions, max_loss=0.02, margin=0.0)
    assert loose is not None and loose.executed == 0 and loose.label_accuracy == pytest.approx(148 / 150)
    safe = choose_threshold(rows, predictions, max_loss=0.02, margin=0.01)  # at most 1 % lost: execute one
    assert safe is not None and safe.executed == 1 and safe.threshold == pytest.approx(0.4)
    assert choose_threshold(rows, predictions, max_loss=0.0, margin=0.0).executed == 2  # type: ignore[union-attr]


def test_out_of_fold_predictions_come_from_a_model_fitted_without_the_project() -> None:
    rows = make_rows(projects=4)
    models: list[FakeModel] = []

    def make_model() -> FakeModel:
        models.append(FakeModel(default=Prediction(0.1 * len(models), 0.5, 0.5)))
        return models[-1]

    predictions, seconds = out_of_fold_predictions(make_model, rows, folds=2)
    assert len(models) == 2 and seconds >= 0.0
    assert [m.fitted_on for m in models] == [[30], [30]]  # each fold trains on the other two projects' 30 rows
    by_project = {r.triple.project: p.compiles_and_runs for r, p in zip(rows, predictions, strict=True)}
    assert sorted(set(by_project.values())) == [0.0, 0.1]
