"""Tie-free ranking shared by both pruners: 'the n lowest' is always exactly n entries."""
from __future__ import annotations

import torch


def stable_ranks(keys: torch.Tensor) -> torch.Tensor:
    """Per row of ``keys`` (R, d), each entry's position in a stable ascending sort: equal keys
    are ranked by index, so 'the n lowest' is always exactly n entries."""
    order = torch.argsort(keys, dim=1, stable=True)
    rank = torch.empty_like(order)
    rank.scatter_(1, order, torch.arange(order.shape[1], device=keys.device).expand_as(order).contiguous())
    return rank
