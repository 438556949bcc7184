"""Checks of slth.* claims added on the catalogue's second reading: the parameter count N_t and
Theorem 7's layer shapes, Lemma 5's probability for every weight at once, and Theorem 7's success probability
(npp-quantized-slth-thesis.md §5.1.2, §5.2).

Conventions as in :mod:`theorems.slth.claims`: a random δ-quantised weight is a uniform code in [-1/δ, 1/δ]
(Theorem 7's: uniform on ±1..±1/δ), target weights are S_δ with δ_1 = δ, and L stands for log2(1/δ²).
"""
from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp

from .. import mathtext as mt
from ..context import CheckContext, claim_seed
from ..measure import measurement
from ..registry import claim, control, mutant
from ..stats import wilson_interval
from ..verdict import Kind, Source, Status, Verdict
from .bitsets import burkholz_covers_all, pair_reachable
from .burkholz import random_network
from .claims import grid, log_term, random_pairs
from .counting import (
    THEOREM7_ROLES,
    as_shape,
    composes,
    dims_grid,
    first_unmet,
    narrowest,
    orientation_readings,
    target_weight_count,
    theorem7_corrected,
    theorem7_printed,
)

DOC = "npp-quantized-slth-thesis.md"

src = Source.factory(DOC)


# --------------------------------------------------------------------------- N_t

#: Every target width list (d_0, ..., d_l) with l = 1..4 and d_i in {1, 2, 3}.
COUNT_GRID = dims_grid(range(1, 5), (1, 2, 3))


def _printed_count(d: tuple[int, ...]) -> int:
    """N_t as the proof of Theorem 6 prints it: the sum of d_i d_(i+1) over i = 1, ..., l - 1 (l = len(d) - 1)."""
    return sum(d[i] * d[i + 1] for i in range(1, len(d) - 1))


def _corrected_count(d: tuple[int, ...]) -> int:
    """The sum of d_i d_(i+1) over i = 0, ..., l - 1."""
    return sum(d[i] * d[i + 1] for i in range(len(d) - 1))


def _count_verdict(formula, **fields) -> Verdict:
    """Compare ``formula`` with the number of weights of f on :data:`COUNT_GRID`; refuted at the first list that differs."""
    rows = [{"dims": d, "weights": target_weight_count(d), "formula": formula(d)} for d in COUNT_GRID]
    bad = [r for r in rows if r["weights"] != r["formula"]]
    first_layer = bool(bad) and all(r["weights"] - r["formula"] == r["dims"][0] * r["dims"][1] for r in rows)
    example = next((r for r in bad if len(set(r["dims"])) == len(r["dims"]) == 3), bad[0]) if bad else None
    return Verdict.from_counterexamples(
        bad, checked=rows, claimed="N_t = the number of weights of f", measured=f"equal on all {len(rows)} width lists" if not bad
        else f"different on {len(bad)} of {len(rows)} width lists",
        finding=(f"d = {bad[0]['dims']}: the formula gives {bad[0]['formula']}, the matrices hold {bad[0]['weights']}; d = "
                 f"{example['dims']}: {example['formula']} against {example['weights']}"
                 + ("; the gap is the first layer's d_0 d_1 weights on every list" if first_layer else "")) if bad else "",
        evidence={"lists": len(rows), "differ": len(bad), "gap_is_first_layer": first_layer, "examples": rows[:6]}, **fields)


@claim(
    "slth.param-count",
    title="Theorem 6 proof: N_t = sum over i = 1..l-1 of d_i d_(i+1) is the target's number of parameters",
    source=src("§5.2.1 proof of Theorem 6 (the display defining N_t); §5.1.2 Theorems 6 and 7 ('total number of parameters')"),
    kind=Kind.EXACT,
    statement="""The target's parameter count N_t, which Theorems 6 and 7 multiply into their failure bounds, is the sum of
        d_i d_{i+1} for i from 1 to l - 1.""",
    reading="""The sum as printed, i = 1, ..., l - 1, with the widths d_0, ..., d_l of Definition 7 (W_i is d_i × d_{i-1} for
        i = 1, ..., l).""",
    charitable_reading="""Widths numbered from 1 (d_1 the input) would make the printed range count every layer, but the chapter
        numbers them from d_0: Definition 7, Theorem 6's M_{2i-1} at i = 1 and Theorem 7's M_1 all use d_0 for the input. Both theorems
        call N_t the total number of parameters of f, and the proof of Theorem 6 takes a union bound over Lemma 7 applied to each of
        the l layers, d_{i-1} d_i single-weight events per layer. With the chapter's numbering the printed range leaves out the first
        layer; the sum over i = 0, ..., l - 1 is the count the text means (slth.param-count.corrected).""",
    decision_rule="""For every width list (d_0, ..., d_l) with l = 1..4 and d_i in {1, 2, 3} (360 lists), build the target's matrices
        W_i (d_i × d_{i-1}) and count their entries; verified if the formula equals the count on every list, refuted with the first
        list where it does not.""",
    recorded="refuted",
    severity="typo",
    correction="slth.param-count.corrected",
    mutants=[mutant("the printed range with the product shifted down, d_(i-1) d_i (drops the last layer instead)",
                    formula=lambda d: sum(d[i - 1] * d[i] for i in range(1, len(d) - 1))),
             control("the range i = 0..l-1 (the correction)", formula=_corrected_count)],
)
def _param_count(ctx: CheckContext, *, formula=_printed_count) -> Verdict:
    return _count_verdict(
        formula, decision_detail="""The chapter's widths start at d_0, so no reading of the index makes the printed range count the
            first layer; a one-layer target (Lemma 7's case) gets N_t = 0, which would make Theorem 6's bound read 1.""",
        notes="""The proof of Theorem 6 uses N_t as the number of single-weight events in its union bound; Lemma 7 contributes
            d_{i-1} d_i of them for every layer i = 1..l, the corrected sum.""")


