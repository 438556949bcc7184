"""Checks of the construction statements of tickets-random-pruning-report.md: §4's remarks on path products and
the PT(U, d) weights, and the steps of §7.2-7.6 that turn one SLR block into a whole network.

* §4 ¶4 (Malach et al.'s 1/ε sampled paths and the width-100 example), ¶3/¶5 (a layer is |T| scalar MLRs), ¶8
  (paths outnumber edges), ¶10 (the density of a product of uniforms, a law whose d-fold product is uniform, the
  multiplicativity of power maps, clipping PT(U, d) to [-x, x]).
* §7.2 (an MLR ticket is one path per source), §7.3 (1 - x <= e^(-x); blocks 1/d as wide), §7.4-7.6 (union bounds,
  splitting the precision, §7.6's p' chain and the count of layers, deeper blocks, the ReLU factor 2).
* The three construction statements (§7.4 ¶1, §7.5 ¶1, the §4 theorem): random graphs of the printed widths with PT
  weights, one block per target weight, the nearest path kept; the failure rate against δ (linear activation, §7.1).

What a claim asserts is a keyword-only parameter with the report's version as default; costly parts are memoised.
"""
from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction

import numpy as np
import sympy as sp

from .. import mathtext as mt
from ..context import CheckContext
from ..measure import measurement
from ..registry import claim, control, mutant
from ..stats import combine_point_statuses, decide_upper_bound
from ..verdict import Kind, Source, Status, Verdict, count_checked
from . import power_transform as pt
from .claims import _best_clipped, _network_formula
from .path_products import path_products

DOC = "tickets-random-pruning-report.md"

src = Source.factory(DOC)


# --------------------------------------------------------------------------- §4 ¶4: Malach et al.'s sampling and size

EPSILONS = (0.1, 0.03, 0.01, 0.003)


@functools.cache
def _paths_to_first_hit() -> tuple[dict, ...]:
    """Exact: with path products Uniform[-1, 1] and independent paths, the number of paths sampled until one lands
    within ε of β is geometric with success q(β) = |[β-ε, β+ε] ∩ [-1, 1]|/2; its mean 1/q, at an interior target and at
    the edge β = ±1."""
    rows = []
    for eps in EPSILONS:
        e = Fraction(eps).limit_denominator(10**6)
        interior, edge = e, e / 2
        rows.append({"epsilon": eps, "mean paths, interior target": float(1 / interior),
                     "mean paths, edge target": float(1 / edge)})
    return tuple(rows)


@claim(
    "tix.path-count.malach-comparison",
    title="§4 ¶2, ¶4: about 1/ε sampled paths per weight; Malach et al.'s bound needs 10^8 at target width 100",
    source=src("§4 ¶2 sentence 1 (the cited width O(w^4 d^2), depth 2d); ¶4 sentences 4-7"),
    kind=Kind.EXACT,
    statement="""§4 cites Malach et al.'s random network as width O(w^4 d^2) and depth 2d for a target of width w and
        depth d, and explains why it is wide: to land within ε of a target weight, about 1/ε paths must be sampled
        (each path one independent near-uniform attempt); for a target of width 100 the bound then asks for a random
        network of size at least 10^8.""",
    decision_rule="""(a) With uniform path products on [-1, 1] and independent attempts, the number of attempts to the
        first hit is geometric; its exact mean 1/q(β) at ε = 0.1, 0.03, 0.01, 0.003 must lie within a factor 2 of the
        claimed count (1/ε) at interior and edge targets. (b) The cited width rate at w = 100 and every target depth
        d = 1..10 (constants of the O() set to 1) must be at least 10^8. Verified if both hold.""",
    recorded="verified",
    mutants=[mutant("1/ε² sampled paths", paths_needed=lambda eps: 1 / eps**2),
             mutant("a cited rate w^3 d^2 (one power of w fewer)", cited_width=lambda w, d: w**3 * d**2)],
)
def _malach_comparison(ctx: CheckContext, *, paths_needed=lambda eps: 1 / eps,
                       cited_width=lambda w, d: w**4 * d**2, size_floor=10**8) -> Verdict:
    rows = _paths_to_first_hit()
    off = [r for r in rows for key in ("mean paths, interior target", "mean paths, edge target")
           if not 0.5 <= r[key] / paths_needed(r["epsilon"]) <= 2]
    widths = {f"d={d}": cited_width(100, d) for d in range(1, 11)}
    small = {k: v for k, v in widths.items() if v < size_floor}
    holds = not off and not small
    return Verdict.from_check(
        holds, checked=len(rows) + len(widths),
        claimed=f"about 1/ε paths per weight; width at w = 100 at least {mt.num(size_floor)}",
        measured={"mean paths to the first hit": mt.rounded(list(rows), 6),
                  "cited width at w = 100 by target depth": {k: mt.num(v) for k, v in widths.items()}},
        counterexample={"sampling off by more than a factor 2": mt.rounded(off[:1], 6),
                        "widths below the floor": {k: mt.num(v) for k, v in small.items()}},
        finding=(f"the mean number of paths is {mt.num(off[0]['mean paths, interior target'])} at an interior target, "
                 f"ε = {mt.num(off[0]['epsilon'])}, not {mt.num(paths_needed(off[0]['epsilon']))}" if off else
                 f"the cited rate gives {mt.num(min(small.values()))} at w = 100") if not holds else "",
        notes="""1/q is 1/ε at interior targets and 2/ε at ±1, so 'about 1/ε' holds up to that factor 2. The 10^8 is
            100^4: the d^2 factor only raises it, and the O() drops Malach et al.'s ε and δ factors, so 10^8 is a
            floor, not the bound. Pensia et al.'s abstract states Malach et al.'s network as a factor O(w^4 d^2) wider
            than the target (width O(w^5 d^2)), one power of w more than §4 writes; the floor 10^8 holds either way.
            Whether Malach et al.'s theorem states exactly this rate is not checked here.""",
    )


# --------------------------------------------------------------------------- §4 ¶3/¶5, §7.5 ¶2: a layer is |T| MLRs

@claim(
    "tix.mlr-layer-network.layer-as-mlrs",
    title="§4 ¶3, §7.5 ¶2: the edges between two layers are |T| scalar MLRs",
    source=src("§4 ¶3 and ¶5; §7.5 ¶2, sentence 1"),
    kind=Kind.SYMBOLIC,
    by_construction=True,
    statement="""Without biases, the input of each node t_j of a layer is the linear function Σ_i β_ij s_i of the
        previous layer's |S| outputs, so the edges between two layers are |T| scalar MLRs with |S| coefficients each,
        and a path from s_i to t_j is an attempt at the one coefficient β_ij.""",
    decision_rule="""For |S|, |T| in 1..4 form the symbolic T x S weight matrix and input vector; verified if every
        entry of W s minus the claimed MLR sum simplifies to 0 and the number of scalar MLRs equals the claimed
        count.""",
    recorded="verified",
    mutants=[mutant("|S| scalar MLRs (one per source)", mlr_count=lambda S, T: S),
             mutant("the coefficient indexed by the output row (β_ji)", transposed=True)],
)
def _layer_as_mlrs(ctx: CheckContext, *, mlr_count=lambda S, T: T, transposed=False) -> Verdict:
    bad = []
    sizes = [(S, T) for S in range(1, 5) for T in range(1, 5)]
    for S, T in sizes:
        W = sp.Matrix(T, S, lambda j, i: sp.Symbol(f"b{i}{j}"))
        s = sp.Matrix(S, 1, lambda i, _: sp.Symbol(f"s{i}"))
        pre = W * s
        claimed = [sum((sp.Symbol(f"b{j}{i}") if transposed else sp.Symbol(f"b{i}{j}")) * s[i] for i in range(S))
                   for j in range(T)]
        if mlr_count(S, T) != pre.rows or any(sp.expand(pre[j] - claimed[j]) != 0 for j in range(T)):
            bad.append({"|S|": S, "|T|": T, "scalar MLRs": pre.rows, "claimed": mlr_count(S, T)})
    return Verdict.from_check(
        not bad, checked=sizes,
        claimed="pre-activation t_j = Σ_i β_ij s_i, one scalar MLR per output",
        measured=f"{len(sizes) - len(bad)} of {len(sizes)} layer shapes match",
        counterexample=bad[0] if bad else None,
        finding=f"at |S| = {bad[0]['|S|']}, |T| = {bad[0]['|T|']} the claimed form differs from W s" if bad else "",
        notes="True by definition of a bias-free linear layer; with biases each MLR gains an intercept.",
    )


# --------------------------------------------------------------------------- §7.2: an MLR ticket is one path per source

MLR_SHAPES = ((2, 2, 2), (2, 3, 2), (3, 2, 2), (2, 2, 3))  # (sources, width, hidden layers)


