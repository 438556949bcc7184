"""The suite's own guarantees: flips fail CI, a surviving mutant fails CI, raising checks become
'error', a reduced-scale measurement cannot refute a document, reports are written from every
xdist worker, baselines of either schema are read, bad CLI input fails with a one-line message."""
import json
import textwrap
from pathlib import Path

import pytest

from lth_verify.cli import main as cli_main
from verify.claim_projects import claim_project

pytest_plugins = ["pytester"]

CLAIMS_MODULE = textwrap.dedent(
    '''
    import pytest
    from lth_verify.pytest_plugin import assert_recorded_verdict
    from theorems.registry import claim, mutant
    from theorems.verdict import Kind, Source, Status, Verdict

    REG = {}
    SRC = Source("tickets-random-pruning-report.md", "§0")

    def register(claim_id, recorded, check, mutants=(mutant("value 2", value=2),), **extra):
        claim(claim_id, title="<b>t</b>", source=SRC, kind=extra.pop("kind", Kind.EXACT),
              statement="s <script>alert(1)</script>", decision_rule="r", recorded=recorded, mutants=mutants,
              registry=REG, **extra)(check)

    def equals_one(ctx, *, value=1):
        return Verdict.from_check(value == 1, checked=1, claimed=value, measured=1, counterexample={"measured": 1})

    register("meta.stable", "verified", equals_one)
    register("meta.flipped", "verified", lambda ctx, *, value=1: Verdict(Status.REFUTED, claimed=1, measured=2,
                                                                         counterexample={"x": 1}))
    def boom(ctx, *, value=1):
        raise RuntimeError("boom")
    register("meta.raises", "verified", boom)
    register("meta.surviving-mutant", "verified", lambda ctx, *, value=1: Verdict(Status.VERIFIED, claimed=value, measured=1))
    register("meta.reduced", "inconclusive", lambda ctx, *, value=2: equals_one(ctx, value=value),
             kind=Kind.EMPIRICAL, scope="reduced", mutants=(mutant("value 3", value=3),))
    register("meta.undecidable", "inconclusive",
             lambda ctx, *, value=1: Verdict(Status.INCONCLUSIVE, claimed=value, measured=None, would_decide="more"))

    '''
)


@pytest.fixture
def meta_project(pytester):
    return claim_project(pytester, "test_meta_claims", CLAIMS_MODULE)


def _results(pytester, name="results.json"):
    """Claim records of the last report: ``results.json`` of a complete run, ``partial.json`` of a filtered one."""
    return {c["id"]: c for c in json.loads((pytester.path / "reports" / name).read_text())["claims"]}


def test_flipped_verdict_fails_and_raising_check_is_error(meta_project):
    result = meta_project.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=4)
    result.stdout.fnmatch_lines(["*meta.flipped: computed verdict 'refuted', recorded 'verified'*"])
    claims = _results(meta_project)
    assert claims["meta.raises"]["verdict"] == "error"
    assert "RuntimeError: boom" in claims["meta.raises"]["evidence"]["traceback"]
    assert claims["meta.flipped"]["counterexample"] == {"x": 1}


def test_surviving_mutant_fails_the_suite(meta_project):
    result = meta_project.runpytest_subprocess("-p", "no:cacheprovider", "-k", "surviving or stable")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*meta.surviving-mutant: mutant 'value 2' got 'verified', must get 'refuted'*"])
    claims = _results(meta_project, "partial.json")
    assert claims["meta.stable"]["mutants"] == [{"description": "value 2", "role": "mutant", "expect": "refuted",
                                                 "verdict": "refuted", "killed": True, "informative": True,
                                                 "notes": ""}]
    assert json.loads((meta_project.path / "reports" / "partial.json").read_text())["summary"]["mutation"][
        "refuted"] == 1


