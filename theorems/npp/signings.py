"""Exact engines for number partitioning and subset sum (npp-quantized-slth-thesis.md §3.3, §5.1.4).

All engines split the items into two halves, enumerate each half's 2^(n/2) partial sums
(meet in the middle) and match them through a sorted array, so n = 40 costs two arrays of
about a million sums.  Everything is exact integer arithmetic in int64; inputs whose sums
could overflow are refused with an error naming the value.

The counting and discrepancy engines sort *both* halves and search the sorted right half
with the left half's sums in increasing order, a batch at a time, so consecutive binary
searches touch the same cache lines and each 4 more items cost about 4-5x, as 2^(n/2) sums
should (n = 48 in about a second on 2 cores).  Searching the 2^(n/2) left sums in index order
(:func:`count_signings_unsorted`, the first version, kept for the benchmark) is random access:
20-40x slower at n = 44.  A Horowitz-Sahni merge that builds each half already sorted measured
1.5-7x slower than numpy's vectorised sort of the finished half, so the halves are sorted, not
merged; ``python -m benchmarks.npp_engines`` prints all three side by side.
"""
from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterator

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
    sums = np.zeros((*x.shape[:-1], 2 ** x.shape[-1]), dtype=np.int64)
    for j in range(x.shape[-1]):  # in place: the first 2^j sums get item j's low value, their copies its high one
        value, m = x[..., j : j + 1], 1 << j
        np.add(sums[..., :m], high * value, out=sums[..., m : 2 * m])
        sums[..., :m] += low * value
    return sums


def _checked_target(target: int) -> int:
    if abs(int(target)) >= _INT64_SAFE:
        raise OverflowError(f"target {target} could overflow int64")
    return int(target)


def sorted_signed_sums(x: np.ndarray) -> np.ndarray:
    """All 2^k signed sums Σ σ_i x_i of the k items ``x``, in increasing order."""
    sums = half_sums(x, -1, 1)
    sums.sort()
    return sums


#: Needles searched per batch: small enough for a batch and its positions to stay in cache.
_CHUNK = 1 << 16


def _sorted_searches(items: np.ndarray, target: int) -> tuple[int, np.ndarray, Iterator[tuple[np.ndarray, np.ndarray]]]:
    """Meet in the middle, cache-friendly.  Returns ``(copies, right, batches)``: the right half's signed sums in
    order, and batches (needed, first) where ``needed`` runs through ``target`` minus the left half's signed sums in
    increasing order and ``first`` is the first position in ``right`` holding a sum >= each needle.

    For target 0 the sign of item 0 is fixed to +1 (σ and -σ hit 0 together), which halves the left half; then
    every match stands for ``copies`` = 2 sign vectors, else 1."""
    half = max(items.size // 2, 1)
    copies = 2 if target == 0 else 1
    left = sorted_signed_sums(items[1:half]) + items[0] if copies == 2 else sorted_signed_sums(items[:half])
    needed = target - left[::-1]
    right = sorted_signed_sums(items[half:])

    def batches() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for start in range(0, needed.size, _CHUNK):
            chunk = needed[start : start + _CHUNK]
            yield chunk, np.searchsorted(right, chunk)

    return copies, right, batches()


def count_signings(x, target: int) -> int:
    """Number of sign vectors σ in {-1, 1}^n with Σ σ_i x_i = ``target`` (exact).

    Both halves are sorted and the right half is searched with the needed sums in increasing
    order, a batch at a time; only needles that match are searched again for their count.
    """
    items = _as_items(x)
    if items.size == 0:
        return int(target == 0)
    copies, right, batches = _sorted_searches(items, _checked_target(target))
    total = 0
    for needed, first in batches:
        hit = first < right.size
        hit[hit] = right[first[hit]] == needed[hit]
        total += int((np.searchsorted(right, needed[hit], side="right") - first[hit]).sum())
    return copies * total


def count_signings_unsorted(x, target: int) -> int:
    """:func:`count_signings` with the first version's search: the left half's sums are searched in
    index order, i.e. in random order (kept as the benchmark's baseline; same sum generation)."""
    items = _as_items(x)
    if items.size == 0:
        return int(target == 0)
    target = _checked_target(target)
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
    """min over σ of |σ·x - target| (Definition 3 of the thesis), exactly.

    Every σ·x has the parity of Σx, so the search stops as soon as it meets that floor (0 or 1)."""
    items = _as_items(x)
    target = _checked_target(target)
    if items.size == 0:
        return abs(target)
    floor = int(items.sum() - target) % 2
    _, right, batches = _sorted_searches(items, target)
    best = None
    for needed, first in batches:  # the best right-half sum for a needle is at first - 1 or first
        above = np.abs(right[np.minimum(first, right.size - 1)] - needed)
        below = np.abs(right[np.maximum(first - 1, 0)] - needed)
        closest = int(np.minimum(above, below).min())
        best = closest if best is None else min(best, closest)
        if best == floor:
            break
    return best


def min_discrepancies(instances: np.ndarray, target: int = 0) -> np.ndarray:
    """:func:`min_discrepancy` for each row of ``instances`` (shape (trials, n)).

    Rows are processed one at a time on purpose: each half (2^(n/2) sums) then stays in
    cache, which measured faster than one batched search over all rows.
    """
    instances = np.asarray(instances)
    if instances.ndim != 2:
        raise ValueError(f"instances must have shape (trials, n), got {instances.shape}")
    return np.array([min_discrepancy(row, target) for row in instances], dtype=np.int64)


def perfect_partitions_exist(instances: np.ndarray) -> np.ndarray:
    """For each row X of ``instances`` (shape (trials, n)), whether some signing has |σ·X| <= 1, exactly.

    Meet in the middle over many rows at once: the first item's sign is fixed (σ and -σ give opposite sums), the
    right half's 2^(n - n/2) sums are sorted per row and shifted by a per-row offset larger than any |sum|, so one
    :func:`numpy.searchsorted` over the flattened arrays answers every row without a Python loop.  Faster than
    :func:`min_discrepancies` while 2^(n/2) sums fit in cache (n <= 24); above, the per-row engine is used."""
    X = np.asarray(instances, dtype=np.int64)
    if X.ndim != 2 or X.shape[1] < 2:
        raise ValueError(f"instances must have shape (trials, n >= 2), got {X.shape}")
    trials, n = X.shape
    if n > 24:
        return min_discrepancies(X) <= 1
    h = n // 2
    span = 2 * int(np.abs(X).sum(axis=1).max()) + 8  # larger than any difference of two sums of one row
    chunk = max(1, 2**21 // 2 ** (n - h))
    out = np.empty(trials, dtype=bool)
    for start in range(0, trials, chunk):
        x = X[start:start + chunk]
        offsets = (np.arange(x.shape[0], dtype=np.int64) * span)[:, None]
        left = x[:, :1] + half_sums(x[:, 1:h], -1, 1)
        right = (np.sort(half_sums(x[:, h:], -1, 1), axis=1) + offsets).ravel()
        lowest = (np.sort(-left, axis=1) - 1 + offsets).ravel()  # a right sum r with |l + r| <= 1 lies in [-l-1, -l+1]
        found = right[np.minimum(np.searchsorted(right, lowest), right.size - 1)] - lowest
        out[start:start + x.shape[0]] = ((found >= 0) & (found <= 2)).reshape(x.shape[0], -1).any(axis=1)
    return out


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
