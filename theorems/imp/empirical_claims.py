"""Checks of the training-based claims of the IMP thesis (§5.2, §6.1, §8.2-8.3, §9) on
the Hamiltonian trial-solution networks, through the staged experiments of
``empirical.experiments``.

Two kinds of statement are separated throughout.  Scale-free statements (signs,
orderings, which arm beats which, whether a law fits) are decided at every profile.
Statements of the thesis's numbers (exponents, σ values, density ranges tied to an error
level) are decided only where the experiment matches the thesis's scale: otherwise the
verdict is ``inconclusive`` with the measured values and the profile that would decide.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import torch
from scipy import stats as st

from empirical.flow import AVERAGES, relative_sem, sigma_from_ratios
from empirical.imp import Arm, ImpConfig, run_imp
from empirical.network import PARAM_NAMES, WEIGHT_NAMES
from empirical.scaling import (
    collapsed_layers,
    compare_models,
    connected_outputs,
    critical_window,
    fit_line,
    winning_boundary,
)
from empirical.systems import get_system
from empirical.training import TrainConfig

from ..context import CheckContext
from ..plotting import new_figure
from ..registry import claim
from ..stats import combine_point_statuses, decide_above, wilson_interval
from ..verdict import Kind, Source, Status, Verdict
from .evidence import (
    THESIS_DENSE_MSE,
    WIN_TOLERANCE,
    dense_regime,
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
EMPIRICAL_RECORD = {"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"}


def _paper_only(ctx: CheckContext) -> bool:
    return ctx.profile == AT_THESIS_SCALE


def _window(result, idx):
    """Critical window rounds and the pooled (density, loss) points in it."""
    ok = usable_rounds(result, idx)
    rounds = critical_window(result.density[:, idx], loss(result, idx), ok)
    d = result.density[rounds][:, idx].ravel()
    e = loss(result, idx)[rounds].ravel()
    return rounds, d, e


# --------------------------------------------------------------------------- §6.1
@claim(
    "imp.rg-projection",
    title="§6.1 eq. 40-42: IMP's projection meets the three RG requirements",
    source=src("§6.1 eq. 39-42 and requirements 1-3"),
    kind=Kind.EMPIRICAL,
    statement="""IMP's projection operator is (i) non-negative, (ii) adds no coupling that was absent —
        pruning only removes connections, and a layer collapse (all weights between two layers gone)
        is the exception to watch — and (iii) normalised because IMP with a fixed seed is deterministic.""",
    decision_rule="""(i) holds by construction (a product of deltas); (ii) on every arm and round of the NL
        and HH IMP runs the support must only shrink, and layer collapses / outputs cut off from the
        input are counted and reported; (iii) a two-round IMP run repeated in two fresh directories
        must give bit-identical masks and weights.  Verified if (ii) and (iii) hold; refuted by a mask
        that grows or a run that differs.""",
    recorded={"quick": "verified", "standard": "verified", "paper": "skipped"},
)
def _rg_projection(ctx: CheckContext) -> Verdict:
    claimed = "P ≥ 0; support only shrinks (collapse reported); deterministic under a fixed seed"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    problems, collapses = [], {}
    for label, (name, _) in SYSTEMS.items():
        result = stage(ctx, name)
        for n in range(1, len(result.masks)):
            for w in WEIGHT_NAMES:
                grew = (result.masks[n][w] & ~result.masks[n - 1][w]).reshape(len(result.config.arms), -1).any(1)
                for a in np.nonzero(grew.numpy())[0]:
                    problems.append(f"{label} arm {a} round {n}: a pruned weight of {w} returned")
        for a, arm in enumerate(result.config.arms):
            first = None
            for n, m in enumerate(result.masks):
                one = {k: v[a:a + 1] for k, v in m.items()}
                if collapsed_layers(one).any() or not connected_outputs(one).all():
                    first = n
                    break
            if first is not None:
                collapses[f"{label} {arm.label} seed {arm.seed}"] = {
                    "round": first, "density": round(float(result.density[first, a]), 4),
                    "collapsed layers": [WEIGHT_NAMES[i] for i in np.nonzero(collapsed_layers(
                        {k: v[a:a + 1] for k, v in result.masks[first].items()})[0])[0]]}
    cfg = ImpConfig(TrainConfig("nl-oscillator", epochs=60, n_points=40), (Arm(5, 0.3), Arm(6, 0.3)), rounds=2)
    runs = []
    for _ in range(2):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(run_imp(cfg, Path(tmp)))
    identical = all(torch.equal(runs[0].masks[n][w], runs[1].masks[n][w]) for n in range(3) for w in WEIGHT_NAMES) and \
        all(torch.equal(runs[0].params[n][p], runs[1].params[n][p]) for n in range(3) for p in PARAM_NAMES)
    if not identical:
        problems.append("two runs of the same config with the same seed differ")
    return Verdict.from_counterexamples(
        problems, claimed=claimed,
        measured={"support only shrinks": not any("returned" in p for p in problems),
                  "repeat run bit-identical": identical,
                  "arms with a collapse or a cut-off output (first round)": collapses or "none"},
        notes=scale_note(ctx) + " (i) and (iii) hold for any deterministic map, so they do not single out "
              "IMP; and a conditional probability is normalised whether or not the seed is fixed — "
              "the fixed seed buys reproducibility, not normalisation.")


# --------------------------------------------------------------------------- §5.2 flow
def _flow_data(ctx: CheckContext) -> dict[str, np.ndarray]:
    out = {}
    for label, (name, _) in SYSTEMS.items():
        result = stage(ctx, name)
        out[label] = ratios(result, result.arm_indices("full"))
    return out


@claim(
    "imp.flow-constraint.measured",
    title="§5.2: Σ_i M_i λ_i = 1 and some λ_i ≤ 1 on every IMP round",
    source=src("§5.2 eq. 35-36"),
    kind=Kind.EMPIRICAL,
    statement="On real IMP runs Σ_i M_i(n) λ_i(n) = 1 at every round, so some layer is irrelevant (λ ≤ 1) at every round.",
    decision_rule="""On every connected round of the NL and HH full-model runs: verified if |Σ M_i λ_i - 1|
        ≤ 1e-9 and min_i λ_i ≤ 1 everywhere; refuted by the first round where either fails.""",
    recorded={"quick": "verified", "standard": "verified", "paper": "skipped"},
)
def _flow_constraint_measured(ctx: CheckContext) -> Verdict:
    claimed = "Σ M_i λ_i = 1; min λ_i ≤ 1"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    bad, worst, rounds = [], 0.0, 0
    for label, (name, _) in SYSTEMS.items():
        result = stage(ctx, name)
        idx = result.arm_indices("full")
        lam = ratios(result, idx)
        m = shares(result, idx)[: lam.shape[0]]
        total = (m * lam).sum(-1)
        worst = max(worst, float(np.nanmax(np.abs(total - 1))))
        rounds += lam.shape[0] * lam.shape[1]
        for n, a in zip(*np.nonzero((np.abs(total - 1) > 1e-9) | (lam.min(-1) > 1))):
            bad.append({"system": label, "round": int(n), "arm": int(a), "Σ M λ": float(total[n, a]),
                        "λ": lam[n, a].tolist()})
    return Verdict.from_counterexamples(bad, claimed=claimed,
                                        measured={"rounds x arms": rounds, "max |Σ M λ - 1|": worst},
                                        notes=scale_note(ctx))


@claim(
    "imp.flow-eigen.sem",
    title="§5.2 eq. 36: λ_i has a standard error of the mean below 5% (Redman et al.'s criterion)",
    source=src("§5.2 eq. 36 and the sentence after it"),
    kind=Kind.EMPIRICAL,
    statement="""The ratios λ_i = M_i(n+1)/M_i(n) are stable enough to call M_i eigenfunctions: the
        standard error of the mean of λ_i over rounds is below 5%.""",
    decision_rule="""For each full-model arm of both systems and each layer: SEM of λ_i(n) over the
        connected rounds divided by its mean.  Verified if every value is below 5%.  A value of 5% or
        more refutes at the thesis's round count (paper profile: 1% per round); with fewer rounds the
        SEM is larger by construction, so there it is inconclusive.  (The fewer-rounds clause was added
        after the first quick run, before any verdict was recorded.)""",
    recorded={"quick": "inconclusive", "standard": "verified", "paper": "skipped"},
)
def _flow_eigen_sem(ctx: CheckContext) -> Verdict:
    claimed = "SEM(λ_i)/mean(λ_i) < 5%"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    table, bad = {}, []
    for label, lam in _flow_data(ctx).items():
        rel = relative_sem(lam)
        table[label] = {LAYERS[i]: [round(float(v), 4) for v in rel[:, i]] for i in range(rel.shape[1])}
        for a, i in zip(*np.nonzero(rel >= 0.05)):
            bad.append({"system": label, "seed arm": int(a), "layer": LAYERS[i], "relative SEM": float(rel[a, i])})
    notes = (scale_note(ctx) + " The SEM shrinks like 1/√(rounds) even when λ drifts steadily, so with "
             "the thesis's 230 rounds the criterion is nearly automatic; imp.flow-eigen.trend tests constancy.")
    if bad and not _paper_only(ctx):
        return Verdict(status=Status.INCONCLUSIVE, claimed=claimed, measured={"relative SEM per seed": table},
                       decision_detail=f"{len(bad)} values ≥ 5% with {lam.shape[0]} rounds, not the thesis's 230",
                       notes=notes)
    return Verdict.from_counterexamples(bad, claimed=claimed, measured={"relative SEM per seed": table}, notes=notes)


@claim(
    "imp.flow-eigen.trend",
    title="§5.2 eq. 36: λ_i is constant over IMP rounds",
    source=src("§5.2 eq. 36 (λ_i independent of n)"),
    kind=Kind.STATISTICAL,
    statement="For M_i to be eigenfunctions, λ_i must not depend on the round n.",
    decision_rule="""Per system and layer, regress log λ_i(n) on n over the connected rounds, pooling the
        full-model seeds.  Refuted if for some layer the 95% interval of the slope excludes 0 and the
        fitted λ changes by more than 5% across the window; verified if for every layer the interval
        contains 0 or the change is under 5%.""",
    recorded={"quick": "refuted", "standard": "refuted", "paper": "skipped"},
)
def _flow_eigen_trend(ctx: CheckContext) -> Verdict:
    claimed = "λ_i(n) constant in n"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _flow_data(ctx)
    measured, drifting = {}, []
    fig, axes = new_figure(9.0, 3.4, ncols=2)
    for ax, (label, lam) in zip(axes, data.items()):
        rounds = np.arange(lam.shape[0])
        for i, layer in enumerate(LAYERS):
            x = np.repeat(rounds, lam.shape[1])
            y = np.log(lam[:, :, i]).ravel()
            fit = fit_line(x, y)
            change = float(np.expm1(abs(fit.slope) * (len(rounds) - 1)))
            measured[f"{label} {layer}"] = {"slope of log λ per round": round(fit.slope, 5),
                                            "95% CI": [round(v, 5) for v in fit.slope_ci],
                                            "relative change across window": round(change, 3)}
            if (fit.slope_ci[0] > 0 or fit.slope_ci[1] < 0) and change > 0.05:
                drifting.append({"system": label, "layer": layer, **measured[f"{label} {layer}"]})
            med = np.median(lam[:, :, i], axis=1)
            ax.plot(rounds + 1, med, marker="o", label=f"{layer} (median)")
        ax.axhline(1.0, color="grey", lw=0.8)
        ax.set(title=f"{label}: λ_i per round", xlabel="round n", ylabel="λ_i = M_i(n+1)/M_i(n)")
        ax.legend(fontsize=7)
    figure = ctx.save_figure(fig, "λ_i per IMP round (median over seeds); constant λ would be flat.", "lambda")
    return Verdict.from_counterexamples(drifting, claimed=claimed, measured=measured, figures=[figure],
                                        notes=scale_note(ctx))


@claim(
    "imp.sigma-invariance",
    title="§5.2 eq. 37: σ_i = log_c λ_i does not depend on the pruning rate",
    source=src("§5.2 eq. 37"),
    kind=Kind.STATISTICAL,
    statement="σ_i = log_c λ_i with c = 1/(1-x) is the same whatever the pruning rate x.",
    decision_rule="""NL full model, the same three (or four) seeds pruned at two rates.  σ_i per seed is minus
        the slope of log M_i against log density over the density range both rates cover (for d = (1-x)^n
        this is the geometric mean of log_c λ_i).  Paired differences σ(x1) - σ(x2) per seed, 95%
        t-interval.  Refuted if for some layer the interval excludes 0 and the mean difference exceeds
        20% of the layer's mean |σ|; verified if for every layer the interval lies within ±20% of it;
        otherwise inconclusive.  (Rule fixed after one exploratory quick run, before any verdict was
        recorded.)""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
)
def _sigma_invariance(ctx: CheckContext) -> Verdict:
    claimed = "σ_i independent of x"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    result = stage(ctx, "nl-imp")
    main, second = result.arm_indices("full"), result.arm_indices("full-second-rate")
    floor = result.density[:, second].min()
    last_main = int(np.max(np.nonzero(result.density[:, main[0]] >= floor - 1e-12)[0]))
    s_main = sigma_per_seed(result, main, last_main)
    s_second = sigma_per_seed(result, second)
    rates = (result.config.arms[main[0]].rate, result.config.arms[second[0]].rate)
    statuses, measured, refuting = [], {}, []
    for i, layer in enumerate(LAYERS):
        diff = t_interval(s_main[:, i] - s_second[:, i])
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
    status = combine_point_statuses(statuses)
    return Verdict(status=status, claimed=claimed, measured=measured,
                   counterexample=refuting[0] if refuting else None,
                   intervals={f"{layer} σ difference": measured[layer]["95% CI"] for layer in LAYERS},
                   decision_detail=f"per layer: {dict(zip(LAYERS, [s.value for s in statuses]))}; common "
                                   f"density window down to {floor:.3f}",
                   notes=scale_note(ctx))