@claim(
    "slth.param-count.corrected",
    title="Theorem 6 proof, corrected: N_t = sum over i = 0..l-1 of d_i d_(i+1), the number of weights and of union-bound events",
    source=src("§5.2.1 proof of Theorem 6 (N_t with i from 0), Lemma 7 (d_1 d_2 events per layer); §5.1.1 Definition 7"),
    kind=Kind.EXACT,
    statement="""Summing d_i d_{i+1} over i = 0, ..., l - 1 counts every weight of a target with widths d_0, ..., d_l, which is also
        the number of single-weight events the proof of Theorem 6 joins by the union bound.""",
    decision_rule="""On the 360 width lists of slth.param-count, compare the sum with the number of entries of the matrices W_i
        (d_i × d_{i-1}); verified if equal on every list, refuted at the first that differs.""",
    recorded="verified",
    mutants=[mutant("the printed range i = 1..l-1", formula=_printed_count),
             mutant("weights and biases: (d_i + 1) d_(i+1)", formula=lambda d: sum((d[i] + 1) * d[i + 1] for i in range(len(d) - 1)))],
)
def _param_count_corrected(ctx: CheckContext, *, formula=_corrected_count) -> Verdict:
    return _count_verdict(formula)


# --------------------------------------------------------------------------- Theorem 7's layer shapes

#: Target width lists for the shape checks (l = 2..5, d_i in {1, 2, 3}); L = 7 stands for log2(1/δ²), C L = 35.
SHAPE_GRID = dims_grid(range(2, 6), (1, 2, 3))
SHAPE_L, SHAPE_C = 7, 5
MIDDLE_RANGES = ("printed", "every middle layer")


def _printed_middle(d: tuple[int, ...], i: int, L: int) -> tuple[int, int]:
    """Theorem 7's M_(i+1): 'greater than' 2 d_i L × 2 d_(i+1) L."""
    return 2 * d[i] * L, 2 * d[i + 1] * L


def _corrected_middle(d: tuple[int, ...], i: int, L: int) -> tuple[int, int]:
    """M_(i+1) of the construction: 2 d_i L copies of layer i fed by 2 d_(i-1) L copies of layer i - 1."""
    return 2 * d[i] * L, 2 * d[i - 1] * L


def _printed_last(d: tuple[int, ...], L: int) -> tuple[int, int]:
    """Theorem 7's M_(l+1): 2 L d_(l-1) × d_l."""
    return 2 * L * d[-2], d[-1]


@measurement
def _construction_shapes(ctx: CheckContext) -> tuple[tuple[tuple[int, ...], list[tuple[int, int]]], ...]:
    """Measurement: for every width list of :data:`SHAPE_GRID`, the matrix shapes of the network the Lemma 8 construction
    prunes (:func:`theorems.slth.burkholz.random_network`, C L units per input, 2L copies per neuron)."""
    rng = ctx.rng()
    return tuple((d, [w.shape for w in random_network(rng, d, 10, SHAPE_C * SHAPE_L, 2 * SHAPE_L).weights]) for d in SHAPE_GRID)


