"""Checks of the training-based claims of the IMP thesis (§5.2, §6.1, §8.2-8.3, §9) on
the Hamiltonian trial-solution networks, through the staged experiments of
``empirical.hnn.experiments``.

Scope: the quick and standard profiles run the thesis's task at a smaller budget
(``reduced``); only the paper profile runs its scale (``document``).  Each check returns its
raw decision on whatever profile it runs; the runner's scope gate turns a raw ``refuted`` at
reduced scope into ``inconclusive``, and :func:`_finish` says what would decide it.

Two kinds of statement are separated.  Statements of the thesis's numbers (exponents, σ
values, density ranges tied to an error level) are compared only at its scale
(:func:`_values_at_thesis_scale`: a match below it is inconclusive).  Scale-free statements
(signs, orderings, which arm beats which) are decided at every profile, but only on
densities inside the thesis's own runs (d ≥ 0.1, §8.2): quantities taken over a run (σ, λ,
paired comparisons) are measured on the rounds inside that range, and a comparison whose
window the data place below it (a critical window, a winning boundary) can be verified only
where the window lies inside it (:func:`_inside_document_range`).

Every check keeps its measurement (memoised per claim) apart from its decision, so the
mutants rerun only the decision on the same numbers.
"""
from __future__ import annotations

import math
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from scipy import stats as st

from empirical.hnn.flow import AVERAGES, relative_sem, sigma_from_ratios
from empirical.hnn.imp import Arm, ImpConfig, run_imp
from empirical.hnn.network import PARAM_NAMES, WEIGHT_NAMES
from empirical.hnn.scaling import (
    collapsed_layers,
    compare_models,
    connected_outputs,
    critical_window,
    fit_line,
    winning_boundary,
)
from empirical.hnn.systems import get_system
from empirical.hnn.training import TrainConfig

from .. import mathtext as mt
from ..context import CheckContext
from ..measure import measurement
from ..plotting import new_figure
from ..registry import claim, mutant
from ..stats import combine_point_statuses, decide_above
from ..verdict import Figure, Kind, Source, Status, Verdict
from .evidence import (
    DOCUMENT_DENSITY_FLOOR,
    THESIS_DENSE_MSE,
    THESIS_SIGMA,
    WIN_TOLERANCE,
    dense_regime,
    last_round_in_range,
    loss,
    ratios,
    scale_note,
    shares,
    sigma_per_seed,
    skipped_without_gpu,
    stage,
    t_interval,
    usable_rounds,
)

DOC = "imp-renormalisation-group-thesis.md"
src = Source.factory(DOC)
LAYERS = ("input", "hidden", "output")
SYSTEMS = {"NL": ("nl-imp", "nl-oscillator"), "HH": ("hh-imp", "henon-heiles")}
AT_THESIS_SCALE = "paper"
THESIS_MSE = {label: THESIS_DENSE_MSE[system] for label, (_, system) in SYSTEMS.items()}
#: Quick and standard run the thesis's task at a smaller budget; paper runs its scale.
SCOPE = {"quick": "reduced", "standard": "reduced", "paper": "document"}
EMPIRICAL_RECORD = {"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"}
PAPER_DECIDES = ("the paper profile on a GPU: the thesis's 1% rate, 230 rounds down to density 0.1 and "
                 "5e4 / 2e4 epochs (lth-verify report --profile paper)")
IN_RANGE = f"d ≥ {DOCUMENT_DENSITY_FLOOR:g}"
#: Why a claim decided only at the thesis's scale has no informative variant below it.
BELOW_SCALE_VARIANTS = """Below the thesis's scale (or training budget) the rule refutes the document's own version
    too, and the scope gate records that inconclusive, so a refuted mutant cannot differ from it here; the
    mutants become informative at the paper profile, where the document's version can hold."""


def _paper_only(ctx: CheckContext) -> bool:
    return ctx.profile == AT_THESIS_SCALE


def _finish(ctx: CheckContext, verdict: Verdict, would_decide: str = PAPER_DECIDES) -> Verdict:
    """Say what would decide a verdict left open here: an inconclusive one, or a raw refuted one at
    a reduced scope (which the runner's scope gate turns into inconclusive)."""
    if verdict.status is Status.INCONCLUSIVE or (verdict.status is Status.REFUTED and not _paper_only(ctx)):
        verdict.would_decide = would_decide
    return verdict


def _values_at_thesis_scale(ctx: CheckContext, verdict: Verdict) -> Verdict:
    """The thesis's numbers are compared only at its scale: a match below it is inconclusive
    (a raw refutation is left to the scope gate, so mutants still see it)."""
    if verdict.status is not Status.VERIFIED or _paper_only(ctx):
        return verdict
    return replace(verdict, status=Status.INCONCLUSIVE,
                   decision_detail=(verdict.decision_detail + " " if verdict.decision_detail else "")
                   + "The values agree, but at a budget below the thesis's that decides nothing.")


def _inside_document_range(verdict: Verdict, lowest_density: float, what: str) -> Verdict:
    """A scale-free comparison is verified only where its window lies inside the thesis's density
    range (boundaries at d = 0.03 say nothing about a statement made for 0.1 to 1)."""
    if verdict.status is not Status.VERIFIED or lowest_density >= DOCUMENT_DENSITY_FLOOR:
        return verdict
    return replace(verdict, status=Status.INCONCLUSIVE,
                   decision_detail=(verdict.decision_detail + " " if verdict.decision_detail else "")
                   + f"The rule holds, but {what} reaches down to density {lowest_density:.3g}, outside the "
                     f"thesis's range ({IN_RANGE}), so it is not decided here.")


def _window(result, idx):
    """Critical window rounds and the pooled (density, loss) points in it."""
    ok = usable_rounds(result, idx)
    rounds = critical_window(result.density[:, idx], loss(result, idx), ok)
    d = result.density[rounds][:, idx].ravel()
    e = loss(result, idx)[rounds].ravel()
    return rounds, d, e


# --------------------------------------------------------------------------- §6.1
@measurement
def _projection(ctx: CheckContext) -> dict:
    """Pruned weights that came back in a later round, first collapses, and a repeated run."""
    returned, collapses, transitions = [], {}, 0
    for label, (name, _) in SYSTEMS.items():
        result = stage(ctx, name)
        for n in range(1, len(result.masks)):
            transitions += len(result.config.arms)
            for w in WEIGHT_NAMES:
                grew = (result.masks[n][w] & ~result.masks[n - 1][w]).reshape(len(result.config.arms), -1).any(1)
                for a in np.nonzero(grew.numpy())[0]:
                    returned.append(f"{label} arm {a} round {n}: a pruned weight of {w} returned")
        for a, arm in enumerate(result.config.arms):
            for n, m in enumerate(result.masks):
                one = {k: v[a:a + 1] for k, v in m.items()}
                if collapsed_layers(one).any() or not connected_outputs(one).all():
                    collapses[f"{label} {arm.label} seed {arm.seed}"] = {
                        "round": n, "density": round(float(result.density[n, a]), 4),
                        "collapsed layers": [WEIGHT_NAMES[i] for i in np.nonzero(collapsed_layers(one)[0])[0]]}
                    break
    cfg = ImpConfig(TrainConfig("nl-oscillator", epochs=60, n_points=40), (Arm(5, 0.3), Arm(6, 0.3)), rounds=2)
    runs = []
    for _ in range(2):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(run_imp(cfg, Path(tmp)))
    identical = all(torch.equal(runs[0].masks[n][w], runs[1].masks[n][w]) for n in range(3) for w in WEIGHT_NAMES) and \
        all(torch.equal(runs[0].params[n][p], runs[1].params[n][p]) for n in range(3) for p in PARAM_NAMES)
    return {"returned": returned, "identical": identical, "collapses": collapses, "transitions": transitions}


@claim(
    "imp.rg-projection",
    uses=("imp.rg-projection.eq42-coupling",),
    title="§6.1 eq. 40-42: IMP's projection meets the three RG requirements",
    source=src("§6.1 eq. 39-42 and requirements 1-3"),
    kind=Kind.EMPIRICAL,
    statement="""IMP's projection operator is (i) non-negative, (ii) adds no coupling that was absent —
        pruning only removes connections, and a layer collapse (all weights between two layers gone)
        is the exception to watch — and (iii) normalised because IMP with a fixed seed is deterministic.""",
    decision_rule="""(i) holds by construction (a product of deltas); (ii) on every arm and round of the NL
        and HH IMP runs the support must only shrink (no pruned weight returns), and layer collapses /
        outputs cut off from the input are counted and reported; (iii) a two-round IMP run repeated in two
        fresh directories must give bit-identical masks and weights.  Verified if what is measured for
        (ii) and (iii) is what the claim states; refuted by a returning weight or a run that differs.""",
    recorded={"quick": "verified", "standard": "verified", "paper": "skipped"},
    scope=SCOPE,
    by_construction=True,
    mutants=[mutant("pruning adds couplings: some pruned weight returns in a later round", pruned_weights_return=True),
             mutant("a fixed seed does not make IMP reproducible", repeat_identical=False)],
)
def _rg_projection(ctx: CheckContext, *, pruned_weights_return: bool = False, repeat_identical: bool = True) -> Verdict:
    claimed = {"pruned weights return": pruned_weights_return, "repeat run bit-identical": repeat_identical}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    m = _projection(ctx)
    problems = []
    if bool(m["returned"]) != pruned_weights_return:
        problems.append(m["returned"][0] if m["returned"] else "no pruned weight returns in any arm or round")
    if m["identical"] != repeat_identical:
        problems.append(f"two runs of the same config with the same seed are {'' if m['identical'] else 'not '}"
                        f"bit-identical")
    return Verdict.from_counterexamples(
        problems, checked=m["transitions"] + 1, claimed=claimed,
        measured={"support only shrinks": not m["returned"], "repeat run bit-identical": m["identical"],
                  "arms with a collapse or a cut-off output (first round)": m["collapses"] or "none"},
        finding=problems[0] if problems else "",
        notes=scale_note(ctx) + " Holds by construction: IMP's masks are products of earlier masks, and (i) and "
              "(iii) hold for any deterministic map, so nothing here singles out IMP; a conditional probability "
              "is normalised whether or not the seed is fixed — the fixed seed buys reproducibility, not "
              "normalisation.")


