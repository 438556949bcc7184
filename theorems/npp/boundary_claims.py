"""Checks of npp.* claims added on the catalogue's second reading.

* ``npp.kappa-cases.*``: Mertens' case analysis of §3.2.2 (which side of κ_c(n) gets which conclusion, and the
  chain of inequalities that turns κ_c > κ into a condition on Δa), with the two displays it rests on;
* ``npp.thm1-boundary.*``: Theorem 1 where κ_n → 1 (κ = 1 exactly, λ_n bounded, λ_n → -∞) and Lemma 4 at
  targets t = O(M) other than the t = M that rssp.lemma4-rate samples.

Measurements are cached; each check's keyword-only parameters are what the thesis asserts.
"""
from __future__ import annotations

import functools
import math
import operator
import zlib
from collections.abc import Callable, Mapping

import mpmath
import numpy as np
import sympy as sp

from .. import mathtext as mt
from ..context import CheckContext
from ..measure import measurement
from ..registry import claim, control, mutant
from ..stats import combine_point_statuses, wilson_interval
from ..verdict import Kind, Source, Status, Verdict
from .claims import kappa_c, m_from_lambda, poisson_law, sample_instances
from .moments import rho_n
from .rssp_claims import signed_instances
from .signings import (
    count_signings,
    exact_partition_probabilities,
    min_discrepancies,
    subset_sum_witness,
)

DOC = "npp-quantized-slth-thesis.md"

src = Source.factory(DOC)


def leading_order_bracket(rho: float) -> tuple[float, float]:
    """Bounds on lim P(perfect partition) as n → ∞ at fixed ρ_n = ρ, from Theorem 2's moments at targets 0 and 1.

    The events {Z_{n,0} > 0} (ΣX even) and {Z_{n,1} > 0} (ΣX odd) are disjoint. Cauchy-Schwarz per target, with
    E[Z_{n,0}] = ρ/2, E[Z_{n,0}²] = ρ²/2 + ρ, E[Z_{n,1}] = ρ, E[Z_{n,1}²] = 2ρ² + 2ρ, gives ½/(1 + 2/ρ) + ½/(1 + 1/ρ);
    Markov on the pairs (σ, -σ), which solve together, gives ρ/4 + ρ/2.  ρ may be 0 or math.inf."""
    if rho == 0:
        return 0.0, 0.0
    lower = 0.5 / (1 + 2 / rho) + 0.5 / (1 + 1 / rho)
    return lower, min(1.0, 0.75 * rho)


# =========================================================================== npp.kappa-cases (§3.2.2)

_N, _S, _DA = sp.symbols("n S Delta_a", positive=True)  # n, ΣX², Δa
_V = sp.Symbol("v", real=True)  # v = 2n ln2 (κ - κ_c), i.e. ΣX² = (2Δa²/π) 4^n e^v

Line = Callable[[sp.Expr, sp.Expr, sp.Expr], tuple[sp.Expr, sp.Expr]]


def _chain_line_1(n, s, da):
    """κ_c(n) and κ written out: 1 - ln(πn/6)/(2n ln2) against ln(3ΣX²/(nΔa²))/(2n ln2)."""
    return 1 - sp.log(sp.pi * n / 6) / (2 * n * sp.log(2)), sp.log(3 * s / (n * da**2)) / (2 * n * sp.log(2))


def _chain_line_2(n, s, da):
    """Both sides times 2n ln2."""
    return 2 * n * sp.log(2) - sp.log(sp.pi * n / 6), sp.log(3 * s / (n * da**2))


def _chain_line_3(n, s, da):
    """ln(πn/6) moved across: 2n ln2 against ln(πΣX²/(2Δa²))."""
    return 2 * n * sp.log(2), sp.log(sp.pi * s / (2 * da**2))


def _chain_line_4(n, s, da):
    """The conclusion as printed: 2^-n against Δa sqrt(2/(πΣX²))."""
    return 2**-n, da * sp.sqrt(2 / (sp.pi * s))


@functools.cache
def _line_in_v(line: Line) -> sp.Expr:
    """Measurement: lhs - rhs of a chain line with ΣX² = (2Δa²/π) 4^n e^v substituted, simplified (a function of v, n)."""
    lhs, rhs = line(_N, _S, _DA)
    substituted = (lhs - rhs).subs(_S, 2 * _DA**2 / sp.pi * 4**_N * sp.exp(_V))
    return sp.simplify(sp.expand_log(sp.expand_power_base(substituted, force=True), force=True))


#: v = 2n ln2 (κ - κ_c) on both sides of 0 (from just off the boundary to far away) and n from 1 to 1000.
CHAIN_VS = tuple(sign * mag for mag in (1e-6, 1e-3, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 1, 1.5, 2, 3, 5, 10, 20) for sign in (-1, 1))
CHAIN_NS = (1, 2, 10, 100, 1000)
_RELATIONS = {">": operator.gt, "<": operator.lt}


#: Two integer instances (n, X, Δa = 1) for the finding: all ones (κ < κ_c) and all 2^12 (κ > κ_c), n = 10.
CHAIN_INSTANCES = ((10, 1), (10, 2**12))


def _instance_lines(relations: tuple[str, ...], lines: tuple[Line, ...]) -> list[dict]:
    """Each line's two sides and truth on the instances of CHAIN_INSTANCES (n equal items x, Δa = 1)."""
    out = []
    for n, x in CHAIN_INSTANCES:
        sum_sq = n * x * x
        sides = [tuple(float(side) for side in line(sp.Integer(n), sp.Integer(sum_sq), sp.Integer(1))) for line in lines]
        out.append({"n": n, "X": f"{n} items equal to {x}", "sum_X^2": sum_sq, "Delta_a": 1,
                    "kappa": math.log(3 * sum_sq / n) / (2 * n * math.log(2)), "kappa_c": kappa_c(n),
                    "lines": [{"lhs": lhs, "rhs": rhs, "holds": _RELATIONS[r](lhs, rhs)} for (lhs, rhs), r in zip(sides, relations)]})
    return out


