"""Balls and bins of tickets-random-pruning-report.md §3.1, exactly, and the report's bound.

The report throws ``k`` balls (pruning steps) uniformly into ``d - 1`` bins (prunable edge
layers) and wants no bin to reach ``w**2`` balls (a layer with every edge removed).
"""
from __future__ import annotations

import itertools
import math

import numpy as np
from scipy.stats import poisson


def pruning_bound(w: int, bins: int, c: float) -> float:
    """The report's bound on k (§3.1 final display; §3.2 with ``bins = d - 2``):
    ``bins * w**2 / exp(1 + ln(bins)/w**2 + ln(c)/w**2)``."""
    if w < 1 or bins < 1 or c <= 0:
        raise ValueError(f"bad arguments w={w}, bins={bins}, c={c}")
    return bins * w * w / math.exp(1 + math.log(bins) / w**2 + math.log(c) / w**2)


def largest_k_below(bound: float) -> int:
    """The largest integer strictly below ``bound`` (the report requires ``k < bound``)."""
    return math.ceil(bound) - 1


def p_max_load_at_least(k: int, bins: int, m: int) -> float:
    """Exact P(some bin holds >= m balls) after ``k`` uniform throws into ``bins`` bins.

    Uses P(all loads < m) = F^n P(S_n = k) / Pois(k; k), where F = P(Pois(k/n) < m) and
    S_n is a sum of ``n`` Poisson(k/n) variables truncated below ``m`` (de-Poissonisation;
    every term is non-negative, so the direct convolutions lose no relative precision).
    """
    if k < 0 or bins < 1 or m < 1:
        raise ValueError(f"bad arguments k={k}, bins={bins}, m={m}")
    if k < m:
        return 0.0
    if bins == 1 or k > bins * (m - 1):
        return 1.0  # pigeonhole
    lam = k / bins
    pmf = poisson.pmf(np.arange(m), lam)
    truncated_mass = pmf.sum()
    pmf = pmf / truncated_mass
    total = _convolution_power(pmf, bins, k)[k]
    log_all_below = bins * math.log(truncated_mass) + math.log(total) - poisson.logpmf(k, k)
    return float(max(0.0, -math.expm1(log_all_below)))


def _convolution_power(pmf: np.ndarray, n: int, top: int) -> np.ndarray:
    """The ``n``-fold convolution of ``pmf``, truncated to indices ``0..top``."""
    result = np.zeros(top + 1)
    result[0] = 1.0
    base = pmf[: top + 1]
    while n:
        if n & 1:
            result = np.convolve(result, base)[: top + 1]
        n >>= 1
        if n:
            base = np.convolve(base, base)[: top + 1]
    return result


def p_max_load_brute_force(k: int, bins: int, m: int) -> float:
    """P(some bin >= m) by enumerating all ``bins**k`` sequences (tiny cases, for tests)."""
    hits = sum(1 for seq in itertools.product(range(bins), repeat=k) if max(np.bincount(seq, minlength=bins)) >= m)
    return hits / bins**k


def union_step_terms(k: int, w: int, d: int, union_bins: float, rhs_exponent: float) -> tuple[float, float]:
    """The two sides of the second line of the first display in §3.1: ``union_bins`` times the
    one-bin term ``C(k, w^2) (1/(d-1))^{w^2} ((d-2)/(d-1))^{k-w^2}``, and the stated bound
    ``C(k, w^2) (1/(d-1))^{rhs_exponent} ((d-2)/(d-1))^{k-w^2}``.  The report prints
    ``union_bins = d`` and ``rhs_exponent = w^2 - 1``."""
    m = w * w
    common = math.comb(k, m) * ((d - 2) / (d - 1)) ** (k - m)
    return union_bins * common * (1 / (d - 1)) ** m, common * (1 / (d - 1)) ** rhs_exponent
