"""A run's results as a JUnit XML report, for CI systems that show test results.

One ``<testsuite>`` per source document, one ``<testcase>`` per claim.  A claim fails when its
computed verdict differs from its recorded one or when one of its variants survives (``killed``
False); a check that raised is an error; a skipped check is skipped, including a claim not
re-checked because its document is missing (never a failure).  Each test case carries its
verdicts, severity and profile as properties and the finding, what would decide it and the
decision detail as ``<system-out>``.  Characters XML 1.0 forbids are removed from all text.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from empirical.atomic import atomic_write_text

from .report import not_rechecked, surviving_variants

#: Everything outside XML 1.0's Char production (control characters, lone surrogates, U+FFFE/F).
_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_COUNTS = ("tests", "failures", "errors", "skipped")
#: The count each outcome element adds to.
_COUNTED_AS = {"failure": "failures", "error": "errors", "skipped": "skipped"}


def _clean(text: object) -> str:
    """``text`` as a string XML 1.0 can hold."""
    return _FORBIDDEN.sub("", str(text))


def _outcome(claim: dict, missing: set[str]) -> tuple[str, str, str] | None:
    """(tag, message, text) of the claim's ``failure``, ``error`` or ``skipped`` element, or None if it passes."""
    verdict, recorded = claim["verdict"], claim.get("recorded_verdict")
    document = claim["source"]["document"]
    notes = claim.get("notes") or ""
    if verdict == "error":
        return "error", f"the check raised an error (recorded {recorded})", notes
    if not_rechecked(claim, missing):
        return "skipped", f"not re-checked: document {document} missing (recorded {recorded})", notes
    problems = [f"computed {verdict}, recorded {recorded}"] if verdict != recorded else []
    problems += [f"surviving {v['role']}: {v['description']}" for v in surviving_variants(claim)]
    if problems:
        return "failure", "; ".join(problems), "\n".join(problems)
    if verdict == "skipped":
        return "skipped", notes, ""
    return None


def _testcase(claim: dict, profile: str | None, missing: set[str]) -> tuple[ET.Element, str | None]:
    """The claim's ``<testcase>`` and its outcome tag (None if it passes)."""
    document = claim["source"]["document"]
    case = ET.Element("testcase", {
        "classname": _clean(document.removesuffix(".md").replace("-", ".")),
        "name": _clean(claim["id"]),
        "time": f"{claim.get('duration_s') or 0.0:.3f}",
    })
    properties = ET.SubElement(case, "properties")
    values = {"verdict": claim["verdict"], "recorded_verdict": claim.get("recorded_verdict"),
              "severity": claim.get("severity"), "profile": claim.get("profile") or profile}
    for name, value in values.items():
        if value is not None:
            ET.SubElement(properties, "property", {"name": name, "value": _clean(value)})
    outcome = _outcome(claim, missing)
    if outcome is not None:
        tag, message, text = outcome
        element = ET.SubElement(case, tag, {"message": _clean(message)})
        element.text = _clean(text) or None
    out = [f"{label}: {claim[key]}" for key, label in
           (("finding", "finding"), ("would_decide", "would decide"), ("decision_detail", "decision detail"))
           if claim.get(key)]
    ET.SubElement(case, "system-out").text = _clean("\n".join(out)) or None
    return case, None if outcome is None else outcome[0]


def _set_counts(element: ET.Element, counts: dict[str, int], seconds: float) -> None:
    for key in _COUNTS:
        element.set(key, str(counts[key]))
    element.set("time", f"{seconds:.3f}")


def to_junit_xml(results: dict) -> str:
    """The JUnit XML text of a results.json dict (schema 2): ``<testsuites>`` with the totals,
    one ``<testsuite>`` per document (sorted by name), one ``<testcase>`` per claim."""
    missing = set((results.get("run_status") or {}).get("missing_documents") or [])
    by_document: dict[str, list[dict]] = {}
    for claim in results["claims"]:
        by_document.setdefault(claim["source"]["document"], []).append(claim)
    root = ET.Element("testsuites", {"name": "lth-verify"})
    totals = dict.fromkeys(_COUNTS, 0)
    total_time = 0.0
    for document in sorted(by_document):
        suite = ET.SubElement(root, "testsuite", {"name": _clean(document)})
        counts = dict.fromkeys(_COUNTS, 0)
        seconds = 0.0
        for claim in by_document[document]:
            case, tag = _testcase(claim, results.get("profile"), missing)
            suite.append(case)
            counts["tests"] += 1
            if tag is not None:
                counts[_COUNTED_AS[tag]] += 1
            seconds += claim.get("duration_s") or 0.0
        _set_counts(suite, counts, seconds)
        totals = {key: totals[key] + counts[key] for key in _COUNTS}
        total_time += seconds
    _set_counts(root, totals, total_time)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(results: dict, path: str | Path) -> None:
    """Write :func:`to_junit_xml` of ``results`` to ``path`` atomically (UTF-8)."""
    atomic_write_text(Path(path), to_junit_xml(results))
