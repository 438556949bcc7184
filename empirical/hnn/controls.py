"""One-shot training of given masks: tickets moved to another system and the
Frankle-Carbin controls (same mask re-initialised; random mask of equal layer density).

A ``MaskedRunConfig`` names its IMP source by config; each (round, arm) mask of the
chosen source arms becomes one trajectory, and all of them train as one batch.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ..store import canonical, config_hash, load_npz, save_json, save_npz
from . import engines
from .imp import ImpConfig, ImpResult
from .network import WEIGHT_NAMES, init_params, nudge
from .pruning import density, random_masks_like, transfer_masks
from .training import Evaluation, TrainConfig, evaluate, train

INITS: tuple[str, ...] = ("source", "reinit")
MASKS: tuple[str, ...] = ("source", "random")

#: Offset that turns a seed into an unrelated one for re-initialisation and random masks.
RESEED = 100_003


@dataclass(frozen=True)
class MaskedRunConfig:
    """Train the masks of ``source``'s ``arm_label`` arms (every round) on ``train``."""

    train: TrainConfig
    source: ImpConfig
    arm_label: str = "full"
    row_map: str | None = None    # output-row map when the systems' outputs differ
    init: str = "source"          # source: the target's own w_init for the arm's seed
    mask: str = "source"          # random: uniform mask with the same per-layer counts
    device: str = "cpu"

    def __post_init__(self) -> None:
        if self.init not in INITS:
            raise ValueError(f"unknown init {self.init!r} (choose from {', '.join(INITS)})")
        if self.mask not in MASKS:
            raise ValueError(f"unknown mask {self.mask!r} (choose from {', '.join(MASKS)})")
        if (self.row_map is None) != (self.train.sys.dim == self.source.train.sys.dim):
            raise ValueError(f"row_map must be given exactly when the output counts differ "
                             f"({self.source.train.system} -> {self.train.system})")


@dataclass
class MaskedRunResult:
    """Evaluations and densities, each (rounds+1, arms) like the source IMP result."""

    config: MaskedRunConfig
    evaluation: dict[str, np.ndarray]
    density: np.ndarray


def result_folder(cfg: MaskedRunConfig, root: Path) -> Path:
    """Where ``cfg``'s result lives under the stage cache ``root``."""
    return root / f"masked-{config_hash(cfg)}"


def run_masked(cfg: MaskedRunConfig, source: ImpResult, root: Path) -> MaskedRunResult:
    """Train every (round, arm) mask of the source at once; cached by config hash.  Trains with
    :func:`engines.chosen` (recorded in the folder's ``engine.json``); the folder is named by ``cfg``."""
    path = result_folder(cfg, root) / "result.npz"
    if not path.exists():
        engine = engines.chosen(cfg.train)
        arms = source.arm_indices(cfg.arm_label)
        if not arms:
            raise ValueError(f"source has no arms labelled {cfg.arm_label!r}")
        seeds = [source.config.arms[i].seed for i in arms]
        rounds = len(source.masks)
        masks = {n: torch.cat([m[n][arms] for m in source.masks]) for n in WEIGHT_NAMES}
        if cfg.row_map is not None:
            masks = transfer_masks(masks, cfg.row_map)
        all_seeds = seeds * rounds
        if cfg.mask == "random":
            masks = random_masks_like(masks, [s + RESEED + 7 * i for i, s in enumerate(all_seeds)])
        init_seeds = all_seeds if cfg.init == "source" else [s + RESEED for s in all_seeds]
        params = nudge(init_params(init_seeds, cfg.train.sys.dim, cfg.train.hidden), cfg.train.init_nudge_ulps)
        params = {k: v * masks[k] if k in WEIGHT_NAMES else v for k, v in params.items()}
        result, _ = train(dataclasses.replace(cfg.train, engine=engine),
                          {k: v.to(cfg.device) for k, v in params.items()},
                          {k: v.to(cfg.device) for k, v in masks.items()})
        trained = {k: v.detach().cpu() for k, v in result.params.items()}
        ev = evaluate(cfg.train, trained, masks)
        shape = (rounds, len(arms))
        engines.record(path.parent, cfg.train.engine, path.stem, engine)
        save_npz(path, density=density(masks).numpy().reshape(shape),
                 **{f"eval_{key}": getattr(ev, key).reshape(shape) for key in Evaluation.__dataclass_fields__})
        save_json(path.parent / "config.json", {"canonical": canonical(cfg)})
    saved = load_npz(path)
    evaluation = {key: saved[f"eval_{key}"] for key in Evaluation.__dataclass_fields__}
    return MaskedRunResult(cfg, evaluation, saved["density"])
