"""Deterministic block-spin projections as maps between configurations
(imp-renormalisation-group-thesis.md §4.2, requirements (i)-(iii)).

A deterministic projection assigns each configuration S of N spins a block configuration S' of
N' block spins; P(S, S') is 1 on that S' and 0 elsewhere, so Σ_S' P(S, S') (requirement (iii)) is the
number of block configurations S is sent to.  Majority rule on even blocks leaves a tie without a
value (sign 0) unless a tie rule supplies one; decimation keeps one spin per block.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .ising import all_configurations

TIE_RULES = ("none", "first")


def block_spins(spins: np.ndarray, blocks: Sequence[np.ndarray], tie: str = "none") -> np.ndarray:
    """sign(Σ_{i∈I} S_i) per configuration (rows) and block (columns).  A tie gives 0 (no admissible
    block spin) with ``tie='none'`` and the sign of the block's first spin with ``tie='first'``."""
    if tie not in TIE_RULES:
        raise ValueError(f"unknown tie rule {tie!r} (choose from {', '.join(TIE_RULES)})")
    sums = np.stack([spins[:, blk].sum(axis=1) for blk in blocks], axis=1).astype(np.int64)
    if tie == "first":  # doubling keeps every nonzero sum's sign; the first spin only decides ties
        sums = 2 * sums + np.stack([spins[:, blk[0]] for blk in blocks], axis=1)
    return np.sign(sums).astype(np.int8)


def deterministic_projection(assigned: np.ndarray) -> np.ndarray:
    """P(S, S') = Π_I δ(S'_I, assigned[S, I]) for every S (rows) and S' (columns, ordered as
    :func:`theorems.rg.ising.all_configurations`)."""
    primes = all_configurations(assigned.shape[1])
    return np.all(primes[None, :, :] == assigned[:, None, :], axis=2).astype(np.int64)


def mapping_counts(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(Σ_S' P(S, S') per S: the images of S; Σ_S P(S, S') per S': the preimages of S')."""
    return p.sum(axis=1), p.sum(axis=0)
