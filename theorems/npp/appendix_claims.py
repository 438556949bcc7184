"""Checks of npp-quantized-slth-thesis.md's appendices and of the small steps around them.

* §1.1 (informal Theorem 7) against §5.1.2 Theorem 7: the width of the copy layers.
* §4.2.1 eq. 4.2 = §5.1.3 eq. 5.2: a linear map written as a two-layer ReLU network.
* §5.1.4 proof of Lemma 3 (signs absorbed, the law of |X_i|), the last display of the proof of Lemma 2, and three
  steps of the proof of Lemma 4 (the event on Λ, the rate n^(-β/(3+β)), the joint probability P(E)).
* Appendix A (the Laplace expansions A.2-A.3, the Gaussian step, the final formula), Appendix B (Theorems 9-12:
  first and second moment, Hoeffding, the intersection bound), Appendix C (rejection sampling).

Algebra is done with sympy, probabilities by exact enumeration with fractions over small laws, and the Laplace
formula against integrals with closed forms (Gamma and Bessel functions) in mpmath at 30 digits, so no verdict
depends on floating-point noise.  What a claim asserts (a coefficient, a hypothesis, an exponent, a width) is a
keyword-only parameter with the thesis's version as default.
"""
from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from .. import mathtext as mt
from ..context import CheckContext
from ..measure import measurement
from ..registry import claim, control, mutant
from ..verdict import Kind, Source, Status, Verdict, count_checked
from .moments import c_m
from .signings import half_sums

DOC = "npp-quantized-slth-thesis.md"
src = Source.factory(DOC)


def _frac(q: Fraction) -> str:
    """An exact probability as text: 3/8, or 0 and 1."""
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


# --------------------------------------------------------------------------- §1.1 informal Theorem 7 vs §5.1.2 Theorem 7

_D, _DELTA = sp.symbols("d delta", positive=True)


def _informal_width(d, delta2):
    """§1.1: width 2d log2(1/δ_2) of the layers after the first."""
    return 2 * d * sp.log(1 / delta2, 2)


def _informal_width_squared(d, delta2):
    """The informal width with δ_2² in the logarithm, as the formal theorem writes it."""
    return 2 * d * sp.log(1 / delta2 ** 2, 2)


def _formal_width(d, delta):
    """§5.1.2 Theorem 7 (and Lemma 8): 2 d log2(1/δ²) units per later layer, δ the reduced precision."""
    return 2 * d * sp.log(1 / delta ** 2, 2)


#: Target and large-network precisions δ_1 = 10^-k1 > δ_2 = 10^-k2 (§1.1: k2 > k1).
PRECISION_GRID = tuple((k1, k2) for k1 in range(1, 5) for k2 in range(k1 + 1, 9))


@measurement
def _informal_copies_success(ctx: CheckContext) -> list[dict]:
    """Measurement (context only, not the decision): how often every target code is a subset sum of ceil(2 log2(1/δ))
    weights (the informal copy count), as slth.theorem7 measures it for the formal count."""
    from ..slth.claims import THEOREM7_DELTAS, _copy_layer_hits
    return _copy_layer_hits(ctx, tuple(math.ceil(2 * math.log2(1 / d)) for d in THEOREM7_DELTAS))


@measurement
def _precision_pairs(ctx: CheckContext) -> list[tuple]:
    """The (k1, k2) pairs of PRECISION_GRID."""
    return list(PRECISION_GRID)


def _width_rows(pairs, informal) -> list[dict]:
    """Per (k1, k2): the informal width and the smallest width Theorem 7 asks for (at δ = δ_1, the coarsest admissible
    reduced precision), per target unit d = 1, exactly."""
    rows = []
    for k1, k2 in pairs:
        inf = informal(1, sp.Rational(1, 10 ** k2))
        formal = _formal_width(1, sp.Rational(1, 10 ** k1))
        # both are rational multiples of log2(10): a nonzero difference is at least 0.01 in size, far above 1e-20
        diff = sp.N(inf - formal, 50)
        rows.append({"k1": k1, "k2": k2, "informal": inf, "formal": formal, "covered": bool(diff > -1e-20)})
    return rows


def _width_check(ctx: CheckContext, informal) -> Verdict:
    rows = _width_rows(_precision_pairs(ctx), informal)
    literal = sp.simplify(_formal_width(_D, _DELTA) / informal(_D, _DELTA))
    found = [r for r in rows if not r["covered"]]
    hits = _informal_copies_success(ctx)
    first = found[0] if found else None
    return Verdict.from_counterexamples(
        [{"delta_1": f"10^-{r['k1']}", "delta_2": f"10^-{r['k2']}", "informal width / d": mt.num(float(r["informal"]), 4),
          "smallest formal width / d": mt.num(float(r["formal"]), 4)} for r in found],
        checked=rows,
        claimed=f"the informal width {mt.math(informal(_D, sp.Symbol('delta_2', positive=True)))} is at least the width "
                f"Theorem 7 asks for at some admissible reduced precision δ (δ_2 ≤ δ ≤ δ_1)",
        measured={"formal width over informal width at δ = δ_2": literal,
                  "precision pairs covered": f"{len(rows) - len(found)} of {len(rows)}"},
        finding=(f"at δ_1 = 10^-{first['k1']}, δ_2 = 10^-{first['k2']} the informal width is "
                 f"{mt.num(float(first['informal']), 4)}d, below the {mt.num(float(first['formal']), 4)}d that Theorem 7 asks "
                 f"for even at δ = δ_1; at δ = δ_2 the formal width is {mt.math(literal)} times the informal one"
                 if first else ""),
        decision_detail=f"{len(found)} of {len(rows)} pairs (δ_1, δ_2) with δ_2 < δ_1 leave the informal width below "
                        f"every formal width",
        evidence={"copy layers at the informal count ceil(2 log2(1/δ))":
                  [mt.pairs({"delta": h["delta"], "copies": h["copies"], "success rate": h["p_hat"]}) for h in hits]},
        notes="""The formal widths do not depend on δ_2 at all, only on the reduced precision δ, and log2(1/δ²) =
            2 log2(1/δ). The copy layers of the construction (§5.2.2) are subset sums of single weights with codes in
            ±1..±1/δ, so Lemma 4's ratio log2(M)/n is 1/2 at the informal count 2 log2(1/δ) and 1/4 at the formal one:
            the informal count is inside Lemma 4's regime too (the evidence shows the copy-layer success rising with
            shrinking δ at that count), but the thesis proves only the formal width, through Lemma 5 applied
            2 log2(1/δ²) times.""",
    )


@claim(
    "slth.theorem7.informal-width",
    uses=("slth.theorem7",),
    title="§1.1 informal Theorem 7: width 2d log2(1/δ_2) is the width the formal Theorem 7 needs",
    source=src("§1.1 (informal version of Th. 7) against §5.1.2 Theorem 7 and §5.2.2 Lemma 8"),
    kind=Kind.SYMBOLIC,
    statement="""The introduction summarises Theorem 7: a random network of precision δ_2 with depth l + 1 whose layers
        after the first have width 2d log2(1/δ_2) can be pruned to any coarser target of width d. The formal theorem
        (and Lemma 8) asks for 2 d_i log2(1/δ²) units per layer, δ the reduced precision (δ_2 ≤ δ ≤ δ_1).""",
    decision_rule="""For every pair δ_1 = 10^-k1 > δ_2 = 10^-k2 with k1 = 1..4, k2 = k1+1..8, compare (exactly, sympy)
        the informal width with the smallest width the formal theorem allows, 2 log2(1/δ_1²) per target unit (δ = δ_1,
        the coarsest admissible reduced precision). Verified if the informal width is at least that for every pair, so
        the formal theorem covers the informal network; refuted at the first pair where it is smaller.""",
    recorded="refuted",
    severity="typo",
    correction="slth.theorem7.informal-width.corrected",
    reading="""The informal width 2d log2(1/δ_2), with the large network's own precision δ_2 (no reduction, δ = δ_2), is
        the formal width 2d log2(1/δ²): it is half of it, since log2(1/δ²) = 2 log2(1/δ).""",
    charitable_reading="""The informal statement is covered by the formal theorem if some admissible reduced precision δ
        makes the formal width no larger than the informal one; the best choice is δ = δ_1. That holds only when
        δ_2 ≤ δ_1² and fails, for example, at δ_1 = 10^-2, δ_2 = 10^-3, which §1.1's setting (k2 > k1) admits. The
        formal theorem, Lemma 8 and the proof of Theorem 7 all write log2(1/δ²); the introduction drops the square
        (the correction, slth.theorem7.informal-width.corrected).""",
    mutants=[mutant("half the informal width again, d log2(1/δ_2)", informal=lambda d, x: d * sp.log(1 / x, 2)),
             control("the width with δ_2² in the logarithm (the correction)", informal=_informal_width_squared)],
)
def _informal_width_claim(ctx: CheckContext, *, informal=_informal_width) -> Verdict:
    return _width_check(ctx, informal)


