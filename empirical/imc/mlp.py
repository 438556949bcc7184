"""A fully connected network held as one flat parameter vector, for pruning comparisons.

The pruning-at-initialisation baselines (SNIP, SynFlow, GraSP), IMP and the inertial-manifold
method (inertial-manifold-lth-paper.md §3.3) all act on the flattened weights W ∈ R^d.  An
``MLP`` fixes the layout of W (per layer: weight then bias, as ``torch.nn.Linear`` stores
them), evaluates the network for one or for a batch of parameter vectors (``torch.func.vmap``),
and says which coordinates are prunable weights (biases never are).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import torch

ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "relu": torch.relu, "tanh": torch.tanh, "sin": torch.sin,
}


@dataclass(frozen=True)
class MLP:
    """Layer widths ``sizes`` = (inputs, hidden..., outputs) and the hidden activation."""

    sizes: tuple[int, ...]
    activation: str = "relu"

    def __post_init__(self) -> None:
        if len(self.sizes) < 2 or any(int(s) < 1 for s in self.sizes):
            raise ValueError(f"sizes must be at least two positive widths, got {self.sizes}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r} (choose from {', '.join(ACTIVATIONS)})")

    @property
    def layers(self) -> list[tuple[int, int]]:
        """(fan_in, fan_out) per layer."""
        return list(zip(self.sizes[:-1], self.sizes[1:]))

    @property
    def dim(self) -> int:
        """d, the number of parameters (weights and biases)."""
        return sum(i * o + o for i, o in self.layers)

    def weight_coordinates(self) -> torch.Tensor:
        """Boolean (d,) vector: True at the weight entries, False at the biases."""
        parts = []
        for i, o in self.layers:
            parts += [torch.ones(i * o, dtype=torch.bool), torch.zeros(o, dtype=torch.bool)]
        return torch.cat(parts)

    def layer_index(self) -> torch.Tensor:
        """(d,) integer vector: the layer each coordinate belongs to."""
        return torch.cat([torch.full((i * o + o,), n) for n, (i, o) in enumerate(self.layers)])

    def unflatten(self, flat: torch.Tensor) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """[(weight (out, in), bias (out,)), ...] views of one flat vector."""
        if flat.shape[-1] != self.dim:
            raise ValueError(f"expected {self.dim} parameters, got {flat.shape[-1]}")
        out, start = [], 0
        for i, o in self.layers:
            w = flat[start:start + i * o].reshape(o, i)
            b = flat[start + i * o:start + i * o + o]
            out.append((w, b))
            start += i * o + o
        return out

    def forward_batch(self, flats: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """Outputs (R, n, outputs) of R parameter vectors ``flats`` (R, d) on the same inputs ``x``
        (n, inputs): :meth:`forward` for every row at once, as batched matrix products."""
        if flats.shape[-1] != self.dim:
            raise ValueError(f"expected {self.dim} parameters, got {flats.shape[-1]}")
        act = ACTIVATIONS[self.activation]
        h, start = x.expand(flats.shape[0], *x.shape), 0
        for n, (i, o) in enumerate(self.layers):
            w = flats[:, start:start + i * o].reshape(-1, o, i)
            b = flats[:, start + i * o:start + i * o + o]
            h = torch.baddbmm(b[:, None, :], h, w.transpose(1, 2))
            if n < len(self.layers) - 1:
                h = act(h)
            start += i * o + o
        return h

    def forward(self, flat: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """Network output for inputs ``x`` (n, inputs) and one parameter vector."""
        act = ACTIVATIONS[self.activation]
        layers = self.unflatten(flat)
        h = x
        for n, (w, b) in enumerate(layers):
            h = h @ w.T + b
            if n < len(layers) - 1:
                h = act(h)
        return h

    def init(self, seeds: list[int] | range, dtype: torch.dtype = torch.float64) -> torch.Tensor:
        """(len(seeds), d) initial vectors, one per seed, drawn like ``torch.nn.Linear``'s
        default: weights and biases uniform on ±1/sqrt(fan_in)."""
        rows = []
        for seed in seeds:
            gen = torch.Generator().manual_seed(int(seed))
            parts = []
            for i, o in self.layers:
                bound = 1 / math.sqrt(i)
                parts.append((torch.rand(i * o + o, generator=gen, dtype=dtype) * 2 - 1) * bound)
            rows.append(torch.cat(parts))
        return torch.stack(rows)