def _sigma_table(ctx: CheckContext) -> dict[str, np.ndarray]:
    out = {}
    for label, (name, _) in SYSTEMS.items():
        result = stage(ctx, name)
        out[label] = sigma_per_seed(result, result.arm_indices("full"))
    return out


THESIS_SIGMA = {"NL": (2.4778, -0.1710, 5.2449), "HH": (2.6447, -0.1205, 4.4276)}


@claim(
    "imp.sigma-table.signs",
    title="§9 table 2: layers 1 and 3 are relevant (σ > 0), layer 2 irrelevant (σ < 0), in both systems",
    source=src("§9 table 2 and the paragraph after it"),
    kind=Kind.STATISTICAL,
    statement="Full-model IMP gives σ_1 > 0, σ_2 < 0, σ_3 > 0 for both the NL oscillator and Hénon-Heiles networks.",
    decision_rule="""σ_i per seed (as in imp.sigma-invariance, over all connected rounds), 95% t-interval over
        seeds.  Verified if every interval lies on the claimed side of 0 in both systems; refuted if some
        interval lies wholly on the other side; otherwise inconclusive.""",
    recorded={"quick": "verified", "standard": "verified", "paper": "skipped"},
)
def _sigma_signs(ctx: CheckContext) -> Verdict:
    claimed = {"signs": "(+, -, +) in both systems", **{k: v for k, v in THESIS_SIGMA.items()}}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    expected = (1, -1, 1)
    statuses, measured, intervals, wrong = [], {}, {}, []
    for label, sig in _sigma_table(ctx).items():
        for i, layer in enumerate(LAYERS):
            ci = t_interval(sig[:, i])
            intervals[f"{label} σ_{i + 1}"] = ci.as_list()
            measured[f"{label} σ_{i + 1} ({layer})"] = round(ci.mean, 3)
            if expected[i] * ci.low > 0 and expected[i] * ci.high > 0:
                statuses.append(Status.VERIFIED)
            elif expected[i] * ci.low < 0 and expected[i] * ci.high < 0:
                statuses.append(Status.REFUTED)
                wrong.append({"system": label, "layer": layer, "σ": round(ci.mean, 3), "95% CI": ci.as_list()})
            else:
                statuses.append(Status.INCONCLUSIVE)
    status = combine_point_statuses(statuses)
    return Verdict(status=status, claimed=claimed, measured=measured, intervals=intervals,
                   counterexample=wrong[0] if wrong else None, notes=scale_note(ctx))


