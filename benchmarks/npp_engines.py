"""Speed of the exact NPP engines, measured side by side.

    python -m benchmarks.npp_engines

* count_signings (meet in the middle) vs vectorised brute force over all 2^n sums at n = 24;
* count_signings (both halves sorted, needles searched in increasing order) vs
  count_signings_unsorted (the first version: needles searched in index order, i.e. at random)
  for n = 36, 40, 44 in one run, as ratios, at targets 0 (where the new engine also fixes one
  sign, halving the left half) and 1; n = 48 for the new engine alone (the old one would take
  about a minute there);
* how one half's 2^k signed sums are put in order: numpy's sort of the finished half vs a
  Horowitz-Sahni merge (sorted sums of k + 1 items = merge of those of k items shifted by -a
  and +a), which is why the engine sorts rather than merges.
"""
from __future__ import annotations

import time

import numpy as np

from theorems.npp.signings import (
    count_signings,
    count_signings_brute_force,
    count_signings_unsorted,
    sorted_signed_sums,
)


def _best_of(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def merged_signed_sums(x: np.ndarray) -> np.ndarray:
    """Horowitz-Sahni: the sorted signed sums built item by item, each step a linear merge of two sorted runs
    (numpy's stable sort of two concatenated runs is a single timsort merge)."""
    sums = np.zeros(1, dtype=np.int64)
    for a in np.asarray(x, dtype=np.int64):
        sums = np.sort(np.concatenate([sums - a, sums + a]), kind="stable")
    return sums


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.integers(1, 2**20, 24)
    fast = _best_of(lambda: count_signings(x, 0))
    slow = _best_of(lambda: count_signings_brute_force(x, 0), repeat=1)
    print(f"n=24: meet-in-the-middle {fast * 1e3:.2f} ms, brute force {slow * 1e3:.1f} ms, speed-up {slow / fast:.0f}x")

    print("count_signings: sorted needles (new; target 0 also fixes σ_1, target 1 cannot) vs needles in index order (old)")
    previous: float | None = None
    for n in (36, 40, 44, 48):
        x = rng.integers(1, 2**30, n)
        new0 = _best_of(lambda x=x: count_signings(x, 0), repeat=2)
        new1 = _best_of(lambda x=x: count_signings(x, 1), repeat=2)
        growth = f"; new(t=1) x{new1 / previous:.1f} from n-4" if previous else ""
        previous = new1
        if n <= 44:
            old = _best_of(lambda x=x: count_signings_unsorted(x, 0), repeat=1)
            assert count_signings(x, 0) == count_signings_unsorted(x, 0) and count_signings(x, 1) == count_signings_unsorted(x, 1)
            print(f"n={n}: new {new0:.3f} s (t=0), {new1:.3f} s (t=1); old {old:.3f} s; old/new {old / new0:.1f}x (t=0), "
                  f"{old / new1:.1f}x (t=1){growth}")
        else:
            print(f"n={n}: new {new0:.3f} s (t=0), {new1:.3f} s (t=1); old not run{growth}")

    print("one half's signed sums in order: np.sort of the finished half vs Horowitz-Sahni merging")
    for k in (20, 22, 24):
        x = rng.integers(1, 2**30, k)
        sort = _best_of(lambda x=x: sorted_signed_sums(x), repeat=2)
        merge = _best_of(lambda x=x: merged_signed_sums(x), repeat=1)
        assert np.array_equal(sorted_signed_sums(x), merged_signed_sums(x))
        print(f"k={k} (n={2 * k}): sort {sort:.3f} s, merge {merge:.3f} s, merge/sort {merge / sort:.1f}x")


if __name__ == "__main__":
    main()
