"""Parameter counts and layer shapes of chapter 5's networks (npp-quantized-slth-thesis.md §5.1.1-§5.2.2).

A network maps R^(w_0) -> R^(w_m) through matrices M_1, ..., M_m; M_k has shape (w_k, w_(k-1)),
outputs by inputs, as Definition 7 writes W_i (d_i × d_(i-1)). A printed dimension list gives each M_k
as a pair of numbers, the exact shape or (for "dimension greater than") a lower bound, or leaves it
out. Under one reading of the pairs, :func:`first_unmet` asks whether a given network meets the list and
:func:`narrowest` finds the narrowest network that does.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

#: The two ways of reading a printed pair (a, b) as M_k's shape.
ORIENTATIONS = ("rows x columns", "columns x rows")
#: The roles of the entries of Theorem 7's list; a reading fixes one orientation per role.
THEOREM7_ROLES = ("M_1", "M_2", "M_(i+1)", "M_(l+1)")


def target_weight_count(dims: tuple[int, ...]) -> int:
    """Weights of a target f with widths d_0, ..., d_l (Definition 7: W_i is d_i × d_(i-1), i = 1..l),
    counted on the matrices themselves."""
    return sum(np.zeros((dims[i], dims[i - 1])).size for i in range(1, len(dims)))


def dims_grid(depths: range, widths: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every width list (d_0, ..., d_l) with l in ``depths`` and each d_i in ``widths``."""
    return [d for l in depths for d in itertools.product(widths, repeat=l + 1)]


@dataclass(frozen=True)
class Printed:
    """One entry of a dimension list: the pair as printed, whether it is exact or a lower bound ("dimension greater
    than"), and the entry's role in the list (entries of one role are read in one orientation)."""

    pair: tuple[int, int]
    exact: bool
    role: str


def as_shape(entry: Printed, orientation_of: dict[str, str]) -> tuple[int, int]:
    """The entry as (rows, columns) in the orientation its role is read in."""
    return tuple(entry.pair) if orientation_of[entry.role] == ORIENTATIONS[0] else tuple(entry.pair[::-1])


def first_unmet(entries: list[Printed | None], shapes: list[tuple[int, int]], orientation_of: dict[str, str]) -> int | None:
    """Index of the first matrix whose shape does not meet its entry (exact: equal; lower bound: at least, both numbers),
    or None if all meet it; entries that are None leave their matrix unconstrained."""
    for k, (entry, shape) in enumerate(zip(entries, shapes, strict=True)):
        if entry is None:
            continue
        printed = as_shape(entry, orientation_of)
        if (shape != printed) if entry.exact else (shape[0] < printed[0] or shape[1] < printed[1]):
            return k
    return None


def narrowest(entries: list[Printed | None], first: int, last: int, orientation_of: dict[str, str]) -> list[int] | None:
    """The widths w_0, ..., w_m of the narrowest network R^first -> R^last meeting every entry, or None if none does.

    In a fixed orientation an exact entry pins the two widths beside it and a lower bound bounds them from below, width
    by width, so each width is its pin (which must be unique and meet its bounds) or else its largest lower bound (at least 1)."""
    m = len(entries)
    pins: list[set[int]] = [set() for _ in range(m + 1)]
    pins[0].add(first)
    pins[m].add(last)
    lows = [1] * (m + 1)
    for k, entry in enumerate(entries, start=1):
        if entry is None:
            continue
        rows, cols = as_shape(entry, orientation_of)
        if entry.exact:
            pins[k].add(rows)
            pins[k - 1].add(cols)
        else:
            lows[k], lows[k - 1] = max(lows[k], rows), max(lows[k - 1], cols)
    if any(len(p) > 1 or (p and min(p) < low) for p, low in zip(pins, lows)):
        return None
    return [min(p) if p else low for p, low in zip(pins, lows)]


def orientation_readings(roles: tuple[str, ...]) -> list[dict[str, str]]:
    """Every assignment of an orientation to each role."""
    return [dict(zip(roles, choice)) for choice in itertools.product(ORIENTATIONS, repeat=len(roles))]


def composes(shapes: list[tuple[int, int]], first: int, last: int) -> bool:
    """Whether matrices of these shapes (rows, columns) chain into a map R^first -> R^last."""
    outputs = [first] + [rows for rows, _ in shapes]
    return all(cols == prev for (_, cols), prev in zip(shapes, outputs)) and outputs[-1] == last


def theorem7_printed(dims: tuple[int, ...], L: int, C: int, middle, last, middle_range: str) -> list[Printed | None]:
    """Theorem 7's list for M_1, ..., M_(l+1) as printed: M_1 d_0 × C d_0 L, M_2 2d_1 L × C d_0 L, M_(i+1)
    'greater than' ``middle(d, i, L)`` for 2 < i < l - 1 (``middle_range`` "printed") or 2 <= i <= l - 1
    ("every middle layer"), M_(l+1) ``last(d, L)`` (printed: 2L d_(l-1) × d_l); matrices the range leaves
    out are None (unconstrained)."""
    l = len(dims) - 1
    entries: list[Printed | None] = [None] * (l + 1)
    entries[0] = Printed((dims[0], C * dims[0] * L), True, "M_1")
    entries[1] = Printed((2 * dims[1] * L, C * dims[0] * L), True, "M_2")
    low, high = (3, l - 2) if middle_range == "printed" else (2, l - 1)
    for i in range(low, high + 1):
        entries[i] = Printed(tuple(middle(dims, i, L)), False, "M_(i+1)")
    entries[l] = Printed(tuple(last(dims, L)), True, "M_(l+1)")
    return entries


def theorem7_corrected(dims: tuple[int, ...], L: int, C: int, middle) -> list[tuple[int, int]]:
    """Shapes (rows, columns) of the network Lemma 8's proof builds, outputs by inputs throughout: M_1 C d_0 L × d_0,
    M_2 2 d_1 L × C d_0 L, M_(i+1) ``middle(d, i, L)`` for 2 <= i <= l - 1, M_(l+1) d_l × 2 d_(l-1) L."""
    l = len(dims) - 1
    shapes = [(C * dims[0] * L, dims[0]), (2 * dims[1] * L, C * dims[0] * L)]
    shapes += [tuple(middle(dims, i, L)) for i in range(2, l)]
    return shapes + [(dims[l], 2 * dims[l - 1] * L)]
