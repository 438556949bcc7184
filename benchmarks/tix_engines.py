"""Speed of the tix engines against their plain references, measured side by side.

    python -m benchmarks.tix_engines

* the vectorised §3.1 pruning simulator vs the plain-Python replay (same uniforms, same
  outcomes), in trial-steps per second;
* the exact max-load probability vs a Monte Carlo estimate with a 1% standard error.
"""
from __future__ import annotations

import math
import time

import numpy as np

from theorems.tix.balls_bins import largest_k_below, p_max_load_at_least, pruning_bound
from theorems.tix.pruning import reference_trial, simulate_pruning


def _seconds(fn, repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def pruning_engine(w: int, n_layers: int, trials: int) -> dict:
    steps = largest_k_below(pruning_bound(w, n_layers - 1, math.e))
    rng = np.random.default_rng(0)
    uniforms = np.stack([rng.random((2, trials)) for _ in range(steps)])
    reference_trials = max(1, min(trials, 20))
    fast = _seconds(lambda: simulate_pruning(w, n_layers, trials, steps, np.random.default_rng(0)))
    slow = _seconds(lambda: [reference_trial(w, n_layers, uniforms[:, :, t]) for t in range(reference_trials)], repeat=1)
    fast_rate, slow_rate = trials * steps / fast, reference_trials * steps / slow
    return {"w": w, "layers": n_layers, "steps": steps, "vectorised trial-steps/s": fast_rate,
            "reference trial-steps/s": slow_rate, "speed-up": fast_rate / slow_rate}


def exact_vs_monte_carlo(w: int, d: int) -> dict:
    bins, m = d - 1, w * w
    k = largest_k_below(pruning_bound(w, bins, math.e))
    exact = _seconds(lambda: p_max_load_at_least(k, bins, m))
    p = p_max_load_at_least(k, bins, m)
    samples = int(math.ceil((1 - p) / (p * 0.01**2)))  # relative standard error 1%
    chunk = min(samples, 20000)
    mc = _seconds(lambda: np.random.default_rng(0).multinomial(k, np.full(bins, 1 / bins), size=chunk), repeat=1)
    mc_full = mc * samples / chunk
    return {"w": w, "d": d, "k": k, "P": p, "exact s": exact, "Monte Carlo s (1% rel. s.e.)": mc_full,
            "speed-up": mc_full / exact}


def main() -> None:
    print("§3.1 pruning: vectorised engine vs plain-Python replay")
    for w, layers, trials in [(2, 100, 1000), (3, 100, 1000), (2, 1000, 1000)]:
        row = pruning_engine(w, layers, trials)
        print("  " + ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))
    print("max-load probability: exact convolution vs Monte Carlo at 1% relative standard error")
    for w, d in [(2, 100), (3, 1000), (4, 1000)]:
        row = exact_vs_monte_carlo(w, d)
        print("  " + ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    main()
