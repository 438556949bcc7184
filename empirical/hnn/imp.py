"""Iterative magnitude pruning (thesis §2 alg. 1), many arms as one batched program.

An *arm* is one IMP trajectory: a seed (the network's w_init), a pruning rate, the layers
it may prune and a scope.  All arms of a config train together every round, then each
prunes its own mask.  Round n trains the network M^n w_rewind and prunes M^n -> M^{n+1};
round ``rounds`` only trains.  Every round is saved atomically under a directory named by
the hash of the config, so a rerun skips finished rounds and an interrupted run resumes.
"""
from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from .. import progress
from ..atomic import atomic_write_bytes
from ..store import canonical, config_hash, load_npz, pack_bits, save_json, save_npz, unpack_bits
from . import engines
from .network import PARAM_NAMES, WEIGHT_NAMES, Params, init_params, nudge
from .pruning import COUNT_RULES, SCOPES, density, full_masks, magnitude_prune
from .training import Evaluation, TrainConfig, evaluate, pinned_threads, train

REWINDS: tuple[str, ...] = ("init", "step", "reinit")


@dataclass(frozen=True)
class Arm:
    """One IMP trajectory: whose init, how fast, which layers, which scope."""

    seed: int
    rate: float
    layers: tuple[str, ...] = WEIGHT_NAMES
    scope: str = "global"
    label: str = "full"

    def __post_init__(self) -> None:
        if not 0 < self.rate < 1:
            raise ValueError(f"pruning rate must be in (0, 1), got {self.rate}")
        if self.scope not in SCOPES:
            raise ValueError(f"unknown scope {self.scope!r} (choose from {', '.join(SCOPES)})")
        bad = [name for name in self.layers if name not in WEIGHT_NAMES]
        if bad or not self.layers:
            raise ValueError(f"layers must be a non-empty subset of {WEIGHT_NAMES}, got {self.layers}")


@dataclass(frozen=True)
class ImpConfig:
    """A full IMP experiment; its hash names its results."""

    train: TrainConfig
    arms: tuple[Arm, ...]
    rounds: int
    count_rule: str = "cumulative"  # survivors after round k: round(N (1-x)^(k+1)), see pruning.py
    rewind: str = "init"          # init: w_init (alg. 1); step: w after rewind_step epochs; reinit
    rewind_step: int = 0
    reset_optimizer: bool = True  # fresh Adam state each round; False carries it (masked)
    device: str = "cpu"

    def __post_init__(self) -> None:
        if self.rounds < 0:
            raise ValueError(f"rounds must be >= 0, got {self.rounds}")
        if not self.arms:
            raise ValueError("an IMP config needs at least one arm")
        if self.count_rule not in COUNT_RULES:
            raise ValueError(f"unknown count rule {self.count_rule!r} (choose from {', '.join(COUNT_RULES)})")
        if self.rewind not in REWINDS:
            raise ValueError(f"unknown rewind {self.rewind!r} (choose from {', '.join(REWINDS)})")
        if self.rewind == "step" and not 0 < self.rewind_step < self.train.epochs:
            raise ValueError(f"rewind_step must be in (0, epochs), got {self.rewind_step}")

    @property
    def seeds(self) -> list[int]:
        return [arm.seed for arm in self.arms]

    @property
    def outputs(self) -> int:
        return self.train.sys.dim


def _to(params: Params, device: str) -> Params:
    return {name: value.to(device) for name, value in params.items()}


def _numpy(tensors: dict[str, torch.Tensor], prefix: str) -> dict[str, np.ndarray]:
    return {prefix + name: value.detach().cpu().numpy() for name, value in tensors.items()}


def _torch(arrays: dict[str, np.ndarray], prefix: str, names: tuple[str, ...]) -> dict[str, torch.Tensor]:
    return {name: torch.from_numpy(arrays[prefix + name]) for name in names}


def _masks(saved: dict[str, np.ndarray]) -> dict[str, torch.Tensor]:
    return {k: torch.from_numpy(v) for k, v in unpack_bits(saved, "mask_", WEIGHT_NAMES).items()}


def _save_optimizer(path: Path, state: dict) -> None:
    buffer = io.BytesIO()
    torch.save(state, buffer)
    atomic_write_bytes(path, buffer.getvalue())


def initial_params(cfg: ImpConfig) -> Params:
    """w_init of every arm (nudged by ``cfg.train.init_nudge_ulps``)."""
    return nudge(init_params(cfg.seeds, cfg.outputs, cfg.train.hidden), cfg.train.init_nudge_ulps)


def rewind_point(cfg: ImpConfig, round_index: int, w_init: Params, early: Params | None) -> Params:
    """The weights a round starts from, before masking (see ``ImpConfig.rewind``)."""
    if cfg.rewind == "init" or round_index == 0:
        return w_init
    if cfg.rewind == "step":
        assert early is not None
        return early
    return nudge(init_params([s + 7919 * round_index for s in cfg.seeds], cfg.outputs,
                             cfg.train.hidden, w_init["w1"].dtype), cfg.train.init_nudge_ulps)


