"""IMC against the pruning baselines at equal sparsity and equal training budget
(inertial-manifold-lth-paper.md §4, tables 1-5), on tasks that run on a CPU.

Per seed, every arm starts from the same initialisation W0 and gets the same final training
(``steps`` full-batch Adam steps at ``lr``); all masked arms of all seeds and sparsities are
one batched training program.  Sparsity is the fraction of weights removed (biases are never
pruned), and the IMC eigenspace arm gets exactly as many trainable parameters as a masked
network keeps (weights kept plus biases), so every arm trains the same number of parameters.

Arms:

* ``dense``: no pruning (the tables' "Baseline" row);
* ``random``, ``snip``, ``grasp``, ``synflow``: masks at W0, train from W0 ⊙ mask;
* ``imp``: iterative magnitude pruning with rewinding to W0 (at most 20% per round);
* ``imc-eigenspace``: train z in W = W* + Q z, Q the top eigenvectors of -H(W*) (§3.1 eq. 18-19);
* ``imc-mask-{reinit,rewind,finetune}``: the coordinates with most energy in that eigenspace,
  trained from a fresh initialisation, from W0, or from W* (the paper's three variants, §4).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from empirical.imc.pruning_tasks import build
from empirical.imc.saliency import ONE_SHOT_SCORES, keep_count, keep_top, score, synflow
from empirical.imc.sparse_training import imp, train_in_span, train_masked
from empirical.hnn.training import pinned_threads
from empirical.store import config_hash, exclusive, load_npz, save_json, save_npz
from empirical.ulp import nudge_tensor

from .imc import ImcOptions, run_imc

SCORE_BASELINES: tuple[str, ...] = ("random", "snip", "grasp", "synflow")
BASELINES: tuple[str, ...] = (*SCORE_BASELINES, "imp")
IMC_MASK_ARMS: tuple[str, ...] = ("imc-mask-reinit", "imc-mask-rewind", "imc-mask-finetune")
IMC_ARMS: tuple[str, ...] = ("imc-eigenspace", *IMC_MASK_ARMS)
ARMS: tuple[str, ...] = (*BASELINES, *IMC_ARMS)

#: Offset of the seeds of IMC-Reinitialization's fresh draw.
REINIT_SEED_OFFSET = 1_000_000


@dataclass(frozen=True)
class ComparisonConfig:
    """One comparison: task, network, seeds, sparsities, training budget, IMC reading, arms."""

    task: str
    hidden: tuple[int, ...]
    activation: str
    seeds: tuple[int, ...]
    sparsities: tuple[float, ...]
    steps: int
    lr: float = 1e-2
    imc: ImcOptions = ImcOptions()
    arms: tuple[str, ...] = ARMS
    init_nudge_ulps: int = 0  # W0 (and the fresh draw of IMC-Reinitialization) moved this many ulps

    def __post_init__(self) -> None:
        unknown = [a for a in self.arms if a not in ARMS]
        if unknown:
            raise ValueError(f"unknown arms {unknown} (choose from {', '.join(ARMS)})")
        if not self.seeds or not self.sparsities:
            raise ValueError("need at least one seed and one sparsity")
        if any(not 0 < s < 1 for s in self.sparsities):
            raise ValueError(f"sparsities must be in (0, 1), got {self.sparsities}")


@dataclass
class ComparisonResult:
    """``metric[arm]``: (len(sparsities), len(seeds)) test metric; ``dense``: (len(seeds),);
    per seed, the IMC run's spectrum of -H(W*) (ascending), its K and its cut (-1: none)."""

    config: ComparisonConfig
    metric: dict[str, np.ndarray]
    dense: np.ndarray
    eigenvalues: np.ndarray
    lipschitz: np.ndarray
    cuts: np.ndarray
    training_runs: dict[str, float] = field(default_factory=dict)

    def paired_difference(self, arm: str, other: str, sparsity_index: int) -> np.ndarray:
        """Per-seed metric(arm) - metric(other) at one sparsity."""
        return self.metric[arm][sparsity_index] - self.metric[other][sparsity_index]

    @property
    def found_sparsity(self) -> np.ndarray:
        """k/d per seed (0 where no gap exceeds 4K)."""
        return np.maximum(self.cuts, 0) / self.eigenvalues.shape[1]

    def save(self, directory: Path) -> None:
        arrays = {f"metric/{arm}": v for arm, v in self.metric.items()}
        save_npz(directory / "result.npz", dense=self.dense, eigenvalues=self.eigenvalues,
                 lipschitz=self.lipschitz, cuts=self.cuts, **arrays)
        save_json(directory / "runs.json", self.training_runs)

    @classmethod
    def load(cls, config: ComparisonConfig, directory: Path) -> "ComparisonResult":
        data = load_npz(directory / "result.npz")
        metric = {arm: data[f"metric/{arm}"] for arm in config.arms}
        runs = json.loads((directory / "runs.json").read_text())
        return cls(config, metric, data["dense"], data["eigenvalues"], data["lipschitz"], data["cuts"], runs)


