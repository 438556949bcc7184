"""Microseconds per training step of the IMP engines, side by side, and what they make of
the paper profile's wall time.

One *step* trains all K networks of a stage once (the batched program).  Engines:

* ``eager``: autograd and ``torch.optim.Adam`` (the reference engine);
* ``eager+graph`` (CUDA only): the same step, with Adam ``capturable``, captured as a CUDA
  graph of ``GRAPH_STEPS`` steps and replayed;
* ``fused``: hand-derived gradients and Adam (:mod:`empirical.hnn.fused`), CUDA graphs on a GPU;
* ``fused+compile``: the fused step through ``torch.compile`` first;
* ``triton``: one Triton program per network runs a whole block of steps in one launch
  (:mod:`empirical.hnn.triton_engine`; needs the ``[gpu]`` extra).  On the CPU it runs under
  Triton's interpreter (``TRITON_INTERPRET=1``, set here when absent), which only shows that it
  runs: an interpreter's µs per step say nothing about the kernel's, so it times few steps there.

The default sizes are the paper stages' own K, read from their configs: K = 20 is the NL IMP
stage (4 seeds at two rates and three single-layer arms at two seeds at each of the two rates),
K = 4 the HH IMP stage, K = 924 a masked stage (231 rounds x 4 seeds trained at once).  The projection multiplies
each paper stage's sequential steps by the measured time per step of its (system, K); it
leaves out the per-round evaluation and pruning, which run once per 50,000 steps.

    python -m benchmarks.imp_engine [--device cuda] [--steps 500] [--engines fused triton]

Only the ratios between engines measured in one run are meant to be compared.
"""
from __future__ import annotations

import argparse
import os
import time
import traceback
from typing import Callable

import torch

from empirical.hnn.experiments import STAGES, stage_config
from empirical.hnn.fused import GRAPH_STEPS, _GraphedBlock, _initial_state, make_step
from empirical.hnn.imp import ImpConfig
from empirical.hnn.network import PARAM_NAMES, init_params, trial_solution
from empirical.hnn.pruning import full_masks
from empirical.hnn.training import DRAW_BLOCK, DTYPES, TrainConfig, hamilton_losses, pinned_threads

ENGINES: tuple[str, ...] = ("eager", "eager+graph", "fused", "fused+compile", "triton")
#: Steps the Triton engine is timed for under the CPU interpreter (per size: K <= 100, K > 100).
INTERPRETER_STEPS: tuple[int, int] = (5, 1)
SYSTEMS: tuple[str, ...] = ("nl-oscillator", "henon-heiles")


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _setup(cfg: TrainConfig, k: int, device: torch.device):
    params = {n: v.to(device) for n, v in init_params(list(range(k)), cfg.sys.dim, cfg.hidden,
                                                      DTYPES[cfg.dtype]).items()}
    masks = {n: v.to(device) for n, v in full_masks(params).items()}
    t = torch.linspace(0, cfg.sys.t_max, cfg.points, dtype=DTYPES[cfg.dtype], device=device)
    return params, masks, t, torch.tensor(cfg.sys.z0, dtype=DTYPES[cfg.dtype], device=device)


def _eager_step(cfg: TrainConfig, k: int, device: torch.device, capturable: bool) -> tuple[Callable[[], None], torch.Tensor]:
    params, masks, t, z0 = _setup(cfg, k, device)
    live = [params[n].clone().requires_grad_(True) for n in PARAM_NAMES]
    named = dict(zip(PARAM_NAMES, live))
    fmasks = {n: m.to(live[0].dtype) for n, m in masks.items()}
    opt = torch.optim.Adam(live, lr=cfg.lr, betas=cfg.betas, foreach=True, capturable=capturable)

    def step() -> None:
        opt.zero_grad(set_to_none=False)
        z, dz = trial_solution(named, t, z0, fmasks)
        residual, energy = hamilton_losses(cfg.sys, z, dz, cfg.energy_w)
        (residual + energy).sum().backward()
        opt.step()

    return step, t