def test_reduced_scale_refutation_is_inconclusive_and_its_mutant_still_decided(meta_project):
    result = meta_project.runpytest_subprocess("-p", "no:cacheprovider", "-k", "reduced")
    result.assert_outcomes(passed=1)
    record = _results(meta_project, "partial.json")["meta.reduced"]
    assert record["verdict"] == "inconclusive" and record["scope"] == "reduced" and record["severity"] is None
    assert "cannot refute the document" in record["decision_detail"] and record["would_decide"]
    assert record["mutants"][0]["verdict"] == "refuted"  # the raw decision, ungated


def test_mutant_of_an_undecidable_claim_fails_in_the_ci_profile_only(meta_project):
    quick = meta_project.runpytest_subprocess("-p", "no:cacheprovider", "-k", "undecidable")
    quick.assert_outcomes(failed=1)
    quick.stdout.fnmatch_lines(["*meta.undecidable: mutant 'value 2' got 'inconclusive', must get 'refuted'*"])
    standard = meta_project.runpytest_subprocess("-p", "no:cacheprovider", "-k", "undecidable", "--profile=standard")
    standard.assert_outcomes(passed=1)
    variant = _results(meta_project, "partial.json")["meta.undecidable"]["mutants"][0]
    assert variant["killed"] is None and "not decidable at the standard budget" in variant["notes"]


def test_report_collects_verdicts_from_all_xdist_workers(meta_project):
    result = meta_project.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=4)
    assert set(_results(meta_project)) == {"meta.stable", "meta.flipped", "meta.raises", "meta.surviving-mutant",
                                           "meta.reduced", "meta.undecidable"}
    html = (meta_project.path / "reports" / "index.html").read_text()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_terminal_prints_tally_flips_and_report_path(meta_project):
    result = meta_project.runpytest_subprocess("-p", "no:cacheprovider", "-k", "stable or flipped")
    result.stdout.fnmatch_lines([
        "lth-verify: 2 claims, profile quick: 1 verified, 1 refuted; mutants refuted 2/2, informative variants 1/2; "
        "1 gap(s)",
        "lth-verify: DIFFERS FROM RECORDED meta.flipped: computed refuted, recorded verified",
        "lth-verify: partial report (-k 'stable or flipped'; a complete report is not replaced): *partial.html*",
    ])


def test_filtered_run_is_marked_partial_and_leaves_the_complete_report_alone(meta_project):
    meta_project.runpytest_subprocess("-p", "no:cacheprovider")
    complete = (meta_project.path / "reports" / "results.json").read_text()
    meta_project.runpytest_subprocess("-p", "no:cacheprovider", "-k", "stable")
    assert (meta_project.path / "reports" / "results.json").read_text() == complete
    partial = json.loads((meta_project.path / "reports" / "partial.json").read_text())
    assert partial["partial"] == {"reasons": ["-k 'stable'"]} and [c["id"] for c in partial["claims"]] == ["meta.stable"]
    assert "Partial run" in (meta_project.path / "reports" / "partial.html").read_text()
    assert "partial" not in json.loads(complete)


def test_fail_on_change_turns_a_baseline_change_into_a_failing_exit(meta_project, tmp_path):
    baseline = tmp_path / "base.json"
    baseline.write_text(json.dumps({"schema": 2, "commit": "abc", "profile": "quick",
                                    "claims": [{"id": "meta.stable", "verdict": "refuted"}]}))
    plain = meta_project.runpytest_subprocess("-p", "no:cacheprovider", "-k", "stable", f"--baseline={baseline}")
    assert plain.ret == pytest.ExitCode.OK
    plain.stdout.fnmatch_lines(["lth-verify: CHANGED SINCE BASELINE meta.stable: refuted -> verified"])
    assert plain.ret == pytest.ExitCode.OK
    strict = meta_project.runpytest_subprocess("-p", "no:cacheprovider", "-k", "stable", f"--baseline={baseline}",
                                               "--fail-on-change")
    assert strict.ret == pytest.ExitCode.TESTS_FAILED


