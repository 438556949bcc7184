"""Checks of the §3.1 balls-and-bins derivation of tickets-random-pruning-report.md line by line, of the
§3.1/§3.2 remarks around it, and of the report's two 'we improve the random graph's size' headlines.

* §3.1, first display, line 1 (one bin, exactly w² balls) and the second display, line 1 (the factor
  ((d-2)/(d-1))^(k-w²) dropped): exact enumeration and exact rational probabilities of the event the
  argument needs (some layer picked at least w² times).
* §3.1, second display, lines 2-3: the estimate C(k, w²) <= (ke/w²)^(w²) on a grid, and the rewriting as
  one exponential with sympy.
* §3.1, fourth display and ¶9: the cap's denominator e(d-1)^(1/w²), the cap above one, the cap growing with
  d and w (sympy identity, exact comparisons, a grid with a relative margin).
* §3.1 ¶1 ('easily extended to ReLU'): the exact probability that random pruning below the §3.1 cap leaves a
  ReLU ticket (two hidden-node-disjoint paths, §7.3, §4 ¶9) at w = 2.
* §3.2 ¶3: with the first and last edge layers never pruned, one path from the second layer into t is an
  MLR ticket (every pruned state of small networks enumerated).
* Abstract, §2 ¶4 and §5 ¶2: §7.6's width against Malach et al.'s O(w^4 d^2) as §4 ¶2 quotes it, and deep
  substitutions against the two-layer one, both conditional on the report's independence conjecture (§4).

What a claim asserts is a keyword-only parameter with the report's version as default; the enumerations and
exact probabilities are :func:`~theorems.measure.measurement` s, so a variant reruns only its decision.
"""
from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import sympy as sp
from scipy.special import gammaln

from .. import mathtext as mt
from ..context import CheckContext
from ..measure import measurement
from ..registry import claim, control, mutant
from ..verdict import Kind, Source, Verdict, count_checked
from .balls_bins import largest_k_below, pruning_bound
from .ticket_existence_claims import HEADLINE_EXAMPLE, _headline_degrees, _headline_symbols, _section_7_6_width

DOC = "tickets-random-pruning-report.md"

src = Source.factory(DOC)

#: The claims the ticket-existence headlines rest on: §7.6's width and the independence conjecture it assumes.
HEADLINE_USES = ("tix.mlr-layer-network.network-width", "tix.slr-width.independence")


# --------------------------------------------------------------------------- exact balls and bins

#: One-bin enumeration: bins b = d - 1 and balls k (all b^k sequences); widths w = 1, 2 (m = w² = 1, 4).
ENUM_BINS = (1, 2, 3, 4)
ENUM_BALLS = range(1, 9)
ENUM_WIDTHS = (1, 2)
#: Max-load grid: widths, depths d (bins d - 1) and balls k = w²..w²+30.
LOAD_WIDTHS = (2, 3)
LOAD_DEPTHS = (2, 3, 5, 10)
LOAD_EXTRA = 30


