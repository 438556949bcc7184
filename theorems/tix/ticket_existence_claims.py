"""Checks of tix.* claims added on the catalogue's second reading.

Four statements of tickets-random-pruning-report.md that the first catalogue missed: the headline
width of the random graph (§1.1, §4, against what §7.6 derives), what ReLU paths need
(§3 assumption 3, §7.3), how many other paths a path's bad event depends on (§4), and the
max-flow view of MLR tickets (§6.2).  As in :mod:`theorems.tix.claims`, what a claim asserts is a
keyword-only parameter with the report's version as default, and the costly part is memoised so a
mutant reruns only the decision.
"""
from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp

from .. import mathtext as mt
from ..context import CheckContext
from ..measure import measurement
from ..registry import claim, control, mutant
from ..sources import passage_lines, skipped_without
from ..stats import combine_point_statuses, mean_interval
from ..verdict import Kind, Source, Status, Verdict
from . import power_transform as pt
from .asymptotics import growth_degree, reciprocal_degree
from .claims import _network_formula
from .dependencies import edge_sharing_count, node_sharing_count, shared_partners
from .flows import all_subgraphs, edge_order, max_flow_value, tickets_by_paths
from .graphs import LayeredNetwork
from .relu_paths import (
    draw_layers,
    isolated_path_outputs,
    passing_fraction,
    pattern_outputs,
    sign_patterns,
)

DOC = "tickets-random-pruning-report.md"

src = Source.factory(DOC)


# --------------------------------------------------------------------------- the headline width

#: The passages that state the headline, located in the report's text (the audit part of the check).
HEADLINE_PASSAGES = {
    "§1.1: graph width quadratic and graph depth linear in the ticket's": r"quadratic in the width and linear in the depth",
    "§4: graph width O(w^2)": r"width\s+\$O\(w\^2\)\$",
}
#: A numeric illustration: ε, δ, the target range x and the ticket depth F_depth.
HEADLINE_EXAMPLE = {"epsilon": 0.01, "delta": 0.1, "x": 1.0, "F_depth": 10}
HEADLINE_K = (2, 3, 4, 5, 10)


def _headline_symbols() -> tuple[sp.Symbol, ...]:
    """W = F_width (= |S| = |T| of a hidden layer), D = F_depth, k = the substitution depth (the report's d)."""
    return sp.symbols("W D k epsilon delta x", positive=True)


def _section_7_6_width(sqrt_repair: bool = False) -> sp.Expr:
    """§7.6's printed width for a hidden layer of the ticket (|S| = |T| = W, p = ε/(2x), δ' read as δ);
    ``sqrt_repair`` asks each output for ε/sqrt|T| in place of ε/|T|^(1/k) (the repair
    tix.mlr-layer-network.error-composition finds sufficient)."""
    W, D, k, eps, delta, x = _headline_symbols()
    width = _network_formula(W, W, D, delta, eps / (2 * x), k)
    return width.subs(W ** (1 / k), sp.sqrt(W)) if sqrt_repair else width


@functools.cache
def _headline_degrees() -> dict[str, sp.Expr]:
    """Measurement: growth degrees (lim log f / log v) of §7.6's width in the ticket's width, its depth,
    1/ε, 1/δ and log(1/δ), and of the graph's depth k·F_depth in F_depth, for a symbolic k > 1."""
    W, D, k, eps, delta, _ = _headline_symbols()
    width = _section_7_6_width()
    log_inv_delta = sp.Symbol("L", positive=True)
    return {"F_width": growth_degree(width, W), "F_depth": growth_degree(width, D),
            "1/ε": reciprocal_degree(width, eps), "1/δ": reciprocal_degree(width, delta),
            "log(1/δ)": growth_degree(width.subs(delta, sp.exp(-log_inv_delta)), log_inv_delta),
            "depth in F_depth": growth_degree(k * D, D),
            "F_width, ε/sqrt|T| per output": growth_degree(_section_7_6_width(sqrt_repair=True), W)}


@functools.cache
def _headline_widths() -> tuple[dict, ...]:
    """Measurement: §7.6's width over F_width² at the example's ε, δ, x, F_depth, per k and F_width."""
    W, D, k, eps, delta, x = _headline_symbols()
    values = {eps: HEADLINE_EXAMPLE["epsilon"], delta: HEADLINE_EXAMPLE["delta"], x: HEADLINE_EXAMPLE["x"],
              D: HEADLINE_EXAMPLE["F_depth"]}
    ratio = sp.lambdify((W, k), _section_7_6_width().subs(values) / W**2)
    return tuple({"k": kk, **{f"F_width={ww}": float(ratio(ww, kk)) for ww in (10, 100, 1000)}} for kk in HEADLINE_K)


def _headline_passages() -> dict[str, int] | None:
    """Line numbers of HEADLINE_PASSAGES in the report (None if the report is not in the seeds folder)."""
    return passage_lines(DOC, HEADLINE_PASSAGES)