@functools.cache
def _path_unions() -> tuple[dict, ...]:
    """Every union of one s_i-t path per source in small layered networks: whether the paths are node-disjoint,
    and for each source the number R_i of paths from its first hidden node to t inside the union (1 unless the
    union holds cross paths), and the coefficient each source gets under two weight rules (exact fractions)."""
    rows = []
    for S, w, n in MLR_SHAPES:
        paths = list(itertools.product(range(w), repeat=n))
        betas = [Fraction(3 + 2 * i, 7 + i) * (-1) ** i for i in range(S)]
        for choice in itertools.product(paths, repeat=S):
            edges = {(l, p[l], p[l + 1]) for p in choice for l in range(n - 1)}
            # R(l, v): paths from hidden node v of layer l to t inside the union
            R = {(n - 1, v): 1 for p in choice for v in [p[-1]]}
            for l in range(n - 2, -1, -1):
                for p in choice:
                    v = p[l]
                    R[(l, v)] = sum(R[(l + 1, u)] for (ll, a, u) in edges if ll == l and a == v)
            counts = [R[(0, p[0])] for p in choice]
            disjoint = all(a != b for p, q in itertools.combinations(choice, 2) for a, b in zip(p, q))
            rows.append({"shape": (S, w, n), "node-disjoint": disjoint, "cross paths": any(c > 1 for c in counts),
                         # rule 1: every hidden edge 1, the first edge β_i: each chosen path's product is β_i
                         "coefficients, path products β_i": [b * c for b, c in zip(betas, counts)],
                         # rule 2: every hidden edge 1, the first edge β_i/R_i (the first edge is the source's own)
                         "coefficients, first edge scaled": [(b / c) * c for b, c in zip(betas, counts)],
                         "targets": betas})
    return tuple(rows)


@claim(
    "tix.mlr-layer-network.mlr-ticket-weights",
    title="§7.2: an MLR ticket is one path per source, each path's product set to its β_i",
    source=src("§7.2"),
    kind=Kind.EXACT,
    statement="""With linear activation (§7.1), a ticket for y = Σ β_i x_i is a set of s_i-t paths, one per source,
        and it wins when the weights make the product along the path from s_i equal β_i. Read with node-disjoint paths
        (as §7.4 builds them, one block per source); whether some winning weights exist for every union is checked
        too.""",
    decision_rule="""Enumerate every union of one path per source in four small networks (2-3 sources, width 2-3,
        2-3 hidden layers) and compute each source's coefficient exactly (fractions) under two rules: every hidden
        edge 1 and the first edge β_i (each chosen path's product is β_i), and the first edge β_i/R_i (R_i the union's
        paths from that first node to t). Verified if the path-product rule gives every β_i on every union in the
        claimed scope and the scaled rule does on every union.""",
    recorded="verified",
    mutants=[mutant("path products β_i suffice on every union, also where paths meet and split again",
                    product_rule_scope="every union")],
)
def _mlr_ticket_weights(ctx: CheckContext, *, product_rule_scope="node-disjoint") -> Verdict:
    rows = _path_unions()
    scoped = [r for r in rows if product_rule_scope == "every union" or r["node-disjoint"]]
    bad = [r for r in scoped if r["coefficients, path products β_i"] != r["targets"]]
    unsolved = [r for r in rows if r["coefficients, first edge scaled"] != r["targets"]]
    found = bad + unsolved
    first = found[0] if found else None
    return Verdict.from_check(
        not found, checked=scoped,
        claimed=f"path products β_i give the coefficients β_i on {product_rule_scope} unions",
        measured={"unions enumerated": len(rows), "node-disjoint": sum(r["node-disjoint"] for r in rows),
                  "with cross paths": sum(r["cross paths"] for r in rows),
                  "unions where some weights give every β_i": len(rows) - len(unsolved)},
        counterexample=None if first is None else {
            "shape (sources, width, hidden layers)": mt.show(first["shape"]),
            "targets": mt.show([sp.Rational(b.numerator, b.denominator) for b in first["targets"]]),
            "coefficients with path products β_i": mt.show([sp.Rational(b.numerator, b.denominator)
                                                            for b in first["coefficients, path products β_i"]])},
        finding=("where two chosen paths share a node and split again, the union holds cross paths and a path "
                 "product β_i gives the coefficient β_i times the number of paths from the source's first node")
        if found else "",
        notes="""Every union admits winning weights (scale the source's own first edge by 1/R_i), so §7.2's ticket
            form holds; 'product along each path is β_i' is the winning assignment exactly when the union has no cross
            paths, as in the report's construction, where each source has a block of its own.""",
    )


# --------------------------------------------------------------------------- §4 ¶8: paths outnumber edges

PATH_WIDTHS = tuple(range(1, 11))
PATH_DEPTHS = tuple(range(2, 11))


@functools.cache
def _paths_and_edges() -> tuple[dict, ...]:
    """§7.3 convention (d weight layers, d-1 hidden layers of width w): w^(d-1) paths, 2w + (d-2)w² edges; and the
    exact covariance of the squared products of two paths sharing one edge, with U[-1, 1] weights (α = 1)."""
    m2, m4 = sp.Rational(1, 3), sp.Rational(1, 5)
    rows = []
    for w in PATH_WIDTHS:
        for d in PATH_DEPTHS:
            share = d >= 3 and w >= 2  # two distinct paths sharing an edge exist
            cov = m2 ** (2 * (d - 1)) * m4 - m2 ** (2 * d) if share else sp.Integer(0)
            rows.append({"w": w, "d": d, "paths": w ** (d - 1), "edges": 2 * w + (d - 2) * w * w,
                         "covariance of squared products, one shared edge": cov})
    return tuple(rows)


@claim(
    "tix.path-dependencies.paths-outnumber-edges",
    uses=("tix.path-count.weight-layers",),
    title="§4 ¶8: path products cannot all be independent, as paths far outnumber edges",
    source=src("§4 ¶8, last sentence"),
    kind=Kind.EXACT,
    statement="""The deep substitutions the report motivates hold many more paths than edges (so more path products
        than independent random weights), hence the path products cannot all be independent. Read for the deep
        blocks the paragraph speaks of (combinatorially many paths).""",
    decision_rule="""Count paths w^(d-1) and edges 2w + (d-2)w² for w = 1..10, d = 2..10 (§7.3 convention). Verified if
        paths exceed edges at every grid point with d >= the claimed depth and w >= the claimed width. The
        dependence itself is shown exactly: two paths sharing an edge have squared products with covariance
        m2^(2(d-1)) m4 - m2^(2d) > 0 (m2 = 1/3, m4 = 1/5).""",
    recorded="verified",
    mutants=[mutant("at every depth from d = 3", from_depth=3),
             mutant("at every width from w = 2", min_width=2)],
)
def _paths_outnumber_edges(ctx: CheckContext, *, from_depth=4, min_width=3) -> Verdict:
    rows = _paths_and_edges()
    scoped = [r for r in rows if r["d"] >= from_depth and r["w"] >= min_width]
    bad = [r for r in scoped if not r["paths"] > r["edges"]]
    positive = [r for r in rows if r["covariance of squared products, one shared edge"] > 0]
    return Verdict.from_check(
        not bad, checked=scoped,
        claimed=f"paths > edges for d >= {from_depth}, w >= {min_width}",
        measured={"grid points in scope": len(scoped), "paths > edges": len(scoped) - len(bad),
                  "paths and edges at w = 3": ", ".join(f"d={r['d']}: {r['paths']} vs {r['edges']}"
                                                        for r in rows if r["w"] == 3 and r["d"] <= 6),
                  "dependent pairs shown (d >= 3, w >= 2)": len(positive)},
        counterexample=None if not bad else {k: bad[0][k] for k in ("w", "d", "paths", "edges")},
        finding=(f"at w = {bad[0]['w']}, d = {bad[0]['d']} there are {bad[0]['paths']} paths and {bad[0]['edges']} "
                 f"edges") if bad else "",
        notes="""For d <= 3 (and for w = 2, d = 4) paths do not outnumber edges, yet the products are dependent as
            soon as two paths share an edge (d >= 3, w >= 2; the covariance is positive): the conclusion holds more
            widely than the reason given. The counting reason is sound where it applies: N > n smooth functions of n
            weights lie on a set of measure zero in R^N, so they cannot be independent with continuous laws.""",
    )


# --------------------------------------------------------------------------- §4 ¶10: the density of a product of uniforms

DENSITY_DEPTHS = (2, 3, 4, 5)


@functools.cache
def _uniform_product_density() -> tuple[dict, ...]:
    """Measurement (exact): the density of |Y| for Y a product of d U(-1, 1), by the recursion
    f_(k+1)(y) = ∫_y^1 f_k(y/u)/u du from f_1 = 1 on (0, 1) (sympy), compared with (-ln y)^(d-1)/(d-1)!."""
    y, u = sp.symbols("y u", positive=True)
    f = sp.Integer(1)
    rows = []
    for d in range(2, max(DENSITY_DEPTHS) + 1):
        f = sp.expand(sp.integrate(f.subs(y, y / u) / u, (u, y, 1)))
        f = sp.expand(sp.expand_log(f, force=True))
        closed = (-sp.log(y)) ** (d - 1) / sp.factorial(d - 1)
        rows.append({"d": d, "density of |Y| on (0, 1)": f,
                     "minus the single closed form": sp.simplify(sp.expand(f - sp.expand(closed)))})
    return tuple(rows)


