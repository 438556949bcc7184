"""Exact moments of the number of NPP solutions, and the thesis's asymptotic formulas (Theorem 2).

With X_j uniform on {1..M} and I_{n,l} = 2^-n #{σ : σ·X = l} (the integral (3.2)):

* E[I_{n,l}] = P(ε·X = l) for independent uniform signs ε, i.e. the n-fold convolution of
  the uniform law on {±1, ..., ±M};
* E[I_{n,l} I_{n,l'}] = P(ε·X = l, ε'·X = l') with two independent sign vectors: each item
  adds (±X, ±X), so it is an n-fold convolution of a two-dimensional law.

Both are computed by repeated squaring of the law with FFT convolutions (all masses are
non-negative and the values used are far above the FFT's absolute error of about 1e-16).
"""
from __future__ import annotations

import math

import numpy as np
from scipy.signal import fftconvolve


def c_m(M: int) -> float:
    """c_M = E[X²]/M² = (M+1)(2M+1)/(6M²) for X uniform on {1..M}."""
    return (M + 1) * (2 * M + 1) / (6 * M * M)


def gamma_n(n: int, M: int) -> float:
    """γ_n = 1 / (M sqrt(2π n c_M)) (Theorem 2)."""
    return 1.0 / (M * math.sqrt(2 * math.pi * n * c_m(M)))


def rho_n(n: int, M: int) -> float:
    """ρ_n = 2^(n+1) γ_n (Lemma 1)."""
    return 2.0 ** (n + 1) * gamma_n(n, M)


def _power(law: np.ndarray, n: int) -> np.ndarray:
    """n-fold convolution of a centred law (1-D or 2-D), clipped at zero."""
    result = None
    base = law
    while n:
        if n & 1:
            result = base if result is None else np.clip(fftconvolve(result, base), 0, None)
        n >>= 1
        if n:
            base = np.clip(fftconvolve(base, base), 0, None)
    return result


def first_moment(n: int, M: int, ells) -> np.ndarray:
    """Exact E[I_{n,l}] for each l in ``ells``."""
    if n < 1 or M < 1:
        raise ValueError(f"need n >= 1 and M >= 1, got n={n}, M={M}")
    law = np.full(2 * M + 1, 1 / (2 * M))
    law[M] = 0.0
    dist = _power(law, n)
    centre = n * M
    ells = np.abs(np.asarray(ells, dtype=np.int64))
    return np.where(ells <= centre, dist[np.minimum(centre + ells, dist.size - 1)], 0.0)


def second_moment(n: int, M: int, pairs) -> np.ndarray:
    """Exact E[I_{n,l} I_{n,l'}] for each (l, l') in ``pairs``."""
    if n < 1 or M < 1:
        raise ValueError(f"need n >= 1 and M >= 1, got n={n}, M={M}")
    law = np.zeros((2 * M + 1, 2 * M + 1))
    for x in range(1, M + 1):
        for a in (-x, x):
            for b in (-x, x):
                law[M + a, M + b] += 1 / (4 * M)
    dist = _power(law, n)
    centre = n * M
    out = []
    for ell, ell2 in pairs:
        if max(abs(ell), abs(ell2)) > centre:
            out.append(0.0)
        else:
            out.append(float(dist[centre + ell, centre + ell2]))
    return np.array(out)


def thesis_first_moment(n: int, M: int, ell) -> np.ndarray:
    """Theorem 2's leading term γ_n exp(-l²/(2nM²c_M))."""
    ell = np.asarray(ell, dtype=float)
    return gamma_n(n, M) * np.exp(-(ell**2) / (2 * n * M * M * c_m(M)))


def thesis_second_moment(n: int, M: int, ell: int, ell2: int, leading_factor: float = 2) -> float:
    """Theorem 2's second moment without its O(.) terms, with the parity rule; ``leading_factor`` is
    the factor of γ_n² (2 in the theorem; a claim's mutants change it)."""
    if (ell - ell2) % 2:
        return 0.0
    g = gamma_n(n, M)
    gauss = math.exp(-(ell**2 + ell2**2) / (2 * n * M * M * c_m(M)))
    deltas = (ell + ell2 == 0) + (ell - ell2 == 0)
    return leading_factor * g * g * gauss + g / 2.0**n * deltas * gauss
