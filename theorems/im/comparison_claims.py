"""Checks of im.imc-vs-baselines (inertial-manifold-lth-paper.md §4, tables 1-5, figures 1-2):
IMC against IMP, SNIP, SynFlow, GraSP and random pruning at equal sparsity and budget; whether
IMC's found sparsity is near-optimal; whether accuracy is insensitive to the pre-training length;
the internal consistency of the tables and the text around them; and what the paper-scale
(CIFAR/ImageNet) rows would take.  The experiments run on CPU-sized tasks
(``empirical.imc.pruning_tasks``); see ``comparison`` for the arms and the protocol.
"""
from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np

from .. import mathtext as mt
from ..context import CheckContext
from ..measure import measurement
from ..numerics import init_nudge
from ..plotting import new_figure
from ..registry import claim, mutant
from ..stats import mean_interval
from ..verdict import Kind, Status, Verdict
from . import paper_tables
from .claims import PAPER_SPARSITY, src
from .comparison import ARMS, BASELINES, IMC_ARMS, ComparisonConfig, ComparisonResult, cached_compare
from .imc import REPORTED_K, ImcOptions
from .spectral_cut import cut_largest, reachable_cuts

#: The sparsity grid of every comparison; the verdict of the main claim uses the first two
#: of COMPARED (the paper's found sparsity 0.47 and a higher one, 0.8).
GRID = (0.2, PAPER_SPARSITY, 0.8, 0.9, 0.95)
COMPARED = (PAPER_SPARSITY, 0.8)
#: Pre-training lengths (steps) for the Table 5 check; the paper's five columns are unlabelled.
PRETRAIN_STEPS = (2, 5, 10, 20, 40)
#: Readings of the Lipschitz constant for the found sparsity: eq. 22's box B (unstated) or the reported K.
BOXES = (1e-4, 1e-3, 1e-2, 1e-1)
ACCURACY_MARGIN = 1.0  # percentage points: "within the range of less than 1%" (§4, training epochs)
SPARSITY_MARGIN = 0.2  # Figure 1's relative-sparsity range is ±20 points


def _scale(ctx: CheckContext) -> dict:
    """Seeds, training steps and hidden widths per profile (paper runs the standard scale:
    the paper's own scale is CIFAR/ImageNet, see im.imc-vs-baselines.paper-scale)."""
    return ctx.budget(quick={"seeds": (0, 1, 2, 3), "steps": 200, "hidden": (16,)},
                      standard={"seeds": tuple(range(8)), "steps": 600, "hidden": (32,)})


def _config(ctx: CheckContext, task: str, **overrides) -> ComparisonConfig:
    scale = _scale(ctx)
    base = ComparisonConfig(task=task, hidden=scale["hidden"], activation="relu" if task == "digits" else "tanh",
                            seeds=scale["seeds"], sparsities=GRID, steps=scale["steps"],
                            init_nudge_ulps=init_nudge(ctx))
    return replace(base, **overrides)


def _scale_note(ctx: CheckContext) -> str:
    s = _scale(ctx)
    imc = ImcOptions()
    return (f"Profile {ctx.profile}: {len(s['seeds'])} seeds, hidden widths {mt.show(s['hidden'])}, {s['steps']} full-batch "
            f"Adam steps (lr 1e-2) of final training for every arm.  IMC reading: {imc.pretrain_steps} pre-training "
            f"steps, K by eq. 22-23 with Δ = {imc.delta:g} and B = {imc.box:g} (B is not stated in the paper), cut "
            f"'{imc.cut}'; the graph h of the manifold taken as zero.")


def _interval(values: np.ndarray) -> list[float]:
    mean, low, high = mean_interval(values)
    return [round(mean, 4), round(low, 4), round(high, 4)]


def _setting_outcome(result: ComparisonResult, j: int, contenders: tuple[str, ...] = IMC_ARMS,
                     opponents: tuple[str, ...] = BASELINES) -> tuple[str, dict]:
    """'holds' if some contender (an IMC reading) beats every opponent (paired 95% CI above 0), 'fails' if every
    contender is beaten by some opponent (a CI below 0), else 'open'; with the intervals."""
    table, wins, losses = {}, [], []
    for reading in contenders:
        cis = {b: _interval(result.paired_difference(reading, b, j)) for b in opponents if b != reading}
        table[reading] = cis
        if all(ci[1] > 0 for ci in cis.values()):
            wins.append(reading)
        if any(ci[2] < 0 for ci in cis.values()):
            losses.append(reading)
    outcome = "holds" if wins else ("fails" if len(losses) == len(contenders) else "open")
    return outcome, table


def _mean_low_high(ci: list[float]) -> str:
    """An :func:`_interval` as text: the mean and its 95% interval."""
    return f"{mt.num(ci[0], 4)} (95% interval {mt.num(ci[1], 4)} to {mt.num(ci[2], 4)})"


def _means(result: ComparisonResult, j: int) -> dict:
    rows = {arm: round(float(result.metric[arm][j].mean()), 3) for arm in result.config.arms}
    return {"dense": round(float(result.dense.mean()), 3), **rows}