def _shape_failure(d: tuple[int, ...], shapes: list[tuple[int, int]], entries: list, orientation_of: dict[str, str]) -> str | None:
    """Why the printed list, read one way, does not describe the construction for widths d: the construction's network does
    not meet it, or it admits a narrower network than the construction needs (None if neither)."""
    k = first_unmet(entries, shapes, orientation_of)
    if k is not None:
        return (f"the construction's M_{k + 1} is {shapes[k]} (rows, columns), the list asks "
                f"{'exactly' if entries[k].exact else 'at least'} {as_shape(entries[k], orientation_of)}")
    widths, needed = narrowest(entries, d[0], d[-1], orientation_of), [d[0]] + [rows for rows, _ in shapes]
    short = next((k for k, (w, n) in enumerate(zip(widths, needed)) if w < n), None)
    return None if short is None else (f"the list admits a network with {widths[short]} units in layer {short}, where the "
                                       f"construction needs {needed[short]}")


@claim(
    "slth.param-count.theorem7-shapes",
    title="Theorem 7: the printed layer dimensions are those of the network the Lemma 8 construction prunes",
    source=src("§5.1.2 Theorem 7 (dimensions of M_1, M_2, M_(i+1), M_(l+1)); §5.2.2 Lemma 8 and the proof of Theorem 7"),
    kind=Kind.AUDIT,
    statement="""With L = log2(1/δ²): M_1 is d_0 × C d_0 L, M_2 is 2 d_1 L × C d_0 L, M_{i+1} is at least 2 d_i L × 2 d_{i+1} L for
        2 < i < l - 1, and M_{l+1} is 2L d_{l-1} × d_l. These describe the construction: a first hidden layer of C L units per input,
        then 2L copies of every neuron of target layers 1, ..., l - 1, then the d_l outputs.""",
    reading="""Rows × columns, as the chapter's Notation defines a matrix's dimension and Definition 7 writes W_i (outputs by
        inputs), with the middle range as printed.""",
    charitable_reading="""The chapter mixes conventions (Lemma 8's W is d_1 × d_2 but acts on x in R^{d_1}), so each of the four kinds
        of entry (M_1, M_2, the middle M_{i+1}, M_{l+1}) may be read in either order; 'greater than' is a lower bound on both
        numbers; the middle range either as printed (M_3 and M_l unconstrained) or over every middle layer, as the proof applies the
        copying step to all layers but the last. Under every one of these 32 readings the list fails to describe the construction
        for some target: the printed middle pair couples d_i with d_{i+1}, the shape of the next matrix M_{i+2} (copies of layer i
        into copies of layer i+1), while M_{i+1} takes the copies of layer i-1 into those of layer i; and the printed range leaves
        a hidden width free. With d_{i-1} for d_{i+1} and the range over every middle layer, the reading outputs by inputs for M_2
        and the middle and inputs by outputs for M_1 and M_{l+1} fits every target; written outputs by inputs throughout, the
        shapes are slth.param-count.theorem7-shapes.corrected.""",
    decision_rule="""For every target width list with l = 2..5 and d_i in {1, 2, 3} (1,080 lists) take the shapes of the Lemma 8 network
        (theorems.slth.burkholz.random_network; L = 7 stands for log2(1/δ²), C L = 35 first-layer units per input, 2L = 14 copies)
        and test them against the printed list under 32 readings: each of M_1, M_2, the middle entries and M_(l+1) read rows ×
        columns or columns × rows; middle range 2 < i < l - 1 as printed or 2 <= i <= l - 1; M_1, M_2, M_(l+1) exact, middle pairs
        lower bounds, matrices outside the range unconstrained. A reading describes the construction for a target if the
        construction's network meets the list and every network meeting it is at least as wide as the construction in every layer
        (so the proof applies to all of them). Verified if some reading does for every target; refuted if every reading fails for
        some target (the reading that fails least is reported).""",
    recorded="refuted",
    severity="typo",
    correction="slth.param-count.theorem7-shapes.corrected",
    mutants=[mutant("M_(l+1) with copies of the output neurons: 2L d_l × d_(l-1)", last=lambda d, L: (2 * L * d[-1], d[-2])),
             control("the middle index d_(i-1) for d_(i+1) (the correction)", middle=_corrected_middle)],
)
def _theorem7_shapes(ctx: CheckContext, *, middle=_printed_middle, last=_printed_last) -> Verdict:
    networks = _construction_shapes(ctx)
    readings = []
    for middle_range in MIDDLE_RANGES:
        for orientation_of in orientation_readings(THEOREM7_ROLES):
            failures = [(d, why) for d, shapes in networks for why in [_shape_failure(
                d, shapes, theorem7_printed(d, SHAPE_L, SHAPE_C, middle, last, middle_range), orientation_of)] if why]
            readings.append({"middle range": middle_range, "orientation": orientation_of, "targets failing": len(failures),
                             "first failure": {"dims": failures[0][0], "why": failures[0][1]} if failures else None})
    fitting = [r for r in readings if not r["targets failing"]]
    best = min(readings, key=lambda r: r["targets failing"])
    as_printed = readings[0]
    return Verdict.from_check(
        bool(fitting), checked=networks, counterexample=best,
        claimed="under some reading the list describes the construction's network",
        measured=f"{len(fitting)} of {len(readings)} readings fit all {len(networks)} targets" + (
            f"; the best fails for {best['targets failing']}" if not fitting else ""),
        finding=f"read as printed (rows × columns), d = {as_printed['first failure']['dims']}: {as_printed['first failure']['why']}; "
                f"under the reading that fails least ({best['middle range']} range; {mt.pairs(best['orientation'])}) it still "
                f"fails for "
                f"{best['targets failing']} of {len(networks)} targets, e.g. d = {best['first failure']['dims']}: "
                f"{best['first failure']['why']} (L = {SHAPE_L}, C L = {SHAPE_C * SHAPE_L})" if not fitting else "",
        notes="""Every M_k the construction prunes is a dense random matrix (burkholz.random_network), with the shapes the exact
            construction of slth.theorem7 uses. Theorem 7 also gives every mask S_i the shape d_i × d_(i-1), the target's, not M_i's.""",
        evidence={"targets": len(networks), "readings": readings, "L": SHAPE_L, "C": SHAPE_C})


