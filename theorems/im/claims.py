"""Checks of the ``im.*`` claims of inertial-manifold-lth-paper.md: the Lyapunov identity,
the Euler picture, the attractor theorems' hypotheses, the linearisation, the Lipschitz estimate, the spectral cut and whether W+ is a
pruning, Theorem 5 on constructed semilinear systems (``manifold``), and training in W+.
im.imc-vs-baselines is checked in ``comparison_claims``.

Every check is split into a measurement (memoised, so the claim's mutants and controls rerun only
the decision) and a decision whose keyword-only parameters are what the paper asserts.
"""
from __future__ import annotations

import functools
import math

import numpy as np
import torch

from empirical.imc.hessian import exact_hessian, module_loss
from empirical.imc.lipschitz import jacobian_bound, paper_estimate, sampled_ratio
from empirical.hnn.scaling import fit_line

from .. import mathtext as mt
from ..context import CheckContext, claim_seed
from ..measure import measurement
from ..plotting import new_figure
from ..registry import claim, control, mutant
from ..sources import passage_lines, skipped_without
from ..stats import combine_point_statuses
from ..verdict import Kind, Source, Status, Verdict
from .imc import REPORTED_K
from .manifold import SemilinearSystem, lyapunov_perron
from .spectral_cut import admissible_cuts, cut_largest, cut_scanning_from_top
from .tasks import gradient_descent, gradient_flow, teacher_student, train_in_subspaces

DOC = "inertial-manifold-lth-paper.md"
src = Source.factory(DOC)

#: The paper's pre-training length for W* (§3.1 end, §3.3 step 1: "10 epochs"/"10 iterations").
PRETRAIN_STEPS = 10
PRETRAIN_LR = 0.1
ACTIVATIONS = ("tanh", "relu")


def _w_star(activation: str, seed: int):
    task = teacher_student(activation, seed)
    return task, gradient_descent(task.loss, task.w0, PRETRAIN_LR, PRETRAIN_STEPS)[-1]


# --------------------------------------------------------------------------- §3.1 eq. 8: Lyapunov identity

@measurement
def _lyapunov_measurement(ctx: CheckContext) -> dict:
    """dL/dt along -∇L (forward mode) and ‖∇L‖ at 40 random points; L along two gradient-flow paths."""
    rng = ctx.rng()
    points = []
    for trial in range(40):
        act = ACTIVATIONS[trial % 2]
        task = teacher_student(act, int(rng.integers(0, 10**6)))
        w = task.w0 + 0.3 * torch.from_numpy(rng.standard_normal(task.w0.numel()))
        g = torch.func.grad(task.loss)(w)
        directional = torch.func.jvp(task.loss, (w,), (-g,))[1]
        points.append({"activation": act, "trial": trial, "dL/dt": float(directional), "‖∇L‖": float(g.norm())})
    paths = {}
    for act in ACTIVATIONS:
        task = teacher_student(act, ctx.seed % 10**6)
        path = gradient_flow(task.loss, task.w0, np.linspace(0, 4, 81), act)
        paths[act] = np.array([float(task.loss(w)) for w in path])
    return {"points": points, "losses along the flow": paths}


