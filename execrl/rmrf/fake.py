"""A run-free model for tests: fixed predictions per triple id (a default for the rest), and a record of what it
was fitted on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from execrl.labeling.records import LabelledTriple, Triple
from execrl.rmrf.base import TARGETS, Prediction, read_model_file, write_model_file


class FakeModel:
    kind = "fake"

    def __init__(self, default: Prediction | None = None, by_id: Mapping[str, Prediction] | None = None) -> None:
        self.default = default or Prediction(0.5, 0.5, 0.5)
        self.by_id = dict(by_id or {})
        self.fitted_on: list[int] = []  # the training-set size of each fit, in order

    def fit(self, train: Sequence[LabelledTriple], validation: Sequence[LabelledTriple]) -> None:
        self.fitted_on.append(len(train))

    def predict(self, triples: Sequence[Triple]) -> list[Prediction]:
        return [self.by_id.get(triple.triple_id, self.default) for triple in triples]

    def save(self, directory: Path) -> None:
        write_model_file(directory, self.kind, {
            "default": self.default.to_json(),
            "by_id": {key: value.to_json() for key, value in self.by_id.items()}})

    @classmethod
    def load(cls, directory: Path) -> FakeModel:
        _, options = read_model_file(directory)
        return cls(_prediction(options["default"]), {k: _prediction(v) for k, v in options["by_id"].items()})


def _prediction(row: Mapping[str, float]) -> Prediction:
    return Prediction.of([float(row[target.value]) for target in TARGETS])

