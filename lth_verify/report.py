"""Assemble results.json (schema 2) and write both report files atomically.

Schema 2 adds per claim: ``origin``, ``severity``, ``scope``, ``reading``,
``charitable_reading``, ``by_construction``, ``correction``, ``finding``, ``would_decide`` and
``mutants`` (each variant's description, role, expected and computed verdict, and whether it is
informative: its verdict differs from the claim's own), ``variants_note`` and ``resolution`` (the
verdicts of automatic perturbations of the claim's numeric constants), and per run a ``summary`` of
findings by document and severity, the mutation score (informative and raw), the gaps (claims with
no informative variant) and the resolution table.  A baseline may be
of either schema: only ``id`` and ``verdict`` are compared."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from empirical.atomic import atomic_write_text
from theorems.registry import DOCUMENT_TITLES
from theorems.resolution import poor_resolution
from theorems.catalogue import catalogue_ids, coverage
from theorems.standing import puts_in_question, standing
from theorems.inventory import coverage_map, load_inventory

from .environment import environment, git_commit

SCHEMA = 2
#: Schemas a baseline may have (both carry each claim's id and verdict).
BASELINE_SCHEMAS = (1, 2)
#: Severity order in summaries and the errata: substantive findings first, then typos.
SEVERITIES = ("false", "not-reproduced", "proof-gap", "typo")


class BaselineError(ValueError):
    """The baseline file cannot be used; the message names it and says why."""


def load_baseline(path: str | Path) -> dict[str, Any]:
    """Read a previous results.json; raise :class:`BaselineError` naming the file if unusable."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {str(path)!r}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"baseline {str(path)!r} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") not in BASELINE_SCHEMAS or not isinstance(data.get("claims"), list):
        schemas = " or ".join(str(v) for v in BASELINE_SCHEMAS)
        raise BaselineError(f"baseline {str(path)!r} is not a schema-{schemas} results.json")
    bad = [c for c in data["claims"] if not isinstance(c, dict) or "id" not in c or "verdict" not in c]
    if bad:
        raise BaselineError(f"baseline {str(path)!r}: claim entry {str(bad[0])[:80]!r} lacks an id or a verdict")
    return data


def verdict_changes(claims: list[dict], baseline: dict[str, Any], missing_documents: list[str] = ()) -> list[dict]:
    """Claims of this run whose verdict differs from the baseline's (``before`` is None for a
    claim the baseline lacks); claims this run did not check, or skipped because their document is
    missing, are not compared."""
    before = {c["id"]: c.get("verdict") for c in baseline["claims"]}
    return [{"id": c["id"], "before": before.get(c["id"]), "after": c["verdict"]}
            for c in sorted(claims, key=lambda c: c["id"])
            if before.get(c["id"]) != c["verdict"] and not (c["verdict"] == "skipped"
                                                             and c["source"]["document"] in missing_documents)]


def not_rechecked(c: dict, missing_documents: list[str]) -> bool:
    """A claim skipped on this run because its source document is missing, whose recorded verdict
    is something else: its record stands, but this run says nothing about it (never a change)."""
    return (c["verdict"] == "skipped" and c["recorded_verdict"] != "skipped"
            and c["source"]["document"] in missing_documents)


def surviving_variants(c: dict) -> list[dict]:
    """The claim's variants that got the wrong verdict (a surviving mutant, a control not verified),
    counted only where the claim was actually checked (not skipped, no error)."""
    if c["verdict"] in ("skipped", "error"):
        return []
    return [v for v in c.get("mutants") or [] if v.get("killed") is False]


def run_status(claims: list[dict], missing_documents: list[str]) -> dict[str, Any]:
    """Whether this run matches what is recorded with the claims: the verdicts that differ from
    their recorded ones, the variants that got the wrong verdict (a surviving mutant, a control not
    verified), the claims not re-checked because their document is missing, and the missing documents."""
    skipped = [c for c in claims if not_rechecked(c, missing_documents)]
    skipped_ids = {c["id"] for c in skipped}
    differing = [{"id": c["id"], "verdict": c["verdict"], "recorded_verdict": c["recorded_verdict"]}
                 for c in claims if c["verdict"] != c["recorded_verdict"] and c["id"] not in skipped_ids]
    surviving = [{"id": c["id"], "description": v["description"], "role": v["role"], "expect": v["expect"],
                  "verdict": v["verdict"]}
                 for c in claims for v in surviving_variants(c)]
    return {
        "matches_records": not differing and not surviving,
        "differing": differing,
        "surviving_variants": surviving,
        "not_rechecked": [{"id": c["id"], "recorded_verdict": c["recorded_verdict"],
                           "severity": c.get("recorded_severity"),
                           "reason": f'document {c["source"]["document"]} missing'} for c in skipped],
        "missing_documents": sorted(missing_documents),
    }


