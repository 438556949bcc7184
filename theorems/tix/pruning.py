"""The random pruning algorithm of tickets-random-pruning-report.md §3.1, simulated exactly.

Network (§3.1 convention): ``n_layers`` node layers of ``w`` nodes; the edges between
consecutive layers form ``n_layers - 1`` prunable edge layers of ``w**2`` edges each;
source-to-first-layer and last-layer-to-sink edges are never pruned.  One step:

(a) pick a prunable edge layer uniformly at random;
(b) delete one of its remaining edges, uniformly at random;
(c) count the step;
(d) delete every node that has no path to the output, with its incoming edges.

The report's bound is about a balls-and-bins event: some edge layer has been *picked*
``w**2`` times.  What matters is disconnection: no source-sink path is left.  With rule
(d), the network is disconnected exactly when the first edge layer is empty.

Many independent trials run as one vectorised program; per step each trial consumes two
uniforms ``u[0, t]`` (layer) and ``u[1, t]`` (edge), drawn as ``rng.random((2, trials))``.
:func:`reference_trial` replays a single trial with plain Python sets from the same draws.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PruningRun:
    """Per-trial outcomes of the pruning process.

    ``disconnect_step[t]`` is the step at which trial ``t`` lost its last s-t path, or
    ``-1`` if it was still connected after ``max_steps``; ``full_layer_at_disconnect[t]``
    says whether, at that moment, some edge layer had had all its ``w**2`` edges picked.
    """

    w: int
    n_layers: int
    max_steps: int
    disconnect_step: np.ndarray
    full_layer_at_disconnect: np.ndarray

    def p_disconnected_by(self, k: int) -> tuple[int, int]:
        """(number of trials disconnected within ``k`` steps, trials)."""
        if k > self.max_steps:
            raise ValueError(f"k={k} exceeds the simulated horizon {self.max_steps}")
        ds = self.disconnect_step
        return int(np.count_nonzero((ds >= 1) & (ds <= k))), ds.size


def simulate_pruning(
    w: int, n_layers: int, trials: int, max_steps: int, rng: np.random.Generator
) -> PruningRun:
    """Run the §3.1 process on ``trials`` independent copies for up to ``max_steps`` steps."""
    if w < 1 or n_layers < 2 or trials < 1 or max_steps < 0:
        raise ValueError(f"bad arguments w={w}, n_layers={n_layers}, trials={trials}, max_steps={max_steps}")
    n_edge_layers = n_layers - 1
    edges = np.ones((trials, n_edge_layers, w, w), dtype=bool)
    alive = np.ones((trials, n_layers, w), dtype=bool)
    picks = np.zeros((trials, n_edge_layers), dtype=np.int64)
    disconnect_step = np.full(trials, -1, dtype=np.int64)
    full_layer = np.zeros(trials, dtype=bool)
    active = np.arange(trials)
    w2 = w * w
    for step in range(1, max_steps + 1):
        u = rng.random((2, trials))
        if active.size == 0:
            continue
        layer = np.minimum((u[0, active] * n_edge_layers).astype(np.int64), n_edge_layers - 1)
        flat = edges[active, layer].reshape(active.size, w2)
        remaining = np.cumsum(flat, axis=1)
        rank = np.minimum((u[1, active] * remaining[:, -1]).astype(np.int64), remaining[:, -1] - 1)
        chosen = np.argmax(remaining > rank[:, None], axis=1)
        src, dst = np.divmod(chosen, w)
        edges[active, layer, src, dst] = False
        picks[active, layer] += 1
        _cascade(edges, alive, active, layer, src)
        gone = ~edges[active, 0].any(axis=(1, 2))
        if gone.any():
            done = active[gone]
            disconnect_step[done] = step
            full_layer[done] = (picks[done] >= w2).any(axis=1)
            active = active[~gone]
    return PruningRun(w, n_layers, max_steps, disconnect_step, full_layer)


def _cascade(edges: np.ndarray, alive: np.ndarray, trials: np.ndarray, layer: np.ndarray, src: np.ndarray) -> None:
    """Rule (d): delete nodes with no path to the output, layer by layer towards the input.

    After deleting edge (src -> dst) in edge layer ``layer``, node ``src`` of node layer
    ``layer`` may have lost its last outgoing edge.  Every remaining edge points to a node
    that can reach the output, so 'no path' is the same as 'no outgoing edge'.
    """
    w = edges.shape[2]
    dead = np.zeros((trials.size, w), dtype=bool)
    rows = np.arange(trials.size)
    dead[rows, src] = ~edges[trials, layer, src].any(axis=1)
    current = layer.copy()
    pending = dead.any(axis=1)
    while pending.any():
        t, j, d = trials[pending], current[pending], dead[pending]
        alive[t, j] &= ~d
        has_prev = j >= 1
        if not has_prev.any():
            break
        t, j, d = t[has_prev], j[has_prev], d[has_prev]
        incoming = edges[t, j - 1] & ~d[:, None, :]
        edges[t, j - 1] = incoming
        new_dead = alive[t, j - 1] & ~incoming.any(axis=2)
        # continue only with trials whose previous layer lost a node
        keep = np.flatnonzero(pending)[has_prev]
        pending = np.zeros_like(pending)
        pending[keep] = new_dead.any(axis=1)
        current[keep] = j - 1
        dead[keep] = new_dead


def reference_trial(w: int, n_layers: int, uniforms: np.ndarray,
                    trace: list[tuple[int, int, int]] | None = None) -> tuple[int, bool]:
    """Plain-Python replay of one trial from its uniforms (shape ``(steps, 2)``).

    Returns ``(disconnect_step or -1, full_layer_at_disconnect)``; used to test the
    vectorised engine step for step.  If ``trace`` is given, each picked edge is appended
    to it as ``(edge layer, source node, target node)``.
    """
    n_edge_layers = n_layers - 1
    edges = {(i, a, b) for i in range(n_edge_layers) for a in range(w) for b in range(w)}
    picks = [0] * n_edge_layers
    for step, (u_layer, u_edge) in enumerate(uniforms, start=1):
        i = min(int(u_layer * n_edge_layers), n_edge_layers - 1)
        layer_edges = sorted((a, b) for (j, a, b) in edges if j == i)
        a, b = layer_edges[min(int(u_edge * len(layer_edges)), len(layer_edges) - 1)]
        edges.discard((i, a, b))
        picks[i] += 1
        if trace is not None:
            trace.append((i, a, b))
        changed = True
        while changed:  # delete nodes with no outgoing edge (and their incoming edges)
            changed = False
            for j in range(1, n_edge_layers):
                for node in range(w):
                    has_out = any((j, node, c) in edges for c in range(w))
                    has_in = any((j - 1, p, node) in edges for p in range(w))
                    if has_in and not has_out:
                        edges -= {(j - 1, p, node) for p in range(w)}
                        changed = True
        if not any(j == 0 for (j, _, _) in edges):
            return step, any(p >= w * w for p in picks)
    return -1, False
