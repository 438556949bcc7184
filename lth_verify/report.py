"""Assemble results.json (schema 2) and write both report files atomically.

Schema 2 adds per claim: ``origin``, ``severity``, ``scope``, ``reading``,
``charitable_reading``, ``by_construction``, ``correction``, ``finding``, ``would_decide`` and
``mutants`` (each variant's description, role, expected and computed verdict), and per run a
``summary`` of findings by document and severity and the mutation score.  A baseline may be
of either schema: only ``id`` and ``verdict`` are compared."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from empirical.atomic import atomic_write_text
from theorems.registry import DOCUMENT_TITLES
from theorems.catalogue import catalogue_ids, coverage

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


def verdict_changes(claims: list[dict], baseline: dict[str, Any]) -> list[dict]:
    """Claims of this run whose verdict differs from the baseline's (``before`` is None for a
    claim the baseline lacks); claims this run did not check are not compared."""
    before = {c["id"]: c.get("verdict") for c in baseline["claims"]}
    return [{"id": c["id"], "before": before.get(c["id"]), "after": c["verdict"]}
            for c in sorted(claims, key=lambda c: c["id"]) if before.get(c["id"]) != c["verdict"]]


def summarise(claims: list[dict]) -> dict[str, Any]:
    """Findings per document (document claims only) by verdict and by severity, the claims
    that hold by construction, and the mutation score over the variants that could run."""
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
    mutants = [v for v in variants if v["role"] == "mutant" and v["killed"] is not None]
    controls = [v for v in variants if v["role"] == "control" and v["killed"] is not None]
    killed = sum(bool(v["killed"]) for v in mutants)
    return {
        "by_document": by_document,
        "by_construction": sorted(c["id"] for c in claims if c.get("by_construction")),
        "mutation": {
            "mutants": len(mutants), "refuted": killed,
            "score": round(killed / len(mutants), 4) if mutants else None,
            "controls": len(controls), "controls_verified": sum(bool(v["killed"]) for v in controls),
            "not_evaluated": sum(v["killed"] is None for v in variants),
            "claims_without_mutant": sorted(c["id"] for c in claims
                                            if not any(v["role"] == "mutant" for v in c.get("mutants") or [])),
        },
    }


def build_results(claims: list[dict], profile: str, root: Path, run_seconds: float,
                  baseline: dict[str, Any] | None, baseline_path: str | None) -> dict[str, Any]:
    results: dict[str, Any] = {
        "schema": SCHEMA,
        "profile": profile,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(root),
        "environment": environment(),
        "run_seconds": round(run_seconds, 2),
        "documents": {doc: DOCUMENT_TITLES.get(doc, doc) for doc in sorted({c["source"]["document"] for c in claims})},
        "claims": sorted(claims, key=lambda c: c["id"]),
        "summary": summarise(claims),
    }
    ids = catalogue_ids()
    if ids:
        run_families = {c["id"].split(".", 1)[0] for c in claims}
        results["catalogue"] = {"path": "theorems/catalogue.py", "coverage": coverage(
            claims, [i for i in ids if i.split(".", 1)[0] in run_families])}
    if baseline is not None:
        results["baseline"] = {"path": Path(baseline_path).name if baseline_path else None, "commit": baseline.get("commit"), "profile": baseline.get("profile"),
                               "changes": verdict_changes(results["claims"], baseline)}
    return results


#: File names of a complete run's report and of a partial one (a filtered or interrupted run),
#: which is written beside the complete report instead of replacing it.
REPORT_FILES = {"complete": ("results.json", "index.html"), "partial": ("partial.json", "partial.html")}


def write_report(results: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write the JSON and HTML report under ``out_dir`` (``partial.*`` when ``results`` is marked
    partial, so a complete report is never replaced by a filtered one); returns both paths."""
    from .html import render_html

    json_name, html_name = REPORT_FILES["partial" if results.get("partial") else "complete"]
    json_path, html_path = out_dir / json_name, out_dir / html_name
    atomic_write_text(json_path, json.dumps(results, indent=1, ensure_ascii=False, allow_nan=False))
    atomic_write_text(html_path, render_html(results, out_dir))
    return json_path, html_path
