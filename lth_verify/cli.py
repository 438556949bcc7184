"""lth-verify: run the claim checks with a profile and write the report, or list the claims."""
from __future__ import annotations

import argparse
import fnmatch
import sys
from pathlib import Path

from theorems.context import DEFAULT_PROFILE, PROFILES, check_profile
from theorems.registry import all_claims

from .report import BaselineError, load_baseline

SUITE = Path(__file__).resolve().parent.parent / "verify"
#: Where both commands put the report unless told otherwise.
PROJECT_REPORTS = SUITE.parent / "reports"


class UsageFailure(Exception):
    """Bad command-line input; the message names the bad value."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lth-verify", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="run the claim checks and write reports/results.json and index.html")
    report.add_argument("--profile", default=DEFAULT_PROFILE, help=f"one of {', '.join(PROFILES)} (default {DEFAULT_PROFILE})")
    report.add_argument("--only", default=None, metavar="PATTERN", help="glob over claim ids, e.g. 'tix.*'")
    report.add_argument("--baseline", default=None, metavar="FILE", help="earlier results.json to compare verdicts with")
    report.add_argument("--out", default=str(PROJECT_REPORTS), metavar="DIR",
                        help="report directory (default: the project's reports/, as for pytest)")
    report.add_argument("--workers", default="auto", help="pytest-xdist workers (default: auto; 0 runs in-process)")
    report.add_argument("--seeds-dir", default=None, metavar="DIR",
                        help="folder of the source documents (default: $LTH_SEEDS_DIR, else ../shared/seeds)")
    report.add_argument("--fail-on-change", action="store_true",
                        help="exit 1 when a verdict differs from its recorded one or from the baseline's (for CI scripts)")
    stages = sub.add_parser("stages", help="compute the training stages of a profile into the stage cache (resumable, "
                                           "with progress on a terminal), so a later report only reads them")
    stages.add_argument("--profile", default=DEFAULT_PROFILE, help=f"one of {', '.join(PROFILES)} (default {DEFAULT_PROFILE})")
    stages.add_argument("--only", default=None, metavar="STAGE", help="one stage (and what it needs), e.g. nl-imp")
    stages.add_argument("--budget-s", type=float, default=None, metavar="SECONDS",
                        help="start no new stage after this many seconds (a stage cut short resumes next time)")
    pack = sub.add_parser("pack", help="pack a profile's stages from the stage cache into archives of at most 16 MiB "
                                       "(with provenance.json), to carry them to another machine or commit them")
    pack.add_argument("--profile", default="paper", help=f"one of {', '.join(PROFILES)} (default paper)")
    pack.add_argument("--out", required=True, metavar="DIR", help="folder for the archives (e.g. results/paper)")
    unpack = sub.add_parser("unpack", help="unpack a profile's stage archives into the stage cache, to read or resume them")
    unpack.add_argument("--profile", default="paper", help=f"one of {', '.join(PROFILES)} (default paper)")
    unpack.add_argument("--from", dest="source", required=True, metavar="DIR", help="folder holding the archives")
    listing = sub.add_parser("list", help="list the registered claims with their recorded verdicts")
    listing.add_argument("--profile", default=DEFAULT_PROFILE, help="whose recorded verdicts to show")
    return parser


def _validate(args: argparse.Namespace) -> None:
    try:
        check_profile(args.profile)
    except ValueError as exc:
        raise UsageFailure(str(exc)) from None
    if args.command == "stages":
        from empirical.hnn.experiments import DEPENDS, gpu_missing

        if args.only is not None and args.only not in DEPENDS:
            raise UsageFailure(f"--only {args.only!r} is not a stage (choose from {', '.join(DEPENDS)})")
        if args.budget_s is not None and args.budget_s <= 0:
            raise UsageFailure(f"--budget-s must be positive, got {args.budget_s}")
        if gpu_missing(args.profile, args.only):
            raise UsageFailure(gpu_missing(args.profile, args.only))
        return
    if args.command == "unpack" and not Path(args.source).is_dir():
        raise UsageFailure(f"--from {args.source!r} is not a folder")
    if args.command != "report":
        return
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


def _list(profile: str) -> int:
    print(f"{'claim':52s} {'recorded':13s} {'severity':15s} {'kind':11s} {'scope':9s} {'origin':6s} {'mutants':>7s}  title")
    for c in all_claims():
        grade = c.severity.value if c.severity and c.recorded_for(profile).value == "refuted" else ""
        scope = c.scope_for(profile).value if c.scope else ""
        origin = "suite" if c.origin.value == "suite" else ""
        print(f"{c.id:52s} {c.recorded_for(profile).value:13s} {grade:15s} {c.kind.value:11s} {scope:9s} {origin:6s} "
              f"{len(c.mutants):7d}  {c.title}")
    return 0


def _report(args: argparse.Namespace) -> int:
    import pytest

    # --opt=value: pytest must not mistake a value for a test path before the plugin is loaded
    argv = [str(SUITE / "test_claims.py"), "-v", f"--profile={args.profile}", f"--report-dir={Path(args.out).resolve()}",
            "-p", "no:cacheprovider", f"--rootdir={SUITE.parent}"]
    if args.workers != "0":
        argv += [f"--numprocesses={args.workers}"]
    if args.only:
        argv += [f"--only={args.only}"]
    if args.baseline:
        argv += [f"--baseline={Path(args.baseline).resolve()}"]
    if args.fail_on_change:
        argv += ["--fail-on-change"]
    if args.seeds_dir:
        argv += [f"--seeds-dir={Path(args.seeds_dir).resolve()}"]
    code = pytest.main(argv)
    # pytest exits 1 when verdicts differ from the recorded ones (and, with --fail-on-change, from the
    # baseline's); the report is still written, and the tally is printed either way.
    return int(code)


def _stages(args: argparse.Namespace) -> int:
    import json
    import time

    from empirical.atomic import atomic_write_text
    from empirical.hnn.experiments import DENSE_STAGES, STAGES, numerics_replicates, require
    from theorems.context import stage_cache_dir

    root = stage_cache_dir()
    # the dense stages run on the CPU under any profile; a GPU session (paper) leaves them to the report
    names = [args.only] if args.only else [*STAGES, *(DENSE_STAGES if args.profile == "standard" else ())]
    timings_path = root / f"timings-{args.profile}.json"
    began = time.perf_counter()
    for numerics in numerics_replicates(args.profile):
        for name in names:
            label = name if numerics == "nominal" else f"{name} ({numerics})"
            if args.budget_s is not None and time.perf_counter() - began > args.budget_s:
                print(f"lth-verify: budget of {args.budget_s:g} s spent; stage {label} and later ones not started")
                return 3
            start = time.perf_counter()
            require(name, args.profile, root, numerics=numerics)
            took = time.perf_counter() - start
            timings = json.loads(timings_path.read_text()) if timings_path.exists() else {}
            timings[label] = timings.get(label, 0.0) + took
            atomic_write_text(timings_path, json.dumps(timings, indent=1, sort_keys=True))
            print(f"lth-verify: stage {label} ({args.profile}) ready in {root} after {took:.1f} s")
    return 0


def _pack(args: argparse.Namespace) -> int:
    import datetime
    import json
    import os
    import subprocess

    import torch

    from empirical.hnn.archive import pack, write_provenance
    from theorems.context import stage_cache_dir

    root, out = stage_cache_dir(), Path(args.out)
    packed = pack(args.profile, root, out)
    timings_path = root / f"timings-{args.profile}.json"
    timings = json.loads(timings_path.read_text()) if timings_path.exists() else {}
    commit = os.environ.get("LTH_COMMIT") or subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=SUITE.parent).stdout.strip() or "unknown"
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _validate(args)
    except UsageFailure as exc:
        print(f"lth-verify: error: {exc}", file=sys.stderr)
        return 2
    return {"list": lambda: _list(args.profile), "stages": lambda: _stages(args), "report": lambda: _report(args),
            "pack": lambda: _pack(args), "unpack": lambda: _unpack(args)}[args.command]()


if __name__ == "__main__":
    sys.exit(main())
