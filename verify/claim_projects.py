"""A throwaway pytest project of a few claims, for the tests of the suite's own machinery
(pytester): the plugin loaded by a conftest, and a claims module whose registry ``REG`` is
turned into one verdict test per claim, as ``lth_verify.claim_suite`` does for the real registry."""
import textwrap

#: Appended to every claims module: one parametrised verdict test over its ``REG``.
VERDICT_TESTS = textwrap.dedent(
    '''
    @pytest.mark.parametrize("claim", list(REG.values()), ids=list(REG))
    def test_claim_verdict(claim, check_claim):
        assert_recorded_verdict(check_claim(claim))
    '''
)


def claim_project(pytester, name: str, claims_module: str):
    """``pytester`` holding a conftest that loads the plugin and ``<name>.py`` with ``claims_module``
    (which imports pytest and assert_recorded_verdict and fills ``REG``) and its verdict tests."""
    pytester.makeconftest('pytest_plugins = ["lth_verify.pytest_plugin"]')
    pytester.makepyfile(**{name: claims_module + VERDICT_TESTS})
    return pytester
