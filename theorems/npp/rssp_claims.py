"""Checks of the ``rssp.*`` claims (npp-quantized-slth-thesis.md §5.1.4, Lemmas 2-4)."""
from __future__ import annotations

import itertools

import numpy as np
import sympy as sp

from .. import mathtext as mt
from ..context import CheckContext
from ..measure import measurement
from ..registry import claim, control, mutant
from ..stats import combine_point_statuses, wilson_interval
from ..verdict import Kind, Source, Status, Verdict
from .moments import c_m
from .signings import half_sums, subset_sum_witness

DOC = "npp-quantized-slth-thesis.md"

src = Source.factory(DOC)


def signed_instances(rng: np.random.Generator, trials: int, n: int, M: int) -> np.ndarray:
    """X uniform on {-M..-1, 1..M} (Definition 10)."""
    magnitude = rng.integers(1, M + 1, size=(trials, n), dtype=np.int64)
    return np.where(rng.random((trials, n)) < 0.5, -magnitude, magnitude)


def count_subsets(x: np.ndarray, target: int) -> int:
    """Number of subsets of ``x`` summing to ``target`` (exhaustive; small n only)."""
    return int(np.count_nonzero(half_sums(x, 0, 1) == target))


# --------------------------------------------------------------------------- Lemma 3

def _lemma3_target(total: int, t: int) -> int:
    """Lemma 3's partition target for subset-sum target t: Λ - 2t."""
    return total - 2 * t