@claim(
    "imp.sigma-table.values",
    title="§9 table 2: σ = (2.48, -0.17, 5.24) for NL and (2.64, -0.12, 4.43) for HH",
    source=src("§9 table 2"),
    kind=Kind.EMPIRICAL,
    statement="Full-model IMP at 1% gives the σ values of table 2.",
    decision_rule="""Decided only at the thesis's rate (1%, paper profile): verified if every table value lies in
        the 95% t-interval over seeds, refuted otherwise.  At other rates σ is reported but not compared,
        since rate invariance is itself in question (imp.sigma-invariance): inconclusive.""",
    recorded=EMPIRICAL_RECORD,
)
def _sigma_values(ctx: CheckContext) -> Verdict:
    claimed = THESIS_SIGMA
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    measured, intervals, outside = {}, {}, []
    for label, sig in _sigma_table(ctx).items():
        for i in range(3):
            ci = t_interval(sig[:, i])
            intervals[f"{label} σ_{i + 1}"] = ci.as_list()
            measured[f"{label} σ_{i + 1}"] = round(ci.mean, 3)
            if not ci.low <= THESIS_SIGMA[label][i] <= ci.high:
                outside.append({"system": label, "σ index": i + 1, "table": THESIS_SIGMA[label][i], "95% CI": ci.as_list()})
    for label, (name, _) in SYSTEMS.items():
        result = stage(ctx, name)
        idx = result.arm_indices("full")
        lam = ratios(result, idx)
        for average in AVERAGES:
            values = sigma_from_ratios(lam, result.config.arms[idx[0]].rate, average).mean(0)
            measured[f"{label} σ, {average} mean of λ over rounds (seed mean)"] = [round(float(v), 3) for v in values]
    if not _paper_only(ctx):
        return Verdict(status=Status.INCONCLUSIVE, claimed=claimed, measured=measured, intervals=intervals,
                       notes=scale_note(ctx) + " Values are compared only at the thesis's 1% rate: run the paper "
                             "profile on a GPU (about two GPU-hours, estimated).")
    return Verdict.from_counterexamples(outside, claimed=claimed, measured=measured, intervals=intervals,
                                        notes=scale_note(ctx))


# --------------------------------------------------------------------------- §5.1 / §8 scaling
def _scaling(ctx: CheckContext) -> dict[str, dict]:
    out = {}
    for label, (name, _) in SYSTEMS.items():
        result = stage(ctx, name)
        idx = result.arm_indices("full")
        rounds, d, e = _window(result, idx)
        out[label] = {"result": result, "idx": idx, "rounds": rounds, "d": d, "e": e,
                      "fit": compare_models(d, e) if len(rounds) >= 3 else None}
    return out