@claim(
    "slth.param-count.theorem7-shapes.corrected",
    title="Theorem 7, corrected: outputs by inputs, M_(i+1) is 2 d_i L × 2 d_(i-1) L and the list is the construction's",
    source=src("§5.1.2 Theorem 7 (dimensions, written outputs by inputs with d_(i-1) in M_(i+1)); §5.2.2 Lemma 8, Figure 5.4"),
    kind=Kind.AUDIT,
    statement="""Written outputs by inputs, the Lemma 8 network has M_1: C d_0 L × d_0, M_2: 2 d_1 L × C d_0 L, M_{i+1}: 2 d_i L ×
        2 d_{i-1} L for 2 <= i <= l - 1, and M_{l+1}: d_l × 2 d_{l-1} L (L = log2(1/δ²)); the shapes chain into a map
        R^{d_0} -> R^{d_l}.""",
    decision_rule="""On the 1,080 width lists of slth.param-count.theorem7-shapes, the corrected shapes must equal the construction's
        (theorems.slth.burkholz.random_network, L = 7, C L = 35) exactly and compose; verified if they do on every list, refuted at the
        first list that differs.""",
    recorded="verified",
    mutants=[mutant("the printed middle index d_(i+1)", middle=_printed_middle),
             mutant("L copies per neuron instead of 2L: d_i L × d_(i-1) L", middle=lambda d, i, L: (d[i] * L, d[i - 1] * L))],
)
def _theorem7_shapes_corrected(ctx: CheckContext, *, middle=_corrected_middle) -> Verdict:
    bad, networks = [], _construction_shapes(ctx)
    for d, shapes in networks:
        corrected = theorem7_corrected(d, SHAPE_L, SHAPE_C, middle)
        if corrected != shapes or not composes(corrected, d[0], d[-1]):
            bad.append({"dims": d, "corrected": corrected, "construction": shapes})
    return Verdict.from_counterexamples(
        bad, checked=networks, claimed="the corrected list = the construction's shapes, and it composes",
        measured=f"equal and composing on all {len(networks)} width lists" if not bad else f"different on {len(bad)} lists",
        finding=f"d = {bad[0]['dims']}: the list gives {bad[0]['corrected']}, the construction {bad[0]['construction']}" if bad else "")


# --------------------------------------------------------------------------- Lemma 5 for every weight at once

#: Operating points (δ, C) with n = C log2(1/δ²): below, at and above where single weights become reliable.
UNIFORM_DELTAS = (0.1, 0.01)
UNIFORM_CS = (1.5, 2.0, 3.0)


def _all_weights(K: int) -> np.ndarray:
    """Codes (units of δ²) of every w in S_δ = {-1, ..., -δ, 0, δ, ..., 1}."""
    return np.arange(-K, K + 1) * K


@measurement
def _weight_reach(ctx: CheckContext) -> dict[tuple[float, float], dict]:
    """Measurement: at each (δ, C), for seeded pair networks of width 2n (n = C log2(1/δ²)) whether each w in S_δ can be realised
    (both halves of Lemma 5 reach it), exactly, as a boolean table draws × weights."""
    trials = ctx.budget(quick=300, standard=2000)
    rng = ctx.rng()
    table = {}
    for delta in UNIFORM_DELTAS:
        codes = _all_weights(grid(delta))
        for C in UNIFORM_CS:
            n = max(1, round(C * log_term(delta)))
            u, v = random_pairs(rng, trials, n, delta)
            table[(delta, C)] = {"n": n, "codes": codes, "reach": np.array([pair_reachable(u[t], v[t], codes) for t in range(trials)])}
    return table


