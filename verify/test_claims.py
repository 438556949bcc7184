"""One test per registered claim: the computed verdict must equal the recorded one.

A failure here means a verdict flipped: either a bug to fix or a finding to record in
the claim's ``recorded=`` (never a threshold to loosen).
"""
import pytest

from lth_verify.pytest_plugin import assert_recorded_verdict
from theorems.registry import all_claims

CLAIMS = all_claims()


@pytest.mark.claim
@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_verdict(claim, check_claim):
    assert_recorded_verdict(check_claim(claim))