def _accuracy_figure(ctx: CheckContext, results: dict[str, ComparisonResult]):
    fig, axes = new_figure(10.0, 3.8, ncols=len(results))
    styles = {arm: ("-" if arm in IMC_ARMS else "--") for arm in ARMS}
    for ax, (task, result) in zip(axes, results.items()):
        xs = np.array(result.config.sparsities)
        for arm in result.config.arms:
            stats = np.array([mean_interval(result.metric[arm][j]) for j in range(len(xs))])
            ax.errorbar(xs, stats[:, 0], yerr=[stats[:, 0] - stats[:, 1], stats[:, 2] - stats[:, 0]],
                        ls=styles[arm], marker="o", ms=3, capsize=2, label=arm)
        ax.axhline(result.dense.mean(), color="black", lw=0.8, label="dense")
        ax.axvline(PAPER_SPARSITY, color="grey", ls=":", lw=0.8)
        ax.set(xlabel="sparsity (fraction of weights removed)", ylabel=f"{_metric_name(task)}", title=task)
    axes[0].legend(fontsize=6, ncol=2)
    return ctx.save_figure(fig, "Test metric against sparsity, mean and 95% interval over seeds, for every arm "
                                "(solid: IMC readings; dashed: baselines; dotted line: the paper's found sparsity 0.47).",
                           "accuracy")


def _metric_name(task: str) -> str:
    return "test accuracy (%)" if task == "digits" else "-log10 test MSE"


#: Why a comparison claim on the suite's proxy tasks has no informative variant there.
PROXY_VARIANTS = """On the suite's proxy tasks the rule refutes the paper's own version too, and the scope gate
    records that inconclusive, so a refuted mutant cannot differ from it here; what the proxy tasks show is
    decided by the suite's sibling claims, whose variants do differ."""
SMALL_TASKS = ("digits", "teacher-student")
PROXY_SCOPE = ("Scope: proxy (a digits MLP and a teacher-student MLP stand in for the paper's CIFAR/ImageNet ResNets), "
               "so a raw 'refuted' is recorded inconclusive.")


@measurement
def _small_tasks_measurement(ctx: CheckContext) -> dict:
    """The cached comparison on both small tasks, and the accuracy figure."""
    results = {task: cached_compare(_config(ctx, task), ctx.cache_dir()) for task in SMALL_TASKS}
    return {"results": results, "figure": _accuracy_figure(ctx, results)}


def _setting_outcomes(results: dict[str, ComparisonResult], contenders: tuple[str, ...],
                      opponents: tuple[str, ...]) -> dict[str, tuple[str, dict, int, ComparisonResult]]:
    """Per (task, compared sparsity): the outcome, the interval table, the grid index and the result."""
    out = {}
    for task, result in results.items():
        for s in COMPARED:
            j = result.config.sparsities.index(s)
            outcome, table = _setting_outcome(result, j, contenders, opponents)
            out[f"{task}, sparsity {s:g}"] = (outcome, table, j, result)
    return out