def _count_law(targets) -> tuple[int, int]:
    """The number of targets as a K + b (K = 1/δ), fitted at K = 10, 100 and confirmed at K = 1000."""
    sizes = {K: np.unique(targets(K)).size for K in (10, 100, 1000)}
    a = (sizes[100] - sizes[10]) // 90
    b = sizes[10] - 10 * a
    if a * 1000 + b != sizes[1000]:
        raise ValueError(f"the target count {sizes} is not linear in 1/δ")
    return a, b


def _union_bound_limit(a: int, b: int) -> sp.Expr:
    """Limit as L -> oo of the union bound's failure term (a·2^(L/2) + b)·c L^(-1/7): Lemma 5's per-target O(L^(-1/7))
    summed over a/δ + b targets, with 1/δ = 2^(L/2) and c > 0 the O-constant."""
    L, c = sp.symbols("L c", positive=True)
    return sp.limit((a * 2 ** (L / 2) + b) * c * L ** sp.Rational(-1, 7), L, sp.oo)


def _uniform_rows(table: dict, targets) -> list[dict]:
    """Per operating point: P(every target reached), the hardest target's P, the union bound, and the share of draws in which some
    target fails while the hardest succeeds (99% Wilson), for the targets selected from S_δ."""
    rows = []
    for (delta, C), entry in table.items():
        chosen = np.isin(entry["codes"], targets(grid(delta)))
        if not np.isin(targets(grid(delta)), entry["codes"]).all():
            raise ValueError("the targets must be weights of S_δ (codes in units of δ²)")
        reach = entry["reach"][:, chosen]
        trials, every = reach.shape[0], reach.all(axis=1)
        per_target = reach.mean(axis=0)
        hardest = int(np.argmin(per_target))
        gap = int(np.count_nonzero(~every & reach[:, hardest]))
        low, high = wilson_interval(gap, trials, 0.99)
        fail_all, fail_hardest = 1 - every.mean(), 1 - per_target[hardest]
        rows.append({"delta": delta, "C": C, "n": entry["n"], "targets": int(chosen.sum()), "trials": trials,
                     "P(every w)": float(every.mean()), "P(hardest w)": float(per_target[hardest]),
                     "hardest w": float(entry["codes"][chosen][hardest] / grid(delta) ** 2), "mean P(w)": float(per_target.mean()),
                     "union bound": max(0.0, 1 - float((1 - per_target).sum())), "gap": gap / trials, "gap_ci": [low, high],
                     "failure ratio (every / hardest)": float(fail_all / fail_hardest) if fail_hardest else None})
    return rows


