"""Checks of the exact, symbolic, property and audit claims of the IMP thesis
(imp-renormalisation-group-thesis.md §2, §5, §8, §9).  The training-based claims are in
``empirical_claims``.

Each check's keyword-only parameters are what its claim asserts (the thesis's version as
defaults); the costly part of a check is a memoised measurement, so a mutant or control
reruns only the decision.
"""
from __future__ import annotations

import dataclasses
import functools
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np
import sympy as sp
import torch
from scipy.optimize import linprog

from empirical.hnn.flow import magnitude_shares
from empirical.hnn.imp import Arm, ImpConfig, run_imp
from empirical.hnn.network import PARAM_NAMES, WEIGHT_NAMES, init_params
from empirical.hnn.pruning import PER_ROUND_RULES, magnitude_prune, prune_count
from empirical.hnn.training import TrainConfig, train

from .. import mathtext as mt
from ..context import CheckContext
from ..measure import measurement
from ..registry import claim, control, mutant
from ..verdict import Kind, Source, Verdict
from . import audit
from . import hamiltonian as ham
from .counting import (
    LAYER_SIZES,
    continuous_rounds,
    cumulative_survivors,
    first_untrackable_round,
    rounds_to_density,
    worst_density_gap,
)
from .evidence import THESIS_SIGMA

DOC = "imp-renormalisation-group-thesis.md"
src = Source.factory(DOC)

#: Pruning rates of the thesis's layer-wise experiments (§8.2).
RATES: tuple[float, ...] = (0.01, 0.05, 0.10)


# --------------------------------------------------------------------------- §2 alg. 1: the engine

def _random_case(rng: np.random.Generator) -> dict:
    """A random batch of IMP arms with tied magnitudes and partly pruned masks."""
    k = int(rng.integers(1, 5))
    outputs = int(rng.choice([2, 4]))
    params = init_params([int(s) for s in rng.integers(0, 10**6, k)], outputs, hidden=int(rng.integers(3, 9)))
    # quantise so that ties in magnitude are common
    weights = {n: torch.round(params[n] * 8) / 8 for n in WEIGHT_NAMES}
    masks = {n: torch.from_numpy(rng.random(weights[n].shape) < 0.8) for n in WEIGHT_NAMES}
    rates = [float(rng.choice([0.01, 0.05, 0.1, 0.3, 0.5])) for _ in range(k)]
    layers = [tuple(sorted(set(rng.choice(WEIGHT_NAMES, int(rng.integers(1, 4)))))) for _ in range(k)]
    scopes = [str(rng.choice(["global", "layerwise"])) for _ in range(k)]
    rule = str(rng.choice(PER_ROUND_RULES))
    return dict(weights=weights, masks=masks, rates=rates, layers=layers, scopes=scopes, rule=rule)


def _pruned(case: dict) -> dict:
    """The masks magnitude_prune returns for a random case."""
    return magnitude_prune(case["weights"], case["masks"], case["rates"], case["layers"], case["scopes"], case["rule"])


def prune_violations(case: dict, new: Mapping[str, torch.Tensor] | None = None, *,
                     prunes: str = "smallest", count_of: str = "remaining") -> list[str]:
    """Which pruning invariants of alg. 1 the masks ``new`` (by default, magnitude_prune's on
    ``case``) break; ``case`` holds weights, masks, rates, layers, scopes, rule (also used by the
    hypothesis test of the engine).  ``prunes`` says which end of the magnitudes a round removes
    (alg. 1: the smallest), ``count_of`` which count its x% is taken of (alg. 1: the weights
    still alive, not the layer's initial size)."""
    new = _pruned(case) if new is None else new
    bad = []
    for row in range(len(case["rates"])):
        groups = ([case["layers"][row]] if case["scopes"][row] == "global" else [(n,) for n in case["layers"][row]])
        for group in groups:
            old_m = torch.cat([case["masks"][n][row].flatten() for n in group])
            new_m = torch.cat([new[n][row].flatten() for n in group])
            mags = torch.cat([case["weights"][n][row].flatten().abs() for n in group])
            if (new_m & ~old_m).any():
                bad.append("a pruned weight came back (masks not nested)")
            removed = old_m & ~new_m
            base = int(old_m.sum()) if count_of == "remaining" else old_m.numel()
            expected = prune_count(base, case["rates"][row], case["rule"])
            if int(removed.sum()) != expected:
                bad.append(f"removed {int(removed.sum())} weights, rule {case['rule']} on the {count_of} "
                           f"{base} says {expected}")
            kept = old_m & new_m
            if removed.any() and kept.any():
                if prunes == "smallest" and mags[removed].max() > mags[kept].min():
                    bad.append("a larger weight was pruned while a smaller one was kept")
                if prunes == "largest" and mags[removed].min() < mags[kept].max():
                    bad.append("a smaller weight was pruned while a larger one was kept")
        for n in WEIGHT_NAMES:
            if n not in case["layers"][row] and not torch.equal(new[n][row], case["masks"][n][row]):
                bad.append(f"layer {n} changed though the arm does not prune it")
    return bad


def _training_violations(seed: int) -> list[str]:
    """Train masked networks with a fresh and with a carried-over Adam state; pruned
    weights must stay exactly zero and receive exactly zero gradient."""
    cfg = TrainConfig("nl-oscillator", epochs=20, n_points=16, hidden=6)
    params = init_params([seed, seed + 1], 2, hidden=6)
    gen = torch.Generator().manual_seed(seed)
    masks = {n: torch.rand(params[n].shape, generator=gen) < 0.6 for n in WEIGHT_NAMES}
    start = {n: params[n] * masks[n] if n in WEIGHT_NAMES else params[n] for n in PARAM_NAMES}
    bad = []
    first, state = train(cfg, start, masks)
    tighter = {n: masks[n] & (torch.rand(masks[n].shape, generator=gen) < 0.7) for n in WEIGHT_NAMES}
    restart = {n: start[n] * tighter[n] if n in WEIGHT_NAMES else start[n] for n in PARAM_NAMES}
    second, _ = train(cfg, restart, tighter, optimizer_state=state)
    for label, result, m in (("fresh Adam", first, masks), ("carried Adam", second, tighter)):
        for n in WEIGHT_NAMES:
            moved = result.params[n][~m[n]]
            if moved.numel() and moved.abs().max() != 0:
                bad.append(f"{label}: a pruned weight of {n} moved to {moved.abs().max().item():.2e}")
    return bad


@dataclass(frozen=True)
class EngineRuns:
    """What the engine did (imp.algorithm.engine's measurement), before any invariant is judged."""

    prune_calls: tuple[tuple[dict, dict], ...]        # (random case, masks magnitude_prune returned)
    training_violations: tuple[str, ...]              # pruned weights that moved in masked training
    imp_violations: tuple[str, ...]                   # nesting, zeroed weights, bias masks in an IMP run
    round1: dict                                      # round 1's trained parameters as stored by run_imp
    round1_replayed_from: dict                        # round 1 retrained from each candidate start


