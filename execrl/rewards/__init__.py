"""Turn executions into rewards: outcome rewards at four granularities, process rewards from static analysis,
line- and token-level credit, reward-hacking detection, composition by a ``RewardSpec``, and adapters for TRL,
verl and plain Python.

>>> from execrl.rewards import RewardSpec, score                          # doctest: +SKIP
>>> breakdowns = score(tasks, samples, executor, RewardSpec())            # doctest: +SKIP
>>> breakdowns[0].total, breakdowns[0].components["functional"], breakdowns[0].flags   # doctest: +SKIP

Only the sandbox and the standard library (plus pyflakes) are needed here; TRL and verl are never imported.
docs/REWARDS.md describes every component and how they combine.
"""

from execrl.rewards._lint import Diagnostic, DiagnosticKind
from execrl.rewards.analysis import Analysis, analyse
from execrl.rewards.base import Component, Evidence, HackFlag, HackKind, RewardBreakdown
from execrl.rewards.compose import judge
from execrl.rewards.hacking import detect
from execrl.rewards.lines import LineCredit, TokenCredit, align_lines, completion_credit, line_credit, token_credit
from execrl.rewards.reference import LimitPolicy, ReferenceCache, ReferenceProfile
from execrl.rewards.scorer import Scorer, score
from execrl.rewards.spec import MissingPolicy, RewardSpec, combine, load_spec
from execrl.rewards.trl_rewards import ExecrlReward, HackRate, execrl_reward_funcs, reward_weights
from execrl.rewards.verl_rewards import compute_score, compute_score_batch

__all__ = [
    "Analysis",
    "Component",
    "Diagnostic",
    "DiagnosticKind",
    "Evidence",
    "ExecrlReward",
    "HackFlag",
    "HackKind",
    "HackRate",
    "LimitPolicy",
    "LineCredit",
    "MissingPolicy",
    "ReferenceCache",
    "ReferenceProfile",
    "RewardBreakdown",
    "RewardSpec",
    "Scorer",
    "TokenCredit",
    "align_lines",
    "analyse",
    "combine",
    "completion_credit",
    "compute_score",
    "compute_score_batch",
    "detect",
    "execrl_reward_funcs",
    "judge",
    "line_credit",
    "load_spec",
    "reward_weights",
    "score",
    "token_credit",
]
