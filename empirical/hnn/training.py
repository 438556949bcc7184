"""Full-batch training of K masked trial-solution networks as one tensor program.

Two engines train the same thing: ``eager`` (autograd and ``torch.optim.Adam``, the
reference) and ``fused`` (hand-derived gradients and Adam in one step function, which a GPU
replays in CUDA graphs of many steps; see :mod:`empirical.hnn.fused`).  Everything a run
makes lives on the parameters' device, and nothing is copied back to the host until the
round ends.

The loss of one network is the thesis's mean squared residual of Hamilton's equations
(§8.2 eq. 45, §8.3 eq. 49) on jittered collocation points in [0, T], plus the weighted
energy penalty mean((H - H0)^2) of Mattheakis et al.  Networks are independent: the
summed loss has a block-diagonal gradient, and Adam acts elementwise, so training K
networks together gives each the update it would get alone.
"""
from __future__ import annotations

import copy
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Mapping

import numpy as np
import torch

from .network import PARAM_NAMES, WEIGHT_NAMES, Params, trial_solution
from .systems import HamiltonianSystem, get_system

DTYPES = {"float32": torch.float32, "float64": torch.float64}
ENGINES: tuple[str, ...] = ("eager", "fused", "fused-compiled", "triton")


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides one training run (defaults: thesis §8.2-8.3 / Mattheakis)."""

    system: str
    epochs: int
    lr: float = 8e-3
    betas: tuple[float, float] = (0.999, 0.9999)
    n_points: int | None = None        # None: the system's published value
    energy_weight: float | None = None  # None: the system's published value
    jitter: float = 0.5                 # std of the collocation jitter, in grid spacings
    keep_best_fraction: float = 0.2     # keep the lowest-loss state of this last fraction
    hidden: int = 50
    dtype: str = "float32"
    data_seed: int = 0
    cpu_threads: int = 1                # pinned: results must not depend on the machine's threads
    engine: str = "eager"               # see ENGINES; the engines agree to float tolerance
    init_nudge_ulps: int = 0            # move every initial weight this many ulps (see network.nudge)

    def __post_init__(self) -> None:
        get_system(self.system)
        if self.epochs < 1:
            raise ValueError(f"epochs must be >= 1, got {self.epochs}")
        if not 0 < self.keep_best_fraction <= 1:
            raise ValueError(f"keep_best_fraction must be in (0, 1], got {self.keep_best_fraction}")
        if self.dtype not in DTYPES:
            raise ValueError(f"unknown dtype {self.dtype!r} (choose from {', '.join(DTYPES)})")
        if self.lr <= 0:
            raise ValueError(f"lr must be positive, got {self.lr}")
        if self.cpu_threads < 1:
            raise ValueError(f"cpu_threads must be >= 1, got {self.cpu_threads}")
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r} (choose from {', '.join(ENGINES)})")

    @property
    def sys(self) -> HamiltonianSystem:
        return get_system(self.system)

    @property
    def points(self) -> int:
        return self.n_points or self.sys.n_points

    @property
    def energy_w(self) -> float:
        return self.sys.energy_weight if self.energy_weight is None else self.energy_weight


@contextmanager
def pinned_threads(threads: int) -> Iterator[None]:
    """Run with ``threads`` intra-op threads, so that CPU results (which can depend on how a
    reduction is split) are the same on every machine; restored afterwards."""
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def hamilton_losses(system: HamiltonianSystem, z: torch.Tensor, dz: torch.Tensor,
                    energy_weight: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-network (residual loss, energy penalty), each of shape (K,)."""
    field = torch.stack(system.vector_field(z), dim=-1)
    residual = ((dz - field) ** 2).sum(-1).mean(-1)
    energy = ((system.hamiltonian(z) - system.energy0) ** 2).mean(-1)
    return residual, energy_weight * energy


