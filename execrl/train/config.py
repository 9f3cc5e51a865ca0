"""The training configuration: TRL's ``GRPOConfig`` plus execrl's own fields, read from one TOML or YAML file.

``ExecrlGRPOConfig`` adds only what TRL does not have (the policy to load, the task sets, the held-out evaluation,
LoRA, the SFT warm-up, the reward spec, token-level credit and multi-turn refinement); every TRL option keeps its
TRL name and meaning. A config file is a flat table of fields with two optional sub-tables::

    model = "embedded"          # execrl field
    max_steps = 12              # TRL field
    learning_rate = 5e-5
    [sft]                       # WarmupConfig
    steps = 16
    [reward]                    # execrl.rewards.RewardSpec, as in a reward spec file
    binary = true
    weights = { functional = 1.0 }

Unknown keys are refused with the key named, so a typo never silently trains with a default.
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from trl.trainer.grpo_config import GRPOConfig

from execrl.errors import ConfigError
from execrl.generation.base import PromptStyle
from execrl.rewards.spec import RewardSpec


@dataclass(frozen=True)
class WarmupConfig:
    """The supervised warm-up before RL (the ``[sft]`` table): TRL's ``SFTTrainer`` on reference solutions."""

    steps: int = field(default=0, metadata={"help": "optimizer steps of supervised fine-tuning; 0 = no warm-up"})
    learning_rate: float = field(default=2e-4, metadata={"help": "SFT learning rate"})
    batch_size: int = field(default=4, metadata={"help": "examples per SFT step"})
    max_length: int = field(default=384, metadata={"help": "tokens per example (prompt + reference), truncated"})
    dataset: str = field(default="reference", metadata={
        "help": "'reference': the training tasks' reference solutions; or a task source / file whose references "
                "are used instead (held-out tasks are still refused)"})

    def __post_init__(self) -> None:
        for name in ("steps", "batch_size", "max_length"):
            if getattr(self, name) < (0 if name == "steps" else 1):
                raise ConfigError(f"[sft] {name} must be positive, got {getattr(self, name)!r}")


@dataclass
class ExecrlGRPOConfig(GRPOConfig):
    """``GRPOConfig`` + execrl's fields. On a machine without CUDA, ``bf16`` defaults to False (TRL's True fails)."""

    model: str = field(default="embedded", metadata={
        "help": "policy: 'embedded' (SmolLM2-135M-Instruct), a Hugging Face id or a local path"})
    tasks: str = field(default="basic", metadata={
        "help": "training tasks: a name known to execrl.tasks.load_tasks (basic, mbpp, ...) or a task file"})
    train_limit: int = field(default=0, metadata={"help": "use only the first N training tasks; 0 = all"})
    eval_tasks: str = field(default="humaneval", metadata={
        "help": "held-out evaluation tasks; never trained on (tasks sharing an id or entry point are refused)"})
    eval_limit: int = field(default=20, metadata={
        "help": "evaluate on this many held-out tasks (the ones with the shortest prompts, a fixed subset); 0 = all"})
    eval_max_new_tokens: int = field(default=320, metadata={"help": "tokens per held-out answer (greedy)"})
    eval_batch_size: int = field(default=8, metadata={"help": "sequences generated together in held-out evaluation"})
    evaluate_before: bool = field(default=True, metadata={"help": "evaluate the policy on held-out tasks first"})
    evaluate_after: bool = field(default=True, metadata={"help": "evaluate the trained policy on held-out tasks"})
    prompt_style: str = field(default="chat", metadata={
        "help": "'chat' (instruct models: messages, code in a fenced block) or 'raw' (continue the prompt text)"})
    visible_tests: int = field(default=2, metadata={
        "help": "tests shown in the prompt (and used for multi-turn feedback); the rest stay hidden; every test "
                "counts in the reward"})
    hidden_tests: str = field(default="", metadata={
        "help": "an `execrl testgen` output (JSONL of generated suites for the training tasks): each step draws "
                "fresh hidden tests from it (plus the task's own non-visible tests); '' = the tasks' own tests only"})
    hidden_per_step: int = field(default=8, metadata={"help": "generated hidden tests drawn per task per step"})
    hidden_reduced: bool = field(default=False, metadata={
        "help": "draw from the generated suites' reduced (mutant-killing set cover) tests instead of all of them"})
    use_lora: bool = field(default=True, metadata={"help": "train LoRA adapters (else: full fine-tuning)"})
    lora_r: int = field(default=8, metadata={"help": "LoRA rank"})
    lora_alpha: int = field(default=16, metadata={"help": "LoRA scaling numerator"})
    lora_dropout: float = field(default=0.0, metadata={"help": "LoRA dropout"})
    lora_target_modules: list[str] = field(default_factory=lambda: ["q_proj", "v_proj"], metadata={
        "help": "module names that get adapters"})
    sft: dict[str, Any] = field(default_factory=dict, metadata={"help": "the SFT warm-up (WarmupConfig fields)"})
    reward: dict[str, Any] = field(default_factory=dict, metadata={
        "help": "the reward (execrl.rewards.RewardSpec fields, as in `execrl reward --spec`); {} = default spec"})
    token_credit: bool = field(default=False, metadata={
        "help": "token-level advantages: add line-level credit (error line, Ochiai suspicion) to each token's "
                "advantage and zero it on lines no test executed"})
    credit_scale: float = field(default=0.5, metadata={"help": "weight of the per-token credit in the advantage"})
    max_turns: int = field(default=1, metadata={
        "help": "answers per episode: >1 feeds execution feedback back and lets the model revise (RLEF-style)"})
    turn_discount: float = field(default=0.9, metadata={
        "help": "the final turn's reward is multiplied by turn_discount ** (turns - 1)"})
    feedback_max_chars: int = field(default=600, metadata={"help": "feedback messages are cut to this length"})
    sandbox_workers: int = field(default=1, metadata={"help": "sandbox worker processes for rewards"})
    torch_threads: int = field(default=2, metadata={"help": "torch CPU threads"})
    progress: bool = field(default=True, metadata={"help": "progress bars and one line per step on stderr"})

    def __post_init__(self) -> None:
        if self.bf16 is None and not torch.cuda.is_available():
            self.bf16 = False
        super().__post_init__()  # type: ignore[no-untyped-call]
        self.warmup = WarmupConfig(**_known(self.sft, WarmupConfig, "[sft]"))
        self.reward_spec = RewardSpec.from_mapping(self.reward, where="[reward]")
        self.style = _style(self.prompt_style)
        checks = {"visible_tests": self.visible_tests >= 0, "max_turns": self.max_turns >= 1,
                  "eval_limit": self.eval_limit >= 0, "train_limit": self.train_limit >= 0,
                  "turn_discount": 0 < self.turn_discount <= 1, "lora_r": self.lora_r >= 1,
                  "hidden_per_step": self.hidden_per_step >= 1}
        bad = [name for name, ok in checks.items() if not ok]
        if bad:
            raise ConfigError(f"invalid value for {bad[0]}: {getattr(self, bad[0])!r}")
        if self.max_turns > 1 and self.token_credit:
            raise ConfigError("token_credit works on single answers: set max_turns = 1 or token_credit = false")
        if self.max_turns > 1 and self.style is not PromptStyle.CHAT:
            raise ConfigError("max_turns > 1 needs prompt_style = 'chat' (feedback is a chat message)")