@claim(
    "im.imc-vs-baselines.small-tasks",
    title=("§4 tables 1, 3: at the same sparsity IMC is more accurate than the paper's nine pruning and LTH baselines "
           "(Flow&Prune, SNIP, SynFlow, GraSP, sanity-check, Continuous Sparsification, LTH with reinitialisation, "
           "rewinding or fine-tuning)"),
    source=src("§4 tables 1, 3 and the 'Accuracy of pruned subnetworks with found sparsity' paragraph"),
    kind=Kind.EMPIRICAL,
    statement="""At the same sparsity, every IMC variant reaches a higher test accuracy than every pruning and LTH
        baseline.""",
    decision_rule="""Tasks: scikit-learn digits (ReLU MLP 64-h-10, test accuracy) and a teacher-student regression (tanh
        MLP 4-h-1, -log10 test MSE); sparsities 0.47 (the paper's found sparsity) and 0.8.  Per seed every arm starts from
        the same W0 and gets the same final training.  The contender (IMC) is credited with the best of its four readings
        (eigenspace W* + Q z, and the leverage mask with re-initialisation, rewinding to W0, or fine-tuning from W*).  A
        reading wins a setting if its paired 95% t-interval of (reading - opponent) lies above 0 for every opponent (the
        five baselines), and loses it if one such interval lies below 0.  The contender holds at a setting if some
        reading wins, fails if every reading loses.  Verified if it holds at all four settings; refuted if it fails at
        one; otherwise inconclusive.  """ + PROXY_SCOPE,
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "inconclusive"},
    scope="proxy",
    reading="Every IMC variant is more accurate than every baseline at IMC's found sparsity (tables 1, 3).",
    charitable_reading="""The best IMC variant is more accurate than every baseline at the same sparsity (the suite credits
        IMC with the best of its readings, since the paper does not say how the eigenspace W+ becomes a mask).""",
    variants_note=PROXY_VARIANTS,
    mutants=[mutant("random pruning beats every other arm, IMC readings included",
                    contenders=("random",), opponents=tuple(a for a in ARMS if a != "random"))],
)
def _small_tasks(ctx: CheckContext, *, contenders: tuple[str, ...] = IMC_ARMS,
                 opponents: tuple[str, ...] = BASELINES) -> Verdict:
    data = _small_tasks_measurement(ctx)
    results = data["results"]
    measured, intervals, outcomes, failing = {}, {}, {}, None
    for key, (outcome, table, j, result) in _setting_outcomes(results, contenders, opponents).items():
        outcomes[key] = outcome
        measured[key] = {"mean metric by arm": _means(result, j), "contender": outcome}
        for reading, cis in table.items():
            for opponent, ci in cis.items():
                intervals[f"{key}: {reading} - {opponent}"] = ci[1:]
        if outcome == "fails" and failing is None:
            best = max(contenders, key=lambda a: result.metric[a][j].mean())
            strongest = max((o for o in opponents if o != best), key=lambda b: result.metric[b][j].mean())
            failing = {"setting": key, "best contender reading": best, "strongest opponent": strongest,
                       "paired difference (mean, 95% low, high)": table[best][strongest],
                       "means": _means(result, j)}
    runs = results["digits"].training_runs
    measured["training runs per arm (digits; IMP: its pruning rounds through the whole grid, plus the final run)"] = runs
    status = (Status.REFUTED if failing else
              Status.VERIFIED if all(o == "holds" for o in outcomes.values()) else Status.INCONCLUSIVE)
    return Verdict(status=status, claimed=f"the best of {', '.join(contenders)} > every one of {', '.join(opponents)} "
                                          "at equal sparsity",
                   measured=measured, intervals=intervals, counterexample=failing, figures=[data["figure"]],
                   decision_detail=f"outcome per setting: {mt.pairs(outcomes)}",
                   finding=f"at {failing['setting']} the best reading {failing['best contender reading']} trails "
                           f"{failing['strongest opponent']} by {_mean_low_high(failing['paired difference (mean, 95% low, high)'])}"
                   if failing else "",
                   would_decide="the same protocol on ResNet-20/32 with CIFAR-10 (and ImageNet) at the paper's found "
                                "sparsities 0.47/0.45, with at least 4 seeds per arm; the small tasks show IMC failing at "
                                f"one setting and holding at another ({mt.pairs(outcomes)})",
                   notes=_scale_note(ctx) + "  'Fewer epochs' holds by construction against IMP (one training run plus "
                         "10 pre-training steps against one run per pruning round), not against pruning at initialisation. "
                         "W+ spans the top of -H, the least curved directions of the loss, so the coordinates with most "
                         "energy in it include weights the loss cannot feel (on digits, seed 0, at 0.47 the mask keeps all "
                         "64 weights from the four always-blank pixels); this is why the mask readings fall below random "
                         "pruning.  The eigenspace reading trains a dense network inside a subspace that leaves out the "
                         "stiffest directions.  What the small tasks show is im.imc-vs-baselines.small-tasks.measured.")


@claim(
    "im.imc-vs-baselines.small-tasks.measured",
    title="Suite: on digits at 0.47 every IMC reading trails a baseline; on teacher-student at 0.47 an IMC reading wins",
    source=src("§4 tables 1-4"),
    kind=Kind.EMPIRICAL,
    statement="""On the suite's digits MLP at sparsity 0.47, every IMC reading trails some baseline (paired 95% interval
        below 0); on the teacher-student regression at 0.47 some IMC reading beats every baseline (all five intervals
        above 0).  The measured record names the best reading and its intervals (quick profile: the eigenspace reading,
        which trails IMP on digits and beats every baseline on teacher-student).""",
    decision_rule="""The comparison of im.imc-vs-baselines.small-tasks, same intervals and win/lose rule.  Verified if the
        outcome of IMC is the asserted one at both settings (digits 0.47: fails; teacher-student 0.47: holds); refuted
        otherwise.  (Phrased from the quick run; the standard run, width 32 and 8 seeds, leaves digits open: every
        interval of the eigenspace reading straddles 0, so the suite's claim is recorded refuted there, as measured.)""",
    recorded={"quick": "verified", "standard": "refuted", "paper": "refuted"},
    scope="document",
    origin="suite",
    mutants=[mutant("the outcomes swapped: IMC wins on digits and loses on teacher-student",
                    outcomes=(("digits, sparsity 0.47", "holds"), ("teacher-student, sparsity 0.47", "fails")))],
)
def _small_tasks_measured(ctx: CheckContext, *, outcomes: tuple[tuple[str, str], ...] = (
        ("digits, sparsity 0.47", "fails"), ("teacher-student, sparsity 0.47", "holds"))) -> Verdict:
    results = {task: cached_compare(_config(ctx, task), ctx.cache_dir()) for task in SMALL_TASKS}
    found = _setting_outcomes(results, IMC_ARMS, BASELINES)
    measured, wrong = {}, []
    for key, asserted in outcomes:
        outcome, table, j, result = found[key]
        best = max(IMC_ARMS, key=lambda a: result.metric[a][j].mean())
        measured[key] = {"IMC": outcome, "best IMC reading": best, "its intervals against each baseline": table[best],
                         "mean metric by arm": _means(result, j)}
        if outcome != asserted:
            wrong.append({"setting": key, "asserted": asserted, "measured": outcome})
    return Verdict.from_counterexamples(
        wrong, checked=len(outcomes), claimed=dict(outcomes), measured=measured,
        finding=f"{wrong[0]['setting']}: IMC {wrong[0]['measured']}, not {wrong[0]['asserted']}" if wrong else "",
        notes=_scale_note(ctx) + "  Scope 'document' here means the suite's own tasks at the suite's own scale.")


