"""Batched trial-solution networks for Hamilton's equations (thesis §8.1-8.3; the
architecture of Mattheakis et al. 2022 that the thesis reuses).

K independent networks t -> N(t) with two sin hidden layers live in stacked tensors
(leading dimension K), so K trajectories (seeds x masks x arms) train as one tensor
program.  The trial solution z(t) = z0 + (1 - exp(-(t - t0))) N(t) meets the initial
condition exactly.  dN/dt is propagated in forward mode alongside N (a tangent pass
through each layer), so the loss needs one backward pass instead of double backward.
"""
from __future__ import annotations

import math
from typing import Mapping

import torch

from ..ulp import nudge_tensor

#: Prunable weight matrices in forward order; biases (b1, b2, b3) are never pruned.
WEIGHT_NAMES: tuple[str, ...] = ("w1", "w2", "w3")
PARAM_NAMES: tuple[str, ...] = ("w1", "b1", "w2", "b2", "w3", "b3")

Params = dict[str, torch.Tensor]


def param_shapes(outputs: int, hidden: int = 50) -> dict[str, tuple[int, ...]]:
    """Shapes of one network's parameters (out, in) for weights, (out,) for biases."""
    return {"w1": (hidden, 1), "b1": (hidden,), "w2": (hidden, hidden), "b2": (hidden,),
            "w3": (outputs, hidden), "b3": (outputs,)}


def init_params(seeds: list[int] | tuple[int, ...], outputs: int, hidden: int = 50,
                dtype: torch.dtype = torch.float32) -> Params:
    """Stacked initial parameters, one network per seed.

    Each network is drawn from its own ``torch.Generator`` seeded before anything else,
    with PyTorch's default ``nn.Linear`` law U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights
    and biases, so network k depends on ``seeds[k]`` only (not on the batch it is in).
    """
    shapes = param_shapes(outputs, hidden)
    stacked: dict[str, list[torch.Tensor]] = {name: [] for name in PARAM_NAMES}
    for seed in seeds:
        gen = torch.Generator().manual_seed(int(seed))
        for name in PARAM_NAMES:
            fan_in = shapes["w" + name[1]][1]
            bound = 1.0 / math.sqrt(fan_in)
            draw = torch.rand(shapes[name], generator=gen, dtype=torch.float64)
            stacked[name].append(((2 * draw - 1) * bound).to(dtype))
    return {name: torch.stack(values) for name, values in stacked.items()}


def nudge(params: Params, ulps: int) -> Params:
    """Every parameter moved ``ulps`` units in the last place (towards +inf if positive).

    A change of the size by which two CPUs' arithmetic differs (another summation order in a
    matrix product, another vector width): training amplifies it, so a run repeated with it shows
    which results are fixed by the seed and which only by the machine's rounding.
    """
    return params if ulps == 0 else {name: nudge_tensor(value, ulps) for name, value in params.items()}


def network_with_tangent(params: Mapping[str, torch.Tensor], t: torch.Tensor,
                         masks: Mapping[str, torch.Tensor] | None = None
                         ) -> tuple[torch.Tensor, torch.Tensor]:
    """N(t) and dN/dt for K networks at times ``t`` of shape (P,) or (K, P).

    Returns two tensors of shape (K, P, outputs).  ``masks`` (same shapes as the weights)
    multiply the weights, so a pruned weight gets exactly zero gradient.
    """
    def weight(name: str) -> torch.Tensor:
        w = params[name]
        return w if masks is None else w * masks[name]

    w1, w2, w3 = weight("w1"), weight("w2"), weight("w3")
    k = w1.shape[0]
    tt = t.expand(k, -1) if t.dim() == 1 else t
    slope1 = w1[:, None, :, 0]                                   # (K, 1, H)
    h1 = tt[:, :, None] * slope1 + params["b1"][:, None, :]      # (K, P, H)
    a1, da1 = torch.sin(h1), torch.cos(h1) * slope1
    w2t, w3t = w2.transpose(1, 2), w3.transpose(1, 2)
    h2 = torch.baddbmm(params["b2"][:, None, :], a1, w2t)
    dh2 = torch.bmm(da1, w2t)
    a2, da2 = torch.sin(h2), torch.cos(h2) * dh2
    return torch.baddbmm(params["b3"][:, None, :], a2, w3t), torch.bmm(da2, w3t)


def trial_solution(params: Mapping[str, torch.Tensor], t: torch.Tensor, z0: torch.Tensor,
                   masks: Mapping[str, torch.Tensor] | None = None, t0: float = 0.0
                   ) -> tuple[torch.Tensor, torch.Tensor]:
    """z(t) = z0 + (1 - e^{-(t - t0)}) N(t) and dz/dt, each (K, P, dim)."""
    n, dn = network_with_tangent(params, t, masks)
    tt = t if t.dim() == 2 else t[None, :]
    decay = torch.exp(-(tt - t0))[..., None]
    return z0 + (1 - decay) * n, decay * n + (1 - decay) * dn
