"""Differences between two saved runs (two results.json files, schema 1 or 2).

:func:`compare` lines up the claims of an old and a new run by id and lists what changed: verdicts,
severities, claims added or removed, new findings and variants (mutants and controls) that survive
in the new run.  A claim the new run skipped because its source document is missing there is not
compared (a missing document says nothing about the claim).  :func:`failures` turns a diff into the
reasons a CI job fails under the chosen policies; :func:`to_text` and :func:`to_markdown` render it
for a terminal and for a pull-request comment.

A schema-1 run carries only each claim's id and verdict: against it severities are not compared
and every variant that survives in the new run counts as newly surviving.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .report import SEVERITIES, surviving_variants

#: What :func:`failures` can fail on: a verdict or severity change or a claim added or removed
#: (``change``), a new finding (``finding``), a variant that survives in the new run (``mutant``).
POLICIES = ("change", "finding", "mutant")


def parse_policies(text: str | None, change: bool = False) -> list[str]:
    """The policies named in ``text`` (comma-separated; ``none`` alone names none), plus ``change``
    when ``change`` is set (``--fail-on-change``).  An unknown name raises ValueError naming it."""
    names = [] if text is None else [p.strip() for p in text.split(",") if p.strip()]
    if names == ["none"]:
        names = []
    bad = [p for p in names if p not in POLICIES]
    if bad:
        raise ValueError(f"--fail-on {bad[0]!r} is not a policy (choose from {', '.join(POLICIES)}, or none)")
    return sorted(set(names) | ({"change"} if change else set()))

#: Sections of a diff that are differences (in the order of the summary line), with their names.
_SECTIONS = (
    ("verdict_changes", "verdict change", "verdict changes"),
    ("severity_changes", "severity change", "severity changes"),
    ("new_claims", "new claim", "new claims"),
    ("removed_claims", "removed claim", "removed claims"),
    ("new_findings", "new finding", "new findings"),
    ("surviving_mutants", "newly surviving variant", "newly surviving variants"),
    ("fixed_mutants", "variant killed again", "variants killed again"),
)
#: Sections that are information, not differences.
_INFO = (
    ("still_surviving", "variant still surviving", "variants still surviving"),
    ("not_compared", "claim not compared", "claims not compared"),
)
_NONE = "—"


def _severity_rank(severity: str | None) -> int:
    """Position in :data:`SEVERITIES` (0 = worst); an unknown name ranks below all, None lowest."""
    if severity is None:
        return len(SEVERITIES) + 1
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def _variant_changes(old: dict | None, new: dict) -> dict[str, list[dict]]:
    """A claim's variants that survive in ``new`` but did not in ``old`` (``surviving_mutants``),
    that survive in both (``still_surviving``), and that survived in ``old`` and are killed in
    ``new`` (``fixed_mutants``)."""
    survived = [] if old is None else surviving_variants(old)
    survived_before = {v["description"] for v in survived}
    now = {v["description"]: v for v in new.get("mutants") or []}
    survivors = surviving_variants(new)
    return {
        "surviving_mutants": [v for v in survivors if v["description"] not in survived_before],
        "still_surviving": [v for v in survivors if v["description"] in survived_before],
        "fixed_mutants": [v for v in survived if now.get(v["description"], {}).get("killed") is True],
    }


def _not_compared(old: dict, new: dict, missing: set[str]) -> bool:
    return (new["verdict"] == "skipped" and old["verdict"] != "skipped"
            and (new.get("source") or {}).get("document") in missing)


def _finding(old: dict | None, new: dict) -> dict | None:
    """The new claim record as a new finding (refuted now but not before, or refuted in both with
    a severity that appeared or got worse), or None.  Without an old severity (schema 1) only a
    newly refuted claim counts."""
    if new["verdict"] != "refuted":
        return None
    entry = {"id": new["id"], "before": None if old is None else old["verdict"],
             "severity_before": None if old is None else old.get("severity"),
             "severity": new.get("severity"), "finding": new.get("finding")}
    if old is None or old["verdict"] != "refuted":
        return entry
    if "severity" in old and _severity_rank(new.get("severity")) < _severity_rank(old.get("severity")):
        return entry
    return None


def compare(old: dict, new: dict) -> dict:
    """The differences from run ``old`` to run ``new`` (results.json dicts, schema 1 or 2).

    Keys: ``verdict_changes``, ``severity_changes`` ({id, before, after}); ``new_claims`` ({id,
    verdict}); ``removed_claims`` (ids); ``new_findings`` ({id, before, severity_before, severity,
    finding}); ``surviving_mutants`` (variants with ``killed`` False in ``new`` that were not in
    ``old``), ``still_surviving`` (False in both) and ``fixed_mutants`` (False before, True now),
    each {id, description, role}; ``not_compared`` ({id, before, document}: skipped in ``new``
    because its document is missing there); ``profiles`` ({old, new, same}); ``warnings``."""
    old_claims = {c["id"]: c for c in old["claims"]}
    new_claims = {c["id"]: c for c in new["claims"]}
    missing = set((new.get("run_status") or {}).get("missing_documents") or [])
    diff: dict[str, Any] = {key: [] for key, _, _ in _SECTIONS + _INFO}
    diff["removed_claims"] = sorted(set(old_claims) - set(new_claims))
    for cid in sorted(new_claims):
        n, o = new_claims[cid], old_claims.get(cid)
        if o is None:
            diff["new_claims"].append({"id": cid, "verdict": n["verdict"]})
        elif _not_compared(o, n, missing):
            diff["not_compared"].append({"id": cid, "before": o["verdict"],
                                         "document": n["source"]["document"]})
            continue
        else:
            if o["verdict"] != n["verdict"]:
                diff["verdict_changes"].append({"id": cid, "before": o["verdict"], "after": n["verdict"]})
            if "severity" in o and o.get("severity") != n.get("severity"):
                diff["severity_changes"].append({"id": cid, "before": o.get("severity"),
                                             "after": n.get("severity")})
        finding = _finding(o, n)
        if finding is not None:
            diff["new_findings"].append(finding)
        for key, variants in _variant_changes(o, n).items():
            diff[key] += [{"id": cid, "description": v["description"], "role": v["role"]} for v in variants]
    profiles = {"old": old.get("profile"), "new": new.get("profile")}
    profiles["same"] = profiles["old"] == profiles["new"]
    diff["profiles"] = profiles
    diff["warnings"] = []
    if not profiles["same"]:
        diff["warnings"].append(f"profiles differ (old {profiles['old']}, new {profiles['new']}): "
                                "verdicts may differ for that reason alone")
    if old.get("schema", 1) < 2:
        diff["warnings"].append("the old run is schema 1 (ids and verdicts only): severities are not compared "
                                "and every variant surviving in the new run counts as newly surviving")
    return diff


def failures(diff: dict, policies: Iterable[str]) -> list[str]:
    """Why ``diff`` fails under ``policies`` (a subset of :data:`POLICIES`); empty if it passes.
    ``mutant`` fails on every variant that survives in the new run, new or not."""
    policies = (policies,) if isinstance(policies, str) else tuple(policies)
    unknown = [p for p in policies if p not in POLICIES]
    if unknown:
        raise ValueError(f"unknown policy {', '.join(map(repr, unknown))}; allowed: {', '.join(POLICIES)}")
    reasons: list[str] = []
    if "change" in policies:
        reasons += [f"{c['id']}: verdict {c['before']} -> {c['after']}" for c in diff["verdict_changes"]]
        reasons += [f"{c['id']}: severity {c['before'] or 'none'} -> {c['after'] or 'none'}"
                    for c in diff["severity_changes"]]
        reasons += [f"{c['id']}: new claim ({c['verdict']})" for c in diff["new_claims"]]
        reasons += [f"{cid}: claim removed" for cid in diff["removed_claims"]]
    if "finding" in policies:
        reasons += [f"{c['id']}: new finding (refuted, severity {c['severity'] or 'none'})" for c in diff["new_findings"]]
    if "mutant" in policies:
        reasons += [f"{v['id']}: {v['role']} survives: {v['description']}"
                    for v in diff["surviving_mutants"] + diff["still_surviving"]]
    return reasons


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(diff: dict) -> str:
    """One line: the count of each kind of difference, or "no differences" (with the counts of
    variants still surviving and claims not compared in parentheses)."""
    parts = [_count(len(diff[key]), one, many) for key, one, many in _SECTIONS if diff[key]]
    info = [_count(len(diff[key]), one, many) for key, one, many in _INFO if diff[key]]
    line = ", ".join(parts) if parts else "no differences"
    return f"{line} ({', '.join(info)})" if info else line


def _rows(diff: dict) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Each non-empty section as (title, rows of (claim, before, after))."""
    def severity(s: str | None) -> str:
        return s or _NONE

    def state(v: dict, what: str) -> str:
        return f"{what} ({v['role']}): {v['description']}"

    sections = [
        ("Verdict changes", [(c["id"], c["before"], c["after"]) for c in diff["verdict_changes"]]),
        ("Severity changes", [(c["id"], severity(c["before"]), severity(c["after"]))
                              for c in diff["severity_changes"]]),
        ("New claims", [(c["id"], _NONE, c["verdict"]) for c in diff["new_claims"]]),
        ("Removed claims", [(cid, "present", "removed") for cid in diff["removed_claims"]]),
        ("New findings", [(c["id"], f"{c['before'] or _NONE} ({severity(c['severity_before'])})",
                           f"refuted ({severity(c['severity'])})" + (f": {c['finding']}" if c["finding"] else ""))
                          for c in diff["new_findings"]]),
        ("Newly surviving variants", [(v["id"], "not surviving", state(v, "survives"))
                                      for v in diff["surviving_mutants"]]),
        ("Variants killed again", [(v["id"], "survived", state(v, "killed")) for v in diff["fixed_mutants"]]),
        ("Variants still surviving", [(v["id"], "survived", state(v, "survives")) for v in diff["still_surviving"]]),
        ("Not compared (document missing in the new run)",
         [(c["id"], c["before"], f"skipped: {c['document']} missing") for c in diff["not_compared"]]),
    ]
    return [(title, rows) for title, rows in sections if rows]