def _chain_verdict(relations: tuple[str, ...], lines: tuple[Line, ...]) -> Verdict:
    """Decision: every step line k ⟹ line k+1 must hold at every grid point (v, n)."""
    funcs = [sp.lambdify((_V, _N), _line_in_v(line), modules="mpmath") for line in lines]
    reduced = [_line_in_v(line) for line in lines]
    with mpmath.workdps(30):
        truth = {(v, n): [_RELATIONS[r](f(mpmath.mpf(v), n), 0) for f, r in zip(funcs, relations)] for v in CHAIN_VS for n in CHAIN_NS}
    broken = []
    for k in range(len(lines) - 1):
        points = [(v, n) for (v, n), t in truth.items() if t[k] and not t[k + 1]]
        if points:
            broken.append({"step": f"line {k + 1} ⟹ line {k + 2}", "from_line": k + 1, "grid_points_violating": len(points),
                           "of": len(truth), "first_point_(v,n)": points[0], "line_k_reduced": reduced[k], "line_k+1_reduced": reduced[k + 1]})
    instances = _instance_lines(relations, lines)
    if broken:
        k = broken[0]["from_line"] - 1
        broken[0]["instance"] = next((i for i in instances if i["lines"][k]["holds"] and not i["lines"][k + 1]["holds"]), None)
    table = [{"line": k + 1, "relation": r, "lhs - rhs with ΣX² = (2Δa²/π)4^n e^v": g} for k, (r, g) in enumerate(zip(relations, reduced))]
    return Verdict.from_counterexamples(
        broken, checked=truth, claimed=" ⟹ ".join(f"line {k + 1} ({r})" for k, r in enumerate(relations)),
        measured=f"{len(broken)} of {len(lines) - 1} steps fail on the grid" if broken else "every step holds on the grid",
        finding=_chain_finding(broken[0]) if broken else "",
        evidence={"lines": table, "instances": instances, "grid": {"v": list(CHAIN_VS), "n": list(CHAIN_NS)}})


def _chain_finding(step: dict) -> str:
    """One line for the first failing step, with an integer instance where it fails when one of CHAIN_INSTANCES does."""
    text = f"{step['step']} fails at {step['grid_points_violating']} of {step['of']} grid points"
    witness, k = step["instance"], step["from_line"]
    if witness:
        line, order = witness["lines"][k], "<" if witness["kappa"] < witness["kappa_c"] else ">"
        text += (f"; e.g. {witness['X']}, Δa = 1: κ = {witness['kappa']:.3f} {order} κ_c = {witness['kappa_c']:.3f}, "
                 f"line {k} holds but line {k + 1} compares {line['lhs']:.4g} with {line['rhs']:.4g}")
    return text


PRINTED_CHAIN = (_chain_line_1, _chain_line_2, _chain_line_3, _chain_line_4)


def _last_line_six_over_pi(n, s, da):
    """Line 4 with sqrt(6/(πΣX²)) (ΣX² read as nM²/3 once too often)."""
    return 2**-n, da * sp.sqrt(6 / (sp.pi * s))


@claim(
    "npp.kappa-cases.chain",
    title="§3.2.2: κ_c > κ ⟹ ... ⟹ 2^-n > Δa sqrt(2/(πΣX²))",
    source=src("§3.2.2, second paragraph (the four-line chain after 'κ_c > κ implies')"),
    kind=Kind.SYMBOLIC,
    statement="""Starting from κ_c(n) > κ written out with the definitions of §3.2.1, multiplying by 2n ln2 and moving
        ln(πn/6) across gives 2n ln2 > ln(πΣX²/(2Δa²)), and hence 2^-n > Δa sqrt(2/(πΣX²)).""",
    decision_rule="""Substitute ΣX² = (2Δa²/π)·4^n·e^v, so that v = 2n ln2 (κ - κ_c); sympy reduces lhs - rhs of every line to a
        function of (v, n) alone. Evaluate each line with its printed relation at v = ±(1e-6 ... 20) (30 values) and n in
        {1, 2, 10, 100, 1000} (30-digit mpmath). A step 'line k ⟹ line k+1' fails if some grid point satisfies line k and
        violates line k+1. Verified if no step fails, refuted by the first failing step with its point.""",
    recorded="refuted",
    severity="typo",
    correction="npp.kappa-cases.chain.corrected",
    reading="""The four displayed lines as a chain of implications from the paragraph's hypothesis κ_c > κ, each line with the
        relation printed (>, >, >, >).""",
    charitable_reading="""The chain for the regime the paragraph actually treats, κ > κ_c: its conclusion (read as Δa small,
        'Δa = O(2^-N)'), the T_0 derived next and the closing sentence 'for κ > κ_c, E_0 = T_0' all belong to κ > κ_c, and the
        printed last line is exactly the condition κ > κ_c. Read that way lines 1-3 carry < and the chain holds
        (npp.kappa-cases.chain.corrected); the printed > on lines 1-3 follow the paragraph's swapped label
        (npp.kappa-cases.labels), so the slip is one direction symbol carried through, not a wrong conclusion.""",
    mutants=[control("the chain for κ > κ_c: <, <, <, > (the correction)", relations=("<", "<", "<", ">")),
             control("the chain for κ_c > κ with its conclusion reversed: 2^-n < Δa sqrt(2/(πΣX²))", relations=(">", ">", ">", "<")),
             mutant("line 2 reversed within the κ > κ_c chain", relations=("<", ">", "<", ">"))],
)
def _chain(ctx: CheckContext, *, relations: tuple[str, ...] = (">", ">", ">", ">")) -> Verdict:
    verdict = _chain_verdict(relations, PRINTED_CHAIN)
    verdict.notes = """Lines 1-3 reduce to -v/(2n ln2), -v and -v: each says v < 0, i.e. κ_c > κ. The last line reduces to
        2^-n (1 - e^{-v/2}) > 0, i.e. v > 0, κ > κ_c. So the printed last line does not follow from κ_c > κ (it contradicts it),
        but it is the hard-phase condition that the rest of §3.2.2 uses."""
    return verdict


