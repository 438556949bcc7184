"""Comparing two saved runs (:mod:`lth_verify.diff`) and the JUnit report of a run
(:mod:`lth_verify.junit`), on small results dicts built here."""
from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET

import pytest

from lth_verify.diff import POLICIES, compare, failures, to_markdown, to_text
from lth_verify.junit import to_junit_xml, write_junit
from lth_verify.report import load_baseline

DOC_A = "alpha-paper.md"
DOC_B = "beta-thesis.md"


def variant(description: str, killed: bool | None, role: str = "mutant") -> dict:
    expect = "refuted" if role == "mutant" else "verified"
    return {"description": description, "role": role, "expect": expect,
            "verdict": expect if killed else "verified" if role == "mutant" else "refuted",
            "killed": killed, "informative": killed, "notes": ""}


def claim(cid: str, verdict: str, *, document: str = DOC_A, recorded: str | None = None,
          severity: str | None = None, mutants: list[dict] | None = None, **extra) -> dict:
    record = {"id": cid, "title": f"title of {cid}", "source": {"document": document, "location": "§1"},
              "kind": "exact", "origin": "document", "verdict": verdict,
              "recorded_verdict": verdict if recorded is None else recorded, "severity": severity,
              "finding": None, "would_decide": None, "notes": "", "decision_detail": "", "duration_s": 0.5,
              "mutants": mutants if mutants is not None else [variant(f"{cid} wrong", True)]}
    record.update(extra)
    return record


def run(claims: list[dict], profile: str = "quick", missing: list[str] = ()) -> dict:
    results = {"schema": 2, "profile": profile, "commit": "abc", "created": "2026-01-01T00:00:00+00:00",
               "claims": claims, "summary": {}}
    if missing:
        results["run_status"] = {"missing_documents": sorted(missing)}
    return results


@pytest.fixture
def old() -> dict:
    return run([
        claim("a.same", "verified"),
        claim("a.flip", "verified"),
        claim("a.worse", "refuted", severity="typo", finding="off by one"),
        claim("a.gone", "verified"),
        claim("a.mutants", "verified", mutants=[variant("keeps dying", True), variant("was alive", False),
                                                variant("still alive", False), variant("not run", None)]),
        claim("b.skipped", "refuted", document=DOC_B, severity="false"),
    ])


@pytest.fixture
def new(old) -> dict:
    results = copy.deepcopy(old)
    by_id = {c["id"]: c for c in results["claims"]}
    by_id["a.flip"].update(verdict="refuted", severity="proof-gap", finding="a gap in step 2")
    by_id["a.worse"]["severity"] = "false"
    by_id["a.mutants"]["mutants"] = [variant("keeps dying", True), variant("was alive", True),
                                     variant("still alive", False), variant("not run", False),
                                     variant("brand new", False, role="control")]
    by_id["b.skipped"].update(verdict="skipped", severity=None, mutants=[variant("b.skipped wrong", None)])
    results["claims"] = [c for c in results["claims"] if c["id"] != "a.gone"]
    results["claims"].append(claim("a.added", "refuted", severity="typo"))
    results["run_status"] = {"missing_documents": [DOC_B]}
    return results


# --- compare -------------------------------------------------------------------------------------


def test_each_section_of_the_diff(old, new):
    diff = compare(old, new)
    assert diff["verdict_changes"] == [{"id": "a.flip", "before": "verified", "after": "refuted"}]
    assert diff["severity_changes"] == [{"id": "a.flip", "before": None, "after": "proof-gap"},
                                        {"id": "a.worse", "before": "typo", "after": "false"}]
    assert diff["new_claims"] == [{"id": "a.added", "verdict": "refuted"}]
    assert diff["removed_claims"] == ["a.gone"]
    assert [(f["id"], f["before"], f["severity"]) for f in diff["new_findings"]] == [
        ("a.added", None, "typo"), ("a.flip", "verified", "proof-gap"), ("a.worse", "refuted", "false")]
    assert diff["surviving_mutants"] == [{"id": "a.mutants", "description": "not run", "role": "mutant"},
                                         {"id": "a.mutants", "description": "brand new", "role": "control"}]
    assert diff["still_surviving"] == [{"id": "a.mutants", "description": "still alive", "role": "mutant"}]
    assert diff["fixed_mutants"] == [{"id": "a.mutants", "description": "was alive", "role": "mutant"}]
    assert diff["profiles"] == {"old": "quick", "new": "quick", "same": True} and diff["warnings"] == []


def test_a_milder_severity_is_a_change_but_not_a_new_finding(old):
    new = copy.deepcopy(old)
    new["claims"][2]["severity"] = "proof-gap"  # a.worse: false -> proof-gap is milder
    old["claims"][2]["severity"] = "false"
    diff = compare(old, new)
    assert diff["severity_changes"] == [{"id": "a.worse", "before": "false", "after": "proof-gap"}]
    assert diff["new_findings"] == []


