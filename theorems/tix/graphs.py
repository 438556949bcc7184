"""Layered s-t graphs of tickets-random-pruning-report.md §3 and exact path/ticket counting.

The report uses two depth conventions for the same picture (§3.1 vs §7.3):

* **node layers** (§3.1): ``d`` hidden layers of ``w`` nodes each between the source(s) and
  the sink; every node of the last layer has a single edge to ``t``.
* **weight layers** (§7.3): ``d`` counts layers of weights, so there are ``d - 1`` hidden
  layers of ``w`` nodes; again the last hidden layer has single edges to ``t``.

Nodes are ``("s", i)`` for sources, ``(layer, j)`` for hidden nodes (layer 0 first) and
``("t", 0)`` for the sink.
"""
from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from functools import cached_property

Node = tuple
Edge = tuple[Node, Node]
SINK: Node = ("t", 0)


@dataclass(frozen=True)
class LayeredNetwork:
    """A fully connected feed-forward DAG: ``sources`` inputs, hidden ``widths``, one sink."""

    sources: int
    widths: tuple[int, ...]

    def __post_init__(self) -> None:
        if self.sources < 1 or not self.widths or min(self.widths) < 1:
            raise ValueError(f"need >= 1 source and non-empty positive widths, got {self}")

    @classmethod
    def node_layers(cls, w: int, d: int, sources: int = 1) -> "LayeredNetwork":
        """§3.1 convention: ``d`` hidden layers of width ``w``."""
        return cls(sources, (w,) * d)

    @classmethod
    def weight_layers(cls, w: int, d: int, sources: int = 1) -> "LayeredNetwork":
        """§7.3 convention: ``d`` weight layers, i.e. ``d - 1`` hidden layers of width ``w``."""
        if d < 2:
            raise ValueError(f"weight-layer depth must be >= 2, got d={d}")
        return cls(sources, (w,) * (d - 1))

    @cached_property
    def edges(self) -> frozenset[Edge]:
        out: set[Edge] = {(("s", i), (0, j)) for i in range(self.sources) for j in range(self.widths[0])}
        for layer in range(len(self.widths) - 1):
            out |= {
                ((layer, a), (layer + 1, b))
                for a in range(self.widths[layer])
                for b in range(self.widths[layer + 1])
            }
        last = len(self.widths) - 1
        out |= {((last, a), SINK) for a in range(self.widths[last])}
        return frozenset(out)

    def count_paths(self, source: int = 0) -> int:
        """Number of source-to-sink paths by dynamic programming (exact integers)."""
        counts = [1] * self.widths[0]  # paths from the source to each first-layer node
        for layer in range(len(self.widths) - 1):
            total = sum(counts)
            counts = [total] * self.widths[layer + 1]
        return sum(counts)

    def enumerate_paths(self, source: int = 0) -> list[tuple[Edge, ...]]:
        """All source-to-sink paths as edge tuples, by brute force over node choices."""
        paths = []
        for choice in itertools.product(*(range(w) for w in self.widths)):
            nodes = [("s", source)] + [(layer, j) for layer, j in enumerate(choice)] + [SINK]
            edges = tuple(zip(nodes[:-1], nodes[1:]))
            if all(e in self.edges for e in edges):
                paths.append(edges)
        return paths


def reaches_sink(edges: frozenset[Edge], start: Node) -> bool:
    """Whether ``start`` has a directed path to the sink using only ``edges``."""
    frontier, seen = [start], {start}
    successors: dict[Node, list[Node]] = {}
    for u, v in edges:
        successors.setdefault(u, []).append(v)
    while frontier:
        node = frontier.pop()
        if node == SINK:
            return True
        for nxt in successors.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return False


def is_ticket(edges: frozenset[Edge], sources: int) -> bool:
    """A ticket (§3): a subgraph with a path from every source to the sink."""
    return all(reaches_sink(edges, ("s", i)) for i in range(sources))


def is_minimal_ticket(edges: frozenset[Edge], sources: int) -> bool:
    """Edge-minimal ticket: removing any single edge breaks it (enough, since the property
    'is a ticket' is monotone in the edge set)."""
    return is_ticket(edges, sources) and not any(is_ticket(edges - {e}, sources) for e in edges)


def minimal_tickets(network: LayeredNetwork) -> set[frozenset[Edge]]:
    """All distinct minimal tickets, by enumerating one path per source (every minimal
    ticket is the union of such a choice, §3.2)."""
    per_source = [network.enumerate_paths(i) for i in range(network.sources)]
    unions = {frozenset(itertools.chain.from_iterable(c)) for c in itertools.product(*per_source)}
    return {u for u in unions if is_minimal_ticket(u, network.sources)}


def count_minimal_tickets_by_layers(sources: int, widths: tuple[int, ...]) -> int:
    """The number of edge-minimal tickets of a layered network with ``sources`` sources, counted
    layer by layer without listing any subgraph.

    In an edge-minimal ticket of a layered DAG every node it uses, except the sink, has exactly one
    outgoing edge (a second one could be dropped: the node still reaches the sink through the
    first).  So a minimal ticket is a choice, layer by layer, of a next node for every node in use,
    and the nodes in use in the next layer are the image of that choice.  Mapping a nodes onto
    exactly b of a layer's w nodes can be done in C(w, b) · b! · S(a, b) ways (S: Stirling numbers
    of the second kind); the last hidden layer's nodes all go to the sink.
    """
    @functools.cache
    def stirling2(n: int, k: int) -> int:
        if n == k:
            return 1
        if k == 0 or k > n:
            return 0
        return k * stirling2(n - 1, k) + stirling2(n - 1, k - 1)

    in_use = {sources: 1}  # number of ways to reach each count of nodes in use
    for w in widths:
        nxt: dict[int, int] = {}
        for a, ways in in_use.items():
            for b in range(1, min(a, w) + 1):
                nxt[b] = nxt.get(b, 0) + ways * math.comb(w, b) * math.factorial(b) * stirling2(a, b)
        in_use = nxt
    return sum(in_use.values())


def minimal_tickets_by_brute_force(network: LayeredNetwork) -> int:
    """The number of edge-minimal tickets found by testing every subset of the network's edges
    (only for networks with at most 20 edges)."""
    edges = sorted(network.edges, key=repr)
    if len(edges) > 20:
        raise ValueError(f"brute force over {len(edges)} edges (2^{len(edges)} subsets) is too large")
    return sum(is_minimal_ticket(frozenset(e for e, keep in zip(edges, bits) if keep), network.sources)
               for bits in itertools.product((False, True), repeat=len(edges)))