@claim(
    "npp.kappa-cases.chain.corrected",
    title="§3.2.2 corrected: κ > κ_c ⟹ ... ⟹ 2^-n > Δa sqrt(2/(πΣX²))",
    source=src("§3.2.2, second paragraph (chain), read for κ > κ_c"),
    kind=Kind.SYMBOLIC,
    statement="""κ(n) > κ_c written out, times 2n ln2, with ln(πn/6) moved across (relations <, <, <) gives
        2^-n > Δa sqrt(2/(πΣX²)): the hard phase is where the grain Δa is small against 2^-n sqrt(πΣX²/2).""",
    decision_rule="Same grid, reduction and rule as npp.kappa-cases.chain, with the relations <, <, <, >.",
    recorded="verified",
    mutants=[mutant("the printed relations >, >, >, >", relations=(">", ">", ">", ">")),
             mutant("sqrt(6/(πΣX²)) in the conclusion", last_line=_last_line_six_over_pi)],
)
def _chain_corrected(ctx: CheckContext, *, relations: tuple[str, ...] = ("<", "<", "<", ">"), last_line: Line = _chain_line_4) -> Verdict:
    return _chain_verdict(relations, PRINTED_CHAIN[:3] + (last_line,))


# --------------------------------------------------------------------------- case labels

#: §3.2.2's three regime statements, in order: what each concludes at zero temperature.
PARAGRAPHS = ("extensive entropy: exponentially many perfect partitions",
              "extensive part negative, T_0 > 0: no perfect partition",
              "finite ground energy E_0 = T_0: no perfect partition")
#: What each paragraph's conclusion predicts for P(perfect partition): high (they exist) or low (they do not).
PREDICTS = ("high", "low", "low")
LABEL_OFFSET = 6  # κ = κ_c(n) ± 6/n, where the count of perfect partitions 2^{n(κ_c-κ)} is 2^{±6}

_LABEL_CACHE: dict[str, dict[str, dict]] = {}


def _label_rows(ctx: CheckContext) -> dict[str, dict]:
    """Measurement: P(perfect partition) and the mean number of perfect partitions (exact counts) on each side of
    κ_c(n), κ = κ_c(n) ∓ 6/n, from a stream shared by the printed and corrected label claims (cached per process)."""
    if ctx.profile not in _LABEL_CACHE:
        n, trials = ctx.budget(quick=24, standard=32), ctx.budget(quick=400, standard=2000)
        rng, rows = ctx.shared_rng("npp.kappa-cases.labels"), {}
        for side, sign in (("below", -1), ("above", 1)):
            kappa = kappa_c(n) + sign * LABEL_OFFSET / n
            M = round(2 ** (kappa * n))
            X = sample_instances(rng, trials, n, M)
            hits = int(np.count_nonzero(min_discrepancies(X) <= 1))
            counts = [count_signings(x, 0) + 2 * count_signings(x, 1) for x in X]  # σ·x = -1 mirrors σ·x = 1
            rows[side] = {"side": side, "n": n, "kappa": math.log2(M) / n, "kappa_c": kappa_c(n), "M": M, "trials": trials, "hits": hits,
                          "p_hat": hits / trials, "mean_perfect_partitions": float(np.mean(counts)),
                          "2^(n(kappa_c-kappa))": 2.0 ** (n * (kappa_c(n) - math.log2(M) / n)),
                          "extensive_entropy_corrected_sign": n * math.log(2) * (kappa_c(n) - math.log2(M) / n), "rho_n": rho_n(n, M)}
        _LABEL_CACHE[ctx.profile] = rows
    return {k: dict(v) for k, v in _LABEL_CACHE[ctx.profile].items()}


def _paragraph_status(row: dict, predicts: str) -> Status:
    """'high': verified if the interval lies above 0.9, refuted if below 0.5; 'low': verified if below 0.1, refuted if above 0.5."""
    if predicts == "high":
        return Status.VERIFIED if row["ci_low"] >= 0.9 else Status.REFUTED if row["ci_high"] < 0.5 else Status.INCONCLUSIVE
    return Status.VERIFIED if row["ci_high"] <= 0.1 else Status.REFUTED if row["ci_low"] > 0.5 else Status.INCONCLUSIVE


