"""Checks of the ``npp.*`` claims (npp-quantized-slth-thesis.md chapter 3).

Each claim's check takes what the thesis asserts (a closed form, a constant, a sign) as
keyword-only parameters with the thesis's version as default; the costly part (a sympy
integral, an enumeration, a Monte Carlo run) is a cached measurement, so its mutants and
controls rerun only the decision.
"""
from __future__ import annotations

import functools
import math
from typing import Callable

import mpmath
import numpy as np
import sympy as sp

from .. import mathtext as mt
from ..context import CheckContext
from ..measure import measurement
from ..plotting import new_figure
from ..registry import claim, control, mutant
from ..stats import combine_point_statuses, wilson_interval
from ..verdict import Kind, Source, Status, Verdict
from .moments import c_m, first_moment, gamma_n, rho_n, second_moment, thesis_first_moment, thesis_second_moment
from .signings import exact_partition_probabilities, half_sums, min_discrepancies, perfect_partitions_exist

DOC = "npp-quantized-slth-thesis.md"

src = Source.factory(DOC)


def kappa_c(n: int) -> float:
    """Mertens' finite-size threshold κ_c(n) = 1 - log2(πn/6)/(2n) (§3.2.1)."""
    return 1 - math.log2(math.pi * n / 6) / (2 * n)


def m_from_lambda(n: int, lam: float) -> int:
    """M = 2^(n κ_n) with κ_n = 1 - log2(n)/(2n) + λ/n, i.e. M = 2^(n+λ)/sqrt(n) (eq. 3.1)."""
    return max(1, round(2.0 ** (n + lam) / math.sqrt(n)))


def poisson_law(rho: float) -> float:
    """Finite-size law derived from the moments (our derivation, see npp.thm1-transition.finite-size):
    given the parity of ΣX, perfect partitions come in pairs (σ, -σ) whose number is
    asymptotically Poisson with mean ρ_n/2 (even sum, target 0) or ρ_n (odd sum, targets ±1)."""
    return 0.5 * (1 - math.exp(-rho / 2)) + 0.5 * (1 - math.exp(-rho))


def thesis_law(rho: float) -> float:
    """The leading part of eq. (3.15): 1 / (1 + 1/ρ_n)."""
    return 1 / (1 + 1 / rho)


def sample_instances(rng: np.random.Generator, trials: int, n: int, M: int) -> np.ndarray:
    """``trials`` instances of n integers uniform on {1..M} (Definition 2), one per row."""
    return rng.integers(1, M + 1, size=(trials, n), dtype=np.int64)


# --------------------------------------------------------------------------- identities

COTH_POINTS = ("0.1", "0.7", "1", "2.5", "6")


@functools.cache
def _coth_series_values() -> tuple[tuple[str, mpmath.mpf], ...]:
    """Measurement: Σ_{k∈Z} x/(x² + k²π²) summed to 40 digits at each test point."""
    with mpmath.workdps(40):
        rows = []
        for x in COTH_POINTS:
            xv = mpmath.mpf(x)
            tail = mpmath.nsum(lambda k, xv=xv: xv / (xv**2 + k**2 * mpmath.pi**2), [1, mpmath.inf])
            rows.append((x, 1 / xv + 2 * tail))
    return tuple(rows)


@claim(
    "npp.identities.coth-series",
    title="§3.2.1: Σ_k x/(x² + k²π²) = coth x",
    source=src("§3.2.1 (boxed identity)"),
    kind=Kind.SYMBOLIC,
    statement="The sum over all integers k of x/(x² + k²π²) equals coth x.",
    decision_rule="Sum the series to 40 digits with mpmath at x in {0.1, 0.7, 1, 2.5, 6}; verified if every value agrees with the closed form to 1e-25.",
    recorded="verified",
    mutants=[mutant("the alternating series' value 1/sinh x", closed_form=lambda x: 1 / mpmath.sinh(x)),
             mutant("tanh x for coth x", closed_form=mpmath.tanh)],
)
def _coth_series(ctx: CheckContext, *, closed_form: Callable = mpmath.coth) -> Verdict:
    with mpmath.workdps(40):
        rows = [{"x": x, "series": float(total), "closed_form": float(closed_form(mpmath.mpf(x))),
                 "abs_error": float(abs(total - closed_form(mpmath.mpf(x))))} for x, total in _coth_series_values()]
    bad = [r for r in rows if r["abs_error"] > 1e-25]
    return Verdict.from_counterexamples(
        bad, checked=rows, claimed="Σ_k x/(x²+k²π²) = closed form", measured=f"max |error| {max(r['abs_error'] for r in rows):.1e}",
        finding=f"at x = {bad[0]['x']} the series is {bad[0]['series']:.6g}, the closed form {bad[0]['closed_form']:.6g}" if bad else "",
        evidence={"table": rows})


@functools.cache
def _laplace_transform_value() -> sp.Expr:
    """Measurement: ∫ e^{-|x| + ixk} dx by sympy (the odd sine part cancels, leaving 2∫_0^∞ e^{-x} cos kx)."""
    x, k = sp.symbols("x k", real=True)
    return sp.simplify(sp.integrate(sp.exp(-x) * 2 * sp.cos(k * x), (x, 0, sp.oo), conds="none"))


@claim(
    "npp.identities.laplace-fourier",
    title="§3.2.1 (3.2c): ∫ e^{-|x| + ixk} dx = 2/(k² + 1)",
    source=src("§3.2.1 eq. 3.2c"),
    kind=Kind.SYMBOLIC,
    statement="The Fourier transform of e^{-|x|} is 2/(k² + 1).",
    decision_rule="Integrate with sympy; verified if the result minus the stated transform simplifies to 0.",
    recorded="verified",
    mutants=[mutant("one half-line only: 1/(k² + 1)", transform=lambda k: 1 / (k**2 + 1)),
             mutant("sign slip in the denominator: 2/(k² - 1)", transform=lambda k: 2 / (k**2 - 1))],
)
def _laplace_fourier(ctx: CheckContext, *, transform: Callable = lambda k: 2 / (k**2 + 1)) -> Verdict:
    value = _laplace_transform_value()
    k = sp.Symbol("k", real=True)
    diff = sp.simplify(value - transform(k))
    return Verdict.from_check(diff == 0, checked=1, claimed=sp.sympify(transform(k)), measured=value, counterexample=diff,
                              finding=f"the transform is {mt.math(value)}" if diff != 0 else "")


@measurement
def _dirichlet_direct(ctx: CheckContext) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """Measurement: (1/M) Σ_{j=1}^M cos(jx) at 50 seeded x in (0.01, 3.1), for M = 1..15."""
    xs = ctx.rng().uniform(0.01, 3.1, 50)
    return xs, {M: np.cos(np.outer(xs, np.arange(1, M + 1))).sum(axis=1) / M for M in range(1, 16)}


@claim(
    "npp.identities.dirichlet",
    title="§3.3.2: (1/M)Σ cos(jx) = (1/M)[sin((M+½)x)/(2 sin(x/2)) - ½]",
    source=src("§3.3.2 (definition of f)"),
    kind=Kind.SYMBOLIC,
    statement="The characteristic function f(x) = E cos(xX) of X uniform on {1..M} has the stated Dirichlet-kernel form.",
    decision_rule="For M = 1..15, evaluate the sum and the closed form at 50 seeded x; verified if all differences vanish (|.| <= 1e-12).",
    recorded="verified",
    mutants=[mutant("without the -½ (the j = 0 term kept)", closed_form=lambda M, x: np.sin((M + 0.5) * x) / (2 * np.sin(x / 2)) / M),
             mutant("sin(Mx) for sin((M+½)x)", closed_form=lambda M, x: (np.sin(M * x) / (2 * np.sin(x / 2)) - 0.5) / M)],
)
def _dirichlet(ctx: CheckContext, *, closed_form: Callable = lambda M, x: (np.sin((M + 0.5) * x) / (2 * np.sin(x / 2)) - 0.5) / M) -> Verdict:
    xs, direct = _dirichlet_direct(ctx)
    worst = {M: float(np.abs(values - closed_form(M, xs)).max()) for M, values in direct.items()}
    bad_m = max(worst, key=worst.get)
    return Verdict.from_check(worst[bad_m] <= 1e-12, checked=sum(np.size(v) for v in direct.values()), claimed="identity",
                              measured=f"max |difference| = {worst[bad_m]:.1e} (M = 1..15, 50 x each)",
                              counterexample={"M": bad_m, "max_difference": mt.rounded(worst[bad_m], 12)},
                              finding=f"the closed form misses the sum by up to {worst[bad_m]:.3g} at M = {bad_m}" if worst[bad_m] > 1e-12 else "")


@functools.cache
def _taylor_coefficients() -> tuple[tuple[int, sp.Expr, sp.Expr], ...]:
    """Measurement: the x² and x³ Taylor coefficients of (1/M)Σ_j cos(jx) at 0, M = 1..12."""
    x = sp.Symbol("x")
    rows = []
    for M in range(1, 13):
        series = sp.series(sum(sp.cos(j * x) for j in range(1, M + 1)) / M, x, 0, 4).removeO()
        rows.append((M, series.coeff(x, 2), series.coeff(x, 3)))
    return tuple(rows)


@claim(
    "npp.identities.taylor",
    uses=("npp.identities.c-m",),
    title="§3.3.2 (3.5): f(x) = 1 - c_M M² x²/2 + O(x⁴) with c_M = (M+1)(2M+1)/(6M²)",
    source=src("§3.3.2 eq. 3.5"),
    kind=Kind.SYMBOLIC,
    statement="The second-order Taylor coefficient of f at 0 is -(M+1)(2M+1)/12 = -c_M M²/2 and there is no cubic term.",
    decision_rule="Series-expand f(x) = (1/M)Σ_j cos(jx) with sympy for M = 1..12; verified if the x² coefficient equals the stated one and the x³ coefficient is 0 for all M.",
    recorded="verified",
    mutants=[mutant("c_M M² x² without the ½", x2_coefficient=lambda M: -sp.Rational((M + 1) * (2 * M + 1), 6)),
             mutant("c_M replaced by its limit 1/3: -M²x²/6", x2_coefficient=lambda M: -sp.Rational(M * M, 6))],
)
def _taylor(ctx: CheckContext, *, x2_coefficient: Callable = lambda M: -sp.Rational((M + 1) * (2 * M + 1), 12)) -> Verdict:
    bad = [{"M": M, "x^2": c2, "stated x^2": sp.sympify(x2_coefficient(M)), "x^3": c3}
           for M, c2, c3 in _taylor_coefficients() if c2 != x2_coefficient(M) or c3 != 0]
    return Verdict.from_counterexamples(bad, checked=_taylor_coefficients(), claimed="stated x² coefficient, no x³", measured="matches for M = 1..12" if not bad else bad,
                                        finding=f"at M = {bad[0]['M']} the x² coefficient is {mt.show(bad[0]['x^2'])}" if bad else "")


@functools.cache
def _c_m_exact() -> tuple[sp.Symbol, sp.Expr]:
    """Measurement: E[X²]/M² for X uniform on {1..M}, summed symbolically."""
    M, j = sp.symbols("M j", positive=True, integer=True)
    return M, sp.factor(sp.summation(j**2, (j, 1, M)) / M / M**2)


@claim(
    "npp.identities.c-m",
    title="Theorem 2: c_M = E[X²/M²] = 1/3 + 1/(2M) + 1/(6M²) = (M+1)(2M+1)/(6M²)",
    source=src("§3.3.1 Theorem 2; §3.3.2"),
    kind=Kind.SYMBOLIC,
    statement="For X uniform on {1..M}, E[X²]/M² has the three stated equal forms.",
    decision_rule="Sum with sympy for symbolic M; verified if both stated forms are identical to the sum.",
    recorded="verified",
    mutants=[mutant("1/(3M²) for 1/(6M²)", expanded=lambda M: sp.Rational(1, 3) + 1 / (2 * M) + 1 / (3 * M**2)),
             mutant("(M+1)(2M+1)/(6M) (one factor M short)", factored=lambda M: (M + 1) * (2 * M + 1) / (6 * M))],
)
def _c_m(ctx: CheckContext, *, expanded: Callable = lambda M: sp.Rational(1, 3) + 1 / (2 * M) + 1 / (6 * M**2),
         factored: Callable = lambda M: (M + 1) * (2 * M + 1) / (6 * M**2)) -> Verdict:
    M, mean = _c_m_exact()
    differences = {"expanded": sp.simplify(mean - expanded(M)), "factored": sp.simplify(mean - factored(M))}
    bad = {k: v for k, v in differences.items() if v != 0}
    return Verdict.from_check(not bad, checked=differences, claimed="three equal forms", measured=mean, counterexample=bad,
                              finding=f"E[X²]/M² = {mt.math(mean)}, which differs from the {', '.join(bad)} form" if bad else "")


