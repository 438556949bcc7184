"""Confidence intervals and the decision rules statistical checks share."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import binomtest, t as student_t

from .verdict import Status


def wilson_interval(successes: int, trials: int, confidence: float) -> tuple[float, float]:
    """Two-sided Wilson score interval for a binomial proportion."""
    if trials <= 0:
        raise ValueError(f"trials must be positive, got {trials}")
    ci = binomtest(int(successes), int(trials)).proportion_ci(confidence_level=confidence, method="wilson")
    return float(ci.low), float(ci.high)


@dataclass(frozen=True)
class BoundTest:
    """Outcome of testing 'probability <= bound' at one point."""

    p_hat: float
    ci_low: float
    ci_high: float
    bound: float
    status: Status  # REFUTED: whole CI above; VERIFIED: whole CI at or below; else INCONCLUSIVE


def decide_upper_bound(successes: int, trials: int, bound: float, confidence: float) -> BoundTest:
    """Decide 'P <= bound' from a Wilson interval: refuted if the interval lies above the
    bound, verified if it lies at or below it, inconclusive if it straddles it."""
    low, high = wilson_interval(successes, trials, confidence)
    if low > bound:
        status = Status.REFUTED
    elif high <= bound:
        status = Status.VERIFIED
    else:
        status = Status.INCONCLUSIVE
    return BoundTest(successes / trials, low, high, bound, status)


def combine_point_statuses(statuses: list[Status]) -> Status:
    """A claim 'for all grid points' is refuted by any refuted point, verified only if all are."""
    if any(s is Status.REFUTED for s in statuses):
        return Status.REFUTED
    if all(s is Status.VERIFIED for s in statuses):
        return Status.VERIFIED
    return Status.INCONCLUSIVE


def decide_above(low: float, high: float, threshold: float) -> Status:
    """Decide 'the quantity exceeds ``threshold``' from its interval [low, high]: verified if the
    whole interval is above it, refuted if wholly below, inconclusive if it straddles it."""
    if low > threshold:
        return Status.VERIFIED
    if high < threshold:
        return Status.REFUTED
    return Status.INCONCLUSIVE


def mean_interval(values: np.ndarray, confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean of ``values`` and its two-sided Student-t interval (a point if all values agree)."""
    x = np.asarray(values, dtype=float)
    if x.size < 2:
        raise ValueError(f"need at least two values for an interval, got {x.size}")
    mean = float(x.mean())
    half = float(student_t.ppf(0.5 + confidence / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return mean, mean - half, mean + half
