"""Every registered claim says what its verdict means: at least one mutant, a scope for empirical
claims, and for a refuted document claim its reading, charitable reading and severity (a typo
names a verified correction).  Registration rejects variants that change nothing the check asserts."""
import pytest

from theorems.registry import all_claims, claim, metadata_problems, mutant
from theorems.verdict import Kind, Severity, Source, Status, Verdict

CLAIMS = all_claims()
BY_ID = {c.id: c for c in CLAIMS}


@pytest.mark.parametrize("c", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_states_what_its_verdict_means(c):
    assert not metadata_problems(c), f"{c.id}: " + "; ".join(metadata_problems(c))


TYPOS = [c for c in CLAIMS if c.severity is Severity.TYPO]


@pytest.mark.parametrize("c", TYPOS, ids=[c.id for c in TYPOS])
def test_typo_names_a_verified_correction_beside_it(c):
    fix = BY_ID.get(c.correction)
    assert fix is not None, f"{c.id}: correction {c.correction!r} is not a registered claim"
    assert fix.family == c.family and fix.source.document == c.source.document
    assert all(s is Status.VERIFIED for s in fix.recorded.values()), f"{fix.id} must be recorded verified"


def _check(ctx, *, value=1):
    return Verdict.from_check(value == 1, checked=1, claimed=value, measured=1, counterexample=1)


@pytest.mark.parametrize(("kwargs", "needle"), [
    ({"mutants": [mutant("x", exponent=3)]}, "overrides ['exponent']"),
    ({"mutants": [mutant("nothing")]}, "overrides nothing"),
    ({"severity": "fatal"}, "'fatal' is not a valid Severity"),
    ({"scope": {"quick": "reduced"}}, "scope missing for profiles"),
])
def test_registration_rejects_bad_metadata_naming_it(kwargs, needle):
    with pytest.raises(ValueError, match=needle.replace("[", r"\[").replace("]", r"\]")):
        claim("meta.bad", title="t", source=Source("tickets-random-pruning-report.md", "§0"), kind=Kind.EXACT,
              statement="s", decision_rule="r", recorded="verified", registry={}, **kwargs)(_check)


def test_refuted_claim_without_charitable_reading_or_at_reduced_scope_is_flagged():
    reg = {}
    claim("meta.r", title="t", source=Source("tickets-random-pruning-report.md", "§0"), kind=Kind.EMPIRICAL,
          statement="s", decision_rule="r", recorded="refuted", scope="reduced",
          mutants=[mutant("v", value=2)], registry=reg)(_check)
    problems = " ".join(metadata_problems(reg["meta.r"]))
    assert "without a severity" in problems and "charitable reading" in problems
    assert "cannot refute the document" in problems
