"""Assemble results.json (schema 1) and write both report files atomically."""
from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from theorems.catalogue import CATALOGUE_PATH, catalogue_ids, coverage

from .environment import environment, git_commit

SCHEMA = 1


class BaselineError(ValueError):
    """The baseline file cannot be used; the message names it and says why."""


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def load_baseline(path: str | Path) -> dict[str, Any]:
    """Read a previous results.json; raise :class:`BaselineError` naming the file if unusable."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {str(path)!r}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"baseline {str(path)!r} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("claims"), list):
        raise BaselineError(f"baseline {str(path)!r} is not a schema-{SCHEMA} results.json")
    return data


def verdict_changes(claims: list[dict], baseline: dict[str, Any]) -> list[dict]:
    """Claims of this run whose verdict differs from the baseline's (``before`` is None for a
    claim the baseline lacks); claims this run did not check are not compared."""
    before = {c["id"]: c.get("verdict") for c in baseline["claims"]}
    return [{"id": c["id"], "before": before.get(c["id"]), "after": c["verdict"]}
            for c in sorted(claims, key=lambda c: c["id"]) if before.get(c["id"]) != c["verdict"]]


def build_results(claims: list[dict], profile: str, root: Path, run_seconds: float,
                  baseline: dict[str, Any] | None, baseline_path: str | None) -> dict[str, Any]:
    results: dict[str, Any] = {
        "schema": SCHEMA,
        "profile": profile,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(root),
        "environment": environment(),
        "run_seconds": round(run_seconds, 2),
        "claims": sorted(claims, key=lambda c: c["id"]),
    }
    ids = catalogue_ids()
    if ids:
        run_families = {c["id"].split(".", 1)[0] for c in claims}
        results["catalogue"] = {"path": str(CATALOGUE_PATH), "coverage": coverage(
            claims, [i for i in ids if i.split(".", 1)[0] in run_families])}
    if baseline is not None:
        results["baseline"] = {"path": baseline_path, "commit": baseline.get("commit"), "profile": baseline.get("profile"),
                               "changes": verdict_changes(results["claims"], baseline)}
    return results


def write_report(results: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write results.json and index.html under ``out_dir``; returns both paths."""
    from .html import render_html

    json_path, html_path = out_dir / "results.json", out_dir / "index.html"
    atomic_write_text(json_path, json.dumps(results, indent=1, ensure_ascii=False, allow_nan=False))
    atomic_write_text(html_path, render_html(results, out_dir))
    return json_path, html_path