@measurement
def _found_sparsity_measurement(ctx: CheckContext) -> dict:
    """The digits grid, the found sparsity per reading of B, the IMC arms at those sparsities, and the figure."""
    grid = cached_compare(_config(ctx, "digits"), ctx.cache_dir())
    d = grid.eigenvalues.shape[1]
    # K is linear in B (eq. 22): rescale the estimate made at the default B to each reading.
    per_reading = {f"B={box:g}": grid.lipschitz * box / grid.config.imc.box for box in BOXES}
    per_reading[f"reported K={REPORTED_K:g}"] = np.full(len(grid.config.seeds), REPORTED_K)
    found = {}
    for reading, ks in per_reading.items():
        cuts = [_largest_cut(lam, k) for lam, k in zip(grid.eigenvalues, ks)]
        found[reading] = float(np.median([c / d for c in cuts]))
    targets = sorted({s for s in found.values() if 0 < s < 1})
    at_found = (cached_compare(_config(ctx, "digits", sparsities=tuple(targets), arms=IMC_ARMS), ctx.cache_dir())
                if targets else None)
    reachable = sorted({round(k / d, 4) for lam in grid.eigenvalues for k in reachable_cuts(lam)})
    return {"grid": grid, "found": found, "at found": at_found, "reachable": reachable,
            "figure": _spectrum_figure(ctx, grid, per_reading)}


def _imc_gap_at(data: dict, s: float) -> tuple[str, np.ndarray]:
    """The best IMC reading at sparsity s and its per-seed accuracy loss against dense."""
    grid = data["grid"]
    if s == 0:
        return "no cut (dense)", np.zeros(len(grid.config.seeds))
    source = grid if s in grid.config.sparsities else data["at found"]
    j = source.config.sparsities.index(s)
    best = max(IMC_ARMS, key=lambda a: source.metric[a][j].mean())
    return best, grid.dense - source.metric[best][j]


