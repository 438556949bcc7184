"""One test per registered claim (the test itself is :mod:`lth_verify.claim_suite`, which the
``lth-verify report`` command runs directly): the computed verdict must equal the recorded one."""
from lth_verify.claim_suite import test_claim_verdict  # noqa: F401  (collected here by pytest)
