"""Checks of the Lipschitz premise of inertial-manifold-lth-paper.md: whether the gradient of the
paper's losses is globally Lipschitz at all (the premise of §2.2 Lemma 1 and of §3.1 Theorem 5,
eq. 12), and the derivation of the constant K in §3.2 eq. 20-22 step by step (the mean value step,
the quadratic bound of eq. 21, the inequality chain to eq. 22, and K as the constant Theorem 5 needs).

Everything is computed on small explicit networks with two weights (a, b) and one input x = 1, a
hidden unit with weight b and an output weight a: the loss as a sympy expression, its gradient,
Hessian and third-derivative tensor exactly, evaluated with lambdify.  The measurements are memoised
(theorems.measure), so the variants rerun only the decisions.  im.lipschitz.magnitude and
im.lipschitz.estimator (theorems/im/claims.py) decide what K is on trained students and whether the
eq. 23 recipe estimates it; the claims here decide whether eq. 20-22 and the premise are sound.
"""
from __future__ import annotations

import functools
import itertools

import numpy as np
import sympy as sp

from .. import mathtext as mt
from ..context import CheckContext
from ..measure import measurement
from ..registry import claim, control, mutant
from ..verdict import Kind, Source, Verdict

DOC = "inertial-manifold-lth-paper.md"
src = Source.factory(DOC)

_A, _B = sp.symbols("a b", real=True)
_T = sp.symbols("t", positive=True)
_WEIGHTS = (_A, _B)


@functools.cache
def _networks() -> dict[str, dict]:
    """Two-weight networks f(x) = a·σ(b x) at x = 1 with the paper's kinds of loss.  ``ray`` is a path
    W(t) to infinity and ``direction`` a unit vector v along which the curvature vᵀH(W(t))v is read;
    ``star`` is an exact minimum (∇L = 0 there), where one exists, for eq. 15's expansion."""
    relu = sp.Max(0, _B)
    return {
        "linear, squared error": {"loss": (_A * _B - 1) ** 2 / 2, "ray": {_A: _T, _B: 1}, "direction": (0, 1),
                                  "star": (1.0, 1.0)},
        "ReLU, squared error": {"loss": (_A * relu - 1) ** 2 / 2, "ray": {_A: _T, _B: 1}, "direction": (0, 1),
                                "star": None},
        "tanh, squared error": {"loss": (_A * sp.tanh(_B) - sp.tanh(1)) ** 2 / 2, "ray": {_A: _T, _B: 0},
                                "direction": (0, 1), "star": (1.0, 1.0)},
        "tanh, cross-entropy": {"loss": sp.log(1 + sp.exp(-_A * sp.tanh(_B))), "ray": {_A: _T, _B: 0},
                                "direction": (0, 1), "star": None},
    }


@functools.cache
def _derivatives(name: str) -> dict:
    """Exact gradient, Hessian and third-derivative tensor of one network's loss, and numpy versions."""
    loss = _networks()[name]["loss"]
    grad = sp.Matrix([loss.diff(w) for w in _WEIGHTS])
    hess = sp.hessian(loss, _WEIGHTS)
    third = [[[loss.diff(wi, wj, wk) for wk in _WEIGHTS] for wj in _WEIGHTS] for wi in _WEIGHTS]
    return {"grad": grad, "hessian": hess,
            "grad_np": sp.lambdify(_WEIGHTS, list(grad), "numpy"),
            "hessian_np": sp.lambdify(_WEIGHTS, hess.tolist(), "numpy"),
            "third_np": sp.lambdify(_WEIGHTS, third, "numpy")}


def _grad(name: str, w: np.ndarray) -> np.ndarray:
    return np.array(_derivatives(name)["grad_np"](*w), dtype=float)


def _hessian(name: str, w: np.ndarray) -> np.ndarray:
    return np.array(_derivatives(name)["hessian_np"](*w), dtype=float)


def _remainder(name: str, star: np.ndarray, u: np.ndarray) -> np.ndarray:
    """F(U) = -(∇L(W* + U) - H(W*) U), eq. 15 as §3.3 step 2 writes it."""
    return -(_grad(name, star + u) - _hessian(name, star) @ u)


_SIGNS = [np.array(s, dtype=float) for s in itertools.product((-1.0, 1.0), repeat=2)]


def _tensor_norms(name: str, v: np.ndarray) -> tuple[float, float]:
    """Two norms of ∇H(V): the operator norm from (l_∞ × l_∞) to l_2, max ‖∇H(V)[z, δ]‖₂ over ‖z‖_∞, ‖δ‖_∞ ≤ 1
    (a bilinear map takes it at sign vectors), the norm under which eq. 21's Hölder step holds; and the largest
    entry |∂³L/∂w_i∂w_j∂w_k|, a norm under which it does not."""
    third = np.array(_derivatives(name)["third_np"](*v), dtype=float)
    operator = max(float(np.linalg.norm(np.einsum("ijk,j,k->i", third, z, d))) for z in _SIGNS for d in _SIGNS)
    return operator, float(np.abs(third).max())


# --------------------------------------------------------------------------- §2.2 Lemma 1, §3.1 Theorem 5: the premise

RAY_POINTS = (10.0, 100.0, 1000.0)
SECANT_STEP = 1e-3