@claim(
    "slth.lemma5-uniform",
    uses=("slth.single-weight.product-support", "rssp.lemma4-rate"),
    title="Lemma 5: the per-target probability of Lemma 4 holds for every w in S_δ at once",
    source=src("§5.2.1 Lemma 5 and its proof (steps 2 and 3); §5.1.4 Lemmas 2 and 4"),
    kind=Kind.STATISTICAL,
    statement="""A random pair network of width 2n, n > C log2(1/δ²), can be pruned to compute wx for every w in S_δ at once with
        probability 1 - O((log2 1/δ²)^(-1/7)), the probability that Lemmas 2 and 4 give for one subset-sum problem with one target.""",
    reading="""Step 2's 'hence, with probability p, for all w in S_δ^+': p = 1 - O(L^(-1/7)) is the probability that the subset sum
        with one target w is solvable (Lemmas 2 and 4), carried over unchanged to all targets at once (step 3 likewise for x < 0).""",
    charitable_reading="""p read as a rate rather than one event's probability: the lemma holds if failing for some w is also
        O(L^(-1/7)). The thesis's only tool for passing from single events to their intersection is the union bound (Appendix B.4),
        which it uses in Lemmas 6-8 but not here; over the 2/δ + 1 weights it gives (2/δ + 1)·O(L^(-1/7)) = O(2^(L/2) L^(-1/7)), which
        diverges, so no reading the text supports derives the stated probability. The step is a gap; the conclusion is tested
        against measurement (it survives: see the finding).""",
    decision_rule="""(1) Union-bound repair: fit the number of targets as a/δ + b from K = 1/δ = 10, 100 (checked at 1000) and take with
        sympy the limit of (a 2^(L/2) + b)·c L^(-1/7) as L -> oo (c > 0); the repair derives the stated rate iff the limit is 0. (2) The
        printed step: for δ in {0.1, 0.01} and n = C log2(1/δ²), C in {1.5, 2, 3} (width 2n, codes uniform on [-1/δ, 1/δ]), draw
        seeded networks (300 at quick, 2000 at standard) and decide exactly for every target whether both halves reach it (subset sums
        as bitsets); the step fails at a point if the share of draws where some target fails while the most-failing target succeeds
        has a 99% Wilson lower limit above 0 (then P(all w) is below P(w) for every single w). Verified if (1) derives the rate;
        refuted if it does not and (2) fails at some point; inconclusive otherwise.""",
    recorded="refuted",
    severity="proof-gap",
    mutants=[mutant("the positive weights S_δ^+ only (the set step 2's display names)", targets=lambda K: np.arange(1, K + 1) * K),
             control("one target, w = 1 (Lemma 4's own statement)", targets=lambda K: np.array([K * K]))],
)
def _lemma5_uniform(ctx: CheckContext, *, targets=_all_weights) -> Verdict:
    a, b = _count_law(targets)
    limit = _union_bound_limit(a, b)
    rows = _uniform_rows(_weight_reach(ctx), targets)
    broken = [r for r in rows if r["gap_ci"][0] > 0]
    if limit == 0:
        status = Status.VERIFIED
    else:
        status = Status.REFUTED if broken else Status.INCONCLUSIVE
    worst = max(rows, key=lambda r: r["gap"])
    ratios = [r["failure ratio (every / hardest)"] for r in rows if r["failure ratio (every / hardest)"] is not None]
    at_c2 = {r["delta"]: r["P(every w)"] for r in rows if r["C"] == 2.0}
    return Verdict(
        status=status, claimed="P(every w) = the single-target probability 1 - O(L^(-1/7))",
        measured={f"δ={r['delta']}, C={r['C']}": f"P(every w) = {r['P(every w)']:.3f}, hardest w = {r['hardest w']:g}: "
                                                 f"{r['P(hardest w)']:.3f}, union bound {r['union bound']:.2f}" for r in rows},
        counterexample={"union_bound_limit": limit, "point": worst} if status is Status.REFUTED else None,
        finding=f"at δ = {worst['delta']}, n = {worst['n']} (C = {worst['C']}) all {worst['targets']} weights are reachable in "
                f"{worst['P(every w)']:.3f} of the draws against {worst['P(hardest w)']:.3f} for the hardest single one (w = "
                f"{worst['hardest w']:g}); the union bound over the {a}/δ + {b} weights has failure term ({a}/δ + {b})·O(L^(-1/7)) "
                f"-> {mt.math(limit)}. Measured, failing for some w is only {min(ratios):.1f}-{max(ratios):.1f} times as likely as failing for "
                f"the hardest w, and P(every w) at C = 2 rises from {at_c2[0.1]:.3f} (δ = 0.1) to {at_c2[0.01]:.3f} (δ = 0.01): "
                f"the conclusion holds at these sizes, the step that gives it does not" if status is Status.REFUTED else "",
        would_decide="more draws at the operating points where P(every w) < 1" if status is Status.INCONCLUSIVE else "",
        intervals={f"gap, δ={r['delta']}, C={r['C']}": r["gap_ci"] for r in rows},
        decision_detail=f"""The union bound's failure term tends to {mt.math(limit)} and the per-target probability does not carry over: at
            {len(broken)} of {len(rows)} points the all-targets event is significantly rarer than the hardest single target's."""
        if status is Status.REFUTED else "",
        notes=f"""The hardest single targets are w = {', '.join(mt.num(w) for w in sorted({r['hardest w'] for r in rows}))}; failures for different w mostly
            coincide, so the all-targets failure stays within a small factor of the hardest target's, far below the sum of
            single-target failures that the union bound charges. Steps 2 and 3 each hold with probability p and both are needed
            (2p - 1 by B.4), which the O(·) absorbs.""",
        evidence={"target_count": {"a (per 1/δ)": a, "b": b}, "union_bound_limit": limit, "table": mt.rounded(rows, 12),
                  "trials": rows[0]["trials"]})


# --------------------------------------------------------------------------- Theorem 7's success probability

#: The tiny target of the measured part: widths (1, 1, 1, 1), l = 3, N_t = 3; first block C L units with C = 6 (as slth.theorem7).
PROBABILITY_DIMS = (1, 1, 1, 1)
FIRST_BLOCK_C = 6
PROBABILITY_DELTAS = (0.1, 0.01)
PROBABILITY_NT = _corrected_count(PROBABILITY_DIMS)


def _printed_failure(count, L, c):
    """Theorem 7's failure term N_t · 2 log2(1/δ²) · O((log2 1/δ²)^(-1/7)) with O-constant c (Lemma 8: d_1 d_2 for N_t)."""
    return count * 2 * L * c * L ** sp.Rational(-1, 7)