class Collocation:
    """The training points of one run: the grid on [0, T] plus Gaussian jitter of
    ``cfg.jitter`` grid spacings, reflected back into [0, T], with t[0] pinned to 0.

    The jitter comes from a generator on ``device`` seeded with ``cfg.data_seed``, so the
    points never leave the device.  On the CPU each step draws its own row, exactly as a
    per-step loop would; elsewhere a block of steps is one draw.
    """

    def __init__(self, cfg: TrainConfig, device: torch.device | str, dtype: torch.dtype) -> None:
        t_max, p = cfg.sys.t_max, cfg.points
        self.device, self.dtype, self.t_max, self.points = torch.device(device), dtype, t_max, p
        self.grid = torch.linspace(0, t_max, p, dtype=torch.float64, device=self.device)
        self.spread = cfg.jitter * (t_max / (p - 1))
        self.generator = torch.Generator(device=self.device).manual_seed(cfg.data_seed)

    def draw(self, steps: int) -> torch.Tensor:
        """The next ``steps`` rows of points, shape (steps, P), in the run's dtype."""
        draw = dict(generator=self.generator, dtype=torch.float64, device=self.device)
        if self.device.type == "cpu":
            noise = torch.stack([torch.randn(self.points, **draw) for _ in range(steps)])
        else:
            noise = torch.randn((steps, self.points), **draw)
        t = self.grid + self.spread * noise
        t = torch.where(t < 0, -t, t)
        t = torch.where(t > self.t_max, 2 * self.t_max - t, t)
        t[:, 0] = 0.0
        return t.to(self.dtype)


#: Steps of collocation points drawn at a time (one draw per block on a GPU).
DRAW_BLOCK = 500


def draw_segments(epochs: int, snapshot_epoch: int | None) -> list[tuple[int, int]]:
    """The step ranges [start, stop) a round is run in: split where points are drawn (every
    :data:`DRAW_BLOCK` steps) and at the snapshot, so an engine draws and snapshots between ranges."""
    bounds = sorted({*range(0, epochs, DRAW_BLOCK), epochs, *(() if snapshot_epoch is None else (snapshot_epoch,))})
    return list(zip(bounds, bounds[1:]))


def keep_from_epoch(cfg: TrainConfig) -> int:
    """The first epoch whose state may be kept as the round's best."""
    return cfg.epochs - max(1, int(round(cfg.keep_best_fraction * cfg.epochs)))


@dataclass
class TrainResult:
    """Kept (lowest-loss) parameters and the loss history of each network (on the host)."""

    params: Params
    best_loss: torch.Tensor        # (K,)
    history: np.ndarray            # (epochs, K) training loss
    early: Params | None = None    # parameters after ``snapshot_epoch`` steps, if asked


def zero_masked_state(optimizer: torch.optim.Optimizer, params: Params,
                      masks: Mapping[str, torch.Tensor]) -> None:
    """Clear Adam's moments at pruned positions so a carried-over state cannot move them."""
    for name in WEIGHT_NAMES:
        state = optimizer.state.get(params[name])
        if state:
            for key in ("exp_avg", "exp_avg_sq"):
                state[key].mul_(masks[name])


def train(cfg: TrainConfig, params: Params, masks: Mapping[str, torch.Tensor],
          optimizer_state: dict | None = None, snapshot_epoch: int | None = None
          ) -> tuple[TrainResult, dict]:
    """Train K networks from ``params`` under ``masks``; returns the result and Adam's state.

    Pruned weights must already be zero in ``params``; the mask multiplies them in the
    forward pass, so their gradient is exactly zero, and with a fresh (or masked) Adam
    state their update is exactly zero too.  ``optimizer_state`` carries Adam's state over
    from a previous round (moments at pruned positions are cleared first).  The engine is
    ``cfg.engine``; all engines return the same things in the same formats.
    """
    with pinned_threads(cfg.cpu_threads):
        if cfg.engine == "eager":
            return _train(cfg, params, masks, optimizer_state, snapshot_epoch)
        if cfg.engine == "triton":  # imports triton, which only this engine needs (the [gpu] extra)
            from .triton_engine import train_triton

            return train_triton(cfg, params, masks, optimizer_state, snapshot_epoch)
        from .fused import train_fused

        return train_fused(cfg, params, masks, optimizer_state, snapshot_epoch,
                           compiled=cfg.engine == "fused-compiled")


