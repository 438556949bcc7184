"""lth-verify: run the claim checks with a profile and write the report, compare two reports,
list the claims, and manage the training-stage cache.

Exit status: 0 success; 1 a verdict differs from its record, or a --fail-on policy fired; 2 bad
input; 3 a --budget-s ran out; 4 pytest could not run; 130 interrupted (rerun to resume); 141 the
output pipe was closed (e.g. piped into head).
"""
from __future__ import annotations

import argparse
import fnmatch
import importlib.metadata
import os
import sys
from pathlib import Path

from theorems.context import DEFAULT_PROFILE, PROFILES, check_profile
from theorems.registry import all_claims

from .report import BaselineError, load_baseline

#: The source checkout this package runs from, or None for a non-editable install.
PROJECT_ROOT: Path | None = (Path(__file__).resolve().parent.parent
                             if (Path(__file__).resolve().parent.parent / "pyproject.toml").is_file() else None)
#: Where both commands put the report unless told otherwise: the project's reports/, or, for an
#: install without the source tree, reports/ in the working folder.
PROJECT_REPORTS = (PROJECT_ROOT or Path.cwd()) / "reports"
#: The claim tests, shipped in the package so any install can run them.
CLAIM_SUITE = Path(__file__).resolve().parent / "claim_suite.py"
#: Exit status of an interrupted command (the shell's 128 + SIGINT) and of a closed output pipe.
INTERRUPTED, BROKEN_PIPE = 130, 141
#: The ``--fail-on`` policies (see :mod:`lth_verify.diff`).
POLICY_HELP = ("comma-separated: 'change' (a verdict or severity differs from the record or the baseline), "
               "'finding' (a new refutation), 'mutant' (a mutant survives), or 'none'")


def _profile_default() -> str:
    return os.environ.get("LTH_PROFILE") or DEFAULT_PROFILE


def _version() -> str:
    try:
        return importlib.metadata.version("lth-verify")
    except importlib.metadata.PackageNotFoundError:
        return "unknown (not installed)"


