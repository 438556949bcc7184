"""On-disk results keyed by a hash of the full, frozen config (idempotent stages).

A stage's directory is ``<root>/<kind>-<hash>``; each saved piece is written to a
temporary file and renamed, so a crash never leaves a half-written result.  A lock file
per stage lets several pytest-xdist workers share one computation.
"""
from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from .atomic import atomic_write, atomic_write_text

#: Bump when a change to the engine changes results, so old caches are not reused
#: (2: separate value and tangent matmuls in the forward pass; CPU threads pinned).
ENGINE_VERSION = 2


def canonical(config: Any) -> str:
    """Canonical JSON of a (nested) frozen dataclass config, with the engine version."""
    return json.dumps({"engine": ENGINE_VERSION, "config": dataclasses.asdict(config)},
                      sort_keys=True, separators=(",", ":"))


def config_hash(config: Any) -> str:
    """First 16 hex digits of sha256 of the canonical config."""
    return hashlib.sha256(canonical(config).encode()).hexdigest()[:16]


def save_npz(path: Path, **arrays: np.ndarray) -> None:
    """Write ``arrays`` to ``path`` atomically."""
    atomic_write(path, lambda handle: np.savez(handle, **arrays))


def save_json(path: Path, payload: Any) -> None:
    """Write ``payload`` as JSON to ``path`` atomically."""
    atomic_write_text(path, json.dumps(payload, indent=1, sort_keys=True))


def load_npz(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as data:
        return {key: data[key] for key in data.files}


@contextmanager
def exclusive(path: Path, blocking: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on ``path``; yields False if non-blocking and already held."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        flags = fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB)
        try:
            fcntl.flock(handle, flags)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
