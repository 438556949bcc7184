"""Speed of the exact NPP engines, measured side by side.

    python -m benchmarks.npp_engines

* count_signings (meet in the middle) vs vectorised brute force over all 2^n sums at n = 24;
* count_signings alone for growing n, up to the largest the machine handles in a few seconds.
"""
from __future__ import annotations

import time

import numpy as np

from theorems.npp.signings import count_signings, count_signings_brute_force


def _best_of(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.integers(1, 2**20, 24)
    fast = _best_of(lambda: count_signings(x, 0))
    slow = _best_of(lambda: count_signings_brute_force(x, 0), repeat=1)
    print(f"n=24: meet-in-the-middle {fast * 1e3:.2f} ms, brute force {slow * 1e3:.1f} ms, speed-up {slow / fast:.0f}x")
    for n in (28, 32, 36, 40, 44, 48):
        x = rng.integers(1, 2**30, n)
        seconds = _best_of(lambda x=x: count_signings(x, 0), repeat=1)
        print(f"n={n}: count_signings {seconds:.3f} s")
        if seconds > 2:
            break


if __name__ == "__main__":
    main()
