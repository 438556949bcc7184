"""Symbolic Hamilton's equations and loss residuals of thesis §8.2 (eq. 43-45) and §8.3
(eq. 46-49), transcribed as printed and compared with sympy."""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..mathtext import math

x, y, p, px, py = sp.symbols("x y p p_x p_y", real=True)
xd, yd, pd, pxd, pyd = sp.symbols("xdot ydot pdot p_xdot p_ydot", real=True)


@dataclass(frozen=True)
class PrintedSystem:
    """A Hamiltonian, the ODEs and the squared-residual loss terms as the thesis prints them."""

    name: str
    location: str
    hamiltonian: sp.Expr
    coordinates: tuple[sp.Symbol, ...]
    momenta: tuple[sp.Symbol, ...]
    printed_rhs: dict[sp.Symbol, sp.Expr]        # time derivative of each state -> rhs
    printed_loss_terms: tuple[sp.Expr, ...]      # one squared residual per equation
    derivative_symbols: dict[sp.Symbol, sp.Symbol]


NL = PrintedSystem(
    name="nonlinear oscillator", location="§8.2 eq. 43-45",
    hamiltonian=p**2 / 2 + x**2 / 2 + x**4 / 2,
    coordinates=(x,), momenta=(p,),
    printed_rhs={x: p, p: -(x + x**3)},
    printed_loss_terms=((xd - p) ** 2, (pd + x + x**3) ** 2),
    derivative_symbols={x: xd, p: pd},
)

#: The Hamiltonian whose Hamilton's equations are eq. 44 (Mattheakis et al.'s oscillator): the
#: quartic term is x⁴/4, where eq. 43 prints x⁴/2.
NL_HAMILTONIAN_OF_EQ44 = p**2 / 2 + x**2 / 2 + x**4 / 4

HH = PrintedSystem(
    name="Hénon-Heiles", location="§8.3 eq. 46-49",
    hamiltonian=(px**2 + py**2) / 2 + (x**2 + y**2) / 2 + (x**2 * y - y**3 / 3),
    coordinates=(x, y), momenta=(px, py),
    printed_rhs={x: px, y: py, px: -(x + 2 * x * y), py: -(y + x**2 - y**2)},
    printed_loss_terms=((xd - px) ** 2, (yd - py) ** 2, (pxd + x + 2 * x * y) ** 2,
                        (pyd + y + x**2 - y**2) ** 2),
    derivative_symbols={x: xd, y: yd, px: pxd, py: pyd},
)


def hamilton_rhs(system: PrintedSystem) -> dict[sp.Symbol, sp.Expr]:
    """dq/dt = ∂H/∂p and dp/dt = -∂H/∂q derived from the printed Hamiltonian."""
    rhs: dict[sp.Symbol, sp.Expr] = {}
    for q, mom in zip(system.coordinates, system.momenta):
        rhs[q] = sp.diff(system.hamiltonian, mom)
        rhs[mom] = -sp.diff(system.hamiltonian, q)
    return rhs


def equation_mismatches(system: PrintedSystem) -> dict[str, str]:
    """State -> 'derived vs printed' for every equation where they differ."""
    derived = hamilton_rhs(system)
    return {str(s): f"derived {math(derived[s])} vs printed {math(system.printed_rhs[s])}"
            for s in derived if sp.simplify(derived[s] - system.printed_rhs[s]) != 0}


def loss_mismatches(system: PrintedSystem) -> list[str]:
    """Loss terms that are not the squared residual (ż - printed rhs)^2 of their equation."""
    bad = []
    for state, term in zip(system.printed_rhs, system.printed_loss_terms):
        residual = (system.derivative_symbols[state] - system.printed_rhs[state]) ** 2
        if sp.expand(term - residual) != 0:
            bad.append(f"{math(term)} is not {math(residual)}")
    return bad


def conserved_by_printed_odes(system: PrintedSystem) -> sp.Expr:
    """dH/dt along the printed ODEs (zero iff the printed ODEs conserve the printed H)."""
    return sp.simplify(sum(sp.diff(system.hamiltonian, s) * system.printed_rhs[s] for s in system.printed_rhs))
