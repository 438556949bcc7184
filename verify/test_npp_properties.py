"""Property tests of the NPP/RSSP engines against brute force."""
import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from theorems.npp.moments import first_moment, second_moment
from theorems.npp.signings import (
    count_signings,
    count_signings_brute_force,
    exact_partition_probabilities,
    half_sums,
    min_discrepancies,
    min_discrepancy,
    subset_sum_witness,
)

items = st.lists(st.integers(-60, 60), min_size=0, max_size=12)


@given(x=items, target=st.integers(-80, 80))
def test_count_signings_matches_brute_force(x, target):
    x = np.array(x, dtype=np.int64)
    assert count_signings(x, target) == count_signings_brute_force(x, target)


@given(x=st.lists(st.integers(-60, 60), min_size=1, max_size=12), target=st.integers(-80, 80))
def test_min_discrepancy_matches_brute_force(x, target):
    x = np.array(x, dtype=np.int64)
    assert min_discrepancy(x, target) == int(np.abs(half_sums(x, -1, 1) - target).min())


@given(rows=st.integers(1, 5), n=st.integers(1, 10), seed=st.integers(0, 2**16))
def test_batched_discrepancies_equal_single(rows, n, seed):
    instances = np.random.default_rng(seed).integers(1, 1000, (rows, n))
    assert list(min_discrepancies(instances)) == [min_discrepancy(r) for r in instances]


@given(x=st.lists(st.integers(-40, 40), min_size=0, max_size=11), target=st.integers(-100, 100))
def test_subset_sum_witness_is_correct_and_complete(x, target):
    x = np.array(x, dtype=np.int64)
    witness = subset_sum_witness(x, target)
    exists = any(sum(c) == target for k in range(len(x) + 1) for c in itertools.combinations(x.tolist(), k))
    assert (witness is not None) == exists
    if witness is not None:
        assert len(set(witness.tolist())) == len(witness) and int(x[witness].sum()) == target


def test_engines_refuse_what_they_cannot_count_exactly():
    with pytest.raises(OverflowError, match="overflow"):
        count_signings(np.array([2**61, 2**61], dtype=np.int64), 0)
    with pytest.raises(ValueError, match="53 items"):
        count_signings(np.ones(53, dtype=np.int64), 0)
    with pytest.raises(TypeError, match="integer"):
        count_signings(np.array([0.5, 1.5]), 0)


@given(n=st.integers(1, 4), M=st.integers(1, 3), ell=st.integers(-6, 6))
def test_first_moment_matches_enumeration(n, M, ell):
    total = 0.0
    for X in itertools.product(range(1, M + 1), repeat=n):
        total += count_signings_brute_force(np.array(X), ell) / 2**n
    assert math.isclose(first_moment(n, M, [ell])[0], total / M**n, abs_tol=1e-12)


@given(n=st.integers(1, 3), M=st.integers(1, 3), ell=st.integers(-4, 4), ell2=st.integers(-4, 4))
def test_second_moment_matches_enumeration(n, M, ell, ell2):
    total = 0.0
    for X in itertools.product(range(1, M + 1), repeat=n):
        sums = half_sums(np.array(X), -1, 1)
        total += np.mean(sums == ell) * np.mean(sums == ell2)
    assert math.isclose(second_moment(n, M, [(ell, ell2)])[0], total / M**n, abs_tol=1e-12)


@given(x=st.lists(st.integers(-30, 30).filter(bool), min_size=1, max_size=10), target=st.integers(-150, 150))
def test_subset_sum_solutions_equal_signings_with_shifted_target(x, target):
    """Lemma 3: subsets summing to t correspond one to one to signings hitting Λ - 2t."""
    from theorems.npp.rssp_claims import count_subsets

    x = np.array(x, dtype=np.int64)
    assert count_subsets(x, target) == count_signings(x, int(x.sum()) - 2 * target)


@given(n=st.integers(1, 5), M=st.integers(1, 5))
def test_partition_probabilities_by_multisets_match_every_instance(n, M):
    instances = np.array(list(itertools.product(range(1, M + 1), repeat=n)), dtype=np.int64)
    sums = np.abs(half_sums(instances, -1, 1))
    expected = {"P(Z_n>0)": (sums <= 1).any(axis=1).mean(), "P(Z_n0>0)": (sums == 0).any(axis=1).mean(),
                "P(Z_n1>0)": (sums == 1).any(axis=1).mean(), "P(E_n)": (instances.sum(axis=1) % 2 == 0).mean()}
    got = exact_partition_probabilities(n, M)
    assert got.keys() == expected.keys()
    assert all(math.isclose(got[k], expected[k], abs_tol=1e-12) for k in expected)
