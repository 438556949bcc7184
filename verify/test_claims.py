"""One test per registered claim: the computed verdict must equal the recorded one.

A failure here means a verdict flipped: either a bug to fix or a finding to record in
the claim's ``recorded=`` (never a threshold to loosen).
"""
import pytest

from theorems.registry import all_claims

CLAIMS = all_claims()


@pytest.mark.claim
@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_verdict(claim, check_claim):
    record = check_claim(claim)
    detail = record["notes"]
    if record["verdict"] == "error":
        detail += "\n" + record["evidence"].get("traceback", "")
    assert record["verdict"] == record["recorded_verdict"], (
        f"{claim.id}: computed verdict {record['verdict']!r}, recorded {record['recorded_verdict']!r} "
        f"(profile {record['profile']}).\n{detail}"
    )
