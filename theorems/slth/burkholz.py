"""The Burkholz-style construction of Lemma 8 / Theorem 7 in integer codes.

Target (Type I): weights W_1 (d_1 × d_0), ..., W_l (d_l × d_(l-1)) as codes in units of δ.
Large network (Type III, l + 1 layers, weights from {±δ, ..., ±1}):

* M_1 (d_0·block × d_0), pruned block-diagonally, and M_2 (d_1·copies × d_0·block): every row
  (i, k) is copy k of target neuron i and realises Σ_j W_1[i, j] x_j with Lemma 5 blocks;
* M_(t+1) (d_t·copies × d_(t-1)·copies) for 2 <= t < l, and M_(l+1) (d_l × d_(l-1)·copies):
  the copies of a neuron carry the same value y_i, so weight W_t[i', i] is a subset sum of the
  random weights from the copies of i into one unit of i'.

Type III rounding: the first layer's output is kept exact, every later layer is truncated to δ.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .constructions import PairPruner, truncate
from .subset_dp import SubsetSums


@dataclass(frozen=True)
class BurkholzNetwork:
    """Random weights of the large network; ``weights[0]`` is M_1."""

    weights: tuple[np.ndarray, ...]
    block: int
    copies: int


def random_network(rng: np.random.Generator, dims: tuple[int, ...], K: int, block: int, copies: int) -> BurkholzNetwork:
    """Weights uniform on {±1, ..., ±K} (codes of {±δ, ..., ±1}) with the construction's shapes."""
    def draw(shape):
        magnitude = rng.integers(1, K + 1, shape)
        return np.where(rng.random(shape) < 0.5, -magnitude, magnitude)

    l = len(dims) - 1
    shapes = [(dims[0] * block, dims[0]), (dims[1] * (copies if l > 1 else 1), dims[0] * block)]
    for t in range(2, l + 1):
        rows = dims[t] * (copies if t < l else 1)
        shapes.append((rows, dims[t - 1] * copies))
    return BurkholzNetwork(tuple(draw(s) for s in shapes), block, copies)


def burkholz_masks(net: BurkholzNetwork, targets: list[np.ndarray], K: int) -> list[np.ndarray] | None:
    """Pruning masks making ``net`` equal the target network exactly, or None if some subset
    sum has no solution. ``targets`` are δ-codes; K = 1/δ."""
    l, block, copies = len(targets), net.block, net.copies
    masks = [np.zeros(w.shape, dtype=bool) for w in net.weights]
    d0 = targets[0].shape[1]
    for j in range(d0):  # M_1: block j serves input j
        masks[0][j * block:(j + 1) * block, j] = True
    first_copies = copies if l > 1 else 1
    for row in range(net.weights[1].shape[0]):  # M_2: Lemma 5 blocks, target W_1[i, j] in units of δ²
        i = row // first_copies
        for j in range(d0):
            cols = slice(j * block, (j + 1) * block)
            mask = PairPruner(net.weights[0][cols, j], net.weights[1][row, cols]).mask(int(targets[0][i, j]) * K)
            if mask is None:
                return None
            masks[1][row, cols] = mask
    for t in range(2, l + 1):  # later layers: subset sums over the copies of each input neuron
        W, M = targets[t - 1], net.weights[t]
        out_copies = copies if t < l else 1
        for row in range(M.shape[0]):
            i_out = row // out_copies
            for i_in in range(W.shape[1]):
                cols = np.arange(i_in * copies, (i_in + 1) * copies)
                witness = SubsetSums(M[row, cols]).witness(int(W[i_out, i_in]))
                if witness is None:
                    return None
                masks[t][row, cols[witness]] = True
    return masks


def burkholz_forward(net: BurkholzNetwork, masks: list[np.ndarray], x: np.ndarray, k: int) -> np.ndarray:
    """The pruned Type III network on integer δ-code inputs (columns of ``x``), δ = 10^-k."""
    h = np.maximum(0, (net.weights[0] * masks[0]) @ x)  # units δ², not rounded (Type III)
    exponent = 2 * k
    for t in range(1, len(net.weights)):
        pre = truncate((net.weights[t] * masks[t]) @ h, exponent + k, k)
        h = pre if t == len(net.weights) - 1 else np.maximum(0, pre)
        exponent = k
    return h
