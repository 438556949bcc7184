"""The max-flow view of MLR tickets (tickets-random-pruning-report.md §6.2).

§6.2 joins a dummy source to every source ``s_i`` by a unit-capacity edge, gives every edge of
the network infinite capacity, and says an MLR ticket (a path from every ``s_i`` to ``t``, §3.2)
exists exactly when the dummy source can send ``S`` units to ``t``.  A subgraph of a
:class:`~theorems.tix.graphs.LayeredNetwork` is a boolean mask over :func:`edge_order`.

scipy's max flow takes integer capacities, so an infinite one is :data:`INFINITE`, far above any
finite cut of these small graphs.
"""
from __future__ import annotations

import math
from functools import cache

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_flow

from .graphs import SINK, Edge, LayeredNetwork, Node

#: The integer that stands for an infinite capacity.
INFINITE = 2**20


@cache
def edge_order(network: LayeredNetwork) -> tuple[Edge, ...]:
    """The network's edges in a fixed order: source edges, then layer by layer, then into the sink."""
    def rank(node: Node) -> tuple[int, int]:
        kind, index = node
        return (-1, index) if kind == "s" else (len(network.widths), index) if node == SINK else (kind, index)

    return tuple(sorted(network.edges, key=lambda e: (rank(e[0]), rank(e[1]))))


@cache
def _node_index(network: LayeredNetwork) -> dict[Node, int]:
    """Node numbers for the flow graph: 0 is the dummy source, then the sources, hidden nodes, sink."""
    nodes = [("s", i) for i in range(network.sources)]
    nodes += [(layer, j) for layer, width in enumerate(network.widths) for j in range(width)]
    return {node: i + 1 for i, node in enumerate(nodes + [SINK])}


def _as_int(capacity: float) -> int:
    return INFINITE if math.isinf(capacity) else int(capacity)


def max_flow_value(network: LayeredNetwork, kept: np.ndarray, dummy_capacity: float = 1,
                   inner_capacity: float = math.inf) -> int:
    """Maximum flow from the dummy source to ``t`` in the subgraph ``kept`` (§6.2's construction)."""
    index = _node_index(network)
    edges = [e for e, keep in zip(edge_order(network), kept) if keep]
    rows = [0] * network.sources + [index[u] for u, _ in edges]
    cols = [index[("s", i)] for i in range(network.sources)] + [index[v] for _, v in edges]
    caps = [_as_int(dummy_capacity)] * network.sources + [_as_int(inner_capacity)] * len(edges)
    size = len(index) + 1
    graph = csr_array((np.array(caps, dtype=np.int32), (rows, cols)), shape=(size, size))
    return int(maximum_flow(graph, 0, index[SINK]).flow_value)


@cache
def _path_masks(network: LayeredNetwork) -> tuple[np.ndarray, ...]:
    """Per source, its s_i-t paths as rows of edge indices into :func:`edge_order`."""
    position = {e: i for i, e in enumerate(edge_order(network))}
    return tuple(np.array([[position[e] for e in path] for path in network.enumerate_paths(i)])
                 for i in range(network.sources))


def tickets_by_paths(network: LayeredNetwork, kept: np.ndarray) -> np.ndarray:
    """Brute force (§3.2): for each row of ``kept`` (subgraphs × edges), whether every source has
    one of its enumerated paths wholly inside the subgraph."""
    kept = np.atleast_2d(kept)
    return np.all([kept[:, paths].all(axis=2).any(axis=1) for paths in _path_masks(network)], axis=0)


def all_subgraphs(network: LayeredNetwork) -> np.ndarray:
    """Every edge subset of ``network`` as a boolean mask, shape (2**edges, edges)."""
    n = len(edge_order(network))
    return ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)