def test_a_skip_for_a_missing_document_is_not_compared(old, new):
    diff = compare(old, new)
    assert diff["not_compared"] == [{"id": "b.skipped", "before": "refuted", "document": DOC_B}]
    everywhere = [c["id"] for key in ("verdict_changes", "severity_changes", "new_findings", "surviving_mutants")
                  for c in diff[key]]
    assert "b.skipped" not in everywhere
    assert not any("b.skipped" in reason for reason in failures(diff, POLICIES))


def test_a_skip_without_a_missing_document_is_a_change(old, new):
    del new["run_status"]
    diff = compare(old, new)
    assert {"id": "b.skipped", "before": "refuted", "after": "skipped"} in diff["verdict_changes"]
    assert diff["not_compared"] == []


def test_identical_runs_have_no_differences(old):
    diff = compare(old, copy.deepcopy(old))
    assert failures(diff, ("change", "finding")) == []
    assert to_text(diff).splitlines()[0] == "no differences (2 variants still surviving)"


def test_different_profiles_are_a_warning_not_a_difference(old):
    new = copy.deepcopy(old)
    new["profile"] = "standard"
    diff = compare(old, new)
    assert diff["profiles"] == {"old": "quick", "new": "standard", "same": False}
    assert any("profiles differ" in w for w in diff["warnings"])
    assert failures(diff, ("change", "finding")) == []
    assert "profiles differ" in to_text(diff) and "profiles differ" in to_markdown(diff, "main", "pr")


def test_a_schema_1_baseline_compares_ids_and_verdicts(new, tmp_path):
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"schema": 1, "profile": "quick", "claims": [
        {"id": "a.same", "verdict": "verified"}, {"id": "a.flip", "verdict": "verified"},
        {"id": "a.worse", "verdict": "refuted"}, {"id": "a.mutants", "verdict": "verified"},
        {"id": "b.skipped", "verdict": "refuted"}, {"id": "a.gone", "verdict": "verified"}]}))
    diff = compare(load_baseline(path), new)
    assert diff["verdict_changes"] == [{"id": "a.flip", "before": "verified", "after": "refuted"}]
    assert diff["severity_changes"] == []  # schema 1 has no severities
    assert [f["id"] for f in diff["new_findings"]] == ["a.added", "a.flip"]
    assert diff["removed_claims"] == ["a.gone"] and diff["new_claims"] == [{"id": "a.added", "verdict": "refuted"}]
    assert [v["description"] for v in diff["surviving_mutants"]] == ["still alive", "not run", "brand new"]
    assert [c["id"] for c in diff["not_compared"]] == ["b.skipped"]
    assert any("schema 1" in w for w in diff["warnings"])


# --- failures ------------------------------------------------------------------------------------


def test_change_policy(old, new):
    reasons = failures(compare(old, new), ["change"])
    assert reasons == ["a.flip: verdict verified -> refuted", "a.flip: severity none -> proof-gap",
                       "a.worse: severity typo -> false", "a.added: new claim (refuted)", "a.gone: claim removed"]


def test_finding_policy(old, new):
    reasons = failures(compare(old, new), ["finding"])
    assert [r.split(":")[0] for r in reasons] == ["a.added", "a.flip", "a.worse"]


def test_mutant_policy_counts_old_and_new_survivors(old, new):
    reasons = failures(compare(old, new), ("mutant",))
    assert sorted(reasons) == ["a.mutants: control survives: brand new", "a.mutants: mutant survives: not run",
                               "a.mutants: mutant survives: still alive"]
    assert failures(compare(old, copy.deepcopy(old)), ["mutant"]) == ["a.mutants: mutant survives: was alive",
                                                                      "a.mutants: mutant survives: still alive"]


def test_no_policy_never_fails(old, new):
    assert failures(compare(old, new), []) == []


def test_unknown_policy_is_an_error_naming_the_allowed_ones(old):
    with pytest.raises(ValueError, match=r"'changes'.*change, finding, mutant"):
        failures(compare(old, old), ["finding", "changes"])


# --- rendering -----------------------------------------------------------------------------------


def test_text_output_starts_with_the_summary_and_shows_the_change(old, new):
    text = to_text(compare(old, new))
    lines = text.splitlines()
    assert lines[0] == ("1 verdict change, 2 severity changes, 1 new claim, 1 removed claim, 3 new findings, "
                        "2 newly surviving variants, 1 variant killed again "
                        "(1 variant still surviving, 1 claim not compared)")
    row = next(line for line in lines if line.startswith("a.flip ") and "verified" in line)
    assert row.split() == ["a.flip", "verified", "refuted"]
    header = next(line for line in lines if line.startswith("claim"))
    assert header.index("before") == row.index("verified") and header.index("after") == row.index("refuted")