def _power_of(base: str, exponent: sp.Expr) -> str:
    """base^exponent as inline math, unevaluated (a base written 1/x is the reciprocal of the symbol x)."""
    b = 1 / sp.Symbol(base[2:]) if base.startswith("1/") else sp.Symbol(base)
    return mt.math(sp.Pow(b, exponent, evaluate=False))


@claim(
    "tix.headline-width",
    uses=("tix.mlr-layer-network.network-width", "tix.mlr-layer-network.error-composition"),
    title="§1.1/§4: the random graph needs width O(w²) and depth linear in the ticket's depth",
    source=src("§1.1 (last paragraph), §4 (second paragraph) against §7.6 (final display)"),
    kind=Kind.AUDIT,
    statement="""The report's main result as §1.1 and §4 put it (the abstract only promises an improved bound, with
        no rate): under its assumptions, a random graph whose width is quadratic in the
        winning ticket's width, and whose depth is linear in the ticket's depth, contains an approximation
        of the ticket. The width it derives in §7.6 is |T||S|(log(2|S||T|F_depth/δ)·4|S||T|^(1/d)F_depth/p)^(1/(d-1))
        at depth d·F_depth, for a substitution depth d.""",
    decision_rule="""Locate the two headline passages in the report (an error if one is missing, skipped if the report
        is absent). Take §7.6's
        printed width with |S| = |T| = F_width (a hidden layer), p = ε/(2x) and δ' read as δ, and compute with
        sympy its growth degree lim log(width)/log(F_width) for a symbolic substitution depth k > 1; the graph's
        depth k·F_depth has degree 1 in F_depth. Solve 'width degree <= the claimed degree and depth degree
        <= the claimed degree' over real k > 1: refuted if the solution set is empty, verified if it holds some
        integer k in 2..50, else inconclusive.""",
    recorded="refuted",
    severity="proof-gap",
    reading="""For the substitution depth k the theorem fixes (graph depth k·F_depth, linear in F_depth), the
        width §7.6 derives is O(F_width²).""",
    charitable_reading="""'Quadratic' as the prefactor |T||S| = F_width², the rest (·)^(1/(k-1)) shrinking as the
        substitution deepens, which the report itself says in §4 and §7.6 (deeper substitutions, smaller width).
        The rest does shrink, but it carries F_width^((k+1)/(k(k-1))) at every finite k, so the degree
        2 + (k+1)/(k(k-1)) exceeds 2 for all k (3.5 at k = 2, 2.67 at k = 3, 2.12 at k = 10); bringing it within
        2 + η needs k(k-1)/(k+1) >= 1/η, and a k that grows with F_width makes the depth k·F_depth grow with
        F_width too. Width O(F_width²) and depth O(F_depth) never hold together.""",
    mutants=[mutant("linear in the ticket's width (degree 1)", width_degree=lambda k: 1),
             mutant("the |T|^(1/k) of §7.5 left out: degree 2 + 1/(k-1)", width_degree=lambda k: 2 + 1 / (k - 1)),
             mutant("a depth independent of the ticket's depth", depth_degree=0),
             control("the degree §7.6 gives, 2 + (k+1)/(k(k-1))", width_degree=lambda k: 2 + (k + 1) / (k * (k - 1))),
             control("Malach et al.'s width degree 4 (§4)", width_degree=lambda k: 4)],
)
def _headline_width(ctx: CheckContext, *, width_degree=lambda k: 2, depth_degree=1) -> Verdict:
    passages = _headline_passages()
    if passages is None:
        return skipped_without(DOC, "width O(F_width²) at depth O(F_depth)", "the audit locates the headline passages")
    degrees = _headline_degrees()
    k = _headline_symbols()[2]
    admissible = sp.Interval.open(1, sp.oo)
    depth_fits = bool(degrees["depth in F_depth"] <= depth_degree)
    fitting = sp.solveset(degrees["F_width"] - width_degree(k) <= 0, k, admissible) if depth_fits else sp.EmptySet
    integer_k = [j for j in range(2, 51) if fitting.contains(j) is sp.true]
    status = Status.REFUTED if fitting is sp.EmptySet else Status.VERIFIED if integer_k else Status.INCONCLUSIVE
    by_k = {kk: float(degrees["F_width"].subs(k, kk)) for kk in HEADLINE_K}
    return Verdict(
        status=status,
        claimed=f"width degree in F_width <= {mt.show(width_degree(k))}, depth degree in F_depth <= {mt.show(depth_degree)}",
        measured={"growth degrees of §7.6's width (k = substitution depth)": dict(degrees),
                  "k > 1 where both hold": fitting, "passages (line in the report)": passages},
        counterexample={"width degree in F_width at k": by_k, "depth degree in F_depth": degrees["depth in F_depth"],
                        "width / F_width² (ε=0.01, δ=0.1, x=1, F_depth=10)": list(_headline_widths())}
        if status is Status.REFUTED else None,
        finding=(f"§7.6's width grows like {_power_of('F_width', degrees['F_width'])} for substitution depth k ("
                 + ", ".join(f"k={kk}: {v:.3g}" for kk, v in by_k.items())
                 + f"), times {_power_of('F_depth', degrees['F_depth'])} and "
                 f"{_power_of('1/epsilon', degrees['1/ε'])} up to logs: above F_width² "
                 "at every k, so the graph of depth k·F_depth is not O(F_width²) wide") if status is Status.REFUTED else "",
        would_decide="a search over substitution depths k above 50" if status is Status.INCONCLUSIVE else "",
        notes=f"""Whether the conclusion survives: not shown here either way. The report proves (given its independence
            conjecture) a width polynomial in the ticket's size, as §4's theorem states (tix.headline-width.theorem-poly),
            and for every k >= 2 its degree in F_width is below Malach et al.'s 4 (the second control); 'quadratic' is
            its limit as k → ∞, not a bound at any depth. The ε/sqrt|T| repair of the §7.5 precision
            (tix.mlr-layer-network.error-composition) raises the degree to {mt.math(degrees['F_width, ε/sqrt|T| per output'])}.
            The width is the §7.6 display with the (d-1)-th root §7.4-7.6 use (tix.slr-width.algebra); §1.1 also says
            the tickets found have size linear in the target's, which this check does not examine.""",
        evidence={"width / F_width² at ε=0.01, δ=0.1, x=1, F_depth=10": list(_headline_widths())},
    )