def _labels_verdict(ctx: CheckContext, sides: tuple[str, str, str]) -> Verdict:
    rows = _label_rows(ctx)
    for r in rows.values():
        r["ci_low"], r["ci_high"] = wilson_interval(r["hits"], r["trials"], 1 - 0.01 / len(rows))
    checks = [{"paragraph": p, "label": "κ < κ_c" if side == "below" else "κ > κ_c", "predicts P(perfect)": pred,
               "measured": rows[side]["p_hat"], "interval": [rows[side]["ci_low"], rows[side]["ci_high"]],
               "extensive_entropy": rows[side]["extensive_entropy_corrected_sign"], "status": _paragraph_status(rows[side], pred).value}
              for p, side, pred in zip(PARAGRAPHS, sides, PREDICTS)]
    status = combine_point_statuses([Status(c["status"]) for c in checks])
    bad = next((c for c in checks if c["status"] == Status.REFUTED.value), None)
    return Verdict(status=status, claimed="; ".join(f"{c['label']}: {c['paragraph']}" for c in checks),
                   measured={f"P(perfect) at {r['side']} κ_c (κ = {r['kappa']:.3f})": round(r["p_hat"], 4) for r in rows.values()},
                   counterexample=bad, intervals={f"{r['side']} κ_c": [r["ci_low"], r["ci_high"]] for r in rows.values()},
                   finding=(f"the paragraph '{bad['paragraph']}' is assigned to {bad['label']}, where P(perfect) = {bad['measured']:.3f} "
                            f"(99% interval [{bad['interval'][0]:.3f}, {bad['interval'][1]:.3f}]) and the extensive entropy "
                            f"n ln2 (κ_c - κ) is {bad['extensive_entropy']:+.1f}; its conclusion holds on the other side of κ_c") if bad else "",
                   would_decide="more trials (an interval straddles the rule's band)" if status is Status.INCONCLUSIVE else "",
                   notes=f"""n = {rows['below']['n']}, κ = κ_c(n) ∓ {LABEL_OFFSET}/n. Mertens' count of zero-energy states at T = 0 is
                       2^(n(κ_c-κ)), which equals ρ_n of Lemma 1 exactly; the measured mean number of perfect partitions is about
                       1.5 ρ_n (targets 0 and ±1), table.""",
                   evidence={"paragraphs": checks, "sides": list(rows.values())})


@claim(
    "npp.kappa-cases.labels",
    uses=("npp.mertens-kappa-c.entropy-sign",),
    title="§3.2.2: κ < κ_c easy (extensive entropy); 'κ_c > κ' negative extensive entropy and T_0; κ > κ_c finite E_0",
    source=src("§3.2.2, its three paragraphs (labels κ < κ_c, κ_c > κ, κ > κ_c)"),
    kind=Kind.STATISTICAL,
    statement="""The phase-transition argument assigns: for κ < κ_c the zero-temperature entropy is extensive and exponentially
        many perfect partitions exist; for κ_c > κ the extensive part of the entropy is negative, so the ground state sits at
        an effective temperature T_0 > 0 (no perfect partition); for κ > κ_c the ground energy E_0 = T_0 is finite and
        perfect partitions disappear.""",
    decision_rule="""n = 24 (standard 32), κ = κ_c(n) - 6/n and κ_c(n) + 6/n, seeded instances (quick 400, standard 2000 per side),
        exact discrepancies. A paragraph predicting perfect partitions is verified on its side if the 99% Wilson interval
        (Bonferroni over the two sides) of P(perfect) lies above 0.9 and refuted if it lies below 0.5; one predicting none is
        verified if the interval lies below 0.1 and refuted if above 0.5. Refuted if any paragraph is, verified if all are.""",
    recorded="refuted",
    severity="typo",
    correction="npp.kappa-cases.labels.corrected",
    reading="The three labels as printed: κ < κ_c, κ_c > κ (the same regime), κ > κ_c.",
    charitable_reading="""The second paragraph read as treating κ > κ_c: its own chain ends in the condition κ > κ_c
        (npp.kappa-cases.chain.corrected), the T_0 it derives is used under the next label 'κ > κ_c', and with the corrected
        entropy sign (npp.mertens-kappa-c.entropy-sign.corrected) the extensive part n ln2 (κ_c - κ) is negative exactly for
        κ > κ_c. With that label every conclusion holds (npp.kappa-cases.labels.corrected); as printed, 'κ_c > κ' is the
        easy phase of the first paragraph, so the printed label is one inequality reversed.""",
    mutants=[control("the second paragraph labelled κ > κ_c (the correction)", sides=("below", "above", "above")),
             mutant("every label reversed", sides=("above", "above", "below"))],
)
def _labels(ctx: CheckContext, *, sides: tuple[str, str, str] = ("below", "below", "above")) -> Verdict:
    return _labels_verdict(ctx, sides)


@claim(
    "npp.kappa-cases.labels.corrected",
    uses=("npp.mertens-kappa-c.entropy-sign.corrected",),
    title="§3.2.2 corrected: κ < κ_c easy; κ > κ_c negative extensive entropy, T_0 > 0, finite E_0",
    source=src("§3.2.2, three paragraphs, the second labelled κ > κ_c"),
    kind=Kind.STATISTICAL,
    statement="""Below κ_c(n) perfect partitions are plentiful (extensive zero-temperature entropy); above it the extensive part
        n ln2 (κ_c - κ) is negative, the ground energy is of order T_0 > 0 and perfect partitions are rare.""",
    decision_rule="Same measurement and rule as npp.kappa-cases.labels, with the sides below, above, above.",
    recorded="verified",
    mutants=[mutant("the printed labels (second paragraph at κ_c > κ)", sides=("below", "below", "above")),
             mutant("easy and hard sides swapped", sides=("above", "below", "below"))],
)
def _labels_corrected(ctx: CheckContext, *, sides: tuple[str, str, str] = ("below", "above", "above")) -> Verdict:
    return _labels_verdict(ctx, sides)


# --------------------------------------------------------------------------- the displays the case analysis uses

@functools.cache
def _entropy_remainder(leading: Callable, constant: sp.Expr, order: int) -> sp.Expr:
    """Measurement: the series at x = 0, truncated before x^order, of S̃(x) - leading(x) - constant, where
    S̃(x) = x(coth²x - 1)/coth x + ln coth x is the temperature-dependent entropy of §3.2.1 (x = βΔa)."""
    x = sp.Symbol("x", positive=True)
    s_tilde = x * (sp.coth(x) ** 2 - 1) / sp.coth(x) + sp.log(sp.coth(x))
    return sp.series(s_tilde - leading(x) - constant, x, 0, order).removeO()


