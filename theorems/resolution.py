"""How finely a check resolves the numbers a claim asserts: automatic perturbations of its numeric constants.

A claim's check takes what the claim asserts as keyword-only parameters (see :mod:`theorems.registry`).
Where such a parameter is a number (an int or a float, never a bool) or a tuple, list or dict whose
leaves are all numbers, the runner moves it by a fixed set of steps and reruns the check's decision
on each (the measurement is memoised, so only the decision reruns):

* a float: times 1-50%, 1-10%, 1-1%, 1+1%, 1+10%, 1+50%;
* an int: -1 and +1, and times 1-50% and 1+50% rounded where that differs from both and from the value;
* a float whose value is 0 (multiplying it moves nothing): -0.5, -0.1, -0.01, +0.01, +0.1, +0.5 absolute;
* a container: every leaf together, by the same factor (ints by the same ±1), the int leaves of a
  mixed container rounded.

For each parameter the record gives every (perturbation, verdict) and, per side, the smallest
perturbation the check refutes.  This measures sensitivity; it does not grade the claim: a bound moved
by 10% may still be true, so no perturbation has a required verdict and none fails a test.  A check
whose decision takes more than :data:`EXPENSIVE_S` per run is tried at ±10% only, and so is every
parameter once a claim's perturbations have taken :data:`CLAIM_BUDGET_S`; the record says when.
"""
from __future__ import annotations

import inspect
import math
import time
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .context import CheckContext
from .registry import Claim
from .verdict import Status, Verdict, to_jsonable

#: Relative steps for floats (and containers of numbers), smallest first on each side.
RELATIVE_STEPS: tuple[float, ...] = (0.01, 0.1, 0.5)
#: Absolute steps for a float whose value is 0.
ZERO_STEPS: tuple[float, ...] = (0.01, 0.1, 0.5)
#: The step tried first and, for a check that is expensive to decide, the only one.
CAPPED_STEP = 0.1
#: A decision slower than this per run is "expensive": only ±10% (or ±1 for ints) is tried.
EXPENSIVE_S = 2.0
#: Seconds of perturbations per claim: past it, a parameter gets its ±10% (or ±1) pair only (and says so).
CLAIM_BUDGET_S = 5.0


@dataclass(frozen=True)
class Perturbation:
    """One moved value of one parameter: ``label`` as shown ("+1%", "-1", "+0.01 absolute"), the side
    ("+" or "-") and its size relative to the value (absolute for a zero float), used to order a side."""

    label: str
    side: str
    size: float
    value: Any


def _is_number(x: Any) -> bool:
    return (isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, (bool, np.bool_))
            and math.isfinite(float(x)))


def _is_int(x: Any) -> bool:
    return isinstance(x, (int, np.integer)) and not isinstance(x, bool)


def _leaves(value: Any) -> list[Any] | None:
    """The leaves of a (nested) tuple, list or dict, or None unless every leaf is a finite number."""
    if type(value) in (tuple, list):
        items = list(value)
    elif type(value) is dict:
        items = list(value.values())
    else:
        return [value] if _is_number(value) else None
    out: list[Any] = []
    for item in items:
        sub = _leaves(item)
        if sub is None:
            return None
        out += sub
    return out if out else None


def _map_leaves(value: Any, fn: Callable[[Any], Any]) -> Any:
    if type(value) in (tuple, list):
        return type(value)(_map_leaves(v, fn) for v in value)
    if type(value) is dict:
        return {k: _map_leaves(v, fn) for k, v in value.items()}
    return fn(value)


def _pct(step: float) -> str:
    return f"{100 * step:g}%"


