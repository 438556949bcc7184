"""Hessian spectra of a loss given as a function of a flat parameter vector.

For the inertial-manifold claims (inertial-manifold-lth-paper.md §3.1 eq. 15, §3.3 step 3)
the suite needs the spectrum of H(W*) exactly for small models and approximately for
larger ones:

* ``exact_hessian``: the dense d x d Hessian (``torch.func.hessian``), for ``numpy.linalg.eigh``;
* ``hvp``: Hessian-vector products by reverse-over-reverse differentiation, never forming H;
* ``top_eigenvalues``: the extreme eigenvalues by ARPACK's implicitly restarted Lanczos
  (``scipy.sparse.linalg.eigsh``) on the matrix-free operator, with a seeded start vector;
* ``lanczos`` and ``slq_density``: stochastic Lanczos quadrature for the spectral density.

``restrict_to_mask`` turns a loss of all coordinates into a loss of the unpruned ones, so
every tool above also works on the Hessian restricted to a mask.  Everything runs in the
dtype of the parameters (use float64 where a verdict rests on small numbers).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
from scipy.linalg import eigh_tridiagonal
from scipy.sparse.linalg import LinearOperator, eigsh

LossFn = Callable[[torch.Tensor], torch.Tensor]


def exact_hessian(loss: LossFn, theta: torch.Tensor, chunk_size: int = 32) -> torch.Tensor:
    """The dense Hessian of ``loss`` at ``theta`` (shape (d, d)), symmetrised.

    Columns are Hessian-vector products (reverse over reverse), ``chunk_size`` at a time: on a
    1,210-parameter MLP this is 2-5x faster than ``torch.func.hessian`` (forward over
    reverse, all columns at once) and holds far less memory."""
    h = torch.func.jacrev(torch.func.grad(loss), chunk_size=chunk_size)(theta.detach())
    return (h + h.T) / 2


def hvp(loss: LossFn, theta: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """H(theta) v without forming H: a vector-Jacobian product of the gradient (H is
    symmetric, so v^T H = (H v)^T).  Reverse-over-reverse, because forward-over-reverse
    lacks rules for some losses (e.g. mse_loss in torch 2.13)."""
    _, pullback = torch.func.vjp(torch.func.grad(loss), theta.detach())
    return pullback(v)[0]


def restrict_to_mask(loss: LossFn, theta: torch.Tensor, mask: torch.Tensor) -> tuple[LossFn, torch.Tensor]:
    """The loss as a function of the unpruned coordinates only, and their current values.

    Pruned coordinates are held at their values in ``theta`` (zero, for a pruned network)."""
    index = torch.nonzero(mask.reshape(-1), as_tuple=True)[0]
    base = theta.detach().reshape(-1)

    def restricted(z: torch.Tensor) -> torch.Tensor:
        return loss(base.index_put((index,), z))

    return restricted, base[index].clone()


def _operator(loss: LossFn, theta: torch.Tensor) -> LinearOperator:
    d = theta.numel()

    def matvec(x: np.ndarray) -> np.ndarray:
        v = torch.as_tensor(np.asarray(x).reshape(-1), dtype=theta.dtype, device=theta.device)
        return hvp(loss, theta, v).detach().cpu().numpy()

    return LinearOperator((d, d), matvec=matvec, dtype=np.float64 if theta.dtype == torch.float64 else np.float32)


def top_eigenvalues(loss: LossFn, theta: torch.Tensor, k: int, which: str = "LA", seed: int = 0,
                    tol: float = 0.0) -> np.ndarray:
    """The ``k`` largest (``which='LA'``) or smallest (``'SA'``) eigenvalues of H(theta),
    ascending, by ARPACK Lanczos on Hessian-vector products (start vector seeded)."""
    d = theta.numel()
    if not 0 < k < d:
        raise ValueError(f"k must be in (0, {d}) for a {d}-dimensional Hessian, got {k}")
    if which not in ("LA", "SA"):
        raise ValueError(f"which must be 'LA' or 'SA', got {which!r}")
    v0 = np.random.default_rng(seed).standard_normal(d)
    values = eigsh(_operator(loss, theta), k=k, which=which, v0=v0, tol=tol, return_eigenvectors=False)
    return np.sort(values)


@dataclass(frozen=True)
class LanczosResult:
    """Tridiagonal T = tridiag(beta, alpha, beta) of m Lanczos steps from a unit start vector."""

    alpha: np.ndarray
    beta: np.ndarray

    def quadrature(self) -> tuple[np.ndarray, np.ndarray]:
        """Gauss quadrature nodes (Ritz values) and weights (squared first eigenvector entries)."""
        nodes, vectors = eigh_tridiagonal(self.alpha, self.beta)
        return nodes, vectors[0] ** 2


def lanczos(matvec: Callable[[torch.Tensor], torch.Tensor], start: torch.Tensor, steps: int) -> LanczosResult:
    """``steps`` Lanczos iterations with full reorthogonalisation (stops early on breakdown)."""
    q = start / torch.linalg.vector_norm(start)
    basis = [q]
    alpha, beta = [], []
    for j in range(steps):
        w = matvec(basis[-1])
        alpha.append(float(torch.dot(w, basis[-1])))
        stacked = torch.stack(basis)
        for _ in range(2):  # twice is enough (Kahan's rule)
            w = w - stacked.T @ (stacked @ w)
        norm = float(torch.linalg.vector_norm(w))
        if j == steps - 1 or norm < 1e-10 * max(1.0, abs(alpha[-1])):
            break
        beta.append(norm)
        basis.append(w / norm)
    return LanczosResult(np.array(alpha), np.array(beta))


@dataclass(frozen=True)
class SpectralDensity:
    """Stochastic-Lanczos-quadrature estimate: nodes and weights per probe (weights of a
    probe sum to 1), and a Gaussian-smoothed density on a grid."""

    nodes: list[np.ndarray]
    weights: list[np.ndarray]
    grid: np.ndarray
    density: np.ndarray

    def moment(self, power: int) -> float:
        """Estimate of tr(H^power)/d, exact per probe for power < 2 x steps."""
        return float(np.mean([np.sum(w * n ** power) for n, w in zip(self.nodes, self.weights)]))


def slq_density(loss: LossFn, theta: torch.Tensor, steps: int = 40, probes: int = 8, seed: int = 0,
                grid_points: int = 400, width: float | None = None) -> SpectralDensity:
    """Spectral density of H(theta) by stochastic Lanczos quadrature with Rademacher probes."""
    if steps < 1 or probes < 1:
        raise ValueError(f"steps and probes must be >= 1, got steps={steps}, probes={probes}")
    gen = torch.Generator(device="cpu").manual_seed(seed)
    d = theta.numel()
    nodes, weights = [], []
    for _ in range(probes):
        v = (torch.randint(0, 2, (d,), generator=gen) * 2 - 1).to(theta.dtype).to(theta.device)
        result = lanczos(lambda x: hvp(loss, theta, x), v, min(steps, d))
        n, w = result.quadrature()
        nodes.append(n)
        weights.append(w)
    allnodes = np.concatenate(nodes)
    lo, hi = allnodes.min(), allnodes.max()
    span = max(hi - lo, 1e-12)
    sigma = width if width is not None else span / 100
    grid = np.linspace(lo - 5 * sigma, hi + 5 * sigma, grid_points)
    density = np.zeros_like(grid)
    for n, w in zip(nodes, weights):
        density += (w[None, :] * np.exp(-((grid[:, None] - n[None, :]) ** 2) / (2 * sigma**2))).sum(1)
    density /= probes * np.sqrt(2 * np.pi) * sigma
    return SpectralDensity(nodes, weights, grid, density)


def module_loss(model: torch.nn.Module, criterion: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
                inputs: torch.Tensor, targets: torch.Tensor) -> tuple[LossFn, torch.Tensor]:
    """A model's full-batch loss as a function of its flattened parameters, and their values."""
    names = [n for n, _ in model.named_parameters()]
    shapes = [p.shape for _, p in model.named_parameters()]
    sizes = [p.numel() for _, p in model.named_parameters()]
    theta = torch.cat([p.detach().reshape(-1) for _, p in model.named_parameters()])

    def loss(flat: torch.Tensor) -> torch.Tensor:
        params = {n: chunk.reshape(s) for n, chunk, s in zip(names, torch.split(flat, sizes), shapes)}
        return criterion(torch.func.functional_call(model, params, (inputs,)), targets)

    return loss, theta