@claim(
    "npp.kappa-cases.entropy-expansion",
    title="§3.2.2: S̃(βΔa) = ln(1/(βΔa)) + 1 + O((βΔa)²)",
    source=src("§3.2.2 (expansion of the temperature-dependent entropy)"),
    kind=Kind.SYMBOLIC,
    statement="""At high temperature the temperature-dependent part of the entropy, S̃(x) = x(coth²x - 1)/coth x + ln coth x with
        x = βΔa, is ln(1/x) + 1 up to terms of order x².""",
    decision_rule="Series-expand S̃(x) - ln(1/x) - 1 at x = 0 with sympy up to (not including) x^2; verified if that truncation is 0.",
    recorded="verified",
    mutants=[mutant("the +1 dropped (as the T_0 step does)", constant=0),
             mutant("an error of order x⁴", order=4),
             mutant("ln(2/x) for ln(1/x)", leading=lambda x: sp.log(2 / x))],
)
def _entropy_expansion(ctx: CheckContext, *, leading: Callable = lambda x: sp.log(1 / x), constant: int = 1, order: int = 2) -> Verdict:
    remainder = _entropy_remainder(leading, sp.sympify(constant), order)
    stated = mt.math(leading(sp.Symbol('x')) + sp.UnevaluatedExpr(sp.sympify(constant)))
    return Verdict.from_check(remainder == 0, checked=1, claimed=f"S̃(x) = {stated} + O(x^{order})",
                              measured=f"S̃(x) - stated = {mt.math(remainder)} + O(x^{order})",
                              counterexample={"terms below x^order": remainder},
                              finding=f"S̃(x) - {stated} has the terms {mt.math(remainder)} below x^{order}; "
                                      f"S̃(x) = ln(1/x) + 1 - x²/3 + O(x⁴)" if remainder != 0 else "",
                              notes="""S̃(x) = ln(1/x) + 1 - x²/3 + O(x⁴). The T_0 step that follows drops the +1 ('≈'), which
                                  rescales T_0 by a factor e; npp.mertens-ground-energy measures E_0 = T_0 as printed.""")


@functools.cache
def _t0_difference(sign: int, closed_form: Callable) -> sp.Expr:
    """Measurement: ln(2Δa 2^{sign·n(κ-κ_c)}) - ln(closed_form), with κ and κ_c as defined in §3.2.1, simplified."""
    kappa = sp.log(3 * _S / (_N * _DA**2)) / (2 * _N * sp.log(2))
    kappa_crit = 1 - sp.log(sp.pi * _N / 6) / (2 * _N * sp.log(2))
    lhs = sp.log(2 * _DA) + sign * _N * (kappa - kappa_crit) * sp.log(2)
    return sp.simplify(sp.expand_log(lhs - sp.log(closed_form(_N, _S)), force=True))


@claim(
    "npp.kappa-cases.t0-identity",
    uses=("npp.mertens-kappa-c.entropy-sign", "npp.kappa-cases.entropy-expansion"),
    title="§3.2.2: T_0 = 2Δa 2^{n(κ-κ_c)} = 2^-n sqrt(2πΣX²)",
    source=src("§3.2.2 (the two forms of the effective zero temperature T_0)"),
    kind=Kind.SYMBOLIC,
    statement="With κ and κ_c as defined in §3.2.1, 2Δa·2^{n(κ-κ_c)} equals 2^-n sqrt(2πΣX²), whatever Δa.",
    decision_rule="Simplify the difference of the logarithms of both sides with sympy (κ, κ_c substituted); verified if it is 0.",
    recorded="verified",
    mutants=[mutant("2^{n(κ_c-κ)} (what the printed entropy sign would give)", sign=-1),
             mutant("2^-n sqrt(πΣX²/2)", closed_form=lambda n, s: 2**-n * sp.sqrt(sp.pi * s / 2))],
)
def _t0_identity(ctx: CheckContext, *, sign: int = 1, closed_form: Callable = lambda n, s: 2**-n * sp.sqrt(2 * sp.pi * s)) -> Verdict:
    difference = _t0_difference(sign, closed_form)
    return Verdict.from_check(difference == 0, checked=1,
                              claimed=f"2Δa 2^({sign}·n(κ-κ_c)) = {mt.math(closed_form(*sp.symbols('n S')))} (S = ΣX²)",
                              measured=f"log difference {mt.math(difference)}", counterexample={"ln(lhs) - ln(rhs)": difference},
                              finding=f"ln(2Δa 2^({sign}·n(κ-κ_c))) - ln(stated form) = {mt.math(difference)}, not 0"
                              if difference != 0 else "",
                              notes="""The step before it, ln 2 ≈ n ln2(κ - κ_c) + ln(1/(β_0Δa)), gives 2Δa 2^{n(κ_c-κ)} with the
                                  printed entropy sign; only the corrected sign yields the T_0 printed here
                                  (npp.mertens-kappa-c.entropy-sign).""")


# =========================================================================== npp.thm1-boundary (Theorem 1, Lemma 4)

#: Sequences with κ_n → 1: M(n), λ_n, and the limit of ρ_n (c_M → 1/3, so ρ_n → 2^{-λ} sqrt(6/π) at fixed λ).
SEQUENCES: dict[str, tuple[Callable[[int], int], Callable[[int], float], float]] = {
    "κ_n = 1 (M = 2^n, λ_n = log2(n)/2 → ∞)": (lambda n: 2**n, lambda n: math.log2(n) / 2, 0.0),
    "λ_n = 1 (M = 2^(n+1)/sqrt(n))": (lambda n: m_from_lambda(n, 1.0), lambda n: 1.0, math.sqrt(6 / math.pi) / 2),
    "λ_n = -log2(n)/2 (M = 2^n/n, → -∞)": (lambda n: m_from_lambda(n, -math.log2(n) / 2), lambda n: -math.log2(n) / 2, math.inf),
}
BETWEEN = "(0,1)"  # an asserted limit strictly between 0 and 1
_SEQUENCE_CACHE: dict[str, dict[str, list[dict]]] = {}