def time_eager(cfg: TrainConfig, k: int, device: torch.device, steps: int) -> float:
    step, _ = _eager_step(cfg, k, device, capturable=False)
    step()
    _sync(device)
    start = time.perf_counter()
    for _ in range(steps):
        step()
    _sync(device)
    return (time.perf_counter() - start) / steps


def time_eager_graph(cfg: TrainConfig, k: int, device: torch.device, steps: int) -> float:
    step, _ = _eager_step(cfg, k, device, capturable=True)
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(3):
            step()
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        for _ in range(GRAPH_STEPS):
            step()
    return _replay(graph, device, steps)


def _replay(graph: torch.cuda.CUDAGraph, device: torch.device, steps: int) -> float:
    graph.replay()
    _sync(device)
    blocks = max(1, steps // GRAPH_STEPS)
    start = time.perf_counter()
    for _ in range(blocks):
        graph.replay()
    _sync(device)
    return (time.perf_counter() - start) / (blocks * GRAPH_STEPS)


def time_fused(cfg: TrainConfig, k: int, device: torch.device, steps: int, compiled: bool) -> float:
    params, masks, t, z0 = _setup(cfg, k, device)
    state = _initial_state(cfg, params, masks, None)
    step = make_step(cfg, z0, compiled)
    active = torch.ones((), dtype=torch.bool, device=device)
    row = torch.empty(k, dtype=t.dtype, device=device)
    if device.type == "cuda":
        block = _GraphedBlock(step, state, cfg.points, k)
        return _replay(block.graph, device, steps)
    for _ in range(2):  # warm-up (and compilation)
        step(state, t, active, row)
    start = time.perf_counter()
    for _ in range(steps):
        step(state, t, active, row)
    return (time.perf_counter() - start) / steps


def time_triton(cfg: TrainConfig, k: int, device: torch.device, steps: int) -> float:
    """Seconds per step of the Triton engine: launches of up to ``DRAW_BLOCK`` steps on a fixed
    block of points, after one launch that compiles the kernel (on the CPU: the interpreter)."""
    if device.type == "cpu":
        os.environ.setdefault("TRITON_INTERPRET", "1")  # read by triton when the kernel is defined
    from empirical.hnn.triton_engine import TritonState, _check

    _check(cfg, device)
    params, masks, t, _ = _setup(cfg, k, device)
    state = TritonState(cfg, params, masks, None)
    block = min(steps, DRAW_BLOCK)
    points = t.expand(block, -1).contiguous()
    history = torch.empty((block, k), dtype=t.dtype, device=device)
    state.run(cfg, points[:1], history[:1], 0, 0)  # compilation
    _sync(device)
    start = time.perf_counter()
    done = 0
    while done < steps:
        n = min(block, steps - done)
        state.run(cfg, points[:n], history[:n], done, 0)
        done += n
    _sync(device)
    return (time.perf_counter() - start) / steps


def measure(engine: str, cfg: TrainConfig, k: int, device: torch.device, steps: int) -> float | None:
    """Seconds per step, or None when the engine does not apply here (or failed: printed)."""
    if engine == "eager+graph" and device.type != "cuda":
        return None
    try:
        if engine == "eager":
            return time_eager(cfg, k, device, steps)
        if engine == "eager+graph":
            return time_eager_graph(cfg, k, device, steps)
        if engine == "triton":
            if device.type == "cpu":
                steps = min(steps, INTERPRETER_STEPS[k > 100])
            return time_triton(cfg, k, device, steps)
        return time_fused(cfg, k, device, steps, compiled=engine == "fused+compile")
    except Exception:  # one broken variant must not lose the others' numbers
        print(f"  {engine} K={k} {cfg.system} failed:\n" + traceback.format_exc(limit=3))
        return None


def paper_steps() -> dict[str, tuple[str, int, int]]:
    """Per paper stage: (system, K, sequential steps)."""
    out = {}
    for name in STAGES:
        cfg = stage_config("paper", name)
        if isinstance(cfg, ImpConfig):
            out[name] = (cfg.train.system, len(cfg.arms), (cfg.rounds + 1) * cfg.train.epochs)
        else:
            source = cfg.source
            k = (source.rounds + 1) * sum(arm.label == cfg.arm_label for arm in source.arms)
            out[name] = (cfg.train.system, k, cfg.train.epochs)
    return out


def paper_sizes() -> dict[str, tuple[int, ...]]:
    """Per system, the K of its paper stages (the sizes the projection needs), ascending."""
    sizes: dict[str, set[int]] = {system: set() for system in SYSTEMS}
    for system, k, _ in paper_steps().values():
        sizes[system].add(k)
    return {system: tuple(sorted(ks)) for system, ks in sizes.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--steps", type=int, default=None,
                        help="steps timed per (engine, size); default 1000 on CUDA, 20 on CPU (5 for K=924)")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--sizes", nargs="+", default=None, metavar="SYSTEM:K",
                        help="measure only these, e.g. nl-oscillator:14 (default: both systems at their stage sizes)")
    args = parser.parse_args(argv)
    if args.device == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda: no CUDA device is available")
    if args.steps is not None and args.steps < 1:
        parser.error(f"--steps must be >= 1, got {args.steps}")
    sizes = paper_sizes()
    if args.sizes:
        chosen: dict[str, list[int]] = {}
        for item in args.sizes:
            system, _, k = item.partition(":")
            if system not in SYSTEMS or not k.isdigit() or int(k) < 1:
                parser.error(f"--sizes {item!r}: expected SYSTEM:K with SYSTEM in {', '.join(SYSTEMS)} and K >= 1")
            chosen.setdefault(system, []).append(int(k))
        sizes = {system: tuple(ks) for system, ks in chosen.items()}
    device = torch.device(args.device)
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    print(f"torch {torch.__version__}, {name}, paper settings (thesis epochs, points, betas), float32")
    per_step: dict[tuple[str, int, str], float | None] = {}
    header = f"{'system':<15}{'K':>5}" + "".join(f"{e + ' µs':>18}" for e in args.engines) + f"{'best vs eager':>15}"
    print(header)
    if device.type == "cpu" and "triton" in args.engines:
        print(f"  (triton on the CPU runs under Triton's interpreter, {INTERPRETER_STEPS[0]} steps at K <= 100 and "
              f"{INTERPRETER_STEPS[1]} above: it shows the kernel runs, not how fast it is; left out of 'best')")
    with pinned_threads(TrainConfig("nl-oscillator", 1).cpu_threads if device.type == "cpu" else torch.get_num_threads()):
        for system, ks in sizes.items():
            cfg = stage_config("paper", "nl-imp" if system == "nl-oscillator" else "hh-imp").train
            for k in ks:
                steps = args.steps or (1000 if device.type == "cuda" else (5 if k > 100 else 20))
                row = {e: measure(e, cfg, k, device, steps) for e in args.engines}
                per_step.update({(system, k, e): v for e, v in row.items()})
                cells = "".join(f"{'n/a' if v is None else f'{v * 1e6:,.0f}':>18}" for v in row.values())
                done = [v for e, v in row.items() if v is not None and e != "eager"
                        and not (e == "triton" and device.type == "cpu")]
                ratio = f"{row['eager'] / min(done):.1f}x" if row.get("eager") and done else "n/a"
                print(f"{system:<15}{k:>5}{cells}{ratio:>15}")
    print("\nprojected wall time of each paper stage (steps x µs/step; evaluation and pruning left out):")
    print(f"{'stage':<12}{'system':<15}{'K':>5}{'steps':>12}" + "".join(f"{e:>16}" for e in args.engines))
    totals = dict.fromkeys(args.engines, 0.0)
    for stage, (system, k, steps) in paper_steps().items():
        cells = ""
        for e in args.engines:
            v = None if e == "triton" and device.type == "cpu" else per_step.get((system, k, e))
            totals[e] = totals[e] + steps * v if v is not None and totals[e] is not None else None
            cells += f"{'n/a' if v is None else _duration(steps * v):>16}"
        print(f"{stage:<12}{system:<15}{k:>5}{steps:>12,}{cells}")
    print(f"{'all six':<44}" + "".join(f"{'n/a' if v is None else _duration(v):>16}" for v in totals.values()))


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


if __name__ == "__main__":
    main()