@measurement
def _density_monte_carlo(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: 2e5 products of d U(-1, 1) (fixed seed); sup distance of their empirical CDF to the exact one."""
    rng = ctx.rng(0)
    rows = []
    for d in DENSITY_DEPTHS:
        sample = np.sort(pt.sample_products(1.0, d, 200_000, rng))
        exact = 0.5 + np.sign(sample) * pt.abs_cdf(np.abs(sample), 1.0, d) / 2
        empirical = np.arange(1, sample.size + 1) / sample.size
        rows.append({"d": d, "sup CDF distance": float(np.max(np.abs(empirical - exact)))})
    return tuple(rows)


def _pieces(interval: tuple, d: int) -> int:
    """Analytic pieces of the density of |product| of d iid U(a, b) on its support: with 0 <= a < b after folding
    signs (U(-c, c) folds to U(0, c)), the density changes form at a^(d-k) b^k (k = 1..d-1) inside (a^d, b^d)."""
    a, b = interval
    if a < 0 < b:
        a, b = 0, max(-a, b)
    breaks = {sp.Integer(a) ** (d - k) * sp.Integer(b) ** k for k in range(1, d)}
    return 1 + len([t for t in breaks if sp.Integer(a) ** d < t < sp.Integer(b) ** d])


@claim(
    "tix.pt-distribution.product-density",
    title="§4 ¶10: the density of a product of d uniforms is piecewise and intricate",
    source=src("§4 ¶10, sentence 4 (first half)"),
    kind=Kind.SYMBOLIC,
    statement="""The density of the product of d uniform variables, the weights of §4 (U[-1, 1], which PT(U, d)
        transforms), is piecewise-defined and fairly intricate.""",
    decision_rule="""Derive the density of |Y|, Y a product of d U(-1, 1), for d = 2..5 with sympy (the recursion
        f_(k+1)(y) = ∫_y^1 f_k(y/u)/u du) and count its analytic pieces on the support (breakpoints a^(d-k) b^k of
        the product of U(a, b); the sign of Y only mirrors the density). Cross-check against 2e5 fixed-seed draws
        (sup CDF distance below 0.01, about three times the sampling noise). Verified if at every d the density
        has at least the claimed number of pieces, refuted if it is one closed form.""",
    recorded="refuted",
    severity="false",
    reading="""Products of d independent U[-1, 1] weights (§4's U, and PT(U, d) with the text's α = 1) have a density
        made of several pieces with different formulas.""",
    charitable_reading="""Read with 'd-product uniform distribution' as the law whose d-fold product is uniform (the
        sentence's other reading), or with uniforms on [0, x]: each is again a single closed form
        (tix.pt-distribution.uniform-root-law gives the first). Only uniforms on an interval away from 0, which the
        report never uses, give a piecewise density.""",
    mutants=[control("uniforms on [1, 2], an interval away from 0", interval=(1, 2)),
             mutant("at least three pieces for uniforms on [1, 2]", interval=(1, 2), min_pieces=3)],
)
def _product_density(ctx: CheckContext, *, interval=(-1, 1), min_pieces=2) -> Verdict:
    rows = _uniform_product_density()
    mc = _density_monte_carlo(ctx)
    count_checked(mc)
    if any(r["minus the single closed form"] != 0 for r in rows) or any(r["sup CDF distance"] > 0.01 for r in mc):
        return Verdict(status=Status.INCONCLUSIVE, claimed="a piecewise density", measured=mt.rounded(list(mc), 4),
                       would_decide="a density derivation that agrees with the draws")
    pieces = {f"d={d}": _pieces(interval, d) for d in DENSITY_DEPTHS}
    few = {k: v for k, v in pieces.items() if v < min_pieces}
    y = sp.Symbol("y", positive=True)
    return Verdict.from_check(
        not few, checked=len(pieces),
        claimed=f"at least {min_pieces} pieces on the support for uniforms on [{interval[0]}, {interval[1]}]",
        measured={"pieces by d": pieces,
                  "density of Y, U(-1, 1) weights": sp.Eq(sp.Symbol("f"), (-sp.log(sp.Abs(sp.Symbol("y")))) ** (
                      sp.Symbol("d") - 1) / (2 * sp.factorial(sp.Symbol("d") - 1))),
                  "sympy density of |Y| at d = 3": rows[1]["density of |Y| on (0, 1)"],
                  "sup CDF distance of 2e5 draws": {f"d={r['d']}": mt.num(r["sup CDF distance"]) for r in mc}},
        counterexample={"d": int(next(iter(few))[2:]) if few else 0, "pieces": min(few.values()) if few else 0,
                        "density of |Y|": (-sp.log(y)) ** (DENSITY_DEPTHS[0] - 1)},
        finding=(f"for uniforms on [{interval[0]}, {interval[1]}] the density of the product is the single form "
                 f"{mt.math((-sp.log(sp.Abs(sp.Symbol('y')))) ** (sp.Symbol('d') - 1) / (2 * sp.factorial(sp.Symbol('d') - 1)))} "
                 f"on (-1, 1) for every d") if few and interval == (-1, 1) else
                (f"{mt.pairs(few)} pieces" if few else ""),
        notes="""'Somewhat complicated' is a judgement and is not checked. The density is unbounded at 0 and falls to 0
            at ±1 for d >= 2, which is why §4 reshapes the weights; it is not piecewise.""",
    )


# --------------------------------------------------------------------------- §4 ¶10: a law whose d-fold product is uniform

@functools.cache
def _root_law_mellin(shape_key: str, shape: tuple) -> tuple[dict, ...]:
    """Exact: for |X| = exp(-G), G ~ Gamma(k, 1), E|X|^s = (1+s)^(-k); the d-th power against E U^s = 1/(1+s)."""
    s = sp.Symbol("s", positive=True)
    rows = []
    for d, k in shape:
        gap = sp.simplify(((1 + s) ** (-k)) ** d - 1 / (1 + s))
        rows.append({"d": d, "Gamma shape k": k, "Mellin gap": gap})
    return tuple(rows)


@measurement
def _root_law_draws(ctx: CheckContext, shapes: tuple) -> tuple[dict, ...]:
    """Measurement: 1e5 products of d draws sign·exp(-Gamma(k)) (fixed seed); sup distance to U(-1, 1)'s CDF."""
    rng = ctx.rng(1)
    rows = []
    for d, k in shapes:
        g = rng.gamma(float(k), 1.0, size=(100_000, d))
        signs = rng.choice((-1.0, 1.0), size=(100_000, d))
        prod = np.sort(np.prod(signs * np.exp(-g), axis=1))
        empirical = np.arange(1, prod.size + 1) / prod.size
        rows.append({"d": d, "sup CDF distance to U(-1, 1)": float(np.max(np.abs(empirical - (prod + 1) / 2)))})
    return tuple(rows)


@claim(
    "tix.pt-distribution.uniform-root-law",
    title="§4 ¶10: a law whose d-fold product is uniform has no tractable form",
    source=src("§4 ¶10, sentences 4-5 (second half)"),
    kind=Kind.SYMBOLIC,
    statement="""Sampling the weights from a suitable 'inverse' law would make the d-fold path products exactly
        uniform, but that law has no tractable analytic form, which is why §4 turns to a power transform. Made
        precise: the law of a weight whose product of d independent copies is U(-1, 1).""",
    decision_rule="""Candidate: a random sign times exp(-G), G ~ Gamma(k, 1), with density
        (-ln|x|)^(k-1)/(2Γ(k)|x|) on (-1, 1). Its Mellin transform E|X|^s = (1+s)^(-k) (sympy) must give, raised to
        the d-th power, E U^s = 1/(1+s) for d = 2..6; 1e5 fixed-seed products of d draws must be within 0.01 of
        U(-1, 1) in sup CDF distance. If the candidate passes, the claim that no tractable law exists is refuted and
        its negation verified; if it fails, the claim stands undecided for the negation (refuted) and verified as
        stated.""",
    recorded="refuted",
    severity="false",
    reading="""No weight law with a tractable closed form makes the product of d independent weights uniform.""",
    charitable_reading="""The 'density equal to its inverse' is not well defined; read as 'the law whose d-fold
        product is uniform', it exists in closed form for every d (-ln|X| ~ Gamma(1/d, 1), sampled by any gamma
        generator), so no reading leaves it intractable.""",
    mutants=[control("the negation: such a law has a closed form", intractable=False),
             mutant("the negation with the wrong shape k = 1/(d+1)", intractable=False,
                    gamma_shape=lambda d: sp.Rational(1, d + 1))],
)
def _uniform_root_law(ctx: CheckContext, *, intractable=True, gamma_shape=lambda d: sp.Rational(1, d)) -> Verdict:
    shapes = tuple((d, gamma_shape(d)) for d in range(2, 7))
    mellin = _root_law_mellin(str(shapes), shapes)
    draws = _root_law_draws(ctx, shapes)
    count_checked(draws)
    works = all(r["Mellin gap"] == 0 for r in mellin) and all(r["sup CDF distance to U(-1, 1)"] < 0.01 for r in draws)
    holds = works != intractable
    x, k = sp.symbols("x k", positive=True)
    return Verdict.from_check(
        holds, checked=len(mellin),
        claimed="no tractable law has uniform d-fold products" if intractable else
                "sign·exp(-Gamma(k)) with the given k has uniform d-fold products",
        measured={"Mellin gap by d": {f"d={r['d']}": r["Mellin gap"] for r in mellin},
                  "sup CDF distance of 1e5 products": {f"d={r['d']}": mt.num(r["sup CDF distance to U(-1, 1)"])
                                                       for r in draws},
                  "density of the candidate on (0, 1)": (-sp.log(x)) ** (k - 1) / (sp.gamma(k) * x)},
        counterexample={"law": "a random sign times exp(-G), G ~ Gamma(1/d, 1)",
                        "uniform products": works},
        finding=("-ln|X| ~ Gamma(1/d, 1) with a random sign has density (-ln|x|)^(1/d-1)/(2Γ(1/d)|x|) and its d-fold "
                 "product is exactly U(-1, 1)" if works else
                 f"with that shape the d-fold product is not uniform (Mellin gap at d = 2: "
                 f"{mt.math(mellin[0]['Mellin gap'])})"),
        notes="""Sums of d independent Gamma(1/d, 1) are Exp(1) = -ln U, which is all the construction uses. The
            report's PT(U) = sign(U)|U|^α has -ln|w| ~ Exp(1/α), whose d-fold sums are Gamma(d) and never Exp(1) for
            d >= 2; the root law is not of that family.""",
    )


# --------------------------------------------------------------------------- §4 ¶10: power maps are multiplicative

def _pt_map(u, alpha):
    return sp.sign(u) * sp.Abs(u) ** alpha


@claim(
    "tix.pt-distribution.power-multiplicative",
    title="§4 ¶10: the power transform is multiplicative, f(ab) = f(a) f(b)",
    source=src("§4 ¶10, sentences 6-7"),
    kind=Kind.SYMBOLIC,
    statement="""The map f(u) = sign(u)|u|^α satisfies f(ab) = f(a)f(b), so transforming each weight transforms
        the product along a path: the product of PT weights is f of the product of the untransformed weights.""",
    decision_rule="""With a, b of each sign written as ±p, ±q (p, q, α positive symbols), simplify
        f(ab) - f(a)f(b) with sympy (powers expanded over positive bases); verified if 0 in all four sign cases,
        refuted with a numeric pair otherwise.""",
    recorded="verified",
    mutants=[mutant("the Box-Cox map (|u|^α - 1)/α with the sign", transform=lambda u, alpha: sp.sign(u) * (
        sp.Abs(u) ** alpha - 1) / alpha),
             mutant("a shifted power sign(u)(|u|^α + 1)", transform=lambda u, alpha: sp.sign(u) * (
                 sp.Abs(u) ** alpha + 1))],
)
def _power_multiplicative(ctx: CheckContext, *, transform=_pt_map) -> Verdict:
    p, q, alpha = sp.symbols("p q alpha", positive=True)
    bad = []
    cases = list(itertools.product((1, -1), repeat=2))
    for sa, sb in cases:
        a, b = sa * p, sb * q
        gap = sp.expand_power_base(sp.expand(transform(a * b, alpha) - transform(a, alpha) * transform(b, alpha)),
                                   force=True)
        gap = sp.simplify(sp.powsimp(gap, force=True))
        if gap != 0:
            at = {p: sp.Rational(1, 2), q: sp.Rational(1, 3), alpha: sp.Rational(1, 2)}
            bad.append({"signs of a and b": f"{sa:+d}, {sb:+d}", "f(ab) - f(a)f(b)": gap,
                        "at p = 1/2, q = 1/3, α = 1/2": mt.num(float(gap.subs(at)))})
    return Verdict.from_check(
        not bad, checked=cases,
        claimed=sp.Eq(sp.Function("f")(sp.Symbol("a") * sp.Symbol("b")),
                      sp.Function("f")(sp.Symbol("a")) * sp.Function("f")(sp.Symbol("b"))),
        measured=f"f(ab) - f(a)f(b) simplifies to 0 in {len(cases) - len(bad)} of {len(cases)} sign cases",
        counterexample=bad[0] if bad else None,
        finding=(f"for signs {bad[0]['signs of a and b']} the gap is {mt.math(bad[0]['f(ab) - f(a)f(b)'])}"
                 if bad else ""),
        notes="""Multiplicativity makes the product of PT weights the transform of a product of uniforms; it does
            not by itself make the product uniform (tix.pt-distribution.uniform decides that).""",
    )


# --------------------------------------------------------------------------- §4 ¶10 and §7.3: clipped PT covers [-x, x]

CLIP_XS = (0.1, 0.5, 0.9)
CLIP_DEPTHS = (2, 3, 4, 6, 8)


@functools.cache
def _clipped_edge_hits() -> tuple[dict, ...]:
    """Exact (regularised incomplete gamma): at the hardest target β = x, with ε = x/100, the chance that one path's
    product lands within ε, for two readings of 'clipped PT(U, d)': the product conditioned on |Y| <= x, and each
    weight conditioned on |w| <= x (then |Y| = x^d · a PT product, so |Y| <= x^d)."""
    rows = []
    for x in CLIP_XS:
        for d in CLIP_DEPTHS:
            alpha = _best_clipped(x, d)[0]
            eps = x / 100

            def cdf(t: float) -> float:
                return float(pt.abs_cdf(min(max(t, 0.0), 1.0), alpha, d))

            product = (cdf(x) - cdf(x - eps)) / cdf(x) / 2
            per_weight = (cdf(x / x**d) - cdf((x - eps) / x**d)) / 2
            rows.append({"x": x, "d": d, "alpha": alpha,
                         "product clipped: P(hit at β = x)": product,
                         "each weight clipped: P(hit at β = x)": per_weight,
                         "each weight clipped: largest |product|": x**d,
                         "uniform rate ε/(2x)": eps / (2 * x)})
    return tuple(rows)


@claim(
    "tix.pt-distribution.clipped-coverage",
    uses=("tix.pt-distribution.clipped-uniform",),
    title="§4 ¶10, §7.3: clipped PT(U, d) path products reach every target in [-x, x] at any depth",
    source=src("§4 ¶10, sentence 9; §7.3 ¶2"),
    kind=Kind.EXACT,
    statement="""Clipping PT(U, d) to the target interval [-x, x] makes the support of the path products span every
        possible target weight, with high likelihood and at any depth. Read as §7.3 uses it: the path product is
        drawn from the clipped law, i.e. conditioned on |Y| <= x.""",
    decision_rule="""For x = 0.1, 0.5, 0.9 and d = 2, 3, 4, 6, 8, with the α that makes the clipped product closest
        to uniform, compute exactly the chance that one path's product lands within ε = x/100 of the hardest target
        β = x. Verified if it is positive (the support reaches x) at every point; refuted if it is 0 somewhere.""",
    recorded="verified",
    mutants=[mutant("each weight clipped to [-x, x], so products stay within [-x^d, x^d]", clip="each weight")],
)
def _clipped_coverage(ctx: CheckContext, *, clip="product") -> Verdict:
    rows = _clipped_edge_hits()
    key = {"product": "product clipped: P(hit at β = x)", "each weight": "each weight clipped: P(hit at β = x)"}[clip]
    bad = [r for r in rows if not r[key] > 0]
    return Verdict.from_check(
        not bad, checked=rows,
        claimed=f"with {clip} clipped, every target in [-x, x] can be hit at every depth",
        measured={"smallest P(hit at β = x) / (ε/(2x))": mt.num(min(r[key] / r["uniform rate ε/(2x)"] for r in rows)),
                  "by x at d = 8": {f"x={r['x']}": mt.num(r[key]) for r in rows if r["d"] == 8}},
        counterexample=None if not bad else {"x": bad[0]["x"], "d": bad[0]["d"],
                                             "largest |product|": mt.num(bad[0]["each weight clipped: largest |product|"]),
                                             "P(hit at β = x)": mt.num(bad[0][key])},
        finding=(f"at x = {bad[0]['x']}, d = {bad[0]['d']} the products stay within "
                 f"±{mt.num(bad[0]['each weight clipped: largest |product|'])}, so β = x is never reached") if bad else "",
        notes="""Reaching every target is weaker than hitting it at the uniform rate ε/(2x): near the edge the
            clipped product's density is below uniform (tix.slr-width.p-lower-bound.pt-weights), which the smallest
            ratio above shows. Clipping each weight instead (the mutant) confines products to [-x^d, x^d] and leaves
            targets near ±x out of reach whenever x < 1.""",
    )


# --------------------------------------------------------------------------- §7.3: 1 - x <= e^(-x)

@claim(
    "tix.slr-width.exp-bound",
    title="§7.3: (1 - p)^N <= exp(-N p) from 1 - x <= e^(-x)",
    source=src("§7.3, first display"),
    kind=Kind.SYMBOLIC,
    statement="""With N = w^(d-1) paths, (1 - p)^N is at most exp(-N p), because 1 - x <= e^(-x).""",
    decision_rule="""Show with sympy that g(x) = e^(-x) - (1 - x) has g(0) = 0, g'(0) = 0 and g'' = e^(-x) > 0 (so g >= 0
        everywhere), and compare (1 - p)^N with the claimed right-hand side exactly at p = 0, 1/20, ..., 1 and
        N = 1, 2, 5, 10, 100, 1000; verified if the inequality holds at every point.""",
    recorded="verified",
    mutants=[mutant("exp(-2Np)", bound=lambda N, p: sp.exp(-2 * N * p)),
             mutant("Bernoulli's 1 - Np (the reverse inequality)", bound=lambda N, p: 1 - N * p)],
)
def _exp_bound(ctx: CheckContext, *, bound=lambda N, p: sp.exp(-N * p)) -> Verdict:
    x = sp.Symbol("x", real=True)
    g = sp.exp(-x) - (1 - x)
    convex = g.subs(x, 0) == 0 and sp.diff(g, x).subs(x, 0) == 0 and sp.diff(g, x, 2) == sp.exp(-x)
    points = [(N, sp.Rational(k, 20)) for N in (1, 2, 5, 10, 100, 1000) for k in range(21)]
    bad = [{"N": N, "p": p, "(1-p)^N": (1 - p) ** N, "bound": bound(N, p)} for N, p in points
           if not bool((1 - p) ** N <= bound(N, p))]
    return Verdict.from_check(
        not bad, checked=points,
        claimed=sp.Le((1 - sp.Symbol("p")) ** sp.Symbol("N"), bound(sp.Symbol("N"), sp.Symbol("p"))),
        measured={"1 - x <= e^(-x) by convexity": bool(convex), "grid points": len(points),
                  "points where it holds": len(points) - len(bad)},
        counterexample=None if not bad else {"N": bad[0]["N"], "p": bad[0]["p"],
                                             "(1-p)^N": mt.num(bad[0]["(1-p)^N"]), "bound": mt.num(bad[0]["bound"])},
        finding=(f"at N = {bad[0]['N']}, p = {bad[0]['p']}: (1-p)^N = {mt.num(bad[0]['(1-p)^N'])} exceeds "
                 f"{mt.num(bad[0]['bound'])}") if bad else "",
        notes="""The step itself is sound; the '≈' before it, (1-p)^N as the chance that no path hits, assumes
            independent paths (tix.slr-width.independence).""",
    )


# --------------------------------------------------------------------------- §7.3: blocks 1/d as wide

RATIO_EPS = (0.1, 0.01, 0.001)
RATIO_DELTAS = (0.1, 0.01)
RATIO_DEPTHS = tuple(range(3, 21))


@claim(
    "tix.slr-width.depth-block-ratio",
    uses=("tix.slr-width.algebra.corrected",),
    title="§7.3: a depth-d SLR block is 1/d as wide as a two-layer one",
    source=src("§7.3, last paragraph"),
    kind=Kind.EXACT,
    statement="""The SLR and MLR building blocks of depth d are 1/d as wide as a two-layer random block would be, so
        the final random graph should be markedly smaller. Read as: for the deeper blocks (d >= 3) the width asked
        per hidden layer is at most 1/d of the two-layer width.""",
    decision_rule="""The block widths are L^(1/(d-1)) at depth d and L at d = 2, L = log(2/δ)/p, p = ε/2 (x = 1;
        §7.3 with the root §7.4 uses). For ε in (0.1, 0.01, 0.001), δ in (0.1, 0.01) and d = 3..20, compare the
        ratio L^(1/(d-1)-1) with the claimed factor in logs (margins far above rounding); verified if the relation
        holds at every point.""",
    recorded="verified",
    mutants=[mutant("exactly 1/d as wide", relation="equal"),
             mutant("at most 1/d² as wide", factor=lambda d: 1 / d**2)],
)
def _depth_block_ratio(ctx: CheckContext, *, factor=lambda d: 1 / d, relation="at most") -> Verdict:
    rows = []
    for eps, delta, d in itertools.product(RATIO_EPS, RATIO_DELTAS, RATIO_DEPTHS):
        L = math.log(2 / delta) / (eps / 2)
        log_ratio = (1 / (d - 1) - 1) * math.log(L)
        log_factor = math.log(factor(d))
        ok = log_ratio <= log_factor if relation == "at most" else abs(log_ratio - log_factor) < 1e-9
        rows.append({"epsilon": eps, "delta": delta, "d": d, "ratio": math.exp(log_ratio),
                     "claimed factor": factor(d), "holds": ok})
    bad = [r for r in rows if not r["holds"]]
    worst = max(rows, key=lambda r: r["ratio"] / r["claimed factor"])
    return Verdict.from_check(
        not bad, checked=rows,
        claimed=f"depth-d block width {relation} the claimed factor times the two-layer width",
        measured={"ratio": (sp.Symbol("L")) ** (1 / (sp.Symbol("d") - 1) - 1),
                  "largest ratio / claimed factor": f"{mt.num(worst['ratio'] / worst['claimed factor'])} at ε = "
                                                    f"{mt.num(worst['epsilon'])}, δ = {mt.num(worst['delta'])}, "
                                                    f"d = {worst['d']}",
                  "ratio at ε = 0.01, δ = 0.1": {f"d={r['d']}": mt.num(r["ratio"]) for r in rows
                                                 if r["epsilon"] == 0.01 and r["delta"] == 0.1 and r["d"] <= 6}},
        counterexample=None if not bad else mt.rounded({k: bad[0][k] for k in ("epsilon", "delta", "d", "ratio",
                                                                               "claimed factor")}, 4),
        finding=(f"at ε = {mt.num(bad[0]['epsilon'])}, δ = {mt.num(bad[0]['delta'])}, d = {bad[0]['d']} the block is "
                 f"{mt.num(bad[0]['ratio'])} of the two-layer width, against {mt.num(bad[0]['claimed factor'])}")
        if bad else "",
        notes="""The ratio L^(-(d-2)/(d-1)) is not a factor 1/d: it depends on ε and δ and, at fixed ε and δ, tends to
            1/L as d grows, so for d beyond about L it is no longer below 1/d. On the grid the deeper block is far
            slimmer than 1/d, which supports 'markedly smaller' per layer; the depth-d block has d-1 hidden layers, so
            its neuron count is (d-1)L^(1/(d-1)).""",
    )


# --------------------------------------------------------------------------- §7.4-7.6: union bounds and the |T| slip

def _union_symbols():
    return sp.symbols("S T F delta", positive=True)


@claim(
    "tix.mlr-layer-network.union-bounds",
    title="§7.4-7.6: union bounds over the |S| sources, the |T| outputs and the F_depth layers",
    source=src("§7.4 ¶2; §7.5 ¶3; §7.6 ¶3, sentences 2-3"),
    kind=Kind.SYMBOLIC,
    statement="""Each level splits the failure probability evenly and adds it back by a union bound: |S| SLR blocks
        failing with probability at most δ/|S| each (§7.4), |T| scalar MLRs with δ/|T| each (§7.5), F_depth layers
        with δ/F_depth each (§7.6), each time failing together with probability at most δ. Nested, every SLR block of
        the network gets δ/(|S||T|F_depth), and with ReLU each of its two paths δ/(2|S||T|F_depth): the argument
        2|S||T|F_depth/δ of §7.6's logarithm.""",
    decision_rule="""With sympy, sum the per-term failure over the terms of each level (|S|, |T|, F_depth) and over
        the 2|S||T|F_depth paths of the nested split; verified if every sum simplifies to δ. Boole's inequality needs
        no independence between the blocks.""",
    recorded="verified",
    mutants=[mutant("each layer asked for δ, undivided", layer_failure=lambda delta, F: delta),
             mutant("each source block asked for δ/|S|² (the split squared)", source_failure=lambda delta, S: delta / S**2)],
)
def _union_bounds(ctx: CheckContext, *, source_failure=lambda delta, S: delta / S,
                  output_failure=lambda delta, T: delta / T, layer_failure=lambda delta, F: delta / F) -> Verdict:
    S, T, F, delta = _union_symbols()
    per_path = source_failure(output_failure(layer_failure(delta, F), T), S) / 2
    sums = {"§7.4 sources": S * source_failure(delta, S), "§7.5 outputs": T * output_failure(delta, T),
            "§7.6 layers": F * layer_failure(delta, F), "nested, 2|S||T|F_depth paths": 2 * S * T * F * per_path}
    gaps = {k: sp.simplify(v - delta) for k, v in sums.items()}
    bad = [k for k, g in gaps.items() if g != 0]
    return Verdict.from_check(
        not bad, checked=gaps,
        claimed="each union bound adds up to δ",
        measured={k: sp.simplify(v) for k, v in sums.items()},
        counterexample=None if not bad else {"level": bad[0], "total failure": sp.simplify(sums[bad[0]])},
        finding=f"at {bad[0]} the failures add up to {mt.math(sp.simplify(sums[bad[0]]))}, not δ" if bad else "",
        notes="""The per-path failure δ/(2|S||T|F_depth) is what §7.6's logarithm log(2|S||T|F_depth/δ) holds; §7.5's
            final line keeps δ' in it (δ/|T| read literally), tix.mlr-layer-network.layer-width says so. §7.6's text
            counts |T| layers where it means F_depth (tix.mlr-layer-network.network-union-count).""",
    )


@claim(
    "tix.mlr-layer-network.network-union-count",
    title="§7.6 ¶2: 'each of the |T| layers' fails with probability δ/F_depth",
    source=src("§7.6 ¶2, sentence 4"),
    kind=Kind.AUDIT,
    statement="""§7.6 asks each of the |T| layers to be approximated with probability 1 - δ/F_depth; the union bound of
        ¶3 then adds the failures of all layers to δ.""",
    decision_rule="""Add the per-layer failure δ/F_depth over the number of layers as printed, with sympy; verified if
        the total is δ for all |T| and F_depth, refuted otherwise (with a numeric pair).""",
    recorded="refuted",
    severity="typo",
    correction="tix.mlr-layer-network.union-bounds",
    reading="""The number of union-bound terms is |T| (the printed 'each of the |T| layers'), each failing with
        probability δ/F_depth.""",
    charitable_reading="""|T| as the width of a layer cannot count layers: the network has F_depth substituted layers,
        which the same sentence's δ/|F_depth|, the display's δ' <= δ/|F_depth| and ¶3's union bound use; only with
        F_depth terms do the failures add to δ. The printed |T| is a one-symbol slip, corrected in the sibling.""",
    mutants=[control("F_depth layers", layers=lambda T, F: F),
             mutant("|S| layers", layers=lambda T, F: sp.Symbol("S"))],
)
def _network_union_count(ctx: CheckContext, *, layers=lambda T, F: T) -> Verdict:
    S, T, F, delta = _union_symbols()
    total = layers(T, F) * delta / F
    gap = sp.simplify(total - delta)
    at = {T: 4, F: 3, delta: sp.Rational(1, 10), S: 2}
    return Verdict.from_check(
        gap == 0, checked=1,
        claimed=sp.Eq(sp.Symbol("total_failure"), delta),
        measured={"total failure": total},
        counterexample={"|T|": 4, "F_depth": 3, "delta": mt.num(0.1), "total failure": mt.show(total.subs(at))},
        finding=(f"|T| terms of δ/F_depth add to {mt.math(total)}; at |T| = 4, F_depth = 3, δ = 0.1 that is "
                 f"{mt.show(total.subs(at))}") if gap != 0 else "",
    )


# --------------------------------------------------------------------------- §7.4: splitting the precision

@claim(
    "tix.mlr-layer-network.precision-split",
    title="§7.4 ¶3: each coefficient within ε/|S| keeps the sum within ε; the display asks ε/(2|S|)",
    source=src("§7.4 ¶3 and display"),
    kind=Kind.SYMBOLIC,
    statement="""For the MLR sum to be within ε, each of the |S| coefficient approximations must be within ε/|S|; the
        section then asks each SLR block for error below ε/(2|S|), a tighter budget. Read with inputs |x_i| <= 1 (the
        theorem's bounded inputs).""",
    decision_rule="""The worst-case error of Σ(β̃_i - β_i)x_i over |x_i| <= 1 is Σ|β̃_i - β_i|, attained at
        x_i = sign(β̃_i - β_i). With sympy, |S| times the per-coefficient budget must be at most ε for |S| = 1..100,
        and the display's budget must be at most the text's (a tightening); verified if both hold.""",
    recorded="verified",
    mutants=[mutant("each coefficient within ε/sqrt|S|", per_coefficient=lambda eps, S: eps / sp.sqrt(S)),
             mutant("the display asks 2ε/|S|, looser than the text", display=lambda eps, S: 2 * eps / S)],
)
def _precision_split(ctx: CheckContext, *, per_coefficient=lambda eps, S: eps / S,
                     display=lambda eps, S: eps / (2 * S)) -> Verdict:
    eps = sp.Symbol("epsilon", positive=True)
    bad = []
    for S in range(1, 101):
        total = sp.nsimplify(S * per_coefficient(eps, S) / eps)
        tight = sp.nsimplify(display(eps, S) / per_coefficient(eps, S))
        if not (total <= 1 and tight <= 1):
            bad.append({"|S|": S, "worst-case total / ε": total, "display / text budget": tight})
    Sy = sp.Symbol("S", positive=True)
    return Verdict.from_check(
        not bad, checked=100,
        claimed="|S|·(ε/|S|) <= ε and ε/(2|S|) <= ε/|S|",
        measured={"worst-case total error": Sy * per_coefficient(eps, Sy),
                  "worst-case total with the display's budget": sp.simplify(Sy * display(eps, Sy))},
        counterexample=None if not bad else {k: mt.show(v) for k, v in bad[0].items()},
        finding=(f"at |S| = {bad[0]['|S|']} the worst-case total is {mt.show(bad[0]['worst-case total / ε'])}·ε and "
                 f"the display's budget is {mt.show(bad[0]['display / text budget'])} of the text's") if bad else "",
        notes="""The display's ε/(2|S|) is a harmless tightening: the sum is then within ε/2. It is what §7.4's
            p' >= ε'/2 = ε/(4|S|x) = p/(2|S|) builds on (ε' = ε/(2|S|), p' = ε'/(2x)). The budget needs bounded
            inputs; with ||x||_2 <= 1 instead, Σ|e_i||x_i| <= sqrt|S|·ε/|S| <= ε as well.""",
    )


# --------------------------------------------------------------------------- §7.6: the p' chain

@claim(
    "tix.mlr-layer-network.network-p-identity",
    uses=("tix.mlr-layer-network.layer-width",),
    title="§7.6: p' >= ε'/2 = ε/(4|S||T|^(1/d)F_depth) = p/(2|S||T|^(1/d)F_depth)",
    source=src("§7.6 ¶2 and display lines 2-4"),
    kind=Kind.SYMBOLIC,
    statement="""Each layer is asked for precision ε/(2F_depth) and failure δ/F_depth; per SLR path that gives
        p' >= ε'/2 = ε/(4|S||T|^(1/d)F_depth) = p/(2|S||T|^(1/d)F_depth). Read with §7.6's own 'p' >= ε'/2', which
        is §7.3's p = ε/(2x) at x = 1 (path products uniform on [-1, 1], the PT support).""",
    decision_rule="""With the per-path precision ε' = ε/(2F_depth|S||T|^(1/d)) and p = ε/(2x) at the reading's x,
        check with sympy that ε'/2, the middle term and p/(2|S||T|^(1/d)F_depth) are equal; report the x for which
        they agree in general. Verified if all three are equal at the reading's x.""",
    recorded="verified",
    mutants=[mutant("a middle term ε/(2|S||T|^(1/d)F_depth), as §7.5 prints its analogue",
                    middle=lambda eps, S, T, F, d: eps / (2 * S * T ** (1 / d) * F)),
             mutant("path products uniform on [-2, 2] (x = 2)", x_range=2)],
)
def _network_p_identity(ctx: CheckContext, *, middle=lambda eps, S, T, F, d: eps / (4 * S * T ** (1 / d) * F),
                        x_range=1) -> Verdict:
    S, T, F, eps, d, x = sp.symbols("S T F epsilon d x", positive=True)
    eps_path = eps / (2 * F * S * T ** (1 / d))
    terms = {"ε'/2 (with x)": eps_path / (2 * x), "middle term": middle(eps, S, T, F, d),
             "p/(2|S||T|^(1/d)F_depth)": (eps / (2 * x)) / (2 * S * T ** (1 / d) * F)}
    at = {k: sp.simplify(v.subs(x, x_range)) for k, v in terms.items()}
    values = list(at.values())
    equal = all(sp.simplify(v - values[0]) == 0 for v in values[1:])
    agree_at = sp.solve(sp.Eq(terms["middle term"], terms["p/(2|S||T|^(1/d)F_depth)"]), x)
    return Verdict.from_check(
        equal, checked=len(at),
        claimed=f"the three terms are equal at x = {mt.num(x_range)}",
        measured={**{k: v for k, v in at.items()}, "middle term = right term only at x in": mt.show(agree_at)},
        counterexample={k: v for k, v in at.items()},
        finding=(f"at x = {mt.num(x_range)} the middle term is {mt.math(at['middle term'])} while the right term is "
                 f"{mt.math(at['p/(2|S||T|^(1/d)F_depth)'])}") if not equal else "",
        notes="""For a target range x other than 1 the middle term needs the x of §7.4's ε/(4|S|x): the right-hand term
            p/(2|S||T|^(1/d)F_depth), which the final width formula uses, is right for every x. Unlike §7.5's line
            (tix.mlr-layer-network.layer-p-identity, off by a factor 2 even at x = 1), §7.6's chain is consistent.
            The precision ε/(2F_depth) of ¶2 is half the ε/F_depth of ¶3, a harmless tightening as in §7.4.""",
    )


# --------------------------------------------------------------------------- §7.6 ¶4: deeper blocks; the ReLU factor 2

DEEP_CASES = ((2, 2, 2), (10, 10, 10), (100, 100, 10))  # (|S|, |T|, F_depth)
DEEP_VALUES = {"epsilon": 0.01, "delta": 0.1, "x": 1.0}
DEEP_DEPTHS = tuple(range(2, 101))


@functools.cache
def _network_widths() -> tuple[dict, ...]:
    """§7.6's width (δ' read as δ, p = ε/(2x)) at d = 2..100 for the cases, and its per-SLR-block width w/(|S||T|)."""
    S, T, F, delta, p, d = sp.symbols("S T F delta p d", positive=True)
    width = sp.lambdify((S, T, F, delta, p, d), _network_formula(S, T, F, delta, p, d))
    rows = []
    p_val = DEEP_VALUES["epsilon"] / (2 * DEEP_VALUES["x"])
    for s, t, f in DEEP_CASES:
        for k in DEEP_DEPTHS:
            w = float(width(s, t, f, DEEP_VALUES["delta"], p_val, k))
            rows.append({"|S|": s, "|T|": t, "F_depth": f, "d": k, "width": w, "block width": w / (s * t)})
    return tuple(rows)


@claim(
    "tix.mlr-layer-network.deeper-narrower",
    uses=("tix.mlr-layer-network.network-width",),
    title="§7.6 ¶4: deeper substitution blocks need a narrower random graph",
    source=src("§7.6 ¶4, sentence 1; §4 ¶11"),
    kind=Kind.EXACT,
    statement="""At a fixed target, ε and δ, making the random substitution blocks deeper lowers the width §7.6's
        bound asks of the random graph.""",
    decision_rule="""Evaluate §7.6's width (δ' read as δ, p = ε/(2x), ε = 0.01, δ = 0.1, x = 1) at d = 2..100 for
        (|S|, |T|, F_depth) = (2, 2, 2), (10, 10, 10), (100, 100, 10). Verified if it moves in the claimed direction
        between every pair of consecutive depths by more than a relative 1e-6 (rounding is near 1e-15).""",
    recorded="verified",
    mutants=[mutant("the width grows with d", direction="grows")],
)
def _deeper_narrower(ctx: CheckContext, *, direction="falls") -> Verdict:
    rows = _network_widths()
    bad = []
    for a, b in zip(rows, rows[1:]):
        if a["d"] + 1 != b["d"]:
            continue
        change = b["width"] / a["width"] - 1
        if not (change < -1e-6 if direction == "falls" else change > 1e-6):
            bad.append({"case": f"{a['|S|']}, {a['|T|']}, {a['F_depth']}", "from d": a["d"],
                        "relative change": change})
    shown = {f"|S|=|T|={s}, F_depth={f}": {f"d={r['d']}": mt.num(r["width"]) for r in rows
                                           if r["|S|"] == s and r["F_depth"] == f and r["d"] in (2, 3, 5, 10, 100)}
             for s, _, f in DEEP_CASES}
    return Verdict.from_check(
        not bad, checked=len(rows) - len(DEEP_CASES),
        claimed=f"§7.6's width {direction} with each added layer of depth",
        measured={"width by d": shown},
        counterexample=None if not bad else {k: mt.show(v) for k, v in bad[0].items()},
        finding=(f"for (|S|, |T|, F_depth) = ({bad[0]['case']}) the width changes by {mt.num(bad[0]['relative change'])} "
                 f"from d = {bad[0]['from d']}") if bad else "",
        notes="""The width falls towards |S||T| (each SLR block's width tends to 1); under ReLU that floor is below what
            the construction needs (tix.relu-paths.deep-blocks). The random graph gets deeper as it gets narrower
            (depth d·F_depth), so its size need not fall.""",
    )


@claim(
    "tix.relu-paths.deep-blocks",
    uses=("tix.relu-paths.first-edges", "tix.mlr-layer-network.network-width"),
    title="§7.6: with ReLU, the width formula leaves each block room for its two disjoint paths",
    source=src("§7.6, final display, with §7.3's ReLU paragraph and §4 ¶9"),
    kind=Kind.EXACT,
    statement="""§7.6's width is meant to hold, for every target weight, a ticket of the kind §7.3 describes: under
        ReLU two node-disjoint paths whose first edges have opposite signs (the 2 in log(2/δ) is their union bound),
        each in the weight's own block of width w/(|S||T|) (§7.4-7.5).""",
    decision_rule="""At the cases and values of tix.mlr-layer-network.deeper-narrower, the smallest admissible width is
        ceil(§7.6's width); split into |S||T| blocks, some block has width floor(ceil(w)/(|S||T|)). Two node-disjoint
        paths need two nodes in every hidden layer of the block. Verified if that block width is at least the paths
        per weight at every d = 2..100; refuted with the first depth where it is not.""",
    recorded="refuted",
    severity="proof-gap",
    reading="""Under ReLU (§7.3: two disjoint paths per weight), any random graph at least as wide as §7.6's formula
        gives every target weight a block wide enough for its ticket, at every substitution depth.""",
    charitable_reading="""The formula read for linear activation (one path per weight) would need no factor 2 (the
        control), but its log(2/δ) is the ReLU union bound over two paths and §4 ¶9 says ReLU needs the two disjoint
        paths that linear activation does not. At large d the formula tends to |S||T|, half the 2|S||T| hidden nodes
        per layer a ReLU ticket in this construction occupies; whether the theorem survives: yes with the width
        raised to at least 2|S||T|, which keeps it polynomial.""",
    mutants=[control("linear activation, one path per weight", paths_per_weight=1),
             mutant("three paths per weight", paths_per_weight=3)],
)
def _relu_deep_blocks(ctx: CheckContext, *, paths_per_weight=2) -> Verdict:
    rows = _network_widths()
    bad = [r for r in rows if math.ceil(r["width"] - 1e-9) // (r["|S|"] * r["|T|"]) < paths_per_weight]
    first = {}
    for r in bad:
        first.setdefault((r["|S|"], r["|T|"], r["F_depth"]), r)
    return Verdict.from_check(
        not bad, checked=rows,
        claimed=f"every block holds {paths_per_weight} node-disjoint paths at every depth",
        measured={"first depth with too narrow a block": {f"|S|=|T|={k[0]}, F_depth={k[2]}": f"d={v['d']}, block width "
                                                          f"{mt.num(v['block width'])}" for k, v in first.items()}
                  or "none"},
        counterexample=None if not bad else {"|S|": bad[0]["|S|"], "|T|": bad[0]["|T|"], "F_depth": bad[0]["F_depth"],
                                             "d": bad[0]["d"], "width": mt.num(bad[0]["width"]),
                                             "block width": mt.num(bad[0]["block width"])},
        finding=(f"at |S| = |T| = {bad[0]['|S|']}, F_depth = {bad[0]['F_depth']}, d = {bad[0]['d']} the formula asks "
                 f"width {mt.num(bad[0]['width'])}, blocks of {mt.num(bad[0]['block width'])} nodes, too few for "
                 f"{paths_per_weight} node-disjoint paths per weight") if bad else "",
        notes="""The formula counts one path per weight; the factor 2 of ReLU enters only the failure probability
            (log(2/δ)), not the width. For moderate d the formula is far above 2|S||T| and the gap is immaterial; it
            matters for the deep substitutions §4 ¶11 and §7.6 ¶4 advertise. tix.relu-paths finds the per-path
            probability off as well.""",
    )


# --------------------------------------------------------------------------- §7.4-7.5 and the theorem, end to end

THEOREM_EPS = 0.2
THEOREM_DELTA = 0.1
THEOREM_DEPTHS = (3, 4)


def _block_width(log_arg: float, inv_p: float, d: int, root) -> int:
    """Nodes per hidden layer of one SLR block: ceil((log(log_arg)·inv_p)^root(d))."""
    return math.ceil((math.log(log_arg) * inv_p) ** root(d) - 1e-9)


def _nearest(b: int, d: int, targets: np.ndarray, alpha: float, rng: np.random.Generator) -> np.ndarray:
    """For each trial, the path product nearest its target in an independent block of width b and depth d."""
    prods = path_products(b, d, targets.size, alpha, rng)
    idx = np.argmin(np.abs(prods - targets[:, None]), axis=1)
    return prods[np.arange(targets.size), idx]


def _failure_rows(ctx: CheckContext, level: str, root) -> tuple[dict, ...]:
    """Random graphs at the printed width of ``level`` (§7.4 'mlr', §7.5 'layer', §7.6 'network'), PT weights with the
    α that makes the product closest to uniform on the target range, linear activation; per trial the nearest path in
    each target weight's own block is kept, and the trial fails when the error exceeds ε."""
    trials = ctx.budget(quick=300, standard=2000)
    eps, delta = THEOREM_EPS, THEOREM_DELTA
    rng = ctx.rng({"mlr": 10, "layer": 20, "network": 30}[level])
    rows = []
    for d in THEOREM_DEPTHS:
        if level == "mlr":
            for S in (2, 3):
                x = 1.0
                p = eps / (2 * x)
                b = _block_width(2 * S / delta, 2 * S / p, d, root)
                alpha = _best_clipped(x, d)[0]
                betas = rng.uniform(-x, x, size=(S, trials))
                err = sum(np.abs(_nearest(b, d, betas[i], alpha, rng) - betas[i]) for i in range(S))
                rows.append({"shape": f"|S|={S}", "d": d, "block width": b, "errors": err, "trials": trials})
        elif level == "layer":
            for S, T in ((2, 2), (2, 3)):
                x = 1.0
                p = eps / (2 * x)
                b = _block_width(2 * S * T / delta, 2 * S * T ** (1 / d) / p, d, root)
                alpha = _best_clipped(x, d)[0]
                out = np.zeros((T, trials))
                for j in range(T):
                    for i in range(S):
                        beta = rng.uniform(-x, x, size=trials)
                        out[j] += np.abs(_nearest(b, d, beta, alpha, rng) - beta)
                err = np.sum(out**d, axis=0) ** (1 / d)  # §7.5's L^d norm of the per-output worst-case errors
                rows.append({"shape": f"|S|={S}, |T|={T}", "d": d, "block width": b, "errors": err, "trials": trials})
        else:
            F_in, F_w, F_depth = 2, 2, 2
            x = 1 / math.sqrt(F_w)  # the theorem's entry bound |w| <= 1/sqrt(F_width)
            p = eps / (2 * x)
            S = T = F_w
            b = _block_width(2 * S * T * F_depth / delta, 4 * S * T ** (1 / d) * F_depth / p, d, root)
            alpha = _best_clipped(x, d)[0]
            shapes = [(F_w, F_in), (1, F_w)]
            targets, approx = [], []
            for rows_, cols in shapes:
                W = rng.uniform(-x, x, size=(trials, rows_, cols))
                norms = np.linalg.norm(W, ord=2, axis=(1, 2))
                W = W / np.maximum(1.0, norms)[:, None, None]  # ||W||_2 <= 1
                A = np.zeros_like(W)
                for r_ in range(rows_):
                    for c in range(cols):
                        A[:, r_, c] = _nearest(b, d, W[:, r_, c], alpha, rng)
                targets.append(W)
                approx.append(A)
            target = targets[1] @ targets[0]
            found = approx[1] @ approx[0]
            errs = np.linalg.norm((found - target)[:, 0, :], axis=1)  # sup over ||x||_2 <= 1 of the output error
            rows.append({"shape": f"F_input={F_in}, F_width={F_w}, F_depth={F_depth}", "d": d, "block width": b,
                         "errors": errs, "trials": trials})
    return tuple(rows)


@measurement
def _theorem_failures(ctx: CheckContext, level: str, root_key: str) -> tuple[dict, ...]:
    """Measurement: failure counts of :func:`_failure_rows` (``root_key`` names the root of the block width)."""
    root = {"d-1": lambda d: 1 / (d - 1), "d": lambda d: 1 / d}[root_key]
    return _failure_rows(ctx, level, root)


def _theorem_verdict(ctx: CheckContext, level: str, root_key: str, failure_level: float, precision: float) -> Verdict:
    rows = [{"shape": r["shape"], "d": r["d"], "block width": r["block width"],
             "failures": int(np.sum(np.asarray(r["errors"]) > precision)), "trials": r["trials"]}
            for r in _theorem_failures(ctx, level, root_key)]
    tests = [decide_upper_bound(r["failures"], r["trials"], failure_level, 0.95) for r in rows]
    status = combine_point_statuses([t.status for t in tests])
    table = [{**r, "failure rate": mt.num(t.p_hat), "95% interval": f"{mt.num(t.ci_low)} to {mt.num(t.ci_high)}"}
             for r, t in zip(rows, tests)]
    worst = max(zip(rows, tests), key=lambda rt: rt[1].ci_low)
    return Verdict(
        status=status,
        claimed=f"failure probability at most {mt.num(failure_level)} for error at most {mt.num(precision)} "
                f"(blocks built for ε = {mt.num(THEOREM_EPS)})",
        measured={"largest failure rate": f"{mt.num(worst[1].p_hat)} ({worst[0]['shape']}, d = {worst[0]['d']}, "
                                          f"95% interval {mt.num(worst[1].ci_low)} to {mt.num(worst[1].ci_high)})",
                  "points": len(rows)},
        counterexample={k: mt.show(v) for k, v in table[tests.index(worst[1])].items()}
        if status is Status.REFUTED else None,
        intervals={f"{r['shape']}, d={r['d']}": [t.ci_low, t.ci_high] for r, t in zip(rows, tests)},
        decision_detail="; ".join(f"{r['shape']}, d={r['d']}: {r['failures']}/{r['trials']}" for r in rows),
        finding=(f"at {worst[0]['shape']}, d = {worst[0]['d']} the construction fails in {worst[0]['failures']} of "
                 f"{worst[0]['trials']} random graphs, above {mt.num(failure_level)}") if status is Status.REFUTED else "",
        would_decide=("more trials at the points whose interval straddles the level" if status is Status.INCONCLUSIVE
                      else "" if status is Status.VERIFIED else "the theorem is conditional on independent path products (the report's conjecture), which "
                           "these real, dependent paths do not satisfy: only a construction meeting that premise, or a "
                           "width derived without it, would decide it"),
        notes="""Conditional on the report's conjecture in the sense that the width formula assumes independent
            paths; here the paths are the real, dependent ones. Linear activation (§7.1), so one path per weight; the
            ReLU case is tix.relu-paths. Targets are drawn at random (uniform on the target range), not chosen
            adversarially: targets at ±x are hit less often (tix.slr-width.p-lower-bound.pt-weights).""",
        evidence={"table": table},
    )


_THEOREM_RULE = f"""Trials (300 quick, 2000 standard) of random graphs at the printed width for ε = {THEOREM_EPS},
    δ = {THEOREM_DELTA}, substitution depths d = 3, 4, with weights sign(U)|U|^α, α making the d-fold product closest
    to uniform on the target range (tix.pt-distribution.uniform's reading); each target weight gets its own block of
    the printed block width (§7.4-7.5), linear activation, and the path nearest the target is kept. A trial fails when
    the error exceeds ε. Per point a 95% Wilson interval of the failure rate against δ: refuted if some interval lies
    above δ, verified if all lie at or below, else inconclusive."""


@claim(
    "tix.mlr-layer-network.mlr-construction",
    uses=("tix.mlr-layer-network.mlr-width", "tix.mlr-layer-network.union-bounds",
          "tix.mlr-layer-network.precision-split"),
    title="§7.4: a random graph of the §7.4 width contains an ε-approximation of any scalar MLR",
    source=src("§7.4 ¶1 and display"),
    kind=Kind.STATISTICAL,
    scope="reduced",
    statement="""A random graph of depth d whose width meets the §7.4 bound w >= |S|(log(2|S|/δ)2|S|/p)^(1/(d-1))
        (p = ε/(2x)) contains, with probability at least 1 - δ, a subgraph with the sources and sink of y = Σ β_i x_i
        whose output is within ε of it for |x_i| <= 1.""",
    decision_rule=_THEOREM_RULE + " Scalar MLRs with |S| = 2, 3, targets uniform on [-1, 1]; error Σ|β̃_i - β_i|.",
    recorded={"quick": "inconclusive", "standard": "verified", "paper": "verified"},
    mutants=[mutant("blocks of the printed §7.3 root 1/d", root_key="d"),
             mutant("failure at most δ/10", failure_level=THEOREM_DELTA / 10)],
)
def _mlr_construction(ctx: CheckContext, *, root_key="d-1", failure_level=THEOREM_DELTA,
                      precision=THEOREM_EPS) -> Verdict:
    return _theorem_verdict(ctx, "mlr", root_key, failure_level, precision)


@claim(
    "tix.mlr-layer-network.layer-construction",
    uses=("tix.mlr-layer-network.layer-width", "tix.mlr-layer-network.union-bounds",
          "tix.mlr-layer-network.error-norm-sum", "tix.mlr-layer-network.layer-as-mlrs"),
    title="§7.5: a random graph of the §7.5 width contains an ε-approximation of any layer",
    source=src("§7.5 ¶1 and display"),
    kind=Kind.STATISTICAL,
    scope="reduced",
    statement="""A random graph of depth d whose width meets the §7.5 bound contains, with probability at least
        1 - δ, a subgraph with sources S and sinks T whose outputs are within ε of Σ_i β_ij x_i in §7.5's L^d norm
        (each output within ε/|T|^(1/d)).""",
    decision_rule=_THEOREM_RULE + """ Layers 2 -> 2 and 2 -> 3, targets uniform on [-1, 1]; error the L^d norm over
        the outputs of Σ_i|β̃_ij - β_ij|.""",
    recorded="inconclusive",
    mutants=[mutant("blocks of the printed §7.3 root 1/d", root_key="d"),
             mutant("failure at most δ/10", failure_level=THEOREM_DELTA / 10)],
)
def _layer_construction(ctx: CheckContext, *, root_key="d-1", failure_level=THEOREM_DELTA,
                        precision=THEOREM_EPS) -> Verdict:
    return _theorem_verdict(ctx, "layer", root_key, failure_level, precision)


@claim(
    "tix.mlr-layer-network.network-construction",
    uses=("tix.mlr-layer-network.network-width", "tix.mlr-layer-network.union-bounds",
          "tix.mlr-layer-network.error-composition", "tix.mlr-layer-network.network-p-identity",
          "tix.slr-width.independence", "tix.pt-distribution.uniform"),
    title="§4 theorem: a random graph of the §7.6 width contains an ε-approximation of the target network",
    source=src("§4 Theorem (conclusion); §7.6 ¶1 and display"),
    kind=Kind.STATISTICAL,
    scope="reduced",
    statement="""If the bad events of different paths behave as if independent (the report's conjecture), then for a
        target F with layers of spectral norm at most 1 and entries at most 1/sqrt(F_width), a random graph of depth
        d·F_depth whose width meets §7.6's bound, with PT(U, d) weights, contains with probability at least 1 - δ a
        subnetwork within ε of F uniformly over the inputs.""",
    decision_rule=_THEOREM_RULE + """ A linear target of F_input = 2, F_width = 2, F_depth = 2 with one output, entries
        uniform on ±1/sqrt(F_width) scaled to spectral norm at most 1, blocks of §7.6's width for |S| = |T| = F_width;
        error the largest output error over ||x||_2 <= 1 (the norm of the difference of the end-to-end maps).""",
    recorded="verified",
    mutants=[mutant("error within ε/20 from blocks built for ε", precision=THEOREM_EPS / 20)],
)
def _network_construction(ctx: CheckContext, *, root_key="d-1", failure_level=THEOREM_DELTA,
                          precision=THEOREM_EPS) -> Verdict:
    return _theorem_verdict(ctx, "network", root_key, failure_level, precision)
