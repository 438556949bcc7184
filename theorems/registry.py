"""The claim registry: one decorated function per claim.

Adding a claim means writing one function in a family's ``claims`` module::

    @claim(
        "tix.path-count.node-layers",
        title="...", source=src("§3.1"), kind=Kind.EXACT,
        statement="the claim, paraphrased",
        decision_rule="stated before looking",
        recorded="verified",
        mutants=[mutant("one path too many per layer", formula=lambda w, d: w ** (d + 1))],
    )
    def _(ctx: CheckContext, *, formula=lambda w, d: w ** d) -> Verdict: ...

The check's keyword-only parameters are what the claim asserts (a formula, a constant, a
direction), with the document's version as their defaults.  A *mutant* replaces some of them
with a wrong version that the check must refute; a *control* replaces them with a version
the check must verify (for a refuted claim: its correction).  Expensive work goes into a
:func:`theorems.measure.measurement`, so a variant reruns only the decision.  A variant shows
something only where its verdict differs from the claim's own (a mutant refuted beside a claim
that is refuted anyway shows nothing); a claim none of whose variants can differ says why in
``variants_note``.

``recorded`` is the verdict this claim last had; a test per claim fails when the computed
verdict differs, so a flip is always seen.  It may be one status, or a mapping
profile -> status for empirical claims whose budget decides the outcome; ``scope`` (required
for empirical claims) may likewise be one value or a mapping profile -> scope.

A refuted document claim states the ``reading`` it checked, the ``charitable_reading`` the
document's own later steps support (which must fail too), and the ``severity`` of the finding;
a ``typo`` names its ``correction``, a sibling claim that checks the corrected statement.
"""
from __future__ import annotations

import importlib
import inspect
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Mapping, Sequence

from .context import DEFAULT_PROFILE, PROFILES
from .verdict import Kind, Origin, Scope, Severity, Source, Status, Verdict

#: The four source documents in ``../shared/seeds``.
DOCUMENTS: tuple[str, ...] = (
    "imp-renormalisation-group-thesis.md",
    "inertial-manifold-lth-paper.md",
    "npp-quantized-slth-thesis.md",
    "tickets-random-pruning-report.md",
)

#: Their titles, as the documents print them (shown in the report beside the file names).
DOCUMENT_TITLES: dict[str, str] = {
    "imp-renormalisation-group-thesis.md": "Iterative Magnitude Pruning as a Renormalisation Group: A Study in the "
                                           "Context of the Lottery Ticket Hypothesis (thesis)",
    "inertial-manifold-lth-paper.md": "Validating the Lottery Ticket Hypothesis with Inertial Manifold Theory (paper)",
    "npp-quantized-slth-thesis.md": "Phase Transition in Artificial Neural Networks (master's thesis)",
    "tickets-random-pruning-report.md": "Lottery Tickets and Where to Find Them (report)",
}

#: Modules that register claims when imported; later families append here.
FAMILY_MODULES: tuple[str, ...] = (
    "theorems.tix.claims",
    "theorems.rg.claims",
    "theorems.npp.claims",
    "theorems.npp.rssp_claims",
    "theorems.slth.claims",
    "theorems.imp.claims",
    "theorems.imp.empirical_claims",
    "theorems.im.claims",
    "theorems.im.comparison_claims",
    "theorems.tix.ticket_existence_claims",
    "theorems.rg.exponent_claims",
    "theorems.npp.boundary_claims",
    "theorems.slth.probability_claims",
    "theorems.imp.exponent_audit_claims",
    "theorems.slth.bound_claims",
    "theorems.im.lipschitz_claims",
    "theorems.tix.size_claims",
    "theorems.npp.statmech_claims",
    "theorems.npp.derivation_claims",
    "theorems.npp.appendix_claims",
    "theorems.rg.derivation_claims",
    "theorems.imp.formalism_claims",
    "theorems.im.derivation_claims",
    "theorems.tix.bins_derivation_claims",
    "theorems.tix.construction_claims",
    "theorems.imp.rate_claims",
    "theorems.im.table_claims",
)

_ID_PATTERN = re.compile(r"^[a-z]+(\.[a-z0-9][a-z0-9-]*)+$")

Check = Callable[..., Verdict]


