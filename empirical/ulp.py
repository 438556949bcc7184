"""Moving floating-point values by units in the last place: the numerics replicates of a stage.

Two CPUs round the same training run differently in its last bits (vector width, summation
order, BLAS kernels), and training amplifies that.  A stage rerun with its initial weights moved
one ulp shows which of its results the seeds fix and which the machine's rounding does.
"""
from __future__ import annotations

import math

import torch


def nudge_tensor(value: torch.Tensor, ulps: int) -> torch.Tensor:
    """``value`` with every entry moved ``ulps`` units in the last place (towards +inf if positive)."""
    if ulps == 0:
        return value
    toward = torch.full_like(value, math.inf if ulps > 0 else -math.inf)
    for _ in range(abs(ulps)):
        value = torch.nextafter(value, toward)
    return value