@claim(
    "im.imc-vs-baselines.found-sparsity",
    title="§4 figure 1: the sparsity IMC finds is near-optimal",
    source=src("§3.3 step 5; §4 'Impact of sparsity levels', figure 1"),
    kind=Kind.EMPIRICAL,
    statement="""Accuracy stays level as sparsity grows up to the sparsity IMC finds and falls substantially beyond it, so the
        found sparsity is (near) the optimal one.""",
    decision_rule="""Digits task, the faithful IMC (10 pre-training steps, eq. 22-23 with Δ = 0.01, largest admissible cut).
        B of eq. 22 is not stated, so (as in im.lipschitz.magnitude) B is an open reading and every reading is tried:
        B ∈ {1e-4, 1e-3, 1e-2, 1e-1} and the reported K = 1e-12 (the box at which K is that small).  Per reading, s = the
        median found sparsity over seeds (a mutant may assert a fixed knee s instead).  Too aggressive: the best IMC
        reading at s loses more than 1 point to dense (paired 95% interval above 1).  Too timid: some arm at a grid
        sparsity ≥ s + 0.2 stays within 1 point of dense (interval below 1).  Near-optimal: the IMC interval at s lies
        below 1 and, at every grid sparsity ≥ s + 0.2, every arm's interval lies above 1.  Refuted if every reading is
        too aggressive or too timid; verified if every reading is near-optimal; ill-posed if readings disagree (the
        answer then rests on the unstated B); otherwise inconclusive.  Also reported: every sparsity the cut rule can
        return for some K ≥ 0.  """ + PROXY_SCOPE,
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "inconclusive"},
    scope="proxy",
    reading="The sparsity IMC's cut returns sits at the knee of accuracy against sparsity (figure 1).",
    charitable_reading="""Near the knee for the paper's own (unstated) B: every reading of B, the reported K included, is
        tried, and the claim stands if any reading puts the found sparsity at the knee.""",
    variants_note=PROXY_VARIANTS,
    mutants=[mutant("the knee of accuracy against sparsity sits at 0 on digits (no pruning is optimal)", knee=0.0)],
)
def _found_sparsity(ctx: CheckContext, *, knee: float | None = None) -> Verdict:
    data = _found_sparsity_measurement(ctx)
    grid = data["grid"]
    found = data["found"] if knee is None else {f"knee asserted at {knee:g}": knee}
    measured, outcomes = {}, {}
    for reading, s in found.items():
        best, imc_gap = _imc_gap_at(data, s)
        imc_ci = _interval(imc_gap)
        sparser = [(g, arm) for g in GRID if g >= s + SPARSITY_MARGIN for arm in grid.config.arms]
        sparser_cis = {f"{arm} at {g:g}": _interval(grid.dense - grid.metric[arm][GRID.index(g)]) for g, arm in sparser}
        aggressive = imc_ci[1] > ACCURACY_MARGIN
        timid = [k for k, ci in sparser_cis.items() if ci[2] < ACCURACY_MARGIN]
        optimal = imc_ci[2] < ACCURACY_MARGIN and all(ci[1] > ACCURACY_MARGIN for ci in sparser_cis.values())
        outcomes[reading] = "near-optimal" if optimal else ("fails" if aggressive or timid else "open")
        measured[reading] = {"found sparsity (median over seeds)": s, "best IMC reading there": best,
                             "dense - IMC (mean, 95% low, high)": imc_ci, "too aggressive": bool(aggressive),
                             "sparser settings within 1 point of dense": timid[:6], "outcome": outcomes[reading]}
    reachable = data["reachable"]
    measured["sparsities the cut can return for some K (all seeds)"] = reachable
    measured["reachable sparsity nearest the paper's 0.47"] = min(reachable, key=lambda x: abs(x - PAPER_SPARSITY))
    values = set(outcomes.values())
    if values == {"fails"}:
        status = Status.REFUTED
    elif values == {"near-optimal"}:
        status = Status.VERIFIED
    elif "near-optimal" in values and "fails" in values:
        status = Status.ILL_POSED
    else:
        status = Status.INCONCLUSIVE
    summary = mt.pairs({r: f"{mt.num(round(m['found sparsity (median over seeds)'], 3))} ({m['outcome']})"
                        for r, m in measured.items() if r in found})
    return Verdict(status=status, claimed="the found sparsity sits at the knee of accuracy vs sparsity", measured=measured,
                   counterexample={r: measured[r] for r in found} if status is Status.REFUTED else None,
                   figures=[data["figure"]], decision_detail=f"per reading: {mt.pairs(outcomes)}",
                   finding=f"no reading of B puts the found sparsity at the knee: {summary}"
                   if status is Status.REFUTED else "",
                   would_decide="figure 1's protocol on ResNet-20/32 with CIFAR-10: IMC's found sparsity under the paper's "
                                "B (or the reported K), and accuracy at relative sparsities -0.2 ... +0.2 around it, several "
                                f"seeds; on digits every reading fails ({summary})",
                   notes=_scale_note(ctx) + "  The largest admissible cut sits where a gap of the spectrum of -H exceeds "
                         "every gap above it; the top of -H (the flattest and negatively curved directions of H) has tiny "
                         "gaps, so small K cuts almost everything and large K nothing.  B is treated as in "
                         "im.lipschitz.magnitude: an open reading; here every reading gives the same outcome, so the "
                         "verdict does not rest on B.")


@claim(
    "im.imc-vs-baselines.found-sparsity.digits",
    title="Suite: on the digits MLP the cut rule can return no sparsity between 1% and 90%, whatever K is",
    source=src("§3.3 step 5; §4 'Impact of sparsity levels'"),
    kind=Kind.EMPIRICAL,
    statement="""On the suite's digits MLP (every seed of the comparison), every sparsity k/d that the largest
        admissible cut returns for some K ≥ 0 lies below 0.01 or above 0.9: no reading of B or K yields a sparsity near
        the paper's 0.47.""",
    decision_rule="""Spectra of -H(W*) of the digits comparison (10 pre-training steps).  For each seed, every k that is
        the largest admissible cut for some K (a gap larger than every gap above it).  Verified if no k/d falls inside
        the asserted empty window (0.01, 0.9); refuted by the first that does.  (Phrased from the quick run; at
        standard, width 32, the cut can also return 0.087, 0.108 and 0.8975, so the suite's claim is recorded refuted
        there, as measured: still nothing between 0.11 and 0.89, i.e. near the paper's 0.47.)""",
    recorded={"quick": "verified", "standard": "refuted", "paper": "refuted"},
    scope="document",
    origin="suite",
    mutants=[mutant("some K gives a cut below one half", empty_window=(0.0, 0.5))],
)
def _found_sparsity_digits(ctx: CheckContext, *, empty_window: tuple[float, float] = (0.01, 0.9)) -> Verdict:
    grid = cached_compare(_config(ctx, "digits"), ctx.cache_dir())
    d = grid.eigenvalues.shape[1]
    reachable = sorted({round(k / d, 4) for lam in grid.eigenvalues for k in reachable_cuts(lam)})
    inside = [x for x in reachable if empty_window[0] < x < empty_window[1]]
    return Verdict.from_counterexamples(
        inside, checked=reachable, claimed=f"no reachable sparsity in ({mt.num(empty_window[0])}, {mt.num(empty_window[1])})",
        measured={"sparsities the cut can return for some K (all seeds)": reachable, "d": d},
        finding=f"the cut can return sparsity {mt.num(inside[0], 4)}" if inside else "",
        notes=_scale_note(ctx) + "  Scope 'document' here means the suite's own task at the suite's own scale.  The "
              "top of -H holds the flattest and negatively curved directions of H, whose gaps are tiny, and one large gap "
              "separates them from the rest, so the largest admissible cut jumps from almost nothing to almost everything.")


