"""verl's custom reward function, computed by a remote execrl service: the sandbox runs where the service runs,
not on the trainer's nodes.

    custom_reward_function.path=.../execrl/serve/verl_client.py
    custom_reward_function.name=compute_score_batch          # with reward_model.reward_manager=batch
    +custom_reward_function.reward_kwargs.url=http://reward-host:8000

The URL and token come from ``reward_kwargs`` (``url``, ``token``) or from ``$EXECRL_SERVE_URL`` and
``$EXECRL_SERVE_TOKEN``. Rows and answers are those of ``execrl.rewards.verl_rewards``: each row's task is
``extra_info["task_id"]`` or ``ground_truth``; the answer is ``{"score": total, <component>: value, "hacked"}``.
The service already runs a failed sample twice; a sample it still cannot execute raises, because verl has no way
to leave a sample out and a 0 would teach the policy that a possibly correct program is wrong.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from execrl.errors import ConfigError
from execrl.rewards.verl_rewards import verl_row, verl_task_id
from execrl.serve.client import RewardClient
from execrl.serve.schema import RewardRequest

URL_VARIABLE = "EXECRL_SERVE_URL"
TOKEN_VARIABLE = "EXECRL_SERVE_TOKEN"

_clients: dict[tuple[str, str | None], RewardClient] = {}


def compute_score(data_source: str, solution_str: str, ground_truth: Any, extra_info: Mapping[str, Any] | None = None,
                  **kwargs: Any) -> dict[str, float]:
    """verl's per-sample reward (naive reward manager)."""
    return compute_score_batch([data_source], [solution_str], [ground_truth], [extra_info], **kwargs)[0]


def compute_score_batch(data_sources: Sequence[str], solution_strs: Sequence[str], ground_truths: Sequence[Any],
                        extra_infos: Sequence[Mapping[str, Any] | None] | None = None, *, url: str | None = None,
                        token: str | None = None, **kwargs: Any) -> list[dict[str, float]]:
    """verl's batched reward (batch reward manager): one service call for the whole batch."""
    infos = list(extra_infos) if extra_infos is not None else [None] * len(solution_strs)
    samples = [RewardRequest(verl_task_id(truth, info), solution)
               for solution, truth, info in zip(solution_strs, ground_truths, infos, strict=True)]
    return [verl_row(breakdown) for breakdown in _client(url, token).rewards(samples)]


def _client(url: str | None, token: str | None) -> RewardClient:
    url = url or os.environ.get(URL_VARIABLE)
    if not url:
        raise ConfigError(f"execrl's remote verl reward needs the service URL: pass reward_kwargs.url or set "
                          f"${URL_VARIABLE}")
    token = token or os.environ.get(TOKEN_VARIABLE)
    key = (url, token)
    if key not in _clients:
        _clients[key] = RewardClient(url, token)
    return _clients[key]