def _c_m_limit_check(limit: sp.Expr, rate: int) -> Verdict:
    """Decision for 'c_M = limit + O(M^-rate)': the limit must match and M^rate (c_M - limit) stay bounded."""
    M = sp.Symbol("M", positive=True)
    exact = (M + 1) * (2 * M + 1) / (6 * M**2)
    true_limit = sp.limit(exact, M, sp.oo)
    scaled = sp.limit(M**rate * (exact - limit), M, sp.oo)
    holds = true_limit == limit and scaled.is_finite
    return Verdict.from_check(
        holds, checked=1, claimed=f"c_M = {mt.show(limit)} + O(M^-{rate})",
        measured=f"c_M → {mt.show(true_limit)}; M^{rate}(c_M - {mt.show(limit)}) → {mt.math(scaled)}",
        counterexample={"limit": true_limit, "M^rate (c_M - stated limit) →": scaled, "c_M at M=1000": c_m(1000)},
        finding="" if holds else f"c_M = (M+1)(2M+1)/(6M²) → {mt.show(true_limit)}, with c_M - {mt.show(true_limit)} ~ 1/(2M)")


@claim(
    "npp.identities.c-m-limit",
    uses=("npp.identities.c-m",),
    title="§3.3.2: c_M = 1 + O(1/M)",
    source=src("§3.3.2 (after eq. 3.5)"),
    kind=Kind.SYMBOLIC,
    statement="The constant c_M tends to 1 as M grows (c_M = 1 + O(1/M)).",
    decision_rule="Compute lim_{M→∞} c_M and lim M(c_M - 1) with sympy; verified if the first is the stated limit and the second finite.",
    recorded="refuted",
    severity="typo",
    correction="npp.identities.c-m-limit.corrected",
    reading="c_M = 1 + O(1/M), as printed after eq. 3.5.",
    charitable_reading="""c_M = 1/3 + O(1/M): the limit Theorem 2 and §3.3.2 themselves write (c_M = 1/3 + 1/(2M) + 1/(6M²)).
        It holds (npp.identities.c-m-limit.corrected), so the printed 1 is a one-symbol slip for 1/3; no later step
        uses the remark, the moment formulas use c_M exactly.""",
    mutants=[control("the correction c_M = 1/3 + O(1/M)", limit=sp.Rational(1, 3)),
             mutant("c_M → 0", limit=0)],
)
def _c_m_limit(ctx: CheckContext, *, limit: int | sp.Expr = 1, rate: int = 1) -> Verdict:
    return _c_m_limit_check(sp.sympify(limit), rate)


@claim(
    "npp.identities.c-m-limit.corrected",
    uses=("npp.identities.c-m",),
    title="§3.3.2 corrected: c_M = 1/3 + O(1/M)",
    source=src("§3.3.1 Theorem 2; §3.3.2 (after eq. 3.5)"),
    kind=Kind.SYMBOLIC,
    statement="c_M tends to 1/3, with a correction of order 1/M (the limit of Theorem 2's own expansion).",
    decision_rule="Compute lim_{M→∞} c_M and lim M(c_M - 1/3) with sympy; verified if the first is 1/3 and the second finite.",
    recorded="verified",
    mutants=[mutant("the printed limit 1", limit=1), mutant("a correction of order 1/M² only", rate=2)],
)
def _c_m_limit_corrected(ctx: CheckContext, *, limit: int | sp.Expr = sp.Rational(1, 3), rate: int = 1) -> Verdict:
    return _c_m_limit_check(sp.sympify(limit), rate)


@functools.cache
def _gaussian_cosine_value() -> tuple[tuple[sp.Symbol, sp.Symbol], sp.Expr]:
    """Measurement: ∫ cos(bx) e^{-ax²} dx over R by sympy, a > 0, b real."""
    x, b = sp.symbols("x b", real=True)
    a = sp.Symbol("a", positive=True)
    return (a, b), sp.integrate(sp.cos(b * x) * sp.exp(-a * x**2), (x, -sp.oo, sp.oo))


@claim(
    "npp.identities.gaussian-cosine",
    title="§3.3.2: ∫ cos(bx) e^{-ax²} dx = sqrt(π/a) e^{-b²/(4a)}",
    source=src("§3.3.2 (standard Gaussian integral)"),
    kind=Kind.SYMBOLIC,
    statement="The Gaussian cosine integral used for both moments.",
    decision_rule="Integrate with sympy for positive a, real b; verified if the difference from the stated form simplifies to 0.",
    recorded="verified",
    mutants=[mutant("b²/(2a) in the exponent", closed_form=lambda a, b: sp.sqrt(sp.pi / a) * sp.exp(-b**2 / (2 * a))),
             mutant("sqrt(2π/a) prefactor", closed_form=lambda a, b: sp.sqrt(2 * sp.pi / a) * sp.exp(-b**2 / (4 * a)))],
)
def _gaussian_cosine(ctx: CheckContext, *, closed_form: Callable = lambda a, b: sp.sqrt(sp.pi / a) * sp.exp(-b**2 / (4 * a))) -> Verdict:
    (a, b), value = _gaussian_cosine_value()
    diff = sp.simplify(value - closed_form(a, b))
    return Verdict.from_check(diff == 0, checked=1, claimed=closed_form(a, b), measured=value, counterexample=diff,
                              finding=f"the integral is {mt.math(value)}" if diff != 0 else "")


# --------------------------------------------------------------------------- Mertens

@functools.cache
def _mertens_symbols() -> tuple[sp.Symbol, ...]:
    """n, M, s2 = (1/n) Σ X_i², Δa, κ and κ_c as in §3.2.1, and the entropy's T-independent part."""
    n, M, s2, da = sp.symbols("n M s2 Delta_a", positive=True)
    kappa = sp.log(3 * s2 / da**2) / (2 * n * sp.log(2))
    kappa_crit = 1 - sp.log(sp.pi * n / 6) / (2 * n * sp.log(2))
    extensive = n * sp.log(2) + sp.log(2 * da**2 / (sp.pi * n * s2)) / 2  # S minus its T-dependent part
    return n, M, s2, da, kappa, kappa_crit, extensive


@functools.cache
def _zero_entropy_kappa() -> tuple[sp.Symbol, sp.Expr]:
    """Measurement: log2(M)/n at which the T-independent entropy vanishes (ΣX² = nM²/3, Δa = 1)."""
    n, M, s2, da, _, _, extensive = _mertens_symbols()
    root = sp.solve(sp.Eq(extensive.subs({s2: M**2 / 3, da: 1}), 0), M)[0]
    return n, sp.simplify(sp.log(root, 2) / n)


@claim(
    "npp.mertens-kappa-c.definition",
    title="§3.2.1: κ_c(n) = 1 - log2(πn/6)/(2n) is where the extensive entropy vanishes; κ_c → 1",
    source=src("§3.2.1 (definitions of κ_c and κ)"),
    kind=Kind.SYMBOLIC,
    statement="""With ΣX² = nM²/3 (uniform X, large M) and Δa = 1, the T-independent part of the entropy,
        n ln 2 + ½ ln(2Δa²/(π ΣX²)), vanishes exactly at log2(M)/n = κ_c(n), and κ_c(n) → 1.""",
    decision_rule="Solve for log2(M)/n with sympy and compare with the stated κ_c(n); take its limit n → ∞. Verified if both identities hold.",
    recorded="verified",
    mutants=[mutant("πn/3 for πn/6", kappa_c_formula=lambda n: 1 - sp.log(sp.pi * n / 3) / (2 * n * sp.log(2))),
             mutant("log2(πn/6)/n without the ½", kappa_c_formula=lambda n: 1 - sp.log(sp.pi * n / 6) / (n * sp.log(2))),
             mutant("κ_c → 1/2", limit=sp.Rational(1, 2))],
)
def _kappa_c_definition(ctx: CheckContext, *, kappa_c_formula: Callable = lambda n: 1 - sp.log(sp.pi * n / 6) / (2 * n * sp.log(2)),
                        limit: int | sp.Expr = 1) -> Verdict:
    n, ratio = _zero_entropy_kappa()
    stated = kappa_c_formula(n)
    same = sp.simplify(sp.expand_log(ratio - stated, force=True)) == 0
    stated_limit = sp.limit(stated, n, sp.oo)
    return Verdict.from_check(same and stated_limit == limit, checked=1,
                              claimed=f"κ_c(n) = {mt.math(stated)} → {mt.math(sp.sympify(limit))}",
                              measured=f"log2 M/n = {mt.math(ratio)}; stated form → {mt.math(stated_limit)}", counterexample=ratio,
                              finding="" if same and stated_limit == limit else
                              f"the entropy vanishes at log2 M/n = {mt.math(ratio)}, which tends to 1")


def _entropy_check(stated: Callable) -> Verdict:
    """Decision: the entropy's T-independent part must equal ``stated(n, κ, κ_c)`` identically."""
    n, M, s2, da, kappa, kappa_crit, extensive = _mertens_symbols()
    difference = sp.simplify(sp.expand_log(extensive - stated(n, kappa, kappa_crit), force=True))
    flipped = sp.simplify(sp.expand_log(extensive - n * sp.log(2) * (kappa_crit - kappa), force=True))
    return Verdict.from_check(
        difference == 0, checked=1, claimed=stated(*sp.symbols("n kappa kappa_c")),
        measured="n ln2 (κ_c - κ)" if flipped == 0 else extensive,
        counterexample={"extensive part - stated": difference},
        finding="the T-independent entropy n ln2 + ½ ln(2Δa²/(πΣX²)) equals n ln2 (κ_c - κ)" if difference != 0 else "")


@claim(
    "npp.mertens-kappa-c.entropy-sign",
    title="§3.2.1: S = n ln2 (κ - κ_c) + S̃(βΔa)",
    source=src("§3.2.1 (entropy in terms of κ); §3.2.2"),
    kind=Kind.SYMBOLIC,
    statement="""Substituting the definitions of κ and κ_c, the entropy's T-independent part
        n ln 2 + ½ ln(2Δa²/(πΣX²)) equals n ln 2 (κ - κ_c).""",
    decision_rule="Simplify the difference between the T-independent part and the stated form with sympy; verified if it is 0.",
    recorded="refuted",
    severity="typo",
    correction="npp.mertens-kappa-c.entropy-sign.corrected",
    reading="S = n ln2 (κ - κ_c) + S̃, the display closing §3.2.1.",
    charitable_reading="""S = n ln2 (κ_c - κ) + S̃: the sign the thesis's own later steps use. §3.2.2 says the entropy is
        extensive for κ < κ_c, and its T_0 step (ln 2 ≈ n ln2(κ - κ_c) + ln(1/(β_0Δa)) giving T_0 = 2Δa 2^{n(κ-κ_c)}
        = 2^-n sqrt(2πΣX²)) only yields that T_0 with the corrected sign. The corrected identity holds
        (npp.mertens-kappa-c.entropy-sign.corrected), so the display is off by one sign.""",
    mutants=[control("the corrected sign n ln2 (κ_c - κ)", stated=lambda n, k, kc: n * sp.log(2) * (kc - k)),
             mutant("log base 2 for ln: n (κ - κ_c)", stated=lambda n, k, kc: n * (k - kc))],
)
def _entropy_sign(ctx: CheckContext, *, stated: Callable = lambda n, k, kc: n * sp.log(2) * (k - kc)) -> Verdict:
    verdict = _entropy_check(stated)
    verdict.notes = """With the corrected sign, κ < κ_c gives extensive entropy, which is what §3.2.2 asserts in words, and the
        T_0 = 2^-n sqrt(2πΣX²) of §3.2.2 follows; the chain of inequalities in §3.2.2 has its own slips
        (catalogue item npp.kappa-cases)."""
    return verdict


@claim(
    "npp.mertens-kappa-c.entropy-sign.corrected",
    title="§3.2.1 corrected: S = n ln2 (κ_c - κ) + S̃(βΔa)",
    source=src("§3.2.1 (entropy in terms of κ); §3.2.2 (T_0)"),
    kind=Kind.SYMBOLIC,
    statement="The entropy's T-independent part n ln 2 + ½ ln(2Δa²/(πΣX²)) equals n ln 2 (κ_c - κ).",
    decision_rule="Simplify the difference with sympy; verified if it is 0.",
    recorded="verified",
    mutants=[mutant("the printed sign n ln2 (κ - κ_c)", stated=lambda n, k, kc: n * sp.log(2) * (k - kc)),
             mutant("log base 2 for ln: n (κ_c - κ)", stated=lambda n, k, kc: n * (kc - k))],
)
def _entropy_sign_corrected(ctx: CheckContext, *, stated: Callable = lambda n, k, kc: n * sp.log(2) * (kc - k)) -> Verdict:
    return _entropy_check(stated)


