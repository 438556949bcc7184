"""pytest plugin: profiles, per-claim verdict tests, and the report written at session end.

Each claim test runs its check in whichever process executes it (an xdist worker or the
main process) and attaches the JSON result record to its report as a user property; the
controller collects the records from every report and writes ``results.json`` and
``index.html`` once, at the end of the session.
"""
from __future__ import annotations

import fnmatch
import json
import os
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from theorems.context import DEFAULT_PROFILE, PROFILES, CheckContext, check_profile
from theorems.registry import Claim
from theorems.runner import record_problems, resolution, result_record, run_check, variant_records
from theorems.sources import SEEDS_ENV, missing_documents, seeds_dir
from theorems.verdict import Status

from .report import SEVERITIES, BaselineError, build_results, load_baseline, status_of, write_report

RECORD_KEY = "lth_claim_record"

# Hypothesis: 'ci' is deterministic with fixed example counts; 'thorough' searches harder.
settings.register_profile("ci", derandomize=True, max_examples=40, deadline=None, database=None,
                          print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("lth-verify", "lottery-ticket claim verification")
    group.addoption("--profile", default=os.environ.get("LTH_PROFILE", DEFAULT_PROFILE),
                    help=f"budget profile: {', '.join(PROFILES)} (default {DEFAULT_PROFILE}, or $LTH_PROFILE)")
    group.addoption("--report-dir", default=None,
                    help="where results.json, index.html, junit.xml and figures go; a relative folder is taken from "
                         "the working folder (default: reports/ in the rootdir)")
    group.addoption("--baseline", default=None, help="an earlier results.json; the report lists changed verdicts")
    group.addoption("--only", default=None, help="run only claims whose id matches this glob (e.g. 'tix.*')")
    group.addoption("--no-report", action="store_true", help="do not write the report")
    group.addoption("--seeds-dir", default=None,
                    help="folder of the source documents (default: $LTH_SEEDS_DIR, else ../shared/seeds)")
    group.addoption("--fail-on", default=None, metavar="POLICIES",
                    help="exit non-zero when a policy fires (comma-separated): 'change' (a verdict or severity differs "
                         "from the record or from --baseline's), 'finding' (a new refutation), 'mutant' (a mutant survives)")
    group.addoption("--fail-on-change", action="store_true", help="the same as --fail-on=change")


_THREAD_LIMITS: list = []


def _one_thread_per_worker() -> None:
    """An xdist worker computes with one thread (torch and the BLAS libraries): the workers already
    fill the cores, and more threads per worker only oversubscribe them (the training engines pin
    one thread anyway, so no stage changes)."""
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(1)
    _THREAD_LIMITS.append(threadpool_limits(limits=1))


#: Deprecation warnings torch raises from inside its own modules (torch.func's Hessian path scripts
#: functions in torch 2.13); not ours to fix, and they would bury the run's own output.
TORCH_WARNINGS = r"ignore:`torch\.jit\.script(_method)?` is deprecated:DeprecationWarning"


def fail_policies(config: pytest.Config) -> list[str]:
    """The --fail-on policies of this run (``--fail-on-change`` adds 'change')."""
    from .diff import parse_policies

    try:
        return parse_policies(config.getoption("--fail-on"), config.getoption("--fail-on-change"))
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None


def pytest_configure(config: pytest.Config) -> None:
    # set here rather than in pyproject.toml, so a run from an installed package behaves the same
    config.addinivalue_line("markers", "claim: one registered claim's verdict check")
    config.addinivalue_line("filterwarnings", TORCH_WARNINGS)
    fail_policies(config)
    if hasattr(config, "workerinput"):
        _one_thread_per_worker()
    if config.getoption("--seeds-dir"):  # xdist workers start later and inherit it
        os.environ[SEEDS_ENV] = str(Path(config.getoption("--seeds-dir")).resolve())
    try:
        check_profile(config.getoption("--profile"))
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    baseline = config.getoption("--baseline")
    if baseline is not None and not hasattr(config, "workerinput"):
        try:
            config.stash[_baseline_key] = load_baseline(baseline)
        except BaselineError as exc:
            raise pytest.UsageError(str(exc)) from None
    if not hasattr(config, "workerinput"):  # the controller (or a run without xdist) writes the report
        config.pluginmanager.register(ReportCollector(config), "lth-verify-report")


_baseline_key = pytest.StashKey[dict]()


def report_dir(config: pytest.Config) -> Path:
    """The report directory: ``--report-dir`` (a relative one from the working folder, as for any
    command-line path), else ``reports/`` in the rootdir."""
    given = config.getoption("--report-dir")
    if given is None:
        return (Path(str(config.rootpath)) / "reports").resolve()
    return (Path(str(config.invocation_params.dir)) / given).resolve()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    pattern = config.getoption("--only")
    if not pattern:
        return
    keep, drop = [], []
    for item in items:
        claim = getattr(item, "callspec", None) and item.callspec.params.get("claim")
        (drop if isinstance(claim, Claim) and not fnmatch.fnmatchcase(claim.id, pattern) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture
def check_claim(request: pytest.FixtureRequest):
    """Run a claim's check under the session's profile; returns its result record and
    attaches it to the test report for the session-end report."""
    config = request.config

    def run(claim: Claim) -> dict:
        ctx = CheckContext(claim.id, config.getoption("--profile"), report_dir(config))
        verdict, seconds = run_check(claim, ctx)
        record = result_record(claim, ctx, verdict, seconds, variant_records(claim, ctx, verdict),
                               resolution(claim, ctx, verdict))
        request.node.user_properties.append((RECORD_KEY, json.dumps(record, allow_nan=False)))
        return record

    return run


def assert_recorded_verdict(record: dict) -> None:
    """Fail unless the computed verdict equals the recorded one (a flip is a bug or a finding),
    every mutant is refuted and every control verified, and the record says what its verdict means
    (severity and charitable reading when refuted, what would decide it when inconclusive, ...)."""
    detail = record["notes"]
    if (record["verdict"] == "skipped" and record["recorded_verdict"] != "skipped"
            and record["source"]["document"] in missing_documents()):
        pytest.skip(f"{record['id']}: {detail}")
    if record["verdict"] == "error":
        detail += "\n" + record["evidence"].get("traceback", "")
    assert record["verdict"] == record["recorded_verdict"], (
        f"{record['id']}: computed verdict {record['verdict']!r}, recorded {record['recorded_verdict']!r} "
        f"(profile {record['profile']}).\n{detail}"
    )
    problems = record_problems(record)
    assert not problems, f"{record['id']}: " + "; ".join(problems)


class ReportCollector:
    """Collects claim records from every test report (all xdist workers) and writes the report."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.started = time.time()
        self.records: dict[str, dict] = {}
        self.summary: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        for key, value in report.user_properties:
            if key == RECORD_KEY:
                record = json.loads(value)
                self.records[record["id"]] = record

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        config = self.config
        if not self.records:
            return
        missing = missing_documents()
        results = build_results(list(self.records.values()), config.getoption("--profile"), Path(str(config.rootpath)),
                                time.time() - self.started, config.stash.get(_baseline_key, None),
                                config.getoption("--baseline"), missing)
        partial = partial_run(config, exitstatus)
        if partial:
            results["partial"] = partial
        self.summary = terminal_summary(results)
        if missing:
            self.summary.insert(0, f"SOURCE DOCUMENTS MISSING from {seeds_dir()}: {', '.join(missing)}; "
                                   f"the checks that read them are skipped (their recorded verdicts stand, not "
                                   f"re-checked). Point to them with --seeds-dir or ${SEEDS_ENV}.")
        if not config.getoption("--no-report"):
            paths = write_report(results, report_dir(config))
            kind = f"partial report ({'; '.join(partial['reasons'])}; a complete report is not replaced)" \
                if partial else "report"
            self.summary.append(f"{kind}: {paths['html']} (data: {paths['json'].name}, "
                                f"{paths['junit'].name} beside it)")
        fired = policy_failures(results, fail_policies(config))
        self.summary += [f"fails --fail-on: {line}" for line in fired]
        if fired and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter) -> None:
        for line in self.summary:
            terminalreporter.write_line(f"lth-verify: {line}")


def policy_failures(results: dict, policies: list[str]) -> list[str]:
    """What fires the ``policies`` on this run: against the baseline when there is one (its diff, see
    :func:`lth_verify.diff.failures`), and always against the records (a verdict that differs from
    its recorded one is a change, and a new finding when it is a refutation; a surviving variant)."""
    from .diff import failures

    status = results["run_status"]
    fired = []
    if "change" in policies:
        fired += [f"{d['id']} computed {d['verdict']}, recorded {d['recorded_verdict']}" for d in status["differing"]]
    if "finding" in policies:
        fired += [f"{d['id']} newly refuted (recorded {d['recorded_verdict']})" for d in status["differing"]
                  if d["verdict"] == "refuted"]
    if "mutant" in policies:
        fired += [f"{v['id']}: {v['role']} {v['description']!r} got {v['verdict']}" for v in status["surviving_variants"]]
    diff = (results.get("baseline") or {}).get("diff")
    if diff is not None:
        fired += [f"against the baseline: {line}" for line in failures(diff, policies)]
    return fired


def partial_run(config: pytest.Config, exitstatus: int) -> dict | None:
    """Why this run does not cover every claim (a filter or an interruption), or None if it does."""
    reasons = []
    if config.getoption("--only"):
        reasons.append(f"only claims matching {config.getoption('--only')!r}")
    if config.option.keyword:
        reasons.append(f"-k {config.option.keyword!r}")
    if any("::" in str(arg) for arg in config.args):
        reasons.append("selected test ids")
    if exitstatus == pytest.ExitCode.INTERRUPTED:
        reasons.append("interrupted")
    return {"reasons": reasons} if reasons else None


def terminal_summary(results: dict) -> list[str]:
    """The lines printed after a run: the verdict tally (refuted split by severity), the mutation
    score (raw: mutants refuted; informative: variants whose verdict is the required one and differs
    from the claim's own) with the number of gaps (claims with no informative variant), and one line
    per claim whose verdict differs from its recorded one or from the baseline."""
    claims = results["claims"]
    tally = Counter(c["verdict"] for c in claims)
    severity = Counter(c["severity"] for c in claims if c.get("severity"))
    grades = ", ".join(f"{severity[s]} {s}" for s in SEVERITIES if severity.get(s))
    parts = []
    for status in Status:
        if tally.get(status.value):
            parts.append(f"{tally[status.value]} {status.value}" + (f" ({grades})" if status is Status.REFUTED and grades else ""))
    mutation = results["summary"]["mutation"]
    lines = [f"{len(claims)} claims, profile {results['profile']}: " + ", ".join(parts)
             + f"; mutants refuted {mutation['refuted']}/{mutation['mutants']}"
             + f", informative variants {mutation.get('informative', 0)}/{mutation.get('evaluated', 0)}"
             + f"; {len(mutation.get('gaps', []))} gap(s)"]
    status = status_of(results)
    lines += [f"DIFFERS FROM RECORDED {d['id']}: computed {d['verdict']}, recorded {d['recorded_verdict']}"
              for d in status["differing"]]
    lines += [f"SURVIVING {v['role'].upper()} {v['id']}: {v['description']!r} got {v['verdict']}, must get {v['expect']}"
              for v in status["surviving_variants"]]
    if status["not_rechecked"]:
        lines.append(f"not re-checked (document missing; recorded verdicts stand): "
                     f"{', '.join(n['id'] for n in status['not_rechecked'])}")
    lines += [f"CHANGED SINCE BASELINE {ch['id']}: {ch['before']} -> {ch['after']}"
              for ch in (results.get("baseline") or {}).get("changes", [])]
    return lines
