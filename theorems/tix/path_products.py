"""Path products of a random layered network (tickets-random-pruning-report.md §7.3).

§7.3 convention: ``d`` weight layers, so ``d - 1`` hidden layers of width ``w`` and
``w**(d-1)`` source-sink paths, each the product of ``d`` weights.  The report treats the
events 'path i approximates beta' as independent (its conjecture); here they are not,
because paths share edges.
"""
from __future__ import annotations

import numpy as np


def path_products(w: int, d: int, trials: int, alpha: float, rng: np.random.Generator) -> np.ndarray:
    """Products along all ``w**(d-1)`` paths for ``trials`` independent networks whose
    weights are PT draws ``sign(U)|U|**alpha``; shape ``(trials, w**(d-1))``."""
    if w < 1 or d < 2 or trials < 1:
        raise ValueError(f"bad arguments w={w}, d={d}, trials={trials}")

    def weights(*shape: int) -> np.ndarray:
        u = rng.uniform(-1.0, 1.0, size=(trials, *shape))
        return np.sign(u) * np.abs(u) ** alpha

    prods = weights(w)[:, None, :]  # (trials, paths so far, current node)
    for _ in range(d - 2):
        step = prods[:, :, :, None] * weights(w, w)[:, None, :, :]
        prods = step.reshape(trials, -1, w)
    prods = prods * weights(w)[:, None, :]
    return prods.reshape(trials, -1)
