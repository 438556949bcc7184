"""Exact pruning constructions of chapter 5 in integer codes (Lemma 5 and Lemma 7, Pensia style).

A δ-quantised weight is its integer code c (weight c·δ); products of two weights are codes
in units of δ². A target weight w of precision δ_1 >= δ is given as its code in units of δ²,
i.e. w/δ² (an integer because precisions are powers of ten).
"""
from __future__ import annotations

import numpy as np

from .subset_dp import SubsetSums


def truncate(codes, from_exponent: int, to_exponent: int) -> np.ndarray:
    """The thesis's [·]_δ: drop decimal digits, rounding toward zero (0.4326 -> 0.43).

    ``codes`` are integers in units of 10^-from_exponent; the result is in units of
    10^-to_exponent (to_exponent <= from_exponent).
    """
    if to_exponent > from_exponent:
        raise ValueError(f"cannot add precision: 10^-{from_exponent} -> 10^-{to_exponent}")
    codes = np.asarray(codes, dtype=np.int64)
    factor = 10 ** (from_exponent - to_exponent)
    return np.sign(codes) * (np.abs(codes) // factor)


class PairPruner:
    """Lemma 5 for one random pair network x -> v^T relu(ux): subset sums of the products
    u_i v_i over the units with u_i > 0 (positive inputs) and with u_i < 0 (negative inputs),
    computed once and queried for any number of targets."""

    def __init__(self, u, v) -> None:
        self.u, self.v = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
        if self.u.shape != self.v.shape or self.u.ndim != 1:
            raise ValueError(f"u and v must be 1-D of equal length, got {self.u.shape} and {self.v.shape}")
        self.sides = [np.flatnonzero(self.u > 0), np.flatnonzero(self.u < 0)]
        self.sums = [SubsetSums(self.u[idx] * self.v[idx]) for idx in self.sides]

    def mask(self, target: int) -> np.ndarray | None:
        """A mask s with Σ_{u_i>0} s_i u_i v_i = target = Σ_{u_i<0} s_i u_i v_i, or None if none exists.

        Then x -> Σ_i s_i v_i relu(u_i x) equals target·x for every real x."""
        mask = np.zeros(self.u.size, dtype=bool)
        for idx, sums in zip(self.sides, self.sums):
            witness = sums.witness(target)
            if witness is None:
                return None
            mask[idx[witness]] = True
        return mask

    def represents(self, targets) -> bool:
        """Whether every target can be realised (Lemma 5's ∀w)."""
        return all(bool(sums.contains(targets).all()) for sums in self.sums)


def single_weight_mask(u, v, target: int) -> np.ndarray | None:
    """Lemma 5 for a single target (see :class:`PairPruner`)."""
    return PairPruner(u, v).mask(target)


def single_weight_output(u, v, mask, x) -> np.ndarray:
    """Σ_i mask_i v_i relu(u_i x) for integer inputs x (exact integers)."""
    u, v, mask = (np.asarray(a, dtype=np.int64) for a in (u, v, mask))
    x = np.asarray(x, dtype=np.int64)
    return (np.maximum(0, np.multiply.outer(x, u)) * (v * mask)).sum(axis=-1)


def represents_every_weight(u, v, targets) -> bool:
    """Whether one random pair (u, v) can be pruned to every target code (Lemma 5's ∀w)."""
    return PairPruner(u, v).represents(targets)


def layer_masks(M, N, W, block: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Lemma 7 (Pensia): prune M (m x d1) to block-diagonal form and N (d2 x m) so that
    (S ⊙ N) relu((T ⊙ M) x) = W x, with W (d2 x d1) given in units of δ² and m = d1·block.

    Hidden units j·block .. (j+1)·block - 1 serve input j; for each output i they realise
    W[i, j] by Lemma 5. Returns (T, S) or None if some weight cannot be realised.
    """
    M, N, W = (np.asarray(a, dtype=np.int64) for a in (M, N, W))
    d2, d1 = W.shape
    if M.shape != (d1 * block, d1) or N.shape != (d2, d1 * block):
        raise ValueError(f"need M of shape {(d1 * block, d1)} and N of shape {(d2, d1 * block)}, got {M.shape}, {N.shape}")
    T = np.zeros(M.shape, dtype=bool)
    S = np.zeros(N.shape, dtype=bool)
    for j in range(d1):
        rows = slice(j * block, (j + 1) * block)
        T[rows, j] = True
        for i in range(d2):
            mask = single_weight_mask(M[rows, j], N[i, rows], int(W[i, j]))
            if mask is None:
                return None
            S[i, rows] = mask
    return T, S


def two_layer_output(M, N, T, S, x) -> np.ndarray:
    """(S ⊙ N) relu((T ⊙ M) x) for integer input columns x (shape (d1, k)), exactly."""
    M, N = np.asarray(M, dtype=np.int64), np.asarray(N, dtype=np.int64)
    hidden = np.maximum(0, (M * T) @ np.asarray(x, dtype=np.int64))
    return (N * S) @ hidden
