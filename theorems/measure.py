"""Keep a check's measurement apart from its decision.

A claim's check is run once as the document states it and once per variant (mutant or
control, see :mod:`theorems.registry`).  The variants change only what is asserted, so the
measurement (a Monte Carlo run, a training stage, an enumeration) must not be repeated:
wrap it in :func:`measurement` and the check's body is left with the decision alone.
"""
from __future__ import annotations

import functools
from collections import OrderedDict
from typing import Callable, TypeVar

from .context import CheckContext

T = TypeVar("T")

#: Variants of one claim run back to back in one process, so a few entries suffice.
_KEEP = 8


def measurement(fn: Callable[..., T]) -> Callable[..., T]:
    """Memoise ``fn(ctx, *args)`` per (claim, profile, report dir, args).

    The result is shared by the claim's own run and its variants: treat it as read-only.
    """
    memo: OrderedDict[tuple, T] = OrderedDict()

    @functools.wraps(fn)
    def measured(ctx: CheckContext, *args) -> T:
        key = (ctx.claim_id, ctx.profile, str(ctx.report_dir), args)
        if key in memo:
            memo.move_to_end(key)
            return memo[key]
        value = fn(ctx, *args)
        memo[key] = value
        while len(memo) > _KEEP:
            memo.popitem(last=False)
        return value

    return measured