def _largest_cut(eigenvalues: np.ndarray, k_lip: float) -> int:
    """The cut of §3.1 (largest admissible k), 0 when there is none."""
    return cut_largest(eigenvalues, k_lip) or 0


def _spectrum_figure(ctx: CheckContext, result: ComparisonResult, readings: dict[str, np.ndarray]):
    lam = result.eigenvalues[0]
    d = len(lam)
    fig, axes = new_figure(10.0, 3.6, ncols=2)
    axes[0].plot(np.arange(1, d + 1) / d, lam, lw=1)
    axes[0].set_yscale("symlog", linthresh=1e-4)
    axes[0].set(xlabel="k / d", ylabel="eigenvalue λ_k of -H(W*)", title="spectrum (seed 0, ascending)")
    gaps = np.diff(lam)
    axes[1].semilogy(np.arange(1, d) / d, np.maximum(gaps, 1e-18), lw=0.6, color="grey", label="gap λ_{k+1} - λ_k")
    for n, (reading, ks) in enumerate(readings.items()):
        colour = f"C{n}"
        axes[1].axhline(4 * ks[0], color=colour, ls="--", lw=0.8, label=f"4K, {reading}")
        cut = _largest_cut(lam, ks[0])
        if cut:
            axes[0].axvline(cut / d, color=colour, ls="--", lw=0.8)
            axes[1].axvline(cut / d, color=colour, ls=":", lw=0.8)
    axes[0].axvline(PAPER_SPARSITY, color="black", ls=":", lw=0.8)
    axes[1].set(xlabel="k / d (the sparsity of a cut at k)", ylabel="gap", title="gaps against 4K per reading")
    axes[1].legend(fontsize=6)
    return ctx.save_figure(fig, "Spectrum of -H(W*) on the digits network (seed 0), its consecutive gaps, 4K under each "
                                "reading of K (dashed) and the cut each reading selects (the largest k with gap > 4K); the "
                                "dotted black line is the paper's sparsity 0.47.", "spectrum")


@measurement
def _pretraining_measurement(ctx: CheckContext) -> dict:
    """The IMC arms at sparsity 0.47 per pre-training length, random pruning there, and the figure."""
    results = {p: cached_compare(_config(ctx, "digits", sparsities=(PAPER_SPARSITY,), arms=IMC_ARMS,
                                         imc=ImcOptions(pretrain_steps=p)), ctx.cache_dir())
               for p in PRETRAIN_STEPS}
    grid = cached_compare(_config(ctx, "digits"), ctx.cache_dir())
    random_mean = float(grid.metric["random"][grid.config.sparsities.index(PAPER_SPARSITY)].mean())
    fig, ax = new_figure(5.5, 3.6)
    for reading in IMC_ARMS:
        stats = np.array([mean_interval(results[p].metric[reading][0]) for p in PRETRAIN_STEPS])
        ax.errorbar(PRETRAIN_STEPS, stats[:, 0], yerr=[stats[:, 0] - stats[:, 1], stats[:, 2] - stats[:, 0]],
                    marker="o", capsize=2, label=reading)
    ax.axhline(random_mean, color="grey", ls="--", lw=0.8, label="random pruning (10 steps irrelevant)")
    ax.set_xscale("log")
    ax.set_xticks(PRETRAIN_STEPS, [str(p) for p in PRETRAIN_STEPS])
    ax.minorticks_off()
    ax.set(xlabel="pre-training steps before the Hessian", ylabel="test accuracy (%) at sparsity 0.47", title="digits")
    ax.legend(fontsize=7)
    figure = ctx.save_figure(fig, "IMC accuracy at sparsity 0.47 against the length of pre-training (mean and 95% "
                                  "interval); dashed: random pruning at the same sparsity.", "pretraining")
    return {"results": results, "random at 0.47": random_mean, "figure": figure}


