"""Run one check (and its variants) and turn the outcome, or its exception, into a result record."""
from __future__ import annotations

import time
import traceback
from dataclasses import replace
from typing import Any

from .context import DEFAULT_PROFILE, CheckContext
from .mathtext import text_problems
from .numerics import decide_on_replicates
from .registry import Claim, Variant
from .resolution import resolution_record
from .verdict import Origin, Scope, Status, Verdict, to_jsonable

#: What decides an empirical claim measured below the document's scale, unless the check says more.
DEFAULT_WOULD_DECIDE = "a run at the document's own scale and on its own task"
#: The profile CI runs: there every mutant must be refuted.  At heavier profiles a measurement may hold
#: less to decide on (an IMP run at 10% per round has no critical window, say): where the claim's own
#: rule cannot decide (inconclusive before any scope gate), an inconclusive variant is recorded as not
#: decidable at that budget instead of failing.
STRICT_MUTATION_PROFILE = DEFAULT_PROFILE


def _call(claim: Claim, ctx: CheckContext, overrides: dict[str, Any]) -> Verdict:
    """The check's verdict with ``overrides``, decided on every numerics replicate when it reads
    training stages (see :mod:`theorems.numerics`)."""
    return decide_on_replicates(claim, ctx, overrides, _call_once)


def _call_once(claim: Claim, ctx: CheckContext, overrides: dict[str, Any]) -> Verdict:
    try:
        verdict = claim.check(ctx, **overrides)
        if not isinstance(verdict, Verdict):
            raise TypeError(f"check returned {type(verdict).__name__}, expected Verdict")
    except Exception as exc:  # noqa: BLE001 - every failure of a check is reported, not raised
        verdict = Verdict(
            status=Status.ERROR,
            claimed=None,
            measured=None,
            notes=f"{type(exc).__name__}: {exc}",
            evidence={"traceback": traceback.format_exc(limit=8)},
        )
    return verdict


def scope_gate(claim: Claim, profile: str, verdict: Verdict) -> Verdict:
    """A reduced or proxy measurement cannot refute a document: its raw ``refuted`` becomes
    ``inconclusive``, keeping the measurement as the direction seen and saying what would decide."""
    scope = claim.scope_for(profile)
    if verdict.status is not Status.REFUTED or claim.origin is not Origin.DOCUMENT or scope in (None, Scope.DOCUMENT):
        return verdict
    detail = (f"{verdict.decision_detail} " if verdict.decision_detail else "") + (
        f"The rule's raw outcome at this {scope.value} scope is 'refuted' (the measured direction goes against "
        f"the claim), but a {scope.value} measurement cannot refute the document, so the verdict is inconclusive.")
    return replace(verdict, status=Status.INCONCLUSIVE, decision_detail=detail,
                   would_decide=verdict.would_decide or DEFAULT_WOULD_DECIDE, gated_from=Status.REFUTED)


def run_check(claim: Claim, ctx: CheckContext) -> tuple[Verdict, float]:
    """Run ``claim.check`` as the document states it; an exception becomes an ``error`` verdict
    carrying its traceback, and the scope gate applies (see :func:`scope_gate`)."""
    start = time.perf_counter()
    verdict = scope_gate(claim, ctx.profile, _call(claim, ctx, {}))
    return verdict, time.perf_counter() - start


def run_variant(claim: Claim, ctx: CheckContext, variant: Variant) -> Verdict:
    """The check's raw verdict on a variant (no scope gate: it tests the decision, not the scale)."""
    return _call(claim, ctx, dict(variant.overrides))


def variant_records(claim: Claim, ctx: CheckContext, main: Verdict | None = None) -> list[dict[str, Any]]:
    """Run every variant; ``killed`` is whether it got the verdict it must get, or None where it was not
    evaluated: the check could not run here (skipped), or, outside STRICT_MUTATION_PROFILE, the measurement
    cannot decide the claim itself (``main`` inconclusive before the gate) and cannot decide the variant either.

    ``informative`` is whether the variant shows something: it got the verdict it must get *and* that
    verdict differs from the claim's own before the scope gate (a mutant refuted beside a claim that is
    refuted anyway shows nothing).  None where it was not evaluated or ``main`` is not given."""
    own = None if main is None else (main.gated_from or main.status)
    undecidable_here = (main is not None and ctx.profile != STRICT_MUTATION_PROFILE
                        and own is Status.INCONCLUSIVE)
    out = []
    for variant in claim.variants:
        verdict = run_variant(claim, ctx, variant)
        evaluated = verdict.status is not Status.SKIPPED and not (
            undecidable_here and verdict.status is Status.INCONCLUSIVE)
        killed = (verdict.status is variant.expect) if evaluated else None
        out.append({"description": variant.description, "role": "mutant" if variant.is_mutant else "control",
                    "expect": variant.expect.value, "verdict": verdict.status.value,
                    "killed": killed,
                    "informative": None if killed is None or own is None else (killed and verdict.status is not own),
                    "notes": verdict.notes if verdict.status is Status.ERROR else (
                        "" if evaluated or verdict.status is Status.SKIPPED
                        else f"not decidable at the {ctx.profile} budget (nor is the claim itself)")})
    return out


