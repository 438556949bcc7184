"""Which targets are subset sums, with the reachable sums held as one Python-integer bitset.

:class:`theorems.slth.subset_dp.SubsetSums` also records a witness for every sum; the checks of
how often whole constructions succeed (npp-quantized-slth-thesis.md §5.2) only ask whether
targets are reachable, thousands of times over, and a shift-or per item on an integer bitset
does that a hundred times faster than the array programme.
"""
from __future__ import annotations

import numpy as np

from .burkholz import BurkholzNetwork


def reachable_bits(values) -> tuple[int, int]:
    """All subset sums of the integers ``values`` as a bitset: bit s + offset is set iff s is a
    subset sum, offset being minus the sum of the negative values (so every bit index is >= 0)."""
    items = np.asarray(values, dtype=np.int64).tolist()
    offset = -sum(v for v in items if v < 0)
    reach = 1 << offset
    for v in items:
        reach |= reach << v if v >= 0 else reach >> -v
    return reach, offset


def reachable(values, targets) -> np.ndarray:
    """Whether each of ``targets`` is a subset sum of ``values`` (boolean array)."""
    reach, offset = reachable_bits(values)
    size = reach.bit_length()
    buffer = np.frombuffer(reach.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    position = np.asarray(targets, dtype=np.int64) + offset
    inside = (position >= 0) & (position < size)
    position = np.clip(position, 0, size - 1)
    return inside & ((buffer[position >> 3] >> (position & 7)) & 1).astype(bool)


def target_pattern(targets) -> tuple[int, int]:
    """A target set as (lowest target, bitset of target - lowest), for :func:`reaches_all`."""
    codes = np.unique(np.asarray(targets, dtype=np.int64))
    if codes.size == 0:
        raise ValueError("empty target set")
    lowest = int(codes[0])
    return lowest, sum(1 << int(c - lowest) for c in codes)


def reaches_all(values, pattern: tuple[int, int]) -> bool:
    """Whether every target of ``pattern`` (from :func:`target_pattern`) is a subset sum of ``values``."""
    reach, offset = reachable_bits(values)
    lowest, bits = pattern
    shift = offset + lowest
    window = reach >> shift if shift >= 0 else reach << -shift
    return (window & bits) == bits


def pair_sides(u, v) -> tuple[np.ndarray, np.ndarray]:
    """Lemma 5's two subset-sum instances of a pair network x -> v^T relu(ux): the products u_i v_i
    over the units with u_i > 0 (they carry x > 0) and over those with u_i < 0 (x < 0)."""
    u, v = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
    products = u * v
    return products[u > 0], products[u < 0]


def pair_reachable(u, v, targets) -> np.ndarray:
    """Per target code, whether the pair network (u, v) can be pruned to compute target·x exactly
    (both instances of :func:`pair_sides` reach it)."""
    positive, negative = pair_sides(u, v)
    return reachable(positive, targets) & reachable(negative, targets)


def pair_reaches_all(u, v, pattern: tuple[int, int]) -> bool:
    """Whether the pair network (u, v) can be pruned to every target of ``pattern``."""
    positive, negative = pair_sides(u, v)
    return reaches_all(positive, pattern) and reaches_all(negative, pattern)


def burkholz_covers_all(net: BurkholzNetwork, K: int) -> bool:
    """Whether the Lemma 8 / Theorem 7 construction succeeds on ``net`` for every Type I target at once
    (K = 1/δ): every Lemma 5 block of M_2 reaches every weight of S_δ (codes in units of δ²), and in each
    later layer the weights from the copies of every input neuron into every unit reach every code in
    [-K, K]. This is exactly when :func:`theorems.slth.burkholz.burkholz_masks` finds masks for all targets."""
    first, second = net.weights[0], net.weights[1]
    weights = target_pattern(np.arange(-K, K + 1) * K)
    for j in range(first.shape[1]):
        cols = slice(j * net.block, (j + 1) * net.block)
        if not all(pair_reaches_all(first[cols, j], row, weights) for row in second[:, cols]):
            return False
    codes = target_pattern(np.arange(-K, K + 1))
    for M in net.weights[2:]:
        blocks = M.reshape(M.shape[0], M.shape[1] // net.copies, net.copies)
        if not all(reaches_all(items, codes) for row in blocks for items in row):
            return False
    return True
