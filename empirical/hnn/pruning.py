"""Magnitude pruning as score() then mask(), batched over K networks.

Thesis §2 alg. 1: each round removes x% of the *remaining* weights with the smallest
magnitude; biases are never pruned.  The number removed from n remaining weights is an
integer given by a documented rule.  The per-round rules round x·n afresh each round (round
half up, floor, ceil); they drift from (1-x)^k and can stall (at 1% round half up never
prunes a layer below 49 weights).  The ``cumulative`` rule, which the experiments use, removes
whatever brings the survivors to round(N (1-x)^(k+1)) after round k (N: the weights the
round may prune at the start), so they stay within half a weight of the thesis's curve.  Ties in
magnitude are broken by position (a stable sort), so exactly that many are removed and a
tie can never over-prune.  Scope ``global`` ranks the selected layers together,
``layerwise`` removes x% of each selected layer separately.
"""
from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np
import torch

from ..ranking import stable_ranks
from .network import WEIGHT_NAMES

Masks = dict[str, torch.Tensor]
PER_ROUND_RULES: tuple[str, ...] = ("round", "floor", "ceil")
COUNT_RULES: tuple[str, ...] = PER_ROUND_RULES + ("cumulative",)
SCOPES: tuple[str, ...] = ("global", "layerwise")


def prune_count(remaining: int, rate: float, rule: str = "round", *, total: int | None = None,
                round_index: int | None = None) -> int:
    """How many of ``remaining`` weights one round at ``rate`` removes under ``rule``.

    The ``cumulative`` rule also needs ``total`` (the prunable weights before round 0) and
    ``round_index`` (k, counted from 0): it leaves round(total (1-x)^(k+1)) weights.
    """
    if not 0 <= rate < 1:
        raise ValueError(f"pruning rate must be in [0, 1), got {rate}")
    if rule not in COUNT_RULES:
        raise ValueError(f"unknown count rule {rule!r} (choose from {', '.join(COUNT_RULES)})")
    if rule == "cumulative":
        if total is None or round_index is None or round_index < 0:
            raise ValueError(f"the cumulative rule needs total and round_index >= 0, got {total}, {round_index}")
        target = math.floor(total * (1 - rate) ** (round_index + 1) + 0.5)
        return max(0, remaining - target)
    exact = rate * remaining
    if rule == "floor":
        return math.floor(exact + 1e-9)
    if rule == "ceil":
        return math.ceil(exact - 1e-9)
    return math.floor(exact + 0.5)


def full_masks(params: Mapping[str, torch.Tensor]) -> Masks:
    """All-ones masks for the weights of ``params``."""
    return {name: torch.ones_like(params[name], dtype=torch.bool) for name in WEIGHT_NAMES}


def _prune_rows(scores: torch.Tensor, eligible: torch.Tensor, counts: Sequence[int]) -> torch.Tensor:
    """Per row, clear the ``counts[k]`` eligible entries of lowest score (ties: lowest index)."""
    rank = stable_ranks(torch.where(eligible, scores, torch.full_like(scores, float("inf"))))
    limit = torch.as_tensor(list(counts), dtype=rank.dtype)[:, None]
    return eligible & (rank < limit)