def _sequence_budget(ctx: CheckContext) -> dict[int, int]:
    """Trials per n (about 0.4 ms per instance at n = 28, 20 ms at n = 40)."""
    return ctx.budget(quick={12: 600, 20: 600, 28: 600}, standard={12: 3000, 20: 3000, 28: 3000, 36: 1000, 40: 500})


def _sequence_rows(ctx: CheckContext) -> dict[str, list[dict]]:
    """Measurement: P(perfect partition) along each sequence, exact discrepancies of seeded instances, from a stream
    shared by the printed and corrected claims (cached per process)."""
    if ctx.profile not in _SEQUENCE_CACHE:
        rng, out = ctx.shared_rng("npp.thm1-boundary.sequences"), {}
        for name, (m_of_n, lam_of_n, _) in SEQUENCES.items():
            rows = []
            for n, trials in _sequence_budget(ctx).items():
                M = m_of_n(n)
                hits = int(np.count_nonzero(min_discrepancies(sample_instances(rng, trials, n, M)) <= 1))
                rows.append({"n": n, "M": M, "kappa_n": math.log2(M) / n, "lambda_n": lam_of_n(n), "rho_n": rho_n(n, M),
                             "trials": trials, "hits": hits, "p_hat": hits / trials, "poisson_law": poisson_law(rho_n(n, M))})
            out[name] = rows
        _SEQUENCE_CACHE[ctx.profile] = out
    return {k: [dict(r) for r in v] for k, v in _SEQUENCE_CACHE[ctx.profile].items()}


@functools.cache
def _exact_at_kappa_one(largest: int) -> tuple[dict, ...]:
    """Evidence: exact P(perfect partition) over all instances at M = 2^n (κ_n = 1 exactly), n = 1..largest."""
    return tuple({"n": n, "M": 2**n, "P(perfect)": exact_partition_probabilities(n, 2**n)["P(Z_n>0)"], "poisson_law": poisson_law(rho_n(n, 2**n))}
                 for n in range(1, largest + 1))


def _sequence_status(rows: list[dict], bracket: tuple[float, float], asserted: int | str) -> Status:
    """Decision for one sequence (see the claims' rules): theory (the leading-order bracket) and data must agree."""
    low, high = bracket
    tested = [r for r in rows if r["n"] >= 20]
    first, last = tested[0], tested[-1]

    def not_away_from(end: int) -> bool:
        """The interval at the largest n is not significantly farther from ``end`` than the first tested one."""
        return last["ci_low"] <= first["ci_high"] if end == 0 else last["ci_high"] >= first["ci_low"]

    pinned = low if low == high else None  # the limit, where the bracket leaves no room
    if asserted == BETWEEN:
        if 0 < low and high < 1 and all(low / 2 <= r["ci_low"] and r["ci_high"] <= (1 + high) / 2 for r in tested):
            return Status.VERIFIED
        return Status.REFUTED if pinned in (0.0, 1.0) and not_away_from(int(pinned)) else Status.INCONCLUSIVE
    if not low <= asserted <= high:
        excluded = all(r["ci_low"] > low / 2 for r in tested) if asserted == 0 else all(r["ci_high"] < (1 + high) / 2 for r in tested)
        return Status.REFUTED if excluded else Status.INCONCLUSIVE
    return Status.VERIFIED if pinned == asserted and not_away_from(asserted) else Status.INCONCLUSIVE


def _boundary_verdict(ctx: CheckContext, asserted: Mapping[str, int | str]) -> Verdict:
    """Shared decision of the κ = 1 claims: every sequence's asserted limit is tested."""
    data = _sequence_rows(ctx)
    confidence = 1 - 0.01 / sum(r["n"] >= 20 for rows in data.values() for r in rows)
    table, statuses = [], {}
    for name, rows in data.items():
        for r in rows:
            r["ci_low"], r["ci_high"] = wilson_interval(r["hits"], r["trials"], confidence)
        bracket = leading_order_bracket(SEQUENCES[name][2])
        statuses[name] = _sequence_status(rows, bracket, asserted[name])
        table += [{"sequence": name, "asserted_limit": asserted[name], "leading_order_bracket": list(bracket), **r} for r in rows]
    status = combine_point_statuses(list(statuses.values()))
    bad = next((name for name, s in statuses.items() if s is Status.REFUTED), None)
    bad_rows = [r for r in table if r["sequence"] == bad and r["n"] >= 20]
    closest = min(bad_rows, key=lambda r: abs(r["p_hat"] - (asserted[bad] if asserted[bad] != BETWEEN else 0.5)), default=None)
    return Verdict(status=status, claimed={name: asserted[name] for name in data},
                   measured={f"{name}, n={r['n']}": round(r["p_hat"], 3) for name, rows in data.items() for r in rows},
                   counterexample={"sequence": bad, "rows": bad_rows} if bad else None,
                   intervals={f"{r['sequence']}, n={r['n']}": [r["ci_low"], r["ci_high"]] for r in table},
                   finding=(f"along {bad} (lim κ_n = 1) P(perfect) does not tend to {asserted[bad]}: leading order pins the limit in "
                            f"[{leading_order_bracket(SEQUENCES[bad][2])[0]:.3f}, {leading_order_bracket(SEQUENCES[bad][2])[1]:.3f}] and "
                            f"the measured value closest to {asserted[bad]} is {closest['p_hat']:.3f} at n = {closest['n']} "
                            f"([{closest['ci_low']:.3f}, {closest['ci_high']:.3f}]); at κ = 1 the limit depends on λ_n") if bad else "",
                   would_decide="larger n along the undecided sequence (the exact engine reaches n = 48)" if status is Status.INCONCLUSIVE else "",
                   decision_detail="; ".join(f"{name}: {s.value}" for name, s in statuses.items()),
                   evidence={"table": table, "exact_at_kappa_one": list(_exact_at_kappa_one(ctx.budget(quick=4, standard=5)))})