def perturbations(default: Any) -> tuple[list[Perturbation], str]:
    """The perturbations of one parameter's value, smallest first on each side, and what kind of value
    it is (with any note: "float 0: absolute steps").  An empty list: the value is not perturbable."""
    leaves = _leaves(default)
    if leaves is None:
        return [], "not a number"
    container = not (_is_number(default))
    kind = (f"{type(default).__name__} of {len(leaves)} number(s)" if container
            else ("int" if _is_int(default) else "float"))
    out: list[Perturbation] = []
    if all(_is_int(x) for x in leaves):
        scale = max(abs(int(x)) for x in leaves)
        seen = {_freeze(default)}
        for sign, side in ((1, "+"), (-1, "-")):
            moved = _map_leaves(default, lambda x, s=sign: type(x)(x + s))
            out.append(Perturbation(f"{side}1", side, 1 / scale if scale else math.inf, moved))
            seen.add(_freeze(moved))
        for step in (0.5,):
            for sign, side in ((1, "+"), (-1, "-")):
                moved = _map_leaves(default, lambda x, f=1 + sign * step: type(x)(round(x * f)))
                if _freeze(moved) not in seen:
                    seen.add(_freeze(moved))
                    out.append(Perturbation(f"{side}{_pct(step)}", side, step, moved))
        if scale == 0:
            kind += "; value 0: only ±1"
        return out, kind
    if all(float(x) == 0 for x in leaves):
        for step in ZERO_STEPS:
            for sign, side in ((1, "+"), (-1, "-")):
                moved = _map_leaves(default, lambda x, d=sign * step: type(x)(x + d) if not _is_int(x) else x + d)
                out.append(Perturbation(f"{side}{step:g} absolute", side, step, moved))
        return out, kind + "; value 0: absolute steps ±0.01, ±0.1, ±0.5 instead of relative ones"
    for step in RELATIVE_STEPS:
        for sign, side in ((1, "+"), (-1, "-")):
            factor = 1 + sign * step
            moved = _map_leaves(default, lambda x, f=factor: type(x)(round(x * f)) if _is_int(x) else type(x)(x * f))
            out.append(Perturbation(f"{side}{_pct(step)}", side, step, moved))
    if container and any(float(x) == 0 for x in leaves):
        kind += "; its zero leaves stay 0"
    if container and any(_is_int(x) for x in leaves):
        kind += "; int leaves rounded"
    return out, kind


def _freeze(value: Any) -> Any:
    if type(value) in (tuple, list):
        return tuple(_freeze(v) for v in value)
    if type(value) is dict:
        return tuple((k, _freeze(v)) for k, v in value.items())
    return value


def _smallest(rows: list[dict], side: str, hit: Callable[[dict], bool]) -> str | None:
    found = [r for r in rows if r["side"] == side and hit(r)]
    return min(found, key=lambda r: r["size"])["perturbation"] if found else None


def describe(up: str | None, down: str | None, none: str = "none refuted") -> str:
    """One parameter's resolution in a few characters: "±1%", "+10%/-50%", "+1% only", "none refuted"."""
    if up is None and down is None:
        return none
    if up is None or down is None:
        return f"{up or down} only"
    if up[1:] == down[1:]:
        return "±" + up[1:]
    return f"{up}/{down}"


def _run(claim: Claim, ctx: CheckContext, name: str, p: Perturbation,
         call: Callable[[Claim, CheckContext, dict[str, Any]], Verdict]) -> dict[str, Any]:
    start = time.perf_counter()
    verdict = call(claim, ctx, {name: p.value})  # the runner's call reports a raising check as an error verdict
    status, notes = verdict.status, (verdict.notes if verdict.status is Status.ERROR else "")
    row = {"perturbation": p.label, "side": p.side, "size": p.size, "value": to_jsonable(p.value),
           "verdict": status.value, "seconds": round(time.perf_counter() - start, 4)}
    if notes:
        row["notes"] = notes.splitlines()[0][:300]
    return row


