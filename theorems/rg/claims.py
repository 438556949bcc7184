"""Checks of the ``rg.*`` claims (imp-renormalisation-group-thesis.md §4)."""
from __future__ import annotations

import functools
import itertools
import math

import numpy as np
import sympy as sp
from scipy.special import logsumexp

from .. import mathtext as mt
from ..context import CheckContext
from ..measure import measurement
from ..plotting import new_figure
from ..registry import claim, control, mutant
from ..verdict import count_checked, Figure, Kind, Source, Verdict
from .correlation import chain_decimation, top_eigenvalue
from .ising import (
    Lattice,
    all_configurations,
    block_torus_effective_hamiltonian,
    effective_hamiltonian,
    log_partition_function,
    projection_matrix,
    ring_blocks,
    torus_blocks,
    torus_log_partition_function_transfer,
    walsh_coefficients,
)
from .scaling import MODELS, homogeneous_free_energy, scaling_function

DOC = "imp-renormalisation-group-thesis.md"

src = Source.factory(DOC)


# --------------------------------------------------------------------------- projection

ODD_BLOCKS_1D = (1, 3, 5, 7, 9)


def _block_partitions(sizes_1d, sides_2d):
    """(label, block list) for a single block covering all sites of each shape."""
    out = [(f"1-D block of {b}", [np.arange(b)]) for b in sizes_1d]
    out += [(f"2-D block {b}x{b}", [np.arange(b * b)]) for b in sides_2d]
    return out


@functools.cache
def _projection_tables(sizes_1d: tuple[int, ...]) -> tuple[tuple[str, np.ndarray, np.ndarray], ...]:
    """Measurement: P(S, S') and P(-S, S') for every S on single 1-D blocks of the given sizes,
    the 3x3 block and two rings of several blocks (§4.2)."""
    cases = _block_partitions(sizes_1d, (3,)) + [("1-D ring 9 sites, blocks of 3", ring_blocks(9, 3)),
                                                 ("1-D ring 10 sites, blocks of 5", ring_blocks(10, 5))]
    out = []
    for label, blocks in cases:
        spins = all_configurations(sum(len(b) for b in blocks))
        out.append((label, projection_matrix(spins, blocks), projection_matrix(-spins, blocks)))
    return tuple(out)