def test_markdown_has_a_heading_summary_and_escaped_tables(old, new):
    new["claims"][1]["finding"] = "p | q\nholds"
    md = to_markdown(compare(old, new), "main", "pr-7")
    lines = md.splitlines()
    assert lines[0].startswith("## ") and "main" in lines[0] and "pr-7" in lines[0]
    assert "1 verdict change" in md
    assert "### Verdict changes" in md and "| `a.flip` | verified | refuted |" in lines
    finding_row = next(line for line in lines if line.startswith("| `a.flip` |") and "p \\| q" in line)
    assert finding_row.endswith("refuted (proof-gap): p \\| q holds |")
    for line in lines:
        if line.startswith("|"):  # every row has three cells: no unescaped pipe splits one
            assert line.replace("\\|", "").count("|") == 4


def test_markdown_of_no_differences(old):
    md = to_markdown(compare(old, copy.deepcopy(old)), "a", "b")
    assert "no differences" in md and "### Verdict changes" not in md


# --- JUnit ---------------------------------------------------------------------------------------


def junit_run() -> dict:
    return run([
        claim("a.pass", "verified", finding=None, would_decide="a bigger grid", decision_detail="max error 1e-9"),
        claim("a.differs", "refuted", recorded="verified", severity="false", finding="fails at n = 3"),
        claim("a.survivor", "verified", mutants=[variant("off by two", False), variant("ok", True)]),
        claim("a.error", "error", recorded="verified", notes="ZeroDivisionError: division by zero"),
        claim("a.skip", "skipped", notes="needs ImageNet"),
        claim("b.missing", "skipped", document=DOC_B, recorded="refuted", mutants=[variant("m", None)]),
        claim("b.weird", "verified", document=DOC_B, finding="a < b & c\x00 > d\x1b", title="x"),
    ], missing=[DOC_B])


def cases(root: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name"): case for case in root.iter("testcase")}


def test_junit_suites_cases_and_counts():
    root = ET.fromstring(to_junit_xml(junit_run()))
    assert root.tag == "testsuites"
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped", "time")} == {
        "tests": "7", "failures": "2", "errors": "1", "skipped": "2", "time": "3.500"}
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == [DOC_A, DOC_B]
    assert {k: suites[DOC_A].get(k) for k in ("tests", "failures", "errors", "skipped", "time")} == {
        "tests": "5", "failures": "2", "errors": "1", "skipped": "1", "time": "2.500"}
    assert {k: suites[DOC_B].get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "2", "failures": "0", "errors": "0", "skipped": "1"}
    case = suites[DOC_A].find("testcase")
    assert (case.get("classname"), case.get("name"), case.get("time")) == ("alpha.paper", "a.pass", "0.500")


def test_junit_outcomes():
    by_name = cases(ET.fromstring(to_junit_xml(junit_run())))
    assert [child.tag for child in by_name["a.pass"]] == ["properties", "system-out"]
    assert by_name["a.differs"].find("failure").get("message") == "computed refuted, recorded verified"
    assert "off by two" in by_name["a.survivor"].find("failure").get("message")
    assert by_name["a.error"].find("error").text == "ZeroDivisionError: division by zero"
    assert by_name["a.skip"].find("skipped").get("message") == "needs ImageNet"
    missing = by_name["b.missing"]
    assert missing.find("failure") is None and DOC_B in missing.find("skipped").get("message")


def test_junit_properties_and_output():
    by_name = cases(ET.fromstring(to_junit_xml(junit_run())))
    props = {p.get("name"): p.get("value") for p in by_name["a.differs"].iter("property")}
    assert props == {"verdict": "refuted", "recorded_verdict": "verified", "severity": "false", "profile": "quick"}
    assert "severity" not in {p.get("name") for p in by_name["a.pass"].iter("property")}
    assert by_name["a.pass"].find("system-out").text == "would decide: a bigger grid\ndecision detail: max error 1e-9"


def test_junit_escapes_and_strips_characters():
    results = junit_run()
    results["claims"][0]["id"] = 'a.<pass> & "quoted"\x07'
    xml_text = to_junit_xml(results)
    assert "\x00" not in xml_text and "\x1b" not in xml_text and "\x07" not in xml_text
    by_name = cases(ET.fromstring(xml_text))
    assert by_name["b.weird"].find("system-out").text == "finding: a < b & c > d"
    assert 'a.<pass> & "quoted"' in by_name


def test_a_differing_skip_outside_missing_documents_is_a_failure():
    results = junit_run()
    del results["run_status"]
    by_name = cases(ET.fromstring(to_junit_xml(results)))
    assert by_name["b.missing"].find("failure").get("message") == "computed skipped, recorded refuted"


def test_write_junit(tmp_path):
    target = tmp_path / "out" / "junit.xml"
    write_junit(junit_run(), target)
    assert ET.parse(target).getroot().get("tests") == "7"
    assert [p.name for p in target.parent.iterdir()] == ["junit.xml"]
