"""Exact Ising enumeration and majority-rule block spins (imp-renormalisation-group-thesis.md §4.1-4.2).

Convention of the thesis (eq. 2, 14): the Boltzmann weight is ``exp(H(S))`` with
``H(S) = K Σ_<ij> S_i S_j + h Σ_i S_i`` (H is minus beta times the energy).
Lattices are periodic; a lattice is described by its bond list, a block partition by a
list of site-index arrays.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp


@dataclass(frozen=True)
class Lattice:
    """Sites ``0..n-1`` with nearest-neighbour ``bonds`` (pairs of site indices)."""

    n: int
    bonds: np.ndarray  # (n_bonds, 2)

    @classmethod
    def ring(cls, n: int) -> "Lattice":
        if n < 3:
            raise ValueError(f"a ring needs >= 3 sites, got {n}")
        i = np.arange(n)
        return cls(n, np.stack([i, (i + 1) % n], axis=1))

    @classmethod
    def torus(cls, rows: int, cols: int) -> "Lattice":
        if rows < 3 or cols < 3:
            raise ValueError(f"a torus needs >= 3 rows and columns, got {rows}x{cols}")
        idx = np.arange(rows * cols).reshape(rows, cols)
        right = np.stack([idx.ravel(), np.roll(idx, -1, axis=1).ravel()], axis=1)
        down = np.stack([idx.ravel(), np.roll(idx, -1, axis=0).ravel()], axis=1)
        return cls(rows * cols, np.concatenate([right, down]))


def ring_blocks(n: int, b: int) -> list[np.ndarray]:
    """Consecutive blocks of ``b`` sites on a ring of ``n`` sites."""
    if n % b:
        raise ValueError(f"block size {b} does not divide {n}")
    return [np.arange(i, i + b) for i in range(0, n, b)]


def torus_blocks(rows: int, cols: int, b: int) -> list[np.ndarray]:
    """``b x b`` square blocks on a ``rows x cols`` torus, row-major block order."""
    if rows % b or cols % b:
        raise ValueError(f"block size {b} does not divide {rows}x{cols}")
    idx = np.arange(rows * cols).reshape(rows, cols)
    return [idx[r:r + b, c:c + b].ravel() for r in range(0, rows, b) for c in range(0, cols, b)]


def all_configurations(n: int) -> np.ndarray:
    """All ``2**n`` spin configurations as an int8 array of ±1, row ``s`` = binary digits of s."""
    if n > 26:
        raise ValueError(f"refusing to enumerate 2**{n} configurations")
    bits = (np.arange(2**n, dtype=np.int64)[:, None] >> np.arange(n, dtype=np.int64)) & 1
    return (1 - 2 * bits).astype(np.int8)


def hamiltonian(lattice: Lattice, spins: np.ndarray, K: float, h: float) -> np.ndarray:
    """``H(S) = K Σ_bonds S_i S_j + h Σ S_i`` for each row of ``spins``."""
    s = spins.astype(np.float64)
    return K * np.sum(s[:, lattice.bonds[:, 0]] * s[:, lattice.bonds[:, 1]], axis=1) + h * s.sum(axis=1)


def log_partition_function(lattice: Lattice, K: float, h: float) -> float:
    """log Z_N[K] by exhaustive enumeration."""
    return float(logsumexp(hamiltonian(lattice, all_configurations(lattice.n), K, h)))


def block_up_probability(spins: np.ndarray, blocks: list[np.ndarray], tie_break: bool) -> np.ndarray:
    """P(S'_I = +1 | S) for majority rule: 1 if the block sum is positive, 0 if negative;
    on a tie (even blocks) 1/2 with ``tie_break``, else the rule S' = sign(0) = 0 gives no
    admissible ±1 value, encoded as NaN."""
    sums = np.stack([spins[:, blk].sum(axis=1) for blk in blocks], axis=1)
    up = (sums > 0).astype(np.float64)
    up[sums == 0] = 0.5 if tie_break else np.nan
    return up


def projection_matrix(spins: np.ndarray, blocks: list[np.ndarray], tie_break: bool = False) -> np.ndarray:
    """P(S, S') for every configuration S (rows) and block configuration S' (columns,
    enumerated like :func:`all_configurations`)."""
    up = block_up_probability(spins, blocks, tie_break)
    primes = all_configurations(len(blocks)) > 0  # True where S'_I = +1
    with np.errstate(invalid="ignore"):
        factors = np.where(primes[None, :, :], up[:, None, :], 1.0 - up[:, None, :])
    return np.nan_to_num(np.prod(factors, axis=2), nan=0.0)


def effective_hamiltonian(lattice: Lattice, blocks: list[np.ndarray], K: float, h: float,
                          tie_break: bool = False) -> np.ndarray:
    """H'(S') = log Σ_S P(S, S') exp(H(S)) for every block configuration S' (§4.2)."""
    spins = all_configurations(lattice.n)
    log_w = hamiltonian(lattice, spins, K, h)
    shift = log_w.max()
    weights = np.exp(log_w - shift)
    p = projection_matrix(spins, blocks, tie_break)
    with np.errstate(divide="ignore"):
        return np.log(weights @ p) + shift


def walsh_coefficients(values: np.ndarray) -> np.ndarray:
    """Coefficients J_A with f(S') = Σ_A J_A Π_{i∈A} S'_i, indexed by the bitmask of A
    (fast Walsh-Hadamard transform; configurations ordered like :func:`all_configurations`)."""
    n = int(np.log2(values.size))
    if 2**n != values.size:
        raise ValueError(f"length {values.size} is not a power of two")
    coeffs = values.astype(np.float64).copy()
    h = 1
    while h < coeffs.size:
        view = coeffs.reshape(-1, 2, h)
        a, b = view[:, 0, :].copy(), view[:, 1, :].copy()
        view[:, 0, :], view[:, 1, :] = a + b, a - b
        h *= 2
    # bit i of a configuration index set means spin i = -1, so the character of A is (-1)^{|A ∩ bits|}
    return coeffs / values.size


def block_torus_effective_hamiltonian(b: int, K: float, h: float) -> np.ndarray:
    """Exact H'(S') for majority-rule ``b x b`` blocks (``b`` odd) on a ``2b x 2b`` torus,
    i.e. a 2 x 2 torus of block spins A B / C D, by contracting block tensors.

    Each block contributes a tensor over its four boundary lines (left, right, top, bottom,
    as integer codes), summed over the block's interior with its majority fixed; the
    inter-block bonds are transfer matrices between facing boundary lines.  Block spins
    are ordered A, B, C, D and configurations as in :func:`all_configurations`.
    """
    if b % 2 == 0 or b < 3:
        raise ValueError(f"block side must be odd and >= 3, got {b}")
    spins = all_configurations(b * b).reshape(-1, b, b).astype(np.float64)
    codes = 2 ** np.arange(b)
    line = lambda s: ((1 - s) / 2 @ codes).astype(np.int64)  # noqa: E731  ±1 line -> integer code
    left, right, top, bottom = line(spins[:, :, 0]), line(spins[:, :, -1]), line(spins[:, 0, :]), line(spins[:, -1, :])
    inner = K * (np.sum(spins[:, :, :-1] * spins[:, :, 1:], axis=(1, 2)) + np.sum(spins[:, :-1, :] * spins[:, 1:, :], axis=(1, 2)))
    weight = np.exp(inner + h * spins.sum(axis=(1, 2)))
    majority_up = spins.sum(axis=(1, 2)) > 0
    n = 2**b
    tensors = np.zeros((2, n, n, n, n))  # [block spin up?, left, right, top, bottom]
    np.add.at(tensors, (majority_up.astype(int), left, right, top, bottom), weight)
    lines = all_configurations(b).astype(np.float64)
    bond = np.exp(K * lines @ lines.T)  # facing boundary lines: b parallel bonds
    network = "abcd,efgh,ijkl,mnop,be,fa,jm,ni,dk,lc,ho,pg->"  # A B / C D with periodic bonds
    path = np.einsum_path(network, *tensors[[0, 0, 0, 0]], *([bond] * 8), optimize="greedy")[0]
    values = [np.einsum(network, *(tensors[int(s > 0)] for s in config), *([bond] * 8), optimize=path)
              for config in all_configurations(4)]
    return np.log(np.array(values))


def torus_log_partition_function_transfer(rows: int, cols: int, K: float, h: float) -> float:
    """log Z of a ``rows x cols`` Ising torus by the row-to-row transfer matrix (exact)."""
    states = all_configurations(cols).astype(np.float64)
    row_energy = K * np.sum(states * np.roll(states, -1, axis=1), axis=1) + h * states.sum(axis=1)
    transfer = np.exp(row_energy[:, None] / 2 + K * states @ states.T + row_energy[None, :] / 2)
    eigenvalues = np.linalg.eigvalsh(transfer)
    top = eigenvalues.max()
    return float(rows * np.log(top) + np.log(np.sum((eigenvalues / top) ** rows)))
