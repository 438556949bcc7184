"""Where IMC cuts the spectrum (inertial-manifold-lth-paper.md §3.1 after Theorem 5,
§3.3 step 5).

Eigenvalues of -H(W*) are sorted ascending, λ_1 ≤ ... ≤ λ_d; a cut k (1 ≤ k < d) is
admissible when λ_{k+1} - λ_k > 4K.  W+ is the span of λ_{k+1}, ..., λ_d (dimension d-k)
and W- the rest, so the "sparsity" the paper reports is k/d.
"""
from __future__ import annotations

import numpy as np


def admissible_cuts(eigenvalues: np.ndarray, lipschitz: float) -> np.ndarray:
    """All k (1-based, ascending) with λ_{k+1} - λ_k > 4K; eigenvalues need not be sorted."""
    lam = np.sort(np.asarray(eigenvalues, dtype=float))
    if lipschitz < 0:
        raise ValueError(f"a Lipschitz constant is non-negative, got {lipschitz}")
    return np.nonzero(np.diff(lam) > 4 * lipschitz)[0] + 1


def cut_largest(eigenvalues: np.ndarray, lipschitz: float) -> int | None:
    """§3.1: among admissible cuts take the largest k (the smallest W+); None if none."""
    cuts = admissible_cuts(eigenvalues, lipschitz)
    return int(cuts[-1]) if len(cuts) else None


def cut_scanning_from_top(eigenvalues: np.ndarray, lipschitz: float) -> int | None:
    """§3.3 step 5, literally: compare (λ_d, λ_{d-1}), (λ_{d-1}, λ_{d-2}), ... and stop at the
    first pair whose gap exceeds 4K."""
    lam = np.sort(np.asarray(eigenvalues, dtype=float))
    for k in range(len(lam) - 1, 0, -1):
        if lam[k] - lam[k - 1] > 4 * lipschitz:
            return k
    return None


def reachable_cuts(eigenvalues: np.ndarray) -> list[int]:
    """Every k that ``cut_largest`` returns for some K >= 0: a gap larger than every gap above it."""
    gaps = np.diff(np.sort(np.asarray(eigenvalues, dtype=float)))
    above = np.maximum(np.append(np.maximum.accumulate(gaps[::-1])[::-1][1:], 0.0), 0.0)
    return [k + 1 for k in range(len(gaps)) if gaps[k] > above[k]]


def kept_dimension(eigenvalues: np.ndarray, k: int | None) -> int:
    """dim W+ = d - k (the whole space when there is no cut)."""
    return len(eigenvalues) - (k or 0)