@measurement
def _premise_measurement(ctx: CheckContext) -> list[dict]:
    """Per network: the exact curvature q(t) = vᵀH(W(t))v along its ray, its growth exponent, and secant ratios
    ‖∇L(W(t) + h v) - ∇L(W(t))‖₂ / h at t = 10, 100, 1000 (h = 1e-3): lower bounds on any Lipschitz constant of ∇L."""
    rows = []
    for name, net in _networks().items():
        d = _derivatives(name)
        v = sp.Matrix(net["direction"])
        curvature = sp.simplify((v.T * d["hessian"].subs(net["ray"]) * v)[0])
        exponent = sp.limit(sp.log(sp.Abs(curvature)) / sp.log(_T), _T, sp.oo)
        vn = np.array(net["direction"], dtype=float)
        secants = {}
        for t in RAY_POINTS:
            w = np.array([float(net["ray"][w_].subs(_T, t)) if isinstance(net["ray"][w_], sp.Basic)
                          else float(net["ray"][w_]) for w_ in _WEIGHTS])
            secants[f"t={t:g}"] = float(np.linalg.norm(_grad(name, w + SECANT_STEP * vn) - _grad(name, w)) / SECANT_STEP)
        rows.append({"network": name, "loss": net["loss"],
                     "ray": ", ".join(f"{w_} = {net['ray'][w_]}" for w_ in _WEIGHTS),
                     "curvature along the ray": curvature, "growth exponent": exponent,
                     "secant ratios": mt.rounded(secants, 4)})
    return rows


@claim(
    "im.lipschitz.global-premise",
    uses=("im.gap-theorem",),
    title="§2.2 Lemma 1, §3.1 thm. 5: the gradient of a network loss is globally Lipschitz",
    source=src("§2.2 Definition 1 and Lemma 1; §3.1 Theorem 5 eq. 12, applied to eq. 7 and eq. 15"),
    kind=Kind.SYMBOLIC,
    statement="""The theory rests on a globally Lipschitz right-hand side: Lemma 1 (unique global solutions) and
        Theorem 5 (eq. 12: one K for every pair x, y of the whole space) are applied to the gradient system W' = -∇L(W)
        and to its remainder F of eq. 15, which differs from -∇L by the fixed linear map H(W*)U, so ∇L of the networks
        the paper prunes must be globally Lipschitz.  The paper never shows this.""",
    decision_rule="""Four two-weight networks f(x) = a·σ(b x) at x = 1: linear and ReLU with squared error, tanh with
        squared error and with logistic cross-entropy.  For each, along a ray W(t) (a = t, b fixed) the curvature
        q(t) = vᵀH(W(t))v in a fixed unit direction v is computed exactly (sympy); any Lipschitz constant of ∇L on a
        set is at least |vᵀH v| at its interior points.  The claim asserts that the Lipschitz ratio grows at most like
        t^e along every ray, e = 0 for a global constant.  Refuted if for some network the limit of |q(t)|/t^e as t → ∞
        is infinite; verified if it is finite for all four.  Secant ratios at t = 10, 100, 1000 are reported as a
        numerical cross-check.""",
    recorded="refuted",
    severity="proof-gap",
    reading="""∇L (hence F) of the pruned networks is globally Lipschitz on the whole weight space, so Lemma 1 and
        Theorem 5 apply to eq. 7 and eq. 15 as stated.""",
    charitable_reading="""The premise is meant for the networks and losses the paper uses (cross-entropy on ReLU/tanh
        networks, §4), not for arbitrary ones.  It fails for them too: already a two-weight slice of such a network
        has curvature growing like t^2 along a ray, and the Hessian of a deeper network restricted to such a slice
        (all other weights zero) is a principal block of the full Hessian, so its norm grows at least as fast.""",
    mutants=[mutant("the Lipschitz ratio grows at most linearly (e = 1)", growth_exponent=1.0),
             control("the Lipschitz ratio grows at most quadratically (e = 2), what the networks give",
                     growth_exponent=2.0)],
)
def _global_premise(ctx: CheckContext, *, growth_exponent: float = 0.0) -> Verdict:
    rows = _premise_measurement(ctx)
    limits = {r["network"]: sp.limit(sp.Abs(r["curvature along the ray"]) / _T ** sp.nsimplify(growth_exponent),
                                     _T, sp.oo) for r in rows}
    found = [dict(r, **{f"limit of |q(t)|/t^{mt.num(growth_exponent)}": limits[r["network"]]})
             for r in rows if limits[r["network"]] == sp.oo]
    bound = "stays bounded (one global constant)" if growth_exponent == 0 else \
        f"grows at most like t^{mt.num(growth_exponent)}"
    return Verdict.from_counterexamples(
        found, checked=rows,
        claimed=f"the Lipschitz ratio of ∇L {bound} along every ray W(t)",
        measured={r["network"]: {"loss": r["loss"], "ray": r["ray"], "curvature q(t)": r["curvature along the ray"],
                                 "growth exponent": r["growth exponent"], "secant ratios": r["secant ratios"],
                                 f"limit of |q(t)|/t^{mt.num(growth_exponent)}": limits[r["network"]]} for r in rows},
        finding=("the curvature of ∇L grows without bound along a ray for "
                 + ", ".join(f"{r['network']} ({mt.math(r['curvature along the ray'])})" for r in found)
                 + ", so no global Lipschitz constant exists") if found else "",
        decision_detail="limits of |q(t)|/t^e: " + mt.pairs({k: mt.math(v) for k, v in limits.items()}),
        notes="""F(U1) - F(U2) = -(∇L(W* + U1) - ∇L(W* + U2)) + H(W*)(U1 - U2), so F is globally Lipschitz exactly when
            ∇L is; with squared error even the linear two-weight network has ∇L cubic in the weights.  Whether the
            conclusion survives: on a bounded set every C2 gradient is Lipschitz, so a local version of Theorem 5 (F cut
            off outside a ball, the manifold invariant only while trajectories stay inside) is available from the
            standard theory, but the paper neither restricts to a bounded set nor shows that gradient descent stays in
            one; the cross-entropy network has no finite minimum at all on separable data (its loss decreases along
            the ray).  im.lipschitz.box-constant checks the box constant of eq. 22 against Theorem 5's eq. 12.""",
    )


