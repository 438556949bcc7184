"""Checks of the ``slth.*`` claims (npp-quantized-slth-thesis.md chapter 5).

Conventions (stated in every decision rule): S_δ = {-1, ..., -δ, 0, δ, ..., 1} with 2/δ + 1
values, as Theorem 8 counts it; a random δ-quantised weight is a uniform code in
[-1/δ, 1/δ]; the target precision δ_1 equals the pruning precision δ, so a target weight
w = k·δ has code k/δ in units of δ²; [·]_δ truncates decimal digits toward zero.
"""
from __future__ import annotations

import itertools
import math

import numpy as np

from .. import mathtext as mt
from ..context import CheckContext
from ..plotting import new_figure
from ..measure import measurement
from ..registry import claim, control, mutant
from ..stats import combine_point_statuses, decide_above, mean_interval, wilson_interval
from ..verdict import Kind, Source, Status, Verdict, count_checked
from .burkholz import burkholz_forward, burkholz_masks, random_network
from .constructions import (
    PairPruner,
    layer_masks,
    represents_every_weight,
    single_weight_output,
    truncate,
    two_layer_output,
)
from .subset_dp import SubsetSums

DOC = "npp-quantized-slth-thesis.md"

src = Source.factory(DOC)


def log_term(delta: float) -> float:
    """log2(1/δ²), the thesis's unit of width."""
    return 2 * math.log2(1 / delta)


def grid(delta: float) -> int:
    """K = 1/δ: weights are codes in [-K, K]."""
    return round(1 / delta)


def weight_targets(delta: float) -> np.ndarray:
    """Codes (units of δ²) of every w in S_δ, δ_1 = δ."""
    K = grid(delta)
    return np.arange(-K, K + 1) * K


def random_pairs(rng: np.random.Generator, trials: int, n: int, delta: float) -> tuple[np.ndarray, np.ndarray]:
    """``trials`` Lemma-5 networks of width 2n: codes u, v uniform on [-K, K]."""
    K = grid(delta)
    return rng.integers(-K, K + 1, (trials, 2 * n)), rng.integers(-K, K + 1, (trials, 2 * n))


def single_weight_success(rng: np.random.Generator, trials: int, n: int, delta: float) -> int:
    """How many random width-2n pairs can be pruned to every w in S_δ (Lemma 5's ∀w)."""
    targets = weight_targets(delta)
    u, v = random_pairs(rng, trials, n, delta)
    return sum(represents_every_weight(u[t], v[t], targets) for t in range(trials))


def _success_curve(shared_rng, delta: float, stream: int, trials: int) -> list[dict]:
    """P(Lemma 5 succeeds for every w) against n, from a stream shared by the claims that use it."""
    rng = shared_rng(f"slth.single-weight.curve.{stream}")
    L = log_term(delta)
    rows = []
    for c in np.arange(0.25, 6.01, 0.25):
        n = max(1, round(c * L))
        hits = single_weight_success(rng, trials, n, delta)
        low, high = wilson_interval(hits, trials, 0.95)
        rows.append({"delta": delta, "n": n, "C": n / L, "trials": trials, "p_hat": hits / trials, "ci_low": low, "ci_high": high})
    return rows


def _c_at(rows: list[dict], level: float) -> dict:
    """Smallest C whose estimate reaches ``level``, with a bracket from the 95% intervals."""
    point = next((r["C"] for r in rows if r["p_hat"] >= level), None)
    low = next((r["C"] for r in rows if r["ci_high"] >= level), None)
    high = next((r["C"] for r in rows if r["ci_low"] >= level), None)
    return {"C": point, "interval": [low, high]}


SHARED_CURVES = {0.1: 11, 0.01: 12, 0.001: 13}
_CURVE_CACHE: dict[tuple[str, float], list[dict]] = {}


def _curves(ctx: CheckContext) -> dict[float, list[dict]]:
    """Lemma 5 success curves per δ, computed once per profile and process (two claims use them).

    δ = 0.001 only in the paper profile: its subset-sum range is about 10^7 per instance."""
    deltas = ctx.budget(quick=(0.1, 0.01), standard=(0.1, 0.01), paper=(0.1, 0.01, 0.001))
    for d in deltas:
        if (ctx.profile, d) not in _CURVE_CACHE:
            _CURVE_CACHE[(ctx.profile, d)] = _success_curve(ctx.shared_rng, d, SHARED_CURVES[d], ctx.budget(quick=150, standard=600))
    return {d: [dict(r) for r in _CURVE_CACHE[(ctx.profile, d)]] for d in deltas}


# --------------------------------------------------------------------------- Lemma 5

@measurement
def _construction_outputs(ctx: CheckContext) -> tuple[dict, ...]:
    """Measurement: for 200 seeded pair networks, the pruned network's output on x = -50..50 for every target the
    construction reaches (integer codes)."""
    rng = ctx.rng()
    x = np.arange(-50, 51)
    rows = []
    for trial in range(200):
        delta = (0.1, 0.01)[trial % 2]
        n = int(rng.integers(2, round(3 * log_term(delta)) + 1))
        u, v = random_pairs(rng, 1, n, delta)
        pruner = PairPruner(u[0], v[0])
        targets, outputs = [], []
        for target in weight_targets(delta):
            mask = pruner.mask(int(target))
            if mask is not None:
                targets.append(int(target))
                outputs.append(single_weight_output(u[0], v[0], mask, x))
        if targets:
            rows.append({"delta": delta, "n": n, "targets": np.array(targets), "outputs": np.array(outputs)})
    return tuple(rows)


def _times(w, x):
    """Lemma 5's target map x -> wx."""
    return w * x


@claim(
    "slth.single-weight.construction",
    title="Lemma 5: the pruned pair network computes [wx] exactly",
    source=src("§5.2.1 Lemma 5 (steps 1-3)"),
    kind=Kind.PROPERTY,
    statement="""Pruning a random δ-quantised ReLU pair network x -> v^T relu(ux) so that the units with u_i > 0 realise w by a subset
        sum of the products u_i v_i, and likewise the units with u_i < 0, makes it compute wx exactly, for positive and
        negative x.""",
    decision_rule="""For 200 seeded networks (δ = 0.1 and 0.01, widths 2n with n = 2..3 log2(1/δ²)) and every target w in S_δ that the
        construction reaches, evaluate the pruned network on all integer inputs in [-50, 50] with integer arithmetic; verified
        if every output equals the stated map exactly, refuted at the first mismatch.""",
    recorded="verified",
    mutants=[mutant("w·relu(x): the positive-input half alone (step 2 without step 3)", computes=lambda w, x: w * np.maximum(x, 0)),
             mutant("w·|x|: the negative-input half with its sign lost", computes=lambda w, x: w * np.abs(x))],
)
def _single_weight_construction(ctx: CheckContext, *, computes=_times) -> Verdict:
    x = np.arange(-50, 51)
    checked, bad = 0, []
    for row in _construction_outputs(ctx):
        wrong = ~np.all(row["outputs"] == computes(row["targets"][:, None], x[None, :]), axis=1)
        checked += row["targets"].size
        if wrong.any():
            bad.append({"delta": row["delta"], "n": row["n"], "target_code": int(row["targets"][np.argmax(wrong)])})
    return Verdict.from_counterexamples(
        bad, checked=checked, claimed="pruned output = the stated map for all x", measured=f"exact on all 101 inputs for {checked} (network, w) pairs"
        if not bad else f"{len(bad)} networks differ from the stated map",
        finding=f"δ = {bad[0]['delta']}, n = {bad[0]['n']}, target code {bad[0]['target_code']}: the pruned network computes wx, not the stated map"
        if bad else "")


BOOTSTRAP_REPLICATES = 2000


def _bootstrap_crossings(curves: dict[float, list[dict]], rng: np.random.Generator, levels: tuple[float, ...] = (0.1, 0.5, 0.9),
                         replicates: int = BOOTSTRAP_REPLICATES) -> dict[float, dict[float, np.ndarray]]:
    """Bootstrap replicates of :func:`_c_at`'s point estimate (the first grid C whose success rate reaches a level), per δ and
    level.  Every row of a curve is an independent sample of ``trials`` networks, so resampling its trials with replacement is
    redrawing its successes as Binomial(trials, p_hat); a replicate that never reaches the level gives C = inf."""
    out = {}
    for d in sorted(curves, reverse=True):
        rows = curves[d]
        cs = np.array([r["C"] for r in rows], dtype=float)
        trials = np.array([r["trials"] for r in rows])
        rates = rng.binomial(trials, [r["p_hat"] for r in rows], size=(replicates, len(rows))) / trials
        out[d] = {}
        for level in levels:
            reached = rates >= level
            out[d][level] = np.where(reached.any(axis=1), cs[np.argmax(reached, axis=1)], np.inf)
    return out


