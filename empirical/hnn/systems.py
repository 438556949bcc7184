"""The two Hamiltonian systems of the IMP thesis (imp-renormalisation-group-thesis.md §8.2
eq. 43-45 and §8.3 eq. 46-49), in the set-up of Mattheakis et al. (Phys. Rev. E 105,
065305, 2022) that the thesis says it copies.

Each system gives its Hamiltonian and the right-hand side of Hamilton's equations for
torch tensors (training) and numpy arrays (the scipy reference solution).  The state is
ordered (positions..., momenta...).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np
import torch
from scipy.integrate import solve_ivp

Array = np.ndarray | torch.Tensor


@dataclass(frozen=True)
class HamiltonianSystem:
    """A Hamiltonian system with its initial state, time domain and collocation set-up."""

    name: str
    state_names: tuple[str, ...]
    hamiltonian: Callable[[Array], Array]
    vector_field: Callable[[Array], tuple[Array, ...]]
    field_vjp: Callable[[Array, Array], Array]     # (z, r) -> Σ_i r_i ∂f_i/∂z, hand-derived
    hamiltonian_grad: Callable[[Array], Array]     # z -> ∇H(z), hand-derived
    z0: tuple[float, ...]
    t_max: float
    n_points: int
    energy_weight: float
    epochs: int

    @property
    def dim(self) -> int:
        return len(self.state_names)

    @property
    def energy0(self) -> float:
        return float(self.hamiltonian(np.asarray(self.z0, dtype=np.float64)))

    def reference(self, t: np.ndarray) -> np.ndarray:
        """An accurate solution z(t) on the times ``t`` (DOP853, rtol 1e-12, atol 1e-12)."""
        return _reference(self.name, tuple(np.asarray(t, dtype=np.float64).tolist()))


def _oscillator(x_quartic: float) -> Callable[[Array], tuple[Array, ...]]:
    def field(z: Array) -> tuple[Array, ...]:
        x, p = z[..., 0], z[..., 1]
        return p, -(x + x_quartic * x**3)

    return field


def _oscillator_energy(x_quartic: float) -> Callable[[Array], Array]:
    def energy(z: Array) -> Array:
        x, p = z[..., 0], z[..., 1]
        return p**2 / 2 + x**2 / 2 + x_quartic * x**4 / 4

    return energy


def _oscillator_vjp(x_quartic: float) -> Callable[[Array, Array], Array]:
    def vjp(z: Array, r: Array) -> Array:
        x = z[..., 0]
        return torch.stack((-r[..., 1] * (1 + 3 * x_quartic * x**2), r[..., 0]), dim=-1)

    return vjp


def _oscillator_energy_grad(x_quartic: float) -> Callable[[Array], Array]:
    def grad(z: Array) -> Array:
        x, p = z[..., 0], z[..., 1]
        return torch.stack((x + x_quartic * x**3, p), dim=-1)

    return grad


def _hh_hamiltonian(z: Array) -> Array:
    x, y, px, py = z[..., 0], z[..., 1], z[..., 2], z[..., 3]
    return (px**2 + py**2) / 2 + (x**2 + y**2) / 2 + x**2 * y - y**3 / 3


def _hh_vector_field(z: Array) -> tuple[Array, ...]:
    """Eq. 47-48: (px, py, -(x + 2xy), -(y + x^2 - y^2))."""
    x, y, px, py = z[..., 0], z[..., 1], z[..., 2], z[..., 3]
    return px, py, -(x + 2 * x * y), -(y + x**2 - y**2)


def _hh_vjp(z: Array, r: Array) -> Array:
    """Σ_i r_i ∂f_i/∂z for eq. 47-48's field f = (px, py, -(x + 2xy), -(y + x² - y²))."""
    x, y = z[..., 0], z[..., 1]
    r_px, r_py = r[..., 2], r[..., 3]
    return torch.stack((-r_px * (1 + 2 * y) - 2 * r_py * x,
                        -2 * r_px * x - r_py * (1 - 2 * y),
                        r[..., 0], r[..., 1]), dim=-1)


def _hh_hamiltonian_grad(z: Array) -> Array:
    x, y, px, py = z[..., 0], z[..., 1], z[..., 2], z[..., 3]
    return torch.stack((x + 2 * x * y, y + x**2 - y**2, px, py), dim=-1)


#: The oscillator the networks are trained on: eq. 44-45's force -(x + x^3), i.e. the
#: Hamiltonian p^2/2 + x^2/2 + x^4/4 (Mattheakis et al.'s oscillator).  Eq. 43 prints
#: x^4/2 instead; ``hnn.hamilton-equations`` reports the mismatch.
NL_OSCILLATOR = HamiltonianSystem(
    name="nl-oscillator",
    state_names=("x", "p"),
    hamiltonian=_oscillator_energy(1.0),
    vector_field=_oscillator(1.0),
    field_vjp=_oscillator_vjp(1.0),
    hamiltonian_grad=_oscillator_energy_grad(1.0),
    z0=(1.3, 1.0),
    t_max=4 * np.pi,
    n_points=200,
    energy_weight=1.0,
    epochs=50_000,
)

HENON_HEILES = HamiltonianSystem(
    name="henon-heiles",
    state_names=("x", "y", "px", "py"),
    hamiltonian=_hh_hamiltonian,
    vector_field=_hh_vector_field,
    field_vjp=_hh_vjp,
    hamiltonian_grad=_hh_hamiltonian_grad,
    z0=(0.3, -0.3, 0.3, 0.15),
    t_max=6 * np.pi,
    n_points=500,
    energy_weight=0.5,
    epochs=20_000,
)

SYSTEMS: dict[str, HamiltonianSystem] = {s.name: s for s in (NL_OSCILLATOR, HENON_HEILES)}


def get_system(name: str) -> HamiltonianSystem:
    """The system called ``name``; an unknown name is an error that lists the known ones."""
    try:
        return SYSTEMS[name]
    except KeyError:
        raise ValueError(f"unknown system {name!r} (choose from {', '.join(SYSTEMS)})") from None


@lru_cache(maxsize=16)
def _reference(name: str, times: tuple[float, ...]) -> np.ndarray:
    system = SYSTEMS[name]
    t = np.asarray(times)

    def rhs(_t: float, z: np.ndarray) -> list[float]:
        return [float(v) for v in system.vector_field(z)]

    sol = solve_ivp(rhs, (0.0, float(t.max())), list(system.z0), method="DOP853",
                    t_eval=t, rtol=1e-12, atol=1e-12)
    if not sol.success:
        raise RuntimeError(f"reference integration failed for {name}: {sol.message}")
    return sol.y.T.copy()
