"""Trajectory-epochs per second of the batched IMP training engine against a plain loop.

The plain loop is how such experiments are usually written: one network at a time, an
``nn.Module`` MLP, and dz/dt by double backward (``autograd.grad`` with
``create_graph=True``).  The engine trains K networks as one tensor program with a
forward-mode tangent pass.  Both run the same loss, optimiser and epochs on the same
device, measured side by side in one run; only ratios are meant to be compared.

    python -m benchmarks.imp_engine [--device cuda] [--epochs 20]
"""
from __future__ import annotations

import argparse
import time

import torch
from torch import nn

from empirical.hnn.network import init_params
from empirical.hnn.pruning import full_masks
from empirical.hnn.training import TrainConfig, collocation_times, hamilton_losses, train


class PlainNet(nn.Module):
    """The same 1-50-50-out sin network, written the ordinary way."""

    def __init__(self, outputs: int, hidden: int = 50) -> None:
        super().__init__()
        self.l1, self.l2, self.l3 = nn.Linear(1, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, outputs)

    def forward(self, t: torch.Tensor) -> torch.Tensor:
        return self.l3(torch.sin(self.l2(torch.sin(self.l1(t)))))


def plain_loop(cfg: TrainConfig, seeds: list[int], device: str) -> float:
    """Seconds to train each network in turn for cfg.epochs epochs (double backward)."""
    system = cfg.sys
    z0 = torch.tensor(system.z0, device=device)
    start = time.perf_counter()
    for seed in seeds:
        torch.manual_seed(seed)
        net = PlainNet(system.dim).to(device)
        opt = torch.optim.Adam(net.parameters(), lr=cfg.lr, betas=cfg.betas)
        gen = torch.Generator().manual_seed(cfg.data_seed)
        for _ in range(cfg.epochs):
            t = collocation_times(cfg, gen, torch.float32).to(device)[:, None].requires_grad_(True)
            n = net(t)
            decay = torch.exp(-t)
            z = z0 + (1 - decay) * n
            dz = torch.stack([torch.autograd.grad(z[:, j].sum(), t, create_graph=True)[0][:, 0]
                              for j in range(system.dim)], dim=-1)
            residual, energy = hamilton_losses(system, z[None], dz[None], cfg.energy_w)
            opt.zero_grad()
            (residual + energy).sum().backward()
            opt.step()
    if device == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start


def engine(cfg: TrainConfig, seeds: list[int], device: str) -> float:
    """Seconds for the batched engine to train all networks together."""
    params = {k: v.to(device) for k, v in init_params(seeds, cfg.sys.dim).items()}
    masks = {k: v.to(device) for k, v in full_masks(params).items()}
    start = time.perf_counter()
    train(cfg, params, masks)
    if device == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 16, 64])
    args = parser.parse_args(argv)
    if args.device == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda: no CUDA device is available")
    torch.set_num_threads(TrainConfig("nl-oscillator", 1).cpu_threads)  # the engine's pinned count, for both
    print(f"torch {torch.__version__}, device {args.device}, threads {torch.get_num_threads()}, "
          f"{args.epochs} epochs per network")
    print(f"{'system':<15}{'K':>4}{'engine traj-ep/s':>18}{'plain traj-ep/s':>17}{'ratio':>8}")
    for system in ("nl-oscillator", "henon-heiles"):
        cfg = TrainConfig(system, epochs=args.epochs)
        engine(cfg, [0], args.device)  # warm-up
        for k in args.sizes:
            seeds = list(range(k))
            t_engine = engine(cfg, seeds, args.device)
            t_plain = plain_loop(cfg, seeds, args.device)
            rate_e, rate_p = k * args.epochs / t_engine, k * args.epochs / t_plain
            print(f"{system:<15}{k:>4}{rate_e:>18.0f}{rate_p:>17.0f}{rate_e / rate_p:>7.1f}x")


if __name__ == "__main__":
    main()