@measurement
def _one_bin_counts(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: enumerate all b^k sequences of k balls into b bins; per (b, k, m) the exact shares of sequences
    that put exactly m and at least m balls into bin 0."""
    rows = []
    for b in ENUM_BINS:
        for k in ENUM_BALLS:
            seqs = np.array(list(itertools.product(range(b), repeat=k)), dtype=np.int64)
            in_bin0 = (seqs == 0).sum(axis=1)
            for w in ENUM_WIDTHS:
                m = w * w
                if m > k:
                    continue
                rows.append({"w": w, "d": b + 1, "k": k, "sequences": b**k,
                             "P(exactly w²)": Fraction(int((in_bin0 == m).sum()), b**k),
                             "P(at least w²)": Fraction(int((in_bin0 >= m).sum()), b**k)})
    return tuple(rows)


def _printed_one_bin(k: int, m: int, d: int) -> Fraction:
    """§3.1 first display, line 1: C(k, w²)(1/(d-1))^(w²)((d-2)/(d-1))^(k-w²), exactly."""
    return math.comb(k, m) * Fraction(1, d - 1) ** m * Fraction(d - 2, d - 1) ** (k - m)


@claim(
    "tix.balls-bins.one-bin",
    title="§3.1: the chance that a fixed layer is picked exactly w² times is the binomial term",
    source=src("§3.1, first display, line 1"),
    kind=Kind.EXACT,
    statement="""The first line of the balls-and-bins display gives, for one fixed bin among the d-1 prunable layers,
        the binomial probability that k uniform throws put exactly w² balls into it:
        C(k,w²)(1/(d-1))^(w²)((d-2)/(d-1))^(k-w²).""",
    decision_rule="""Enumerate all (d-1)^k throw sequences for d = 2..5, k = 1..8 and w = 1, 2 (k >= w²) and count
        exactly the sequences with the claimed event in bin 0. Verified if the printed term equals the counted share
        (exact rationals) at every point, refuted at the first point where it does not.""",
    recorded="verified",
    mutants=[mutant("the term read as the chance of at least w² balls (what disconnection needs)", event="at least"),
             mutant("the miss factor raised to k instead of k - w²",
                    term=lambda k, m, d: math.comb(k, m) * Fraction(1, d - 1) ** m * Fraction(d - 2, d - 1) ** k)],
)
def _one_bin(ctx: CheckContext, *, term=_printed_one_bin, event="exactly") -> Verdict:
    rows = _one_bin_counts(ctx)
    key = f"P({event} w²)"
    bad = [r for r in rows if term(r["k"], r["w"] ** 2, r["d"]) != r[key]]
    first = bad[0] if bad else None
    return Verdict.from_check(
        not bad, checked=rows,
        claimed=f"C(k,w²)(1/(d-1))^(w²)((d-2)/(d-1))^(k-w²) = P(bin i holds {event} w² balls)",
        measured=f"{len(rows) - len(bad)} of {len(rows)} points agree exactly ({sum(r['sequences'] for r in rows)} "
                 "sequences enumerated)",
        counterexample={"w": first["w"], "d": first["d"], "k": first["k"],
                        "term": mt.show(term(first["k"], first["w"] ** 2, first["d"])), key: mt.show(first[key])}
        if first else None,
        finding=(f"at w={first['w']}, d={first['d']}, k={first['k']} the term is "
                 f"{mt.show(term(first['k'], first['w'] ** 2, first['d']))} while P({event} w²) = {mt.show(first[key])}")
        if first else "",
        notes="""The line is the probability of exactly w² balls, while a layer is emptied by w² picks or more; for
            k > w² the two differ (at w = 2, d = 3, k = 8: 35/128 against 163/256). The chain still bounds the event
            it needs: dropping the miss factor in the next display turns the term into C(k,w²)(1/(d-1))^(w²), which
            bounds P(at least w²) (tix.balls-bins.drop-factor).""",
        evidence={"table": [{**{k: v for k, v in r.items() if not isinstance(v, Fraction)},
                             "P(exactly w²)": mt.show(r["P(exactly w²)"]), "P(at least w²)": mt.show(r["P(at least w²)"])}
                            for r in rows]},
    )


def _p_some_bin_at_least(k: int, bins: int, m: int) -> Fraction:
    """Exact P(some of ``bins`` bins holds >= m of k uniform balls): 1 - k!/bins^k [x^k] (sum_{j<m} x^j/j!)^bins."""
    below = [Fraction(1, math.factorial(j)) for j in range(min(m, k + 1))]
    poly = [Fraction(1)]
    for _ in range(bins):
        out = [Fraction(0)] * min(len(poly) + len(below) - 1, k + 1)
        for i, a in enumerate(poly):
            if a:
                for j, c in enumerate(below):
                    if i + j <= k:
                        out[i + j] += a * c
        poly = out
    coeff = poly[k] if k < len(poly) else Fraction(0)
    return 1 - coeff * math.factorial(k) / Fraction(bins) ** k


@measurement
def _max_load(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: the exact probability that some of the d-1 bins holds at least w² of k balls, per (w, d, k)."""
    rows = []
    for w in LOAD_WIDTHS:
        m = w * w
        for d in LOAD_DEPTHS:
            for k in range(m, m + LOAD_EXTRA + 1):
                rows.append({"w": w, "d": d, "k": k, "P(some layer picked >= w² times)": _p_some_bin_at_least(k, d - 1, m)})
    return tuple(rows)


def _dropped_bound(k: int, m: int, d: int) -> Fraction:
    """§3.1 second display, line 1: C(k, w²)(1/(d-1))^(w²-1), the union over d-1 bins with the miss factor dropped."""
    return math.comb(k, m) * Fraction(1, d - 1) ** (m - 1)


@claim(
    "tix.balls-bins.drop-factor",
    uses=("tix.balls-bins.one-bin", "tix.balls-bins.union-step.corrected"),
    title="§3.1: dropping ((d-2)/(d-1))^(k-w²) leaves a bound on some layer being picked w² times or more",
    source=src("§3.1 ¶6 ('Suppose we throw k > w²') and second display, line 1"),
    kind=Kind.EXACT,
    statement="""For k > w² the factor ((d-2)/(d-1))^(k-w²) lies in [0, 1], so the report drops it and continues with
        C(k,w²)(1/(d-1))^(w²-1). Read for the event the disconnection argument needs, some of the d-1 layers picked at
        least w² times: that expression must bound its probability (the union over d-1 layers of
        P(a layer gets at least w²) <= C(k,w²)(1/(d-1))^(w²)).""",
    decision_rule="""For w = 2, 3, d = 2, 3, 5, 10 and k = w²..w²+30: check that the dropped factor is at most 1 and
        compute exactly (exponential generating function, rationals) the probability that some of the d-1 bins holds
        at least w² balls. Verified if the factor is at most 1 and the stated bound is at least that probability at
        every point; refuted at the first point where the bound is smaller.""",
    recorded="verified",
    mutants=[mutant("the miss factor kept: the exactly-w² union bounds the at-least event",
                    bound=lambda k, m, d: _dropped_bound(k, m, d) * Fraction(d - 2, d - 1) ** (k - m)),
             mutant("the union over the layers left out (one bin's term)",
                    bound=lambda k, m, d: math.comb(k, m) * Fraction(1, d - 1) ** m)],
)
def _drop_factor(ctx: CheckContext, *, bound=_dropped_bound) -> Verdict:
    rows = _max_load(ctx)
    key = "P(some layer picked >= w² times)"
    factor_above_one = [r for r in rows if Fraction(r["d"] - 2, r["d"] - 1) ** (r["k"] - r["w"] ** 2) > 1]
    bad = factor_above_one + [r for r in rows if bound(r["k"], r["w"] ** 2, r["d"]) < r[key]]
    first = bad[0] if bad else None
    tight = min((r for r in rows if r[key] > 0), key=lambda r: float(_dropped_bound(r["k"], r["w"] ** 2, r["d"]) / r[key]))
    return Verdict.from_check(
        not bad, checked=rows,
        claimed="P(some layer picked >= w² times) <= the stated bound, for k >= w²",
        measured={"points": len(rows), "points where the bound is below the probability": len(bad),
                  "tightest point of the printed bound": f"w={tight['w']}, d={tight['d']}, k={tight['k']}: bound "
                  f"{mt.num(float(_dropped_bound(tight['k'], tight['w'] ** 2, tight['d'])))}, probability "
                  f"{mt.num(float(tight[key]))}"},
        counterexample={"w": first["w"], "d": first["d"], "k": first["k"],
                        "bound": mt.num(float(bound(first["k"], first["w"] ** 2, first["d"]))),
                        "probability": mt.num(float(first[key]))} if first else None,
        finding=(f"at w={first['w']}, d={first['d']}, k={first['k']} the bound is "
                 f"{mt.num(float(bound(first['k'], first['w'] ** 2, first['d'])))} but some layer holds w² or more with "
                 f"probability {mt.num(float(first[key]))}") if first else "",
        notes="""Exactly vs at least matters for the first display only: there the term with the miss factor is the
            chance of exactly w² balls, which for k far above w² is far below the chance of at least w² (first mutant).
            Dropping the factor gives C(k,w²)(1/(d-1))^(w²), the standard bound on P(at least w² in one bin), so the
            chain from this line on bounds the event the argument needs; the union is over the d-1 layers the text
            names (tix.balls-bins.union-step.corrected). At d = 2 the factor is 0 for k > w² and the single layer is
            certain to be full once k >= w²; the bound C(k,w²) >= 1 covers it.""",
        evidence={"table": [{"w": r["w"], "d": r["d"], "k": r["k"], "probability": mt.num(float(r[key]), 6),
                             "printed bound": mt.num(float(_dropped_bound(r["k"], r["w"] ** 2, r["d"])), 6)}
                            for r in rows if r["k"] in (r["w"] ** 2, r["w"] ** 2 + 10, r["w"] ** 2 + LOAD_EXTRA)]},
    )


# --------------------------------------------------------------------------- C(k, m) <= (ke/m)^m and the exponential

#: Grid for the binomial estimate: m = w² for w = 1..5, k from m to m + 60 and a few far values.
EST_WIDTHS = (1, 2, 3, 4, 5)
EST_K_EXTRA = (*range(0, 61), 1000, 10**6)

_K, _M, _B = sp.symbols("k m b", positive=True)  # balls, w², bins d-1


@measurement
def _binomials(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: ln C(k, m) exactly as a sympy number, per grid point."""
    return tuple({"w": w, "m": sp.Integer(w * w), "k": sp.Integer(w * w + x),
                  "C(k,m)": sp.Integer(math.comb(w * w + x, w * w))}
                 for w in EST_WIDTHS for x in EST_K_EXTRA)


@claim(
    "tix.balls-bins.binomial-estimate",
    uses=("tix.balls-bins.drop-factor",),
    title="§3.1: C(k,w²) <= (ke/w²)^(w²), and the bound as one exponential",
    source=src("§3.1, second display, lines 2-3"),
    kind=Kind.SYMBOLIC,
    statement="""The report bounds C(k,w²) by (ke/w²)^(w²) and writes (ke/w²)^(w²)(1/(d-1))^(w²-1) as
        exp(w² + w² ln k - w² ln(w²) - (w²-1) ln(d-1)).""",
    decision_rule="""Estimate: compare C(k, m) with the stated bound for m = w², w = 1..5, k = m..m+60, 1000, 10^6
        (sympy decides each inequality between an integer and an expression in e to whatever precision it needs).
        Rewriting: the logarithm of the left side minus the stated exponent, expanded and simplified by sympy with
        k, m, d-1 positive. Verified if every inequality holds and the difference is 0; refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("the factor e left out: C(k,w²) <= (k/w²)^(w²)", estimate=lambda k, m: (k / m) ** m),
             mutant("the exponent of d-1 taken as w² instead of w²-1",
                    exponent=lambda k, m, b: m + m * sp.log(k) - m * sp.log(m) - m * sp.log(b))],
)
def _binomial_estimate(ctx: CheckContext, *, estimate=lambda k, m: (k * sp.E / m) ** m,
                       exponent=lambda k, m, b: m + m * sp.log(k) - m * sp.log(m) - (m - 1) * sp.log(b)) -> Verdict:
    rows = _binomials(ctx)
    count_checked(rows)
    bad = [{"w": r["w"], "k": r["k"], "C(k,w²)": r["C(k,m)"], "stated bound": estimate(r["k"], r["m"])}
           for r in rows if not bool(r["C(k,m)"] <= estimate(r["k"], r["m"]))]
    lhs = (_K * sp.E / _M) ** _M * (1 / _B) ** (_M - 1)
    diff = sp.simplify(sp.expand_log(sp.log(lhs) - exponent(_K, _M, _B), force=True))
    holds = not bad and diff == 0
    slack = min(float(sp.log(estimate(r["k"], r["m"]) / r["C(k,m)"]).evalf(15)) for r in rows) if not bad else None
    return Verdict.from_check(
        holds, checked=rows,
        claimed={"estimate": estimate(_K, _M), "exponent": exponent(_K, _M, _B)},
        measured={"grid points where the estimate fails": len(bad),
                  "smallest ln(estimate / C(k,w²)) on the grid": mt.num(slack) if slack is not None else "not computed",
                  "ln((ke/m)^m (1/b)^(m-1)) minus the exponent": diff},
        counterexample={"first failing estimate": mt.pairs({k: mt.show(v) for k, v in bad[0].items()}) if bad else "none",
                        "exponent difference": diff},
        finding=(f"the estimate fails at w={bad[0]['w']}, k={bad[0]['k']}" if bad else
                 f"the exponential differs from the bound by the factor {mt.math(sp.exp(diff, evaluate=False))}")
        if not holds else "",
        notes="""C(k,m) <= k^m/m! <= (ke/m)^m, since m! >= (m/e)^m; the smallest slack on the grid is ln sqrt(2πm) or
            more. The sharper k^m/m! would save a factor of about sqrt(2π)·w in the bound
            (tix.balls-bins.c1-cap-low).""",
    )