# --------------------------------------------------------------------------- §3.2 eq. 20-22 on the box ‖U‖_∞ ≤ B

BOXES = (0.01, 0.1, 1.0)
GRID = 21
PAIR_GRID = 11
PAIR_STEP = 1e-4  # times B: near pairs, where the ratio approaches ‖DF(U)‖
FAR_PAIRS = 200
BOXED_NETWORKS = ("linear, squared error", "tanh, squared error")


@measurement
def _box_measurement(ctx: CheckContext) -> list[dict]:
    """Per network with an exact minimum W* and per box B: the sup over a 21x21 grid of the box (and the value at W*)
    of the two norms of ∇H; pairs (U1, U2) in the box (near pairs from an 11x11 grid in 8 directions, and 200 random
    pairs) with ‖ΔF‖₂, ‖ΔU‖₂, ‖ΔU‖_∞; and pairs outside the box on the network's ray (premise measurement)."""
    rng = ctx.rng()
    rows = []
    angles = np.arange(8) * np.pi / 4
    directions = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    for name in BOXED_NETWORKS:
        net = _networks()[name]
        star = np.array(net["star"])
        assert np.allclose(_grad(name, star), 0.0), f"{name}: W* is not a critical point"
        for box in BOXES:
            grid = np.linspace(-box, box, GRID)
            norms = np.array([_tensor_norms(name, star + np.array([u, w])) for u in grid for w in grid])
            near = [(u1, np.clip(u1 - PAIR_STEP * box * e, -box, box))
                    for u1 in (np.array([u, w]) for u in np.linspace(-box, box, PAIR_GRID)
                               for w in np.linspace(-box, box, PAIR_GRID)) for e in directions]
            far = [(rng.uniform(-box, box, 2), rng.uniform(-box, box, 2)) for _ in range(FAR_PAIRS)]
            pairs = [(u1, u2) for u1, u2 in near + far if np.any(u1 != u2)]
            d_f = np.array([np.linalg.norm(_remainder(name, star, u1) - _remainder(name, star, u2)) for u1, u2 in pairs])
            d_u = np.array([u1 - u2 for u1, u2 in pairs])
            outside = []
            vn = np.array(net["direction"], dtype=float)
            for t in RAY_POINTS:
                w1 = np.array([float(net["ray"][w_].subs(_T, t)) if isinstance(net["ray"][w_], sp.Basic)
                               else float(net["ray"][w_]) for w_ in _WEIGHTS])
                u1, u2 = w1 - star, w1 - star + SECANT_STEP * vn
                ratio = np.linalg.norm(_remainder(name, star, u1) - _remainder(name, star, u2)) / SECANT_STEP
                outside.append({"U1": _vec(u1), "U2": _vec(u2),
                                "ratio": float(ratio)})
            rows.append({"network": name, "box": box,
                         "sup operator norm of ∇H": float(norms[:, 0].max()),
                         "operator norm of ∇H at W*": float(_tensor_norms(name, star)[0]),
                         "sup largest entry of ∇H": float(norms[:, 1].max()),
                         "largest entry of ∇H at W*": float(_tensor_norms(name, star)[1]),
                         "pairs": pairs, "ΔF 2-norm": d_f, "ΔU 2-norm": np.linalg.norm(d_u, axis=1),
                         "ΔU sup-norm": np.abs(d_u).max(axis=1), "pairs outside the box": outside})
    return rows


def _vec(u) -> str:
    return "(" + ", ".join(mt.num(float(x), 6) for x in u) + ")"


def _pair_text(pair) -> str:
    u1, u2 = pair
    return f"U1 = {_vec(u1)}, U2 = {_vec(u2)}"