_DECISION_RULE = """Three sequences with κ_n → 1: κ_n = 1 exactly (M = 2^n), λ_n = 1 and λ_n = -log2(n)/2 (κ_n = 1 - log2(n)/(2n) + λ_n/n).
    Theory: the leading-order bracket of lim P(perfect) from Theorem 2's moments at targets 0 and 1, [Cauchy-Schwarz
    ½/(1+2/ρ) + ½/(1+1/ρ), first moment min(1, 3ρ/4)] at ρ = lim ρ_n (0, sqrt(6/π)/2, ∞): {0}, [0.333, 0.518], {1}. Data:
    P(perfect) from exact discrepancies of seeded instances, n in {12, 20, 28} (600 trials; standard up to n = 40), 99% Wilson
    intervals (Bonferroni over the points at n >= 20, the tested ones). An asserted limit L in {0, 1} is refuted on a sequence
    if L lies outside its bracket and every tested interval lies on the bracket's side of the midpoint between L and the
    bracket; verified if the bracket is {L} and the interval at the largest n is not significantly farther from L than at
    n = 20. 'Strictly between 0 and 1' is verified if the bracket lies inside (0, 1) and every tested interval within
    [low/2, (1 + high)/2], refuted if the bracket is {0} or {1} and the data do not move away from that end. Otherwise
    inconclusive; refuted if any sequence is,
    verified if all are."""


@claim(
    "npp.thm1-boundary.kappa-one",
    title="Theorem 1 at κ = 1: P(perfect) → 0 whenever κ_n → 1 ('0 if κ ≥ 1')",
    source=src("§3.3.1 Theorem 1 (the case κ ≥ 1); §3.3.3 proof of Theorem 1"),
    kind=Kind.STATISTICAL,
    statement="""Theorem 1 assumes only that κ_n = log2(M)/n has a limit κ, and assigns limit 0 to the probability of a perfect
        partition for every κ ≥ 1, so in particular for every sequence κ_n → 1.""",
    decision_rule=_DECISION_RULE + " Here L = 0 on every sequence.",
    recorded="refuted",
    severity="typo",
    correction="npp.thm1-boundary.kappa-one.corrected",
    reading="The case split of Theorem 1 as printed: limit 0 if κ ≥ 1, hence along every sequence with lim κ_n = 1.",
    charitable_reading="""Theorem 1 with the strict case 'κ > 1': the proof treats only lim κ_n < 1 (λ_n → -∞) and lim κ_n > 1
        (λ_n → +∞), the latter exactly the branch it proves 0 for, and eq. 3.15 is a function of ρ_n = 2^{-λ_n} sqrt(6/π)(1 + o(1)),
        so nothing in the argument reaches κ = 1, where λ_n can do anything. With '>' the theorem holds
        (npp.thm1-transition.limit), and at κ = 1 the limit is 0, strictly between 0 and 1, or 1 according to λ_n
        (npp.thm1-boundary.kappa-one.corrected): the printed '≥' is one symbol too many.""",
    mutants=[mutant("the other case extended instead: 1 if κ ≤ 1", limit_at_one=1)],
    variants_note="""The claim is refuted, so a refuted mutant cannot differ from it; its correction (a limit that
        depends on λ_n, one value per sequence) does not fit this check's single limit, and is checked with its own
        mutants as npp.thm1-boundary.kappa-one.corrected.""",
)
def _kappa_one(ctx: CheckContext, *, limit_at_one: int = 0) -> Verdict:
    verdict = _boundary_verdict(ctx, {name: limit_at_one for name in SEQUENCES})
    verdict.notes = """κ_n = 1 exactly does go to 0, slowly: ρ_n = 1/sqrt(πn/6) and P ≈ 3ρ_n/4 ≈ 1/sqrt(n) (exact values at n <= 5
        in the evidence). But λ_n = 1 keeps P near the Poisson law's 0.40 at every n and λ_n = -log2(n)/2 sends it to 1, while
        κ_n → 1 on all three. (At λ_n = 0 the finite-size table of npp.thm1-transition.finite-size gives P ≈ 0.62 at every n.)"""
    return verdict


@claim(
    "npp.thm1-boundary.kappa-one.corrected",
    title="Theorem 1 at κ = 1, corrected: the limit is set by λ_n (0 at κ_n = 1 exactly, in (0, 1) for bounded λ_n, 1 for λ_n → -∞)",
    source=src("§3.3.1 Theorem 1 (read with κ > 1); §3.3.3 proof (ρ_n in terms of λ_n)"),
    kind=Kind.STATISTICAL,
    statement="""With κ_n = 1 - log2(n)/(2n) + λ_n/n → 1, P(perfect partition) tends to 0 when λ_n → ∞ (κ_n = 1 exactly is such a
        sequence), to 1 when λ_n → -∞, and to a value strictly between 0 and 1 when λ_n stays at a constant (tested at λ_n = 1,
        where the leading-order bounds alone exclude both ends): κ = 1 is the window of the transition, which Theorem 1
        therefore has to leave out ('0 if κ > 1').""",
    decision_rule=_DECISION_RULE + " Here L = 0 for κ_n = 1, 'strictly between' for λ_n = 1 and L = 1 for λ_n = -log2(n)/2.",
    recorded="verified",
    mutants=[mutant("the printed case: 0 along every sequence", limits=(0, 0, 0)),
             mutant("the ends swapped: 1 at κ_n = 1, 0 as λ_n → -∞", limits=(1, BETWEEN, 0)),
             mutant("κ_n = 1 exactly inside the window: a limit strictly between 0 and 1", limits=(BETWEEN, BETWEEN, 1))],
)
def _kappa_one_corrected(ctx: CheckContext, *, limits: tuple[int | str, int | str, int | str] = (0, BETWEEN, 1)) -> Verdict:
    return _boundary_verdict(ctx, dict(zip(SEQUENCES, limits)))


