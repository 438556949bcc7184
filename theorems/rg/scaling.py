"""Exactly known 2-D critical points and a free energy that obeys the RG homogeneity law
(imp-renormalisation-group-thesis.md §4.6 eq. 28-32).

The scaling relations of §4.6 are tested on models with y_t != 1 as well as on the 2-D Ising
model: at y_t = 1 a wrong relation such as 2 - α = d·y_t agrees with the right one, d/y_t.
The Potts values are the exact (Coulomb-gas) exponents of den Nijs (1979) and Nienhuis (1982),
as reviewed by Wu, Rev. Mod. Phys. 54, 235 (1982); the Ising ones are Onsager's and Yang's.
Each model lists its exponents as measured quantities, independently of its eigenvalues y_t, y_h.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import sympy as sp

Exponents = Mapping[str, sp.Rational]


@dataclass(frozen=True)
class CriticalModel:
    """A d-dimensional critical point: its RG eigenvalues and its known exact exponents."""

    name: str
    d: sp.Integer
    y_t: sp.Rational
    y_h: sp.Rational
    exponents: Exponents  # alpha, beta, gamma, delta, nu, Delta (= beta + gamma, the gap exponent)


def _exponents(alpha, beta, gamma, delta, nu) -> dict[str, sp.Rational]:
    values = {"alpha": alpha, "beta": beta, "gamma": gamma, "delta": delta, "nu": nu}
    values = {k: sp.nsimplify(v) for k, v in values.items()}
    return {**values, "Delta": values["beta"] + values["gamma"]}


R = sp.Rational

MODELS: tuple[CriticalModel, ...] = (
    CriticalModel("2-D Ising", sp.Integer(2), sp.Integer(1), R(15, 8),
                  _exponents(alpha=0, beta=R(1, 8), gamma=R(7, 4), delta=15, nu=1)),
    CriticalModel("2-D 3-state Potts", sp.Integer(2), R(6, 5), R(28, 15),
                  _exponents(alpha=R(1, 3), beta=R(1, 9), gamma=R(13, 9), delta=14, nu=R(5, 6))),
    CriticalModel("2-D 4-state Potts", sp.Integer(2), R(3, 2), R(15, 8),
                  _exponents(alpha=R(2, 3), beta=R(1, 12), gamma=R(7, 6), delta=15, nu=R(2, 3))),
)


def scaling_function(x: float) -> float:
    """A generic F in f = t^(d/y_t) F(h/t^(y_h/y_t)): neither even nor a power, so no sign or
    exponent slip in its argument can go unnoticed."""
    return 1.0 + x + 0.5 * x**3


def homogeneous_free_energy(model: CriticalModel) -> Callable[[float, float], float]:
    """f(t, h) = t^(d/y_t) F(h / t^(y_h/y_t)) for t > 0, which obeys
    f(t, h) = l^(-d) f(l^(y_t) t, l^(y_h) h) for every l > 0 (eq. 28)."""
    d, y_t, y_h = float(model.d), float(model.y_t), float(model.y_h)

    def f(t: float, h: float) -> float:
        return t ** (d / y_t) * scaling_function(h / t ** (y_h / y_t))

    return f