def to_text(diff: dict) -> str:
    """The diff for a terminal: the summary line, any warnings, then a fixed-width table (claim,
    before, after) with one titled block per non-empty section."""
    lines = [summary(diff)] + [f"warning: {w}" for w in diff["warnings"]]
    sections = _rows(diff)
    if sections:
        rows = [row for _, block in sections for row in block]
        w_claim = max(len("claim"), *(len(r[0]) for r in rows))
        w_before = max(len("before"), *(len(r[1]) for r in rows))
        lines += ["", f"{'claim':<{w_claim}}  {'before':<{w_before}}  after"]
        for title, block in sections:
            lines += ["", f"{title}:"] + [f"{c:<{w_claim}}  {b:<{w_before}}  {a}" for c, b, a in block]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """A Markdown table cell: pipes escaped, line breaks as spaces."""
    return " ".join(str(text).split()).replace("|", "\\|")


def to_markdown(diff: dict, old_label: str, new_label: str) -> str:
    """The diff as a pull-request comment: a heading naming both runs, the summary line, warnings,
    and one GitHub table per non-empty section (claim ids in backticks)."""
    lines = [f"## lth-verify: {_cell(old_label)} → {_cell(new_label)}", "", f"**{summary(diff)}**"]
    if diff["warnings"]:
        lines += [""] + [f"- ⚠️ {_cell(w)}" for w in diff["warnings"]]
    for title, block in _rows(diff):
        lines += ["", f"### {title}", "", "| Claim | Before | After |", "| --- | --- | --- |"]
        lines += [f"| `{_cell(c)}` | {_cell(b)} | {_cell(a)} |" for c, b, a in block]
    return "\n".join(lines) + "\n"
