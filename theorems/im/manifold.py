"""Inertial manifolds of semilinear systems U' = A U + f(U) (inertial-manifold-lth-paper.md
§3.1 Theorem 5), computed numerically on systems built so that the theorem's hypotheses
hold exactly.

A is diagonal with ascending spectrum λ_1 ≤ ... ≤ λ_d; W- = span(e_1..e_k) (fast, strongly
contracting), W+ = span(e_{k+1}..e_d) (slow).  f(U) = K · R tanh(S U) with R, S orthogonal,
so f(0) = 0 and f is globally Lipschitz with constant exactly K.

The manifold is the graph U- = h(U+).  h(p) is computed by the Lyapunov-Perron method: the
solution through (p, h(p)) is the fixed point, on t ≤ 0, of
    U+(t) = e^{A+ t} p - ∫_t^0 e^{A+(t-s)} f+(U(s)) ds,
    U-(t) = ∫_{-∞}^t e^{A-(t-s)} f-(U(s)) ds,
and h(p) = U-(0).  With diagonal A both integrals are first-order linear recursions
(exponential-integrator steps, exact for piecewise-linear f along the grid), run as IIR
filters (``scipy.signal.lfilter``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.signal import lfilter
from scipy.stats import ortho_group


@dataclass(frozen=True)
class SemilinearSystem:
    """U' = diag(spectrum) U + K R tanh(S U); W- is the first ``k`` coordinates."""

    spectrum: np.ndarray
    k: int
    lipschitz: float
    rotation_out: np.ndarray
    rotation_in: np.ndarray

    @classmethod
    def build(cls, spectrum: np.ndarray, k: int, lipschitz: float, seed: int) -> "SemilinearSystem":
        spectrum = np.asarray(spectrum, float)
        if np.any(np.diff(spectrum) < 0):
            raise ValueError(f"spectrum must be ascending, got {spectrum.tolist()}")
        if not 0 < k < len(spectrum):
            raise ValueError(f"k must be in (0, {len(spectrum)}), got {k}")
        d = len(spectrum)
        rng = np.random.default_rng(seed)
        return cls(spectrum, k, float(lipschitz), ortho_group.rvs(d, random_state=rng), ortho_group.rvs(d, random_state=rng))

    @property
    def gap(self) -> float:
        return float(self.spectrum[self.k] - self.spectrum[self.k - 1])

    def nonlinearity(self, u: np.ndarray) -> np.ndarray:
        """f(U) for U of shape (..., d)."""
        return self.lipschitz * np.tanh(u @ self.rotation_in.T) @ self.rotation_out.T

    def field(self, _t: float, u: np.ndarray) -> np.ndarray:
        return self.spectrum * u + self.nonlinearity(u)

    def flow(self, u0: np.ndarray, times: np.ndarray) -> np.ndarray:
        """Trajectory at ``times`` (DOP853, rtol 1e-11), shape (len(times), d)."""
        sol = solve_ivp(self.field, (0.0, float(times[-1])), u0, method="DOP853", t_eval=times, rtol=1e-11, atol=1e-13)
        if not sol.success:
            raise RuntimeError(f"integration failed: {sol.message}")
        return sol.y.T


@dataclass(frozen=True)
class GraphPoint:
    """h(p) and whether the Lyapunov-Perron iteration converged (with its last change)."""

    h: np.ndarray
    converged: bool
    last_change: float
    iterations: int


def lyapunov_perron(system: SemilinearSystem, p: np.ndarray, horizon: float = 30.0, dt: float = 0.01,
                    tol: float = 1e-12, max_iter: int = 400) -> GraphPoint:
    """h(p) by fixed-point iteration of the Lyapunov-Perron equations on t ∈ [-horizon, 0]."""
    k, lam = system.k, system.spectrum
    lam_minus, lam_plus = lam[:k], lam[k:]
    n = int(round(horizon / dt))
    t = -dt * np.arange(n, -1, -1)                       # -horizon ... 0 ascending
    u = np.zeros((n + 1, len(lam)))
    u[:, k:] = np.exp(np.outer(t, lam_plus)) * p        # start from the linear solution
    decay_m, decay_p = np.exp(lam_minus * dt), np.exp(-lam_plus * dt)
    weight_m = _step_weights(lam_minus, dt)
    weight_p = _step_weights(-lam_plus, dt)
    change = np.inf
    for it in range(1, max_iter + 1):
        f = system.nonlinearity(u)
        new = np.empty_like(u)
        new[0, :k] = 0.0                                   # the tail before -horizon is dropped
        for j in range(k):                                 # U-: forward in time from -horizon
            drive = weight_m[0][j] * f[:-1, j] + weight_m[1][j] * f[1:, j]
            new[1:, j] = lfilter([1.0], [1.0, -decay_m[j]], drive)
        for j in range(len(lam) - k):                      # U+: backward in time from U+(0) = p
            col = k + j
            drive = -(weight_p[0][j] * f[:0:-1, col] + weight_p[1][j] * f[-2::-1, col])
            backward = lfilter([1.0], [1.0, -decay_p[j]], np.concatenate([[p[j]], drive]))
            new[:, col] = backward[::-1]
        change = float(np.max(np.abs(new[-1] - u[-1])))
        u = new
        if change < tol:
            return GraphPoint(u[-1, :k].copy(), True, change, it)
    return GraphPoint(u[-1, :k].copy(), False, change, max_iter)


def _step_weights(rate: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """Weights (w_start, w_end) of ∫_0^dt e^{rate (dt - s)} g(s) ds for g linear on the step."""
    z = rate * dt
    small = np.abs(z) < 1e-8
    zs = np.where(small, 1.0, z)
    e = np.exp(zs)
    w_end = np.where(small, dt / 2, dt * (e - 1 - zs) / zs**2)
    w_start = np.where(small, dt / 2, dt * (zs * e - e + 1) / zs**2)
    return w_start, w_end