def _scaling_figure(ctx: CheckContext, data: dict[str, dict]):
    fig, axes = new_figure(9.5, 3.6, ncols=2)
    for ax, (label, item) in zip(axes, data.items()):
        result, idx = item["result"], item["idx"]
        dens, err = result.density[:, idx], loss(result, idx)
        for a in range(len(idx)):
            ax.loglog(dens[:, a], err[:, a], marker=".", lw=0.6, alpha=0.6, color="C0")
        ax.loglog(np.median(dens, 1), np.median(err, 1), marker="o", color="C0", label="median over seeds")
        dense = float(np.median(err[0]))
        ax.axhline(WIN_TOLERANCE * dense, color="C2", ls="--", lw=0.8, label=f"winning tolerance ({WIN_TOLERANCE:g}x dense)")
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


@claim(
    "imp.power-law.fit",
    title="§5.1, §8: the error follows a power law in density over a critical window",
    source=src("§5.1; §8.2 fig. 4; §8.3 fig. 5"),
    kind=Kind.STATISTICAL,
    statement="""Below a critical density the error of full-model IMP grows as a power law of density, and a
        power law describes it better than plausible alternatives.""",
    decision_rule="""Window: from the first round after which the median loss stays above 2x the dense loss to the
        last round where every network is connected (≥ 3 rounds).  On log loss, compare by AIC a power law
        in d, an exponential in d, and the thesis's (d_C - d)^{-γ}.  Verified if the power law beats the
        exponential by ΔAIC ≥ 2 in both systems; refuted if the exponential beats it by ΔAIC ≥ 2 in either;
        otherwise (or with no window) inconclusive.""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
)
def _power_law_fit(ctx: CheckContext) -> Verdict:
    claimed = "e ~ power of density on d_L < d < d_C, better than alternatives"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _scaling(ctx)
    statuses, measured, intervals, against = [], {}, {}, None
    for label, item in data.items():
        fit = item["fit"]
        if fit is None:
            statuses.append(Status.INCONCLUSIVE)
            measured[label] = "no critical window of ≥ 3 rounds"
            continue
        delta = fit.aic["exponential in d"] - fit.aic["power law in d"]
        measured[label] = {"window densities": [round(float(v), 4) for v in np.unique(item["d"])[::-1]],
                           "AIC": {k: round(float(v), 2) for k, v in fit.aic.items()},
                           "ΔAIC (exponential - power)": round(float(delta), 2), "γ": round(fit.gamma, 3),
                           "best (d_C - d)^-γ fit": {"γ": round(fit.thesis_gamma, 3), "d_C": round(fit.thesis_dc, 4)}}
        intervals[f"{label} γ"] = [round(v, 3) for v in fit.gamma_ci]
        if delta >= 2:
            statuses.append(Status.VERIFIED)
        elif delta <= -2:
            statuses.append(Status.REFUTED)
            against = {"system": label, **measured[label]}
        else:
            statuses.append(Status.INCONCLUSIVE)
    status = combine_point_statuses(statuses)
    return Verdict(status=status, claimed=claimed, measured=measured, intervals=intervals, counterexample=against,
                   figures=[_scaling_figure(ctx, data)],
                   decision_detail=f"NL: {statuses[0].value}; HH: {statuses[1].value}",
                   notes=scale_note(ctx) + " A negative fitted γ for (d_C - d)^{-γ} is that law's sign problem "
                         "(imp.power-law.form) showing in data.")


THESIS_SLOPES = {"NL": -7.1626, "HH": -35.9853}


@claim(
    "imp.full-model-slopes.ordering",
    title="§8.3: the HH power law is much steeper than the NL one",
    source=src("§8.3 (after fig. 5)"),
    kind=Kind.STATISTICAL,
    statement="The log-log slope of error against density is steeper for Hénon-Heiles (-35.99) than for the NL oscillator (-7.16).",
    decision_rule="""Slopes from the critical-window fits of imp.power-law.fit with 95% intervals.  Verified if HH's
        slope is more negative with disjoint intervals; refuted if NL's is more negative with disjoint
        intervals; otherwise (or with no window) inconclusive.""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
)
def _slopes_ordering(ctx: CheckContext) -> Verdict:
    claimed = THESIS_SLOPES
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _scaling(ctx)
    if any(item["fit"] is None for item in data.values()):
        return Verdict(status=Status.INCONCLUSIVE, claimed=claimed,
                       measured={k: "no critical window" if v["fit"] is None else -v["fit"].gamma for k, v in data.items()},
                       notes=scale_note(ctx))
    ci = {k: (-v["fit"].gamma_ci[1], -v["fit"].gamma_ci[0]) for k, v in data.items()}
    slope = {k: -v["fit"].gamma for k, v in data.items()}
    if ci["HH"][1] < ci["NL"][0]:
        status = Status.VERIFIED
    elif ci["NL"][1] < ci["HH"][0]:
        status = Status.REFUTED
    else:
        status = Status.INCONCLUSIVE
    return Verdict(status=status, claimed=claimed, measured={k: round(v, 3) for k, v in slope.items()},
                   intervals={k: [round(a, 3), round(b, 3)] for k, (a, b) in ci.items()},
                   counterexample={"slopes": slope, "95% CIs": ci} if status is Status.REFUTED else None,
                   notes=scale_note(ctx))


@claim(
    "imp.full-model-slopes.values",
    title="§8.2-8.3: full-model slopes -7.16 (NL) and -35.99 (HH) at 1%",
    source=src("§8.3 (after fig. 5)"),
    kind=Kind.EMPIRICAL,
    statement="Full-model IMP at 1% gives log-log slopes -7.16 (NL) and -35.99 (HH).",
    decision_rule="""Decided only at the thesis's scale (paper profile): verified if each value lies in the 95%
        interval of the critical-window slope, refuted otherwise; at other profiles inconclusive.""",
    recorded=EMPIRICAL_RECORD,
)
def _slopes_values(ctx: CheckContext) -> Verdict:
    claimed = THESIS_SLOPES
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _scaling(ctx)
    measured = {k: (None if v["fit"] is None else round(-v["fit"].gamma, 3)) for k, v in data.items()}
    intervals = {k: [round(-v["fit"].gamma_ci[1], 3), round(-v["fit"].gamma_ci[0], 3)] for k, v in data.items() if v["fit"]}
    if not _paper_only(ctx) or any(v["fit"] is None for v in data.values()):
        return Verdict(status=Status.INCONCLUSIVE, claimed=claimed, measured=measured, intervals=intervals,
                       notes=scale_note(ctx) + " The values depend on rate and training budget; the paper "
                             "profile on a GPU decides them.")
    outside = [{"system": k, "thesis": claimed[k], "95% CI": intervals[k]} for k in data
               if not intervals[k][0] <= claimed[k] <= intervals[k][1]]
    return Verdict.from_counterexamples(outside, claimed=claimed, measured=measured, intervals=intervals,
                                        notes=scale_note(ctx))