@claim(
    "im.lipschitz.quadratic-bound",
    uses=("im.lipschitz.mean-value",),
    title="§3.2 eq. 20 line 3, eq. 21: ‖F(U1) - F(U2)‖_p ≤ ‖∇H(V)‖_p ‖U1 - U2‖_∞^2",
    source=src("§3.2 eq. 20 (line 3) and eq. 21"),
    kind=Kind.EXACT,
    statement="""A second mean value step turns the Hessian difference of eq. 20 into the third derivative at a point
        V of the segment between U1 and U2 applied twice to U1 - U2, and Hölder's inequality then bounds the p-norm of
        F(U1) - F(U2) by the norm of ∇H(V) times the square of the sup-norm of U1 - U2 (eq. 21).""",
    decision_rule="""The linear and tanh two-weight networks with squared error at their exact minimum W* = (1, 1),
        boxes B = 0.01, 0.1, 1 (the paper states no B).  ‖∇H‖_p is read as the operator norm from l_∞ × l_∞ to l_2
        (p = 2, the paper's choice), the norm under which the Hölder step holds, and ‖∇H(V)‖ is replaced by its largest
        value M over a 21x21 grid of the box, so no choice of V on the segment could give more.  On 1168 pairs per
        box (near pairs on an 11x11 grid in 8 directions, 200 random pairs): refuted if some pair has ‖F(U1) - F(U2)‖₂
        above the asserted bound (M ‖U1 - U2‖_∞^2), verified if none has.""",
    recorded="refuted",
    severity="proof-gap",
    reading="""There is θ2 in [0, 1] with [H(ξ) - H(W*)](U1 - U2) = ∇H(V)[U1 - U2, U1 - U2] at V = W* + U1 + θ2(U2 - U1),
        hence eq. 21 with that V.""",
    charitable_reading="""The '=' of line 3 is only meant as the bound it feeds into eq. 21, with the largest ‖∇H‖ over
        the box in place of the one V.  It fails too: F(U1) - F(U2) is of first order in U1 - U2 where U1 ≠ 0 (the
        Hessian difference is of the size of the displacement U1 + θ1(U2 - U1) from W*, not of U1 - U2), while the
        right side of eq. 21 is of second order, so near pairs away from W* violate it for every V.""",
    mutants=[mutant("eq. 21 with the cube of the sup-norm", bound=lambda m, box, sup: m * sup ** 3),
             mutant("half the corrected bound: (B/2)·M·‖U1 - U2‖_∞", bound=lambda m, box, sup: m * box / 2 * sup),
             control("the corrected bound, displacement ‖U1 + θ1(U2 - U1)‖_∞ ≤ B in place of one factor ‖U1 - U2‖_∞: "
                     "B·M·‖U1 - U2‖_∞", bound=lambda m, box, sup: m * box * sup)],
    variants_note="""The check reads the asserted bound as a function of M (the largest ‖∇H‖ over the box), B and
        ‖U1 - U2‖_∞; the control is the bound the correct second mean value step gives.""",
)
def _quadratic_bound(ctx: CheckContext, *, bound=lambda m, box, sup: m * sup ** 2) -> Verdict:
    rows = _box_measurement(ctx)
    found, worst, checked = [], {}, 0
    for r in rows:
        m = r["sup operator norm of ∇H"]
        allowed = np.array([bound(m, r["box"], s) for s in r["ΔU sup-norm"]])
        excess = r["ΔF 2-norm"] / allowed
        checked += len(excess)
        if not len(excess):
            continue
        i = int(np.argmax(excess))
        key = f"{r['network']}, B={mt.num(r['box'])}"
        worst[key] = float(excess[i])
        if excess[i] > 1 + 1e-9:
            u1, u2 = r["pairs"][i]
            found.append({"network": r["network"], "box": r["box"], "pair": f"U1 = {_vec(u1)}, U1 - U2 = {_vec(u1 - u2)}",
                          "‖U1 - U2‖_∞": mt.num(r["ΔU sup-norm"][i], 4),
                          "‖F(U1) - F(U2)‖₂": mt.num(r["ΔF 2-norm"][i], 4),
                          "asserted bound": mt.num(allowed[i], 4), "M (sup of ‖∇H‖ on the box)": mt.num(m, 4)})
    if not checked:
        found = []
    return Verdict.from_counterexamples(
        found, checked=checked,
        claimed="‖F(U1) - F(U2)‖₂ ≤ the asserted bound in M = sup‖∇H‖, B and ‖U1 - U2‖_∞, for all U1, U2 in the box",
        measured={"largest ‖ΔF‖₂ / bound by network and box": mt.rounded(worst, 4),
                  "M by network and box": {f"{r['network']}, B={mt.num(r['box'])}": mt.num(r["sup operator norm of ∇H"], 4)
                                           for r in rows}},
        finding=(f"{found[0]['network']}, B = {mt.num(found[0]['box'])}: at {found[0]['pair']} the difference "
                 f"‖F(U1) - F(U2)‖₂ = {found[0]['‖F(U1) - F(U2)‖₂']} exceeds the bound {found[0]['asserted bound']} even "
                 "with the largest ‖∇H‖ over the box; the bound must be first order in U1 - U2 (B·M·‖U1 - U2‖_∞)"
                 ) if found else "",
        decision_detail=f"{len(found)} of {len(rows)} (network, box) cells have a violating pair; largest ratio "
                        f"‖ΔF‖₂/bound {mt.num(max(worst.values()), 3) if worst else 'none'}",
        notes="""The line 3 step applies the mean value theorem to H between W* and ξ = W* + U1 + θ1(U2 - U1); the
            displacement is then U1 + θ1(U2 - U1), of sup-norm at most B, not U1 - U2, and the point lies between W* and
            ξ, not on the segment from U1 to U2.  Whether the conclusion survives: with the displacement bounded by B
            the corrected bound is B·sup‖∇H‖·‖U1 - U2‖_∞ (the control, verified here), which is below eq. 22's
            2B·sup‖∇H‖·‖U1 - U2‖_p, so eq. 22 holds with the supremum although eq. 21 does not.""",
    )