def _percentile_interval(values: np.ndarray, confidence: float = 0.95) -> list[float]:
    """Two-sided percentile interval of bootstrap replicates, taking order statistics outward (no interpolation, so
    infinite replicates stay infinite)."""
    tail = (1 - confidence) / 2
    return [float(np.quantile(values, tail, method="lower")), float(np.quantile(values, 1 - tail, method="higher"))]


def _width_status(curves: dict[float, list[dict]], constant: float | None, ratio_interval: list[float] | None = None) -> Status:
    """Decision for Lemma 5's width: with no stated constant, the required C must not grow as δ shrinks (decided on the
    bootstrap interval ``ratio_interval`` of C_p90(smallest δ)/C_p90(0.1)); with a stated constant C0, every curve must reach
    0.9 by C0."""
    if constant is not None:
        at_c0 = [next((r for r in rows if r["C"] >= constant - 1e-9), rows[-1]) for rows in curves.values()]
        if any(r["ci_high"] < 0.9 for r in at_c0):
            return Status.REFUTED
        return Status.VERIFIED if all(r["ci_low"] >= 0.9 for r in at_c0) else Status.INCONCLUSIVE
    if any(rows[-1]["ci_high"] < 0.9 for rows in curves.values()):
        return Status.REFUTED
    low, high = ratio_interval
    return Status.VERIFIED if high <= 1.5 else Status.REFUTED if low > 2 else Status.INCONCLUSIVE


@claim(
    "slth.single-weight.width",
    uses=("slth.single-weight.product-support", "slth.single-weight.construction"),
    title="Lemma 5: width n > C log2(1/δ²) suffices for every w with high probability",
    source=src("§5.2.1 Lemma 5"),
    kind=Kind.STATISTICAL,
    statement="""There is an absolute constant C such that a random pair network of width 2n with n > C log(1/δ²) can be pruned to
        every w in S_δ with probability 1 - O((log2 1/δ²)^(-1/7)); the required C does not grow as δ shrinks.  (The lemma
        writes the width condition with log and the error with log2; the check uses log2 for both, which changes only
        the constant C, left open.)""",
    decision_rule="""Success probability against C = n/log2(1/δ²) (C = 0.25..6) for each δ of the profile (0.1 and 0.01; paper adds
        0.001), exact reachability of every target by subset-sum DP. Report C_p50 and C_p90 with 95% brackets. With the constant left
        open (as stated): C_p90 is the first grid C whose success rate reaches 0.9; its uncertainty comes from a bootstrap over
        each curve's trials (2000 replicates, every row's successes redrawn as Binomial(trials, p_hat), fixed seed), giving a 95%
        percentile interval [lo, hi] of the ratio C_p90(smallest δ)/C_p90(δ = 0.1) (a replicate that never reaches 0.9 counts
        as infinite). Refuted if some curve's 95% Wilson interval at the last grid C (6) lies wholly below 0.9 (it never
        reaches 0.9) or if lo > 2; verified if hi <= 1.5; else inconclusive. Earlier rule: the same thresholds on the point
        estimate of the ratio (verified if <= 1.5, refuted if > 2, refuted if a point estimate never reached 0.9); changed
        because a point estimate on a coarse grid carries no statement of its sampling error. With a stated constant C0 (a
        variant): refuted if at the first grid C >= C0 some curve's 95% interval lies below 0.9, verified if all lie above.""",
    recorded="verified",
    mutants=[mutant("C = 1: n > log2(1/δ²), Lemma 4's threshold κ < 1 with M = 1/δ², which the Lemma 6 proof's remark suggests",
                    constant=1.0),
             mutant("C = 3: n > 3 log2(1/δ²) already gives probability 0.9 at every δ", constant=3.0)],
)
def _single_weight_width(ctx: CheckContext, *, constant=None) -> Verdict:
    curves = _curves(ctx)
    summary = {f"delta={d}": {"C_p50": _c_at(rows, 0.5), "C_p90": _c_at(rows, 0.9)} for d, rows in curves.items()}
    c90 = {d: _c_at(rows, 0.9)["C"] for d, rows in curves.items()}
    boot = _bootstrap_crossings(curves, ctx.rng(0), levels=(0.9,))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratios = boot[min(curves)][0.9] / boot[0.1][0.9]
    ratio_interval = _percentile_interval(np.where(np.isnan(ratios), np.inf, ratios))
    c90_intervals = {f"C_p90 delta={d}": _percentile_interval(boot[d][0.9]) for d in boot}
    status = _width_status(curves, constant, ratio_interval)
    figure = _success_figure(ctx, curves)
    point_ratio = c90[min(curves)] / c90[0.1] if None not in c90.values() else None
    return Verdict(status=status, claimed="a δ-independent constant C" if constant is None else f"C = {constant}",
                   measured=summary,
                   intervals={**c90_intervals, f"C_p90 ratio delta={min(curves)}/0.1": ratio_interval},
                   decision_detail=(f"C_p90 ratio {min(curves)}/0.1: point {point_ratio}, 95% bootstrap interval "
                                    f"[{ratio_interval[0]:.3f}, {ratio_interval[1]:.3f}] against 1.5 (verify) and 2 (refute)")
                   if constant is None else "",
                   would_decide="more trials per grid point (the ratio's interval straddles the band)" if status is Status.INCONCLUSIVE else "",
                   finding=f"C_p90 = {c90} (in units of log2(1/δ²))" if status is Status.REFUTED else "",
                   notes="""Brackets are at the resolution of the C grid (steps of 0.25 in C, i.e. one or two units of n): the first
                       grid value whose 95% interval reaches the level, and the first whose interval lies wholly above it. The required
                       C falls as δ shrinks (larger subset-sum instances), so no growth with 1/δ is seen.""",
                   counterexample={"C_p90": c90} if status is Status.REFUTED else None,
                   evidence={"C_p50": {d: _c_at(r, 0.5) for d, r in curves.items()}, "C_p90": {d: _c_at(r, 0.9) for d, r in curves.items()},
                             "table": [r for rows in curves.values() for r in rows]},
                   figures=[figure])


def _relu_product(b, a):
    """Lemma 5 step 2's subset-sum items Z_i = b_i a_i⁺ (integer codes)."""
    return b * np.maximum(a, 0)


def _item_law(item, delta: float) -> dict[int, float]:
    """Exact law of item(b, a) for independent codes b, a uniform on [-1/δ, 1/δ]."""
    codes = np.arange(-grid(delta), grid(delta) + 1)
    values, counts = np.unique(item(codes[:, None], codes[None, :]).ravel(), return_counts=True)
    return dict(zip(values.tolist(), (counts / codes.size**2).tolist()))


