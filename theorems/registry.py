"""The claim registry: one decorated function per claim.

Adding a claim means writing one function in a family's ``claims`` module::

    @claim(
        "tix.path-count.slr",
        title="...", source=Source("tickets-random-pruning-report.md", "§3.1"),
        kind=Kind.EXACT, statement="the claim, paraphrased",
        decision_rule="stated before looking", recorded="verified",
    )
    def _(ctx: CheckContext) -> Verdict: ...

``recorded`` is the verdict this claim last had; a test per claim fails when the
computed verdict differs, so a flip is always seen.  It may be one status, or a
mapping profile -> status for empirical claims whose budget decides the outcome.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Callable, Mapping

from .context import PROFILES, CheckContext
from .verdict import Kind, Source, Status, Verdict

#: The four source documents in ``../shared/seeds``.
DOCUMENTS: tuple[str, ...] = (
    "imp-renormalisation-group-thesis.md",
    "inertial-manifold-lth-paper.md",
    "npp-quantized-slth-thesis.md",
    "tickets-random-pruning-report.md",
)

#: Modules that register claims when imported; later families append here.
FAMILY_MODULES: tuple[str, ...] = (
    "theorems.tix.claims",
    "theorems.rg.claims",
    "theorems.npp.claims",
    "theorems.npp.rssp_claims",
    "theorems.slth.claims",
    "theorems.imp.claims",
    "theorems.imp.empirical_claims",
    "theorems.im.claims",
    "theorems.im.comparison_claims",
)

_ID_PATTERN = re.compile(r"^[a-z]+(\.[a-z0-9][a-z0-9-]*)+$")

Check = Callable[[CheckContext], Verdict]


@dataclass(frozen=True)
class Claim:
    """A registered claim: what the source says, how we decide it, and its last verdict."""

    id: str
    title: str
    source: Source
    kind: Kind
    statement: str
    decision_rule: str
    recorded: Mapping[str, Status]
    check: Check

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    def recorded_for(self, profile: str) -> Status:
        return self.recorded[profile]


_REGISTRY: dict[str, Claim] = {}


def _normalise_recorded(recorded: str | Mapping[str, str]) -> dict[str, Status]:
    if isinstance(recorded, str):
        return {p: Status(recorded) for p in PROFILES}
    missing = set(PROFILES) - set(recorded)
    if missing:
        raise ValueError(f"recorded verdicts missing for profiles {sorted(missing)}")
    return {p: Status(recorded[p]) for p in PROFILES}


def claim(
    claim_id: str,
    *,
    title: str,
    source: Source,
    kind: Kind,
    statement: str,
    decision_rule: str,
    recorded: str | Mapping[str, str],
    registry: dict[str, Claim] | None = None,
) -> Callable[[Check], Check]:
    """Register the decorated check under ``claim_id`` (see the module docstring)."""
    target = _REGISTRY if registry is None else registry
    if not _ID_PATTERN.match(claim_id):
        raise ValueError(f"malformed claim id {claim_id!r}")
    if source.document not in DOCUMENTS:
        raise ValueError(f"claim {claim_id!r}: unknown source document {source.document!r}")
    status_by_profile = _normalise_recorded(recorded)

    def register(check: Check) -> Check:
        if claim_id in target:
            raise ValueError(f"claim {claim_id!r} registered twice")
        target[claim_id] = Claim(
            id=claim_id,
            title=title,
            source=source,
            kind=Kind(kind),
            statement=" ".join(statement.split()),
            decision_rule=" ".join(decision_rule.split()),
            recorded=status_by_profile,
            check=check,
        )
        return check

    return register


def all_claims() -> list[Claim]:
    """Every registered claim, sorted by ID (importing the family modules on first use)."""
    for module in FAMILY_MODULES:
        importlib.import_module(module)
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def get_claim(claim_id: str) -> Claim:
    claims = {c.id: c for c in all_claims()}
    try:
        return claims[claim_id]
    except KeyError:
        raise KeyError(f"no claim with id {claim_id!r}") from None
