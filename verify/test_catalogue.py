"""Every catalogue ID of an encoded family has at least one registered check, and statistical
checks are deterministic (fixed seeds: same numbers twice)."""
from pathlib import Path

import pytest

from theorems.catalogue import CATALOGUE, SHARED_CATALOGUE_PATH, catalogue_ids, coverage, shared_catalogue_ids
from theorems.context import CheckContext
from theorems.registry import all_claims, get_claim
from theorems.runner import result_record, run_check

ENCODED_FAMILIES = sorted({c.family for c in all_claims()})

#: Catalogue IDs of encoded families whose checks are still being built, with the issue
#: that tracks them.  The test fails if one of these gets a check (remove it here then)
#: or if any other ID lacks one.
PENDING: dict[str, str] = {}


@pytest.mark.parametrize("family", ENCODED_FAMILIES)
def test_every_catalogue_id_of_an_encoded_family_has_a_check(family):
    ids = [i for i in catalogue_ids() if i.startswith(family + ".")]
    assert ids, f"catalogue lists no {family}.* claims"
    missing = [row["id"] for row in coverage(all_claims(), ids) if not row["encoded_by"]]
    unexpected = [i for i in missing if i not in PENDING]
    assert not unexpected, f"catalogue IDs without a registered check: {unexpected}"
    done = [i for i in PENDING if i.startswith(family + ".") and i not in missing]
    assert not done, f"pending IDs now have checks; remove them from PENDING: {done}"


def test_catalogue_parser_reads_ids(tmp_path):
    sample = tmp_path / "claims.md"
    sample.write_text("| ID | source |\n|---|---|\n| tix.path-count | §3.1 |\n| rg.block-projection | §4.2 |\n")
    assert shared_catalogue_ids(sample) == ["tix.path-count", "rg.block-projection"]
    assert shared_catalogue_ids(tmp_path / "absent.md") == []


@pytest.mark.skipif(not SHARED_CATALOGUE_PATH.exists(), reason=f"upstream catalogue not found at {SHARED_CATALOGUE_PATH}")
def test_project_catalogue_matches_the_upstream_one():
    assert catalogue_ids() == shared_catalogue_ids(), "copy new IDs of ../shared/claims.md into theorems/catalogue.py"


def test_every_catalogue_entry_names_a_known_document_and_a_unique_id():
    from theorems.registry import DOCUMENTS

    assert len(set(catalogue_ids())) == len(CATALOGUE)
    assert all(entry.document in DOCUMENTS and entry.location for entry in CATALOGUE)


@pytest.mark.parametrize("claim_id", ["tix.slr-width.independence", "tix.path-count.expected-winning"])
def test_statistical_checks_are_reproducible(claim_id, tmp_path):
    claim = get_claim(claim_id)
    records = []
    for _ in range(2):
        ctx = CheckContext(claim.id, "quick", Path(tmp_path))
        verdict, _seconds = run_check(claim, ctx)
        record = result_record(claim, ctx, verdict, 0.0)
        records.append(record)
    assert records[0] == records[1]
