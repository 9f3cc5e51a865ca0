"""The fast run-free model: static features (``features.py``) and one gradient-boosted tree ensemble per target
(scikit-learn's ``HistGradientBoostingClassifier``), calibrated on the validation split.

A candidate that does not run adds neither coverage nor kills (``Labels``' own rule), so the coverage and kill
models are fitted on the training rows that run, and their probability is P(runs) x P(target | runs): the scarce
positives of those two targets are not spent on learning again what already makes a candidate fail.

Calibration is cross-fitted rather than read off the validation split alone: the trees are fitted on train and
validation together, and the calibrators (and F1 thresholds) on out-of-fold scores from project-level folds over
those same rows, each scored by trees that never saw its project: ~1,300 rows instead of the ~200 validation rows
make isotonic calibration affordable, and the trees see the validation projects too (measured in docs/RMRF.md).
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from execrl.errors import DataError
from execrl.labeling.records import LabelledTriple, Triple
from execrl.rmrf.base import TARGETS, Prediction, Target, read_model_file, truth, write_model_file
from execrl.rmrf.calibration import Calibration, columns_of, fit_calibration
from execrl.rmrf.data import project_folds
from execrl.rmrf.features import FEATURES, feature_vector

WEIGHTS_FILE = "classical.pkl"
CALIBRATION_FOLDS = 5  # project-level folds for the out-of-fold scores calibration is fitted on


class ClassicalModel:
    kind = "classical"

    def __init__(self, max_iter: int = 150, learning_rate: float = 0.05, max_leaf_nodes: int = 7,
                 seed: int = 0) -> None:
        self.options: dict[str, Any] = {"max_iter": max_iter, "learning_rate": learning_rate,
                                        "max_leaf_nodes": max_leaf_nodes, "seed": seed}
        self.trees: dict[Target, Any] = {}  # None for a target that had one class only in training
        self.constants: dict[Target, float] = {}
        self.calibration = Calibration()

    def fit(self, train: Sequence[LabelledTriple], validation: Sequence[LabelledTriple]) -> None:
        rows = [*train, *validation]
        features = {row.triple.triple_id: feature_vector(row.triple) for row in rows}  # once for every fold's fit
        self._fit_trees(rows, features)
        self.calibration = self._cross_fitted_calibration(rows, features)

    def _fit_trees(self, train: Sequence[LabelledTriple], features: Mapping[str, list[float]]) -> None:
        import numpy as np

        for target in TARGETS:
            rows = train if target is Target.RUNS else [r for r in train if r.labels.compiles_and_runs]
            matrix = np.asarray([features[row.triple.triple_id] for row in rows], dtype=float)
            labels = [truth(row.labels, target) for row in rows]
            self.constants[target] = sum(labels) / len(labels) if labels else 0.5
            self.trees[target] = self._tree().fit(matrix, labels) if len(set(labels)) == 2 else None

    def _cross_fitted_calibration(self, rows: Sequence[LabelledTriple],
                                  features: Mapping[str, list[float]]) -> Calibration:
        """Calibrators fitted on every row's score from trees trained without its project (none with fewer
        than two projects: there is no held-out score to fit on)."""
        folds = min(CALIBRATION_FOLDS, len({row.triple.project for row in rows}))
        if folds < 2:
            return Calibration()
        scores: dict[str, list[float]] = {}
        for training, held_out in project_folds(rows, folds):
            fold_model = ClassicalModel(**self.options)
            fold_model._fit_trees(training, features)
            raw = fold_model._raw([features[row.triple.triple_id] for row in held_out])
            scores.update((row.triple.triple_id, [raw[t][i] for t in TARGETS]) for i, row in enumerate(held_out))
        return fit_calibration(columns_of([scores[row.triple.triple_id] for row in rows]), rows)

    def predict(self, triples: Sequence[Triple]) -> list[Prediction]:
        raw = self._raw([feature_vector(t) for t in triples])
        return self.calibration.predictions([raw[t] for t in TARGETS])

    def _raw(self, features: Sequence[list[float]]) -> dict[Target, list[float]]:
        # One OpenMP thread: scikit-learn's tree predictor starts its thread team on every call, which costs far
        # more than the prediction itself for one triple (measured: 368 ms -> 21 ms per triple at 300 trees).
        with _threads().limit(limits=1):
            return self._raw_scores(features)

    def _raw_scores(self, features: Sequence[list[float]]) -> dict[Target, list[float]]:
        import numpy as np

        n = len(features)
        matrix = np.asarray(features, dtype=float).reshape(n, len(FEATURES))
        raw: dict[Target, list[float]] = {}
        for target in TARGETS:
            tree = self.trees.get(target)
            raw[target] = ([float(p) for p in tree.predict_proba(matrix)[:, 1]] if tree is not None and n
                           else [self.constants.get(target, 0.5)] * n)
        runs = raw[Target.RUNS]
        for target in (Target.COVERAGE, Target.KILLS):
            raw[target] = [run * given_run for run, given_run in zip(runs, raw[target], strict=True)]
        return raw

    def _tree(self) -> Any:
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(
            max_iter=self.options["max_iter"], learning_rate=self.options["learning_rate"],
            max_leaf_nodes=self.options["max_leaf_nodes"], l2_regularization=1.0, min_samples_leaf=5,
            random_state=self.options["seed"])

    def save(self, directory: Path) -> None:
        write_model_file(directory, self.kind, {**self.options, "features": list(FEATURES)})
        with (directory / WEIGHTS_FILE).open("wb") as handle:
            pickle.dump({"trees": self.trees, "constants": self.constants, "calibration": self.calibration}, handle)

    @classmethod
    def load(cls, directory: Path) -> ClassicalModel:
        _, options = read_model_file(directory)
        features = tuple(options.pop("features", ()))
        if features != FEATURES:
            raise DataError(f"{directory} was trained on other features than this execrl computes: retrain it")
        model = cls(**options)
        with (directory / WEIGHTS_FILE).open("rb") as handle:
            state = pickle.load(handle)  # our own file, written by save(): never load one from elsewhere
        model.trees, model.constants, model.calibration = state["trees"], state["constants"], state["calibration"]
        return model


@cache
def _threads() -> Any:
    """Finding the loaded thread pools scans every shared library (~15 ms): once per process."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()
