from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from execrl.errors import ConfigError
from execrl.rmrf.base import Prediction
from execrl.rmrf.fake import FakeModel
from execrl.rmrf.reward import RunFreeReward, run_free_reward

COLUMNS = {"focal_source": ["def f(x):\n    return x + 1\n"] * 2, "test_source": ["from focal import f\n"] * 2,
           "language": ["python", "python"]}


def test_reward_keeps_trls_contract_and_weights_the_predicted_labels() -> None:
    reward = RunFreeReward(model=FakeModel(Prediction(1.0, 0.5, 0.0)), weights=(0.5, 0.5, 0.0))
    values = reward(prompts=["p", "p"], completions=["def test_a():\n    assert f(1) == 2\n",
                                                     [{"role": "assistant", "content": "```python\nx = 1\n```"}]],
                    **COLUMNS)
    assert values == [0.75, 0.75] and reward.__name__ == "rmrf_reward"


def test_reward_reads_the_candidate_from_a_fenced_block_and_names_its_tests() -> None:
    triple = RunFreeReward.triple("Here:\n```python\ndef test_b():\n    assert f(2) == 3\n```\n",
                                  {name: values[0] for name, values in COLUMNS.items()})
    assert triple.candidate.startswith("def test_b") and triple.candidate_names == ("test_b",)


def test_reward_reloads_its_model_after_pickling(tmp_path: Path) -> None:
    FakeModel(Prediction(0.2, 0.2, 0.2)).save(tmp_path / "model")
    reward = pickle.loads(pickle.dumps(run_free_reward(tmp_path / "model")))
    assert reward(prompts=["p"], completions=["def test_a():\n    pass\n"],
                  **{k: v[:1] for k, v in COLUMNS.items()}) == [pytest.approx(0.2)]


def test_reward_names_missing_columns() -> None:
    reward = RunFreeReward(model=FakeModel())
    with pytest.raises(ConfigError, match="test_source"):
        reward(prompts=["p"], completions=["x"], focal_source=["a"], language=["python"])