@measurement
def _equivalence_counts(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: for 200 seeded instances, how many subsets hit each sum and how many signings hit each signed sum."""
    rng = ctx.rng()
    rows = []
    for _ in range(200):
        n, M = int(rng.integers(4, 15)), int(rng.integers(1, 51))
        x = signed_instances(rng, 1, n, M)[0]
        subsets = dict(zip(*(a.tolist() for a in np.unique(half_sums(x, 0, 1), return_counts=True))))
        signings = dict(zip(*(a.tolist() for a in np.unique(half_sums(x, -1, 1), return_counts=True))))
        rows.append({"x": x.tolist(), "total": int(x.sum()), "reach": int(np.abs(x).sum()), "subsets": subsets, "signings": signings})
    return tuple(rows)


@claim(
    "rssp.equivalence",
    title="Lemma 3: subset sum with target t is solvable iff partitioning with target Λ - 2t is",
    source=src("§5.1.4 Lemma 3 and its proof"),
    kind=Kind.EXACT,
    statement="""For integers X with Λ = ΣX, a subset sums to t exactly when some signing σ has σ·X = Λ - 2t
        (put the subset on the minus side); in fact the solutions correspond one to one.""",
    decision_rule="""For 200 seeded signed instances (n = 4..14, M up to 50) and every t in [-Λ_abs, Λ_abs], compare the number of
        subsets summing to t with the number of signings hitting the stated partition target (both by exhaustive enumeration);
        verified if equal everywhere, refuted with the first mismatch.""",
    recorded="verified",
    mutants=[mutant("the partition target Λ - t (factor 2 on t dropped)", npp_target=lambda total, t: total - t),
             mutant("the partition target Λ + 2t (sign of t flipped)", npp_target=lambda total, t: total + 2 * t),
             control("the mirrored target 2t - Λ the lemma also allows", npp_target=lambda total, t: 2 * t - total)],
)
def _equivalence(ctx: CheckContext, *, npp_target=_lemma3_target) -> Verdict:
    checked, bad = 0, []
    for row in _equivalence_counts(ctx):
        for t in range(-row["reach"], row["reach"] + 1):
            subsets, signings = row["subsets"].get(t, 0), row["signings"].get(npp_target(row["total"], t), 0)
            checked += 1
            if subsets != signings:
                bad.append({"x": row["x"], "t": t, "subsets": subsets, "signings": signings})
                break
    return Verdict.from_counterexamples(
        bad, checked=checked, claimed="#subsets summing to t = #signings hitting the partition target", measured=f"counts equal in all {checked} (instance, t) pairs"
        if not bad else f"{len(bad)} of 200 instances have a mismatch",
        finding=f"x = {bad[0]['x']}, t = {bad[0]['t']}: {bad[0]['subsets']} subsets but {bad[0]['signings']} signings" if bad else "",
        notes="The proof's side remark that |X_i| is uniform on {0, ..., M} is off by one: it is uniform on {1, ..., M}.")


# --------------------------------------------------------------------------- Lemma 2

#: (n, M) enumerated exhaustively; M = 5 is odd, where P(Λ even) = (1 + (-1/M)^n)/2 is not exactly 1/2.
FACTOR_GRID = ((6, 4), (5, 6), (5, 5))


@measurement
def _parity_conditioned_solvability(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: for each fixed NPP target ℓ, P(Z_{n,ℓ} > 0) and P(Z_{n,ℓ} > 0 | Λ ≡ ℓ mod 2), exactly,
    over every instance in {±1..±M}^n."""
    rows = []
    for n, M in FACTOR_GRID:
        values = [v for v in range(-M, M + 1) if v]
        X = np.array(list(itertools.product(values, repeat=n)), dtype=np.int64)
        signed_sums, total = half_sums(X, -1, 1), X.sum(axis=1)
        for ell in (0, 1, 2, 3, M, M + 1):
            solvable = (np.abs(signed_sums) == ell).any(axis=1)
            parity_matches = (total - ell) % 2 == 0
            rows.append({"n": n, "M": M, "l": ell, "P(Z_l>0)": float(solvable.mean()),
                         "P(Z_l>0 | parity)": float(solvable[parity_matches].mean()), "P(parity)": float(parity_matches.mean())})
    return tuple(rows)


@claim(
    "rssp.lemma2-factor",
    uses=("rssp.equivalence",),
    title="Lemma 2 proof, read with l a fixed target: given l's parity, the NPP is solvable with probability 2 P(Z_{n,l} > 0)",
    source=src("§5.1.4 proof of Lemma 2 (the parity split and P(Y_{n,t} > 0) = 2 P(Z_{n,l} > 0))"),
    kind=Kind.EXACT,
    statement="""The proof splits on the parity of Λ. For a fixed target l, Z_{n,l} vanishes unless Λ has the parity of l, so the
        chance that the partition problem is solvable given the matching parity is P(Z_{n,l} > 0) divided by P(parity) = 1/2
        (up to the exponentially small error of Theorem 1's proof); the NPP that Lemma 3 derives from a subset-sum instance always
        has matching parity, hence its solvability probability is 2 P(Z_{n,l} > 0).""",
    reading="""l is a fixed partition target (the l of Lemma 1), and P(Y_{n,t} > 0) stands for the solvability probability of the
        NPP with that target given that Λ has l's parity, which is what the proof's two displays 'if l is even / odd' compute.""",
    charitable_reading="""The same: the proof's own displays condition on the parity event and treat l as fixed. (Read literally,
        with l = Λ - 2t a function of the instance on both sides, the events Y_{n,t} > 0 and Z_{n,l} > 0 coincide by Lemma 3 and the
        ratio is 1 (rssp.equivalence); that reading leaves the bounds without a fixed right-hand side, see rssp.lemma2-bounds.)""",
    decision_rule="""Enumerate every instance of {±1..±M}^n for (n, M) = (6, 4), (5, 6), (5, 5) and, for each fixed target
        l in {0, 1, 2, 3, M, M + 1}, compute P(Z_{n,l} > 0 | Λ ≡ l mod 2) / P(Z_{n,l} > 0) exactly. Verified if it equals the stated
        factor within 4 M^-n (the exponentially small deviation of P(Λ even) from 1/2 at odd M) everywhere, refuted otherwise.
        (Re-examined: the former rule compared P(Y_{n,t} > 0) with P(Z_{n,Λ-2t} > 0), the literal reading above.)""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("the factor 1 of the literal reading (the parity bookkeeping dropped)", factor=1.0),
             mutant("the factor 1/2: conditioning multiplies by P(parity) instead of dividing", factor=0.5)],
)
def _lemma2_factor(ctx: CheckContext, *, factor=2.0) -> Verdict:
    rows = [{**r, "ratio": r["P(Z_l>0 | parity)"] / r["P(Z_l>0)"], "tolerance": 4 * r["M"] ** -r["n"]}
            for r in _parity_conditioned_solvability(ctx)]
    bad = [r for r in rows if abs(r["ratio"] - factor) > r["tolerance"]]
    ratios = sorted({round(r["ratio"], 6) for r in rows})
    return Verdict.from_counterexamples(
        bad, checked=rows, claimed=f"P(Z_l > 0 | parity matches) = {factor} P(Z_l > 0)", measured=f"ratio in {ratios} over {len(rows)} (n, M, l)",
        finding=f"n={bad[0]['n']}, M={bad[0]['M']}, l={bad[0]['l']}: the ratio is {bad[0]['ratio']:.6f}, not {factor}" if bad else "",
        notes="""Holds by construction: every signed sum of X has the parity of Λ, so Z_{n,l} > 0 implies the parity event and
            the ratio P(Z_l > 0 | parity) / P(Z_l > 0) is 1/P(Λ ≡ l mod 2) identically; on instances drawn uniformly from
            {±1..±M}^n, as enumerated here, P(Λ even) = (1 + (-1/M)^n)/2, so the ratio is exactly 2 at even M and 2/(1 ± M^-n)
            at odd M whatever the proof does. The enumeration measures nothing the proof could get wrong beyond that
            parity probability; the factor 2 is exact bookkeeping of the parity split under the uniform draw.""",
        evidence={"table": rows})


#: ρ_n, a = l²/(2nM²c_M), n and Lemma 1's constants.
LEMMA_SYMBOLS = sp.symbols("rho a n C1 C2 C3", positive=True)


def _lemma1_bounds() -> dict[str, sp.Expr]:
    """Lemma 1's bounds for fixed l as its proof derives them (§3.3.3, from (3.12)-(3.14)), with a = l²/(2nM²c_M):
    Markov for the upper bound, Cauchy-Schwarz E[Z]²/E[Z²] for the lower one."""
    rho, a, n, C1, C2, C3 = LEMMA_SYMBOLS
    second_moment = 2 * rho**2 * (sp.exp(-2 * a) + C2 / n + C3 / (n * rho)) + 2 * rho * sp.exp(-2 * a)
    return {"upper, l != 0": rho * (sp.exp(-a) + C1 / n), "upper, l = 0": rho / 2 * (sp.exp(-a) + C1 / n),
            "lower": (rho * sp.exp(-a)) ** 2 / second_moment}


def _lemma2_upper_nonzero(rho, a, n, C1):
    """Lemma 2's upper bound for l != 0: 2ρ_n(exp(-l²/(2nM²c_M)) + C_1/n)."""
    return 2 * rho * (sp.exp(-a) + C1 / n)


def _lemma2_upper_zero(rho, a, n, C1):
    """Lemma 2's upper bound for l = 0: ρ_n(exp(-l²/(2nM²c_M)) + C_1/n)."""
    return rho * (sp.exp(-a) + C1 / n)


def _lemma2_lower(rho, a, n, C2, C3):
    """Lemma 2's lower bound: 1/(1 + exp(l²/(nM²c_M))(C_2/(nρ_n) + C_3/n) + 1/ρ_n)."""
    return 1 / (1 + sp.exp(2 * a) * (C2 / (n * rho) + C3 / n) + 1 / rho)


def _twice_lemma1(stated: dict[str, sp.Expr]) -> dict[str, bool]:
    """Whether each stated bound is exactly twice Lemma 1's derived bound (C_2 and C_3 are arbitrary constants, so
    their labels may be swapped)."""
    _, _, _, _, C2, C3 = LEMMA_SYMBOLS
    derived = _lemma1_bounds()
    swap = {C2: C3, C3: C2}
    return {k: sp.simplify(stated[k] - 2 * derived[k]) == 0 or sp.simplify(stated[k] - 2 * derived[k].subs(swap, simultaneous=True)) == 0
            for k in derived}


@measurement
def _bound_factor_spread(ctx: CheckContext) -> dict:
    """Measurement: how much exp(-l²/(2nM²c_M)) with l = Λ - 2t varies across instances (n = 20, M = 1000, t = M)."""
    n, M = 20, 1000
    X = signed_instances(ctx.rng(), 20000, n, M)
    ell = X.sum(axis=1) - 2 * M
    factor = np.exp(-(ell.astype(float) ** 2) / (2 * n * M * M * c_m(M)))
    return {"cv": float(factor.std() / factor.mean()), "quantiles_10_50_90": [float(np.quantile(factor, q)) for q in (0.1, 0.5, 0.9)]}


@claim(
    "rssp.lemma2-bounds",
    uses=("rssp.lemma2-factor", "npp.lemma1-bounds.lower-bound-sign.corrected", "npp.lemma1-bounds.large-target"),
    title="Lemma 2: the Lemma 1 bounds, doubled, applied with l = Λ - 2t",
    source=src("§5.1.4 Lemma 2 (bounds) and its proof; §3.3.3 Lemma 1"),
    kind=Kind.AUDIT,
    statement="""P(Y_{n,t} > 0) is at most 2ρ_n(exp(-l²/(2nM²c_M)) + C_1/n) (ρ_n(...) at l = 0) and at least
        1/(1 + exp(l²/(nM²c_M))(C_2/(nρ_n) + C_3/n) + 1/ρ_n), with l = Λ - 2t and the constants C_1, C_2, C_3 of Lemma 1.""",
    reading="""As printed: bounds on the probability P(Y_{n,t} > 0), a number, whose right-hand sides depend on the instance
        through l = Λ - 2t.""",
    charitable_reading="""Two precise readings are supported. (A) The proof's: l is a fixed target and the probability is conditioned
        on Λ ≡ l (mod 2); then the bounds are exactly twice Lemma 1's as its proof derives them (checked here). (B) Lemma 4's use:
        the bound holds conditionally on Λ (its proof plugs in l = Λ - 2t and intersects with a Hoeffding event on Λ); the document
        never derives (B), and Lemma 1 does not give it, because conditioning on Λ changes the law of X.""",
    decision_rule="""(1) With sympy, take Lemma 1's bounds as its proof derives them (Markov with (3.12); E[Z]²/E[Z²] with (3.13),
        (3.14)) and check that the stated upper (l != 0 and l = 0) and lower bounds are exactly twice them (C_2, C_3 are arbitrary, so
        their labels may swap); refuted if not. (2) Otherwise sample Λ for n = 20, M = 1000, t = M and compute the spread of
        exp(-l²/(2nM²c_M)) with the stated l; ill-posed if its coefficient of variation exceeds 1% (the right-hand side is a random
        variable, and only reading (A) is derived), verified if l is effectively fixed. (Step 1 was added on re-examination.)""",
    recorded="ill-posed",
    mutants=[mutant("the l != 0 upper bound without the factor 2 (Lemma 1's bound unchanged)",
                    upper_nonzero=lambda rho, a, n, C1: rho * (sp.exp(-a) + C1 / n)),
             mutant("the lower bound with exp(-l²/(nM²c_M)), the sign Lemma 1 prints",
                    lower=lambda rho, a, n, C2, C3: 1 / (1 + sp.exp(-2 * a) * (C2 / (n * rho) + C3 / n) + 1 / rho))],
)
def _lemma2_bounds(ctx: CheckContext, *, upper_nonzero=_lemma2_upper_nonzero, upper_zero=_lemma2_upper_zero,
                   lower=_lemma2_lower) -> Verdict:
    rho, a, n, C1, C2, C3 = LEMMA_SYMBOLS
    doubled = _twice_lemma1({"upper, l != 0": upper_nonzero(rho, a, n, C1), "upper, l = 0": upper_zero(rho, a, n, C1),
                             "lower": lower(rho, a, n, C2, C3)})
    if not all(doubled.values()):
        wrong = [k for k, ok in doubled.items() if not ok]
        return Verdict(status=Status.REFUTED, claimed="bounds = 2 × Lemma 1's derived bounds", measured=doubled, counterexample=wrong,
                       finding=f"the stated {', '.join(wrong)} bound is not twice what Lemma 1's proof derives")
    spread = _bound_factor_spread(ctx)
    status = Status.ILL_POSED if spread["cv"] > 0.01 else Status.VERIFIED
    q10, q50, q90 = spread["quantiles_10_50_90"]
    return Verdict(status=status, claimed="bounds with l = Λ - 2t",
                   measured=f"the bounds are exactly twice Lemma 1's (reading A); exp(-l²/(2nM²c_M)) has coefficient of variation "
                            f"{spread['cv']:.2f} across instances (quantiles 10/50/90%: {q10:.3f}/{q50:.3f}/{q90:.3f})",
                   decision_detail="""Reading (A) holds: the stated bounds are exactly twice Lemma 1's derived bounds (Lemma 2 prints
                       the lower bound's exponent with the sign that Lemma 1's derivation gives; Lemma 1's own statement prints it
                       negated). But with l = Λ - 2t the right-hand side is a random variable, and reading (B), the one Lemma 4 uses, is
                       never derived.""",
                   notes="""A precise version conditions on the parity with l fixed (reading A, then it says nothing about one target t
                       with Λ random) or on Λ (reading B, unproved); C_1..C_3 are never given, so neither version can be checked
                       numerically. The factor 2 itself is decided in rssp.lemma2-factor.""",
                   evidence={"twice_lemma1": doubled, **spread})


# --------------------------------------------------------------------------- Lemma 4

#: The κ at which the suite samples Lemma 4's regime κ < 1.
LEMMA4_KAPPAS = (0.5, 0.8)
LEMMA4_SIZES = (8, 16, 24)


def _failure_rows(rng: np.random.Generator, kappa: float, trials: int) -> list[dict]:
    """Subset-sum failure rates with t = M = 2^(κn), exact search, 99% Wilson intervals."""
    rows = []
    for n in LEMMA4_SIZES:
        M = round(2 ** (kappa * n))
        failures = sum(subset_sum_witness(x, M) is None for x in signed_instances(rng, trials, n, M))
        low, high = wilson_interval(failures, trials, 0.99)
        rows.append({"kappa": kappa, "n": n, "M": M, "t": M, "failure_rate": failures / trials, "ci_low": low, "ci_high": high})
    return rows


@measurement
def _lemma4_grid_failures(ctx: CheckContext) -> dict[float, list[dict]]:
    """Measurement at the suite's κ grid, from one stream in grid order."""
    rng, trials = ctx.rng(), ctx.budget(quick=600, standard=3000)
    return {kappa: _failure_rows(rng, kappa, trials) for kappa in LEMMA4_KAPPAS}


@measurement
def _lemma4_failures_off_grid(ctx: CheckContext, kappa: float) -> list[dict]:
    """Measurement at a κ off the suite's grid (a variant's), from its own stream."""
    return _failure_rows(ctx.rng(round(kappa * 1000)), kappa, ctx.budget(quick=600, standard=3000))


def _lemma4_failures(ctx: CheckContext, kappa: float) -> list[dict]:
    """Failure rates at one κ."""
    grid_rows = _lemma4_grid_failures(ctx)
    return grid_rows[kappa] if kappa in grid_rows else _lemma4_failures_off_grid(ctx, kappa)


@claim(
    "rssp.lemma4-rate",
    uses=("rssp.lemma2-bounds", "rssp.lemma4-rate.hoeffding-step"),
    title="Lemma 4: for κ < 1 and t = O(M), P(solvable) = 1 - O(n^(-1/7))",
    source=src("§5.1.4 Lemma 4"),
    kind=Kind.STATISTICAL,
    statement="With X uniform on {±1..±M}, log2(M)/n → κ < 1 and t = O(M), the failure probability of subset sum decays at least like n^(-1/7).",
    decision_rule="""At each κ where the claim is asserted (the suite samples κ in {0.5, 0.8}), t = M, n in {8, 16, 24}; exact subset-sum
        search on seeded instances. With 99% Wilson intervals: verified at κ if the upper bound at n = 24 is below (8/24)^(1/7) times
        the lower bound at n = 8 (decay at least as fast as n^(-1/7)); refuted if the lower bound at n = 24 exceeds that times the
        upper bound at n = 8; else inconclusive. Refuted if any κ is, verified if all are.""",
    recorded="verified",
    mutants=[mutant("the condition κ < 1 dropped (the rate asserted at κ = 1.5 too)", kappas=(0.5, 0.8, 1.5))],
)
def _lemma4_rate(ctx: CheckContext, *, kappas=LEMMA4_KAPPAS, exponent=1 / 7) -> Verdict:
    shrink = (LEMMA4_SIZES[0] / LEMMA4_SIZES[-1]) ** exponent
    rows, statuses = [], []
    for kappa in kappas:
        per_n = {r["n"]: r for r in _lemma4_failures(ctx, kappa)}
        first, last = per_n[LEMMA4_SIZES[0]], per_n[LEMMA4_SIZES[-1]]
        if last["ci_high"] < shrink * first["ci_low"]:
            statuses.append(Status.VERIFIED)
        elif last["ci_low"] > shrink * first["ci_high"]:
            statuses.append(Status.REFUTED)
        else:
            statuses.append(Status.INCONCLUSIVE)
        rows.extend(per_n.values())
    status = combine_point_statuses(statuses)
    slow = [r for r in rows if r["n"] == LEMMA4_SIZES[-1] and statuses[list(kappas).index(r["kappa"])] is Status.REFUTED]
    return Verdict(status=status, claimed=f"failure = O(n^(-{exponent:.4g}))", measured={f"κ={r['kappa']}, n={r['n']}": round(r["failure_rate"], 4) for r in rows},
                   counterexample=rows if status is Status.REFUTED else None,
                   finding=f"at κ = {slow[0]['kappa']} the failure rate is still {slow[0]['failure_rate']:.3f} at n = {slow[0]['n']}" if slow else "",
                   intervals={f"κ={r['kappa']}, n={r['n']}": [r["ci_low"], r["ci_high"]] for r in rows},
                   notes="The failure probability falls much faster than n^(-1/7) here: the stated rate is a loose bound, not the behaviour.",
                   evidence={"table": rows, "trials": ctx.budget(quick=600, standard=3000)})


def _hoeffding_facts(denominator, power, beta_choice, rate) -> dict:
    """The algebra of the Hoeffding step (§5.1.4 proof of Lemma 4) for a display exp(-s²/(denominator·nM²)) at
    s² = M² n log n/(3+β): the power of n it equals, the β that balances it with n^(-β/(3+β)), and the rate there."""
    n, M, beta = sp.symbols("n M beta", positive=True)
    display_power = sp.simplify(-(M**2 * n * sp.log(n) / (3 + beta)) / (denominator * n * M**2) / sp.log(n))
    balanced = sp.solve(sp.Eq(beta / (3 + beta), -display_power), beta)
    balanced_rate = sp.nsimplify(sp.simplify((beta / (3 + beta)).subs(beta, balanced[0]))) if balanced else None
    return {"display_power": display_power, "display_equals_stated": sp.simplify(display_power - power(beta)) == 0,
            "balanced_beta": balanced, "stated_beta_balances": balanced == [sp.nsimplify(beta_choice)],
            "rate": balanced_rate, "stated_rate": balanced_rate is not None and sp.simplify(balanced_rate - sp.nsimplify(rate)) == 0}


def _stated_power(beta):
    """The power of n the proof states for the Hoeffding term: -1/(2(3+β))."""
    return -1 / (2 * (3 + beta))


def _n_power(exponent) -> str:
    """n^exponent as inline math, unevaluated so the exponent reads as derived."""
    return mt.math(sp.Pow(sp.Symbol("n", positive=True), exponent, evaluate=False))


def _hoeffding_verdict(facts: dict, denominator, **fields) -> Verdict:
    """Decision shared by the printed and corrected Hoeffding claims."""
    ok = facts["display_equals_stated"] and facts["stated_beta_balances"] and facts["stated_rate"]
    power_of_n = _n_power(facts["display_power"])
    balanced = ", ".join(mt.show(b) for b in facts["balanced_beta"]) or "no β"
    rate = "none" if facts["rate"] is None else _n_power(-facts["rate"])
    measured = f"exp(-s²/({denominator}nM²)) = {power_of_n}; balancing gives β = {balanced}, rate {rate}"
    return Verdict.from_check(ok, checked=facts, measured=measured, counterexample=dict(facts),
                              finding="" if ok else f"the display equals {power_of_n}, which balances at "
                                                    f"β = {balanced} with rate {rate}",
                              evidence=dict(facts), **fields)


@claim(
    "rssp.lemma4-rate.hoeffding-step",
    title="Lemma 4 proof: the Hoeffding display exp(-(M² n log n/(3+β))/(4nM²)) equals n^(-1/(2(3+β))); β = 1/2 gives n^(-1/7)",
    source=src("§5.1.4 proof of Lemma 4 (Hoeffding display and the next line)"),
    kind=Kind.SYMBOLIC,
    statement="""The displayed Hoeffding bound exp(-(M² n log n/(3+β)) / (4nM²)) equals n^(-1/(2(3+β))), and balancing it with
        n^(-β/(3+β)) at β = 1/2 gives the rate n^(-1/7).""",
    reading="The display as printed, with 4nM² in the denominator, simplified and carried through the balancing.",
    charitable_reading="""Read generously, the display is an inequality (a valid, weaker Hoeffding bound) and 'equals' could mean
        'gives'; it still gives only n^(-1/(4(3+β))), not the next line's n^(-1/(2(3+β))), so the printed step fails under any reading of
        its symbols. The evident intent is 2nM²: Hoeffding for n terms of range 2M is exp(-2s²/(n(2M)²)) = exp(-s²/(2nM²)), which is the
        next line, and the proof's β = 1/2 and rate n^(-1/7) use that form (the correction,
        rssp.lemma4-rate.hoeffding-step.corrected).""",
    decision_rule="""Simplify the display with sympy, solve β/(3+β) = (its power of n) for β and evaluate the rate; verified if the display
        equals n^(-1/(2(3+β))), the balance is at β = 1/2 and the rate is n^(-1/7), refuted otherwise.""",
    recorded="refuted",
    severity="typo",
    correction="rssp.lemma4-rate.hoeffding-step.corrected",
    mutants=[mutant("with 2nM² but the rate n^(-1/6)", denominator=2, rate=sp.Rational(1, 6)),
             control("the display with 2nM² (the correction)", denominator=2)],
)
def _hoeffding_step(ctx: CheckContext, *, denominator=4, power=_stated_power, beta_choice=sp.Rational(1, 2), rate=sp.Rational(1, 7)) -> Verdict:
    facts = _hoeffding_facts(denominator, power, beta_choice, rate)
    generous = "" if facts["display_equals_stated"] else (
        f"Read as a bound rather than an equality, the display still gives only {_n_power(facts['display_power'])}, "
        f"weaker than the next "
        f"line's n^(-1/(2(3+β))), so the next line does not follow from it under either reading.")
    return _hoeffding_verdict(facts, denominator, claimed=f"exp(-s²/({denominator}nM²)) = n^(-1/(2(3+β))), β = {mt.show(beta_choice)}, "
                                                          f"rate {_n_power(-sp.sympify(rate))}",
                              decision_detail=generous,
                              notes="""The printed display is a valid but weaker bound, n^(-1/(4(3+β))); the slip is that it is not the
                                  next line. Carried through, it would balance at β = 1/4 with rate n^(-1/13).""")


@claim(
    "rssp.lemma4-rate.hoeffding-step.corrected",
    title="Lemma 4 proof, corrected: Hoeffding gives exp(-s²/(2nM²)) = n^(-1/(2(3+β))); β = 1/2 gives n^(-1/7)",
    source=src("§5.1.4 proof of Lemma 4 (the line after the Hoeffding display, and the choice β = 1/2)"),
    kind=Kind.SYMBOLIC,
    statement="""Hoeffding's inequality for n independent terms in [-M, M] gives P(Λ >= s) <= exp(-s²/(2nM²)); at s² = M² n log n/(3+β)
        that is n^(-1/(2(3+β))), and balancing with n^(-β/(3+β)) gives β = 1/2 and the rate n^(-1/7).""",
    decision_rule="""Derive Hoeffding's exponent 2s²/(n(b - a)²) with b - a = 2M and check it equals s²/(2nM²); then simplify, balance and
        evaluate the rate as in rssp.lemma4-rate.hoeffding-step. Verified if all agree with the statement, refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("the printed 4nM²", denominator=4),
             mutant("balanced at β = 1/3", beta_choice=sp.Rational(1, 3)),
             mutant("the rate n^(-1/6)", rate=sp.Rational(1, 6))],
)
def _hoeffding_step_corrected(ctx: CheckContext, *, denominator=2, power=_stated_power, beta_choice=sp.Rational(1, 2),
                              rate=sp.Rational(1, 7)) -> Verdict:
    s, n, M = sp.symbols("s n M", positive=True)
    hoeffding_is_display = sp.simplify(2 * s**2 / (n * (2 * M) ** 2) - s**2 / (denominator * n * M**2)) == 0
    facts = {"hoeffding_equals_display": hoeffding_is_display, **_hoeffding_facts(denominator, power, beta_choice, rate)}
    if not hoeffding_is_display:
        facts["display_equals_stated"] = False
    return _hoeffding_verdict(facts, denominator, claimed=f"Hoeffding = exp(-s²/({denominator}nM²)) = n^(-1/(2(3+β))), "
                                                          f"β = {mt.show(beta_choice)}, rate {_n_power(-sp.sympify(rate))}",
                              notes="""The display bounds Λ from above only, while the lower bound of Lemma 2 needs |Λ - 2t| small: the
                                  two-sided bound doubles the failure term to 2n^(-1/(2(3+β))), which the O(.) of the rate absorbs, so the
                                  conclusion n^(-1/7) stands.""")
