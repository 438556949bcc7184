"""Checks of the formal steps of imp-renormalisation-group-thesis.md §5-§6: the index of the n-fold IMP operator
(§5 eq. 34), the signs of σ_i = log_c λ_i (§5.2, items 1-2 after eq. 37) and whether the projection operator of §6.1
eq. 42 ties the new activations to the old ones at all.

Everything is exact: a tiny deterministic IMP operator T = F ∘ M on rational weights (magnitude masking of the
smallest surviving weight, then one exact gradient step on a quadratic loss), sympy for the signs, and for eq. 42 a
network of sign units small enough that every old and new activation configuration is enumerated.
"""
from __future__ import annotations

import functools
import itertools
from fractions import Fraction

import sympy as sp

from .. import mathtext as mt
from ..context import CheckContext
from ..registry import claim, control, mutant
from ..verdict import Kind, Source, Verdict

DOC = "imp-renormalisation-group-thesis.md"
src = Source.factory(DOC)


# --------------------------------------------------------------------------- §5 eq. 33-34: the n-fold operator

#: Initial weights θ^(0) (distinct magnitudes, so magnitude pruning has no ties) and the refinement target.
THETA0 = tuple(Fraction(v, 10) for v in (7, -3, 12, 5, -9, 2, 15, -6))
TARGET = tuple(Fraction(v, 10) for v in (6, -4, 10, 7, -8, 1, 13, -5))
#: Numbers of applications n of the IMP operator.
APPLICATIONS = (1, 2, 3, 4, 5)


