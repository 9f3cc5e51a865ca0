from __future__ import annotations

import pytest

from execrl.rmrf.base import Prediction
from execrl.rmrf.fake import FakeModel
from execrl.rmrf.verify import RecordedExecution, curve, operating_point, predict_then_verify, tradeoff
from tests.rmrf.conftest import make_rows


def test_only_unsure_triples_are_executed_and_the_model_is_refitted_on_them() -> None:
    rows = make_rows()[:6]
    sure_right = Prediction(0.99, 0.99, 0.99)  # rows[0..2] are "new_function": all three labels true
    unsure = Prediction(0.6, 0.6, 0.6)
    model = FakeModel(default=unsure, by_id={r.triple.triple_id: sure_right for r in rows[:3]})
    execute = RecordedExecution(rows)
    verdicts = predict_then_verify(model, [r.triple for r in rows], execute, threshold=0.9, train=rows[:2],
                                   batch_size=4)
    assert [v.executed for v in verdicts] == [False, False, False, True, True, True]
    assert execute.executed == 3 and execute.seconds == pytest.approx(3 * (0.9 + 1.5))
    assert model.fitted_on == [3, 5]  # 2 given + 1 executed in the first batch, + 2 in the second
    point = tradeoff(verdicts, {r.triple.triple_id: r.labels for r in rows}, 0.9)
    assert (point.executed, point.avoided, point.label_accuracy) == (3, 0.5, 1.0)


def test_wrong_confident_predictions_cost_accuracy_and_the_curve_shows_it() -> None:
    rows = make_rows()[3:6]  # "repeat": runs, no coverage, no kill
    predictions = [Prediction(0.99, 0.99, 0.01), Prediction(0.8, 0.2, 0.2), Prediction(0.55, 0.1, 0.1)]
    points = curve(rows, predictions, [0.5, 0.7, 0.9, 1.01])
    assert [p.executed for p in points] == [0, 1, 2, 3]
    assert points[0].label_accuracy == pytest.approx(8 / 9) and points[0].exact_accuracy == pytest.approx(2 / 3)
    assert points[3].label_accuracy == 1.0
    assert points[2].label_accuracy == pytest.approx(8 / 9)  # the confidently wrong one is still not executed
    assert operating_point(points, max_loss=0.02) == points[3]
    assert operating_point(points, max_loss=0.12) == points[0]
