"""Pruning scores and masks for a flat-parameter ``MLP``: score() then mask(sparsity).

Every score here follows one convention: higher means keep.  ``keep_top`` turns scores into
a mask that keeps exactly the requested number of prunable weights (biases are never
pruned); ties are broken by position through a stable sort, so a tie can neither over- nor
under-prune.  The baselines of inertial-manifold-lth-paper.md §4 that prune before training:

* magnitude: |w| (the score IMP uses after training);
* SNIP (Lee et al. 2019): |w ⊙ ∇L(w)|, connection sensitivity on the training data;
* GraSP (Wang et al. 2020): GraSP removes the weights with the largest -w ⊙ H∇L, i.e. keeps
  the largest w ⊙ H∇L (H∇L by a Hessian-vector product; plain loss, no temperature);
* SynFlow (Tanaka et al. 2020): |w ⊙ ∂R/∂w| with R the sum of the outputs of the network
  with every weight replaced by |w|, biases and activations dropped, on an all-ones input;
  data-free and applied iteratively with an exponential density schedule;
* random: seeded uniform scores.
"""
from __future__ import annotations

from typing import Callable

import torch

from ..ranking import stable_ranks
from .mlp import MLP

SCORES: tuple[str, ...] = ("magnitude", "snip", "grasp", "synflow", "random")


def keep_count(prunable: int, sparsity: float) -> int:
    """How many of ``prunable`` weights survive ``sparsity`` (round half up on the removed count)."""
    if not 0 <= sparsity <= 1:
        raise ValueError(f"sparsity must be in [0, 1], got {sparsity}")
    return prunable - int(sparsity * prunable + 0.5)


def keep_top(scores: torch.Tensor, prunable: torch.Tensor, keep: int | list[int]) -> torch.Tensor:
    """Masks (R, d) keeping, per row, the ``keep`` highest-scored prunable coordinates (ties:
    lower index first) and every non-prunable one.  ``keep`` is one count or one per row."""
    scores = scores.reshape(-1, scores.shape[-1])
    rows = scores.shape[0]
    counts = torch.as_tensor([keep] * rows if isinstance(keep, int) else list(keep))
    n_prunable = int(prunable.sum())
    if counts.numel() != rows or counts.min() < 0 or counts.max() > n_prunable:
        raise ValueError(f"keep must be {rows} count(s) in [0, {n_prunable}], got {keep}")
    keyed = torch.where(prunable, scores.double(), torch.full_like(scores, float("-inf"), dtype=torch.float64))
    rank = stable_ranks(-keyed)
    return ~prunable | (rank < counts[:, None])


def magnitude(w: torch.Tensor) -> torch.Tensor:
    return w.abs()


def snip(loss: Callable[[torch.Tensor], torch.Tensor], w: torch.Tensor) -> torch.Tensor:
    return (w * torch.func.grad(loss)(w)).abs()


def grasp(loss: Callable[[torch.Tensor], torch.Tensor], w: torch.Tensor) -> torch.Tensor:
    g = torch.func.grad(loss)(w).detach()
    _, pullback = torch.func.vjp(torch.func.grad(loss), w)
    return w * pullback(g)[0]


def _synflow_objective(mlp: MLP) -> Callable[[torch.Tensor], torch.Tensor]:
    weights = mlp.weight_coordinates()
    ones = torch.ones(1, mlp.sizes[0], dtype=torch.float64)

    def objective(flat: torch.Tensor) -> torch.Tensor:
        h = ones
        for w, _ in mlp.unflatten(flat * weights):
            h = h @ w.abs().T
        return h.sum()

    return objective


def synflow(mlp: MLP, w: torch.Tensor, sparsity: float, iterations: int = 20) -> torch.Tensor:
    """SynFlow's final mask for one network at ``sparsity`` (it prunes as it scores)."""
    if iterations < 1:
        raise ValueError(f"iterations must be >= 1, got {iterations}")
    prunable = mlp.weight_coordinates()
    objective = _synflow_objective(mlp)
    n = int(prunable.sum())
    mask = torch.ones_like(prunable)
    for it in range(1, iterations + 1):
        masked = w.double() * mask
        score = (masked * torch.func.grad(objective)(masked)).abs()
        keep = keep_count(n, 1 - (1 - sparsity) ** (it / iterations))
        # pruned weights score -1, below every live weight (scores are >= 0): masks only shrink
        mask = keep_top(torch.where(mask, score, torch.full_like(score, -1.0)), prunable, keep)[0]
    return mask


#: Scores computed once and then thresholded at any sparsity (SynFlow prunes as it scores).
ONE_SHOT_SCORES: tuple[str, ...] = ("magnitude", "snip", "grasp", "random")


def score(method: str, loss: Callable[[torch.Tensor], torch.Tensor], w: torch.Tensor, seed: int = 0) -> torch.Tensor:
    """The (d,) one-shot score of ``method`` (higher means keep) for parameters ``w``."""
    if method == "magnitude":
        return magnitude(w)
    if method == "snip":
        return snip(loss, w).detach()
    if method == "grasp":
        return grasp(loss, w).detach()
    if method == "random":
        return torch.rand(w.shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    raise ValueError(f"unknown pruning score {method!r} (choose from {', '.join(SCORES)})")


def masks_for(method: str, mlp: MLP, loss: Callable[[torch.Tensor], torch.Tensor], w: torch.Tensor,
              sparsity: float, seed: int = 0) -> torch.Tensor:
    """The (d,) mask of ``method`` at ``sparsity`` for the network with parameters ``w``."""
    if method == "synflow":
        return synflow(mlp, w, sparsity)
    prunable = mlp.weight_coordinates()
    return keep_top(score(method, loss, w, seed), prunable, keep_count(int(prunable.sum()), sparsity))[0]
