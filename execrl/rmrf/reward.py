"""A reward for generated tests that executes nothing: the run-free model's predicted labels, weighted.

Keeps TRL's contract ``(prompts, completions, **columns) -> list[float | None]``. The dataset gives, per row, the
code under test and the test file the generated test joins (columns named as ``Triple``'s fields:
``focal_source``, ``test_source``, ``language``; optionally ``focal_path``, ``test_path``, ``container``,
``project``). The completion is the candidate test (its longest fenced block when it has one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from execrl.errors import ConfigError
from execrl.generation.extract import fenced_blocks
from execrl.labeling.records import CandidateKind, Triple, content_hash
from execrl.rewards.trl_rewards import completion_text
from execrl.rmrf.base import TARGETS, Prediction, RunFreeModel, load_model
from execrl.types import Language

REQUIRED_COLUMNS = ("focal_source", "test_source", "language")
DEFAULT_WEIGHTS = (0.4, 0.3, 0.3)  # compiles and runs, coverage rises, kill rate rises
DEFAULT_PATHS = {Language.PYTHON: ("focal.py", "test_focal.py"), Language.JAVA: ("Focal.java", "FocalTest.java"),
                 Language.GO: ("focal.go", "focal_test.go")}


class RunFreeReward:
    """Scores generated tests by ``sum(weight * P(label))`` over the three labels, in [0, 1] when the weights sum
    to 1. Picklable: the model is reloaded from ``model_dir`` in the process that unpickles it.

    >>> from execrl.rmrf.fake import FakeModel
    >>> reward = RunFreeReward(model=FakeModel(Prediction(1.0, 0.5, 0.0)))
    >>> reward(prompts=["..."], completions=["def test_x():\\n    assert f(1) == 2\\n"],
    ...        focal_source=["def f(x):\\n    return x + 1\\n"], test_source=[""], language=["python"])
    [0.55]
    """

    __name__ = "rmrf_reward"

    def __init__(self, model_dir: Path | None = None, *, model: RunFreeModel | None = None,
                 weights: Sequence[float] = DEFAULT_WEIGHTS) -> None:
        if model is None and model_dir is None:
            raise ConfigError("RunFreeReward needs a trained model: model_dir=... (see `execrl rmrf train`)")
        if len(weights) != len(TARGETS):
            raise ConfigError(f"weights must give one value per label ({len(TARGETS)}), got {list(weights)}")
        self.model_dir, self.weights, self._model = model_dir, tuple(float(w) for w in weights), model

    def __call__(self, prompts: Sequence[Any], completions: Sequence[Any], **columns: Any) -> list[float | None]:
        triples = [self.triple(completion_text(c), _row(columns, i)) for i, c in enumerate(completions)]
        return [self.value(p) for p in self.model().predict(triples)]

    def value(self, prediction: Prediction) -> float:
        return round(sum(w * prediction.probability(t) for w, t in zip(self.weights, TARGETS, strict=True)), 6)

    def model(self) -> RunFreeModel:
        if self._model is None:
            assert self.model_dir is not None
            self._model = load_model(self.model_dir)
        return self._model

    @staticmethod
    def triple(completion: str, row: Mapping[str, Any]) -> Triple:
        missing = [name for name in REQUIRED_COLUMNS if name not in row]
        if missing:
            raise ConfigError(f"the run-free reward needs dataset columns {', '.join(REQUIRED_COLUMNS)}; "
                              f"missing: {', '.join(missing)}")
        language = Language(row["language"])
        blocks = fenced_blocks(completion)
        candidate = max((b.code for b in blocks), key=len) if blocks else completion
        focal_path, test_path = DEFAULT_PATHS[language]
        return Triple(content_hash(str(row["focal_source"]), str(row["test_source"]), candidate),
                      str(row.get("project", "")), language, str(row.get("focal_path", focal_path)),
                      str(row["focal_source"]), str(row.get("test_path", test_path)), str(row["test_source"]),
                      candidate, _defined_tests(candidate, language), CandidateKind.MODEL_WRITTEN,
                      container=row.get("container"))

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_model": None if self.model_dir is not None else self._model}


def run_free_reward(model_dir: Path, weights: Sequence[float] = DEFAULT_WEIGHTS) -> RunFreeReward:
    """The reward for ``GRPOTrainer(reward_funcs=[...])`` from a model saved by ``execrl rmrf train``."""
    return RunFreeReward(model_dir, weights=weights)


def _row(columns: Mapping[str, Any], index: int) -> dict[str, Any]:
    return {name: values[index] for name, values in columns.items() if isinstance(values, Sequence)
            and not isinstance(values, str) and len(values) > index}


def _defined_tests(candidate: str, language: Language) -> tuple[str, ...]:
    from execrl.labeling.testfiles import test_file

    try:
        return tuple(test_file(language).defines(candidate))
    except Exception:  # a candidate that does not parse defines nothing we can name; the model still scores it
        return ()