def status_of(results: dict[str, Any]) -> dict[str, Any]:
    """A run's :func:`run_status`: as written, or for a results.json from before it was written,
    derived from the claims (no document counted as missing)."""
    return results.get("run_status") or run_status(results["claims"], [])


def claim_gap(c: dict) -> dict | None:
    """A claim none of whose variants is informative (got its required verdict *and* a verdict other
    than the claim's own before the scope gate), with why where the record shows it; None if some
    variant is informative, or if none of its variants could be evaluated here (a skipped check).
    A claim with no variant at all is a gap too."""
    variants = c.get("mutants") or []
    if any(v.get("informative") for v in variants):
        return None
    evaluated = [v for v in variants if v["killed"] is not None]
    if variants and not any(v.get("informative") is not None for v in evaluated):
        return None  # none evaluated here, or a record from before informative variants were counted
    own = c.get("verdict_before_scope_gate") or c["verdict"]
    if not variants:
        why = "no variant"
    elif own in ("error", "skipped"):
        why = f"the claim's own check gave {own!r}"
    elif any(v["killed"] is False for v in evaluated):
        why = "a variant got the wrong verdict"
    elif all(v["role"] == "mutant" for v in evaluated) and own == "refuted":
        why = "the claim itself is refuted" + (" (before the scope gate)" if c["verdict"] != own else "") + \
              ", so a refuted mutant shows nothing; only a control (its correction) could differ"
    elif all(v["role"] == "control" for v in evaluated) and own == "verified":
        why = "only controls, verified like the claim itself"
    else:
        why = f"every variant got {own!r}, like the claim itself"
    return {"id": c["id"], "verdict": c["verdict"], "verdict_before_scope_gate": own, "why": why,
            "variants_note": c.get("variants_note") or None}


def resolution_rows(claims: list[dict]) -> list[dict]:
    """One row per perturbed parameter: the claim, the parameter, its verdict before the gate, the
    smallest perturbation the check refutes on each side and the smallest that changes its verdict
    (see :mod:`theorems.resolution`)."""
    rows = []
    for c in claims:
        res = c.get("resolution") or {}
        for e in res.get("parameters") or []:
            rows.append({"claim": c["id"], "parameter": e["parameter"], "claim_verdict": res.get("claim_verdict"),
                         "smallest_refuted": e["resolution"], "changes_verdict": e.get("changes_verdict"),
                         "capped": e.get("capped", False),
                         "note": e.get("note")})
    return rows


def summarise(claims: list[dict]) -> dict[str, Any]:
    """Findings per document (document claims only) by verdict and by severity, the claims
    that hold by construction, and the mutation score over the variants that could run: the
    informative score (variants that got their verdict and one other than the claim's own, over the
    variants evaluated) beside the raw one (mutants refuted, over the mutants evaluated), and the gaps
    (claims with no informative variant)."""
    by_document: dict[str, Any] = {}
    for c in claims:
        doc = by_document.setdefault(c["source"]["document"], {"verdicts": {}, "severity": {s: 0 for s in SEVERITIES},
                                                                "suite_claims": 0})
        if c.get("origin", "document") != "document":
            doc["suite_claims"] += 1
            continue
        doc["verdicts"][c["verdict"]] = doc["verdicts"].get(c["verdict"], 0) + 1
        if c.get("severity"):
            doc["severity"][c["severity"]] += 1
    variants = [v for c in claims for v in c.get("mutants") or []]
    evaluated = [v for v in variants if v["killed"] is not None]
    mutants = [v for v in evaluated if v["role"] == "mutant"]
    controls = [v for v in evaluated if v["role"] == "control"]
    killed = sum(bool(v["killed"]) for v in mutants)
    informative = sum(bool(v.get("informative")) for v in evaluated)
    gaps = [g for g in (claim_gap(c) for c in claims) if g is not None]
    resolution = resolution_rows(claims)
    return {
        "by_document": by_document,
        "by_construction": sorted(c["id"] for c in claims if c.get("by_construction")),
        "mutation": {
            "mutants": len(mutants), "refuted": killed,
            "score": round(killed / len(mutants), 4) if mutants else None,
            "evaluated": len(evaluated), "informative": informative,
            "informative_score": round(informative / len(evaluated), 4) if evaluated else None,
            "controls": len(controls), "controls_verified": sum(bool(v["killed"]) for v in controls),
            "not_evaluated": sum(v["killed"] is None for v in variants),
            "claims_without_mutant": sorted(c["id"] for c in claims
                                            if not any(v["role"] == "mutant" for v in c.get("mutants") or [])),
            "gaps": gaps,
            "gaps_unexplained": sum(not g["variants_note"] for g in gaps),
        },
        "resolution": {
            "parameters": len(resolution),
            "none_refuted": sum(r["smallest_refuted"] == "none refuted" for r in resolution),
            "poor_resolution": [f'{c["id"]}: {name}' for c in claims for name in poor_resolution(c.get("resolution") or {})],
            "seconds": round(sum((c.get("resolution") or {}).get("seconds", 0) for c in claims), 2),
            "table": resolution,
        },
    }


