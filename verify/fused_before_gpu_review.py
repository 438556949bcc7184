"""A frozen copy of ``empirical/hnn/fused.py`` as it was before the GPU-path review:
the reference the tests hold the current engine to, bit for bit, on the CPU, so that the
quick profile's cached stages and verdicts cannot move.  Not used outside the tests.

The fused training engine: one step of K networks with hand-derived gradients and Adam,
replayed on a GPU as CUDA graphs of many steps.

The eager engine (:func:`empirical.hnn.training.train`) builds an autograd graph every
step and lets ``torch.optim.Adam`` update the parameters: on a GPU each of its few hundred
small kernels waits for a launch from Python.  Here the forward pass with its tangent
(dN/dt), the backward pass of the thesis's loss (§8.2 eq. 45, §8.3 eq. 49, plus the energy
penalty) and Adam's update are written out by hand as one function of static tensors.  On a
GPU a block of ``GRAPH_STEPS`` steps is captured once as a CUDA graph and replayed, so a
step costs the kernels' run time, not their launches; ``compiled=True`` first lets
``torch.compile`` fuse the step's elementwise work.  On the CPU the same step runs in a loop.

The gradient, derived for one network (``e = exp(-t)``, ``R = dz/dt - f(z)``, P points)::

    dL/d(dz) = 2R/P
    dL/dz    = -(2/P) Σ_i R_i ∂f_i/∂z + (2w/P)(H(z) - H0) ∇H(z)
    dL/dN    = (1 - e) dL/dz + e dL/d(dz),    dL/d(dN) = (1 - e) dL/d(dz)

and back through each layer's value and tangent (``a = sin h``, ``da = cos h · dh``).
The tests compare it with autograd in float64 and float32.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import torch

from empirical.hnn.network import PARAM_NAMES, WEIGHT_NAMES, Params
from empirical.hnn.systems import HamiltonianSystem
from empirical.hnn.training import (
    DRAW_BLOCK,
    DTYPES,
    Collocation,
    TrainConfig,
    TrainResult,
    keep_from_epoch,
)

#: Steps per captured CUDA graph (one graph is replayed for every full block).
GRAPH_STEPS = 250
EPS = 1e-8  # torch.optim.Adam's default, which the eager engine uses


def loss_and_grads(params: Mapping[str, torch.Tensor], masks: Mapping[str, torch.Tensor], t: torch.Tensor,
                   z0: torch.Tensor, system: HamiltonianSystem, energy_weight: float
                   ) -> tuple[torch.Tensor, list[torch.Tensor]]:
    """Per-network loss (K,) and the gradient of its sum, in ``PARAM_NAMES`` order.

    ``t`` has shape (P,).  Pruned weights get exactly zero gradient (the mask multiplies the
    gradient of the effective weight).
    """
    w1, w2, w3 = (params[n] * masks[n] for n in WEIGHT_NAMES)
    b1, b2, b3 = params["b1"], params["b2"], params["b3"]
    p = t.shape[0]
    tt = t[None, :, None]                                   # (1, P, 1)
    slope = w1[:, None, :, 0]                               # (K, 1, H)
    h1 = torch.addcmul(b1[:, None, :], tt, slope)           # (K, P, H)
    a1, c1 = torch.sin(h1), torch.cos(h1)
    da1 = c1 * slope
    h2 = torch.baddbmm(b2[:, None, :], a1, w2.transpose(1, 2))
    dh2 = torch.bmm(da1, w2.transpose(1, 2))
    a2, c2 = torch.sin(h2), torch.cos(h2)
    da2 = c2 * dh2
    n = torch.baddbmm(b3[:, None, :], a2, w3.transpose(1, 2))
    dn = torch.bmm(da2, w3.transpose(1, 2))
    decay = torch.exp(-tt)
    z = z0 + (1 - decay) * n
    dz = decay * n + (1 - decay) * dn
    field = torch.stack(system.vector_field(z), dim=-1)
    r = dz - field
    gap = system.hamiltonian(z) - system.energy0             # (K, P)
    loss = (r * r).sum(-1).mean(-1) + energy_weight * (gap * gap).mean(-1)

    g_dz = (2.0 / p) * r
    g_z = system.field_vjp(z, -g_dz) + (2.0 * energy_weight / p) * gap[..., None] * system.hamiltonian_grad(z)
    g_n = (1 - decay) * g_z + decay * g_dz
    g_dn = (1 - decay) * g_dz
    g_b3 = g_n.sum(1)
    g_w3 = torch.bmm(g_n.transpose(1, 2), a2) + torch.bmm(g_dn.transpose(1, 2), da2)
    g_a2, g_da2 = torch.bmm(g_n, w3), torch.bmm(g_dn, w3)
    g_dh2 = g_da2 * c2
    g_h2 = g_a2 * c2 - g_da2 * dh2 * a2
    g_b2 = g_h2.sum(1)
    g_w2 = torch.bmm(g_h2.transpose(1, 2), a1) + torch.bmm(g_dh2.transpose(1, 2), da1)
    g_a1, g_da1 = torch.bmm(g_h2, w2), torch.bmm(g_dh2, w2)
    g_h1 = g_a1 * c1 - g_da1 * slope * a1
    g_b1 = g_h1.sum(1)
    g_w1 = ((g_h1 * tt).sum(1) + (g_da1 * c1).sum(1))[..., None]
    grads = {"w1": g_w1 * masks["w1"], "b1": g_b1, "w2": g_w2 * masks["w2"], "b2": g_b2,
             "w3": g_w3 * masks["w3"], "b3": g_b3}
    return loss, [grads[name] for name in PARAM_NAMES]


@dataclass
class FusedState:
    """Every tensor one step reads or writes; a CUDA graph replays on exactly these."""

    params: list[torch.Tensor]
    exp_avg: list[torch.Tensor]
    exp_avg_sq: list[torch.Tensor]
    step: torch.Tensor            # Adam's step count, shape (1,), float64, on the device
    masks: dict[str, torch.Tensor]
    best: list[torch.Tensor]
    best_loss: torch.Tensor       # (K,)

    def tensors(self) -> list[torch.Tensor]:
        return [*self.params, *self.exp_avg, *self.exp_avg_sq, self.step, *self.best, self.best_loss]


def make_step(cfg: TrainConfig, z0: torch.Tensor, compiled: bool = False
              ) -> Callable[[FusedState, torch.Tensor, torch.Tensor, torch.Tensor], None]:
    """The step function: loss and gradient at the current parameters, keep the best state
    where ``active``, write the loss to ``history_row``, then one Adam update (torch's
    formulas: bias-corrected moments, eps added after the square root).

    ``compiled`` runs the step through ``torch.compile``.  A compiled function must always
    see the same input tensors (it does not follow a view's offset into its base), so the
    points and the flag are first copied into fixed buffers.
    """
    system, energy_weight, lr = cfg.sys, cfg.energy_w, cfg.lr
    beta1, beta2 = cfg.betas

    def update(state: FusedState, t: torch.Tensor, active: torch.Tensor) -> torch.Tensor:
        loss, grads = loss_and_grads(dict(zip(PARAM_NAMES, state.params)), state.masks, t, z0, system,
                                     energy_weight)
        better = (loss < state.best_loss) & active
        state.best_loss.copy_(torch.where(better, loss, state.best_loss))
        for kept, live in zip(state.best, state.params):
            kept.copy_(torch.where(better.view((-1,) + (1,) * (live.dim() - 1)), live, kept))
        state.step.add_(1)
        count = state.step[0]
        correction1 = 1 - beta1 ** count
        correction2_sqrt = (1 - beta2 ** count).sqrt()
        torch._foreach_lerp_(state.exp_avg, grads, 1 - beta1)
        torch._foreach_mul_(state.exp_avg_sq, beta2)
        torch._foreach_addcmul_(state.exp_avg_sq, grads, grads, 1 - beta2)
        denom = torch._foreach_sqrt(state.exp_avg_sq)
        torch._foreach_div_(denom, correction2_sqrt)
        torch._foreach_add_(denom, EPS)
        steps = torch._foreach_div(state.exp_avg, denom)
        torch._foreach_mul_(steps, lr / correction1)
        torch._foreach_sub_(state.params, steps)
        return loss

    if not compiled:
        def step(state: FusedState, t: torch.Tensor, active: torch.Tensor, history_row: torch.Tensor) -> None:
            history_row.copy_(update(state, t, active))

        return step

    core = torch.compile(update, fullgraph=True, dynamic=False)
    fixed_t = torch.zeros(cfg.points, dtype=z0.dtype, device=z0.device)
    fixed_active = torch.zeros((), dtype=torch.bool, device=z0.device)

    def compiled_step(state: FusedState, t: torch.Tensor, active: torch.Tensor, history_row: torch.Tensor) -> None:
        fixed_t.copy_(t)
        fixed_active.copy_(active)
        history_row.copy_(core(state, fixed_t, fixed_active))

    return compiled_step


def _initial_state(cfg: TrainConfig, params: Params, masks: Mapping[str, torch.Tensor],
                   optimizer_state: dict | None) -> FusedState:
    dtype = DTYPES[cfg.dtype]
    device = params["w1"].device
    live = [params[name].detach().to(dtype).clone() for name in PARAM_NAMES]
    dense_masks = {name: masks[name].to(device=device, dtype=dtype) for name in WEIGHT_NAMES}
    if optimizer_state is None:
        exp_avg = [torch.zeros_like(p) for p in live]
        exp_avg_sq = [torch.zeros_like(p) for p in live]
        step = torch.zeros(1, dtype=torch.float64, device=device)
    else:
        saved = [optimizer_state["state"][i] for i in range(len(PARAM_NAMES))]
        exp_avg = [s["exp_avg"].to(device=device, dtype=dtype).clone() for s in saved]
        exp_avg_sq = [s["exp_avg_sq"].to(device=device, dtype=dtype).clone() for s in saved]
        step = torch.full((1,), float(saved[0]["step"]), dtype=torch.float64, device=device)
        for i, name in enumerate(PARAM_NAMES):
            if name in dense_masks:  # a carried-over state must not move pruned weights
                exp_avg[i].mul_(dense_masks[name])
                exp_avg_sq[i].mul_(dense_masks[name])
    k = live[0].shape[0]
    return FusedState(live, exp_avg, exp_avg_sq, step, dense_masks, [p.clone() for p in live],
                      torch.full((k,), float("inf"), dtype=dtype, device=device))


def _adam_state_dict(cfg: TrainConfig, state: FusedState) -> dict:
    """Adam's state in ``torch.optim.Adam.state_dict()`` form, so either engine can resume it."""
    step = torch.tensor(float(state.step.item()))
    per_param = {i: {"step": step.clone(), "exp_avg": m.clone(), "exp_avg_sq": v.clone()}
                 for i, (m, v) in enumerate(zip(state.exp_avg, state.exp_avg_sq))}
    group = {"lr": cfg.lr, "betas": cfg.betas, "eps": EPS, "weight_decay": 0.0, "amsgrad": False,
             "maximize": False, "foreach": True, "capturable": False, "differentiable": False,
             "fused": None, "params": list(range(len(PARAM_NAMES)))}
    return {"state": per_param, "param_groups": [group]}


class _GraphedBlock:
    """``GRAPH_STEPS`` steps captured as one CUDA graph over static inputs."""

    def __init__(self, step: Callable, state: FusedState, points: int, k: int) -> None:
        device, dtype = state.params[0].device, state.params[0].dtype
        self.t = torch.zeros((GRAPH_STEPS, points), dtype=dtype, device=device)
        self.active = torch.zeros(GRAPH_STEPS, dtype=torch.bool, device=device)
        self.history = torch.zeros((GRAPH_STEPS, k), dtype=dtype, device=device)
        saved = [x.clone() for x in state.tensors()]
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):  # warm-up (and compilation) outside the capture
            for i in range(2):
                step(state, self.t[i], self.active[i], self.history[i])
        torch.cuda.current_stream().wait_stream(side)
        for x, y in zip(state.tensors(), saved):
            x.copy_(y)
        self.graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self.graph):
            for i in range(GRAPH_STEPS):
                step(state, self.t[i], self.active[i], self.history[i])

    def run(self, t: torch.Tensor, active: torch.Tensor, history: torch.Tensor) -> None:
        self.t.copy_(t)
        self.active.copy_(active)
        self.graph.replay()
        history.copy_(self.history)


