"""Run one check and turn its outcome, or its exception, into a result record."""
from __future__ import annotations

import time
import traceback
from typing import Any

from .context import CheckContext
from .registry import Claim
from .verdict import Status, Verdict, to_jsonable


def run_check(claim: Claim, ctx: CheckContext) -> tuple[Verdict, float]:
    """Run ``claim.check``; an exception becomes an ``error`` verdict carrying its traceback."""
    start = time.perf_counter()
    try:
        verdict = claim.check(ctx)
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
    return verdict, time.perf_counter() - start


def result_record(claim: Claim, ctx: CheckContext, verdict: Verdict, duration_s: float) -> dict[str, Any]:
    """The JSON entry of one claim in ``results.json`` (schema 1)."""
    return to_jsonable(
        {
            "id": claim.id,
            "title": claim.title,
            "source": {"document": claim.source.document, "location": claim.source.location},
            "kind": claim.kind,
            "statement": claim.statement,
            "verdict": verdict.status,
            "recorded_verdict": claim.recorded_for(ctx.profile),
            "profile": ctx.profile,
            "seed": ctx.seed,
            "decision_rule": claim.decision_rule,
            "decision_detail": verdict.decision_detail,
            "claimed": verdict.claimed,
            "measured": verdict.measured,
            "counterexample": verdict.counterexample,
            "intervals": verdict.intervals,
            "notes": verdict.notes,
            "evidence": verdict.evidence,
            "figures": [{"path": f.path, "caption": f.caption} for f in verdict.figures],
            "duration_s": round(duration_s, 4),
        }
    )
