"""Confidence intervals and the decision rules statistical checks share."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import binomtest, t as student_t

from .verdict import EmptyEvidence, Status


def _check_interval(low: float, high: float, what: str) -> None:
    """Refuse an interval that cannot carry a decision: a NaN end or ``low > high``."""
    if np.isnan(low) or np.isnan(high):
        raise EmptyEvidence(f"no cases were examined: {what} has a NaN end [{low}, {high}]")
    if low > high:
        raise EmptyEvidence(f"no cases were examined: {what} is degenerate, low {low} > high {high}")


def wilson_interval(successes: int, trials: int, confidence: float) -> tuple[float, float]:
    """Two-sided Wilson score interval for a binomial proportion."""
    if trials <= 0:
        raise EmptyEvidence(f"no cases were examined: a binomial proportion over {trials} trials has no interval")
    if not 0 <= successes <= trials:
        raise ValueError(f"successes must lie in [0, trials={trials}], got {successes}")
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
    if np.isnan(bound):
        raise EmptyEvidence("no cases were examined: the bound to test against is NaN")
    low, high = wilson_interval(successes, trials, confidence)
    if low > bound:
        status = Status.REFUTED
    elif high <= bound:
        status = Status.VERIFIED
    else:
        status = Status.INCONCLUSIVE
    return BoundTest(successes / trials, low, high, bound, status)


def combine_point_statuses(statuses: list[Status]) -> Status:
    """A claim 'for all grid points' is refuted by any refuted point, verified only if all are.

    No points at all is no evidence (:class:`EmptyEvidence`), not a vacuous 'all verified'."""
    if len(statuses) == 0:
        raise EmptyEvidence("no cases were examined: the list of point statuses is empty")
    if any(s is Status.REFUTED for s in statuses):
        return Status.REFUTED
    if all(s is Status.VERIFIED for s in statuses):
        return Status.VERIFIED
    return Status.INCONCLUSIVE


def decide_above(low: float, high: float, threshold: float) -> Status:
    """Decide 'the quantity exceeds ``threshold``' from its interval [low, high]: verified if the
    whole interval is above it, refuted if wholly below, inconclusive if it straddles it.

    A NaN end, a NaN threshold or ``low > high`` raises :class:`EmptyEvidence`."""
    _check_interval(low, high, "the interval")
    if np.isnan(threshold):
        raise EmptyEvidence("no cases were examined: the threshold to test against is NaN")
    if low > threshold:
        return Status.VERIFIED
    if high < threshold:
        return Status.REFUTED
    return Status.INCONCLUSIVE


def mean_interval(values: np.ndarray, confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean of ``values`` and its two-sided Student-t interval (a point if all values agree)."""
    x = np.asarray(values, dtype=float)
    if x.size < 2:
        raise EmptyEvidence(f"no cases were examined: a t interval needs at least two values, got {x.size}")
    if np.isnan(x).any():
        raise EmptyEvidence(f"no cases were examined: {int(np.isnan(x).sum())} of {x.size} values are NaN")
    mean = float(x.mean())
    half = float(student_t.ppf(0.5 + confidence / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return mean, mean - half, mean + half