CROSSING_TOLERANCE = 0.1  # |P(perfect) - p| allowed at κ_c(n), in probability


@measurement
def _crossing_rows(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: P(perfect partition) at M = round(2^(n κ_c(n))) per n, from the claim's own stream (exact per
    instance).  About 4 s at the quick profile on one core; the standard profile adds n = 36 at 1,500 instances."""
    budget = ctx.budget(quick={12: 6000, 20: 6000, 28: 1500}, standard={12: 20000, 20: 20000, 28: 5000, 36: 1500})
    rng = ctx.rng(0)
    rows = []
    for n, trials in budget.items():
        M = m_from_lambda(n, _lambda_c(n))
        hits = int(np.count_nonzero(perfect_partitions_exist(sample_instances(rng, trials, n, M))))
        rows.append({"n": n, "M": M, "kappa": math.log2(M) / n, "kappa_c": kappa_c(n), "rho": rho_n(n, M), "trials": trials,
                     "hits": hits, "p_hat": hits / trials})
    return tuple(rows)


@claim(
    "npp.mertens-kappa-c.crossing",
    title="Suite: at κ = κ_c(n) the sampled probability of a perfect partition sits near 1/2 at each tested n",
    source=src("§3.2.1 (κ_c(n) defined), §3.2.2 (the transition argued from it; no probability at κ_c is given)"),
    kind=Kind.STATISTICAL,
    origin="suite",
    statement="""The suite's own quantitative reading of κ_c(n) as the finite-n location of the transition, which the
        thesis argues only through the sign of the entropy and never assigns a probability: we test that at
        κ = κ_c(n) a random instance has a perfect partition with probability about one half (the transition's
        midpoint) for each n of our grid.""",
    decision_rule=f"""Sample instances at M = round(2^(n κ_c(n))) for each n of the profile's grid (n = 12, 20, 28 at 6000, 6000
        and 1500 instances in quick; standard adds n = 36 and more instances) and decide exactly whether each has a perfect
        partition (|σ·X| <= 1). With p = 1/2 the asserted probability (the midpoint of the transition) and tolerance
        δ = {CROSSING_TOLERANCE}: a 99% Wilson interval per n (Bonferroni over the n); verified if every interval lies inside
        [p - δ, p + δ], refuted if some interval lies wholly outside it, else inconclusive. Fixed before the new
        measurement was drawn. Earlier rule: 800 instances per n from the shared transition stream; verified if every
        interval overlapped [p - 0.15, p + 0.15], refuted only if one lay outside [p - 0.3, p + 0.3]; changed because that
        rule could not tell p = 1/2 from p = 0.3, 0.7 or 0.8 (those readings came out inconclusive against intervals
        around 0.43-0.59), so its verdict said nothing about where the transition sits. The verdict (verified) is
        unchanged by the new rule.""",
    recorded="verified",
    mutants=[mutant("κ_c(n) as the point where P(perfect) = 0.3 (the transition's lower part)", p_at_threshold=0.3),
             mutant("κ_c(n) as the point where P(perfect) = 0.7 (the transition's upper part)", p_at_threshold=0.7)],
)
def _kappa_c_crossing(ctx: CheckContext, *, p_at_threshold: float = 0.5) -> Verdict:
    rows = [dict(r) for r in _crossing_rows(ctx)]
    confidence = 1 - 0.01 / len(rows)
    band = (p_at_threshold - CROSSING_TOLERANCE, p_at_threshold + CROSSING_TOLERANCE)
    statuses = []
    for r in rows:
        low, high = wilson_interval(r["hits"], r["trials"], confidence)
        r["ci_low"], r["ci_high"] = low, high
        statuses.append(Status.VERIFIED if band[0] <= low and high <= band[1] else
                        Status.REFUTED if high < band[0] or low > band[1] else Status.INCONCLUSIVE)
        r["status"] = statuses[-1].value
    status = combine_point_statuses(statuses)
    refuting = next((r for r, s in zip(rows, statuses) if s is Status.REFUTED), None)
    undecided = [r["n"] for r, s in zip(rows, statuses) if s is Status.INCONCLUSIVE]
    return Verdict(status=status, claimed=f"P(perfect) = {p_at_threshold} ± {CROSSING_TOLERANCE} at κ_c(n)",
                   measured={f"n={r['n']}": round(r["p_hat"], 3) for r in rows}, counterexample=refuting,
                   intervals={f"n={r['n']}": [r["ci_low"], r["ci_high"]] for r in rows},
                   decision_detail=f"band [{band[0]:.2f}, {band[1]:.2f}], simultaneous confidence {confidence:.4f}; "
                                   + ", ".join(f"n={r['n']}: [{r['ci_low']:.3f}, {r['ci_high']:.3f}] {r['status']}" for r in rows),
                   finding=f"at κ_c(n), n = {refuting['n']}: P(perfect) = {refuting['p_hat']:.3f} (99% simultaneous interval "
                           f"[{refuting['ci_low']:.3f}, {refuting['ci_high']:.3f}]), not within {CROSSING_TOLERANCE} of "
                           f"{p_at_threshold}" if refuting else "",
                   would_decide=f"more instances at n = {undecided}" if status is Status.INCONCLUSIVE else "",
                   notes="κ_c(n) corresponds to λ = -log2(π/6)/2 ≈ 0.47, where ρ_n ≈ 1 and the Poisson law gives ≈ 0.51.",
                   evidence={"table": rows, "tolerance": CROSSING_TOLERANCE})


def _log_z_exact(abs_sums: np.ndarray, beta: float) -> float:
    """log Σ_σ exp(-β|σ·X|) from all |signed sums|, stably."""
    low = abs_sums.min()
    return float(np.log(np.sum(np.exp(-beta * (abs_sums - low)))) - beta * low)


def mertens_log_z(n: int, sum_sq: float, beta: float, odd_sum: bool) -> float:
    """log of Mertens' Z = 2^n sqrt(2Δa²/(πΣX²)) coth(βΔa) with Δa = 1 (§3.2.1); the parity is ignored."""
    return n * math.log(2) + 0.5 * math.log(2 / (math.pi * sum_sq)) - math.log(math.tanh(beta))


def sign_corrected_log_z(n: int, sum_sq: float, beta: float, odd_sum: bool) -> float:
    """Mertens' Z keeping the factor (-1)^(kΣX) of Π cos(βX_i tan y_k) at the saddle points: for odd ΣX the
    sum Σ_k (-1)^k x/(x²+π²k²) = 1/sinh x replaces coth x."""
    prefactor = n * math.log(2) + 0.5 * math.log(2 / (math.pi * sum_sq))
    return prefactor - math.log(math.sinh(beta)) if odd_sum else prefactor - math.log(math.tanh(beta))


EASY_BETAS = (0.2, 1.0, 5.0)


@measurement
def _easy_phase_instances(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: exact log Z at each β for 24 seeded instances, n = 20, κ = 0.6 (all 2^20 signed sums)."""
    n, rows = 20, []
    for X in sample_instances(ctx.rng(), 24, n, round(2 ** (0.6 * n))):
        sums = np.abs(half_sums(X, -1, 1)).astype(np.float64)
        rows.append({"n": n, "sum_sq": float(np.sum(X.astype(np.float64) ** 2)), "odd": bool(X.sum() % 2),
                     "log_z": {beta: _log_z_exact(sums, beta) for beta in EASY_BETAS}})
    return tuple(rows)


@claim(
    "npp.mertens-partition-function.easy-phase",
    uses=("npp.identities.laplace-fourier", "npp.identities.coth-series"),
    title="§3.2.1: Z = 2^n sqrt(2Δa²/(πΣX²)) coth(βΔa) in the easy phase",
    source=src("§3.2.1 (saddle-point partition function)"),
    kind=Kind.EXACT,
    statement="""For κ < κ_c the saddle-point formula gives the partition function Z = Σ_σ exp(-β|σ·X|) at any temperature,
        for every instance.""",
    decision_rule="""n = 20, κ = 0.6, 24 seeded instances, β in {0.2, 1, 5} (Δa = 1); exact Z from all 2^20 signed sums. Split the
        instances by the parity of ΣX and take the median |log Z_formula - log Z_exact| per parity and β. Verified if every
        median is <= 0.3 (instance-to-instance fluctuation of the number of low-lying solutions), refuted if some median
        exceeds 1.""",
    recorded="refuted",
    severity="false",
    reading="Z = 2^n sqrt(2Δa²/(πΣX²)) coth(βΔa) for each instance and every β (as §3.2.2 uses it, down to T → 0).",
    charitable_reading="""A saddle-point estimate good up to O(1) factors for typical instances, or for the instance average
        of Z. Both fail below T ≈ 1: every signed sum has the parity of ΣX, so for odd ΣX the ground energy is >= 1 and
        Z_exact ~ e^{-β}, while coth β → 1 (a factor of about e^4 at β = 5, decision detail); averaged over the parity the saddle
        sum gives ½(coth β + 1/sinh β) = ½coth(β/2), still a factor 2 off at low T. The derivation drops the sign
        (-1)^{kΣX} of Π cos(βX_i tan y_k) at the saddle points y_k; with it the formula fits both parities (control).""",
    mutants=[control("the sign-corrected Z (1/sinh β for odd ΣX)", log_z_formula=sign_corrected_log_z),
             mutant("tanh(βΔa) for coth(βΔa)", log_z_formula=lambda n, s, b, odd: mertens_log_z(n, s, b, odd) + 2 * math.log(math.tanh(b)))],
)
def _mertens_partition_easy(ctx: CheckContext, *, log_z_formula: Callable = mertens_log_z) -> Verdict:
    rows = [{"parity": "odd" if inst["odd"] else "even", "beta": beta,
             "log_ratio": log_z - log_z_formula(inst["n"], inst["sum_sq"], beta, inst["odd"])}
            for inst in _easy_phase_instances(ctx) for beta, log_z in inst["log_z"].items()]
    for r in rows:
        r["error"] = abs(r["log_ratio"])
    averaged = {b: float(np.mean([math.exp(r["log_ratio"]) for r in rows if r["beta"] == b])) for b in EASY_BETAS}
    summary = {f"{par} ΣX, β={b:g}": float(np.median([r["error"] for r in rows if r["parity"] == par and r["beta"] == b]))
               for par in ("even", "odd") for b in EASY_BETAS}
    worst_key = max(summary, key=summary.get)
    worst = summary[worst_key]
    status = Status.VERIFIED if worst <= 0.3 else Status.REFUTED if worst > 1 else Status.INCONCLUSIVE
    bad = {k: v for k, v in summary.items() if v > 1}
    return Verdict(status=status, claimed="the formula's log Z for every instance", measured=summary,
                   counterexample=bad or None,
                   finding=f"median |log Z_formula - log Z_exact| = {worst:.2f} for {worst_key}; the formula holds for even ΣX "
                           f"(median error <= {max(v for k, v in summary.items() if k.startswith('even')):.2f}) and, with "
                           f"1/sinh β for coth β, for odd ΣX" if status is Status.REFUTED else "",
                   would_decide="more instances per parity (the medians straddle the rule's band)" if status is Status.INCONCLUSIVE else "",
                   decision_detail=(f"Charitable readings: for a typical instance up to an O(1) factor, the odd-ΣX half is off by a "
                                    f"factor e^{summary['odd ΣX, β=5']:.1f} ≈ {math.exp(summary['odd ΣX, β=5']):.0f} at β = 5; "
                                    f"for the instance average, mean Z_exact/Z_formula = "
                                    + ", ".join(f"{v:.2f} at β = {b:g}" for b, v in averaged.items())
                                    + " (the sign-corrected sums give ½coth(β/2)/coth β → ½ at low T); neither reading holds at low "
                                      "temperature, where §3.2.2 uses the formula.") if status is Status.REFUTED else "",
                   notes="""The signed sums all have the parity of ΣX. At the saddle points y_k the product Π cos(βX_i tan y_k)
                       equals (-1)^(kΣX), which the derivation drops; keeping it turns Σ_k x/(x²+π²k²) into Σ_k (-1)^k x/(x²+π²k²)
                       = 1/sinh x for odd ΣX. With that correction both parities fit; as printed the formula holds for even ΣX
                       or at high temperature only. The phase-transition argument of §3.2.2 uses the prefactor, which is right.""",
                   evidence={"median_log_error": summary, "instance_mean_of_Z_exact_over_Z_formula": averaged,
                             "instances": len(rows) // len(EASY_BETAS)})


HARD_RATIOS = (1e-4, 0.1, 100.0, 1e5)  # temperatures T/T_0 at which the exact Z is computed


@measurement
def _hard_phase_errors(ctx: CheckContext) -> dict[int, dict[float, float]]:
    """Measurement: median |log Z_formula - log Z_exact| (sign-corrected formula) at T = r·2^-n sqrt(2πΣX²)
    for r in HARD_RATIOS; κ = 1.4, 12 seeded instances for each n in {12, 16, 20}."""
    rng = ctx.rng()
    out = {}
    for n in (12, 16, 20):
        errors = {r: [] for r in HARD_RATIOS}
        for X in sample_instances(rng, 12, n, round(2 ** (1.4 * n))):
            sums = np.abs(half_sums(X, -1, 1)).astype(np.float64)
            sum_sq, odd = float(np.sum(X.astype(np.float64) ** 2)), bool(X.sum() % 2)
            t0 = 2.0**-n * math.sqrt(2 * math.pi * sum_sq)
            for r in HARD_RATIOS:
                beta = 1 / (r * t0)
                errors[r].append(abs(sign_corrected_log_z(n, sum_sq, beta, odd) - _log_z_exact(sums, beta)))
        out[n] = {r: float(np.median(v)) for r, v in errors.items()}
    return out


@claim(
    "npp.mertens-partition-function.hard-phase",
    title="§3.2.2: in the hard phase the saddle-point Z holds above T_0 and fails below it",
    source=src("§3.2.2 (effective zero temperature T_0)"),
    kind=Kind.EXACT,
    statement="""For κ > κ_c the saddle-point Z is asymptotically right at temperatures well above T_0 = 2^-n sqrt(2πΣX²)
        and wrong below T_0, where it would make the entropy smaller than ln 2.""",
    decision_rule="""κ = 1.4, n in {12, 16, 20}, 12 seeded instances each; median |log Z_formula - log Z_exact| at T = 100 T_0 and at
        T = T_0/10 (formula with its sign correction for odd ΣX, see easy-phase), T_0 as stated. Verified if at every n the
        error is <= 0.1 at 100 T_0 (within about 10%) and >= 1 at T_0/10 (broken); refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("T_0 a thousand times larger", t0_factor=1e3), mutant("T_0 a thousand times smaller", t0_factor=1e-3)],
)
def _mertens_partition_hard(ctx: CheckContext, *, t0_factor: float = 1.0) -> Verdict:
    errors = _hard_phase_errors(ctx)
    above, below = _grid_ratio(100 * t0_factor), _grid_ratio(0.1 * t0_factor)
    rows = [{"n": n, "median_error_at_100_T0": e[above], "median_error_at_T0/10": e[below]} for n, e in errors.items()]
    accurate = all(r["median_error_at_100_T0"] <= 0.1 for r in rows)
    breaks = all(r["median_error_at_T0/10"] >= 1 for r in rows)
    return Verdict.from_check(accurate and breaks, checked=rows, claimed="accurate above T_0, wrong below",
                              measured={f"n={r['n']}": f"{r['median_error_at_100_T0']:.3f} at 100 T_0, {r['median_error_at_T0/10']:.1f} at T_0/10" for r in rows},
                              counterexample=rows, evidence={"table": rows, "median_error_by_T_over_thesis_T0": errors},
                              finding="" if accurate and breaks else
                                      f"the formula is {'accurate' if not breaks else 'broken'} at T_0/10 and "
                                      f"{'accurate' if accurate else 'broken'} at 100 T_0 for this T_0",
                              notes="""The error well above T_0 does not shrink with n at fixed T/T_0: it is set by how many
                                  signed sums fall within a window of width T, i.e. by counting fluctuations. (A first version
                                  of this rule asked for a decrease with n; that measured noise and was replaced.)""")