@measurement
def _engine_runs(ctx: CheckContext) -> EngineRuns:
    rng = ctx.rng()
    cases = [_random_case(rng) for _ in range(300)]
    calls = tuple((case, _pruned(case)) for case in cases)
    training = []
    for seed in range(3):
        training += _training_violations(int(rng.integers(0, 10**6)) + seed)
    imp_bad = []
    with tempfile.TemporaryDirectory() as tmp:
        cfg = ImpConfig(TrainConfig("nl-oscillator", epochs=30, n_points=16, hidden=6),
                        (Arm(1, 0.3), Arm(2, 0.3, ("w2",), label="hidden")), rounds=2)
        result = run_imp(cfg, Path(tmp))
    for n_round in range(1, 3):
        for name in WEIGHT_NAMES:
            if (result.masks[n_round][name] & ~result.masks[n_round - 1][name]).any():
                imp_bad.append(f"round {n_round}: mask of {name} grew")
            if (result.params[n_round][name][~result.masks[n_round][name]] != 0).any():
                imp_bad.append(f"round {n_round}: pruned weight of {name} is non-zero")
    if set(result.masks[0]) & {"b1", "b2", "b3"}:
        imp_bad.append("a bias has a mask")
    starts = {"w_init": result.w_init, "round 0's trained weights": result.params[0]}
    replayed = {}
    for label, weights in starts.items():
        start = {n: weights[n] * result.masks[1][n] if n in WEIGHT_NAMES else weights[n] for n in PARAM_NAMES}
        replayed[label] = train(cfg.train, start, result.masks[1])[0].params
    return EngineRuns(calls, tuple(training), tuple(imp_bad), result.params[1], replayed)


@claim(
    "imp.algorithm.engine",
    title="§2 alg. 1: the suite's IMP engine has the algorithm's invariants",
    source=src("§2 algorithm 1"),
    kind=Kind.PROPERTY,
    statement="""Each round removes x% of the weights still alive (an integer count fixed by a stated
        rounding rule), only the smallest in magnitude; masks are nested; pruned weights receive no
        update; the survivors restart from w_init; biases are never pruned.""",
    decision_rule="""On 300 random batches (1-4 arms, random rates, layer sets, scopes, rounding rules,
        magnitudes quantised so that ties are frequent): verified if every pruning step removes exactly
        the rule's count of x% of the surviving weights, only the smallest eligible magnitudes, and never
        revives a weight; on masked training with a fresh and with a carried Adam state, pruned weights
        must stay exactly 0; in a two-round IMP run, round 1 must equal a retraining from M¹ w_init and
        biases must carry no mask.  Refuted by the first violation.""",
    recorded="verified",
    mutants=[mutant("the largest x% pruned each round", prunes="largest"),
             mutant("x% of the layer's initial size each round (a linear schedule)", count_of="initial"),
             mutant("no rewind: round 1 restarts from round 0's trained weights",
                    rewind_to="round 0's trained weights")],
)
def _algorithm_engine(ctx: CheckContext, *, prunes: str = "smallest", count_of: str = "remaining",
                      rewind_to: str = "w_init") -> Verdict:
    runs = _engine_runs(ctx)
    violations = [v for case, new in runs.prune_calls
                  for v in prune_violations(case, new, prunes=prunes, count_of=count_of)]
    violations += list(runs.training_violations) + list(runs.imp_violations)
    replay = runs.round1_replayed_from[rewind_to]
    if any(not torch.equal(replay[n], runs.round1[n]) for n in PARAM_NAMES):
        violations.append(f"round 1 is not a retraining from M¹ × ({rewind_to})")
    return Verdict.from_counterexamples(
        violations, checked=runs.prune_calls, claimed=f"nested masks, x% of the {count_of} weights pruned from the {prunes} magnitudes, "
                            f"frozen pruned weights, rewind to {rewind_to}, biases unpruned",
        measured={"random pruning batches": len(runs.prune_calls), "masked training runs": 6,
                  "IMP rounds replayed": 1, "violations": len(violations)},
        finding=f"{len(violations)} violations; first: {violations[0]}" if violations else "",
        notes="The count rule defaults to round-half-up of x·(remaining); floor and ceil are options. "
              "Ties in magnitude are broken by position, so a tie never removes more than the count.")


# --------------------------------------------------------------------------- §2, §8.2: the schedule

def _geometric_density(x: float, k: int) -> float:
    """The density alg. 1 implies after k rounds at rate x: (1 - x)^k."""
    return (1 - x) ** k


