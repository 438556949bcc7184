"""Full-batch Adam for many masked networks at once, and for a network restricted to a subspace.

Every arm of a pruning comparison (method x sparsity x seed) is one row of a (R, d) tensor,
trained in one vectorised program (``PruningTask.batch_grad``).  A mask multiplies both the
starting point and every gradient, so a pruned weight starts at zero and, since Adam's moments
of a coordinate whose gradients are all zero stay zero, never moves.  ``train_in_span`` trains
z in W = base + Q z instead (the reduction to W+ of inertial-manifold-lth-paper.md §3.1 eq.
18-19), with the same optimiser and budget.
"""
from __future__ import annotations

from typing import Callable

import torch

from .pruning_tasks import PruningTask
from .saliency import keep_count, keep_top


def adam(grad: Callable[[torch.Tensor], torch.Tensor], start: torch.Tensor, steps: int, lr: float,
         betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> torch.Tensor:
    """``steps`` Adam updates from ``start`` with gradient function ``grad`` (any shape)."""
    if steps < 0 or lr <= 0:
        raise ValueError(f"need steps >= 0 and lr > 0, got steps={steps}, lr={lr}")
    x = start.clone()
    m, v = torch.zeros_like(x), torch.zeros_like(x)
    b1, b2 = betas
    for t in range(1, steps + 1):
        g = grad(x)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        x = x - lr * (m / (1 - b1**t)) / ((v / (1 - b2**t)).sqrt() + eps)
    return x


def train_masked(task: PruningTask, start: torch.Tensor, masks: torch.Tensor, steps: int, lr: float) -> torch.Tensor:
    """Rows of ``start`` (R, d) trained under ``masks`` (R, d); pruned entries stay exactly 0."""
    if start.shape != masks.shape:
        raise ValueError(f"start {tuple(start.shape)} and masks {tuple(masks.shape)} differ in shape")
    keep = masks.to(start.dtype)
    return adam(lambda w: task.batch_grad(w) * keep, start * keep, steps, lr)


def train_in_span(task: PruningTask, base: torch.Tensor, basis: torch.Tensor, steps: int, lr: float) -> torch.Tensor:
    """base + Q z after training z (from 0) on the task's loss; Q = ``basis`` (d, m)."""
    grad = torch.func.grad(task.loss)
    z = adam(lambda z: basis.T @ grad(base + basis @ z), torch.zeros(basis.shape[1], dtype=base.dtype), steps, lr)
    return base + basis @ z


def imp_schedule(sparsities: list[float], rate: float = 0.2) -> list[float]:
    """The sparsities IMP passes through to reach every target in ``sparsities``: the usual
    1 - (1 - rate)^j, with each target inserted, so no round removes more than ``rate`` of
    the remaining weights and every target is hit exactly."""
    if not 0 < rate < 1:
        raise ValueError(f"rate must be in (0, 1), got {rate}")
    if any(not 0 <= s < 1 for s in sparsities):
        raise ValueError(f"target sparsities must be in [0, 1), got {sparsities}")
    top = max(sparsities, default=0.0)
    steps, j = set(float(s) for s in sparsities if s > 0), 1
    while 1 - (1 - rate) ** j < top - 1e-12:
        steps.add(1 - (1 - rate) ** j)
        j += 1
    return sorted(steps)


def imp(task: PruningTask, init: torch.Tensor, sparsities: list[float], steps: int, lr: float,
        rate: float = 0.2) -> tuple[dict[float, torch.Tensor], int]:
    """Iterative magnitude pruning with rewinding to ``init`` (R, d), global over the weights.

    Each round trains from ``init`` under the current mask, then keeps the largest trained
    weights down to the next sparsity of ``imp_schedule``.  Returns the masks (R, d) at each
    target sparsity and the number of pruning rounds (training runs) spent."""
    prunable = task.mlp.weight_coordinates()
    n = int(prunable.sum())
    masks = torch.ones_like(init, dtype=torch.bool)
    found = {float(s): masks.clone() for s in sparsities if s == 0}
    schedule = imp_schedule(sparsities, rate)
    targets = {float(s) for s in sparsities}
    for target in schedule:
        trained = train_masked(task, init, masks, steps, lr)
        scores = torch.where(masks, trained.abs(), torch.full_like(trained, -1.0))
        masks = keep_top(scores, prunable, keep_count(n, target))
        if target in targets:  # imp_schedule holds each target as float(s), exactly
            found[target] = masks.clone()
    return found, len(schedule)