CHAIN_DIMS = (1, 2, 3)
CHAIN_PS = (1.0, 2.0, 3.0, np.inf)
CHAIN_BOXES = (0.1, 1.0)


@measurement
def _chain_measurement(ctx: CheckContext) -> list[dict]:
    """Every difference U1 - U2 of two points of the grid {-B, -B/2, 0, B/2, B}^d (d = 1, 2, 3), nonzero ones only.
    A convex function of the difference takes its maximum over the box at these vertices."""
    rows = []
    for d in CHAIN_DIMS:
        for box in CHAIN_BOXES:
            points = np.array(list(itertools.product(np.linspace(-box, box, 5), repeat=d)))
            deltas = (points[:, None, :] - points[None, :, :]).reshape(-1, d)
            deltas = deltas[np.abs(deltas).max(axis=1) > 0]
            rows.append({"dimension": d, "box": box, "differences": deltas})
    return rows


@claim(
    "im.lipschitz.chain",
    uses=("im.lipschitz.quadratic-bound",),
    title="§3.2 eq. 21 → eq. 22: ‖U1 - U2‖_∞^2 ≤ 2B‖U1 - U2‖_p on the box",
    source=src("§3.2 eq. 22 and the sentence before it"),
    kind=Kind.EXACT,
    statement="""From eq. 21 to eq. 22: on the box ‖U‖_∞ ≤ B the difference U1 - U2 has sup-norm at most 2B, and the
        sup-norm never exceeds a p-norm, so the squared sup-norm of eq. 21 is at most 2B times the p-norm, for every
        1 ≤ p ≤ ∞, with the same ∇H(V) factor on both sides.""",
    decision_rule="""Every nonzero difference of two points of {-B, -B/2, 0, B/2, B}^d, d = 1, 2, 3, B = 0.1 and 1, for
        p = 1, 2, 3, ∞.  The asserted step holds if factor·B·‖U1 - U2‖_p ≥ ‖U1 - U2‖_∞^2 for every difference (the
        paper: factor 2, the p-norm); verified if the smallest ratio of the two is at least 1 (relative tolerance
        1e-12), refuted otherwise.  The smallest ratio is reported: 1 means the factor 2B cannot be lowered.""",
    recorded="verified",
    mutants=[mutant("‖U1 - U2‖_∞ ≤ B on the box (factor 1)", factor=1.0),
             mutant("the norm comparison reversed: a p-norm scaled to lie below the sup-norm, ‖x‖_p / d^(1/p)",
                    norm=lambda x, p: np.linalg.norm(x, ord=p, axis=1) / x.shape[1] ** (0 if np.isinf(p) else 1 / p))],
)
def _chain(ctx: CheckContext, *, factor: float = 2.0,
           norm=lambda x, p: np.linalg.norm(x, ord=p, axis=1)) -> Verdict:
    rows = _chain_measurement(ctx)
    smallest, found, checked = {}, [], 0
    for r in rows:
        x = r["differences"]
        checked += len(x) * len(CHAIN_PS)
        if not len(x):
            continue
        sup = np.abs(x).max(axis=1)
        for p in CHAIN_PS:
            ratio = factor * r["box"] * norm(x, p) / sup ** 2
            i = int(np.argmin(ratio))
            smallest[f"d={r['dimension']}, B={mt.num(r['box'])}, p={mt.num(p)}"] = float(ratio[i])
            if ratio[i] < 1 - 1e-12:
                found.append({"dimension": r["dimension"], "box": r["box"], "p": mt.num(p),
                              "U1 - U2": mt.show(mt.rounded(x[i].tolist(), 6)), "ratio": mt.num(ratio[i], 4)})
    return Verdict.from_counterexamples(
        found, checked=checked,
        claimed=f"‖U1 - U2‖_∞^2 ≤ {mt.num(factor)}B‖U1 - U2‖_p for U1, U2 in the box",
        measured={"smallest ratio factor·B·‖ΔU‖_p / ‖ΔU‖_∞^2": mt.rounded(smallest, 6)},
        finding=(f"at d = {found[0]['dimension']}, B = {mt.num(found[0]['box'])}, p = {found[0]['p']} the difference "
                 f"{found[0]['U1 - U2']} gives ratio {found[0]['ratio']} below 1") if found else "",
        decision_detail=f"smallest ratio over all cells {mt.num(min(smallest.values()), 6) if smallest else 'none'}",
        notes="""The step is sound: ‖U1 - U2‖_∞ ≤ ‖U1‖_∞ + ‖U2‖_∞ ≤ 2B, and max_i |x_i| ≤ (Σ|x_i|^p)^(1/p); both are tight
            (U1 = -U2 = B·e_1), so the smallest ratio is exactly 1.  The chain is valid from eq. 21 on; eq. 21 itself is
            refuted (im.lipschitz.quadratic-bound), so eq. 22 is not established by it, though it holds with the
            supremum of ‖∇H‖ over the box by the corrected bound.""",
    )


