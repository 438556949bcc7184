"""The command line and the run's own record of itself: $LTH_PROFILE, --version, list --json, the
cache command, diff with --fail-on policies, no tracebacks on a closed pipe or Ctrl-C, report
folders resolved from the working folder, stale partial files removed, JUnit XML beside the
report, and a claim skipped for a missing document never counted as a change."""
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET

import pytest

from lth_verify.cli import BROKEN_PIPE, INTERRUPTED, _parser
from lth_verify.cli import main as cli_main
from verify.claim_projects import claim_project

pytest_plugins = ["pytester"]

CLI = [sys.executable, "-m", "lth_verify.cli"]

DOCUMENT_CLAIM = textwrap.dedent(
    '''
    import pytest
    from lth_verify.pytest_plugin import assert_recorded_verdict
    from theorems.registry import claim, mutant
    from theorems.sources import source_text
    from theorems.verdict import Kind, Source, Status, Verdict

    REG = {}
    DOC = "tickets-random-pruning-report.md"

    def reads_the_text(ctx, *, value=2):
        if source_text(DOC) is None:
            return Verdict(Status.SKIPPED, claimed=value, measured=None, notes=f"{DOC} is not in the seeds folder")
        return Verdict.from_check(value == 1, checked=1, claimed=value, measured=1, counterexample={"measured": 1},
                                  finding="it is 1")

    claim("meta.reads-text", title="t", source=Source(DOC, "§1"), kind=Kind.AUDIT, statement="s",
          decision_rule="r", recorded="refuted", severity="false", reading="as printed", charitable_reading="as used",
          mutants=(mutant("value 3", value=3),), registry=REG)(reads_the_text)
    claim("meta.plain", title="t", source=Source(DOC, "§2"), kind=Kind.EXACT, statement="s", decision_rule="r",
          recorded="verified", mutants=(mutant("value 2", value=2),), registry=REG)(
        lambda ctx, *, value=1: Verdict.from_check(value == 1, checked=1, claimed=value, measured=1,
                                                   counterexample={"measured": 1}))

    '''
)


@pytest.fixture
def project(pytester):
    return claim_project(pytester, "test_doc_claims", DOCUMENT_CLAIM)


def _run_cli(*argv, env=None, **kwargs):
    return subprocess.run([*CLI, *argv], capture_output=True, text=True, env={**os.environ, **(env or {})}, **kwargs)


def test_lth_profile_selects_the_default_profile(monkeypatch):
    monkeypatch.setenv("LTH_PROFILE", "standard")
    for command in (["report"], ["stages"], ["list"]):
        assert _parser().parse_args(command).profile == "standard"
    assert _parser().parse_args(["report", "--profile", "paper"]).profile == "paper"


def test_a_bad_lth_profile_is_named_as_coming_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("LTH_PROFILE", "huge")
    assert cli_main(["list"]) == 2
    err = capsys.readouterr().err
    assert "unknown profile 'huge'" in err and "$LTH_PROFILE" in err


def test_version_and_list_json(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli_main(["--version"])
    assert exit_info.value.code == 0 and capsys.readouterr().out.startswith("lth-verify ")
    assert cli_main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"id", "document", "recorded", "severity", "kind", "mutants", "title"} <= set(rows[0])
    assert all(r["document"].endswith(".md") for r in rows)