@claim(
    "imp.algorithm.density-rounding",
    title="§2 alg. 1: density after k rounds is (1-x)^k up to rounding",
    source=src("§2 algorithm 1; §5.2 eq. 37 (c = 1/(1-x)); §8.2 (layer-only pruning at 1%, 5%, 10%)"),
    kind=Kind.EXACT,
    statement="""Removing x% of the remaining weights each round leaves a fraction (1-x)^k after k
        rounds, up to rounding — for every layer the thesis prunes on its own and for the whole model.""",
    reading="""Alg. 1 says only that each round prunes x% of the weights still alive; a count of weights is
        a whole number and the thesis never says how x·n is rounded.  'Up to rounding' is read as: some
        way of rounding each round's count (x·n rounded down or up) keeps the survivors within one weight
        of N(1-x)^k.  The thesis's own uses need exactly this schedule: eq. 37 measures λ in units of
        c = 1/(1-x), and §8.2's 230 and 22 rounds to prune 90% at 1% and 10% are the rounds (1-x)^k needs,
        for every layer including the 50-weight input layer.""",
    decision_rule="""For the thesis's weight counts (input 50, hidden 2500, output 100/200, whole models
        2650/2750) and rates 1%, 5%, 10%, follow exactly every schedule whose round k removes x·n_{k-1}
        rounded down or up, keeping only those with |n_k - N(1-x)^k| < 1, for the rounds (1-x)^k needs to
        reach 10%.  Verified if some schedule survives for every count and rate; refuted with the first
        (count, rate, round) where none does.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("x% of the initial count each round: density 1 - kx", density=lambda x, k: 1 - k * x),
             mutant("a rate 10% too high: density (1 - 1.1x)^k", density=lambda x, k: (1 - 1.1 * x) ** k),
             mutant("one round ahead: density (1-x)^(k+1)", density=lambda x, k: (1 - x) ** (k + 1))],
)
def _density_rounding(ctx: CheckContext, *, density: Callable[[float, int], float] = _geometric_density) -> Verdict:
    failures, witness_gap = [], 0.0
    for name, n in LAYER_SIZES.items():
        for rate in RATES:
            k_max = continuous_rounds(rate, 0.1)
            lost = first_untrackable_round(n, rate, lambda k: density(rate, k), k_max)
            if lost is not None:
                failures.append({"layer": name, "N": n, "rate": rate, "round": lost,
                                 "claimed survivors": round(n * density(rate, lost), 2)})
            kept = cumulative_survivors(n, rate, k_max)
            witness_gap = max(witness_gap, max(abs(c - n * (1 - rate) ** k) for k, c in enumerate(kept)))
    first = failures[0] if failures else {}
    return Verdict.from_counterexamples(
        failures, checked=len(LAYER_SIZES) * len(RATES), claimed="survivors within one weight of N·density(k) for some rounding of x% of the remaining",
        measured={"cases": len(LAYER_SIZES) * len(RATES), "cases no rounding can follow": len(failures),
                  "largest |n_k - N(1-x)^k| of the rule 'keep round(N(1-x)^k)'": round(witness_gap, 3)},
        finding=(f"{first['layer']} layer (N={first['N']}) at {first['rate']:.0%}: by round {first['round']} every "
                 f"rounding of x% of the survivors is a weight or more from {first['claimed survivors']}")
        if failures else "",
        notes="Holds by construction: for every N, x and k, the rule 'keep round(N(1-x)^k) after round k' removes "
              "x·n_{k-1} + (1-x)e_{k-1} - e_k weights in round k, where |e_j| <= 1/2 are the rounding errors, so the "
              "count is within less than one weight of x·n_{k-1}, i.e. x·n_{k-1} rounded down or up, and its survivors "
              "stay within half a weight of N(1-x)^k.  So some schedule always follows (1-x)^k and the search cannot "
              "fail for the thesis's formula at any layer size or rate; what it tells apart are other density formulas "
              "(the mutants).  The thesis's own uses of the schedule are measured in imp.round-counts.  A count rounded "
              "afresh by one fixed rule each round does not follow (1-x)^k on the small layers.  The earlier "
              "record read 'up to rounding' that way (one fixed rule, density within 0.01) and refuted the claim "
              "on the 50-weight input layer at 1%; that reading is the suite engine's, not the thesis's, and it "
              "contradicts the thesis's 230 rounds for every layer.  It is kept as the suite's own finding "
              "imp.algorithm.density-rounding.per-round.")


@claim(
    "imp.algorithm.density-rounding.per-round",
    title="Suite: a count rounded afresh each round stalls or drifts on the 50-weight input layer at 1%",
    source=src("§2 algorithm 1; §8.2 (layer-only pruning at 1%)"),
    kind=Kind.EXACT,
    origin="suite",
    statement="""With x·n rounded by one fixed rule every round (round half up, floor or ceil: the suite
        engine's per-round count rules), the 50-weight input layer pruned at 1% strays from (1-x)^k by more than
        0.1 in density under every rule before (1-x)^k reaches 10% (round half up and floor stall at
        49 and 50 weights; ceil removes one weight a round).""",
    decision_rule="""Follow the exact survivor counts under each rule for the rounds (1-x)^k needs to reach 10%;
        verified if even the rule closest to (1-x)^k is more than 0.1 away in density at some round.""",
    recorded="verified",
    mutants=[mutant("the same holds for the 2500-weight hidden layer at 1%", layer="hidden"),
             mutant("the same holds for the whole HH model at 10%", layer="full-hh", rate=0.10)],
)
def _density_rounding_per_round(ctx: CheckContext, *, layer: str = "input", rate: float = 0.01) -> Verdict:
    n = LAYER_SIZES[layer]
    gaps = {rule: worst_density_gap(n, rate, rule) for rule in PER_ROUND_RULES}
    best = min(gaps, key=lambda r: gaps[r][0])
    gap, at = gaps[best]
    return Verdict.from_check(
        gap > 0.1, checked=gaps, counterexample={"rule": best, "largest density gap": round(gap, 4), "round": at},
        claimed=f"every per-round rule strays > 0.1 from (1-x)^k on the {layer} layer (N={n}) at {rate:.0%}",
        measured={rule: {"largest |density - (1-x)^k|": round(g, 4), "at round": k} for rule, (g, k) in gaps.items()},
        finding=f"rule {best} stays within {gap:.4f} of (1-x)^k on the {layer} layer at {rate:.0%}",
        notes="This is why the empirical stages use the cumulative count instead (ImpConfig.count_rule = "
              "'cumulative': round k leaves round(N(1-x)^k) weights): with round-half-up the paper profile's 1% "
              "single-layer arms would stop at 49 of 50 (input) and 49 of 100 (NL output) weights, while the "
              "thesis's own 230 rounds for every layer need a schedule that follows (1-x)^k "
              "(imp.algorithm.density-rounding).")


# --------------------------------------------------------------------------- §8.2: round counts

THESIS_ROUNDS = {0.01: 230, 0.05: 41, 0.10: 22}
CORRECTED_ROUNDS = {0.01: 230, 0.05: 45, 0.10: 22}


@functools.cache
def _rounds_every_schedule() -> dict[float, dict[str, int | None]]:
    """Measurement: rounds to density <= 0.1 under (1-x)^k and under every per-round count rule
    on every layer size of the thesis's networks."""
    produced = {}
    for rate in RATES:
        options: dict[str, int | None] = {"continuous (1-x)^k": continuous_rounds(rate, 0.1)}
        for name, n in LAYER_SIZES.items():
            for rule in PER_ROUND_RULES:
                options[f"{name} N={n}, {rule}"] = rounds_to_density(n, rate, 0.1, rule)
        produced[rate] = options
    return produced


@claim(
    "imp.round-counts",
    title="§8.2: 230, 41 and 22 rounds prune 90% at 1%, 5% and 10%",
    source=src("§8.2 (end of the layer-wise experiments)"),
    kind=Kind.EXACT,
    statement="Pruning 90% of a layer takes 230 rounds at 1%, 41 at 5% and 22 at 10% per round.",
    reading="""Each count is the number of rounds some pruning schedule needs to bring a layer to density
        0.1: the continuous schedule (1-x)^k, or the exact integer counts of any layer of the thesis's
        networks under round-half-up, floor or ceil.""",
    charitable_reading="""The most lenient reading: any of these schedules, chosen separately for each rate.
        It fails too: no schedule gives 41 at 5% (they give 28, 35, 38, 42, 45, 46, 55 or stall).  The
        schedule that gives the thesis's 230 and 22 exactly, (1-x)^k, gives 45 (0.95^41 = 0.122 leaves 12%
        of the weights), and §8.2's next remark, that 1% costs about 5 times the rounds of 5%, fits
        230/45 = 5.1 rather than 230/41 = 5.6: the printed 41 is one digit off 45.""",
    severity="typo",
    correction="imp.round-counts.corrected",
    decision_rule="""Compute the rounds to reach density <= 0.1 exactly: the continuous schedule
        (1-x)^k, and integer schedules for every layer size of the thesis's networks under round-half-up,
        floor and ceil.  Verified if every stated count is produced by some schedule; refuted by a count
        no schedule produces.""",
    recorded="refuted",
    mutants=[mutant("the linear schedule's counts (x% of the initial weights a round): 90, 18, 9",
                    stated={0.01: 90, 0.05: 18, 0.10: 9}),
             control("45 at 5%", stated=CORRECTED_ROUNDS)],
)
def _round_counts(ctx: CheckContext, *, stated: Mapping[float, int] = THESIS_ROUNDS) -> Verdict:
    produced = _rounds_every_schedule()
    unmatched = [f"{rate:.0%}: stated {k}, continuous schedule {produced[rate]['continuous (1-x)^k']}, "
                 f"integer schedules give {sorted({v for v in produced[rate].values() if v is not None})}"
                 for rate, k in stated.items() if k not in produced[rate].values()]
    return Verdict.from_counterexamples(
        unmatched, checked=stated, claimed={f"{r:.0%}": k for r, k in stated.items()},
        measured={"continuous": {f"{r:.0%}": produced[r]["continuous (1-x)^k"] for r in stated},
                  "every schedule": {f"{r:.0%}": produced[r] for r in stated}},
        finding="; ".join(unmatched),
        notes="0.95^41 = 0.122, so 41 rounds at 5% leave 12% of the weights; 0.95^45 = 0.099. "
              "The '5 times the computational time' remark fits 230/45 = 5.1 better than 230/41 = 5.6.")


@claim(
    "imp.round-counts.corrected",
    title="§8.2 corrected: 230, 45 and 22 rounds prune 90% at 1%, 5% and 10%",
    source=src("§8.2 (end of the layer-wise experiments; the '5 times the computational time' remark)"),
    kind=Kind.EXACT,
    statement="""With 45 for the printed 41, the three counts are the rounds (1-x)^k needs to reach density 0.1,
        and 1% takes about 5 times the rounds of 5%, as §8.2's next paragraph says of the computing time.""",
    decision_rule="""Verified if each count equals the smallest k with (1-x)^k <= 0.1 and the 1%/5% ratio of
        the counts rounds to 5; refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("the printed 41 at 5%", stated=THESIS_ROUNDS),
             mutant("one round short at 1%", stated={**CORRECTED_ROUNDS, 0.01: 229})],
)
def _round_counts_corrected(ctx: CheckContext, *, stated: Mapping[float, int] = CORRECTED_ROUNDS) -> Verdict:
    needed = {rate: continuous_rounds(rate, 0.1) for rate in stated}
    mismatched = [f"{rate:.0%}: stated {k}, (1-x)^k needs {needed[rate]}" for rate, k in stated.items()
                  if k != needed[rate]]
    ratio = stated[0.01] / stated[0.05]
    if round(ratio) != 5:
        mismatched.append(f"1%/5% rounds = {ratio:.2f}, not about 5")
    return Verdict.from_counterexamples(
        mismatched, checked=stated, claimed={f"{r:.0%}": k for r, k in stated.items()},
        measured={"rounds (1-x)^k needs": {f"{r:.0%}": k for r, k in needed.items()}, "1%/5% ratio": round(ratio, 2)},
        finding="; ".join(mismatched))


# --------------------------------------------------------------------------- §5.2: IMP flow

def _unmasked_shares(params: Mapping[str, torch.Tensor], masks: Mapping[str, torch.Tensor]) -> np.ndarray:
    """A wrong eq. 35 (mutant): every weight counts, pruned or not."""
    return magnitude_shares(params, {n: torch.ones_like(m) for n, m in masks.items()})


def _shares_per_weight_count(params: Mapping[str, torch.Tensor], masks: Mapping[str, torch.Tensor]) -> np.ndarray:
    """A wrong eq. 35 (mutant): each layer's masked magnitude over the network's number of weights."""
    total = sum(params[n][0].numel() for n in WEIGHT_NAMES)
    mass = np.stack([(params[n] * masks[n]).abs().reshape(params[n].shape[0], -1).sum(1).double().numpy()
                     for n in WEIGHT_NAMES], axis=-1)
    return mass / total


@measurement
def _masked_networks(ctx: CheckContext) -> tuple[tuple[dict, dict, dict], ...]:
    """300 random masked batches: (parameters, masks, parameters with every pruned weight redrawn)."""
    rng = ctx.rng()
    nets = []
    for _ in range(300):
        k = int(rng.integers(1, 4))
        params = init_params([int(s) for s in rng.integers(0, 10**6, k)], 2, hidden=int(rng.integers(2, 8)))
        keep = float(rng.choice([0.0, 0.01, 0.3, 1.0]))
        masks = {n: torch.from_numpy(rng.random(params[n].shape) < keep) for n in WEIGHT_NAMES}
        redrawn = {n: torch.where(masks[n], params[n], torch.from_numpy(rng.normal(size=params[n].shape)).float())
                   if n in WEIGHT_NAMES else params[n] for n in params}
        nets.append((params, masks, redrawn))
    return tuple(nets)


@claim(
    "imp.flow-shares",
    title="§5.2 eq. 35: layer shares M_i(n) are well defined and sum to 1",
    source=src("§5.2 eq. 35 and the sentence after it"),
    kind=Kind.PROPERTY,
    statement="""M_i(n), the remaining weight magnitude of layer i over that of the whole network, is
        well defined, and the shares sum to 1 over the layers; through the mask only unpruned weights count.""",
    decision_rule="""On 300 random masked networks (random masks down to one surviving weight, plus
        fully pruned networks): verified if the shares are non-negative and sum to 1 within 1e-12
        whenever any weight survives, a layer with no surviving weight has share 0, redrawing the pruned
        weights changes no share, and the share is reported undefined (NaN) exactly when no weight
        survives; refuted otherwise.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("|θ| without the mask", share_formula=_unmasked_shares),
             mutant("normalised by the number of weights, not their total magnitude",
                    share_formula=_shares_per_weight_count)],
)
def _flow_shares(ctx: CheckContext, *, share_formula: Callable = magnitude_shares) -> Verdict:
    bad, undefined, examined = [], 0, 0
    for trial, (params, masks, redrawn) in enumerate(_masked_networks(ctx)):
        k = next(iter(masks.values())).shape[0]
        examined += k
        shares, shares_redrawn = share_formula(params, masks), share_formula(redrawn, masks)
        alive = np.stack([masks[n].reshape(k, -1).sum(1).numpy() for n in WEIGHT_NAMES], axis=-1) > 0
        for row in range(k):
            if not alive[row].any():
                undefined += 1
                if not np.all(np.isnan(shares[row])):
                    bad.append({"trial": trial, "fully pruned network got shares": shares[row].tolist()})
            elif (np.any(shares[row] < 0) or abs(shares[row].sum() - 1) > 1e-12
                  or np.any(shares[row][~alive[row]] != 0)
                  or not np.allclose(shares[row], shares_redrawn[row], rtol=0, atol=1e-12)):
                bad.append({"trial": trial, "shares": shares[row].tolist(), "alive layers": alive[row].tolist(),
                            "with pruned weights redrawn": shares_redrawn[row].tolist()})
    return Verdict.from_counterexamples(
        bad, checked=examined, claimed="Σ_i M_i(n) = 1, M_i ≥ 0, pruned weights do not count",
        measured={"networks": "300 batches", "fully pruned (undefined)": undefined, "failures": len(bad)},
        finding=f"{len(bad)} networks break eq. 35's properties, e.g. {mt.pairs(bad[0])}" if bad else "",
        notes="Holds by construction: eq. 35 divides each layer's masked magnitude by their sum.  Shares are "
              "undefined only when every weight is pruned; biases are not part of eq. 35's sum here since "
              "they carry no mask.")


def _eq36_ratio(now: sp.Expr | np.ndarray, nxt: sp.Expr | np.ndarray) -> sp.Expr | np.ndarray:
    """Eq. 36: λ_i = M_i(n+1) / M_i(n)."""
    return nxt / now


@claim(
    "imp.flow-constraint.identity",
    title="Suite: from eq. 35-36, Σ_i M_i(n) λ_i(n) = 1, so some layer has λ_i ≤ 1",
    source=src("§5.2 eq. 35-37 (the definitions it follows from; the thesis does not state the identity)"),
    kind=Kind.SYMBOLIC,
    origin="suite",
    statement="""Our consequence of the thesis's definitions, which §5.2 does not draw: taking the shares of
        eq. 35 (summing to 1 each round) and the ratios λ_i(n) = M_i(n+1)/M_i(n) of eq. 36, the share-weighted
        sum of the λ_i is the next round's total share, 1; a weighted average of 1 means at least one λ_i is
        at most 1, so no round can have every layer relevant (σ_i > 0 throughout).""",
    decision_rule="""sympy: substitute λ_i = ratio(M_i, M_i') into Σ M_i λ_i with Σ M_i' = 1 for 2-5 layers
        and simplify; and check min_i λ_i ≤ 1 ≤ max_i λ_i on 10⁴ random share pairs.  Verified if the
        identity reduces to 1 and no random pair violates the bound.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("the ratio inverted: λ_i = M_i(n)/M_i(n+1)", ratio=lambda now, nxt: now / nxt),
             mutant("no division: λ_i = M_i(n+1)", ratio=lambda now, nxt: nxt)],
)
def _flow_constraint(ctx: CheckContext, *, ratio: Callable = _eq36_ratio) -> Verdict:
    failures = []
    for layers in range(2, 6):
        m = sp.symbols(f"m0:{layers}", positive=True)
        mp = sp.symbols(f"q0:{layers}", positive=True)
        total = sum(mi * ratio(mi, qi) for mi, qi in zip(m, mp))
        numerator, _ = sp.fraction(sp.together(total.subs(mp[-1], 1 - sum(mp[:-1])) - 1))
        if sp.expand(numerator) != 0:
            failures.append(f"{layers} layers: Σ M_i λ_i does not reduce to 1")
    rng = ctx.rng()
    pairs = rng.dirichlet(np.ones(3), size=(10_000, 2))
    lam = ratio(pairs[:, 0], pairs[:, 1])
    broken = np.flatnonzero((lam.min(1) > 1 + 1e-12) | (lam.max(1) < 1 - 1e-12))
    if broken.size:
        failures.append({"M(n)": pairs[broken[0], 0].tolist(), "M(n+1)": pairs[broken[0], 1].tolist(),
                         "λ": lam[broken[0]].tolist()})
    return Verdict.from_counterexamples(
        failures, checked=len(range(2, 6)) + len(pairs), claimed="Σ M_i λ_i = 1; not all λ_i > 1", measured={"layers checked": [2, 3, 4, 5], "random pairs": 10_000},
        finding=f"{failures[0]}" if failures else "",
        notes="Holds by construction: the λ_i of eq. 36 weighted by the shares of eq. 35 sum to the next "
              "round's shares.  Whether table 2's σ values respect it is imp.flow-constraint.table2.")


#: Table 2's σ values (NL, HH); λ = c^σ with c = 1/(1 - 0.01).


@claim(
    "imp.flow-constraint.table2",
    title="§9 table 2 against a consequence of eq. 35 derived here: each model needs a layer with σ < 0 and one with σ > 0",
    source=src("§9 table 2; §5.2 eq. 35-37"),
    kind=Kind.EXACT,
    origin="suite",
    statement="""The thesis does not state it, but its definitions imply it: the shares M_i of eq. 35 sum to 1 every
        round, so Σ_i M_i λ_i = 1 (imp.flow-constraint.identity) and the shares cannot all grow or all shrink; the
        same holds for σ_i, which averages λ_i over rounds geometrically (Π_n λ_i(n) = M_i(N)/M_i(0)).  The suite's
        test of table 2 against this consequence: in each model some layer has σ_i < 0 and some σ_j > 0.""",
    decision_rule="""Verified if each model's σ values include a negative and a positive one; refuted with the
        model whose σ values share one sign.  Also recorded: with λ = c^σ (c = 1/0.99) held constant, the
        smallest share the irrelevant layer must carry for Σ_i M_i λ_i = 1.""",
    recorded="verified",
    mutants=[mutant("NL σ_2 with its sign flipped (every NL layer relevant)",
                    sigmas={**THESIS_SIGMA, "NL": (2.4778, 0.1710, 5.2449)})],
)
def _flow_constraint_table2(ctx: CheckContext, *,
                            sigmas: Mapping[str, Sequence[float]] = THESIS_SIGMA) -> Verdict:
    one_signed = [f"{model}: σ = {values}" for model, values in sigmas.items()
                  if not (min(values) < 0 < max(values))]
    c = 1 / (1 - 0.01)
    forced = {}
    for model, values in sigmas.items():
        lam = [c**s for s in values]
        below, above = [l for l in lam if l < 1], [l for l in lam if l > 1]
        if below and above:  # the least mass below 1: balance the smallest λ above 1 with the smallest below
            lo, hi = min(below), min(above)
            forced[model] = round((hi - 1) / (hi - lo), 4)
    return Verdict.from_counterexamples(
        one_signed, checked=sigmas, claimed="some σ_i < 0 < some σ_j in each model",
        measured={"σ": {m: list(v) for m, v in sigmas.items()},
                  "least share of the σ<0 layers with λ = c^σ held constant": forced},
        finding="; ".join(one_signed) + ": every layer relevant, which Σ_i M_i λ_i = 1 rules out" if one_signed else "",
        notes="A consistency check of the printed table, not of IMP runs (imp.sigma-table.signs measures the "
              "signs; imp.flow-constraint.measured the constraint on runs).  With one σ<0 layer and λ held constant, that "
              "layer must hold at least the recorded share of the remaining magnitude for Σ M_i λ_i = 1.")


@functools.cache
def _moment_identity_holds() -> bool:
    """Σ_i M_i (λ_i - 1)² = S_2 - 2 S_1 + S_0 with S_n = Σ_i M_i λ_i^n (three layers; the sum is termwise)."""
    m, lam = sp.symbols("m0:3", positive=True), sp.symbols("l0:3", positive=True)
    moment = [sum(mi * li**n for mi, li in zip(m, lam)) for n in range(3)]
    return sp.expand(sum(mi * (li - 1) ** 2 for mi, li in zip(m, lam)) - (moment[2] - 2 * moment[1] + moment[0])) == 0


@functools.cache
def _lambda_sets() -> tuple[tuple[str, tuple[float, ...]], ...]:
    """Table 2's λ values and 20 random three-layer λ sets with one value on each side of 1."""
    c = 1 / (1 - 0.01)
    sets = [(f"table 2 {model}", tuple(c**s for s in sigmas)) for model, sigmas in THESIS_SIGMA.items()]
    rng = np.random.default_rng(36)
    for i in range(20):
        lam = (1 + rng.uniform(0.001, 0.2), 1 - rng.uniform(0.001, 0.2), 1 + rng.uniform(-0.2, 0.2))
        sets.append((f"random {i}", tuple(float(v) for v in lam)))
    return tuple(sets)


def _geometric_shares(lam: Sequence[float], rounds: int) -> np.ndarray | None:
    """Non-negative shares M(0) with Σ_i M_i(0) λ_i^n = 1 for n = 0..rounds-1, or None if none exist (LP)."""
    a_eq = np.array([[l**n for l in lam] for n in range(rounds)])
    res = linprog(np.zeros(len(lam)), A_eq=a_eq, b_eq=np.ones(rounds), bounds=[(0, None)] * len(lam), method="highs")
    return res.x if res.status == 0 else None


@claim(
    "imp.flow-eigen.exact",
    title="§5.2 eq. 36: shares cannot follow λ_i^n exactly for three rounds unless every λ_i = 1",
    source=src("§5.2 eq. 36 (M_i(n+1) = λ_i M_i(n) = λ_i^{n+1} M_i(0)) and the SEM criterion after it"),
    kind=Kind.SYMBOLIC,
    origin="suite",
    statement="""Eq. 36 treats M_i as eigenfunctions of the IMP operator, M_i(n) = λ_i^n M_i(0).  Since the
        shares sum to 1 every round, they can follow λ_i^n exactly for three consecutive rounds only if all
        the magnitude sits on layers with λ_i = 1: S_0 = S_1 = S_2 = 1 (S_n = Σ_i M_i λ_i^n) forces
        Σ_i M_i (λ_i - 1)² = 0.  Relevant and irrelevant layers can therefore be eigenfunctions only
        approximately, which is how the thesis applies eq. 36, carrying over the criterion Redman et al. found
        on their own networks (the standard error of the mean of λ_i below 5%; tested on the thesis's HNNs by
        imp.flow-eigen.sem and .trend).""",
    decision_rule="""sympy: Σ_i M_i (λ_i - 1)² = S_2 - 2 S_1 + S_0 identically; and by linear programming,
        for table 2's λ = c^σ (NL and HH) and 20 random λ sets with values on both sides of 1, look for
        non-negative shares that follow λ_i^n exactly for the stated number of consecutive rounds.
        Verified if the identity holds and no λ set admits such shares; refuted by one that does.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("exactly geometric shares are impossible already over two rounds", rounds=2)],
)
def _flow_eigen_exact(ctx: CheckContext, *, rounds: int = 3) -> Verdict:
    found = []
    if not _moment_identity_holds():
        found.append("Σ M_i (λ_i - 1)² ≠ S_2 - 2 S_1 + S_0")
    for label, lam in _lambda_sets():
        shares = _geometric_shares(lam, rounds)
        if shares is not None:
            found.append({"λ set": label, "λ": [round(v, 5) for v in lam], "shares M(0)": [round(float(v), 5) for v in shares]})
    return Verdict.from_counterexamples(
        found, checked=_lambda_sets(), claimed=f"no non-negative shares follow λ_i^n exactly for {rounds} consecutive rounds (λ_i ≠ 1)",
        measured={"λ sets": len(_lambda_sets()), "with exactly geometric shares": len(found)},
        finding=f"shares ({mt.pairs(found[0], 5)}) follow λ_i^n exactly for {rounds} rounds" if found else "",
        notes="No finding against the thesis: it states eq. 36 as the condition for M_i to be eigenfunctions "
              "and then judges it approximately (SEM of λ_i below 5%), which these identities do not contradict.")


# --------------------------------------------------------------------------- §5.1: the power law

d, d_c, gamma = sp.symbols("d d_C gamma", positive=True)
PRINTED_LAW = (d_c - d) ** (-gamma)
REGRESSED_LAW = d ** (-gamma)
#: Windows (d_C, and d_L = d_C / 10) and exponents on which the direction of a law is judged.
_LAW_GRID = [(dc_, g_) for dc_ in (0.9, 0.75, 0.6) for g_ in (0.5, 1.2025, 2.9777, 7.1626, 35.9853)]


def _error_rises_as_density_falls(law: sp.Expr) -> list[dict]:
    """Points of the window d_L < d < d_C where de/dd >= 0 (the error does not grow as pruning goes on)."""
    slope = sp.lambdify((d, d_c, gamma), sp.diff(law, d), "numpy")
    bad = []
    for dc_, g_ in _LAW_GRID:
        grid = np.linspace(dc_ / 10, dc_, 41)[1:-1]
        values = slope(grid, dc_, g_)
        if np.any(values >= 0):
            at = int(np.argmax(values >= 0))
            bad.append({"d_C": dc_, "γ": g_, "d": round(float(grid[at]), 4), "de/dd": float(values[at])})
    return bad


@claim(
    "imp.power-law.form",
    title="§5.1: e ~ (d_C - d)^{-γ} makes the error fall as density falls",
    source=src("§5.1; §8.2 table 1 caption ('negative of the linear regression'), fig. 2, §8.3"),
    kind=Kind.SYMBOLIC,
    statement="""In a window d_L < d < d_C the error follows e ~ (d_C - d)^{-γ}, γ > 0 the critical
        exponent; the thesis's exponents are minus the slope of log e against log d.""",
    reading="""The display as printed, e ~ (d_C - d)^{-γ} = Δd^{-γ} with γ > 0 (the thesis's exponents are
        positive), as the law of the window in which error grows while pruning lowers the density
        (§8.2: 'for densities below 0.9, the error begins to increase').""",
    charitable_reading="""No reading of the printed law rises as d falls: with γ > 0 it is largest at the window's
        upper end d_C and falls towards d_L (and a negative γ contradicts table 1's positive exponents).  The
        law the thesis uses everywhere after §5.1 is e ~ d^{-γ}: table 1's exponents are minus the slope of
        log e on log d, and fig. 2 and §8.3 print those slopes (-2.54687, -2.72588, -7.1626, -35.9853).
        Under that reading the statement holds (imp.power-law.form.corrected); the display has Δd where its
        later uses have d.""",
    severity="typo",
    correction="imp.power-law.form.corrected",
    decision_rule="""Evaluate de/dd of the stated law on 38 interior points of windows d_C in {0.9, 0.75, 0.6},
        d_L = d_C/10, for γ in {0.5, 1.2025, 2.9777, 7.1626, 35.9853} (the thesis's exponents and slopes).
        The text says error grows as pruning proceeds, so verified if de/dd < 0 everywhere; refuted with the
        first point where de/dd >= 0.""",
    recorded="refuted",
    mutants=[mutant("e ~ d^{+γ}", law=d**gamma),
             control("the law the thesis regresses: e ~ d^{-γ}", law=REGRESSED_LAW)],
)
def _power_law_form(ctx: CheckContext, *, law: sp.Expr = PRINTED_LAW) -> Verdict:
    bad = _error_rises_as_density_falls(law)
    example = {}
    if bad:
        example = {f"e(d={mt.num(v, 4)})": round(float(law.subs({d_c: bad[0]["d_C"], gamma: 1, d: v})), 3)
                   for v in (0.8 * bad[0]["d_C"], 0.5 * bad[0]["d_C"], 0.15 * bad[0]["d_C"])}
    return Verdict.from_counterexamples(
        bad, checked=_LAW_GRID, claimed=f"e ~ {mt.math(law)} rises as d falls on d_L < d < d_C",
        measured={"de/dd": sp.simplify(sp.diff(law, d)), "points with de/dd >= 0": len(bad),
                  "with γ = 1": example},
        finding=(f"de/dd = {mt.math(sp.simplify(sp.diff(law, d)))} > 0 on the window: e.g. with "
                 f"d_C = {mt.num(bad[0]['d_C'])}, γ = 1 the law gives {mt.pairs(example, 4)}, so the error "
                 f"shrinks as density falls") if bad else "",
        notes="The thesis's slopes (table 1, fig. 2, §8.3) are regressions of log e on log d, i.e. the "
              "law e ~ d^{-γ}, which does rise as d falls.  imp.power-law.fit compares both on data.")


@claim(
    "imp.power-law.form.corrected",
    title="§5.1 corrected: e ~ d^{-γ}, with γ minus the log-log slope the thesis regresses",
    source=src("§5.1; §8.2 table 1 caption, fig. 2 ('Gradient = -2.72588'); §8.3 (-7.1626 vs -35.9853)"),
    kind=Kind.SYMBOLIC,
    statement="""With d for Δd, the law e ~ d^{-γ}, γ > 0, makes the error rise as density falls in the
        window, and γ is exactly minus the slope of log e against log d, so the thesis's negative slopes
        are its positive exponents.""",
    decision_rule="""de/dd < 0 on the same grid as imp.power-law.form, and sympy: d·(log e)'(d) + γ simplifies
        to 0.  Verified if both hold; refuted otherwise.""",
    recorded="verified",
    mutants=[mutant("the printed law (d_C - d)^{-γ}", law=PRINTED_LAW),
             mutant("e ~ d^{+γ}", law=d**gamma)],
)
def _power_law_form_corrected(ctx: CheckContext, *, law: sp.Expr = REGRESSED_LAW) -> Verdict:
    bad = _error_rises_as_density_falls(law)
    log_slope = sp.simplify(d * sp.diff(sp.log(law), d))
    if sp.simplify(log_slope + gamma) != 0:
        bad.append({"d log e / d log d": log_slope, "should be": "-γ"})
    return Verdict.from_counterexamples(
        bad, checked=_LAW_GRID, claimed=f"e ~ {mt.math(law)}: rises as d falls, log-log slope -γ",
        measured={"de/dd": sp.simplify(sp.diff(law, d)), "d log e / d log d": log_slope},
        finding=mt.pairs(bad[0], 4) if bad else "")


# --------------------------------------------------------------------------- §9: transfer directions

CORRECTED_HEADINGS = {"9.1": "NL->HH", "9.2": "HH->NL"}
CORRECTED_PLAN = ("NL->HH", "HH->NL")


def _transfer_labels_verdict(headings: Mapping[str, str], plan: Sequence[str]) -> Verdict:
    """Decision: the labels (headings, plan) against what §9.1-9.2 describe doing; every encoded
    passage must first be found in the source."""
    where = audit.located()
    if where is not None and not all(where.values()):
        missing = [k for k, v in where.items() if not v]
        raise ValueError(f"encoded §9 passages not found in the thesis: {missing}")
    found = audit.contradictions(headings, plan)
    described = [{"section": s.section, "role": s.role, "says": s.paraphrase, "direction": s.direction()}
                 for s in audit.DESCRIPTIONS]
    return Verdict.from_counterexamples(
        found, checked=described, claimed={"headings": dict(headings), "plan": list(plan)},
        measured={"what the bodies and captions describe": described,
                  "printed labels": {"headings": audit.printed_headings(), "plan": list(audit.printed_plan())}},
        finding="; ".join(found),
        notes=("Every encoded passage was located in the source." if where else
               "Source text not available here; the check used the encoded passages only.")
        + " The suite runs both directions as the bodies describe them.")


@claim(
    "imp.transfer-text",
    title="§9: headings, text and captions name the same transfer directions",
    source=src("§9 introduction, §9.1, §9.2, figures 6-7"),
    kind=Kind.AUDIT,
    statement="""The two transfer experiments are NL→HH and HH→NL; each subsection's heading names the
        direction its mask operation and figure caption describe, and the two planned experiments in the
        section introduction are reciprocal.""",
    reading="""The labels as printed: §9.1's heading says HH→NL, §9.2's NL→HH, and the introduction plans
        NL→HH and then, as its 'reciprocal', NL→HH again.""",
    charitable_reading="""The subsections' substance decides: §9.1 duplicates the NL mask onto the 4-output HH
        network and figure 6 shows NL→HH; §9.2 truncates the 4-row HH mask to 2 rows, figure 7 shows HH→NL and
        its text compares HH→NL with 'the reciprocal experiment'.  Read so, the experiments are consistent
        and reciprocal, and only the labels are off: the two headings are swapped and the introduction's
        second sentence repeats the first direction (imp.transfer-text.corrected).""",
    severity="typo",
    correction="imp.transfer-text.corrected",
    decision_rule="""Encode every passage of §9 that states or implies a direction (headings, captions,
        plan; a mask operation implies it: duplicating output rows maps 2 outputs to 4, i.e. NL→HH,
        truncating maps HH→NL), locate each in the source text (an encoded passage not found is an error),
        and compare each heading with its subsection's body and caption.  Verified if they agree and the
        plan's two experiments are one each way; refuted with the contradictions otherwise.""",
    recorded="refuted",
    mutants=[mutant("both headings NL→HH", headings={"9.1": "NL->HH", "9.2": "NL->HH"}),
             control("headings swapped back and the plan reciprocal", headings=CORRECTED_HEADINGS,
                     plan=CORRECTED_PLAN)],
)
def _transfer_text(ctx: CheckContext, *, headings: Mapping[str, str] = audit.printed_headings(),
                   plan: Sequence[str] = audit.printed_plan()) -> Verdict:
    return _transfer_labels_verdict(headings, plan)


@claim(
    "imp.transfer-text.corrected",
    title="§9 corrected: §9.1 is NL→HH, §9.2 is HH→NL, and the plan is reciprocal",
    source=src("§9 introduction, §9.1, §9.2, figures 6-7"),
    kind=Kind.AUDIT,
    statement="""With the two headings swapped back and the introduction's second experiment read as HH→NL,
        each subsection's heading, mask operation and figure caption name one direction, and the two
        experiments are reciprocal.""",
    decision_rule="As imp.transfer-text, with the corrected labels.",
    recorded="verified",
    mutants=[mutant("the printed headings", headings=audit.printed_headings()),
             mutant("the printed plan (NL→HH twice)", plan=audit.printed_plan())],
)
def _transfer_text_corrected(ctx: CheckContext, *, headings: Mapping[str, str] = CORRECTED_HEADINGS,
                             plan: Sequence[str] = CORRECTED_PLAN) -> Verdict:
    return _transfer_labels_verdict(headings, plan)


# --------------------------------------------------------------------------- §8.2-8.3: Hamilton's equations

_NL, _HH = ham.NL, ham.HH

def _hamilton_verdict(system: ham.PrintedSystem) -> Verdict:
    mismatches = ham.equation_mismatches(system)
    drift = ham.conserved_by_printed_odes(system)
    derived = ham.hamilton_rhs(system)
    return Verdict.from_counterexamples(
        [{"equation": k, "mismatch": v, "dH/dt along the printed ODEs": drift} for k, v in mismatches.items()], checked=derived,
        claimed={"H": system.hamiltonian, "ODEs": {str(k): v for k, v in system.printed_rhs.items()}},
        measured={"derived from H": {str(k): v for k, v in derived.items()},
                  "dH/dt along the printed ODEs": drift},
        finding="; ".join(f"H = {mt.math(system.hamiltonian)} gives d{k}/dt: {v}" for k, v in mismatches.items()))


@claim(
    "hnn.hamilton-equations.nl",
    title="§8.2 eq. 43-44: the NL oscillator's ODEs are Hamilton's equations of its H",
    source=src("§8.2 eq. 43-44"),
    kind=Kind.SYMBOLIC,
    statement="H = p²/2 + x²/2 + x⁴/2 gives ẋ = p and ṗ = -(x + x³).",
    reading="Eq. 43's Hamiltonian as printed, with the quartic term x⁴/2.",
    charitable_reading="""Eq. 44 and the loss eq. 45 both use ṗ = -(x + x³), the force of x⁴/4 (Mattheakis et
        al.'s oscillator); the printed x⁴/2 would give ṗ = -(x + 2x³).  Read with x⁴/4 the claim holds
        (hnn.hamilton-equations.nl.corrected); as printed, eq. 43's quartic coefficient is off by a factor 2.""",
    severity="typo",
    correction="hnn.hamilton-equations.nl.corrected",
    decision_rule="sympy: derive ẋ = ∂H/∂p, ṗ = -∂H/∂x from the stated H; verified if both equal the printed ODEs.",
    recorded="refuted",
    mutants=[mutant("a softening quartic: H = p²/2 + x²/2 - x⁴/4", hamiltonian=ham.p**2 / 2
                    + ham.x**2 / 2 - ham.x**4 / 4),
             control("the quartic term x⁴/4", hamiltonian=ham.NL_HAMILTONIAN_OF_EQ44)],
)
def _hamilton_nl(ctx: CheckContext, *, hamiltonian: sp.Expr = _NL.hamiltonian) -> Verdict:
    verdict = _hamilton_verdict(dataclasses.replace(_NL, hamiltonian=hamiltonian))
    verdict.notes = ("The printed H (x⁴/2) gives ṗ = -(x + 2x³); the printed ODE -(x + x³) belongs to "
                     "H = p²/2 + x²/2 + x⁴/4 (Mattheakis et al.).  The suite trains on the printed ODE and "
                     "its own Hamiltonian x⁴/4, so the energy penalty and the ODE agree.")
    return verdict



@claim(
    "hnn.hamilton-equations.nl.corrected",
    title="§8.2 eq. 43 corrected: H = p²/2 + x²/2 + x⁴/4 gives eq. 44",
    source=src("§8.2 eq. 43-45"),
    kind=Kind.SYMBOLIC,
    statement="""With the quartic term x⁴/4 for the printed x⁴/2, Hamilton's equations of eq. 43 are eq. 44,
        ẋ = p and ṗ = -(x + x³), the ODE whose residuals eq. 45 penalises.""",
    decision_rule="sympy: derive both equations from H; verified if they equal eq. 44.",
    recorded="verified",
    mutants=[mutant("the printed x⁴/2", hamiltonian=_NL.hamiltonian),
             mutant("no harmonic term: H = p²/2 + x⁴/4", hamiltonian=ham.p**2 / 2 + ham.x**4 / 4)],
)
def _hamilton_nl_corrected(ctx: CheckContext, *, hamiltonian: sp.Expr = ham.NL_HAMILTONIAN_OF_EQ44) -> Verdict:
    return _hamilton_verdict(dataclasses.replace(_NL, hamiltonian=hamiltonian))


@claim(
    "hnn.hamilton-equations.hh",
    title="§8.3 eq. 46-48: the Hénon-Heiles ODEs are Hamilton's equations of its H",
    source=src("§8.3 eq. 46-48"),
    kind=Kind.SYMBOLIC,
    statement="H = (p_x² + p_y²)/2 + (x² + y²)/2 + x²y - y³/3 gives ẋ = p_x, ẏ = p_y, ṗ_x = -(x + 2xy), ṗ_y = -(y + x² - y²).",
    decision_rule="sympy: derive the four equations from the stated H; verified if all equal the printed ODEs.",
    recorded="verified",
    mutants=[mutant("the cubic term's sign flipped: + y³/3", hamiltonian=_HH.hamiltonian + 2 * ham.y**3 / 3),
             mutant("half the coupling: x²y/2", hamiltonian=_HH.hamiltonian - ham.x**2 * ham.y / 2)],
)
def _hamilton_hh(ctx: CheckContext, *, hamiltonian: sp.Expr = _HH.hamiltonian) -> Verdict:
    return _hamilton_verdict(dataclasses.replace(_HH, hamiltonian=hamiltonian))


@claim(
    "hnn.hamilton-equations.losses",
    title="§8.2 eq. 45, §8.3 eq. 49: the losses are the ODE residuals",
    source=src("§8.2 eq. 45; §8.3 eq. 49"),
    kind=Kind.SYMBOLIC,
    statement="Each loss is the mean over collocation points of the summed squared residuals of the printed ODEs.",
    decision_rule="""sympy: expand each printed loss term minus (ż - printed rhs)² for its equation; verified if
        all differences vanish.  The normalisation of the sums is recorded separately.""",
    recorded="verified",
    mutants=[mutant("the NL momentum residual with the force's sign flipped: (ṗ - x - x³)²",
                    nl_loss_terms=(_NL.printed_loss_terms[0],
                                   (ham.pd - ham.x - ham.x**3) ** 2)),
             mutant("the HH p_y residual with + y²",
                    hh_loss_terms=_HH.printed_loss_terms[:3]
                    + ((ham.pyd + ham.y + ham.x**2 + ham.y**2) ** 2,))],
)
def _losses(ctx: CheckContext, *, nl_loss_terms: tuple[sp.Expr, ...] = _NL.printed_loss_terms,
            hh_loss_terms: tuple[sp.Expr, ...] = _HH.printed_loss_terms) -> Verdict:
    nl = dataclasses.replace(_NL, printed_loss_terms=tuple(nl_loss_terms))
    hh = dataclasses.replace(_HH, printed_loss_terms=tuple(hh_loss_terms))
    bad = ham.loss_mismatches(nl) + ham.loss_mismatches(hh)
    return Verdict.from_counterexamples(
        bad, checked=len(nl.printed_loss_terms) + len(hh.printed_loss_terms), claimed="losses = mean squared residuals of eq. 44 and eq. 47-48",
        measured={"NL terms": list(nl.printed_loss_terms), "HH terms": list(hh.printed_loss_terms)},
        finding="; ".join(bad),
        notes="Eq. 45 sums n = 1..K and eq. 49 sums n = 0..K, both divided by K, so eq. 49 averages K+1 "
              "terms over K (a factor (K+1)/K, immaterial to training).  Eq. 45 residuals are those of the "
              "printed ODE, not of the printed H (see hnn.hamilton-equations.nl).")
