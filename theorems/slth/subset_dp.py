"""Subset sums over many small integers: reachable sums and witnesses by dynamic programming.

Meet in the middle (theorems.npp.signings) needs 2^(n/2) memory; the constructions of
chapter 5 have many items (tens to hundreds) with small values (|z| <= 10^4), where a
dynamic programme over the range of sums is exact and fast.
"""
from __future__ import annotations

import numpy as np

#: Largest range of sums the programme allocates (booleans and int32 indices per sum).
MAX_RANGE = 50_000_000


class SubsetSums:
    """All subset sums of ``values``, with the first item that made each sum reachable.

    ``first[s]`` is the index of the item whose inclusion first reached sum s when items are
    added in order; following ``first`` back from a sum yields a witness subset.
    """

    def __init__(self, values) -> None:
        z = np.asarray(values)
        if z.ndim != 1 or not np.issubdtype(z.dtype, np.integer):
            raise TypeError(f"expected a 1-D integer array, got dtype {z.dtype} and shape {z.shape}")
        self.values = z.astype(np.int64)
        self.offset = int(-self.values[self.values < 0].sum())
        size = int(np.abs(self.values).sum()) + 1
        if size > MAX_RANGE:
            raise ValueError(f"range of subset sums {size} exceeds the supported {MAX_RANGE}")
        reach = np.zeros(size, dtype=bool)
        reach[self.offset] = True
        first = np.full(size, -1, dtype=np.int32)
        for i, value in enumerate(self.values):
            shifted = np.zeros_like(reach)
            if value >= 0:
                shifted[value:] = reach[: size - value]
            else:
                shifted[: size + value] = reach[-value:]
            newly = shifted & ~reach
            first[newly] = i
            reach |= shifted
        self.reachable = reach
        self.first = first

    def contains(self, targets) -> np.ndarray:
        """Whether each target is a subset sum."""
        t = np.asarray(targets, dtype=np.int64) + self.offset
        inside = (t >= 0) & (t < self.reachable.size)
        return inside & self.reachable[np.clip(t, 0, self.reachable.size - 1)]

    def witness(self, target: int) -> np.ndarray | None:
        """Indices of a subset summing to ``target``, or None if there is none."""
        if not self.contains([target])[0]:
            return None
        chosen, pos = [], int(target) + self.offset
        while pos != self.offset:
            item = int(self.first[pos])
            chosen.append(item)
            pos -= int(self.values[item])
        return np.array(sorted(chosen), dtype=np.int64)