def resolution_record(claim: Claim, ctx: CheckContext, main: Verdict | None,
                      call: Callable[[Claim, CheckContext, dict[str, Any]], Verdict]) -> dict[str, Any]:
    """Perturb every numeric keyword-only parameter of ``claim.check`` and record the verdicts (raw,
    before any scope gate, like the variants'); ``main`` is the claim's own verdict and ``call(claim, ctx,
    overrides)`` runs the check (the runner's turns an exception into an ``error`` verdict)."""
    own = None if main is None else (main.gated_from or main.status)
    params = [p for p in inspect.signature(claim.check).parameters.values() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    record: dict[str, Any] = {"claim_verdict": None if own is None else own.value, "parameters": [],
                              "not_perturbable": [], "seconds": 0.0, "notes": []}
    numeric = []
    for p in params:
        steps, kind = perturbations(p.default)
        if steps:
            numeric.append((p, steps, kind))
        else:
            record["not_perturbable"].append({"parameter": p.name, "type": type(p.default).__name__})
    if own in (Status.SKIPPED, Status.ERROR) and numeric:
        record["notes"].append(f"not perturbed: the claim's own check gave {own.value}")
        return record
    start = time.perf_counter()
    for p, steps, kind in numeric:
        entry: dict[str, Any] = {"parameter": p.name, "default": to_jsonable(p.default), "kind": kind,
                                 "perturbations": [], "capped": False}
        # The ±10% (or ±1) pair first: its cost, and the claim's budget, decide whether the rest is tried.
        first = [s for s in steps if s.label in (f"+{_pct(CAPPED_STEP)}", f"-{_pct(CAPPED_STEP)}", "+1", "-1",
                                                  f"+{CAPPED_STEP:g} absolute", f"-{CAPPED_STEP:g} absolute")]
        rows = [_run(claim, ctx, p.name, s, call) for s in first]
        slowest = max(r["seconds"] for r in rows)
        rest = [s for s in steps if s not in first]
        if rest and slowest > EXPENSIVE_S:
            entry["capped"] = True
            entry["note"] = (f"the decision takes {slowest:.1f} s per run (more than {EXPENSIVE_S:g} s): only "
                             f"{' and '.join(s.label for s in first)} tried")
            rest = []
        for i, s in enumerate(rest):
            spent = time.perf_counter() - start
            if spent > CLAIM_BUDGET_S:
                entry["capped"] = True
                entry["note"] = (f"this claim's perturbations had taken {spent:.1f} s (budget {CLAIM_BUDGET_S:g} s): "
                                 f"{', '.join(x.label for x in rest[i:])} not tried")
                break
            rows.append(_run(claim, ctx, p.name, s, call))
        order = {s.label: i for i, s in enumerate(sorted(steps, key=lambda s: (s.side != "-", -s.size if s.side == "-" else s.size)))}
        rows.sort(key=lambda r: order[r["perturbation"]])
        entry["perturbations"] = rows
        refuted = {side: _smallest(rows, side, lambda r: r["verdict"] == Status.REFUTED.value) for side in "+-"}
        changed = {side: _smallest(rows, side, lambda r: own is not None and r["verdict"] != own.value) for side in "+-"}
        entry["smallest_refuted"] = refuted
        entry["smallest_change"] = changed
        entry["resolution"] = describe(refuted["+"], refuted["-"])
        entry["changes_verdict"] = describe(changed["+"], changed["-"], none="no change")
        if any(r["verdict"] == Status.ERROR.value for r in rows):
            entry["errors"] = sum(r["verdict"] == Status.ERROR.value for r in rows)
        record["parameters"].append(entry)
    record["seconds"] = round(time.perf_counter() - start, 4)
    if not record["notes"]:
        del record["notes"]
    return record


def poor_resolution(record: dict[str, Any]) -> list[str]:
    """Parameters of a claim verified before the scope gate that no perturbation, even ±50%, refutes:
    a check with poor resolution on that number (capped parameters, which tried less, and parameters
    whose every perturbation raised, which the check cannot take other values of, are left out)."""
    if record.get("claim_verdict") != Status.VERIFIED.value:
        return []
    return [e["parameter"] for e in record.get("parameters", [])
            if e.get("perturbations") and not e["capped"] and e["resolution"] == "none refuted"
            and not all(r["verdict"] == Status.ERROR.value for r in e["perturbations"])]
