"""Exact engines for number partitioning and subset sum (npp-quantized-slth-thesis.md §3.3, §5.1.4).

All engines split the items into two halves, enumerate each half's 2^(n/2) partial sums
(meet in the middle) and match them through a sorted array, so n = 40 costs two arrays of
about a million sums.  Everything is exact integer arithmetic in int64; inputs whose sums
could overflow are refused with an error naming the value.
"""
from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np

#: Largest number of items handled (two halves of 2^26 int64 sums = 1 GiB at the limit).
MAX_ITEMS = 52
_INT64_SAFE = 2**62


def _as_items(x) -> np.ndarray:
    items = np.asarray(x)
    if items.ndim != 1 or not np.issubdtype(items.dtype, np.integer):
        raise TypeError(f"expected a 1-D integer array, got dtype {items.dtype} and shape {items.shape}")
    if items.size > MAX_ITEMS:
        raise ValueError(f"{items.size} items exceed the supported maximum of {MAX_ITEMS}")
    total = int(np.sum(np.abs(items.astype(object)))) if items.size else 0
    if total >= _INT64_SAFE:
        raise OverflowError(f"sum of |x| = {total} could overflow int64 (limit 2^62)")
    return items.astype(np.int64)


def half_sums(x: np.ndarray, low: int, high: int) -> np.ndarray:
    """All 2^k sums Σ c_i x_i with c_i in {low, high} over the last axis of ``x`` (length k;
    leading axes are batched); bit j of a sum's index is 1 when item j takes ``high``."""
    x = np.asarray(x, dtype=np.int64)
    sums = np.zeros((*x.shape[:-1], 1), dtype=np.int64)
    for j in range(x.shape[-1]):
        value = x[..., j : j + 1]
        sums = np.concatenate([sums + low * value, sums + high * value], axis=-1)
    return sums


def count_signings(x, target: int) -> int:
    """Number of sign vectors σ in {-1, 1}^n with Σ σ_i x_i = ``target`` (exact)."""
    items = _as_items(x)
    if items.size == 0:
        return int(target == 0)
    if abs(int(target)) >= _INT64_SAFE:
        raise OverflowError(f"target {target} could overflow int64")
    half = items.size // 2
    left, right = half_sums(items[:half], -1, 1), np.sort(half_sums(items[half:], -1, 1))
    needed = target - left
    counts = np.searchsorted(right, needed, side="right") - np.searchsorted(right, needed, side="left")
    return int(counts.sum())


def count_signings_brute_force(x, target: int) -> int:
    """The same count by enumerating all 2^n signed sums (vectorised; for tests and benchmarks)."""
    items = _as_items(x)
    return int(np.count_nonzero(half_sums(items, -1, 1) == target))


def min_discrepancy(x, target: int = 0) -> int:
    """min over σ of |σ·x - target| (Definition 3 of the thesis), exactly."""
    items = _as_items(x)
    if abs(int(target)) >= _INT64_SAFE:
        raise OverflowError(f"target {target} could overflow int64")
    half = items.size // 2
    left, right = half_sums(items[:half], -1, 1), np.sort(half_sums(items[half:], -1, 1))
    wanted = target - left  # the best right-half sum for each left-half sum
    pos = np.searchsorted(right, wanted)
    below = np.abs(right[np.maximum(pos - 1, 0)] - wanted)
    above = np.abs(right[np.minimum(pos, right.size - 1)] - wanted)
    return int(np.minimum(below, above).min())


def min_discrepancies(instances: np.ndarray, target: int = 0) -> np.ndarray:
    """:func:`min_discrepancy` for each row of ``instances`` (shape (trials, n)).

    Rows are processed one at a time on purpose: each half (2^(n/2) sums) then stays in
    cache, which measured faster than one batched search over all rows.
    """
    instances = np.asarray(instances)
    if instances.ndim != 2:
        raise ValueError(f"instances must have shape (trials, n), got {instances.shape}")
    return np.array([min_discrepancy(row, target) for row in instances], dtype=np.int64)


def subset_sum_witness(x, target: int) -> np.ndarray | None:
    """Indices of a subset of ``x`` summing exactly to ``target``, or None if none exists."""
    items = _as_items(x)
    if items.size == 0:
        return np.zeros(0, dtype=np.int64) if target == 0 else None
    half = items.size // 2
    left, right = half_sums(items[:half], 0, 1), half_sums(items[half:], 0, 1)
    order = np.argsort(right, kind="stable")
    sorted_right = right[order]
    needed = target - left
    pos = np.searchsorted(sorted_right, needed)
    hit = (pos < sorted_right.size) & (sorted_right[np.minimum(pos, sorted_right.size - 1)] == needed)
    if not hit.any():
        return None
    i = int(np.argmax(hit))
    j = int(order[pos[i]])
    chosen = [k for k in range(half) if i >> k & 1] + [half + k for k in range(items.size - half) if j >> k & 1]
    return np.array(chosen, dtype=np.int64)


def exact_partition_probabilities(n: int, M: int) -> dict[str, float]:
    """Exact probabilities over all M^n instances X uniform on {1..M}^n (Definitions 2-5 of the thesis):
    ``"P(Z_n>0)"`` (some |σ·X| <= 1, a perfect partition), ``"P(Z_n0>0)"`` (some σ·X = 0),
    ``"P(Z_n1>0)"`` (some |σ·X| = 1) and ``"P(E_n)"`` (ΣX even).

    Instances are enumerated as multisets with multinomial weights, so (n, M) = (8, 5) takes 495
    multisets instead of 390625 tuples.
    """
    if n < 1 or M < 1:
        raise ValueError(f"need n >= 1 and M >= 1, got n={n}, M={M}")
    multisets = np.array(list(itertools.combinations_with_replacement(range(1, M + 1), n)), dtype=np.int64)
    counts = [math.factorial(n) // math.prod(math.factorial(c) for c in Counter(row.tolist()).values()) for row in multisets]
    weights = np.array(counts, dtype=np.float64) / float(M) ** n
    sums = np.abs(half_sums(multisets, -1, 1))
    zero, one = (sums == 0).any(axis=1), (sums == 1).any(axis=1)
    return {"P(Z_n>0)": float(weights[zero | one].sum()), "P(Z_n0>0)": float(weights[zero].sum()),
            "P(Z_n1>0)": float(weights[one].sum()), "P(E_n)": float(weights[multisets.sum(axis=1) % 2 == 0].sum())}
