"""No check may pass, or refute a document, on no evidence.

The decision helpers refuse empty or degenerate evidence with :class:`EmptyEvidence`, and every non-empirical claim is
run with each of its measurements emptied (:func:`theorems.measure.emptied_measurements`): none may come out verified or
refuted.  Empirical claims are left out (their measurements train networks); claims that use no measurement cannot be
emptied this way and are printed as not covered.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from theorems.context import CheckContext
from theorems.measure import MEASUREMENTS, emptied, emptied_measurements, measurement
from theorems.registry import all_claims
from theorems.runner import run_check
from theorems.stats import combine_point_statuses, decide_above, decide_upper_bound, mean_interval, wilson_interval
from theorems.verdict import EmptyEvidence, Kind, Status, Verdict, count_checked


# --------------------------------------------------------------------------- the decision helpers

@pytest.mark.parametrize("checked", [0, [], (), {}, np.empty(0)])
def test_verdict_helpers_refuse_no_cases(checked):
    with pytest.raises(EmptyEvidence, match="no cases were examined"):
        Verdict.from_counterexamples([], checked=checked, claimed=1, measured=1)
    with pytest.raises(EmptyEvidence, match="no cases were examined"):
        Verdict.from_check(True, checked=checked, claimed=1, measured=1)


def test_verdict_helpers_need_a_count():
    with pytest.raises(TypeError):
        Verdict.from_check(True, claimed=1, measured=1)  # checked is required
    with pytest.raises(TypeError):
        Verdict.from_counterexamples([], checked=None, claimed=1, measured=1)
    with pytest.raises(TypeError):
        count_checked(True)
    assert Verdict.from_counterexamples([], checked=[1, 2], claimed=1, measured=1).status is Status.VERIFIED
    assert Verdict.from_counterexamples(["x"], checked=3, claimed=1, measured=1).status is Status.REFUTED
    assert count_checked(np.arange(4)) == 4


def test_stats_refuse_empty_and_degenerate_evidence():
    with pytest.raises(EmptyEvidence, match="0 trials"):
        wilson_interval(0, 0, 0.99)
    with pytest.raises(EmptyEvidence):
        decide_upper_bound(0, 0, 0.5, 0.99)
    with pytest.raises(EmptyEvidence):
        decide_upper_bound(3, 10, math.nan, 0.99)
    with pytest.raises(EmptyEvidence, match="point statuses is empty"):
        combine_point_statuses([])
    with pytest.raises(EmptyEvidence, match="NaN"):
        decide_above(math.nan, 1.0, 0.5)
    with pytest.raises(EmptyEvidence, match="NaN"):
        decide_above(0.1, 0.2, math.nan)
    with pytest.raises(EmptyEvidence, match="low 0.3 > high 0.2"):
        decide_above(0.3, 0.2, 0.5)
    for values in ([], [1.0]):
        with pytest.raises(EmptyEvidence, match="at least two values"):
            mean_interval(np.array(values))
    with pytest.raises(EmptyEvidence, match="NaN"):
        mean_interval(np.array([1.0, math.nan, 2.0]))
    # and they still decide on real evidence
    assert combine_point_statuses([Status.VERIFIED]) is Status.VERIFIED
    assert decide_above(0.6, 0.7, 0.5) is Status.VERIFIED


# --------------------------------------------------------------------------- emptying measurements

def test_emptied_keeps_shape_without_content():
    value = ([1, 2], {"a": [1], "b": 3.5}, np.ones((3, 2)), {1, 2}, 7)
    out = emptied(value)
    assert out == () and emptied(value, tuple[list, dict, np.ndarray, set, int])[1] == {"a": [], "b": 3.5}
    parts = emptied(value, tuple[list, dict, np.ndarray, set, int])
    assert parts[0] == [] and parts[2].shape == (0, 2) and parts[3] == set() and parts[4] == 7


def test_measurements_are_registered_and_emptied_only_inside_the_block(tmp_path):
    runs = []

    @measurement
    def probe(ctx, k) -> tuple[list, int]:
        runs.append(k)
        return [1, 2, 3], k

    assert probe in MEASUREMENTS
    ctx = CheckContext("meta.empty", "quick", tmp_path)
    with emptied_measurements() as calls:
        assert probe(ctx, 2) == ([], 2)  # an int leaf keeps its value, so the function ran
    assert calls and calls[0].endswith("probe")
    assert probe(ctx, 2) == ([1, 2, 3], 2)
    with emptied_measurements():
        assert probe(ctx, 2) == ([], 2)  # from the memo: no second run
    assert runs == [2, 2]


def _reaches_measurement(fn, depth: int = 3) -> bool:
    """Whether ``fn`` calls a registered measurement, directly or through module functions it names
    (followed ``depth`` levels deep): a static look at the code, so claims that use none are not run."""
    code = getattr(fn, "__code__", None)
    if code is None or depth < 0:
        return False
    names = set(code.co_names) | {n for const in code.co_consts if hasattr(const, "co_names") for n in const.co_names}
    for name in names:
        target = fn.__globals__.get(name)
        if target in MEASUREMENTS:
            return True
        if callable(target) and getattr(target, "__module__", None) == fn.__module__ and target is not fn:
            if _reaches_measurement(target, depth - 1):
                return True
    return False


NON_EMPIRICAL = [c for c in all_claims() if c.kind is not Kind.EMPIRICAL]
CLAIMS = [c for c in NON_EMPIRICAL if _reaches_measurement(c.check)]


def test_claims_that_use_no_measurement_are_named(capsys):
    not_covered = [c.id for c in NON_EMPIRICAL if c not in CLAIMS]
    with capsys.disabled():
        print(f"\n{len(CLAIMS)} non-empirical claims read a measurement and are run emptied; {len(not_covered)} use "
              f"none and are not covered: {', '.join(not_covered)}")
    assert CLAIMS


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy and scipy on empty arrays: expected here
@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_no_claim_decides_on_emptied_measurements(claim, tmp_path):
    """A claim with its measurements emptied comes out error, inconclusive, ill-posed or skipped, never
    verified or refuted (refuted on no evidence is as wrong as verified)."""
    with emptied_measurements() as calls:
        verdict, _ = run_check(claim, CheckContext(claim.id, "quick", tmp_path))
    assert calls, f"{claim.id} names a measurement but called none"
    assert verdict.status not in (Status.VERIFIED, Status.REFUTED), (
        f"{claim.id} decided {verdict.status.value} on emptied measurements ({sorted(set(calls))})")
