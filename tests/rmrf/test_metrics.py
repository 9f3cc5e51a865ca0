from __future__ import annotations

import pytest

from execrl.rmrf.base import TARGETS, Prediction, Target
from execrl.rmrf.fake import FakeModel
from execrl.rmrf.metrics import binary_scores, calibration_error, evaluate
from tests.rmrf.conftest import make_rows


def test_binary_scores_match_hand_computed_values() -> None:
    truths = [True, True, False, False, True]
    probabilities = [0.9, 0.4, 0.6, 0.1, 0.8]  # decisions T F T F T: tp 2, fp 1, fn 1, tn 1
    scores = binary_scores(truths, probabilities)
    assert (scores.precision, scores.recall) == pytest.approx((2 / 3, 2 / 3))
    assert scores.f1 == pytest.approx(2 / 3) and scores.accuracy == pytest.approx(3 / 5)
    assert (scores.n, scores.positives) == (5, 3)


def test_f1_is_zero_without_a_true_positive() -> None:
    assert binary_scores([False, False], [0.9, 0.2]).f1 == 0.0
    assert binary_scores([True, False], [0.1, 0.2]).f1 == 0.0


def test_calibration_error_by_hand() -> None:
    # bin [0.9, 1.0): p 0.9 twice, observed 1/2 -> |0.5 - 0.9| * 2/4; bin [0.1, 0.2): p 0.1 twice, observed 0 ->
    # |0 - 0.1| * 2/4
    assert calibration_error([True, False, False, False], [0.9, 0.9, 0.1, 0.1]) == pytest.approx(0.25)
    assert calibration_error([True, False], [1.0, 0.0]) == 0.0


def test_evaluate_scores_every_target_and_times_predictions() -> None:
    rows = make_rows()[:10]
    perfect = {r.triple.triple_id: Prediction.of([float(getattr(r.labels, t.value)) for t in TARGETS]) for r in rows}
    evaluation, predictions = evaluate(FakeModel(by_id=perfect), "fake", "test", rows)
    assert len(predictions) == 10 and evaluation.n == 10
    assert evaluation.scores[Target.RUNS].f1 == 1.0 and evaluation.average_ece == 0.0
    assert evaluation.ms_per_prediction >= 0 and "| fake |" in evaluation.markdown_row()


def test_prediction_expected_errors_sum_the_targets_doubt() -> None:
    assert Prediction(0.95, 0.1, 0.7).expected_errors == pytest.approx(0.05 + 0.1 + 0.3)
    assert Prediction(1.0, 0.0, 1.0).expected_errors == 0.0
    assert Prediction.of([1.5, -1, 0.5]) == Prediction(1.0, 0.0, 0.5)


def test_f1_threshold_is_chosen_below_one_half_for_rare_positives() -> None:
    from execrl.rmrf.calibration import f1_threshold

    probabilities = [0.45, 0.3, 0.2, 0.1, 0.05, 0.05]
    truths = [True, True, False, False, False, False]
    assert f1_threshold(probabilities, truths) == 0.3  # both positives, no false positive
    assert f1_threshold(probabilities, [False] * 6) == 0.5
    assert Prediction.of([0.3, 0.3, 0.3], (0.25, 0.5, 0.5)).decision(Target.RUNS)
    assert not Prediction.of([0.3, 0.3, 0.3], (0.25, 0.5, 0.5)).decision(Target.COVERAGE)
