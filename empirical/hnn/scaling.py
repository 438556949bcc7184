"""Error-vs-density analysis (thesis §5.1, §8.2-8.3): the critical window, power-law and
alternative fits compared by AIC, winning-ticket boundaries, and layer collapse."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import torch
from scipy import stats


@dataclass(frozen=True)
class LineFit:
    """Least squares y = intercept + slope x, with a t-interval for the slope."""

    slope: float
    intercept: float
    slope_ci: tuple[float, float]
    rss: float
    n: int


def fit_line(x: np.ndarray, y: np.ndarray, confidence: float = 0.95) -> LineFit:
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) < 3:
        raise ValueError(f"need at least 3 points for a line with an interval, got {len(x)}")
    res = stats.linregress(x, y)
    t = stats.t.ppf(0.5 + confidence / 2, len(x) - 2)
    rss = float(np.sum((y - res.intercept - res.slope * x) ** 2))
    return LineFit(float(res.slope), float(res.intercept),
                   (float(res.slope - t * res.stderr), float(res.slope + t * res.stderr)), rss, len(x))


def aic(rss: float, n: int, k: int) -> float:
    """Akaike's criterion for a least-squares fit with Gaussian errors."""
    return n * np.log(max(rss, 1e-300) / n) + 2 * k


@dataclass(frozen=True)
class ModelComparison:
    """Fits of log error on a density window: AIC per model and the power-law exponent."""

    aic: dict[str, float]
    gamma: float                     # e ~ d^{-gamma}: minus the log-log slope
    gamma_ci: tuple[float, float]
    thesis_gamma: float              # best fit of e ~ (d_C - d)^{-gamma}
    thesis_dc: float
    n: int

    @property
    def best(self) -> str:
        return min(self.aic, key=self.aic.get)


def compare_models(density: np.ndarray, error: np.ndarray) -> ModelComparison:
    """Compare, on log error: a power law in d, an exponential in d, the thesis's (d_C - d)^{-γ}
    with d_C fitted on a grid above the largest density, and a constant (no growth at all)."""
    d, log_e = np.asarray(density, float), np.log(np.asarray(error, float))
    power = fit_line(np.log(d), log_e)
    expo = fit_line(d, log_e)
    best_thesis = None
    for dc in d.max() + np.geomspace(1e-3, 2.0, 200):
        fit = fit_line(np.log(dc - d), log_e)
        if best_thesis is None or fit.rss < best_thesis[1].rss:
            best_thesis = (dc, fit)
    dc, thesis = best_thesis
    n = len(d)
    return ModelComparison(
        aic={"power law in d": aic(power.rss, n, 2), "exponential in d": aic(expo.rss, n, 2),
             "(d_C - d)^-γ": aic(thesis.rss, n, 3), "constant in d": aic(float(np.sum((log_e - log_e.mean()) ** 2)), n, 1)},
        gamma=-power.slope, gamma_ci=(-power.slope_ci[1], -power.slope_ci[0]),
        thesis_gamma=-thesis.slope, thesis_dc=float(dc), n=n)


def connected_outputs(masks: Mapping[str, torch.Tensor]) -> np.ndarray:
    """(K, outputs): whether some unpruned path joins the input t to each output."""
    h1 = masks["w1"][:, :, 0].double()                                  # (K, H)
    h2 = (torch.einsum("kij,kj->ki", masks["w2"].double(), h1) > 0).double()
    out = torch.einsum("kij,kj->ki", masks["w3"].double(), h2) > 0
    return out.numpy()


def collapsed_layers(masks: Mapping[str, torch.Tensor]) -> np.ndarray:
    """(K, layers): whether every weight of a layer is pruned (a layer collapse, §6.1)."""
    return np.stack([(masks[n].reshape(masks[n].shape[0], -1).sum(1) == 0).numpy()
                     for n in ("w1", "w2", "w3")], axis=-1)


def critical_window(density: np.ndarray, error: np.ndarray, usable: np.ndarray,
                    factor: float = 2.0) -> np.ndarray:
    """Rounds (indices) of the critical window d_L < d < d_C, by a rule fixed in advance:
    from the first round after which the median error over seeds stays above ``factor``
    times the dense median, to the last round where every network is still connected.

    ``density``, ``error``: (rounds+1, seeds); ``usable``: (rounds+1,) bool."""
    median = np.median(error, axis=1)
    above = median > factor * median[0]
    last = int(np.max(np.nonzero(usable)[0]))
    start = None
    for n in range(1, last + 1):
        if above[n:last + 1].all():
            start = n
            break
    return np.arange(start, last + 1) if start is not None else np.arange(0)


def winning_boundary(density: np.ndarray, error: np.ndarray, reference: float, tolerance: float) -> float:
    """The lowest density d such that every round with density >= d wins, i.e. has
    error <= tolerance x reference; 1.0 if even the first pruned round loses.

    ``density`` and ``error`` are 1-D over rounds (one curve, e.g. a median)."""
    lowest = 1.0
    for d, e in sorted(zip(density, error), key=lambda pair: -pair[0]):
        if e > tolerance * reference:
            break
        lowest = float(d)
    return lowest