@claim(
    "im.lipschitz.box-constant",
    uses=("im.lipschitz.chain", "im.lipschitz.global-premise", "im.gap-theorem"),
    title="§3.2 after eq. 22: K = 2B‖∇H(V)‖_p is the Lipschitz constant of F for Theorem 5",
    source=src("§3.2, the two sentences after eq. 22; §3.3 step 4; §3.1 Theorem 5 eq. 12"),
    kind=Kind.EXACT,
    statement="""From eq. 22 the paper concludes that F is Lipschitz in l_p with constant K = 2B‖∇H(V)‖_p, V the point of
        eq. 20 between U1 and U2, that only ‖∇H(V)‖_p needs estimating since 2B is fixed, and it uses this K in the
        gap condition of Theorem 5, whose eq. 12 asks for one K valid for all pairs of the whole space.""",
    decision_rule="""The linear and tanh two-weight networks with squared error at their exact minimum W* = (1, 1),
        boxes B = 0.01, 0.1, 1.  The candidate constant is K(B) = factor·B·N with N the norm of ∇H (operator norm from
        l_∞ × l_∞ to l_2, or the largest entry) taken at the asserted point: its largest value over a 21x21 grid of
        the box (the supremum, the only reading in which K does not depend on U1, U2) or at W*.  The asserted domain is the
        whole space (Theorem 5's eq. 12) or the box.  Pairs: 1168 per box inside it, and pairs (W(t), W(t) + 1e-3·v)
        on the network's ray at t = 10, 100, 1000 outside it.  Refuted if some network and box have a pair in the
        asserted domain whose ratio ‖F(U1) - F(U2)‖₂/‖U1 - U2‖₂ exceeds K(B); verified if none has.""",
    recorded="refuted",
    severity="proof-gap",
    reading="""K = 2B‖∇H(V)‖_p with V = W* + U1 + θ2(U2 - U1) is the constant K of Theorem 5 (eq. 12, all x, y).""",
    charitable_reading="""V is replaced by the worst point of the box, K = 2B·sup‖∇H‖_p, which makes K a constant, and
        Theorem 5 is applied with it as printed.  That K is a valid Lipschitz constant on the box (the control), but
        Theorem 5's eq. 12 needs one K for every pair of the space, and for every B pairs outside the box exceed it,
        since F is not globally Lipschitz (im.lipschitz.global-premise); the paper gives no cut-off or invariance
        argument that confines the dynamics to the box.""",
    mutants=[mutant("on the box, with ‖∇H‖ read as its largest entry", domain="box", tensor_norm="largest entry"),
             mutant("on the box, with ∇H taken at W* only (one fixed V)", domain="box", point="W*"),
             control("on the box, with the supremum of the operator norm over the box", domain="box")],
)
def _box_constant(ctx: CheckContext, *, domain: str = "space", point: str = "sup", tensor_norm: str = "operator",
                  factor: float = 2.0) -> Verdict:
    rows = _box_measurement(ctx)
    column = {("sup", "operator"): "sup operator norm of ∇H", ("W*", "operator"): "operator norm of ∇H at W*",
              ("sup", "largest entry"): "sup largest entry of ∇H",
              ("W*", "largest entry"): "largest entry of ∇H at W*"}[(point, tensor_norm)]
    found, table, checked = [], {}, 0
    for r in rows:
        k = factor * r["box"] * r[column]
        ratios = r["ΔF 2-norm"] / r["ΔU 2-norm"]
        checked += len(ratios)
        if not len(ratios):
            continue
        i = int(np.argmax(ratios))
        cell = {"K": mt.num(k, 4), "largest ratio in the box": mt.num(ratios[i], 4)}
        candidates = [(float(ratios[i]), _pair_text(r["pairs"][i]), "in the box")]
        if domain == "space":
            checked += len(r["pairs outside the box"])
            out = max(r["pairs outside the box"], key=lambda o: o["ratio"])
            cell["largest ratio outside the box"] = mt.num(out["ratio"], 4)
            candidates.append((out["ratio"], f"U1 = {out['U1']}, U2 = {out['U2']}", "outside the box"))
        table[f"{r['network']}, B={mt.num(r['box'])}"] = cell
        ratio, pair, where = max(candidates)
        if ratio > k * (1 + 1e-9):
            found.append({"network": r["network"], "box": r["box"], "pair": pair, "where": where,
                          "ratio": mt.num(ratio, 4), "K": mt.num(k, 4)})
    bad_cells = {f"{f['network']}, B={mt.num(f['box'])}" for f in found}
    return Verdict.from_counterexamples(
        found, checked=checked,
        claimed=f"K = {mt.num(factor)}B·‖∇H‖ ({tensor_norm} norm, at the {point}) bounds ‖F(U1) - F(U2)‖₂/‖U1 - U2‖₂ "
                f"for all U1, U2 {'in the space' if domain == 'space' else 'in the box'}",
        measured={"K and the largest ratios by network and box": table},
        finding=(f"{found[0]['network']}, B = {mt.num(found[0]['box'])}: the pair {found[0]['pair']} ({found[0]['where']}) "
                 f"has ratio {found[0]['ratio']} above K = {found[0]['K']}"
                 + ("; so for every box tried a pair exceeds the box constant, which is a local constant only"
                    if domain == "space" and len(bad_cells) == len(table) else "")) if found else "",
        decision_detail=f"{len(bad_cells)} of {len(table)} (network, box) cells have a pair above K",
        notes="""K can only be a constant once V, which depends on the pair U1, U2, is replaced by its worst case over
            the box; on the box that reading is valid with room to spare (the true constant is at most B·sup‖∇H‖, see
            im.lipschitz.quadratic-bound), while ∇H at the single point W* falls short at B = 1 for the tanh network.
            Whether the conclusion survives: Theorem 5 can be applied to a cut-off F that agrees with F on the box and
            is globally Lipschitz with a comparable constant; the manifold so obtained is invariant only for
            trajectories that stay in the box, so 'all local minima lie on M_W' (§3.1) would hold only for minima in
            the box.  The paper gives neither the cut-off nor B.""",
    )