def _layer_data(ctx: CheckContext) -> dict[str, dict]:
    result = stage(ctx, "nl-imp")
    out = {}
    for layer in LAYERS:
        idx = result.arm_indices(layer)
        ok = usable_rounds(result, idx)
        err = loss(result, idx)
        rounds = critical_window(result.density[:, idx], err, ok)
        name = WEIGHT_NAMES[LAYERS.index(layer)]
        dens = result.layer_density(name)[:, idx]
        onset = float(np.median(dens[rounds[0] - 1])) if len(rounds) else float(np.median(dens[int(np.max(np.nonzero(ok)[0]))]))
        gamma = None
        if len(rounds) >= 3:
            fit = compare_models(dens[rounds].ravel(), err[rounds].ravel())
            gamma = (fit.gamma, fit.gamma_ci)
        out[layer] = {"tolerated fraction": 1 - onset, "window": len(rounds), "gamma": gamma,
                      "dense": float(np.median(err[0])), "first pruned": float(np.median(err[1])),
                      "first density": float(np.median(dens[1]))}
    return out


THESIS_LAYER = {"exponents": {"input": 2.9777, "hidden": 1.2025, "output": 2.1934},
                "tolerated fraction": {"input": 0.6, "hidden": 0.6, "output": 0.25}}


@claim(
    "imp.layer-exponents.ordering",
    title="§8.2 table 1, fig. 1: input and hidden layers tolerate more pruning than the output layer; the hidden exponent is smallest",
    source=src("§8.2 fig. 1-3, table 1"),
    kind=Kind.EMPIRICAL,
    statement="""Pruning one layer at a time, the input and hidden layers tolerate more pruning before the error
        grows than the output layer, and the hidden layer's critical exponent is the smallest.""",
    decision_rule="""NL oscillator, one layer pruned at a time.  Tolerated fraction = 1 - the layer density just before
        the critical window (rule of imp.power-law.fit; the whole run if no window).  Exponents from the
        window fits (≥ 3 rounds).  Tolerance part: holds if input and hidden each tolerate at least as much
        as output.  Exponent part: decided only when the input and output layers both have a window; a
        hidden layer without one counts as the smallest.  Refuted if a decided part fails; verified if both
        parts are decided and hold; otherwise inconclusive.  (The 'decided only' clause was added after the
        first standard run, in which no layer had a window and the old rule compared three zeros.)""",
    recorded={"quick": "verified", "standard": "inconclusive", "paper": "skipped"},
)
def _layer_ordering(ctx: CheckContext) -> Verdict:
    claimed = {"tolerance": "input, hidden ≥ output", "exponent": "hidden smallest"}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _layer_data(ctx)
    tol = {k: round(v["tolerated fraction"], 4) for k, v in data.items()}
    gam = {k: (v["gamma"][0] if v["gamma"] else None) for k, v in data.items()}
    broken = []
    if not (tol["input"] >= tol["output"] and tol["hidden"] >= tol["output"]):
        broken.append({"tolerated fractions": tol})
    exponent_decided = gam["input"] is not None and gam["output"] is not None
    if exponent_decided:
        hidden = -np.inf if gam["hidden"] is None else gam["hidden"]
        if not (hidden < gam["input"] and hidden < gam["output"]):
            broken.append({"exponents": gam})
    result = stage(ctx, "nl-imp")
    fig, ax = new_figure(5.5, 3.6)
    for i, layer in enumerate(LAYERS):
        idx = result.arm_indices(layer)
        dens = np.median(result.layer_density(WEIGHT_NAMES[i])[:, idx], 1)
        ax.loglog(dens, np.median(loss(result, idx), 1), marker="o", label=f"{layer} layer only")
    ax.set(title="NL: one layer pruned at a time", xlabel="density of the pruned layer", ylabel="test loss")
    ax.invert_xaxis()
    ax.legend(fontsize=7)
    figure = ctx.save_figure(fig, "Layer-only IMP of the NL network: loss against the pruned layer's density.", "layers")
    if not broken and not exponent_decided:
        return Verdict(status=Status.INCONCLUSIVE, claimed=claimed, figures=[figure],
                       measured={k: {"tolerated fraction": round(v["tolerated fraction"], 3), "window rounds": v["window"]}
                                 for k, v in data.items()},
                       decision_detail="tolerance ordering holds; exponents undecided (input or output layer has "
                                       "no critical window in the densities reached)",
                       notes=scale_note(ctx))
    return Verdict.from_counterexamples(
        broken, claimed=claimed, figures=[figure],
        measured={k: {"tolerated fraction": round(v["tolerated fraction"], 3), "window rounds": v["window"],
                      "γ": None if v["gamma"] is None else round(v["gamma"][0], 3)} for k, v in data.items()},
        intervals={f"{k} γ": [round(x, 3) for x in v["gamma"][1]] for k, v in data.items() if v["gamma"]},
        notes=scale_note(ctx) + " The thesis's 1% layer-only schedule cannot thin the 50-weight input layer "
              "(imp.algorithm.density-rounding); the suite's larger rates can.")


@claim(
    "imp.layer-exponents.values",
    title="§8.2 table 1: layer exponents 2.98 / 1.20 / 2.19; 60% / 60% / 25% tolerated; hidden error falls while 30% is pruned",
    source=src("§8.2 table 1 and the discussion of fig. 1"),
    kind=Kind.EMPIRICAL,
    statement="""Layer-only IMP of the NL oscillator at 1% gives exponents 2.98 (input), 1.20 (hidden), 2.19 (output);
        input and hidden layers tolerate about 60% pruning, the output about 25%; the hidden-layer error
        decreases while the first 30% is pruned.""",
    decision_rule="""Decided only at the thesis's scale (paper profile): verified if each exponent lies in its 95%
        interval, each tolerated fraction is within 0.1 of the stated one and the hidden-only error at 30%
        pruned is below the dense error; refuted otherwise.  Other profiles: inconclusive, values reported.""",
    recorded=EMPIRICAL_RECORD,
)
def _layer_values(ctx: CheckContext) -> Verdict:
    claimed = THESIS_LAYER
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _layer_data(ctx)
    measured = {k: {"γ": None if v["gamma"] is None else round(v["gamma"][0], 3),
                    "tolerated fraction": round(v["tolerated fraction"], 3),
                    "dense loss": v["dense"], f"loss at density {v['first density']:.2f}": v["first pruned"]}
                for k, v in data.items()}
    if not _paper_only(ctx):
        return Verdict(status=Status.INCONCLUSIVE, claimed=claimed, measured=measured,
                       notes=scale_note(ctx) + " Values need the thesis's 1% rate and budget (paper profile on a GPU).")
    bad = []
    for k, v in data.items():
        if v["gamma"] is None or not v["gamma"][1][0] <= THESIS_LAYER["exponents"][k] <= v["gamma"][1][1]:
            bad.append({"layer": k, "exponent": measured[k]["γ"], "thesis": THESIS_LAYER["exponents"][k]})
        if abs(v["tolerated fraction"] - THESIS_LAYER["tolerated fraction"][k]) > 0.1:
            bad.append({"layer": k, "tolerated": measured[k]["tolerated fraction"], "thesis": THESIS_LAYER["tolerated fraction"][k]})
    return Verdict.from_counterexamples(bad, claimed=claimed, measured=measured, notes=scale_note(ctx))


