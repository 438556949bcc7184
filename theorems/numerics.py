"""Verdicts that hold on any machine: decide a training-based claim on every numerics replicate.

Training is chaotic: over a dozen IMP rounds a difference in the last bit of one product (another
CPU's vector width or summation order) changes which weights are pruned, and from there every
number a check reads.  So a verdict computed from one run on one machine may be a property of
that machine's rounding rather than of the claim.  The stages therefore exist in replicates
(``empirical.hnn.experiments.NUMERICS``): the nominal run, and the same run with every initial
weight moved one unit in the last place.  A check that reads a training stage is decided on each
replicate its profile has; where the replicates disagree the verdict is ``inconclusive`` (not
decided at this budget), with every replicate's outcome in its record.

The nudge rather than, say, ``ATEN_CPU_CAPABILITY=default`` or another thread count: it perturbs
the same last bits on every machine (a CPU whose default kernels are already the plain ones would
see no change from the first, and training pins its threads, so the second changes nothing), it
needs no second process, and its stages are cached like any other config.

Which claims read training stages is observed, not declared: :func:`note_training_read` is
called by the stage loaders, and a claim seen reading one is gated from then on (its variants
included, which may reuse memoised measurements without reading again).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from empirical.hnn.experiments import nudge_ulps, numerics_replicates

from .context import CheckContext
from .verdict import Status, Verdict

#: Claims seen reading a training stage in this process.
_TRAINING_CLAIMS: set[str] = set()

NOT_DECIDED = ("a verdict that stays the same when the initial weights move by one unit in the last place: "
               "more seeds per arm (the seed is the unit of replication), or a larger budget")


def init_nudge(ctx: CheckContext) -> int:
    """The ulps by which the initial weights move under ``ctx``'s numerics replicate, noting the read
    (for training that a check runs through its own cached configs)."""
    note_training_read(ctx)
    return nudge_ulps(ctx.numerics)


def note_training_read(ctx: CheckContext) -> None:
    """Record that the running check reads a training stage (called by the stage loaders)."""
    _TRAINING_CLAIMS.add(ctx.claim_id)


def reads_training(claim_id: str) -> bool:
    """Whether the claim was seen reading a training stage in this process."""
    return claim_id in _TRAINING_CLAIMS


def decide_on_replicates(claim: Any, ctx: CheckContext, overrides: dict[str, Any],
                         call: Callable[[Any, CheckContext, dict[str, Any]], Verdict]) -> Verdict:
    """``call`` on ``ctx`` and, if the check reads training stages, on every other numerics replicate
    of the profile.  The verdict stands when all replicates agree; otherwise it is inconclusive, with
    each replicate's outcome in ``Verdict.replicates`` and in the decision detail."""
    verdict = call(claim, ctx, overrides)
    if not reads_training(claim.id):
        return verdict
    replicates = numerics_replicates(ctx.profile)
    outcomes = {ctx.numerics: verdict}
    for numerics in replicates:
        if numerics not in outcomes:
            outcomes[numerics] = call(claim, replace(ctx, numerics=numerics), overrides)
    statuses = {name: v.status.value for name, v in outcomes.items()}
    if len(set(statuses.values())) == 1:
        return replace(verdict, replicates=statuses)
    shown = ", ".join(f"{name}: {status}" for name, status in statuses.items())
    detail = (f"{verdict.decision_detail} " if verdict.decision_detail else "") + (
        f"The rule's outcome moves with the last bits of the arithmetic ({shown}), so the seeds do not decide it "
        f"at this budget.")
    would = NOT_DECIDED + (f"; {verdict.would_decide}" if verdict.would_decide else "")
    return replace(verdict, status=Status.INCONCLUSIVE, counterexample=None, finding="", decision_detail=detail,
                   would_decide=would, replicates=statuses)
