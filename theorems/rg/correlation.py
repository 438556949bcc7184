"""Exact correlation lengths and an exact RG that acts on them
(imp-renormalisation-group-thesis.md §4.6 eq. 26-27).

The 1-D Ising chain with weight exp(K S_i S_{i+1} + h (S_i + S_{i+1})/2) per bond has the symmetric
transfer matrix T(K, h), det T = 2 sinh 2K; decimating to every b-th spin replaces T by T^b, which is
again C·T(K', h'), so (K, h) -> (K', h') is an exact RG step with scale factor b.  The correlation length (in lattice
spacings) is 1/log(λ+/|λ-|).  For the 2-D square-lattice Ising model above T_c, Onsager's spectrum
gives ξ^(-1) = 2(K* - K) along an axis, with the dual coupling tanh K* = e^(-2K) (the property tests
compare it with the transfer matrix of periodic strips).
"""
from __future__ import annotations

import math

import numpy as np

#: Critical coupling of the 2-D square-lattice Ising model, sinh 2K_c = 1.
K_C_SQUARE = math.log(1 + math.sqrt(2)) / 2


def transfer_matrix(K: float, h: float) -> np.ndarray:
    """T[s, s'] = exp(K s s' + h (s + s')/2) for s, s' in (+1, -1)."""
    return np.array([[math.exp(K + h), math.exp(-K)], [math.exp(-K), math.exp(K - h)]])


def top_eigenvalue(K: float, h: float) -> float:
    """λ+ = e^K cosh h + sqrt(e^(2K) sinh² h + e^(-2K)), the larger eigenvalue of T(K, h); the other is
    λ- = det T / λ+ with det T = 2 sinh 2K."""
    return math.exp(K) * math.cosh(h) + math.sqrt(math.exp(2 * K) * math.sinh(h) ** 2 + math.exp(-2 * K))


def chain_correlation_length(K: float, h: float) -> float:
    """ξ = 1 / log(λ+/|λ-|) of the 1-D chain, in lattice spacings, with λ- = det T / λ+ = 2 sinh 2K / λ+
    (stable where λ- is tiny, near K = 0)."""
    return 1.0 / math.log(top_eigenvalue(K, h) ** 2 / abs(2 * math.sinh(2 * K)))


def chain_decimation(K: float, h: float, b: int) -> tuple[float, float]:
    """(K', h') with T(K, h)^b = C T(K', h'): keep every b-th spin, trace the others (exact).  With
    T^b = [[a, c], [c, d]], e^(4K') = ad/c² = 1 + det(T)^b/c², computed with log1p so that small K' keep
    their precision; T is divided by λ+ first (the ratios are unchanged), so that large b do not overflow."""
    top = top_eigenvalue(K, h)
    (a, c), (_, d) = np.linalg.matrix_power(transfer_matrix(K, h) / top, b)
    return math.log1p((2 * math.sinh(2 * K) / top**2) ** b / c**2) / 4, math.log(a / d) / 2


def chain_decimation_steps(K: float, h: float, b: int, n: int) -> tuple[float, float]:
    """n decimation steps of factor b."""
    for _ in range(n):
        K, h = chain_decimation(K, h, b)
    return K, h


def onsager_correlation_length(K: np.ndarray) -> np.ndarray:
    """ξ = 1/(2(K* - K)) of the 2-D square-lattice Ising model at h = 0 for K < K_c (T > T_c)."""
    dual = np.arctanh(np.exp(-2 * np.asarray(K, dtype=float)))
    return 1.0 / (2 * (dual - K))

