"""``RewardSpec``: which components make up the reward, with what weights, and how they combine.

The total is a weighted mean, so it stays in [0, 1] whatever the weights:

    total = sum(w_c * v_c) / sum(w_c)      over the components c with a weight > 0

A component can be missing for a sample (None): a task without edge-case tests has no ``edge`` value. With
``missing = "renormalise"`` (the default) the sum runs over the components that have a value, so a task without
edge tests is scored on the rest, neither rewarded nor punished for the gap; with ``"zero"`` a missing component
counts as 0. If no weighted component has a value the total is None (the sample is masked). A hacking flag sets
the total to 0 (``zero_on_hack``); an infrastructure failure masks the sample (None), never 0.

A spec comes from Python or from a TOML / JSON file::

    binary = false            # functional: all tests or nothing
    missing = "renormalise"   # or "zero"
    [weights]
    functional = 1.0
    efficiency = 0.2
    [limits]                  # time limits scaled to the reference (see reference.LimitPolicy)
    factor = 4.0
"""

from __future__ import annotations

import dataclasses
import enum
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from execrl.errors import ConfigError
from execrl.rewards.base import Component
from execrl.rewards.reference import LimitPolicy


class MissingPolicy(enum.Enum):
    RENORMALISE = "renormalise"  # weighted mean over the components that have a value
    ZERO = "zero"  # a missing component counts as 0


DEFAULT_WEIGHTS: Mapping[Component, float] = {
    Component.FUNCTIONAL: 1.0, Component.SYNTAX: 0.1, Component.EDGE: 0.2, Component.EFFICIENCY: 0.1,
    Component.DIAGNOSTICS: 0.05, Component.NAMING: 0.02, Component.STRUCTURE: 0.03, Component.CALLS: 0.05,
}


@dataclass(frozen=True)
class RewardSpec:
    """Components and weights (a component with weight 0 or absent is neither computed nor logged)."""

    weights: Mapping[Component, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    binary: bool = False  # functional is 1 only when every test passes
    edge_tag: str = "edge"  # tests carrying this tag are the edge cases
    missing: MissingPolicy = MissingPolicy.RENORMALISE
    zero_on_hack: bool = True
    efficiency_smoothing: float = 1.0  # added to both line-event counts: tiny tests do not swing the ratio
    trace: bool = False  # trace executions even without efficiency, for line-level credit (lines.line_credit)
    limits: LimitPolicy = LimitPolicy()

    def __post_init__(self) -> None:
        weights = {_component(key): float(value) for key, value in self.weights.items()}
        bad = {c.value: w for c, w in weights.items() if not w >= 0}  # also catches NaN
        if bad:
            raise ConfigError(f"reward weights must be >= 0, got {bad}")
        if not any(weights.values()):
            raise ConfigError(f"at least one reward weight must be positive, got {_names(weights)}")
        if self.efficiency_smoothing < 0:
            raise ConfigError(f"efficiency_smoothing must be >= 0, got {self.efficiency_smoothing!r}")
        object.__setattr__(self, "weights", weights)

    @property
    def components(self) -> tuple[Component, ...]:
        """The components that are computed, in ``Component`` order."""
        return tuple(c for c in Component if self.weights.get(c, 0.0) > 0)

    @property
    def needs_trace(self) -> bool:
        return self.trace or Component.EFFICIENCY in self.components

    @classmethod
    def everything(cls, **options: Any) -> RewardSpec:
        """Every component on, with the default weights."""
        return cls(weights=dict(DEFAULT_WEIGHTS), **options)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "reward spec") -> RewardSpec:
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})")
        options = dict(data)
        try:
            if "missing" in options:
                options["missing"] = MissingPolicy(options["missing"])
            if "limits" in options:
                options["limits"] = LimitPolicy(**options["limits"])
            return cls(**options)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{where}: {error}") from None

    def to_json(self) -> dict[str, Any]:
        return {"weights": _names(self.weights), "binary": self.binary, "edge_tag": self.edge_tag,
                "missing": self.missing.value, "zero_on_hack": self.zero_on_hack,
                "efficiency_smoothing": self.efficiency_smoothing, "trace": self.trace,
                "limits": dataclasses.asdict(self.limits)}


def load_spec(path: Path) -> RewardSpec:
    """A spec from a ``.toml`` or ``.json`` file; errors name the file and the key."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read reward spec {path}: {error}") from None
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{path}: not valid {'TOML' if path.suffix == '.toml' else 'JSON'}: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a table of options, got {type(data).__name__}")
    return RewardSpec.from_mapping(data, where=str(path))


def combine(values: Mapping[Component, float | None], spec: RewardSpec, flagged: bool) -> float | None:
    """The weighted total of ``values`` (see the module docstring)."""
    weighted = [(spec.weights[c], values.get(c)) for c in spec.components]
    if spec.missing is MissingPolicy.ZERO:
        weighted = [(w, 0.0 if v is None else v) for w, v in weighted]
    present = [(w, v) for w, v in weighted if v is not None]
    if flagged and spec.zero_on_hack:
        return 0.0
    if not present:
        return None
    return sum(w * v for w, v in present) / sum(w for w, _ in present)


def _component(key: Component | str) -> Component:
    if isinstance(key, Component):
        return key
    try:
        return Component(key)
    except ValueError:
        known = ", ".join(c.value for c in Component)
        raise ConfigError(f"unknown reward component {key!r} (known: {known})") from None


def _names(weights: Mapping[Component, float]) -> dict[str, float]:
    return {c.value: w for c, w in weights.items()}
