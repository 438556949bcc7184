"""What a finding breaks downstream: the standing of each claim over the claims it uses.

Each claim may declare ``uses`` (see :func:`theorems.registry.claim`): the earlier statements of
the same document that its proof or derivation relies on, read from the document's own steps.
Those edges form a directed acyclic graph per document.  A claim's *own* verdict says whether
its statement holds as checked; its *standing* says whether it still holds once what it rests on
is taken into account, in the spirit of a proof blueprint where a result counts as fully proved
only when all its ancestors are, and of claim graphs whose effective status is the minimum over
their dependencies.  The rule, for every claim:

``refuted``
    the claim itself is refuted (whatever its severity; its own record says what is true).
``rests on a refuted step``
    it is not refuted itself, but some claim it uses, directly or transitively, is refuted with a
    substantive severity (:data:`PROPAGATING_SEVERITIES`: ``false``, ``proof-gap``, and
    ``not-reproduced``, an empirical statement that fails at the document's scale; a refuted
    claim with no severity, which no record should have, propagates too, as it is not known to be
    a typo).  A ``typo`` does not propagate: its intended statement holds (its correction is
    verified), although what the typo claim itself uses still does.
``rests on an undecided step``
    no propagating refuted ancestor, but some ancestor is undecided (:data:`UNDECIDED_VERDICTS`:
    inconclusive, ill-posed, error, skipped).
``stands``
    otherwise: every ancestor is verified, or refuted as a typo only (a claim with no uses stands
    unless refuted).

``because`` lists the *nearest* such ancestors: walking up from the claim, a propagating refuted
ancestor (for the second case) or an undecided one (for the third) is recorded and the walk does
not go above it; a claim that is refuted or stands has an empty ``because``.  Verified claims
between the claim and its nearest culprit are walked through, and so are undecided claims on the
way to a refuted one (a refuted ancestor outranks an undecided one).

:func:`puts_in_question` is the other direction: for each propagating refuted claim, every claim
that rests on it, directly or transitively.  Both functions refuse a graph whose uses name an
unknown claim, or that has a cycle (a claim using itself included), with a :class:`GraphError`.
"""
from __future__ import annotations

from typing import Mapping, Sequence

#: The standings, from worst to best.
REFUTED = "refuted"
RESTS_ON_REFUTED = "rests on a refuted step"
RESTS_ON_UNDECIDED = "rests on an undecided step"
STANDS = "stands"
STANDINGS: tuple[str, ...] = (REFUTED, RESTS_ON_REFUTED, RESTS_ON_UNDECIDED, STANDS)

#: Severities of a refuted claim that put what rests on it in question (a typo does not).
PROPAGATING_SEVERITIES: tuple[str, ...] = ("false", "not-reproduced", "proof-gap")
#: Verdicts that leave a claim undecided.
UNDECIDED_VERDICTS: tuple[str, ...] = ("inconclusive", "ill-posed", "error", "skipped")


class GraphError(ValueError):
    """The uses graph is unusable: an unknown claim is used, or the uses form a cycle."""


def _edges(verdicts: Mapping[str, str], uses: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Every claim of ``verdicts`` with the claims it uses, after checking that each is known and that
    there is no cycle."""
    unknown = sorted(cid for cid in uses if cid not in verdicts)
    if unknown:
        raise GraphError(f"uses given for claims without a verdict: {', '.join(unknown)}")
    edges = {cid: tuple(dict.fromkeys(uses.get(cid) or ())) for cid in verdicts}
    for cid, used in edges.items():
        missing = [u for u in used if u not in verdicts]
        if missing:
            raise GraphError(f"claim {cid!r} uses unknown claim(s) {', '.join(repr(m) for m in missing)}")
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(edges):
        if state.get(root):
            continue
        path: list[str] = [root]
        stack = [iter(edges[root])]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                raise GraphError("the uses form a cycle: " + " -> ".join(cycle))
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(edges[nxt]))
    return edges


def propagates(verdict: str, severity: str | None) -> bool:
    """Whether a claim with this verdict and severity puts what rests on it in question."""
    return verdict == "refuted" and (severity is None or severity in PROPAGATING_SEVERITIES)


def _nearest(cid: str, edges: Mapping[str, Sequence[str]], culprit) -> list[str]:
    """The ancestors of ``cid`` for which ``culprit`` holds and that no other such ancestor hides
    (the walk stops at each one found), sorted."""
    found: set[str] = set()
    seen: set[str] = set()
    todo = list(edges[cid])
    while todo:
        a = todo.pop()
        if a in seen:
            continue
        seen.add(a)
        if culprit(a):
            found.add(a)
        else:
            todo.extend(edges[a])
    return sorted(found)


def standing(verdicts: Mapping[str, str], severities: Mapping[str, str | None],
             uses: Mapping[str, Sequence[str]]) -> dict[str, dict]:
    """Per claim of ``verdicts`` (id -> verdict), ``{"standing": ..., "because": [ids]}`` by the rule
    of this module; ``severities`` gives each refuted claim's severity (missing means none),
    ``uses`` each claim's used ids (missing means none).  Raises :class:`GraphError` on an unknown
    used id or a cycle."""
    edges = _edges(verdicts, uses)

    def bad(a: str) -> bool:
        return propagates(verdicts[a], severities.get(a))

    def undecided(a: str) -> bool:
        return verdicts[a] in UNDECIDED_VERDICTS

    out: dict[str, dict] = {}
    for cid in sorted(verdicts):
        if verdicts[cid] == "refuted":
            out[cid] = {"standing": REFUTED, "because": []}
            continue
        refuted = _nearest(cid, edges, bad)
        if refuted:
            out[cid] = {"standing": RESTS_ON_REFUTED, "because": refuted}
            continue
        open_ = _nearest(cid, edges, undecided)
        out[cid] = {"standing": RESTS_ON_UNDECIDED, "because": open_} if open_ else {"standing": STANDS, "because": []}
    return out


def puts_in_question(verdicts: Mapping[str, str], severities: Mapping[str, str | None],
                     uses: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Per propagating refuted claim (see :func:`propagates`), every claim that uses it directly or
    transitively, sorted; claims with no such descendant are left out.  Raises :class:`GraphError`
    like :func:`standing`."""
    edges = _edges(verdicts, uses)
    users: dict[str, list[str]] = {cid: [] for cid in edges}
    for cid, used in edges.items():
        for u in used:
            users[u].append(cid)
    out: dict[str, list[str]] = {}
    for cid in sorted(verdicts):
        if not propagates(verdicts[cid], severities.get(cid)):
            continue
        seen: set[str] = set()
        todo = list(users[cid])
        while todo:
            d = todo.pop()
            if d not in seen:
                seen.add(d)
                todo.extend(users[d])
        if seen:
            out[cid] = sorted(seen)
    return out


def layers(uses: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Per claim named in ``uses`` (as a user or as used), its layer: 0 for a claim that uses none of
    them, else 1 + the longest chain of claims it uses.  The graph must be acyclic (checked)."""
    nodes = set(uses) | {u for used in uses.values() for u in used}
    edges = _edges({n: "" for n in nodes}, uses)
    depth: dict[str, int] = {}

    def visit(n: str) -> int:
        if n not in depth:
            stack = [n]
            while stack:
                top = stack[-1]
                pending = [u for u in edges[top] if u not in depth]
                if pending:
                    stack.extend(pending)
                    continue
                stack.pop()
                depth[top] = 1 + max((depth[u] for u in edges[top]), default=-1)
        return depth[n]

    for n in sorted(nodes):
        visit(n)
    return depth
