"""One test per registered claim: the computed verdict must equal the recorded one.

It lives in the package (``verify/test_claims.py`` re-exports it) so that ``lth-verify report``
runs from any install, editable or not.  A failure means a verdict flipped: either a bug to fix
or a finding to record in the claim's ``recorded=`` (never a threshold to loosen).
"""
import pytest

from lth_verify.pytest_plugin import assert_recorded_verdict
from theorems.registry import all_claims
from theorems.verdict import Kind

#: Training-based and Monte Carlo checks first: pytest-xdist hands tests out in this order,
#: so the long ones start at once and the quick ones fill the gaps (and the shared IMP
#: stages start early on every worker).
_FIRST = (Kind.EMPIRICAL, Kind.STATISTICAL)
CLAIMS = sorted(all_claims(), key=lambda c: _FIRST.index(c.kind) if c.kind in _FIRST else len(_FIRST))


@pytest.mark.claim
@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_verdict(claim, check_claim):
    assert_recorded_verdict(check_claim(claim))