def result_folder(cfg: ImpConfig, root: Path) -> Path:
    """Where ``cfg``'s round files live under the stage cache ``root``."""
    return root / f"imp-{config_hash(cfg)}"


def run_imp(cfg: ImpConfig, root: Path, log: Callable[[str], None] | None = None) -> "ImpResult":
    """Run (or resume) ``cfg`` under ``root`` and return its results.

    The rounds train with :func:`engines.chosen` (``$LTH_ENGINE`` may name an engine equivalent to
    ``cfg.train.engine``); the folder is named by ``cfg`` as configured, and ``engine.json`` in it
    records the engine of every round."""
    engine = engines.chosen(cfg.train)
    train_cfg = dataclasses.replace(cfg.train, engine=engine)
    folder = result_folder(cfg, root)
    folder.mkdir(parents=True, exist_ok=True)
    save_json(folder / "config.json", {"canonical": canonical(cfg)})
    w_init = initial_params(cfg)
    masks = full_masks(w_init)
    early: Params | None = None
    optimizer_state = None
    for n in progress.rounds(cfg.rounds + 1, f"IMP {cfg.train.system} {config_hash(cfg)[:8]}", cfg.train.epochs):
        path = folder / f"round-{n:03d}.npz"
        if path.exists():
            saved = load_npz(path)
            masks = _masks(saved)
            trained = _torch(saved, "param_", PARAM_NAMES)
            if n == 0 and cfg.rewind == "step":
                early = _torch(saved, "early_", PARAM_NAMES)
            opt_path = folder / f"optimizer-{n:03d}.pt"
            if not cfg.reset_optimizer and opt_path.exists():
                optimizer_state = torch.load(opt_path, weights_only=False)
        else:
            start = rewind_point(cfg, n, w_init, early)
            start = {k: v * masks[k] if k in WEIGHT_NAMES else v.clone() for k, v in start.items()}
            result, state = train(train_cfg, _to(start, cfg.device), _to(masks, cfg.device),
                                  None if cfg.reset_optimizer else optimizer_state,
                                  snapshot_epoch=cfg.rewind_step if (n == 0 and cfg.rewind == "step") else None)
            trained = {k: v.detach().cpu() for k, v in result.params.items()}
            if n == 0 and result.early is not None:
                early = {k: v.detach().cpu() for k, v in result.early.items()}
            ev = evaluate(cfg.train, trained, masks)
            arrays = {**pack_bits("mask_", masks), **_numpy(trained, "param_"),
                      "best_loss": result.best_loss.cpu().double().numpy(),
                      "history": result.history[:: max(1, cfg.train.epochs // 200)],
                      **{f"eval_{key}": getattr(ev, key) for key in Evaluation.__dataclass_fields__}}
            if early is not None and n == 0:
                arrays.update(_numpy(early, "early_"))
            if not cfg.reset_optimizer:
                optimizer_state = state
                _save_optimizer(folder / f"optimizer-{n:03d}.pt", state)
            engines.record(folder, cfg.train.engine, path.stem, engine)
            save_npz(path, compressed=True, **arrays)
            if log:
                dens = density(masks).mean().item()
                log(f"{folder.name} round {n}/{cfg.rounds} density {dens:.3f} "
                    f"median loss {np.median(ev.loss):.2e}")
        if n < cfg.rounds and not (folder / f"round-{n + 1:03d}.npz").exists():  # else loaded next
            with pinned_threads(cfg.train.cpu_threads):  # as training and evaluation are
                masks = magnitude_prune(trained, masks, [a.rate for a in cfg.arms],
                                        [a.layers for a in cfg.arms], [a.scope for a in cfg.arms],
                                        cfg.count_rule, round_index=n)
    return ImpResult.load(cfg, folder)


@dataclass
class ImpResult:
    """Everything IMP produced: per round (axis 0) and arm (axis 1)."""

    config: ImpConfig
    w_init: Params
    masks: list[dict[str, torch.Tensor]]
    params: list[Params]
    evaluation: dict[str, np.ndarray]          # key -> (rounds+1, K)
    best_loss: np.ndarray

    @classmethod
    def load(cls, cfg: ImpConfig, folder: Path) -> "ImpResult":
        rounds = [load_npz(folder / f"round-{n:03d}.npz") for n in range(cfg.rounds + 1)]
        masks = [_masks(r) for r in rounds]
        params = [_torch(r, "param_", PARAM_NAMES) for r in rounds]
        keys = Evaluation.__dataclass_fields__
        evaluation = {key: np.stack([r[f"eval_{key}"] for r in rounds]) for key in keys}
        return cls(cfg, initial_params(cfg), masks, params,
                   evaluation, np.stack([r["best_loss"] for r in rounds]))

    @cached_property
    def density(self) -> np.ndarray:
        """Fraction of all weights alive, (rounds+1, K)."""
        return np.stack([density(m).numpy() for m in self.masks])

    def layer_density(self, name: str) -> np.ndarray:
        return np.stack([density(m, (name,)).numpy() for m in self.masks])

    def arm_indices(self, label: str) -> list[int]:
        return [i for i, arm in enumerate(self.config.arms) if arm.label == label]
