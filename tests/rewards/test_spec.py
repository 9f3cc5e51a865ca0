"""RewardSpec: weights, missing components, hacks, and spec files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from execrl.errors import ConfigError
from execrl.rewards import Component, LimitPolicy, MissingPolicy, RewardSpec, combine, load_spec

F, E, S = Component.FUNCTIONAL, Component.EDGE, Component.SYNTAX


@pytest.mark.parametrize("weights, values, missing, flagged, total", [
    ({F: 1.0}, {F: 0.5}, MissingPolicy.RENORMALISE, False, 0.5),
    ({F: 3.0, S: 1.0}, {F: 1.0, S: 0.0}, MissingPolicy.RENORMALISE, False, 0.75),
    ({F: 1.0, E: 1.0}, {F: 0.5, E: None}, MissingPolicy.RENORMALISE, False, 0.5),  # no edge tests: not counted
    ({F: 1.0, E: 1.0}, {F: 0.5, E: None}, MissingPolicy.ZERO, False, 0.25),  # counted as 0
    ({E: 1.0}, {E: None}, MissingPolicy.RENORMALISE, False, None),  # nothing measurable: masked
    ({F: 1.0, S: 1.0}, {F: 1.0, S: 1.0}, MissingPolicy.RENORMALISE, True, 0.0),  # a hack zeroes everything
])
def test_combine(weights: dict[Component, float], values: dict[Component, float | None], missing: MissingPolicy,
                 flagged: bool, total: float | None) -> None:
    assert combine(values, RewardSpec(weights=weights, missing=missing), flagged) == total


def test_zero_on_hack_can_be_switched_off() -> None:
    assert combine({F: 1.0}, RewardSpec(weights={F: 1.0}, zero_on_hack=False), True) == 1.0


def test_only_weighted_components_are_computed() -> None:
    spec = RewardSpec(weights={"functional": 1.0, "naming": 0.0, "edge": 0.5})  # names work as keys too
    assert spec.components == (F, E)
    assert not spec.needs_trace and RewardSpec.everything().needs_trace
    assert RewardSpec(weights={F: 1.0}, trace=True).needs_trace  # for line-level credit


@pytest.mark.parametrize("weights, message", [
    ({F: -1.0}, "must be >= 0"), ({F: float("nan")}, "must be >= 0"), ({F: 0.0}, "at least one"),
    ({"speed": 1.0}, "unknown reward component 'speed'"),
])
def test_bad_weights_are_refused_by_name(weights: dict[object, float], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        RewardSpec(weights=weights)  # type: ignore[arg-type]


def test_a_spec_file_in_toml(tmp_path: Path) -> None:
    path = tmp_path / "spec.toml"
    path.write_text('binary = true\nmissing = "zero"\n[weights]\nfunctional = 1.0\nefficiency = 0.5\n'
                    "[limits]\nfactor = 2.0\nfloor_s = 1.0\n")
    spec = load_spec(path)
    assert spec.weights == {F: 1.0, Component.EFFICIENCY: 0.5}
    assert spec.binary and spec.missing is MissingPolicy.ZERO
    assert spec.limits == LimitPolicy(factor=2.0, floor_s=1.0)


def test_a_spec_file_in_json_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    spec = RewardSpec(weights={F: 1.0, S: 0.2}, edge_tag="boundary")
    path.write_text(json.dumps(spec.to_json()))
    assert load_spec(path) == spec


@pytest.mark.parametrize("text, message", [
    ("[weights]\nfunctional = 1\nspeed = 2\n", "unknown reward component 'speed'"),
    ("weight = 1\n", "unknown key 'weight'"),
    ('missing = "sometimes"\n', "sometimes"),
    ("[limits]\nfactor = -1\n", "factor"),
    ("[weights\n", "not valid TOML"),
])
def test_spec_file_errors_name_the_file_and_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "spec.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_spec(path)