def resolution(claim: Claim, ctx: CheckContext, main: Verdict | None) -> dict[str, Any]:
    """The check's sensitivity to the numbers the claim asserts: see :mod:`theorems.resolution`.
    Never a requirement: a perturbed bound may still be true, so nothing here fails a test."""
    return resolution_record(claim, ctx, main, _call)


def result_record(claim: Claim, ctx: CheckContext, verdict: Verdict, duration_s: float,
                  variants: list[dict[str, Any]] | None = None,
                  resolution: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON entry of one claim in ``results.json`` (schema 2); ``resolution`` is
    :func:`resolution`'s record (None where it was not measured)."""
    refuted_document = verdict.status is Status.REFUTED and claim.origin is Origin.DOCUMENT
    return to_jsonable(
        {
            "id": claim.id,
            "title": claim.title,
            "source": {"document": claim.source.document, "location": claim.source.location},
            "kind": claim.kind,
            "origin": claim.origin,
            "statement": claim.statement,
            "reading": claim.reading or None,
            "charitable_reading": claim.charitable_reading or None,
            "verdict": verdict.status,
            "verdict_before_scope_gate": verdict.gated_from,
            "numerics_replicates": verdict.replicates,
            "recorded_verdict": claim.recorded_for(ctx.profile),
            "severity": claim.severity if refuted_document else None,
            "recorded_severity": claim.severity if claim.origin is Origin.DOCUMENT and
            claim.recorded_for(ctx.profile) is Status.REFUTED else None,
            "scope": claim.scope_for(ctx.profile),
            "by_construction": claim.by_construction,
            "correction": claim.correction,
            "uses": list(claim.uses),
            "profile": ctx.profile,
            "seed": ctx.seed,
            "decision_rule": claim.decision_rule,
            "decision_detail": verdict.decision_detail,
            "claimed": verdict.claimed,
            "measured": verdict.measured,
            "finding": verdict.finding or None,
            "would_decide": verdict.would_decide or None,
            "counterexample": verdict.counterexample,
            "intervals": verdict.intervals,
            "notes": verdict.notes,
            "evidence": verdict.evidence,
            "figures": [{"path": f.path, "caption": f.caption} for f in verdict.figures],
            "mutants": variants if variants is not None else [],
            "variants_note": claim.variants_note or None,
            "resolution": resolution,
            "duration_s": round(duration_s, 4),
        }
    )


def record_problems(record: dict[str, Any]) -> list[str]:
    """What a computed record lacks for its verdict to be read as it is meant (checked per claim)."""
    problems = []
    verdict = record["verdict"]
    if verdict == "refuted" and record["origin"] == "document":
        if not record["severity"]:
            problems.append("refuted without a severity")
        if not record["charitable_reading"]:
            problems.append("refuted without the charitable reading it also refutes")
        if record["scope"] not in (None, "document"):
            problems.append(f"a {record['scope']} measurement refutes the document")
    if verdict == "inconclusive" and not record["would_decide"]:
        problems.append("inconclusive without saying what would decide it (Verdict.would_decide)")
    if verdict == "skipped" and not record["notes"]:
        problems.append("skipped without saying what is missing")
    if record["kind"] == "empirical" and record["scope"] is None:
        problems.append("an empirical record without a scope")
    if not any(v["role"] == "mutant" for v in record["mutants"]):
        problems.append("no mutant: a check that cannot fail tests nothing")
    for v in record["mutants"]:
        if v["killed"] is False and verdict not in ("skipped", "error"):
            problems.append(f"{v['role']} {v['description']!r} got {v['verdict']!r}, must get {v['expect']!r}"
                            + (f" ({v['notes']})" if v["notes"] else ""))
    # every text a reader reads follows theorems.mathtext's convention (math delimited, no reprs, no noise)
    for name in ("title", "statement", "reading", "charitable_reading", "decision_rule", "decision_detail",
                 "finding", "would_decide", "notes", "claimed", "measured", "counterexample", "evidence"):
        problems.extend(f"{name}: {p}" for p in text_problems(record.get(name)))
    return problems