def magnitude_prune(weights: Mapping[str, torch.Tensor], masks: Mapping[str, torch.Tensor],
                    rates: Sequence[float], layers: Sequence[Sequence[str]],
                    scopes: Sequence[str], rule: str = "round", round_index: int | None = None) -> Masks:
    """New masks after IMP round ``round_index`` (from 0) for each of K networks.

    ``weights`` are the trained weights; network k prunes ``rates[k]`` of its remaining
    weights in ``layers[k]`` with scope ``scopes[k]``, the count given by ``rule`` (the
    ``cumulative`` rule needs ``round_index``).  Masks only shrink.
    """
    k = weights[WEIGHT_NAMES[0]].shape[0]
    if not (len(rates) == len(layers) == len(scopes) == k):
        raise ValueError(f"need one rate, layer set and scope per network (K={k})")
    for scope in scopes:
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r} (choose from {', '.join(SCOPES)})")
    for chosen in layers:
        for name in chosen:
            if name not in WEIGHT_NAMES:
                raise ValueError(f"unknown layer {name!r} (choose from {', '.join(WEIGHT_NAMES)})")
    flat_w = torch.cat([weights[n].detach().reshape(k, -1).abs().double() for n in WEIGHT_NAMES], 1)
    flat_m = torch.cat([masks[n].reshape(k, -1).bool() for n in WEIGHT_NAMES], 1)
    sizes = [masks[n][0].numel() for n in WEIGHT_NAMES]
    offsets = np.cumsum([0] + sizes)
    selected = torch.zeros_like(flat_m)
    for row, chosen in enumerate(layers):
        for name in chosen:
            i = WEIGHT_NAMES.index(name)
            selected[row, offsets[i]:offsets[i + 1]] = True
    pruned = torch.zeros_like(flat_m)
    glob = [s == "global" for s in scopes]
    eligible = flat_m & selected
    counts = [prune_count(int(eligible[r].sum()), rates[r], rule, total=int(selected[r].sum()),
                          round_index=round_index) if glob[r] else 0 for r in range(k)]
    pruned |= _prune_rows(flat_w, eligible, counts)
    for i in range(len(WEIGHT_NAMES)):
        block = torch.zeros_like(flat_m)
        block[:, offsets[i]:offsets[i + 1]] = True
        eligible = flat_m & selected & block
        counts = [0 if glob[r] else prune_count(int(eligible[r].sum()), rates[r], rule,
                                                total=int((selected & block)[r].sum()), round_index=round_index)
                  for r in range(k)]
        pruned |= _prune_rows(flat_w, eligible, counts)
    kept = flat_m & ~pruned
    out: Masks = {}
    for i, name in enumerate(WEIGHT_NAMES):
        out[name] = kept[:, offsets[i]:offsets[i + 1]].reshape(masks[name].shape)
    return out


def random_masks_like(masks: Mapping[str, torch.Tensor], seeds: Sequence[int]) -> Masks:
    """Uniformly random masks with the same number of survivors per layer and network."""
    out: Masks = {}
    for name in WEIGHT_NAMES:
        m = masks[name].reshape(masks[name].shape[0], -1)
        rows = []
        for row, seed in enumerate(seeds):
            gen = torch.Generator().manual_seed(int(seed) * len(WEIGHT_NAMES) + WEIGHT_NAMES.index(name))
            keep = int(m[row].sum())
            chosen = torch.randperm(m.shape[1], generator=gen)[:keep]
            new = torch.zeros(m.shape[1], dtype=torch.bool)
            new[chosen] = True
            rows.append(new)
        out[name] = torch.stack(rows).reshape(masks[name].shape)
    return out


def density(masks: Mapping[str, torch.Tensor], layers: Sequence[str] = WEIGHT_NAMES) -> torch.Tensor:
    """Fraction of surviving weights in ``layers`` for each network, shape (K,)."""
    alive = sum(masks[n].reshape(masks[n].shape[0], -1).sum(1) for n in layers)
    total = sum(masks[n][0].numel() for n in layers)
    return alive.double() / total


#: Row maps for moving an output-layer mask between 2 outputs (x, p) and 4 outputs
#: (x, y, px, py).  §9.1 duplicates the 2-row mask, §9.2 drops the 2nd and 4th rows.
OUTPUT_ROW_MAPS: dict[str, tuple[int, ...]] = {
    "duplicate-interleave": (0, 0, 1, 1),  # x -> x, y ; p -> px, py (positions, momenta)
    "duplicate-tile": (0, 1, 0, 1),        # the 2-row block repeated
    "truncate-even": (0, 2),               # keep rows 1 and 3 (x, px), as §9.2 says
    "truncate-head": (0, 1),               # keep the first two rows
}


def transfer_masks(masks: Mapping[str, torch.Tensor], row_map: str) -> Masks:
    """Masks for a network with a different output count: hidden layers copied, the
    output layer's rows picked by ``OUTPUT_ROW_MAPS[row_map]``."""
    if row_map not in OUTPUT_ROW_MAPS:
        raise ValueError(f"unknown row map {row_map!r} (choose from {', '.join(OUTPUT_ROW_MAPS)})")
    rows = list(OUTPUT_ROW_MAPS[row_map])
    if max(rows) >= masks["w3"].shape[1]:
        raise ValueError(f"row map {row_map!r} needs {max(rows) + 1} source rows, "
                         f"mask has {masks['w3'].shape[1]}")
    return {"w1": masks["w1"].clone(), "w2": masks["w2"].clone(), "w3": masks["w3"][:, rows].clone()}