def _imp_operator(theta: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    """T = F ∘ M: M zeroes the smallest-magnitude surviving weight; F takes one gradient step of size 1/2 on
    L(θ) = Σ (θ - target)^2 / 2 over the surviving weights (pruned weights stay zero)."""
    alive = [i for i, v in enumerate(theta) if v != 0]
    drop = min(alive, key=lambda i: abs(theta[i]))
    masked = tuple(Fraction(0) if i == drop else v for i, v in enumerate(theta))
    return tuple(v if v == 0 else v - Fraction(1, 2) * (v - g) for v, g in zip(masked, TARGET))


def _loss(theta: tuple[Fraction, ...]) -> Fraction:
    return sum(((v - g) ** 2 for v, g in zip(theta, TARGET)), Fraction(0)) / 2


@functools.cache
def _imp_flow() -> dict:
    """The IMP flow as eq. 33 defines it (θ^(k+1) = T θ^(k) from θ^(0)), and T^n θ^(0) from n compositions of T."""
    flow = [THETA0]
    for _ in range(max(APPLICATIONS) + 1):
        flow.append(_imp_operator(flow[-1]))
    powers = {}
    for n in APPLICATIONS:
        theta = THETA0
        for _ in range(n):
            theta = _imp_operator(theta)
        powers[n] = theta
    return {"flow": tuple(flow), "powers": powers}


def _eq34_verdict(index, claimed: str) -> Verdict:
    data = _imp_flow()
    flow, found, table = data["flow"], [], {}
    for n, theta in data["powers"].items():
        k = index(n)
        match = [j for j, th in enumerate(flow) if th == theta]
        table[f"n = {n}"] = {"asserted index": k, "index of T^n θ^(0) in the flow": match[0],
                             "surviving weights of T^n θ^(0)": sum(v != 0 for v in theta),
                             f"surviving weights of θ^({k})": sum(v != 0 for v in flow[k]) if 0 <= k < len(flow) else "none",
                             "loss at T^n θ^(0)": mt.num(float(_loss(theta)), 4),
                             f"loss at θ^({k})": mt.num(float(_loss(flow[k])), 4) if 0 <= k < len(flow) else "none"}
        if not (0 <= k < len(flow)) or flow[k] != theta:
            found.append({"n": n, "asserted index": k, "true index": match[0]})
    return Verdict.from_counterexamples(
        found, checked=data["powers"], claimed=claimed, measured=table,
        finding=(f"n = {found[0]['n']}: T^n θ^(0) is θ^({found[0]['true index']}) of the flow eq. 33 defines "
                 f"(θ^(k+1) = T θ^(k)), not θ^({found[0]['asserted index']}); n applications of the IMP operator end "
                 f"at θ^(n)") if found else "",
    )


_EQ34_DECISION = f"""A deterministic IMP operator T = F ∘ M on 8 rational weights (M zeroes the smallest surviving
    weight, F takes one exact gradient step on a quadratic loss), exact arithmetic.  The flow θ^(0), θ^(1), ... is
    built as eq. 33 defines it (θ' = T θ), and T^n θ^(0) by n compositions of T, for n = {', '.join(map(str, APPLICATIONS))}.
    Verified if T^n θ^(0) equals θ^(asserted index) for every n; refuted otherwise (each round prunes one more
    weight, so the iterates are all distinct)."""


@claim(
    "imp.flow-eigen.eq34",
    title="§5 eq. 34: n applications of the IMP operator give the network θ^(n-1) = T^n θ^(0)",
    source=src("§5 eq. 33-34 and the sentence after eq. 34"),
    kind=Kind.EXACT,
    statement="""Iterating eq. 33 n times gives I^n L(a^(0), θ^(0)) = L(a^(n-1), T^n θ^(0)) = L(a^(n-1), θ^(n-1)), and
        the IMP flow is the path θ^(0) → θ^(1) → ... → θ^(n-1).""",
    decision_rule=_EQ34_DECISION,
    reading="""θ^(k) are the iterates of eq. 33 from the unpruned θ^(0), the argument of I^n in the same display, so
        the display asserts T^n θ^(0) = θ^(n-1).""",
    charitable_reading="""θ^(k) might label the network after k + 1 rounds (the first pruned network as θ^(0)), but the
        same display feeds θ^(0) to I^n as the network before any round, so that labelling contradicts it; and §5.2's
        own use, M_i(n + 1) = T M_i(n) = λ_i^(n+1) M_i(0) (eq. 36), labels the result of n rounds by n.  No labelling
        consistent with the display makes T^n θ^(0) = θ^(n-1); the intended statement is T^n θ^(0) = θ^(n), with
        activations a^(n) (imp.flow-eigen.eq34.corrected).""",
    recorded="refuted",
    severity="typo",
    correction="imp.flow-eigen.eq34.corrected",
    mutants=[mutant("two rounds behind: θ^(n-2)", index=lambda n: n - 2),
             control("the correction: T^n θ^(0) = θ^(n)", index=lambda n: n)],
)
def _eq34(ctx: CheckContext, *, index=lambda n: n - 1) -> Verdict:
    verdict = _eq34_verdict(index, "T^n θ^(0) = θ^(n-1)")
    verdict.notes = """An index off by one, printed three times in eq. 34 (a^(n-1), θ^(n-1) and the end of the path);
        eq. 36 indexes the iterates by the number of rounds, as the correction does, so no later step is affected."""
    return verdict


@claim(
    "imp.flow-eigen.eq34.corrected",
    title="§5 eq. 34, corrected: n applications of the IMP operator give θ^(n) = T^n θ^(0)",
    source=src("§5 eq. 33-34 (correction of the index)"),
    kind=Kind.EXACT,
    statement="""With θ^(k+1) = T θ^(k) (eq. 33), I^n L(a^(0), θ^(0)) = L(a^(n), T^n θ^(0)) = L(a^(n), θ^(n)), and the
        IMP flow after n rounds is θ^(0) → ... → θ^(n).""",
    decision_rule=_EQ34_DECISION,
    recorded="verified",
    by_construction=True,
    mutants=[mutant("eq. 34 as printed: θ^(n-1)", index=lambda n: n - 1),
             mutant("one round ahead: θ^(n+1)", index=lambda n: n + 1)],
)
def _eq34_corrected(ctx: CheckContext, *, index=lambda n: n) -> Verdict:
    return _eq34_verdict(index, "T^n θ^(0) = θ^(n)")


# --------------------------------------------------------------------------- §5.2 eq. 37: the sign of σ

#: Pruning rates x and eigenvalues λ of the exact grid (λ > 0: a ratio of positive shares, eq. 35-36).
RATES = tuple(sp.Rational(p, 100) for p in (1, 5, 10, 30, 50, 90))
EIGENVALUES = (sp.Rational(1, 2), sp.Rational(9, 10), sp.Rational(99, 100), sp.Integer(1), sp.Rational(101, 100),
               sp.Rational(11, 10), sp.Integer(2))


@claim(
    "imp.sigma-invariance.sign-rule",
    uses=("imp.flow-shares",),
    title="§5.2 after eq. 37: λ_i > 1 gives σ_i > 0 and λ_i < 1 gives σ_i < 0",
    source=src("§5.2 eq. 37 and items 1-2 after it"),
    kind=Kind.SYMBOLIC,
    statement="""With σ_i = log_c λ_i and c = 1/(1-x), x in (0, 1), relevant directions (λ_i > 1) have σ_i > 0 and
        irrelevant ones (λ_i < 1) have σ_i < 0.""",
    decision_rule="""sympy: with x = s/(1+s), s > 0 (all of (0, 1)), the sign of log c for the asserted c(x); then for
        λ = 1 + r and λ = 1/(1 + r), r > 0, the sign of σ = log λ/log c.  Exactly on a grid of x = 1%, 5%, 10%, 30%,
        50%, 90% and λ = 1/2, 9/10, 99/100, 1, 101/100, 11/10, 2: the sign of log_c λ.  Verified if every sign equals
        the asserted sign rule; refuted otherwise.""",
    recorded="verified",
    by_construction=True,
    mutants=[mutant("c = 1 - x (the surviving fraction, below 1)", c_of_x=lambda x: 1 - x),
             mutant("the signs reversed: λ > 1 gives σ < 0", sign_rule=lambda lam: sp.sign(1 - lam))],
)
def _sigma_signs(ctx: CheckContext, *, c_of_x=lambda x: 1 / (1 - x), sign_rule=lambda lam: sp.sign(lam - 1)) -> Verdict:
    s, r = sp.symbols("s r", positive=True)
    c = sp.simplify(c_of_x(s / (1 + s)))
    found, symbolic = [], {}
    for label, lam in (("λ = 1 + r", 1 + r), ("λ = 1/(1 + r)", 1 / (1 + r))):
        sigma = sp.expand_log(sp.log(lam), force=True) / sp.expand_log(sp.log(c), force=True)
        sign = 1 if sigma.is_positive else -1 if sigma.is_negative else None
        symbolic[label] = {"σ": sigma, "sign": sign if sign is not None else "undetermined"}
        want = int(sign_rule(lam.subs(r, 1)))
        if sign != want:
            found.append({"case": f"{label}, x in (0, 1)", "sign of σ": symbolic[label]["sign"], "asserted": want})
    grid = 0
    for x, lam in itertools.product(RATES, EIGENVALUES):
        grid += 1
        sigma = sp.log(lam) / sp.log(c_of_x(x))
        sign = int(sp.sign(sp.N(sigma, 30)))
        if sign != int(sign_rule(lam)):
            found.append({"case": f"x = {mt.num(float(x))}, λ = {lam}", "sign of σ": sign, "asserted": int(sign_rule(lam))})
    return Verdict.from_counterexamples(
        found, checked=grid,
        claimed="sign(σ) = the asserted sign rule of λ, with c = the asserted function of x",
        measured={"c with x = s/(1+s)": c, "symbolic σ and its sign": symbolic,
                  "grid points checked": grid, "grid points off the rule": len([f for f in found if "x =" in f["case"]])},
        finding=(f"{found[0]['case']}: σ has sign {found[0]['sign of σ']}, the rule gives {found[0]['asserted']}; "
                 f"with c = 1/(1-x) > 1, sign(σ) = sign(λ - 1)") if found else "",
        notes="""Holds by construction: c = 1/(1-x) > 1 for x in (0, 1), so log c > 0 and log_c λ has the sign of
            log λ, i.e. of λ - 1; λ = 1 gives σ = 0 (marginal), a case the two items do not list.""",
    )


# --------------------------------------------------------------------------- §6.1 eq. 42: does P couple a and a'?

#: A 2-2-1 network of sign units: hidden weights and biases, output weights and bias (rational, no ties in |θ|).
HIDDEN_W = ((Fraction(3, 2), Fraction(-1, 5)), (Fraction(-7, 10), Fraction(6, 5)))
HIDDEN_B = (Fraction(1, 10), Fraction(-3, 10))
OUTPUT_W = (Fraction(9, 10), Fraction(-4, 5))
OUTPUT_B = Fraction(1, 20)


def _sign(v: Fraction) -> int:
    return 1 if v >= 0 else -1


@functools.cache
def _pruned_parameters() -> dict:
    """θ' = F ∘ M θ: M zeroes the smallest-magnitude weight of the network, F scales the survivors by 11/10."""
    weights = {("h", j, k): HIDDEN_W[j][k] for j in range(2) for k in range(2)}
    weights.update({("o", 0, k): OUTPUT_W[k] for k in range(2)})
    drop = min(weights, key=lambda w: abs(weights[w]))
    new = {w: Fraction(0) if w == drop else v * Fraction(11, 10) for w, v in weights.items()}
    return {"hidden": tuple(tuple(new[("h", j, k)] for k in range(2)) for j in range(2)),
            "hidden bias": tuple(b * Fraction(11, 10) for b in HIDDEN_B),
            "output": tuple(new[("o", 0, k)] for k in range(2)), "output bias": OUTPUT_B * Fraction(11, 10),
            "pruned": f"{'hidden' if drop[0] == 'h' else 'output'} weight ({drop[1] + 1}, {drop[2] + 1})"}


def _projection_value(x, old, new, inner: str) -> int:
    """P of eq. 42 for one input x, old activations (a^(1), a^(2)) and new ones (a'^(1), a'^(2)): the product over all
    units of δ{a'_j - h[Σ_k g_k(·, θ')]}, the g_k taking the previous layer's activations named by ``inner``: 'new'
    (a', as printed in eq. 41-42), 'old' (a) or 'none' (biases only)."""
    p = _pruned_parameters()
    prev_hidden = {"new": x, "old": x, "none": (0, 0)}[inner]  # layer 0 is the input for both networks
    prev_output = {"new": new[0], "old": old[0], "none": (0, 0)}[inner]
    value = 1
    for j in range(2):
        pre = sum((w * a for w, a in zip(p["hidden"][j], prev_hidden)), Fraction(0)) + p["hidden bias"][j]
        value *= int(new[0][j] == _sign(pre))
    pre = sum((w * a for w, a in zip(p["output"], prev_output)), Fraction(0)) + p["output bias"]
    return value * int(new[1] == _sign(pre))


def _configurations():
    hidden = list(itertools.product((-1, 1), repeat=2))
    return [(a1, a2) for a1 in hidden for a2 in (-1, 1)]


@claim(
    "imp.rg-projection.eq42-coupling",
    title="§6.1 eq. 42: IMP's projection operator ties the new activations to the old ones",
    source=src("§6.1 eq. 39-42 and the paragraph before eq. 40"),
    kind=Kind.EXACT,
    statement="""The projection operator associated with one IMP step, P(a, a') = Π_j δ{a'_j - h[Σ_k g_k(a', F∘M θ)]}
        (eq. 42), maps the activations before IMP onto those after it, as the projection P(s_i, s'_I) of eq. 39 maps
        spins onto block spins.""",
    decision_rule="""A 2-2-1 network of sign units with rational parameters; one IMP step θ' = F∘M θ (the smallest
        weight pruned, survivors scaled by 11/10).  For each of the 4 inputs x, every old configuration
        a = (a^(1), a^(2)) and every new one a' (8 each), P(a, a') from eq. 42 with the g_k evaluated at the asserted
        activations.  P couples old and new if for some (x, a') its value changes with a.  Verified if it does;
        refuted if for every (x, a') P is the same for all old configurations a.  Also reported: Σ_a' P(a, a') for
        every (x, a), requirement 3.""",
    reading="""Eq. 42 as printed, with the g_k evaluated at the new activations a' (as in eq. 41), P a function of the
        old and new activations a, a' of §6.1's argument list.""",
    charitable_reading="""Eq. 42 copies eq. 41, the pruned network's forward pass, which correctly computes new
        activations from new activations; no display of §6.1 evaluates the g_k at the old activations.  Reading
        eq. 42 as a constraint on a' for a fixed input still leaves P independent of a, so the trace of eq. 39 gives
        Tr_a P(a, a') e^(H(a)) = P(a') Z: the new weights carry nothing of the old configuration.  Only by putting
        the old activations a into the g_k (the control, which contradicts eq. 41 and is not what IMP computes)
        does P tie a' to a.""",
    recorded="refuted",
    severity="proof-gap",
    mutants=[mutant("the g_k take only the biases (no activations)", inner="none"),
             control("the g_k evaluated at the old activations a (a layer-to-layer map from old to new)", inner="old")],
)
def _eq42_coupling(ctx: CheckContext, *, inner: str = "new") -> Verdict:
    configs = _configurations()
    inputs = list(itertools.product((-1, 1), repeat=2))
    coupled, normalised, checked = [], True, 0
    for x in inputs:
        for new in configs:
            values = {_projection_value(x, old, new, inner) for old in configs}
            checked += len(configs)
            if len(values) > 1:
                coupled.append({"input": f"({x[0]}, {x[1]})", "new activations": _config_text(new)})
        for old in configs:
            if sum(_projection_value(x, old, new, inner) for new in configs) != 1:
                normalised = False
    p = _pruned_parameters()
    found = [] if coupled else [{"result": "P(a, a') is the same for every old configuration a",
                                 "pairs examined": checked}]
    return Verdict.from_counterexamples(
        found, checked=checked,
        claimed=f"P(a, a') of eq. 42 (g_k at the {inner} activations) depends on the old activations a",
        measured={"(input, new activations) where P varies with a": len(coupled),
                  "(input, new activations) examined": len(inputs) * len(configs),
                  "Σ_a' P(a, a') = 1 for every input and old configuration": normalised,
                  "weight pruned by M": p["pruned"]},
        finding=("eq. 42 as printed contains no old activation: P(a, a') is constant in a for every input and new "
                 "configuration, so it constrains the new activations to the pruned network's forward pass but "
                 "projects nothing from the old ones; eq. 39 then gives e^(H'(a')) = P(a') Z, and requirements 1-3 hold "
                 "for it trivially") if found else "",
        notes="""Requirements 1 and 3 hold for any product of deltas of a deterministic map (normalisation is
            reported), so verifying them, as §6.1 does, cannot show that IMP coarse-grains the old activations.  The
            product in eq. 42 runs over j = 1..N inside one layer i, while its argument list names one unit; the
            check takes the product over all units of all layers, the widest reading.  Whether IMP is an RG scheme is
            not decided here: §6.1's argument for it rests on this P.""",
    )


def _config_text(config) -> str:
    (a1, a2), out = config
    return f"a^(1) = ({a1}, {a2}), a^(2) = {out}"
