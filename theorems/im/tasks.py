"""Small, fully reproducible training tasks for the im.* checks, in float64.

The paper (inertial-manifold-lth-paper.md §3.1, §3.3 step 1) trains a network for a few
epochs to an approximate W* before taking the Hessian.  Here that is full-batch gradient
descent on a teacher-student regression: a fixed random teacher network labels Gaussian
inputs, and a wider student of the chosen activation learns them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
from scipy.integrate import solve_ivp

from empirical.imc.hessian import LossFn, module_loss
from empirical.imc.mlp import MLP

ACTIVATIONS = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}


@dataclass
class Task:
    """A loss of flat parameters, the initial point W0 and the model it came from."""

    loss: LossFn
    w0: torch.Tensor
    model: torch.nn.Module
    inputs: torch.Tensor
    targets: torch.Tensor


def teacher_student(activation: str, seed: int, inputs: int = 4, width: int = 16, samples: int = 200) -> Task:
    """A student MLP inputs-width-1 with ``activation`` on a tanh teacher's labels."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r} (choose from {', '.join(ACTIVATIONS)})")
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)  # nn.Linear draws from the global generator: seed it before building
    teacher = torch.nn.Sequential(torch.nn.Linear(inputs, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1)).double()
    student = torch.nn.Sequential(torch.nn.Linear(inputs, width), ACTIVATIONS[activation](),
                                  torch.nn.Linear(width, 1)).double()
    x = torch.randn(samples, inputs, generator=gen, dtype=torch.float64)
    with torch.no_grad():
        y = teacher(x)
    loss, w0 = module_loss(student, torch.nn.functional.mse_loss, x, y)
    return Task(loss, w0, student, x, y)


def gradient_descent(loss: LossFn, w0: torch.Tensor, lr: float, steps: int) -> list[torch.Tensor]:
    """Iterates W_0, ..., W_steps of W ← W - lr ∇L(W) (eq. 6)."""
    grad = torch.func.grad(loss)
    path = [w0.detach().clone()]
    for _ in range(steps):
        path.append(path[-1] - lr * grad(path[-1]))
    return path


#: Integrator per activation: DOP853 for smooth losses; RK45 at a looser tolerance for ReLU,
#: whose kinks make a high-order method shrink its steps to nothing.
FLOW_SETTINGS = {"tanh": ("DOP853", 1e-10), "relu": ("RK45", 1e-8)}


def gradient_flow(loss: LossFn, w0: torch.Tensor, times: list[float] | torch.Tensor,
                  activation: str = "tanh") -> torch.Tensor:
    """W(t) of W' = -∇L(W) (eq. 7) at ``times``, shape (len(times), d)."""
    grad = torch.func.grad(loss)
    t = np.asarray(times, dtype=float)

    def rhs(_t: float, w: np.ndarray) -> np.ndarray:
        return -grad(torch.from_numpy(w)).numpy()

    method, rtol = FLOW_SETTINGS[activation]
    sol = solve_ivp(rhs, (0.0, float(t.max())), w0.detach().numpy(), method=method, t_eval=t,
                    rtol=rtol, atol=rtol * 1e-2)
    if not sol.success:
        raise RuntimeError(f"gradient-flow integration failed: {sol.message}")
    return torch.from_numpy(sol.y.T.copy())


def train_in_subspace(loss: LossFn, w_star: torch.Tensor, basis: np.ndarray, steps: int, lr: float) -> float:
    """Final loss of gradient descent on z with W = W* + Q z (Q = ``basis``, orthonormal columns)."""
    grad = torch.func.grad(loss)
    q = torch.from_numpy(np.ascontiguousarray(basis))
    z = torch.zeros(q.shape[1], dtype=w_star.dtype)
    for _ in range(steps):
        z = z - lr * (q.T @ grad(w_star + q @ z))
    return float(loss(w_star + q @ z))


def batched_loss(task: Task) -> Callable[[torch.Tensor], torch.Tensor]:
    """The task's loss for a batch of flat parameter vectors (k, d) -> (k,): the same mean squared error
    as ``task.loss``, for k students at once, through :meth:`empirical.imc.mlp.MLP.forward_batch` (a
    ``torch.nn.Linear`` stores its weight (out, in) and then its bias, the flat order the MLP reads)."""
    linears = [m for m in task.model if isinstance(m, torch.nn.Linear)]
    activation = next(name for name, cls in ACTIVATIONS.items() if any(isinstance(m, cls) for m in task.model))
    mlp = MLP((linears[0].in_features, *(layer.out_features for layer in linears)), activation)
    return lambda flat: ((mlp.forward_batch(flat, task.inputs) - task.targets) ** 2).mean(dim=(1, 2))


def train_in_subspaces(task: Task, w_star: torch.Tensor, bases: list[np.ndarray], steps: int,
                       lr: float) -> list[float]:
    """:func:`train_in_subspace` for several bases at once: the runs of equal dimension are one
    batched program (:func:`batched_loss`), so k runs cost about one run's Python steps."""
    loss = batched_loss(task)
    finals: dict[int, float] = {}
    by_dim: dict[int, list[int]] = {}
    for i, basis in enumerate(bases):
        by_dim.setdefault(basis.shape[1], []).append(i)
    for members in by_dim.values():
        q = torch.stack([torch.from_numpy(np.ascontiguousarray(bases[i])) for i in members])  # (k, d, m)
        z = torch.zeros(q.shape[0], q.shape[2], dtype=w_star.dtype)
        for _ in range(steps):
            w = (w_star + torch.einsum("kdm,km->kd", q, z)).requires_grad_(True)
            (grad,) = torch.autograd.grad(loss(w).sum(), w)
            z = z - lr * torch.einsum("kdm,kd->km", q, grad)
        with torch.no_grad():
            finals.update(zip(members, loss(w_star + torch.einsum("kdm,km->kd", q, z)).tolist()))
    return [finals[i] for i in range(len(bases))]