@functools.cache
def _construction_failures(trials: int) -> tuple[dict, ...]:
    """Measurement shared by the two Theorem 7 probability claims: the share of seeded Type III networks (weights uniform on
    ±1..±1/δ, ceil(2 log2(1/δ²)) copies) on which the construction fails for some target of widths :data:`PROBABILITY_DIMS`."""
    rng = np.random.default_rng([claim_seed("slth.theorem7-probability.construction"), 0])
    rows = []
    for delta in PROBABILITY_DELTAS:
        K, L = grid(delta), log_term(delta)
        copies, block = math.ceil(2 * L), round(FIRST_BLOCK_C * L)
        failures = sum(not burkholz_covers_all(random_network(rng, PROBABILITY_DIMS, K, block, copies), K) for _ in range(trials))
        low, high = wilson_interval(failures, trials, 0.99)
        rows.append({"delta": delta, "L": L, "copies": copies, "first_block": block, "trials": trials,
                     "failure": failures / trials, "ci_low": low, "ci_high": high})
    return tuple(rows)


def _measured_failures(ctx: CheckContext) -> list[dict]:
    """The shared measurement at this profile's budget, with the smallest O-constant that makes the printed bound cover the
    failure at the largest δ, and the printed failure term at every δ with that constant."""
    rows = [dict(r) for r in _construction_failures(ctx.budget(quick=200, standard=1000))]
    c0 = rows[0]["failure"] / float(_printed_failure(PROBABILITY_NT, rows[0]["L"], 1))
    for r in rows:
        r["printed failure term at c0"] = float(_printed_failure(PROBABILITY_NT, r["L"], c0))
    return rows


@claim(
    "slth.theorem7-probability",
    uses=("slth.theorem7", "slth.lemma5-uniform", "slth.param-count"),
    title="Theorem 7 / Lemma 8: success probability 1 - N_t · 2 log2(1/δ²) · O((log2 1/δ²)^(-1/7)), high probability as δ -> 0",
    source=src("§5.1.2 Theorem 7 (probability); §5.2.2 Lemma 8 and the proof of Theorem 7; §1.1 informal Theorem 7; "
               "§5.1.4 remark after Lemma 4"),
    kind=Kind.SYMBOLIC,
    statement="""For a fixed target, the Type III construction succeeds with probability at least 1 - N_t · 2L · O(L^(-1/7)),
        L = log2(1/δ²) (Lemma 8: d_1 d_2 for N_t), which makes it a high-probability statement: the probability tends to 1 as
        δ -> 0.""",
    reading="""The bound as a high-probability guarantee, as the informal Theorem 7 of §1.1 states it and the remark after Lemma 4
        defines 'high probability' (tending to 1); for a fixed target (N_t fixed) as δ -> 0, the only limit in which an unspecified
        O-constant leaves a bound meaningful.""",
    charitable_reading="""Any positive O-constant; L read as the size of each subset-sum instance instead (Lemma 4 with n = 2L copies
        or C L units) changes only the constant; the union bound read with B.4's max(0, ·), as the proof uses it. The failure term is
        then 2c N_t L^(6/7), unbounded for every c > 0, so the bound is 0 for all small δ and gives no high-probability statement. The
        factor 2L is the number of subset sums the construction solves per target weight (one per copy) and cannot be dropped; only a
        per-instance failure o(1/L), which Lemma 4's O(n^(-1/7)) does not give, would rescue the argument. The conclusion itself
        survives (slth.theorem7-probability.measured).""",
    decision_rule="""With sympy (N_t >= 1, c > 0): the limit of the failure term as L -> oo; the high-probability reading holds iff it is
        0. Reported beside it: the L from which the bound is 0 (failure term 1), and the measured failure of the construction for a
        tiny target (slth.theorem7-probability.measured) against the printed term with the smallest constant that covers it at
        δ = 0.1.""",
    recorded="refuted",
    severity="proof-gap",
    mutants=[mutant("a per-instance failure O(1/L): 2 N_t L · c/L, bounded but not vanishing", failure=lambda N, L, c: 2 * N * L * c / L),
             control("Theorem 6's form N_t O(L^(-1/7)), without the 2L copies", failure=lambda N, L, c: N * c * L ** sp.Rational(-1, 7))],
)
def _theorem7_probability(ctx: CheckContext, *, failure=_printed_failure) -> Verdict:
    N, L, c = sp.symbols("N_t L c", positive=True)
    term = sp.simplify(failure(N, L, c))
    limit = sp.limit(term, L, sp.oo)
    vacuous_from = sp.solve(sp.Eq(term, 1), L)
    rows = _measured_failures(ctx)
    fine, coarse = rows[-1], rows[0]
    holds = limit == 0
    c_max = {r["delta"]: float(1 / failure(PROBABILITY_NT, sp.Float(r["L"]), 1)) for r in rows}
    return Verdict.from_check(
        holds, checked=1, counterexample={"failure_term": term, "limit": limit, "bound is 0 from L =": list(vacuous_from)},
        claimed="failure term -> 0 as δ -> 0", measured=f"failure term {mt.math(term)} -> {mt.math(limit)}",
        finding=f"the failure term {mt.math(term)} tends to {mt.math(limit)}, so by B.4 the bound is 0 from "
                f"L = {mt.math(vacuous_from[0]) if vacuous_from else '?'} "
                f"on; the construction's measured failure for widths {PROBABILITY_DIMS} falls from {coarse['failure']:.3f} (δ = "
                f"{coarse['delta']}) to {fine['failure']:.3f} (δ = {fine['delta']}); for N_t = {PROBABILITY_NT} the bound is positive "
                f"only while c < {c_max[coarse['delta']]:.3f} (δ = {coarse['delta']}) and c < {c_max[fine['delta']]:.3f} "
                f"(δ = {fine['delta']}), "
                f"and the printed term with the smallest constant "
                f"covering δ = {coarse['delta']} grows to {fine['printed failure term at c0']:.2f} there" if not holds else "",
        decision_detail="""The bound never reaches the high-probability statement: with the copies' factor 2L the union bound has more
            events than Lemma 4's rate can pay for.""" if not holds else "",
        notes="""Lemma 8 prints the same expression with d_1 d_2 for N_t and fails the same way. The high-probability conclusion is
            not shown by the proof but holds as far as measured (slth.theorem7-probability.measured).""",
        evidence={"limit": limit, "measured": mt.rounded(rows, 12), f"largest c with a positive bound (N_t = {PROBABILITY_NT})": c_max})


