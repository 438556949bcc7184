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


def single_weight_mask(u, v, target: int) -> np.ndarray | None:
    """Lemma 5: a mask s with Σ_{u_i>0} s_i u_i v_i = target and Σ_{u_i<0} s_i u_i v_i = target.

    Then x -> Σ_i s_i v_i relu(u_i x) equals target·x for every real x (positive x use the
    units with u_i > 0, negative x those with u_i < 0). Returns None only when no such mask
    exists.
    """
    u, v = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
    if u.shape != v.shape or u.ndim != 1:
        raise ValueError(f"u and v must be 1-D of equal length, got {u.shape} and {v.shape}")
    mask = np.zeros(u.size, dtype=bool)
    for side in (u > 0, u < 0):
        idx = np.flatnonzero(side)
        witness = SubsetSums(u[idx] * v[idx]).witness(target)
        if witness is None:
            return None
        mask[idx[witness]] = True
    return mask


def single_weight_output(u, v, mask, x) -> np.ndarray:
    """Σ_i mask_i v_i relu(u_i x) for integer inputs x (exact integers)."""
    u, v, mask = (np.asarray(a, dtype=np.int64) for a in (u, v, mask))
    x = np.asarray(x, dtype=np.int64)
    return (np.maximum(0, np.multiply.outer(x, u)) * (v * mask)).sum(axis=-1)


def represents_every_weight(u, v, targets) -> bool:
    """Whether one random pair (u, v) can be pruned to every target code (Lemma 5's ∀w)."""
    u, v = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
    return all(bool(SubsetSums(u[side] * v[side]).contains(targets).all()) for side in (u > 0, u < 0))


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
