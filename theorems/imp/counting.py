"""Exact arithmetic of IMP's schedule (thesis §2 alg. 1, §8.2): how many weights survive
k rounds at x% of the remaining, and how many rounds reach a target density."""
from __future__ import annotations

import math
from typing import Callable

from empirical.hnn.pruning import PER_ROUND_RULES, prune_count

#: Weight counts of the thesis's networks (1-50-50-out, §8.2-8.3): input layer, hidden
#: layer, NL output layer, HH output layer, whole NL model, whole HH model.
LAYER_SIZES: dict[str, int] = {"input": 50, "hidden": 2500, "output-nl": 100, "output-hh": 200,
                               "full-nl": 2650, "full-hh": 2750}


def survivors(n_weights: int, rate: float, rounds: int, rule: str) -> list[int]:
    """Surviving weight counts n_0 = N, n_{k+1} = n_k - count(x n_k), for k = 0..rounds."""
    counts = [n_weights]
    for _ in range(rounds):
        counts.append(counts[-1] - prune_count(counts[-1], rate, rule))
    return counts


def rounds_to_density(n_weights: int, rate: float, target: float, rule: str,
                      limit: int = 100_000) -> int | None:
    """Rounds until at most ``target`` of the weights survive; None if pruning stalls."""
    n, k = n_weights, 0
    while n > target * n_weights:
        removed = prune_count(n, rate, rule)
        if removed == 0 or k >= limit:
            return None
        n, k = n - removed, k + 1
    return k


def continuous_rounds(rate: float, target: float) -> int:
    """The smallest k with (1 - x)^k <= target."""
    return math.ceil(math.log(target) / math.log1p(-rate) - 1e-12)


def worst_density_gap(n_weights: int, rate: float, rule: str, target: float = 0.1) -> tuple[float, int]:
    """max_k |n_k/N - (1-x)^k| over the rounds that reach ``target`` under the continuous
    schedule, and the round where it is largest."""
    k_max = continuous_rounds(rate, target)
    counts = survivors(n_weights, rate, k_max, rule)
    gaps = [abs(c / n_weights - (1 - rate) ** k) for k, c in enumerate(counts)]
    worst = max(range(len(gaps)), key=gaps.__getitem__)
    return gaps[worst], worst


def roundings(rate: float, remaining: int) -> set[int]:
    """The counts that round x% of ``remaining``: x·n rounded down or up (one count if x·n is whole)."""
    exact = rate * remaining
    return {math.floor(exact + 1e-9), math.ceil(exact - 1e-9)}


def first_untrackable_round(n_weights: int, rate: float, density: Callable[[int], float],
                            rounds: int) -> int | None:
    """The first round k <= ``rounds`` by which *every* schedule that removes a rounding of x% of
    the remaining weights each round (:func:`roundings`, chosen afresh each round) has strayed
    one weight or more from N·density(k); None if some schedule stays within one weight throughout.

    Alg. 1 fixes only that a round removes x% of the survivors; this asks whether *some* way of
    rounding that count keeps the survivors a rounding of N·density(k) (|n_k - N·density(k)| < 1)."""
    def within_one_weight(k: int, n: int) -> bool:
        return abs(n - n_weights * density(k)) < 1 - 1e-9

    if not within_one_weight(0, n_weights):
        return 0
    reachable = {n_weights}
    for k in range(1, rounds + 1):
        reachable = {n - c for n in reachable for c in roundings(rate, n) if within_one_weight(k, n - c)}
        if not reachable:
            return k
    return None


def cumulative_survivors(n_weights: int, rate: float, rounds: int) -> list[int]:
    """The schedule that keeps round(N (1-x)^k) weights after round k (a witness for
    :func:`first_untrackable_round` with density (1-x)^k)."""
    return [math.floor(n_weights * (1 - rate) ** k + 0.5) for k in range(rounds + 1)]


__all__ = ["PER_ROUND_RULES", "LAYER_SIZES", "continuous_rounds", "cumulative_survivors", "first_untrackable_round",
           "rounds_to_density", "roundings", "survivors", "worst_density_gap"]
