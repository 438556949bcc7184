"""Which paths' bad events depend on a given path's (tickets-random-pruning-report.md §4).

The event 'path P approximates β' is a function of P's edge weights, which are independent
across edges, so two paths' events are dependent only if the paths share an edge; sharing a hidden
node alone leaves them independent.  Both counts are computed here for a single-source network
with ``n`` hidden layers of width ``w``: by enumerating pairs of paths, and in closed form
(sharing a node: w^n - (w-1)^n - 1; sharing an edge: a transfer count, also symbolic in w).

In a fully connected layered network every path looks the same (permute nodes within layers),
so the counts do not depend on which path is given.
"""
from __future__ import annotations

import sympy as sp

from .graphs import LayeredNetwork

Count = int | sp.Expr


def shared_partners(network: LayeredNetwork, index: int = 0) -> dict[str, int]:
    """By enumeration: how many other s-t paths share at least one edge with path ``index`` (in the
    order of :meth:`LayeredNetwork.enumerate_paths`), and how many share at least one hidden node."""
    paths = network.enumerate_paths()
    given = paths[index]
    hidden = {v for _, v in given[:-1]}  # heads of all but the last edge
    others = [p for i, p in enumerate(paths) if i != index]
    return {"edge": sum(1 for p in others if set(p) & set(given)),
            "node": sum(1 for p in others if {v for _, v in p[:-1]} & hidden)}


def node_sharing_count(w: Count, n: int) -> Count:
    """Other paths through at least one of a given path's n hidden nodes: all but the (w-1)^n that
    avoid every one of them, and the path itself."""
    return w**n - (w - 1) ** n - 1


def edge_sharing_count(w: Count, n: int) -> Count:
    """Other paths sharing at least one edge with a given path.

    A path is its hidden nodes u_1..u_n; against the given path v each u_i either matches v_i
    (1 way) or not (w - 1 ways).  The paths share edge (v_i, v_{i+1}) iff positions i and i+1 both
    match, where s (position 0) and t (position n+1) always do; an edge-disjoint path is a match
    pattern with no two adjacent matches, counted by a two-state transfer over positions 1..n+1.
    """
    if n < 1:
        raise ValueError(f"need at least one hidden layer, got n={n}")
    after_match, after_miss = 1, 0  # patterns up to position 0 (s), by its state
    for _ in range(n):
        after_match, after_miss = after_miss, (after_match + after_miss) * (w - 1)
    disjoint = after_miss  # position n+1 (t) matches, so position n must not
    return sp.expand(w**n - disjoint - 1) if isinstance(w, sp.Expr) else w**n - disjoint - 1