# --------------------------------------------------------------------------- winning tickets
def _boundaries(ctx: CheckContext) -> dict[str, dict]:
    out = {}
    for label, (name, system) in SYSTEMS.items():
        result = stage(ctx, name)
        idx = result.arm_indices("full")
        err, dens = loss(result, idx), result.density[:, idx]
        per_seed = [winning_boundary(dens[:, a], err[:, a], err[0, a], WIN_TOLERANCE) for a in range(len(idx))]
        out[label] = {"median curve": winning_boundary(np.median(dens, 1), np.median(err, 1), float(np.median(err[0])), WIN_TOLERANCE),
                      "per seed": per_seed, "dense": err[0], "system": system, "err": err, "dens": dens}
    return out


@claim(
    "imp.winning-range.values",
    title="§8.2-8.3: winning tickets reach density 0.9 (NL) and 0.75 (HH), and none exist below 0.9 for NL",
    source=src("§8.2 (after fig. 4); §8.3 (after fig. 5)"),
    kind=Kind.EMPIRICAL,
    statement="""Full-model IMP at 1% finds winning tickets (error within the tolerance of the dense network) down to
        density 0.9 for the NL oscillator and 0.75 for Hénon-Heiles; below 0.9 no NL initialisation yields one.""",
    decision_rule="""Tolerance: 10x the dense loss (the thesis's own threshold, §9.1).  Decided when the dense networks
        are trained to the thesis's regime (median dense loss within 10x of its 1e-6 / 1e-7): refuted if an
        NL seed wins below 0.85 or the HH median curve stops winning above 0.7; verified otherwise.  Outside
        that regime the boundaries are reported and the verdict is inconclusive.""",
    recorded=EMPIRICAL_RECORD,
)
def _winning_values(ctx: CheckContext) -> Verdict:
    claimed = {"NL": "wins down to 0.9, never below", "HH": "wins down to 0.75"}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _boundaries(ctx)
    measured = {k: {"lowest winning density (median curve)": round(v["median curve"], 4),
                    "per seed": [round(x, 4) for x in v["per seed"]]} for k, v in data.items()}
    regimes = {k: dense_regime(v["system"], v["dense"]) for k, v in data.items()}
    notes = scale_note(ctx) + " " + "; ".join(r[1] for r in regimes.values()) + "."
    if not all(r[0] for r in regimes.values()):
        return Verdict(status=Status.INCONCLUSIVE, claimed=claimed, measured=measured,
                       notes=notes + " At this error level tickets win far below the stated densities; the "
                             "boundaries are only comparable at the thesis's accuracy (paper profile).")
    bad = [{"NL seed boundary": x} for x in data["NL"]["per seed"] if x < 0.85]
    if data["HH"]["median curve"] > 0.7:
        bad.append({"HH boundary": data["HH"]["median curve"]})
    return Verdict.from_counterexamples(bad, claimed=claimed, measured=measured, notes=notes)