def test_cache_shows_and_clears_the_stage_cache(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("LTH_CACHE_DIR", str(tmp_path))
    (tmp_path / "imp-0123abcd").mkdir()
    (tmp_path / "imp-0123abcd" / "round-1.npz").write_bytes(b"x" * 2048)
    (tmp_path / "nl-imp-0123abcd.done").touch()
    assert cli_main(["cache"]) == 0
    shown = capsys.readouterr().out
    assert str(tmp_path) in shown and "imp" in shown and "nl-imp" in shown
    assert cli_main(["cache", "--clear"]) == 0
    assert list(tmp_path.iterdir()) == []


def test_closed_pipe_ends_quietly():
    run = subprocess.run(f"{sys.executable} -m lth_verify.cli list | head -1", shell=True, capture_output=True,
                         text=True)
    assert run.stdout.startswith("claim") and "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr


def test_ctrl_c_during_stages_says_how_to_resume(tmp_path):
    # SIGINT back to its default in the child: an xdist worker ignores it, and children inherit that
    process = subprocess.Popen([*CLI, "stages", "--only", "nl-imp"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "LTH_CACHE_DIR": str(tmp_path)},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not any(tmp_path.glob("imp-*")) and time.monotonic() < deadline:  # training has started
        time.sleep(0.2)
    time.sleep(1)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == INTERRUPTED, (out, err)
    assert "Traceback" not in err and "resumes where it stopped" in err


def test_exit_codes_are_distinct():
    assert len({0, 1, 2, 3, INTERRUPTED, BROKEN_PIPE}) == 6


def _saved_run(path, verdicts, *, severities=None, missing=()):
    claims = [{"id": cid, "title": cid, "source": {"document": "doc.md", "location": "§1"}, "kind": "exact",
               "origin": "document", "verdict": v, "recorded_verdict": v, "severity": (severities or {}).get(cid),
               "mutants": [], "duration_s": 0.1} for cid, v in verdicts.items()]
    path.write_text(json.dumps({"schema": 2, "profile": "quick", "commit": "abc", "created": "now", "claims": claims,
                                "run_status": {"missing_documents": list(missing)}}))
    return path


def test_diff_prints_a_changed_verdict_and_fails_under_fail_on_change(tmp_path):
    old = _saved_run(tmp_path / "old.json", {"a.one": "verified", "a.two": "refuted"}, severities={"a.two": "typo"})
    new = _saved_run(tmp_path / "new.json", {"a.one": "refuted", "a.two": "refuted"},
                     severities={"a.one": "false", "a.two": "typo"})
    markdown = tmp_path / "comment.md"
    run = _run_cli("diff", str(old), str(new), "--fail-on", "change", "--markdown", str(markdown))
    assert run.returncode == 1, run.stderr
    assert "a.one" in run.stdout and "verified" in run.stdout and "refuted" in run.stdout
    assert "`a.one`" in markdown.read_text()
    same = _run_cli("diff", str(old), str(old), "--fail-on", "change")
    assert same.returncode == 0, same.stdout
    assert _run_cli("diff", str(old), str(new), "--fail-on", "none").returncode == 0
    bad = _run_cli("diff", str(old), str(new), "--fail-on", "everything")
    assert bad.returncode == 2 and "'everything' is not a policy" in bad.stderr and "Traceback" not in bad.stderr


def test_diff_rejects_a_file_that_is_not_a_report(tmp_path):
    junk = tmp_path / "junk.json"
    junk.write_text("[1, 2]")
    run = _run_cli("diff", str(junk), str(junk))
    assert run.returncode == 2 and "junk.json" in run.stderr and run.stderr.count("\n") == 1


def test_a_skip_for_a_missing_document_keeps_its_record_and_is_no_change(project, tmp_path):
    result = project.runpytest_subprocess("-p", "no:cacheprovider", f"--seeds-dir={tmp_path}", "--fail-on=change")
    assert result.ret == pytest.ExitCode.OK
    results = json.loads((project.path / "reports" / "results.json").read_text())
    status = results["run_status"]
    assert status["matches_records"] and status["differing"] == []
    assert [n["id"] for n in status["not_rechecked"]] == ["meta.reads-text"]
    assert status["not_rechecked"][0]["severity"] == "false"
    assert "tickets-random-pruning-report.md" in status["missing_documents"]
    suites = ET.parse(project.path / "reports" / "junit.xml").getroot()
    skipped = [case.get("name") for case in suites.iter("testcase") if case.find("skipped") is not None]
    assert skipped == ["meta.reads-text"] and not list(suites.iter("failure"))
    result.stdout.fnmatch_lines(["*not re-checked (document missing; recorded verdicts stand): meta.reads-text*"])


def test_report_dir_is_taken_from_the_working_folder_and_stale_partials_go(project):
    elsewhere = project.path / "elsewhere"
    elsewhere.mkdir()

    def run(*extra):
        return subprocess.run([sys.executable, "-m", "pytest", str(project.path), "-p", "no:cacheprovider",
                               "--report-dir=out", *extra], cwd=elsewhere, capture_output=True, text=True)

    run("-k", "plain")
    assert (elsewhere / "out" / "partial.json").exists() and not (project.path / "out").exists()
    run()
    names = sorted(p.name for p in (elsewhere / "out").iterdir() if p.is_file())
    assert names == ["index.html", "junit.xml", "results.json"]


def test_fail_on_mutant_and_unknown_policies(project):
    bad = project.runpytest_subprocess("-p", "no:cacheprovider", "--fail-on=sometimes")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR
    bad.stderr.fnmatch_lines(["*'sometimes' is not a policy*"])
    fine = project.runpytest_subprocess("-p", "no:cacheprovider", "--fail-on=mutant,finding", "-k", "plain")
    assert fine.ret == pytest.ExitCode.OK


def test_pack_records_the_commit_in_its_provenance(monkeypatch, tmp_path):
    monkeypatch.setenv("LTH_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    assert cli_main(["pack", "--profile", "quick", "--out", str(tmp_path / "out")]) == 0
    provenance = json.loads((tmp_path / "out" / "provenance.json").read_text())
    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                          cwd=os.path.dirname(__file__)).stdout.strip()
    assert provenance["commit"].split("+")[0] == (head or "unknown")


def test_stages_engine_names_a_bad_engine_and_passes_a_good_one_on(monkeypatch, capsys):
    """``stages --engine`` is $LTH_ENGINE for the run: checked before anything trains."""
    import lth_verify.cli as cli

    monkeypatch.setenv("LTH_ENGINE", "")  # restored (unset) afterwards, whatever the command sets
    seen = []
    monkeypatch.setattr(cli, "_compute_stages", lambda *a: seen.append(os.environ.get("LTH_ENGINE")) or 0)
    assert cli_main(["stages", "--profile", "quick", "--engine", "turbo"]) == 2
    err = capsys.readouterr().err
    assert "--engine 'turbo' is not a training engine" in err and "fused-compiled" in err and not seen
    assert cli_main(["stages", "--profile", "quick", "--engine", "fused-compiled"]) == 0
    assert seen == ["fused-compiled"]