def _grid_ratio(ratio: float) -> float:
    """The measured T/T_0 equal to ``ratio`` (a variant's T_0 must put its temperatures on the measured grid)."""
    match = [r for r in HARD_RATIOS if math.isclose(r, ratio, rel_tol=1e-9)]
    if not match:
        raise ValueError(f"T/T_0 = {ratio:g} is not among the measured ratios {HARD_RATIOS}")
    return match[0]


@measurement
def _ground_energy_sample(ctx: CheckContext) -> tuple[np.ndarray, np.ndarray, int]:
    """Measurement: exact optimum discrepancies d_n and ΣX² of seeded instances, n = 24, κ = 1.5."""
    n, kappa = 24, 1.5
    trials = ctx.budget(quick=300, standard=2000)
    X = sample_instances(ctx.rng(), trials, n, round(2 ** (kappa * n)))
    return min_discrepancies(X).astype(np.float64), np.sum(X.astype(np.float64) ** 2, axis=1), n


@claim(
    "npp.mertens-ground-energy",
    uses=("npp.kappa-cases.t0-identity",),
    title="§3.2.2: above κ_c the optimum discrepancy is E_0 ≈ 2^-n sqrt(2πΣX²)",
    source=src("§3.2.2 (E_0 = T_0)"),
    kind=Kind.STATISTICAL,
    statement="In the hard phase the minimum discrepancy d_n of a random instance is about E_0 = 2^-n sqrt(2π ΣX²).",
    decision_rule="""n = 24, κ = 1.5, seeded instances, exact d_n by meet in the middle; ratio r = d_n/E_0 per instance.
        Verified if the 99% interval of mean(r) lies inside [0.8, 1.25], refuted if it lies outside [0.5, 2], else
        inconclusive. The distribution of r is compared with Exponential(1) (the minimum of 2^(n-1) near-Gaussian |sums|).""",
    recorded="verified",
    mutants=[mutant("2π for sqrt(2π)", e0=lambda n, s: 2.0**-n * 2 * math.pi * np.sqrt(s)),
             mutant("sqrt(2π) dropped", e0=lambda n, s: 2.0**-n * np.sqrt(s))],
)
def _ground_energy(ctx: CheckContext, *, e0: Callable = lambda n, s: 2.0**-n * np.sqrt(2 * math.pi * s)) -> Verdict:
    from scipy.stats import kstest

    d, sum_sq, n = _ground_energy_sample(ctx)
    r = d / e0(n, sum_sq)
    half = 2.576 * r.std(ddof=1) / math.sqrt(r.size)
    low, high = float(r.mean() - half), float(r.mean() + half)
    status = Status.VERIFIED if 0.8 <= low and high <= 1.25 else Status.REFUTED if high < 0.5 or low > 2 else Status.INCONCLUSIVE
    ks = kstest(r, "expon")
    return Verdict(status=status, claimed="d_n ≈ E_0", measured=f"mean d_n/E_0 = {r.mean():.3f}",
                   counterexample={"mean ratio": float(r.mean()), "ci": [low, high]} if status is Status.REFUTED else None,
                   intervals={"mean d_n/E_0": [low, high]},
                   finding=f"mean d_n/E_0 = {r.mean():.3f} (99% interval [{low:.3f}, {high:.3f}])" if status is Status.REFUTED else "",
                   would_decide="more instances (the interval straddles the rule's bands)" if status is Status.INCONCLUSIVE else "",
                   evidence={"trials": int(r.size), "ks_vs_exponential": {"statistic": float(ks.statistic), "pvalue": float(ks.pvalue)},
                             "quantiles_of_ratio": {q: float(np.quantile(r, q)) for q in (0.1, 0.5, 0.9)}})


# --------------------------------------------------------------------------- Theorem 2

def _loglog_slope(ns: list[int], errors: list[float]) -> float:
    """Least-squares slope of log(error) against log(n): -1 for an O(1/n) error."""
    return float(np.polyfit(np.log(ns), np.log(errors), 1)[0])


def _order_verdict(slopes: dict[str, float], window: tuple[float, float], rows: list[dict], extra_condition: bool = True) -> Verdict:
    """'relative error O(1/n)': verified if every fitted slope lies in ``window``."""
    ok = extra_condition and all(window[0] <= s <= window[1] for s in slopes.values())
    worst = max(slopes, key=lambda k: abs(slopes[k] + 1))
    return Verdict.from_check(ok, checked=rows, claimed="relative error O(1/n)", measured={k: round(v, 3) for k, v in slopes.items()},
                              counterexample=slopes, evidence={"table": mt.rounded(rows, 12)},
                              finding="" if ok else f"the relative error does not fall like 1/n: log-log slope {slopes[worst]:.2f} "
                                                    f"for {worst}, relative error {rows[-1]['relative_error']:.3g} at n = {rows[-1]['n']}")


FIRST_MOMENT_NS = (10, 20, 40, 80, 160, 320)


@functools.cache
def _first_moment_table() -> tuple[dict, ...]:
    """Measurement: exact E[I_{n,l}] by convolution for M in {5, 50}, l in {0, M sqrt(n)}, n = 10..320."""
    rows = []
    for M in (5, 50):
        for case in ("l=0", "l=M*sqrt(n)"):
            for n in FIRST_MOMENT_NS:
                ell = 0 if case == "l=0" else round(M * math.sqrt(n))
                rows.append({"M": M, "case": case, "n": n, "l": ell, "exact": float(first_moment(n, M, [ell])[0])})
    return tuple(rows)