# --------------------------------------------------------------------------- §5.2 flow
@measurement
def _connected_shares(ctx: CheckContext) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per system: M_i(n) and λ_i(n) over the connected rounds of the full-model arms."""
    out = {}
    for label, (name, _) in SYSTEMS.items():
        result = stage(ctx, name)
        idx = result.arm_indices("full")
        lam = ratios(result, idx)
        out[label] = (shares(result, idx)[: lam.shape[0] + 1], lam)
    return out


@claim(
    "imp.flow-constraint.measured",
    title="Suite: on our IMP runs Σ_i M_i λ_i = 1 and some λ_i ≤ 1 at every round",
    source=src("§5.2 eq. 35-36 (the definitions the suite's identity follows from; the thesis does not state it)"),
    kind=Kind.EMPIRICAL,
    origin="suite",
    statement="""Our test instance of the suite's identity imp.flow-constraint.identity (not a statement of the
        thesis): on the suite's IMP runs the share-weighted ratios sum to one at every round, so at every round
        at least one layer has λ ≤ 1 (is not relevant).""",
    decision_rule="""On every connected round of the NL and HH full-model runs: verified if |Σ M_i λ_i - 1|
        ≤ 1e-9 and min_i λ_i ≤ 1 everywhere; refuted by the first round where either fails.""",
    recorded={"quick": "verified", "standard": "verified", "paper": "skipped"},
    scope=SCOPE,
    by_construction=True,
    mutants=[mutant("index slip: Σ_i M_i(n+1) λ_i(n) = 1", constraint=lambda m, lam: (m[1:] * lam).sum(-1)),
             mutant("shares dropped: Σ_i λ_i(n) = 1", constraint=lambda m, lam: lam.sum(-1))],
)
def _flow_constraint_measured(ctx: CheckContext, *,
                              constraint: Callable = lambda m, lam: (m[:-1] * lam).sum(-1)) -> Verdict:
    claimed = "Σ M_i λ_i = 1; min λ_i ≤ 1"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    bad, worst, rounds = [], 0.0, 0
    for label, (m, lam) in _connected_shares(ctx).items():
        total = constraint(m, lam)
        worst = max(worst, float(np.nanmax(np.abs(total - 1))))
        rounds += lam.shape[0] * lam.shape[1]
        for n, a in zip(*np.nonzero((np.abs(total - 1) > 1e-9) | (lam.min(-1) > 1))):
            bad.append({"system": label, "round": int(n), "arm": int(a), "Σ": float(total[n, a]),
                        "λ": lam[n, a].tolist()})
    return Verdict.from_counterexamples(bad, checked=rounds, claimed=claimed,
                                        measured={"rounds x arms": rounds, "max |Σ - 1|": worst},
                                        finding=f"the sum is {bad[0]['Σ']:.4g} at {bad[0]['system']} round "
                                                f"{bad[0]['round']}" if bad else "",
                                        notes=scale_note(ctx) + " Holds by construction: Σ_i M_i(n) λ_i(n) = "
                                              "Σ_i M_i(n+1), and shares sum to 1 by definition (eq. 35); a "
                                              "weighted mean of λ equal to 1 forces some λ_i ≤ 1.")


@measurement
def _flow_data(ctx: CheckContext) -> dict[str, np.ndarray]:
    """λ_i(n) of the full-model arms on the rounds inside the thesis's density range."""
    out = {}
    for label, (name, _) in SYSTEMS.items():
        result = stage(ctx, name)
        idx = result.arm_indices("full")
        out[label] = ratios(result, idx)[: last_round_in_range(result.density[:, idx])]
    return out


@claim(
    "imp.flow-eigen.sem",
    title="§5.2 after eq. 36: Redman et al.'s eigenfunction criterion (SEM of λ_i below 5%) holds on the thesis's HNNs",
    source=src("§5.2 eq. 36 and the sentence after it (Redman et al.'s finding, which the thesis carries over)"),
    kind=Kind.EMPIRICAL,
    statement="""The sentence after eq. 36 reports Redman et al.'s finding on their own networks: the standard error of
        the mean of λ_i = M_i(n+1)/M_i(n) over rounds is below 5%, so M_i may be treated as an eigenfunction of the IMP
        operator.  The thesis then treats the M_i of its Hamiltonian networks the same way (σ of eq. 37, table 2)
        without measuring the criterion on them; the claim checked is that it holds there too.""",
    decision_rule=f"""For each full-model arm of both systems and each layer: SEM of λ_i(n) over the
        connected rounds inside the thesis's density range ({IN_RANGE}) divided by its mean.  Verified if
        every value is below 5%, refuted by a value of 5% or more.  With fewer rounds than the thesis's
        230 the SEM is larger by construction, so at a reduced scope a refutation is inconclusive (the
        scope gate).  (Rounds restricted to the thesis's range after the first verdicts.)""",
    recorded={"quick": "inconclusive", "standard": "verified", "paper": "skipped"},
    scope=SCOPE,
    variants_note=BELOW_SCALE_VARIANTS,
    mutants=[mutant("Redman et al.'s criterion read as 1%, not 5%", threshold=0.01)],
)
def _flow_eigen_sem(ctx: CheckContext, *, threshold: float = 0.05) -> Verdict:
    claimed = f"SEM(λ_i)/mean(λ_i) < {threshold:.0%}"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    table, bad = {}, []
    for label, lam in _flow_data(ctx).items():
        rel = relative_sem(lam)
        table[label] = {LAYERS[i]: [round(float(v), 4) for v in rel[:, i]] for i in range(rel.shape[1])}
        for a, i in zip(*np.nonzero(rel >= threshold)):
            bad.append({"system": label, "seed arm": int(a), "layer": LAYERS[i], "relative SEM": float(rel[a, i]),
                        "rounds": int(lam.shape[0])})
    verdict = Verdict.from_counterexamples(
        bad, checked=sum(len(v) for row in table.values() for v in row.values()), claimed=claimed, measured={"relative SEM per seed": table},
        decision_detail=f"{len(bad)} values ≥ {threshold:.0%}" + (f" with {bad[0]['rounds']} rounds" if bad else ""),
        finding=f"relative SEM {bad[0]['relative SEM']:.3f} for the {bad[0]['layer']} layer of {bad[0]['system']}"
                if bad else "",
        notes=scale_note(ctx) + " The SEM shrinks like 1/√(rounds) even when λ drifts steadily, so with the "
              "thesis's 230 rounds the criterion is nearly automatic; imp.flow-eigen.trend tests constancy.")
    return _finish(ctx, verdict)


@measurement
def _lambda_trends(ctx: CheckContext) -> tuple[dict, Figure]:
    """Per system and layer: the least-squares slope of log λ_i(n) on n for each seed, the t-interval of
    those slopes over seeds (the seed is the unit of replication), and a figure."""
    fits = {}
    fig, axes = new_figure(9.0, 3.4, ncols=2)
    for ax, (label, lam) in zip(axes, _flow_data(ctx).items()):
        rounds = np.arange(lam.shape[0])
        for i, layer in enumerate(LAYERS):
            slopes = [fit_line(rounds, np.log(lam[:, a, i])).slope for a in range(lam.shape[1])]
            fits[(label, layer)] = (t_interval(slopes), len(rounds))
            ax.plot(rounds + 1, np.median(lam[:, :, i], axis=1), marker="o", label=f"{layer} (median)")
        ax.axhline(1.0, color="grey", lw=0.8)
        ax.set(title=f"{label}: λ_i per round ({IN_RANGE})", xlabel="round n", ylabel="λ_i = M_i(n+1)/M_i(n)")
        ax.legend(fontsize=7)
    figure = ctx.save_figure(fig, "λ_i per IMP round (median over seeds); constant λ would be flat.", "lambda")
    return fits, figure


