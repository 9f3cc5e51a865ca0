"""Training from execution feedback on HF TRL: SFT warm-up, GRPO / PPO-style RL with execrl's rewards,
token-level credit, and multi-turn refinement. Imports torch, transformers, TRL (the ``train`` extra).

>>> from execrl.train import load_config, run_training          # doctest: +SKIP
>>> result = run_training(load_config(Path("configs/main.toml")))  # doctest: +SKIP

docs/TRAINING.md describes the loop, the objectives and every config field.
"""

from execrl.train.config import ExecrlGRPOConfig, WarmupConfig, load_config
from execrl.train.data import OwnTests, TestSampler, TestSplit, check_held_out, training_view
from execrl.train.grpo import ExecrlGRPOTrainer
from execrl.train.loop import RunResult, run_training
from execrl.train.refine import Episode, Turn, feedback_message, run_episodes
from execrl.train.scoring import RecordingBatchScorer, reward_functions

__all__ = [
    "Episode",
    "ExecrlGRPOConfig",
    "ExecrlGRPOTrainer",
    "OwnTests",
    "RecordingBatchScorer",
    "RunResult",
    "TestSampler",
    "TestSplit",
    "Turn",
    "WarmupConfig",
    "check_held_out",
    "feedback_message",
    "load_config",
    "reward_functions",
    "run_episodes",
    "run_training",
    "training_view",
]