def add_standing(claims: list[dict]) -> None:
    """Set each claim's ``standing`` and ``standing_because`` and, on each refuted claim with a
    substantive severity, ``puts_in_question`` (see :mod:`theorems.standing`), from the claims'
    ``uses``.  Computed over the claims given: on a partial run, a used claim that did not run is
    left out of the graph (so is what it would carry through), and standing covers the claims run."""
    ran = {c["id"] for c in claims}
    verdicts = {c["id"]: c["verdict"] for c in claims}
    severities = {c["id"]: c.get("severity") for c in claims}
    uses = {c["id"]: [u for u in c.get("uses") or () if u in ran] for c in claims}
    stand = standing(verdicts, severities, uses)
    question = puts_in_question(verdicts, severities, uses)
    for c in claims:
        c["standing"] = stand[c["id"]]["standing"]
        c["standing_because"] = stand[c["id"]]["because"]
        if c["verdict"] == "refuted":
            c["puts_in_question"] = question.get(c["id"], [])


def build_results(claims: list[dict], profile: str, root: Path, run_seconds: float,
                  baseline: dict[str, Any] | None, baseline_path: str | None,
                  missing_documents: list[str] = ()) -> dict[str, Any]:
    add_standing(claims)
    results: dict[str, Any] = {
        "schema": SCHEMA,
        "profile": profile,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(root),
        "environment": environment(),
        "run_seconds": round(run_seconds, 2),
        "documents": {doc: DOCUMENT_TITLES.get(doc, doc) for doc in sorted({c["source"]["document"] for c in claims})},
        "run_status": run_status(claims, list(missing_documents)),
        "claims": sorted(claims, key=lambda c: c["id"]),
        "summary": summarise(claims),
    }
    inventory = load_inventory()
    if inventory:
        verdicts = {c["id"]: c["verdict"] for c in claims}
        results["inventory"] = coverage_map({doc: items for doc, items in inventory.items()
                                             if doc in results["documents"]}, verdicts)
    ids = catalogue_ids()
    if ids:
        run_families = {c["id"].split(".", 1)[0] for c in claims}
        results["catalogue"] = {"path": "theorems/catalogue.py", "coverage": coverage(
            claims, [i for i in ids if i.split(".", 1)[0] in run_families])}
    if baseline is not None:
        from .diff import compare

        results["baseline"] = {"path": Path(baseline_path).name if baseline_path else None,
                               "commit": baseline.get("commit"), "profile": baseline.get("profile"),
                               "changes": verdict_changes(results["claims"], baseline, list(missing_documents))}
        results["baseline"]["diff"] = compare(baseline, results)
    return results


#: File names of a complete run's report and of a partial one (a filtered or interrupted run),
#: which is written beside the complete report instead of replacing it.
REPORT_FILES = {"complete": {"json": "results.json", "html": "index.html", "junit": "junit.xml"},
                "partial": {"json": "partial.json", "html": "partial.html", "junit": "partial.junit.xml"}}


def write_report(results: dict[str, Any], out_dir: Path) -> dict[str, Path]:
    """Write the JSON, HTML and JUnit XML report under ``out_dir`` (``partial.*`` when ``results`` is
    marked partial, so a complete report is never replaced by a filtered one; a complete report
    removes the partial files an earlier filtered run left, which it supersedes); returns the paths."""
    from .html import render_html
    from .junit import to_junit_xml

    names = REPORT_FILES["partial" if results.get("partial") else "complete"]
    paths = {kind: out_dir / name for kind, name in names.items()}
    atomic_write_text(paths["json"], json.dumps(results, indent=1, ensure_ascii=False, allow_nan=False))
    atomic_write_text(paths["junit"], to_junit_xml(results))
    atomic_write_text(paths["html"], render_html(results, out_dir))
    if not results.get("partial"):
        for stale in REPORT_FILES["partial"].values():
            (out_dir / stale).unlink(missing_ok=True)
    return paths