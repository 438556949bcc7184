"""Single paths of a bias-free ReLU network (tickets-random-pruning-report.md §3 assumption 3, §7.3).

§7.3 convention: ``d`` weight layers, so ``d - 1`` hidden ReLU layers of width ``w`` and a linear
output ``t``.  A path taken alone as the pruned network computes
``w_d * relu(w_{d-1} * ... relu(w_1 * x))``: it passes its input only if every hidden unit on it
sees a positive value.  Magnitudes never change which units are active, so whether a path passes
an input of a given sign depends on the signs of its weights alone.
"""
from __future__ import annotations

import itertools

import numpy as np

Layers = tuple[np.ndarray, list[np.ndarray], np.ndarray]


def draw_layers(w: int, d: int, trials: int, alpha: float, rng: np.random.Generator) -> Layers:
    """PT weights ``sign(U)|U|**alpha`` of ``trials`` networks, drawn in the order of
    :func:`theorems.tix.path_products.path_products`: first layer (trials, w), ``d - 2`` middle
    layers (trials, w, w), last layer (trials, w)."""
    if w < 1 or d < 2 or trials < 1:
        raise ValueError(f"bad arguments w={w}, d={d}, trials={trials}")

    def weights(*shape: int) -> np.ndarray:
        u = rng.uniform(-1.0, 1.0, size=(trials, *shape))
        return np.sign(u) * np.abs(u) ** alpha

    first = weights(w)
    middle = [weights(w, w) for _ in range(d - 2)]
    return first, middle, weights(w)


def isolated_path_outputs(layers: Layers, x: float, relu: bool = True) -> np.ndarray:
    """Output at ``t`` of every path run alone on input ``x``, shape (trials, w**(d-1)), paths in
    the order of :func:`~theorems.tix.path_products.path_products`; ``relu=False`` gives the
    linear network (the path product times ``x``)."""
    act = (lambda v: np.maximum(v, 0.0)) if relu else (lambda v: v)
    first, middle, last = layers
    trials, w = first.shape
    h = act(first * x)[:, None, :]  # (trials, paths ending at each node, node)
    for weights in middle:
        h = act(h[:, :, :, None] * weights[:, None, :, :]).reshape(trials, -1, w)
    return (h * last[:, None, :]).reshape(trials, -1)


def sign_patterns(d: int) -> np.ndarray:
    """All 2**d sign vectors of a path's d weights, shape (2**d, d)."""
    return np.array(list(itertools.product((1, -1), repeat=d)), dtype=np.int64)


def pattern_outputs(d: int, x_sign: int) -> np.ndarray:
    """Output of the path of every sign pattern (:func:`sign_patterns`, unit magnitudes) on input ``x_sign``."""
    signs = sign_patterns(d)
    layers = (signs[:, :1], [signs[:, i, None, None] for i in range(1, d - 1)], signs[:, -1:])
    return isolated_path_outputs(layers, float(x_sign))[:, 0]


def passing_fraction(d: int, x_sign: int) -> float:
    """Exact share of sign patterns whose path carries an input of sign ``x_sign`` to ``t`` (a nonzero
    output): the probability under any symmetric weight law whose signs are independent of the magnitudes."""
    return float(np.count_nonzero(pattern_outputs(d, x_sign)) / 2**d)
