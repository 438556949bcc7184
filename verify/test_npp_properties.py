"""Property tests of the NPP/RSSP engines against brute force."""
import itertools
import math
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from theorems.npp import signings
from theorems.npp.moments import first_moment, second_moment
from theorems.npp.signings import (
    count_signings,
    count_signings_brute_force,
    count_signings_unsorted,
    exact_partition_probabilities,
    half_sums,
    min_discrepancies,
    min_discrepancy,
    sorted_signed_sums,
    subset_sum_witness,
)

items = st.lists(st.integers(-60, 60), min_size=0, max_size=12)


@given(x=items, target=st.integers(-80, 80))
def test_count_signings_matches_brute_force(x, target):
    x = np.array(x, dtype=np.int64)
    assert count_signings(x, target) == count_signings_brute_force(x, target)


@given(x=items, target=st.integers(-80, 80), chunk=st.integers(1, 9))
def test_sorted_search_engine_equals_old_engine_and_brute_force_in_any_batching(x, target, chunk):
    """The sorted-needle engine (in batches of ``chunk`` needles, so batch edges fall everywhere) against the
    first engine (unsorted needles) and against enumerating all 2^n signed sums."""
    x = np.array(x, dtype=np.int64)
    with mock.patch.object(signings, "_CHUNK", chunk):
        new = count_signings(x, target)
        closest = min_discrepancy(x, target)
    assert new == count_signings_unsorted(x, target) == count_signings_brute_force(x, target)
    assert closest == int(np.abs(half_sums(x, -1, 1) - target).min())


@given(rows=st.integers(1, 3), k=st.integers(0, 7), low=st.integers(-2, 1), seed=st.integers(0, 2**16))
def test_half_sums_bit_j_of_the_index_picks_high_for_item_j(rows, k, low, seed):
    x = np.random.default_rng(seed).integers(-50, 50, (rows, k))
    high = low + 2
    expected = [[sum((high if i >> j & 1 else low) * int(row[j]) for j in range(k)) for i in range(2**k)] for row in x]
    assert half_sums(x, low, high).tolist() == expected


@given(x=st.lists(st.integers(-2**40, 2**40), min_size=0, max_size=12))
def test_sorted_signed_sums_are_all_signed_sums_in_order(x):
    x = np.array(x, dtype=np.int64)
    got = sorted_signed_sums(x)
    assert np.all(np.diff(got) >= 0)
    assert sorted(got.tolist()) == sorted(sum(s * v for s, v in zip(signs, x.tolist())) for signs in itertools.product((-1, 1), repeat=len(x)))


@given(n=st.integers(30, 36), seed=st.integers(0, 2**16), target=st.integers(-3, 3))
@settings(max_examples=10, deadline=None)
def test_engines_agree_where_halves_span_many_batches(n, seed, target):
    """At n >= 34 a half has 2^17 or more sums, several default batches; small values make many ties."""
    x = np.random.default_rng(seed).integers(1, 40, n)
    assert count_signings(x, target) == count_signings_unsorted(x, target)


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


@given(rho=st.floats(1e-6, 1e6))
def test_leading_order_bracket_contains_the_poisson_law(rho):
    """The bracket of theorems.npp.boundary_claims (Cauchy-Schwarz and first-moment bounds per target at leading
    order) must contain the Poisson law of the finite-size claim for every ρ, and both ends must rise with ρ."""
    from theorems.npp.boundary_claims import leading_order_bracket
    from theorems.npp.claims import poisson_law

    low, high = leading_order_bracket(rho)
    assert 0 <= low <= poisson_law(rho) <= high <= 1
    assert leading_order_bracket(rho * 1.5)[0] >= low and leading_order_bracket(rho * 1.5)[1] >= high


def test_leading_order_bracket_ends():
    from theorems.npp.boundary_claims import leading_order_bracket

    assert leading_order_bracket(0.0) == (0.0, 0.0) and leading_order_bracket(math.inf) == (1.0, 1.0)


@given(n=st.integers(2, 6), M=st.integers(2, 6))
def test_exact_probability_lies_within_the_exact_per_target_bounds(n, M):
    """The bracket's construction at finite n, with exact moments: P(Z_n > 0) = P(Z_n0 > 0) + P(Z_n1 > 0) lies between
    Σ E[Z]²/E[Z²] (Cauchy-Schwarz per target) and Σ E[Z]/2 (Markov on the pairs σ, -σ)."""
    e0, e1 = first_moment(n, M, [0, 1])
    s00, s11, s1m1 = second_moment(n, M, [(0, 0), (1, 1), (1, -1)])
    z0, z0_sq = 2.0**n * e0, 4.0**n * s00  # Z_n0 = 2^n I_0
    z1, z1_sq = 2.0 ** (n + 1) * e1, 4.0**n * (2 * s11 + 2 * s1m1)  # Z_n1 = 2^n (I_1 + I_-1)
    exact = exact_partition_probabilities(n, M)["P(Z_n>0)"]
    lower = (z0**2 / z0_sq if z0_sq else 0.0) + (z1**2 / z1_sq if z1_sq else 0.0)
    assert lower - 1e-9 <= exact <= z0 / 2 + z1 / 2 + 1e-9


@given(rows=st.lists(st.lists(st.integers(1, 60), min_size=2, max_size=12), min_size=1, max_size=6))
def test_batched_perfect_partition_search_matches_the_per_row_engine(rows):
    """perfect_partitions_exist (all rows in one sorted search) says a row has a signing with |σ·X| <= 1
    exactly where min_discrepancy finds one, for every row length drawn."""
    for n in {len(r) for r in rows}:
        X = np.array([r for r in rows if len(r) == n])
        np.testing.assert_array_equal(signings.perfect_partitions_exist(X), signings.min_discrepancies(X) <= 1)