# --------------------------------------------------------------------------- Lemma 4 at other targets

#: Targets t(n, M), all O(M) except the mutant's n·M.
TARGETS: dict[str, Callable[[int, int], int]] = {
    "1": lambda n, M: 1, "M/2": lambda n, M: (M + 1) // 2, "3M": lambda n, M: 3 * M, "nM": lambda n, M: n * M}
LEMMA4_NS = (8, 16, 24)


@measurement
def _target_failures(ctx: CheckContext, kappa: float, target: str) -> list[dict]:
    """Measurement: subset-sum failure rates at one κ and target rule, X uniform on {±1..±M}, exact search
    (subset_sum_witness), n in LEMMA4_NS; each (κ, target) from its own stream."""
    rng, trials = ctx.rng(zlib.crc32(f"{kappa}:{target}".encode())), ctx.budget(quick=400, standard=3000)
    rows = []
    for n in LEMMA4_NS:
        M = round(2 ** (kappa * n))
        t = TARGETS[target](n, M)
        failures = sum(subset_sum_witness(x, t) is None for x in signed_instances(rng, trials, n, M))
        low, high = wilson_interval(failures, trials, 0.99)
        rows.append({"kappa": kappa, "target": target, "n": n, "M": M, "t": t, "trials": trials,
                     "failure_rate": failures / trials, "ci_low": low, "ci_high": high})
    return rows


@claim(
    "npp.thm1-boundary.lemma4-targets",
    uses=("rssp.lemma2-bounds", "rssp.lemma4-rate.hoeffding-step"),
    title="Lemma 4 at targets t = O(M) other than M: P(solvable) = 1 - O(n^(-1/7)) for t = 1, M/2, 3M",
    source=src("§5.1.4 Lemma 4 (any target t = O(M))"),
    kind=Kind.STATISTICAL,
    statement="""Lemma 4 holds for every target of order M, not only t = M: with X uniform on {±1..±M} and lim log2(M)/n < 1,
        the subset-sum failure probability decays at least like n^(-1/7) for t = 1, t = M/2 and t = 3M alike.""",
    decision_rule="""κ = 0.8, n in {8, 16, 24}, targets t in {1, ⌈M/2⌉, 3M}, seeded instances (quick 400, standard 3000), exact subset-sum
        search. Per target, with 99% Wilson intervals: verified if the upper bound at n = 24 is below (8/24)^(1/7) times the lower
        bound at n = 8, refuted if the lower bound at n = 24 exceeds (8/24)^(1/7) times the upper bound at n = 8 (the rule of
        rssp.lemma4-rate); else inconclusive. Refuted if any target is, verified if all are.""",
    recorded="verified",
    mutants=[mutant("a target of order nM, outside t = O(M)", targets=("1", "M/2", "3M", "nM")),
             mutant("the condition κ < 1 dropped (κ = 1.5)", kappa=1.5)],
)
def _lemma4_targets(ctx: CheckContext, *, targets: tuple[str, ...] = ("1", "M/2", "3M"), kappa: float = 0.8, exponent: float = 1 / 7) -> Verdict:
    shrink = (LEMMA4_NS[0] / LEMMA4_NS[-1]) ** exponent
    rows, statuses = [], {}
    for target in targets:
        per_n = _target_failures(ctx, kappa, target)
        first, last = per_n[0], per_n[-1]
        statuses[target] = (Status.VERIFIED if last["ci_high"] < shrink * first["ci_low"] else
                            Status.REFUTED if last["ci_low"] > shrink * first["ci_high"] else Status.INCONCLUSIVE)
        rows += per_n
    status = combine_point_statuses(list(statuses.values()))
    bad = next((t for t, s in statuses.items() if s is Status.REFUTED), None)
    bad_rows = [r for r in rows if r["target"] == bad]
    return Verdict(status=status, claimed=f"failure = O(n^(-{exponent:.4g})) at κ = {kappa} for t in {', '.join(targets)}",
                   measured={f"t={r['target']}, n={r['n']}": round(r["failure_rate"], 4) for r in rows},
                   counterexample=bad_rows or None,
                   intervals={f"t={r['target']}, n={r['n']}": [r["ci_low"], r["ci_high"]] for r in rows},
                   finding=(f"at t = {bad}, κ = {kappa} the failure rate goes from {bad_rows[0]['failure_rate']:.3f} at n = 8 to "
                            f"{bad_rows[-1]['failure_rate']:.3f} at n = 24, slower than n^(-{exponent:.4g})") if bad else "",
                   would_decide="more trials or larger n (the intervals straddle the rule's bound)" if status is Status.INCONCLUSIVE else "",
                   decision_detail="; ".join(f"t = {t}: {s.value}" for t, s in statuses.items()),
                   notes="""t = 0 is left out: the empty subset always solves it. At κ < 1 the number of subsets (2^n) outgrows the
                       spread of their sums (about M sqrt(n/6)) exponentially, so any t within a few standard deviations, i.e.
                       t = O(M sqrt(n)), is solved with high probability; t = O(M) is more than the lemma needs.""",
                   evidence={"table": rows})