@claim(
    "tix.headline-width.theorem-poly",
    uses=("tix.mlr-layer-network.network-width",),
    title="§4 theorem: §7.6's width is polynomial in the ticket's size, 1/ε and log(1/δ)",
    source=src("§4 (Theorem) and §7.6 (final display)"),
    kind=Kind.SYMBOLIC,
    statement="""§4's theorem asks for a random graph of depth d·F_depth and width poly(F_depth, F_width, F_input,
        d, 1/ε, log 1/δ); the width §7.6 derives is of that form for every substitution depth d >= 2, with δ
        entering only through log(1/δ).""",
    decision_rule="""The growth degrees of tix.headline-width (sympy, symbolic substitution depth k). Verified if at
        every integer k in 2..50 the degree is finite in F_width, F_depth, 1/ε and log(1/δ), and zero in each
        variable claimed polylogarithmic (here 1/δ); refuted at the first k and variable where not.""",
    recorded="verified",
    mutants=[mutant("polylogarithmic in 1/ε as well", polylog_in=("1/δ", "1/ε")),
             mutant("no growth with the ticket's depth beyond logs (the headline's F_width² alone)",
                    polylog_in=("1/δ", "F_depth"))],
)
def _headline_theorem_poly(ctx: CheckContext, *, polylog_in=("1/δ",)) -> Verdict:
    degrees = _headline_degrees()
    k = _headline_symbols()[2]
    variables = ("F_width", "F_depth", "1/ε", "log(1/δ)", "1/δ")
    bad = []
    for kk in range(2, 51):
        for v in variables:
            value = degrees[v].subs(k, kk)
            if not value.is_finite or (v in polylog_in and value != 0):
                bad.append({"k": kk, "variable": v, "degree": value})
    return Verdict.from_counterexamples(
        bad, checked=len(range(2, 51)) * len(variables),
        claimed=f"finite degrees in {', '.join(variables[:4])}; degree 0 in {', '.join(polylog_in)}",
        measured={v: degrees[v] for v in variables},
        finding=(f"at k={bad[0]['k']} the width has degree {mt.show(bad[0]['degree'])} in {bad[0]['variable']}, which is "
                 "claimed polylogarithmic") if bad else "",
        notes="""The first layer of the ticket has |S| = F_input in place of F_width, which changes the prefactor
            only; d itself enters through the exponent 1/(d-1), which shrinks as d grows. The theorem's statement is
            what the derivation supports; the headline's 'quadratic' is not (tix.headline-width).""",
    )


# --------------------------------------------------------------------------- ReLU paths

#: Random networks for the simulation: (w, d) with d weight layers (§7.3 convention).
RELU_SETTINGS = [(8, 2), (5, 3), (4, 4), (3, 5), (3, 6)]
RELU_BETA, RELU_EPS = 0.05, 0.02
#: The width consequence: the text's p = ε/(2x) at its worst-case target, and δ.
RELU_WIDTH_EXAMPLE = {"epsilon": 0.01, "x": 1.0, "delta": 0.1}


@measurement
def _measure_relu_paths(ctx: CheckContext) -> tuple[tuple[dict, ...], int]:
    """Monte Carlo over random networks with the text's PT weights: per setting, the share of paths that,
    taken alone with ReLU hidden units, map the input 1 to within ε of β (the positive path §7.3 wants),
    with a 99.9% interval over networks, beside the share whose weight product is within ε (what p counts)."""
    trials = ctx.budget(quick=2000, standard=20000, paper=40000)
    rows = []
    for i, (w, d) in enumerate(RELU_SETTINGS):
        alpha = pt.text_alpha(d)
        layers = draw_layers(w, d, trials, alpha, ctx.rng(i))
        carried = np.abs(isolated_path_outputs(layers, 1.0) - RELU_BETA) <= RELU_EPS
        near = np.abs(isolated_path_outputs(layers, 1.0, relu=False) - RELU_BETA) <= RELU_EPS
        mean, low, high = mean_interval(carried.mean(axis=1), 0.999)
        p = pt.interval_probability(RELU_BETA, RELU_EPS, alpha, d)
        rows.append({"w": w, "d": d, "paths": w ** (d - 1), "p_exact": p, "product_share": float(near.mean()),
                     "relu_share": mean, "ci_low": low, "ci_high": high, "exact_relu_rate": passing_fraction(d, 1) * p})
    return tuple(rows), trials


