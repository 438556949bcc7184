"""Estimators of the Lipschitz constant K of the remainder F(U) = -(∇L(W*+U) - H(W*) U)
on the box ‖U‖_∞ ≤ B (inertial-manifold-lth-paper.md §3.1 eq. 15, §3.2 eq. 20-23).

* ``paper_estimate``: the paper's recipe: 2B times the p-norm of a central second difference
  of ∇L along one random unit direction with step Δ (eq. 22-23);
* ``sampled_ratio``: the largest ‖F(U1) - F(U2)‖ / ‖U1 - U2‖ over sampled pairs in the box,
  a lower bound on K;
* ``jacobian_bound``: the largest spectral norm of DF(U) = H(W*) - H(W*+U) over sampled U
  (K itself is the supremum over the box, by the mean value theorem).

All three take the loss as a function of a flat parameter vector (see ``empirical.imc.hessian``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .hessian import LossFn, exact_hessian, hvp


def remainder(loss: LossFn, w_star: torch.Tensor, hessian_at_star: torch.Tensor | None = None):
    """F as a function of U (eq. 15): -(∇L(W*+U) - H(W*) U), with H applied as a matrix when
    given, else by Hessian-vector products."""
    grad = torch.func.grad(loss)

    def apply_h(u: torch.Tensor) -> torch.Tensor:
        return hessian_at_star @ u if hessian_at_star is not None else hvp(loss, w_star, u)

    def f(u: torch.Tensor) -> torch.Tensor:
        return -(grad(w_star + u) - apply_h(u))

    return f


def _box_point(gen: torch.Generator, like: torch.Tensor, bound: float) -> torch.Tensor:
    return (torch.rand(like.shape, generator=gen, dtype=like.dtype) * 2 - 1) * bound


@dataclass(frozen=True)
class PaperEstimate:
    """The paper's K for one direction, with its parts."""

    k: float
    second_difference_norm: float
    step: float
    bound: float


def paper_estimate(loss: LossFn, w_star: torch.Tensor, bound: float, step: float = 0.01, p: float = 2,
                   seed: int = 0, at: torch.Tensor | None = None) -> PaperEstimate:
    """K ≈ 2B ‖(∇L(V + Δm) - 2∇L(V) + ∇L(V - Δm)) / Δ²‖_p with m a random direction of unit
    p-norm and V = ``at`` (default W*), as §3.2 prescribes with p = 2, Δ = 0.01."""
    if step <= 0 or bound <= 0:
        raise ValueError(f"step and bound must be positive, got step={step}, bound={bound}")
    gen = torch.Generator().manual_seed(seed)
    m = torch.randn(w_star.shape, generator=gen, dtype=w_star.dtype)
    m = m / torch.linalg.vector_norm(m, ord=p)
    v = w_star if at is None else at
    grad = torch.func.grad(loss)
    second = (grad(v + step * m) - 2 * grad(v) + grad(v - step * m)) / step**2
    norm = float(torch.linalg.vector_norm(second, ord=p))
    return PaperEstimate(2 * bound * norm, norm, step, bound)


def sampled_ratio(loss: LossFn, w_star: torch.Tensor, bound: float, pairs: int = 64, seed: int = 0,
                  close: float | None = None) -> float:
    """max ‖F(U1) - F(U2)‖₂ / ‖U1 - U2‖₂ over random pairs in the box (a lower bound on K).

    With ``close`` set, U2 = U1 + close·(random unit vector), probing the local constant."""
    f = remainder(loss, w_star)
    gen = torch.Generator().manual_seed(seed)
    best = 0.0
    for _ in range(pairs):
        u1 = _box_point(gen, w_star, bound)
        if close is None:
            u2 = _box_point(gen, w_star, bound)
        else:
            d = torch.randn(w_star.shape, generator=gen, dtype=w_star.dtype)
            u2 = (u1 + close * d / torch.linalg.vector_norm(d)).clamp(-bound, bound)
        gap = float(torch.linalg.vector_norm(u1 - u2))
        if gap > 0:
            best = max(best, float(torch.linalg.vector_norm(f(u1) - f(u2))) / gap)
    return best


def jacobian_bound(loss: LossFn, w_star: torch.Tensor, bound: float, samples: int = 16, seed: int = 0) -> float:
    """max over sampled U (box corners and interior points) of ‖H(W*+U) - H(W*)‖₂, dense."""
    gen = torch.Generator().manual_seed(seed)
    h0 = exact_hessian(loss, w_star)
    best = 0.0
    for i in range(samples):
        u = _box_point(gen, w_star, bound)
        if i % 2 == 0:  # half the samples on the box's corners, where |U| is largest
            u = torch.sign(u) * bound
        diff = exact_hessian(loss, w_star + u) - h0
        best = max(best, float(np.max(np.abs(np.linalg.eigvalsh(diff.numpy())))))
    return best