class UsageFailure(Exception):
    """Bad command-line input; the message names the bad value."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lth-verify", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"lth-verify {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    profile_help = f"one of {', '.join(PROFILES)} (default $LTH_PROFILE, else {DEFAULT_PROFILE})"
    report = sub.add_parser("report", help="run the claim checks and write reports/results.json, index.html and "
                                           "junit.xml")
    report.add_argument("--profile", default=_profile_default(), help=profile_help)
    report.add_argument("--only", default=None, metavar="PATTERN", help="glob over claim ids, e.g. 'tix.*'")
    report.add_argument("--baseline", default=None, metavar="FILE", help="earlier results.json to compare verdicts with")
    report.add_argument("--out", default=str(PROJECT_REPORTS), metavar="DIR",
                        help="report directory; a relative one is taken from the working folder "
                             "(default: the project's reports/, as for pytest)")
    report.add_argument("--workers", default="auto", help="pytest-xdist workers (default: auto; 0 runs in-process)")
    report.add_argument("--seeds-dir", default=None, metavar="DIR",
                        help="folder of the source documents (default: $LTH_SEEDS_DIR, else ../shared/seeds)")
    first = report.add_mutually_exclusive_group()
    first.add_argument("--stages-first", dest="stages_first", action="store_true", default=None,
                       help="compute the profile's missing training stages first, with their progress shown, then "
                            "run the checks (the default on a terminal)")
    first.add_argument("--no-stages-first", dest="stages_first", action="store_false",
                       help="let the checks compute the stages they need in parallel, without progress display "
                            "(the default when the output is not a terminal)")
    report.add_argument("--fail-on", default=None, metavar="POLICIES", help=f"exit 1 when a policy fires: {POLICY_HELP}")
    report.add_argument("--fail-on-change", action="store_true", help="the same as --fail-on change")
    stages = sub.add_parser("stages", help="compute the training stages of a profile into the stage cache (resumable, "
                                           "with progress on a terminal), so a later report only reads them")
    stages.add_argument("--profile", default=_profile_default(), help=profile_help)
    stages.add_argument("--only", default=None, metavar="STAGE", help="one stage (and what it needs), e.g. nl-imp")
    stages.add_argument("--budget-s", type=float, default=None, metavar="SECONDS",
                        help="start no new stage after this many seconds (a stage cut short resumes next time)")
    stages.add_argument("--engine", default=None, metavar="NAME",
                        help="train with this engine instead of the configured one, where the two are equivalent "
                             "(fused, fused-compiled, triton); the stages keep their folders and hashes, and each "
                             "records the engine per round in engine.json (the same as $LTH_ENGINE)")
    pack = sub.add_parser("pack", help="pack a profile's stages from the stage cache into archives of at most 16 MiB "
                                       "(with provenance.json), to carry them to another machine or commit them")
    pack.add_argument("--profile", default=os.environ.get("LTH_PROFILE") or "paper",
                      help=f"one of {', '.join(PROFILES)} (default $LTH_PROFILE, else paper)")
    pack.add_argument("--out", required=True, metavar="DIR", help="folder for the archives (e.g. results/paper)")
    unpack = sub.add_parser("unpack", help="unpack a profile's stage archives into the stage cache, to read or resume them")
    unpack.add_argument("--profile", default=os.environ.get("LTH_PROFILE") or "paper",
                        help=f"one of {', '.join(PROFILES)} (default $LTH_PROFILE, else paper)")
    unpack.add_argument("--from", dest="source", required=True, metavar="DIR", help="folder holding the archives")
    listing = sub.add_parser("list", help="list the registered claims with their documents and recorded verdicts")
    listing.add_argument("--profile", default=_profile_default(), help=f"whose recorded verdicts to show ({profile_help})")
    listing.add_argument("--json", action="store_true", help="one JSON list instead of the table")
    diff = sub.add_parser("diff", help="compare two saved results.json files: verdict and severity changes, new and "
                                       "removed claims, new findings, surviving mutants")
    diff.add_argument("old", metavar="OLD.json")
    diff.add_argument("new", metavar="NEW.json")
    diff.add_argument("--markdown", default=None, metavar="FILE", help="also write the differences as Markdown "
                                                                       "(for a pull-request comment); '-' for stdout")
    diff.add_argument("--fail-on", default="change", metavar="POLICIES", help=f"exit 1 when a policy fires: {POLICY_HELP} "
                                                                              "(default change)")
    cache = sub.add_parser("cache", help="show the training-stage cache (where, how big, which stages), or clear it")
    cache.add_argument("--clear", action="store_true", help="delete every cached stage (they are recomputed on demand)")
    return parser


def _policies(text: str | None, fail_on_change: bool = False) -> list[str]:
    """The --fail-on policies (see :func:`lth_verify.diff.parse_policies`), bad ones as a usage failure."""
    from .diff import parse_policies

    try:
        return parse_policies(text, fail_on_change)
    except ValueError as exc:
        raise UsageFailure(str(exc)) from None


def _validate(args: argparse.Namespace) -> None:
    try:
        if hasattr(args, "profile"):
            check_profile(args.profile)
    except ValueError as exc:
        source = " (from $LTH_PROFILE)" if args.profile == os.environ.get("LTH_PROFILE") else ""
        raise UsageFailure(f"{exc}{source}") from None
    if args.command == "stages":
        from empirical.hnn.experiments import DEPENDS, gpu_missing

        if args.only is not None and args.only not in DEPENDS:
            raise UsageFailure(f"--only {args.only!r} is not a stage (choose from {', '.join(DEPENDS)})")
        if args.budget_s is not None and args.budget_s <= 0:
            raise UsageFailure(f"--budget-s must be positive, got {args.budget_s}")
        if gpu_missing(args.profile, args.only):
            raise UsageFailure(gpu_missing(args.profile, args.only))
        if args.engine is not None:
            from empirical.hnn.engines import check_override

            try:
                check_override(args.engine)
            except ValueError as exc:
                raise UsageFailure(str(exc).replace("LTH_ENGINE=", "--engine ", 1)) from None
        return
    if args.command == "unpack" and not Path(args.source).is_dir():
        raise UsageFailure(f"--from {args.source!r} is not a folder")
    if args.command == "diff":
        for path in (args.old, args.new):
            try:
                load_baseline(path)
            except BaselineError as exc:
                raise UsageFailure(str(exc).replace("baseline ", "", 1)) from None
        _policies(args.fail_on)
        return
    if args.command != "report":
        return
    _policies(args.fail_on, args.fail_on_change)
    if args.only and not any(fnmatch.fnmatchcase(c.id, args.only) for c in all_claims()):
        raise UsageFailure(f"--only pattern {args.only!r} matches no claim id (see 'lth-verify list')")
    if args.baseline is not None:
        try:
            load_baseline(args.baseline)
        except BaselineError as exc:
            raise UsageFailure(str(exc)) from None
    if args.seeds_dir is not None and not Path(args.seeds_dir).is_dir():
        raise UsageFailure(f"--seeds-dir {args.seeds_dir!r} is not a folder")
    if args.workers != "auto" and not args.workers.isdigit():
        raise UsageFailure(f"--workers must be 'auto' or a number, got {args.workers!r}")


def _claim_rows(profile: str) -> list[dict]:
    """One row per registered claim: id, document, recorded verdict and severity, kind, scope,
    origin, number of mutants and title."""
    rows = []
    for c in all_claims():
        recorded = c.recorded_for(profile).value
        rows.append({"id": c.id, "document": c.source.document, "location": c.source.location,
                     "recorded": recorded, "severity": c.severity.value if c.severity and recorded == "refuted" else None,
                     "kind": c.kind.value, "scope": c.scope_for(profile).value if c.scope else None,
                     "origin": c.origin.value, "mutants": len(c.mutants), "title": c.title})
    return rows


def _list(profile: str, as_json: bool) -> int:
    import json

    rows = _claim_rows(profile)
    if as_json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    print(f"{'claim':52s} {'document':44s} {'recorded':13s} {'severity':15s} {'kind':11s} {'scope':9s} "
          f"{'origin':6s} {'mutants':>7s}  title")
    for r in rows:
        print(f"{r['id']:52s} {r['document']:44s} {r['recorded']:13s} {r['severity'] or '':15s} {r['kind']:11s} "
              f"{r['scope'] or '':9s} {'suite' if r['origin'] == 'suite' else '':6s} {r['mutants']:7d}  {r['title']}")
    return 0


def _report(args: argparse.Namespace) -> int:
    import pytest

    # --opt=value: pytest must not mistake a value for a test path before the plugin is loaded.  The
    # plugin is named with -p and the ini settings it needs are set here, so a non-editable install
    # (no conftest.py, no pyproject.toml beside the tests) runs exactly as a source checkout does.
    rootdir = PROJECT_ROOT or Path.cwd()
    argv = [str(CLAIM_SUITE), "-v", "-p", "lth_verify.pytest_plugin", f"--profile={args.profile}",
            f"--report-dir={Path(args.out).resolve()}", "-p", "no:cacheprovider", f"--rootdir={rootdir}"]
    if PROJECT_ROOT is None:
        argv += ["-c", os.devnull]  # no ini file of some other project in the working folder
    if args.workers != "0":
        argv += [f"--numprocesses={args.workers}", "--dist=worksteal"]
    if args.only:
        argv += [f"--only={args.only}"]
    if args.baseline:
        argv += [f"--baseline={Path(args.baseline).resolve()}"]
    policies = _policies(args.fail_on, args.fail_on_change)
    if policies:
        argv += [f"--fail-on={','.join(policies)}"]
    if args.seeds_dir:
        argv += [f"--seeds-dir={Path(args.seeds_dir).resolve()}"]
    stages_first = sys.stderr.isatty() if args.stages_first is None else args.stages_first
    if stages_first and not args.only:
        from empirical.hnn.experiments import gpu_missing

        if not gpu_missing(args.profile):
            print("lth-verify: computing the training stages first (cached ones are read), then the checks",
                  file=sys.stderr)
            _compute_stages(args.profile)
    code = pytest.main(argv)
    # pytest exits 1 when verdicts differ from the recorded ones (and when a --fail-on policy fires);
    # the report is still written, and the tally is printed either way.
    if code == pytest.ExitCode.INTERRUPTED:
        print("lth-verify: interrupted; finished stages and IMP rounds are cached, so the same command "
              "resumes where it stopped", file=sys.stderr)
        return INTERRUPTED
    return int(code)


def _diff(args: argparse.Namespace) -> int:
    from .diff import compare, failures, to_markdown, to_text

    old, new = load_baseline(args.old), load_baseline(args.new)
    found = compare(old, new)
    print(to_text(found))
    if args.markdown:
        markdown = to_markdown(found, Path(args.old).name, Path(args.new).name)
        if args.markdown == "-":
            print(markdown)
        else:
            from empirical.atomic import atomic_write_text

            atomic_write_text(Path(args.markdown), markdown)
    fired = failures(found, _policies(args.fail_on))
    for line in fired:
        print(f"lth-verify: fails --fail-on: {line}")
    return 1 if fired else 0


def _cache(args: argparse.Namespace) -> int:
    import shutil
    from collections import Counter

    from theorems.context import stage_cache_dir

    root = stage_cache_dir()
    entries = sorted(p for p in root.iterdir()) if root.is_dir() else []
    if args.clear:
        for path in entries:
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        print(f"lth-verify: cleared {len(entries)} entries from the stage cache {root}")
        return 0
    size = sum(f.stat().st_size for p in entries for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
    # data folders are <kind>-<config hash>; a finished IMP stage leaves <stage>-<hash>.done beside them
    data = Counter(p.name.rsplit("-", 1)[0] for p in entries if p.is_dir())
    finished = Counter(p.name.rsplit("-", 1)[0] for p in entries if p.suffix == ".done")
    print(f"stage cache: {root} ($LTH_CACHE_DIR overrides it)")
    print(f"size: {size / 2**20:.1f} MiB in {len(entries)} entries")
    for name, count in sorted(data.items()):
        print(f"  data {name:12s} {count:3d} config(s)")
    for name, count in sorted(finished.items()):
        print(f"  done {name:12s} {count:3d} config(s) finished")
    if not entries:
        print("  (empty: stages are computed on first use, or by 'lth-verify stages')")
    return 0


def _stages(args: argparse.Namespace) -> int:
    if args.engine is not None:
        from empirical.hnn.engines import ENV

        os.environ[ENV] = args.engine  # read where each stage trains
    return _compute_stages(args.profile, args.only, args.budget_s)


def _compute_stages(profile: str, only: str | None = None, budget_s: float | None = None) -> int:
    """Compute a profile's training stages (or ``only`` one and what it needs) into the stage cache,
    each numerics replicate in turn; 3 when ``budget_s`` ran out before a stage started."""
    import json
    import time

    from empirical.atomic import atomic_write_text
    from empirical.hnn.experiments import DENSE_STAGES, STAGES, numerics_replicates, require
    from theorems.context import stage_cache_dir

    root = stage_cache_dir()
    # the dense stages run on the CPU under any profile; a GPU session (paper) leaves them to the report
    names = [only] if only else [*STAGES, *(DENSE_STAGES if profile == "standard" else ())]
    timings_path = root / f"timings-{profile}.json"
    began = time.perf_counter()
    for numerics in numerics_replicates(profile):
        for name in names:
            label = name if numerics == "nominal" else f"{name} ({numerics})"
            if budget_s is not None and time.perf_counter() - began > budget_s:
                print(f"lth-verify: budget of {budget_s:g} s spent; stage {label} and later ones not started")
                return 3
            start = time.perf_counter()
            require(name, profile, root, numerics=numerics)
            took = time.perf_counter() - start
            timings = json.loads(timings_path.read_text()) if timings_path.exists() else {}
            timings[label] = timings.get(label, 0.0) + took
            atomic_write_text(timings_path, json.dumps(timings, indent=1, sort_keys=True))
            print(f"lth-verify: stage {label} ({profile}) ready in {root} after {took:.1f} s")
    return 0


def _pack(args: argparse.Namespace) -> int:
    import datetime
    import json

    import torch

    from empirical.hnn.archive import pack, write_provenance
    from theorems.context import stage_cache_dir

    from .environment import git_commit

    root, out = stage_cache_dir(), Path(args.out)
    packed = pack(args.profile, root, out)
    timings_path = root / f"timings-{args.profile}.json"
    timings = json.loads(timings_path.read_text()) if timings_path.exists() else {}
    commit = os.environ.get("LTH_COMMIT") or git_commit(PROJECT_ROOT or Path.cwd())
    device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "CPU"
    run = {"device": device, "torch": torch.__version__, "commit": commit,
           "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
    path = write_provenance(args.profile, out, packed, run, timings)
    for name, info in packed.items():
        state = "complete" if info["complete"] else f"partial ({info['round files']} round files)"
        print(f"lth-verify: packed {name} ({args.profile}): {state}, {info['bytes'] / 2**20:.1f} MiB")
    print(f"lth-verify: provenance in {path}")
    return 0


def _unpack(args: argparse.Namespace) -> int:
    from empirical.hnn.archive import unpack
    from theorems.context import stage_cache_dir

    done = unpack(args.profile, Path(args.source), stage_cache_dir())
    print(f"lth-verify: unpacked {', '.join(done) or 'nothing'} ({args.profile}) into {stage_cache_dir()}")
    return 0


def _run(args: argparse.Namespace) -> int:
    try:
        _validate(args)
    except UsageFailure as exc:
        print(f"lth-verify: error: {exc}", file=sys.stderr)
        return 2
    return {"list": lambda: _list(args.profile, args.json), "stages": lambda: _stages(args),
            "report": lambda: _report(args), "pack": lambda: _pack(args), "unpack": lambda: _unpack(args),
            "diff": lambda: _diff(args), "cache": lambda: _cache(args)}[args.command]()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print(f"\nlth-verify: interrupted; {args.command} keeps what it finished (stages and IMP rounds are "
              "cached), so the same command resumes where it stopped", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # the reader went away (e.g. `lth-verify list | head -1`): stop quietly, as a Unix tool does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
