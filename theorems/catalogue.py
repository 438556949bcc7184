"""The claim catalogue: which claim IDs exist, where each is made, and which are encoded.

The project owns its catalogue (:data:`CATALOGUE`), so a clone without the surrounding
``../shared`` folder still knows every ID and reports its coverage.  It was taken from the
tables of ``../shared/claims.md``, which stays the upstream list: a test compares the two
whenever that file is present, so an ID added there is not missed here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .registry import Claim

#: The upstream catalogue, relative to the repository root.
SHARED_CATALOGUE_PATH = Path(__file__).resolve().parent.parent.parent / "shared" / "claims.md"

_ROW = re.compile(r"^\|\s*([a-z]+(?:\.[a-z0-9-]+)+)\s*\|")


@dataclass(frozen=True)
class CatalogueEntry:
    """One catalogue ID, the document that makes the claim, and where in it."""

    id: str
    document: str
    location: str


CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry("rg.block-projection", "imp-renormalisation-group-thesis.md", "§4.2"),
    CatalogueEntry("rg.partition-invariance", "imp-renormalisation-group-thesis.md", "§4.2"),
    CatalogueEntry("rg.semigroup-eigen", "imp-renormalisation-group-thesis.md", "§4.3"),
    CatalogueEntry("rg.scaling-relations", "imp-renormalisation-group-thesis.md", "§4.6 eq. 28-32"),
    CatalogueEntry("imp.algorithm", "imp-renormalisation-group-thesis.md", "§2 alg. 1"),
    CatalogueEntry("imp.round-counts", "imp-renormalisation-group-thesis.md", "§8.2"),
    CatalogueEntry("imp.rg-projection", "imp-renormalisation-group-thesis.md", "§6.1 eq. 40-42"),
    CatalogueEntry("imp.flow-shares", "imp-renormalisation-group-thesis.md", "§5.2 eq. 35"),
    CatalogueEntry("imp.flow-eigen", "imp-renormalisation-group-thesis.md", "§5.2 eq. 36"),
    CatalogueEntry("imp.flow-constraint", "imp-renormalisation-group-thesis.md", "§5.2"),
    CatalogueEntry("imp.sigma-invariance", "imp-renormalisation-group-thesis.md", "§5.2 eq. 37"),
    CatalogueEntry("imp.sigma-table", "imp-renormalisation-group-thesis.md", "§9 table 2"),
    CatalogueEntry("imp.power-law", "imp-renormalisation-group-thesis.md", "§5.1, §8"),
    CatalogueEntry("imp.layer-exponents", "imp-renormalisation-group-thesis.md", "§8.2 table 1, fig. 1-3"),
    CatalogueEntry("imp.full-model-slopes", "imp-renormalisation-group-thesis.md", "§8.2-8.3"),
    CatalogueEntry("imp.winning-range", "imp-renormalisation-group-thesis.md", "§8.2-8.3"),
    CatalogueEntry("imp.transfer", "imp-renormalisation-group-thesis.md", "§9.1-9.2"),
    CatalogueEntry("imp.transfer-text", "imp-renormalisation-group-thesis.md", "§9"),
    CatalogueEntry("imp.random-controls", "imp-renormalisation-group-thesis.md", "§3 (Frankle-Carbin)"),
    CatalogueEntry("hnn.hamilton-equations", "imp-renormalisation-group-thesis.md", "§8.2-8.3 eq. 43-49"),
    CatalogueEntry("hnn.energy", "imp-renormalisation-group-thesis.md", "§8.1"),
    CatalogueEntry("im.lyapunov", "inertial-manifold-lth-paper.md", "§3.1 eq. 8"),
    CatalogueEntry("im.euler", "inertial-manifold-lth-paper.md", "§3.1 eq. 6-7"),
    CatalogueEntry("im.attractor", "inertial-manifold-lth-paper.md", "§3.1 thm. 1-4"),
    CatalogueEntry("im.gap-theorem", "inertial-manifold-lth-paper.md", "§3.1 thm. 5"),
    CatalogueEntry("im.linearisation", "inertial-manifold-lth-paper.md", "§3.1 eq. 14-15"),
    CatalogueEntry("im.lipschitz", "inertial-manifold-lth-paper.md", "§3.2 eq. 20-23"),
    CatalogueEntry("im.k-selection", "inertial-manifold-lth-paper.md", "§3.1, §3.3 step 5"),
    CatalogueEntry("im.subspace-is-mask", "inertial-manifold-lth-paper.md", "§3.1, §4"),
    CatalogueEntry("im.reduced-training", "inertial-manifold-lth-paper.md", "§3.1 eq. 18-19"),
    CatalogueEntry("im.imc-vs-baselines", "inertial-manifold-lth-paper.md", "§4 tables 1-5"),
    CatalogueEntry("npp.identities", "npp-quantized-slth-thesis.md", "ch. 3"),
    CatalogueEntry("npp.mertens-kappa-c", "npp-quantized-slth-thesis.md", "§3.2"),
    CatalogueEntry("npp.mertens-partition-function", "npp-quantized-slth-thesis.md", "§3.2"),
    CatalogueEntry("npp.mertens-ground-energy", "npp-quantized-slth-thesis.md", "§3.2"),
    CatalogueEntry("npp.thm2-first-moment", "npp-quantized-slth-thesis.md", "thm. 2"),
    CatalogueEntry("npp.thm2-second-moment", "npp-quantized-slth-thesis.md", "thm. 2"),
    CatalogueEntry("npp.lemma1-bounds", "npp-quantized-slth-thesis.md", "lemma 1"),
    CatalogueEntry("npp.thm1-transition", "npp-quantized-slth-thesis.md", "thm. 1"),
    CatalogueEntry("rssp.equivalence", "npp-quantized-slth-thesis.md", "lemma 3"),
    CatalogueEntry("rssp.lemma2-factor", "npp-quantized-slth-thesis.md", "lemma 2"),
    CatalogueEntry("rssp.lemma4-rate", "npp-quantized-slth-thesis.md", "lemma 4"),
    CatalogueEntry("slth.single-weight", "npp-quantized-slth-thesis.md", "lemma 5"),
    CatalogueEntry("slth.neuron", "npp-quantized-slth-thesis.md", "lemma 6"),
    CatalogueEntry("slth.layer", "npp-quantized-slth-thesis.md", "lemma 7"),
    CatalogueEntry("slth.theorem6", "npp-quantized-slth-thesis.md", "thm. 6"),
    CatalogueEntry("slth.theorem7", "npp-quantized-slth-thesis.md", "lemma 8, thm. 7"),
    CatalogueEntry("slth.lower-bound", "npp-quantized-slth-thesis.md", "thm. 8"),
    CatalogueEntry("slth.phase-transition", "npp-quantized-slth-thesis.md", "§5.3.1 conjecture"),
    CatalogueEntry("tix.path-count", "tickets-random-pruning-report.md", "§3.1, §7.3"),
    CatalogueEntry("tix.mlr-ticket-count", "tickets-random-pruning-report.md", "§3.2"),
    CatalogueEntry("tix.balls-bins", "tickets-random-pruning-report.md", "§3.1"),
    CatalogueEntry("tix.disconnect", "tickets-random-pruning-report.md", "§3.1-3.2"),
    CatalogueEntry("tix.pt-distribution", "tickets-random-pruning-report.md", "§4"),
    CatalogueEntry("tix.slr-width", "tickets-random-pruning-report.md", "§7.3"),
    CatalogueEntry("tix.mlr-layer-network", "tickets-random-pruning-report.md", "§7.4-7.6"),
    CatalogueEntry("tix.headline-width", "tickets-random-pruning-report.md", "§1.1, §4; §7.6"),
    CatalogueEntry("tix.relu-paths", "tickets-random-pruning-report.md", "§3 assumption 3, §7.3"),
    CatalogueEntry("tix.path-dependencies", "tickets-random-pruning-report.md", "§4"),
    CatalogueEntry("tix.maxflow", "tickets-random-pruning-report.md", "§6.2"),
    CatalogueEntry("rg.universality", "imp-renormalisation-group-thesis.md", "§4.4"),
    CatalogueEntry("rg.correlation-length", "imp-renormalisation-group-thesis.md", "§4.6 eq. 27"),
    CatalogueEntry("rg.projection-mapping", "imp-renormalisation-group-thesis.md", "§4.2 condition (iii)"),
    CatalogueEntry("npp.kappa-cases", "npp-quantized-slth-thesis.md", "§3.2.2"),
    CatalogueEntry("npp.thm1-boundary", "npp-quantized-slth-thesis.md", "thm. 1, lemma 4"),
    CatalogueEntry("slth.theorem7-probability", "npp-quantized-slth-thesis.md", "lemma 8, thm. 7"),
    CatalogueEntry("slth.lemma5-uniform", "npp-quantized-slth-thesis.md", "lemma 4, lemma 5"),
    CatalogueEntry("slth.param-count", "npp-quantized-slth-thesis.md", "thm. 6-8"),
)


def catalogue_ids() -> list[str]:
    """The project catalogue's IDs, in order."""
    return [entry.id for entry in CATALOGUE]


def shared_catalogue_ids(path: Path = SHARED_CATALOGUE_PATH) -> list[str]:
    """Claim IDs listed in the tables of the upstream ``claims.md``, in order; [] if the file is absent."""
    if not path.exists():
        return []
    return [m.group(1) for line in path.read_text(encoding="utf-8").splitlines() if (m := _ROW.match(line))]


def coverage(claims: list[Claim] | list[dict], ids: list[str]) -> list[dict]:
    """For each catalogue ID, the registered claims that encode it (the ID itself or
    sub-claims with the ID as prefix)."""
    registered = [c.id if isinstance(c, Claim) else c["id"] for c in claims]
    return [{"id": cid, "encoded_by": [r for r in registered if r == cid or r.startswith(cid + ".")]} for cid in ids]