@claim(
    "im.imc-vs-baselines.pretraining",
    title="§4 table 5, figure 2: IMC's accuracy is insensitive to the length of pre-training",
    source=src("§4 'Impact of training epochs', table 5, figure 2"),
    kind=Kind.EMPIRICAL,
    statement="""Changing how long the dense network is trained before the Hessian is taken moves the accuracy of the IMC
        subnetwork by less than 1 point.""",
    decision_rule="""Digits task at the paper's sparsity 0.47 (held fixed, as in Table 5), pre-training of 2, 5, 10, 20 and 40
        steps, the four IMC readings.  For every reading and every pair of pre-training lengths, the paired 95% t-interval of
        the accuracy difference.  Refuted if for some reading some pair's interval lies wholly outside [-m, m] (the paper:
        m = 1 point); verified if for every reading every pair's interval lies inside (-m, m); otherwise inconclusive.
        Reported beside it: which readings score below random pruning at 0.47.  """ + PROXY_SCOPE,
    recorded={"quick": "inconclusive", "standard": "inconclusive", "paper": "inconclusive"},
    scope="proxy",
    reading="Every IMC variant's accuracy moves by less than 1 point across pre-training lengths (table 5).",
    charitable_reading="""The IMC subnetworks the paper means (which beat every baseline) are insensitive to pre-training;
        a reading of IMC that scores below random pruning is not one of them.""",
    variants_note=PROXY_VARIANTS,
    mutants=[mutant("accuracy does not move at all with pre-training (margin 0 points)", accuracy_margin=0.0)],
)
def _pretraining(ctx: CheckContext, *, accuracy_margin: float = ACCURACY_MARGIN) -> Verdict:
    data = _pretraining_measurement(ctx)
    results = data["results"]
    measured, intervals, outside, all_inside = {}, {}, [], True
    for reading in IMC_ARMS:
        measured[reading] = {f"{p} steps": round(float(r.metric[reading][0].mean()), 3) for p, r in results.items()}
        for a, b in itertools.combinations(PRETRAIN_STEPS, 2):
            ci = _interval(results[a].metric[reading][0] - results[b].metric[reading][0])
            intervals[f"{reading}: {a} - {b} steps"] = ci[1:]
            if ci[1] > accuracy_margin or ci[2] < -accuracy_margin:
                outside.append({"reading": reading, "pre-training steps": (a, b), "difference (mean, low, high)": ci})
            all_inside &= -accuracy_margin < ci[1] and ci[2] < accuracy_margin
    measured["found sparsity (median over seeds) by pre-training steps"] = {
        f"{p} steps": float(np.median(r.found_sparsity)) for p, r in results.items()}
    random_mean = data["random at 0.47"]
    below_random = [r for r in IMC_ARMS if measured[r]["10 steps"] < random_mean]
    measured["random pruning at 0.47 (mean)"] = round(random_mean, 3)
    measured["readings below random pruning at 10 steps"] = below_random
    status = Status.REFUTED if outside else (Status.VERIFIED if all_inside else Status.INCONCLUSIVE)
    from_weak = sorted({o["reading"] for o in outside})
    return Verdict(status=status, claimed=f"accuracy moves by < {accuracy_margin:g} point across pre-training lengths",
                   measured=measured, intervals=intervals, counterexample=outside[0] if outside else None,
                   figures=[data["figure"]],
                   decision_detail=f"{len(outside)} pair intervals outside ±{accuracy_margin:g}, from readings "
                                   f"{', '.join(from_weak) or 'none'}; of these, below random pruning: "
                                   f"{', '.join(r for r in from_weak if r in below_random) or 'none'}",
                   finding=f"{outside[0]['reading']} moves by {mt.num(outside[0]['difference (mean, low, high)'][0], 4)} "
                           f"points between {outside[0]['pre-training steps'][0]} and "
                           f"{outside[0]['pre-training steps'][1]} steps" if outside else "",
                   would_decide="table 5's protocol on ResNet-20/32 with CIFAR-10/100 and ImageNet, with the pre-training "
                                "lengths stated and several seeds per length; on digits the only intervals outside ±1 point "
                                "come from the suite's mask readings, which score below random pruning, so they do not "
                                "bear on the paper's IMC",
                   notes=_scale_note(ctx) + "  Table 5 does not say which pre-training lengths its five columns are.")


def _is_slip(finding: dict) -> bool:
    """An inconsistency of one printed symbol: a table cell one unit off in its last digit, a cell that copies the
    other network's cell, or a range endpoint that stops at the next value of the tables."""
    if "violations" in finding:
        return all(_cell_slip(v) for v in finding["violations"])
    if "recomputed" in finding and isinstance(finding["printed"], list):
        return sum(p != r for p, r in zip(finding["printed"], finding["recomputed"])) == 1
    return False


def _cell_slip(violation: dict) -> bool:
    (at_imc, a), (best, b) = [(k.split(" ")[0], v) for k, v in violation.items() if "(sparsity, accuracy)" in k]
    one_unit = abs(a[1] - b[1]) <= 0.1 + 1e-9
    other = paper_tables.NETWORKS[1 - paper_tables.NETWORKS.index(violation["network"])]
    copied = paper_tables._row(best, violation["method"], other) == paper_tables._row(best, violation["method"],
                                                                                     violation["network"])
    return one_unit or copied