def load_config(path: Path | None, overrides: Sequence[str] = ()) -> ExecrlGRPOConfig:
    """The config in ``path`` (TOML or YAML) with ``key=value`` overrides applied on top."""
    data = read_table(path) if path is not None else {}
    for override in overrides:
        key, value = parse_override(override)
        _set(data, key, value)
    return config_from_mapping(data, where=str(path) if path else "config")


def config_from_mapping(data: Mapping[str, Any], where: str = "config") -> ExecrlGRPOConfig:
    options = _known(data, ExecrlGRPOConfig, where)
    options.setdefault("output_dir", "runs/train")
    try:
        return ExecrlGRPOConfig(**options)
    except ConfigError as error:
        raise ConfigError(f"{where}: {error}") from None
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{where}: {error}") from None


def read_table(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read config {path}: {error}") from None
    try:
        if path.suffix in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text) or {}
        else:
            data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError) as error:
        raise ConfigError(f"{path}: cannot parse: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a table of options, got {type(data).__name__}")
    return data


def parse_override(text: str) -> tuple[str, Any]:
    """``key=value`` with the value read as TOML (numbers, booleans, lists, quoted strings) or else as a string.

    >>> parse_override("max_steps=3"), parse_override("sft.steps=0"), parse_override("model=gpt2")
    (('max_steps', 3), ('sft.steps', 0), ('model', 'gpt2'))
    """
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"an override must look like key=value, got {text!r}")
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return key.strip(), value


def split_overrides(parts: Sequence[str]) -> list[str]:
    """Comma-separated overrides, where a part without ``=`` continues the previous value (a list).

    >>> split_overrides(["max_steps=2", "lora_target_modules=q_proj", "v_proj"])
    ['max_steps=2', 'lora_target_modules=q_proj,v_proj']
    """
    joined: list[str] = []
    for part in parts:
        if "=" in part or not joined:
            joined.append(part)
        else:
            joined[-1] += "," + part
    return joined


def field_help(cls: type[Any] = ExecrlGRPOConfig) -> list[tuple[str, str, str]]:
    """(name, default, help) of the fields ``cls`` adds to TRL's config, for docs and ``--help``."""
    own = [f for f in dataclasses.fields(cls) if f.name not in {g.name for g in dataclasses.fields(GRPOConfig)}]
    rows = []
    for f in own if cls is ExecrlGRPOConfig else dataclasses.fields(cls):
        default = f.default if f.default is not dataclasses.MISSING else (
            f.default_factory() if f.default_factory is not dataclasses.MISSING else "")
        rows.append((f.name, json.dumps(default), str(f.metadata.get("help", ""))))
    return rows


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *tables, key = dotted.split(".")
    for table in tables:
        data = data.setdefault(table, {})
    if isinstance(value, str) and "," in value and key == "lora_target_modules":
        value = [part.strip() for part in value.split(",")]
    data[key] = value


def _known(data: Mapping[str, Any], cls: type[Any], where: str) -> dict[str, Any]:
    known = {f.name for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (see docs/TRAINING.md for the fields)")
    return dict(data)


def _style(value: str) -> PromptStyle:
    try:
        return PromptStyle(value)
    except ValueError:
        raise ConfigError(f"prompt_style must be 'chat' or 'raw', got {value!r}") from None