@pytest.mark.parametrize("schema", [1, 2])
def test_baseline_section_lists_changed_verdicts(meta_project, tmp_path, schema):
    baseline = tmp_path / "base.json"
    baseline.write_text(json.dumps({"schema": schema, "commit": "abc", "profile": "quick",
                                    "claims": [{"id": "meta.stable", "verdict": "refuted"}]}))
    meta_project.runpytest_subprocess("-p", "no:cacheprovider", f"--baseline={baseline}")
    results = json.loads((meta_project.path / "reports" / "results.json").read_text())
    changes = {c["id"]: (c["before"], c["after"]) for c in results["baseline"]["changes"]}
    assert results["baseline"]["path"] == "base.json"  # no absolute local path in the report
    assert changes["meta.stable"] == ("refuted", "verified")
    assert "Changes since baseline" in (meta_project.path / "reports" / "index.html").read_text()


def test_bad_profile_is_a_usage_error(meta_project):
    result = meta_project.runpytest_subprocess("--profile", "huge")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown profile 'huge'*"])


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["report", "--profile", "huge"], "unknown profile 'huge'"),
        (["report", "--only", "nothing.*"], "'nothing.*' matches no claim"),
        (["report", "--baseline", "/no/such/file.json"], "/no/such/file.json"),
        (["report", "--baseline", "BAD_SCHEMA"], "is not a schema-1 or 2 results.json"),
        (["list", "--profile", "x"], "unknown profile 'x'"),
        (["report", "--seeds-dir", "/no/such/folder"], "--seeds-dir '/no/such/folder' is not a folder"),
        (["stages", "--only", "nl-everything"], "--only 'nl-everything' is not a stage"),
        (["stages", "--budget-s", "-5"], "--budget-s must be positive, got -5.0"),
        (["unpack", "--from", "/no/such/archives"], "--from '/no/such/archives' is not a folder"),
        (["pack", "--profile", "huge", "--out", "x"], "unknown profile 'huge'"),
    ],
)
def test_cli_rejects_bad_input_with_one_line(argv, needle, capsys, tmp_path):
    if "BAD_SCHEMA" in argv:
        bad = tmp_path / "old.json"
        bad.write_text(json.dumps({"schema": 3, "claims": []}))
        argv = [str(bad) if a == "BAD_SCHEMA" else a for a in argv]
    assert cli_main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


def test_list_has_a_header_and_help_has_no_markup(capsys):
    assert cli_main(["list"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.split()[:4] == ["claim", "document", "recorded", "severity"]
    with pytest.raises(SystemExit):
        cli_main(["--help"])
    assert "``" not in capsys.readouterr().out


def test_missing_source_documents_are_named_loudly(meta_project, tmp_path):
    result = meta_project.runpytest_subprocess("-p", "no:cacheprovider", "-k", "stable", f"--seeds-dir={tmp_path}")
    result.stdout.fnmatch_lines([f"lth-verify: SOURCE DOCUMENTS MISSING from {tmp_path}: *--seeds-dir or $LTH_SEEDS_DIR*"])


def test_source_checks_skip_with_the_reason_when_documents_are_missing(monkeypatch, tmp_path):
    from theorems.context import CheckContext
    from theorems.registry import get_claim
    from theorems.runner import run_check

    monkeypatch.setenv("LTH_SEEDS_DIR", str(tmp_path))
    claim = get_claim("im.linearisation.fixed-point")
    verdict, _ = run_check(claim, CheckContext(claim.id, "quick", tmp_path))
    assert verdict.status.value == "skipped" and claim.source.document in verdict.notes and "--seeds-dir" in verdict.notes
    assert str(tmp_path) not in verdict.notes  # the page shows no absolute path


def test_report_command_defaults_to_the_projects_reports_folder():
    from lth_verify.cli import PROJECT_REPORTS, _parser

    assert _parser().parse_args(["report"]).out == str(PROJECT_REPORTS)
    assert PROJECT_REPORTS == Path(__file__).resolve().parent.parent / "reports"
