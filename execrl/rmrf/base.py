"""What every run-free reward model speaks: the three targets, a ``Prediction`` per triple, the ``RunFreeModel``
protocol, and saving and loading a model from a directory."""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from execrl.errors import ConfigError, DataError
from execrl.labeling.records import LabelledTriple, Labels, Triple

MODEL_FILE = "rmrf.json"  # written by every model's save: its kind and options, read by ``load_model``


class Target(enum.Enum):
    """The three execution labels predicted; the value is the ``Labels`` field (or property) it reads."""

    RUNS = "compiles_and_runs"  # the augmented suite compiles and every test passes on the focal code
    COVERAGE = "coverage_rises"  # the candidate covers focal lines (or branches) the suite did not
    KILLS = "kill_rises"  # the candidate kills a mutant the suite left alive


TARGETS = tuple(Target)


def truth(labels: Labels, target: Target) -> bool:
    return bool(getattr(labels, target.value))


@dataclass(frozen=True)
class Prediction:
    """Probabilities of the three labels being true for one triple, and the model's decision thresholds (in
    ``TARGETS`` order): 0.5 gives the most accurate labels from calibrated probabilities; a model may choose lower
    ones on its validation split to maximise F1 when positives are rare."""

    compiles_and_runs: float
    coverage_rises: float
    kill_rises: float
    thresholds: tuple[float, float, float] = (0.5, 0.5, 0.5)

    def probability(self, target: Target) -> float:
        return float(getattr(self, target.value))

    def decision(self, target: Target, threshold: float | None = None) -> bool:
        """At ``threshold``, or at the model's own threshold for ``target`` when None."""
        cut = self.thresholds[TARGETS.index(target)] if threshold is None else threshold
        return self.probability(target) >= cut

    @property
    def expected_errors(self) -> float:
        """How many of the three decisions at 0.5 are expected to be wrong, sum over targets of min(p, 1 - p):
        with calibrated probabilities, executing the triples where this is largest buys the most label accuracy
        per execution (label accuracy being the mean over the targets)."""
        return sum(min(p, 1.0 - p) for p in (self.probability(t) for t in TARGETS))

    @classmethod
    def of(cls, probabilities: Sequence[float], thresholds: Sequence[float] = (0.5, 0.5, 0.5)) -> Prediction:
        """From probabilities in ``TARGETS`` order, clipped into [0, 1]."""
        clipped = [min(1.0, max(0.0, float(p))) for p in probabilities]
        return cls(clipped[0], clipped[1], clipped[2], (float(thresholds[0]), float(thresholds[1]),
                                                       float(thresholds[2])))

    def to_json(self) -> dict[str, float]:
        return {t.value: round(self.probability(t), 6) for t in TARGETS}


class RunFreeModel(Protocol):
    """Predicts execution labels from source text alone. ``kind`` names the model in ``MODEL_FILE``."""

    kind: str

    def fit(self, train: Sequence[LabelledTriple], validation: Sequence[LabelledTriple]) -> None:
        """Train (or calibrate) on ``train``; ``validation`` is for calibration and early choices, never ``test``."""

    def predict(self, triples: Sequence[Triple]) -> list[Prediction]: ...

    def save(self, directory: Path) -> None:
        """Write the model to ``directory``, including ``MODEL_FILE`` (see ``write_model_file``)."""


def write_model_file(directory: Path, kind: str, options: dict[str, Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MODEL_FILE).write_text(json.dumps({"kind": kind, "options": options}, indent=2) + "\n")


def read_model_file(directory: Path) -> tuple[str, dict[str, Any]]:
    path = directory / MODEL_FILE
    if not path.is_file():
        raise DataError(f"{directory} holds no run-free model (no {MODEL_FILE}); train one with `execrl rmrf train`")
    row = json.loads(path.read_text())
    return str(row["kind"]), dict(row.get("options", {}))


def load_model(directory: Path) -> RunFreeModel:
    """The model saved in ``directory``, whatever its kind (torch is imported only for the kinds that need it)."""
    kind, _ = read_model_file(directory)
    if kind == "classical":
        from execrl.rmrf.classical import ClassicalModel

        return ClassicalModel.load(directory)
    if kind == "zero-shot":
        from execrl.rmrf.zeroshot import ZeroShotModel

        return ZeroShotModel.load(directory)
    if kind in ("finetune", "lora"):
        from execrl.rmrf.finetune import FineTunedModel

        return FineTunedModel.load(directory)
    if kind == "fake":
        from execrl.rmrf.fake import FakeModel

        return FakeModel.load(directory)
    raise ConfigError(f"unknown run-free model kind {kind!r} in {directory / MODEL_FILE}")