@claim(
    "imp.winning-range.hh-beyond-nl",
    title="§8.3: Hénon-Heiles tickets win to lower density than NL tickets",
    source=src("§8.3 (after fig. 5)"),
    kind=Kind.EMPIRICAL,
    statement="The HH network yields winning tickets at lower density than the NL network does.",
    decision_rule="""Lowest winning density of the median curve (10x tolerance) per system.  Verified if HH's is lower,
        refuted if higher, inconclusive if equal (same round).""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
)
def _winning_order(ctx: CheckContext) -> Verdict:
    claimed = {"NL": 0.9, "HH": 0.75}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _boundaries(ctx)
    nl, hh = data["NL"]["median curve"], data["HH"]["median curve"]
    measured = {"NL boundary": round(nl, 4), "HH boundary": round(hh, 4)}
    if abs(nl - hh) < 0.02:
        return Verdict(status=Status.INCONCLUSIVE, claimed=claimed, measured=measured, notes=scale_note(ctx))
    return Verdict.from_check(hh < nl, counterexample=measured, claimed=claimed, measured=measured, notes=scale_note(ctx))


@claim(
    "imp.random-controls",
    title="§3: a winning ticket beats its mask re-initialised and a random mask of the same layer densities",
    source=src("§3 (Frankle and Carbin's criterion)"),
    kind=Kind.STATISTICAL,
    statement="""The IMP ticket (mask M with w_init) trains to lower error than the same mask from a fresh random
        initialisation and than a random mask with the same per-layer counts from w_init.""",
    decision_rule="""NL full-model tickets of every pruned round and seed, paired with both controls; a pair is a win
        when the ticket's test loss is lower.  Per control, 95% Wilson interval of the win fraction: verified
        if both lower bounds exceed 0.5, refuted if either upper bound is below 0.5, else inconclusive.""",
    recorded={"quick": "inconclusive", "standard": "refuted", "paper": "skipped"},
)
def _random_controls(ctx: CheckContext) -> Verdict:
    claimed = "ticket < re-initialised mask and < random mask (test loss)"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    result = stage(ctx, "nl-imp")
    idx = result.arm_indices("full")
    ticket = loss(result, idx)[1:]
    statuses, measured, intervals, lost = [], {}, {}, None
    for control in ("nl-reinit", "nl-random"):
        other = stage(ctx, control).evaluation["loss"][1:]
        wins, trials = int((ticket < other).sum()), ticket.size
        low, high = wilson_interval(wins, trials, 0.95)
        measured[control] = {"ticket wins": f"{wins}/{trials}",
                             "median loss ratio control/ticket": round(float(np.median(other / ticket)), 3),
                             "win fraction by density": {f"{d:.3f}": float((ticket[n] < other[n]).mean())
                                                         for n, d in enumerate(np.median(result.density[1:, idx], 1))}}
        intervals[control] = [round(low, 3), round(high, 3)]
        statuses.append(decide_above(low, high, 0.5))
        if statuses[-1] is Status.REFUTED:
            lost = {"control": control, **measured[control], "95% CI": intervals[control]}
    status = combine_point_statuses(statuses)
    return Verdict(status=status, claimed=claimed, measured=measured, intervals=intervals, counterexample=lost,
                   decision_detail=f"re-init: {statuses[0].value}; random mask: {statuses[1].value}",
                   notes=scale_note(ctx))


# --------------------------------------------------------------------------- §9 transfer
def _transfer(ctx: CheckContext) -> dict[str, dict]:
    out = {}
    for key, (moved, direct_stage) in {"NL->HH": ("nl-to-hh", "hh-imp"), "HH->NL": ("hh-to-nl", "nl-imp")}.items():
        m = stage(ctx, moved)
        direct = stage(ctx, direct_stage)
        idx = direct.arm_indices("full")
        out[key] = {"moved": m.evaluation["loss"], "moved density": m.density,
                    "direct": loss(direct, idx), "direct density": direct.density[:, idx]}
    return out


def _transfer_figure(ctx: CheckContext, data: dict[str, dict]):
    fig, axes = new_figure(9.5, 3.6, ncols=2)
    for ax, (key, item) in zip(axes, data.items()):
        ax.loglog(np.median(item["moved density"], 1), np.median(item["moved"], 1), marker="o", label=f"transferred {key}")
        ax.loglog(np.median(item["direct density"], 1), np.median(item["direct"], 1), marker="s", label="direct IMP on target")
        ax.axhline(WIN_TOLERANCE * float(np.median(item["direct"][0])), color="C2", ls="--", lw=0.8, label="winning tolerance")
        ax.set(title=key, xlabel="density on the target network", ylabel="test loss (median over seeds)")
        ax.invert_xaxis()
        ax.legend(fontsize=7)
    return ctx.save_figure(fig, "Tickets moved between the systems against direct IMP on the target.", "transfer")


@claim(
    "imp.transfer.wins",
    title="§9.1-9.2: transferred tickets win at high density (NL→HH down to 0.75, HH→NL down to 0.7)",
    source=src("§9.1 (fig. 6 discussion), §9.2 (fig. 7 discussion)"),
    kind=Kind.EMPIRICAL,
    statement="""Tickets moved NL→HH (output mask duplicated) win on HH for densities 1 to 0.75; tickets moved HH→NL
        (2nd and 4th output rows dropped) win on NL for densities 1 to 0.7.""",
    decision_rule="""Win: median transferred loss ≤ 10x the target's dense loss (median).  Verified if every transferred
        round with density ≥ 0.75 (NL→HH) / ≥ 0.7 (HH→NL) wins; refuted by the first that does not.""",
    recorded={"quick": "verified", "standard": "verified", "paper": "skipped"},
)
def _transfer_wins(ctx: CheckContext) -> Verdict:
    claimed = {"NL->HH": "wins for d ≥ 0.75", "HH->NL": "wins for d ≥ 0.7"}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _transfer(ctx)
    limits = {"NL->HH": 0.75, "HH->NL": 0.7}
    bad, measured = [], {}
    for key, item in data.items():
        dense = float(np.median(item["direct"][0]))
        med, dens = np.median(item["moved"], 1), np.median(item["moved density"], 1)
        measured[key] = {f"{d:.3f}": round(float(e / dense), 3) for d, e in zip(dens, med)}
        for d, e in zip(dens, med):
            if d >= limits[key] and e > WIN_TOLERANCE * dense:
                bad.append({"direction": key, "density": float(d), "loss / dense": float(e / dense)})
    return Verdict.from_counterexamples(bad, claimed=claimed, measured={"median loss / target dense loss by density": measured},
                                        figures=[_transfer_figure(ctx, data)], notes=scale_note(ctx))


def _paired_log_ratio(item: dict) -> np.ndarray:
    """log(transferred / direct) per (pruned round, seed), rounds matched by index."""
    return np.log(item["moved"][1:] / item["direct"][1:])


@claim(
    "imp.transfer.beats-direct",
    title="§9.1: below density 0.65, NL→HH tickets do better on HH than direct IMP",
    source=src("§9.1 (fig. 6 discussion)"),
    kind=Kind.STATISTICAL,
    statement="For densities below 0.65 the tickets moved from NL perform better on HH than IMP run on HH itself.",
    decision_rule="""Pairs (round, seed) with density < 0.65; a pair is a win when the transferred loss is below the direct
        one.  95% Wilson interval of the win fraction: verified if its lower bound exceeds 0.5, refuted if its upper
        bound is below 0.5, else inconclusive.""",
    recorded={"quick": "refuted", "standard": "refuted", "paper": "skipped"},
)
def _transfer_beats(ctx: CheckContext) -> Verdict:
    claimed = "transferred NL→HH beats direct HH IMP below d = 0.65"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    item = _transfer(ctx)["NL->HH"]
    below = item["moved density"][1:] < 0.65
    wins = int(((item["moved"][1:] < item["direct"][1:]) & below).sum())
    trials = int(below.sum())
    low, high = wilson_interval(wins, trials, 0.95)
    status = decide_above(low, high, 0.5)
    measured = {"transferred wins": f"{wins}/{trials}", "median log(transferred/direct)":
                round(float(np.median(_paired_log_ratio(item)[below])), 3)}
    return Verdict(status=status, claimed=claimed, measured=measured, intervals={"win fraction": [round(low, 3), round(high, 3)]},
                   counterexample=measured if status is Status.REFUTED else None, notes=scale_note(ctx))


@claim(
    "imp.transfer.hh-to-nl-better",
    title="§9.2: HH→NL transfers better than NL→HH",
    source=src("§9.2 (fig. 7 discussion)"),
    kind=Kind.STATISTICAL,
    statement="Relative to direct IMP on the target, tickets moved HH→NL lose less than tickets moved NL→HH.",
    decision_rule="""Per (pruned round, seed): log(transferred loss / direct loss) on the target.  95% Welch interval for
        mean(HH→NL) - mean(NL→HH): verified if wholly below 0, refuted if wholly above 0, else inconclusive.""",
    recorded={"quick": "inconclusive", "standard": "verified", "paper": "skipped"},
)
def _transfer_better(ctx: CheckContext) -> Verdict:
    claimed = "HH→NL closer to direct IMP than NL→HH"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _transfer(ctx)
    a, b = _paired_log_ratio(data["HH->NL"]).ravel(), _paired_log_ratio(data["NL->HH"]).ravel()
    test = st.ttest_ind(a, b, equal_var=False)
    ci = test.confidence_interval(0.95)
    status = decide_above(-float(ci.high), -float(ci.low), 0.0)  # claimed: the difference is below 0
    measured = {"mean log ratio HH→NL": round(float(a.mean()), 3), "mean log ratio NL→HH": round(float(b.mean()), 3)}
    return Verdict(status=status, claimed=claimed, measured=measured,
                   intervals={"difference HH→NL - NL→HH": [round(float(ci.low), 3), round(float(ci.high), 3)]},
                   counterexample=measured if status is Status.REFUTED else None, notes=scale_note(ctx))


@claim(
    "imp.transfer.boundaries",
    title="§9.1-9.2: transferred tickets stop winning below 0.7 (NL→HH) and 0.65 (HH→NL)",
    source=src("§9.1, §9.2"),
    kind=Kind.EMPIRICAL,
    statement="""Below density 0.7 the NL→HH tickets have at least ten times the dense HH error; HH→NL tickets stay close
        to direct IMP down to 0.65 and are 10-20x worse below.""",
    decision_rule="""Decided when the dense networks reach the thesis's error regime (as in imp.winning-range.values):
        refuted if NL→HH tickets still win (≤ 10x) below 0.65 or HH→NL tickets are within 10x of direct IMP
        below 0.6; verified otherwise.  Outside that regime inconclusive, with the measured boundaries.""",
    recorded=EMPIRICAL_RECORD,
)
def _transfer_boundaries(ctx: CheckContext) -> Verdict:
    claimed = {"NL->HH": "no winner below 0.7", "HH->NL": "10-20x worse than direct below 0.65"}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    data = _transfer(ctx)
    measured = {}
    for key, item in data.items():
        dense = float(np.median(item["direct"][0]))
        measured[key] = round(winning_boundary(np.median(item["moved density"], 1), np.median(item["moved"], 1),
                                               dense, WIN_TOLERANCE), 4)
    boundaries = _boundaries(ctx)
    regimes = [dense_regime(v["system"], v["dense"]) for v in boundaries.values()]
    notes = scale_note(ctx) + " " + "; ".join(r[1] for r in regimes) + "."
    if not all(r[0] for r in regimes):
        return Verdict(status=Status.INCONCLUSIVE, claimed=claimed, measured={"lowest winning density": measured}, notes=notes)
    bad = []
    if measured["NL->HH"] < 0.65:
        bad.append({"NL->HH still wins at": measured["NL->HH"]})
    hn = data["HH->NL"]
    low = np.median(hn["moved density"], 1) < 0.6
    if low.any() and np.all(np.median(hn["moved"], 1)[low] <= WIN_TOLERANCE * np.median(hn["direct"], 1)[low]):
        bad.append({"HH->NL within 10x of direct below 0.6": True})
    return Verdict.from_counterexamples(bad, claimed=claimed, measured={"lowest winning density": measured}, notes=notes)


# --------------------------------------------------------------------------- §8.1 energy
@claim(
    "hnn.energy.drift",
    title="§8.1: trained HNN solutions conserve energy",
    source=src("§8.1"),
    kind=Kind.EMPIRICAL,
    statement="The trained dense networks conserve the Hamiltonian along their solutions.",
    decision_rule="""Relative drift max_t |H(z(t)) - H0| / |H0| on 1000 test times, per dense network (round 0 of the
        full-model arms).  Verified if every network stays within 1%.  A larger drift refutes only when the
        networks are trained to the thesis's regime; otherwise it is inconclusive.""",
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "skipped"},
)
def _energy_drift(ctx: CheckContext) -> Verdict:
    claimed = "energy conserved along the trained solutions"
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    measured, worst, regimes = {}, [], []
    for label, (name, system) in SYSTEMS.items():
        result = stage(ctx, name)
        idx = result.arm_indices("full")
        rel = result.evaluation["energy_drift"][0, idx] / abs(get_system(system).energy0)
        measured[label] = {"relative drift per seed": [round(float(v), 5) for v in rel],
                           "MSE vs reference per seed": [float(f"{v:.3g}") for v in result.evaluation["mse_reference"][0, idx]]}
        regimes.append(dense_regime(system, loss(result, idx)[0]))
        if rel.max() > 0.01:
            worst.append({"system": label, "relative drift": float(rel.max())})
    notes = scale_note(ctx) + " " + "; ".join(r[1] for r in regimes) + "."
    if not worst:
        return Verdict(status=Status.VERIFIED, claimed=claimed, measured=measured, notes=notes)
    if all(r[0] for r in regimes):
        return Verdict(status=Status.REFUTED, claimed=claimed, measured=measured, counterexample=worst[0], notes=notes)
    return Verdict(status=Status.INCONCLUSIVE, claimed=claimed, measured=measured, notes=notes +
                   " Drift above 1% at a budget below the thesis's does not decide the claim.")


