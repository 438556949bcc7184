"""Exactly known critical fixed points, described by what could classify them
(imp-renormalisation-group-thesis.md §4.4 universality; §4.6 eq. 27-32).

Each fixed point lists its dimension d, the symmetry group of its order parameter, its relevant
directions as the thesis's own framework counts them (§4.6: the two parameters t and h, with M
diagonal, eq. 22-25; §5.2: "the same eigenvectors with eigenvalues greater than 1"), its RG
eigenvalues y_t, y_h, and the critical exponents an exact solution gives, as exact fractions.
A model lists only the exponents its exact solution gives; comparisons use the shared ones.

Sources: 2-D Ising, Onsager (1944), Yang (1952), McCoy and Wu (1973); triangular Ising, Houtappel
(1950), Potts (1952), Stephenson (1964); 3- and 4-state Potts, den Nijs (1979), Nienhuis (1982),
reviewed by Wu, Rev. Mod. Phys. 54, 235 (1982); hard hexagons (3-state Potts class), Baxter (1980);
Ising above its upper critical dimension (Gaussian fixed point, mean-field exponents), Aizenman
and Fernández (1986), Sakai (2007), here at d = 7, where φ² and φ are its only relevant directions
(φ³ has y = 3 - d/2 < 0 and φ⁴ has y = 4 - d < 0).  The 2-D Ising model with long-range couplings
1/r^(d+σ) at σ = 1/2 < d/2: a Gaussian fixed point with φ of dimension (d - σ)/2 = 3/4, so
y_h = 5/4 and y_t = 2 - 2·3/4 = 1/2 (= σ), while φ³ (y = -1/4) and φ⁴ (y = 2σ - d = -1) are
irrelevant; mean-field α, β, γ, δ with ν = 1/σ and η = 2 - σ (Fisher, Ma and Nickel, Phys. Rev.
Lett. 29, 917 (1972); Aizenman and Fernández, Lett. Math. Phys. 16, 39 (1988); Chen and Sakai,
Ann. Probab. 43, 639 (2015)).

Where known in full, a fixed point also lists its relevant scaling fields one component each (the
spectrum): 2-D Ising ε (y = 1) and σ (y = 15/8), the primaries of the c = 1/2 minimal model with
x < 2; 3-state Potts ε (y = 6/5), the doublets σ, σ* (y = 28/15) and Z, Z* (y = 2/3), the
primaries of its c = 4/5 theory with x < 2 (Dotsenko, Nucl. Phys. B 235, 54 (1984)); the Gaussian
points φ² and φ.  For the 4-state Potts point only ε and the three components of σ are listed and
the spectrum is marked incomplete (a marginal operator sits there).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from fractions import Fraction as F
from itertools import combinations
from typing import Callable, Mapping, Sequence

Exponents = Mapping[str, F]

#: What a universality criterion may say fixes the exponents (see :func:`class_key`).
DETERMINANTS = ("d", "symmetry", "relevant count", "relevant kinds", "relevant fields", "eigenvalue signs",
                "eigenvalues")

#: A relevant scaling field, one component: its kind ("thermal": symmetric; "magnetic": breaks the order-parameter
#: symmetry) and its RG eigenvalue y.
Field = tuple[str, F]


@dataclass(frozen=True)
class FixedPoint:
    """A critical fixed point and the exact exponents of the model that realises it."""

    name: str
    d: int
    symmetry: str
    relevant: tuple[str, ...]  # kinds of relevant direction, in the thesis's (t, h) framework
    y_t: F
    y_h: F
    exponents: Exponents  # a subset of alpha, beta, gamma, delta, nu, eta
    spectrum: tuple[Field, ...] = ()  # every relevant scaling field, one entry per component, where known
    spectrum_complete: bool = False  # whether ``spectrum`` lists every relevant field


THERMAL_AND_MAGNETIC = ("thermal", "magnetic")


def _gaussian_spectrum(y_t: F, y_h: F) -> tuple[Field, ...]:
    """φ² and φ: the relevant fields of an Ising-type fixed point (ε and σ in 2-D)."""
    return (("thermal", y_t), ("magnetic", y_h))


def _ising_2d(name: str, exponents: Exponents) -> FixedPoint:
    return FixedPoint(name, 2, "Z2", THERMAL_AND_MAGNETIC, F(1), F(15, 8), exponents,
                      _gaussian_spectrum(F(1), F(15, 8)), True)


def _potts_3_2d(name: str, exponents: Exponents) -> FixedPoint:
    spectrum = (("thermal", F(6, 5)), *(("magnetic", F(28, 15)),) * 2, *(("magnetic", F(2, 3)),) * 2)
    return FixedPoint(name, 2, "S3", THERMAL_AND_MAGNETIC, F(6, 5), F(28, 15), exponents, spectrum, True)


FIXED_POINTS: tuple[FixedPoint, ...] = (
    _ising_2d("2-D Ising (square)", {"alpha": F(0), "beta": F(1, 8), "gamma": F(7, 4), "delta": F(15),
                                     "nu": F(1), "eta": F(1, 4)}),
    _ising_2d("2-D Ising (triangular)", {"alpha": F(0), "beta": F(1, 8), "nu": F(1), "eta": F(1, 4)}),
    _potts_3_2d("2-D 3-state Potts", {"alpha": F(1, 3), "beta": F(1, 9), "gamma": F(13, 9), "delta": F(14),
                                      "nu": F(5, 6), "eta": F(4, 15)}),
    _potts_3_2d("2-D hard hexagons", {"alpha": F(1, 3), "beta": F(1, 9)}),
    FixedPoint("2-D 4-state Potts", 2, "S4", THERMAL_AND_MAGNETIC, F(3, 2), F(15, 8),
               {"alpha": F(2, 3), "beta": F(1, 12), "gamma": F(7, 6), "delta": F(15), "nu": F(2, 3),
                "eta": F(1, 4)}, (("thermal", F(3, 2)), *(("magnetic", F(15, 8)),) * 3), False),
    FixedPoint("7-D Ising (Gaussian fixed point)", 7, "Z2", THERMAL_AND_MAGNETIC, F(2), F(9, 2),
               {"alpha": F(0), "beta": F(1, 2), "gamma": F(1), "delta": F(3), "nu": F(1, 2), "eta": F(0)},
               _gaussian_spectrum(F(2), F(9, 2)), True),
    FixedPoint("2-D long-range Ising (σ = 1/2)", 2, "Z2", THERMAL_AND_MAGNETIC, F(1, 2), F(5, 4),
               {"alpha": F(0), "beta": F(1, 2), "gamma": F(1), "delta": F(3), "nu": F(2), "eta": F(3, 2)},
               _gaussian_spectrum(F(1, 2), F(5, 4)), True),
)


def by_name(name: str, points: Sequence[FixedPoint] = FIXED_POINTS) -> FixedPoint:
    return next(p for p in points if p.name == name)


def with_exponent(points: Sequence[FixedPoint], name: str, **changed: F) -> tuple[FixedPoint, ...]:
    """The table with some exponents of one fixed point replaced (for mutants)."""
    return tuple(replace(p, exponents={**p.exponents, **changed}) if p.name == name else p for p in points)


def _sign(y: F) -> int:
    return (y > 0) - (y < 0)


def class_key(point: FixedPoint, determinants: Sequence[str]) -> tuple:
    """What the named determinants say about ``point``: equal keys mean 'same universality class'.

    "relevant fields" is the multiset of kinds of every relevant field component; a point whose spectrum is not known
    in full gets a key of its own (nothing is claimed about its count).  "eigenvalue signs" is whether y_t and y_h
    are relevant, irrelevant or marginal (the sign comparison of σ in ch. 9)."""
    fields = tuple(sorted(kind for kind, _ in point.spectrum)) if point.spectrum_complete else ("incomplete", point.name)
    values = {"d": point.d, "symmetry": point.symmetry, "relevant count": len(point.relevant),
              "relevant kinds": tuple(sorted(point.relevant)), "relevant fields": fields,
              "eigenvalue signs": (_sign(point.y_t), _sign(point.y_h)), "eigenvalues": (point.y_t, point.y_h)}
    unknown = sorted(set(determinants) - set(values))
    if unknown:
        raise ValueError(f"unknown determinants {unknown}; choose from {DETERMINANTS}")
    return tuple(values[k] for k in determinants)


def differing_exponents(a: FixedPoint, b: FixedPoint) -> dict[str, tuple[F, F]]:
    """The exponents both points list and on which they differ."""
    shared = sorted(set(a.exponents) & set(b.exponents))
    return {k: (a.exponents[k], b.exponents[k]) for k in shared if a.exponents[k] != b.exponents[k]}


def exponent_clashes(points: Sequence[FixedPoint], determinants: Sequence[str]) -> list[dict]:
    """Pairs of fixed points the determinants put in one class whose exact exponents differ
    (the counterexamples to 'same determinants, same exponents')."""
    classes: dict[tuple, list[FixedPoint]] = defaultdict(list)
    for p in points:
        classes[class_key(p, determinants)].append(p)
    clashes = []
    for members in classes.values():
        for a, b in combinations(members, 2):
            differ = differing_exponents(a, b)
            if differ:
                clashes.append({"pair": (a.name, b.name), "d": (a.d, b.d), "symmetry": (a.symmetry, b.symmetry),
                                "differ": differ})
    return clashes


def class_sizes(points: Sequence[FixedPoint], determinants: Sequence[str]) -> list[int]:
    """How many fixed points each class of the determinants holds, largest first."""
    classes: dict[tuple, int] = defaultdict(int)
    for p in points:
        classes[class_key(p, determinants)] += 1
    return sorted(classes.values(), reverse=True)


def silent_pairs(points: Sequence[FixedPoint], coarse: Sequence[str], fine: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs that the ``coarse`` determinants put in one class and the ``fine`` ones tell apart, yet that agree on
    every exponent both list (empty: within each coarse class, every difference in ``fine`` shows in the exponents)."""
    return [(a.name, b.name) for a, b in combinations(points, 2)
            if class_key(a, coarse) == class_key(b, coarse) and class_key(a, fine) != class_key(b, fine)
            and not differing_exponents(a, b)]


