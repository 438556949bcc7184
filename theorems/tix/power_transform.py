"""The power-transform weight distribution PT(U, d) of tickets-random-pruning-report.md §4.

A weight is ``sign(U) |U|**alpha`` with ``U ~ Uniform[-1, 1]``; the report picks ``alpha``
by minimising kurtosis under the constraint that the distribution is not bimodal, and
says products of ``d`` such weights are then close to uniform (and, elsewhere in the
same paragraph, close to normal) on ``[-1, 1]``.

Exact facts used here: if ``Y`` is such a product then ``-ln|Y| / alpha`` is
Gamma(d, 1), so ``P(|Y| <= y) = Q(d, -ln(y)/alpha)`` (regularised upper incomplete gamma),
and ``E[Y^2] = (2 alpha + 1)^-d``, ``E[Y^4] = (4 alpha + 1)^-d``.
"""
from __future__ import annotations

import functools
import math

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import gammaincc
from scipy.stats import norm

#: Evaluation grid on (0, 1]: geometric near 0 (where the CDF is steep) plus linear.
_GRID = np.unique(np.concatenate([np.geomspace(1e-12, 1.0, 4000), np.linspace(0.0, 1.0, 4001)[1:]]))


def kurtosis_of_product(alpha: float, d: int) -> float:
    """Kurtosis E[Y^4]/E[Y^2]^2 of a product of ``d`` PT draws (``d = 1``: one draw)."""
    return ((2 * alpha + 1) ** 2 / (4 * alpha + 1)) ** d


def abs_cdf(y: np.ndarray, alpha: float, d: int) -> np.ndarray:
    """P(|Y| <= y) for ``y`` in [0, 1]."""
    y = np.asarray(y, dtype=float)
    with np.errstate(divide="ignore"):
        return np.where(y <= 0, 0.0, gammaincc(d, -np.log(np.clip(y, 1e-300, 1.0)) / alpha))


def is_bimodal(alpha: float, d: int) -> bool:
    """Whether the symmetric density of Y on [-1, 1] has two separated modes, i.e. the
    density of |Y| increases somewhere on (0, 1).

    Evaluated in ``s = -ln y`` (so modes at y ~ exp(-1e6) are not missed): the log density
    of |Y| is, up to a constant, ``g(s) = (d-1) ln s - (1/alpha - 1) s``, and the density
    increases in y exactly where ``g`` decreases in s.
    """
    s = np.geomspace(1e-8, 1e8, 20001)
    g = (d - 1) * np.log(s) - (1.0 / alpha - 1.0) * s
    return bool(np.any(np.diff(g) < 0))


@functools.cache
def text_alpha(d: int, lo: float = 1e-3, hi: float = 20.0) -> float:
    """alpha as the report defines it: minimal kurtosis among non-bimodal PT distributions.

    The feasible set {alpha : not bimodal} is an interval [alpha_min, inf) (found by
    bisection on :func:`is_bimodal`); the kurtosis is then minimised over it numerically.
    """
    if is_bimodal(hi, d):
        raise ValueError(f"no non-bimodal alpha below {hi} for d={d}")
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if is_bimodal(mid, d) else (lo, mid)
    res = minimize_scalar(lambda a: kurtosis_of_product(a, d), bounds=(hi, 20.0), method="bounded",
                          options={"xatol": 1e-10})
    return float(res.x)


def ks_to_uniform(alpha: float, d: int) -> float:
    """sup |F_Y - F_Uniform[-1,1]| (= sup_y |P(|Y|<=y) - y| / 2 by symmetry)."""
    return float(np.max(np.abs(abs_cdf(_GRID, alpha, d) - _GRID)) / 2)


def ks_to_normal(alpha: float, d: int) -> float:
    """sup |F_Y - F_N(0, E[Y^2])|, the normal matched in variance."""
    sigma = math.sqrt((2 * alpha + 1) ** -d)
    y = np.concatenate([-_GRID[::-1], _GRID])
    f_y = 0.5 + np.sign(y) * abs_cdf(np.abs(y), alpha, d) / 2
    return float(np.max(np.abs(f_y - norm.cdf(y / sigma))))


def ks_to_best_normal(alpha: float, d: int) -> float:
    """sup |F_Y - F_N(0, sigma^2)| minimised over the scale sigma (the closest centred normal)."""
    y = np.concatenate([-_GRID[::-1], _GRID])
    f_y = 0.5 + np.sign(y) * abs_cdf(np.abs(y), alpha, d) / 2
    res = minimize_scalar(lambda log_sigma: float(np.max(np.abs(f_y - norm.cdf(y / math.exp(log_sigma))))),
                          bounds=(-12.0, 2.0), method="bounded", options={"xatol": 1e-6})
    return float(res.fun)


def ks_to_uniform_on(x: float, alpha: float, d: int) -> float:
    """Distance to Uniform[-x, x] of Y conditioned on |Y| <= x (the 'clipped' PT)."""
    y = x * _GRID
    return float(np.max(np.abs(abs_cdf(y, alpha, d) / abs_cdf(x, alpha, d) - _GRID)) / 2)


def best_alpha(objective, lo: float = 0.02, hi: float = 20.0) -> tuple[float, float]:
    """Minimise ``objective(alpha)`` over a log-scale bracket; returns (alpha, value)."""
    res = minimize_scalar(lambda t: objective(math.exp(t)), bounds=(math.log(lo), math.log(hi)), method="bounded")
    return math.exp(res.x), float(res.fun)


def sample_products(alpha: float, d: int, size: int, rng: np.random.Generator) -> np.ndarray:
    """Monte Carlo draws of products of ``d`` PT weights."""
    u = rng.uniform(-1.0, 1.0, size=(size, d))
    return np.prod(np.sign(u) * np.abs(u) ** alpha, axis=1)


def interval_probability(beta: float, eps: float, alpha: float, d: int) -> float:
    """P(|Y - beta| <= eps) exactly, for beta in [-1, 1]."""
    def signed_cdf(v: float) -> float:
        v = min(max(v, -1.0), 1.0)
        return 0.5 + math.copysign(1.0, v) * float(abs_cdf(abs(v), alpha, d)) / 2

    return signed_cdf(beta + eps) - signed_cdf(beta - eps)
