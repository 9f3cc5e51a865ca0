"""The training config: files, overrides, unknown keys, and every shipped config file."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

pytest.importorskip("trl", reason="the 'train' extra")

from execrl.errors import ConfigError  # noqa: E402
from execrl.train.config import (  # noqa: E402
    ExecrlGRPOConfig,
    config_from_mapping,
    field_help,
    load_config,
    split_overrides,
)

CONFIGS = Path(__file__).parents[2] / "configs"


@pytest.mark.parametrize("path", sorted(CONFIGS.glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_config_parses(path: Path) -> None:
    if path.name == "ablation.toml":
        data = tomllib.loads(path.read_text())
        for name, variant in data["variants"].items():
            config = config_from_mapping({**data["base"], **variant})  # as benchmarks/reward_ablation.py does
            assert config.reward_spec.components, name
        return
    config = load_config(path)
    assert isinstance(config, ExecrlGRPOConfig)
    assert config.bf16 is False  # no CUDA here: TRL's bf16 default is turned off


def test_main_config_is_the_documented_job() -> None:
    config = load_config(CONFIGS / "main.toml")
    assert (config.model, config.tasks, config.eval_tasks) == ("embedded", "basic", "humaneval")
    assert config.warmup.steps > 0 and config.max_steps > 0 and config.beta > 0


@pytest.mark.parametrize("path", sorted((CONFIGS / "accelerate").glob("*.yaml")) + sorted(
    (CONFIGS / "deepspeed").glob("*.json")), ids=lambda p: p.name)
def test_scale_configs_parse(path: Path) -> None:
    if path.suffix == ".json":
        assert json.loads(path.read_text())["zero_optimization"]["stage"] in (2, 3)
    else:
        import yaml

        data = yaml.safe_load(path.read_text())
        assert data["distributed_type"] in ("MULTI_GPU", "DEEPSPEED")
        if data["distributed_type"] == "DEEPSPEED":
            assert (CONFIGS.parent / data["deepspeed_config"]["deepspeed_config_file"]).is_file()


def test_overrides_reach_trl_fields_our_fields_and_sub_tables(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('max_steps = 5\ntasks = "mbpp"\n[sft]\nsteps = 3\n')
    config = load_config(path, split_overrides(["max_steps=7", "sft.steps=0", "reward.binary=true",
                                                "lora_target_modules=q_proj", "v_proj", "model=gpt2"]))
    assert (config.max_steps, config.tasks, config.warmup.steps, config.model) == (7, "mbpp", 0, "gpt2")
    assert config.reward_spec.binary is True
    assert config.lora_target_modules == ["q_proj", "v_proj"]


def test_yaml_configs_work_too(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("max_steps: 3\nsft:\n  steps: 2\n")
    config = load_config(path)
    assert (config.max_steps, config.warmup.steps) == (3, 2)


@pytest.mark.parametrize("override, key", [("max_stepz=3", "max_stepz"), ("sft.stepz=1", "stepz"),
                                           ("reward.binari=true", "binari")])
def test_unknown_keys_are_refused_by_name(override: str, key: str) -> None:
    with pytest.raises(ConfigError, match=f"unknown key '{key}'"):
        load_config(None, [override])


@pytest.mark.parametrize("override, message", [("max_turns=0", "max_turns"), ("prompt_style=poem", "prompt_style"),
                                               ("max_turns=2,token_credit=true", "token_credit")])
def test_bad_values_are_refused(override: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(None, split_overrides(override.split(",")))


def test_every_own_field_is_documented() -> None:
    rows = field_help()
    assert {"model", "tasks", "eval_tasks", "max_turns", "token_credit", "sft", "reward"} <= {r[0] for r in rows}
    assert all(help_text for _, _, help_text in rows)
    docs = (CONFIGS.parent / "docs" / "TRAINING.md").read_text()
    missing = [name for name, _, _ in rows if f"`{name}`" not in docs]
    assert not missing, f"docs/TRAINING.md does not document {missing}"
