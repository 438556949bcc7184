"""The inventory of every source document: each item has a claim that decides it or a written
reason, every claim it names is registered under that document, result-level items are never
waved off as "not a claim", and no item is left uncovered."""
import pytest

from theorems.inventory import Item, MUST_DECIDE, coverage_map, inventory_problems, load_inventory
from theorems.registry import DOCUMENTS, all_claims

INVENTORY = load_inventory()
CLAIM_DOCUMENTS = {c.id: c.source.document for c in all_claims()}

def test_every_document_has_an_inventory():
    assert sorted(INVENTORY) == sorted(DOCUMENTS)


def test_every_item_is_accounted_for():
    problems = inventory_problems(INVENTORY, CLAIM_DOCUMENTS)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("document", sorted(INVENTORY))
def test_no_item_is_left_uncovered(document):
    """Every item is decided by a claim or carries its reason for needing none: an item marked "uncovered: ..."
    (a checkable statement no claim decides) fails, with the list."""
    uncovered = [i for i in INVENTORY[document] if i.status == "uncovered"]
    listing = "\n".join(f"{i.id} {i.location} [{i.kind}]: {i.reason}" for i in uncovered)
    assert not uncovered, f"{document}: {len(uncovered)} items no claim decides:\n{listing}"


def test_the_rules_catch_each_kind_of_gap():
    items = [Item("X-001", "§1", "theorem", "a result", (), "not a claim: a definition"),
             Item("X-002", "§2", "display", "a display", (), None),
             Item("X-002", "§3", "figure", "a figure", ("no.such.claim",), None),
             Item("X-004", "§4", "sonnet", "a poem", (), "uncovered: a check of metre")]
    problems = inventory_problems({"d.md": items}, {})
    for needle in ("X-001: a theorem item cannot be 'not a claim'", "X-002: neither a claim nor a reason",
                   "item id X-002 appears twice", "'no.such.claim' is not registered", "kind 'sonnet'"):
        assert any(needle in p for p in problems), needle
    assert set(MUST_DECIDE) <= {"headline", "theorem", "derivation"}


def test_the_coverage_map_carries_the_run_verdicts():
    items = [Item("X-001", "§1", "theorem", "t", ("a.one",), None), Item("X-002", "§2", "empirical", "e", (), "uncovered: x")]
    mapped = coverage_map({"d.md": items}, {"a.one": "refuted"})["d.md"]
    assert mapped["items"][0]["verdicts"] == {"a.one": "refuted"} and mapped["items"][1]["status"] == "uncovered"
    assert mapped["counts"] == {"items": 2, "decided": 1, "not_a_claim": 0, "uncovered": 1}