@dataclass(frozen=True)
class Variant:
    """A changed version of what a claim asserts, and the verdict its check must give it.

    ``overrides`` replaces keyword-only parameters of the check.  A mutant (expects
    ``refuted``) shows the check can fail; a control (expects ``verified``) shows it can pass.
    """

    description: str
    overrides: Mapping[str, Any]
    expect: Status

    @property
    def is_mutant(self) -> bool:
        return self.expect is Status.REFUTED


def mutant(description: str, **overrides: Any) -> Variant:
    """A wrong version of the claim (sign flipped, exponent off by one, ...) that must be refuted."""
    return Variant(description, MappingProxyType(dict(overrides)), Status.REFUTED)


def control(description: str, **overrides: Any) -> Variant:
    """A right version (e.g. a refuted claim's correction) that the same check must verify."""
    return Variant(description, MappingProxyType(dict(overrides)), Status.VERIFIED)


@dataclass(frozen=True)
class Claim:
    """A registered claim: what the source says, how we decide it, and its last verdict."""

    id: str
    title: str
    source: Source
    kind: Kind
    statement: str
    decision_rule: str
    recorded: Mapping[str, Status]
    check: Check
    variants: tuple[Variant, ...] = ()
    reading: str = ""
    charitable_reading: str = ""
    severity: Severity | None = None
    scope: Mapping[str, Scope] | None = None
    origin: Origin = Origin.DOCUMENT
    by_construction: bool = False
    correction: str | None = None
    variants_note: str = ""
    #: Earlier statements of the same document that this claim's proof or derivation relies on, read
    #: from the document's own steps (see :mod:`theorems.standing`).
    uses: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def mutants(self) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.is_mutant)

    def recorded_for(self, profile: str) -> Status:
        return self.recorded[profile]

    def scope_for(self, profile: str) -> Scope | None:
        return None if self.scope is None else self.scope[profile]


_REGISTRY: dict[str, Claim] = {}


def _per_profile(value: Any, convert: Callable[[Any], Any], what: str, claim_id: str) -> dict[str, Any]:
    if isinstance(value, Mapping):
        missing = set(PROFILES) - set(value)
        if missing:
            raise ValueError(f"claim {claim_id!r}: {what} missing for profiles {sorted(missing)}")
        return {p: convert(value[p]) for p in PROFILES}
    return {p: convert(value) for p in PROFILES}


def _check_variants(claim_id: str, check: Check, variants: Sequence[Variant]) -> None:
    """The check's keyword-only parameters (what the claim asserts) need the document's value as default,
    and every variant must override some of them and nothing else."""
    params = inspect.signature(check).parameters.values()
    asserts = {p.name: p.default for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY}
    missing = [p for p, v in asserts.items() if v is inspect.Parameter.empty]
    if missing:
        raise ValueError(f"claim {claim_id!r}: keyword-only parameters {missing} need the document's value as default")
    for v in variants:
        unknown = sorted(set(v.overrides) - set(asserts))
        if unknown or not v.overrides:
            raise ValueError(f"claim {claim_id!r}: variant {v.description!r} overrides {unknown or 'nothing'}; "
                             f"the check's keyword-only parameters are {sorted(asserts)}")


