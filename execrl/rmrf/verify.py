"""Predict-then-verify: execute only the triples the model is unsure of, take its prediction for the rest, and
retrain on the execution labels as they arrive.

    verdicts = predict_then_verify(model, triples, PipelineExecution(labeller), threshold=0.3,
                                   train=dataset.train, validation=dataset.validation)

A triple is executed when its ``Prediction.expected_errors`` (sum over the three targets of min(p, 1 - p): the
number of its predicted labels expected to be wrong) exceeds the threshold: 1.5 executes nothing, a negative
threshold everything. Label accuracy is the mean over the targets, so this spends executions where they fix the
most labels. ``choose_threshold`` picks the threshold on out-of-fold predictions, never on the split it is used on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from execrl.labeling.records import LabelledTriple, Labels, Triple
from execrl.rmrf.base import TARGETS, Prediction, RunFreeModel, truth
from execrl.rmrf.data import project_folds, validation_part

if TYPE_CHECKING:
    from execrl.labeling.pipeline import Labeller


class Execution(Protocol):
    """Labels triples by running them: ``None`` for a triple that could not be labelled."""

    def __call__(self, triples: Sequence[Triple]) -> list[Labels | None]: ...


class PipelineExecution:
    """The labelling pipeline itself (``execrl.labeling.pipeline.Labeller``): a real execution per triple."""

    def __init__(self, labeller: Labeller) -> None:
        self.labeller = labeller

    def __call__(self, triples: Sequence[Triple]) -> list[Labels | None]:
        results = {r.triple.triple_id: r.labels for r in self.labeller.label(triples) if not r.excluded}
        return [results.get(triple.triple_id) for triple in triples]


class RecordedExecution:
    """Replays labels computed earlier (a labelled split) as if executing, adding up their recorded cost: what
    the benchmark uses to draw the curve without running the pipeline once per threshold."""

    def __init__(self, rows: Iterable[LabelledTriple]) -> None:
        self.labels = {row.triple.triple_id: row.labels for row in rows}
        self.executed = 0
        self.seconds = 0.0

    def __call__(self, triples: Sequence[Triple]) -> list[Labels | None]:
        found = [self.labels.get(triple.triple_id) for triple in triples]
        self.executed += len(triples)
        self.seconds += sum(labels.seconds + labels.base_seconds for labels in found if labels is not None)
        return found


def executes(prediction: Prediction, threshold: float) -> bool:
    """The deferral rule: execute when more than ``threshold`` of the three labels are expected to be wrong."""
    return prediction.expected_errors > threshold


@dataclass(frozen=True)
class Verdict:
    """The labels settled for one triple: executed (exact) or predicted."""

    triple_id: str
    executed: bool
    prediction: Prediction
    decisions: tuple[bool, bool, bool]  # in ``TARGETS`` order


def predict_then_verify(model: RunFreeModel, triples: Sequence[Triple], execute: Execution, threshold: float, *,
                        train: Sequence[LabelledTriple] = (), validation: Sequence[LabelledTriple] = (),
                        batch_size: int = 64, retrain: bool = True) -> list[Verdict]:
    """Settle every triple's labels, batch by batch; after each batch that executed anything, refit the model on
    ``train`` plus every label executed so far (when ``retrain``)."""
    learned = list(train)
    verdicts: list[Verdict] = []
    for start in range(0, len(triples), batch_size):
        batch = triples[start:start + batch_size]
        predictions = model.predict(batch)
        unsure = [t for t, p in zip(batch, predictions, strict=True) if executes(p, threshold)]
        executed = dict(zip((t.triple_id for t in unsure), execute(unsure), strict=True))
        for triple, prediction in zip(batch, predictions, strict=True):
            verdicts.append(_verdict(triple, prediction, triple.triple_id in executed, executed.get(triple.triple_id)))
        fresh = [LabelledTriple(t, labels, "train") for t in unsure if (labels := executed[t.triple_id]) is not None]
        if retrain and fresh:
            learned += fresh
            model.fit(learned, validation)
    return verdicts


def _verdict(triple: Triple, prediction: Prediction, executed: bool, labels: Labels | None) -> Verdict:
    if labels is None:  # not executed, or the execution could not label it: the prediction stands
        decisions = tuple(prediction.decision(t, 0.5) for t in TARGETS)  # label accuracy: calibrated at 0.5
    else:
        decisions = tuple(truth(labels, t) for t in TARGETS)
    return Verdict(triple.triple_id, executed, prediction, (decisions[0], decisions[1], decisions[2]))


@dataclass(frozen=True)
class Tradeoff:
    """What one threshold buys: the share of executions avoided and the accuracy of the settled labels."""

    threshold: float
    n: int
    executed: int
    label_accuracy: float  # mean over the three targets of the share of triples whose label is right
    exact_accuracy: float  # share of triples with all three labels right

    @property
    def avoided(self) -> float:
        return 1.0 - self.executed / self.n if self.n else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {"threshold": self.threshold, "n": self.n, "executed": self.executed, "avoided": round(self.avoided, 4),
                "label_accuracy": round(self.label_accuracy, 4), "exact_accuracy": round(self.exact_accuracy, 4)}


def tradeoff(verdicts: Sequence[Verdict], truths: Mapping[str, Labels], threshold: float) -> Tradeoff:
    right = [[v.decisions[i] == truth(truths[v.triple_id], t) for i, t in enumerate(TARGETS)] for v in verdicts]
    n = len(verdicts)
    return Tradeoff(threshold, n, sum(v.executed for v in verdicts),
                    sum(map(sum, right)) / (n * len(TARGETS)) if n else 0.0,
                    sum(all(r) for r in right) / n if n else 0.0)


def curve(rows: Sequence[LabelledTriple], predictions: Sequence[Prediction],
          thresholds: Sequence[float]) -> list[Tradeoff]:
    """The trade-off at each threshold for one fixed set of predictions (no retraining between batches)."""
    truths = {row.triple.triple_id: row.labels for row in rows}
    points = []
    for threshold in thresholds:
        verdicts = [_verdict(row.triple, p, executes(p, threshold), row.labels if executes(p, threshold) else None)
                    for row, p in zip(rows, predictions, strict=True)]
        points.append(tradeoff(verdicts, truths, threshold))
    return points


def operating_point(points: Sequence[Tradeoff], max_loss: float = 0.02) -> Tradeoff | None:
    """The threshold avoiding most executions while losing at most ``max_loss`` label accuracy."""
    eligible = [p for p in points if p.label_accuracy >= 1.0 - max_loss - 1e-12]
    return max(eligible, key=lambda p: (p.avoided, p.threshold)) if eligible else None


def choose_threshold(rows: Sequence[LabelledTriple], out_of_fold: Sequence[Prediction], max_loss: float = 0.02,
                     margin: float = 0.0025) -> Tradeoff | None:
    """The operating point chosen where it is honest to: on out-of-fold predictions of labelled rows (each from a
    model that never saw its project, see ``out_of_fold_predictions``), keeping ``margin`` below ``max_loss``
    because a new set of projects is harder or easier than the rows it was chosen on. Read it off a held-out
    split afterwards; choosing on that split is hindsight."""
    thresholds = sorted({round(p.expected_errors, 4) for p in out_of_fold} | {-1.0, 1.5})
    return operating_point(curve(rows, out_of_fold, thresholds), max_loss - margin)


def out_of_fold_predictions(make_model: Callable[[], RunFreeModel], rows: Sequence[LabelledTriple],
                            folds: int = 5) -> tuple[list[Prediction], float]:
    """Every row predicted by a fresh ``make_model()`` fitted without its project (project-level folds, each
    fold's validation projects carved out of its training rows), and the seconds spent predicting."""
    predictions: dict[str, Prediction] = {}
    seconds = 0.0
    for training, held_out in project_folds(rows, folds):
        model = make_model()
        model.fit(*validation_part(training))
        started = time.perf_counter()
        predictions.update(zip((r.triple.triple_id for r in held_out), model.predict([r.triple for r in held_out]),
                               strict=True))
        seconds += time.perf_counter() - started
    return [predictions[row.triple.triple_id] for row in rows], seconds