def _train(cfg: TrainConfig, params: Params, masks: Mapping[str, torch.Tensor],
           optimizer_state: dict | None, snapshot_epoch: int | None) -> tuple[TrainResult, dict]:
    dtype = DTYPES[cfg.dtype]
    device = params["w1"].device
    system = cfg.sys
    live = {name: params[name].detach().clone().to(dtype).requires_grad_(True) for name in PARAM_NAMES}
    masks = {name: masks[name].to(device=device, dtype=dtype) for name in WEIGHT_NAMES}
    order = [live[name] for name in PARAM_NAMES]
    optimizer = torch.optim.Adam(order, lr=cfg.lr, betas=cfg.betas, foreach=True)
    if optimizer_state is not None:  # a copy: Adam would otherwise update the caller's tensors in place
        optimizer.load_state_dict(copy.deepcopy(optimizer_state))
        zero_masked_state(optimizer, live, masks)
    z0 = torch.tensor(system.z0, dtype=dtype, device=device)
    points = Collocation(cfg, device, dtype)
    keep_from = keep_from_epoch(cfg)
    k = live["w1"].shape[0]
    best = {name: live[name].detach().clone() for name in PARAM_NAMES}
    best_loss = torch.full((k,), float("inf"), dtype=dtype, device=device)
    history = torch.empty((cfg.epochs, k), dtype=dtype, device=device)
    early = None
    for epoch in range(cfg.epochs):
        if epoch % DRAW_BLOCK == 0:
            block = points.draw(min(DRAW_BLOCK, cfg.epochs - epoch))
        if snapshot_epoch is not None and epoch == snapshot_epoch:
            early = {name: live[name].detach().clone() for name in PARAM_NAMES}
        z, dz = trial_solution(live, block[epoch % DRAW_BLOCK], z0, masks)
        residual, energy = hamilton_losses(system, z, dz, cfg.energy_w)
        loss = residual + energy
        optimizer.zero_grad(set_to_none=False)
        loss.sum().backward()
        detached = loss.detach()
        history[epoch] = detached
        if epoch >= keep_from:
            better = detached < best_loss
            best_loss = torch.where(better, detached, best_loss)
            for name in PARAM_NAMES:
                shape = (k,) + (1,) * (best[name].dim() - 1)
                best[name] = torch.where(better.view(shape), live[name].detach(), best[name])
        optimizer.step()
    return TrainResult(best, best_loss, history.double().cpu().numpy(), early), optimizer.state_dict()


@dataclass(frozen=True)
class Evaluation:
    """Per-network quality on a fixed, jitter-free test grid (arrays of shape (K,))."""

    loss: np.ndarray          # residual + energy penalty (the training objective)
    residual: np.ndarray      # mean squared residual of Hamilton's equations
    mse_reference: np.ndarray # mean squared error against the scipy reference solution
    energy_drift: np.ndarray  # max_t |H(z(t)) - H0|


def evaluate(cfg: TrainConfig, params: Params, masks: Mapping[str, torch.Tensor],
             n_test: int = 1000) -> Evaluation:
    """Measure K networks on ``n_test`` evenly spaced times in [0, T] in float64."""
    system = cfg.sys
    t_np = np.linspace(0.0, system.t_max, n_test)
    t = torch.from_numpy(t_np)
    with torch.no_grad(), pinned_threads(cfg.cpu_threads):
        p64 = {name: params[name].double() for name in PARAM_NAMES}
        m64 = {name: masks[name].double() for name in WEIGHT_NAMES}
        z, dz = trial_solution(p64, t, torch.tensor(system.z0, dtype=torch.float64), m64)
        residual, energy = hamilton_losses(system, z, dz, cfg.energy_w)
        reference = torch.from_numpy(system.reference(t_np))
        mse = ((z - reference) ** 2).mean(dim=(1, 2))
        drift = (system.hamiltonian(z) - system.energy0).abs().amax(-1)
    return Evaluation((residual + energy).numpy(), residual.numpy(), mse.numpy(), drift.numpy())
