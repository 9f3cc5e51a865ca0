"""Probability calibration on the validation split, shared by every trained model: isotonic regression when the
validation split is large enough to estimate a monotone curve, Platt scaling (a logistic fit of the score) when it
is small, nothing when it holds one class only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from execrl.labeling.records import LabelledTriple
from execrl.rmrf.base import TARGETS, Prediction, truth

ISOTONIC_FROM = 300  # validation rows; below this an isotonic step curve overfits


@dataclass(frozen=True)
class Calibrator:
    method: str  # "isotonic", "platt" or "none"
    fitted: Any = None

    def __call__(self, scores: Sequence[float]) -> list[float]:
        if self.method == "none" or not len(scores):
            return [float(s) for s in scores]
        import numpy as np

        column = np.asarray(scores, dtype=float)
        if self.method == "isotonic":
            return [float(p) for p in self.fitted.predict(column)]
        return [float(p) for p in self.fitted.predict_proba(column.reshape(-1, 1))[:, 1]]


def fit_calibrator(scores: Sequence[float], truths: Sequence[bool]) -> Calibrator:
    if len(set(truths)) < 2:
        return Calibrator("none")
    import numpy as np

    column = np.asarray(scores, dtype=float)
    labels = np.asarray(truths, dtype=int)
    if len(truths) >= ISOTONIC_FROM:
        from sklearn.isotonic import IsotonicRegression

        curve = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
        return Calibrator("isotonic", curve.fit(column, labels))
    from sklearn.linear_model import LogisticRegression

    return Calibrator("platt", LogisticRegression(C=1.0).fit(column.reshape(-1, 1), labels))


def f1_threshold(probabilities: Sequence[float], truths: Sequence[bool], floor: float = 0.05) -> float:
    """The decision threshold in [``floor``, 0.5] with the best F1 on these rows (the highest among ties); 0.5
    when they hold no positive. With calibrated probabilities the F1-optimal threshold is below 0.5 (half the
    best F1, Lipton et al. 2014), so rare positives are not all predicted negative."""
    positives = sum(truths)
    if not positives:
        return 0.5
    best, best_f1 = 0.5, -1.0
    for cut in sorted({p for p in probabilities if floor <= p <= 0.5} | {0.5}, reverse=True):
        hits = sum(t and p >= cut for p, t in zip(probabilities, truths, strict=True))
        predicted = sum(p >= cut for p in probabilities)
        f1 = 2 * hits / (predicted + positives)
        if f1 > best_f1 + 1e-12:
            best, best_f1 = cut, f1
    return best


@dataclass(frozen=True)
class Calibration:
    """What a model learns on its validation split: a calibrator and a decision threshold per target."""

    calibrators: tuple[Calibrator, ...] = (Calibrator("none"),) * 3
    thresholds: tuple[float, ...] = (0.5, 0.5, 0.5)

    def predictions(self, scores: Sequence[Sequence[float]]) -> list[Prediction]:
        """Predictions from raw scores, one column per target in ``TARGETS`` order."""
        columns = [calibrator(column) for calibrator, column in zip(self.calibrators, scores, strict=True)]
        return [Prediction.of(values, self.thresholds) for values in zip(*columns, strict=True)]


def fit_calibration(scores: Sequence[Sequence[float]], rows: Sequence[LabelledTriple]) -> Calibration:
    """Calibrators and F1 thresholds fitted on ``rows`` (validation) from raw ``scores`` (a column per target)."""
    if not rows:
        return Calibration()
    calibrators, thresholds = [], []
    for target, column in zip(TARGETS, scores, strict=True):
        truths = [truth(row.labels, target) for row in rows]
        calibrator = fit_calibrator(column, truths)
        calibrators.append(calibrator)
        thresholds.append(f1_threshold(calibrator(column), truths))
    return Calibration(tuple(calibrators), tuple(thresholds))


def columns_of(rows: Sequence[Sequence[float]]) -> list[list[float]]:
    """Per-triple rows of scores (one per target) as one column per target."""
    return [[row[i] for row in rows] for i in range(len(TARGETS))]