# --------------------------------------------------------------------------- §3.2 eq. 20 lines 1-2: the mean value step

THETA_GRID = tuple(np.linspace(0.0, 1.0, 401).tolist())  # a tuple: module globals are compared with ==


@functools.cache
def _rotating_gradient() -> dict:
    """A smooth loss whose gradient turns a full circle along a segment: L(x, y) = sin(2πx)/(2π) + y·sin(2πx), with
    ∇L(x, 0) = (cos 2πx, sin 2πx).  From W2 = (0, 0) to W1 = (1, 0) the gradient difference is 0 while H(x, 0)e_1 has
    norm 2π everywhere: no single θ1 gives eq. 20 line 2.  Exact (sympy)."""
    x, y, th = sp.symbols("x y theta", real=True)
    loss = sp.sin(2 * sp.pi * x) / (2 * sp.pi) + y * sp.sin(2 * sp.pi * x)
    grad = sp.Matrix([loss.diff(x), loss.diff(y)])
    hess = sp.hessian(loss, (x, y))
    w1, w2 = {x: 1, y: 0}, {x: 0, y: 0}
    diff = grad.subs(w1) - grad.subs(w2)
    along = hess.subs({x: 1 - th, y: 0}) * sp.Matrix([1, 0])  # W1 + θ(W2 - W1)
    residual = sp.simplify(sum(c ** 2 for c in (diff - along)))
    return {"loss": loss, "gradient difference": diff, "squared residual for one θ1": residual,
            "grad_np": sp.lambdify((x, y), list(grad), "numpy"), "hessian_np": sp.lambdify((x, y), hess.tolist(), "numpy")}


@measurement
def _mean_value_measurement(ctx: CheckContext) -> list[dict]:
    """Cases (loss, W1, W2, W*): the rotating-gradient loss, and random pairs in the box of size 1 around W* = (1, 1)
    for the linear and tanh networks; per case the gradient difference and the Hessian along the segment
    (at W1 + θ(W2 - W1), θ on a 401-point grid) and at W*.  Also line 1's sign for the linear network (sympy)."""
    rng = ctx.rng()
    rot = _rotating_gradient()
    cases = []
    seg = lambda w1, w2: [w1 + th * (w2 - w1) for th in THETA_GRID]  # noqa: E731
    w1, w2 = np.array([1.0, 0.0]), np.array([0.0, 0.0])
    hess_rot = lambda w: np.array(rot["hessian_np"](*w), dtype=float)  # noqa: E731
    cases.append({"case": "rotating gradient, W1 = (1, 0), W2 = (0, 0)", "W1": w1, "W2": w2,
                  "gradient difference": np.array(rot["grad_np"](*w1), float) - np.array(rot["grad_np"](*w2), float),
                  "Hessians on the segment": np.array([hess_rot(w) for w in seg(w1, w2)]),
                  "Hessian at W*": hess_rot(np.array([0.5, 0.3]))})
    for name in BOXED_NETWORKS:
        star = np.array(_networks()[name]["star"])
        for j in range(3):
            w1, w2 = star + rng.uniform(-1, 1, 2), star + rng.uniform(-1, 1, 2)
            cases.append({"case": f"{name}, pair {j + 1}", "W1": w1, "W2": w2,
                          "gradient difference": _grad(name, w1) - _grad(name, w2),
                          "Hessians on the segment": np.array([_hessian(name, w) for w in seg(w1, w2)]),
                          "Hessian at W*": _hessian(name, star)})
    loss = _networks()["linear, squared error"]["loss"]
    u1, u2 = sp.symbols("u1:3", real=True), sp.symbols("v1:3", real=True)
    grad = sp.Matrix([loss.diff(w) for w in _WEIGHTS])
    at = lambda u: {_A: 1 + u[0], _B: 1 + u[1]}  # noqa: E731
    h_star = sp.hessian(loss, _WEIGHTS).subs({_A: 1, _B: 1})
    f = lambda u: -(grad.subs(at(u), simultaneous=True) - h_star * sp.Matrix(u))  # noqa: E731
    printed = grad.subs(at(u1), simultaneous=True) - grad.subs(at(u2), simultaneous=True) - h_star * (sp.Matrix(u1) - sp.Matrix(u2))
    sign = sp.simplify((printed + (f(u1) - f(u2))).norm())
    return [{"cases": cases, "rotating gradient": {k: rot[k] for k in ("loss", "gradient difference",
                                                                        "squared residual for one θ1")},
             "line 1 as printed plus F(U1) - F(U2), linear network": sign}]