@claim(
    "rg.block-projection.odd",
    title="§4.2: majority-rule projection with odd blocks is a valid RG projection",
    source=src("§4.2 (majority rule, requirements (i)-(iii))"),
    kind=Kind.EXACT,
    statement="""For blocks of odd size, P(S, S') = Π_I δ(S'_I - sign Σ_{i∈I} S_i) is non-negative,
        sums to 1 over block configurations S' for every S, and respects spin-flip symmetry
        P(-S, -S') = P(S, S').""",
    decision_rule="""Enumerate every configuration of single blocks of size 1, 3, 5, 7, 9 (1-D) and 3x3
        (2-D) and of two- and three-block systems; verified if all three properties hold exactly for
        every configuration, refuted at the first violation.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("every block size works, even ones included (blocks of 3 and 4)", block_sizes_1d=(3, 4)),
             mutant("blocks of linear size 2l in place of 2l+1 (2, 4, 6, 8 sites)", block_sizes_1d=(2, 4, 6, 8)),
             mutant("symmetry without flipping the block spins: P(-S, S') = P(S, S')", block_spins_flip=False)],
)
def _projection_odd(ctx: CheckContext, *, block_sizes_1d=ODD_BLOCKS_1D, block_spins_flip=True) -> Verdict:
    rows = []
    for label, p, p_of_flipped in _projection_tables(tuple(block_sizes_1d)):
        # reversing the S' order flips every block spin
        partner = p_of_flipped[:, ::-1] if block_spins_flip else p_of_flipped
        rows.append({"case": label, "configurations": len(p), "min_P": float(p.min()),
                     "max_|sum-1|": float(np.abs(p.sum(axis=1) - 1).max()), "symmetric": bool(np.array_equal(p, partner))})
    bad = [r for r in rows if r["min_P"] < 0 or r["max_|sum-1|"] > 0 or not r["symmetric"]]
    return Verdict.from_counterexamples(
        bad, checked=rows,
        claimed="P >= 0, Σ_S' P = 1, spin-flip symmetric",
        measured=f"all properties exact in {len(rows)} cases ({sum(r['configurations'] for r in rows)} configurations)"
        if not bad else f"{len(bad)} violating cases",
        finding=f"{bad[0]['case']}: min P = {bad[0]['min_P']}, max |Σ_S' P - 1| = {bad[0]['max_|sum-1|']}, "
                f"symmetric: {bad[0]['symmetric']}" if bad else "",
        notes="""Holds by construction: a product of Kronecker deltas is 0 or 1, so (i) cannot fail; the sum of an
            odd number of ±1 spins is odd, hence never 0, so exactly one block value matches and (iii) holds; sign
            is an odd function, so flipping S flips S' and (ii) holds. The enumeration confirms these parity facts
            on the thesis's odd blocks and fails on even blocks (the mutants, and rg.block-projection.even-ties),
            but no property of the thesis's odd blocks could make it fail. What (ii) asks in the thesis's own
            words, no coupling the original symmetry forbids, is checked on the effective Hamiltonian in
            rg.partition-invariance.nn-closure; that (iii) makes Z' = Z is measured by separate routes in
            rg.partition-invariance.z.""",
        evidence={"table": rows},
    )


@functools.cache
def _even_block_rows() -> tuple[dict, ...]:
    """Measurement: on even blocks, the fraction of S with Σ_S' P ≠ 1, without and with a coin tie-break."""
    rows = []
    for label, blocks in _block_partitions((2, 4, 6), (2,)):
        b = len(blocks[0])
        spins = all_configurations(b)
        broken = np.abs(projection_matrix(spins, blocks).sum(axis=1) - 1) > 0
        fixed = np.abs(projection_matrix(spins, blocks, tie_break=True).sum(axis=1) - 1).max()
        rows.append({"case": label, "b": b, "unnormalised_fraction": float(broken.mean()),
                     "example_S": spins[np.argmax(broken)].tolist(), "max_|sum-1| with coin": float(fixed)})
    return tuple(rows)


@claim(
    "rg.block-projection.even-ties",
    title="Suite: with even blocks, which §4.2 does not use, sign ties break requirement (iii)",
    source=src("§4.2 (blocks of linear size 2l+1; the thesis does not consider even blocks)"),
    kind=Kind.EXACT,
    origin="suite",
    statement="""Our own contrast case for the thesis's odd-sized blocks: if a block had an even number of
        spins, a block sum of zero would make the sign rule return 0, matching neither block value, so those
        configurations would get total projection weight 0 and the normalisation requirement (iii) would
        fail; breaking such ties with a fair coin puts the total back at 1.""",
    decision_rule="""Enumerate single blocks of size 2, 4, 6 (1-D) and 2x2 (2-D); verified if the fraction of
        configurations with Σ_S' P ≠ 1 equals the tie probability C(b, b/2)/2^b > 0 and a fair-coin tie
        break restores Σ = 1 everywhere; refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("even blocks are as good as odd ones: no configuration loses its weight",
                    unnormalised_fraction=lambda b: 0.0),
             mutant("half the tie probability, C(b, b/2)/2^(b+1)",
                    unnormalised_fraction=lambda b: math.comb(b, b // 2) / 2 ** (b + 1)),
             mutant("a fair-coin tie-break does not restore Σ_S' P = 1", coin_restores=False)],
)
def _projection_even(ctx: CheckContext, *, unnormalised_fraction=lambda b: math.comb(b, b // 2) / 2**b,
                     coin_restores=True) -> Verdict:
    rows = [{**r, "claimed_fraction": unnormalised_fraction(r["b"])} for r in _even_block_rows()]
    bad = [r for r in rows if not math.isclose(r["unnormalised_fraction"], r["claimed_fraction"])
           or (r["max_|sum-1| with coin"] < 1e-12) != coin_restores]
    return Verdict.from_counterexamples(
        bad, checked=rows,
        claimed="even blocks break Σ_S' P = 1 on ties" + ("; a tie-break restores it" if coin_restores else ""),
        measured={r["case"]: r["unnormalised_fraction"] for r in rows},
        finding=f"{bad[0]['case']}: {bad[0]['unnormalised_fraction']:.4f} of configurations lose their weight "
                f"(claimed {bad[0]['claimed_fraction']:.4f}); with a coin, max |Σ - 1| = "
                f"{bad[0]['max_|sum-1| with coin']:.1e}" if bad else "",
        notes="Example: the 1-D block (+1, -1) has block sum 0 and no admissible block spin.",
        evidence={"table": rows},
    )


# --------------------------------------------------------------------------- Z invariance

#: Rings (N, block size b) whose Z' is built block by block; the larger ones are beyond exhaustive enumeration.
RING_CASES = ((9, 3), (15, 3), (15, 5), (45, 3), (45, 5), (49, 7))
COUPLINGS = [(0.1, 0.0), (0.4407, 0.0), (1.0, 0.3)]


def _ring_log_z_closed_form(n: int, K: float, h: float) -> float:
    """log Z of the N-site Ising ring from the eigenvalues of its 2x2 transfer matrix:
    Z = λ+^N + λ-^N, λ± = e^K cosh h ± sqrt(e^(2K) sinh² h + e^(-2K)) (no configuration is summed)."""
    top = top_eigenvalue(K, h)
    bottom = 2 * math.sinh(2 * K) / top  # det T / λ+
    return n * math.log(top) + math.log1p((bottom / top) ** n)


def _ring_block_transfer(b: int, K: float, h: float) -> np.ndarray:
    """M[σ][a, c] for one block of b consecutive ring sites: the weight of the block's own spins, summed over
    those whose majority is σ (index 0: +1, 1: -1), with its first spin a and the bond to the next block's
    first spin c (index 0: +1, 1: -1).  A tie (even b) belongs to neither σ, as sign(0) = 0 gives no block value."""
    spins = all_configurations(b).astype(np.float64)
    log_w = K * np.sum(spins[:, :-1] * spins[:, 1:], axis=1) + h * spins.sum(axis=1)
    majority = np.sign(spins.sum(axis=1))
    ends = np.array([1.0, -1.0])
    matrices = np.zeros((2, 2, 2))
    for sigma_index, sigma in enumerate((1, -1)):
        for a_index, a in enumerate(ends):
            chosen = (majority == sigma) & (spins[:, 0] == a)
            matrices[sigma_index, a_index] = np.exp(log_w[chosen, None] + K * spins[chosen, -1, None] * ends).sum(axis=0)
    return matrices


def _ring_block_route_h_prime(n: int, b: int, K: float, h: float) -> np.ndarray:
    """H'(S') = log Tr Π_I M[S'_I] for every block configuration S' of an N-site ring cut into blocks of b:
    the block-spin trace of §4.2 done block by block, never enumerating the 2^N original configurations."""
    matrices = _ring_block_transfer(b, K, h)
    down = all_configurations(n // b) < 0  # index 1 where S'_I = -1
    product = matrices[down[:, 0].astype(int)]
    for block in range(1, n // b):
        product = product @ matrices[down[:, block].astype(int)]
    return np.log(np.trace(product, axis1=1, axis2=2))


@measurement
def _partition_routes(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: log Z and log Z' = log Tr_S' e^(H'(S')) for one majority-rule block-spin step, each by its own
    route: Z never from the block spins, Z' never from an unconstrained sum over the original spins.  Rings: Z from
    the transfer-matrix eigenvalues, H' block by block from constrained block transfer matrices.  3x6 torus with
    3x3 blocks: Z from the row transfer matrix, H' by enumeration grouped by block majority.  6x6 torus with 3x3
    blocks: Z from the row transfer matrix, H' by contracting block tensors.  N'K'_0 is the constant part of H'
    (its mean over S')."""
    rows = []

    def add(case, K, h, log_z, z_route, h_prime, z_prime_route, n, n_prime, ell, dim):
        rows.append({"case": case, "K": K, "h": h, "log_Z": log_z, "Z route": z_route,
                     "log_Z_prime": float(logsumexp(h_prime)), "Z' route": z_prime_route,
                     "N'K'_0": float(np.mean(h_prime)), "N": n, "N_prime": n_prime, "l": ell, "d": dim})

    for K, h in COUPLINGS:
        for n, b in RING_CASES:
            add(f"1-D ring N={n}, b={b}", K, h, _ring_log_z_closed_form(n, K, h), "transfer-matrix eigenvalues",
                _ring_block_route_h_prime(n, b, K, h), "block transfer matrices", n, n // b, b, 1)
        lattice, blocks = Lattice.torus(3, 6), torus_blocks(3, 6, 3)
        add("2-D torus 3x6, 3x3 blocks", K, h, torus_log_partition_function_transfer(3, 6, K, h), "row transfer matrix",
            effective_hamiltonian(lattice, blocks, K, h), "enumeration grouped by block majority", 18, len(blocks), 3, 2)
        add("2-D torus 6x6, 3x3 blocks", K, h, torus_log_partition_function_transfer(6, 6, K, h), "row transfer matrix",
            block_torus_effective_hamiltonian(3, K, h), "block-tensor contraction", 36, 4, 3, 2)
    return tuple(rows)


@functools.cache
def _even_block_partition_control() -> tuple[dict, ...]:
    """Z'/Z for even blocks without and with a tie rule (reported beside rg.partition-invariance.z)."""
    control_rows = []
    for label, lattice, blocks in [("1-D ring N=8, b=2", Lattice.ring(8), ring_blocks(8, 2)),
                                   ("2-D torus 4x4, 2x2 blocks", Lattice.torus(4, 4), torus_blocks(4, 4, 2))]:
        log_z = log_partition_function(lattice, 0.4407, 0.0)
        lost = float(logsumexp(effective_hamiltonian(lattice, blocks, 0.4407, 0.0)))
        coin = float(logsumexp(effective_hamiltonian(lattice, blocks, 0.4407, 0.0, tie_break=True)))
        control_rows.append({"case": label, "Z'/Z (sign(0)=0)": math.exp(lost - log_z),
                             "Z'/Z (coin tie-break)": math.exp(coin - log_z)})
    for n, b in ((8, 2), (40, 4)):  # the block-by-block route of the claim's own measurement, on even blocks
        lost = float(logsumexp(_ring_block_route_h_prime(n, b, 0.4407, 0.0)))
        control_rows.append({"case": f"1-D ring N={n}, b={b}, block transfer matrices vs eigenvalues",
                             "Z'/Z (sign(0)=0)": math.exp(lost - _ring_log_z_closed_form(n, 0.4407, 0.0))})
    return tuple(control_rows)


@claim(
    "rg.partition-invariance.z",
    title="§4.2: Z_N'[K'] = Z_N[K] under the block-spin transformation",
    source=src("§4.2 (partition-function invariance)"),
    kind=Kind.EXACT,
    statement="""With a normalised projection, tracing the original spins at fixed block spins and then
        tracing the block spins returns the original partition function.""",
    decision_rule="""Compute Z and Z' = Tr_S' e^(H'(S')) by separate routes at three (K, h): on rings of N = 9,
        15, 45, 49 with majority blocks of 3, 5, 7, Z from the eigenvalues of the 2x2 transfer matrix and H'
        block by block from transfer matrices of single blocks constrained to each majority; on the 3x6 torus
        (3x3 blocks) Z from the row transfer matrix and H' by enumeration grouped by block majority; on the 6x6
        torus (3x3 blocks) Z from the row transfer matrix and H' by contracting block tensors. Verified if
        |log Z' - log Z| <= 1e-10 everywhere. As a control, even blocks without a tie rule must lose weight
        (reported). Earlier rule: Z and H' both from one exhaustive enumeration of the small lattices (plus the
        6x6 torus as now); changed because on the enumerated lattices Z' = Z then followed from the
        enumeration's own bookkeeping and could not fail for any reason the thesis could be wrong about.""",
    recorded="verified",
    mutants=[mutant("Z' = Z^(l^-d): the free-energy factor applied to Z itself",
                    log_z_prime=lambda log_z, ell, d, n_prime, const_prime: ell ** (-d) * log_z),
             mutant("requirement (iii) with each block's P summing to 2: Z' = 2^N' Z",
                    log_z_prime=lambda log_z, ell, d, n_prime, const_prime: log_z + n_prime * math.log(2)),
             mutant("Z is kept only by H' without the constant N'K'_0 the step generates: Z' = Z e^(N'K'_0)",
                    log_z_prime=lambda log_z, ell, d, n_prime, const_prime: log_z + const_prime)],
)
def _partition_z(ctx: CheckContext, *,
                 log_z_prime=lambda log_z, ell, d, n_prime, const_prime: log_z) -> Verdict:
    rows = [{**r, "claimed_log_Z_prime": log_z_prime(r["log_Z"], r["l"], r["d"], r["N_prime"], r["N'K'_0"])}
            for r in _partition_routes(ctx)]
    rows = [{**r, "abs_diff": abs(r["log_Z_prime"] - r["claimed_log_Z_prime"])} for r in rows]
    count_checked(rows)  # no lattice measured: EmptyEvidence, never a verdict
    worst = max(rows, key=lambda r: r["abs_diff"])
    ok = worst["abs_diff"] <= 1e-10
    return Verdict.from_check(
        ok, checked=rows,
        claimed="log Z_N'[K'] = the stated function of log Z_N[K]",
        measured=f"max |log Z' - claimed| = {worst['abs_diff']:.2e} over {len(rows)} cases",
        counterexample=worst,
        finding="" if ok else f"{worst['case']} at K={worst['K']}, h={worst['h']}: log Z' = {worst['log_Z_prime']:.6f}, "
                              f"the stated relation gives {worst['claimed_log_Z_prime']:.6f}",
        notes="""Z and Z' come from different computations: Z never passes through the block spins and Z' never
            through an unconstrained sum over the original spins, so they agree only if the majority projection
            assigns every original configuration to exactly one block configuration (requirement (iii)); the
            even-block control shows the same routes losing weight when it does not. The rings of 45 and 49
            spins are beyond exhaustive enumeration.""",
        evidence={"table": rows, "even_block_control": mt.rounded(list(_even_block_partition_control()), 12)},
    )


@claim(
    "rg.partition-invariance.free-energy",
    uses=("rg.partition-invariance.z",),
    title="§4.2: g[K] = l^(-d) g[K']",
    source=src("§4.2 (free energy per degree of freedom)"),
    kind=Kind.EXACT,
    statement="""With g = (1/N) log Z and N' = N l^(-d) block spins, Z invariance gives g[K] = l^(-d) g[K'].""",
    decision_rule="""On the measurement of rg.partition-invariance.z (Z and Z' by separate routes), with g = log Z / N
        and g' = log Z' / N' where N' is the number of blocks actually formed: verified if |g - l^(-d) g'| <= 1e-10
        everywhere, l the blocks' linear size. Earlier rule: the same comparison on Z and Z' taken from one
        exhaustive enumeration; changed because there the relation followed from that enumeration's bookkeeping.""",
    recorded="verified",
    mutants=[mutant("the factor inverted: g = l^d g'", factor=lambda ell, d: ell**d),
             mutant("exponent off by one: g = l^-(d+1) g'", factor=lambda ell, d: ell ** (-(d + 1))),
             mutant("no factor: g = g'", factor=lambda ell, d: 1),
             mutant("l read as the half-width of §4.2's blocks of linear size (2l+1)a: g = ((b-1)/2)^(-d) g'",
                    factor=lambda ell, d: ((ell - 1) / 2) ** (-d))],
)
def _partition_free_energy(ctx: CheckContext, *, factor=lambda ell, d: ell ** (-d)) -> Verdict:
    rows = [{"case": r["case"], "K": r["K"], "h": r["h"], "N": r["N"], "N_prime": r["N_prime"], "g": r["log_Z"] / r["N"],
             "factor * g_prime": factor(r["l"], r["d"]) * r["log_Z_prime"] / r["N_prime"]} for r in _partition_routes(ctx)]
    count_checked(rows)  # no lattice measured: EmptyEvidence, never a verdict
    worst = max(rows, key=lambda r: abs(r["g"] - r["factor * g_prime"]))
    gap = abs(worst["g"] - worst["factor * g_prime"])
    return Verdict.from_check(
        gap <= 1e-10, checked=rows,
        claimed="g[K] = (stated factor) g[K']",
        measured=f"max |g - factor * g'| = {gap:.2e}",
        counterexample=worst,
        finding=f"{worst['case']} at K={worst['K']}: g = {worst['g']:.6f}, the stated factor gives "
                f"{worst['factor * g_prime']:.6f}" if gap > 1e-10 else "",
        evidence={"table": rows},
    )


#: Largest |J| allowed for a coupling the claim says is absent (Walsh coefficients are exact up to rounding).
ZERO_COUPLING = 1e-12


def _coupling_order(kind: str) -> int:
    """Number of block spins in a coupling kind ('field', 'pair, ...', 'n-spin')."""
    if kind == "field":
        return 1
    return 2 if kind.startswith("pair") else int(kind.split("-")[0])


def _symmetry_allowed(kind: str) -> bool:
    """At h = 0, §4.2 condition (ii) admits only couplings even under S' -> -S' (even order)."""
    return _coupling_order(kind) % 2 == 0


@functools.cache
def _closure_rows() -> tuple[dict, ...]:
    """Measurement: the exact block-spin Hamiltonian at h = 0, expanded in products of block spins;
    the largest |J| per kind of coupling (ring of 18 with blocks of 3; 6x6 torus with 3x3 blocks)."""
    rows = []
    for K in (0.3, 0.5, 1.0):
        coeffs = walsh_coefficients(effective_hamiltonian(Lattice.ring(18), ring_blocks(18, 3), K, 0.0))
        rows.append(_coupling_row("1-D ring of 18, blocks of 3 (6 block spins)", K, coeffs, _ring_coupling_kind))
    for K in (0.3, 0.4407, 0.6):
        coeffs = walsh_coefficients(block_torus_effective_hamiltonian(3, K, 0.0))
        rows.append(_coupling_row("2-D torus 6x6, 3x3 blocks (2x2 block spins)", K, coeffs, _square_coupling_kind))
    return tuple(rows)


@claim(
    "rg.partition-invariance.nn-closure",
    title="§4.1-4.2: the block-spin Hamiltonian keeps the general form, with only symmetry-allowed couplings",
    source=src("§4.1 eq. 7 (first assumption); §4.2 ('the transformed Hamiltonian will have the same form')"),
    kind=Kind.EXACT,
    statement="""After a block-spin step the effective Hamiltonian of the block spins has the same form as
        the original: in §4.2 the general form (a constant, a field, pair, three-spin, ... couplings) with
        new couplings, and by requirement (ii) no coupling the original symmetry forbids (at h = 0, none
        odd under S' -> -S'). §4.1 eq. 7 states, as an assumption of Kadanoff's argument, that only a
        field and nearest-neighbour couplings appear.""",
    reading="""The block-spin Hamiltonian has the general form of eq. 14 with new couplings, and at h = 0 none
        that is odd under S' -> -S'. (Until the verdicts were re-examined the suite read eq. 7 as exact, only a field and
        nearest-neighbour couplings, and recorded 'refuted'; that reading is now the first mutant.)""",
    charitable_reading="""§4.1 introduces eq. 7 as an assumption of Kadanoff's argument, which the text itself
        calls heuristic at the end of §4.1; §4.2 then states the exact version: the transformed Hamiltonian
        has the general form of eq. 14 (all couplings, listed with '...') with new coupling constants, and
        requirement (ii) keeps out couplings the symmetry forbids. That reading holds.""",
    decision_rule="""Compute the exact effective Hamiltonian of majority-rule blocks of 3 on a ring of 18 spins
        (6 block spins) and of 3x3 blocks on a 6x6 torus (2x2 block spins) at h = 0, and expand it in
        products of block spins (Walsh transform). Verified if every coupling the claim does not allow is
        below 1e-12 in magnitude; refuted otherwise, reporting the largest such coupling relative to K'.
        (Until the verdicts were re-examined the rule allowed only constant, field and nearest-neighbour pairs: that is now the
        first mutant.)""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("eq. 7 as an exact statement: only a field and nearest-neighbour pairs",
                    allowed=lambda kind: kind in ("field", "pair, distance 1")),
             mutant("pairs of any range and a field, but no multi-spin couplings",
                    allowed=lambda kind: _coupling_order(kind) <= 2)],
)
def _nn_closure(ctx: CheckContext, *, allowed=_symmetry_allowed) -> Verdict:
    rows = []
    for r in _closure_rows():
        excluded = {k: v for k, v in r["max_|J|"].items() if not allowed(k)}
        largest = max(excluded, key=excluded.get) if excluded else None
        size = excluded[largest] if excluded else 0.0
        rows.append({"case": r["case"], "K": r["K"], "K_prime_nn": r["K_prime_nn"],
                     **{f"max |J| {k}": v for k, v in r["max_|J|"].items()},
                     "largest_excluded": largest, "largest_excluded_|J|": size,
                     "largest_excluded_relative": size / r["K_prime_nn"]})
    bad = [r for r in rows if r["largest_excluded_|J|"] > ZERO_COUPLING]
    worst = max(bad, key=lambda r: r["largest_excluded_relative"]) if bad else None
    near_kc = next(r for r in _closure_rows() if r["case"].startswith("2-D") and r["K"] == 0.4407)
    beyond_nn_near_kc = max(v for k, v in near_kc["max_|J|"].items() if k not in ("field", "pair, distance 1"))
    return Verdict.from_counterexamples(
        bad, checked=rows,
        claimed="only the couplings the claim allows",
        measured={f"{r['case']}, K={r['K']}": f"largest excluded coupling ({r['largest_excluded']}): "
                  f"|J| = {r['largest_excluded_|J|']:.1e}, {r['largest_excluded_relative']:.1%} of K'" for r in rows},
        finding=f"{worst['case']}, K={worst['K']}: a '{worst['largest_excluded']}' coupling of "
                f"{worst['largest_excluded_relative']:.1%} of K' appears" if worst else "",
        notes=f"""Every odd coupling vanishes at h = 0 (spin-flip symmetry of the odd-block projection), so the
            general form of §4.2 with requirement (ii) holds; this follows from the symmetry of P (holds by
            construction). Read as exact, eq. 7 fails: majority rule generates next-nearest-neighbour (in 2-D
            diagonal), longer-range and four-spin couplings; on the 6x6 torus at K_c = 0.4407 the largest is
            {beyond_nn_near_kc / near_kc['K_prime_nn']:.0%} of K', so truncating to eq. 7 is a rough
            approximation there. The thesis presents eq. 7 as an assumption of a heuristic argument and does not rely on it
            in §4.2-4.6.""",
        evidence={"table": rows},
    )


def _ring_coupling_kind(sites: list[int], n_blocks: int = 6) -> str:
    if len(sites) == 2:
        dist = min(sites[1] - sites[0], n_blocks - (sites[1] - sites[0]))
        return f"pair, distance {dist}"
    return "field" if len(sites) == 1 else f"{len(sites)}-spin"


def _square_coupling_kind(sites: list[int]) -> str:
    """Block spins A B / C D (indices 0 1 / 2 3): AD and BC are diagonal pairs."""
    if len(sites) == 2:
        return "pair, distance 1" if sites in ([0, 1], [2, 3], [0, 2], [1, 3]) else "pair, diagonal"
    return "field" if len(sites) == 1 else f"{len(sites)}-spin"


def _coupling_row(case: str, K: float, coeffs: np.ndarray, kind_of) -> dict:
    """Largest |J_A| per kind of coupling A (A ranges over non-empty sets of block spins)."""
    n_spins = int(np.log2(coeffs.size))
    by_kind: dict[str, float] = {}
    for mask in range(1, coeffs.size):
        kind = kind_of([i for i in range(n_spins) if mask >> i & 1])
        by_kind[kind] = max(by_kind.get(kind, 0.0), abs(float(coeffs[mask])))
    return {"case": case, "K": K, "K_prime_nn": by_kind["pair, distance 1"], "max_|J|": dict(sorted(by_kind.items()))}


# --------------------------------------------------------------------------- 1-D decimation

DECIMATION_FACTORS = (2, 3, 4, 5, 6)


def _decimation_step(K: np.ndarray, b: float) -> np.ndarray:
    """Exact 1-D Ising decimation by a factor b: tanh K' = (tanh K)^b."""
    return np.arctanh(np.tanh(K) ** b)


#: Pairs (b, b') of decimation factors composed in rg.semigroup-eigen.semigroup.
SEMIGROUP_PAIRS = tuple(itertools.product((2, 3), (2, 3, 5)))


@measurement
def _semigroup_composed(ctx: CheckContext) -> tuple[np.ndarray, dict]:
    """Measurement: 200 seeded K in (0.01, 3] and, per pair (b, b'), K after a decimation by b and then one by b',
    each step from the explicit recursion tanh K' = (tanh K)^b."""
    ks = ctx.rng().uniform(0.01, 3.0, 200)
    return ks, {(b, c): _decimation_step(_decimation_step(ks, b), c) for b, c in SEMIGROUP_PAIRS}


@measurement
def _semigroup_single_step(ctx: CheckContext, factor: int) -> np.ndarray:
    """Measurement: K after one decimation by ``factor`` for the same K, from the factor-th power of the transfer
    matrix (:func:`theorems.rg.correlation.chain_decimation`; no use of the recursion)."""
    return np.array([chain_decimation(float(k), 0.0, factor)[0] for k in _semigroup_composed(ctx)[0]])


@claim(
    "rg.semigroup-eigen.semigroup",
    title="Suite: on the exact 1-D Ising decimation (our test instance of §4.3), steps b and b' compose to bb'",
    source=src("§4.3 (M^(l) M^(l') = M^(ll'), stated in general; the thesis has no 1-D decimation)"),
    kind=Kind.SYMBOLIC,
    origin="suite",
    statement="""The suite's test instance of the composition law §4.3 asserts for the linearised RG in
        general: for the exact decimation of the 1-D Ising chain, tanh K' = (tanh K)^b, which the thesis does
        not use, coarse-graining by b and then by b' lands on the same coupling as a single step by bb', so
        the linearised maps multiply there as well.""",
    decision_rule="""Numerically, for 200 seeded K in (0.01, 3] and (b, b') in {2, 3} x {2, 3, 5}: K after b then b',
        each step from the explicit recursion tanh K' = (tanh K)^b, against K after one step of the stated composite
        factor, computed independently as the corresponding power of the 2x2 transfer matrix (T^n proportional to
        T(K')); with sympy, (u^b)^(b') against u^(composite) for u = tanh K. Verified if the symbolic identity holds
        and the max numeric |ΔK| <= 1e-12. Earlier rule: the same comparison with both sides from the recursion;
        changed because one function on both sides made the numeric part an exponent law that could not fail
        for the decimation itself.""",
    recorded="verified",
    mutants=[mutant("scale factors add: R_b' R_b = R_(b+b') (equal to the product at b = b' = 2)",
                    composed=lambda b, c: b + c),
             mutant("scale factors exponentiate: R_b' R_b = R_(b^b') (equal to the product at b = b' = 2)",
                    composed=lambda b, c: b**c),
             mutant("the larger factor wins: R_b' R_b = R_max(b,b')", composed=lambda b, c: sp.Max(b, c))],
)
def _semigroup(ctx: CheckContext, *, composed=lambda b, c: b * c) -> Verdict:
    u = sp.Symbol("u", positive=True)
    b1, b2 = sp.symbols("b b_prime", positive=True, integer=True)
    symbolic_ok = sp.simplify(sp.powsimp((u**b1) ** b2, force=True) - u ** composed(b1, b2)) == 0
    ks, two_steps = _semigroup_composed(ctx)
    checked = count_checked(ks.size * len(two_steps))  # no K or no pair: EmptyEvidence, never a verdict
    errors = {(b, c): float(np.max(np.abs(two_steps[b, c] - _semigroup_single_step(ctx, int(composed(b, c))))))
              for (b, c) in two_steps}
    worst_pair = max(errors, key=errors.get)
    worst = errors[worst_pair]
    ok = symbolic_ok and worst <= 1e-12
    return Verdict.from_check(
        ok, checked=checked,
        claimed="R_b' ∘ R_b = R_(stated composition)",
        measured=f"symbolic identity: {symbolic_ok}; max numeric |ΔK| = {worst:.1e} (recursion twice vs one "
                 f"transfer-matrix power)",
        counterexample={"max_error": worst, "b, b'": worst_pair, "symbolic_identity": symbolic_ok},
        finding="" if ok else f"b = {worst_pair[0]} then {worst_pair[1]} differs from the stated composite step by "
                              f"|ΔK| = {worst:.2e}; the composite factor is the product",
        notes="""The two sides come from different computations: two steps of the explicit recursion, and one step
            whose coupling is read off a power of the transfer matrix, so they agree only if decimating by b and then
            b' really is decimating by bb'. On this example the symbolic part is the exponent law (u^b)^(b') =
            u^(bb'); the numeric part would fail if the recursion were not the exact decimation. The linearised maps
            at the fixed points are checked in rg.semigroup-eigen.power-law. For the thesis's majority rule,
            R_l R_l' = R_ll' holds when R_ll' is defined as the composite.""",
        evidence={"max |ΔK| per (b, b')": {f"{b}, {c}": e for (b, c), e in errors.items()}},
    )


@functools.cache
def _decimation_eigenvalues() -> tuple[dict, ...]:
    """Measurement: Λ_b = d(u^b)/du at the fixed points u* = 1 (T = 0) and u* = 0 (T = ∞), b = 2..6."""
    u = sp.Symbol("u", positive=True)
    return tuple({"b": b, "Lambda_at_T0 (u*=1)": int(sp.diff(u**b, u).subs(u, 1)),
                  "Lambda_at_Tinf (u*=0)": int(sp.diff(u**b, u).subs(u, 0))} for b in DECIMATION_FACTORS)


@functools.cache
def _multiplicative_ode_solution() -> sp.Expr:
    """Λ(l) from l Λ'(l) = y Λ(l), Λ(1) = 1: the ODE §4.3 obtains by differentiating in l' at l' = 1."""
    ell, y = sp.symbols("l y", positive=True)
    lam = sp.Function("Lambda")
    return sp.dsolve(sp.Eq(ell * lam(ell).diff(ell), y * lam(ell)), lam(ell), ics={lam(1): 1}).rhs


def _fits_one_exponent(eigenvalue, rows: tuple[dict, ...]) -> bool:
    """Whether one y (fitted at b = 2) makes eigenvalue(b, y) equal Λ_b at T = 0 for every b."""
    y = sp.Symbol("y", real=True)
    fits = sp.solve(sp.Eq(eigenvalue(sp.Integer(2), y), rows[0]["Lambda_at_T0 (u*=1)"]), y)
    return any(all(abs(float(eigenvalue(sp.Integer(r["b"]), y_fit)) - r["Lambda_at_T0 (u*=1)"]) <= 1e-12 for r in rows)
               for y_fit in fits if y_fit.is_real)


@claim(
    "rg.semigroup-eigen.power-law",
    title="§4.3: hence the RG eigenvalues are Λ_l = l^y",
    source=src("§4.3 (Λ_l Λ_l' = Λ_ll', hence Λ_l = l^y)"),
    kind=Kind.EXACT,
    statement="""The eigenvalues of the linearised RG multiply with the scale factor and therefore are a
        power of it, with an exponent y independent of l.""",
    decision_rule="""On the 1-D decimation, linearise at both fixed points (u = tanh K = 1, i.e. T = 0, and
        u = 0, i.e. T = ∞) for b = 2..6. Verified if at T = 0 one y (fitted at b = 2) gives the stated
        Λ_b for every b (to 1e-12), Λ_b = 0 for all b at T = ∞ (y = -∞, maximally irrelevant), and, with
        sympy for symbolic y, the stated Λ(l) is multiplicative (Λ_l Λ_l' = Λ_ll', Λ_1 = 1) and is the
        solution of the ODE l Λ' = y Λ, Λ(1) = 1 that §4.3 obtains; refuted otherwise. (The symbolic
        parts were added on re-examination: the decimation has y = 1, where l^y agrees with y·l.)""",
    recorded="verified",
    mutants=[mutant("linear in l: Λ_l = y·l (equal to l^y at the decimation's y = 1)",
                    eigenvalue=lambda ell, y: y * ell),
             mutant("logarithmic: Λ_l = 1 + y log l (agrees with l^y to first order at l = 1)",
                    eigenvalue=lambda ell, y: 1 + y * sp.log(ell)),
             mutant("exponential: Λ_l = e^(y(l-1))", eigenvalue=lambda ell, y: sp.exp(y * (ell - 1)))],
)
def _power_law(ctx: CheckContext, *, eigenvalue=lambda ell, y: ell**y) -> Verdict:
    rows = _decimation_eigenvalues()
    ell, ell_prime, y = sp.symbols("l l_prime y", positive=True)
    multiplicative = (sp.simplify(sp.powsimp(eigenvalue(ell, y) * eigenvalue(ell_prime, y)
                                             - eigenvalue(ell * ell_prime, y), force=True)) == 0
                      and sp.simplify(eigenvalue(sp.Integer(1), y) - 1) == 0)
    ode_solution = _multiplicative_ode_solution()
    solves_ode = sp.simplify(ode_solution - eigenvalue(ell, y)) == 0
    t0_ok = _fits_one_exponent(eigenvalue, rows)
    tinf_ok = all(r["Lambda_at_Tinf (u*=0)"] == 0 for r in rows)
    parts = {"one y fits Λ_b at T = 0": t0_ok, "Λ_b = 0 at T = ∞": tinf_ok,
             "multiplicative for symbolic y": multiplicative, "solves l Λ' = y Λ": solves_ode}
    ok = all(parts.values())
    return Verdict.from_check(
        ok, checked=rows,
        claimed="Λ_l = the stated function of l and y",
        measured={**parts, "y at T = 0 fixed point": math.log(rows[0]["Lambda_at_T0 (u*=1)"]) / math.log(2),
                  "ODE solution": ode_solution},
        counterexample={"failed": [k for k, v in parts.items() if not v], "table": rows},
        finding="" if ok else "the stated Λ_l fails: " + ", ".join(k for k, v in parts.items() if not v)
                              + f"; the ODE of §4.3 gives Λ_l = {mt.math(ode_solution)}",
        notes="""The derivation differentiates in l', so it needs a continuous scale factor; for a scheme
            defined only at integer l, multiplicativity alone does not force a power (any values on the
            primes extend multiplicatively, e.g. Λ_2 = 2, Λ_3 = 2, Λ_6 = 4 fits no single y). In the
            1-D decimation Λ_b = b, a power with y = 1 (ξ^-1 is relevant at T = 0); since y = 1 cannot tell
            l^y from y·l, the form is also tested symbolically for every y.""",
        evidence={"table": rows},
    )


# --------------------------------------------------------------------------- scaling relations

#: Scaling factors l and points (t, h) at which the homogeneity relation and eq. 29 are evaluated.
SCALE_FACTORS = (0.5, 2.0, 3.0)
SCALING_POINTS = ((0.1, 0.01), (0.3, 0.2), (0.02, 0.5))


def _scaling_symbols():
    t, h, ell, d, yt, yh = sp.symbols("t h l d y_t y_h", positive=True)
    return t, h, ell, d, yt, yh


@functools.cache
def _free_energy_at_l_of_t() -> sp.Expr:
    """Measurement: l^(-d) f(l^(y_t) t, l^(y_h) h) with l = t^(-1/y_t) substituted (eq. 28 -> 30)."""
    t, h, ell, d, yt, yh = _scaling_symbols()
    g = sp.Function("f")
    chosen = (ell ** (-d) * g(ell**yt * t, ell**yh * h)).subs(ell, t ** (-1 / yt))
    return sp.powsimp(sp.simplify(chosen), force=True)


def _homogeneity_rows(two_minus_alpha, gap) -> list[dict]:
    """|f(t,h) - l^-d f(l^y_t t, l^y_h h)| / |f| for f = t^(2-α) F(h/t^Δ) with the stated exponents,
    on every model of :data:`MODELS` (F generic, see :func:`scaling_function`)."""
    rows = []
    for model in MODELS:
        exponent = sp.nsimplify(two_minus_alpha(model.d, model.y_t, model.y_h))
        field_exponent = sp.nsimplify(gap(model.d, model.y_t, model.y_h))
        d, yt, yh = float(model.d), float(model.y_t), float(model.y_h)

        def f(t: float, h: float) -> float:
            return t ** float(exponent) * scaling_function(h / t ** float(field_exponent))

        residual = max(abs(f(t, h) - ell**-d * f(ell**yt * t, ell**yh * h)) / abs(f(t, h))
                       for t, h in SCALING_POINTS for ell in SCALE_FACTORS)
        rows.append({"model": model.name, "y_t": str(model.y_t), "y_h": str(model.y_h), "2 - alpha": str(exponent),
                     "Delta": str(field_exponent), "max relative residual": residual})
    return rows


def _symbolic_scaling_checks(two_minus_alpha, gap, chosen: sp.Expr) -> tuple[bool, bool]:
    """(the form |t|^(2-α) F(h/|t|^Δ) obeys eq. 28 for symbolic d, y_t, y_h, l; the substitution
    l = t^(-1/y_t) gives exactly that form)."""
    t, h, ell, d, yt, yh = _scaling_symbols()
    F, g = sp.Function("F"), sp.Function("f")
    form = lambda tt, hh: tt ** two_minus_alpha(d, yt, yh) * F(hh / tt ** gap(d, yt, yh))  # noqa: E731
    homogeneous = sp.simplify(sp.powsimp(ell ** (-d) * form(ell**yt * t, ell**yh * h) - form(t, h), force=True)) == 0
    derived = sp.simplify(chosen - t ** two_minus_alpha(d, yt, yh) * g(1, h * t ** (-gap(d, yt, yh)))) == 0
    return homogeneous, derived


@claim(
    "rg.scaling-relations.exponents",
    uses=("rg.scaling-relations.eq29",),
    title="§4.6 eq. 28-32: 2 - α = d/y_t and Δ = y_h/y_t",
    source=src("§4.6 eq. 28-32"),
    kind=Kind.SYMBOLIC,
    statement="""If f(t, h) = l^(-d) f(l^(y_t) t, l^(y_h) h) for all l, then f = |t|^(d/y_t) F(h/|t|^(y_h/y_t)),
        so 2 - α = d/y_t and Δ = y_h/y_t.""",
    decision_rule="""(1) Numerically, with a generic F, the form |t|^(2-α) F(h/|t|^Δ) with the stated exponents
        satisfies the relation to 1e-12 (relative) at l in {1/2, 2, 3} and three (t, h) for the 2-D Ising
        (y_t = 1), 3-state Potts (y_t = 6/5) and 4-state Potts (y_t = 3/2) eigenvalues; sympy: (2) that form
        satisfies the relation for every l (symbolic d, y_t, y_h), and (3) setting l = t^(-1/y_t) in the
        relation yields it. Verified if all three hold, refuted otherwise (a failure of (1) refutes without
        running (2)-(3)). (Part 1 was added on re-examination so that no relation can pass only because y_t = 1.)""",
    recorded="verified",
    mutants=[mutant("2 - α = d·y_t (equal to d/y_t at y_t = 1)", two_minus_alpha=lambda d, yt, yh: d * yt),
             mutant("Δ = y_t/y_h (inverted)", gap=lambda d, yt, yh: yt / yh),
             mutant("Δ = y_h·y_t (equal to y_h/y_t at y_t = 1)", gap=lambda d, yt, yh: yh * yt)],
)
def _scaling_exponents(ctx: CheckContext, *, two_minus_alpha=lambda d, yt, yh: d / yt,
                       gap=lambda d, yt, yh: yh / yt) -> Verdict:
    rows = _homogeneity_rows(two_minus_alpha, gap)
    worst = max(rows, key=lambda r: r["max relative residual"])
    numeric = worst["max relative residual"] <= 1e-12
    chosen = _free_energy_at_l_of_t()
    # the symbolic parts (slow) can only confirm: a numeric failure already refutes
    homogeneous, derived = _symbolic_scaling_checks(two_minus_alpha, gap, chosen) if numeric else (None, None)
    ok = numeric and homogeneous and derived
    return Verdict.from_check(
        ok, checked=rows,
        claimed="2 - α and Δ as stated",
        measured={"l = t^(-1/y_t) gives": chosen, "stated form derived": derived,
                  "stated form homogeneous (symbolic)": homogeneous,
                  "max relative residual over models": worst["max relative residual"]},
        counterexample=worst,
        finding="" if ok else f"{worst['model']} (y_t = {worst['y_t']}): the form with 2 - α = {worst['2 - alpha']}, "
                              f"Δ = {worst['Delta']} misses eq. 28 by a relative {worst['max relative residual']:.2e}; "
                              f"l = t^(-1/y_t) gives {mt.math(chosen)}",
        evidence={"table": rows},
    )


def _eq29_printed(f, t, h, b, d, yt, yh):
    """Eq. 29 as printed: f(t, h) = t^(d/y_t) b^(-d) f(b, h/t^(y_h/y_t))."""
    return t ** (d / yt) * b ** (-d) * f(b, h / t ** (yh / yt))


def _eq29_corrected(f, t, h, b, d, yt, yh):
    """Eq. 28 with l^n = b t^(-1/y_t): f(t, h) = t^(d/y_t) b^(-d) f(b^(y_t), b^(y_h) h/t^(y_h/y_t))."""
    return t ** (d / yt) * b ** (-d) * f(b**yt, b**yh * h / t ** (yh / yt))


#: Values of the free constant b in l^n = b t^(-1/y_t); b = 1 is the only one eq. 30-31 use.
EQ29_B = (1.0, 0.5, 2.0, 3.0)


def _eq29_rows(rhs) -> list[dict]:
    """The stated right side of eq. 29 against f(t, h) itself, for a homogeneous f on every model."""
    rows = []
    for model in MODELS:
        f = homogeneous_free_energy(model)
        d, yt, yh = float(model.d), float(model.y_t), float(model.y_h)
        for b, (t, h) in itertools.product(EQ29_B, SCALING_POINTS):
            truth, stated = f(t, h), rhs(f, t, h, b, d, yt, yh)
            rows.append({"model": model.name, "b": b, "t": t, "h": h, "f(t,h)": truth, "stated right side": stated,
                         "relative error": abs(stated - truth) / abs(truth)})
    return rows


def _eq29_verdict(rhs, claimed: str) -> Verdict:
    """Decision shared by eq. 29 and its correction: the right side must equal f(t, h) for every b."""
    rows = _eq29_rows(rhs)
    bad = [r for r in rows if r["relative error"] > 1e-10]
    worst = max(bad, key=lambda r: r["relative error"]) if bad else None
    return Verdict.from_counterexamples(
        bad, checked=rows,
        claimed=claimed,
        measured=f"{len(rows) - len(bad)}/{len(rows)} (model, b, t, h) agree to 1e-10; at b = 1: "
                 f"{sum(r['relative error'] <= 1e-10 for r in rows if r['b'] == 1.0)}/"
                 f"{sum(r['b'] == 1.0 for r in rows)}",
        finding=f"{worst['model']}, b = {worst['b']}, t = {worst['t']}, h = {worst['h']}: the right side gives "
                f"{worst['stated right side']:.6g} while f(t, h) = {worst['f(t,h)']:.6g}; the arguments must be "
                f"b^(y_t) and b^(y_h) h/t^(y_h/y_t), and the printed form holds only at b = 1" if bad else "",
        evidence={"table": rows},
    )


@claim(
    "rg.scaling-relations.eq29",
    uses=("rg.scaling-relations.eq28",),
    title="§4.6 eq. 29: the free energy after choosing l^n = b t^(-1/y_t)",
    source=src("§4.6 eq. 29"),
    kind=Kind.SYMBOLIC,
    statement="""Substituting l^n = b t^(-1/y_t) into f = l^(-nd) f(l^(n y_t) t, l^(n y_h) h) gives
        f(t, h) = t^(d/y_t) b^(-d) f(b, h / t^(y_h/y_t)).""",
    reading="""b is the free positive constant of the choice l^n = b t^(-1/y_t), and eq. 29 is an identity
        for every such b.""",
    charitable_reading="""b may instead label the first argument (l^n chosen so that l^(n y_t) t = b), or the
        display may only be meant at b = 1, the case eq. 30-31 use (F_f(x) = f_s(1, x)). The right side is
        compared with f(t, h) itself, which no reading of b changes: it agrees only at b = 1, so as a
        display with a free b it fails under every reading; the substitution gives arguments b^(y_t) and
        b^(y_h) h/t^(y_h/y_t) (rg.scaling-relations.eq29.corrected).""",
    decision_rule="""For f = t^(d/y_t) F(h/t^(y_h/y_t)) with a generic F (it obeys eq. 28 for every l), compare
        the printed right side with f(t, h) on the 2-D Ising (y_t = 1), 3-state Potts (y_t = 6/5) and
        4-state Potts (y_t = 3/2) eigenvalues, b in {1, 1/2, 2, 3} and three (t, h); verified if all agree
        to 1e-10 (relative), refuted with the worst case otherwise. (The re-examination added the Potts models and b
        values, and replaced the even test function 1 + x² by a generic one.)""",
    recorded="refuted",
    severity="typo",
    correction="rg.scaling-relations.eq29.corrected",
    mutants=[mutant("prefactor t^(d·y_t) b^(-d), arguments as printed",
                    rhs=lambda f, t, h, b, d, yt, yh: t ** (d * yt) * b ** (-d) * f(b, h / t ** (yh / yt))),
             control("the correction: arguments b^(y_t) and b^(y_h) h/t^(y_h/y_t)", rhs=_eq29_corrected)],
)
def _scaling_eq29(ctx: CheckContext, *, rhs=_eq29_printed) -> Verdict:
    verdict = _eq29_verdict(rhs, claimed="f(t,h) = t^(d/y_t) b^(-d) f(b, h/t^(y_h/y_t))")
    verdict.notes = """Two exponents are dropped on b in the display (a one-symbol slip in each argument); the
        next step, eq. 30-31 with F_f(x) = f_s(1, x), is the case b = 1, where the printed and corrected forms
        agree, so eq. 30-32 are unaffected (rg.scaling-relations.exponents)."""
    return verdict


@claim(
    "rg.scaling-relations.eq29.corrected",
    title="§4.6 eq. 29, corrected: f(t,h) = t^(d/y_t) b^(-d) f(b^(y_t), b^(y_h) h/t^(y_h/y_t))",
    source=src("§4.6 eq. 28-29 (correction of eq. 29)"),
    kind=Kind.SYMBOLIC,
    statement="""Substituting l^n = b t^(-1/y_t) into eq. 28 gives f(t, h) = t^(d/y_t) b^(-d)
        f(b^(y_t), b^(y_h) h/t^(y_h/y_t)); at b = 1 this is f(t, h) = t^(d/y_t) f(1, h/t^(y_h/y_t)), the
        form eq. 30-31 use.""",
    decision_rule="Same comparison as rg.scaling-relations.eq29, with the corrected right side.",
    recorded="verified",
    mutants=[mutant("eq. 29 as printed: arguments b and h/t^(y_h/y_t)", rhs=_eq29_printed),
             mutant("prefactor t^(d·y_t) (equal to t^(d/y_t) at y_t = 1)",
                    rhs=lambda f, t, h, b, d, yt, yh: t ** (d * yt) * b ** (-d) * f(b**yt, b**yh * h / t ** (yh / yt))),
             mutant("the b exponents swapped: f(b^(y_h), b^(y_t) h/t^(y_h/y_t))",
                    rhs=lambda f, t, h, b, d, yt, yh: t ** (d / yt) * b ** (-d) * f(b**yh, b**yt * h / t ** (yh / yt)))],
)
def _scaling_eq29_corrected(ctx: CheckContext, *, rhs=_eq29_corrected) -> Verdict:
    return _eq29_verdict(rhs, claimed="f(t,h) = t^(d/y_t) b^(-d) f(b^(y_t), b^(y_h) h/t^(y_h/y_t))")


#: The scaling relations of §4.6 (eq. 32: α, Δ; ν from ξ, eq. 27) and the standard laws for β, γ, δ
#: that follow from eq. 30 (m = ∂f/∂h at h = 0, χ = ∂²f/∂h², h ~ m^δ at t = 0).
SCALING_RELATIONS = {
    "alpha": lambda d, yt, yh: 2 - d / yt,
    "Delta": lambda d, yt, yh: yh / yt,
    "beta": lambda d, yt, yh: (d - yh) / yt,
    "gamma": lambda d, yt, yh: (2 * yh - d) / yt,
    "delta": lambda d, yt, yh: yh / (d - yh),
    "nu": lambda d, yt, yh: 1 / yt,
}


def _with_relation(name: str, relation) -> dict:
    return {**SCALING_RELATIONS, name: relation}


@claim(
    "rg.scaling-relations.ising-2d",
    title="Suite: eq. 32 and the standard scaling laws, fed exact 2-D Ising and Potts eigenvalues, give the exact exponents",
    source=src("§4.6 eq. 32 (general y_t, y_h; the thesis gives no model's eigenvalues or exponents)"),
    kind=Kind.EXACT,
    origin="suite",
    statement="""Our test instance of eq. 32, with eigenvalues the thesis does not supply: for the 2-D Ising
        model (d = 2, y_t = 1, y_h = 15/8) the relations give α = 0 and Δ = 15/8, and the standard laws that
        follow from eq. 30 give β = 1/8, γ = 7/4, δ = 15 and ν = 1, Onsager's exact values.  Because y_t = 1
        cannot distinguish d/y_t from d·y_t, we also require the exact exponents of the 2-D 3-state
        (y_t = 6/5, y_h = 28/15) and 4-state (y_t = 3/2, y_h = 15/8) Potts models.""",
    decision_rule="""Exact rational arithmetic; verified if every derived exponent equals the known exact value
        for all three models (the Potts models were added on re-examination).""",
    recorded="verified",
    mutants=[mutant("2 - α = d·y_t", relations=_with_relation("alpha", lambda d, yt, yh: 2 - d * yt)),
             mutant("ν = y_t", relations=_with_relation("nu", lambda d, yt, yh: yt)),
             mutant("γ = (2y_h - d)·y_t", relations=_with_relation("gamma", lambda d, yt, yh: (2 * yh - d) * yt)),
             mutant("Δ = y_h - y_t + 1", relations=_with_relation("Delta", lambda d, yt, yh: yh - yt + 1))],
)
def _ising_2d(ctx: CheckContext, *, relations=SCALING_RELATIONS) -> Verdict:
    rows, bad = [], []
    for model in MODELS:
        derived = {k: sp.nsimplify(rel(model.d, model.y_t, model.y_h)) for k, rel in relations.items()}
        rows.append({"model": model.name, "y_t": str(model.y_t), "y_h": str(model.y_h),
                     **{k: f"{derived[k]} (exact {model.exponents[k]})" for k in derived}})
        bad += [{"model": model.name, "exponent": k, "derived": str(derived[k]), "exact": str(model.exponents[k])}
                for k in derived if derived[k] != model.exponents[k]]
    return Verdict.from_counterexamples(
        bad, checked=len(MODELS) * len(relations),
        claimed={m.name: {k: str(v) for k, v in m.exponents.items()} for m in MODELS},
        measured=f"all {len(SCALING_RELATIONS)} exponents exact for {len(MODELS)} models" if not bad
        else f"{len(bad)} mismatches",
        finding=f"{bad[0]['model']}: the relation gives {bad[0]['exponent']} = {bad[0]['derived']}, "
                f"the exact value is {bad[0]['exact']}" if bad else "",
        evidence={"table": rows},
    )


#: β of the 2-D Ising model (Yang 1952): m ~ (T_c - T)^β below T_c, the exponent the thesis names.
BETA_2D_ISING = 1 / 8


@measurement
def _onsager_magnetisation_slope(ctx: CheckContext) -> tuple[np.ndarray, np.ndarray, Figure]:
    """Onsager's spontaneous magnetisation m at 40 values of (T_c - T)/T_c over 1e-6..1e-3 (both arrays), and the figure;
    the check fits the log-log slope."""
    k_c = math.log(1 + math.sqrt(2)) / 2
    reduced = np.geomspace(1e-6, 1e-3, 40)
    temperatures = (1 - reduced) / k_c  # T = 1/K in units J = k_B = 1
    m = (1 - np.sinh(2 / temperatures) ** -4) ** 0.125
    fig, ax = new_figure(5.2, 3.6)
    ax.loglog(reduced, m, "o", ms=3, label="Onsager m(T)")
    ax.loglog(reduced, reduced ** (1 / 8) * m[0] / reduced[0] ** (1 / 8), "--", label="slope +1/8")
    ax.loglog(reduced, reduced ** (-1 / 8) * m[0] / reduced[0] ** (-1 / 8), ":", label="slope -1/8 (thesis)")
    ax.set_xlabel("(T_c - T)/T_c")
    ax.set_ylabel("m")
    ax.legend(fontsize=8)
    figure = ctx.save_figure(fig, "2-D Ising spontaneous magnetisation near T_c: it vanishes with exponent +1/8.",
                             name="magnetisation")
    return reduced, m, figure


@claim(
    "rg.scaling-relations.magnetisation-sign",
    title="§4.6: below T_c the magnetisation scales as (T_c - T)^(-β)",
    source=src("§4.6, second paragraph (m ~ (t_C - t)^(-β))"),
    kind=Kind.EXACT,
    statement="""Near the critical temperature of a ferromagnet the magnetisation follows
        m ~ (t_C - t)^(-β) with β the critical exponent (the thesis carries the same form over to IMP in §5.1).""",
    reading="""β is the order-parameter exponent of the thesis's source [14] (β = 1/8 > 0 for the 2-D Ising
        model), so m grows without bound as T -> T_c from below, as the sentence that closes §4.6's first paragraph says
        ('divergence of ... the order parameter').""",
    charitable_reading="""β is only a label for whatever exponent fits, so the display says m is a power of
        T_c - T. That needs β = -1/8, against the sign the thesis's own eq. 30-32 fix: m = ∂f_s/∂h at h = 0
        goes as |t|^(2-α-Δ) = |t|^((d-y_h)/y_t), exponent +1/8 > 0 with the 2-D Ising eigenvalues
        (rg.scaling-relations.ising-2d), and against §4.6's framing as a divergence; the slip is
        not isolated (§5.1 repeats the negative exponent), so it is graded false rather than typo.""",
    decision_rule="""Fit the log-log slope of Onsager's exact 2-D Ising spontaneous magnetisation
        m = (1 - sinh(2K)^-4)^(1/8) against (T_c - T)/T_c over 1e-6..1e-3; the claim predicts slope -β = -1/8.
        Verified if the slope is within 0.01 of the stated exponent, refuted otherwise. (Until the verdicts were re-examined the
        rule was: refuted if the slope is +1/8 ± 0.01, verified if -1/8 ± 0.01, else inconclusive; it is
        restated for a stated exponent other than -1/8, and gives the same verdict on the thesis's form.)""",
    recorded="refuted",
    severity="false",
    mutants=[mutant("m ~ (T_c - T)^(β-1), the form of dm/dT", exponent=lambda beta: beta - 1),
             control("the correction: m ~ (T_c - T)^β", exponent=lambda beta: beta)],
)
def _magnetisation_sign(ctx: CheckContext, *, exponent=lambda beta: -beta) -> Verdict:
    reduced, m, figure = _onsager_magnetisation_slope(ctx)
    count_checked(reduced)
    slope, m_closest = float(np.polyfit(np.log(reduced), np.log(m), 1)[0]), float(m[0])
    stated = exponent(BETA_2D_ISING)
    ok = abs(slope - stated) <= 0.01
    return Verdict.from_check(
        ok, checked=reduced,
        claimed=f"slope = {stated:.4f}",
        measured=f"slope = {slope:.5f}",
        counterexample={"fitted_slope": slope, "stated_slope": stated, "m at (T_c-T)/T_c = 1e-6": m_closest},
        finding="" if ok else f"m vanishes as (T_c - T)^{slope:.4f} (β = +1/8; m = {m_closest:.3f} at "
                              f"(T_c - T)/T_c = 1e-6), it does not go as (T_c - T)^{stated:.4f}",
        notes="The order parameter vanishes as (T_c - T)^β with β > 0; with -β it would diverge at T_c.",
        figures=[figure],
    )
