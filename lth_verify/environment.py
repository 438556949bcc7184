"""Provenance of a run: commit, versions, device."""
from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = ("torch", "numpy", "scipy", "sympy", "hypothesis", "pytest", "pytest-xdist", "matplotlib")


def git_commit(cwd: Path) -> str:
    """HEAD's hash, with '+dirty' when tracked files have uncommitted changes; 'unknown' outside git."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=cwd,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def device_description() -> str:
    """'cpu' or the CUDA device name (imports torch, so call once per run)."""
    try:
        import torch
    except ImportError:
        return "cpu (torch not installed)"
    if torch.cuda.is_available():
        return f"cuda: {torch.cuda.get_device_name(0)}"
    return "cpu"


def environment() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "machine": platform.machine()}
    info.update({name: _version(name) for name in PACKAGES})
    info["device"] = device_description()
    return info