def _relu_width_consequence() -> tuple[dict, ...]:
    """At the width §7.3's inequality gives (its (d-1)-th root), the expected number of paths that carry a
    positive input and approximate β, and the failure probability that forces, with or without the
    independence conjecture."""
    eps, x, delta = (RELU_WIDTH_EXAMPLE[key] for key in ("epsilon", "x", "delta"))
    p = eps / (2 * x)
    rows = []
    for d in range(2, 7):
        w = math.ceil((math.log(2 / delta) / p) ** (1 / (d - 1)))
        rate = passing_fraction(d, 1) * p
        expected = w ** (d - 1) * rate
        rows.append({"d": d, "w_from_7_3": w, "expected_positive_paths": expected,
                     "P(no positive path) >= (Markov)": max(0.0, 1 - expected),
                     "P(no positive path), independence": (1 - rate) ** (w ** (d - 1)), "delta/2": delta / 2,
                     "w_doubled": math.ceil(2 * (math.log(2 / delta) / p) ** (1 / (d - 1)))})
    return tuple(rows)


@claim(
    "tix.relu-paths",
    uses=("tix.relu-paths.first-edges", "tix.slr-width.p-lower-bound"),
    title="§7.3: the per-path probability p in the width bound covers what ReLU paths need",
    source=src("§3 assumption 3; §7.3 (ReLU paragraph, union bound and width display)"),
    kind=Kind.STATISTICAL,
    statement="""With ReLU activations and no biases (§3), the SLR ticket is a path that handles positive inputs and
        one that handles negative inputs, with first edges of opposite signs; §7.3 then bounds the chance that no
        path approximates β by (1-p)^(w^(d-1)) with p the probability that one path's weight product lies within ε
        of β, and sets it to δ/2 for each of the two paths.""",
    decision_rule=f"""Exact: enumerate the 2^d sign patterns of a path's weights and run the ReLU forward pass on input
        +1 (magnitudes never change which units are active); the share of patterns that carry the input to t, times
        the exact p of the text's PT weights, is the per-path rate of a usable positive path (signs and magnitudes
        are independent, and on a carrying path the product's sign is the last weight's). Simulation: random
        networks (w, d) in {RELU_SETTINGS} with the text's α, β = 0.05, ε = 0.02, each path run alone through ReLU
        units, a 99.9% interval over networks for the share landing within ε of β. Per setting: verified if the
        exact rate equals the claimed rate (usable share × p) and the interval contains it; refuted if the exact
        rate differs and the interval contains the exact rate but not the claimed one; else inconclusive. Combined
        over settings (any refuted refutes).""",
    recorded="refuted",
    severity="proof-gap",
    reading="""p is the probability that a path's weight product lies within ε of β, and every one of the w^(d-1)
        paths is a candidate for the positive path, as the display (1-p)^(w^(d-1)) <= δ/2 counts them.""",
    charitable_reading="""Only the condition the text names matters: the positive path is sought among paths whose first
        edge is positive, half of them. That still overcounts: a hidden ReLU unit that receives a negative value
        outputs 0, so a path carries a positive input only if all of its first d-1 weights are positive, a share
        2^-(d-1) of the paths (exact), and the per-path rate is p/2^(d-1), not p (or p/2) for d >= 3.""",
    mutants=[mutant("only the first edge's sign matters: share 1/2", usable_fraction=lambda d: 0.5),
             control("all of the first d-1 weights positive: share 2^-(d-1)", usable_fraction=lambda d: 2.0 ** (1 - d))],
)
def _relu_paths(ctx: CheckContext, *, usable_fraction=lambda d: 1.0) -> Verdict:
    measured, trials = _measure_relu_paths(ctx)
    rows = []
    for r in measured:
        claimed = usable_fraction(r["d"]) * r["p_exact"]
        exact_agrees = math.isclose(claimed, r["exact_relu_rate"], rel_tol=1e-9)
        covers_claimed = r["ci_low"] <= claimed <= r["ci_high"]
        covers_exact = r["ci_low"] <= r["exact_relu_rate"] <= r["ci_high"]
        status = (Status.VERIFIED if exact_agrees and covers_claimed
                  else Status.REFUTED if not exact_agrees and covers_exact and not covers_claimed
                  else Status.INCONCLUSIVE)
        rows.append({**r, "claimed_rate": claimed, "status": status.value})
    status = combine_point_statuses([Status(r["status"]) for r in rows])
    worst = min((r for r in rows if r["status"] == Status.REFUTED.value),
                key=lambda r: r["relu_share"] / r["claimed_rate"], default=None)
    consequence = _relu_width_consequence()
    at_d4 = next(c for c in consequence if c["d"] == 4)
    labels = [f"w={r['w']},d={r['d']}" for r in rows]
    return Verdict(
        status=status,
        claimed="a path is a usable positive path with probability usable share × p",
        measured={label: {"relu_share": round(r["relu_share"], 5), "claimed": round(r["claimed_rate"], 5),
                          "exact": round(r["exact_relu_rate"], 5)} for label, r in zip(labels, rows)},
        intervals={label: [r["ci_low"], r["ci_high"]] for label, r in zip(labels, rows)},
        counterexample={"setting": mt.rounded(worst, 12), "at the §7.3 width": mt.rounded(at_d4, 12)} if worst else None,
        finding=(f"a path carries a positive input only if its first d-1 weights are positive (a share 2^-(d-1) of "
                 f"paths), so at w={worst['w']}, d={worst['d']} the per-path rate is {worst['relu_share']:.4g} "
                 f"(exact {worst['exact_relu_rate']:.4g}) against the claimed {worst['claimed_rate']:.4g}; at the §7.3 "
                 f"width for d=4, ε=0.01, δ=0.1 (w={at_d4['w_from_7_3']}) the expected number of usable positive paths is "
                 f"{at_d4['expected_positive_paths']:.3f}, so none exists with probability at least "
                 f"{at_d4['P(no positive path) >= (Markov)']:.3f} > δ/2, whatever the dependence; doubling w restores "
                 "the report's accounting") if worst else "",
        would_decide=f"more than {trials} networks per setting" if status is Status.INCONCLUSIVE else "",
        notes="""Whether the conclusion survives: the §7.3 width as printed does not for ReLU networks (the Markov column
            bounds the failure from below for any dependence, under the report's uniform-product p), but its form does,
            with the width doubled. Under the report's own independence reading the positive path is sought among the
            paths of the sub-network of positive weights, about w/2 wide per layer, so (w/2)^(d-1) >= log(2/δ)/p
            suffices: w >= 2(log(2/δ)/p)^(1/(d-1)), the w_doubled column, and every later width (§7.4-7.6) doubles;
            §4's polynomial theorem is unaffected. The same holds for the negative path (first weight negative, the
            rest of the first d-1 positive). The two paths must also be node-disjoint, as the text says: after a
            shared hidden node both inputs would pass the same positively homogeneous remainder, forcing the two
            prefix products, of opposite signs, to be equal.""",
        evidence={"table": mt.rounded(rows, 12), "networks_per_setting": trials,
                  "at the §7.3 width (ε=0.01, x=1, δ=0.1)": mt.rounded(list(consequence), 12)},
    )