@claim(
    "hnn.energy.mse-level",
    title="§9.1: dense networks reach MSE ~1e-6 (NL) and ~1e-7 (HH)",
    source=src("§9.1 (training epochs paragraph)"),
    kind=Kind.EMPIRICAL,
    statement="Trained at the thesis's budget, the NL network reaches MSE about 1e-6 and the HH network about 1e-7.",
    decision_rule="""Median dense test loss per system.  At the thesis's budget (paper profile): verified if within a factor
        10 of the stated value, refuted otherwise.  At smaller budgets inconclusive, values reported.""",
    recorded=EMPIRICAL_RECORD,
)
def _mse_level(ctx: CheckContext) -> Verdict:
    claimed = {"NL": 1e-6, "HH": 1e-7}
    if (skip := skipped_without_gpu(ctx, claimed)):
        return skip
    measured, off = {}, []
    for label, (name, system) in SYSTEMS.items():
        result = stage(ctx, name)
        idx = result.arm_indices("full")
        med = float(np.median(loss(result, idx)[0]))
        measured[label] = {"median dense loss": float(f"{med:.3g}"),
                           "median MSE vs reference": float(f"{np.median(result.evaluation['mse_reference'][0, idx]):.3g}")}
        target = THESIS_DENSE_MSE[system]
        if not target / 10 <= med <= target * 10:
            off.append({"system": label, "median dense loss": med, "thesis": target})
    if not _paper_only(ctx):
        return Verdict(status=Status.INCONCLUSIVE, claimed=claimed, measured=measured,
                       notes=scale_note(ctx) + " Only the paper profile trains for the thesis's 5e4 / 2e4 epochs.")
    return Verdict.from_counterexamples(off, claimed=claimed, measured=measured, notes=scale_note(ctx))