@claim(
    "slth.theorem7.informal-width.corrected",
    uses=("slth.theorem7",),
    title="§1.1 informal Theorem 7, corrected: width 2d log2(1/δ_2²) is covered by the formal Theorem 7",
    source=src("§1.1 (informal version of Th. 7) with δ_2² in the logarithm; §5.1.2 Theorem 7"),
    kind=Kind.SYMBOLIC,
    statement="""With the square restored, the informal width 2d log2(1/δ_2²) equals the formal width at δ = δ_2 and is
        at least the formal width at every admissible reduced precision δ ≥ δ_2.""",
    decision_rule="""As in slth.theorem7.informal-width: on the same grid of (δ_1, δ_2), verified if the informal width is
        at least 2 log2(1/δ_1²) per target unit at every pair, refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("the printed width 2d log2(1/δ_2)", informal=_informal_width),
             mutant("the factor 2 dropped instead of the square, d log2(1/δ_2²)",
                    informal=lambda d, x: d * sp.log(1 / x ** 2, 2))],
)
def _informal_width_corrected(ctx: CheckContext, *, informal=_informal_width_squared) -> Verdict:
    return _width_check(ctx, informal)


# --------------------------------------------------------------------------- eq. 4.2 / 5.2: Wx as a two-layer ReLU net

@measurement
def _relu_identity_cases(ctx: CheckContext) -> list[tuple]:
    """Every W in {-1, 0, 1}^(2×2) with every x in {-2..2}^2, and every W in {-1, 1}^(1×3) with x in {-1..1}^3."""
    cases = []
    for shape, xs in (((2, 2), range(-2, 3)), ((1, 3), range(-1, 2))):
        values = (-1, 0, 1) if shape == (2, 2) else (-1, 1)
        for w in itertools.product(values, repeat=shape[0] * shape[1]):
            for x in itertools.product(xs, repeat=shape[1]):
                cases.append((np.array(w).reshape(shape), np.array(x)))
    return cases


@claim(
    "slth.lower-bound.linear-as-relu",
    title="eq. 4.2 / 5.2: every linear map Wx equals [I, -I] σ([W; -W] x)",
    source=src("§4.2.1 eq. 4.2; §5.1.3 eq. 5.2 (the class F of Theorem 8)"),
    kind=Kind.SYMBOLIC,
    statement="""A linear map x -> Wx is a two-layer ReLU network: stack W on -W in the first layer and subtract the
        second half of the hidden units from the first half, since σ(t) - σ(-t) = t for the ReLU σ.""",
    decision_rule="""(1) With sympy, the scalar identity out_+ σ(in_+ t) + out_- σ(in_- t) = t for real t, with the signs
        of eq. 5.2 (in: +1, -1; out: +1, -1), checked on t > 0, t < 0 and t = 0. (2) Exact integer evaluation of
        [out_+ I, out_- I] σ([in_+ W; in_- W] x) against Wx for every W in {-1, 0, 1}^(2×2), x in {-2..2}^2 and every
        W in {±1}^(1×3), x in {-1..1}^3. Verified if both hold, refuted with the first case that differs.""",
    recorded="verified",
    mutants=[mutant("[I, I] on top: the hidden halves added", out_signs=(1, 1)),
             mutant("[W; W] below: the same weights twice", in_signs=(1, 1))],
)
def _linear_as_relu(ctx: CheckContext, *, in_signs=(1, -1), out_signs=(1, -1)) -> Verdict:
    t = sp.Symbol("t", real=True)
    scalar = out_signs[0] * sp.Max(0, in_signs[0] * t) + out_signs[1] * sp.Max(0, in_signs[1] * t)
    pos, neg = sp.Symbol("p", positive=True), sp.Symbol("q", negative=True)
    scalar_ok = all(sp.simplify(scalar.subs(t, v) - v) == 0 for v in (pos, neg, sp.Integer(0)))
    found = []
    cases = _relu_identity_cases(ctx)
    for w, x in cases:
        hidden = np.maximum(0, np.concatenate([in_signs[0] * w @ x, in_signs[1] * w @ x]))
        k = w.shape[0]
        out = out_signs[0] * hidden[:k] + out_signs[1] * hidden[k:]
        if not np.array_equal(out, w @ x):
            found.append({"W": w.tolist(), "x": x.tolist(), "network": out.tolist(), "Wx": (w @ x).tolist()})
            break
    if not scalar_ok:
        found.insert(0, {"scalar form": scalar, "differs from": t})
    return Verdict.from_counterexamples(
        found, checked=cases,
        claimed="[I, -I] σ([W; -W] x) = Wx for every W and x" if (in_signs, out_signs) == ((1, -1), (1, -1))
        else f"the network with input signs {mt.math(sp.Tuple(*in_signs))} and output signs "
             f"{mt.math(sp.Tuple(*out_signs))} computes Wx",
        measured={"scalar form": scalar, "scalar identity holds": scalar_ok, "integer cases": len(cases)},
        finding=(f"W = {found[-1]['W']}, x = {found[-1]['x']}: the network gives {found[-1]['network']}, Wx = "
                 f"{found[-1]['Wx']}" if found and "W" in found[-1] else "the scalar form is not t") if found else "",
        notes="Eq. 5.2 is eq. 4.2 repeated; Theorem 8's class F of two-layer networks rests on this identity.")


# --------------------------------------------------------------------------- §5.1.4 proof of Lemma 3, first paragraph

@measurement
def _signed_instances(ctx: CheckContext) -> list[np.ndarray]:
    """Every X in {±1..±M}^n for (n, M) = (3, 2), (4, 3), (5, 2)."""
    out = []
    for n, M in ((3, 2), (4, 3), (5, 2)):
        values = [v for v in range(-M, M + 1) if v]
        out.append(np.array(list(itertools.product(values, repeat=n)), dtype=np.int64))
    return out


@claim(
    "rssp.equivalence.sign-absorption",
    uses=(),
    title="Lemma 3 proof: a signed set and its absolute values have the same signed sums",
    source=src("§5.1.4 proof of Lemma 3, first paragraph"),
    kind=Kind.EXACT,
    statement="""Number partitioning ignores the signs of the numbers: flipping the sign of X_i is absorbed by the sign
        σ_i, so the set of values Σσ_i X_i is the same for X and for (|X_1|, ..., |X_n|), and the two problems are
        solvable for the same targets.""",
    decision_rule="""For every X in {±1..±M}^n with (n, M) = (3, 2), (4, 3), (5, 2), enumerate the 2^n signed sums of X
        and of the transformed set; verified if the two sets of values agree for every X, refuted at the first X where
        they differ.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("negative numbers dropped (clipped at 0) instead of their signs",
                    transform=lambda x: np.maximum(x, 0)),
             mutant("every number halved and rounded toward zero as well", transform=lambda x: np.abs(x) // 2)],
)
def _sign_absorption(ctx: CheckContext, *, transform=np.abs) -> Verdict:
    found, checked = [], 0
    for block in _signed_instances(ctx):
        a = np.sort(half_sums(block, -1, 1), axis=1)
        b = np.sort(half_sums(transform(block), -1, 1), axis=1)
        checked += len(block)
        bad = np.nonzero((a != b).any(axis=1))[0]
        if len(bad):
            x = block[bad[0]]
            found.append({"X": x.tolist(), "transformed": transform(x).tolist(),
                          "signed sums of X": sorted(set(a[bad[0]].tolist())),
                          "signed sums of the transformed set": sorted(set(b[bad[0]].tolist()))})
    return Verdict.from_counterexamples(
        found, checked=checked, claimed="{Σσ_i X_i} = {Σσ_i |X_i|} for every X",
        measured=f"the signed sums agree for all {checked} sets" if not found else f"{len(found)} blocks have a set that differs",
        finding=f"X = {found[0]['X']}: its signed sums differ from those of {found[0]['transformed']}" if found else "",
        notes="Holds by construction: σ_i X_i = (σ_i sign X_i)|X_i| and σ -> σ·sign(X) is a bijection of the signings.")


def _abs_law_rows(support_low: int) -> list[dict]:
    """For M = 1..8: the exact law of |X| for X uniform on {±1..±M} (Definition 10) and, as a second reading, on
    {-M..M} with 0; the asserted law is uniform on {support_low..M}."""
    rows = []
    for M in range(1, 9):
        for label, values in (("±1..±M", [v for v in range(-M, M + 1) if v]), ("-M..M", list(range(-M, M + 1)))):
            law: dict[int, Fraction] = {}
            for v in values:
                law[abs(v)] = law.get(abs(v), Fraction(0)) + Fraction(1, len(values))
            asserted = {k: Fraction(1, M - support_low + 1) for k in range(support_low, M + 1)} \
                if support_low <= M else {}
            second = sum((Fraction(k * k, M * M) * p for k, p in law.items()), Fraction(0))
            rows.append({"M": M, "law of X": label, "law of |X|": law, "asserted": asserted,
                         "E|X|²/M²": second})
    return rows


def _abs_law_check(support_low: int, c_formula, laws: tuple[str, ...]) -> Verdict:
    rows = [r for r in _abs_law_rows(support_low) if r["law of X"] in laws]
    count_checked(rows)
    found = []
    for r in rows:
        keys = sorted(set(r["law of |X|"]) | set(r["asserted"]))
        if any(r["law of |X|"].get(k, 0) != r["asserted"].get(k, 0) for k in keys):
            found.append({"M": r["M"], "law of X": r["law of X"],
                          "law of |X|": mt.pairs({k: _frac(p) for k, p in sorted(r["law of |X|"].items())}),
                          "asserted": f"uniform on {{{support_low}, ..., {r['M']}}}"})
        elif Fraction(str(sp.nsimplify(c_formula(sp.Integer(r["M"]))))) != r["E|X|²/M²"]:
            found.append({"M": r["M"], "law of X": r["law of X"], "c_M asserted": mt.math(c_formula(sp.Integer(r["M"]))),
                          "E|X|²/M²": _frac(r["E|X|²/M²"])})
    found.sort(key=lambda f: f["M"] != 3)  # lead with M = 3, where every reading is non-degenerate
    shown = {f"M={r['M']}, X on {r['law of X']}": mt.pairs({k: _frac(p) for k, p in sorted(r["law of |X|"].items())})
             for r in rows if r["M"] in (1, 3)}
    first = found[0] if found else None
    return Verdict.from_counterexamples(
        found, checked=rows,
        claimed=f"|X| is uniform on {{{support_low}, ..., M}} with E|X|²/M² = c_M",
        measured={"law of |X| (value: probability)": shown,
                  "cases checked": f"M = 1..8, X uniform on {' and on '.join(laws)}"},
        finding=(f"M = {first['M']}, X uniform on {first['law of X']}: |X| has the law {first['law of |X|']}, not "
                 f"{first['asserted']}" if first and "law of |X|" in first else
                 f"M = {first['M']}: E|X|²/M² = {first['E|X|²/M²']}, not {first['c_M asserted']}" if first else ""),
    )


def _c_m_formula(M):
    """Lemma 2's c_M = 1/3 + 1/(2M) + 1/(6M²)."""
    return sp.Rational(1, 3) + 1 / (2 * M) + 1 / (6 * M ** 2)


@claim(
    "rssp.equivalence.abs-law",
    title="Lemma 3 proof: |X_i| is uniform on {0, 1, ..., M}",
    source=src("§5.1.4 proof of Lemma 3, first paragraph"),
    kind=Kind.EXACT,
    statement="""With X_i uniform on {-M, ..., -1, 1, ..., M}, the proof says the absolute values |X_i| are uniform on
        {0, 1, ..., M}, so that the signed problem becomes the unsigned partitioning problem of chapter 3.""",
    decision_rule="""Exact law of |X| (fractions) for M = 1..8, X uniform on {±1..±M} (Definition 10, Lemma 2) and also on
        {-M..M} (0 included); verified if |X| is uniform on the asserted support under some reading, with
        E|X|²/M² equal to Lemma 2's c_M; refuted at the first M where it is not.""",
    recorded="refuted",
    severity="typo",
    correction="rssp.equivalence.abs-law.corrected",
    reading="|X_i| uniform on {0, 1, ..., M}, for X_i uniform on {±1..±M} as the proof and Lemma 2 state.",
    charitable_reading="""The proof's own law of X excludes 0, so |X_i| never takes 0; reading X_i as uniform on {-M..M}
        instead (0 included) does not help, since 0 then has half the mass of each other value. The uniform law the
        argument needs is on {1, ..., M}: it is the law of chapter 3's Lemma 1, and Lemma 2's c_M = 1/3 + 1/(2M) +
        1/(6M²) is E(X²/M²) for exactly that law (the correction, rssp.equivalence.abs-law.corrected).""",
    mutants=[mutant("uniform on {0, ..., M} with X on {-M..M} only", laws=("-M..M",)),
             control("uniform on {1, ..., M} (the correction)", support_low=1, laws=("±1..±M",))],
)
def _abs_law(ctx: CheckContext, *, support_low=0, laws=("±1..±M", "-M..M")) -> Verdict:
    if support_low == 0:
        # verified only if some reading of X's law makes |X| uniform on {0..M}: refuted needs every reading to fail
        per_law = {law: _abs_law_check(0, _c_m_formula, (law,)) for law in laws}
        held = [law for law, v in per_law.items() if v.status is Status.VERIFIED]
        if held:
            return per_law[held[0]]
        merged = _abs_law_check(0, _c_m_formula, tuple(laws))
        merged.decision_detail = "no reading of X's law makes |X| uniform on {0, ..., M}: " + \
            "; ".join(f"X on {law}: {v.finding}" for law, v in per_law.items())
        return merged
    return _abs_law_check(support_low, _c_m_formula, tuple(laws))


@claim(
    "rssp.equivalence.abs-law.corrected",
    title="Lemma 3 proof, corrected: |X_i| is uniform on {1, ..., M}, with E(X²/M²) = c_M",
    source=src("§5.1.4 proof of Lemma 3 (with {1, ..., M}); Lemma 2 (c_M); §3.3 (the unsigned law)"),
    kind=Kind.EXACT,
    statement="""For X_i uniform on {±1..±M}, |X_i| is uniform on {1, ..., M}, the law of chapter 3's results, and
        E(X_i²/M²) = 1/3 + 1/(2M) + 1/(6M²), Lemma 2's c_M.""",
    decision_rule="""Exact law of |X| and E|X|²/M² (fractions) for M = 1..8; verified if |X| is uniform on {1..M} and
        E|X|²/M² equals c_M for every M, refuted at the first M where either fails.""",
    recorded="verified",
    mutants=[mutant("the printed support {0, ..., M}", support_low=0),
             mutant("c_M of the law on {0..M}, 1/3 + 1/(6M)", c_formula=lambda M: sp.Rational(1, 3) + 1 / (6 * M))],
)
def _abs_law_corrected(ctx: CheckContext, *, support_low=1, c_formula=_c_m_formula) -> Verdict:
    v = _abs_law_check(support_low, c_formula, ("±1..±M",))
    v.notes = f"The suite's own c_M (theorems.npp.moments) agrees: c_M at M = 4 is {mt.num(float(c_m(4)), 6)}."
    return v


# --------------------------------------------------------------------------- §5.1.4 proof of Lemma 2, final display

_A, _RHO, _N, _C2, _C3 = sp.symbols("a rho n C_2 C_3", positive=True)


def _lemma2_stated_lower(a, rho, n, C2, C3):
    """Lemma 2's statement: 1/(1 + e^a (C_2/(nρ) + C_3/n) + 1/ρ), a = l²/(nM²c_M)."""
    return 1 / (1 + sp.exp(a) * (C2 / (n * rho) + C3 / n) + 1 / rho)


def _lemma2_proof_lower(a, rho, n, C2, C3):
    """The proof's last display: 1/((1 + e^a)(C_2/(nρ) + C_3/n) + 1/ρ)."""
    return 1 / ((1 + sp.exp(a)) * (C2 / (n * rho) + C3 / n) + 1 / rho)


#: Admissible values (a = l²/(nM²c_M) ≥ 0, ρ_n, n, C_2, C_3 > 0) at which the display must stay a probability.
LOWER_GRID = tuple(itertools.product((0, 1, 4), (sp.Rational(1, 2), 4, 1000), (10, 1000), (1, 10), (1, 10)))


def _lemma2_display_check(lower) -> Verdict:
    stated = _lemma2_stated_lower(_A, _RHO, _N, _C2, _C3)
    expr = lower(_A, _RHO, _N, _C2, _C3)
    same = sp.simplify(sp.together(1 / expr - 1 / stated)) == 0
    above = []
    evaluate = sp.lambdify((_A, _RHO, _N, _C2, _C3), expr, "mpmath")
    with mpmath.workdps(30):
        for a, rho, n, c2, c3 in LOWER_GRID:
            value = evaluate(a, mpmath.mpf(rho.p) / rho.q if isinstance(rho, sp.Rational) else rho, n, c2, c3)
            if value > 1 + mpmath.mpf(10) ** -20:
                above.append({"a": a, "rho": rho, "n": n, "C_2": c2, "C_3": c3, "bound": mt.num(float(value), 4)})
    limit = sp.limit(expr, _N, sp.oo)
    found = ([{"differs from the statement": expr - stated}] if not same else []) + above
    worst = max(above, key=lambda r: float(r["bound"])) if above else None
    return Verdict.from_counterexamples(
        found, checked=LOWER_GRID,
        claimed=f"P(Y > 0) ≥ {mt.math(expr)}, equal to Lemma 2's stated bound and at most 1",
        measured={"equal to Lemma 2's statement": same,
                  "grid points where the bound exceeds 1": f"{len(above)} of {len(LOWER_GRID)}",
                  "limit as n grows": limit},
        finding=(f"the display differs from the statement, and at a = {worst['a']}, ρ_n = {mt.show(worst['rho'])}, "
                 f"n = {worst['n']}, C_2 = {worst['C_2']}, C_3 = {worst['C_3']} it equals {worst['bound']}, above 1; as n "
                 f"grows it tends to {mt.math(limit)}" if worst else
                 "the display differs from Lemma 2's statement") if found else "",
        decision_detail="a = l²/(nM²c_M) in {0, 1, 4}, ρ_n in {1/2, 4, 1000}, n in {10, 1000}, C_2, C_3 in {1, 10}",
    )


@claim(
    "rssp.lemma2-factor.proof-lower-bound",
    uses=("rssp.lemma2-factor",),
    title="Lemma 2 proof, last display: P(Y > 0) ≥ 1/((1 + e^{l²/(nM²c_M)})(C_2/(nρ_n) + C_3/n) + 1/ρ_n)",
    source=src("§5.1.4 proof of Lemma 2, final two-line display"),
    kind=Kind.SYMBOLIC,
    statement="""The proof ends by applying Lemma 1 to get the doubled upper bound and a lower bound printed with the
        bracket closing after 1 + exp(l²/(nM²c_M)), so the sum C_2/(nρ_n) + C_3/n multiplies 1 + exp(...) rather than
        exp(...) alone as in Lemma 2's statement.""",
    decision_rule="""With sympy, compare the display with Lemma 2's stated lower bound and evaluate it on a grid of
        admissible values (a = l²/(nM²c_M) in {0, 1, 4}, ρ_n in {1/2, 4, 1000}, n in {10, 1000}, C_2, C_3 in {1, 10});
        verified if it equals the statement and never exceeds 1, refuted otherwise.""",
    recorded="refuted",
    severity="typo",
    correction="rssp.lemma2-factor.proof-lower-bound.corrected",
    reading="1/((1 + e^a)(C_2/(nρ_n) + C_3/n) + 1/ρ_n) with a = l²/(nM²c_M), the bracket as printed.",
    charitable_reading="""The display is meant as a lower bound on a probability, the one the lemma states; read as
        printed it tends to ρ_n as n grows, above 1 once ρ_n > 1 (Lemma 4 uses ρ_n → ∞), so it cannot be that bound.
        Lemma 2's statement and Lemma 4's proof both place the bracket after exp(...) (the correction,
        rssp.lemma2-factor.proof-lower-bound.corrected).""",
    mutants=[mutant("the 1/ρ_n term dropped as well",
                    lower=lambda a, r, n, c2, c3: 1 / ((1 + sp.exp(a)) * (c2 / (n * r) + c3 / n))),
             control("the bracket of Lemma 2's statement (the correction)", lower=_lemma2_stated_lower)],
)
def _lemma2_proof_lower_claim(ctx: CheckContext, *, lower=_lemma2_proof_lower) -> Verdict:
    return _lemma2_display_check(lower)


@claim(
    "rssp.lemma2-factor.proof-lower-bound.corrected",
    uses=("rssp.lemma2-factor",),
    title="Lemma 2 proof, last display corrected: the bracket of the statement, a bound between 0 and 1",
    source=src("§5.1.4 proof of Lemma 2, final display, bracketed as in the statement of Lemma 2"),
    kind=Kind.SYMBOLIC,
    statement="""With the bracket after exp(l²/(nM²c_M)), the display is Lemma 2's stated lower bound, which is at most 1
        for all admissible values.""",
    decision_rule="As in rssp.lemma2-factor.proof-lower-bound; verified if equal to the statement and at most 1 on the grid.",
    recorded="verified",
    mutants=[mutant("the printed bracket", lower=_lemma2_proof_lower),
             mutant("exp(-l²/(nM²c_M)), the sign Lemma 1's statement prints",
                    lower=lambda a, r, n, c2, c3: 1 / (1 + sp.exp(-a) * (c2 / (n * r) + c3 / n) + 1 / r))],
)
def _lemma2_proof_lower_corrected(ctx: CheckContext, *, lower=_lemma2_stated_lower) -> Verdict:
    return _lemma2_display_check(lower)


# --------------------------------------------------------------------------- §5.1.4 proof of Lemma 4

#: Set sizes n at which the proof's steps are evaluated; M = 2^(n/2) (κ = 1/2), t = M, β = 1/2.
LEMMA4_NS = (16, 64, 256, 1024)
LEMMA4_BETA = Fraction(1, 2)


def _gap(n: int, ell_over_m: float, rate: float) -> float:
    """log of e^{l²/(nM²c_M)}·n^{-1}·n^{rate}, the factor the proof must bound by a constant, with l = ell_over_m·M
    (M = 2^(n/2), so c_M is within 2^(-n/2) of 1/3)."""
    cm = float(c_m(2 ** (n // 2))) if n <= 64 else 1 / 3 + 2.0 ** (-n / 2 - 1)
    return ell_over_m ** 2 / (n * cm) - (1 - rate) * math.log(n)


@measurement
def _event_extremes(ctx: CheckContext) -> list[dict]:
    """Per n: the most extreme |l|/M with l = Λ - 2t, t = M, inside the one-sided event Λ < s and inside the two-sided
    event |Λ| < s, s = M sqrt(n ln n/(3+β)); Λ = -nM (every X_i = -M, probability (2M)^(-n) > 0) is in the first."""
    beta = float(LEMMA4_BETA)
    rows = []
    for n in LEMMA4_NS:
        s_over_m = math.sqrt(n * math.log(n) / (3 + beta))
        rows.append({"n": n, "s/M": s_over_m, "one-sided": n + 2.0, "two-sided": s_over_m + 2.0})
    return rows


@claim(
    "rssp.lemma4-rate.one-sided-event",
    uses=("rssp.lemma2-bounds", "rssp.lemma4-rate.hoeffding-step.corrected"),
    title="Lemma 4 proof: the event Λ < M sqrt(n log n/(3+β)) keeps exp((Λ - 2t)²/(nM²c_M)) small",
    source=src("§5.1.4 proof of Lemma 4 (the assumption on Λ and the bound that follows)"),
    kind=Kind.EXACT,
    statement="""The proof assumes only an upper bound Λ < s, s = M sqrt(n log n/(3+β)), obtained from one-sided Hoeffding,
        and uses it to make the factor exp((Λ - 2t)²/(nM²c_M))·C_3/n of Lemma 2's lower bound O(n^(-β/(3+β))).""",
    decision_rule="""M = 2^(n/2) (κ = 1/2), t = M, β = 1/2, n in {16, 64, 256, 1024}. For the asserted event, take the most
        extreme attainable l = Λ - 2t in it (one-sided: Λ = -nM, every X_i = -M; two-sided: |Λ| < s) and compute
        g(n) = l²/(nM²c_M) - (1 - β/(3+β)) ln n, the log of the factor over n^(-β/(3+β)). The step needs g bounded.
        Verified if g at n = 1024 is at most 10 and not above g at n = 16; refuted if g at n = 1024 exceeds 10 and
        g increases with n.""",
    recorded="refuted",
    severity="proof-gap",
    reading="The event {Λ < s} alone, as displayed, bounds (Λ - 2t)² and so the exponential factor.",
    charitable_reading="""Read Λ as |Λ|: the two-sided event does bound the factor (the control), but its probability is
        not the one displayed: Theorem 11's two-sided line (Appendix B) gives 1 - 2n^(-1/(2(3+β))), while the proof
        displays and multiplies in 1 - n^(-1/(2(3+β))) for the one-sided event. So the written chain is not a
        derivation under either reading; the repaired one costs a factor 2 in the failure term, which O(n^(-1/7))
        absorbs, so Lemma 4's conclusion survives.""",
    mutants=[mutant("the one-sided event with a rate n^(-1/(3+β)) instead of n^(-β/(3+β))",
                    rate=lambda b: 1 / (3 + b)),
             control("the two-sided event |Λ| < s", event="two-sided")],
)
def _one_sided_event(ctx: CheckContext, *, event="one-sided", rate=lambda b: b / (3 + b)) -> Verdict:
    rows = _event_extremes(ctx)
    count_checked(rows)
    r = float(rate(LEMMA4_BETA))
    gaps = {row["n"]: _gap(row["n"], row[event], r) for row in rows}
    first, last = gaps[LEMMA4_NS[0]], gaps[LEMMA4_NS[-1]]
    increasing = all(b > a for a, b in zip(list(gaps.values()), list(gaps.values())[1:]))
    if last <= 10 and last <= first:
        status = Status.VERIFIED
    elif last > 10 and increasing:
        status = Status.REFUTED
    else:
        status = Status.INCONCLUSIVE
    table = {f"n={n}": mt.num(g, 4) for n, g in gaps.items()}
    return Verdict(
        status=status,
        claimed=f"on the {event} event, e^(l²/(nM²c_M))·C_3/n = O(n^(-rate)), rate "
                f"{mt.math(sp.nsimplify(rate(sp.Rational(LEMMA4_BETA.numerator, LEMMA4_BETA.denominator))))} at β = 1/2",
        measured={"g(n) = log of the factor over the rate": table,
                  "most extreme |l|/M in the event": {f"n={row['n']}": mt.num(row[event], 4) for row in rows}},
        counterexample={"n": LEMMA4_NS[-1], "Λ": "-nM (every X_i = -M)", "g": mt.num(last, 4)}
        if status is Status.REFUTED else None,
        finding=(f"Λ = -nM satisfies Λ < s but gives l²/(nM²c_M) ≈ 3n: g grows from {mt.num(first, 4)} at n = "
                 f"{LEMMA4_NS[0]} to {mt.num(last, 4)} at n = {LEMMA4_NS[-1]}, so the one-sided event does not bound "
                 f"the factor" if status is Status.REFUTED else ""),
        would_decide="larger n" if status is Status.INCONCLUSIVE else "",
        notes="""Λ = -nM has probability (2M)^(-n), so in probability the gap is small; but the proof bounds the factor
            on the event, and the event it names does not bound it. Lemma 2's lower bound is also stated for a fixed l,
            not conditionally on Λ (rssp.lemma2-bounds).""",
    )


def _rate_step_limits(rate, c_floor) -> dict:
    """Limits as n → ∞ (sympy) of the log of the factor over n^(-rate) on |Λ| < s with t = cM (c = 1) and c_M at its floor,
    and of n^rate/ρ_n for M = 2^(κn), κ = 1/2 (the terms the proof drops as ρ_n → ∞)."""
    n = sp.Symbol("n", positive=True)
    out = {}
    for beta in (sp.Rational(1, 2), sp.Integer(1)):
        r = sp.sympify(rate(beta))
        g = (sp.sqrt(n * sp.log(n) / (3 + beta)) + 2) ** 2 / (n * c_floor) - (1 - r) * sp.log(n)
        out[beta] = sp.limit(sp.expand(g), n, sp.oo)
    rho = 2 ** (n + 1) / (2 ** (n / 2) * sp.sqrt(2 * sp.pi * n * sp.Rational(1, 3)))
    out["n^rate/ρ_n"] = sp.limit(n ** sp.sympify(rate(sp.Rational(1, 2))) / rho, n, sp.oo)
    return out


@measurement
def _rate_step_measurement(ctx: CheckContext) -> list[tuple]:
    """The document's version, memoised: (rate, floor) -> limits."""
    return [("β/(3+β)", _rate_step_limits(lambda b: b / (3 + b), sp.Rational(1, 3)))]


@claim(
    "rssp.lemma4-rate.rate-step",
    uses=("rssp.lemma2-bounds", "rssp.lemma4-rate.one-sided-event"),
    title="Lemma 4 proof: with ρ_n → ∞ and the bound on Λ, P(Y > 0) ≥ 1/(1 + C_3 n^(-β/(3+β)))",
    source=src("§5.1.4 proof of Lemma 4 (the display after 'as ρ_n → ∞')"),
    kind=Kind.SYMBOLIC,
    statement="""Once Λ is bounded by s = M sqrt(n log n/(3+β)), t = O(M) and c_M > 1/3, the factor
        exp((Λ - 2t)²/(nM²c_M))·C_3/n is at most a constant times n^(-β/(3+β)), and the terms with 1/ρ_n vanish, so the
        lower bound becomes 1/(1 + C_3 n^(-β/(3+β))) = 1 - O(n^(-β/(3+β))).""",
    decision_rule="""With sympy, for β = 1/2 and β = 1, take |l| ≤ s + 2M (t = M) and c_M at its floor 1/3 (the factor
        decreases in c_M) and compute the limit as n → ∞ of g(n) = l²/(nM²c_M) - (1 - rate) ln n; also the limit of
        n^rate/ρ_n for M = 2^(n/2). Verified if both limits are finite for the asserted rate, refuted if one is infinite.""",
    recorded="verified",
    mutants=[mutant("the rate n^(-2β/(3+β))", rate=lambda b: 2 * b / (3 + b)),
             mutant("c_M bounded below by 1/4 only", c_floor=sp.Rational(1, 4))],
)
def _rate_step(ctx: CheckContext, *, rate=lambda b: b / (3 + b), c_floor=sp.Rational(1, 3)) -> Verdict:
    memo = _rate_step_measurement(ctx)
    count_checked(memo)
    if c_floor == sp.Rational(1, 3) and sp.simplify(sp.sympify(rate(sp.Symbol("b"))) - sp.Symbol("b") / (3 + sp.Symbol("b"))) == 0:
        limits = memo[0][1]
    else:
        limits = _rate_step_limits(rate, c_floor)
    infinite = [k for k, v in limits.items() if not v.is_finite]
    measured = {(f"limit of g(n), β = {k}" if isinstance(k, sp.Basic) else f"limit of {k}"): v for k, v in limits.items()}
    return Verdict.from_counterexamples(
        [{"limit": f"β = {k}" if isinstance(k, sp.Basic) else k, "value": limits[k]} for k in infinite],
        checked=list(limits),
        claimed=f"on |Λ| < s, e^(l²/(nM²c_M))·C_3/n = O(n^(-rate)) with rate {mt.math(sp.sympify(rate(sp.Symbol('beta'))))} "
                f"and c_M ≥ {mt.show(c_floor)}; 1/ρ_n = o(n^(-rate))",
        measured=measured,
        finding=f"the limit of g(n) at β = {infinite[0]} is {mt.math(limits[infinite[0]])}: the factor is not "
                f"O(n^(-rate))" if infinite else "",
        notes="""The step holds on the two-sided event |Λ| < s: s²/(nM²c_M) = ln n/((3+β)c_M) < 3 ln n/(3+β) since
            c_M > 1/3, and the cross term 4Ms/(nM²c_M) = O(sqrt(ln n/n)) vanishes. On the one-sided event the proof
            names it fails (rssp.lemma4-rate.one-sided-event). ρ_n grows like 2^(n/2)/sqrt(n) at κ = 1/2, so the
            dropped terms are exponentially small.""",
    )


@measurement
def _joint_event_laws(ctx: CheckContext) -> list[dict]:
    """Exact counts over every X in {±1..±M}^n: A = {some subset sums to t}, B = {Λ < s}, s = M sqrt(n ln n/(3+β))."""
    rows = []
    for n, M, t in ((5, 3, 3), (6, 2, 2), (6, 3, 1)):
        values = [v for v in range(-M, M + 1) if v]
        X = np.array(list(itertools.product(values, repeat=n)), dtype=np.int64)
        a = (half_sums(X, 0, 1) == t).any(axis=1)
        s = M * math.sqrt(n * math.log(n) / (3 + float(LEMMA4_BETA)))
        b = X.sum(axis=1) < s
        total = len(X)
        rows.append({"n": n, "M": M, "t": t, "s": s, "P(A)": Fraction(int(a.sum()), total),
                     "P(B)": Fraction(int(b.sum()), total), "P(A and B)": Fraction(int((a & b).sum()), total)})
    return rows


@claim(
    "rssp.lemma4-rate.joint-event",
    uses=("rssp.lemma4-rate.rate-step", "rssp.lemma4-rate.hoeffding-step.corrected"),
    title="Lemma 4 proof: P(E), both events together, is the product of the two bounds",
    source=src("§5.1.4 proof of Lemma 4 (the display for P(E))"),
    kind=Kind.EXACT,
    statement="""The probability that the subset sum is solvable and Λ < s hold together is written as the product of
        1 - O(n^(-β/(3+β))), the bound obtained on the event Λ < s, and 1 - n^(-1/(2(3+β))), the probability of that
        event.""",
    decision_rule="""Exact laws (fractions) over every X in {±1..±M}^n for (n, M, t) = (5, 3, 3), (6, 2, 2), (6, 3, 1),
        β = 1/2: A = {a subset sums to t}, B = {Λ < s}. The first factor is read as P(A | B) (the bound was derived on
        B) or as P(A); verified if P(A and B) equals (first factor)·P(B) in every case, refuted at the first case
        where it does not.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("the first factor read as the unconditional P(A) (independent events)", first_factor="P(A)")],
)
def _joint_event(ctx: CheckContext, *, first_factor="P(A | B)") -> Verdict:
    rows = _joint_event_laws(ctx)
    found, shown = [], {}
    for r in rows:
        first = r["P(A and B)"] / r["P(B)"] if first_factor == "P(A | B)" else r["P(A)"]
        product = first * r["P(B)"]
        shown[f"n={r['n']}, M={r['M']}, t={r['t']}"] = mt.pairs(
            {"P(A)": _frac(r["P(A)"]), "P(B)": _frac(r["P(B)"]), "P(A and B)": _frac(r["P(A and B)"]),
             "P(A)P(B)": _frac(r["P(A)"] * r["P(B)"])})
        if product != r["P(A and B)"]:
            found.append({"case": f"n = {r['n']}, M = {r['M']}, t = {r['t']}", "P(A and B)": _frac(r["P(A and B)"]),
                          "product": _frac(product)})
    return Verdict.from_counterexamples(
        found, checked=rows, claimed=f"P(A and B) = {first_factor}·P(B)", measured=shown,
        finding=f"{found[0]['case']}: P(A and B) = {found[0]['P(A and B)']} but the product is {found[0]['product']}, "
                f"so A and B are not independent" if found else "",
        notes="""Holds by construction: with the first factor the probability of A given B, the product is the chain rule
            P(A and B) = P(A | B) P(B), and P(A) ≥ P(A and B) gives the lemma. Read as the product of unconditional
            probabilities it would assume independence, which fails (the mutant). What the proof does not show is that
            Lemma 2's bound holds conditionally on Λ (rssp.lemma2-bounds).""",
    )


# --------------------------------------------------------------------------- Appendix A: the Laplace method

_Y, _EPS = sp.symbols("y epsilon", real=True)
_G2, _G3, _G4, _F0, _F1, _F2, _F3 = sp.symbols("g2 g3 g4 f0 f1 f2 f3", real=True)


@functools.cache
def _laplace_series() -> dict:
    """With ε = 1/sqrt(n), x = x0 + yε: e^{n(g(x) - g(x0))}/e^{y²g''/2} and f(x)/f(x0) as series in ε to order ε³
    (g'(x0) = 0), their product's coefficients P_1..P_3, and the Gaussian integrals of these."""
    h = _Y * _EPS
    ng_rest = (_G3 * h ** 3 / 6 + _G4 * h ** 4 / 24) / _EPS ** 2
    exp_part = sp.series(sp.exp(ng_rest), _EPS, 0, 4).removeO()
    f_part = 1 + (_F1 * h + _F2 * h ** 2 / 2 + _F3 * h ** 3 / 6) / _F0
    product = sp.expand(exp_part * f_part)
    P = {k: product.coeff(_EPS, k) for k in range(1, 4)}
    b = sp.Symbol("b", positive=True)  # b = -g''(x0)

    def moment(j: int) -> sp.Expr:  # the integral of y^j e^{-b y²/2} over the real line
        return sp.Integer(0) if j % 2 else sp.factorial2(j - 1) * sp.sqrt(2 * sp.pi) * b ** sp.Rational(-(j + 1), 2)

    gauss = {k: sp.expand(sum(c * moment(j[0]) for j, c in sp.Poly(P[k], _Y).terms())) for k in (1, 3)}
    return {"exp": [sp.expand(exp_part).coeff(_EPS, k) for k in range(3)],
            "f": [sp.expand(f_part).coeff(_EPS, k) for k in range(3)], "P": P, "gauss_odd": gauss}


def _printed_f_second(y, f0, f2):
    """A.3's second-order coefficient: y² f''/f (the 1/n is ε²)."""
    return y ** 2 * f2 / f0


def _half_f_second(y, f0, f2):
    """Taylor's second-order coefficient: y² f''/(2f)."""
    return y ** 2 * f2 / (2 * f0)


@measurement
def _expansion_measurement(ctx: CheckContext) -> list[sp.Expr]:
    """The true ε¹ coefficient of e^{n g} (over its leading factors) and the ε¹, ε² coefficients of f/f(x0)."""
    s = _laplace_series()
    return [s["exp"][1], s["f"][1], s["f"][2]]


def _expansion_check(ctx: CheckContext, g_first, f_first, f_second) -> Verdict:
    true = _expansion_measurement(ctx)
    count_checked(true)
    asserted = [g_first(_Y, _G3), f_first(_Y, _F0, _F1), f_second(_Y, _F0, _F2)]
    names = ["A.2, order 1/sqrt(n)", "A.3, order 1/sqrt(n)", "A.3, order 1/n"]
    found = [{"term": nm, "asserted": a, "Taylor": t} for nm, a, t in zip(names, asserted, true)
             if sp.simplify(a - t) != 0]
    return Verdict.from_counterexamples(
        found, checked=names,
        claimed={nm: a for nm, a in zip(names, asserted)},
        measured={nm: t for nm, t in zip(names, true)},
        finding=f"{found[0]['term']}: the expansion gives {mt.math(found[0]['Taylor'])}, not "
                f"{mt.math(found[0]['asserted'])}" if found else "",
        decision_detail="g2, g3, g4 and f0, f1, f2 stand for g'', g''', g'''' and f, f', f'' at x0; y = sqrt(n)(x - x0)",
        notes="""A.2's remainder at order 1/n is y^4 g''''/24 + y^6 g'''^2/72 (times 1/n), small for bounded y but not
            O(y^4) uniformly; it enters only the unnamed polynomials P_k, so it is not decided here.""",
    )


@claim(
    "npp.identities.laplace-expansion",
    title="Appendix A eqs. A.2-A.3: the expansions of e^{ng} and f around the maximum",
    source=src("Appendix A, eqs. A.2 and A.3"),
    kind=Kind.SYMBOLIC,
    statement="""With x = x0 + y/sqrt(n) and g'(x0) = 0, e^{ng(x)} is e^{ng(x0)} e^{y²g''/2} times 1 + y³g'''/(6 sqrt(n)) +
        ..., and f(x) is f(x0) times 1 + y f'/(f sqrt(n)) + y² f''/(f n) + ... (derivatives at x0).""",
    decision_rule="""Expand both with sympy in ε = 1/sqrt(n) (symbols for the derivatives at x0) and compare the asserted
        coefficients of ε (A.2 and A.3) and ε² (A.3) with the series; verified if all agree, refuted otherwise.""",
    recorded="refuted",
    severity="typo",
    correction="npp.identities.laplace-expansion.corrected",
    reading="A.3's second-order term y² f''(x0)/(f(x0) n), as printed.",
    charitable_reading="""The terms are meant as the Taylor expansion of f around x0 (the text says f is expanded); that
        has y² f''/(2 f n), so the printed term is off by the factor 1/2 under this reading too. Nothing later uses the
        coefficient: it only enters the unnamed polynomial P_2 and the constant C_2, so the final formula is unaffected
        (the correction, npp.identities.laplace-expansion.corrected).""",
    mutants=[mutant("A.2's cubic term with 1/2 in place of 1/6", g_first=lambda y, g3: y ** 3 * g3 / 2),
             control("y² f''/(2 f n) (the correction)", f_second=_half_f_second)],
)
def _laplace_expansion(ctx: CheckContext, *, g_first=lambda y, g3: y ** 3 * g3 / 6, f_first=lambda y, f0, f1: y * f1 / f0,
                       f_second=_printed_f_second) -> Verdict:
    return _expansion_check(ctx, g_first, f_first, f_second)


@claim(
    "npp.identities.laplace-expansion.corrected",
    title="Appendix A eqs. A.2-A.3, corrected: f's second-order term is y² f''/(2 f n)",
    source=src("Appendix A, eqs. A.2 and A.3 (with the Taylor factor 1/2)"),
    kind=Kind.SYMBOLIC,
    statement="""A.2 as printed, and A.3 with its second-order term y² f''(x0)/(2 f(x0) n), are the expansions in
        1/sqrt(n).""",
    decision_rule="As in npp.identities.laplace-expansion; verified if all three coefficients agree with the series.",
    recorded="verified",
    mutants=[mutant("the printed y² f''/(f n)", f_second=_printed_f_second),
             mutant("A.3's first-order term with the wrong sign", f_first=lambda y, f0, f1: -y * f1 / f0)],
)
def _laplace_expansion_corrected(ctx: CheckContext, *, g_first=lambda y, g3: y ** 3 * g3 / 6,
                                 f_first=lambda y, f0, f1: y * f1 / f0, f_second=_half_f_second) -> Verdict:
    return _expansion_check(ctx, g_first, f_first, f_second)


def _printed_gaussian(b, n):
    """The second line of the display: the y-integral of e^{-b y²/2} written as sqrt(2π/(n b)), b = -g''(x0)."""
    return sp.sqrt(2 * sp.pi / (n * b))


def _gaussian_value(b, n):
    """The y-integral of e^{-b y²/2}: sqrt(2π/b)."""
    return sp.sqrt(2 * sp.pi / b)


@measurement
def _gaussian_measurement(ctx: CheckContext) -> list[sp.Expr]:
    b = sp.Symbol("b", positive=True)
    return [sp.integrate(sp.exp(-b * _Y ** 2 / 2), (_Y, -sp.oo, sp.oo))]


def _gaussian_check(ctx: CheckContext, gaussian) -> Verdict:
    values = _gaussian_measurement(ctx)
    count_checked(values)
    b, n = sp.Symbol("b", positive=True), sp.Symbol("n", positive=True)
    exact = values[0]
    asserted = gaussian(b, n)
    ratio = sp.simplify(asserted / exact)
    line2 = asserted / sp.sqrt(n)  # the display's prefactor 1/sqrt(n) times the asserted integral
    final = sp.sqrt(2 * sp.pi / (n * b))  # the final formula's factor, f e^{ng} omitted on both sides
    ok = ratio == 1
    return Verdict.from_check(
        ok, checked=values,
        claimed=f"the y-integral of e^(-b y²/2) is {mt.math(asserted)} (b = -g''(x0))",
        measured={"the integral": exact, "asserted over the integral": ratio,
                  "the display's second line over the final formula": sp.simplify(line2 / final)},
        counterexample={"asserted over the integral": ratio},
        finding="" if ok else f"the Gaussian integral in y is {mt.math(exact)}; the display writes {mt.math(asserted)}, "
                              f"so its second line is the true value times {mt.math(ratio)}",
        notes="""The substitution x = x0 + y/sqrt(n) already took out the 1/sqrt(n) written in front; an n under the root
            counts it twice. The final formula, f(x0) e^{ng(x0)} sqrt(2π/(-n g''(x0))), has it once and is right
            (npp.identities.laplace-formula).""",
    )


@claim(
    "npp.identities.laplace-gaussian",
    uses=("npp.identities.laplace-expansion",),
    title="Appendix A display: (f e^{ng}/sqrt(n)) ∫ e^{y²g''/2}(...) dy = (f e^{ng}/sqrt(n)) sqrt(2π/(-n g''))(...)",
    source=src("Appendix A, the display after substituting A.2 and A.3 (second line)"),
    kind=Kind.SYMBOLIC,
    statement="""After the substitution the integral is f e^{ng(x0)}/sqrt(n) times the y-integral of e^{y²g''/2} times
        1 + Σ P_k/n^(k/2); the second line evaluates the Gaussian y-integral as sqrt(2π/(-n g''(x0))).""",
    decision_rule="""Integrate e^{-b y²/2} over the real line with sympy (b = -g''(x0) > 0) and compare with the asserted
        value; verified if equal, refuted otherwise.""",
    recorded="refuted",
    severity="typo",
    correction="npp.identities.laplace-gaussian.corrected",
    reading="The second line with sqrt(2π/(-n g''(x0))) and the prefactor 1/sqrt(n) both kept.",
    charitable_reading="""The second line is meant to evaluate the y-integral of the first; that integral is
        sqrt(2π/(-g'')), with no n, since y is already the rescaled variable. As printed the line is the integral
        over sqrt(n), too small by a factor sqrt(n). The next line, the final formula, has the n under the root and
        no 1/sqrt(n) in front, the right value (the correction, npp.identities.laplace-gaussian.corrected).""",
    mutants=[mutant("sqrt(π/(-n g'')), the 2 dropped as well", gaussian=lambda b, n: sp.sqrt(sp.pi / (n * b))),
             control("sqrt(2π/(-g'')) (the correction)", gaussian=_gaussian_value)],
)
def _laplace_gaussian(ctx: CheckContext, *, gaussian=_printed_gaussian) -> Verdict:
    return _gaussian_check(ctx, gaussian)


@claim(
    "npp.identities.laplace-gaussian.corrected",
    uses=("npp.identities.laplace-expansion.corrected",),
    title="Appendix A display, corrected: the y-integral is sqrt(2π/(-g''(x0))), giving the final formula",
    source=src("Appendix A, the display's second line without n under the root"),
    kind=Kind.SYMBOLIC,
    statement="""The Gaussian y-integral is sqrt(2π/(-g''(x0))); with the prefactor 1/sqrt(n) the second line is
        f e^{ng(x0)} sqrt(2π/(-n g''(x0))), the final formula.""",
    decision_rule="As in npp.identities.laplace-gaussian; verified if the asserted value equals the integral.",
    recorded="verified",
    mutants=[mutant("the printed sqrt(2π/(-n g''))", gaussian=_printed_gaussian),
             mutant("sqrt(π/(-g'')), the factor 2 dropped", gaussian=lambda b, n: sp.sqrt(sp.pi / b))],
)
def _laplace_gaussian_corrected(ctx: CheckContext, *, gaussian=_gaussian_value) -> Verdict:
    return _gaussian_check(ctx, gaussian)


#: Test integrals with closed forms: (name, log of I(n), f(x0), g(x0), g''(x0)).
def _test_integrals():
    def gamma_case(a):
        # ∫_0^∞ x^a e^{n(ln x - x)} dx = Γ(n + a + 1)/n^(n + a + 1); x0 = 1, g = -1, g'' = -1, f(x0) = 1
        return (f"f = x^{a}, g = ln x - x on (0, ∞)",
                lambda n: mpmath.loggamma(n + a + 1) - (n + a + 1) * mpmath.log(n), 1, -1, -1)
    bessel = ("f = 1, g = -cosh x on the real line",  # ∫ e^{-n cosh x} dx = 2 K_0(n); x0 = 0, g = -1, g'' = -1
              lambda n: mpmath.log(2 * mpmath.besselk(0, n)), 1, -1, -1)
    return [gamma_case(0), gamma_case(1), gamma_case(mpmath.mpf(1) / 2), bessel]


LAPLACE_NS = (100, 1000, 10000)


def _laplace_final(f0, g0, g2, n):
    """The final formula f(x0) e^{ng(x0)} sqrt(2π/(-n g''(x0)))."""
    return f0 * mpmath.exp(n * g0) * mpmath.sqrt(2 * mpmath.pi / (-n * g2))


@measurement
def _laplace_measurement(ctx: CheckContext) -> list[dict]:
    """log I(n) of each test integral at n = 100, 1000, 10000 (mpmath, 30 digits), and the parity facts of P_1..P_3."""
    with mpmath.workdps(30):
        rows = [{"integral": name, "log I": {n: log_i(mpmath.mpf(n)) for n in LAPLACE_NS}, "f0": f0, "g0": g0, "g2": g2}
                for name, log_i, f0, g0, g2 in _test_integrals()]
    s = _laplace_series()
    parity = {k: sp.expand(s["P"][k].subs(_Y, -_Y) - (-1) ** k * s["P"][k]) == 0 for k in (1, 2, 3)}
    rows.append({"parity": parity, "odd integrals": s["gauss_odd"]})
    return rows


@claim(
    "npp.identities.laplace-formula",
    uses=("npp.identities.laplace-expansion", "npp.identities.laplace-gaussian"),
    title="Appendix A: I(n) = f(x0) e^{ng(x0)} sqrt(2π/(-n g''(x0)))(1 + O(1/n)); the odd P_k integrate to zero",
    source=src("Appendix A (parity of P_k and the final formula)"),
    kind=Kind.EXACT,
    statement="""The polynomials P_k have the parity of k, so the odd orders integrate to zero against the Gaussian and
        the corrections come in whole powers of 1/n: I(n) = f(x0) e^{ng(x0)} sqrt(2π/(-n g''(x0)))(1 + O(1/n)).""",
    decision_rule="""(1) Sympy: the product of the (Taylor) expansions gives P_1, P_2, P_3; each must satisfy
        P_k(-y) = (-1)^k P_k(y) and P_1, P_3 must integrate to 0 against e^{-b y²/2}. (2) Four integrals with closed
        forms (x^a e^{n(ln x - x)} on (0, ∞) for a = 0, 1, 1/2, a Gamma function; e^{-n cosh x}, 2K_0(n)), at
        n = 100, 1000, 10000 in 30-digit arithmetic: r(n) = |I(n)/formula - 1|, and the decay exponent
        p = log10(r(1000)/r(10000)). Verified if (1) holds and, for every integral, r(10000) < 1e-3 and p ≥ order - 0.1
        (error O(n^-order), order 1 as asserted); refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("error O(1/n²)", order=2),
             mutant("sqrt(2π/(-g'')) without n, what the display's y-integral gives",
                    formula=lambda f0, g0, g2, n: f0 * mpmath.exp(n * g0) * mpmath.sqrt(2 * mpmath.pi / (-g2)))],
)
def _laplace_formula(ctx: CheckContext, *, formula=_laplace_final, order=1) -> Verdict:
    rows = _laplace_measurement(ctx)
    count_checked(rows)
    *integrals, facts = rows
    found, table = [], {}
    if not all(facts["parity"].values()) or any(v != 0 for v in facts["odd integrals"].values()):
        found.append({"parity of P_k": mt.pairs({f"P_{k}": ok for k, ok in facts["parity"].items()})})
    with mpmath.workdps(30):
        for r in integrals:
            errs = {n: abs(mpmath.exp(r["log I"][n] - mpmath.log(formula(r["f0"], r["g0"], r["g2"], mpmath.mpf(n)))) - 1)
                    for n in LAPLACE_NS}
            p = float(mpmath.log10(errs[1000] / errs[10000]))
            e_last = float(errs[10000])
            table[r["integral"]] = mt.pairs({f"r({n})": float(e) for n, e in errs.items()} | {"decay exponent": p})
            if not (e_last < 1e-3 and p >= order - 0.1):
                found.append({"integral": r["integral"], "r(10000)": mt.num(e_last, 3), "decay exponent": mt.num(p, 3)})
    return Verdict.from_counterexamples(
        found, checked=integrals,
        claimed=f"I(n) = formula·(1 + O(n^-{order})), odd P_k integrate to zero",
        measured={"relative error by integral": table,
                  "P_k(-y) = (-1)^k P_k(y)": mt.pairs({f"P_{k}": ok for k, ok in facts["parity"].items()})},
        finding=(f"{found[0]['integral']}: relative error {found[0]['r(10000)']} at n = 10000, decaying like "
                 f"n^-{found[0]['decay exponent']}" if found and "integral" in found[0] else
                 "a P_k lacks the parity of k") if found else "",
        notes="""The error decays like 1/n (r(n)·n tends to 1/12 for a = 0, Stirling's correction), so O(1/n) is the
            right order and no better. The printed expansions (A.3's missing 1/2, the display's extra n) do not affect
            this formula.""",
    )


# --------------------------------------------------------------------------- Appendix B

def _laws(values: tuple, denominator: int) -> list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """Every law on ``values`` whose probabilities are multiples of 1/denominator: (values, probabilities)."""
    out = []
    vals = tuple(Fraction(v) for v in values)
    for cut in itertools.combinations(range(denominator + len(values) - 1), len(values) - 1):
        parts, prev = [], -1
        for c in cut + (denominator + len(values) - 1,):
            parts.append(c - prev - 1)
            prev = c
        out.append((vals, tuple(Fraction(p, denominator) for p in parts)))
    return out


def _law_text(law) -> str:
    vals, probs = law
    return mt.pairs({_frac(v): _frac(p) for v, p in zip(vals, probs) if p})


@measurement
def _small_laws(ctx: CheckContext) -> list[tuple]:
    """Every law on {-1, -1/2, 0, 1/2, 1, 2, 3} with probabilities in multiples of 1/4."""
    return _laws((-1, Fraction(-1, 2), 0, Fraction(1, 2), 1, 2, 3), 4)


@claim(
    "npp.lemma1-bounds.markov",
    title="Appendix B Theorem 9: P(X > 0) ≤ E[X] for a non-negative integer X",
    source=src("Appendix B.1 Theorem 9 (eq. B.1); used in §3.3.3 Lemma 1"),
    kind=Kind.EXACT,
    statement="For a random variable with values in {0, 1, 2, ...}, the probability that it is positive is at most its mean.",
    decision_rule="""Every law with probabilities in multiples of 1/4 on {-1, -1/2, 0, 1/2, 1, 2, 3}, kept when it meets
        the asserted hypothesis (values in the asserted set); exact fractions. Verified if P(X > 0) ≤ bound(E X) for
        every kept law, refuted by the first that violates it.""",
    recorded="verified",
    mutants=[mutant("any non-negative X (half-integers allowed)", allowed=(0, Fraction(1, 2), 1, 2, 3)),
             mutant("the bound E[X]² in place of E[X]", bound=lambda m: m * m)],
)
def _markov(ctx: CheckContext, *, allowed=(0, 1, 2, 3), bound=lambda m: m) -> Verdict:
    allowed_set = {Fraction(a) for a in allowed}
    kept = [law for law in _small_laws(ctx) if all(p == 0 or v in allowed_set for v, p in zip(*law))]
    found = []
    for law in kept:
        vals, probs = law
        mean = sum((v * p for v, p in zip(vals, probs)), Fraction(0))
        positive = sum((p for v, p in zip(vals, probs) if v > 0), Fraction(0))
        if positive > bound(mean):
            found.append({"law": _law_text(law), "P(X > 0)": _frac(positive), "bound": _frac(bound(mean))})
    return Verdict.from_counterexamples(
        found, checked=kept, claimed="P(X > 0) ≤ E[X] for X with values in " + ", ".join(_frac(Fraction(a)) for a in allowed),
        measured=f"{len(kept)} laws checked, {len(found)} violate it",
        finding=f"X with law {found[0]['law']}: P(X > 0) = {found[0]['P(X > 0)']} exceeds {found[0]['bound']}" if found else "",
        notes="Lemma 1 applies it to the solution count Z, a non-negative integer, with the moment bound (3.12).")


def _solution_count_law() -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """The exact law of Lemma 1's Z = #{signings σ: σ·X = 0} for X uniform on {±1, ±2}^4."""
    X = np.array(list(itertools.product((-2, -1, 1, 2), repeat=4)), dtype=np.int64)
    counts = (half_sums(X, -1, 1) == 0).sum(axis=1)
    vals, freq = np.unique(counts, return_counts=True)
    return tuple(Fraction(int(v)) for v in vals), tuple(Fraction(int(f), len(X)) for f in freq)


HYPOTHESES = {"X > 0": lambda v: v > 0, "X ≥ 0": lambda v: v >= 0, "any real X": lambda v: True}


@measurement
def _second_moment_laws(ctx: CheckContext) -> list[tuple]:
    """The small laws, and Lemma 1's Z for n = 4, M = 2 (last)."""
    return _small_laws(ctx) + [_solution_count_law()]


def _second_moment_check(ctx: CheckContext, hypothesis: str) -> Verdict:
    laws = _second_moment_laws(ctx)
    count_checked(laws)
    *small, z = laws
    holds = HYPOTHESES[hypothesis]
    kept = [law for law in small if all(p == 0 or holds(v) for v, p in zip(*law))]
    found = []
    for law in kept:
        vals, probs = law
        m1 = sum((v * p for v, p in zip(vals, probs)), Fraction(0))
        m2 = sum((v * v * p for v, p in zip(vals, probs)), Fraction(0))
        positive = sum((p for v, p in zip(vals, probs) if v > 0), Fraction(0))
        if m2 > 0 and positive < m1 * m1 / m2:
            found.append({"law": _law_text(law), "P(X > 0)": _frac(positive), "bound": _frac(m1 * m1 / m2)})
    z_admitted = all(p == 0 or holds(v) for v, p in zip(*z))
    z_zero = sum((p for v, p in zip(*z) if v == 0), Fraction(0))
    if not z_admitted:
        found.append({"law": "Lemma 1's solution count Z (n = 4, M = 2)", "P(Z = 0)": _frac(z_zero),
                      "outside the hypothesis": hypothesis})
    first = found[0] if found else None
    return Verdict.from_counterexamples(
        found, checked=kept,
        claimed=f"under the hypothesis {hypothesis}, P(X > 0) ≥ (E X)²/E[X²], and the hypothesis admits Lemma 1's Z",
        measured={"laws meeting the hypothesis": len(kept), "violations among them": sum(1 for f in found if "bound" in f),
                  "Lemma 1's Z admitted": z_admitted, "P(Z = 0) for n = 4, M = 2": _frac(z_zero)},
        finding=("" if not first else
                 f"X with law {first['law']}: P(X > 0) = {first['P(X > 0)']} is below {first['bound']}" if "bound" in first
                 else f"the theorem holds under {hypothesis} (no violation among {len(kept)} laws) but Lemma 1's count Z "
                      f"has P(Z = 0) = {first['P(Z = 0)']} (n = 4, M = 2), so {hypothesis} fails for the variable the "
                      f"theorem is applied to"),
        notes="""Under X > 0 almost surely the statement is trivially true (P(X > 0) = 1 and (E X)² ≤ E[X²]). For X ≥ 0
            it is Cauchy-Schwarz: E X = E[X·1{X > 0}] ≤ sqrt(E[X²] P(X > 0)). For X of either sign it fails
            (X = -1: 0 < 1).""",
    )


@claim(
    "npp.lemma1-bounds.second-moment",
    title="Appendix B Theorem 10: for X > 0 with finite variance, P(X > 0) ≥ (E X)²/E[X²]",
    source=src("Appendix B.2 Theorem 10 (eq. B.2); its use in §3.3.3 Lemma 1"),
    kind=Kind.EXACT,
    statement="""The second-moment bound, stated for a random variable X > 0 with finite variance, and applied in Lemma 1
        to the number Z_{n,l} of perfect partitions.""",
    decision_rule="""Every law with probabilities in multiples of 1/4 on {-1, -1/2, 0, 1/2, 1, 2, 3} that meets the asserted
        hypothesis, exact fractions; and the exact law of Lemma 1's Z (signings with σ·X = 0, X uniform on {±1, ±2}^4).
        Verified if no admitted law violates the bound and Z meets the hypothesis (the theorem covers its use);
        refuted otherwise.""",
    recorded="refuted",
    severity="typo",
    correction="npp.lemma1-bounds.second-moment.corrected",
    reading="The hypothesis X > 0 (almost surely), as printed.",
    charitable_reading="""Read as printed the inequality is true but empty (P(X > 0) = 1), and it does not cover Lemma 1,
        which applies it to a count Z that is 0 with positive probability, so Lemma 1's lower bound would not follow.
        The use, and the name Cauchy-Schwarz, fit X ≥ 0, under which the bound holds (the correction,
        npp.lemma1-bounds.second-moment.corrected).""",
    mutants=[mutant("no sign hypothesis at all", hypothesis="any real X"),
             control("the hypothesis X ≥ 0 (the correction)", hypothesis="X ≥ 0")],
)
def _second_moment(ctx: CheckContext, *, hypothesis="X > 0") -> Verdict:
    return _second_moment_check(ctx, hypothesis)


@claim(
    "npp.lemma1-bounds.second-moment.corrected",
    title="Appendix B Theorem 10, corrected: for X ≥ 0, P(X > 0) ≥ (E X)²/E[X²], covering Lemma 1's Z",
    source=src("Appendix B.2 Theorem 10 with X ≥ 0; §3.3.3 Lemma 1"),
    kind=Kind.EXACT,
    statement="For a non-negative X with finite variance, P(X > 0) ≥ (E X)²/E[X²]; Lemma 1's count Z is such an X.",
    decision_rule="As in npp.lemma1-bounds.second-moment, with the hypothesis X ≥ 0.",
    recorded="verified",
    mutants=[mutant("no sign hypothesis at all", hypothesis="any real X"),
             mutant("the printed X > 0", hypothesis="X > 0")],
)
def _second_moment_corrected(ctx: CheckContext, *, hypothesis="X ≥ 0") -> Verdict:
    return _second_moment_check(ctx, hypothesis)


def _convolve(laws: list[dict[Fraction, Fraction]]) -> dict[Fraction, Fraction]:
    out = {Fraction(0): Fraction(1)}
    for law in laws:
        nxt: dict[Fraction, Fraction] = {}
        for s, p in out.items():
            for v, q in law.items():
                nxt[s + v] = nxt.get(s + v, Fraction(0)) + p * q
        out = nxt
    return out


@measurement
def _hoeffding_cases(ctx: CheckContext) -> list[dict]:
    """Exact laws of sums of independent bounded variables: Bernoulli(p) sums (p in 1/10, 1/4, 1/2, 3/4, 9/10; n = 1..8),
    sums of X uniform on {±1..±M} (M = 1..3, n = 1..6, Definition 10's law) and a mixed sum; per case the deviations
    S - E S and their upper and two-sided tails."""
    cases = []

    def add(name, laws, ranges):
        dist = _convolve(laws)
        mean = sum((s * p for s, p in dist.items()), Fraction(0))
        devs = sorted({s - mean for s in dist})
        upper = {d: sum((p for s, p in dist.items() if s - mean >= d), Fraction(0)) for d in devs if d > 0}
        both = {d: sum((p for s, p in dist.items() if abs(s - mean) >= d), Fraction(0))
                for d in sorted({abs(x) for x in devs}) if d > 0}
        cases.append({"case": name, "range sum": sum(((b - a) ** 2 for a, b in ranges), Fraction(0)),
                      "upper": upper, "two-sided": both})

    for p in (Fraction(1, 10), Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(9, 10)):
        for n in range(1, 9):
            add(f"{n} Bernoulli({_frac(p)})", [{Fraction(0): 1 - p, Fraction(1): p}] * n, [(0, 1)] * n)
    for M in range(1, 4):
        for n in range(1, 7):
            law = {Fraction(v): Fraction(1, 2 * M) for v in range(-M, M + 1) if v}
            add(f"{n} uniform on ±1..±{M}", [law] * n, [(-M, M)] * n)
    add("Bernoulli(1/10) + uniform on ±1..±2 + {0, 3} w.p. 1/2",
        [{Fraction(0): Fraction(9, 10), Fraction(1): Fraction(1, 10)},
         {Fraction(v): Fraction(1, 4) for v in (-2, -1, 1, 2)}, {Fraction(0): Fraction(1, 2), Fraction(3): Fraction(1, 2)}],
        [(0, 1), (-2, 2), (0, 3)])
    return cases


@claim(
    "rssp.lemma4-rate.hoeffding-inequality",
    title="Appendix B Theorem 11 (Hoeffding): P(S - E S ≥ t) ≤ exp(-2t²/Σ(b_i - a_i)²), twice that two-sided",
    source=src("Appendix B.3 Theorem 11 (eq. B.3); used in §5.1.4 proof of Lemma 4"),
    kind=Kind.EXACT,
    statement="""For independent X_i with a_i ≤ X_i ≤ b_i and every t > 0, the upper deviation of the sum has probability
        at most exp(-2t²/Σ(b_i - a_i)²), and the two-sided deviation at most twice that.""",
    decision_rule="""Exact laws (fractions) of 69 sums: Bernoulli(p) sums, sums of Definition 10's law on {±1..±M}, a mixed
        sum; every attained deviation t > 0 (the tail only changes there). A case violates the bound when its exact
        tail exceeds the bound by a relative 1e-9 (float exponentials; the closest tail is reported). Verified if no
        case violates either bound, refuted at the first that does.""",
    recorded="verified",
    mutants=[mutant("exponent 4t²/Σ(b_i - a_i)²", numerator=4),
             mutant("the two-sided bound without its factor 2", two_sided_factor=1)],
)
def _hoeffding_inequality(ctx: CheckContext, *, numerator=2, two_sided_factor=2) -> Verdict:
    cases = _hoeffding_cases(ctx)
    found, checked, tightest = [], 0, (math.inf, "")
    for c in cases:
        denom = float(c["range sum"])
        for kind, tails, factor in (("upper", c["upper"], 1), ("two-sided", c["two-sided"], two_sided_factor)):
            for t, tail in tails.items():
                checked += 1
                bound = factor * math.exp(-numerator * float(t) ** 2 / denom)
                ratio = bound / float(tail)
                if ratio < tightest[0]:
                    tightest = (ratio, f"{c['case']}, {kind}, t = {_frac(t)}")
                if float(tail) > bound * (1 + 1e-9):
                    found.append({"case": c["case"], "tail": kind, "t": _frac(t), "probability": _frac(tail),
                                  "bound": mt.num(bound, 4)})
    return Verdict.from_counterexamples(
        found, checked=checked,
        claimed=f"upper tail ≤ exp(-{numerator}t²/Σ(b_i - a_i)²), two-sided ≤ {two_sided_factor}·exp(-{numerator}t²/Σ(b_i - a_i)²)",
        measured={"deviations checked": checked, "violations": len(found),
                  "smallest bound over exact tail": mt.num(tightest[0], 4), "at": tightest[1]},
        finding=f"{found[0]['case']}, {found[0]['tail']} tail at t = {found[0]['t']}: probability {found[0]['probability']} "
                f"exceeds the bound {found[0]['bound']}" if found else "",
        notes="""Lemma 4 applies the upper tail to Λ with a_i = -M, b_i = M, which gives exp(-s²/(2nM²)); the display there
            prints 4nM² (rssp.lemma4-rate.hoeffding-step).""",
    )


@measurement
def _event_triples(ctx: CheckContext) -> list[tuple]:
    """Every pair and triple of events on four equally likely points, as bit masks."""
    subsets = range(16)
    return [(a, b) for a in subsets for b in subsets] + [(a, b, c) for a in subsets for b in subsets for c in subsets]


def _union_bound(probs, n):
    return max(Fraction(0), sum(probs, Fraction(0)) - (n - 1))


@claim(
    "slth.neuron.union-bound",
    title="Appendix B Theorem 12: P(A_1 ∩ ... ∩ A_n) ≥ max(0, Σ P(A_i) - (n - 1))",
    source=src("Appendix B.4 Theorem 12 (eq. B.4); used in §5.2.1 Lemmas 6-7, Theorem 6, §5.2.2 Lemma 8"),
    kind=Kind.EXACT,
    statement="""For any events the probability that all occur is at least the sum of their probabilities minus n - 1
        (and at least 0); the constructions use it as dp - (d - 1) for d events of probability p each.""",
    decision_rule="""Every pair and every triple of events on a space of four equally likely points (4,352 families), exact
        fractions; verified if P(intersection) ≥ bound for all, refuted at the first family below the bound.""",
    recorded="verified",
    mutants=[mutant("slack n - 2 in place of n - 1", bound=lambda probs, n: max(Fraction(0), sum(probs, Fraction(0)) - (n - 2))),
             mutant("the product of the probabilities (independence)",
                    bound=lambda probs, n: math.prod(probs, start=Fraction(1)))],
)
def _union_bound_claim(ctx: CheckContext, *, bound=_union_bound) -> Verdict:
    families = _event_triples(ctx)
    found = []
    for fam in families:
        inter = 15
        for e in fam:
            inter &= e
        p_inter = Fraction(bin(inter).count("1"), 4)
        probs = [Fraction(bin(e).count("1"), 4) for e in fam]
        if p_inter < bound(probs, len(fam)):
            found.append({"events": [sorted(i for i in range(4) if e >> i & 1) for e in fam],
                          "P(intersection)": _frac(p_inter), "bound": _frac(bound(probs, len(fam)))})
    return Verdict.from_counterexamples(
        found, checked=families, claimed="P(all A_i) ≥ the asserted bound for every family",
        measured=f"{len(families)} families of 2 or 3 events on four points, {len(found)} below the bound",
        finding=f"events {found[0]['events']} (points of a four-point space): P(intersection) = "
                f"{found[0]['P(intersection)']} is below {found[0]['bound']}" if found else "",
        notes="It is the union bound applied to the complements; it needs no independence.")


# --------------------------------------------------------------------------- Appendix C: rejection sampling

#: Discrete pairs (target f, proposal g) on {1..K}, as weights normalised below; and multipliers of sup f/g.
REJECTION_PAIRS = (((1, 2, 3, 4), (1, 1, 1, 1)), ((1, 1, 1, 1), (4, 3, 2, 1)), ((5, 0, 1, 2), (1, 2, 3, 2)),
                   ((1, 1, 1, 1, 1, 1), (3, 1, 1, 1, 1, 3)))
REJECTION_FACTORS = (Fraction(1), Fraction(3, 2), Fraction(4))


@measurement
def _rejection_pairs(ctx: CheckContext) -> list[dict]:
    rows = []
    for f_w, g_w in REJECTION_PAIRS:
        f = [Fraction(x, sum(f_w)) for x in f_w]
        g = [Fraction(x, sum(g_w)) for x in g_w]
        sup = max(fi / gi for fi, gi in zip(f, g))
        for factor in REJECTION_FACTORS:
            rows.append({"f": f, "g": g, "M": sup * factor, "sup f/g": sup})
    return rows


@claim(
    "rssp.lemma2-factor.rejection-sampling",
    title="Appendix C: rejection sampling accepts with probability 1/M and the accepted draws follow f exactly",
    source=src("Appendix C (continuous and discrete versions); §5.1.4 Lemma 2, first bullet"),
    kind=Kind.EXACT,
    statement="""Proposing from g and accepting with probability f/(Mg), where f ≤ Mg, accepts with probability 1/M, and an
        accepted draw has exactly the law f; the same holds for mass functions on {1..K} with M ≥ max f/g.""",
    decision_rule="""Four pairs (f, g) of mass functions on 4 or 6 points (one f with a zero), M = 1, 3/2 and 4 times
        max f/g; exact fractions: acceptance probability Σ g(i) min(1, rule(i)) and the accepted law. Verified if for
        every pair and M the acceptance probability equals the asserted value and the accepted law equals f; refuted
        otherwise.""",
    recorded="verified",
    mutants=[mutant("acceptance probability 1/M²", acceptance=lambda M: 1 / (M * M)),
             mutant("accept with probability f/g (M left out of the rule)", rule=lambda f, g, M: f / g),
             mutant("M at half the supremum of f/g", m_factor=Fraction(1, 2))],
)
def _rejection_sampling(ctx: CheckContext, *, acceptance=lambda M: 1 / M, rule=lambda f, g, M: f / (M * g),
                        m_factor=Fraction(1)) -> Verdict:
    rows = _rejection_pairs(ctx)
    found, shown = [], {}
    for r in rows:
        M = r["M"] * m_factor
        accept_i = [g * min(Fraction(1), rule(f, g, M)) for f, g in zip(r["f"], r["g"])]
        p_acc = sum(accept_i, Fraction(0))
        law = [a / p_acc for a in accept_i]
        key = f"f = ({', '.join(_frac(x) for x in r['f'])}), M = {_frac(M)}"
        shown[key] = mt.pairs({"P(accept)": _frac(p_acc), "accepted law": "(" + ", ".join(_frac(x) for x in law) + ")"})
        if p_acc != acceptance(M) or law != r["f"]:
            found.append({"case": key, "g": "(" + ", ".join(_frac(x) for x in r["g"]) + ")", "P(accept)": _frac(p_acc),
                          "asserted": _frac(acceptance(M)), "accepted law": "(" + ", ".join(_frac(x) for x in law) + ")"})
    return Verdict.from_counterexamples(
        found, checked=rows, claimed="P(accept) = 1/M and the accepted law is f", measured=shown,
        finding=f"{found[0]['case']}, g = {found[0]['g']}: P(accept) = {found[0]['P(accept)']} (asserted "
                f"{found[0]['asserted']}), accepted law {found[0]['accepted law']}" if found else "",
        notes="""1/M needs f normalised (the derivation integrates f to 1); for an unnormalised f of mass Z the acceptance
            is Z/M while the accepted law is still f/Z. Lemma 2's first bullet applies it with a uniform target and an
            arbitrary proposal: M = 1/(2M_X min g), so how many of the Cn draws are accepted depends on g, which an
            absolute C cannot cover for every distribution (slth.single-weight.product-support).""",
    )