def claim(
    claim_id: str,
    *,
    title: str,
    source: Source,
    kind: Kind,
    statement: str,
    decision_rule: str,
    recorded: str | Mapping[str, str],
    mutants: Sequence[Variant] = (),
    reading: str = "",
    charitable_reading: str = "",
    severity: str | None = None,
    scope: str | Mapping[str, str] | None = None,
    origin: str = Origin.DOCUMENT,
    by_construction: bool = False,
    correction: str | None = None,
    variants_note: str = "",
    uses: Sequence[str] = (),
    registry: dict[str, Claim] | None = None,
) -> Callable[[Check], Check]:
    """Register the decorated check under ``claim_id`` (see the module docstring).

    ``mutants`` holds every variant of the claim, mutants and controls alike.  ``variants_note``
    explains why no variant can get a verdict other than the claim's own (for example: "the claim is
    refuted and its correction is checked as the sibling claim X"), shown beside its variants.
    ``uses`` names the earlier claims of the same document that this claim's proof or derivation
    relies on, as the document's own steps show (a theorem its lemma, a display the display it is
    derived from); :mod:`theorems.standing` propagates refutations along them.
    """
    target = _REGISTRY if registry is None else registry
    if not _ID_PATTERN.match(claim_id):
        raise ValueError(f"malformed claim id {claim_id!r}")
    if source.document not in DOCUMENTS:
        raise ValueError(f"claim {claim_id!r}: unknown source document {source.document!r}")
    status_by_profile = _per_profile(recorded, Status, "recorded verdicts", claim_id)
    scope_by_profile = None if scope is None else _per_profile(scope, Scope, "scope", claim_id)
    origin = Origin(origin)
    severity_ = None if severity is None else Severity(severity)

    def register(check: Check) -> Check:
        if claim_id in target:
            raise ValueError(f"claim {claim_id!r} registered twice")
        _check_variants(claim_id, check, mutants)
        target[claim_id] = Claim(
            id=claim_id,
            title=title,
            source=source,
            kind=Kind(kind),
            statement=" ".join(statement.split()),
            decision_rule=" ".join(decision_rule.split()),
            recorded=status_by_profile,
            check=check,
            variants=tuple(mutants),
            reading=" ".join(reading.split()),
            charitable_reading=" ".join(charitable_reading.split()),
            severity=severity_,
            scope=scope_by_profile,
            origin=origin,
            by_construction=by_construction,
            correction=correction,
            variants_note=" ".join(variants_note.split()),
            uses=(uses,) if isinstance(uses, str) else tuple(uses),
        )
        return check

    return register


def variant_advisories(c: Claim) -> list[str]:
    """Where the registration alone shows that no variant can get a verdict other than the claim's own,
    unless ``variants_note`` explains it: a claim recorded refuted in the CI profile whose variants are
    all mutants (they must be refuted too).  What only a run shows (a claim refuted before the scope
    gate, a variant inconclusive like its claim) is listed as a gap in the report."""
    if c.variants_note or not c.variants:
        return []
    recorded = c.recorded.get(DEFAULT_PROFILE)
    if recorded is Status.REFUTED and not any(not v.is_mutant for v in c.variants):
        return ["recorded refuted with mutants only: a refuted mutant shows nothing beside a refuted claim; add a "
                "control (its correction) or explain in variants_note"]
    return []


def metadata_problems(c: Claim, *, soft: bool = False) -> list[str]:
    """What a claim's registration lacks for its verdicts to mean what a reader takes them to mean
    (checked by a meta-test for every claim, so one incomplete claim does not break the import).
    ``soft`` adds :func:`variant_advisories`, reported but not yet required."""
    problems = variant_advisories(c) if soft else []
    if not c.variants:
        problems.append("no mutant: a check that cannot fail tests nothing")
    elif not c.mutants:
        problems.append("controls only: at least one variant must be a mutant the check refutes")
    if c.kind is Kind.EMPIRICAL and c.scope is None:
        problems.append("an empirical claim must state its scope (document, reduced or proxy) per profile")
    refuted_at = [p for p, s in c.recorded.items() if s is Status.REFUTED]
    if refuted_at and c.origin is Origin.DOCUMENT:
        if c.severity is None:
            problems.append(f"recorded refuted ({', '.join(refuted_at)}) without a severity")
        if not c.reading or not c.charitable_reading:
            problems.append("a refuted claim states the reading checked and the charitable reading")
        gated = [p for p in refuted_at if c.scope and c.scope[p] is not Scope.DOCUMENT]
        if gated:
            problems.append(f"recorded refuted at {gated}, where the scope is not the document's: a reduced or "
                            f"proxy measurement cannot refute the document")
    if c.severity is Severity.TYPO and not c.correction:
        problems.append("a typo names its correction (the sibling claim that checks the corrected statement)")
    if c.severity is not None and c.origin is Origin.SUITE:
        problems.append("severity grades findings against a document; a suite claim has none")
    return problems


def all_claims() -> list[Claim]:
    """Every registered claim, sorted by ID (importing the family modules on first use)."""
    for module in FAMILY_MODULES:
        importlib.import_module(module)
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def get_claim(claim_id: str) -> Claim:
    claims = {c.id: c for c in all_claims()}
    try:
        return claims[claim_id]
    except KeyError:
        raise KeyError(f"no claim with id {claim_id!r}") from None
