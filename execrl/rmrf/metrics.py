"""Scores of a run-free model on labelled triples: precision, recall and F1 per target and their average,
expected calibration error, and the time a prediction takes."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from execrl.labeling.records import LabelledTriple
from execrl.rmrf.base import TARGETS, Prediction, RunFreeModel, Target, truth


@dataclass(frozen=True)
class BinaryScores:
    """One target's scores at a decision threshold. F1 is 0 when there is no true positive (as scikit-learn's
    ``zero_division=0``); ``ece`` is the expected calibration error over ``bins`` equal-width bins."""

    precision: float
    recall: float
    f1: float
    accuracy: float
    ece: float
    n: int
    positives: int

    def to_json(self) -> dict[str, Any]:
        return {key: round(value, 4) if isinstance(value, float) else value for key, value in vars(self).items()}


def binary_scores(truths: Sequence[bool], probabilities: Sequence[float], threshold: float = 0.5,
                  bins: int = 10, decisions: Sequence[bool] | None = None) -> BinaryScores:
    """Scores of ``decisions`` (default: ``probabilities >= threshold``); calibration always of the probabilities."""
    decisions = [p >= threshold for p in probabilities] if decisions is None else list(decisions)
    pairs = list(zip(truths, decisions, strict=True))
    true_pos = sum(t and d for t, d in pairs)
    predicted, positives = sum(decisions), sum(truths)
    precision = true_pos / predicted if predicted else 0.0
    recall = true_pos / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if true_pos else 0.0
    accuracy = sum(t == d for t, d in pairs) / len(pairs) if pairs else 0.0
    return BinaryScores(precision, recall, f1, accuracy, calibration_error(truths, probabilities, bins),
                        len(pairs), positives)


def calibration_error(truths: Sequence[bool], probabilities: Sequence[float], bins: int = 10) -> float:
    """Expected calibration error: the mean over equal-width probability bins of |observed rate - mean
    probability|, weighted by the bin's share of the samples."""
    if not truths:
        return 0.0
    grouped: list[list[tuple[bool, float]]] = [[] for _ in range(bins)]
    for label, probability in zip(truths, probabilities, strict=True):
        grouped[min(int(probability * bins), bins - 1)].append((label, probability))
    error = 0.0
    for group in grouped:
        if group:
            observed = sum(label for label, _ in group) / len(group)
            predicted = sum(p for _, p in group) / len(group)
            error += len(group) / len(truths) * abs(observed - predicted)
    return error


@dataclass(frozen=True)
class Evaluation:
    """A model on one split: scores per target, their averages, and speed."""

    model: str
    split: str
    scores: dict[Target, BinaryScores]
    ms_per_prediction: float
    predictions_per_second: float

    @property
    def average_f1(self) -> float:
        return sum(s.f1 for s in self.scores.values()) / len(self.scores)

    @property
    def average_ece(self) -> float:
        return sum(s.ece for s in self.scores.values()) / len(self.scores)

    @property
    def n(self) -> int:
        return next(iter(self.scores.values())).n

    def to_json(self) -> dict[str, Any]:
        return {"model": self.model, "split": self.split, "n": self.n, "average_f1": round(self.average_f1, 4),
                "average_ece": round(self.average_ece, 4), "ms_per_prediction": round(self.ms_per_prediction, 3),
                "predictions_per_second": round(self.predictions_per_second, 1),
                "targets": {t.value: s.to_json() for t, s in self.scores.items()}}

    def markdown_row(self) -> str:
        f1s = " | ".join(f"{self.scores[t].f1:.3f}" for t in TARGETS)
        return (f"| {self.model} | {f1s} | **{self.average_f1:.3f}** | {self.average_ece:.3f} | "
                f"{self.ms_per_prediction:.2f} | {self.n} |")


MARKDOWN_HEADER = ("| model | F1 runs | F1 coverage | F1 kills | average F1 | ECE | ms / prediction | n |\n"
                   "|---|---|---|---|---|---|---|---|")


def score(name: str, split: str, rows: Sequence[LabelledTriple], predictions: Sequence[Prediction],
          seconds: float, threshold: float | None = None) -> Evaluation:
    """At ``threshold``, or at each prediction's own thresholds when None."""
    scores = {t: binary_scores([truth(r.labels, t) for r in rows], [p.probability(t) for p in predictions],
                               decisions=[p.decision(t, threshold) for p in predictions]) for t in TARGETS}
    count = max(1, len(rows))
    return Evaluation(name, split, scores, 1000 * seconds / count, count / seconds if seconds > 0 else float("inf"))


def evaluate(model: RunFreeModel, name: str, split: str, rows: Sequence[LabelledTriple],
             threshold: float | None = None) -> tuple[Evaluation, list[Prediction]]:
    """Predict ``rows`` in one call (the model batches as it likes) and score them; the time is wall time."""
    started = time.perf_counter()
    predictions = model.predict([row.triple for row in rows])
    seconds = time.perf_counter() - started
    return score(name, split, rows, predictions, seconds, threshold), predictions