# --------------------------------------------------------------------------- the cap's denominator, size and growth

CAP_WIDTHS = (2, 3, 4, 5, 10)
CAP_DEPTHS = (2, 3, 4, 5, 10, 100, 1000, 10**6)


def _cap(w: int, d: int) -> float:
    """The c = 1 cap (d-1)w² / e^(1 + ln(d-1)/w²)."""
    return pruning_bound(w, d - 1, 1.0)


@measurement
def _denominator_grid(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: the grid of (w, d) points on which the fourth display's inequalities are compared."""
    return tuple({"w": w, "d": d} for w in CAP_WIDTHS for d in CAP_DEPTHS)


@claim(
    "tix.balls-bins.cap-denominator",
    uses=("tix.balls-bins.solve-for-k",),
    title="§3.1: the cap's denominator is e(d-1)^(1/w²), below e(d-1)",
    source=src("§3.1, fourth display, lines 1-3"),
    kind=Kind.SYMBOLIC,
    statement="""The denominator e^(1 + ln(d-1)/w²) of the cap on k equals e·(d-1)^(1/w²), which is less than e(d-1).
        The strict inequality needs d-1 > 1: at d = 2 (a single prunable layer) the two sides are equal, which the
        display's purpose (showing the cap exceeds one, next line) does not need.""",
    decision_rule="""Identity: sympy simplifies the logarithm of e^(1 + ln(d-1)/w²) minus that of the stated form, with
        d-1 and w positive. Inequality: for w = 2, 3, 4, 5, 10 and d = 2..5, 10, 100, 1000, 10^6, sympy decides
        'stated form < upper bound' exactly for d >= the depth from which strictness is claimed (3) and '<=' below
        it. Verified if the difference is 0 and every comparison holds; refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("the denominator as e(d-1)^(1/w)", denominator=lambda w, b: sp.E * b ** (sp.Integer(1) / w)),
             mutant("the denominator below e alone", upper=lambda w, b: sp.E),
             mutant("strict already at d = 2", strict_from_depth=2)],
)
def _cap_denominator(ctx: CheckContext, *, denominator=lambda w, b: sp.E * b ** (sp.Integer(1) / w**2),
                     upper=lambda w, b: sp.E * b, strict_from_depth=3) -> Verdict:
    rows = _denominator_grid(ctx)
    count_checked(rows)
    w_, b_ = sp.symbols("w b", positive=True)
    diff = sp.simplify(sp.expand_log(1 + sp.log(b_) / w_**2 - sp.log(denominator(w_, b_)), force=True))
    bad = []
    for r in rows:
        lhs, rhs = denominator(sp.Integer(r["w"]), sp.Integer(r["d"] - 1)), upper(sp.Integer(r["w"]), sp.Integer(r["d"] - 1))
        ok = bool(lhs < rhs) if r["d"] >= strict_from_depth else bool(lhs <= rhs)
        if not ok:
            bad.append({"w": r["w"], "d": r["d"], "denominator": lhs, "upper bound": rhs,
                        "relation claimed": "<" if r["d"] >= strict_from_depth else "<="})
    holds = diff == 0 and not bad
    return Verdict.from_check(
        holds, checked=rows,
        claimed={"denominator": denominator(w_, b_), "upper bound": upper(w_, b_),
                 "strict from depth": strict_from_depth},
        measured={"ln(e^(1 + ln(b)/w²)) - ln(denominator), b = d-1": diff,
                  "grid points where the inequality fails": len(bad)},
        counterexample={"identity difference": diff,
                        "first failing point": mt.pairs({k: mt.show(v) for k, v in bad[0].items()}) if bad else "none"},
        finding=(f"e^(1 + ln(d-1)/w²) differs from the stated form by the factor {mt.math(sp.exp(diff, evaluate=False))}"
                 if diff != 0 else f"at w={bad[0]['w']}, d={bad[0]['d']}: {mt.math(bad[0]['denominator'])} is not "
                 f"{bad[0]['relation claimed']} {mt.math(bad[0]['upper bound'])}") if not holds else "",
        notes="""(d-1)^(1/w²) < d-1 exactly when d-1 > 1 and w² > 1; at d = 2 both sides are e. The comparisons are
            decided by sympy, not in floating point.""",
    )


@claim(
    "tix.balls-bins.cap-above-one",
    uses=("tix.balls-bins.cap-denominator",),
    title="§3.1: w² > e for w >= 2, so e(d-1) < (d-1)w² and the cap on k exceeds one",
    source=src("§3.1, fourth display, line 4"),
    kind=Kind.EXACT,
    statement="""Since w² exceeds e once w >= 2, e(d-1) is below (d-1)w² for every d >= 2; with the previous line the
        cap (d-1)w²/e^(1 + ln(d-1)/w²) is above one.""",
    decision_rule="""For w from the stated least width to 10 and d = 2..5, 10, 100, 1000, 10^6: sympy decides exactly
        w² > the stated constant, e(d-1) < (d-1)w², and cap > 1. Verified if all hold at every point; refuted at the
        first point where one fails.""",
    recorded="verified",
    mutants=[mutant("the least width 1", min_width=1), mutant("w² > e² for w >= 2", constant=sp.E**2)],
)
def _cap_above_one(ctx: CheckContext, *, min_width=2, constant=sp.E) -> Verdict:
    points = [(w, d) for w in range(min_width, 11) for d in CAP_DEPTHS]
    bad = []
    for w, d in points:
        b = sp.Integer(d - 1)
        cap = b * w**2 / sp.exp(1 + sp.log(b) / w**2)
        checks = {"w² > constant": bool(sp.Integer(w**2) > constant), "e(d-1) < (d-1)w²": bool(sp.E * b < b * w**2),
                  "cap > 1": bool(cap > 1)}
        if not all(checks.values()):
            bad.append({"w": w, "d": d, "fails": ", ".join(k for k, v in checks.items() if not v),
                        "cap": mt.num(float(cap))})
    return Verdict.from_check(
        not bad, checked=points,
        claimed=f"for w >= {min_width}: w² > {mt.show(constant)}, e(d-1) < (d-1)w², cap > 1",
        measured={"points": len(points), "points failing": len(bad),
                  "smallest cap on the grid": mt.num(min(_cap(w, d) for w, d in points))},
        counterexample=mt.pairs(bad[0]) if bad else None,
        finding=(f"at w={bad[0]['w']}, d={bad[0]['d']}: {bad[0]['fails']} fails (cap {bad[0]['cap']})") if bad else "",
        notes="""At w = 1 the cap is 1/e at every depth, so the restriction w >= 2 is needed. A cap above one is a weak
            statement: the derivation assumed k > w², and the cap exceeds w² only once (d-1)^(1-1/w²) > e, i.e. from
            d = 5 at w = 2; below that the event is impossible anyway (k < w²).""",
    )


GROWTH_WIDTHS = range(1, 9)
GROWTH_DEPTHS = range(2, 301)
#: A relative change below this counts as no change (the cap is computed in floating point).
FLAT = 1e-9


@measurement
def _cap_grid(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: the c = 1 cap on the grid w = 1..9, d = 2..301."""
    return tuple({"w": w, "d": d, "cap": _cap(w, d)} for w in range(1, 10) for d in range(2, 302))


def _sign(new: float, old: float) -> int:
    change = (new - old) / old
    return 0 if abs(change) <= FLAT else (1 if change > 0 else -1)


@claim(
    "tix.balls-bins.cap-growth",
    uses=("tix.balls-bins.cap-above-one",),
    title="§3.1: the cap on k grows with the depth d and with the width w",
    source=src("§3.1 ¶9 (after the fourth display)"),
    kind=Kind.EXACT,
    statement="""The cap (d-1)w²/e^(1 + ln(d-1)/w²) = (d-1)^(1-1/w²) w²/e increases as d grows and as w grows, for the
        widths w >= 2 the previous display assumes.""",
    decision_rule=f"""On w = 2..8 (from the stated least width) and d = 2..300, the sign of the relative change of the
        cap from d to d+1 and from w to w+1 (a change below {FLAT:g} counts as none). Verified if every change has the
        stated direction; refuted at the first that does not. The derivatives of ln(cap) (sympy) are reported.""",
    recorded="verified",
    mutants=[mutant("the cap shrinks as d grows", direction_d=-1),
             mutant("growing in d for every width, w = 1 included", min_width=1)],
)
def _cap_growth(ctx: CheckContext, *, direction_d=1, direction_w=1, min_width=2) -> Verdict:
    grid = {(r["w"], r["d"]): r["cap"] for r in _cap_grid(ctx)}
    count_checked(grid)
    bad = []
    for w in range(min_width, 9):
        for d in GROWTH_DEPTHS:
            if _sign(grid[(w, d + 1)], grid[(w, d)]) != direction_d:
                bad.append({"w": w, "d": d, "step": "d to d+1", "from": mt.num(grid[(w, d)], 6),
                            "to": mt.num(grid[(w, d + 1)], 6)})
            if _sign(grid[(w + 1, d)], grid[(w, d)]) != direction_w:
                bad.append({"w": w, "d": d, "step": "w to w+1", "from": mt.num(grid[(w, d)], 6),
                            "to": mt.num(grid[(w + 1, d)], 6)})
    w_, d_ = sp.symbols("w d", positive=True)
    log_cap = (1 - 1 / w_**2) * sp.log(d_ - 1) + 2 * sp.log(w_) - 1
    return Verdict.from_check(
        not bad, checked=len(range(min_width, 9)) * len(GROWTH_DEPTHS) * 2,
        claimed=f"cap changes with d in direction {direction_d:+d} and with w in direction {direction_w:+d}, for "
                f"w >= {min_width}",
        measured={"d ln(cap)/dd": sp.simplify(sp.diff(log_cap, d_)), "d ln(cap)/dw": sp.simplify(sp.diff(log_cap, w_)),
                  "steps against the claimed direction": len(bad)},
        counterexample=mt.pairs(bad[0]) if bad else None,
        finding=(f"at w={bad[0]['w']}, d={bad[0]['d']} the step {bad[0]['step']} takes the cap from {bad[0]['from']} to "
                 f"{bad[0]['to']}") if bad else "",
        notes="""d ln(cap)/dd = (1 - 1/w²)/(d-1) > 0 for w >= 2 and is 0 at w = 1 (the cap is 1/e there);
            d ln(cap)/dw = 2 ln(d-1)/w³ + 2/w > 0 for d >= 2. The cap grows more slowly than the (d-1)w² edges it is
            taken from: its share (d-1)^(-1/w²)/e of the prunable edges falls with d.""",
    )


# --------------------------------------------------------------------------- ReLU tickets under the §3.1 cap

#: ReLU pruning grid (w = 2): depths d (d-1 prunable layers) and levels c.
RELU_DEPTHS = (5, 10, 100, 1000, 10000)
RELU_CS = (math.e, 10.0)
#: Per prunable layer of a w = 2 network, the chance that it still holds two disjoint edges after j distinct picks:
#: 1 for j <= 1; for j = 2 the two removed edges must form a perfect matching of K_{2,2} (2 of the 6 pairs);
#: 0 for j >= 3 (one edge or none left).
RELU_LAYER_SURVIVAL = (Fraction(1), Fraction(1), Fraction(1, 3))
#: The §3.1 event for comparison: a layer lost only once all w² = 4 of its edges are picked.
FULL_LAYER_SURVIVAL = (Fraction(1), Fraction(1), Fraction(1), Fraction(1))


def _log_survival(bins: int, ks, survival: tuple[Fraction, ...]) -> dict[int, float]:
    """ln P(every layer still fine after k picks) for each k in ``ks``: k!/bins^k [x^k] (sum_j s_j x^j/j!)^bins, summed
    over how many layers got j picks (every term positive, added in log space)."""
    log_w = np.array([math.log(s) - math.lgamma(j + 1) for j, s in enumerate(survival)])
    out = {}
    for k in ks:
        if len(survival) == 3:
            c2 = np.arange(k // 2 + 1)
            counts = np.stack([k - 2 * c2, c2], axis=1)
        elif len(survival) == 4:
            c3, c2 = np.meshgrid(np.arange(k // 3 + 1), np.arange(k // 2 + 1), indexing="ij")
            c3, c2 = c3.ravel(), c2.ravel()
            keep = 3 * c3 + 2 * c2 <= k
            c3, c2 = c3[keep], c2[keep]
            counts = np.stack([k - 3 * c3 - 2 * c2, c2, c3], axis=1)
        else:
            raise ValueError(f"{len(survival)} survival levels not supported")
        used = counts.sum(axis=1)
        counts, used = counts[used <= bins], used[used <= bins]
        terms = (gammaln(bins + 1) - gammaln(bins - used + 1) - gammaln(counts + 1).sum(axis=1)
                 + counts @ log_w[1:])
        top = terms.max()
        out[k] = float(gammaln(k + 1) - k * math.log(bins) + top + math.log(np.exp(terms - top).sum()))
    return out


@measurement
def _relu_pruning(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: per depth d (w = 2), the exact probability after k picks (k = 0 to just past the §3.1 cap at c = e)
    that the network no longer holds two hidden-node-disjoint s-t paths, and, at the §3.1 caps, that some layer had all
    four of its edges picked."""
    rows = []
    for d in RELU_DEPTHS:
        bins = d - 1
        caps = [max(largest_k_below(pruning_bound(2, bins, c)), 0) for c in RELU_CS]
        relu = _log_survival(bins, range(max(caps) + 2), RELU_LAYER_SURVIVAL)
        full = _log_survival(bins, caps, FULL_LAYER_SURVIVAL)
        rows.append({"d": d, "P(no ReLU ticket) by k": tuple(-math.expm1(relu[k]) for k in sorted(relu)),
                     "P(some layer picked 4 times) by k": {k: -math.expm1(v) for k, v in full.items()}})
    return tuple(rows)


@claim(
    "tix.relu-paths.pruning-cap",
    uses=("tix.relu-paths.first-edges", "tix.balls-bins.bound"),
    title="Beyond the report: the §3.1 pruning cap protects one-path tickets, not the two-path tickets of ReLU",
    source=src("§3.1 ¶1 ('easily extended to ReLU activation in Section 4'); §3 assumption 3; §4 ¶9; §7.3 ¶3; §5 ¶1"),
    kind=Kind.EXACT,
    origin="suite",
    statement="""§3 takes ReLU networks without biases (assumption 3), while §3.1 derives its cap on random pruning for
        linear activation or positive inputs, where a minimal ticket is one s-t path, and says only that this ticket
        picture extends to ReLU (§4 ¶9, §7.3: two disjoint paths whose first edges have opposite signs; verified as
        tix.relu-paths.first-edges).  The report never reworks the cap for that ticket, though §5 sums up §3 as
        pruning bounds that preserve tickets.  The suite's question: does the §3.1 cap (d-1)w²/e^(1 + ln(d-1)/w² +
        ln(c)/w²) also keep a ReLU ticket with probability at least 1 - 1/c?  It does not.""",
    decision_rule="""Exact, at w = 2 (the §3.1 algorithm, d = 5, 10, 100, 1000, 10000, c = e, 10). Until the network
        loses its last pair of hidden-node-disjoint s-t paths no node has lost all its outgoing edges, so rule (d) has
        not acted and the layers evolve independently: a layer picked j times keeps a perfect matching with chance 1,
        1, 1/3, 0 for j = 0, 1, 2, >= 3. So P(a pair survives k picks) = k!/(d-1)^k [x^k](1 + x + x²/6)^(d-1), summed
        in log space (every term positive). At the largest integer k below the cap, the cap keeps the ticket if
        P(no pair left) <= 1/c at every grid point.  The claim (the cap does not keep it) is verified if some point
        exceeds 1/c, refuted if none does.""",
    recorded="verified",
    mutants=[mutant("the report's cap keeps ReLU tickets too", keeps=True),
             mutant("the birthday cap sqrt(2(d-1)/c) loses them as well (the union bound over layers picked twice "
                    "keeps them)", cap=lambda w, bins, c: math.sqrt(2 * bins / c)),
             control("a constant factor does not rescue the cap: half of it loses ReLU tickets too",
                     cap=lambda w, bins, c: pruning_bound(w, bins, c) / 2),
             control("the §3.1 event itself, a layer with all w² edges picked, is kept at the cap", ticket="full layer",
                     keeps=True)],
)
def _relu_pruning_cap(ctx: CheckContext, *, cap=pruning_bound, ticket="ReLU pair", keeps: bool = False) -> Verdict:
    rows = _relu_pruning(ctx)
    count_checked(rows)
    key = {"ReLU pair": "P(no ReLU ticket) by k", "full layer": "P(some layer picked 4 times) by k"}[ticket]
    points = []
    for r in rows:
        curve = dict(enumerate(r[key])) if isinstance(r[key], tuple) else r[key]
        for c in RELU_CS:
            k = max(largest_k_below(cap(2, r["d"] - 1, c)), 0)
            if k not in curve:
                raise LookupError(f"the measurement holds no probability at k={k} for d={r['d']}")
            # the first k at which the loss exceeds 1/c, less one (the loss only grows with k)
            safe = next((j - 1 for j in sorted(curve) if curve[j] > 1 / c), None) if ticket == "ReLU pair" else None
            points.append({"d": r["d"], "c": mt.num(c), "k": k, "P(ticket lost)": curve[k], "1/c": 1 / c,
                           "largest k with P <= 1/c": safe if safe is not None else "not computed",
                           "that k / the §3.1 cap": safe / pruning_bound(2, r["d"] - 1, c) if safe is not None
                           else "not computed"})
    bad = [p for p in points if p["P(ticket lost)"] > p["1/c"] * (1 + 1e-9)]
    worst = max(points, key=lambda p: p["P(ticket lost)"] / p["1/c"])
    event = "no ReLU ticket" if ticket == "ReLU pair" else "some layer picked w² times"
    return Verdict.from_check(
        (not bad) == keeps, checked=points,
        claimed=f"P({event}) {'<=' if keeps else 'exceeds'} 1/c {'everywhere' if keeps else 'somewhere'} below the cap",
        measured={"largest P(lost)·c": mt.num(worst["P(ticket lost)"] / worst["1/c"]),
                  "at": f"d={worst['d']}, c={worst['c']}, k={worst['k']}",
                  "largest safe k as a share of the §3.1 cap, c = e, by d":
                      mt.pairs({f"d={p['d']}": mt.show(p["that k / the §3.1 cap"]) for p in points
                                if p["c"] == mt.num(math.e)})},
        counterexample=mt.pairs(bad[0] if bad else worst),
        decision_detail=(f"at w=2, d={bad[0]['d']}, c={bad[0]['c']}, pruning k={bad[0]['k']} edges (below the cap) "
                         f"leaves no two disjoint s-t paths with probability {mt.num(bad[0]['P(ticket lost)'])} > 1/c; "
                         f"the largest safe k is {bad[0]['largest k with P <= 1/c']}") if bad else
                        f"P({event}) stays at most 1/c at every grid point (largest P·c "
                        f"{mt.num(worst['P(ticket lost)'] / worst['1/c'])})",
        notes="""Two disjoint paths are a structural necessity for a ReLU ticket; the sign conditions of §7.3 (and
            tix.relu-paths) only make a surviving ticket rarer, so the probabilities here bound the loss of a ReLU
            ticket from below. The ticket characterisation itself (two paths, first edges of opposite signs) is
            verified as tix.relu-paths.first-edges; what does not carry over is the pruning guarantee. The §3.1 event
            (a layer with all w² edges picked) stays below 1/c at the same k (second control).""",
        evidence={"table": [mt.rounded(p, 6) for p in points]},
    )


# --------------------------------------------------------------------------- §3.2 ¶3: the first layer protected

#: (sources S, width w, hidden node layers L) of the small MLR networks enumerated.
MLR_NETWORKS = ((2, 2, 2), (3, 2, 2), (2, 2, 3))


def _reaches_t(S: int, w: int, L: int, kept: dict) -> tuple[list[bool], bool]:
    """Which sources reach t, and whether some first-hidden-layer node does, in the network whose edge layers keep the
    edges in ``kept`` (edge layer index -> set of (from, to); layer 0 is sources -> hidden 1, layer L is hidden L -> t)."""
    alive = {0}  # t, as the single node after the last edge layer
    for layer in range(L, -1, -1):
        alive = {a for a, b in kept[layer] if b in alive}
    to_t_from_hidden1 = {0}
    for layer in range(L, 0, -1):
        to_t_from_hidden1 = {a for a, b in kept[layer] if b in to_t_from_hidden1}
    return [s in alive for s in range(S)], bool(to_t_from_hidden1)


def _edge_layers(S: int, w: int, L: int) -> list[list[tuple[int, int]]]:
    layers = [[(s, j) for s in range(S) for j in range(w)]]
    layers += [[(i, j) for i in range(w) for j in range(w)] for _ in range(L - 1)]
    layers.append([(i, 0) for i in range(w)])
    return layers


@measurement
def _mlr_states(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: for every small network, every subset of edges removed from the middle edge layers or from the
    first one as well: whether every source reaches t and whether some second-layer node does."""
    rows = []
    for S, w, L in MLR_NETWORKS:
        layers = _edge_layers(S, w, L)
        for first_prunable in (False, True):
            prunable = [i for i in range(len(layers)) if 0 < i < len(layers) - 1 or (i == 0 and first_prunable)]
            edges = [(i, e) for i in prunable for e in layers[i]]
            for mask in range(2 ** len(edges)):
                removed = {edges[b] for b in range(len(edges)) if mask >> b & 1}
                kept = {i: {e for e in layers[i] if (i, e) not in removed} for i in range(len(layers))}
                sources, second = _reaches_t(S, w, L, kept)
                rows.append({"S": S, "w": w, "hidden layers": L, "first layer prunable": first_prunable,
                             "removed": len(removed), "every source reaches t": all(sources),
                             "some second-layer node reaches t": second})
    return tuple(rows)


@claim(
    "tix.disconnect.mlr-first-layer",
    uses=("tix.mlr-ticket-count",),
    title="§3.2: with the first and last layers unpruned, one path from the second layer to t is an MLR ticket",
    source=src("§3.2 ¶3 (and Figure 3)"),
    kind=Kind.EXACT,
    statement="""If no outgoing edge of the first layer (the sources) or of the last layer is ever pruned, then any path
        from a node of the second layer to t serves every source, each source reaching that node over its intact
        first-layer edge; so the MLR network holds a ticket exactly when some second-layer node still reaches t, and
        protecting the first layer is what makes §3.1's single-path analysis apply.""",
    decision_rule="""Enumerate every set of pruned edges of the layers the claim lets the algorithm prune, on networks
        with (S, w, hidden layers) = (2, 2, 2), (3, 2, 2), (2, 2, 3). Verified if in every state some second-layer node
        reaching t implies that every source reaches t; refuted at the first state where it does not.""",
    recorded="verified",
    mutants=[mutant("only the last layer protected (the first edge layer prunable too)", protected=("last",))],
)
def _mlr_first_layer(ctx: CheckContext, *, protected=("first", "last")) -> Verdict:
    first_prunable = "first" not in protected
    rows = [r for r in _mlr_states(ctx) if r["first layer prunable"] == first_prunable]
    bad = [r for r in rows if r["some second-layer node reaches t"] and not r["every source reaches t"]]
    return Verdict.from_check(
        not bad, checked=rows,
        claimed=f"with the {' and '.join(protected)} layer{'s' if len(protected) > 1 else ''} unpruned, a path from the "
                "second layer to t gives every source a path to t",
        measured={"pruned states enumerated": len(rows),
                  "states with a second-layer path": sum(r["some second-layer node reaches t"] for r in rows),
                  "of them without a full MLR ticket": len(bad)},
        counterexample=mt.pairs(bad[0]) if bad else None,
        finding=(f"S={bad[0]['S']}, w={bad[0]['w']}, {bad[0]['hidden layers']} hidden layers, {bad[0]['removed']} "
                 "edges removed: a second-layer node still reaches t but some source does not") if bad else "",
        notes="""Protecting the last layer is not needed for this implication (the §3.1 convention already never prunes
            the edges into t); protecting the first is. The bound §3.2 then states with d-2 prunable layers is
            tix.disconnect.mlr.""",
    )


# --------------------------------------------------------------------------- the headlines: size against Malach et al.

SUBSTITUTION_DEPTHS = range(2, 51)


@measurement
def _width_degrees(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: growth degrees of §7.6's width (|S| = |T| = F_width, p = ε/(2x), δ' read as δ) per substitution
    depth k, printed and with the ε/sqrt|T| repair of the §7.5 precision (tix.headline-width)."""
    degrees = _headline_degrees()
    k = _headline_symbols()[2]
    return tuple({"k": kk, "F_width": degrees["F_width"].subs(k, kk), "F_depth": degrees["F_depth"].subs(k, kk),
                  "1/ε": degrees["1/ε"].subs(k, kk), "depth in F_depth": degrees["depth in F_depth"],
                  "F_width, ε/sqrt|T| per output": degrees["F_width, ε/sqrt|T| per output"].subs(k, kk)}
                 for kk in SUBSTITUTION_DEPTHS)


@claim(
    "tix.headline-width.improves-malach",
    uses=HEADLINE_USES,
    title="Abstract, §2, §5: given the conjecture, the random graph needs to be less wide than Malach et al.'s",
    source=src("Abstract (last sentence); §2 ¶4 (last sentence); §5 ¶2; against §4 ¶2 (Malach et al.: width O(w^4 d^2), "
               "depth 2d) and §7.6 (final display)"),
    kind=Kind.SYMBOLIC,
    statement="""Conditional on the report's conjecture that the paths' bad events behave as if independent (§4), the
        random graph that §7.6 shows to contain an ε-approximation of a target of width w = F_width and depth
        F_depth is asymptotically smaller than what Malach et al. need as the report quotes them (§4 ¶2: width
        O(w^4 d^2), depth 2d): §7.6's width |T||S|(log(2|S||T|F_depth/δ)·4|S||T|^(1/k)F_depth/p)^(1/(k-1)) at depth
        k·F_depth, for a substitution depth k, grows more slowly in w and in the target's depth.""",
    decision_rule="""The growth degrees (sympy limits) of §7.6's width in F_width and in F_depth for k = 2..50, printed
        and with the ε/sqrt|T| repair of §7.5; the graph's depth k·F_depth has degree 1 in F_depth, as Malach et al.'s
        2d. Verified if at every k both width degrees are strictly below Malach et al.'s exponents (the report's 4
        and 2) and the depth degree is at most 1; refuted at the first k where one is not.""",
    recorded="verified",
    mutants=[mutant("Malach et al.'s width taken as O(w^3 d^2)", malach_width_exponent=3),
             mutant("Malach et al.'s width taken as O(w^4 d)", malach_depth_exponent=1)],
)
def _improves_malach(ctx: CheckContext, *, malach_width_exponent=4, malach_depth_exponent=2) -> Verdict:
    rows = _width_degrees(ctx)
    bad = [{"k": r["k"], "degree in F_width": r["F_width"],
            "degree in F_width, repaired": r["F_width, ε/sqrt|T| per output"], "degree in F_depth": r["F_depth"]}
           for r in rows
           if not (r["F_width"] < malach_width_exponent and r["F_width, ε/sqrt|T| per output"] < malach_width_exponent
                   and r["F_depth"] < malach_depth_exponent and r["depth in F_depth"] <= 1)]
    shown = {f"k={r['k']}": f"F_width {mt.num(float(r['F_width']))}, repaired {mt.num(float(r['F_width, ε/sqrt|T| per output']))}, "
                            f"F_depth {mt.num(float(r['F_depth']))}, 1/ε {mt.num(float(r['1/ε']))}"
             for r in rows if r["k"] in (2, 3, 5, 10, 50)}
    return Verdict.from_check(
        not bad, checked=rows,
        claimed=f"§7.6's width degree below {malach_width_exponent} in F_width and below {malach_depth_exponent} in "
                "F_depth at every substitution depth k >= 2, depth degree at most 1",
        measured={"width degrees (sympy) by k": shown,
                  "largest degree in F_width (k = 2)": max(r["F_width"] for r in rows),
                  "largest degree in F_depth (k = 2)": max(r["F_depth"] for r in rows)},
        counterexample=mt.pairs({k: mt.show(v) for k, v in bad[0].items()}) if bad else None,
        finding=(f"at k={bad[0]['k']} §7.6's width has degree {mt.show(bad[0]['degree in F_width'])} in F_width and "
                 f"{mt.show(bad[0]['degree in F_depth'])} in F_depth, not below "
                 f"{malach_width_exponent} and {malach_depth_exponent}") if bad else "",
        notes="""The comparison is of growth rates, as the report states Malach et al.'s bound (O(w^4 d^2) hides its
            dependence on ε and δ and its constants, so the report's own 10^8 for width 100 is not compared here).
            §7.6's degree in F_width is 2 + (k+1)/(k(k-1)) (3.5 at k = 2), in F_depth and in 1/ε it is 1/(k-1); the
            depth k·F_depth is k/2 times Malach et al.'s 2d. The improvement is conditional: the independence conjecture
            it rests on is refuted as stated (tix.slr-width.independence), and under ReLU the width must be doubled
            (tix.relu-paths), which leaves the degrees unchanged. 'Quadratic' width is not reached at any k
            (tix.headline-width).""",
    )


DEEPER_WIDTHS = (10, 100, 1000)


@measurement
def _size_by_depth(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: at the example ε, δ, x, F_depth (as tix.headline-width), §7.6's width and the graph's edge count
    width²·k·F_depth per target width W and substitution depth k."""
    W, D, k, eps, delta, x = _headline_symbols()
    values = {eps: HEADLINE_EXAMPLE["epsilon"], delta: HEADLINE_EXAMPLE["delta"], x: HEADLINE_EXAMPLE["x"],
              D: HEADLINE_EXAMPLE["F_depth"]}
    width = sp.lambdify((W, k), _section_7_6_width().subs(values))
    return tuple({"W": ww, "k": kk, "width": float(width(ww, kk)),
                  "edges": float(width(ww, kk)) ** 2 * kk * HEADLINE_EXAMPLE["F_depth"]}
                 for ww in DEEPER_WIDTHS for kk in SUBSTITUTION_DEPTHS)


@claim(
    "tix.headline-width.deeper-size",
    uses=HEADLINE_USES + ("tix.ticket-size.deeper-substitution",),
    title="§5: given independence, deeper substitutions shrink the random graph a ticket needs",
    source=src("§5 ¶2 (second half); §4 ¶11; §7.6 (last paragraph and final display)"),
    kind=Kind.SYMBOLIC,
    statement="""Conditional on the independence conjecture (§4), substituting each target layer by a random block of
        depth k > 2 rather than a two-layer block (k = 2, the depth of Malach et al.'s and Pensia et al.'s
        substitutions) lowers the size §7.6 requires of the random graph: its growth degrees in the target's width,
        the target's depth and 1/ε, and its edge count width²·k·F_depth at the report-scale example.""",
    decision_rule="""Growth degrees (sympy) of §7.6's width at k = 3..50 against k = 2; edge counts at ε = 0.01,
        δ = 0.1, x = 1, F_depth = 10 for target widths 10, 100, 1000 and k = 2..50. Verified if every degree at k > 2
        is below k = 2's, the smallest edge count over k > 2 is below k = 2's for every target width, and (where the
        claim asserts it) the edge count falls at every step of k; refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("the graph keeps shrinking at every deeper substitution (edges falling in k up to 50)",
                    monotone=True)],
)
def _deeper_size(ctx: CheckContext, *, monotone=False) -> Verdict:
    degrees = {r["k"]: r for r in _width_degrees(ctx)}
    sizes = _size_by_depth(ctx)
    count_checked(sizes)
    bad = [{"k": kk, "variable": v, "degree": degrees[kk][v], "at k=2": degrees[2][v]}
           for kk in SUBSTITUTION_DEPTHS if kk > 2 for v in ("F_width", "F_depth", "1/ε")
           if not degrees[kk][v] < degrees[2][v]]
    best = {}
    for ww in DEEPER_WIDTHS:
        mine = {r["k"]: r["edges"] for r in sizes if r["W"] == ww}
        k_best = min(mine, key=mine.get)
        best[f"W={ww}"] = {"k=2": mine[2], "best k": k_best, "edges at best k": mine[k_best]}
        if not mine[k_best] < mine[2] * (1 - 1e-9):
            bad.append({"W": ww, "edges at k=2": mine[2], "smallest over k > 2": min(v for k, v in mine.items() if k > 2)})
        if monotone:
            rise = next((k for k in SUBSTITUTION_DEPTHS if k > 2 and not mine[k] < mine[k - 1]), None)
            if rise is not None:
                bad.append({"W": ww, "edges rise at k": rise, "from": mine[rise - 1], "to": mine[rise]})
    return Verdict.from_check(
        not bad, checked=sizes,
        claimed="deeper substitutions (k > 2) need a smaller random graph than k = 2" +
                (", falling at every step of k" if monotone else ""),
        measured={"degree in F_width at k = 2, 3, 10": ", ".join(mt.num(float(degrees[k]["F_width"])) for k in (2, 3, 10)),
                  "edges at ε = 0.01, δ = 0.1, x = 1, F_depth = 10":
                      {w: mt.pairs({"k=2": v["k=2"], "best k": v["best k"], "edges there": v["edges at best k"]})
                       for w, v in best.items()}},
        counterexample=mt.pairs({k: mt.show(v) for k, v in bad[0].items()}) if bad else None,
        finding=("; ".join(mt.pairs({k: mt.show(v) for k, v in b.items()}) for b in bad[:3])) if bad else "",
        notes="""The width falls at every step of k (tix.ticket-size.deeper-substitution) towards |S||T|, but the graph is
            k·F_depth deep, so its edge count width²·k·F_depth has a smallest value at a finite k and then grows
            linearly in k: deeper is better only up to a point (the mutant). Like the width, this is conditional on
            the independence conjecture (tix.slr-width.independence, refuted as stated). Whether the ticket found is a
            minimal winning ticket is not decided here; the construction keeps one path per target weight
            (tix.ticket-size.width).""",
        evidence={"edges by k": {f"W={ww}": {f"k={r['k']}": mt.num(r["edges"]) for r in sizes
                                            if r["W"] == ww and r["k"] in (2, 3, 4, 5, 10, 20, 50)}
                                 for ww in DEEPER_WIDTHS}},
    )
