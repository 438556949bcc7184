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
#: (2: separate value and tangent matmuls in the forward pass; CPU threads pinned;
#: 3: round files hold bit-packed masks and are deflated).
ENGINE_VERSION = 3


#: Config fields added after stages were cached, left out of the canonical form at their default
#: value, so that every stage computed before they existed keeps its hash.
OMITTED_AT_DEFAULT: dict[str, Any] = {"init_nudge_ulps": 0}


def _without_defaults(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_defaults(v) for k, v in value.items()
                if not (k in OMITTED_AT_DEFAULT and v == OMITTED_AT_DEFAULT[k])}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_defaults(v) for v in value)
    return value


def canonical(config: Any) -> str:
    """Canonical JSON of a (nested) frozen dataclass config, with the engine version."""
    return json.dumps({"engine": ENGINE_VERSION, "config": _without_defaults(dataclasses.asdict(config))},
                      sort_keys=True, separators=(",", ":"))


def config_hash(config: Any) -> str:
    """First 16 hex digits of sha256 of the canonical config."""
    return hashlib.sha256(canonical(config).encode()).hexdigest()[:16]


def save_npz(path: Path, compressed: bool = False, **arrays: np.ndarray) -> None:
    """Write ``arrays`` to ``path`` atomically (deflated if ``compressed``)."""
    writer = np.savez_compressed if compressed else np.savez
    atomic_write(path, lambda handle: writer(handle, **arrays))


def pack_bits(prefix: str, masks: dict[str, Any]) -> dict[str, np.ndarray]:
    """Boolean masks as bit-packed bytes plus their shapes (8x smaller than numpy's bools)."""
    out = {}
    for name, mask in masks.items():
        array = np.asarray(mask.cpu() if hasattr(mask, "cpu") else mask, dtype=bool)
        out[f"{prefix}{name}"] = np.packbits(array.reshape(-1))
        out[f"{prefix}shape_{name}"] = np.asarray(array.shape, dtype=np.int64)
    return out


def unpack_bits(arrays: dict[str, np.ndarray], prefix: str, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The masks :func:`pack_bits` stored under ``prefix``."""
    out = {}
    for name in names:
        shape = tuple(int(v) for v in arrays[f"{prefix}shape_{name}"])
        count = int(np.prod(shape))
        out[name] = np.unpackbits(arrays[f"{prefix}{name}"], count=count).astype(bool).reshape(shape)
    return out


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
