"""Which engine trains a stage, chosen at run time, and the record of the engines that did.

A stage's folder and hash come from its config, ``TrainConfig.engine`` included, and must not
move when a run picks another engine.  So the choice is not part of the config: ``$LTH_ENGINE``
(also ``lth-verify stages --engine NAME``) names the engine that trains, and only an engine the
tests hold to the configured one may replace it: ``fused``, ``fused-compiled`` and ``triton``
agree to float tolerance on the same collocation points (``verify/test_imp_engine.py``,
``verify/test_triton_engine.py``) and replace each other; ``eager`` stands alone (its stages are
the reference, and a fused override of them would be a different reference, not a faster one).
The override applies to every stage the process trains: ``triton`` needs CUDA tensors, so a run
that also trains the CPU dense stages (``standard``) must not set it.

Every stage folder holds ``engine.json``: the configured engine and, per saved part (``round-NNN``
of an IMP stage, ``result`` of a masked one), the engine that trained it.  A stage resumed under
another engine than its earlier rounds goes on (the engines are equivalent) and its record lists
both, round by round; :func:`summary` counts them for ``provenance.json``.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..store import save_json
from .training import ENGINES, TrainConfig

#: The environment variable that overrides the configured engine (empty or unset: no override).
ENV = "LTH_ENGINE"
#: Engines that may replace one another (the tests hold them to the same results).
FAMILIES: tuple[frozenset[str], ...] = (frozenset({"eager"}), frozenset({"fused", "fused-compiled", "triton"}))
RECORD = "engine.json"


def check_override(name: str, configured: str | None = None) -> str:
    """``name`` if it is an engine (and, given ``configured``, may replace it); else ValueError."""
    if name not in ENGINES:
        raise ValueError(f"{ENV}={name!r} is not a training engine (choose from {', '.join(ENGINES)})")
    if configured is not None and not any(name in f and configured in f for f in FAMILIES):
        raise ValueError(f"{ENV}={name!r} cannot train a stage configured for the {configured!r} engine: "
                         f"only an equivalent engine may replace it ({', '.join(_family(configured))})")
    return name


def _family(engine: str) -> list[str]:
    return sorted(next(f for f in FAMILIES if engine in f))


def chosen(cfg: TrainConfig) -> str:
    """The engine that trains ``cfg`` here: ``$LTH_ENGINE`` when set, else ``cfg.engine``."""
    name = os.environ.get(ENV, "").strip()
    return check_override(name, cfg.engine) if name else cfg.engine


def record(folder: Path, configured: str, part: str, engine: str) -> None:
    """Note in ``folder/engine.json`` that ``engine`` trained ``part``; say so on stderr when the stage
    was trained by another engine before (a resumed stage)."""
    path = folder / RECORD
    data = json.loads(path.read_text()) if path.exists() else {"configured": configured, "trained": {}}
    earlier = {e for p, e in data["trained"].items() if p != part}
    if earlier - {engine}:
        print(f"lth-verify: {folder.name} {part} trains with the {engine} engine; earlier parts were trained "
              f"with {', '.join(sorted(earlier))} (recorded per part in {RECORD})", file=sys.stderr)
    data["trained"][part] = engine
    save_json(path, data)


def summary(folder: Path, parts: list[str]) -> dict:
    """What ``provenance.json`` says of a stage folder's engines: the configured one and how many of
    ``parts`` each engine trained (``unrecorded``: parts saved before records were kept)."""
    path = folder / RECORD
    data = json.loads(path.read_text()) if path.exists() else {"configured": None, "trained": {}}
    counts: dict[str, int] = {}
    for part in parts:
        engine = data["trained"].get(part, "unrecorded")
        counts[engine] = counts.get(engine, 0) + 1
    return {"configured": data["configured"], "trained": counts}