def compare(config: ComparisonConfig) -> ComparisonResult:
    """Run every arm of ``config`` and measure the task's test metric."""
    with pinned_threads(1):  # CPU results must not depend on the machine's thread count
        return _compare(config)


def _compare(config: ComparisonConfig) -> ComparisonResult:
    task = build(config.task, config.hidden, config.activation)
    w0 = nudge_tensor(task.mlp.init(list(config.seeds)), config.init_nudge_ulps)
    prunable = task.mlp.weight_coordinates()
    n_weights, n_biases = int(prunable.sum()), int((~prunable).sum())
    imc = [run_imc(task, w0[i], config.imc) for i in range(len(config.seeds))]
    imp_masks, imp_rounds = (imp(task, w0, list(config.sparsities), config.steps, config.lr)
                             if "imp" in config.arms else ({}, 0))
    # per seed, everything that does not depend on the sparsity: one-shot scores and the IMC variants' starts
    scores = [{arm: score(arm, task.loss, w0[i], seed) for arm in config.arms if arm in ONE_SHOT_SCORES}
              for i, seed in enumerate(config.seeds)]
    imc_starts = [{"imc-mask-reinit": nudge_tensor(task.mlp.init([seed + REINIT_SEED_OFFSET])[0], config.init_nudge_ulps),
                   "imc-mask-rewind": w0[i], "imc-mask-finetune": imc[i].w_star}
                  for i, seed in enumerate(config.seeds)]
    uses_leverage = any(a in IMC_MASK_ARMS for a in config.arms)
    labels, starts, masks = [], [], []
    for i in range(len(config.seeds)):
        labels.append(("dense", -1, i))
        starts.append(w0[i])
        masks.append(torch.ones_like(prunable))
    for j, s in enumerate(config.sparsities):
        keep = keep_count(n_weights, s)
        for i in range(len(config.seeds)):
            leverage = imc[i].leverage_mask(keep + n_biases, keep, prunable) if uses_leverage else None
            for arm in config.arms:
                if arm == "imc-eigenspace":
                    continue
                labels.append((arm, j, i))
                if arm in IMC_MASK_ARMS:
                    starts.append(imc_starts[i][arm])
                    masks.append(leverage)
                    continue
                starts.append(w0[i])
                if arm in ONE_SHOT_SCORES:
                    masks.append(keep_top(scores[i][arm], prunable, keep)[0])
                elif arm == "synflow":
                    masks.append(synflow(task.mlp, w0[i], s))
                else:  # imp
                    masks.append(imp_masks[float(s)][i])
    stacked_masks = torch.stack(masks)
    kept = (stacked_masks & prunable).sum(1)
    for (arm, j, _), count in zip(labels, kept.tolist()):
        expected = n_weights if j < 0 else keep_count(n_weights, config.sparsities[j])
        if count != expected:
            raise AssertionError(f"{arm} kept {count} weights, expected {expected}")
    trained = train_masked(task, torch.stack(starts), stacked_masks, config.steps, config.lr)
    values = task.batch_metric(trained).numpy()
    shape = (len(config.sparsities), len(config.seeds))
    metric = {arm: np.full(shape, np.nan) for arm in config.arms}
    dense = np.full(len(config.seeds), np.nan)
    for (arm, j, i), v in zip(labels, values):
        if j < 0:
            dense[i] = v
        else:
            metric[arm][j, i] = v
    if "imc-eigenspace" in config.arms:
        for j, s in enumerate(config.sparsities):
            m = keep_count(n_weights, s) + n_biases
            for i in range(len(config.seeds)):
                w = train_in_span(task, imc[i].w_star, imc[i].top_space(m), config.steps, config.lr)
                metric["imc-eigenspace"][j, i] = float(task.metric(w))
    runs = {arm: 1.0 for arm in config.arms}
    runs["imp"] = float(imp_rounds + 1)
    for arm in IMC_ARMS:
        runs[arm] = 1.0 + config.imc.pretrain_steps / config.steps
    return ComparisonResult(config, metric, dense, np.stack([r.eigenvalues for r in imc]),
                            np.array([r.lipschitz for r in imc]), np.array([-1 if r.cut is None else r.cut for r in imc]),
                            {a: runs[a] for a in config.arms})


def cached_compare(config: ComparisonConfig, root: Path) -> ComparisonResult:
    """``compare(config)``, stored under ``root/comparison-<config hash>`` and reused; several
    processes asking at once compute it once (a lock per config)."""
    directory = root / f"comparison-{config_hash(config)}"
    with exclusive(root / f"comparison-{config_hash(config)}.lock"):
        if (directory / "runs.json").exists():
            return ComparisonResult.load(config, directory)
        result = compare(config)
        result.save(directory)
        return result