@claim(
    "im.lyapunov",
    title="§3.1 eq. 8: the loss decreases along gradient flow at rate ‖∇L‖²",
    source=src("§3.1 eq. 7-8"),
    kind=Kind.PROPERTY,
    statement="Along W' = -∇L(W), dL/dt = ∇L · W' = -‖∇L‖² ≤ 0.",
    decision_rule="""(a) On 40 random (student, point) pairs, tanh and ReLU, the directional derivative of L along -∇L
        (forward mode) must equal sign·‖∇L‖^exponent (the paper: sign -1, exponent 2) to 1e-9 relative to ‖∇L‖²;
        (b) on a gradient-flow trajectory (DOP853 at rtol 1e-10 for tanh, RK45 at 1e-8 for ReLU) over t ∈ [0, 4], L
        must move only in the direction of the sign (for sign -1: not increase by more than 1e-9 relative) between
        the 81 output times.  Verified if both hold; refuted by the first violation.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("the loss increases along the flow: dL/dt = +‖∇L‖²", sign=+1),
             mutant("the rate is the norm, not its square: dL/dt = -‖∇L‖", exponent=1)],
)
def _lyapunov(ctx: CheckContext, *, sign: int = -1, exponent: float = 2) -> Verdict:
    data = _lyapunov_measurement(ctx)
    bad, worst = [], 0.0
    for p in data["points"]:
        g = p["‖∇L‖"]
        rel = abs(p["dL/dt"] - sign * g**exponent) / g**2
        worst = max(worst, rel)
        if rel > 1e-9:
            bad.append({**p, "claimed dL/dt": sign * g**exponent})
    against = {}
    for act, losses in data["losses along the flow"].items():
        against[act] = float(np.max(-sign * np.diff(losses) / losses[1:]))
        if against[act] > 1e-9:
            bad.append({"activation": act, "largest relative move of L against the claimed direction": against[act]})
    return Verdict.from_counterexamples(
        mt.rounded(bad, 12), checked=len(data["points"]) + len(data["losses along the flow"]), claimed=f"dL/dt = {'-' if sign < 0 else '+'}‖∇L‖^{exponent:g}",
        measured=mt.rounded({"largest relative mismatch of the identity": worst,
                             "largest relative move of L against the claimed direction along the flow": against}, 12),
        finding=f"dL/dt = {mt.show(bad[0].get('dL/dt', 'n/a'))} where the claim gives "
                f"{mt.show(bad[0].get('claimed dL/dt', 'n/a'))}"
        if bad else "",
        notes="Holds by construction: eq. 8 is the chain rule, which automatic differentiation evaluates exactly; "
              "what the check adds is that the paper's sign and exponent are the right ones (its mutants).  For ReLU "
              "the loss is piecewise smooth; the identity holds wherever it is differentiable, which is almost "
              "everywhere along a trajectory.")


# --------------------------------------------------------------------------- §3.1 eq. 6-7: Euler scheme

EULER_STEPS = 0.1 * 2.0 ** -np.arange(5)


@measurement
def _euler_measurement(ctx: CheckContext) -> dict:
    """max_n ‖W_n - W(nη)‖ for t ≤ 2 per step η and student, its log-log slope, and the figure."""
    steps = EULER_STEPS
    out = {}
    fig, ax = new_figure(5.0, 3.5)
    for act in ACTIVATIONS:
        task = teacher_student(act, 7)
        finest = int(round(2.0 / steps[-1]))
        flow = gradient_flow(task.loss, task.w0, [k * steps[-1] for k in range(finest + 1)], act)
        gaps = []
        for eta in steps:
            stride = int(round(eta / steps[-1]))
            gd = gradient_descent(task.loss, task.w0, float(eta), finest // stride)
            gaps.append(max(float(torch.linalg.vector_norm(a - b)) for a, b in zip(gd, flow[::stride])))
        fit = fit_line(np.log(steps), np.log(gaps))
        out[act] = {"η": steps.tolist(), "max gap": gaps, "order": round(fit.slope, 3),
                    "order interval": [round(v, 3) for v in fit.slope_ci]}
        ax.loglog(steps, gaps, marker="o", label=f"{act}: order {fit.slope:.2f}")
    ax.loglog(steps, gaps[0] * steps / steps[0], ls="--", color="grey", label="slope 1")
    ax.set(xlabel="learning rate η", ylabel="max ‖W_n - W(nη)‖, t ≤ 2", title="GD vs gradient flow")
    ax.legend(fontsize=7)
    figure = ctx.save_figure(fig, "Distance between gradient descent and gradient flow against the step.", "order")
    return {"rows": out, "figure": figure}


@claim(
    "im.euler",
    title="§3.1 eq. 6-7: gradient descent tracks gradient flow with O(η) error",
    source=src("§3.1 eq. 6-7"),
    kind=Kind.EMPIRICAL,
    statement="Gradient descent is the Euler scheme of gradient flow, so the gap between the iterates and the flow at t = nη shrinks like η.",
    decision_rule="""Tanh and ReLU students, η = 0.1·2^-j (j = 0..4), horizon t ≤ 2: max_n ‖W_n - W(nη)‖ against a DOP853
        solution (DOP853 / RK45 as in im.lyapunov).  The order is the slope of log gap on log η with a 95% interval.
        Verified if every interval lies in [order - 0.2, order + 0.2] (the paper's order 1: [0.8, 1.2]); refuted if one
        lies wholly outside it; otherwise inconclusive.""",
    recorded="verified",
    scope="document",
    mutants=[mutant("second order, as for a midpoint scheme: O(η²)", order=2),
             mutant("half order: O(√η)", order=0.5)],
)
def _euler(ctx: CheckContext, *, order: float = 1) -> Verdict:
    data = _euler_measurement(ctx)
    statuses, intervals = [], {}
    for act, row in data["rows"].items():
        lo, hi = row["order interval"]
        intervals[f"{act} order"] = [lo, hi]
        statuses.append(Status.VERIFIED if order - 0.2 <= lo and hi <= order + 0.2 else
                        Status.REFUTED if hi < order - 0.2 or lo > order + 0.2 else Status.INCONCLUSIVE)
    status = combine_point_statuses(statuses)
    measured = {act: {k: v for k, v in row.items() if k != "order interval"} for act, row in data["rows"].items()}
    orders = {act: row["order"] for act, row in data["rows"].items()}
    return Verdict(status=status, claimed=f"gap = O(η^{order:g})", measured=measured, intervals=intervals,
                   figures=[data["figure"]], counterexample=measured if status is Status.REFUTED else None,
                   finding=f"the measured orders are {mt.pairs(orders)}, not {order:g}" if status is Status.REFUTED else "",
                   notes="Scope 'document': the statement is the classical convergence of the Euler scheme for any "
                         "smooth loss on a finite horizon; the students are instances of it, not stand-ins for the "
                         "paper's ResNets.")


# --------------------------------------------------------------------------- §3.1 theorems 1-4: the attractor

ATTRACTOR_SCALES = (0, 10, 20, 40, 80)


@functools.cache
def _attractor_family() -> tuple[dict, ...]:
    """An exact ReLU minimum (every hidden unit inactive on every input, output bias at the target mean) and
    its first layer rescaled by c = 2^j: ‖W‖, L and max |∇L| per c."""
    task = teacher_student("relu", 3)
    model = task.model
    with torch.no_grad():
        first, last = model[0], model[2]
        first.weight.zero_()
        first.bias.fill_(-1.0)          # every unit inactive on every input
        last.bias.fill_(float(task.targets.mean()))
    loss, w = module_loss(model, torch.nn.functional.mse_loss, task.inputs, task.targets)
    sizes = [p.numel() for p in model.parameters()]
    first_layer = torch.zeros_like(w)
    first_layer[: sizes[0] + sizes[1]] = 1
    rows = []
    for j in ATTRACTOR_SCALES:
        c = 2.0**j
        wc = w * (1 + (c - 1) * first_layer)
        grad = torch.func.grad(loss)(wc)
        rows.append({"c": f"2^{j}", "log2 c": j, "‖W‖": float(wc.norm()), "L": float(loss(wc)),
                     "max |∇L|": float(grad.abs().max())})
    return tuple(rows)


@claim(
    "im.attractor",
    title="§3.1 thm. 1 and 4 applied to eq. 7: a compact global attractor contains every minimum",
    source=src("§3.1 Theorems 1 and 4 and the sentence after Theorem 4 (Theorems 2 and 3 are checked on their own)"),
    kind=Kind.EXACT,
    statement="""The gradient system W' = -∇L(W) of a network's loss has a unique compact global attractor made of the
        equilibria and their unstable manifolds, and it contains every local minimum.""",
    decision_rule="""Test the hypothesis on a ReLU network: build an exact local minimum (every hidden unit inactive on every
        input, output bias at the target mean, so ∇L = 0 exactly and small moves leave L unchanged or larger) and
        rescale its first layer by c = 2^j, j ∈ {0, 10, 20, 40, 80} (exact in floating point).  If every rescaled
        point is an equilibrium (max |∇L| ≤ 1e-15, rounding of the output bias) with the same loss, the points are a
        family of minima; a compact set containing every minimum needs ‖W‖ bounded along it, i.e. growth exponent 0
        of ‖W‖ in c.  The exponent is measured as the slope of log ‖W‖ on log c between the two largest c.  Verified
        if the measured slope is within 0.05 of the asserted exponent (or if the points are not a family of minima and
        the asserted exponent is 0); refuted otherwise.""",
    recorded="refuted",
    reading="""Theorems 1 and 4 hold for eq. 7 of the paper's networks: one compact global attractor contains every local
        minimum W* (§3 intro; §3.1 after Theorem 4), which §3.1 then uses to place every W* in the inertial manifold.""",
    charitable_reading="""Theorems 1-4 are Hale's results [19] for gradient systems that are dissipative and whose set of
        equilibria is bounded; the paper's use needs them for the loss of a ReLU network.  Under that reading the set
        of minima must be bounded.  It is not: the exact minima W(c) have ‖W‖ ∝ c (measured exponent 1), so the
        hypothesis fails for the networks the paper applies it to and no compact set contains every minimum.""",
    severity="false",
    mutants=[control("the correct statement: the minima form a family with ‖W‖ growing like c (unbounded)",
                     growth_exponent=1.0),
             mutant("the minima grow like c² along the rescaling", growth_exponent=2.0)],
)
def _attractor(ctx: CheckContext, *, growth_exponent: float = 0.0) -> Verdict:
    rows = _attractor_family()
    minima = all(r["L"] == rows[0]["L"] and r["max |∇L|"] <= 1e-15 for r in rows)
    a, b = rows[-2], rows[-1]
    slope = math.log(b["‖W‖"] / a["‖W‖"]) / ((b["log2 c"] - a["log2 c"]) * math.log(2))
    holds = abs(slope - growth_exponent) <= 0.05 if minima else growth_exponent == 0
    return Verdict.from_check(
        holds, checked=rows,
        counterexample={"family": "W(c): first layer (weights and biases) times c > 0, all units inactive",
                        "points": mt.rounded(list(rows)), "growth exponent of ‖W‖ in c": round(slope, 4),
                        "consequence": "the equilibria (local minima) form an unbounded set, so no compact attractor contains them all"},
        claimed=f"‖W‖ grows like c^{growth_exponent:g} along a family of minima"
                + (" (a bounded set: a compact attractor can contain every minimum)" if growth_exponent == 0 else ""),
        measured={"points": mt.rounded(list(rows)), "all are minima with the same loss": minima,
                  "growth exponent of ‖W‖ in c": round(slope, 4)},
        finding=f"exact minima W(c) of a ReLU network have the same loss and ‖W‖ ∝ c^{slope:.2f} (‖W‖ = "
                f"{b['‖W‖']:.2e} at c = 2^{b['log2 c']}): the minima are unbounded" if minima else "",
        notes="Positive rescaling between consecutive ReLU layers (c·W1, c·b1, W2/c) is a continuous symmetry of any "
              "ReLU network, so its minima are never isolated; with cross-entropy on separable data there is no "
              "minimum at all.  Theorems 1-4 need a dissipative system with a compact absorbing set, which the "
              "paper does not establish for network losses.")


# --------------------------------------------------------------------------- §3.1 eq. 14-15: linearisation

@functools.cache
def _students_stationarity() -> dict:
    """‖∇L(W0)‖, ‖∇L(W*)‖ = ‖F(0)‖ and the Hessian's smallest eigenvalues at the 10-step W* of each student
    (shared by im.linearisation and im.linearisation.students)."""
    measured = {}
    for act in ACTIVATIONS:
        task, w_star = _w_star(act, 11)
        g0 = float(torch.func.grad(task.loss)(task.w0).norm())
        g = float(torch.func.grad(task.loss)(w_star).norm())
        eig = np.linalg.eigvalsh(exact_hessian(task.loss, w_star).numpy())
        measured[act] = {"‖∇L(W0)‖": g0, "‖∇L(W*)‖ = ‖F(0)‖": g, "ratio": g / g0,
                         "smallest Hessian eigenvalue": float(eig[0]), "negative eigenvalues": int((eig < -1e-10).sum())}
    return measured


@claim(
    "im.linearisation",
    title="§3.1 eq. 14-15, §3.3 step 1: at the briefly trained W*, ∇L(W*) = 0 so that F(0) = 0",
    source=src("§3.1 eq. 14-15 and last paragraph (10 epochs); §3.3 step 1 (10 iterations)"),
    kind=Kind.EMPIRICAL,
    statement="""After brief training (10 epochs in §3.1's last paragraph, 10 iterations in §3.3 step 1; the check
        follows step 1, 10 full-batch steps) W* is a local minimum, ∇L(W*) = 0, so the remainder
        F(U) = -(∇L(W*+U) - H(W*)U) of the linearised system vanishes at U = 0.""",
    decision_rule="""Tanh and ReLU students after 10 full-batch GD steps (lr 0.1), float64.  F(0) = -∇L(W*); the measured
        quantity is ‖∇L(W*)‖ / ‖∇L(W0)‖ (the paper asserts 0).  Refuted if it differs from the asserted value by more
        than 1e-2 for some student (F(0) = 0 fails materially); verified if by less than 1e-6 for all; inconclusive
        between.  Also reported: the smallest Hessian eigenvalue at W*.  Scope: proxy (97-parameter students stand in
        for the paper's ResNets after 10 epochs of SGD), so a raw 'refuted' is recorded inconclusive.""",
    recorded="inconclusive",
    scope="proxy",
    reading="10 epochs of training reach a critical point: ∇L(W*) = 0 exactly, as Theorem 5's f(0) = 0 needs.",
    charitable_reading="""W* is the 'approximate W*' of §3.1 (end) and §3.3 step 1: ∇L(W*) is small after 10 epochs, so
        F(0) ≈ 0 and Theorem 5 applies approximately.""",
    variants_note="""On the proxy students the 10-step W* is far from stationary, which refutes the paper's version
        too (the scope gate records it inconclusive), so a refuted mutant cannot differ from it here; the
        students' own stationarity is the suite's sibling measurement.""",
    mutants=[mutant("10 steps leave the gradient as large as at W0", stationarity=1.0)],
)
def _linearisation(ctx: CheckContext, *, stationarity: float = 0.0) -> Verdict:
    measured = _students_stationarity()
    statuses = []
    for row in measured.values():
        off = abs(row["ratio"] - stationarity)
        statuses.append(Status.REFUTED if off > 1e-2 else Status.VERIFIED if off < 1e-6 else Status.INCONCLUSIVE)
    status = combine_point_statuses(statuses)
    ratios = {act: round(row["ratio"], 4) for act, row in measured.items()}
    return Verdict(status=status, claimed=f"‖∇L(W*)‖ / ‖∇L(W0)‖ = {stationarity:g} after 10 epochs", measured=measured,
                   counterexample=measured if status is Status.REFUTED else None,
                   finding=f"after 10 steps ‖∇L(W*)‖/‖∇L(W0)‖ = {mt.pairs(ratios, 4)} and H(W*) has negative eigenvalues: W* is "
                           f"not a critical point" if status is Status.REFUTED else "",
                   would_decide="‖∇L(W*)‖ / ‖∇L(W0)‖ and the sign of the smallest Hessian eigenvalue after 10 epochs of "
                                "SGD on ResNet-20/32 on CIFAR-10 (the paper's W*); the direction measured here: on the "
                                f"students the ratio is {mt.pairs(ratios, 4)}, far from 0",
                   notes="With F(0) ≠ 0 the linearised system is U' = -H U + F(U) with a forcing term, and Theorem 5's "
                         "hypothesis f(0) = 0 does not hold; a negative Hessian eigenvalue also shows W* is not a minimum. "
                         "The paper itself calls W* approximate (§3.1 end, §3.3 step 1), and Theorem 5 needs f(0) = 0 "
                         "exactly; how far the students' W* is from stationary is im.linearisation.students.")


#: Where the paper (i) derives F(0) = 0 from ∇L(W*) = 0 and (ii) says the W* it uses is only an
#: approximate one from a few training iterations: patterns that locate each passage (paraphrased here).
FIXED_POINT_PASSAGES = {
    "F(0) = 0 is derived from the gradient vanishing at W* (§3.1, after eq. 15)":
        r"F\(U\)\$ satisfy \$F\(0\) = 0\$ since \$\\nabla L\(W\^\*\) = 0",
    "W* comes from a few iterations (10 epochs) and is called approximate (§3.1, end)":
        r"few iterations \(10 epochs in our implementation\) to generate an approximate W\^\*",
    "step 1 of IMC again: an approximate W* after 10 iterations (§3.3)":
        r"generate an approximate W\^\* in few training iterations \(10 iterations",
}


@functools.cache
def _remainder_at_fixed_point() -> tuple:
    """Measurement: F(0) from eq. 15's definition F(U) = -(∇L(W*+U) - H(W*)U) for a generic smooth L of
    two weights at a point W* where the gradient is not assumed to vanish (sympy)."""
    import sympy as sp

    w1, w2, a, b = sp.symbols("w1 w2 a b", real=True)
    loss = sp.Function("L")(w1, w2)
    grad = sp.Matrix([loss.diff(w1), loss.diff(w2)])
    at_star = {w1: a, w2: b}
    hessian = sp.hessian(loss, (w1, w2)).subs(at_star)
    u = sp.Matrix(sp.symbols("u1 u2", real=True))
    shifted = {w1: a + u[0], w2: b + u[1]}
    remainder = -(grad.subs(shifted, simultaneous=True) - hessian * u)
    at_zero = sp.simplify(remainder.subs({u[0]: 0, u[1]: 0}))
    return at_zero, grad.subs(at_star)


def _source_passages() -> dict[str, int] | None:
    """Line numbers of FIXED_POINT_PASSAGES in the paper (None if the paper is not in the seeds folder)."""
    return passage_lines(DOC, FIXED_POINT_PASSAGES)


@claim(
    "im.linearisation.fixed-point",
    title="§3.1, §3.3 step 1: F(0) = 0 at the W* the method actually uses",
    source=src("§3.1 eq. 14-15 and the paragraph after; §3.1 end; §3.3 step 1"),
    kind=Kind.AUDIT,
    statement="""The linearisation makes the remainder vanish at the origin, F(0) = 0, because the gradient
        vanishes at W*; this is Theorem 5's hypothesis f(0) = 0. The W* the method uses comes from 10
        training iterations and is described by the paper itself as approximate.""",
    decision_rule="""Derive F(0) symbolically from eq. 15's definition of F for a generic smooth loss at a point
        W* where, as the paper says of the W* it uses, the gradient is not known to vanish; locate the
        paper's passages (the derivation, the 'approximate' W* of §3.1 and of step 1; an error if one is not
        found). Verified if the asserted F(0) equals the derived one identically, refuted otherwise.""",
    recorded="refuted",
    severity="proof-gap",
    reading="F(0) = 0 holds for the W* that IMC computes (10 iterations of training), as Theorem 5 needs.",
    charitable_reading="""W* is only approximately critical, so F(0) is small and Theorem 5 applies approximately.
        It does not: eq. 15 gives F(0) = -∇L(W*) exactly, a constant forcing term, and Theorem 5 (like the
        Lyapunov-Perron construction behind it) is stated for f(0) = 0. The paper neither bounds ∇L(W*) nor
        moves the expansion to a true critical point near W*.""",
    mutants=[mutant("F(0) = +∇L(W*) (sign flipped)", remainder_at_zero=lambda grad: grad),
             control("F(0) = -∇L(W*), what eq. 15 gives", remainder_at_zero=lambda grad: -grad)],
)
def _linearisation_fixed_point(ctx: CheckContext, *, remainder_at_zero=lambda grad: 0 * grad) -> Verdict:
    passages = _source_passages()
    if passages is None:
        return skipped_without(DOC, "F(0) = 0 at the method's W*", "the audit locates its passages")
    derived, grad = _remainder_at_fixed_point()
    asserted = remainder_at_zero(grad)
    holds = all(expr == 0 for expr in (derived - asserted).applyfunc(lambda e: e.simplify()))
    return Verdict.from_check(
        holds, checked=derived,
        claimed=f"F(0) = {mt.math(tuple(asserted))}",
        measured={"F(0) from eq. 15": list(derived), "passages (line in the paper)": passages},
        counterexample={"F(0) from eq. 15": list(derived),
                        "W* used": "approximate, after 10 iterations (passages located above)"},
        finding="eq. 15 gives F(0) = -∇L(W*), which is zero only at an exact critical point; the W* IMC uses is an "
                "approximate one after 10 iterations, so Theorem 5's hypothesis f(0) = 0 is not established",
        notes="""Whether the conclusion survives: if a non-degenerate critical point W° lies near W*, expanding
            about W° instead restores f(0) = 0 and Theorem 5 can apply there, with H(W°) in place of H(W*); the paper
            does not argue this. On the suite's students (proxy scale) the 10-step W* has negative Hessian
            eigenvalues and a gradient 9-23% of the initial one (im.linearisation.students), so the nearest
            critical point need not be a minimum. F is taken as §3.3 step 2 writes it, -(∇L(W*+U) - H(W*)U); eq. 15
            places the bracket so that H(W*) multiplies U outside it, a notational slip. The measured, scale-bound version of this question is
            im.linearisation (inconclusive: proxy). The independent re-derivation graded this step a proof gap.""",
    )


@claim(
    "im.linearisation.students",
    title="Suite: on the teacher-student MLPs, 10 GD steps leave ‖∇L(W*)‖ above 5% of ‖∇L(W0)‖",
    source=src("§3.1 eq. 14-15; §3.3 step 1"),
    kind=Kind.EMPIRICAL,
    statement="""On the suite's tanh and ReLU teacher-student students (97 parameters), 10 full-batch GD steps (lr 0.1) end
        at a W* whose gradient norm is at least 5% of the initial one and whose Hessian has negative eigenvalues, so
        F(0) = -∇L(W*) ≠ 0 there.""",
    decision_rule="""The measurement of im.linearisation.  Verified if ‖∇L(W*)‖/‖∇L(W0)‖ ≥ the asserted floor (5%) and the
        Hessian has at least one negative eigenvalue for both students; refuted otherwise.""",
    recorded="verified",
    scope="document",
    origin="suite",
    mutants=[mutant("10 steps leave at least half of the initial gradient norm", floor=0.5)],
)
def _linearisation_students(ctx: CheckContext, *, floor: float = 0.05) -> Verdict:
    measured = _students_stationarity()
    holds = all(r["ratio"] >= floor and r["negative eigenvalues"] > 0 for r in measured.values())
    return Verdict.from_check(holds, checked=measured, counterexample=measured, claimed=f"ratio ≥ {floor:g}, a negative eigenvalue",
                              measured=measured,
                              finding="" if holds else f"ratios {mt.pairs({a: round(r['ratio'], 4) for a, r in measured.items()}, 4)}")


# --------------------------------------------------------------------------- §3.2: the Lipschitz constant

#: Boxes ‖U‖_∞ ≤ B.  B is never stated (§3.2), so every reading is tried: the grid of
#: im.imc-vs-baselines.found-sparsity (1e-4 ... 1e-1) and two boxes small enough to lie inside
#: every ReLU kink of the students, where K ∝ B.
MAGNITUDE_BOXES = (1e-7, 1e-6, 1e-4, 1e-3, 1e-2, 1e-1)
#: A lower bound above a thousand times the asserted K (the paper: order 1e-12, imc.REPORTED_K) refutes it.
ORDER_WINDOW = 1e3


@measurement
def _magnitude_measurement(ctx: CheckContext) -> dict:
    """Sampled lower bounds on K per student and box B."""
    out = {}
    for act in ACTIVATIONS:
        task, w_star = _w_star(act, 11)
        out[act] = {b: sampled_ratio(task.loss, w_star, b, pairs=32, seed=2) for b in MAGNITUDE_BOXES}
    return out


def _small_box_slope(rows: dict[float, float]) -> float:
    """Slope of log K on log B between the two smallest boxes (1 when K ∝ B as B → 0)."""
    (b1, k1), (b2, k2) = sorted(rows.items())[:2]
    return math.log(k2 / k1) / math.log(b2 / b1)


@claim(
    "im.lipschitz.magnitude",
    uses=("im.lipschitz.estimator",),
    title="§3.2: the Lipschitz constant of F is of order 1e-12 for real networks",
    source=src("§3.2 (after eq. 23)"),
    kind=Kind.EMPIRICAL,
    statement="The estimated Lipschitz constant K of the remainder F is tiny, about 1e-12, for every network tried.",
    decision_rule="""Tanh and ReLU students at the 10-step W*; the sampled ratio ‖F(U1) - F(U2)‖/‖U1 - U2‖ on the box
        ‖U‖_∞ ≤ B is a lower bound on K.  At a stated box B: refuted if that lower bound exceeds a thousand times the
        asserted K for some network, verified otherwise.  The paper states no B, so (as in
        im.imc-vs-baselines.found-sparsity) B is an open reading and every box B ∈ {1e-7, 1e-6, 1e-4, ..., 1e-1} is
        tried: verified if the claim holds at every box; refuted if it fails at every box and K does not vanish with B
        (slope of log K on log B between the two smallest boxes below 0.5, so no B gives the asserted K); ill-posed if K
        ∝ B as B → 0 (that slope in [0.9, 1.1] for both networks), since then the asserted order is reached at a box
        B* = K_asserted·B/K(B) and not at larger ones, and the answer rests on the unstated B; otherwise inconclusive.
        (Changed when the verdicts were re-examined: the rule used to refute when the bound exceeded 1e-9 at every B in
        1e-3 ... 1e-1.)""",
    recorded="ill-posed",
    scope="document",
    reading="K ≈ 1e-12 for the box the paper used, whatever it was.",
    charitable_reading="""K of eq. 22 is proportional to B (eq. 22 carries the factor 2B), and B is never stated: K ≈ 1e-12
        holds for a box of width about 1e-12/(K/B) and fails for any box a training trajectory stays in.""",
    mutants=[mutant("K ≈ 1e-12 at the box B = 1e-2", box=1e-2),
             mutant("K ≈ 1e-12 at every box tried (the old reading: B plays no role)", box="every"),
             control("K is at most of order 1e-1 at the box B = 1e-2", box=1e-2, order=1e-1)],
)
def _lipschitz_magnitude(ctx: CheckContext, *, order: float = REPORTED_K, box: float | str | None = None) -> Verdict:
    rows = _magnitude_measurement(ctx)
    fails_at = {b: [act for act in ACTIVATIONS if rows[act][b] > ORDER_WINDOW * order] for b in MAGNITUDE_BOXES}
    slopes = {act: round(_small_box_slope(rows[act]), 3) for act in ACTIVATIONS}
    b_star = {act: min(rows[act].items())[0] * order / min(rows[act].items())[1] for act in ACTIVATIONS}
    measured = {"sampled lower bounds on K by B": {act: {f"B={b:g}": v for b, v in rows[act].items()} for act in ACTIVATIONS},
                "slope of log K on log B at the two smallest boxes": slopes,
                f"box B* at which K would be {order:g} (K ∝ B)": {act: f"{v:.1e}" for act, v in b_star.items()}}
    if box is None:
        if not any(fails_at.values()):
            status = Status.VERIFIED
        elif all(fails_at.values()) and any(s < 0.5 for s in slopes.values()):
            status = Status.REFUTED
        elif all(0.9 <= s <= 1.1 for s in slopes.values()):
            status = Status.ILL_POSED
        else:
            status = Status.INCONCLUSIVE
        tested = "every box"
    else:
        boxes = MAGNITUDE_BOXES if box == "every" else (box,)
        status = Status.REFUTED if any(fails_at[b] for b in boxes) else Status.VERIFIED
        tested = f"B = {box:g}" if box != "every" else "every box tried"
    first = next(((b, acts) for b, acts in fails_at.items() if acts), None)
    return Verdict(status=status, claimed=f"K ≈ {order:g} ({tested if box is not None else 'B unstated'})",
                   measured=measured,
                   counterexample={"box": first[0], "networks": first[1],
                                   "lower bounds on K": {a: rows[a][first[0]] for a in first[1]}}
                   if status is Status.REFUTED else None,
                   finding=f"at B = {first[0]:g} the sampled lower bound on K is "
                           f"{max(rows[a][first[0]] for a in first[1]):.2e}" if status is Status.REFUTED else "",
                   decision_detail=f"boxes where the lower bound exceeds {ORDER_WINDOW:g}x the claim: "
                                   f"{mt.pairs({f'B={b:g}': a for b, a in fails_at.items() if a}) or 'none'}; "
                                   f"small-box slopes {mt.pairs(slopes)}",
                   notes="K scales with the box: on ‖U‖_∞ ≤ B it is about B times the size of the third derivative, so "
                         "K ≈ 1e-12 needs B of that order; the paper does not state B, which is why the verdict is "
                         "ill-posed (the same B is an open reading in im.imc-vs-baselines.found-sparsity, whose verdict "
                         "does not rest on it because every reading there, the reported K included, gives the same "
                         "outcome).  Between the smallest boxes and 1e-4 the ReLU student's K jumps: boxes of 1e-4 and "
                         "more contain kinks of the ReLU units, where H itself jumps and K no longer shrinks with B.  B* "
                         "is computed from the sampled lower bound, so it is an upper estimate of the box the claim needs.")


ESTIMATOR_BOXES = (1e-3, 1e-2, 1e-1)
ESTIMATOR_STEPS = (1e-1, 1e-2, 1e-3, 1e-4, 1e-6)
#: The charitable reading of eq. 23's '≈': the estimate is right to within an order of magnitude.
ORDER_OF_MAGNITUDE = 10.0


@measurement
def _estimator_measurement(ctx: CheckContext) -> dict:
    """Per student and box: the paper's second-difference norm by Δ (float64, float32), the sampled ratio and
    the largest sampled ‖DF(U)‖₂ (both lower bounds on K)."""
    out = {}
    for act in ACTIVATIONS:
        task, w_star = _w_star(act, 11)
        table = {}
        for b in ESTIMATOR_BOXES:
            table[f"B={b:g}"] = {
                "box": b,
                "paper, float64, by Δ": {s: paper_estimate(task.loss, w_star, b, step=s, seed=1).k
                                         for s in ESTIMATOR_STEPS},
                "paper, float32, by Δ": {s: paper_estimate(lambda t: task.loss(t.double()).float(), w_star.float(), b,
                                                           step=s, seed=1).k for s in ESTIMATOR_STEPS},
                "sampled ratio (lower bound on K)": sampled_ratio(task.loss, w_star, b, pairs=32, seed=2),
                "max ‖DF(U)‖₂ over samples (lower bound on K)": jacobian_bound(task.loss, w_star, b, samples=6, seed=3),
            }
        out[act] = table
    return out


@claim(
    "im.lipschitz.estimator",
    title="§3.2 eq. 22-23: the second-difference recipe bounds the Lipschitz constant",
    source=src("§3.2 eq. 20-23"),
    kind=Kind.EMPIRICAL,
    statement="""2B times the norm of a central second difference of ∇L along one random unit direction (Δ = 0.01,
        p = 2) estimates the Lipschitz constant K of F on ‖U‖_∞ ≤ B.""",
    decision_rule="""Tanh and ReLU students at the 10-step W*, boxes B = 1e-3, 1e-2, 1e-1.  A lower bound on K is the
        larger of the sampled ratio ‖F(U1) - F(U2)‖/‖U1 - U2‖ and the largest sampled ‖DF(U)‖₂ (K is the supremum of
        ‖DF‖ over the box).  The estimate is factor·B·‖second difference‖ at the asserted Δ in float64 (the paper:
        factor 2, Δ = 0.01).  Literal reading: the estimate is K, so never below a lower bound.  Charitable reading:
        it is right to within an order of magnitude.  Refuted if, for some network, at every box the estimate is more
        than 10x below the lower bound (both readings fail); verified if it is at least the lower bound everywhere;
        otherwise inconclusive.  Its dependence on Δ (1e-1 ... 1e-6) and on float32 vs float64 is reported.
        (Changed when the verdicts were re-examined: the rule used to refute when the estimate fell below the sampled
        ratio at one box, which only the literal reading supports.)""",
    recorded="refuted",
    scope="document",
    reading="K = 2B‖(∇L(V+Δm) - 2∇L(V) + ∇L(V-Δm))/Δ²‖₂ for one random unit m: an estimate of K itself.",
    charitable_reading="""The '≈' of eq. 23 is an order-of-magnitude estimate, which is all §3.2 uses it for ('order
        1e-12').  It fails too: on the smooth tanh student the estimate is more than 10x below a lower bound on K at
        every box, because one random contraction ∇H[m, m] is far smaller than the supremum of ‖∇H[u, ·]‖ that K
        needs.""",
    severity="false",
    mutants=[mutant("eq. 22 without its factor 2: K ≈ B·‖second difference‖", factor=1.0),
             mutant("the recipe at Δ = 1e-6", delta=1e-6)],
    variants_note="""The claim is refuted, and no factor or Δ of the same one-direction recipe bounds K (the
        contraction along one random direction misses the supremum K needs), so there is no right version of the
        recipe to give the check as a control; im.lipschitz.magnitude measures what K is.""",
)
def _lipschitz_estimator(ctx: CheckContext, *, factor: float = 2.0, delta: float = 0.01) -> Verdict:
    table = _estimator_measurement(ctx)
    rows, below, under_order = [], [], {}
    for act, by_box in table.items():
        under_order[act] = True
        for key, row in by_box.items():
            estimate = factor / 2 * row["paper, float64, by Δ"][delta]
            bound = max(row["sampled ratio (lower bound on K)"], row["max ‖DF(U)‖₂ over samples (lower bound on K)"])
            r = {"network": act, "box": key, "estimate": estimate, "lower bound on K": bound,
                 "lower bound / estimate": round(bound / estimate, 2)}
            rows.append(r)
            if estimate < bound:
                below.append(r)
            under_order[act] &= ORDER_OF_MAGNITUDE * estimate < bound
    failing = [act for act, flag in under_order.items() if flag]
    status = Status.REFUTED if failing else (Status.VERIFIED if not below else Status.INCONCLUSIVE)
    worst = max((r for r in rows if r["network"] in failing), key=lambda r: r["lower bound / estimate"], default=None)
    measured = {act: {key: {k: ({f"{s:g}": v for s, v in val.items()} if isinstance(val, dict) else val)
                            for k, val in row.items() if k != "box"} for key, row in by_box.items()}
                for act, by_box in table.items()}
    return Verdict(status=status, claimed=f"K ≈ {factor:g}B‖(∇L(V+Δm) - 2∇L(V) + ∇L(V-Δm))/Δ²‖₂, Δ = {delta:g}",
                   measured={"per network and box": measured, "estimate against the lower bound": rows},
                   counterexample=worst,
                   finding=f"on the {worst['network']} student the estimate is {mt.num(worst['lower bound / estimate'])}x below "
                           f"a lower bound on K at {worst['box']} (and more than 10x below at every box)" if worst else "",
                   decision_detail=f"estimate below the lower bound at {len(below)}/{len(rows)} (network, box); more than "
                                   f"10x below at every box for: {', '.join(failing) or 'none'}",
                   notes="The second difference estimates one contraction ∇H(V)[m, m] along a random direction m; K needs "
                         "the supremum of ‖∇H[u, ·]‖ over directions and over the box, which a single random m misses, and "
                         "in float32 the difference loses digits as Δ shrinks (cancellation ~ ε‖∇L‖/Δ²).  Scope "
                         "'document': eq. 20-23 is a derivation meant for any twice-differentiable loss, so a smooth "
                         "student on which it fails is a counterexample to the recipe, not a stand-in for a ResNet.")


# --------------------------------------------------------------------------- §3.1 vs §3.3: the cut

K_GRID = (1e-12, 1e-6, 1e-3, 1e-2, 1e-1)


def cut_scanning_from_bottom(eigenvalues: np.ndarray, lipschitz: float) -> int | None:
    """A wrong reading of §3.3 step 5, for the mutant: scan (λ_1, λ_2), (λ_2, λ_3), ... upward and stop at
    the first admissible gap (the smallest admissible k, the largest W+)."""
    cuts = admissible_cuts(eigenvalues, lipschitz)
    return int(cuts[0]) if len(cuts) else None


@measurement
def _k_selection_measurement(ctx: CheckContext) -> dict:
    """2,000 random (spectrum, K) cases and the spectra of -H(W*) of the two students."""
    rng = ctx.rng()
    cases = []
    for _ in range(2000):
        lam = rng.standard_normal(int(rng.integers(2, 40))) * rng.choice([1e-6, 1.0, 100.0])
        cases.append((lam, float(rng.choice([0.0, 1e-12, 1e-3, 0.1, 1.0]))))
    spectra = {act: np.linalg.eigvalsh(-exact_hessian(*_task_and_star(act)).numpy()) for act in ACTIVATIONS}
    return {"random cases": cases, "spectra at W*": spectra}


def _task_and_star(activation: str):
    task, w_star = _w_star(activation, 11)
    return task.loss, w_star


@claim(
    "im.k-selection",
    title="§3.1 vs §3.3 step 5: 'largest k' and 'first k scanning from the top' pick the same cut",
    source=src("§3.1 (after Theorem 5); §3.3 step 5"),
    kind=Kind.EXACT,
    statement="""§3.1 takes the largest k with λ_{k+1} - λ_k > 4K (eigenvalues of -H ascending); §3.3 scans consecutive pairs
        from the top (λ_d, λ_{d-1}) down and takes the first k found.""",
    decision_rule="""Compare the §3.1 rule with the §3.3 scanning rule on 2,000 random spectra with random K and on the
        Hessian spectra of the tanh and ReLU students at W*, for K from 1e-12 to 1e-1.  Verified if they always agree;
        refuted by a disagreement.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("§3.3 read as scanning upward from (λ_1, λ_2)", scanning_rule=cut_scanning_from_bottom)],
)
def _k_selection(ctx: CheckContext, *, scanning_rule=cut_scanning_from_top) -> Verdict:
    data = _k_selection_measurement(ctx)
    disagreements = [{"spectrum": lam.tolist(), "K": k_lip} for lam, k_lip in data["random cases"]
                     if cut_largest(lam, k_lip) != scanning_rule(lam, k_lip)]
    kept = {}
    for act, lam in data["spectra at W*"].items():
        for k_lip in K_GRID:
            a, b = cut_largest(lam, k_lip), scanning_rule(lam, k_lip)
            if a != b:
                disagreements.append({"network": act, "K": k_lip, "largest k": a, "scanning rule": b})
            kept[f"{act}, K={k_lip:g}"] = {"k": a, "dim W+": len(lam) - (a or 0), "d": len(lam),
                                           "admissible cuts": int(len(admissible_cuts(lam, k_lip)))}
    return Verdict.from_counterexamples(
        disagreements, checked=len(data["random cases"]) + len(data["spectra at W*"]) * len(K_GRID), claimed="the two descriptions define the same k", measured={"cuts at W*": kept},
        finding=f"{len(disagreements)} disagreements, e.g. K = {mt.num(disagreements[0]['K'])}" if disagreements else "",
        notes="Holds by construction: scanning from the top and stopping at the first admissible gap is one way "
              "of finding the largest admissible k; the check shows the paper's two descriptions are that pair (a scan "
              "from the bottom, its mutant, disagrees).  Both rules take the largest admissible k, i.e. the smallest "
              "W+.  With the paper's K ≈ 1e-12 every gap "
              "between distinct eigenvalues is admissible, so the rule keeps a one-dimensional W+ (k = d-1), not the "
              "reported sparsities of about 0.45.")


# --------------------------------------------------------------------------- W+ as a mask

def _top_space(task, w_star, dim: int) -> np.ndarray:
    """Orthonormal basis (d x dim) of the top eigenspace of -H(W*) (W+ in §3.1)."""
    values, vectors = np.linalg.eigh(-exact_hessian(task.loss, w_star).numpy())
    return vectors[:, np.argsort(values)[-dim:]]


@measurement
def _mask_measurement(ctx: CheckContext) -> dict:
    """Energy of W+ in its best m coordinates, and how many coordinates hold 99% of it."""
    measured = {}
    for act in ACTIVATIONS:
        task, w_star = _w_star(act, 11)
        d = w_star.numel()
        for m in (d // 2, max(1, d // 10), 1):
            q = _top_space(task, w_star, m)
            leverage = np.sort((q**2).sum(1))[::-1]
            measured[f"{act}, m={m}"] = {
                "network": act, "d": d, "dim W+": m,
                "energy in the best m coordinates": round(float(leverage[:m].sum() / m), 4),
                "coordinates holding 99%": int(np.searchsorted(np.cumsum(leverage) / m, 0.99) + 1)}
    return measured


@claim(
    "im.subspace-is-mask",
    title="§3.1, §3.3, §4: reducing W to the eigenspace W+ is a pruning with sparsity k/d",
    source=src("§3.1 eq. 16-19; §3.3 steps 5-6; §4 'Accuracy of pruned subnetworks with found sparsity' (tables 1, 3)"),
    kind=Kind.EXACT,
    statement="""The retained subspace W+ (top eigenspace of -H(W*), dimension d-k) is a subnetwork, so IMC prunes a fraction
        k/d of the weights.""",
    decision_rule="""For the tanh and ReLU students at W* and dim W+ = m ∈ {d/2, d/10, 1}: the best coordinate subspace of
        dimension m keeps a fraction E of W+'s energy (sum of the m largest squared row norms of an orthonormal basis,
        divided by m; E = 1 exactly when W+ is spanned by coordinates, i.e. is a mask).  For an asserted energy e (a
        mask: e = 1): verified if E ≥ e - 1e-9 in every case; refuted if E < e - 0.01 in some case; otherwise
        inconclusive.  Also reported: how many coordinates hold 99% of the energy.""",
    recorded="refuted",
    reading="""W+ is a set of weights (§2.1: a subnetwork is M ⊙ W for a binary mask M; §3.3 step 5 partitions U into U+
        and U-), so IMC removes k/d of the weights, which §4 compares with weight-pruning methods at equal sparsity.""",
    charitable_reading="""'Sparsity k/d' counts the directions removed by a reparametrisation W = W* + Q z with z ∈ R^{d-k},
        a compression of the trainable parameters rather than a mask.  That reading makes the dimension count true but
        not the paper's use of it: the network keeps all d weights nonzero (W+ spreads over 92-93 of 97 coordinates at
        m = d/2), so it is no subnetwork in the sense of §2.1 and tables 1-4 compare it with masks of a different
        kind.""",
    severity="false",
    mutants=[mutant("W+ is a mask up to 5% of its energy", coordinate_energy=0.95),
             control("the correct statement: the best m coordinates keep at least a fifth of W+'s energy",
                     coordinate_energy=0.2)],
)
def _subspace_is_mask(ctx: CheckContext, *, coordinate_energy: float = 1.0) -> Verdict:
    measured = _mask_measurement(ctx)
    worst = min(measured.values(), key=lambda r: r["energy in the best m coordinates"])
    low = worst["energy in the best m coordinates"]
    status = (Status.VERIFIED if low >= coordinate_energy - 1e-9 else
              Status.REFUTED if low < coordinate_energy - 0.01 else Status.INCONCLUSIVE)
    return Verdict(status=status, claimed=f"the best m coordinates carry ≥ {coordinate_energy:g} of W+'s energy"
                                          + (" (W+ is a mask with sparsity k/d)" if coordinate_energy == 1 else ""),
                   measured=measured, counterexample=worst if status is Status.REFUTED else None,
                   finding=f"on the {worst['network']} student with dim W+ = {worst['dim W+']} the best coordinates keep "
                           f"only {low:.2f} of W+'s energy" if status is Status.REFUTED else "",
                   notes="An eigenspace of a dense Hessian mixes all coordinates: W = W* + P+ z changes every weight, so "
                         "'sparsity k/d' counts removed directions, not removed weights.  The claim is general (any "
                         "network with a dense Hessian), so a small student is a counterexample, not a proxy.")


# --------------------------------------------------------------------------- §3.1 Theorem 5

GAP_SYSTEMS = {"d=4, k=2": ([-20.0, -15.0, -1.0, 0.0], 2), "d=6, k=3": ([-30.0, -25.0, -20.0, -2.0, -1.0, 0.0], 3)}
K_OVER_GAP = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
#: Lyapunov-Perron settings: window, step, tolerance, iteration cap.
LP = dict(horizon=20.0, dt=0.005, tol=1e-12, max_iter=150)


def _manifold_measurements(system: SemilinearSystem, rng: np.random.Generator, samples: int) -> dict:
    """LP convergence, invariance error and attraction of the computed graph for one system."""
    k, d = system.k, len(system.spectrum)
    converged, invariance = True, {t: 0.0 for t in GAP_HORIZONS}
    for _ in range(samples):
        p = rng.uniform(-1, 1, d - k)
        point = lyapunov_perron(system, p, **LP)
        converged &= point.converged
        path = system.flow(np.concatenate([point.h, p]), np.array([0.0, *GAP_HORIZONS]))
        for t, u in zip(GAP_HORIZONS, path[1:]):
            invariance[t] = max(invariance[t], float(np.linalg.norm(u[:k] - lyapunov_perron(system, u[k:], **LP).h)))
    times = np.union1d(np.linspace(0.0, 1.0, 11), GAP_HORIZONS)
    fit = times <= 1.0
    falls, rates = {t: [] for t in GAP_HORIZONS}, []
    for _ in range(samples):
        u0 = rng.uniform(-1, 1, d)
        path = system.flow(u0, times)
        dist = np.array([float(np.linalg.norm(u[:k] - lyapunov_perron(system, u[k:], **LP).h)) for u in path])
        for t in GAP_HORIZONS:
            falls[t].append(float(dist[np.argmin(np.abs(times - t))] / dist[0]))
        ok = (dist > 1e-9) & fit
        rates.append(float(-np.polyfit(times[ok], np.log(dist[ok]), 1)[0]) if ok.sum() >= 3 else float("inf"))
    row = {"LP converged": bool(converged), "slowest attraction rate": min(rates)}
    for t in GAP_HORIZONS:
        row[f"invariance error at t={t:g}"] = invariance[t]
        row[f"worst distance ratio d({t:g})/d(0)"] = max(falls[t])
    row["invariance error"] = max(invariance.values())
    return row


#: Horizons at which Theorem 5's invariance and attraction are checked, fixed before the horizon-wise rule was run: the
#: theorem (with Definition 10, eq. 9) speaks of every t >= 0 and of exponential decay with unstated constants, so no
#: single horizon is its own; the verdict needs all three to agree.
GAP_HORIZONS = (0.5, 1.0, 2.0)


def _manifold_passes(row: dict, horizon: float = 1.0) -> bool:
    """The three checks at one horizon: LP converged, invariance error <= 1e-5 at t, distance fallen by >= 10^3 by t."""
    return (row["LP converged"] and row[f"invariance error at t={horizon:g}"] <= 1e-5
            and row[f"worst distance ratio d({horizon:g})/d(0)"] <= 1e-3)


@measurement
def _gap_measurement(ctx: CheckContext) -> dict:
    """Every constructed system's LP convergence, invariance and attraction, and the figure."""
    rng = ctx.rng()
    measured = {}
    for label, (spectrum, k) in GAP_SYSTEMS.items():
        for ratio in K_OVER_GAP:
            gap = spectrum[k] - spectrum[k - 1]
            system = SemilinearSystem.build(np.array(spectrum), k, ratio * gap, seed=int(rng.integers(0, 2**31)))
            measured[(label, ratio)] = _manifold_measurements(system, rng, samples=4 if ratio < 0.25 else 2)
    fig, axes = new_figure(9.0, 3.4, ncols=2)
    for label in GAP_SYSTEMS:
        xs = list(K_OVER_GAP)
        axes[0].loglog(xs, [max(measured[(label, r)]["invariance error"], 1e-16) for r in xs], marker="o", label=label)
        axes[1].semilogx(xs, [measured[(label, r)]["slowest attraction rate"] for r in xs], marker="o", label=label)
    for ax in axes:
        ax.axvline(0.25, color="grey", ls="--", lw=0.8)
        ax.set_xlabel("K / gap (dashed: the theorem's 1/4)")
        ax.legend(fontsize=7)
    axes[0].set(ylabel="invariance error", title="trajectories started on the computed graph")
    axes[1].set(ylabel="slowest attraction rate", title="off-manifold trajectories")
    figure = ctx.save_figure(fig, "Computed inertial manifolds: invariance error and attraction rate against K/gap.", "gap")
    return {"rows": measured, "figure": figure}


@claim(
    "im.gap-theorem",
    title="§3.1 thm. 5: a spectral gap above 4K gives an inertial manifold over the top eigenspace",
    source=src("§3.1 Theorem 5, eq. 9-13"),
    kind=Kind.EMPIRICAL,
    statement="""For U' = AU + f(U) with f(0) = 0 and f K-Lipschitz, if λ_{k+1} - λ_k > 4K there is an invariant manifold,
        the graph of h: W+ → W- over the top eigenspace, that attracts every solution exponentially.""",
    decision_rule="""Constructed systems where the hypotheses hold exactly (diagonal A; f = K·R tanh(S·) with R, S orthogonal, so
        f(0) = 0 and the Lipschitz constant is exactly K), d = 4 and 6, K/gap ∈ {0.05, 0.1, 0.2, 0.5, 1, 2}.  h by the
        Lyapunov-Perron fixed point (window 20, step 0.005).  Per system: 4 points p on W+ and 4 off-manifold starts (2
        each for K/gap ≥ 0.25).  For an asserted gap condition λ_{k+1} - λ_k > c·K (the paper: c = 4), the systems it
        covers are those with K/gap < 1/c.  At each horizon t in {0.5, 1, 2}, fixed in advance, a covered system passes
        if the iteration converges, trajectories started on the graph stay on it (error ≤ 1e-5 at t) and the distance of
        every off-manifold trajectory to the graph has fallen by at least 10³ by t; the horizon's verdict is verified if
        all covered systems pass, refuted if one fails.  The claim is verified (refuted) only if all three horizons say
        verified (refuted); otherwise inconclusive.  Why several horizons: Theorem 5 asserts an inertial manifold in the
        sense of Definition 10 (§3.1), invariance for every t ≥ 0 and decay bounded by C1 e^(-C2 t) with constants it does
        not state, so it names no horizon of its own.  Earlier rules: horizon t = 0.5 in a first run, where the worst
        case sat at 1.0e-3, on the threshold; then t = 1 alone (invariance checked at 0.5 and 1), chosen after that run
        and before any verdict was recorded; changed because a horizon picked after seeing where a run lands is not a
        rule fixed before looking.  Systems outside the asserted condition are reported, to show how sharp 4K is; they
        do not enter the verdict.""",
    recorded="verified",
    scope="document",
    mutants=[mutant("the gap condition inverted: λ_{k+1} - λ_k > K/4", gap_factor=0.25)],
)
def _gap_theorem(ctx: CheckContext, *, gap_factor: float = 4.0) -> Verdict:
    data = _gap_measurement(ctx)
    rows = data["rows"]
    covered = [key for key in rows if key[1] < 1 / gap_factor]
    failures_at = {t: [{"system": label, "K/gap": ratio, "horizon": t, **rows[(label, ratio)]}
                       for label, ratio in covered if not _manifold_passes(rows[(label, ratio)], t)] for t in GAP_HORIZONS}
    by_horizon = {t: Status.REFUTED if found else Status.VERIFIED for t, found in failures_at.items()}
    agreed = set(by_horizon.values())
    status = agreed.pop() if len(agreed) == 1 else Status.INCONCLUSIVE
    failures = [f for t in GAP_HORIZONS for f in failures_at[t]]
    beyond = sorted({r for _, r in rows if r >= 1 / gap_factor})
    passes_all = lambda row: all(_manifold_passes(row, t) for t in GAP_HORIZONS)  # noqa: E731
    beyond_ok = ", ".join(f"{r:g}" for r in beyond if all(passes_all(rows[(lab, r)]) for lab in GAP_SYSTEMS))
    beyond_failed = ", ".join(f"{r:g}" for r in beyond if not all(passes_all(rows[(lab, r)]) for lab in GAP_SYSTEMS))
    worst = {t: max((rows[key][f"worst distance ratio d({t:g})/d(0)"] for key in covered), default=None) for t in GAP_HORIZONS}
    return Verdict(
        status=status, counterexample=failures[0] if status is Status.REFUTED else None,
        claimed=f"gap > {gap_factor:g}K ⇒ an exponentially attracting invariant graph over W+",
        measured={f"{label}, K/gap={ratio:g}": row for (label, ratio), row in rows.items()},
        figures=[data["figure"]],
        decision_detail=f"{len(covered)} covered systems; per horizon: "
                        + ", ".join(f"t={t:g} {by_horizon[t].value} (worst distance ratio {worst[t]:.1e})" if worst[t] is not None
                                    else f"t={t:g} {by_horizon[t].value}" for t in GAP_HORIZONS),
        would_decide="the horizons disagree: a finer LP step and more starting points at the horizon that fails"
        if status is Status.INCONCLUSIVE else "",
        evidence={"verdict per horizon": by_horizon, "failures": failures, "covered systems checked": len(covered)},
        finding=f"at K/gap = {failures[0]['K/gap']:g} ({failures[0]['system']}) the graph is not an attracting "
                f"invariant manifold (invariance error {failures[0]['invariance error']:.1e})" if status is Status.REFUTED else "",
        notes=f"Outside the asserted condition all three checks still pass at K/gap = {beyond_ok or 'none'}"
              f"{'' if not beyond_failed else f' and fail at K/gap = {beyond_failed} (see the table: no convergence, or a larger invariance error)'}"
              + (" (at every horizon): for these systems 4K is sufficient, not sharp." if beyond_ok else
                 " at some horizon: these systems do not show 4K to be loose.")
              + "  The theorem needs f globally Lipschitz with "
              "f(0) = 0; im.linearisation and im.lipschitz.* test whether a network's loss provides that.  Scope "
              "'document': Theorem 5 is a mathematical statement and these systems satisfy its hypotheses exactly; "
              "they are instances of it, not stand-ins for networks.")


# --------------------------------------------------------------------------- §3.1 eq. 18-19: training W+

#: IMC's found sparsity in the paper's CIFAR-10 tables (0.47 for ResNet-20; 0.45 for ResNet-32).
PAPER_SPARSITY = 0.47
REDUCED_STEPS = 2000


@functools.cache
def _reduced_training_runs(seed: int) -> dict:
    """Final losses of 2,000 GD steps from W* in all coordinates and in subspaces of dimension m per student
    (seeded like im.reduced-training's ctx.rng(), so its suite sibling reuses the same runs)."""
    rng = np.random.default_rng([seed, 0])
    measured = {}
    for act in ACTIVATIONS:
        task, w_star = _w_star(act, 11)
        d = w_star.numel()
        values, vectors = np.linalg.eigh(-exact_hessian(task.loss, w_star).numpy())
        order = np.argsort(values)
        runs: dict[str, np.ndarray] = {"full training": np.eye(d)}
        for m in (round((1 - PAPER_SPARSITY) * d), d // 10):
            top = vectors[:, order[-m:]]
            random_basis, _ = np.linalg.qr(rng.standard_normal((d, m)))
            runs |= {f"m={m}/W+ (top of -H)": top, f"m={m}/top of +H": vectors[:, order[:m]],
                     f"m={m}/random subspace": random_basis,
                     f"m={m}/coordinates with most W+ energy": np.eye(d)[:, np.argsort(-(top**2).sum(1))[:m]]}
        finals = dict(zip(runs, train_in_subspaces(task, w_star, list(runs.values()), REDUCED_STEPS, 0.1)))
        rows = {"d": d, "full training": finals.pop("full training"), "at W*": float(task.loss(w_star))}
        for key, final in finals.items():
            m, arm = key.split("/")
            rows.setdefault(m, {})[arm] = final
        measured[act] = rows
    return measured


def _w_plus_ratios(measured: dict) -> dict[str, float]:
    """Final loss in W+ over the full-training loss at the paper's sparsity, per student."""
    return {act: rows[f"m={round((1 - PAPER_SPARSITY) * rows['d'])}"]["W+ (top of -H)"] / rows["full training"]
            for act, rows in measured.items()}


@claim(
    "im.reduced-training",
    uses=("im.gap-theorem", "im.linearisation.fixed-point", "im.attractor"),
    title="§3.1 eq. 18-19: training only W+ reaches the loss of full training",
    source=src("§3.1 eq. 18-19 and the paragraph after; §3.3 step 6"),
    kind=Kind.EMPIRICAL,
    statement="""Training the low-dimensional parameters W+ (the top eigenspace of -H(W*)) is enough to reach the performance
        of training all parameters.""",
    decision_rule="""Tanh and ReLU students at the 10-step W*; 2,000 full-batch GD steps (lr 0.1) from W* in all coordinates,
        and in W = W* + Q z for Q an orthonormal basis of W+ of dimension m = round((1 - 0.47) d), the paper's found
        sparsity (h is taken as linear, i.e. W- stays at W*-; the paper trains W+ alone).  For an asserted ratio r of
        W+ loss to full-training loss (the paper: r = 1, the same performance): verified if the W+ loss is at most 1.5r
        times the full-training loss for both students; refuted if it is at least 2r times for one; otherwise
        inconclusive.  Reported beside it: a random subspace, the top eigenspace of +H, and the m coordinates with the
        most W+ energy, all of the same dimension, and m = d/10.  Scope: proxy (97-parameter students stand in for the
        paper's ResNets), so a raw 'refuted' is recorded inconclusive; what the students show is
        im.reduced-training.students.""",
    recorded="inconclusive",
    scope="proxy",
    reading="Training W+ alone (W- held at W*-) reaches the loss of training all of W.",
    charitable_reading="""Training on the inertial manifold, W- = g(W+) with the manifold's graph g (eq. 17-19), reaches the
        loss of full training; §3.3 step 6 trains W+ alone, which is g = const, the reading measured here.""",
    mutants=[mutant("W+ training reaches a tenth of the full-training loss", loss_ratio=0.1),
             control("W+ training ends within 5x of the full-training loss on the students", loss_ratio=5.0)],
)
def _reduced_training(ctx: CheckContext, *, loss_ratio: float = 1.0) -> Verdict:
    measured = _reduced_training_runs(ctx.seed)
    ratios = _w_plus_ratios(measured)
    status = (Status.VERIFIED if all(r <= 1.5 * loss_ratio for r in ratios.values()) else
              Status.REFUTED if any(r >= 2 * loss_ratio for r in ratios.values()) else Status.INCONCLUSIVE)
    worst = max(ratios, key=ratios.get)
    rounded = {a: round(r, 2) for a, r in ratios.items()}
    return Verdict(status=status, claimed=f"loss(W+ training) ≤ {loss_ratio:g} × loss(full training)", measured=measured,
                   counterexample={"student": worst, "W+ loss / full loss": ratios[worst], **measured[worst]}
                   if status is Status.REFUTED else None,
                   finding=f"on the {worst} student W+ training ends at {ratios[worst]:.2f}x the full-training loss"
                   if status is Status.REFUTED else "",
                   decision_detail=f"W+ loss / full loss at the paper's sparsity: {mt.pairs(rounded)}",
                   would_decide="ResNet-20/32 on CIFAR-10: train W+ of the paper's found dimension (W- at W*-, or on the "
                                f"graph g) and all of W to convergence, several seeds; on the students W+ ends at "
                                f"{mt.pairs(rounded)} "
                                "times the full-training loss",
                   notes="A random subspace of the same dimension is a fair control: if W+ does no better than it, "
                         "the eigenspace carries no special 'winning ticket'.")


@functools.cache
def _loss_gap_after_training_w_plus() -> tuple:
    """Measurement (sympy): a loss whose gradient system is linear, L = ½ Σ λ_i (w_i - s_i)², λ_i > 0, written in the
    eigen-coordinates of H where §3.3 cuts W into W+ = (w1, w2) and W- = (w3). Its minimum W* = s is exact, F ≡ 0, and
    the inertial manifold of eq. 16-17 is U- = h(U+) = 0, i.e. W- = g(W+) = s3. Returns the symbols and L."""
    import sympy as sp

    lam = sp.symbols("lambda1:4", positive=True)
    star = sp.symbols("s1:4", real=True)
    w = sp.symbols("w1:4", real=True)
    loss = sp.Rational(1, 2) * sum(l_ * (w_ - s_) ** 2 for l_, w_, s_ in zip(lam, w, star))
    return lam, star, w, loss


def _min_over_w_plus(loss, w, w_minus) -> object:
    """min over W+ = (w1, w2) of L with W- = w3 replaced by ``w_minus`` (an expression in W+ and s)."""
    import sympy as sp

    reduced = loss.subs(w[2], w_minus)
    stationary = sp.solve([reduced.diff(w[0]), reduced.diff(w[1])], [w[0], w[1]], dict=True)
    return sp.simplify(reduced.subs(stationary[0]))


@claim(
    "im.reduced-training.graph",
    uses=("im.gap-theorem", "im.linearisation.fixed-point", "im.attractor"),
    title="§3.1 eq. 18-19, §3.3 step 6: training the subnetwork W+ is as good as training W",
    source=src("§3.1 eq. 16-19 and the paragraph after; §3.3 step 6"),
    kind=Kind.SYMBOLIC,
    statement="""On the inertial manifold W- = g(W+), the reduced loss L(W+, g(W+)) has the same minima as L, so
        training the low-dimensional W+ loses nothing; hence a subnetwork with W+ as its parameters (W- pruned, as
        step 6 does) can be trained instead of the whole network.""",
    decision_rule="""On a loss whose gradient system is linear (F ≡ 0, so every hypothesis of Theorem 5 holds with
        K = 0 and the manifold is known exactly: W- = g(W+) = W*-), with symbolic eigenvalues λ_i > 0 and symbolic
        minimum W* = s, minimise L over W+ with W- set by the reading's rule and compare with min L = 0. Verified if
        the difference simplifies to 0 for all λ, s; refuted otherwise (the difference is the loss the rule gives up).""",
    recorded="refuted",
    severity="proof-gap",
    reading="The trained subnetwork is W+ with W- pruned (set to 0), as §3.3 step 6 prunes the network.",
    charitable_reading="""'Subnetwork' means the reduced network f(W+, g(W+)) of eq. 18, which is lossless (the
        control) but keeps every weight: W- is still there, as a function of W+, and g is never computed by IMC. Read
        that way the step holds but is not a pruning; read as a pruning (step 6, tables 1-4) it fails even here,
        with an exact minimum and K = 0.""",
    mutants=[mutant("W- frozen at twice its value at W*", w_minus_rule=lambda w, s: 2 * s[2]),
             control("W- = g(W+) = W*- (on the manifold, eq. 17-18)", w_minus_rule=lambda w, s: s[2])],
)
def _reduced_training_graph(ctx: CheckContext, *, w_minus_rule=lambda w, s: 0) -> Verdict:
    lam, star, w, loss = _loss_gap_after_training_w_plus()
    given_up = _min_over_w_plus(loss, w, w_minus_rule(w, star))
    holds = given_up == 0
    return Verdict.from_check(
        holds, checked=1,
        claimed="min over W+ of L(W+, W- rule) = min L = 0",
        measured={"min over W+ minus min L": given_up},
        counterexample={"loss given up": given_up, "at": "λ3 = 1, s3 = 1 gives 1/2"},
        finding=f"with W- pruned the best W+ leaves L = {mt.math(given_up)} > 0 unless W*- = 0; only W- = g(W+), which keeps "
                f"the weights W-, is lossless" if not holds else "",
        notes="""The paper's own reduction (eq. 18-19) is right: on the manifold the reduced loss has the same minima.
            The gap is the next step, from the reduced network f(W+, g(W+)) to a subnetwork with W- removed: a
            subnetwork fixes W- = 0, which is on the manifold only if g(W+) = 0 there. How large the loss given up is
            on real networks is a measurement (im.reduced-training, inconclusive at proxy scale; on the students
            W+ ends at 2-4x the full-training loss, im.reduced-training.students). Eq. 19 also writes the chain-rule
            term as ∇_{W-}L ∇g where the transpose of the Jacobian of g is meant, a notational slip. The independent
            re-derivation graded this step a proof gap.""",
    )


@claim(
    "im.reduced-training.students",
    title="Suite: on the teacher-student MLPs, W+ training at sparsity 0.47 ends at 2-5x the full-training loss",
    source=src("§3.1 eq. 18-19; §3.3 step 6"),
    kind=Kind.EMPIRICAL,
    statement="""On the suite's tanh and ReLU students (97 parameters), 2,000 GD steps inside W+ of dimension round(0.53 d)
        from the 10-step W* end at between 2 and 5 times the loss of 2,000 steps in all coordinates, and no lower than
        a random subspace of the same dimension on the tanh student.""",
    decision_rule="""The runs of im.reduced-training.  Verified if the ratio W+ loss / full loss lies in the asserted range
        [2, 5] for both students and W+ does not beat the random subspace on the tanh student; refuted otherwise.""",
    recorded="verified",
    scope="document",
    origin="suite",
    mutants=[mutant("W+ is within 1.5x of full training on the students", ratio_range=(1.0, 1.5)),
             mutant("W+ beats a random subspace on the tanh student", beats_random=True)],
)
def _reduced_training_students(ctx: CheckContext, *, ratio_range: tuple[float, float] = (2.0, 5.0),
                               beats_random: bool = False) -> Verdict:
    measured = _reduced_training_runs(claim_seed("im.reduced-training"))
    ratios = _w_plus_ratios(measured)
    tanh = measured["tanh"][f"m={round((1 - PAPER_SPARSITY) * measured['tanh']['d'])}"]
    w_plus_wins = tanh["W+ (top of -H)"] < tanh["random subspace"]
    in_range = all(ratio_range[0] <= r <= ratio_range[1] for r in ratios.values())
    holds = in_range and w_plus_wins == beats_random
    rounded = {a: round(r, 2) for a, r in ratios.items()}
    return Verdict.from_check(
        holds, checked=ratios, counterexample={"W+ loss / full loss": rounded, "tanh, m at 0.47": tanh},
        claimed=f"W+ / full in [{mt.num(ratio_range[0])}, {mt.num(ratio_range[1])}]; W+ "
                f"{'beats' if beats_random else 'does not beat'} random (tanh)",
        measured={"W+ loss / full loss": rounded, "tanh at the paper's sparsity": tanh},
        finding="" if holds else f"W+ / full = {mt.pairs(rounded)}; tanh W+ {tanh['W+ (top of -H)']:.2e} vs random "
                                 f"{tanh['random subspace']:.2e}",
        notes="Scope 'document' here means the suite's own task at its own scale.")