def _best_keep_rate(law: dict[int, float], spacings: tuple[int, ...], largest: int) -> dict:
    """The largest share of items that rejection sampling can keep as a uniform law on {±g, ±2g, ..., ±mg} (any spacing g in
    ``spacings``, any m): 2m · min_j P(±jg)."""
    best = {"keep_rate": 0.0, "spacing": None, "m": None}
    for g in spacings:
        smallest = math.inf
        for m in range(1, largest // g + 1):
            smallest = min(smallest, law.get(g * m, 0.0), law.get(-g * m, 0.0))
            if smallest == 0.0:
                break
            if 2 * m * smallest > best["keep_rate"]:
                best = {"keep_rate": 2 * m * smallest, "spacing": g, "m": m}
    return best


@claim(
    "slth.single-weight.product-support",
    uses=("rssp.lemma2-bounds", "rssp.lemma4-rate"),
    title="Lemma 5 step 2 / Lemma 2: the products b_i a_i⁺ can be treated as uniform on the δ² grid",
    source=src("§5.2.1 Lemma 5 step 2; §5.1.4 Lemma 2 (first bullet, rejection sampling)"),
    kind=Kind.EXACT,
    statement="""The subset-sum items b_i a_i⁺ are numbers of precision δ²; by rejection sampling, a constant fraction of them are uniform
        on the δ² grid {-1, ..., 1}, so Lemmas 2 and 4 apply with M = 1/δ² and give the width n > C log2(1/δ²).""",
    reading="""As printed: Lemma 2's first bullet (rejection sampling from a law whose support is the whole grid {±1..±M}) applied to
        the items b_i a_i⁺ with M = 1/δ², the δ² grid.""",
    charitable_reading="""Any uniform sub-law that rejection sampling can extract from the items, on any lattice {±g, ..., ±mg} of
        δ² units (g = 1, the δ² grid, or g = 1/δ, the δ grid that the proof's remark 'δ = 1/M' points to), keeping a fraction of the
        items that does not shrink with δ, so that C stays an absolute constant.""",
    decision_rule="""Enumerate the exact law of the items for δ in {0.1, 0.01}. (1) As printed: rejection sampling yields a uniform law
        only on values of positive probability, so every grid value (units δ^e, e = 2) in [-1, 1] must be in the support. (2)
        Charitable: the best share of items that rejection sampling keeps as a uniform law on {±g, ..., ±mg}, g in {1, 1/δ}, any m.
        Verified if (1) holds or the best share at δ = 0.01 is at least half that at δ = 0.1; refuted otherwise (the share falls with
        δ, so the number of items, and C, must grow like 1/δ). (Step 2 was added on re-examination.)""",
    recorded="refuted",
    severity="proof-gap",
    mutants=[mutant("the products b_i a_i without the ReLU", item=lambda b, a: b * a),
             control("a single weight b on the δ grid (what the proof's remark δ = 1/M describes for one factor)",
                     item=lambda b, a: b + 0 * a, grid_exponent=1)],
)
def _product_support(ctx: CheckContext, *, item=_relu_product, grid_exponent=2) -> Verdict:
    rows = []
    for delta in (0.1, 0.01):
        K = grid(delta)
        law = _item_law(item, delta)
        full = np.arange(-K**grid_exponent, K**grid_exponent + 1)
        missing = np.setdiff1d(full, np.array(list(law)))
        rows.append({"delta": delta, "grid_values": int(full.size), "share_missing": float(missing.size / full.size),
                     "first_missing_value": float(missing[missing > 0][0] * delta**grid_exponent) if (missing > 0).any() else None,
                     "P(item = 0)": law.get(0, 0.0), "best_uniform_sub_law": _best_keep_rate(law, (1, K), K**grid_exponent)})
    full_support = all(r["share_missing"] == 0 for r in rows)
    keep = {r["delta"]: r["best_uniform_sub_law"]["keep_rate"] for r in rows}
    constant_share = keep[0.01] >= keep[0.1] / 2
    missing_note = {f"delta={r['delta']}": f"{r['share_missing']:.0%} of grid values never occur" for r in rows}
    return Verdict.from_check(
        full_support or constant_share, checked=rows, counterexample=mt.rounded(rows),
        claimed="a constant share of the items is uniform on the δ² grid",
        measured={**missing_note, "best uniform share kept": {f"delta={d}": round(k, 4) for d, k in keep.items()}},
        finding=f"the items miss {rows[0]['share_missing']:.0%} (δ = 0.1) and {rows[1]['share_missing']:.0%} (δ = 0.01) of the grid, and "
                f"rejection sampling keeps at best {keep[0.1]:.3f} and {keep[0.01]:.4f} of them as a uniform law: the share falls like δ",
        decision_detail="""The printed reading fails (values missing from the support), and so does the charitable one: the best share
            kept falls in proportion to δ, so Cn items with an absolute C cannot yield n uniform ones.""" if not (full_support or constant_share) else "",
        notes="""E.g. 0.11 = 11·δ² (δ = 0.1; the first missing value) is not a product of two codes in [-10, 10], nor is any prime
            code above 10; about half the items are exactly 0 (a_i ≤ 0 pruned). The step is invalid, but the conclusion of Lemma 5
            holds as far as we can check: subset sums of these items reach every target at a δ-independent C
            (slth.single-weight.width).""",
        evidence={"table": mt.rounded(rows, 12)})


# --------------------------------------------------------------------------- Lemmas 6, 7 and Theorem 6

def _union_bound(blocks: int, p: float) -> float:
    """The union bound of Lemmas 6 and 7: P(all blocks succeed) >= 1 - blocks·(1 - p)."""
    return 1 - blocks * (1 - p)


def _union_bound_measurement(rng: np.random.Generator, sizes: list[int], build_success, C: float, trials: int) -> dict:
    """Measurement: single-weight success p at δ = 0.01 and width n = C log2(1/δ²), then the success of each k-block
    construction, drawn from ``rng`` in that order."""
    delta = 0.01
    n = max(1, round(C * log_term(delta)))
    single_hits = single_weight_success(rng, trials, n, delta)
    hits = {k: sum(build_success(rng, k, n, delta) for _ in range(trials)) for k in sizes}
    return {"C": C, "n": n, "trials": trials, "single_hits": single_hits, "hits": hits}


def _union_bound_rows(measured: dict, label: str, blocks_of, bound) -> list[dict]:
    """Each size's success interval against the stated bound at p's 99% lower limit (the bound carries p's own uncertainty)."""
    trials = measured["trials"]
    p_single = measured["single_hits"] / trials
    p_single_low = wilson_interval(measured["single_hits"], trials, 0.99)[0]
    rows = []
    for k, hits in measured["hits"].items():
        low, high = wilson_interval(hits, trials, 0.99)
        rows.append({"C": measured["C"], label: k, "blocks": blocks_of(k), "p_hat": hits / trials, "ci_low": low, "ci_high": high,
                     "p_single": p_single, "bound": max(0.0, bound(blocks_of(k), p_single_low)),
                     "independent_blocks": p_single ** blocks_of(k)})
    return rows


def _union_bound_verdict(rows: list[dict], label: str, **fields) -> Verdict:
    """Decision: refuted if some 99% Wilson interval lies wholly below the bound."""
    bad = [r for r in rows if r["ci_high"] < r["bound"]]
    return Verdict.from_counterexamples(
        bad, checked=rows, claimed="P(success) >= the stated bound", measured={f"C={r['C']}, {label}={r[label]}": round(r["p_hat"], 3) for r in rows},
        intervals={f"C={r['C']}, {label}={r[label]}": [r["ci_low"], r["ci_high"]] for r in rows},
        finding=f"at C = {bad[0]['C']}, {label} = {bad[0][label]} the success rate is {bad[0]['p_hat']:.3f} "
                f"(99% interval up to {bad[0]['ci_high']:.3f}), below the bound {bad[0]['bound']:.3f}" if bad else "",
        evidence={"table": mt.rounded(rows, 12)}, **fields)


def _neuron_success(rng, d, n, delta):
    """Whether d independent Lemma-5 blocks (one per input) all represent every weight."""
    u, v = random_pairs(rng, d, n, delta)
    return all(represents_every_weight(u[b], v[b], weight_targets(delta)) for b in range(d))


#: Operating points of the neuron check: C = 3 (every block succeeds) and C = 2 (p visibly below 1, so the bound is tested).
NEURON_CS = (3.0, 2.0)


@measurement
def _neuron_counts(ctx: CheckContext, C: float) -> dict:
    """Measurement at one C; each operating point has its own stream (C = 3 keeps the original one)."""
    return _union_bound_measurement(ctx.rng(NEURON_CS.index(C)), [1, 2, 4, 8], _neuron_success, C, ctx.budget(quick=100, standard=600))


@claim(
    "slth.neuron",
    uses=("slth.lemma5-uniform", "slth.single-weight.construction"),
    title="Lemma 6: a neuron w·x from d blocks, success probability 1 - d·O(.)",
    source=src("§5.2.1 Lemma 6"),
    kind=Kind.STATISTICAL,
    statement="""Pruning a random network with hidden width C d log2(1/δ²) to d block-diagonal Lemma-5 blocks represents every δ-quantised
        neuron w·x with probability at least 1 - d(1 - p), p the single-weight success probability.""",
    decision_rule="""δ = 0.01, C in {3, 2}, d in {1, 2, 4, 8}: measure p and the neuron success (every block represents every weight);
        refuted if some 99% Wilson interval lies below 1 - d(1 - p_low), p_low the 99% lower limit of p at the same C; verified
        otherwise. (C = 2, where p < 1, was added on re-examination so that a wrong bound can show.)""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("failure not growing with d: P(success) >= p", bound=lambda blocks, p: p)],
)
def _neuron(ctx: CheckContext, *, bound=_union_bound) -> Verdict:
    rows = [r for C in NEURON_CS for r in _union_bound_rows(_neuron_counts(ctx, C), "d", lambda d: d, bound)]
    return _union_bound_verdict(
        rows, "d",
        notes="""The d blocks are independent copies of Lemma 5's pair network, so the union bound holds whatever p is: the claim
            holds by construction once Lemma 5 does. At C = 3 every block succeeds; at C = 2 the success falls like p^d, well above
            the union bound. The width is Lemma 5's per block (slth.single-weight.width).""")


def _wx(W, X):
    """Lemma 7's target map x -> Wx."""
    return W @ X


@measurement
def _layer_counts(ctx: CheckContext) -> tuple[dict, list[dict]]:
    """Measurement: layer successes at δ = 0.01, C = 3, and for every layer built, its target W and its outputs on [-3, 3]^k."""
    built = []

    def success(rng, k, n, delta):
        K = grid(delta)
        M, N = rng.integers(-K, K + 1, (k * 2 * n, k)), rng.integers(-K, K + 1, (k, k * 2 * n))
        blocks_ok = all(represents_every_weight(M[j * 2 * n:(j + 1) * 2 * n, j], N[i, j * 2 * n:(j + 1) * 2 * n], weight_targets(delta))
                        for i in range(k) for j in range(k))
        if blocks_ok:
            W = rng.integers(-K, K + 1, (k, k)) * K
            T, S = layer_masks(M, N, W, 2 * n)
            built.append({"k": k, "W": W, "output": two_layer_output(M, N, T, S, _input_grid(k))})
        return blocks_ok

    return _union_bound_measurement(ctx.rng(), [1, 2, 3], success, 3.0, ctx.budget(quick=100, standard=600)), built


def _failed_blocks(rng: np.random.Generator, d1: int, d2: int, n: int, delta: float) -> int:
    """One random Lemma-7 pair (M, N) drawn as Lemma 7 shapes it: how many of its d1·d2 blocks (hidden units of input j,
    weights of output i) cannot represent every weight of S_δ (Lemma 5's ∀w fails for that block)."""
    K, targets = grid(delta), weight_targets(delta)
    M, N = rng.integers(-K, K + 1, (d1 * 2 * n, d1)), rng.integers(-K, K + 1, (d2, d1 * 2 * n))
    return sum(not represents_every_weight(M[j * 2 * n:(j + 1) * 2 * n, j], N[i, j * 2 * n:(j + 1) * 2 * n], targets)
               for i in range(d2) for j in range(d1))


def _paired_bound_rows(points: list[dict], label: str, claimed_blocks, bound) -> list[dict]:
    """The union-bound test, paired per network: for a point with ``blocks`` real blocks and per-network failure counts F_t,
    X_t = 1{no block fails} - bound(claimed_blocks, 1 - F_t/blocks) estimates P(success) - bound without bias when the bound is
    linear in p (the union bound is).  A point whose bound at the pooled p̂ is <= 0 says nothing (``vacuous``); otherwise its
    status is decide_above on X's 99% t interval against 0 (verified above, refuted below, inconclusive if it straddles)."""
    rows = []
    for point in points:
        F, blocks = np.asarray(point["failed_blocks"], dtype=float), point["blocks"]
        count_checked(F)
        p_hat = 1 - F.sum() / (blocks * F.size)
        stated = claimed_blocks(point)
        at_p_hat = bound(stated, p_hat)
        row = {**{k: v for k, v in point.items() if k != "failed_blocks"}, "networks": int(F.size), "p_hat (per block)": p_hat,
               "P(all blocks succeed)": float(np.mean(F == 0)), "claimed blocks": stated, "bound at p_hat": at_p_hat}
        if at_p_hat <= 0:
            rows.append({**row, "status": "vacuous"})
            continue
        x = (F == 0).astype(float) - np.array([bound(stated, 1 - f / blocks) for f in F])
        mean, low, high = mean_interval(x, 0.99)
        rows.append({**row, "mean(success - bound)": mean, "ci_low": low, "ci_high": high,
                     "status": decide_above(low, high, 0.0).value})
    return rows


def _paired_status(rows: list[dict]) -> Status:
    """Refuted by any refuted point, verified only if every non-vacuous point is (none: EmptyEvidence)."""
    return combine_point_statuses([Status(r["status"]) for r in rows if r["status"] != "vacuous"])


def _input_grid(k: int) -> np.ndarray:
    """Every integer input in [-3, 3]^k, as columns."""
    return np.array(list(itertools.product(range(-3, 4), repeat=k))).T


#: Where Lemma 7's probability is tested: δ = 0.01, C = 2, where Lemma 5's p is about 0.88 (slth.single-weight.width's curve),
#: so a network with two failing blocks is common enough to see; at C = 3 nearly every block succeeds and nothing is tested.
LAYER_PROBABILITY_C = 2.0


@measurement
def _layer_block_failures(ctx: CheckContext) -> list[dict]:
    """Measurement: per d1 = d2 = k in {2, 3}, the number of failing blocks in each of ``trials`` random Lemma-7 pairs at
    δ = 0.01, C = LAYER_PROBABILITY_C (its own stream, so the exactness measurement keeps its numbers)."""
    delta, rng = 0.01, ctx.rng(1)
    n = max(1, round(LAYER_PROBABILITY_C * log_term(delta)))
    trials = ctx.budget(quick=150, standard=600)
    return [{"C": LAYER_PROBABILITY_C, "n": n, "d1=d2": k, "blocks": k * k,
             "failed_blocks": [_failed_blocks(rng, k, k, n, delta) for _ in range(trials)]} for k in (2, 3)]


@claim(
    "slth.layer",
    uses=("slth.neuron", "slth.lemma5-uniform"),
    title="Lemma 7: a layer W x (Pensia blocks), exact, with probability 1 - d1·d2·O(.)",
    source=src("§5.2.1 Lemma 7"),
    kind=Kind.STATISTICAL,
    statement="""Pruning M (C d1 log2(1/δ²) × d1) to block-diagonal form and N (d2 × C d1 log2(1/δ²)) represents every δ-quantised W x
        exactly, with probability at least 1 - d1 d2 (1 - p).""",
    decision_rule="""Exactness: δ = 0.01, C = 3, d1 = d2 = k in {1, 2, 3}: a layer succeeds if every (output, input) block reaches
        every weight; the construction for a random target is checked on the input grid [-3, 3]^d1 when it succeeds; refuted if a
        built layer differs from the stated map, no evidence (error) if none was built. Probability: (a) at C = 3, refuted if some
        99% Wilson interval of the layer success lies below 1 - d1 d2 (1 - p_low) (p_low: 99% lower limit of p); (b) at C = 2
        (p about 0.88), k in {2, 3}, per random pair (M, N) count the failing blocks F out of d1 d2 and form X = 1{F = 0} - (1 -
        d1 d2 (1 - q)), q = 1 - F/(d1 d2) the pair's own block success rate, an unbiased estimate of P(success) minus the stated bound at the blocks' own p; a k whose bound at the
        pooled p̂ is <= 0 is vacuous and not counted; each other k is verified if the 99% t interval of X lies above 0, refuted if
        below, inconclusive if it straddles; no counted k is no evidence (error). Verified only if exactness holds and (b) is
        verified with (a) not refuted. Earlier rule: verified unless a Wilson interval lay wholly below the bound, with the blocks
        counted as d1 (before the d1·d2 fix) and then d1·d2; changed because it stayed verified when no layer was built or every
        bound was vacuous, and it could not tell d1 blocks from d1·d2 (every block succeeds at C = 3).""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("the pruned layer computes Wᵀx", computes=lambda W, X: W.T @ X),
             mutant("the union bound over d1 blocks instead of d1·d2", blocks_of=lambda d1, d2: d1)],
)
def _layer(ctx: CheckContext, *, bound=_union_bound, computes=_wx, blocks_of=lambda d1, d2: d1 * d2) -> Verdict:
    measured, built = _layer_counts(ctx)
    inexact = [{"k": b["k"], "W": b["W"].tolist()} for b in built if not np.array_equal(b["output"], computes(b["W"], _input_grid(b["k"])))]
    if inexact:
        return Verdict(status=Status.REFUTED, claimed="pruned layer = the stated map", measured=f"{len(inexact)} of {len(built)} built layers differ",
                       counterexample=inexact[0], finding=f"a built layer (k = {inexact[0]['k']}) computes Wx, not the stated map")
    count_checked(built)  # no layer built: exactness rests on nothing
    wilson_rows = _union_bound_rows(measured, "d1=d2", lambda k: blocks_of(k, k), bound)
    below = [r for r in wilson_rows if r["ci_high"] < r["bound"]]
    paired = _paired_bound_rows(_layer_block_failures(ctx), "d1=d2", lambda r: blocks_of(r["d1=d2"], r["d1=d2"]), bound)
    status = Status.REFUTED if below else _paired_status(paired)
    refuting = below[0] if below else next((r for r in paired if r["status"] == "refuted"), None)
    return Verdict(
        status=status, claimed="built layers = Wx; P(success) >= 1 - (blocks)(1 - p)",
        measured={"built layers exact": f"{len(built)} of {len(built)}",
                  **{f"C={r['C']}, k={r['d1=d2']}": (r["status"] if r["status"] == "vacuous" else
                                                     f"{r['status']}: mean(success - bound) {r['mean(success - bound)']:.3f}")
                     for r in paired}},
        intervals={**{f"C={r['C']}, d1=d2={r['d1=d2']} (success)": [r["ci_low"], r["ci_high"]] for r in wilson_rows},
                   **{f"C={r['C']}, k={r['d1=d2']} (success - bound)": [r["ci_low"], r["ci_high"]]
                      for r in paired if r["status"] != "vacuous"}},
        counterexample=refuting,
        finding=(f"at C = {refuting['C']}, d1 = d2 = {refuting['d1=d2']} the layers succeed less often than the bound with "
                 f"{refuting['claimed blocks'] if 'claimed blocks' in refuting else refuting['blocks']} blocks allows"
                 if refuting else ""),
        would_decide="more random pairs at C = 2 (standard profile: 600 per k)" if status is Status.INCONCLUSIVE else "",
        notes=f"""δ = 0.01, block width n = {measured['n']} (C = 3); all {len(built)} layers built are exact on [-3, 3]^k. Holds by
            construction: the union bound is valid whatever the dependence between blocks (blocks of one input share its hidden
            units), so the probability part can fail only if the construction or Lemma 5's p were wrong; the paired test is there so
            that a wrong count of blocks is seen (with d1 blocks a network with one failing block already lies below the bound).""",
        evidence={"wilson table (C = 3)": wilson_rows, "paired table (C = 2)": paired})


def _type_one_forward(weights: list[np.ndarray], x: np.ndarray, k: int) -> np.ndarray:
    """Type I target: [W_l [relu(W_{l-1} ... [relu(W_1 x)]_δ)]_δ] with δ = 10^-k, integer codes.

    Inputs are codes of precision δ; each W_i x is in units of δ², truncated back to δ."""
    h = x
    for i, W in enumerate(weights):
        pre = truncate(W @ h, 2 * k, k)
        h = pre if i == len(weights) - 1 else np.maximum(0, pre)
    return h


def _pensia_forward(layers: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]], x: np.ndarray, k: int) -> np.ndarray:
    """Pruned Type II network: each pair (M, N) computes N relu(M x) exactly (weights and inputs
    in units of δ, so the result is in units of δ³); it is truncated to δ and passed through
    relu except after the last pair."""
    h = x
    for i, (M, N, T, S) in enumerate(layers):
        pre = truncate(two_layer_output(M, N, T, S, h), 3 * k, k)
        h = pre if i == len(layers) - 1 else np.maximum(0, pre)
    return h


def _hidden_unrounded_forward(weights: list[np.ndarray], x: np.ndarray, k: int) -> np.ndarray:
    """A wrong target semantics for the mutants: W_l relu(... relu(W_1 x)) rounded to δ only at the output."""
    h, exponent = x, k
    for i, W in enumerate(weights):
        h, exponent = W @ h, exponent + k
        if i < len(weights) - 1:
            h = np.maximum(0, h)
    return truncate(h, exponent, k)


@measurement
def _theorem6_constructions(ctx: CheckContext) -> list[dict]:
    """Measurement: per C, seeded Type I targets (δ = 0.1, widths (2, 2, 1)), and for each target whose Pensia masks exist the pruned
    Type II network's outputs on [-3, 3]²."""
    delta, k = 0.1, 1
    K = grid(delta)
    dims = (2, 2, 1)
    trials = ctx.budget(quick=60, standard=300)
    rng = ctx.rng()
    X = _input_grid(dims[0])
    rows = []
    for c in (3.0, 6.0):
        n = max(1, round(c * log_term(delta)))
        built = []
        for _ in range(trials):
            target = [rng.integers(-K, K + 1, (dims[i + 1], dims[i])) for i in range(len(dims) - 1)]
            layers = []
            for W in target:
                d2, d1 = W.shape
                M, N = rng.integers(-K, K + 1, (d1 * 2 * n, d1)), rng.integers(-K, K + 1, (d2, d1 * 2 * n))
                masks = layer_masks(M, N, W * K, 2 * n)
                if masks is None:
                    break
                layers.append((M, N, *masks))
            else:
                built.append({"target": target, "output": _pensia_forward(layers, X, k)})
        rows.append({"C": c, "n": n, "trials": trials, "built": built})
    return rows


#: Where Theorem 6's probability is tested: δ = 0.1, C = 3.5 (n = 23), where Lemma 5's p is about 0.9, so the bound
#: 1 - N_t (1 - p) is well above 0 and networks with two failing blocks are common; at C = 6 nearly every block succeeds.
THEOREM6_PROBABILITY_C = 3.5
THEOREM6_DIMS = (2, 2, 1)


@measurement
def _theorem6_block_failures(ctx: CheckContext) -> list[dict]:
    """Measurement: for random Type II networks of widths THEOREM6_DIMS at δ = 0.1, C = THEOREM6_PROBABILITY_C, the number of
    the N_t Lemma-5 blocks (one per target weight, over both Lemma-7 layers) that cannot represent every weight of S_δ."""
    delta, rng = 0.1, ctx.rng(1)
    n = max(1, round(THEOREM6_PROBABILITY_C * log_term(delta)))
    trials = ctx.budget(quick=300, standard=1500)
    layers = list(zip(THEOREM6_DIMS[:-1], THEOREM6_DIMS[1:]))
    failures = [sum(_failed_blocks(rng, d1, d2, n, delta) for d1, d2 in layers) for _ in range(trials)]
    return [{"C": THEOREM6_PROBABILITY_C, "n": n, "N_t": sum(d1 * d2 for d1, d2 in layers),
             "blocks": sum(d1 * d2 for d1, d2 in layers), "failed_blocks": failures}]


@claim(
    "slth.theorem6",
    uses=("slth.layer", "slth.param-count"),
    title="Theorem 6: a 2l-layer Type II random network prunes to every Type I target exactly",
    source=src("§5.1.2 Theorem 6; §5.2.1 proof"),
    kind=Kind.STATISTICAL,
    statement="""Applying Lemma 7 layer by layer, a 2l-layer random δ-quantised network of the stated widths can be pruned to equal a
        δ-quantised Type I target of depth l exactly, with probability 1 - N_t·O((log2 1/δ²)^(-1/7)).""",
    decision_rule="""Exactness: δ = 0.1, target widths (2, 2, 1) (N_t = 6), C in {3, 6}: build the masks for a random target and
        compare the pruned network with the target network as the theorem defines it (Type I: [·]_δ after each layer) on every
        input in [-3, 3]² (integer codes); refuted if a constructed network differs from its target anywhere; no network built is
        no evidence (error). Probability, the proof's union bound 1 - N_t (1 - p) with p Lemma 5's success: at δ = 0.1, C = 3.5
        (p about 0.9), per random network count the blocks F (of N_t, one per target weight) that cannot reach every weight and
        form X = 1{F = 0} - (1 - N_t (1 - q)), q = 1 - F/N_t the network's own block success rate, an unbiased estimate of P(every f is representable) minus the bound at the blocks'
        own p; if the bound at the pooled p̂ is <= 0 the point is vacuous (error: no evidence); otherwise verified if the 99% t
        interval of X lies above 0, refuted if below, inconclusive if it straddles. Verified only if both parts are. Earlier
        rule: verified if every constructed network was exact; changed because it stayed verified with no network built and
        never tested the probability.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("the target without its hidden rounding (W_2 relu(W_1 x), rounded once at the output)",
                    target_network=_hidden_unrounded_forward),
             mutant("the union bound over the l target layers instead of the N_t weights", blocks_of=lambda point: 2)],
)
def _theorem6(ctx: CheckContext, *, target_network=_type_one_forward, blocks_of=lambda point: point["N_t"]) -> Verdict:
    delta, k = 0.1, 1
    X = _input_grid(2)
    rows, mismatches = [], []
    for row in _theorem6_constructions(ctx):
        for b in row["built"]:
            if not np.array_equal(b["output"], target_network(b["target"], X, k)):
                mismatches.append({"C": row["C"], "target": [w.tolist() for w in b["target"]]})
        built = len(row["built"])
        low, high = wilson_interval(built, row["trials"], 0.99)
        rows.append({"C": row["C"], "n": row["n"], "trials": row["trials"], "built": built, "p_hat": built / row["trials"],
                     "ci_low": low, "ci_high": high})
    if mismatches:
        return Verdict(status=Status.REFUTED, claimed="pruned network = target", measured=f"{len(mismatches)} inexact constructions",
                       counterexample=mismatches[0], finding=f"{len(mismatches)} pruned networks differ from the stated target network",
                       evidence={"table": rows})
    count_checked(sum(r["built"] for r in rows))  # no network built: exactness rests on nothing
    paired = _paired_bound_rows(_theorem6_block_failures(ctx), "C", blocks_of, _union_bound)
    status = _paired_status(paired)
    refuting = next((r for r in paired if r["status"] == "refuted"), None)
    return Verdict(status=status, claimed="exact representation; P(every target representable) >= 1 - N_t (1 - p)",
                   measured={**{f"C={r['C']}": f"{r['built']}/{r['trials']} targets built, all exact on 49 inputs" for r in rows},
                             **{f"C={r['C']} (probability)": f"{r['status']}: P(all N_t blocks succeed) {r['P(all blocks succeed)']:.3f}, "
                                                             f"bound at p̂ {r['bound at p_hat']:.3f}" for r in paired}},
                   intervals={**{f"C={r['C']} (built)": [r["ci_low"], r["ci_high"]] for r in rows},
                              **{f"C={r['C']} (success - bound)": [r["ci_low"], r["ci_high"]] for r in paired if "ci_low" in r}},
                   counterexample=mt.rounded(refuting, 12),
                   finding=(f"at C = {refuting['C']} the networks succeed less often than the bound with {refuting['claimed blocks']} "
                            f"blocks allows" if refuting else ""),
                   would_decide="more random networks at C = 3.5 (standard profile: 1500)" if status is Status.INCONCLUSIVE else "",
                   notes=f"""δ = {delta}. Per random target (not all targets at once); the ∀f statement is covered by the per-weight ∀w
                       check of slth.single-weight.width. The theorem's widths mix δ_2 and δ (slth.theorem6.dimensions). Holds by
                       construction: the union bound is valid whatever the dependence between blocks, so the probability part can
                       fail only if Lemma 5's p or the construction were wrong; the paired test is there so that a wrong count of
                       blocks is seen.""",
                   evidence={"table": rows, "probability table": mt.rounded(paired, 12)})


#: (d_(i-1), d_i) and (δ_2, δ) pairs at which the layer shapes are compared.
DIMENSION_GRID = tuple(itertools.product(((2, 3), (3, 2), (2, 2)), ((0.001, 0.01), (0.01, 0.1), (0.1, 0.1))))


def _printed_even_columns(d_prev, d_next, delta2, delta):
    """Columns of M_2i as Theorem 6 prints them, in units of C: d_(i-1) log2(1/δ_2²)."""
    return d_prev * log_term(delta2)


def _odd_rows(d_prev, d_next, delta2, delta):
    """Rows of M_2i-1 as Theorem 6 prints them, in units of C: d_(i-1) log2(1/δ²)."""
    return d_prev * log_term(delta)


def _corrected_even_columns(d_prev, d_next, delta2, delta):
    """Columns of M_2i with δ for δ_2, in units of C: d_(i-1) log2(1/δ²)."""
    return d_prev * log_term(delta)


def _dimension_rows(even_columns, odd_rows) -> list[dict]:
    """The inner dimensions of M_2i · relu(M_2i-1 ·) on the grid, next to Lemma 7's width C d_1 log2(1/δ²) with d_1 = d_(i-1)."""
    return [{"d_(i-1)": dp, "d_i": dn, "delta_2": d2, "delta": d, "M_2i columns / C": even_columns(dp, dn, d2, d),
             "M_2i-1 rows / C": odd_rows(dp, dn, d2, d), "Lemma 7 width / C": dp * log_term(d)} for (dp, dn), (d2, d) in DIMENSION_GRID]


def _dimensions_verdict(rows: list[dict], keys: tuple[str, ...], refuted_detail: str = "", **fields) -> Verdict:
    """Refuted at the first grid point where the named widths differ (``refuted_detail`` then says why no reading helps)."""
    bad = [r for r in rows if not all(math.isclose(r[keys[0]], r[k]) for k in keys[1:])]
    return Verdict.from_counterexamples(
        bad, checked=rows, claimed=" = ".join(keys), measured=f"equal at all {len(rows)} grid points" if not bad else f"they differ at {len(bad)} of {len(rows)} grid points",
        finding=f"d_(i-1) = {bad[0]['d_(i-1)']}, d_i = {bad[0]['d_i']}, δ_2 = {bad[0]['delta_2']}, δ = {bad[0]['delta']}: "
                + ", ".join(f"{k} = {bad[0][k]:.2f}" for k in keys) if bad else "",
        decision_detail=refuted_detail if bad else "", evidence={"table": rows}, **fields)


@claim(
    "slth.theorem6.dimensions",
    title="Theorem 6: the stated layer dimensions compose",
    source=src("§5.1.2 Theorem 6 (dimensions of M_2i and M_2i-1)"),
    kind=Kind.AUDIT,
    statement="""M_{2i} has dimension d_i × C d_{i-1} log2(1/δ_2²) and M_{2i-1} has dimension C d_{i-1} log2(1/δ²) × d_{i-1}, so that
        consecutive layers fit together.""",
    reading="The printed shapes, with δ_2 (the random network's precision) in M_2i and δ (the pruning precision) in M_2i-1.",
    charitable_reading="""Any admissible δ_2 and δ: the theorem allows δ_2 < δ (weights of precision δ_2, reduced to δ <= δ_1), and the
        product M_2i relu(M_2i-1 x) needs the columns of M_2i to equal the rows of M_2i-1, which the printed shapes give only when
        δ_2 = δ. The evident intent, δ in both (Lemma 7, which the proof applies layer by layer, uses log2(1/δ²) for both N and M), is
        the correction slth.theorem6.dimensions.corrected.""",
    decision_rule="""Evaluate both inner dimensions (in units of C) for (d_(i-1), d_i) in {(2, 3), (3, 2), (2, 2)} and (δ_2, δ) in
        {(0.001, 0.01), (0.01, 0.1), (0.1, 0.1)}; verified if they agree everywhere, refuted with numbers at the first pair that differs.""",
    recorded="refuted",
    severity="typo",
    correction="slth.theorem6.dimensions.corrected",
    mutants=[mutant("columns of M_2i indexed by d_i instead of d_(i-1)", even_columns=lambda dp, dn, d2, d: dn * log_term(d)),
             control("δ for δ_2 (the correction)", even_columns=_corrected_even_columns)],
)
def _theorem6_dimensions(ctx: CheckContext, *, even_columns=_printed_even_columns, odd_rows=_odd_rows) -> Verdict:
    return _dimensions_verdict(
        _dimension_rows(even_columns, odd_rows), ("M_2i columns / C", "M_2i-1 rows / C"),
        refuted_detail="""The shapes differ at every grid point with δ_2 < δ, which the theorem admits (it reduces δ_2-precise weights
            to δ <= δ_1); no reading of the printed symbols makes them compose there. Only δ_2 = δ does (the correction).""",
        notes="Theorem 6 also gives every S_i the shape d_i × d_(i-1), though a mask has its M_i's shape.")


@claim(
    "slth.theorem6.dimensions.corrected",
    title="Theorem 6, corrected: with log2(1/δ²) in both, the layer dimensions compose and are Lemma 7's",
    source=src("§5.1.2 Theorem 6 (dimensions), with δ for δ_2; §5.2.1 Lemma 7 (dimensions of N and M)"),
    kind=Kind.AUDIT,
    statement="""With M_{2i} of dimension d_i × C d_{i-1} log2(1/δ²) and M_{2i-1} of dimension C d_{i-1} log2(1/δ²) × d_{i-1}, consecutive
        layers fit together, and each pair has the shapes of Lemma 7 (N: d_2 × C d_1 log2(1/δ²), M: C d_1 log2(1/δ²) × d_1).""",
    decision_rule="""On the grid of slth.theorem6.dimensions, the columns of M_2i, the rows of M_2i-1 and Lemma 7's width must all agree;
        verified if they do everywhere, refuted at the first point that differs.""",
    recorded="verified",
    mutants=[mutant("the printed δ_2 in M_2i", even_columns=_printed_even_columns),
             mutant("columns of M_2i indexed by d_i instead of d_(i-1)", even_columns=lambda dp, dn, d2, d: dn * log_term(d))],
)
def _theorem6_dimensions_corrected(ctx: CheckContext, *, even_columns=_corrected_even_columns, odd_rows=_odd_rows) -> Verdict:
    return _dimensions_verdict(_dimension_rows(even_columns, odd_rows), ("M_2i columns / C", "M_2i-1 rows / C", "Lemma 7 width / C"))


# --------------------------------------------------------------------------- Theorem 7 (Burkholz)

def _doubled_log_copies(delta: float) -> int:
    """Theorem 7's copies per neuron, 2 log2(1/δ²), rounded up (it is not an integer)."""
    return math.ceil(2 * log_term(delta))


THEOREM7_DELTAS = (0.1, 0.01, 0.001)


@measurement
def _copy_layer_hits(ctx: CheckContext, copies: tuple[int, ...]) -> list[dict]:
    """Measurement (b): for δ in {0.1, 0.01, 0.001} with the given numbers of copies, how often every target code in [-1/δ, 1/δ]
    is a subset sum of that many weights with codes uniform on ±1..±1/δ."""
    trials = ctx.budget(quick=300, standard=2000)
    rng = ctx.rng()
    rows = []
    for delta, count in zip(THEOREM7_DELTAS, copies):
        K, hits = grid(delta), 0
        for _ in range(trials):
            magnitude = rng.integers(1, K + 1, count)
            weights = np.where(rng.random(count) < 0.5, -magnitude, magnitude)
            hits += bool(SubsetSums(weights).contains(np.arange(-K, K + 1)).all())
        low, high = wilson_interval(hits, trials, 0.99)
        rows.append({"delta": delta, "copies": count, "trials": trials, "p_hat": hits / trials, "ci_low": low, "ci_high": high})
    return rows


def _copy_layer_status(rows: list[dict]) -> Status:
    """Decision (b): high and non-decreasing success at the smallest δ, or significantly low or falling."""
    last, first = rows[-1], rows[0]
    if last["ci_low"] >= 0.9 and not any(b["ci_high"] < a["ci_low"] for a, b in zip(rows, rows[1:])):
        return Status.VERIFIED
    if last["ci_high"] < 0.5 or last["ci_high"] < first["ci_low"]:
        return Status.REFUTED
    return Status.INCONCLUSIVE


@claim(
    "slth.theorem7",
    uses=("slth.neuron", "slth.lemma5-uniform"),
    title="Theorem 7 / Lemma 8: 2 log2(1/δ²) copies per neuron suffice in the later layers, with no constant",
    source=src("§5.1.2 Theorem 7; §5.2.2 Lemma 8"),
    kind=Kind.STATISTICAL,
    statement="""In the Burkholz construction each target neuron is kept as 2 log2(1/δ²) identical copies; a target weight W[i', i] is then
        realised by pruning the random weights from the copies of neuron i to a copy of neuron i', a subset sum with
        2 log2(1/δ²) items uniform on {±δ, ..., ±1} and target in S_δ. With exactly that many copies (no constant) every weight is
        representable with high probability, and the probability tends to 1 as δ shrinks.""",
    decision_rule="""(a) Whole networks: δ = 0.1, target widths (2, 2, 2, 1), first block C = 6, ceil(2 log2(1/δ²)) copies; build the masks for
        seeded random targets and compare the pruned network with the Type I target on every input in [-3, 3]² in integer arithmetic;
        refuted if any built network differs. (b) The copy layers: for δ in {0.1, 0.01, 0.001}, draw the stated number of copies
        (ceil(2 log2(1/δ²))) of weights (codes uniform on ±1..±1/δ) and check whether every target code in [-1/δ, 1/δ] is a subset sum.
        Verified if (a) holds and in (b) the success rate at the smallest δ is at least 0.9 and does not decrease as δ shrinks (99%
        Wilson intervals); refuted if (b) is significantly below 0.5 at the smallest δ or decreases significantly; else inconclusive.""",
    recorded="verified",
    mutants=[mutant("log2(1/δ) copies (δ for δ², and no factor 2)", copies=lambda delta: math.ceil(math.log2(1 / delta))),
             mutant("the target without its hidden rounding", target_network=_hidden_unrounded_forward)],
)
def _theorem7(ctx: CheckContext, *, copies=_doubled_log_copies, target_network=_type_one_forward) -> Verdict:
    whole = _burkholz_networks(ctx)
    X = _input_grid(2)
    mismatch = next(({"targets": [t.tolist() for t in b["targets"]]} for b in whole["networks"]
                     if not np.array_equal(b["output"], target_network(b["targets"], X, 1))), None)
    summary = {k: v for k, v in whole.items() if k != "networks"} | {"built": len(whole["networks"])}
    if mismatch:
        return Verdict(status=Status.REFUTED, claimed="pruned network = target", measured="inexact construction",
                       counterexample=mismatch, finding="a built Burkholz network differs from the stated target network",
                       evidence={"whole_networks": summary})
    rows = _copy_layer_hits(ctx, tuple(copies(d) for d in THEOREM7_DELTAS))
    status = _copy_layer_status(rows)
    measured = {f"copy layer, delta={r['delta']}": f"{r['p_hat']:.3f} with {r['copies']} copies" for r in rows}
    measured["whole networks (δ = 0.1)"] = f"{summary['built']}/{summary['trials']} targets built, all exact on 49 inputs"
    return Verdict(status=status, claimed="exact representation with 2 log2(1/δ²) copies, w.h.p.", measured=measured,
                   counterexample=rows if status is Status.REFUTED else None,
                   finding=f"with {rows[-1]['copies']} copies at δ = {rows[-1]['delta']} every target is reachable in only "
                           f"{rows[-1]['p_hat']:.3f} of the draws" if status is Status.REFUTED else "",
                   would_decide="more trials per δ" if status is Status.INCONCLUSIVE else "",
                   intervals={f"delta={r['delta']}": [r["ci_low"], r["ci_high"]] for r in rows},
                   notes="""2 log2(1/δ²) is not an integer; we round up. At δ = 0.1 a whole network needs about a hundred subset sums
                       to succeed at once, hence the modest build rate; the per-sum success tends to 1 as δ shrinks (part b). The
                       theorem's dimension list is internally inconsistent (M_1 is written d_0 × C d_0 log2(1/δ²), M_2 as
                       2d_1 log2(1/δ²) × C d_0 log2(1/δ²)), which no single rows-by-columns convention makes compose; the check
                       follows the construction of Lemma 8.""",
                   evidence={"copy_layers": rows, "whole_networks": summary, "trials": rows[0]["trials"]})


@measurement
def _burkholz_networks(ctx: CheckContext) -> dict:
    """Measurement (a): build the Burkholz construction for seeded random targets; keep each built network's outputs."""
    delta, k = 0.1, 1
    K, L = grid(delta), log_term(delta)
    dims, copies, block = (2, 2, 2, 1), _doubled_log_copies(delta), round(6 * L)
    trials = ctx.budget(quick=30, standard=200)
    rng = ctx.rng(1)
    X = _input_grid(dims[0])
    networks = []
    for _ in range(trials):
        targets = [rng.integers(-K, K + 1, (dims[i + 1], dims[i])) for i in range(len(dims) - 1)]
        net = random_network(rng, dims, K, block, copies)
        masks = burkholz_masks(net, targets, K)
        if masks is not None:
            networks.append({"targets": targets, "output": burkholz_forward(net, masks, X, k)})
    return {"trials": trials, "dims": dims, "copies": copies, "first_block": block, "networks": networks}


# --------------------------------------------------------------------------- Theorem 8 and the conjecture

def _parameter_count_bound(p: float, d: int, delta: float) -> float:
    """Theorem 8's bound: log2 p + d² log2(2/δ + 1)."""
    return (math.log2(p) if p else -math.inf) + d * d * math.log2(2 / delta + 1)


@measurement
def _realised_maps(ctx: CheckContext) -> list[dict]:
    """Measurement: for seeded pair networks (d = 1, δ = 0.1, width 2n, n = 1..4), enumerate all 2^α masks and count the maps
    x -> wx, w in S_δ, realised exactly (equal slopes for x > 0 and x < 0)."""
    K = grid(0.1)
    rng = ctx.rng()
    rows = []
    for n in (1, 2, 3, 4):
        for _ in range(3):
            u, v = random_pairs(rng, 1, n, 0.1)
            u, v = u[0], v[0]
            masks = np.array(list(itertools.product((0, 1), repeat=4 * n)), dtype=np.int64)
            keep_u, keep_v = masks[:, : 2 * n] * u, masks[:, 2 * n:] * v
            slope_pos = (keep_v * np.maximum(keep_u, 0)).sum(axis=1)  # output at x = +1
            slope_neg = (keep_v * np.maximum(-keep_u, 0)).sum(axis=1)  # minus output at x = -1
            linear = slope_pos[slope_pos == slope_neg]
            realised = np.intersect1d(np.unique(linear), np.arange(-K, K + 1) * K).size
            rows.append({"n": n, "alpha": int(np.count_nonzero(u) + np.count_nonzero(v)), "maps_realised": realised,
                         "p": realised / (2 * K + 1)})
    return rows


@claim(
    "slth.lower-bound",
    title="Theorem 8: representing every d×d δ-quantised map with probability p needs α >= log2 p + d² log2(2/δ + 1) parameters",
    source=src("§5.1.3 Theorem 8; proof in 'Lower Bound by Parameter Counting'"),
    kind=Kind.EXACT,
    statement="""A δ-quantised network with α non-zero parameters can realise at most 2^α functions by pruning, while the d×d linear maps
        with weights in S_δ number (2/δ + 1)^(d²).""",
    decision_rule="""Exhaustive at d = 1, δ = 0.1: for seeded pair networks with α = 4n parameters (n = 1..4), enumerate all 2^α masks, record
        which maps x -> wx (w in S_δ) are realised exactly (equal slopes for x > 0 and x < 0), and check α >= the stated bound at the
        share p realised. Refuted if some network violates it. The constructions' parameter counts are compared with the bound.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("the count of maps (2/δ + 1)^(d²) used in place of its logarithm",
                    bound=lambda p, d, delta: (math.log2(p) if p else -math.inf) + d * d * (2 / delta + 1))],
)
def _lower_bound(ctx: CheckContext, *, bound=_parameter_count_bound) -> Verdict:
    delta = 0.1
    rows = [{**r, "bound": bound(r["p"], 1, delta)} for r in _realised_maps(ctx)]
    bad = [r for r in rows if r["alpha"] < r["bound"]]
    construction = {f"C={c}": {"Pensia layer parameters per target weight": 2 * 2 * max(1, round(c * log_term(delta))),
                               "bound per weight, log2(2/δ+1)": math.log2(2 / delta + 1)} for c in (3.0, 6.0)}
    return Verdict.from_counterexamples(bad, checked=rows, claimed="α >= the stated bound", measured=f"bound holds for all {len(rows)} exhaustively enumerated networks"
                                        if not bad else f"violated by {len(bad)} of {len(rows)} networks",
                                        finding=f"a network with α = {bad[0]['alpha']} realises {bad[0]['maps_realised']} maps, below the "
                                                f"stated bound {bad[0]['bound']:.1f}" if bad else "",
                                        notes="""The bound is a counting argument (at most 2^α masks) and holds by construction; d = 1 cannot
                                            tell d² from d. Its content is the comparison: a Pensia layer spends about 4·C·log2(1/δ²)
                                            parameters per target weight against log2(2/δ+1) ≈ log2(1/δ) needed, the same order with a
                                            constant near 8C.""",
                                        evidence={"table": rows, "constructions": construction})


def _rise_widths(curves: dict[float, list[dict]]) -> dict[float, float | None]:
    """The 10-90% width of each success curve's rise, in C."""
    widths = {}
    for d, rows in curves.items():
        c10, c90 = _c_at(rows, 0.1)["C"], _c_at(rows, 0.9)["C"]
        widths[d] = None if c10 is None or c90 is None else c90 - c10
    return widths


@claim(
    "slth.phase-transition",
    title="§5.3.1 conjecture on its smallest target (one weight): the success chance jumps at a critical width/log2(1/δ²), more sharply as δ shrinks",
    source=src("§5.3.1 (conjectured SLTH phase transition)"),
    kind=Kind.STATISTICAL,
    statement="""The conjecture is about pruning a random quantised network to a whole target network: the success probability, as a
        function of a parameter combining size and precision, rises from 0 to 1 around a critical value, and the rise sharpens for
        large networks.  What is checked is its smallest instance, the target a single weight (every w in S_δ, Lemma 5's pair
        network), with C = width/log2(1/δ²): the rise sharpens as δ shrinks.  A whole target network is not tested.""",
    decision_rule="""Use the Lemma 5 success curves (∀w in S_δ) of slth.single-weight.width. Estimate the crossing C* (p = 0.5) per δ with a
        bracket from 95% intervals, and the 10-90% width of the rise in C (first grid C reaching 0.9 minus first reaching 0.1). Its
        uncertainty: a bootstrap over each curve's trials (2000 replicates, every row's successes redrawn as Binomial(trials, p_hat),
        fixed seed), giving a 95% percentile interval [lo, hi] for each change of width as δ shrinks (smaller δ minus larger δ). For
        the stated direction (sharpening): verified if every change has hi < -0.25 (narrower by more than one grid step), refuted if
        some change has lo > +0.25, inconclusive otherwise, or if more than 2.5% of replicates have a curve that never spans
        10-90%; the opposite direction is decided the other way round. Earlier rule: the same one-step margins applied to the
        point estimates of the widths; changed because a point estimate on the grid carries no statement of its sampling error
        (150 trials per point at the quick profile).""",
    recorded="verified",
    mutants=[mutant("the rise broadens as the size grows", sharpens=False)],
)
def _phase_transition(ctx: CheckContext, *, sharpens=True) -> Verdict:
    curves = _curves(ctx)
    widths = _rise_widths(curves)
    order = sorted(curves, reverse=True)  # δ decreasing: larger networks
    ordered = [widths[d] for d in order]
    steps = [] if None in ordered else [b - a for a, b in zip(ordered, ordered[1:])]
    boot = _bootstrap_crossings(curves, ctx.rng(0), levels=(0.1, 0.9))
    with np.errstate(invalid="ignore"):
        replicate_widths = {d: boot[d][0.9] - boot[d][0.1] for d in order}
    spans = np.all([np.isfinite(replicate_widths[d]) for d in order], axis=0)
    changes = [replicate_widths[b][spans] - replicate_widths[a][spans] for a, b in zip(order, order[1:])]
    change_intervals = [_percentile_interval(c) for c in changes] if spans.mean() >= 0.975 else []
    width_intervals = {f"10-90% width delta={d}": _percentile_interval(replicate_widths[d][spans]) for d in order if spans.any()}
    # in the asserted direction, a change is 'narrower' for sharpening; flip signs for the broadening variant
    toward = [(-hi, -lo) if sharpens else (lo, hi) for lo, hi in change_intervals]
    if not change_intervals:
        status = Status.INCONCLUSIVE
    elif all(low > 0.25 for low, _ in toward):
        status = Status.VERIFIED
    elif any(high < -0.25 for _, high in toward):
        status = Status.REFUTED
    else:
        status = Status.INCONCLUSIVE
    crossing = {f"delta={d}": _c_at(rows, 0.5) for d, rows in curves.items()}
    labels = [f"width change delta {a} -> {b}" for a, b in zip(order, order[1:])]
    return Verdict(status=status, claimed="a sharpening jump at a critical C" if sharpens else "a broadening rise",
                   measured={"C* (p=0.5)": crossing, "10-90% width in C": {f"delta={d}": w for d, w in widths.items()},
                             "width change (point)": dict(zip(labels, steps))},
                   intervals={**width_intervals, **dict(zip(labels, change_intervals))},
                   decision_detail=("95% bootstrap intervals of the width changes: "
                                    + ", ".join(f"{lab}: [{lo:.3f}, {hi:.3f}]" for lab, (lo, hi) in zip(labels, change_intervals))
                                    + f"; margin one grid step (0.25); {spans.mean():.1%} of replicates span 10-90% on every curve"),
                   counterexample={"widths": widths, "change intervals": change_intervals} if status is Status.REFUTED else None,
                   finding=f"the 10-90% width changes by {steps} in C as δ shrinks (95% intervals {change_intervals})"
                   if status is Status.REFUTED else "",
                   would_decide="curves at a smaller δ (the paper profile adds δ = 0.001) or more trials per point"
                   if status is Status.INCONCLUSIVE else "",
                   notes="Sizes here are those of one weight's subnetwork; the transition of a whole network compounds it over N_t weights.",
                   evidence={"widths": widths, "crossing": crossing})


def _success_figure(ctx: CheckContext, curves: dict[float, list[dict]]):
    fig, ax = new_figure()
    for i, (d, rows) in enumerate(sorted(curves.items(), reverse=True)):
        cs = [r["C"] for r in rows]
        ax.errorbar(cs, [r["p_hat"] for r in rows], yerr=np.array([[r["p_hat"] - r["ci_low"], r["ci_high"] - r["p_hat"]] for r in rows]).T,
                    fmt="o-", ms=3, color=f"C{i}", label=f"δ = {d}")
    ax.axhline(0.5, color="grey", lw=0.7)
    ax.axhline(0.9, color="grey", lw=0.7, ls=":")
    ax.set_xlabel("C = n / log2(1/δ²)")
    ax.set_ylabel("P(every w in S_δ representable)")
    ax.legend(fontsize=8)
    return ctx.save_figure(fig, "Lemma 5: probability that a random pair network of width 2n represents every δ-quantised weight, against C.",
                           name="success-vs-C")
