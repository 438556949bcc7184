"""The GitHub Actions workflow printed in the README: valid YAML, steps that name only commands and
options this suite has, the same test command as the README's, and its comparison step run here
on two saved reports (the install, cache, upload and comment steps need GitHub and are not run)."""
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lth_verify.cli import _parser

README = Path(__file__).resolve().parent.parent / "README.md"


def _workflow() -> dict:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Continuous integration"):]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block, "the README's Continuous integration section has no yaml block"
    return yaml.safe_load(block.group(1))


def _steps() -> list[dict]:
    return _workflow()["jobs"]["verify"]["steps"]


def _step(name_part: str) -> dict:
    found = [s for s in _steps() if name_part in s.get("name", "")]
    assert len(found) == 1, name_part
    return found[0]


def test_the_workflow_is_valid_yaml_with_triggers_and_steps():
    flow = _workflow()
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` key as true
    assert {"push", "pull_request"} <= set(triggers)
    steps = _steps()
    assert all(("uses" in s) != ("run" in s) for s in steps)
    assert {s["uses"].split("@")[0] for s in steps if "uses" in s} >= {
        "actions/checkout", "actions/setup-python", "actions/cache", "actions/upload-artifact"}


def test_every_lth_verify_command_in_the_workflow_parses():
    commands = [line.strip() for s in _steps() if "run" in s for line in s["run"].splitlines()
                if line.strip().startswith("lth-verify ")]
    assert commands
    for command in commands:
        _parser().parse_args(shlex.split(command)[1:])  # raises SystemExit on an unknown option


def test_the_workflow_runs_the_readmes_test_command():
    readme_test = re.search(r"pip install torch==2\.13\.0 -e \. && (pytest .*)", README.read_text()).group(1)
    assert _step("Run the suite")["run"].strip() == readme_test.strip()
    assert _step("Restore the training-stage cache")["with"]["path"] == "~/.cache/lth-verify"


def _report(path: Path, verdicts: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    claims = [{"id": cid, "title": cid, "source": {"document": "d.md", "location": "§1"}, "kind": "exact",
               "origin": "document", "verdict": v, "recorded_verdict": v, "severity": "false" if v == "refuted" else None,
               "mutants": [], "duration_s": 0.0} for cid, v in verdicts.items()]
    path.write_text(json.dumps({"schema": 2, "profile": "quick", "commit": "c", "created": "now", "claims": claims}))


def _run_compare_step(folder: Path) -> subprocess.CompletedProcess:
    script = _step("Compare with it")["run"].replace("lth-verify ", f"{shlex.quote(sys.executable)} -m lth_verify.cli ")
    return subprocess.run(["bash", "-e", "-c", script], cwd=folder, capture_output=True, text=True, env=os.environ)


@pytest.mark.parametrize("with_baseline", [True, False])
def test_the_comparison_step_runs_locally(tmp_path, with_baseline):
    _report(tmp_path / "reports" / "results.json", {"a.one": "refuted", "a.two": "verified"})
    if with_baseline:
        _report(tmp_path / "baseline" / "results.json", {"a.one": "verified", "a.two": "verified"})
    run = _run_compare_step(tmp_path)
    assert run.returncode == 0, run.stderr
    comment = (tmp_path / "diff.md").read_text()
    if with_baseline:
        assert "`a.one`" in comment and "verified" in comment and "refuted" in comment
    else:
        assert "Nothing to compare" in comment
