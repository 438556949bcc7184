"""The inventory of each source document: every checkable item, read from the document end to end
(not from the suite's claims), with the claims that decide it or the reason it needs none.

One YAML file per document (``<document stem>.yaml`` here) lists items in document order. Each
item has a stable ``id`` (a document code and a number), a ``location``, a ``kind`` (see
:data:`KINDS`), ``says`` (a one-line paraphrase in our words), ``claims`` (the registered claim IDs
whose checks decide it) and, when ``claims`` is empty, a ``reason``: ``"not a claim: ..."`` (a
definition, a citation the document does not rely on quantitatively) or ``"uncovered: ..."`` (a
checkable item no claim decides yet: the work list).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import yaml

INVENTORY_DIR = Path(__file__).resolve().parent
KINDS = ("headline", "theorem", "derivation", "display", "table", "figure", "empirical", "definition", "citation",
         "remark")
#: The kinds a claim must decide (never "not a claim"): results, the steps that derive them, headlines.
MUST_DECIDE = ("headline", "theorem", "derivation")
REASON_PREFIXES = {"not a claim:": "not a claim", "uncovered:": "uncovered"}


class InventoryError(ValueError):
    """An inventory file that cannot be read as one; the message names the file and the item."""


@dataclass(frozen=True)
class Item:
    """One checkable item of a document."""

    id: str
    location: str
    kind: str
    says: str
    claims: tuple[str, ...]
    reason: str | None

    @property
    def status(self) -> str:
        """``decided`` (some claim decides it), ``not a claim`` or ``uncovered``."""
        if self.claims:
            return "decided"
        for prefix, status in REASON_PREFIXES.items():
            if (self.reason or "").startswith(prefix):
                return status
        return "unaccounted"


def _item(raw: object, where: str) -> Item:
    if not isinstance(raw, dict):
        raise InventoryError(f"{where}: an item must be a mapping, got {raw!r}")
    missing = [k for k in ("id", "location", "kind", "says") if not raw.get(k)]
    if missing:
        raise InventoryError(f"{where} ({raw.get('id', '?')}): missing {', '.join(missing)}")
    claims = raw.get("claims") or []
    if not isinstance(claims, list) or not all(isinstance(c, str) for c in claims):
        raise InventoryError(f"{where} ({raw['id']}): claims must be a list of claim IDs, got {claims!r}")
    return Item(str(raw["id"]), str(raw["location"]), str(raw["kind"]), str(raw["says"]), tuple(claims),
                raw.get("reason") or None)


def load_document(path: Path) -> tuple[str, list[Item]]:
    """One inventory file: its document's file name and its items."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InventoryError(f"{path.name}: cannot be read as YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("document"), str) or not isinstance(data.get("items"), list):
        raise InventoryError(f"{path.name}: expected a mapping with 'document' and a list of 'items'")
    return data["document"], [_item(raw, f"{path.name} item {n + 1}") for n, raw in enumerate(data["items"])]


def load_inventory(folder: Path = INVENTORY_DIR) -> dict[str, list[Item]]:
    """Every document's inventory, keyed by the document's file name."""
    return dict(load_document(path) for path in sorted(folder.glob("*.yaml")))


def inventory_problems(inventory: Mapping[str, list[Item]], claim_documents: Mapping[str, str]) -> list[str]:
    """What makes an inventory wrong: duplicate or malformed ids, unknown kinds, an item with neither
    a claim nor a reason (or a reason of neither form), a claim ID that is not registered or belongs
    to another document, and a result-level item (:data:`MUST_DECIDE`) marked "not a claim".
    ``claim_documents`` maps every registered claim ID to its document."""
    problems = []
    for document, items in inventory.items():
        ids = [i.id for i in items]
        problems += [f"{document}: item id {i} appears twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
        for item in items:
            where = f"{document} {item.id}"
            if item.kind not in KINDS:
                problems.append(f"{where}: kind {item.kind!r} is not one of {', '.join(KINDS)}")
            if item.status == "unaccounted":
                problems.append(f"{where}: neither a claim nor a reason starting 'not a claim:' or 'uncovered:'")
            if item.claims and item.reason:
                problems.append(f"{where}: has claims and a reason; a decided item needs no reason")
            if item.status == "not a claim" and item.kind in MUST_DECIDE:
                problems.append(f"{where}: a {item.kind} item cannot be 'not a claim'")
            for cid in item.claims:
                if cid not in claim_documents:
                    problems.append(f"{where}: claim {cid!r} is not registered")
                elif claim_documents[cid] != document:
                    problems.append(f"{where}: claim {cid!r} belongs to {claim_documents[cid]}")
    return problems


def counts(items: Iterable[Item]) -> dict[str, int]:
    """How many items, and how many decided, not a claim, uncovered."""
    items = list(items)
    return {"items": len(items), "decided": sum(i.status == "decided" for i in items),
            "not_a_claim": sum(i.status == "not a claim" for i in items),
            "uncovered": sum(i.status == "uncovered" for i in items)}


def coverage_map(inventory: Mapping[str, list[Item]], verdicts: Mapping[str, str]) -> dict[str, dict]:
    """Per document of the run: each item with the verdicts of its claims in this run (a claim the run
    did not check has none), and the counts. ``verdicts`` maps claim ID to verdict."""
    out = {}
    for document, items in inventory.items():
        out[document] = {
            "items": [{"id": i.id, "location": i.location, "kind": i.kind, "says": i.says, "claims": list(i.claims),
                       "verdicts": {c: verdicts[c] for c in i.claims if c in verdicts}, "reason": i.reason,
                       "status": i.status} for i in items],
            "counts": counts(items),
        }
    return out