@claim(
    "im.imc-vs-baselines.tables",
    title="§4: the tables agree with each other and with the text that summarises them",
    source=src("§4 tables 1-5 and the paragraphs 'Accuracy of pruned subnetworks', 'Sparsity ...', 'Ablation study', "
               "'Impact of training epochs', 'Running time'"),
    kind=Kind.AUDIT,
    statement="""Tables 2 and 4 give each method's best accuracy over a range of sparsities that includes the one of tables 1
        and 3; the text's averages (accuracy loss 0.1 / gain 0.3, sparsity gain 32.5% / 18.6%, variant spread 2.5% / 5.5%,
        epoch sensitivity below 1%, only sanity-check faster on ImageNet) are computed from the tables.""",
    decision_rule="""Exact arithmetic on the transcribed table values (theorems/im/paper_tables.py).  Each textual figure is
        recomputed; a figure counts as consistent if it matches the recomputation to the precision it is printed at
        (half a unit in its last digit, after converting percentage-point differences), and 'best over a range' must not
        be below the same method's accuracy at the IMC sparsity.  Where the text admits a more charitable reading it is
        the one decided (table 5's '< 1' to its printed precision; 'only sanity-check is faster' averaged over the two
        networks, as the text's other summaries are; both readings are reported).  Each inconsistency is classed a
        slip (one cell one unit off in its last digit, a cell copying the other network's, a range endpoint one value
        short) or substantive.  Refuted by any inconsistency; verified if none.  (Changed when the verdicts were
        re-examined: the two charitable readings were added; under the literal ones table 5 and the running-time
        sentence were also counted.)""",
    recorded="refuted",
    reading="Every summary figure in §4's text is computed from tables 1-5, and tables 2/4 never fall below tables 1/3.",
    charitable_reading="""Figures match to their printed precision, summaries may be averages over the two networks, and
        slips of one symbol (a cell one unit off, a copied cell, a range endpoint) are typos.  The ablation paragraph's
        'the three variants differ by 2.5% (CIFAR-10) and 5.5% (ImageNet) on average' still fails: no average
        difference can exceed the largest, 0.7 and 1.7 points (0.74% and 2.87%).  (The two figures are close to IMC's
        mean relative accuracy advantage over the other nine methods, 2.46% and 5.56%, which may be what was meant; the
        variants are in fact closer than printed.)""",
    severity="false",
    variants_note="""The audit is refuted by inconsistencies between the paper's own tables and text; there
        is no consistent version of the printed numbers to give the check as a control.""",
    mutants=[mutant("the CIFAR-10 mean accuracy loss printed as 1.0 point instead of 0.1",
                    printed_change={"CIFAR-10 loss": 1.0, "ImageNet gain": 0.3})],
)
def _tables(ctx: CheckContext, *, printed_change: dict = paper_tables.PRINTED_ACCURACY_CHANGE) -> Verdict:
    findings = paper_tables.audit(printed_change)
    problems = [{**f, "class": "slip" if _is_slip(f) else "substantive"} for f in findings if not f["consistent"]]
    substantive = [p["statement"] for p in problems if p["class"] == "substantive"]
    return Verdict.from_counterexamples(
        sorted(problems, key=lambda p: p["class"] == "slip"), checked=findings, claimed="tables and text are mutually consistent",
        measured={f["statement"]: {k: v for k, v in f.items() if k != "statement"} for f in findings},
        decision_detail=f"{len(problems)} inconsistencies.  Substantive: {'; '.join(substantive) or 'none'}.  Slips: "
                        f"{'; '.join(p['statement'] for p in problems if p['class'] == 'slip') or 'none'}.",
        finding=(f"{'; '.join(substantive)} (substantive); plus {len(problems) - len(substantive)} one-symbol slips"
                 if problems else ""),
        notes="Transcribed numbers only; no sentence of the paper is reproduced.  The slips: table 2 prints "
              "IMC-Rewinding (ResNet-20) at 94.4 where table 1 has 94.5 for the same run (same sparsity and running "
              "time); table 4's SNIP ResNet-32 cell copies its ResNet-20 cell and falls below table 3's 56.6; the "
              "ImageNet variant range stops at 60.7 while table 3 has 60.9.")


@claim(
    "im.imc-vs-baselines.paper-scale",
    title="§4 tables 1-5: the CIFAR-10/100 and ImageNet numbers themselves",
    source=src("§4 tables 1-5"),
    kind=Kind.EMPIRICAL,
    statement="The reported accuracies, sparsities and running times of IMC and the baselines on CIFAR-10/100 and ImageNet.",
    decision_rule="""Not reproducible in this suite: it has no CIFAR or ImageNet data and no network access, and the
        reported running times add up to GPU-weeks.  The check computes what the paper's IMC step 3 alone would need at
        ResNet-20/32 size (a dense Hessian) and states the protocol that would reproduce the tables.  Always skipped
        (so its mutant, IMC's CIFAR-10 accuracy loss asserted as 5 points, is not evaluated either).""",
    recorded="skipped",
    scope="document",
    mutants=[mutant("IMC loses 5 points to the dense ResNet-20 on CIFAR-10 at sparsity 0.47", cifar10_accuracy_loss=5.0)],
)
def _paper_scale(ctx: CheckContext, *, cifar10_accuracy_loss: float = 0.1) -> Verdict:
    need = paper_tables.dense_hessian_cost()
    return Verdict(status=Status.SKIPPED, claimed=f"tables 1-5 (CIFAR-10/100, ImageNet; ResNet-20/32); IMC's CIFAR-10 "
                                                  f"accuracy loss {cifar10_accuracy_loss:g} points", measured=need,
                   notes=paper_tables.REPRODUCTION_PROTOCOL)