@claim(
    "im.lipschitz.mean-value",
    title="§3.2 eq. 20 lines 1-2: the mean value theorem puts the Hessian difference at one point between U1 and U2",
    source=src("§3.2 eq. 20 (lines 1-2) and the sentence before it"),
    kind=Kind.EXACT,
    statement="""By the mean value theorem the gradient difference ∇L(W* + U1) - ∇L(W* + U2) is the Hessian at a point
        W* + U1 + θ1(U2 - U1) of the segment applied to U1 - U2, so F(U1) - F(U2) is the difference of that Hessian and
        H(W*) applied to U1 - U2.""",
    decision_rule="""Ten cases: a smooth two-weight loss whose gradient turns a full circle along the segment, and three
        random pairs in the unit box around W* = (1, 1) for each of the linear and tanh networks.  Literal reading: one
        θ1 in [0, 1] serves every component (exact residual for the rotating case).  Charitable reading: each component
        of the gradient, a scalar function, has its own θ1, which is all that the norm bounds of eq. 21-22 use.  For
        the asserted point (the paper: W1 + θ(W2 - W1)) a component is satisfied if its residual
        ∇_iL(W1) - ∇_iL(W2) - [H(point(θ))(W1 - W2)]_i changes sign or vanishes on a 401-point θ grid (then a root
        exists, by the intermediate value theorem).  Refuted only if the charitable reading fails in some case;
        verified if every component of every case is satisfied.  The literal reading's outcome is reported.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("the Hessian frozen at the expansion point W*", point=lambda w1, w2, theta: None),
             mutant("the midpoint rule: θ1 = 1/2 for every pair", point=lambda w1, w2, theta: (w1 + w2) / 2)],
)
def _mean_value(ctx: CheckContext, *, point=lambda w1, w2, theta: w1 + theta * (w2 - w1)) -> Verdict:
    data = _mean_value_measurement(ctx)
    found, checked, literal = [], 0, {}
    for entry in data:
        for c in entry["cases"]:
            w1, w2, delta = c["W1"], c["W2"], c["W1"] - c["W2"]
            probe = point(w1, w2, 0.5)
            if probe is None:  # the Hessian at W*, the same for every θ
                hessians = np.repeat(c["Hessian at W*"][None], len(THETA_GRID), axis=0)
            elif np.allclose(point(w1, w2, 0.0), point(w1, w2, 1.0)):  # a fixed point: the Hessian at the nearest grid θ
                j = int(np.argmin([np.linalg.norm(w1 + th * (w2 - w1) - probe) for th in THETA_GRID]))
                hessians = np.repeat(c["Hessians on the segment"][j][None], len(THETA_GRID), axis=0)
            else:
                hessians = c["Hessians on the segment"]
            residual = c["gradient difference"][None, :] - hessians @ delta
            checked += residual.shape[1]
            tol = 1e-12 * max(1.0, float(np.abs(c["gradient difference"]).max()))
            for i in range(residual.shape[1]):
                r = residual[:, i]
                if not (r.min() <= tol and r.max() >= -tol):
                    found.append({"case": c["case"], "component": i + 1,
                                  "residual range over θ": f"{mt.num(r.min(), 4)} to {mt.num(r.max(), 4)}"})
            literal[c["case"]] = mt.num(float(np.linalg.norm(residual, axis=1).min()), 4)
    rot = data[0]["rotating gradient"] if data else {}
    return Verdict.from_counterexamples(
        found, checked=checked,
        claimed="for each component some θ in [0, 1] gives ∇L(W1) - ∇L(W2) = H(point(θ))(W1 - W2) in that component",
        measured={"rotating-gradient loss": rot,
                  "literal reading: smallest ‖residual‖ over one shared θ1, by case": literal,
                  "line 1 as printed plus F(U1) - F(U2), linear network": data[0]["line 1 as printed plus F(U1) - F(U2), "
                                                                                   "linear network"] if data else None},
        finding=f"{found[0]['case']}, component {found[0]['component']}: the residual never changes sign "
                f"({found[0]['residual range over θ']}), so no θ works" if found else "",
        decision_detail=f"{len(found)} of {checked} components fail the charitable reading",
        notes="""The literal reading fails: for the rotating-gradient loss the residual of one shared θ1 has squared
            norm 4π^2 for every θ1 (exactly), because a vector-valued map has no one-point mean value theorem; the
            valid forms are the integral of the Hessian along the segment, or one θ per component, and the paper only
            uses the identity inside norm bounds, where either serves with the supremum of ‖H‖ over the segment.
            (For the network pairs the shared-θ1 residual is a minimum over the θ grid, reported for comparison only.)
            Line 1 drops the leading minus of F (eq. 15, §3.3 step 2): as printed it equals -(F(U1) - F(U2)), which
            norms do not see.  Holds by construction: the charitable reading is the scalar mean value theorem.""",
    )
