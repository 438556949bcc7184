"""The fused training engine: one step of K networks with hand-derived gradients and Adam,
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

from .network import PARAM_NAMES, WEIGHT_NAMES, Params
from .systems import HamiltonianSystem
from .training import (
    DRAW_BLOCK,
    DTYPES,
    Collocation,
    TrainConfig,
    TrainResult,
    draw_segments,
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

    def load_(self, other: "FusedState") -> None:
        """Copy ``other`` into these tensors in place (masks included), so CUDA graphs and a
        compiled step captured on them replay a new round without being built again."""
        mine, theirs = self.tensors(), other.tensors()
        if [(x.shape, x.dtype, x.device) for x in mine] != [(y.shape, y.dtype, y.device) for y in theirs] \
                or self.masks.keys() != other.masks.keys():
            raise ValueError("a state can only be loaded from one of the same shapes, dtypes and device")
        for x, y in zip(mine, theirs):
            x.copy_(y)
        for name, mask in other.masks.items():
            self.masks[name].copy_(mask)


def bias_corrections(step: torch.Tensor, n: int, betas: tuple[float, float], lr: float,
                     dtype: torch.dtype) -> torch.Tensor:
    """Adam's scalars for the next ``n`` steps, shape (n, 2): sqrt(1 - beta2^s) and
    lr / (1 - beta1^s) for s = step + 1 ... step + n; advances ``step`` (float64) by ``n``.

    They are computed in float64, as ``torch.optim.Adam`` does, and rounded once to the
    parameters' ``dtype``, so that the foreach division and multiplication by them see one
    dtype (on CUDA, a float64 scalar sends them down a slower kernel per tensor).  One call per
    CUDA-graph block replaces the per-step chain of small kernels.  On the CPU a step takes
    ``n = 1``: the same float64 operations on the same values as computing them in the step,
    and the rounding to ``dtype`` is the one the foreach operations did with a float64 scalar.
    """
    beta1, beta2 = betas
    if n == 1:
        step.add_(1)
        count = step
    else:
        count = step + torch.arange(1, n + 1, dtype=step.dtype, device=step.device)
        step.add_(n)
    correction1 = 1 - beta1 ** count
    correction2_sqrt = (1 - beta2 ** count).sqrt()
    return torch.stack([correction2_sqrt, lr / correction1], dim=-1).to(dtype)


#: A step: ``step(state, t, active, history_row, scalars=None)``.  ``active`` (a 0-dim bool
#: tensor) keeps the best state where it is true; ``None`` leaves the best state alone (the
#: steps before ``keep_from_epoch``).  ``scalars`` is a row of :func:`bias_corrections`;
#: ``None`` computes it from (and advances) ``state.step``.
Step = Callable[..., None]


def make_step(cfg: TrainConfig, z0: torch.Tensor, compiled: bool = False) -> Step:
    """The step function: loss and gradient at the current parameters, keep the best state
    where ``active``, write the loss to ``history_row``, then one Adam update (torch's
    formulas: bias-corrected moments, eps added after the square root).

    ``compiled`` runs the step through ``torch.compile``.  A compiled function must always
    see the same input tensors (it does not follow a view's offset into its base), so the
    points, the flag and the scalars are first copied into fixed buffers.
    """
    system, energy_weight, lr, betas = cfg.sys, cfg.energy_w, cfg.lr, cfg.betas
    beta1, beta2 = betas

    def update(state: FusedState, t: torch.Tensor, active: torch.Tensor | None,
               scalars: torch.Tensor) -> torch.Tensor:
        loss, grads = loss_and_grads(dict(zip(PARAM_NAMES, state.params)), state.masks, t, z0, system,
                                     energy_weight)
        if active is not None:
            better = (loss < state.best_loss) & active
            state.best_loss.copy_(torch.where(better, loss, state.best_loss))
            for kept, live in zip(state.best, state.params):
                kept.copy_(torch.where(better.view((-1,) + (1,) * (live.dim() - 1)), live, kept))
        torch._foreach_lerp_(state.exp_avg, grads, 1 - beta1)
        torch._foreach_mul_(state.exp_avg_sq, beta2)
        torch._foreach_addcmul_(state.exp_avg_sq, grads, grads, 1 - beta2)
        denom = torch._foreach_sqrt(state.exp_avg_sq)
        torch._foreach_div_(denom, scalars[0])
        torch._foreach_add_(denom, EPS)
        steps = torch._foreach_div(state.exp_avg, denom)
        torch._foreach_mul_(steps, scalars[1])
        torch._foreach_sub_(state.params, steps)
        return loss

    def corrections(step: torch.Tensor, n: int, dtype: torch.dtype) -> torch.Tensor:
        return bias_corrections(step, n, betas, lr, dtype)

    if not compiled:
        def step(state: FusedState, t: torch.Tensor, active: torch.Tensor | None, history_row: torch.Tensor,
                 scalars: torch.Tensor | None = None) -> None:
            if scalars is None:
                scalars = corrections(state.step, 1, history_row.dtype)[0]
            history_row.copy_(update(state, t, active, scalars))

        step.corrections = corrections  # type: ignore[attr-defined]
        return step

    core = torch.compile(update, fullgraph=True, dynamic=False)
    fixed_t = torch.zeros(cfg.points, dtype=z0.dtype, device=z0.device)
    fixed_active = torch.zeros((), dtype=torch.bool, device=z0.device)
    fixed_scalars = torch.zeros(2, dtype=z0.dtype, device=z0.device)

    def compiled_step(state: FusedState, t: torch.Tensor, active: torch.Tensor | None, history_row: torch.Tensor,
                      scalars: torch.Tensor | None = None) -> None:
        fixed_t.copy_(t)
        fixed_scalars.copy_(corrections(state.step, 1, history_row.dtype)[0] if scalars is None else scalars)
        if active is not None:
            fixed_active.copy_(active)
        history_row.copy_(core(state, fixed_t, None if active is None else fixed_active, fixed_scalars))

    compiled_step.corrections = corrections  # type: ignore[attr-defined]
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
    """``GRAPH_STEPS`` steps captured as one CUDA graph over static inputs.

    ``track=False`` captures the steps without best-state tracking, for blocks that end
    before ``keep_from_epoch``.  Adam's step count is advanced outside the graph: each
    :meth:`run` computes the block's :func:`bias_corrections` into a static table first.
    """

    def __init__(self, step: Step, state: FusedState, points: int, k: int, track: bool = True) -> None:
        device, dtype = state.params[0].device, state.params[0].dtype
        self.step, self.state, self.track = step, state, track
        self.t = torch.zeros((GRAPH_STEPS, points), dtype=dtype, device=device)
        self.active = torch.zeros(GRAPH_STEPS, dtype=torch.bool, device=device)
        self.history = torch.zeros((GRAPH_STEPS, k), dtype=dtype, device=device)
        self.scalars = step.corrections(state.step.clone(), GRAPH_STEPS, dtype)  # type: ignore[attr-defined]
        self._capture()

    def _capture(self) -> None:
        state = self.state
        saved = [x.clone() for x in state.tensors()]
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):  # warm-up (and compilation) outside the capture
            for i in range(2):
                self._step(i)
        torch.cuda.current_stream().wait_stream(side)
        for x, y in zip(state.tensors(), saved):
            x.copy_(y)
        self.graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self.graph):
            for i in range(GRAPH_STEPS):
                self._step(i)

    def _step(self, i: int) -> None:
        self.step(self.state, self.t[i], self.active[i] if self.track else None, self.history[i], self.scalars[i])

    def run(self, t: torch.Tensor, active: torch.Tensor | None, history: torch.Tensor) -> None:
        self.t.copy_(t)
        if self.track:
            self.active.copy_(active)
        self.scalars.copy_(self.step.corrections(self.state.step, GRAPH_STEPS, self.scalars.dtype))  # type: ignore[attr-defined]
        self._replay()
        history.copy_(self.history)

    def _replay(self) -> None:
        self.graph.replay()


class _Engine:
    """What one stage reuses from round to round: the step (compiled once), the state the
    CUDA graphs were captured on, and the graphs (with and without best-state tracking, each
    captured on first use).  A round copies its starting state in with :meth:`FusedState.load_`."""

    def __init__(self, cfg: TrainConfig, state: FusedState, compiled: bool, graphs: bool) -> None:
        self.z0 = torch.tensor(cfg.sys.z0, dtype=state.params[0].dtype, device=state.params[0].device)
        self.step = make_step(cfg, self.z0, compiled)
        self.state, self.points, self.graphs, self.compiled = state, cfg.points, graphs, compiled
        self.blocks: dict[bool, _GraphedBlock] = {}

    def block(self, track: bool) -> _GraphedBlock:
        if track not in self.blocks:
            self.blocks[track] = _GraphedBlock(self.step, self.state, self.points, self.state.params[0].shape[0], track)
        return self.blocks[track]


#: The engine kept between calls (one: a process works on one stage at a time).
_KEPT: dict[tuple, _Engine] = {}


def _engine(cfg: TrainConfig, initial: FusedState, compiled: bool, graphs: bool, keep: bool) -> _Engine:
    """The engine for ``cfg``, holding ``initial``: the kept one with ``initial`` copied in
    where it matches (same config, K, device and engine), else a new one (kept if ``keep``)."""
    if not keep:
        return _Engine(cfg, initial, compiled, graphs)
    p = initial.params[0]
    key = (cfg, p.shape[0], str(p.device), compiled, graphs)
    engine = _KEPT.get(key)
    if engine is not None:
        engine.state.load_(initial)
        return engine
    if any(old.compiled for old in _KEPT.values()):
        torch._dynamo.reset()  # drop the old stage's compiled step, so its cache entries do not add up
    _KEPT.clear()
    _KEPT[key] = engine = _Engine(cfg, initial, compiled, graphs)
    return engine


def train_fused(cfg: TrainConfig, params: Params, masks: Mapping[str, torch.Tensor],
                optimizer_state: dict | None = None, snapshot_epoch: int | None = None,
                compiled: bool = False, graphs: bool | None = None,
                keep_engine: bool | None = None) -> tuple[TrainResult, dict]:
    """The fused engine; same arguments and results as :func:`empirical.hnn.training.train`.

    ``graphs`` (default: on CUDA devices) replays blocks of steps as CUDA graphs.
    ``keep_engine`` (default: where graphs or ``compiled`` are used) keeps the step, its
    graphs and their static state for the next call with the same config (the next IMP
    round), which then only copies its starting state in.  Best-state tracking runs only
    from ``keep_from_epoch`` on, where it can change the result.
    """
    dtype = DTYPES[cfg.dtype]
    device = params["w1"].device
    use_graphs = device.type == "cuda" if graphs is None else graphs
    keep = (use_graphs or compiled) if keep_engine is None else keep_engine
    engine = _engine(cfg, _initial_state(cfg, params, masks, optimizer_state), compiled, use_graphs, keep)
    state, step = engine.state, engine.step
    k = state.params[0].shape[0]
    points = Collocation(cfg, device, dtype)
    keep_from = keep_from_epoch(cfg)
    active = torch.arange(cfg.epochs, device=device) >= keep_from
    on = torch.ones((), dtype=torch.bool, device=device)
    history = torch.empty((cfg.epochs, k), dtype=dtype, device=device)
    graphed = use_graphs and cfg.epochs >= GRAPH_STEPS
    early = None
    # segments between draws of points (and the snapshot), run as graphed blocks where whole
    for start, stop in draw_segments(cfg.epochs, snapshot_epoch):
        if start % DRAW_BLOCK == 0:
            drawn, first = points.draw(min(DRAW_BLOCK, cfg.epochs - start)), start
        if start == snapshot_epoch:
            early = [p.clone() for p in state.params]
        for i in range(start, stop, GRAPH_STEPS):
            n = min(GRAPH_STEPS, stop - i)
            rows = drawn[i - first:i - first + n]
            if graphed and n == GRAPH_STEPS:
                track = i + n > keep_from
                engine.block(track).run(rows, active[i:i + n] if track else None, history[i:i + n])
            else:
                for j in range(n):
                    step(state, rows[j], on if i + j >= keep_from else None, history[i + j])
    result = TrainResult(dict(zip(PARAM_NAMES, [p.clone() for p in state.best])), state.best_loss.clone(),
                         history.double().cpu().numpy(),
                         None if early is None else dict(zip(PARAM_NAMES, early)))
    return result, _adam_state_dict(cfg, state)