@claim(
    "npp.thm2-first-moment",
    uses=("npp.identities.taylor", "npp.identities.gaussian-cosine"),
    title="Theorem 2: E[I_{n,l}] = γ_n (exp(-l²/(2nM²c_M)) + O(1/n))",
    source=src("§3.3.1 Theorem 2; §3.3.2 proof"),
    kind=Kind.EXACT,
    statement="The exact first moment differs from γ_n exp(-l²/(2nM²c_M)) by a relative error of order 1/n.",
    decision_rule="""Exact E[I_{n,l}] by convolution for M in {5, 50}, n = 10..320 (doubling), l in {0, M sqrt(n)}; fit the
        log-log slope of |relative error| against n; verified if every slope lies in [-1.2, -0.8] and the errors
        shrink monotonically, refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("c_M replaced by its limit 1/3",
                    leading=lambda n, M, l: math.exp(-l * l / (2 * n * M * M / 3)) / (M * math.sqrt(2 * math.pi * n / 3))),
             mutant("l²/(nM²c_M) in the exponent (the ½ dropped)",
                    leading=lambda n, M, l: gamma_n(n, M) * math.exp(-l * l / (n * M * M * c_m(M))))],
)
def _first_moment(ctx: CheckContext, *, leading: Callable = lambda n, M, l: float(thesis_first_moment(n, M, l))) -> Verdict:
    rows = [{**r, "relative_error": abs(r["exact"] / leading(r["n"], r["M"], r["l"]) - 1)} for r in _first_moment_table()]
    series = {(M, case): [r["relative_error"] for r in rows if r["M"] == M and r["case"] == case]
              for M in (5, 50) for case in ("l=0", "l=M*sqrt(n)")}
    slopes = {f"M={M}, {case}": _loglog_slope(list(FIRST_MOMENT_NS), errs) for (M, case), errs in series.items()}
    monotone = all(np.all(np.diff(errs) < 0) for errs in series.values())
    return _order_verdict(slopes, (-1.2, -0.8), rows, extra_condition=monotone)


SECOND_MOMENT_CASES = ("(0, 2)", "(M sqrt n, M sqrt n / 2)")


@functools.cache
def _second_moment_table() -> tuple[dict, ...]:
    """Measurement: exact E[I_{n,l} I_{n,l'}] by 2-D convolution, M = 6, n in {10, 20, 40, 80}, l' != ±l."""
    M, rows = 6, []
    for case in SECOND_MOMENT_CASES:
        for n in (10, 20, 40, 80):
            ell, ell2 = (0, 2) if case == "(0, 2)" else (2 * round(M * math.sqrt(n) / 2), 2 * round(M * math.sqrt(n) / 4))
            rows.append({"case": case, "n": n, "M": M, "l": ell, "l'": ell2, "exact": float(second_moment(n, M, [(ell, ell2)])[0])})
    return tuple(rows)


@claim(
    "npp.thm2-second-moment.leading",
    uses=("npp.identities.taylor", "npp.identities.gaussian-cosine"),
    title="Theorem 2 off the diagonal: E[I_{n,l} I_{n,l'}] = 2γ_n²(exp(-(l²+l'²)/(2nM²c_M)) + O(1/n)) for same-parity l, l'",
    source=src("§3.3.1 Theorem 2 (second moment)"),
    kind=Kind.EXACT,
    statement="""Theorem 2's second moment is 2γ_n²(exp(-(l²+l'²)/(2nM²c_M)) + O(1/n) + O(1/(nγ_n 2^n))) plus a term on the
        diagonal l' = ±l.  Away from the diagonal, where the last two terms do not enter, the exact second moment approaches
        the leading term with an error O(1/n) (relative to it, at the (l, l') checked, where the exponential is of order 1).""",
    decision_rule="""Exact 2-D convolution, M = 6, n in {10, 20, 40, 80}, (l, l') in {(0, 2), (M sqrt(n), M sqrt(n)/2)} rounded to a
        common parity; verified if the relative error falls with slope in [-1.3, -0.7], refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("γ_n² without the factor 2 (the proof's local saddle-point display)", leading_factor=1),
             mutant("4γ_n²", leading_factor=4)],
)
def _second_moment_leading(ctx: CheckContext, *, leading_factor: float = 2) -> Verdict:
    rows = []
    for r in _second_moment_table():
        n, M, ell, ell2 = r["n"], r["M"], r["l"], r["l'"]
        formula = thesis_second_moment(n, M, ell, ell2, leading_factor)  # l' != ±l: no diagonal term
        rows.append({**r, "formula": formula, "relative_error": abs(r["exact"] / formula - 1)})
    slopes = {case: _loglog_slope([r["n"] for r in rows if r["case"] == case], [r["relative_error"] for r in rows if r["case"] == case])
              for case in SECOND_MOMENT_CASES}
    return _order_verdict(slopes, (-1.3, -0.7), rows)


@functools.cache
def _parity_table() -> dict[tuple[int, int, int, int], float]:
    """Measurement: exact E[I_{n,l} I_{n,l'}] for M in {3, 4}, n in {5, 9}, all |l|, |l'| <= 7."""
    pairs = [(a, b) for a in range(-7, 8) for b in range(-7, 8)]
    return {(M, n, a, b): float(v) for M in (3, 4) for n in (5, 9) for (a, b), v in zip(pairs, second_moment(n, M, pairs))}


@claim(
    "npp.thm2-second-moment.parity",
    title="Theorem 2: E[I_{n,l} I_{n,l'}] = 0 when l and l' have different parity",
    source=src("§3.3.1 Theorem 2 (parity rule)"),
    kind=Kind.EXACT,
    statement="σ·X and σ'·X always have the same parity, so the mixed moment vanishes for l, l' of different parity.",
    decision_rule="Exact 2-D convolution for M in {3, 4}, n in {5, 9}, all |l|, |l'| <= 7 of the stated parity relation; verified if every value is below 1e-15.",
    recorded="verified",
    mutants=[mutant("it vanishes for l, l' of the same parity", vanishing_parity="same")],
)
def _second_moment_parity(ctx: CheckContext, *, vanishing_parity: str = "different") -> Verdict:
    odd_difference = {"different": 1, "same": 0}[vanishing_parity]
    values = {k: v for k, v in _parity_table().items() if (k[2] - k[3]) % 2 == odd_difference}
    worst = max(values, key=values.get)
    return Verdict.from_check(values[worst] < 1e-15, checked=values, claimed=f"0 for {vanishing_parity} parity", measured=f"max |value| {values[worst]:.1e}",
                              counterexample={"M, n, l, l'": worst, "value": values[worst]},
                              finding=f"E[I_l I_l'] = {values[worst]:.3g} at (M, n, l, l') = {worst}" if values[worst] >= 1e-15 else "")


@functools.cache
def _diagonal_table() -> tuple[dict, ...]:
    """Measurement: the exact contribution of σ' = ±σ to E[I_{n,l}²], 2^-n E[I_{n,l}] (l != 0), at l = round(M sqrt n), M = 20."""
    M = 20
    return tuple({"n": n, "M": M, "l": round(M * math.sqrt(n)), "exact_diagonal": float(first_moment(n, M, [round(M * math.sqrt(n))])[0]) / 2.0**n}
                 for n in (20, 40, 80, 160, 320))


def _delta_term_check(exponent_denominator: float) -> Verdict:
    """Decision: (γ_n/2^n) exp(-(l²+l'²)/(den·nM²c_M)) at l = l' must approach the exact diagonal term (ratio -> 1 within 5%)."""
    rows = []
    for r in _diagonal_table():
        n, M, ell = r["n"], r["M"], r["l"]
        stated = gamma_n(n, M) / 2.0**n * math.exp(-(2 * ell**2) / (exponent_denominator * n * M * M * c_m(M)))
        rows.append({**r, "stated": stated, "ratio": r["exact_diagonal"] / stated,
                     "exp(l²/(2nM²c_M))": math.exp(ell**2 / (2 * n * M * M * c_m(M)))})
    last = rows[-1]
    holds = abs(last["ratio"] - 1) <= 0.05
    gaussian_gap = max(abs(r["ratio"] / r["exp(l²/(2nM²c_M))"] - 1) for r in rows)
    return Verdict.from_check(
        holds, checked=rows, claimed=f"diagonal term with exp(-(l²+l'²)/({exponent_denominator:g} nM²c_M))",
        measured=f"exact/stated → {last['ratio']:.3f} at n = {last['n']}", counterexample=last,
        finding="" if holds else (f"the diagonal term is (γ_n/2^n) exp(-l²/(2nM²c_M)): exact/stated = {last['ratio']:.3f} "
                                  f"≈ exp(l²/(2nM²c_M)) = {last['exp(l²/(2nM²c_M))']:.3f} at l = {last['l']}, n = {last['n']}"),
        decision_detail="" if holds else (f"exact/stated equals exp(l²/(2nM²c_M)) to within {gaussian_gap:.1%} at every n: the "
                                          f"gap is a Gaussian factor in l/(M sqrt n), not an O(1/n) correction, so it grows "
                                          f"without bound with the target (the charitable 'up to constants' reading fails too)."),
        evidence={"table": rows})


@claim(
    "npp.thm2-second-moment.delta-term",
    title="Theorem 2: the diagonal term is (γ_n/2^n)(δ_{l+l',0} + δ_{l-l',0}) exp(-(l²+l'²)/(2nM²c_M))",
    source=src("§3.3.1 Theorem 2 (second line of the second moment)"),
    kind=Kind.EXACT,
    statement="""The contribution of the pairs σ' = ±σ to E[I_{n,l} I_{n,l'}] is (γ_n/2^n)(δ_{l+l',0} + δ_{l-l',0}) times
        exp(-(l²+l'²)/(2nM²c_M)).""",
    decision_rule="""That contribution is exactly 2^-n (δ_{l,l'} + δ_{l,-l'}) E[I_{n,l}] (only σ' = ±σ, for which σ'·X = ±σ·X).
        Compare it with the stated term at l = l' = round(M sqrt n), M = 20, n = 20..320; verified if their ratio tends
        to 1 (|ratio - 1| <= 0.05 at the largest n), refuted otherwise.""",
    recorded="refuted",
    severity="false",
    reading="""The diagonal term (γ_n/2^n)(δ_{l+l',0} + δ_{l-l',0}) exp(-(l²+l'²)/(2nM²c_M)) of Theorem 2, for all integers l, l'
        (the theorem's scope), up to a relative O(1/n).""",
    charitable_reading="""The term as the thesis uses it: Lemma 1's proof (3.14) copies it for general l, and Lemma 2 (§5.1.4)
        applies Lemma 1 with l = Λ - 2t of order M sqrt(n log n). At l of order M sqrt(n) the printed Gaussian factor is
        the square of the right one, so even the reading 'up to constants' fails (exact/stated = exp(l²/(2nM²c_M)),
        unbounded in l/(M sqrt n)). Only at l = O(1) (targets 0, 1 in Theorem 1) do the two agree. One symbol (4 for 2,
        or l² for l²+l'²) would fix it, but the later steps carry the printed form, so it is not graded a typo.""",
    mutants=[control("the corrected factor exp(-(l²+l'²)/(4nM²c_M)) = exp(-l²/(2nM²c_M))", exponent_denominator=4),
             mutant("no Gaussian factor", exponent_denominator=math.inf)],
)
def _second_moment_delta(ctx: CheckContext, *, exponent_denominator: float = 2) -> Verdict:
    verdict = _delta_term_check(exponent_denominator)
    verdict.notes = """The diagonal term is 2^-n E[I_{n,l}], whose Gaussian factor is exp(-l²/(2nM²c_M)), not exp(-2l²/(2nM²c_M));
        the two agree only at l = 0 (and to 1 + O(1/(nM²)) at l = 1). Lemma 1's (3.14) inherits the printed factor, so its
        1/ρ_n term should read exp(l²/(2nM²c_M))/ρ_n; as printed, Lemma 1 fails at l of order M sqrt(n)
        (npp.lemma1-bounds.large-target), where Lemma 2 uses it."""
    return verdict


# --------------------------------------------------------------------------- Lemma 1, Theorem 1

LEMMA1_ELLS = (0, 2, 20, 60)


@measurement
def _lemma1_sample(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: exact E[Z_{n,l}], E[Z_{n,l}²] (moment engines) and seeded counts of instances with Z_{n,l} > 0,
    n = 10, M = 100."""
    n, M = 10, 100
    trials = ctx.budget(quick=4000, standard=20000)
    sums = np.abs(half_sums(sample_instances(ctx.rng(), trials, n, M), -1, 1))
    first, second = first_moment(n, M, LEMMA1_ELLS), second_moment(n, M, [(ell, ell) for ell in LEMMA1_ELLS])
    rows = []
    for ell, e_i, e_i2 in zip(LEMMA1_ELLS, first, second):
        factor = 2.0**n * (1 if ell == 0 else 2)  # Z_{n,l} = 2^n I (l = 0), 2^(n+1) I (l > 0)
        rows.append({"l": ell, "E[Z]": factor * e_i, "E[Z^2]": factor**2 * e_i2, "trials": trials,
                     "hits": int(np.count_nonzero((sums == ell).any(axis=1)))})
    return tuple(rows)


@claim(
    "npp.lemma1-bounds.inequalities",
    title="Lemma 1: Markov and second-moment bounds bracket P(Z_{n,l} > 0)",
    source=src("§3.3.3 Lemma 1 and its proof"),
    kind=Kind.STATISTICAL,
    statement="E[Z]²/E[Z²] <= P(Z_{n,l} > 0) <= E[Z_{n,l}] for the number Z_{n,l} of σ with |σ·X| = l.",
    decision_rule="""n = 10, M = 100, l in {0, 2, 20, 60}: exact E[Z], E[Z²] from the moment engines; P(Z > 0) by exact solution
        counts over seeded instances. Verified if at every l the 99% Wilson interval overlaps [lower, upper], refuted if one
        lies wholly outside it.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("the two bounds swapped (Markov as the lower bound)", bounds=lambda ez, ez2: (ez, ez**2 / ez2))],
)
def _lemma1_inequalities(ctx: CheckContext, *, bounds: Callable = lambda ez, ez2: (ez**2 / ez2, ez)) -> Verdict:
    rows, statuses = [], []
    for r in _lemma1_sample(ctx):
        low, high = wilson_interval(r["hits"], r["trials"], 0.99)
        lower, upper = bounds(r["E[Z]"], r["E[Z^2]"])
        status = Status.REFUTED if high < lower or low > upper else Status.VERIFIED
        statuses.append(status)
        rows.append({"l": r["l"], "lower": lower, "p_hat": r["hits"] / r["trials"], "ci_low": low, "ci_high": high,
                     "upper": upper, "status": status.value})
    bad = [r for r in rows if r["status"] == Status.REFUTED.value]
    return Verdict.from_counterexamples(
        bad, checked=rows, claimed="lower <= P(Z>0) <= upper", measured={f"l={r['l']}": round(r["p_hat"], 4) for r in rows},
        intervals={f"l={r['l']}": [r["ci_low"], r["ci_high"]] for r in rows},
        finding=f"at l = {bad[0]['l']}, P(Z>0) = {bad[0]['p_hat']:.3f} lies outside [{bad[0]['lower']:.3f}, {bad[0]['upper']:.3f}]" if bad else "",
        notes="""Holds by construction: with exact moments these are Markov's and the Cauchy-Schwarz (second-moment)
            inequalities, theorems, so the check tests the moment and counting engines, not the thesis. The thesis's
            specific forms of the bounds are checked in npp.lemma1-bounds.lower-bound-sign(.corrected),
            npp.lemma1-bounds.zero-target and npp.lemma1-bounds.large-target. (The thesis's own factor Z = 2^n I or
            2^{n+1} I cannot be tested here: it cancels in E[Z]²/E[Z²] and Markov's bound has slack 2 from the pairs σ, -σ.)""",
        evidence={"table": rows, "trials": _lemma1_sample(ctx)[0]["trials"]})


@functools.cache
def _lemma1_symbols() -> tuple[sp.Symbol, ...]:
    return sp.symbols("a rho n C2 C3", positive=True)


def _lower_bound_check(exponent: Callable) -> Verdict:
    """Decision: does Cauchy-Schwarz with (3.13) and (3.14) give 1/(2(1 + exp(exponent(a))(C2/(nρ) + C3/n) + 1/ρ)),
    a = l²/(2nM²c_M), up to renaming the arbitrary constants C2 <-> C3?"""
    a, rho, n, C2, C3 = _lemma1_symbols()
    derived = (rho * sp.exp(-a)) ** 2 / (2 * rho**2 * (sp.exp(-2 * a) + C2 / n + C3 / (n * rho)) + 2 * rho * sp.exp(-2 * a))
    stated = 1 / (2 * (1 + sp.exp(exponent(a)) * (C2 / (n * rho) + C3 / n) + 1 / rho))
    renamed = stated.subs({C2: C3, C3: C2}, simultaneous=True)
    same = any(sp.simplify(derived - form) == 0 for form in (stated, renamed))
    point = {a: 1, rho: 2, n: 10, C2: 1, C3: 1}
    return Verdict.from_check(
        same, checked=1, claimed=stated, measured=sp.simplify(derived),
        counterexample={"derived": sp.simplify(derived),
                        "at a=1, rho=2, n=10, C2=C3=1": {"derived": float(derived.subs(point)), "stated": float(stated.subs(point))}},
        finding="" if same else "Cauchy-Schwarz with (3.13) and (3.14) gives 1/(2(1 + exp(+l²/(nM²c_M))(C2/n + C3/(nρ)) + 1/ρ))")


@claim(
    "npp.lemma1-bounds.lower-bound-sign",
    uses=("npp.thm2-first-moment", "npp.thm2-second-moment.leading", "npp.thm2-second-moment.delta-term", "npp.lemma1-bounds.inequalities"),
    title="Lemma 1: the lower bound carries exp(-l²/(nM²c_M))",
    source=src("§3.3.3 Lemma 1 (statement and last display of the proof)"),
    kind=Kind.SYMBOLIC,
    statement="""From E[Z] >= ρ e^{-a} and E[Z²] <= 2ρ²(e^{-2a} + C2/n + C3/(nρ)) + 2ρ e^{-2a} (a = l²/(2nM²c_M)),
        Cauchy-Schwarz gives P(Z > 0) >= 1 / (2(1 + exp(-l²/(nM²c_M))(C2/(nρ) + C3/n) + 1/ρ)).""",
    decision_rule="Simplify E[Z]²/E[Z²] with sympy and compare with the stated bound, up to renaming the arbitrary constants C2, C3; verified if identical.",
    recorded="refuted",
    severity="typo",
    correction="npp.lemma1-bounds.lower-bound-sign.corrected",
    reading="The lower bound of Lemma 1 with exp(-l²/(nM²c_M)), as printed in the statement and the proof's last display.",
    charitable_reading="""The same bound with exp(+l²/(nM²c_M)), which is what the proof's preceding display gives on dividing
        by ρ²e^{-2a}, and what Lemma 2 (§5.1.4) prints when it reuses Lemma 1. That reading holds
        (npp.lemma1-bounds.lower-bound-sign.corrected): the printed minus sign is a one-symbol slip. Which constant carries
        1/ρ is swapped too, but C2, C3 are arbitrary, so that is only a renaming.""",
    mutants=[control("the corrected sign exp(+l²/(nM²c_M))", exponent=lambda a: 2 * a),
             mutant("no exponential factor", exponent=lambda a: 0 * a)],
)
def _lemma1_sign(ctx: CheckContext, *, exponent: Callable = lambda a: -2 * a) -> Verdict:
    verdict = _lower_bound_check(exponent)
    verdict.notes = """Lemma 2 (§5.1.4) has the correct exp(+l²/(nM²c_M)). As printed, the bound does not decay with l, so for
        l much larger than M sqrt(n) it would exceed P(Z_{n,l} > 0), which tends to 0."""
    return verdict


@claim(
    "npp.lemma1-bounds.lower-bound-sign.corrected",
    uses=("npp.thm2-first-moment", "npp.thm2-second-moment.leading", "npp.thm2-second-moment.delta-term", "npp.lemma1-bounds.inequalities"),
    title="Lemma 1 corrected: the lower bound carries exp(+l²/(nM²c_M))",
    source=src("§3.3.3 proof of Lemma 1 (last two displays); §5.1.4 Lemma 2"),
    kind=Kind.SYMBOLIC,
    statement="""Cauchy-Schwarz with (3.13) and (3.14) gives P(Z > 0) >= 1 / (2(1 + exp(+l²/(nM²c_M))(C2/n + C3/(nρ)) + 1/ρ)),
        the form Lemma 2 (§5.1.4) uses.""",
    decision_rule="Simplify E[Z]²/E[Z²] with sympy and compare with the corrected bound, up to renaming C2, C3; verified if identical.",
    recorded="verified",
    mutants=[mutant("the printed sign exp(-l²/(nM²c_M))", exponent=lambda a: -2 * a),
             mutant("the first moment's exponent exp(+l²/(2nM²c_M))", exponent=lambda a: a)],
)
def _lemma1_sign_corrected(ctx: CheckContext, *, exponent: Callable = lambda a: 2 * a) -> Verdict:
    return _lower_bound_check(exponent)


PARITY_CASES = ((6, 8), (8, 5))


@functools.cache
def _parity_probabilities() -> tuple[dict, ...]:
    """Measurement: exact probabilities over all M^n instances for (n, M) in PARITY_CASES, with the
    conditional P(Z_{n,0} > 0 | E_n) and P(Z_{n,1} > 0 | O_n)."""
    rows = []
    for n, M in PARITY_CASES:
        p = exact_partition_probabilities(n, M)
        rows.append({"n": n, "M": M, **p, "P(Z_n0>0|E_n)": p["P(Z_n0>0)"] / p["P(E_n)"],
                     "P(Z_n1>0|O_n)": p["P(Z_n1>0)"] / (1 - p["P(E_n)"])})
    return tuple(rows)


def _parity_decomposition_check(weights: tuple[float, float], conditional: bool) -> Verdict:
    """Decision: P(Z_n > 0) = w0 P(Z_{n,0} > 0 [| E_n]) + w1 P(Z_{n,1} > 0 [| O_n]) within 2^-n at every (n, M)."""
    given = ("|E_n", "|O_n") if conditional else ("", "")
    rows = [{**r, "stated": weights[0] * r[f"P(Z_n0>0{given[0]})"] + weights[1] * r[f"P(Z_n1>0{given[1]})"]} for r in _parity_probabilities()]
    bad = [r for r in rows if abs(r["P(Z_n>0)"] - r["stated"]) > 2.0 ** -r["n"]]
    return Verdict.from_counterexamples(
        bad, checked=rows, claimed=f"P(Z_n>0) = {weights[0]:g} P(Z_n0>0{given[0]}) + {weights[1]:g} P(Z_n1>0{given[1]})",
        measured={f"n={r['n']},M={r['M']}": f"P = {r['P(Z_n>0)']:.4f}, stated side {r['stated']:.4f}" for r in rows},
        finding=(f"P(Z_n>0) = {bad[0]['P(Z_n>0)']:.4f} = P(Z_n0>0) + P(Z_n1>0) = {bad[0]['P(Z_n0>0)'] + bad[0]['P(Z_n1>0)']:.4f} "
                 f"at n = {bad[0]['n']}, M = {bad[0]['M']}, against {bad[0]['stated']:.4f}") if bad else "",
        evidence={"table": mt.rounded(rows, 12)})


@claim(
    "npp.thm1-transition.parity-decomposition",
    title="Theorem 1 proof: P(Z_n > 0) = ½P(Z_{n,0} > 0) + ½P(Z_{n,1} > 0) + O(2^-n)",
    source=src("§3.3.3 proof of Theorem 1"),
    kind=Kind.EXACT,
    statement="The probability of a perfect partition is the average of the probabilities for targets 0 and 1.",
    decision_rule="""Enumerate every instance for (n, M) in {(6, 8), (8, 5)} and compute the probabilities exactly;
        verified if P(Z_n > 0) equals ½P(Z_{n,0} > 0) + ½P(Z_{n,1} > 0) within 2^-n, refuted otherwise.""",
    recorded="refuted",
    severity="typo",
    correction="npp.thm1-transition.parity-decomposition.corrected",
    reading="""P(Z_n > 0) = ½P(Z_{n,0} > 0) + ½P(Z_{n,1} > 0) + O(2^-n) with P(Z_{n,l} > 0) unconditional, as defined
        (Definition 5) and bounded in Lemma 1.""",
    charitable_reading="""The proof's first display, P(Z_n > 0 | E_n) = P(Z_{n,0} > 0) P(E_n), mixes a conditional and a joint
        probability; read with the conditioning where it belongs, P(Z_n > 0, E_n) = P(Z_{n,0} > 0 | E_n) P(E_n), the
        decomposition is P(Z_n > 0) = ½P(Z_{n,0} > 0 | E_n) + ½P(Z_{n,1} > 0 | O_n) + O(2^-n), which holds
        (npp.thm1-transition.parity-decomposition.corrected) and equals P(Z_{n,0} > 0) + P(Z_{n,1} > 0) for the
        unconditional probabilities. Eq. 3.15 uses that form: it adds two Lemma 1 bounds of the form 1/(2(1 + ...))
        to get 1/(1 + ...). So the printed form misplaces a conditioning bar, the same bookkeeping as rssp.lemma2-factor.""",
    mutants=[control("the unconditional sum P(Z_n0>0) + P(Z_n1>0)", weights=(1.0, 1.0)),
             mutant("conditional probabilities without the ½ weights", weights=(1.0, 1.0), conditional=True)],
)
def _parity_decomposition(ctx: CheckContext, *, weights: tuple[float, float] = (0.5, 0.5), conditional: bool = False) -> Verdict:
    verdict = _parity_decomposition_check(weights, conditional)
    verdict.notes = """The events {Z_{n,0} > 0} and {Z_{n,1} > 0} are disjoint (they need ΣX even, resp. odd), so
        P(Z_n > 0) = P0 + P1 exactly; the halves belong to the probabilities conditional on the parity."""
    return verdict


@claim(
    "npp.thm1-transition.parity-decomposition.corrected",
    title="Theorem 1 proof corrected: P(Z_n > 0) = ½P(Z_{n,0} > 0 | E_n) + ½P(Z_{n,1} > 0 | O_n) + O(2^-n)",
    source=src("§3.3.3 proof of Theorem 1; eq. 3.15"),
    kind=Kind.EXACT,
    statement="""Given the parity of ΣX only one target can be hit, and P(E_n) = ½ up to an exponentially small error, so the
        probability of a perfect partition is the average of the parity-conditional probabilities for targets 0 and 1.""",
    decision_rule="""Enumerate every instance for (n, M) in {(6, 8), (8, 5)} (M = 5 odd, so P(E_n) is not exactly ½); verified if
        P(Z_n > 0) equals ½P(Z_{n,0} > 0 | E_n) + ½P(Z_{n,1} > 0 | O_n) within 2^-n, refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("the printed unconditional halves", conditional=False),
             mutant("conditional probabilities without the ½ weights", weights=(1.0, 1.0))],
)
def _parity_decomposition_corrected(ctx: CheckContext, *, weights: tuple[float, float] = (0.5, 0.5), conditional: bool = True) -> Verdict:
    return _parity_decomposition_check(weights, conditional)


def _leading_order_bound_verdict(rows: list[dict], where: Callable[[dict], str], hint: str) -> Verdict:
    """Decision for a lower bound on P(Z_{n,l} > 0) at leading order (n → ∞ with ρ_n and l²/(nM²) fixed, so the
    C2, C3 terms vanish). Each row holds the ``stated`` bound, the first-moment upper bound ``first_moment``
    (Z_{n,l} is even: σ and -σ solve together, so P(Z > 0) <= E[Z]/2) and the Cauchy-Schwarz lower bound
    ``cauchy_schwarz`` from Theorem 2's moments. Refuted if the stated bound exceeds the upper bound somewhere;
    verified if it never exceeds the Cauchy-Schwarz bound; else inconclusive."""
    above = [r for r in rows if r["stated"] > r["first_moment"] * (1 + 1e-12)]
    within = all(r["stated"] <= r["cauchy_schwarz"] * (1 + 1e-12) for r in rows)
    status = Status.REFUTED if above else Status.VERIFIED if within else Status.INCONCLUSIVE
    example = max(above, key=lambda r: r["stated"] - r["first_moment"]) if above else None
    return Verdict(status=status, claimed="P(Z > 0) >= the stated bound (leading order)",
                   measured=f"the stated bound exceeds the first-moment upper bound at {len(above)} of {len(rows)} grid points",
                   counterexample=example,
                   finding=(f"at {where(example)} the stated bound {example['stated']:.3g} exceeds the first-moment bound "
                            f"{example['first_moment']:.3g} on P(Z > 0); {hint}") if example else "",
                   would_decide="a sharper upper bound on P(Z > 0) than the first moment" if status is Status.INCONCLUSIVE else "",
                   evidence={"table": rows})


@functools.cache
def _zero_target_exact_first_moment() -> tuple[dict, ...]:
    """Evidence: exact E[Z_{n,0}]/2 = 2^(n-1) E[I_{n,0}] (an upper bound on P(Z_{n,0} > 0)) at M chosen so that ρ_n ≈ 1/2."""
    rows = []
    for n in (8, 12, 16):
        M = round(2.0 ** (n + 2) / math.sqrt(2 * math.pi * n / 3))
        rows.append({"n": n, "M": M, "rho": rho_n(n, M), "E[Z_n0]/2": 2.0 ** (n - 1) * float(first_moment(n, M, [0])[0])})
    return tuple(rows)


@claim(
    "npp.lemma1-bounds.zero-target",
    uses=("npp.thm2-first-moment", "npp.thm2-second-moment.leading", "npp.thm2-second-moment.delta-term", "npp.lemma1-bounds.inequalities"),
    title="Lemma 1 for l = 0: the same lower bound 1/(2(1 + ... + 1/ρ_n))",
    source=src("§3.3.3 Lemma 1 (lower bound) and the last line of its proof; eq. 3.15"),
    kind=Kind.SYMBOLIC,
    statement="""Lemma 1's lower bound covers l = 0 too (its proof ends by saying the l = 0 case only changes Z to 2^n I):
        as n → ∞ at fixed ρ_n (the C2, C3 terms vanish), P(Z_{n,0} > 0) >= 1/(2(1 + 1/ρ_n)).""",
    decision_rule="""Leading order on a grid of 61 ρ_n in [1e-3, 1e3], with Theorem 2's moments and Z_{n,0} = 2^n I_{n,0}:
        E[Z] = ρ/2, E[Z²] = ρ²/2 + ρ (at l = l' = 0 both δ's count). Refuted if the stated bound exceeds the first-moment
        bound E[Z]/2 = ρ/4 somewhere; verified if it never exceeds the Cauchy-Schwarz bound E[Z]²/E[Z²]; else inconclusive.""",
    recorded="refuted",
    severity="false",
    reading="""Lemma 1's lower bound, 1/(2(1 + 1/ρ_n)) once n is large, stated for every l, at l = 0, where the proof says
        the calculation is the same.""",
    charitable_reading="""The proof's closing remark read as: redo Cauchy-Schwarz with Z = 2^n I. That gives 1/(2(1 + 2/ρ_n)) at
        leading order (control), a different bound, and eq. 3.15 needs the printed form at l = 0 (it adds the l = 0 and
        l = 1 bounds as equal). The printed bound is not merely unproved: it exceeds the first-moment upper bound ρ_n/4
        for ρ_n < 1, for any C2, C3 once n is large. Theorem 1 survives: the correct bound also tends to ½ as ρ_n → ∞.""",
    mutants=[control("Cauchy-Schwarz with Z = 2^n I: 1/(2(1 + 2/ρ_n))", bound=lambda rho: 1 / (2 * (1 + 2 / rho))),
             mutant("the bound not halved: 1/(1 + 2/ρ_n)", bound=lambda rho: 1 / (1 + 2 / rho))],
)
def _zero_target(ctx: CheckContext, *, bound: Callable[[float], float] = lambda rho: 1 / (2 * (1 + 1 / rho))) -> Verdict:
    rows = [{"rho": rho, "stated": bound(rho), "first_moment": rho / 4, "cauchy_schwarz": (rho / 2) ** 2 / (rho**2 / 2 + rho)}
            for rho in np.geomspace(1e-3, 1e3, 61).tolist()]
    verdict = _leading_order_bound_verdict(rows, lambda r: f"ρ_n = {r['rho']:.3g}", "for l = 0 Cauchy-Schwarz gives 1/(2(1 + 2/ρ_n))")
    verdict.evidence = {**verdict.evidence, "exact_first_moment_bound_at_rho_about_half": list(_zero_target_exact_first_moment())}
    verdict.notes = """Exact first moments confirm the leading order at finite n: E[Z_{n,0}]/2 ≈ ρ_n/4 (evidence), while the
        printed bound without its C-terms is ρ_n/(2(1 + ρ_n)). The same slip is why eq. 3.15 has 1/ρ_n where the l = 0
        and l = 1 bounds would give ½/(1 + 2/ρ_n) + ½/(1 + 1/ρ_n) (npp.thm1-transition.thesis-law)."""
    return verdict


LARGE_TARGET_GRID = tuple((rho, a) for rho in (0.25, 1.0, 4.0) for a in (0.0, 0.25, 0.5, 1.0, 2.0, 4.0))


@claim(
    "npp.lemma1-bounds.large-target",
    uses=("npp.thm2-first-moment", "npp.thm2-second-moment.leading", "npp.thm2-second-moment.delta-term", "npp.lemma1-bounds.inequalities"),
    title="Lemma 1 at targets l of order M sqrt(n): the lower bound 1/(2(1 + e^{l²/(nM²c_M)}(...) + 1/ρ_n))",
    source=src("§3.3.3 Lemma 1 and (3.14); §5.1.4 Lemma 2 (its use at l = Λ - 2t)"),
    kind=Kind.SYMBOLIC,
    statement="""Lemma 1's lower bound (with the sign of its exponent corrected, npp.lemma1-bounds.lower-bound-sign.corrected)
        holds for every target l: as n → ∞ with ρ_n and a = l²/(2nM²c_M) fixed (the C2, C3 terms vanish),
        P(Z_{n,l} > 0) >= 1/(2(1 + 1/ρ_n)), whatever a.""",
    decision_rule="""Leading order on the grid ρ_n in {0.25, 1, 4}, a in {0, 0.25, 0.5, 1, 2, 4}, with Theorem 2's moments
        (l != 0, Z = 2^{n+1} I, correct diagonal term 2^-n E[I]): E[Z] = ρe^{-a}, E[Z²] = 2ρ²e^{-2a} + 2ρe^{-a}. Refuted if
        the stated bound exceeds the first-moment bound E[Z]/2 somewhere; verified if it never exceeds the Cauchy-Schwarz
        bound 1/(2(1 + e^a/ρ)); else inconclusive.""",
    recorded="refuted",
    severity="false",
    reading="""Lemma 1's lower bound, 1/(2(1 + 1/ρ_n)) once n is large at fixed l²/(nM²), for every integer target l, as
        stated, and as Lemma 2 (§5.1.4) uses it at l = Λ - 2t.""",
    charitable_reading="""Lemma 1 only for the targets l = O(1) of Theorem 1 (0 and 1), where a → 0 and the bound is the
        Cauchy-Schwarz bound. The document's own use contradicts that reading: Lemma 2 applies it at l = Λ - 2t, up to
        order M sqrt(n log n). At a fixed a > ln(1 + ρ_n) the bound exceeds the first-moment upper bound ρ_n e^{-a}/2.
        The cause is (3.14), which inherits Theorem 2's diagonal term with exp(-2a) for exp(-a)
        (npp.thm2-second-moment.delta-term); with the right term the 1/ρ_n becomes e^a/ρ_n (control).""",
    mutants=[control("with Theorem 2's correct diagonal term: 1/(2(1 + e^a/ρ_n))", bound=lambda rho, a: 1 / (2 * (1 + math.exp(a) / rho))),
             mutant("the bound not halved: 1/(1 + e^a/ρ_n)", bound=lambda rho, a: 1 / (1 + math.exp(a) / rho))],
)
def _large_target(ctx: CheckContext, *, bound: Callable[[float, float], float] = lambda rho, a: 1 / (2 * (1 + 1 / rho))) -> Verdict:
    rows = [{"rho": rho, "a": a, "stated": bound(rho, a), "first_moment": rho * math.exp(-a) / 2,
             "cauchy_schwarz": 1 / (2 * (1 + math.exp(a) / rho))} for rho, a in LARGE_TARGET_GRID]
    verdict = _leading_order_bound_verdict(rows, lambda r: f"ρ_n = {r['rho']:g}, l²/(2nM²c_M) = {r['a']:g}",
                                           "with the correct diagonal term Cauchy-Schwarz gives 1/(2(1 + e^a/ρ_n))")
    verdict.notes = """Theorem 1 is unaffected (it uses l = 0, 1). Lemma 2's use at large l = Λ - 2t lets ρ_n → ∞ faster
        than e^a grows, so its conclusion may survive; that is for the rssp.* checks to decide."""
    return verdict


def _transition_budget(ctx: CheckContext) -> dict[int, int]:
    """Trials per n. One instance costs about 0.4 ms at n = 28, 20 ms at n = 40, 80 ms at n = 44 and
    0.4 s at n = 48 here (signings.py), so the standard profile spends fewer trials at its largest sizes."""
    return ctx.budget(quick={12: 800, 20: 800, 28: 800},
                      standard={12: 3000, 20: 3000, 28: 1500, 36: 400, 40: 200, 44: 100, 48: 50})


_TRANSITION_CACHE: dict[tuple, tuple[dict, ...]] = {}


def _perfect_rows(ctx: CheckContext, stream: str, lambdas_for) -> list[dict]:
    """Measurement: P(perfect partition) at (n, λ) points from a shared stream, cached per process
    (several claims read the same rows, so the per-claim :func:`measurement` memo does not fit)."""
    key = (ctx.profile, stream)
    if key not in _TRANSITION_CACHE:
        rng = ctx.shared_rng(stream)
        rows = []
        for n, trials in _transition_budget(ctx).items():
            for lam, at_kc in lambdas_for(n):
                M = m_from_lambda(n, lam)
                hits = int(np.count_nonzero(perfect_partitions_exist(sample_instances(rng, trials, n, M))))
                rows.append({"n": n, "kappa": math.log2(M) / n, "lambda": lam, "M": M, "rho": rho_n(n, M), "trials": trials,
                             "hits": hits, "p_hat": hits / trials, "at_kappa_c": at_kc})
        _TRANSITION_CACHE[key] = tuple(rows)
    return [dict(r) for r in _TRANSITION_CACHE[key]]


def _lambda_c(n: int) -> float:
    """λ at which κ_n = κ_c(n)."""
    return n * (kappa_c(n) - 1) + math.log2(n) / 2


def _kappa_c_rows(ctx: CheckContext) -> list[dict]:
    """P(perfect) at κ = κ_c(n) for each n, from its own stream, as part of the transition rows (npp.mertens-kappa-c.crossing
    draws its own, larger sample: :func:`_crossing_rows`)."""
    return _perfect_rows(ctx, "npp.thm1-transition.kappa-c", lambda n: [(_lambda_c(n), True)])


def _transition_rows(ctx: CheckContext) -> list[dict]:
    """P(perfect) on the λ grid -3..3 for each n, plus the κ_c(n) rows."""
    grid_rows = _perfect_rows(ctx, "npp.thm1-transition", lambda n: [(float(lam), False) for lam in range(-3, 4)])
    return grid_rows + _kappa_c_rows(ctx)


LAW_TOLERANCE = 0.02  # finite-size corrections of the asymptotic laws, in probability


def _law_test(rows: list[dict], law: Callable[[float], float], min_n: int) -> tuple[Status, list[dict]]:
    """A point agrees with a law of ρ_n if the law lies in its simultaneous Wilson interval or within
    LAW_TOLERANCE of the estimate; the claim is refuted by any disagreeing point at n >= min_n."""
    tested = [r for r in rows if r["n"] >= min_n]
    confidence = 1 - 0.01 / len(tested)
    for r in rows:
        r["ci_low"], r["ci_high"] = wilson_interval(r["hits"], r["trials"], confidence)
        r["law"] = law(r["rho"])
    misses = [r for r in tested if not (r["ci_low"] <= r["law"] <= r["ci_high"] or abs(r["p_hat"] - r["law"]) <= LAW_TOLERANCE)]
    return (Status.REFUTED if misses else Status.VERIFIED), misses


def _law_verdict(rows: list[dict], law: Callable[[float], float], claimed: str, columns: tuple[str, ...],
                 evidence: dict | None = None, **fields) -> Verdict:
    """Decision shared by the finite-size claims: every tested point (n >= 20) must agree with ``law``;
    the evidence table shows ``columns`` of each row."""
    status, misses = _law_test(rows, law, 20)
    worst = max(misses, key=lambda r: abs(r["p_hat"] - r["law"])) if misses else None
    return Verdict(status=status, claimed=claimed,
                   measured=f"{len(misses)} of {sum(r['n'] >= 20 for r in rows)} tested points outside their interval",
                   counterexample=worst,
                   finding=(f"at n = {worst['n']}, λ = {worst['lambda']:.2f} (ρ_n = {worst['rho']:.2f}) P(perfect) = {worst['p_hat']:.3f} "
                            f"[{worst['ci_low']:.3f}, {worst['ci_high']:.3f}], the law gives {worst['law']:.3f}") if worst else "",
                   evidence={"table": [{k: r[k] for k in columns} for r in rows], **(evidence or {})}, **fields)


@claim(
    "npp.thm1-transition.finite-size",
    title="Theorem 1 at finite n: P(perfect) collapses in λ_n onto the law derived from the moments",
    source=src("§3.3.1 Theorem 1; eq. 3.1 (λ_n); §3.3.3"),
    kind=Kind.STATISTICAL,
    origin="suite",
    statement="""On our measurements, with κ_n = 1 - log2(n)/(2n) + λ_n/n, P(perfect partition) depends on n essentially only
        through λ_n and follows ½(1 - e^{-ρ_n/2}) + ½(1 - e^{-ρ_n}) with ρ_n = 2^{n+1}γ_n: Poisson counts of solution pairs
        given the parity of ΣX, our derivation from Theorem 2's moments. The thesis gives no finite-size law of its own
        beyond eq. 3.15 (npp.thm1-transition.thesis-law), so this is the suite's claim.""",
    decision_rule="""Grid: n in the profile's list (quick 12, 20, 28), λ in -3..3 and λ at κ_c(n), seeded instances, exact
        discrepancies (trials per n: quick 800; standard 3000 down to 200 at n = 40, 100 at n = 44 and 50 at n = 48). Simultaneous 99% Wilson intervals (Bonferroni over the tested points); a point agrees if the law lies
        in its interval or within 0.02 of the estimate (the law is asymptotic). Verified if every point at n >= 20 agrees,
        refuted if any disagrees. n = 12 is shown, not tested.""",
    recorded="verified",
    mutants=[mutant("the thesis's eq. 3.15, 1/(1 + 1/ρ_n)", law=thesis_law),
             mutant("one Poisson law for both parities, 1 - e^{-ρ_n}", law=lambda rho: 1 - math.exp(-rho))],
)
def _finite_size(ctx: CheckContext, *, law: Callable[[float], float] = poisson_law) -> Verdict:
    rows = _transition_rows(ctx)
    verdict = _law_verdict(rows, law, "P = ½(1-e^{-ρ/2}) + ½(1-e^{-ρ})",
                           notes="""Deep in the easy phase the law slightly underestimates the failure probability at finite n
                               (20000 trials at λ = -3: 0.71% at n = 12, 0.29% at n = 20, 0.25% at n = 28, against 0.20%), a
                               finite-size correction that shrinks with n.""",
                           columns=("n", "kappa", "lambda", "rho", "trials", "p_hat", "ci_low", "ci_high", "law"))
    if law is poisson_law:
        verdict.figures = [_transition_figure(ctx, rows, "kappa"), _transition_figure(ctx, rows, "lambda")]
    return verdict


def _pair_markov_bound(rho: float) -> float:
    """Leading-order first-moment bound P(Z_n > 0) <= E[#pairs with σ·X = 0] + E[#pairs with |σ·X| = 1] = ρ_n/4 + ρ_n/2
    (Z_{n,0} = 2^n I_{n,0}, Z_{n,1} = 2^{n+1} I_{n,1}, E[I] = γ_n(1 + O(1/n)) by Theorem 2; σ and -σ hit together)."""
    return 0.75 * rho


@claim(
    "npp.thm1-transition.thesis-law",
    uses=("npp.thm1-transition.parity-decomposition", "npp.lemma1-bounds.zero-target", "npp.lemma1-bounds.lower-bound-sign"),
    title="Eq. 3.15: P(perfect) = 1/(1 + 1/ρ_n) to leading order",
    source=src("§3.3.3 eq. 3.15"),
    kind=Kind.STATISTICAL,
    statement="The probability of a perfect partition is 1/(1 + O(1/(nρ_n)) + O(1/n) + 1/ρ_n), i.e. 1/(1 + 1/ρ_n) at leading order.",
    decision_rule="Same grid, intervals and rule as npp.thm1-transition.finite-size, with the stated law of ρ_n as the prediction.",
    recorded="refuted",
    severity="false",
    reading="Eq. 3.15, P(perfect) = 1/(1 + 1/ρ_n) at leading order, as the equality it is written as (its value at finite λ_n).",
    charitable_reading="""Eq. 3.15 as the lower bound the proof actually derives (Lemma 1 is a lower bound), used only to
        let ρ_n → ∞. It fails too: σ and -σ are solutions together, so the first-moment bound on solution pairs gives
        P(Z_n > 0) <= ρ_n/4 + ρ_n/2 = 3ρ_n/4 (1 + O(1/n)) by Theorem 2, which is below 1/(1 + 1/ρ_n) whenever ρ_n < 1/3
        (λ_n > 2.05); the rule's grid has such points (λ = 3), computed in the decision. The step to 3.15 applies
        Lemma 1's l ≠ 0 bound to l = 0 (npp.lemma1-bounds.zero-target). What the proof needs, P → 1 as ρ_n → ∞,
        still holds (npp.thm1-transition.limit).""",
    mutants=[control("the Poisson law of npp.thm1-transition.finite-size", law=poisson_law),
             mutant("one Poisson law for both parities, 1 - e^{-ρ_n}", law=lambda rho: 1 - math.exp(-rho))],
)
def _thesis_law(ctx: CheckContext, *, law: Callable[[float], float] = thesis_law) -> Verdict:
    rows = _transition_rows(ctx)
    above_markov = sorted({r["lambda"]: r["rho"] for r in rows if law(r["rho"]) > _pair_markov_bound(r["rho"])}.items())
    detail = ("Charitable reading (a lower bound): the stated law exceeds the first-moment bound 3ρ_n/4 on P(perfect) at "
              + ", ".join(f"λ = {lam:.2f} (ρ_n = {rho:.3f}: {law(rho):.3f} > {_pair_markov_bound(rho):.3f})" for lam, rho in above_markov)
              + ", so it fails as a lower bound too.") if above_markov else "The stated law stays below the first-moment bound 3ρ_n/4 on the grid."
    return _law_verdict(rows, law, "P = the stated law of ρ_n", decision_detail=detail,
                        notes="""1/(1+1/ρ) comes from a Cauchy-Schwarz lower bound applied as if targets 0 and 1 had the same
                            moments; measured P(perfect) lies above it for ρ_n large and the first-moment bound lies below it
                            for ρ_n < 1/3. The Poisson law fits (npp.thm1-transition.finite-size).""",
                        columns=("n", "lambda", "rho", "p_hat", "ci_low", "ci_high", "law"),
                        evidence={"first_moment_bound_below_law": [{"lambda": lam, "rho": rho} for lam, rho in above_markov]})


@measurement
def _limit_rows(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: P(perfect) with 99% Wilson intervals at κ in {0.8, 1.2}, n in {8, 16, 28}."""
    trials = ctx.budget(quick=600, standard=3000)
    rng = ctx.rng()
    rows = []
    for kappa in (0.8, 1.2):
        for n in (8, 16, 28):
            M = round(2 ** (kappa * n))
            hits = int(np.count_nonzero(min_discrepancies(sample_instances(rng, trials, n, M)) <= 1))
            low, high = wilson_interval(hits, trials, 0.99)
            rows.append({"kappa": kappa, "n": n, "M": M, "p_hat": hits / trials, "ci_low": low, "ci_high": high})
    return tuple(rows)


def _trend_status(rows: list[dict], limit: int) -> Status:
    """Verified if the interval at the largest n is significantly closer to ``limit`` than at the smallest n and
    within 0.1 of it; refuted if it is significantly farther; else inconclusive."""
    first, last = rows[0], rows[-1]
    if limit == 1:
        toward, away = last["ci_low"] > first["ci_high"] and last["ci_low"] > 0.9, last["ci_high"] < first["ci_low"]
    else:
        toward, away = last["ci_high"] < first["ci_low"] and last["ci_high"] < 0.1, last["ci_low"] > first["ci_high"]
    return Status.VERIFIED if toward else Status.REFUTED if away else Status.INCONCLUSIVE


@claim(
    "npp.thm1-transition.limit",
    uses=("npp.thm1-transition.thesis-law", "npp.lemma1-bounds.inequalities"),
    title="Theorem 1: P(perfect) → 1 for κ < 1 and → 0 for κ > 1",
    source=src("§3.3.1 Theorem 1"),
    kind=Kind.STATISTICAL,
    statement="At fixed κ below 1 the chance of a perfect partition grows towards 1 with n; above 1 it falls towards 0.",
    decision_rule="""κ in {0.8, 1.2}, n in {8, 16, 28}: for each κ, with L the stated limit, verified if the 99% Wilson interval at
        the largest n is significantly closer to L than the one at the smallest n and within 0.1 of L; refuted if a trend
        is significantly away from L; else inconclusive (more trials or larger n would decide).""",
    recorded="verified",
    mutants=[mutant("the transition reversed: → 0 below κ = 1, → 1 above", limit_below=0, limit_above=1),
             mutant("no transition at κ = 1: → 1 on both sides", limit_above=1)],
)
def _limit(ctx: CheckContext, *, limit_below: int = 1, limit_above: int = 0) -> Verdict:
    rows = list(_limit_rows(ctx))
    statuses = [_trend_status([r for r in rows if r["kappa"] == 0.8], limit_below),
                _trend_status([r for r in rows if r["kappa"] == 1.2], limit_above)]
    status = combine_point_statuses(statuses)
    return Verdict(status=status, claimed=f"→ {limit_below} below κ = 1, → {limit_above} above",
                   measured={f"κ={r['kappa']}, n={r['n']}": round(r["p_hat"], 3) for r in rows},
                   counterexample=rows if status is Status.REFUTED else None,
                   intervals={f"κ={r['kappa']}, n={r['n']}": [r["ci_low"], r["ci_high"]] for r in rows},
                   finding="P(perfect) rises towards 1 with n at κ = 0.8 and falls towards 0 at κ = 1.2" if status is Status.REFUTED else "",
                   would_decide="more trials or larger n (up to 40 with the exact engine)" if status is Status.INCONCLUSIVE else "",
                   notes="A limit cannot be verified at finite n; this checks the finite-n trend the theorem predicts.",
                   evidence={"table": rows})


def _transition_figure(ctx: CheckContext, rows: list[dict], axis: str):
    fig, ax = new_figure()
    for i, n in enumerate(sorted({r["n"] for r in rows})):
        pts = sorted((r for r in rows if r["n"] == n), key=lambda r: r[axis])
        xs = [r[axis] for r in pts]
        ax.errorbar(xs, [r["p_hat"] for r in pts], yerr=np.array([[r["p_hat"] - r["ci_low"], r["ci_high"] - r["p_hat"]] for r in pts]).T,
                    fmt="o", ms=4, color=f"C{i}", label=f"n={n} measured")
        ax.plot(xs, [poisson_law(r["rho"]) for r in pts], "-", color=f"C{i}", alpha=0.7)
        ax.plot(xs, [thesis_law(r["rho"]) for r in pts], ":", color=f"C{i}", alpha=0.7)
    ax.plot([], [], "k-", label="Poisson law (derived)")
    ax.plot([], [], "k:", label="1/(1+1/ρ) (eq. 3.15)")
    if axis == "kappa":
        ax.axvline(1.0, color="grey", lw=0.8)
        ax.set_xlabel("κ = log2(M)/n")
        caption = "P(perfect partition) against κ for several n: measured (99% Wilson) with both finite-size laws."
    else:
        ax.set_xlabel("λ_n (κ_n = 1 - log2(n)/(2n) + λ_n/n)")
        caption = "Data collapse: P(perfect partition) against λ_n for several n, with both laws."
    ax.set_ylabel("P(perfect partition)")
    ax.legend(fontsize=7)
    return ctx.save_figure(fig, caption, name=f"p-vs-{axis}")