@claim(
    "slth.theorem7-probability.measured",
    title="Theorem 7: for a fixed target the Type III construction succeeds with probability tending to 1 as δ shrinks",
    source=src("§5.1.2 Theorem 7; §1.1 informal Theorem 7 ('with high probability')"),
    kind=Kind.STATISTICAL,
    statement="""For a fixed target architecture, the Type III construction with 2 log2(1/δ²) copies per neuron and a fixed first-layer
        constant succeeds for every target at once with probability tending to 1 as δ shrinks.""",
    decision_rule="""Target widths (1, 1, 1, 1) (l = 3, N_t = 3), first block round(6 log2(1/δ²)) units (C = 6, as slth.theorem7),
        ceil(2 log2(1/δ²)) copies; for δ in {0.1, 0.01} draw seeded random networks (200 at quick, 1000 at standard) and decide exactly
        whether the construction succeeds for every Type I target at once (every Lemma 5 block reaches every weight, every copy sum every
        code; theorems.slth.bitsets.burkholz_covers_all). 99% Wilson intervals on the failure rate: verified if the interval at
        δ = 0.01 lies wholly below that at δ = 0.1, refuted if wholly above, inconclusive otherwise.""",
    recorded="verified",
    mutants=[mutant("the failure grows as δ shrinks, as the printed term 2c N_t L^(6/7) does", falls=False)],
)
def _theorem7_probability_measured(ctx: CheckContext, *, falls=True) -> Verdict:
    rows = _measured_failures(ctx)
    coarse, fine = rows[0], rows[-1]
    lower, higher = (fine, coarse) if falls else (coarse, fine)
    if lower["ci_high"] < higher["ci_low"]:
        status = Status.VERIFIED
    elif lower["ci_low"] > higher["ci_high"]:
        status = Status.REFUTED
    else:
        status = Status.INCONCLUSIVE
    return Verdict(
        status=status, claimed="failure falls as δ shrinks" if falls else "failure grows as δ shrinks",
        measured={f"δ={r['delta']}": f"failure {r['failure']:.3f} ({r['trials']} networks, {r['copies']} copies, first block "
                                     f"{r['first_block']})" for r in rows},
        intervals={f"δ={r['delta']}": [r["ci_low"], r["ci_high"]] for r in rows},
        counterexample=mt.rounded(rows, 12) if status is Status.REFUTED else None,
        finding=f"the failure falls from {coarse['failure']:.3f} (δ = {coarse['delta']}) to {fine['failure']:.3f} (δ = {fine['delta']})"
        if status is Status.REFUTED else "",
        would_decide="more networks per δ" if status is Status.INCONCLUSIVE else "",
        notes=f"""The printed failure term with the smallest constant that covers δ = {coarse['delta']} is
            {fine['printed failure term at c0']:.2f} at δ = {fine['delta']}, where the construction fails in {fine['failure']:.1%} of
            the draws: the conclusion holds, the bound does not show it (slth.theorem7-probability).""",
        evidence={"table": mt.rounded(rows, 12), "dims": PROBABILITY_DIMS})