#: Scaling laws as (left side, right side) of the exponents; each is checked where its exponents are listed.
Relation = Callable[[Exponents], tuple[F, F]]

SCALING_LAWS: dict[str, tuple[tuple[str, ...], Relation]] = {
    "Rushbrooke α + 2β + γ = 2": (("alpha", "beta", "gamma"), lambda e: (e["alpha"] + 2 * e["beta"] + e["gamma"], F(2))),
    "Widom γ = β(δ - 1)": (("beta", "gamma", "delta"), lambda e: (e["gamma"], e["beta"] * (e["delta"] - 1))),
    "Fisher γ = ν(2 - η)": (("gamma", "nu", "eta"), lambda e: (e["gamma"], e["nu"] * (2 - e["eta"]))),
}


def scaling_law_rows(points: Sequence[FixedPoint], laws: Mapping[str, tuple[tuple[str, ...], Relation]]) -> list[dict]:
    """Each law at each fixed point that lists its exponents: both sides, exactly."""
    rows = []
    for p in points:
        for law, (needs, relation) in laws.items():
            if set(needs) <= set(p.exponents):
                lhs, rhs = relation(p.exponents)
                rows.append({"fixed point": p.name, "law": law, "lhs": lhs, "rhs": rhs, "holds": lhs == rhs})
    return rows