def train_fused(cfg: TrainConfig, params: Params, masks: Mapping[str, torch.Tensor],
                optimizer_state: dict | None = None, snapshot_epoch: int | None = None,
                compiled: bool = False, graphs: bool | None = None) -> tuple[TrainResult, dict]:
    """The fused engine; same arguments and results as :func:`empirical.hnn.training.train`.

    ``graphs`` (default: on CUDA devices) replays blocks of steps as CUDA graphs.
    """
    dtype = DTYPES[cfg.dtype]
    device = params["w1"].device
    use_graphs = device.type == "cuda" if graphs is None else graphs
    z0 = torch.tensor(cfg.sys.z0, dtype=dtype, device=device)
    step = make_step(cfg, z0, compiled)
    state = _initial_state(cfg, params, masks, optimizer_state)
    k = state.params[0].shape[0]
    points = Collocation(cfg, device, dtype)
    keep_from = keep_from_epoch(cfg)
    active = torch.arange(cfg.epochs, device=device) >= keep_from
    history = torch.empty((cfg.epochs, k), dtype=dtype, device=device)
    block = _GraphedBlock(step, state, cfg.points, k) if use_graphs and cfg.epochs >= GRAPH_STEPS else None
    early = None
    # segments between draws of points (and the snapshot), run as graphed blocks where whole
    bounds = sorted({*range(0, cfg.epochs, DRAW_BLOCK), cfg.epochs,
                     *(() if snapshot_epoch is None else (snapshot_epoch,))})
    for start, stop in zip(bounds, bounds[1:]):
        if start % DRAW_BLOCK == 0:
            drawn, first = points.draw(min(DRAW_BLOCK, cfg.epochs - start)), start
        if start == snapshot_epoch:
            early = [p.clone() for p in state.params]
        for i in range(start, stop, GRAPH_STEPS):
            n = min(GRAPH_STEPS, stop - i)
            rows = drawn[i - first:i - first + n]
            if block is not None and n == GRAPH_STEPS:
                block.run(rows, active[i:i + n], history[i:i + n])
            else:
                for j in range(n):
                    step(state, rows[j], active[i + j], history[i + j])
    result = TrainResult(dict(zip(PARAM_NAMES, state.best)), state.best_loss,
                         history.double().cpu().numpy(),
                         None if early is None else dict(zip(PARAM_NAMES, early)))
    return result, _adam_state_dict(cfg, state)
