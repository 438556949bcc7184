"""Choose the engine a GPU session trains the paper stages with, on the device itself.

The paper stages are configured for ``fused``; ``triton`` may replace it (``$LTH_ENGINE``, see
:mod:`empirical.hnn.engines`) only where, on this device, it

1. imports (the optional ``[gpu]`` extra),
2. passes :func:`empirical.hnn.triton_engine.check_against_fused` on both IMP stages' own
   configs (paper epochs cut to ``--steps``, K = the stage's arms, after one 30% pruning round,
   best-state tracking active in the last fifth), within the tests' bounds, and
3. is faster than ``fused`` per step at every size of a paper stage (K = 20 and 924 for NL,
   4 and 924 for HH), timed side by side here.

Anything else (no CUDA, triton missing, a failed check, a slower kernel, an error in the kernel)
chooses ``fused``.  What was measured goes to stderr; the last line of stdout is the choice.

    python -m benchmarks.choose_engine [--device cuda] [--steps 500]
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib
import sys
import traceback

import torch

from benchmarks.imp_engine import paper_sizes, time_fused, time_triton
from empirical.hnn.experiments import stage_config
from empirical.hnn.imp import initial_params
from empirical.hnn.network import WEIGHT_NAMES
from empirical.hnn.pruning import full_masks, magnitude_prune

CHECK_STAGES: tuple[str, ...] = ("nl-imp", "hh-imp")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def decide(checks: dict[str, bool], timings: dict[str, tuple[float, float]]) -> str:
    """``triton`` if every check passed and it was faster at every size (``timings``: size ->
    (fused, triton) seconds per step), else ``fused``."""
    if not checks or not timings or not all(checks.values()):
        return "fused"
    return "triton" if all(t < f for f, t in timings.values()) else "fused"


def _check(stage: str, steps: int, device: torch.device) -> bool:
    from empirical.hnn.triton_engine import check_against_fused

    cfg = stage_config("paper", stage)
    k = len(cfg.arms)
    train = dataclasses.replace(cfg.train, epochs=steps, engine="triton")
    params = initial_params(cfg)
    masks = magnitude_prune(params, full_masks(params), [0.3] * k, [WEIGHT_NAMES] * k, ["global"] * k,
                            "cumulative", round_index=0)
    params = {n: (v * masks[n] if n in masks else v).to(device) for n, v in params.items()}
    report = check_against_fused(train, params, {n: m.to(device) for n, m in masks.items()})
    _say(f"check {stage} (K={k}, {steps} steps) against fused: "
         + ", ".join(f"{key} {value:.2e}" for key, value in report.items() if key not in ("passed", "steps"))
         + f" -> {'passed' if report['passed'] else 'FAILED'}")
    return bool(report["passed"])


def choose(device: torch.device, steps: int) -> str:
    if device.type == "cuda" and not torch.cuda.is_available():
        _say("no CUDA device: fused")
        return "fused"
    try:
        importlib.import_module("empirical.hnn.triton_engine")  # imports triton
    except ImportError as exc:
        _say(f"triton does not import ({exc}): fused")
        return "fused"
    try:
        checks = {stage: _check(stage, steps, device) for stage in CHECK_STAGES}
        timings = {}
        if all(checks.values()):
            for system, sizes in paper_sizes().items():
                cfg = stage_config("paper", "nl-imp" if system == "nl-oscillator" else "hh-imp").train
                for k in sizes:
                    fused = time_fused(cfg, k, device, steps, compiled=False)
                    kernel = time_triton(dataclasses.replace(cfg, engine="triton"), k, device, steps)
                    timings[f"{system}:{k}"] = (fused, kernel)
                    _say(f"{system} K={k}: fused {fused * 1e6:.0f} us/step, triton {kernel * 1e6:.0f} us/step")
    except Exception:  # a kernel that fails on this device is not used
        _say("the Triton engine failed here:\n" + traceback.format_exc(limit=4))
        return "fused"
    return decide(checks, timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--steps", type=int, default=500, help="steps per check and per timing (default 500)")
    args = parser.parse_args(argv)
    engine = choose(torch.device(args.device), args.steps)
    _say(f"engine for the paper stages: {engine}")
    print(engine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
