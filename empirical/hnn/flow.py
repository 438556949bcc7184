"""IMP flow (thesis §5.2 eq. 35-37): layer shares M_i(n), ratios λ_i and exponents σ_i."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import torch

from .network import WEIGHT_NAMES

AVERAGES: tuple[str, ...] = ("geometric", "arithmetic")


def magnitude_shares(params: Mapping[str, torch.Tensor], masks: Mapping[str, torch.Tensor],
                     layers: Sequence[str] = WEIGHT_NAMES) -> np.ndarray:
    """Eq. 35: M_i = sum |m θ| over layer i / sum |m θ| over all layers, shape (K, L).

    Biases are left out (they are never masked); a network with every weight pruned has
    no defined share and gets NaN."""
    mass = np.stack([(params[n] * masks[n]).abs().reshape(params[n].shape[0], -1).sum(1)
                     .double().numpy() for n in layers], axis=-1)
    total = mass.sum(-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, mass / total, np.nan)


def flow_ratios(shares: np.ndarray) -> np.ndarray:
    """Eq. 36: λ_i(n) = M_i(n+1) / M_i(n) from shares of shape (rounds+1, K, L)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return shares[1:] / shares[:-1]


def sigma_from_ratios(ratios: np.ndarray, rate: float, average: str = "geometric") -> np.ndarray:
    """Eq. 37: σ_i = log_c λ_i with c = 1/(1 - rate), λ averaged over rounds (axis 0).

    ``geometric`` averages log λ (equivalently fits log M_i linearly in n);
    ``arithmetic`` averages λ first.  The thesis does not say which."""
    if average not in AVERAGES:
        raise ValueError(f"unknown average {average!r} (choose from {', '.join(AVERAGES)})")
    log_c = -np.log1p(-rate)
    if average == "geometric":
        return np.nanmean(np.log(ratios), axis=0) / log_c
    return np.log(np.nanmean(ratios, axis=0)) / log_c


def relative_sem(ratios: np.ndarray) -> np.ndarray:
    """Standard error of the mean of λ_i over rounds, relative to the mean (axis 0)."""
    n = np.sum(np.isfinite(ratios), axis=0)
    return np.nanstd(ratios, axis=0, ddof=1) / np.sqrt(n) / np.nanmean(ratios, axis=0)