@functools.cache
def _sign_pattern_table(max_depth: int = 8) -> tuple[dict, ...]:
    """Measurement: per d, the first-weight signs of the sign patterns that carry an input of each sign to t,
    and how many patterns carry both signs."""
    rows = []
    for d in range(2, max_depth + 1):
        signs = sign_patterns(d)
        carries = {x_sign: pattern_outputs(d, x_sign) != 0 for x_sign in (1, -1)}
        rows.append({"d": d, "first signs carrying +": sorted({int(s) for s in signs[carries[1], 0]}),
                     "first signs carrying -": sorted({int(s) for s in signs[carries[-1], 0]}),
                     "patterns carrying both": int(np.count_nonzero(carries[1] & carries[-1])),
                     "share carrying +": passing_fraction(d, 1), "share carrying -": passing_fraction(d, -1)})
    return tuple(rows)


@claim(
    "tix.relu-paths.first-edges",
    title="§7.3: a ReLU ticket for βx needs two paths, with first edges of opposite signs",
    source=src("§7.3 (paragraph on ReLU tickets)"),
    kind=Kind.EXACT,
    statement="""In a bias-free ReLU network a single path passes inputs of one sign only, the sign of its first
        weight, so a subgraph computing βx (β ≠ 0) for inputs of both signs needs at least two paths, one whose
        first edge is positive and one whose first edge is negative.""",
    decision_rule="""Enumerate every sign pattern of a path's d weights (d = 2..8) and run the ReLU forward pass on
        inputs +1 and -1. Verified if no pattern carries both signs (so the fewest paths is the stated number, 2) and
        the patterns carrying an input of sign σ all have first weight of the stated sign; refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("one path suffices", paths_needed=1),
             mutant("a positive first edge for either input", first_sign_for=lambda x_sign: 1)],
)
def _relu_first_edges(ctx: CheckContext, *, paths_needed=2, first_sign_for=lambda x_sign: x_sign) -> Verdict:
    rows = _sign_pattern_table()
    bad = []
    for r in rows:
        fewest = 1 if r["patterns carrying both"] else 2
        if fewest != paths_needed:
            bad.append({"d": r["d"], "fewest paths": fewest, "claimed": paths_needed})
        for x_sign, key in ((1, "first signs carrying +"), (-1, "first signs carrying -")):
            if r[key] != [first_sign_for(x_sign)]:
                bad.append({"d": r["d"], "input sign": x_sign, "first signs that carry it": r[key]})
    return Verdict.from_counterexamples(
        bad, checked=rows,
        claimed=f"{paths_needed} paths; an input of sign σ needs first weight of sign first_sign_for(σ)",
        measured={f"d={r['d']}": {k: v for k, v in r.items() if k != "d"} for r in rows},
        finding=f"at d={bad[0]['d']}: {mt.pairs(bad[0])}" if bad else "",
        notes="""Necessary, not sufficient: only a share 2^-(d-1) of the patterns carry an input at all (columns 'share
            carrying'), because every hidden unit on the path must see a positive value; what that does to the width
            bound is tix.relu-paths.""",
        evidence={"table": list(rows)},
    )


# --------------------------------------------------------------------------- dependencies among paths

DEPENDENCY_GRID = [(w, d) for w in (1, 2, 3, 4) for d in (2, 3, 4, 5)]
#: How each depth convention turns d into hidden layers: §3.1/§4 (w^d paths) and §7.3 (w^(d-1) paths).
CONVENTIONS = {"node layers (§3.1, §4: w^d paths)": 0, "weight layers (§7.3: w^(d-1) paths)": 1}


@functools.cache
def _dependency_counts() -> tuple[dict, ...]:
    """Measurement: per convention and (w, d), the other paths sharing an edge / a hidden node with a given path,
    by enumeration and in closed form (the enumeration must agree with it)."""
    rows = []
    for name, offset in CONVENTIONS.items():
        for w, d in DEPENDENCY_GRID:
            n = d - offset
            counted = shared_partners(LayeredNetwork(1, (w,) * n))
            closed = {"edge": edge_sharing_count(w, n), "node": node_sharing_count(w, n)}
            if counted != closed:
                raise AssertionError(f"enumeration {counted} and closed form {closed} differ at {name}, w={w}, d={d}")
            rows.append({"convention": name, "w": w, "d": d, "paths": w**n,
                         "sharing an edge": counted["edge"], "sharing a node": counted["node"]})
    return tuple(rows)


@claim(
    "tix.path-dependencies",
    title="§4: each path's bad event depends on at most d·w^(d-1) others",
    source=src("§4 (the conjecture before the theorem)"),
    kind=Kind.EXACT,
    statement="""The bad event of a path (its weight product misses β) depends on the bad events of d·w^(d-1) other
        paths, a number the report quotes before conjecturing that the events behave as if independent.""",
    decision_rule="""The events are functions of the paths' edge weights, so two are dependent exactly when the paths
        share an edge. Count, for a given path, the other paths sharing an edge (and, reported, a hidden node) by
        enumeration, checked against closed forms, under both depth conventions (d node layers; d weight layers),
        w in 1..4, d in 2..5. Verified if the count stands in the stated relation (at most) to the stated formula
        everywhere; refuted at the first (convention, w, d) where it does not.""",
    recorded="verified",
    reading="""A bound on the dependency degree: each bad event is mutually independent of all but at most d·w^(d-1)
        others, as a dependency-graph argument would use it. As an exact count it is wrong everywhere (it exceeds the
        number of paths with a shared node, and in the §7.3 convention even the number of paths).""",
    mutants=[mutant("an exact count", relation="exactly"),
             mutant("w^(d-1): one factor d dropped", dependencies=lambda w, d: w ** (d - 1)),
             mutant("d·w^(d-2): one factor w dropped", dependencies=lambda w, d: d * w ** (d - 2))],
)
def _path_dependencies(ctx: CheckContext, *, dependencies=lambda w, d: d * w ** (d - 1), relation="at most") -> Verdict:
    holds = {"at most": lambda count, bound: count <= bound, "exactly": lambda count, bound: count == bound}[relation]
    rows = [{**r, "formula": dependencies(r["w"], r["d"])} for r in _dependency_counts()]
    bad = [r for r in rows if not holds(r["sharing an edge"], r["formula"])]
    node_rows = [r for r in rows if r["convention"].startswith("node") and r["w"] >= 2]
    return Verdict.from_counterexamples(
        bad, checked=rows,
        claimed=f"other paths sharing an edge {relation} the formula",
        measured={f"{r['convention'].split()[0]} layers, w={r['w']},d={r['d']}": f"{r['sharing an edge']} (node: {r['sharing a node']}) "
                  f"vs {r['formula']}" for r in rows if r["w"] in (2, 4)},
        finding=(f"under {bad[0]['convention']} at w={bad[0]['w']}, d={bad[0]['d']}: {bad[0]['sharing an edge']} other "
                 f"paths share an edge, formula {bad[0]['formula']}") if bad else "",
        notes=f"""The text does not say which sharing it counts; its number matches paths through a shared hidden node
            (§4's convention, w^d paths): w^d - (w-1)^d - 1 <= d·w^(d-1), equal to leading order in w. Sharing a node
            without an edge leaves two events independent (disjoint weights), so the argument needs shared edges,
            about 2w^(d-1) of them: d·w^(d-1) overstates the dependency degree by a factor near d/2
            (tix.path-dependencies.notions), harmless for a bound. Largest edge/node counts over the node-layer grid:
            {max(r['sharing an edge'] for r in node_rows)} / {max(r['sharing a node'] for r in node_rows)}.""",
        evidence={"table": rows},
    )


@functools.cache
def _dependency_ratios(max_depth: int = 8) -> tuple[dict, ...]:
    """Measurement: lim_{w→∞} d·w^(d-1) / count for the counts by shared node and by shared edge
    (§4's convention: d hidden node layers), from the closed forms symbolic in w."""
    w = sp.Symbol("w", positive=True)
    return tuple({"d": d, "node": sp.limit(d * w ** (d - 1) / node_sharing_count(w, d), w, sp.oo),
                  "edge": sp.limit(d * w ** (d - 1) / edge_sharing_count(w, d), w, sp.oo)}
                 for d in range(2, max_depth + 1))


@claim(
    "tix.path-dependencies.notions",
    title="Suite: d·w^(d-1) counts paths through a shared node; by shared edges it overstates by d/2",
    source=src("§4 (the conjecture before the theorem)"),
    kind=Kind.SYMBOLIC,
    origin="suite",
    statement="""With d hidden layers of width w, the number of other paths sharing a hidden node with a given path is
        d·w^(d-1) to leading order in w (the union over the d nodes), while the number sharing an edge, which is what
        makes two bad events dependent, is 2w^(d-1) to leading order: d·w^(d-1) is d/2 times it.""",
    decision_rule="""From the closed forms (checked against enumeration in tix.path-dependencies), compute with sympy
        lim_{w→∞} d·w^(d-1)/count for both counts, d = 2..8; verified if the limits equal the stated ratios at every d,
        refuted at the first d where one does not.""",
    recorded="verified",
    mutants=[mutant("tight for shared edges too (ratio 1)", edge_ratio=lambda d: 1),
             mutant("the node count off by a factor d", node_ratio=lambda d: d)],
)
def _path_dependency_notions(ctx: CheckContext, *, node_ratio=lambda d: 1, edge_ratio=lambda d: sp.Rational(d, 2)) -> Verdict:
    rows = [{**r, "stated_node": node_ratio(r["d"]), "stated_edge": edge_ratio(r["d"])} for r in _dependency_ratios()]
    bad = [r for r in rows if sp.simplify(r["node"] - r["stated_node"]) != 0 or sp.simplify(r["edge"] - r["stated_edge"]) != 0]
    return Verdict.from_counterexamples(
        [{k: str(v) for k, v in r.items()} for r in bad], checked=rows,
        claimed="d·w^(d-1)/count → the stated ratios",
        measured={f"d={r['d']}": {"node": str(r["node"]), "edge": str(r["edge"])} for r in rows},
        finding=(f"at d={bad[0]['d']} the limits are {bad[0]['node']} (node) and {bad[0]['edge']} (edge), stated "
                 f"{bad[0]['stated_node']} and {bad[0]['stated_edge']}") if bad else "",
        evidence={"table": [{k: str(v) for k, v in r.items()} for r in rows]},
    )


# --------------------------------------------------------------------------- max flow

#: Small layered networks (sources, hidden widths): every subgraph of the first group, random subgraphs of the second.
FLOW_SHAPES = {
    "mlr": {"exhaustive": {"quick": ((2, (2,)), (3, (2,)), (2, (3,)), (2, (2, 2))),
                           "standard": ((2, (2,)), (3, (2,)), (2, (3,)), (2, (2, 2)), (3, (2, 2)), (2, (3, 2)))},
            "random": ((3, (3, 3)), (4, (3, 3, 3)))},
    "slr": {"exhaustive": {"quick": ((1, (2,)), (1, (2, 2)), (1, (3, 2))),
                           "standard": ((1, (2,)), (1, (2, 2)), (1, (3, 2)), (1, (3, 3)))},
            "random": ((1, (3, 3, 3)),)},
}
FLOW_KEEP = 0.6  # each edge of a random subgraph is kept with this probability


@measurement
def _flow_graphs(ctx: CheckContext, family: str) -> tuple[tuple[LayeredNetwork, np.ndarray, np.ndarray], ...]:
    """Measurement: per network of the family, its subgraphs (boolean masks over its edges) and whether each
    contains a ticket, by brute force over the enumerated paths of every source."""
    shapes = FLOW_SHAPES[family]
    exhaustive = ctx.budget(quick=shapes["exhaustive"]["quick"], standard=shapes["exhaustive"]["standard"])
    graphs = ctx.budget(quick=120, standard=1500)
    rng = ctx.rng(0)
    out = []
    for sources, widths in exhaustive + shapes["random"]:
        net = LayeredNetwork(sources, widths)
        masks = (all_subgraphs(net) if (sources, widths) in exhaustive
                 else rng.random((graphs, len(edge_order(net)))) < FLOW_KEEP)
        out.append((net, masks, tickets_by_paths(net, masks)))
    return tuple(out)


@measurement
def _flow_values(ctx: CheckContext, family: str, dummy_capacity: float, inner_capacity: float) -> tuple[np.ndarray, ...]:
    """Measurement: the maximum flow of every subgraph of :func:`_flow_graphs` under the given capacities."""
    return tuple(np.array([max_flow_value(net, m, dummy_capacity, inner_capacity) for m in masks])
                 for net, masks, _ in _flow_graphs(ctx, family))


def _node_name(node: tuple) -> str:
    """A node of a flow graph as text: a source or the sink by its letter and index (s0, t0), a hidden node as
    (layer, unit)."""
    kind, index = node
    return f"{kind}{index}" if isinstance(kind, str) else f"({kind}, {index})"


def _flow_verdict(ctx: CheckContext, family: str, dummy_capacity: float, inner_capacity: float, flow_needed) -> Verdict:
    """Decision: a ticket exists exactly when the maximum flow reaches ``flow_needed(S)``, on every subgraph."""
    rows, bad = [], []
    for (net, masks, tickets), flows in zip(_flow_graphs(ctx, family), _flow_values(ctx, family, dummy_capacity, inner_capacity)):
        enough = flows >= flow_needed(net.sources)
        wrong = np.flatnonzero(enough != tickets)
        rows.append({"S": net.sources, "widths": list(net.widths), "subgraphs": len(masks),
                     "with a ticket": int(tickets.sum()), "mismatches": len(wrong)})
        if wrong.size and not bad:
            i = wrong[0]
            bad.append({"S": net.sources, "widths": list(net.widths), "ticket": bool(tickets[i]), "max_flow": int(flows[i]),
                        "kept edges": [f"{_node_name(u)}->{_node_name(v)}"
                                       for (u, v), keep in zip(edge_order(net), masks[i]) if keep]})
    caps = f"dummy edges {dummy_capacity}, network edges {inner_capacity}"
    return Verdict.from_counterexamples(
        bad, checked=sum(r['subgraphs'] for r in rows),
        claimed=f"ticket ⇔ max flow >= flow_needed(S) ({caps})",
        measured=f"{sum(r['mismatches'] for r in rows)} mismatches over {sum(r['subgraphs'] for r in rows)} subgraphs",
        finding=(f"S={bad[0]['S']}, widths {bad[0]['widths']}: ticket {bad[0]['ticket']} but max flow {bad[0]['max_flow']} "
                 f"with edges {', '.join(bad[0]['kept edges'])}") if bad else "",
        evidence={"table": rows},
    )


@claim(
    "tix.maxflow",
    title="§6.2: an MLR ticket exists exactly when the dummy source can send S units",
    source=src("§6.2 (the reduction to a flow network)"),
    kind=Kind.EXACT,
    statement="""Join a dummy source to every source s_i by an edge of capacity 1 and give every edge of the network
        infinite capacity: a subgraph contains an MLR ticket (a path from every s_i to t, edges may be shared) exactly
        when S units can flow from the dummy source to t.""",
    decision_rule="""On small layered networks, every subgraph (exhaustive shapes) and random subgraphs (larger shapes,
        each edge kept with probability 0.6): ticket existence by brute force over the enumerated s_i-t paths, maximum
        flow with scipy (infinite capacity as 2^20). Verified if 'ticket' and 'max flow >= S' agree on every subgraph,
        refuted at the first disagreement.""",
    recorded="verified",
    mutants=[mutant("unit capacity on every edge (edge-disjoint paths)", inner_capacity=1),
             mutant("the dummy edges uncapped too", dummy_capacity=math.inf),
             mutant("one unit of flow suffices", flow_needed=lambda S: 1)],
)
def _maxflow(ctx: CheckContext, *, dummy_capacity=1, inner_capacity=math.inf, flow_needed=lambda S: S) -> Verdict:
    verdict = _flow_verdict(ctx, "mlr", dummy_capacity, inner_capacity, flow_needed)
    verdict.notes = """True, and for a plain reason: with uncapped network edges the maximum flow is the number of
        sources that reach t (each unit edge carries one unit exactly when its s_i has a path to t), so S units flow
        exactly when every source does, which is the ticket. Infinite capacity is needed: with unit capacities the
        paths would have to be edge-disjoint, which tickets are not (the first mutant)."""
    return verdict


@claim(
    "tix.maxflow.slr",
    title="§6.2: an SLR ticket exists exactly when one unit flows with unit capacities",
    source=src("§6.2 (the SLR case: unit capacities)"),
    kind=Kind.EXACT,
    statement="""With a single source and unit capacity on every edge, a subgraph contains an s-t path (the SLR ticket)
        exactly when its maximum flow is at least 1.""",
    decision_rule="Same enumeration and rule as tix.maxflow with S = 1 and unit capacities everywhere.",
    recorded="verified",
    mutants=[mutant("two units (two edge-disjoint paths) needed", flow_needed=lambda S: 2)],
)
def _maxflow_slr(ctx: CheckContext, *, flow_needed=lambda S: 1) -> Verdict:
    return _flow_verdict(ctx, "slr", 1, 1, flow_needed)