@claim(
    "imp.flow-eigen.trend",
    title="§5.2 eq. 36: λ_i is constant over IMP rounds",
    source=src("§5.2 eq. 36 (λ_i independent of n)"),
    kind=Kind.STATISTICAL,
    statement="For M_i to be eigenfunctions, λ_i must not depend on the round n.",
    decision_rule=f"""Per system, layer and full-model seed, regress log λ_i(n) on n over the connected rounds
        inside the thesis's density range ({IN_RANGE}); the seed is the unit of replication, so the interval
        is the 95% t-interval of the per-seed slopes (earlier rule: one regression on the pooled seeds,
        which counts rounds x seeds as independent).  Refuted if for some layer the
        95% interval of the slope excludes the claimed slope (0) and the fitted λ departs from the claimed
        trend by more than 5% across the window; verified if for every layer the interval contains it or
        the departure is under 5%.  (Rounds restricted to the thesis's range after the first verdicts.)""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
    scope=SCOPE,
    variants_note=BELOW_SCALE_VARIANTS,
    mutants=[mutant("λ_i grows by 10% every round", slope=math.log(1.1))],
)
def _flow_eigen_trend(ctx: CheckContext, *, slope: float = 0.0) -> Verdict:
    claimed = "λ_i(n) constant in n" if slope == 0 else f"log λ_i(n) grows by {slope:.3g} per round"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    fits, figure = _lambda_trends(ctx)
    measured, drifting = {}, []
    for (label, layer), (fit, n_rounds) in fits.items():
        change = float(np.expm1(abs(fit.mean - slope) * (n_rounds - 1)))
        measured[f"{label} {layer}"] = {"slope of log λ per round (seed mean)": round(fit.mean, 5),
                                        "95% CI over seeds": [round(fit.low, 5), round(fit.high, 5)],
                                        "relative change across window": round(change, 3), "rounds": n_rounds}
        if (fit.low > slope or fit.high < slope) and change > 0.05:
            drifting.append({"system": label, "layer": layer, **measured[f"{label} {layer}"]})
    first = drifting[0] if drifting else None
    verdict = Verdict.from_counterexamples(
        drifting, checked=len(fits), claimed=claimed, measured=measured, figures=[figure],
        decision_detail=f"{len(drifting)} of {len(fits)} (system, layer) pairs drift",
        finding=f"λ of the {first['layer']} layer ({first['system']}) changes by {first['relative change across window']:.0%} "
                f"over {first['rounds']} rounds" if first else "",
        notes=scale_note(ctx))
    return _finish(ctx, verdict)


@measurement
def _sigma_rates(ctx: CheckContext) -> dict:
    """σ_i per seed at the main and the second rate, over the density range both cover (and inside
    the thesis's range)."""
    result = stage(ctx, "nl-imp")
    main, second = result.arm_indices("full"), result.arm_indices("full-second-rate")
    last_second = last_round_in_range(result.density[:, second])
    floor = result.density[: last_second + 1, second].min()
    last_main = int(np.max(np.nonzero(result.density[:, main[0]] >= floor - 1e-12)[0]))
    return {"main": sigma_per_seed(result, main, last_main), "second": sigma_per_seed(result, second, last_second),
            "rates": (result.config.arms[main[0]].rate, result.config.arms[second[0]].rate), "floor": float(floor)}


@claim(
    "imp.sigma-invariance",
    title="§5.2 eq. 37: σ_i = log_c λ_i does not depend on the pruning rate",
    source=src("§5.2 eq. 37"),
    kind=Kind.STATISTICAL,
    statement="σ_i = log_c λ_i with c = 1/(1-x) is the same whatever the pruning rate x.",
    decision_rule=f"""NL full model, the same three (or four) seeds pruned at two rates x1 > x2.  σ_i per seed
        is minus the slope of log M_i against log density over the density range both rates cover, inside
        the thesis's range ({IN_RANGE}) (for d = (1-x)^n this is the geometric mean of log_c λ_i).
        Paired differences σ(x1) - r·σ(x2) per seed, with r the claimed ratio σ(x1)/σ(x2) (1 for rate
        invariance), 95% t-interval.  Refuted if for some layer the interval excludes 0 and the mean
        difference exceeds 20% of the layer's mean |σ(x1)|; verified if for every layer the interval lies
        within ±20% of it; otherwise inconclusive.  (Rule fixed after one exploratory quick run, before any
        verdict was recorded.)""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
    scope=SCOPE,
    mutants=[mutant("λ_i, not σ_i, is rate-invariant (σ scales as 1/log c)",
                    ratio=lambda x1, x2: math.log1p(-x2) / math.log1p(-x1))],
)
def _sigma_invariance(ctx: CheckContext, *, ratio: Callable[[float, float], float] = lambda x1, x2: 1.0) -> Verdict:
    claimed = "σ_i independent of x"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _sigma_rates(ctx)
    s_main, s_second, rates = data["main"], data["second"], data["rates"]
    r = ratio(*rates)
    statuses, measured, refuting = [], {}, []
    for i, layer in enumerate(LAYERS):
        diff = t_interval(s_main[:, i] - r * s_second[:, i])
        margin = 0.2 * float(np.mean(np.abs(s_main[:, i])))
        measured[layer] = {f"σ at {rates[0]:.0%}": [round(float(v), 3) for v in s_main[:, i]],
                           f"σ at {rates[1]:.0%}": [round(float(v), 3) for v in s_second[:, i]],
                           "mean difference": round(diff.mean, 4), "95% CI": diff.as_list(), "±20% margin": round(margin, 4)}
        if (diff.low > 0 or diff.high < 0) and abs(diff.mean) > margin:
            statuses.append(Status.REFUTED)
            refuting.append({"layer": layer, **measured[layer]})
        elif -margin <= diff.low and diff.high <= margin:
            statuses.append(Status.VERIFIED)
        else:
            statuses.append(Status.INCONCLUSIVE)
    verdict = Verdict(status=combine_point_statuses(statuses),
                      claimed=claimed if r == 1 else f"σ({rates[0]:.0%}) = {r:.3f} σ({rates[1]:.0%})",
                      measured=measured, counterexample=refuting[0] if refuting else None,
                      intervals={f"{layer} σ difference": measured[layer]["95% CI"] for layer in LAYERS},
                      decision_detail=f"per layer: {mt.pairs(dict(zip(LAYERS, statuses)))}; common "
                                      f"density window down to {data['floor']:.3f}",
                      finding=f"the {refuting[0]['layer']} layer's σ differs between the rates by "
                              f"{refuting[0]['mean difference']} (95% CI {refuting[0]['95% CI']})" if refuting else "",
                      notes=scale_note(ctx))
    return _finish(ctx, verdict, "more seeds per rate (the interval is set by 3-4 seeds), or the paper profile's "
                                 "1% and 5% rates: " + PAPER_DECIDES)


@measurement
def _sigma_table(ctx: CheckContext) -> dict[str, np.ndarray]:
    """σ_i per full-model seed and system, over the connected rounds inside the thesis's range."""
    out = {}
    for label, (name, _) in SYSTEMS.items():
        result = stage(ctx, name)
        idx = result.arm_indices("full")
        out[label] = sigma_per_seed(result, idx, last_round_in_range(result.density[:, idx]))
    return out




@claim(
    "imp.sigma-table.signs",
    title="§9 table 2: layers 1 and 3 are relevant (σ > 0), layer 2 irrelevant (σ < 0), in both systems",
    source=src("§9 table 2 and the paragraph after it"),
    kind=Kind.STATISTICAL,
    statement="Full-model IMP gives σ_1 > 0, σ_2 < 0, σ_3 > 0 for both the NL oscillator and Hénon-Heiles networks.",
    decision_rule=f"""σ_i per seed (as in imp.sigma-invariance, over the connected rounds inside the thesis's
        density range, {IN_RANGE}), 95% t-interval over seeds.  Verified if every interval lies on the
        claimed side of 0 in both systems; refuted if some interval lies wholly on the other side; otherwise
        inconclusive.  (Rounds restricted to the thesis's range after the first verdicts.)""",
    recorded={"quick": "verified", "standard": "verified", "paper": "skipped"},
    scope=SCOPE,
    mutants=[mutant("all three layers relevant: σ_2 > 0", signs=(1, 1, 1)),
             mutant("relevant and irrelevant swapped: (-, +, -)", signs=(-1, 1, -1))],
)
def _sigma_signs(ctx: CheckContext, *, signs: tuple[int, int, int] = (1, -1, 1)) -> Verdict:
    claimed = {"signs": "".join("+" if s > 0 else "-" for s in signs) + " in both systems", **THESIS_SIGMA}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    statuses, measured, intervals, wrong = [], {}, {}, []
    for label, sig in _sigma_table(ctx).items():
        for i, layer in enumerate(LAYERS):
            ci = t_interval(sig[:, i])
            intervals[f"{label} σ_{i + 1}"] = ci.as_list()
            measured[f"{label} σ_{i + 1} ({layer})"] = round(ci.mean, 3)
            if signs[i] * ci.low > 0 and signs[i] * ci.high > 0:
                statuses.append(Status.VERIFIED)
            elif signs[i] * ci.low < 0 and signs[i] * ci.high < 0:
                statuses.append(Status.REFUTED)
                wrong.append({"system": label, "layer": layer, "σ": round(ci.mean, 3), "95% CI": ci.as_list()})
            else:
                statuses.append(Status.INCONCLUSIVE)
    verdict = Verdict(status=combine_point_statuses(statuses), claimed=claimed, measured=measured, intervals=intervals,
                      counterexample=wrong[0] if wrong else None,
                      finding=f"σ of the {wrong[0]['layer']} layer ({wrong[0]['system']}) is {wrong[0]['σ']}, 95% CI "
                              f"{wrong[0]['95% CI']}" if wrong else "",
                      notes=scale_note(ctx))
    return _finish(ctx, verdict, "more seeds (the intervals are over 3-4 seeds), or " + PAPER_DECIDES)


@claim(
    "imp.sigma-table.values",
    title="§9 table 2: σ = (2.48, -0.17, 5.24) for NL and (2.64, -0.12, 4.43) for HH",
    source=src("§9 table 2"),
    kind=Kind.EMPIRICAL,
    statement="Full-model IMP at 1% gives the σ values of table 2.",
    decision_rule="""Every table value must lie in the 95% t-interval over seeds of σ_i (as in
        imp.sigma-table.signs); refuted by one outside.  Compared only at the thesis's rate and budget
        (paper profile): elsewhere a refutation is inconclusive (scope gate) and so is a match.""",
    recorded=EMPIRICAL_RECORD,
    scope=SCOPE,
    variants_note=BELOW_SCALE_VARIANTS,
    mutants=[mutant("NL σ_2 with its sign flipped", claimed={"NL": (2.4778, 0.1710, 5.2449), "HH": THESIS_SIGMA["HH"]}),
             mutant("the two rows swapped", claimed={"NL": THESIS_SIGMA["HH"], "HH": THESIS_SIGMA["NL"]})],
)
def _sigma_values(ctx: CheckContext, *, claimed: dict = THESIS_SIGMA) -> Verdict:
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    measured, intervals, outside = {}, {}, []
    for label, sig in _sigma_table(ctx).items():
        for i in range(3):
            ci = t_interval(sig[:, i])
            intervals[f"{label} σ_{i + 1}"] = ci.as_list()
            measured[f"{label} σ_{i + 1}"] = round(ci.mean, 3)
            if not ci.low <= claimed[label][i] <= ci.high:
                outside.append({"system": label, "σ index": i + 1, "table": claimed[label][i], "95% CI": ci.as_list()})
    measured.update(_sigma_by_average(ctx))
    verdict = Verdict.from_counterexamples(
        outside, checked=intervals, claimed=claimed, measured=measured, intervals=intervals,
        finding=f"{outside[0]['system']} σ_{outside[0]['σ index']} has 95% CI {outside[0]['95% CI']}, table "
                f"{outside[0]['table']}" if outside else "",
        notes=scale_note(ctx) + " σ is compared with the table only at the thesis's 1% rate (paper profile, "
              "about two GPU-hours, estimated).")
    return _finish(ctx, _values_at_thesis_scale(ctx, verdict))


@measurement
def _sigma_by_average(ctx: CheckContext) -> dict[str, list[float]]:
    """σ from the mean of λ over rounds (geometric and arithmetic; the thesis does not say which)."""
    out = {}
    for label, lam in _flow_data(ctx).items():
        result = stage(ctx, SYSTEMS[label][0])
        rate = result.config.arms[result.arm_indices("full")[0]].rate
        for average in AVERAGES:
            values = sigma_from_ratios(lam, rate, average).mean(0)
            out[f"{label} σ, {average} mean of λ over rounds (seed mean)"] = [round(float(v), 3) for v in values]
    return out


# --------------------------------------------------------------------------- §5.1 / §8 scaling
@measurement
def _scaling(ctx: CheckContext) -> tuple[dict[str, dict], Figure]:
    """Per system: the critical window of full-model IMP, the model comparison on it, and a figure."""
    out = {}
    for label, (name, _) in SYSTEMS.items():
        result = stage(ctx, name)
        idx = result.arm_indices("full")
        rounds, d, e = _window(result, idx)
        windowed = len(rounds) >= 3
        per_seed = [compare_models(result.density[rounds, a], loss(result, [a])[rounds, 0]) for a in idx] if windowed else []
        out[label] = {"result": result, "idx": idx, "rounds": rounds, "d": d, "e": e,
                      "fit": compare_models(d, e) if windowed else None, "per seed": per_seed,
                      "slope": t_interval([-f.gamma for f in per_seed]) if windowed else None}
    return out, _scaling_figure(ctx, out)


def _scaling_figure(ctx: CheckContext, data: dict[str, dict]) -> Figure:
    fig, axes = new_figure(9.5, 3.6, ncols=2)
    for ax, (label, item) in zip(axes, data.items()):
        result, idx = item["result"], item["idx"]
        dens, err = result.density[:, idx], loss(result, idx)
        for a in range(len(idx)):
            ax.loglog(dens[:, a], err[:, a], marker=".", lw=0.6, alpha=0.6, color="C0")
        ax.loglog(np.median(dens, 1), np.median(err, 1), marker="o", color="C0", label="median over seeds")
        dense = float(np.median(err[0]))
        ax.axhline(WIN_TOLERANCE * dense, color="C2", ls="--", lw=0.8, label=f"winning tolerance ({WIN_TOLERANCE:g}x dense)")
        ax.axvline(DOCUMENT_DENSITY_FLOOR, color="grey", ls=":", lw=0.8, label="lowest density of the thesis's runs")
        fit = item["fit"]
        if fit is not None:
            grid = np.geomspace(item["d"].min(), item["d"].max(), 50)
            coef = np.polyfit(np.log(item["d"]), np.log(item["e"]), 1)
            ax.loglog(grid, np.exp(np.polyval(coef, np.log(grid))), color="C3",
                      label=f"power law, γ = {fit.gamma:.2f}")
        ax.set(title=f"{label}: error vs density", xlabel="density d", ylabel="test loss")
        ax.invert_xaxis()
        ax.legend(fontsize=7)
    return ctx.save_figure(fig, "Full-model IMP: loss against density (log-log), fit on the critical window, "
                                "and the winning tolerance.", "error-vs-density")


def _lowest_window_density(data: dict[str, dict]) -> float:
    return min((float(item["d"].min()) for item in data.values() if item["fit"] is not None), default=0.0)


@claim(
    "imp.power-law.fit",
    title="§5.1, §8: the error follows a power law in density over a critical window",
    source=src("§5.1; §8.2 fig. 4; §8.3 fig. 5"),
    kind=Kind.STATISTICAL,
    statement="""Below a critical density the error of full-model IMP grows as a power law of density, and a
        power law describes it better than plausible alternatives.""",
    decision_rule=f"""Window: from the first round after which the median loss stays above 2x the dense loss to the
        last round where every network is connected (≥ 3 rounds).  On log loss, compare by AIC a power law
        in d, an exponential in d, the thesis's (d_C - d)^{{-γ}} and a constant, fitted per seed on that seed's points
        in the window (the seed, an independent run, is the unit of replication).  Per system, ΔAIC = AIC of
        the rival (the exponential) minus AIC of the claimed law, per seed, and its 95% t-interval over
        seeds: the law holds if the interval lies above 0, fails if below 0, else (or with no window)
        undecided.  Verified if it holds in both systems and both windows lie inside the
        thesis's density range ({IN_RANGE}); refuted if it fails in either; otherwise inconclusive.
        (The range clause was added after the first verdicts.  Earlier rules: one AIC comparison on the
        points of all seeds pooled, changed because that treats rounds x seeds as independent
        observations and its verdict moved with the machine's rounding; then 'ΔAIC ≥ 2 in every seed',
        changed because with 5 seeds one noisy seed decides it, and its mutants' verdicts moved between
        the AVX-512 and the default CPU kernels.)""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
    scope=SCOPE,
    mutants=[mutant("no growth over the window: a constant error beats the power law",
                    law="constant in d", rival="power law in d")],
    variants_note="""Two earlier mutants are not decidable here, which the numerics replicates showed: the swapped
        roles (an exponential beating the power law), whose per-seed ΔAIC changes sign between seeds and
        replicates, and the printed form (d_C - d)^-γ beating the exponential, which fits as the exponential's
        d_C → ∞ limit with one parameter more, so its ΔAIC sits at the threshold -2 itself.""",
)
def _power_law_fit(ctx: CheckContext, *, law: str = "power law in d", rival: str = "exponential in d") -> Verdict:
    claimed = f"e ~ {law} on d_L < d < d_C, better than {rival}"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data, figure = _scaling(ctx)
    statuses, measured, intervals, against = [], {}, {}, None
    for label, item in data.items():
        fit = item["fit"]
        if fit is None:
            statuses.append(Status.INCONCLUSIVE)
            measured[label] = "no critical window of ≥ 3 rounds"
            continue
        deltas = np.array([f.aic[rival] - f.aic[law] for f in item["per seed"]])
        measured[label] = {"window densities": [round(float(v), 4) for v in np.unique(item["d"])[::-1]],
                           f"ΔAIC ({rival} - {law}) per seed": [round(float(v), 2) for v in deltas],
                           "γ per seed": [round(f.gamma, 3) for f in item["per seed"]],
                           "best (d_C - d)^-γ fit, pooled": {"γ": round(fit.thesis_gamma, 3), "d_C": round(fit.thesis_dc, 4)}}
        intervals[f"{label} γ"] = [round(-item["slope"].high, 3), round(-item["slope"].low, 3)]
        ci = t_interval(deltas)
        intervals[f"{label} mean ΔAIC ({rival} - {law}) over seeds"] = ci.as_list()
        statuses.append(decide_above(ci.low, ci.high, 0.0))
        if statuses[-1] is Status.REFUTED:
            against = against or {"system": label, "ΔAIC per seed": [round(float(v), 2) for v in deltas],
                                   "95% CI of the mean": ci.as_list()}
    verdict = Verdict(status=combine_point_statuses(statuses), claimed=claimed, measured=measured, intervals=intervals,
                      counterexample=against, figures=[figure],
                      decision_detail=f"NL: {statuses[0].value}; HH: {statuses[1].value}.",
                      finding=f"on {against['system']}'s critical window {rival} beats {law} on average over seeds "
                              f"(ΔAIC per seed {against['ΔAIC per seed']}, 95% CI of the mean "
                              f"{against['95% CI of the mean']})" if against else "",
                      notes=scale_note(ctx) + " A negative fitted γ for (d_C - d)^{-γ} is that law's sign problem "
                            "(imp.power-law.form) showing in data.")
    verdict = _inside_document_range(verdict, _lowest_window_density(data), "the critical window")
    return _finish(ctx, verdict)


THESIS_SLOPES = {"NL": -7.1626, "HH": -35.9853}


@claim(
    "imp.full-model-slopes.ordering",
    title="§8.3: the HH power law is much steeper than the NL one",
    source=src("§8.3 (after fig. 5)"),
    kind=Kind.STATISTICAL,
    statement="The log-log slope of error against density is steeper for Hénon-Heiles (-35.99) than for the NL oscillator (-7.16).",
    decision_rule=f"""Log-log slope of loss against density per seed on the critical window of imp.power-law.fit,
        and its 95% t-interval over seeds (the seed is the unit of replication); the claim is
        slope_HH < k·slope_NL with k = 1 (steeper).  Refuted if the HH interval lies wholly above k times the
        NL interval; verified if wholly below it and both windows lie inside the thesis's density range
        ({IN_RANGE}); otherwise (or with no window) inconclusive.  (The range clause was added after the
        first verdicts.  Earlier rule: the interval of one fit to the pooled points of all seeds; changed
        because that counts rounds x seeds as independent, and its verdict moved with the machine's
        rounding.)""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
    scope=SCOPE,
    mutants=[mutant("HH ten times as steep as NL (twice the ratio of the thesis's own two slopes)", factor=10.0)],
)
def _slopes_ordering(ctx: CheckContext, *, factor: float = 1.0) -> Verdict:
    claimed = {**THESIS_SLOPES, "ordering": f"slope_HH < {factor:g} x slope_NL"}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data, _ = _scaling(ctx)
    if any(item["fit"] is None for item in data.values()):
        return _finish(ctx, Verdict(status=Status.INCONCLUSIVE, claimed=claimed, notes=scale_note(ctx),
                                    measured={k: "no critical window" if v["fit"] is None else -v["fit"].gamma
                                              for k, v in data.items()}))
    ci = {k: (v["slope"].low, v["slope"].high) for k, v in data.items()}
    slope = {k: v["slope"].mean for k, v in data.items()}
    bound = (factor * ci["NL"][0], factor * ci["NL"][1])
    if ci["HH"][1] < bound[0]:
        status = Status.VERIFIED
    elif bound[1] < ci["HH"][0]:
        status = Status.REFUTED
    else:
        status = Status.INCONCLUSIVE
    verdict = Verdict(status=status, claimed=claimed, measured={k: round(v, 3) for k, v in slope.items()},
                      intervals={k: [round(a, 3), round(b, 3)] for k, (a, b) in ci.items()},
                      counterexample={"slopes": slope, "95% CIs": ci} if status is Status.REFUTED else None,
                      finding=f"the HH slope {slope['HH']:.2f} is shallower than {factor:g} x the NL slope "
                              f"{slope['NL']:.2f}, with disjoint intervals" if status is Status.REFUTED else "",
                      notes=scale_note(ctx))
    return _finish(ctx, _inside_document_range(verdict, _lowest_window_density(data), "a critical window"))


@claim(
    "imp.full-model-slopes.values",
    title="§8.3 (after fig. 5): full-model slopes -7.16 (NL) and -35.99 (HH) at 1%",
    source=src("§8.3 (after fig. 5)"),
    kind=Kind.EMPIRICAL,
    statement="Full-model IMP at 1% gives log-log slopes -7.16 (NL) and -35.99 (HH).",
    decision_rule="""Each value must lie in the 95% t-interval over seeds of the per-seed critical-window slope
        (earlier: the interval of one fit to the pooled points, which counts rounds x seeds as independent); refuted by one outside,
        inconclusive with no window.  Compared only at the thesis's scale (paper profile): elsewhere a
        refutation is inconclusive (scope gate) and so is a match.""",
    recorded=EMPIRICAL_RECORD,
    scope=SCOPE,
    variants_note=BELOW_SCALE_VARIANTS,
    mutants=[mutant("the two slopes swapped", claimed={"NL": THESIS_SLOPES["HH"], "HH": THESIS_SLOPES["NL"]}),
             mutant("NL slope with its sign flipped (error falling as density falls)",
                    claimed={"NL": -THESIS_SLOPES["NL"], "HH": THESIS_SLOPES["HH"]})],
)
def _slopes_values(ctx: CheckContext, *, claimed: dict = THESIS_SLOPES) -> Verdict:
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data, _ = _scaling(ctx)
    measured = {k: (None if v["fit"] is None else round(v["slope"].mean, 3)) for k, v in data.items()}
    intervals = {k: v["slope"].as_list() for k, v in data.items() if v["fit"]}
    outside = [{"system": k, "thesis": claimed[k], "95% CI": intervals[k]} for k in intervals
               if not intervals[k][0] <= claimed[k] <= intervals[k][1]]
    notes = scale_note(ctx) + " The values depend on rate and training budget; the paper profile on a GPU decides them."
    if not outside and len(intervals) < len(data):
        return _finish(ctx, Verdict(status=Status.INCONCLUSIVE, claimed=claimed, measured=measured,
                                    intervals=intervals, notes=notes + " No critical window for some system."))
    verdict = Verdict.from_counterexamples(
        outside, checked=intervals, claimed=claimed, measured=measured, intervals=intervals, notes=notes,
        finding=f"{outside[0]['system']} slope 95% CI {outside[0]['95% CI']}, thesis {outside[0]['thesis']}" if outside else "")
    return _finish(ctx, _values_at_thesis_scale(ctx, verdict))


@measurement
def _layer_data(ctx: CheckContext) -> dict[str, dict]:
    """Layer-only IMP of the NL network: per layer, the critical window, the layer density just before it
    (the onset), the exponent fitted on it, and the loss when 30% of the layer is pruned."""
    result = stage(ctx, "nl-imp")
    out = {}
    for layer, name in zip(LAYERS, WEIGHT_NAMES):
        idx = result.arm_indices(layer)
        ok = usable_rounds(result, idx)
        err = loss(result, idx)
        rounds = critical_window(result.density[:, idx], err, ok)
        dens = result.layer_density(name)[:, idx]
        onset = float(np.median(dens[rounds[0] - 1] if len(rounds) else dens[int(np.max(np.nonzero(ok)[0]))]))
        gamma = None
        if len(rounds) >= 3:
            fit = compare_models(dens[rounds].ravel(), err[rounds].ravel())
            gamma = (fit.gamma, fit.gamma_ci)
        at_30 = int(np.argmin(np.abs(np.median(dens, 1) - 0.7)))
        out[layer] = {"tolerated fraction": 1 - onset, "onset density": onset,
                      "censored": len(rounds) == 0 or onset < DOCUMENT_DENSITY_FLOOR, "window": len(rounds),
                      "window lowest density": float(dens[rounds].min()) if len(rounds) else None,
                      "gamma": gamma, "dense": float(np.median(err[0])), "at 30% pruned": float(np.median(err[at_30])),
                      "density at 30% pruned": float(np.median(dens[at_30]))}
    return out


def _tolerates_at_least(other: dict, fragile: dict) -> Status:
    """Whether a layer tolerates at least as much pruning as the claimed most fragile one, inside the
    thesis's range: a layer whose onset lies below it (or that has no window) tolerates at least
    1 - DOCUMENT_DENSITY_FLOOR, a lower bound only."""
    cap = 1 - DOCUMENT_DENSITY_FLOOR
    t_other, t_fragile = min(other["tolerated fraction"], cap), min(fragile["tolerated fraction"], cap)
    if other["censored"] and fragile["censored"]:
        return Status.INCONCLUSIVE
    if other["censored"]:
        return Status.VERIFIED if t_other >= t_fragile else Status.INCONCLUSIVE
    if fragile["censored"]:
        return Status.REFUTED if t_other < t_fragile else Status.INCONCLUSIVE
    return Status.VERIFIED if t_other >= t_fragile else Status.REFUTED


@measurement
def _layer_figure(ctx: CheckContext) -> Figure:
    result = stage(ctx, "nl-imp")
    fig, ax = new_figure(5.5, 3.6)
    for layer, name in zip(LAYERS, WEIGHT_NAMES):
        idx = result.arm_indices(layer)
        dens = np.median(result.layer_density(name)[:, idx], 1)
        ax.loglog(dens, np.median(loss(result, idx), 1), marker="o", label=f"{layer} layer only")
    ax.axvline(DOCUMENT_DENSITY_FLOOR, color="grey", ls=":", lw=0.8, label="lowest density of the thesis's runs")
    ax.set(title="NL: one layer pruned at a time", xlabel="density of the pruned layer", ylabel="test loss")
    ax.invert_xaxis()
    ax.legend(fontsize=7)
    return ctx.save_figure(fig, "Layer-only IMP of the NL network: loss against the pruned layer's density.", "layers")


@claim(
    "imp.layer-exponents.ordering",
    title="§8.2 fig. 1, table 1 (IMP at 1%): input and hidden layers tolerate more pruning than the output layer; the hidden exponent is smallest",
    source=src("§8.2: fig. 1 and the paragraph after it, table 1 and the paragraph after it (IMP at 1% only)"),
    kind=Kind.EMPIRICAL,
    statement="""For IMP at the 1% rate applied to one layer at a time, the input and hidden layers can be pruned
        further than the output layer before the error starts to grow, and the hidden layer has the smallest
        critical exponent of the three.  The thesis states this ordering only for 1% (fig. 1, table 1); for 5%
        and 10% it gives no per-layer tolerances, and its 5% remarks swap the input and output exponents.""",
    decision_rule=f"""NL oscillator, one layer pruned at a time.  Tolerated fraction = 1 - the layer density just
        before the critical window (rule of imp.power-law.fit; the whole run if no window).  Tolerance part:
        each other layer must tolerate at least as much as the claimed most fragile one (the output), read
        inside the thesis's range ({IN_RANGE}): a layer whose onset lies below it, or that has no window,
        tolerates at least 1 - {DOCUMENT_DENSITY_FLOOR:g} (a lower bound, so a comparison it leaves open is
        undecided).  Exponent part (windows of ≥ 3 rounds): decided only when the input and output layers
        both have a window lying inside that range; a hidden layer without one counts as the smallest.
        Refuted if a decided part fails; verified if both parts are decided and hold; otherwise
        inconclusive.  (The 'decided only' clause was added after the first standard run, in which no layer
        had a window and the old rule compared three zeros; the range clauses after the first verdicts.)""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
    scope=SCOPE,
    variants_note=BELOW_SCALE_VARIANTS,
    mutants=[mutant("the hidden layer, not the output layer, is the least tolerant", most_fragile="hidden")],
)
def _layer_ordering(ctx: CheckContext, *, most_fragile: str = "output") -> Verdict:
    claimed = {"tolerance": f"every layer ≥ {most_fragile}", "exponent": "hidden smallest"}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _layer_data(ctx)
    tolerance = {k: _tolerates_at_least(v, data[most_fragile]) for k, v in data.items() if k != most_fragile}
    gam = {k: (v["gamma"][0] if v["gamma"] else None) for k, v in data.items()}
    in_range = {k: v["window lowest density"] is not None and v["window lowest density"] >= DOCUMENT_DENSITY_FLOOR
                for k, v in data.items()}
    exponent = Status.INCONCLUSIVE
    if gam["input"] is not None and gam["output"] is not None and in_range["input"] and in_range["output"]:
        hidden = -np.inf if gam["hidden"] is None else gam["hidden"]
        exponent = Status.VERIFIED if hidden < gam["input"] and hidden < gam["output"] else Status.REFUTED
    status = combine_point_statuses([*tolerance.values(), exponent])
    measured = {k: {"tolerated fraction": round(v["tolerated fraction"], 3), "onset density": round(v["onset density"], 4),
                    "onset outside the range or no window": v["censored"], "window rounds": v["window"],
                    "window lowest density": v["window lowest density"],
                    "γ": None if v["gamma"] is None else round(v["gamma"][0], 3)} for k, v in data.items()}
    broken = [k for k, s in tolerance.items() if s is Status.REFUTED]
    refuted = status is Status.REFUTED
    verdict = Verdict(
        status=status, claimed=claimed, measured=measured, figures=[_layer_figure(ctx)],
        intervals={f"{k} γ": [round(x, 3) for x in v["gamma"][1]] for k, v in data.items() if v["gamma"]},
        counterexample=({"tolerated fractions": {k: measured[k]["tolerated fraction"] for k in LAYERS}}
                        if broken else {"exponents": gam}) if refuted else None,
        decision_detail=f"tolerance vs {most_fragile}: {mt.pairs(tolerance)}; exponents: "
                        f"{exponent.value}" + ("" if exponent is not Status.INCONCLUSIVE else
                                               " (input or output layer has no critical window inside the range)"),
        finding=(f"the {broken[0]} layer tolerates {measured[broken[0]]['tolerated fraction']} against "
                 f"{measured[most_fragile]['tolerated fraction']} for the {most_fragile} layer" if broken else
                 f"exponents {mt.show(gam)}: the hidden one is not the smallest") if refuted else "",
        notes=scale_note(ctx) + " The thesis's 1% layer-only schedule cannot thin the 50-weight input layer "
              "(imp.algorithm.density-rounding); the suite's larger rates can.")
    return _finish(ctx, verdict)


THESIS_LAYER = {"exponents": {"input": 2.9777, "hidden": 1.2025, "output": 2.1934},
                "tolerated fraction": {"input": 0.6, "hidden": 0.6, "output": 0.25},
                "hidden error falls over the first 30% pruned": True}


@claim(
    "imp.layer-exponents.values",
    title="§8.2 table 1: layer exponents 2.98 / 1.20 / 2.19; 60% / 60% / 25% tolerated; hidden error falls while 30% is pruned",
    source=src("§8.2 table 1 and the discussion of fig. 1"),
    kind=Kind.EMPIRICAL,
    statement="""Layer-only IMP of the NL oscillator at 1% gives exponents 2.98 (input), 1.20 (hidden), 2.19 (output);
        input and hidden layers tolerate about 60% pruning, the output about 25%; the hidden-layer error
        decreases while the first 30% is pruned.""",
    decision_rule="""Verified if each exponent lies in its 95% interval (a layer without a window of ≥ 3 rounds
        fails), each tolerated fraction is within 0.1 of the stated one and the hidden-only error at the round
        nearest 30% pruned is below the dense error; refuted otherwise.  Compared only at the thesis's scale
        (paper profile): elsewhere a refutation is inconclusive (scope gate) and so is a match.  (The
        hidden-error part, stated in this rule before, is checked since the first verdicts.)""",
    recorded=EMPIRICAL_RECORD,
    scope=SCOPE,
    variants_note=BELOW_SCALE_VARIANTS,
    mutants=[mutant("the output layer tolerates 60% like the others",
                    claimed={**THESIS_LAYER, "tolerated fraction": {"input": 0.6, "hidden": 0.6, "output": 0.6}}),
             mutant("the hidden-layer error rises over the first 30% pruned",
                    claimed={**THESIS_LAYER, "hidden error falls over the first 30% pruned": False})],
)
def _layer_values(ctx: CheckContext, *, claimed: dict = THESIS_LAYER) -> Verdict:
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _layer_data(ctx)
    measured = {k: {"γ": None if v["gamma"] is None else round(v["gamma"][0], 3),
                    "tolerated fraction": round(v["tolerated fraction"], 3), "dense loss": v["dense"],
                    f"loss at density {v['density at 30% pruned']:.2f}": v["at 30% pruned"]} for k, v in data.items()}
    bad = []
    for k, v in data.items():
        if v["gamma"] is None or not v["gamma"][1][0] <= claimed["exponents"][k] <= v["gamma"][1][1]:
            bad.append({"layer": k, "exponent": measured[k]["γ"], "thesis": claimed["exponents"][k]})
        if abs(v["tolerated fraction"] - claimed["tolerated fraction"][k]) > 0.1:
            bad.append({"layer": k, "tolerated": measured[k]["tolerated fraction"], "thesis": claimed["tolerated fraction"][k]})
    hidden_falls = data["hidden"]["at 30% pruned"] < data["hidden"]["dense"]
    if hidden_falls != claimed["hidden error falls over the first 30% pruned"]:
        bad.append({"layer": "hidden", "error falls over the first 30% pruned": hidden_falls})
    verdict = Verdict.from_counterexamples(bad, checked=len(data), claimed=claimed, measured=measured, notes=scale_note(ctx),
                                           finding=mt.pairs(bad[0], 4) if bad else "")
    return _finish(ctx, _values_at_thesis_scale(ctx, verdict))


# --------------------------------------------------------------------------- winning tickets
@measurement
def _boundaries(ctx: CheckContext) -> dict[str, dict]:
    """Per system: the lowest winning density (10x the dense loss) of the median curve and per seed."""
    out = {}
    for label, (name, system) in SYSTEMS.items():
        result = stage(ctx, name)
        idx = result.arm_indices("full")
        err, dens = loss(result, idx), result.density[:, idx]
        per_seed = [winning_boundary(dens[:, a], err[:, a], err[0, a], WIN_TOLERANCE) for a in range(len(idx))]
        out[label] = {"median curve": winning_boundary(np.median(dens, 1), np.median(err, 1), float(np.median(err[0])), WIN_TOLERANCE),
                      "per seed": per_seed, "dense": err[0], "system": system}
    return out


def _regimes_reached(ctx: CheckContext) -> tuple[bool, str]:
    """Whether both dense networks are trained to the thesis's error level (within 10x)."""
    regimes = [dense_regime(v["system"], v["dense"]) for v in _boundaries(ctx).values()]
    return all(r[0] for r in regimes), "; ".join(r[1] for r in regimes) + "."


THESIS_WINNING = {"NL": 0.9, "HH": 0.75}
#: The thesis states densities to one or two decimals; a boundary further than this from it disagrees.
DENSITY_PRECISION = 0.05


@claim(
    "imp.winning-range.values",
    title="§8.2-8.3: winning tickets reach density 0.9 (NL) and 0.75 (HH), and none exist below 0.9 for NL",
    source=src("§8.2 (after fig. 4); §8.3 (after fig. 5)"),
    kind=Kind.EMPIRICAL,
    statement="""Full-model IMP at 1% finds winning tickets (error within the tolerance of the dense network) down to
        density 0.9 for the NL oscillator and 0.75 for Hénon-Heiles; below 0.9 no NL initialisation yields one.""",
    decision_rule="""Tolerance: 10x the dense loss (the thesis's own threshold, §9.1).  Refuted if an NL seed wins
        below 0.85 or the HH median curve stops winning above 0.7 (the stated densities less 0.05); verified
        otherwise.  Decided only at the thesis's scale and when its dense networks reach the thesis's error
        level (median dense loss within 10x of 1e-6 / 1e-7); elsewhere a refutation is inconclusive (scope
        gate) and so is a match.""",
    recorded=EMPIRICAL_RECORD,
    scope=SCOPE,
    variants_note=BELOW_SCALE_VARIANTS,
    mutants=[mutant("the NL boundary 0.9 read as 0.5", claimed={"NL": 0.5, "HH": 0.75}),
             mutant("the two boundaries swapped", claimed={"NL": 0.75, "HH": 0.9})],
)
def _winning_values(ctx: CheckContext, *, claimed: dict = THESIS_WINNING) -> Verdict:
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _boundaries(ctx)
    measured = {k: {"lowest winning density (median curve)": round(v["median curve"], 4),
                    "per seed": [round(x, 4) for x in v["per seed"]]} for k, v in data.items()}
    reached, regime_note = _regimes_reached(ctx)
    notes = scale_note(ctx) + " " + regime_note
    if _paper_only(ctx) and not reached:
        return _finish(ctx, Verdict(status=Status.INCONCLUSIVE, claimed=claimed, measured=measured, notes=notes +
                                    " The boundaries are comparable only at the thesis's accuracy."),
                       "the paper profile trained to the thesis's error level (dense loss within 10x of 1e-6 / 1e-7)")
    bad = [{"NL seed wins down to": round(x, 4)} for x in data["NL"]["per seed"] if x < claimed["NL"] - DENSITY_PRECISION]
    if data["HH"]["median curve"] > claimed["HH"] - DENSITY_PRECISION:
        bad.append({"HH median curve stops winning at": round(data["HH"]["median curve"], 4)})
    verdict = Verdict.from_counterexamples(bad, checked=len(data["NL"]["per seed"]) + 1, claimed=claimed, measured=measured, notes=notes,
                                           finding=mt.pairs(bad[0], 4) if bad else "")
    return _finish(ctx, _values_at_thesis_scale(ctx, verdict))


@claim(
    "imp.winning-range.hh-beyond-nl",
    title="§8.3: Hénon-Heiles tickets win to lower density than NL tickets",
    source=src("§8.3 (after fig. 5)"),
    kind=Kind.EMPIRICAL,
    statement="The HH network yields winning tickets at lower density than the NL network does.",
    decision_rule=f"""Lowest winning density of the median curve (10x tolerance) per system; the claim is
        gap = boundary(NL) - boundary(HH) > m with m = 0 (HH reaches lower).  Inconclusive if the gap is within
        0.02 of m (about one round apart at the densities reached); otherwise refuted if gap < m, and verified
        if gap > m and both boundaries lie inside the thesis's density range ({IN_RANGE}), else
        inconclusive.  (The rule text said 'same round' for the 0.02 band the code has always used; the
        range clause was added after the first verdicts.)""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
    scope=SCOPE,
    mutants=[mutant("the reverse, by a margin: NL tickets win at least 0.1 further down than HH", lower="NL", margin=0.1)],
)
def _winning_order(ctx: CheckContext, *, lower: str = "HH", margin: float = 0.0) -> Verdict:
    other = "NL" if lower == "HH" else "HH"
    claimed = {**THESIS_WINNING, f"{other} boundary - {lower} boundary": f"> {margin:g}"}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _boundaries(ctx)
    boundary = {k: v["median curve"] for k, v in data.items()}
    gap = boundary[other] - boundary[lower]
    measured = {"NL boundary": round(boundary["NL"], 4), "HH boundary": round(boundary["HH"], 4)}
    if abs(gap - margin) < 0.02:
        status = Status.INCONCLUSIVE
    else:
        status = Status.VERIFIED if gap > margin else Status.REFUTED
    verdict = Verdict(status=status, claimed=claimed, measured=measured, notes=scale_note(ctx),
                      counterexample=measured if status is Status.REFUTED else None,
                      finding=f"NL tickets win down to {boundary['NL']:.3f}, HH tickets to {boundary['HH']:.3f}"
                      if status is Status.REFUTED else "",
                      decision_detail=f"{other} - {lower} = {gap:.4f} against the claimed {margin:g}.")
    verdict = _inside_document_range(verdict, min(boundary.values()), "a winning boundary")
    return _finish(ctx, verdict)


# --------------------------------------------------------------------------- §3 controls (the suite's)
@measurement
def _control_pairs(ctx: CheckContext) -> dict:
    """Test losses of the NL full-model tickets and of their two Frankle-Carbin controls, per pruned round and seed."""
    result = stage(ctx, "nl-imp")
    idx = result.arm_indices("full")
    return {"ticket": loss(result, idx)[1:], "density": np.median(result.density[1:, idx], 1),
            **{control: stage(ctx, control).evaluation["loss"][1:] for control in ("nl-reinit", "nl-random")}}


@claim(
    "imp.random-controls",
    title="Suite: on the NL HNN, Frankle-Carbin's test of the IMP tickets against their two controls",
    source=src("§3 (Frankle and Carbin's criterion; the thesis does not run these controls)"),
    kind=Kind.STATISTICAL,
    statement="""The suite's own comparison (the thesis cites Frankle and Carbin's criterion in §3 but runs no
        controls): at the suite's budgets, the NL full-model IMP tickets (mask M from w_init) train to lower
        test loss than the same mask from a fresh random initialisation and than a random mask with the same
        per-layer counts from w_init.""",
    decision_rule="""NL full-model tickets of every pruned round and seed, paired with both controls; a pair is a win
        when the ticket's test loss is lower.  Per control, the win fraction of each seed (an independent run,
        the unit of replication) and its 95% t-interval over seeds: verified if both lower bounds exceed 0.5,
        refuted if either upper bound is below 0.5, else inconclusive.  (Earlier rule: a Wilson interval over
        all (round, seed) pairs; changed because that counts rounds x seeds as independent observations.)""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
    scope=SCOPE,
    origin="suite",
    mutants=[mutant("the ticket wins every pair against each control", win_level=1.0)],
)
def _random_controls(ctx: CheckContext, *, win_level: float = 0.5) -> Verdict:
    claimed = f"the ticket's test loss is lower in more than {win_level:.0%} of pairs against each control"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    pairs = _control_pairs(ctx)
    ticket = pairs["ticket"]
    statuses, measured, intervals, lost = [], {}, {}, None
    for control in ("nl-reinit", "nl-random"):
        other = pairs[control]
        wins, trials = int((ticket < other).sum()), ticket.size
        per_seed = (ticket < other).mean(0)
        ci = t_interval(per_seed)
        low, high = ci.low, ci.high
        measured[control] = {"ticket wins": f"{wins}/{trials}",
                             "ticket win fraction per seed": [round(float(v), 3) for v in per_seed],
                             "median loss ratio control/ticket": round(float(np.median(other / ticket)), 3),
                             "ticket win fraction by density": {f"{d:.3f}": float((ticket[n] < other[n]).mean())
                                                                for n, d in enumerate(pairs["density"])}}
        intervals[control] = [round(low, 3), round(high, 3)]
        statuses.append(decide_above(low, high, win_level))
        if statuses[-1] is Status.REFUTED and lost is None:
            lost = {"control": control, "wins": f"{wins}/{trials}", "95% CI over seeds": intervals[control]}
    verdict = Verdict(status=combine_point_statuses(statuses), claimed=claimed, measured=measured, intervals=intervals,
                      counterexample=lost, decision_detail=f"re-init: {statuses[0].value}; random mask: {statuses[1].value}",
                      finding=f"against the {lost['control']} control the ticket wins only {lost['wins']} pairs "
                              f"(per-seed win fraction, 95% CI {lost['95% CI over seeds']})" if lost else "",
                      notes=scale_note(ctx) + " A comparison of the suite's, shown apart from the thesis's claims.")
    if verdict.status is Status.INCONCLUSIVE:  # a suite claim: no scope gate, so a refutation stands as measured
        verdict.would_decide = "more seeds (the interval is over 3-4 independent runs)"
    return verdict


# --------------------------------------------------------------------------- §9 transfer
@measurement
def _transfer(ctx: CheckContext) -> tuple[dict[str, dict], Figure]:
    """Per direction: transferred and direct losses and densities, (rounds+1, seeds), and a figure."""
    out = {}
    for key, (moved, direct_stage) in {"NL->HH": ("nl-to-hh", "hh-imp"), "HH->NL": ("hh-to-nl", "nl-imp")}.items():
        m = stage(ctx, moved)
        direct = stage(ctx, direct_stage)
        idx = direct.arm_indices("full")
        out[key] = {"moved": m.evaluation["loss"], "moved density": m.density,
                    "direct": loss(direct, idx), "direct density": direct.density[:, idx]}
    return out, _transfer_figure(ctx, out)


def _transfer_figure(ctx: CheckContext, data: dict[str, dict]) -> Figure:
    fig, axes = new_figure(9.5, 3.6, ncols=2)
    for ax, (key, item) in zip(axes, data.items()):
        ax.loglog(np.median(item["moved density"], 1), np.median(item["moved"], 1), marker="o", label=f"transferred {key}")
        ax.loglog(np.median(item["direct density"], 1), np.median(item["direct"], 1), marker="s", label="direct IMP on target")
        ax.axhline(WIN_TOLERANCE * float(np.median(item["direct"][0])), color="C2", ls="--", lw=0.8, label="winning tolerance")
        ax.axvline(DOCUMENT_DENSITY_FLOOR, color="grey", ls=":", lw=0.8, label="lowest density of the thesis's runs")
        ax.set(title=key, xlabel="density on the target network", ylabel="test loss (median over seeds)")
        ax.invert_xaxis()
        ax.legend(fontsize=7)
    return ctx.save_figure(fig, "Tickets moved between the systems against direct IMP on the target.", "transfer")


THESIS_TRANSFER_WINS = {"NL->HH": 0.75, "HH->NL": 0.7}


@claim(
    "imp.transfer.wins",
    title="§9.1-9.2: transferred tickets win at high density (NL→HH down to 0.75, HH→NL down to 0.7)",
    source=src("§9.1 (fig. 6 discussion), §9.2 (fig. 7 discussion)"),
    kind=Kind.EMPIRICAL,
    statement="""Tickets moved NL→HH (output mask duplicated) win on HH for densities 1 to 0.75; tickets moved HH→NL
        (2nd and 4th output rows dropped) win on NL for densities 1 to 0.7.""",
    decision_rule="""Win: median transferred loss ≤ 10x the target's dense loss (median).  Refuted by the first
        pruned round with density ≥ 0.75 (NL→HH) / ≥ 0.7 (HH→NL) that does not win; verified if every such
        round wins and each direction has at least one; inconclusive if a direction has no pruned round in
        its range (at 30% per round NL→HH jumps from 1 to 0.7, so only the unpruned network would be
        'tested').  (That clause was added after the first verdicts: before it, the quick verdict rested on
        HH→NL alone.)""",
    recorded={"quick": "inconclusive", "standard": "verified", "paper": "skipped"},
    scope=SCOPE,
    mutants=[mutant("winning over the whole run, down to density 0.02 in both directions",
                    limits={"NL->HH": 0.02, "HH->NL": 0.02})],
)
def _transfer_wins(ctx: CheckContext, *, limits: dict = THESIS_TRANSFER_WINS) -> Verdict:
    claimed = {key: f"wins for d ≥ {limit:g}" for key, limit in limits.items()}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data, figure = _transfer(ctx)
    bad, measured, tested = [], {}, {}
    for key, item in data.items():
        dense = float(np.median(item["direct"][0]))
        med, dens = np.median(item["moved"], 1), np.median(item["moved density"], 1)
        measured[key] = {f"{d:.3f}": round(float(e / dense), 3) for d, e in zip(dens, med)}
        in_range = dens[1:] >= limits[key]
        tested[key] = int(in_range.sum())
        for d, e in zip(dens[1:][in_range], med[1:][in_range]):
            if e > WIN_TOLERANCE * dense:
                bad.append({"direction": key, "density": float(d), "loss / dense": float(e / dense)})
    untested = [k for k, n in tested.items() if n == 0]
    detail = f"pruned rounds in range: {mt.pairs(tested)}"
    if not bad and untested:
        return _finish(ctx, Verdict(status=Status.INCONCLUSIVE, claimed=claimed, figures=[figure], notes=scale_note(ctx),
                                    measured={"median loss / target dense loss by density": measured},
                                    decision_detail=f"{detail}; no pruned {', '.join(untested)} round lies in its range"),
                       "the standard profile (10% per round: NL→HH rounds at 0.9 and 0.81) or " + PAPER_DECIDES)
    return Verdict.from_counterexamples(
        bad, checked=sum(tested.values()), claimed=claimed, measured={"median loss / target dense loss by density": measured}, figures=[figure],
        decision_detail=detail, notes=scale_note(ctx),
        finding=f"{bad[0]['direction']} tickets at density {bad[0]['density']:.3f} have {bad[0]['loss / dense']:.1f}x "
                f"the dense loss" if bad else "")


def _paired_log_ratio(item: dict) -> np.ndarray:
    """log(transferred / direct) per (pruned round, seed), rounds matched by index."""
    return np.log(item["moved"][1:] / item["direct"][1:])


def _per_seed_mean(values: np.ndarray, include: np.ndarray) -> np.ndarray:
    """The mean over the included rounds of each seed's column of ``values`` (rounds, seeds): one value
    per independent run, the unit of replication; seeds with no included round are left out."""
    counts = include.sum(0)
    return (np.where(include, values, 0.0).sum(0) / np.maximum(counts, 1))[counts > 0]


def _pairs_in_range(item: dict) -> np.ndarray:
    """(pruned rounds, seeds): whether the transferred ticket's density lies inside the thesis's range."""
    return item["moved density"][1:] >= DOCUMENT_DENSITY_FLOOR


@claim(
    "imp.transfer.beats-direct",
    title="§9.1: below density 0.65, NL→HH tickets do better on HH than direct IMP",
    source=src("§9.1 (fig. 6 discussion)"),
    kind=Kind.STATISTICAL,
    statement="For densities below 0.65 the tickets moved from NL perform better on HH than IMP run on HH itself.",
    decision_rule=f"""Rounds with density below 0.65 and inside the thesis's range ({IN_RANGE}); per seed (an
        independent run, the unit of replication) the mean over those rounds of log(transferred loss /
        direct loss); 95% t-interval over seeds.  Verified if it lies wholly below log r (r = 1: better),
        refuted if wholly above, else inconclusive.  (Earlier rule: a Wilson interval of the win fraction
        over (round, seed) pairs; changed because it counts rounds x seeds as independent observations.)""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
    scope=SCOPE,
    mutants=[mutant("transferred tickets 100 times better than direct IMP", loss_ratio=0.01)],
    variants_note="""The per-seed mean log ratio spans about ±2.3 at the quick budget (one seed's transferred
        tickets do 20x better, the others 1-5x worse), so 'ten times better' (log 0.1 = -2.3) sits on the
        interval's edge and moved with the CPU's rounding; 100 times (log 0.01 = -4.6) is the nearest factor
        the seeds decide.""",
)
def _transfer_beats(ctx: CheckContext, *, loss_ratio: float = 1.0) -> Verdict:
    claimed = "transferred NL→HH beats direct HH IMP below d = 0.65" + ("" if loss_ratio == 1 else f" by {1 / loss_ratio:g}x")
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    item = _transfer(ctx)[0]["NL->HH"]
    below = (item["moved density"][1:] < 0.65) & _pairs_in_range(item)
    per_seed = _per_seed_mean(_paired_log_ratio(item), below)
    if per_seed.size < 2:
        return _finish(ctx, Verdict(status=Status.INCONCLUSIVE, claimed=claimed, notes=scale_note(ctx),
                                    measured={"seeds with a pair below 0.65 in range": int(per_seed.size)}),
                       "two or more seeds with rounds below density 0.65 inside the thesis's range")
    ci = t_interval(per_seed)
    status = decide_above(-ci.high, -ci.low, -math.log(loss_ratio))  # claimed: mean log ratio below log r
    wins = int(((item["moved"][1:] < loss_ratio * item["direct"][1:]) & below).sum())
    measured = {"mean log(transferred/direct) per seed": [round(float(v), 3) for v in per_seed],
                "pairs won (round, seed)": f"{wins}/{int(below.sum())}"}
    verdict = Verdict(status=status, claimed=claimed, measured=measured,
                      intervals={"mean log(transferred/direct), 95% t over seeds": ci.as_list()},
                      counterexample=measured if status is Status.REFUTED else None, notes=scale_note(ctx),
                      finding=f"per seed, transferred tickets end at {math.exp(ci.mean):.2f}x the direct loss on "
                              f"average (95% CI of the log ratio {ci.as_list()})" if status is Status.REFUTED else "")
    return _finish(ctx, verdict, "more seeds (the interval is over 3-4 independent runs), or " + PAPER_DECIDES)


@claim(
    "imp.transfer.hh-to-nl-better",
    title="§9.2: HH→NL transfers better than NL→HH",
    source=src("§9.2 (fig. 7 discussion)"),
    kind=Kind.STATISTICAL,
    statement="Relative to direct IMP on the target, tickets moved HH→NL lose less than tickets moved NL→HH.",
    decision_rule=f"""Per seed (an independent run, the unit of replication): the mean over its pruned rounds inside
        the thesis's range ({IN_RANGE}) of log(transferred loss / direct loss) on the target.  95% Welch interval
        for mean(better) - mean(other) over those per-seed values, with better = HH→NL: verified if wholly
        below -log k (k = 1), refuted if wholly above, else inconclusive.  (Earlier rule: the same Welch
        interval over every (round, seed) pair; changed because that counts rounds x seeds as independent
        observations, and its verdict moved with the machine's rounding.)""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
    scope=SCOPE,
    mutants=[mutant("the reverse, by a factor 100: NL→HH tickets at least 100 times as close to direct IMP",
                    better="NL->HH", factor=100.0),
             mutant("HH→NL tickets at least 100 times as close to direct IMP as NL→HH", factor=100.0)],
    variants_note="""At the quick budget the 95% interval of the difference of per-seed mean log ratios spans about
        ±2.3 (5 seeds), so the nearest mutants the seeds decide on every numerics replicate are factors of 100
        (log 100 = 4.6); the earlier factor-2 mutant came out refuted on one machine's rounding and inconclusive
        on another's.""",
)
def _transfer_better(ctx: CheckContext, *, better: str = "HH->NL", factor: float = 1.0) -> Verdict:
    other = "NL->HH" if better == "HH->NL" else "HH->NL"
    claimed = f"{better} closer to direct IMP than {other}" + ("" if factor == 1 else f" by {factor:g}x")
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data, _ = _transfer(ctx)
    a, b = (_per_seed_mean(_paired_log_ratio(data[k]), _pairs_in_range(data[k])) for k in (better, other))
    if min(a.size, b.size) < 2:
        return _finish(ctx, Verdict(status=Status.INCONCLUSIVE, claimed=claimed, notes=scale_note(ctx),
                                    measured={"seeds with pairs in range": [int(a.size), int(b.size)]}),
                       "two or more seeds per direction inside the thesis's range")
    ci = st.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    status = decide_above(-float(ci.high), -float(ci.low), math.log(factor))  # claimed: the difference is below -log k
    measured = {f"mean log ratio {better}": round(float(a.mean()), 3), f"mean log ratio {other}": round(float(b.mean()), 3),
                "seeds": [int(a.size), int(b.size)],
                f"per-seed mean log ratio {better}": [round(float(v), 3) for v in a],
                f"per-seed mean log ratio {other}": [round(float(v), 3) for v in b]}
    verdict = Verdict(status=status, claimed=claimed, measured=measured,
                      intervals={f"difference {better} - {other}": [round(float(ci.low), 3), round(float(ci.high), 3)]},
                      counterexample=measured if status is Status.REFUTED else None, notes=scale_note(ctx),
                      finding=f"relative to direct IMP, {better} tickets lose {math.exp(a.mean()):.2f}x and {other} "
                              f"{math.exp(b.mean()):.2f}x" if status is Status.REFUTED else "")
    return _finish(ctx, verdict, "more seeds (the standard profile pairs 4 seeds x 22 rounds), or " + PAPER_DECIDES)


THESIS_TRANSFER_ENDS = {"NL->HH": 0.7, "HH->NL": 0.65}


@claim(
    "imp.transfer.boundaries",
    title=("§9.1-9.2: NL→HH tickets stop winning below 0.7; HH→NL tickets win down to 0.7, stay comparable "
           "to direct IMP down to 0.65 and are 10-20x worse below"),
    source=src("§9.1, §9.2"),
    kind=Kind.EMPIRICAL,
    statement="""Below density 0.7 the NL→HH tickets have at least ten times the dense HH error; HH→NL tickets stay close
        to direct IMP down to 0.65 and are 10-20x worse below.""",
    decision_rule="""Refuted if NL→HH tickets still win (≤ 10x) below 0.65 or HH→NL tickets are within 10x of direct
        IMP at every round below 0.6 (the stated densities less 0.05); verified otherwise.  Decided only at
        the thesis's scale and when its dense networks reach the thesis's error level (as in
        imp.winning-range.values); elsewhere a refutation is inconclusive (scope gate) and so is a match.""",
    recorded=EMPIRICAL_RECORD,
    scope=SCOPE,
    variants_note=BELOW_SCALE_VARIANTS,
    mutants=[mutant("no transferred ticket wins once pruned: both boundaries at 0.95",
                    claimed={"NL->HH": 0.95, "HH->NL": 0.95})],
)
def _transfer_boundaries(ctx: CheckContext, *, claimed: dict = THESIS_TRANSFER_ENDS) -> Verdict:
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data, _ = _transfer(ctx)
    measured = {}
    for key, item in data.items():
        dense = float(np.median(item["direct"][0]))
        measured[key] = round(winning_boundary(np.median(item["moved density"], 1), np.median(item["moved"], 1),
                                               dense, WIN_TOLERANCE), 4)
    reached, regime_note = _regimes_reached(ctx)
    notes = scale_note(ctx) + " " + regime_note
    if _paper_only(ctx) and not reached:
        return _finish(ctx, Verdict(status=Status.INCONCLUSIVE, claimed=claimed, measured={"lowest winning density": measured},
                                    notes=notes), "the paper profile trained to the thesis's error level")
    bad = []
    if measured["NL->HH"] < claimed["NL->HH"] - DENSITY_PRECISION:
        bad.append({"NL->HH still wins at": measured["NL->HH"]})
    hn = data["HH->NL"]
    low = np.median(hn["moved density"], 1) < claimed["HH->NL"] - DENSITY_PRECISION
    if low.any() and np.all(np.median(hn["moved"], 1)[low] <= WIN_TOLERANCE * np.median(hn["direct"], 1)[low]):
        bad.append({f"HH->NL within 10x of direct below {claimed['HH->NL'] - DENSITY_PRECISION:g}": True})
    verdict = Verdict.from_counterexamples(bad, checked=len(measured), claimed=claimed, measured={"lowest winning density": measured},
                                           notes=notes, finding=mt.pairs(bad[0], 4) if bad else "")
    return _finish(ctx, _values_at_thesis_scale(ctx, verdict))


# --------------------------------------------------------------------------- §8.1 energy
#: The dense networks are trained at the thesis's own budget on the CPU (the nl-dense and
#: hh-dense stages) at standard and paper; quick reads round 0 of its reduced IMP runs.
DENSE_STAGE = {"NL": "nl-dense", "HH": "hh-dense"}
DENSE_SCOPE = {"quick": "reduced", "standard": "document", "paper": "document"}
DENSE_DECIDES = ("the standard profile, which trains 4 dense networks per system at the thesis's budget "
                 "(5e4 / 2e4 epochs, published points and Adam betas) on the CPU in about 5 minutes")


def _dense_at_thesis_budget(ctx: CheckContext) -> bool:
    return ctx.profile != "quick"


@measurement
def _dense_networks(ctx: CheckContext) -> dict[str, dict]:
    """Per system: relative energy drift, MSE against the reference and test loss of the dense networks
    (the dense stages at the thesis's budget; at quick, round 0 of the reduced full-model IMP arms)."""
    out = {}
    for label, (name, system) in SYSTEMS.items():
        result = stage(ctx, DENSE_STAGE[label] if _dense_at_thesis_budget(ctx) else name)
        idx = result.arm_indices("full")
        out[label] = {"system": system,
                      "drift": result.evaluation["energy_drift"][0, idx] / abs(get_system(system).energy0),
                      "mse reference": result.evaluation["mse_reference"][0, idx], "loss": loss(result, idx)[0]}
    return out


def _dense_note(ctx: CheckContext) -> str:
    if _dense_at_thesis_budget(ctx):
        return ("Dense networks trained at the thesis's budget on the CPU (fused engine, float32): 4 seeds, "
                "5e4 epochs (NL) / 2e4 (HH), published collocation points, Adam betas (0.999, 0.9999).")
    return scale_note(ctx)


def _finish_dense(ctx: CheckContext, verdict: Verdict) -> Verdict:
    """Below the thesis's budget (quick) a match decides nothing and a refutation is left to the scope gate."""
    if _dense_at_thesis_budget(ctx):
        return verdict
    if verdict.status is Status.VERIFIED:
        verdict = replace(verdict, status=Status.INCONCLUSIVE,
                          decision_detail="The values agree, but at a budget below the thesis's that decides nothing.")
    verdict.would_decide = DENSE_DECIDES
    return verdict


@claim(
    "hnn.energy.drift",
    title="§8.1: trained HNN solutions conserve energy",
    source=src("§8.1"),
    kind=Kind.EMPIRICAL,
    statement="The trained dense networks conserve the Hamiltonian along their solutions.",
    decision_rule="""Relative drift max_t |H(z(t)) - H0| / |H0| on 1000 test times, per dense network (4 seeds per
        system).  Verified if every network stays within 1%, refuted otherwise.  Decided on dense networks trained
        at the thesis's budget (standard and paper profiles); quick trains below it and is inconclusive.""",
    recorded={"quick": "inconclusive", "standard": "verified", "paper": "verified"},
    scope=DENSE_SCOPE,
    variants_note=BELOW_SCALE_VARIANTS,
    mutants=[mutant("conserved to 0.01% (the thesis-budget networks drift 0.03-0.08%)", tolerance=1e-4)],
)
def _energy_drift(ctx: CheckContext, *, tolerance: float = 0.01) -> Verdict:
    claimed = f"energy conserved along the trained solutions (relative drift ≤ {tolerance:g})"
    measured, worst, regimes = {}, [], []
    for label, net in _dense_networks(ctx).items():
        measured[label] = {"relative drift per seed": [round(float(v), 5) for v in net["drift"]],
                           "MSE vs reference per seed": [float(f"{v:.3g}") for v in net["mse reference"]]}
        regimes.append(dense_regime(net["system"], net["loss"]))
        if net["drift"].max() > tolerance:
            worst.append({"system": label, "relative drift": float(net["drift"].max())})
    notes = _dense_note(ctx) + " " + "; ".join(r[1] for r in regimes) + "."
    verdict = Verdict.from_counterexamples(worst, checked=sum(len(net["drift"]) for net in _dense_networks(ctx).values()), claimed=claimed, measured=measured, notes=notes,
                                           finding=f"{worst[0]['system']} drifts by {worst[0]['relative drift']:.1%}"
                                           if worst else "")
    return _finish_dense(ctx, verdict)


@claim(
    "hnn.energy.mse-level",
    title="§9.1: dense networks reach MSE ~1e-6 (NL) and ~1e-7 (HH)",
    source=src("§9.1 (training epochs paragraph)"),
    kind=Kind.EMPIRICAL,
    statement="Trained at the thesis's budget, the NL network reaches MSE about 1e-6 and the HH network about 1e-7.",
    decision_rule="""Median dense test loss per system (4 seeds): verified if within a factor 10 of the stated value,
        refuted otherwise.  Decided on dense networks trained at the thesis's budget (standard and paper profiles);
        quick trains below it and is inconclusive.""",
    recorded={"quick": "inconclusive", "standard": "verified", "paper": "verified"},
    scope=DENSE_SCOPE,
    variants_note=BELOW_SCALE_VARIANTS,
    mutants=[mutant("the two levels swapped (NL 1e-7, HH 1e-6)", claimed={"NL": 1e-7, "HH": 1e-6})],
)
def _mse_level(ctx: CheckContext, *, claimed: dict = THESIS_MSE) -> Verdict:
    measured, off = {}, []
    for label, net in _dense_networks(ctx).items():
        med = float(np.median(net["loss"]))
        measured[label] = {"median dense loss": float(f"{med:.3g}"),
                           "median MSE vs reference": float(f"{np.median(net['mse reference']):.3g}")}
        if not claimed[label] / 10 <= med <= claimed[label] * 10:
            off.append({"system": label, "median dense loss": med, "thesis": claimed[label]})
    verdict = Verdict.from_counterexamples(
        off, checked=len(measured), claimed=claimed, measured=measured,
        finding=f"{off[0]['system']} dense loss {off[0]['median dense loss']:.2g} against {off[0]['thesis']:g}" if off else "",
        notes=_dense_note(ctx))
    return _finish_dense(ctx, verdict)
